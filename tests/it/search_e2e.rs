//! Search in a real browser: the built example opened from file:// in headless
//! Chromium, with `?q=` in the URL, and the rendered results read back from the DOM.
//!
//! Chromium is required under CI (`CI=true`): the test fails there if it is missing.


use crate::common::*;
use crate::corpus;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let candidates = [std::env::var("CHROMIUM").ok(), Some("chromium".into()), Some("chromium-browser".into())];
    candidates.into_iter().flatten().map(PathBuf::from).find(|c| {
        Command::new(c).arg("--version").output().map(|o| o.status.success()).unwrap_or(false)
    })
}

/// Chromium, or None to skip the test, which only happens outside CI: under CI a
/// missing browser fails the test.
pub(crate) fn chromium_or_skip() -> Option<PathBuf> {
    let browser = chromium();
    if browser.is_none() {
        assert!(!in_ci(), "chromium is required under CI (install Debian's chromium)");
        eprintln!("note: chromium not found; skipping the browser search test outside CI");
    }
    browser
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The DOM after the page's scripts ran, as Chromium serialises it.
pub fn dump_dom(browser: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[test]
fn search_finds_names_readings_services_and_articles_from_file_urls() {
    let Some(browser) = chromium_or_skip() else { return };
    // Built by the real binary into a sub-folder, as a user would publish it.
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("city/zaitaku");
    let status = zaitaku().arg("build").arg(repo_root()).arg("--out").arg(&out_dir).status().unwrap();
    assert!(status.success());

    let cases: &[(&str, &str, &str)] = &[
        ("kanji name", "中央病院", "institutions/midori-chuo-hospital.html"),
        ("hiragana reading", "ちゅうおうびょういん", "institutions/midori-chuo-hospital.html"),
        ("katakana", "ミドリヤッキョク", "institutions/midori-pharmacy.html"),
        ("half-width katakana", "ｸﾘﾆｯｸｻｸﾗ", "institutions/clinic-sakura.html"),
        ("full-width Latin", "Ｇｒｅｅｎ", "institutions/green-zaitaku.html"),
        ("service name", "訪問歯科", "institutions/umibe-dental.html"),
        ("article title", "人生会議", "articles/acp.html"),
    ];
    let threads: Vec<_> = cases
        .iter()
        .map(|&(what, q, expected)| {
            let url = format!("file://{}/hokubu/search.html?q={}", out_dir.display(), encode(q));
            let browser = browser.clone();
            let out_dir = out_dir.clone();
            std::thread::spawn(move || {
                let dom = scraper::Html::parse_document(&dump_dom(&browser, &url));
                let links = attrs(&dom, "#search-results a.search-result-title", "href");
                assert_eq!(links.first().map(String::as_str), Some(expected), "{what} ({q}): {links:?}");
                // Every result link resolves to a built page.
                for l in &links {
                    assert!(out_dir.join("hokubu").join(l).is_file(), "{l}");
                }
                assert!(!texts(&dom, "#search-status").join("").is_empty(), "{what}: status announced");
                let kinds = texts(&dom, "#search-results .search-result-kind");
                assert!(!kinds.is_empty(), "{what}: results show their kind");
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }

    // A name that belongs to the other region finds nothing here, and says so.
    let url = format!("file://{}/hokubu/search.html?q={}", out_dir.display(), encode("ひだまり保健所"));
    let dom = scraper::Html::parse_document(&dump_dom(&browser, &url));
    assert!(attrs(&dom, "#search-results a", "href").is_empty());
    let empty = dom.select(&sel("#search-empty")).next().unwrap();
    assert!(empty.value().attr("hidden").is_none(), "the no-result message is shown");
    assert!(texts(&dom, "#search-status").join("").contains("見つかりませんでした"));
    assert!(!attrs(&dom, "#search-empty a", "href").is_empty(), "it suggests the lists");
    // …while the same query finds it in its own region.
    let url = format!("file://{}/osumi/search.html?q={}", out_dir.display(), encode("ひだまり保健所"));
    let dom = scraper::Html::parse_document(&dump_dom(&browser, &url));
    assert_eq!(attrs(&dom, "#search-results a", "href").first().map(String::as_str), Some("institutions/hidamari-hokenjo.html"));
}

#[test]
fn every_page_has_a_plain_get_form_to_the_search_page() {
    let files = build_ok(&repo_root());
    for path in ["hokubu/index.html", "hokubu/institutions/clinic-sakura.html", "osumi/phases/acute.html"] {
        let doc = html(&files, path);
        let form = doc.select(&sel("form[role=search]")).next().unwrap_or_else(|| panic!("{path}: no search form"));
        assert_eq!(form.value().attr("method"), Some("get"));
        let action = form.value().attr("action").unwrap();
        assert_eq!(resolve(path, action), format!("{}/search.html", path.split('/').next().unwrap()));
        assert!(form.select(&sel("input[name=q]")).next().is_some());
    }
    // The index is a script file (works from file://), and nothing loads from elsewhere.
    let search = html(&files, "hokubu/search.html");
    assert_eq!(attrs(&search, "script[src]", "src"), vec!["assets/search.js", "search-index.js"]);
    let index = String::from_utf8_lossy(&files["hokubu/search-index.js"]);
    assert!(index.contains("\nwindow.ZAITAKU_SEARCH = JSON.parse(\""));
    // Internal values are not in the index (the leak test scans it too).
    assert!(!index.contains("内部担当"));
}

/// A query with more than 100 results shows 50, and a real `<button>` adds the next 50
/// (keyboard focus moves to the first new result) until all are shown:
/// `tests/search/more_button.mjs`, on a generated region of 200 institutions.
#[test]
fn many_results_are_shown_50_at_a_time_with_a_button_for_more() {
    let Some(browser) = chromium_or_skip() else { return };
    let playwright = repo_root().join("tests/a11y/node_modules/playwright-core");
    let node_ok = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !playwright.is_dir() || !node_ok {
        assert!(!in_ci(), "node and tests/a11y/node_modules are required under CI (`cd tests/a11y && npm ci --ignore-scripts`)");
        eprintln!("note: node or playwright-core (tests/a11y/node_modules) missing; skipping the paging test outside CI");
        return;
    }
    let project = tempfile::tempdir().unwrap();
    corpus::generate(project.path(), corpus::Size { regions: 1, institutions: 200, articles: 10 }, 1).unwrap();
    let out_dir = project.path().join("public");
    let status = zaitaku().arg("build").arg(project.path()).arg("--out").arg(&out_dir).status().unwrap();
    assert!(status.success());
    // playwright wants an absolute path.
    let browser = if browser.is_absolute() {
        browser
    } else {
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|dir| dir.join(&browser))
            .find(|p| p.is_file())
            .unwrap_or(browser)
    };
    let out = Command::new("node")
        .arg(repo_root().join("tests/search/more_button.mjs"))
        .arg(out_dir.join("r000/search.html"))
        .arg("看取り")
        .env("CHROMIUM", &browser)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "more_button.mjs failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
