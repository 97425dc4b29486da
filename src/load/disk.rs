//! The only code that reads the project from disk: folders, content files, theme files.
//!
//! The rule, in one place: a path is read only if, once symbolic links are followed, it
//! is a regular file or a folder inside the tree being read (the project, or for theme
//! files the theme's own folder). Anything else is an error, never a silent skip:
//! - a link that leaves the tree, dangles, or loops;
//! - a special file (FIFO, socket, device): opening a FIFO would wait for a writer
//!   forever, so files are opened non-blocking and their type is checked on the
//!   opened handle;
//! - a folder or file the system will not let us read: read as empty, it would
//!   publish a site that silently lacks those pages.
//!
//! Containment compares canonical paths with the tree's canonical root. Entries that
//! are not links take their canonical path from their folder's, so a walk costs no more
//! system calls than a plain `read_dir`.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity, display_path};
use crate::i18n::{Msg, io_error};
use crate::msg;

/// What a path turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
}

/// A path that may be read: inside the tree, and a regular file or a folder.
#[derive(Debug, Clone)]
pub struct Found {
    /// The path as the walk reached it (project root joined with names), for messages.
    pub path: PathBuf,
    canonical: PathBuf,
    pub kind: Kind,
}

impl Found {
    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Dir
    }
}

/// Why a path is not read.
#[derive(Debug)]
pub struct Problem {
    path: PathBuf,
    what: What,
}

#[derive(Debug)]
enum What {
    Outside { tree: Msg },
    Dangling,
    Loop,
    Special(Msg),
    Unreadable { dir: bool, error: std::io::Error },
    TooLarge { len: u64, limit: u64 },
    NameNotUtf8,
    NotA(Kind),
}

/// A folder tree that reads may not leave.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The project root as given: messages show paths relative to it.
    shown_root: PathBuf,
    /// This tree's folder as given (the project root, or the theme folder under it).
    path: PathBuf,
    canonical: PathBuf,
    /// How messages name the tree: "the project", "the folder themes/x/".
    name: Msg,
}

impl Tree {
    /// The project at `root`.
    pub fn project(root: &Path) -> std::io::Result<Tree> {
        let canonical = root.canonicalize()?;
        Ok(Tree { shown_root: root.to_path_buf(), path: root.to_path_buf(), canonical, name: Msg::new("disk-the-project") })
    }

    /// The folder `dir` of this tree as a tree of its own, which its reads may not leave
    /// (a theme must not publish files from elsewhere in the project). `None` when missing.
    pub fn subtree(&self, dir: &Path) -> Result<Option<Tree>, Problem> {
        let Some(found) = self.resolve(dir)? else { return Ok(None) };
        if found.kind != Kind::Dir {
            return Err(Problem { path: found.path, what: What::NotA(Kind::Dir) });
        }
        let name = msg!("disk-the-folder", folder = format!("{}/", display_path(&self.shown_root, dir)));
        Ok(Some(Tree { shown_root: self.shown_root.clone(), path: found.path, canonical: found.canonical, name }))
    }

    /// The tree's root folder itself.
    pub fn root(&self) -> Found {
        Found { path: self.path.clone(), canonical: self.canonical.clone(), kind: Kind::Dir }
    }

