//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

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

// ---------------------------------------------------------------- PDFs, read with poppler

/// Runs a poppler tool; `None` when poppler-utils is not installed (allowed only
/// outside CI).
pub fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(out) => {
            assert!(out.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{tool} is needed under CI (install poppler-utils): {e}");
            }
            eprintln!("skipping PDF checks: {tool} not available ({e})");
            None
        }
    }
}

pub struct PdfFile {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl PdfFile {
    pub fn new(bytes: &[u8]) -> PdfFile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file.pdf");
        std::fs::write(&path, bytes).unwrap();
        PdfFile { _dir: dir, path }
    }

    pub fn arg(&self) -> &str {
        self.path.to_str().unwrap()
    }

    pub fn info(&self) -> Option<String> {
        poppler("pdfinfo", &[self.arg()])
    }

    /// The text in content order (`-raw`: the order typst lays it out, which keeps a
    /// two-column row's cells apart), with all whitespace removed: lines break
    /// anywhere in Japanese.
    pub fn text(&self) -> Option<String> {
        poppler("pdftotext", &["-raw", "-enc", "UTF-8", self.arg(), "-"]).map(|t| squash(&t))
    }
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}


impl PdfFile {
    /// Each page's text (squashed as [`PdfFile::text`]); pdftotext ends every page
    /// with a form feed.
    pub fn page_texts(&self) -> Option<Vec<String>> {
        let raw = poppler("pdftotext", &["-raw", "-enc", "UTF-8", self.arg(), "-"])?;
        let mut pages: Vec<String> = raw.split('\x0c').map(squash).collect();
        if pages.last().is_some_and(|p| p.is_empty()) {
            pages.pop();
        }
        Some(pages)
    }

    /// The page count pdfinfo reports.
    pub fn pages(&self) -> Option<usize> {
        let info = self.info()?;
        let line = info.lines().find(|l| l.starts_with("Pages:")).expect("a page count");
        Some(line.split_whitespace().nth(1).unwrap().parse().unwrap())
    }

    /// Panics unless every font is embedded, subset and has a ToUnicode map, and only
    /// the embedded IPAex Gothic is used.
    pub fn assert_fonts_embedded(&self, at: &str) {
        let Some(fonts) = poppler("pdffonts", &[self.arg()]) else { return };
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{at}: no fonts?\n{fonts}");
        for row in rows {
            assert!(row.contains("IPAexGothic"), "{at}: only the embedded font is used\n{fonts}");
            // name type encoding emb sub uni object ID
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{at}: embedded, subset, with ToUnicode\n{fonts}");
        }
    }

    /// Every word with its page and box, in content order (`pdftotext -bbox`).
    pub fn words(&self) -> Option<Vec<Word>> {
        let xhtml = poppler("pdftotext", &["-bbox", "-enc", "UTF-8", self.arg(), "-"])?;
        let mut out = Vec::new();
        let mut page = 0;
        for line in xhtml.lines() {
            let line = line.trim();
            if line.starts_with("<page ") {
                page += 1;
            } else if let Some(rest) = line.strip_prefix("<word ") {
                let num = |name: &str| -> f64 {
                    let at = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                    rest[at..].split('"').next().unwrap().parse().unwrap()
                };
                let text = rest.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("");
                let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
                out.push(Word { page, text, x0: num("xMin"), y0: num("yMin"), x1: num("xMax"), y1: num("yMax") });
            }
        }
        Some(out)
    }
}

/// A word of a PDF page: its text and box in points, y growing downwards.
#[derive(Debug, Clone)]
pub struct Word {
    /// 1-based.
    pub page: usize,
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Word {
    /// The box's height: for IPAex Gothic (1 em from descender to ascender), the type size.
    pub fn size(&self) -> f64 {
        self.y1 - self.y0
    }
}
