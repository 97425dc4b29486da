//! `zaitaku serve`: build in memory, serve on 127.0.0.1, rebuild on every change, and
//! reload the browser. A content error never stops the server: it keeps serving the last
//! good build and shows the diagnostics over every page until they are fixed.

mod http;
mod site;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::diagnostic::render_report;
use http::Shared;
use site::{LiveSite, Rebuilder, classify};

/// How long to wait for more events after the first: editors write a file in several
/// steps (temp file, rename, chmod), and one rebuild per save is enough.
const QUIET: Duration = Duration::from_millis(15);
/// Never wait longer than this for a burst to end.
const MAX_WAIT: Duration = Duration::from_millis(60);

pub struct Options {
    pub project: PathBuf,
    pub bind: std::net::IpAddr,
    pub port: u16,
    pub open: bool,
}

pub fn run(opts: Options) -> Result<(), String> {
    let root = opts.project.canonicalize().map_err(|e| format!("{}: {e}", opts.project.display()))?;
    let today = crate::today();
    let started = Instant::now();
    let mut rebuilder = Rebuilder::new(&root, today);
    let mut site = LiveSite::default();
    rebuilder.build_all(&mut site);
    eprint!("{}", render_report(site.diagnostics()));

    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base = format!("http://{addr}/");
    let regions = rebuilder.regions().clone();
    let shared = Arc::new(Shared::new(site, addr.ip()));
    publish_generation(&shared);
    // Watch before announcing the address: whoever reads it may edit at once.
    let _watcher = watch(&root, rebuilder, Arc::clone(&shared))?;

    // The first line on stdout is the address, for tools and tests that start us.
    // Written with errors ignored: a closed stdout must not stop the server.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "serving {} on {base}", root.display());
    for id in regions {
        let _ = writeln!(stdout, "  {base}{id}/");
    }
    let _ = stdout.flush();
    drop(stdout);
    eprintln!("built in {:.0} ms; watching site.toml, content/ and themes/ (Ctrl-C to stop)", started.elapsed().as_secs_f64() * 1000.0);

    if opts.open {
        open_browser(&base);
    }
    for stream in listener.incoming().flatten() {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::handle(stream, shared));
    }
    Ok(())
}

fn lock(shared: &Shared) -> std::sync::RwLockWriteGuard<'_, LiveSite> {
    match shared.site.write() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    }
}

fn publish_generation(shared: &Shared) {
    let generation = shared.site.read().map(|s| s.generation).unwrap_or_else(|p| p.into_inner().generation);
    if let Ok(mut g) = shared.generation.lock() {
        *g = generation;
    }
    shared.changed.notify_all();
}

/// Starts the file watcher and the rebuild thread; the returned watcher must be kept.
fn watch(root: &Path, mut rebuilder: Rebuilder, shared: Arc<Shared>) -> Result<Arc<Mutex<notify::RecommendedWatcher>>, String> {
    let (tx, rx) = channel::<notify::Result<notify::Event>>();
    // Links are not followed: one leading out of the project (an error the build
    // reports) would have the watcher walk, and fail on, whatever it points to (all of
    // `/`). A link to a folder inside content/ or themes/ is watched there anyway.
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut watcher =
        notify::RecommendedWatcher::new(tx, config).map_err(|e| format!("cannot watch files: {e}"))?;
    // Watch the inputs only, so writing public/ never triggers a rebuild.
    watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in INPUT_FOLDERS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive).map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    let watcher = Arc::new(Mutex::new(watcher));
    let root = root.to_path_buf();
    let watching = Arc::clone(&watcher);
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut paths: Vec<PathBuf> = changed_paths(first);
            let burst_start = Instant::now();
            loop {
                let left = MAX_WAIT.saturating_sub(burst_start.elapsed());
                match rx.recv_timeout(QUIET.min(left)) {
                    Ok(event) => paths.extend(changed_paths(event)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                if burst_start.elapsed() >= MAX_WAIT {
                    break;
                }
            }
            // `content/` or `themes/` made (or made again) after the start: watch it
            // before building, so nothing written into it from now on is missed.
            for dir in INPUT_FOLDERS {
                let path = root.join(dir);
                if paths.contains(&path) && path.is_dir() {
                    let mut w = watching.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    let _ = w.watch(&path, RecursiveMode::Recursive);
                }
            }
            let Some(change) = classify(&root, &paths) else { continue };
            shared.busy.store(true, Ordering::SeqCst);
            let t = Instant::now();
            // Made outside the lock: pages keep being served meanwhile.
            let pass = rebuilder.first(change);
            lock(&shared).apply(pass);
            publish_generation(&shared);
            let pages_ms = t.elapsed().as_secs_f64() * 1000.0;
            // The search index and PDFs follow the pages; pages already open keep
            // working with the previous index until they reload.
            if let Some(pass) = rebuilder.second() {
                let before = lock(&shared).generation;
                lock(&shared).apply(pass);
                // Only a new error (or a fixed one) moves the generation: then open
                // pages reload to show it.
                if lock(&shared).generation != before {
                    publish_generation(&shared);
                }
                crate::leaflet::LeafletEngine::evict_cache(10);
            }
            shared.busy.store(false, Ordering::SeqCst);
            let report = render_report(lock(&shared).diagnostics());
            let _ = write!(std::io::stderr(), "{report}");
            let _ = writeln!(
                std::io::stderr(),
                "rebuilt pages in {pages_ms:.0} ms, search index and leaflets in {:.0} ms",
                t.elapsed().as_secs_f64() * 1000.0 - pages_ms
            );
        }
    });
    Ok(watcher)
}

/// The folders watched recursively, from the start or from when they appear.
const INPUT_FOLDERS: [&str; 2] = ["content", "themes"];

/// The paths an event changed. Reads (our own loading opens every file) are not changes.
fn changed_paths(event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    match event {
        Ok(e) if !matches!(e.kind, notify::EventKind::Access(_)) => e.paths,
        _ => Vec::new(),
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") { "open" } else if cfg!(windows) { "explorer" } else { "xdg-open" };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}
