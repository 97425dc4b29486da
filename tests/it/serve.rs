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
    raw_request(addr, format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
}

/// Sends `head` as is and reads the whole response.
fn raw_request(addr: &str, head: &[u8]) -> (u16, String, Vec<u8>) {
    let target = String::from_utf8_lossy(&head[..head.len().min(60)]).into_owned();
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(head).unwrap();
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

/// The generation served and whether a rebuild is under way.
fn status(addr: &str) -> (u64, bool) {
    let v: serde_json::Value = serde_json::from_slice(&request(addr, "/__zaitaku/status").2).unwrap();
    (v["generation"].as_u64().unwrap(), v["busy"].as_bool().unwrap())
}

/// Waits for a generation after `after` whose rebuild is complete, search index and
/// PDFs included, and returns it.
fn settle(addr: &str, after: u64) -> u64 {
    let mut now = (0, true);
    wait_for("a complete rebuild", || {
        now = status(addr);
        now.0 > after && !now.1
    });
    now.0
}

/// Every file of a clean build of `root` is served, byte for byte (pages without the
/// live-reload snippet).
fn assert_served_equals_built(addr: &str, root: &std::path::Path) {
    let clean = build_ok(root);
    for (path, bytes) in &clean {
        let (status, _, body) = request(addr, &format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        let body = if path.ends_with(".html") { strip_injection(&body) } else { body };
        assert!(body == *bytes, "{path} differs from a clean build");
    }
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
    let before = status(&server.addr).0;
    std::fs::write(&tmp_file, original.replace("きた薬局", "きた薬局（保存）")).unwrap();
    std::fs::rename(&tmp_file, &record).unwrap();
    wait_for("the atomic save", || get_text(&server.addr, page).contains("きた薬局（保存）"));
    assert!(!get_text(&server.addr, page).contains("zaitaku-overlay"));

    // What is served, once the search index and PDFs have followed the pages, equals a
    // clean build of the same content, file for file.
    settle(&server.addr, before);
    assert_served_equals_built(&server.addr, tmp.path());
}

#[test]
fn a_fixed_leaflet_overflow_clears_its_error_and_serves_fresh_search_and_pdfs() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    let leaflets = tmp.path().join("content/leaflets");
    std::fs::create_dir_all(&leaflets).unwrap();
    std::fs::write(leaflets.join("guide.toml"), "title = \"案内\"\n[[sections]]\ntype = \"article\"\narticle = \"emergency\"\n").unwrap();
    let article = tmp.path().join("content/articles/emergency.md");
    let original = std::fs::read_to_string(&article).unwrap();
    let server = start_with(tmp.path(), &["--lang", "en"], Stdio::null());
    let page = "/beta/index.html";
    assert!(!get_text(&server.addr, page).contains("zaitaku-overlay"));

    // Too long for one page: only the second pass fails; its error is shown.
    let before = status(&server.addr).0;
    std::fs::write(&article, original.clone() + &"\n長い段落です。長い段落です。長い段落です。長い段落です。\n".repeat(400)).unwrap();
    settle(&server.addr, before);
    let broken = get_text(&server.addr, page);
    assert!(broken.contains("zaitaku-overlay") && broken.contains("leaflet guide"), "{broken}");

    // Fixed, with a word the search index must have.
    let before = status(&server.addr).0;
    std::fs::write(&article, original.replace("\n+++\n", "\n+++\n修正済みの本文。\n")).unwrap();
    settle(&server.addr, before);
    assert!(!get_text(&server.addr, page).contains("zaitaku-overlay"), "the old error is gone");
    assert!(get_text(&server.addr, "/beta/search-index.js").contains("修正"), "a fresh search index");
    assert_served_equals_built(&server.addr, tmp.path());
}

#[test]
fn a_cross_region_link_to_a_deleted_institution_is_checked_again() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    // Region beta links into region alpha; only alpha is edited.
    let record = tmp.path().join("content/regions/beta/institutions/minami-houkan.toml");
    let text = std::fs::read_to_string(&record).unwrap();
    let note = "note = \"薬は[きた薬局](@/regions/alpha/institutions/kita-pharmacy.toml)へ。\"\n";
    std::fs::write(&record, text.replace("verified = 2025-10-01\n", &format!("verified = 2025-10-01\n{note}"))).unwrap();
    let target = tmp.path().join("content/regions/alpha/institutions/kita-pharmacy.toml");
    let kept = std::fs::read(&target).unwrap();
    let server = start(tmp.path());
    let page = "/beta/institutions/minami-houkan.html";
    assert!(get_text(&server.addr, page).contains("../../alpha/institutions/kita-pharmacy.html"));

    let before = status(&server.addr).0;
    std::fs::remove_file(&target).unwrap();
    settle(&server.addr, before);
    let build = zaitaku::build(tmp.path(), today());
    let expected: Vec<String> = build.diagnostics.iter().filter(|d| d.severity == zaitaku::diagnostic::Severity::Error).map(|d| d.location()).collect();
    assert_eq!(expected, ["content/regions/beta/institutions/minami-houkan.toml:7:11"], "build reports the link");
    let shown = get_text(&server.addr, page);
    assert!(shown.contains("zaitaku-overlay") && shown.contains(&expected[0]), "serve reports it too: {shown}");

    let before = status(&server.addr).0;
    std::fs::write(&target, kept).unwrap();
    settle(&server.addr, before);
    assert!(!get_text(&server.addr, page).contains("zaitaku-overlay"));
    assert_served_equals_built(&server.addr, tmp.path());
}

