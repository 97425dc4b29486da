//! The command line as a user meets it: exit codes, what is written, and what is not.


use crate::common::*;

#[test]
fn new_creates_a_project_that_builds_into_public() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-site");
    let out = zaitaku().arg("new").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("site.toml").is_file());
    assert!(!dir.join("themes").exists(), "the built-in theme needs no copy");
    let out = zaitaku().arg("build").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("public/index.html").is_file());
    assert!(dir.join("public/hokubu/index.html").is_file());
    // new refuses to overwrite.
    let again = zaitaku().arg("new").arg(&dir).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2_and_help_explains_each_command() {
    let out = zaitaku().arg("bulid").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = zaitaku().args(["build", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--out") && help.contains("staging"), "{help}");
    let out = zaitaku().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["build", "check", "new"] {
        assert!(help.contains(cmd), "{help}");
    }
}

#[test]
fn check_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    let before = snapshot(tmp.path());
    let out = zaitaku().arg("check").arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    let out_dir = tmp.path().join("public");
    let ok = zaitaku().arg("build").arg(tmp.path()).output().unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let before = snapshot(&out_dir);
    assert!(before.len() > 20);

    // Break one record: the build must fail and touch nothing.
    let record = tmp.path().join("content/regions/alpha/institutions/kita-pharmacy.toml");
    std::fs::write(&record, "name = \"きた薬局\"\nkind = \"pharmacy\"\nphone = \"12\"\nverified = 2025-10-01\n").unwrap();
    let failed = zaitaku().arg("build").arg(tmp.path()).output().unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(snapshot(&out_dir), before);

    // A build killed while writing (the file-size limit sends SIGXFSZ on the first
    // file over 1 KiB) leaves the old output too, and the next build cleans up after it.
    std::fs::write(&record, "name = \"きた薬局（新）\"\nkind = \"pharmacy\"\nverified = 2025-10-01\n").unwrap();
    let killed = std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -f 1; exec \"$0\" build \"$1\"")
        .arg(env!("CARGO_BIN_EXE_zaitaku"))
        .arg(tmp.path())
        .env("ZAITAKU_TODAY", "2025-12-20")
        .output()
        .unwrap();
    assert_ne!(killed.status.code(), Some(0), "the size limit must stop the build");
    assert_eq!(snapshot(&out_dir), before);

    // The same limit with SIGXFSZ ignored makes writes fail with EFBIG, as a full disk
    // fails them with ENOSPC: an I/O error, reported, and the old site kept.
    let write_error = std::process::Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$0\" build \"$1\"")
        .arg(env!("CARGO_BIN_EXE_zaitaku"))
        .arg(tmp.path())
        .env("ZAITAKU_TODAY", "2025-12-20")
        .output()
        .unwrap();
    assert_eq!(write_error.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&write_error.stderr);
    assert!(stderr.contains("cannot write") && stderr.contains("previous output was left untouched"), "{stderr}");
    assert_eq!(snapshot(&out_dir), before);

    // Fixed: the new build replaces the old output whole.
    let fixed = zaitaku().arg("build").arg(tmp.path()).output().unwrap();
    assert_eq!(fixed.status.code(), Some(0));
    let after = snapshot(&out_dir);
    assert_ne!(after, before);
    let page = String::from_utf8(after["alpha/institutions/kita-pharmacy.html"].clone()).unwrap();
    assert!(page.contains("きた薬局（新）"));
    // No staging or old folders are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_make() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    let precious = tmp.path().join("documents");
    std::fs::create_dir_all(&precious).unwrap();
    std::fs::write(precious.join("letter.txt"), "大事な文書").unwrap();
    let out = zaitaku().arg("build").arg(tmp.path()).arg("--out").arg(&precious).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not made by zaitaku"));
    assert_eq!(std::fs::read_to_string(precious.join("letter.txt")).unwrap(), "大事な文書");
}

#[test]
fn strict_turns_warnings_into_a_failure() {
    let out = zaitaku().args(["check", "--strict"]).arg(fixture("bad/warnings")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = zaitaku().args(["check"]).arg(fixture("bad/warnings")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_build_failing_while_rendering_leaves_the_previous_output_too() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    assert_eq!(zaitaku().arg("build").arg(tmp.path()).output().unwrap().status.code(), Some(0));
    let out_dir = tmp.path().join("public");
    let before = snapshot(&out_dir);
    // Content is valid; a theme template is not: the failure happens at render time.
    let templates = tmp.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("institution.html"), "{% extends \"base.html\" %}{% block main %}{{ institution.no_such_field }}{% endblock %}").unwrap();
    let failed = zaitaku().arg("build").arg(tmp.path()).output().unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("themes/default/templates/institution.html"), "{stderr}");
    assert_eq!(snapshot(&out_dir), before);
}
