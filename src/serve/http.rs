//! A small HTTP/1.1 server for the dev site: GET and HEAD of in-memory files, a
//! Server-Sent Events stream for live reload, and nothing else.
//!
//! Files are looked up in the built site's map, never on disk, so no request path can
//! reach outside the build whatever it contains. Only requests addressed to this
//! computer are answered (`Host:` a loopback name or the bound address), so a web page
//! elsewhere cannot read drafts through DNS rebinding; and a request's head is read
//! within fixed bounds of size, time and connections, so no client can make the server
//! hold more memory or threads than that.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use super::site::LiveSite;
use crate::i18n::Lang;
use crate::text::escape::markup;

pub const PREFIX: &str = "/__zaitaku/";

/// The longest request line (method, target, version) read: 8 KiB, as most servers.
const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The most header bytes read, and the most header lines.
const MAX_HEADER_BYTES: usize = 16 * 1024;
const MAX_HEADERS: usize = 100;
/// The time a client has to send a whole request head (slow clients are dropped).
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long, and how much, a refused request's remaining input is read before closing.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 1 << 20;
/// Connections served at once; more are answered 503 at once. Open pages each hold
/// one for live reload.
const MAX_CONNECTIONS: usize = 256;

/// Shared between the watcher and the connection threads.
pub struct Shared {
    pub site: RwLock<LiveSite>,
    /// Rebuild generation, with a condition variable that wakes event streams.
    pub generation: Mutex<u64>,
    pub changed: Condvar,
    /// Whether a rebuild is under way (both its passes), for `/__zaitaku/status`.
    pub busy: std::sync::atomic::AtomicBool,
    /// The address the server listens on: the one `Host:` besides loopback names.
    bound: IpAddr,
    connections: AtomicUsize,
    /// The language the error overlay speaks, chosen once when serve starts.
    pub lang: Lang,
}

impl Shared {
    pub fn new(site: LiveSite, bound: IpAddr, lang: Lang) -> Shared {
        Shared {
            site: RwLock::new(site),
            generation: Mutex::new(0),
            changed: Condvar::new(),
            busy: Default::default(),
            bound,
            connections: AtomicUsize::new(0),
            lang,
        }
    }
}

/// One connection being served; dropping it frees its place.
struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn slot(shared: &Shared) -> Option<Slot<'_>> {
    let taken = shared.connections.fetch_add(1, Ordering::SeqCst);
    let slot = Slot(&shared.connections);
    (taken < MAX_CONNECTIONS).then_some(slot)
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
    host: Option<String>,
}

/// Why a request was not read.
enum Refused {
    /// 414: the request line is longer than [`MAX_REQUEST_LINE`].
    LineTooLong,
    /// 431: more header bytes or lines than allowed.
    HeadersTooLarge,
    /// 400: not an HTTP request line.
    Malformed,
    /// Closed, timed out or failed: nothing to answer.
    Gone,
}

/// Reads the request line and headers, never more than the limits allow and never for
/// longer than [`HEAD_TIMEOUT`] in all.
fn read_request(stream: &TcpStream) -> Result<Request, Refused> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut reader = BufReader::new(stream);
    let line = read_line(&mut reader, stream, MAX_REQUEST_LINE, deadline)?.ok_or(Refused::LineTooLong)?;
    let line = String::from_utf8_lossy(&line);
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return Err(Refused::Malformed) };
    let (method, target) = (method.to_string(), target.to_string());
    let mut host = None;
    let mut left = MAX_HEADER_BYTES;
    for _ in 0..=MAX_HEADERS {
        let header = read_line(&mut reader, stream, left, deadline)?.ok_or(Refused::HeadersTooLarge)?;
        if header.is_empty() || header == b"\r\n" || header == b"\n" {
            return Ok(Request { method, target, host });
        }
        left -= header.len();
        let header = String::from_utf8_lossy(&header);
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_string());
        }
    }
    Err(Refused::HeadersTooLarge)
}

/// One line, `\n` included (empty at the end of the stream); `None` when it is longer
/// than `max`, having read no more than `max` bytes of it.
fn read_line(reader: &mut BufReader<&TcpStream>, stream: &TcpStream, max: usize, deadline: Instant) -> Result<Option<Vec<u8>>, Refused> {
    let mut line = Vec::new();
    loop {
        let left = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()).ok_or(Refused::Gone)?;
        stream.set_read_timeout(Some(left)).map_err(|_| Refused::Gone)?;
        let buf = reader.fill_buf().map_err(|_| Refused::Gone)?;
        if buf.is_empty() {
            return Ok(Some(line));
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if line.len() + take > max {
            return Ok(None);
        }
        line.extend_from_slice(&buf[..take]);
        reader.consume(take);
        if done {
            return Ok(Some(line));
        }
    }
}

