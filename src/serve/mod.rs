//! `zaitaku serve`: build in memory, serve on 127.0.0.1, rebuild on every change, and
//! reload the browser. A content error never stops the server: it keeps serving the last
//! good build and shows the diagnostics over every page until they are fixed.

mod http;
mod site;
pub mod watcher;

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::render_report;
use crate::i18n::{Lang, Msg, io_error};
use crate::msg;
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
    /// Poll for changes at this interval instead of asking the system to tell us.
    pub poll: Option<Duration>,
    /// The language of the terminal's messages and of the error overlay.
    pub lang: Lang,
}

pub fn run(opts: Options) -> Result<(), Msg> {
    let lang = opts.lang;
    let root = opts
        .project
        .canonicalize()
        .map_err(|e| msg!("serve-no-project", path = crate::platform::shown(&opts.project), reason = io_error(&e)))?;
    let started = Instant::now();
    // Watch before the first build reads the files: an edit made while it runs is
    // then rebuilt too, instead of lost between the build and the watch.
    let (events, changes) = channel();
    let watching = watcher::start(&root, opts.poll, events)?;
    let mut rebuilder = Rebuilder::following_clock(&root);
    let mut site = LiveSite::default();
    rebuilder.build_all(&mut site);
    eprint!("{}", render_report(site.diagnostics(), lang));

    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| msg!("serve-cannot-listen", address = format!("{}:{}", opts.bind, opts.port), reason = io_error(&e)))?;
    let addr = listener.local_addr().map_err(|e| io_error(&e))?;
    let base = format!("http://{addr}/");
    let regions = rebuilder.regions().clone();
    let shared = Arc::new(Shared::new(site, addr.ip(), lang));
    publish_generation(&shared);
    rebuild_on_changes(root.clone(), rebuilder, changes, watching.new_folders(), Arc::clone(&shared));

    // The first line on stdout is the address, for tools and tests that start us.
    // Written with errors ignored: a closed stdout must not stop the server.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", lang.text(&msg!("serve-serving", project = crate::platform::shown(&root), url = base.as_str())));
    for id in regions {
        let _ = writeln!(stdout, "  {base}{id}/");
    }
    let _ = stdout.flush();
    drop(stdout);
    let ms = (started.elapsed().as_secs_f64() * 1000.0).round() as i64;
    eprintln!("{}", lang.text(&msg!("serve-watching", ms = ms, how = watching.description)));
    if let Some(advice) = watcher::advice(&root, opts.poll.is_some()) {
        eprintln!("{}", lang.text(&advice));
    }

    if opts.open {
        open_browser(&base, lang);
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

/// Starts the thread that rebuilds the site from the watcher's events.
fn rebuild_on_changes(
    root: PathBuf,
    mut rebuilder: Rebuilder,
    rx: Receiver<notify::Result<notify::Event>>,
    mut folders: watcher::NewFolders,
    shared: Arc<Shared>,
) {
    let lang = shared.lang;
    std::thread::spawn(move || {
        // What the terminal last showed: the same problems again are one line, not the
        // whole list after every save.
        let mut shown = lock(&shared).diagnostics().to_vec();
        loop {
            // Every second without events, look for `content/` or `themes/` made since
            // the start: a poller watching only what exists would never see them.
            let first = match rx.recv_timeout(Duration::from_secs(1)) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    let appeared = folders.appeared();
                    if appeared.is_empty() {
                        continue;
                    }
                    Ok(notify::Event { paths: appeared, ..notify::Event::new(notify::EventKind::Any) })
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
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
            // A folder that appeared is watched before building, so nothing written
            // into it from now on is missed; what is in it already is built now.
            paths.extend(folders.appeared());
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
            let now = lock(&shared).diagnostics().to_vec();
            if now != shown {
                let _ = write!(std::io::stderr(), "{}", render_report(&now, lang));
            } else if !now.is_empty() {
                let errors = now.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).count();
                let same = msg!("serve-problems-unchanged", errors = errors, warnings = now.len() - errors);
                let _ = writeln!(std::io::stderr(), "{}", lang.text(&same));
            }
            shown = now;
            let rest_ms = t.elapsed().as_secs_f64() * 1000.0 - pages_ms;
            let rebuilt = msg!("serve-rebuilt", pages = pages_ms.round() as i64, rest = rest_ms.round() as i64);
            let _ = writeln!(std::io::stderr(), "{}", lang.text(&rebuilt));
        }
    });
}

/// The paths an event changed. Reads (our own loading opens every file) are not changes.
fn changed_paths(event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    match event {
        Ok(e) if !matches!(e.kind, notify::EventKind::Access(_)) => e.paths,
        _ => Vec::new(),
    }
}

fn open_browser(url: &str, lang: Lang) {
    let cmd = if cfg!(target_os = "macos") { "open" } else if cfg!(windows) { "explorer" } else { "xdg-open" };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        eprintln!("{}", lang.text(&msg!("serve-no-browser", url = url)));
    }
}
