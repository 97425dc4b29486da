//! Which file watcher `serve` uses: the system's change notifications, or polling.
//!
//! Change notifications (inotify, ReadDirectoryChangesW) are instant and cost nothing
//! while nothing changes, but they are not always told: on SMB and NFS shares a change
//! made by another computer is often not reported, and some layers (wine, WSL's drives)
//! report nothing from sub-folders. Polling re-reads the inputs every interval and sees
//! every change wherever the files live, at the cost of that reading.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use notify::{RecursiveMode, Watcher, WatcherKind};

use crate::i18n::Msg;
use crate::msg;

/// Shorter intervals only burn CPU: a save is followed by a rebuild anyway.
const MIN_POLL: Duration = Duration::from_millis(100);

pub type Events = Sender<notify::Result<notify::Event>>;

/// The folders watched recursively, from the start or from when they appear.
const INPUT_FOLDERS: [&str; 2] = ["content", "themes"];

type Shared = Arc<Mutex<Box<dyn Watcher + Send>>>;

/// A running watcher and a sentence saying what it is, for the terminal.
pub struct Running {
    watcher: Shared,
    root: PathBuf,
    pub description: Msg,
}

impl Running {
    /// What the rebuild thread keeps to watch `content/` or `themes/` once they appear.
    pub fn new_folders(&self) -> NewFolders {
        let present = INPUT_FOLDERS.map(|dir| self.root.join(dir).is_dir());
        NewFolders { watcher: Arc::clone(&self.watcher), root: self.root.clone(), present }
    }
}

/// Watches the input folders that did not exist when serve started (or were removed
/// and made again): the watcher cannot watch a folder before it exists.
pub struct NewFolders {
    watcher: Shared,
    root: PathBuf,
    /// Whether each of [`INPUT_FOLDERS`] was a folder at the last look.
    present: [bool; 2],
}

impl NewFolders {
    /// The input folders that have appeared since the last call, each watched from now
    /// on. Their files are to be built: they may have been written before the watch.
    pub fn appeared(&mut self) -> Vec<PathBuf> {
        let mut appeared = Vec::new();
        for (dir, present) in INPUT_FOLDERS.iter().zip(self.present.iter_mut()) {
            let path = self.root.join(dir);
            let now = path.is_dir();
            if now && !*present {
                let mut watcher = self.watcher.lock().unwrap_or_else(PoisonError::into_inner);
                // A failure is seen again at the next look, not lost.
                if watcher.watch(&path, RecursiveMode::Recursive).is_err() {
                    continue;
                }
                appeared.push(path);
            }
            *present = now;
        }
        appeared
    }
}

/// Watches `site.toml`, `content/` and `themes/` under `root`, by polling every
/// `poll` if given, and sends what changed to `events`.
pub fn start(root: &Path, poll: Option<Duration>, events: Events) -> Result<Running, Msg> {
    // Links are not followed: one leading out of the project would have the watcher
    // walk (and the poller read, every interval) whatever it points to, even all of `/`.
    // A link to a folder inside content/ or themes/ is watched there anyway.
    let config = notify::Config::default().with_follow_symlinks(false);
    let cannot = |path: &Path, e: notify::Error| msg!("serve-cannot-watch", path = crate::platform::shown(path), detail = e.to_string());
    let (mut watcher, description): (Box<dyn Watcher + Send>, Msg) = match poll {
        Some(interval) => {
            // Contents are compared, not only modification times: notify's poller keeps
            // times in whole seconds, so a second save within the same second would be
            // missed, and a file copied in with an older time (Explorer keeps the
            // original's) would never count as changed.
            let config = config.with_poll_interval(interval).with_compare_contents(true);
            let watcher = notify::PollWatcher::new(events, config).map_err(|e| cannot(root, e))?;
            (Box::new(watcher), msg!("serve-polling", interval = show_interval(interval)))
        }
        None => {
            let watcher = notify::RecommendedWatcher::new(events, config).map_err(|e| cannot(root, e))?;
            (Box::new(watcher), msg!("serve-notifications", kind = kind_name(notify::RecommendedWatcher::kind())))
        }
    };
    let watch = |watcher: &mut Box<dyn Watcher + Send>, path: &Path, mode| {
        watcher.watch(path, mode).map_err(|e| cannot(path, e))
    };
    if poll.is_some() {
        // The poller reads what it watches: the project folder's other files (datasets,
        // archives) are none of its business.
        watch(&mut watcher, &root.join("site.toml"), RecursiveMode::NonRecursive)?;
    } else {
        // Watch the inputs only, so writing public/ never triggers a rebuild.
        watch(&mut watcher, root, RecursiveMode::NonRecursive)?;
    }
    for dir in INPUT_FOLDERS {
        let path = root.join(dir);
        if path.is_dir() {
            watch(&mut watcher, &path, RecursiveMode::Recursive)?;
        }
    }
    Ok(Running { watcher: Arc::new(Mutex::new(watcher)), root: root.to_path_buf(), description })
}

/// What `serve` should say about the watcher it was asked to use for `root`.
pub fn advice(root: &Path, polling: bool) -> Option<Msg> {
    if polling {
        return None;
    }
    let fs = crate::platform::network_file_system(root)?;
    Some(msg!("serve-network-drive", folder = crate::platform::shown(root), fs = fs))
}

/// Parses `--poll`'s interval: `2s`, `500ms`, `1m`, or a number of seconds.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let parsed = match text.parse::<f64>() {
        Ok(secs) if secs.is_finite() && secs >= 0.0 => Duration::try_from_secs_f64(secs).map_err(|e| e.to_string()),
        Ok(_) => Err("a negative interval".to_string()),
        Err(_) => text
            .parse::<jiff::SignedDuration>()
            .map_err(|e| e.to_string())
            .and_then(|d| Duration::try_from(d).map_err(|e| e.to_string())),
    };
    let interval = parsed.map_err(|e| format!("`{text}` is not an interval like 2s or 500ms ({e})"))?;
    if interval < MIN_POLL {
        return Err(format!("`{text}` is too short; the shortest interval is {}", show_interval(MIN_POLL)));
    }
    Ok(interval)
}

fn show_interval(d: Duration) -> String {
    if d.subsec_millis() == 0 { format!("{} s", d.as_secs()) } else { format!("{} ms", d.as_millis()) }
}

fn kind_name(kind: WatcherKind) -> &'static str {
    match kind {
        WatcherKind::Inotify => "inotify",
        WatcherKind::Fsevent => "FSEvents",
        WatcherKind::Kqueue => "kqueue",
        WatcherKind::ReadDirectoryChangesWatcher => "ReadDirectoryChangesW",
        WatcherKind::PollWatcher => "polling",
        _ => "file system",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_read_like_people_write_them() {
        assert_eq!(parse_interval("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_interval("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_interval("1m"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_interval("3"), Ok(Duration::from_secs(3)));
        assert_eq!(parse_interval("0.25"), Ok(Duration::from_millis(250)));
        assert!(parse_interval("10ms").unwrap_err().contains("too short"));
        assert!(parse_interval("-1").is_err());
        assert!(parse_interval("-2s").is_err());
        assert!(parse_interval("soon").unwrap_err().contains("`soon` is not an interval"));
    }

    #[test]
    fn a_local_folder_gets_no_advice_and_polling_never_does() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(advice(tmp.path(), false), None);
        assert_eq!(advice(tmp.path(), true), None);
    }
}