    /// Follows `path` (under the project root) to what it is. `Ok(None)` when nothing is
    /// there; a link to nowhere is an error, not "nothing".
    pub fn resolve(&self, path: &Path) -> Result<Option<Found>, Problem> {
        let problem = |what| Problem { path: path.to_path_buf(), what };
        let canonical = match path.canonicalize() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return match std::fs::symlink_metadata(path) {
                    Ok(m) if m.file_type().is_symlink() => Err(problem(What::Dangling)),
                    _ => Ok(None),
                };
            }
            Err(e) if is_loop(&e) => return Err(problem(What::Loop)),
            Err(error) => return Err(problem(What::Unreadable { dir: false, error })),
        };
        if !canonical.starts_with(&self.canonical) {
            return Err(problem(What::Outside { tree: self.name.clone() }));
        }
        let meta = std::fs::metadata(&canonical).map_err(|error| problem(What::Unreadable { dir: false, error }))?;
        let kind = kind_of(meta.file_type()).map_err(|s| problem(What::Special(s)))?;
        Ok(Some(Found { path: path.to_path_buf(), canonical, kind }))
    }

    /// Like [`Tree::resolve`], but what is there must be of `kind`.
    pub fn resolve_as(&self, path: &Path, kind: Kind) -> Result<Option<Found>, Problem> {
        match self.resolve(path)? {
            Some(f) if f.kind != kind => Err(Problem { path: f.path, what: What::NotA(kind) }),
            other => Ok(other),
        }
    }

    /// The entries of a folder, sorted by name, each resolved; editor litter (`.x`,
    /// `x~`, `#x`) is left out. Entries that may not be read come back as problems.
    pub fn list(&self, dir: &Found) -> (Vec<Found>, Vec<Problem>) {
        let mut found = Vec::new();
        let mut problems = Vec::new();
        let unreadable = |error| Problem { path: dir.path.clone(), what: What::Unreadable { dir: true, error } };
        let entries = match std::fs::read_dir(&dir.canonical) {
            Ok(entries) => entries,
            Err(error) => return (found, vec![unreadable(error)]),
        };
        let mut names = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => names.push((entry.file_name(), entry.file_type())),
                // A folder whose listing fails halfway is as incomplete as an unreadable one.
                Err(error) => return (Vec::new(), vec![unreadable(error)]),
            }
        }
        names.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, file_type) in names {
            let path = dir.path.join(&name);
            let Some(text) = name.to_str() else {
                problems.push(Problem { path, what: What::NameNotUtf8 });
                continue;
            };
            if text.starts_with('.') || text.ends_with('~') || text.starts_with('#') {
                continue;
            }
            let file_type = match file_type {
                Ok(t) => t,
                Err(error) => {
                    problems.push(Problem { path, what: What::Unreadable { dir: false, error } });
                    continue;
                }
            };
            let result = if file_type.is_symlink() {
                self.resolve(&path).and_then(|f| f.ok_or(Problem { path: path.clone(), what: What::Dangling }))
            } else {
                match kind_of(file_type) {
                    Ok(kind) => Ok(Found { canonical: dir.canonical.join(&name), path: path.clone(), kind }),
                    Err(s) => Err(Problem { path: path.clone(), what: What::Special(s) }),
                }
            };
            match result {
                Ok(f) => found.push(f),
                Err(p) => problems.push(p),
            }
        }
        (found, problems)
    }

    /// Every file below `dir`, depth first in name order. A folder reached a second
    /// time (a link back up the tree, or two links to one folder) is an error: that is
    /// how a link loop shows, and the walk stops there instead of going round.
    pub fn files_below(&self, dir: &Found) -> (Vec<Found>, Vec<Problem>) {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        seen.insert(dir.canonical.clone());
        let mut stack = vec![dir.clone()];
        while let Some(current) = stack.pop() {
            let (entries, mut p) = self.list(&current);
            problems.append(&mut p);
            let mut dirs = Vec::new();
            for entry in entries {
                match entry.kind {
                    Kind::File => files.push(entry),
                    Kind::Dir if seen.insert(entry.canonical.clone()) => dirs.push(entry),
                    Kind::Dir => problems.push(Problem { path: entry.path, what: What::Loop }),
                }
            }
            stack.extend(dirs.into_iter().rev());
        }
        (files, problems)
    }

    /// The bytes of a file, refusing more than `limit` bytes.
    pub fn read(&self, file: &Found, limit: u64) -> Result<Vec<u8>, Problem> {
        let problem = |what| Problem { path: file.path.clone(), what };
        if file.kind != Kind::File {
            return Err(problem(What::NotA(Kind::File)));
        }
        let unreadable = |error| problem(What::Unreadable { dir: false, error });
        let handle = open_no_wait(&file.canonical).map_err(|e| if is_loop(&e) { problem(What::Loop) } else { unreadable(e) })?;
        // The type is checked again on the open handle: the path may have been replaced
        // since it was listed.
        let meta = handle.metadata().map_err(unreadable)?;
        kind_of(meta.file_type()).map_err(|s| problem(What::Special(s)))?;
        if !meta.is_file() {
            return Err(problem(What::NotA(Kind::File)));
        }
        if meta.len() > limit {
            return Err(problem(What::TooLarge { len: meta.len(), limit }));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        handle.take(limit + 1).read_to_end(&mut bytes).map_err(unreadable)?;
        if bytes.len() as u64 > limit {
            return Err(problem(What::TooLarge { len: bytes.len() as u64, limit }));
        }
        Ok(bytes)
    }

    /// The path as authors see it: relative to the project root, with `/`.
    pub fn shown(&self, path: &Path) -> String {
        display_path(&self.shown_root, path)
    }

    /// The problem as an error at its file.
    pub fn diagnostic(&self, p: &Problem) -> Diagnostic {
        let shown = self.shown(&p.path);
        let (message, help) = match &p.what {
            What::Outside { tree } => (msg!("disk-outside", tree = tree.clone()), Msg::new("disk-outside-help")),
            What::Dangling => (Msg::new("disk-dangling"), Msg::new("disk-dangling-help")),
            What::Loop => (Msg::new("disk-loop"), Msg::new("disk-loop-help")),
            What::Special(what) => (msg!("disk-special", what = what.clone()), Msg::new("disk-special-help")),
            What::Unreadable { dir: true, error } => (msg!("disk-unreadable-folder", reason = io_error(error)), Msg::new("disk-unreadable-help")),
            What::Unreadable { dir: false, error } => (msg!("disk-unreadable-file", reason = io_error(error)), Msg::new("disk-unreadable-help")),
            What::TooLarge { len, limit } => {
                return Diagnostic::for_file(Severity::Error, shown, msg!("disk-too-large", size = *len, limit = *limit))
                    .with_help(Msg::new("disk-too-large-help"));
            }
            What::NameNotUtf8 => (Msg::new("disk-name-not-utf8"), Msg::new("disk-name-not-utf8-help")),
            What::NotA(Kind::Dir) => (Msg::new("disk-not-a-folder"), Msg::new("disk-not-a-folder-help")),
            What::NotA(Kind::File) => (Msg::new("disk-not-a-file"), Msg::new("disk-not-a-file-help")),
        };
        Diagnostic::for_file(Severity::Error, shown, message).with_help(help)
    }
}

