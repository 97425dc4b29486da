//! Bad input: each project under tests/fixtures/bad/ must give exactly the diagnostics
//! in its expected.txt (severity, file:line:column, message, help) and never panic.
//!
//! To add a case, create the folder and run with ZAITAKU_BLESS=1 once, then read the
//! written expected.txt line by line before committing it.

mod common;

use common::*;

fn format(d: &zaitaku::diagnostic::Diagnostic) -> String {
    let severity = match d.severity {
        zaitaku::diagnostic::Severity::Error => "error",
        zaitaku::diagnostic::Severity::Warning => "warning",
    };
    let help = d.help.as_deref().map(|h| format!(" | help: {h}")).unwrap_or_default();
    format!("{severity} {}: {}{help}", d.location(), d.message)
}

#[test]
fn every_bad_input_case_gives_exactly_its_expected_diagnostics() {
    let dir = fixture("bad");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 15, "only {} cases", cases.len());
    let bless = std::env::var_os("ZAITAKU_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let build = zaitaku::build(case, today());
        let actual: Vec<String> = build.diagnostics.iter().map(format).collect();
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, actual.join("\n") + "\n").unwrap();
            continue;
        }
        let expected: Vec<String> = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} has no expected.txt", case.display()))
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if actual != expected {
            failures.push(format!("{}:\n  expected:\n    {}\n  actual:\n    {}", case.display(), expected.join("\n    "), actual.join("\n    ")));
        }
        let has_error = expected.iter().any(|l| l.starts_with("error"));
        assert_eq!(build.files.is_none(), has_error, "{}: files must be withheld exactly when there are errors", case.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_cli_prints_file_line_and_column_and_exits_1() {
    let out = zaitaku().arg("check").arg(fixture("bad/unknown-key")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--> content/regions/r/institutions/c.toml:2:1"), "{stderr}");
    assert!(stderr.contains("help: did you mean `kind`?"), "{stderr}");
    assert!(stderr.contains("2 | knd = \"clinic\""), "{stderr}");
}

#[test]
fn internal_values_never_appear_in_diagnostics() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("bad/unknown-key"), tmp.path());
    // A TOML error inside [internal] must be reported without echoing the line.
    std::fs::write(
        tmp.path().join("content/regions/r/institutions/c.toml"),
        "name = \"クリニック\"\nkind = \"clinic\"\nroles = [\"coordination_hub\"]\nverified = 2025-10-01\n\n[internal]\ndirect_line = \"090-7777-8888\nbroken = 1\n",
    )
    .unwrap();
    let out = zaitaku().arg("check").arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(all.contains("c.toml:7:"), "{all}");
    assert!(!all.contains("7777"), "internal value leaked into diagnostics:\n{all}");
}
