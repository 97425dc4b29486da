//! The print cache: a rebuild takes from the previous output every PDF whose inputs
//! (data, layout, font, engine) are unchanged, typesets the others, and never serves a
//! stale one. Through the CLI, reading its summary line (`PDFs: N typeset, M reused`),
//! and through the library for the inputs a CLI user cannot change (font, engine).

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{PdfFile, copy_tree, repo_root, zaitaku};

/// The example project in a temporary folder.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &dir.path().join("content"));
    std::fs::copy(repo_root().join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

/// Builds `project` into `out`; returns (typeset, reused).
fn build(project: &Path, out: &Path) -> (usize, usize) {
    let output = zaitaku().args(["build", project.to_str().unwrap(), "--out", out.to_str().unwrap()]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "build failed:\n{stderr}");
    let line = stderr.lines().find(|l| l.contains("typeset")).unwrap_or_else(|| panic!("no print summary:\n{stderr}"));
    let before = |word: &str| -> usize {
        let at = line.find(word).unwrap();
        line[..at].split_whitespace().last().unwrap().parse().unwrap_or_else(|_| panic!("{line}"))
    };
    (before("typeset"), before("reused"))
}

/// Every PDF under `out`, by path.
fn pdfs(out: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::common::snapshot(out).into_iter().filter(|(p, _)| p.ends_with(".pdf")).collect()
}

fn changed(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    a.keys().filter(|p| a.get(*p) != b.get(*p)).cloned().collect()
}

#[test]
fn a_rebuild_typesets_exactly_the_pdfs_whose_inputs_changed() {
    let dir = example();
    let (project, out) = (dir.path(), dir.path().join("public"));
    // Two regions, each with two leaflets and a guidebook.
    assert_eq!(build(project, &out), (6, 0), "the first build typesets everything");
    let first = pdfs(&out);
    assert_eq!(first.len(), 6);
    assert_eq!(build(project, &out), (0, 6), "nothing changed: everything reused");
    assert_eq!(pdfs(&out), first, "the same bytes");

    // Data: one institution of hokubu gets a new phone number.
    let file = project.join("content/regions/hokubu/institutions/clinic-sakura.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("phone = \"0980-00-1101\""));
    std::fs::write(&file, text.replace("phone = \"0980-00-1101\"", "phone = \"0980-00-1177\"")).unwrap();
    // It is in hokubu's guidebook and in the leaflet that lists acute-phase institutions;
    // the other leaflet does not show it, so its data, and its PDF, are unchanged.
    assert_eq!(build(project, &out), (2, 4), "hokubu's guidebook and one leaflet");
    let after_data = pdfs(&out);
    assert_eq!(changed(&first, &after_data), ["hokubu/guidebook.pdf", "hokubu/leaflets/zaitaku-guide.pdf"]);
    for path in ["hokubu/guidebook.pdf", "hokubu/leaflets/zaitaku-guide.pdf"] {
        if let Some(text) = PdfFile::new(&after_data[path]).text() {
            assert!(text.contains("0980-00-1177") && !text.contains("0980-00-1101"), "{path} is not stale");
        }
    }

    // Layout: the project overrides the guidebook layout (a comment is enough).
    let layout = project.join("themes/default/guidebook/guidebook.typ");
    std::fs::create_dir_all(layout.parent().unwrap()).unwrap();
    let built_in = std::fs::read_to_string(repo_root().join("themes/default/guidebook/guidebook.typ")).unwrap();
    std::fs::write(&layout, format!("{built_in}\n// the project's copy\n")).unwrap();
    assert_eq!(build(project, &out), (2, 4), "both guidebooks, no leaflet");
    // …and the leaflet layout, through a file beside it that it does not even use.
    std::fs::create_dir_all(project.join("themes/default/leaflet")).unwrap();
    std::fs::write(project.join("themes/default/leaflet/note.txt"), "a file of the leaflet folder").unwrap();
    assert_eq!(build(project, &out), (4, 2), "every leaflet, no guidebook");

    // A PDF changed in the output by hand is not the one made from its inputs.
    std::fs::write(out.join("osumi/guidebook.pdf"), b"%PDF-1.7 not what zaitaku wrote").unwrap();
    assert_eq!(build(project, &out), (1, 5));
    assert!(std::fs::read(out.join("osumi/guidebook.pdf")).unwrap().len() > 10_000);

    // Without the manifest, nothing can be trusted: everything is typeset.
    std::fs::remove_file(out.join(".zaitaku-print")).unwrap();
    assert_eq!(build(project, &out), (6, 0));
}

#[test]
fn another_engine_or_font_never_reuses_a_pdf() {
    use zaitaku::output::print_cache::{MemoryStore, Printed};
    use zaitaku::print::PrintEngine;

    let (project, d) = zaitaku::load::load(&repo_root());
    let project = project.unwrap_or_else(|| panic!("{:?}", d.into_sorted()));
    let region = &project.regions[0];
    let theme = zaitaku::theme::Theme::load(&project).unwrap_or_else(|e| panic!("{e:?}"));
    let layout = theme.guidebook_layout();
    let data = zaitaku::guidebook::guidebook_data(&project, region, theme.guidebook_words().clone());

    let engine = PrintEngine::new();
    let store = MemoryStore::default();
    let first = engine.render_guidebook(&data, layout, &store).unwrap();
    assert!(!first.reused);
    store.put(&Printed { path: "r/guidebook.pdf".into(), key: first.key, facts: first.facts(), reused: false }, &first.bytes);
    assert!(engine.render_guidebook(&data, layout, &store).unwrap().reused, "the same engine reuses it");

    // A new version of zaitaku or of any dependency.
    let next = PrintEngine::for_tests("the next version", zaitaku::print::engine::FONT);
    let again = next.render_guidebook(&data, layout, &store).unwrap();
    assert!(!again.reused && again.key != first.key, "a new engine typesets again");

    // Another font (here the same one with a byte appended: another file all the same).
    let mut font = zaitaku::print::engine::FONT.to_vec();
    font.push(0);
    let font: &'static [u8] = Box::leak(font.into_boxed_slice());
    let other = PrintEngine::for_tests("", font);
    let with_font = other.render_guidebook(&data, layout, &store).unwrap();
    assert!(!with_font.reused && with_font.key != first.key && with_font.key != again.key, "a new font typesets again");

    // And the data, of course.
    let mut changed = data.clone();
    changed.title.push('！');
    assert!(!engine.render_guidebook(&changed, layout, &store).unwrap().reused);
}