#[test]
fn a_themes_folder_made_after_the_start_is_watched() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    assert!(!tmp.path().join("themes").exists());
    let server = start(tmp.path());
    let strings = tmp.path().join("themes/default/i18n/ja.toml");
    std::fs::create_dir_all(strings.parent().unwrap()).unwrap();
    std::fs::write(&strings, "skip_to_content = \"本文へ（一）\"\n").unwrap();
    wait_for("the new theme", || get_text(&server.addr, "/alpha/index.html").contains("本文へ（一）"));
    // A change inside the new folder is seen: it is watched now.
    let before = status(&server.addr).0;
    std::fs::write(&strings, "skip_to_content = \"本文へ（二）\"\n").unwrap();
    wait_for("the edit in the new theme", || get_text(&server.addr, "/alpha/index.html").contains("本文へ（二）"));
    settle(&server.addr, before);
    assert_served_equals_built(&server.addr, tmp.path());
}

#[test]
fn requests_for_other_hosts_and_oversized_requests_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    let server = start(tmp.path());
    let addr = server.addr.as_str();
    let port = addr.rsplit(':').next().unwrap();

    // DNS rebinding: a page on another name that resolves here gets nothing.
    for host in [format!("evil.example:{port}"), "127.0.0.1.nip.io".to_string(), "localhost.evil.example".to_string()] {
        for target in ["/alpha/index.html", "/__zaitaku/events?since=0", "/__zaitaku/status"] {
            let (status, _, body) = raw_request(addr, format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
            assert_eq!(status, 403, "{host} {target}");
            assert!(!String::from_utf8_lossy(&body).contains("アルファ"), "{host}");
        }
    }
    assert_eq!(raw_request(addr, b"GET /alpha/index.html HTTP/1.1\r\n\r\n").0, 403, "no Host at all");
    for host in [format!("localhost:{port}"), addr.to_string(), format!("[::1]:{port}")] {
        assert_eq!(raw_request(addr, format!("GET /alpha/index.html HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes()).0, 200, "{host}");
    }

    // Too long a line, too many headers.
    let long = format!("GET /{} HTTP/1.1\r\nHost: {addr}\r\n\r\n", "a".repeat(20_000));
    assert_eq!(raw_request(addr, long.as_bytes()).0, 414);
    let many = format!("GET / HTTP/1.1\r\nHost: {addr}\r\n{}\r\n", "X-Filler: 0123456789012345678901234567890123456789\r\n".repeat(500));
    assert_eq!(raw_request(addr, many.as_bytes()).0, 431);

    // An endless line does not grow the server's memory: it stops reading at the limit.
    let rss = || {
        let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
        status.lines().find_map(|l| l.strip_prefix("VmRSS:")).unwrap().trim().trim_end_matches(" kB").parse::<u64>().unwrap()
    };
    let before = rss();
    let mut s = TcpStream::connect(addr).unwrap();
    let mut writer = s.try_clone().unwrap();
    // Written on another thread while this one reads the answer as it comes.
    let sending = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1 << 20];
        let mut sent = 0usize;
        let _ = writer.write_all(b"GET /");
        while sent < 256 << 20 && writer.write_all(&chunk).is_ok() {
            sent += chunk.len();
        }
        sent
    });
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    let sent = sending.join().unwrap();
    assert!(sent < 256 << 20, "the server kept reading an endless line ({sent} bytes)");
    assert!(String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 414"), "{}", String::from_utf8_lossy(&reply));
    assert!(rss() < before + 16 * 1024, "memory grew from {before} kB to {} kB", rss());

    // A client that sends its head slowly is dropped (slowloris), within 10 s.
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").unwrap();
    let started = Instant::now();
    let closed = loop {
        std::thread::sleep(Duration::from_millis(500));
        if slow.write_all(b"a").is_err() {
            break true;
        }
        let mut probe = [0u8; 64];
        slow.set_read_timeout(Some(Duration::from_millis(1))).unwrap();
        if matches!(slow.read(&mut probe), Ok(0)) {
            break true;
        }
        if started.elapsed() > Duration::from_secs(20) {
            break false;
        }
    };
    assert!(closed, "a slow client was kept for 20 s");
    assert!(started.elapsed() < Duration::from_secs(15));
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
    events.write_all(format!("GET /__zaitaku/events?since={generation} HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).as_bytes()).unwrap();
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
