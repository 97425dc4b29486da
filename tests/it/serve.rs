//! `zaitaku serve` as a user meets it: start it, edit, break, fix, and compare what it
//! serves with a clean build.


use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(project: &std::path::Path) -> Server {
    start_with(project, &[], Stdio::null())
}

/// Starts `serve` with more arguments, its terminal output going to `stderr`.
pub(crate) fn start_with(project: &std::path::Path, args: &[&str], stderr: Stdio) -> Server {
    let mut child = zaitaku()
        .args(["serve", "--port", "0"])
        .args(args)
        .arg(project)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    // Keep reading, as a terminal would.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let url = line.split_whitespace().last().unwrap().trim_end_matches('/').to_string();
    let addr = url.trim_start_matches("http://").to_string();
    Server { child, addr }
}

/// A raw HTTP/1.1 request, so that no client library normalises the path for us.
pub(crate) fn request(addr: &str, target: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap_or_else(|e| panic!("{target}: {e}"));
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

pub(crate) fn get_text(addr: &str, target: &str) -> String {
    String::from_utf8(request(addr, target).2).unwrap()
}

pub(crate) fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Served HTML minus the live-reload snippet (and overlay) that serve injects.
pub(crate) fn strip_injection(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    match (text.find("<div id=\"zaitaku-overlay\"").or_else(|| text.find("<script src=\"/__zaitaku/live.js\"")), text.rfind("</body>")) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &text[..a], &text[b..]).into_bytes(),
        _ => body.to_vec(),
    }
}

#[test]
fn the_overlay_shows_what_the_terminal_shows_with_the_source_line_in_the_chosen_language() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    let record = tmp.path().join("content/regions/alpha/institutions/kita-pharmacy.toml");
    let original = std::fs::read_to_string(&record).unwrap();
    std::fs::write(&record, original.replace("phone = \"0980-00-0002\"", "phone = \"0980-00-00\"")).unwrap();
    for (lang, severity, title, help) in [
        ("ja", "エラー:", "サイトを作れませんでした", "ヒント: 例: 0980-52-0001"),
        ("en", "error:", "The build failed", "help: examples: 0980-52-0001"),
    ] {
        let server = start_with(tmp.path(), &["--lang", lang], Stdio::null());
        let page = get_text(&server.addr, "/alpha/index.html");
        let doc = scraper::Html::parse_document(&page);
        let overlay = doc.select(&sel("#zaitaku-overlay")).next().unwrap_or_else(|| panic!("{lang}: no overlay: {page}"));
        assert_eq!(overlay.value().attr("lang"), Some(lang));
        let text: String = overlay.text().collect();
        assert!(text.contains(title), "{lang}: {text}");
        let shown: String = doc.select(&sel("pre.zaitaku-diagnostic")).next().unwrap().text().collect();
        // The terminal's block: message, position, the line with a caret under the value, help.
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[0].starts_with(severity), "{lang}: {shown}");
        assert!(lines.contains(&" --> content/regions/alpha/institutions/kita-pharmacy.toml:6:9"), "{lang}: {shown}");
        assert!(lines.contains(&"6 | phone = \"0980-00-00\""), "{lang}: {shown}");
        assert!(lines.contains(&"  |         ^^^^^^^^^^^^"), "{lang}: {shown}");
        assert!(shown.contains(help), "{lang}: {shown}");
    }
}