/// Whether `Host:` names this computer: `localhost`, a loopback address, or the
/// address the server is bound to (any address literal when bound to all of them). A
/// DNS name that merely resolves here is refused: that is what DNS rebinding uses.
fn host_allowed(host: &str, bound: IpAddr) -> bool {
    let is_port = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let name = match host.strip_prefix('[') {
        // `[v6]` or `[v6]:port`; anything else is malformed.
        Some(v6) => match v6.split_once(']') {
            Some((addr, "")) => addr,
            Some((addr, rest)) if rest.strip_prefix(':').is_some_and(is_port) => addr,
            _ => return false,
        },
        None => host.rsplit_once(':').filter(|(_, port)| is_port(port)).map_or(host, |(name, _)| name),
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound || bound.is_unspecified(),
        Err(_) => false,
    }
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

/// Answers a request that was not read whole, then closes gently: the answer is
/// followed by our end of the stream, and what the client still sends is read and
/// dropped for a moment (at most [`LINGER_BYTES`]). Closing with unread input would
/// reset the connection, and a reset can make the client lose the answer.
fn refuse(mut stream: TcpStream, status: &str, body: &[u8]) {
    respond(&mut stream, status, "text/plain; charset=utf-8", body, false, "");
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut buf = [0u8; 8192];
    let mut read = 0;
    while read < LINGER_BYTES {
        let Some(left) = until.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else { break };
        if stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match std::io::Read::read(&mut stream, &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => read += n,
        }
    }
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
    let Some(_slot) = slot(&shared) else {
        respond(&mut stream, "503 Service Unavailable", "text/plain", b"too many connections\n", false, "Retry-After: 1\r\n");
        return;
    };
    let text = "text/plain; charset=utf-8";
    let req = match read_request(&stream) {
        Ok(req) => req,
        Err(Refused::LineTooLong) => return refuse(stream, "414 URI Too Long", b"request line too long\n"),
        Err(Refused::HeadersTooLarge) => return refuse(stream, "431 Request Header Fields Too Large", b"request headers too large\n"),
        Err(Refused::Malformed) => return refuse(stream, "400 Bad Request", b"bad request\n"),
        Err(Refused::Gone) => return,
    };
    if !req.host.as_deref().is_some_and(|h| host_allowed(h, shared.bound)) {
        let body = "zaitaku serve answers only requests for this computer (Host: localhost, 127.0.0.1, or the address given to --bind)\n";
        return respond(&mut stream, "403 Forbidden", text, body.as_bytes(), false, "");
    }
    let head_only = req.method == "HEAD";
    if req.method != "GET" && !head_only {
        respond(&mut stream, "405 Method Not Allowed", "text/plain", b"method not allowed\n", false, "Allow: GET, HEAD\r\n");
        return;
    }
    if let Some(rest) = req.target.strip_prefix(PREFIX) {
        let (name, query) = rest.split_once('?').unwrap_or((rest, ""));
        match name {
            "live.js" => respond(&mut stream, "200 OK", &content_type("x.js"), LIVE_JS.as_bytes(), head_only, ""),
            "status" => {
                // For tools and tests: the generation served and whether a rebuild (the
                // search index and PDFs included) is still under way.
                let generation = shared.site.read().map(|s| s.generation).unwrap_or_else(|p| p.into_inner().generation);
                let busy = shared.busy.load(Ordering::SeqCst);
                let body = format!("{{\"generation\":{generation},\"busy\":{busy}}}\n");
                respond(&mut stream, "200 OK", "application/json", body.as_bytes(), head_only, "")
            }
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
    use super::{host_allowed, site_path};

    #[test]
    fn only_hosts_that_name_this_computer_are_answered() {
        let loopback: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        for ok in ["localhost", "LOCALHOST:1111", "localhost.", "127.0.0.1:1111", "127.9.9.9", "[::1]:1111", "[::1]"] {
            assert!(host_allowed(ok, loopback), "{ok}");
        }
        for bad in ["evil.example:1111", "localhost.evil.example", "127.0.0.1.nip.io", "192.168.1.5:1111", "", "[::1", "0x7f000001"] {
            assert!(!host_allowed(bad, loopback), "{bad}");
        }
        let lan: std::net::IpAddr = "192.168.1.5".parse().unwrap();
        assert!(host_allowed("192.168.1.5:1111", lan) && !host_allowed("192.168.1.6", lan) && !host_allowed("nas.local", lan));
        let any: std::net::IpAddr = "0.0.0.0".parse().unwrap();
        assert!(host_allowed("10.0.0.7:1111", any) && !host_allowed("rebind.evil.example", any));
    }

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