fn kind_of(t: std::fs::FileType) -> Result<Kind, Msg> {
    if t.is_file() {
        return Ok(Kind::File);
    }
    if t.is_dir() {
        return Ok(Kind::Dir);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Err(Msg::new("disk-fifo"));
        }
        if t.is_socket() {
            return Err(Msg::new("disk-socket"));
        }
        if t.is_block_device() || t.is_char_device() {
            return Err(Msg::new("disk-device"));
        }
    }
    Err(Msg::new("disk-special-file"))
}

/// Opens for reading without ever waiting: a FIFO opened normally blocks until some
/// other program opens it for writing. O_NOFOLLOW: the canonical path has no link at
/// its end, so one appearing there now is refused rather than followed.
#[cfg(unix)]
fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW).open(path)
}

#[cfg(not(unix))]
fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Tree {
        Tree::project(dir).unwrap()
    }

    fn messages(t: &Tree, problems: &[Problem]) -> Vec<String> {
        problems.iter().map(|p| format!("{}: {}", t.diagnostic(p).file, t.diagnostic(p).message_text(crate::i18n::Lang::En))).collect()
    }

    #[test]
    fn lists_files_and_folders_and_refuses_everything_else() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("p");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(root.join("d/sub")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(root.join("d/a.toml"), "a").unwrap();
        std::fs::write(root.join("d/.hidden"), "").unwrap();
        std::fs::write(root.join("d/b~"), "").unwrap();
        std::os::unix::fs::symlink("a.toml", root.join("d/inside.toml")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("d/out")).unwrap();
        std::os::unix::fs::symlink("nowhere", root.join("d/dangling")).unwrap();
        std::os::unix::fs::symlink("loop", root.join("d/loop")).unwrap();
        std::os::unix::net::UnixListener::bind(root.join("d/socket")).unwrap();
        let t = tree(&root);
        let d = t.resolve(&root.join("d")).unwrap().unwrap();
        let (found, problems) = t.list(&d);
        let names: Vec<_> = found.iter().map(|f| (t.shown(&f.path), f.kind)).collect();
        assert_eq!(names, [("d/a.toml".to_string(), Kind::File), ("d/inside.toml".into(), Kind::File), ("d/sub".into(), Kind::Dir)]);
        assert_eq!(
            messages(&t, &problems),
            [
                "d/dangling: not read: a symbolic link to something that does not exist",
                "d/loop: not read: a symbolic link loop (it leads back to a folder already read)",
                "d/out: not read: a symbolic link that leads outside the project",
                "d/socket: not read: a socket, not a regular file or folder",
            ]
        );
    }

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("pipe.toml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let t = tree(tmp.path());
        let p = t.resolve(&fifo).unwrap_err();
        assert_eq!(t.diagnostic(&p).message_text(crate::i18n::Lang::En), "not read: a named pipe (FIFO), not a regular file or folder");
        // Even when handed over as a file (as if it was swapped in after listing), the
        // open does not block and the handle's type is refused.
        let as_file = Found { path: fifo.clone(), canonical: fifo.canonicalize().unwrap(), kind: Kind::File };
        let p = t.read(&as_file, 10).unwrap_err();
        assert!(t.diagnostic(&p).message_text(crate::i18n::Lang::En).contains("named pipe"));
    }

    #[test]
    fn a_walk_stops_at_a_folder_it_has_seen_and_never_leaves_its_subtree() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("themes/x/static/img")).unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("themes/x/static/img/a.png"), "png").unwrap();
        std::fs::write(root.join("content/secret.toml"), "s").unwrap();
        std::os::unix::fs::symlink("..", root.join("themes/x/static/img/up")).unwrap();
        std::os::unix::fs::symlink("../../../content", root.join("themes/x/static/content")).unwrap();
        let project = tree(root);
        let theme = project.subtree(&root.join("themes/x")).unwrap().unwrap();
        let (files, problems) = theme.files_below(&theme.root());
        let files: Vec<_> = files.iter().map(|f| theme.shown(&f.path)).collect();
        assert_eq!(files, ["themes/x/static/img/a.png"]);
        assert_eq!(
            messages(&theme, &problems),
            [
                "themes/x/static/content: not read: a symbolic link that leads outside the folder themes/x/",
                "themes/x/static/img/up: not read: a symbolic link loop (it leads back to a folder already read)",
            ]
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("big"), "12345").unwrap();
        let t = tree(tmp.path());
        let f = t.resolve(&tmp.path().join("big")).unwrap().unwrap();
        assert_eq!(t.read(&f, 5).unwrap(), b"12345");
        let p = t.read(&f, 4).unwrap_err();
        assert_eq!(t.diagnostic(&p).message_text(crate::i18n::Lang::En), "file is too large (5 bytes; the limit is 4 bytes)");
    }
}