#[test]
fn edits_show_up_errors_overlay_the_last_good_page_and_fixes_recover() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    let server = start(tmp.path());
    assert!(server.addr.starts_with("127.0.0.1:"), "must listen on loopback only: {}", server.addr);

    let page = "/alpha/institutions/kita-pharmacy.html";
    let body = get_text(&server.addr, page);
    assert!(body.contains("きた薬局") && body.contains("/__zaitaku/live.js"));
    assert!(!body.contains("zaitaku-overlay"));

    let record = tmp.path().join("content/regions/alpha/institutions/kita-pharmacy.toml");
    let original = std::fs::read_to_string(&record).unwrap();
    std::fs::write(&record, original.replace("きた薬局", "きた中央薬局")).unwrap();
    wait_for("the edit", || get_text(&server.addr, page).contains("きた中央薬局"));
    // The region's list changed too; the other region was not affected.
    assert!(get_text(&server.addr, "/alpha/institutions/index.html").contains("きた中央薬局"));

    // Break it: the last good page stays, with the diagnostics over it.
    std::fs::write(&record, original.replace("phone = \"0980-00-0002\"", "phone = \"0980-00-00\"")).unwrap();
    wait_for("the overlay", || get_text(&server.addr, page).contains("zaitaku-overlay"));
    let broken = get_text(&server.addr, page);
    assert!(broken.contains("きた中央薬局"), "the last good build is still served");
    assert!(broken.contains("content/regions/alpha/institutions/kita-pharmacy.toml:6:9"), "{broken}");
    assert!(get_text(&server.addr, "/beta/index.html").contains("zaitaku-overlay"), "every page shows it");

    // Fix it: the overlay goes and the fixed content is served.
    std::fs::write(&record, &original).unwrap();
    wait_for("recovery", || {
        let b = get_text(&server.addr, page);
        !b.contains("zaitaku-overlay") && b.contains("きた薬局") && !b.contains("きた中央薬局")
    });

    // An editor's swap file is ignored, and an atomic save (write + rename) is seen.
    std::fs::write(record.with_file_name(".kita-pharmacy.toml.swp"), "garbage").unwrap();
    let tmp_file = record.with_file_name("kita-pharmacy.toml.tmp");
    std::fs::write(&tmp_file, original.replace("きた薬局", "きた薬局（保存）")).unwrap();
    std::fs::rename(&tmp_file, &record).unwrap();
    wait_for("the atomic save", || get_text(&server.addr, page).contains("きた薬局（保存）"));
    assert!(!get_text(&server.addr, page).contains("zaitaku-overlay"));

    // What is served equals a clean build of the same content, file for file, once the
    // second pass (search index, PDFs, and the pages that name the guidebook's page
    // count and size) has followed the first.
    let clean = build_ok(tmp.path());
    let same = || {
        clean.iter().all(|(path, bytes)| {
            let (_, _, body) = request(&server.addr, &format!("/{path}"));
            (if path.ends_with(".html") { strip_injection(&body) } else { body }) == *bytes
        })
    };
    let start = Instant::now();
    while !same() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    for (path, bytes) in &clean {
        let (status, _, body) = request(&server.addr, &format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        let body = if path.ends_with(".html") { strip_injection(&body) } else { body };
        assert!(body == *bytes, "{path} differs from a clean build");
    }
}

#[test]
fn serves_only_files_of_the_build_with_types_and_a_404_page() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    std::fs::write(tmp.path().join("secret.txt"), "do not serve").unwrap();
    let server = start(tmp.path());
    for target in [
        "/../site.toml",
        "/alpha/../../site.toml",
        "/%2e%2e/site.toml",
        "/alpha/%2E%2E/%2E%2E/secret.txt",
        "/..%2f..%2fsecret.txt",
        "/alpha/..%5c..%5csecret.txt",
    ] {
        let (status, _, body) = request(&server.addr, target);
        assert!(status == 400 || status == 404, "{target}: {status}");
        assert!(!String::from_utf8_lossy(&body).contains("do not serve"), "{target}");
    }
    assert_eq!(request(&server.addr, "/secret.txt").0, 404);
    assert_eq!(request(&server.addr, "/site.toml").0, 404);

    let (status, head, _) = request(&server.addr, "/alpha/assets/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/css"), "{head}");
    let (status, head, _) = request(&server.addr, "/alpha/sitemap.xml");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/xml; charset=utf-8"), "{head}");
    let (status, head, _) = request(&server.addr, "/alpha");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /alpha/"), "{head}");
    assert_eq!(request(&server.addr, "/alpha/").0, 200);
    let (status, _, body) = request(&server.addr, "/alpha/no-such-page.html");
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("ページが見つかりません"));
}

#[test]
fn the_event_stream_tells_open_pages_to_reload_after_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    let server = start(tmp.path());
    let page = get_text(&server.addr, "/alpha/index.html");
    let generation: u64 = page
        .split("data-generation=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .expect("served pages carry their generation");

    let mut events = TcpStream::connect(&server.addr).unwrap();
    events.write_all(format!("GET /__zaitaku/events?since={generation} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes()).unwrap();
    events.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(events);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        head.push_str(&line);
    }
    assert!(head.contains("text/event-stream"), "{head}");

    std::fs::write(
        tmp.path().join("content/articles/emergency.md"),
        "+++\ntitle = \"変更後\"\ntopic = \"emergency\"\nupdated = 2025-10-01\n+++\n本文\n",
    )
    .unwrap();
    let mut seen = String::new();
    while !seen.contains("data: reload") {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
    }
    assert!(seen.contains("data: reload"), "{seen}");
    // Pages are never given the snippet by `build`.
    let built = build_ok(tmp.path());
    assert!(built.values().all(|b| !String::from_utf8_lossy(b).contains("__zaitaku")));
}
