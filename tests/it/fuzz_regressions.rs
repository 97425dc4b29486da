//! Inputs that once crashed (or nearly crashed) the parsers, replayed on every test
//! run. Each file is in the fuzz target's format: a kind byte, then the file's text;
//! each is also checked as Markdown (`zaitaku::fuzzing::check_markdown`).

use zaitaku::load::{FileKind, parse_text};

#[test]
fn recorded_fuzz_inputs_parse_without_panicking() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let kinds = [FileKind::Site, FileKind::Emergency, FileKind::Region, FileKind::Institution, FileKind::Article, FileKind::Leaflet, FileKind::Availability];
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let data = std::fs::read(entry.path()).unwrap();
        let Some((&first, rest)) = data.split_first() else { continue };
        let text = String::from_utf8_lossy(rest);
        // Every kind, not only the recorded one: a crash in one parser is worth a look in all.
        for kind in kinds {
            let _ = parse_text(kind, &text);
        }
        zaitaku::fuzzing::check_markdown(&text);
        let _ = first;
        count += 1;
    }
    assert!(count > 0, "no regression inputs in {}", dir.display());
}

#[test]
fn hostile_shapes_do_not_panic() {
    let deep = "a = ".to_string() + &"[".repeat(10_000) + &"]".repeat(10_000);
    let inputs = [
        "", "+++", "+++\n", "+++\n+++", "+++\r\n+++\r\n", "\u{feff}+++\ntitle=1\n+++", "[internal]\n", "[internal",
        "name = \"\u{0}\"", "verified = 0000-00-00", "verified = 9999-12-31", "phone = \"#\"", "phone = \"###7119\"",
        "location = { lat = nan, lon = inf }", "location = { lat = 1e400, lon = -0.0 }", "stale_after_days = 99999999999999999999",
        "order = -9223372036854775808", "[[sections]]\ntype = \"article\"\narticle = \"\"", "[[numbers]]\n[[numbers]]\n",
        &deep, "機関,サービス,空き,時点\n\"", "a,b\n,,,,\n", "institution,service,free,as_of\nx,short_stay,1,9999-99-99 99:99:99\n",
    ];
    for text in inputs {
        for kind in [FileKind::Site, FileKind::Emergency, FileKind::Region, FileKind::Institution, FileKind::Article, FileKind::Leaflet, FileKind::Availability] {
            let _ = parse_text(kind, text);
        }
        zaitaku::fuzzing::check_markdown(text);
    }
}
