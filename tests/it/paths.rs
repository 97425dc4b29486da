//! What the project's folders may hold, and where the site may be written: links that
//! leave the project, special files, link loops, unreadable folders and files, names
//! that are not UTF-8, reserved region ids, a symlinked output folder. Each must be an
//! error (or, for the output link, work), never a hang and never a silently thinner site.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Long enough for a debug build of the fixture on a loaded machine; a hang is forever.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `cmd`, failing the test if it has not finished within [`TIMEOUT`].
fn run(mut cmd: Command, what: &str) -> Output {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stdout.read_to_end(&mut b);
        b
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stderr.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} hung: still running after {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the minimal fixture in a temporary folder, under `p/` (so that there is an
/// outside to link to).
fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    copy_tree(&fixture("minimal"), &root);
    (tmp, root)
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// Diagnostics of an in-memory build, one line each, as in the bad-input corpus.
fn lines(root: &Path) -> (Vec<String>, bool) {
    let build = zaitaku::build(root, today());
    let lines = build
        .diagnostics
        .iter()
        .map(|d| {
            let help = d.help_text(Lang::En).map(|h| format!(" | help: {h}")).unwrap_or_default();
            format!("{:?} {}: {}{help}", d.severity, d.location(), d.message_text(Lang::En))
        })
        .collect();
    (lines, build.files.is_some())
}

#[test]
fn a_fifo_in_content_or_theme_is_an_error_for_build_and_check_not_a_hang() {
    for fifo in ["content/regions/alpha/institutions/pipe.toml", "content/articles/pipe.md", "themes/default/static/pipe.css", "site.toml"] {
        let (_tmp, root) = project();
        let out = root.join("public");
        assert!(run({ let mut c = zaitaku(); c.arg("build").arg(&root); c }, "first build").status.success());
        let before = snapshot(&out);
        if fifo == "site.toml" {
            std::fs::remove_file(root.join(fifo)).unwrap();
        }
        mkfifo(&root.join(fifo));
        for command in ["check", "build"] {
            let o = run({ let mut c = zaitaku(); c.arg(command).arg(&root); c }, &format!("{command} with {fifo}"));
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{command} {fifo}: {err}");
            assert!(err.contains(&format!("error: not read: a named pipe (FIFO), not a regular file or folder\n --> {fifo}:1:1")), "{command} {fifo}: {err}");
        }
        assert_eq!(snapshot(&out), before, "{fifo}: the failed build left the previous site");
    }
}

#[test]
fn sockets_links_to_devices_and_dangling_links_are_errors() {
    let (_tmp, root) = project();
    let inst = root.join("content/regions/alpha/institutions");
    let _socket = std::os::unix::net::UnixListener::bind(inst.join("socket.toml")).unwrap();
    symlink("/dev/zero", inst.join("zero.toml")).unwrap();
    symlink("missing.toml", inst.join("dangling.toml")).unwrap();
    let (lines, built) = lines(&root);
    assert!(!built);
    let p = "content/regions/alpha/institutions";
    assert_eq!(
        lines,
        [
            format!("Error {p}/dangling.toml:1:1: not read: a symbolic link to something that does not exist | help: remove the link, or make it point at a file or folder inside the project"),
            format!("Error {p}/socket.toml:1:1: not read: a socket, not a regular file or folder | help: remove it from the project: only files and folders are read"),
            format!("Error {p}/zero.toml:1:1: not read: a symbolic link that leads outside the project | help: copy the file or folder into the project instead of linking to it"),
        ]
    );
}

#[test]
fn serve_keeps_answering_when_a_fifo_appears_and_starts_with_one_present() {
    let (_tmp, root) = project();
    mkfifo(&root.join("content/articles/pipe.md"));
    let mut server = Server::start(&root);
    // Started despite the FIFO, and shows the error over its (empty) site.
    let body = server.get("/");
    assert!(body.contains("pipe.md") && body.contains("named pipe"), "{body}");
    drop(server);

    std::fs::remove_file(root.join("content/articles/pipe.md")).unwrap();
    server = Server::start(&root);
    assert!(!server.get("/alpha/index.html").contains("zaitaku-overlay"));
    mkfifo(&root.join("content/regions/alpha/institutions/pipe.toml"));
    // The rebuild must finish (not wait on the FIFO holding the site's lock), so pages
    // keep being served, now with the error over them.
    let start = Instant::now();
    loop {
        let body = server.get("/alpha/index.html");
        if body.contains("zaitaku-overlay") {
            assert!(body.contains("institutions/pipe.toml") && body.contains("named pipe"), "{body}");
            break;
        }
        assert!(start.elapsed() < TIMEOUT, "serve never reported the FIFO");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_starts_and_reports_a_theme_link_to_the_whole_disk() {
    // The watcher must not follow it either: it would walk all of `/` and stop on the
    // first folder it may not watch.
    let (_tmp, root) = project();
    std::fs::create_dir_all(root.join("themes/default/static")).unwrap();
    symlink("/", root.join("themes/default/static/root")).unwrap();
    let server = Server::start(&root);
    let body = server.get("/");
    assert!(body.contains("themes/default/static/root") && body.contains("leads outside the folder themes/default/"), "{body}");
}

struct Server {
    child: std::process::Child,
    addr: String,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = zaitaku()
            .args(["serve", "--port", "0"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = tx.send(line);
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let Ok(line) = rx.recv_timeout(TIMEOUT) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve hung before listening");
        };
        let addr = line.split_whitespace().last().unwrap_or("").trim_start_matches("http://").trim_end_matches('/').to_string();
        Server { child, addr }
    }

    /// The body of a GET, failing if the server does not answer within the timeout.
    fn get(&self, target: &str) -> String {
        let mut s = std::net::TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(TIMEOUT)).unwrap();
        s.write_all(format!("GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap_or_else(|e| panic!("GET {target}: no answer ({e})"));
        String::from_utf8_lossy(&raw).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn link_loops_in_a_theme_are_errors_not_hangs() {
    let (_tmp, root) = project();
    let theme = root.join("themes/default");
    std::fs::create_dir_all(theme.join("static/img")).unwrap();
    std::fs::write(theme.join("static/img/logo.svg"), "<svg/>").unwrap();
    symlink("..", theme.join("static/img/up")).unwrap();
    symlink("self", theme.join("static/self")).unwrap();
    let o = run({ let mut c = zaitaku(); c.arg("check").arg(&root); c }, "check with theme loops");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let (lines, built) = lines(&root);
    assert!(!built);
    let loop_ = "not read: a symbolic link loop (it leads back to a folder already read) | help: remove the link";
    assert_eq!(lines, [format!("Error themes/default/static/img/up:1:1: {loop_}"), format!("Error themes/default/static/self:1:1: {loop_}")]);
}

/// Moves `rel` out of the project to `outside/rel` and links it back.
fn link_out(tmp: &Path, root: &Path, rel: &str) {
    let outside = tmp.join("outside").join(rel);
    std::fs::create_dir_all(outside.parent().unwrap()).unwrap();
    std::fs::rename(root.join(rel), &outside).unwrap();
    symlink(&outside, root.join(rel)).unwrap();
}

#[test]
fn fixed_folders_that_link_out_of_the_project_are_errors() {
    let outside = "not read: a symbolic link that leads outside the project | help: copy the file or folder into the project instead of linking to it";
    for rel in [
        "content",
        "content/articles",
        "content/regions",
        "content/regions/alpha",
        "content/regions/alpha/institutions",
        "content/regions/alpha/articles",
        "content/regions/alpha/region.toml",
        "content/emergency.toml",
        "site.toml",
    ] {
        let (tmp, root) = project();
        link_out(tmp.path(), &root, rel);
        let (lines, built) = lines(&root);
        assert!(!built, "{rel}: built from outside the project");
        assert!(lines.contains(&format!("Error {rel}:1:1: {outside}")), "{rel}: {lines:#?}");
    }
    // content/leaflets: the minimal fixture has none; one outside must not be read.
    let (tmp, root) = project();
    std::fs::create_dir_all(tmp.path().join("leaflets")).unwrap();
    symlink(tmp.path().join("leaflets"), root.join("content/leaflets")).unwrap();
    assert_eq!(lines(&root).0, [format!("Error content/leaflets:1:1: {outside}")]);
    // A theme folder, or the themes folder, outside: its files would be published.
    for rel in ["themes/default", "themes"] {
        let (tmp, root) = project();
        std::fs::create_dir_all(root.join("themes/default/static")).unwrap();
        std::fs::write(root.join("themes/default/static/extra.css"), "body{}").unwrap();
        link_out(tmp.path(), &root, rel);
        assert_eq!(lines(&root).0, [format!("Error themes/default:1:1: {outside}")], "{rel}");
    }
    // Inside the theme, a link to elsewhere in the project is refused too: whatever is
    // under static/ is published, and content holds [internal] tables.
    let (_tmp, root) = project();
    std::fs::create_dir_all(root.join("themes/default/static")).unwrap();
    symlink("../../../content/regions/alpha/institutions", root.join("themes/default/static/records")).unwrap();
    assert_eq!(
        lines(&root).0,
        ["Error themes/default/static/records:1:1: not read: a symbolic link that leads outside the folder themes/default/ | help: copy the file or folder into the project instead of linking to it"]
    );
}

#[test]
fn links_that_stay_inside_the_project_are_followed() {
    let (_tmp, root) = project();
    let plain = build_ok(&root);
    // A region's articles kept elsewhere in the project, linked into place.
    std::fs::rename(root.join("content/regions/alpha/articles"), root.join("alpha-articles")).unwrap();
    symlink("../../../alpha-articles", root.join("content/regions/alpha/articles")).unwrap();
    std::fs::create_dir_all(root.join("themes/default/static")).unwrap();
    std::fs::write(root.join("themes/default/extra.css"), "body{}").unwrap();
    symlink("../extra.css", root.join("themes/default/static/extra.css")).unwrap();
    let linked = build_ok(&root);
    assert_eq!(linked.get("alpha/articles/local.html"), plain.get("alpha/articles/local.html"));
    assert_eq!(linked.get("alpha/assets/extra.css").map(Vec::as_slice), Some(&b"body{}"[..]));
}

#[test]
fn a_file_name_that_is_not_utf8_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let (_tmp, root) = project();
    let dir = root.join("content/regions/alpha/institutions");
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.toml")), "name = \"x\"\n").unwrap();
    let (lines, built) = lines(&root);
    assert!(!built);
    assert_eq!(
        lines,
        ["Error content/regions/alpha/institutions/caf\u{FFFD}.toml:1:1: file name is not valid UTF-8 | help: rename it: names become URLs and are shown in messages, so they must be UTF-8"]
    );
}

/// Runs the zaitaku binary so that permissions apply. Tests run as root here and in CI,
/// and root reads everything (CAP_DAC_OVERRIDE); setpriv drops those capabilities from
/// the child, so it meets `chmod 000` like any user. As another user, no help is needed.
fn zaitaku_subject_to_permissions(probe: &Path) -> Command {
    let is_root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false);
    let mut cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.arg("--bounding-set=-dac_override,-dac_read_search").arg(env!("CARGO_BIN_EXE_zaitaku"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_zaitaku"))
    };
    cmd.env("ZAITAKU_TODAY", "2025-12-20").env_remove("LC_ALL").env_remove("LC_MESSAGES").env("LANG", "C.UTF-8");
    // The check must be able to fail: the probe, made unreadable, must be unreadable.
    let mut probe_cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.arg("--bounding-set=-dac_override,-dac_read_search").arg("cat");
        c
    } else {
        Command::new("cat")
    };
    let readable = probe_cmd.arg(probe).stderr(Stdio::null()).output().map(|o| o.status.success());
    assert_eq!(readable.ok(), Some(false), "cannot make a file unreadable here (root without setpriv?): this test would prove nothing");
    cmd
}

#[test]
fn unreadable_folders_and_files_fail_the_build_and_keep_the_last_site() {
    let (tmp, root) = project();
    let probe = tmp.path().join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = root.join("public");
    assert!(run({ let mut c = zaitaku(); c.arg("build").arg(&root); c }, "first build").status.success());
    let before = snapshot(&out);
    for (rel, message) in [
        ("content/regions/alpha/institutions", "cannot read folder: permission denied"),
        ("content/regions", "cannot read folder: permission denied"),
        ("content/articles", "cannot read folder: permission denied"),
        ("content/regions/alpha/institutions/aoba.toml", "cannot read file: permission denied"),
        ("content/regions/alpha/region.toml", "cannot read file: permission denied"),
    ] {
        let path = root.join(rel);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        for command in ["check", "build"] {
            let mut cmd = zaitaku_subject_to_permissions(&probe);
            let o = run({ cmd.arg(command).arg(&root); cmd }, &format!("{command} with {rel} unreadable"));
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{command} {rel}: {err}");
            assert!(err.contains(&format!("error: {message}\n --> {rel}:1:1")), "{command} {rel}: {err}");
            // One mistake, one error: nothing that refers into what could not be read.
            assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{command} {rel}: {err}");
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        assert_eq!(snapshot(&out), before, "{rel}: the failed build left the previous site");
    }
    // A theme file, too.
    std::fs::create_dir_all(root.join("themes/default/static")).unwrap();
    let css = root.join("themes/default/static/extra.css");
    std::fs::write(&css, "body{}").unwrap();
    std::fs::set_permissions(&css, std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = zaitaku_subject_to_permissions(&probe);
    let o = run({ cmd.arg("build").arg(&root); cmd }, "build with an unreadable theme file");
    assert!(stderr(&o).contains("error: cannot read file: permission denied\n --> themes/default/static/extra.css:1:1"), "{}", stderr(&o));
    assert_eq!(snapshot(&out), before);
}

#[test]
fn a_symlinked_output_folder_is_replaced_at_its_target() {
    let (tmp, root) = project();
    let www = tmp.path().join("www/site");
    std::fs::create_dir_all(&www).unwrap();
    let out = root.join("public");
    symlink(&www, &out).unwrap();
    for _ in 0..2 {
        let o = run({ let mut c = zaitaku(); c.arg("build").arg(&root); c }, "build into a link");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(std::fs::symlink_metadata(&out).unwrap().file_type().is_symlink(), "public is still the link");
    let served = snapshot(&www);
    assert!(served.contains_key("alpha/index.html"), "the link's target holds the site");
    // A change reaches the target; a failed build leaves it as it was.
    std::fs::write(root.join("content/articles/acp.md"), std::fs::read_to_string(root.join("content/articles/acp.md")).unwrap().replace("# 話し合い", "# 話し合い\n\n新しい段落。")).unwrap();
    assert!(run({ let mut c = zaitaku(); c.arg("build").arg(&root); c }, "rebuild").status.success());
    let rebuilt = snapshot(&www);
    assert_ne!(rebuilt, served);
    std::fs::write(root.join("content/regions/alpha/institutions/bad.toml"), "name = \n").unwrap();
    assert_eq!(run({ let mut c = zaitaku(); c.arg("build").arg(&root); c }, "failing build").status.code(), Some(1));
    assert_eq!(snapshot(&www), rebuilt);
    // Nothing was staged or left beside the link.
    let beside: Vec<String> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!beside.iter().any(|n| n.starts_with(".public")), "{beside:?}");
}

#[test]
fn region_ids_cannot_take_a_name_the_portal_writes_at_the_root() {
    let files = build_ok(&fixture("minimal"));
    let (loaded, _) = zaitaku::load::load(&fixture("minimal"));
    let regions: Vec<String> = loaded.unwrap().regions.iter().map(|r| r.id.to_string()).collect();
    for path in files.keys() {
        let top = path.split('/').next().unwrap();
        if !regions.iter().any(|r| r == top) {
            assert!(zaitaku::model::SITE_ROOT_NAMES.contains(&top), "the portal writes {top}, which SITE_ROOT_NAMES does not reserve");
        }
    }
    assert_eq!(zaitaku::model::reserved_region_ids().collect::<Vec<_>>(), ["assets"]);
}
