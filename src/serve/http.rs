//! A small HTTP/1.1 server for the dev site: GET and HEAD of in-memory files, a
//! Server-Sent Events stream for live reload, and nothing else.
//!
//! Files are looked up in the built site's map, never on disk, so no request path can
//! reach outside the build whatever it contains.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use super::site::LiveSite;
use crate::i18n::Lang;
use crate::text::escape::markup;

pub const PREFIX: &str = "/__zaitaku/";

/// Shared between the watcher and the connection threads.
pub struct Shared {
    pub site: RwLock<LiveSite>,
    /// Rebuild generation, with a condition variable that wakes event streams.
    pub generation: Mutex<u64>,
    pub changed: Condvar,
    /// The language the error overlay speaks, chosen once when serve starts.
    pub lang: Lang,
}

// Styles are set from script because pages carry a Content-Security-Policy that
// forbids inline style attributes; the overlay is only ever served, never built.
const LIVE_JS: &str = r##"(function () {
  var overlay = document.getElementById("zaitaku-overlay");
  if (overlay) {
    var s = overlay.style;
    s.position = "fixed"; s.top = s.left = s.right = s.bottom = "0"; s.zIndex = "99999"; s.overflow = "auto";
    s.background = "rgba(20,20,20,.96)"; s.color = "#fff"; s.font = "16px/1.6 monospace"; s.padding = "1.5rem";
    var title = overlay.querySelector("p");
    if (title) { title.style.fontSize = "1.2rem"; title.style.fontWeight = "bold"; title.style.color = "#ffb4a8"; }
    var pres = overlay.querySelectorAll("pre");
    for (var i = 0; i < pres.length; i++) {
      pres[i].style.whiteSpace = "pre-wrap"; pres[i].style.borderTop = "1px solid #888"; pres[i].style.paddingTop = ".5rem";
    }
  }
  var me = document.currentScript;
  var since = me ? me.getAttribute("data-generation") : "0";
  var es = new EventSource("/__zaitaku/events?since=" + since);
  es.onmessage = function (e) { if (e.data === "reload") { es.close(); location.reload(); } };
})();
"##;

struct Request {
    method: String,
    target: String,
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    // Drain the headers; a GET carries nothing else we need.
    let mut header = String::new();
    for _ in 0..100 {
        header.clear();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    Some(Request { method, target })
}

/// The media type of a site file, by its extension; every text file the site has is
/// UTF-8, and says so.
fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.type_() == mime_guess::mime::TEXT { format!("{mime}; charset=utf-8") } else { mime.to_string() }
}

/// Maps a request target to a site path, refusing anything that is not a plain path
/// inside the site (`..`, `.`, backslashes, NUL, encoded forms of those).
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next()?;
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    let rel = decoded.strip_prefix('/')?;
    let segments: Vec<&str> = rel.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if (seg.is_empty() && !last) || *seg == "." || *seg == ".." || seg.contains(['\\', '\0']) {
            return None;
        }
    }
    Some(if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() })
}

fn respond(stream: &mut TcpStream, status: &str, ctype: &str, body: &[u8], head_only: bool, extra: &str) {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

/// The live-reload script tag and, when the last rebuild failed, the error overlay: each
/// error as the terminal shows it, source line and caret included, in `lang`.
fn injection(site: &LiveSite, lang: Lang) -> String {
    let mut html = String::new();
    let errors: Vec<_> = site.errors().collect();
    if !errors.is_empty() {
        html.push_str(&format!(
            "<div id=\"zaitaku-overlay\" role=\"alert\" lang=\"{}\"><p>{}</p>",
            lang.code(),
            markup(&lang.say("serve-overlay-title"))
        ));
        for d in &errors {
            html.push_str(&format!("<pre class=\"zaitaku-diagnostic\">{}</pre>", markup(d.render(lang).trim_end())));
        }
        html.push_str("</div>");
    }
    html.push_str(&format!("<script src=\"{PREFIX}live.js\" data-generation=\"{}\"></script>", site.generation));
    html
}

/// Puts the live-reload script (and overlay) before `</body>`, only in served pages.
fn inject(page: &[u8], site: &LiveSite, lang: Lang) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let snippet = injection(site, lang);
    match text.rfind("</body>") {
        Some(i) => format!("{}{snippet}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{snippet}").into_bytes(),
    }
}

