//! `zaitaku serve --poll`: the polling watcher keeps the served-equals-built promise
//! for edits in nested folders, including the edits a poller that only compares
//! modification times would miss.

use crate::common::*;
use crate::serve::{get_text, request, start_with, strip_injection, wait_for};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, SystemTime};

/// The paths whose served bytes differ from a clean build of `project`.
fn differences_from_a_clean_build(addr: &str, project: &Path) -> Vec<String> {
    let clean = build_ok(project);
    clean
        .iter()
        .filter(|(path, bytes)| {
            let (status, _, body) = request(addr, &format!("/{path}"));
            let body = if path.ends_with(".html") { strip_injection(&body) } else { body };
            status != 200 || body != **bytes
        })
        .map(|(path, _)| path.clone())
        .collect()
}

fn set_modified(path: &Path, time: SystemTime) {
    std::fs::File::options().write(true).open(path).unwrap().set_modified(time).unwrap();
}

#[test]
fn polling_serves_what_build_writes_after_edits_in_nested_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    copy_tree(&fixture("minimal"), &project);
    let log = tmp.path().join("serve.log");
    let server = start_with(&project, &["--poll=200ms"], Stdio::from(std::fs::File::create(&log).unwrap()));
    let addr = server.addr.as_str();
    wait_for("the watcher's description", || std::fs::read_to_string(&log).unwrap().contains("polling every 200 ms"));
    assert!(!std::fs::read_to_string(&log).unwrap().contains("--poll"), "no advice to poll when polling");

    let page = "/alpha/institutions/kita-pharmacy.html";
    let record = project.join("content/regions/alpha/institutions/kita-pharmacy.toml");
    let original = std::fs::read_to_string(&record).unwrap();

    // An edit in a region's institution folder.
    std::fs::write(&record, original.replace("きた薬局", "きた中央薬局")).unwrap();
    wait_for("the edit", || get_text(addr, page).contains("きた中央薬局"));
    assert!(get_text(addr, "/alpha/institutions/index.html").contains("きた中央薬局"));

    // A second save with the same modification time: a poller of times alone misses it.
    let mtime = std::fs::metadata(&record).unwrap().modified().unwrap();
    std::fs::write(&record, original.replace("きた薬局", "きた東薬局")).unwrap();
    set_modified(&record, mtime);
    wait_for("a save within the same second", || get_text(addr, page).contains("きた東薬局"));

    // A file copied in with an older time, as Explorer's copy keeps the original's.
    std::fs::write(&record, original.replace("きた薬局", "きた西薬局")).unwrap();
    set_modified(&record, SystemTime::UNIX_EPOCH + Duration::from_secs(978_307_200)); // 2001-01-01
    wait_for("a file with an older time", || get_text(addr, page).contains("きた西薬局"));

    // A new institution, a removed one, and a region's own article.
    std::fs::write(
        record.with_file_name("higashi-clinic.toml"),
        original
            .replace("きた薬局", "ひがし診療所")
            .replace("\"pharmacy\"", "\"clinic\"")
            .replace("\"visiting_pharmacy\"", "\"house_call\""),
    )
    .unwrap();
    let removed = project.join("content/regions/beta/institutions/minami-houkan.toml");
    let nurse = std::fs::read_to_string(&removed).unwrap();
    std::fs::remove_file(&removed).unwrap();
    let article = project.join("content/regions/alpha/articles/local.md");
    std::fs::write(&article, std::fs::read_to_string(&article).unwrap().replace("地域の情報。", "地域の新しい情報。")).unwrap();
    wait_for("the new institution", || get_text(addr, "/alpha/institutions/higashi-clinic.html").contains("ひがし診療所"));
    wait_for("the removed institution", || request(addr, "/beta/institutions/minami-houkan.html").0 == 404);
    wait_for("the article", || get_text(addr, "/alpha/articles/local.html").contains("地域の新しい情報。"));

    // A new region: folders that did not exist when polling began.
    let gamma = project.join("content/regions/gamma");
    std::fs::create_dir_all(gamma.join("institutions")).unwrap();
    let beta = project.join("content/regions/beta");
    std::fs::write(
        gamma.join("region.toml"),
        std::fs::read_to_string(beta.join("region.toml")).unwrap().replace("ベータ", "ガンマ"),
    )
    .unwrap();
    std::fs::write(gamma.join("institutions/minami-houkan.toml"), nurse.replace("みなみ", "ガンマ")).unwrap();
    wait_for("the new region", || get_text(addr, "/gamma/institutions/minami-houkan.html").contains("ガンマ訪問看護"));

    // Search indexes and leaflets follow the pages; then everything equals a clean build.
    let mut diff = Vec::new();
    let settled = (0..50).any(|_| {
        diff = differences_from_a_clean_build(addr, &project);
        diff.is_empty() || {
            std::thread::sleep(Duration::from_millis(200));
            false
        }
    });
    assert!(settled, "served files differ from a clean build: {diff:?}");
    assert!(!get_text(addr, page).contains("zaitaku-overlay"));
}
