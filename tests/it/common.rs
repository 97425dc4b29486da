//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
pub use zaitaku::i18n::Lang;
use zaitaku::model::Date;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// A fixed "today" so stale-record warnings do not change with the calendar.
pub fn today() -> Date {
    "2025-12-20".parse().unwrap()
}

/// Builds a project in memory and returns its files by path; panics on errors.
pub fn build_ok(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let build = zaitaku::build(root, today());
    let errors: Vec<_> = build
        .diagnostics
        .iter()
        .filter(|d| d.severity == zaitaku::diagnostic::Severity::Error)
        .map(|d| d.render(Lang::En))
        .collect();
    assert!(errors.is_empty(), "unexpected errors:\n{}", errors.join("\n"));
    build.files.expect("files").into_iter().map(|f| (f.path, f.bytes)).collect()
}

pub fn html(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Html {
    let bytes = files.get(path).unwrap_or_else(|| panic!("no output file {path}"));
    Html::parse_document(std::str::from_utf8(bytes).expect("utf-8"))
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector)).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector)).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Resolves a relative URL against the output path of the page it is on.
pub fn resolve(page: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Fails if `text` (an output file, or diagnostics as printed) holds any of `secrets`,
/// or, for a phone number, its digits in another spelling.
pub fn assert_secrets_absent(what: &str, text: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!text.contains(s), "{what} contains internal value {s:?}:\n{text}");
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 10 {
            assert!(!text.contains(&digits), "{what} contains the digits of internal value {s:?}:\n{text}");
        }
    }
}

/// The zaitaku binary built for these tests. It speaks English whatever the locale of
/// the machine running the tests, unless a test passes `--lang ja`.
pub fn zaitaku() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_zaitaku"));
    cmd.env("ZAITAKU_TODAY", "2025-12-20").env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    cmd
}

/// Copies a directory tree (for tests that modify a project).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every file of a folder with its bytes, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}