pub fn handle(mut stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(req) = read_request(&stream) else { return };
    let head_only = req.method == "HEAD";
    if req.method != "GET" && !head_only {
        respond(&mut stream, "405 Method Not Allowed", "text/plain", b"method not allowed\n", false, "Allow: GET, HEAD\r\n");
        return;
    }
    if let Some(rest) = req.target.strip_prefix(PREFIX) {
        let (name, query) = rest.split_once('?').unwrap_or((rest, ""));
        match name {
            "live.js" => respond(&mut stream, "200 OK", &content_type("x.js"), LIVE_JS.as_bytes(), head_only, ""),
            "events" => {
                let since = query.strip_prefix("since=").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0);
                events(stream, &shared, since);
            }
            _ => respond(&mut stream, "404 Not Found", "text/plain", b"not found\n", head_only, ""),
        }
        return;
    }
    let Some(path) = site_path(&req.target) else {
        respond(&mut stream, "400 Bad Request", "text/plain; charset=utf-8", b"bad path\n", head_only, "");
        return;
    };
    let site = match shared.site.read() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(bytes) = site.file(&path) {
        let body = if path.ends_with(".html") { inject(&bytes, &site, shared.lang) } else { bytes.to_vec() };
        respond(&mut stream, "200 OK", &content_type(&path), &body, head_only, "");
    } else if site.has_file(&format!("{path}/index.html")) {
        let location = format!("Location: {}/\r\n", req.target.split('?').next().unwrap_or("/"));
        respond(&mut stream, "301 Moved Permanently", "text/plain", b"", head_only, &location);
    } else {
        // The region's own 404 page when the path is inside a region, else the portal's.
        let region_404 = path.split_once('/').map(|(r, _)| format!("{r}/404.html"));
        let page = region_404.and_then(|p| site.file(&p)).or_else(|| site.file("404.html"));
        let body = match page {
            Some(bytes) => inject(&bytes, &site, shared.lang),
            None => inject(b"<!DOCTYPE html><html lang=\"ja\"><body><h1>Not Found</h1></body></html>", &site, shared.lang),
        };
        respond(&mut stream, "404 Not Found", &content_type("x.html"), &body, head_only, "");
    }
}

/// An event stream: "reload" as soon as the generation moves past `since`.
fn events(mut stream: TcpStream, shared: &Shared, since: u64) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if stream.write_all(head.as_bytes()).and_then(|()| stream.flush()).is_err() {
        return;
    }
    let mut guard = match shared.generation.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    };
    loop {
        if *guard != since {
            let _ = stream.write_all(b"data: reload\n\n").and_then(|()| stream.flush());
            return;
        }
        let (g, timeout) = match shared.changed.wait_timeout(guard, Duration::from_secs(15)) {
            Ok(r) => r,
            Err(p) => p.into_inner(),
        };
        guard = g;
        // A comment line keeps proxies from closing the stream and detects gone clients.
        if timeout.timed_out() && stream.write_all(b": ping\n\n").and_then(|()| stream.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn maps_request_targets_to_site_paths() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/hokubu/").as_deref(), Some("hokubu/index.html"));
        assert_eq!(site_path("/hokubu/index.html?x=1").as_deref(), Some("hokubu/index.html"));
        assert_eq!(site_path("/hokubu/search.html?q=%E8%A8%AA%E5%95%8F").as_deref(), Some("hokubu/search.html"));
        assert_eq!(site_path("/%E3%81%82.html").as_deref(), Some("あ.html"));
        // A `%` that starts no escape stays a `%` (no site file has one: 404, not 400).
        assert_eq!(site_path("/%zz").as_deref(), Some("%zz"));
        assert_eq!(site_path("/%E3%81.html"), None, "not UTF-8");
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/hokubu/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/hokubu/%2e%2e%2fsecret",
            "/..%5c..%5cwindows",
            "/hokubu/./index.html",
            "//etc/passwd",
            "/a%00.html",
            "relative.html",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
