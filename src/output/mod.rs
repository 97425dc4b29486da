//! Stage 4: the only code that writes the site to disk.
//!
//! The new site is written to a staging folder beside the output folder and swapped in
//! only when every file is written. A failed or killed build therefore leaves the last
//! good output exactly as it was; readers of the folder see the old site or the new one,
//! never a mix.

pub mod print_cache;
mod swap;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::i18n::{Arg, Msg, io_error};
use crate::model::OutputFile;
use crate::msg;
use crate::platform::{self, shown};
pub use swap::Leftover;

/// A file written into every output folder, so that we never replace a folder we did
/// not create (`--out .` must not swallow a project).
pub const MARKER: &str = ".zaitaku-output";

#[derive(Debug)]
pub enum WriteError {
    /// The output path exists, is not empty, and was not made by zaitaku.
    NotOurs(PathBuf),
    /// The output path is a symbolic link that leads nowhere (or loops).
    BrokenLink { link: PathBuf, error: io::Error },
    /// Another program holds a file or folder of the output open (Windows: Excel, an
    /// editor, a terminal in that folder), so it cannot be replaced; `held` names what
    /// could be found.
    Held { out: PathBuf, held: Vec<PathBuf>, error: io::Error },
    Io { action: Action, path: PathBuf, error: io::Error },
}

/// What failed, for the message.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    Write,
    CreateFolder,
    Move,
    Remove,
}

impl WriteError {
    /// What went wrong, for the person running the build.
    pub fn message(&self) -> Msg {
        match self {
            WriteError::NotOurs(p) => msg!("output-not-ours", path = shown(p)),
            WriteError::BrokenLink { link, error } => msg!(
                "output-broken-link",
                link = shown(link),
                target = std::fs::read_link(link).map(|t| shown(&t)).unwrap_or_else(|_| "?".into()),
                reason = io_error(error)
            ),
            WriteError::Held { out, held, error } if held.is_empty() => {
                msg!("output-held-unnamed", out = shown(out), reason = io_error(error))
            }
            WriteError::Held { out, held, error } => msg!(
                "output-held",
                out = shown(out),
                held = Arg::List(held.iter().map(|p| Arg::Text(shown(p))).collect()),
                count = held.len(),
                reason = io_error(error)
            ),
            WriteError::Io { action, path, error } => {
                let (path, reason) = (shown(path), io_error(error));
                match action {
                    Action::Write => msg!("output-cannot-write", path = path, reason = reason),
                    Action::CreateFolder => msg!("output-cannot-create-folder", path = path, reason = reason),
                    Action::Move => msg!("output-cannot-move", path = path, reason = reason),
                    Action::Remove => msg!("output-cannot-remove", path = path, reason = reason),
                }
            }
        }
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::Lang::En.text(&self.message()))
    }
}

fn failed(action: Action, path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError::Io { action, path: path.to_path_buf(), error }
}

/// A new site being written beside `out`, file batch by file batch (from several
/// threads at once), and swapped in by [`Staging::commit`]. Dropped uncommitted, it is
/// removed and `out` stays as it was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Held while the build runs, so that no other build takes `dir` for abandoned.
    lock: Option<swap::StagingLock>,
    /// The site being replaced, when there is one: its unchanged files are linked.
    previous: Option<PathBuf>,
    /// Folders of earlier builds that could not be removed yet.
    leftovers: Vec<Leftover>,
    /// The first write error; later batches are refused.
    error: Mutex<Option<WriteError>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// The PDFs written, with the keys of their inputs: the next build's print cache.
    manifest: print_cache::Manifest,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and creates an empty staging folder beside it
    /// (beside the folder it links to, when `out` is a symbolic link). Cleans up after
    /// earlier builds first: puts back a site a killed build had moved aside, and
    /// removes staging folders of builds that no longer run and sites already replaced.
    pub fn begin(out: &Path) -> Result<Staging, WriteError> {
        let out = &through_link(out)?;
        if out.exists() && !is_ours_or_empty(out) {
            return Err(WriteError::NotOurs(out.to_path_buf()));
        }
        let siblings = swap::Siblings::of(out);
        std::fs::create_dir_all(&siblings.parent).map_err(failed(Action::CreateFolder, &siblings.parent))?;
        swap::recover_interrupted_swap(&siblings, out);
        let leftovers = swap::remove_leftovers(&siblings, out);
        let (dir, lock) = swap::new_staging(&siblings)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            lock: Some(lock),
            previous: out.join(MARKER).is_file().then(|| out.to_path_buf()),
            leftovers,
            error: Mutex::new(None),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            manifest: print_cache::Manifest::default(),
            committed: false,
        })
    }

    /// The PDFs of the site being replaced, for the print cache (empty when there is
    /// none, or it has no manifest).
    pub fn previous_prints(&self) -> print_cache::PreviousOutput {
        match &self.previous {
            Some(dir) => print_cache::PreviousOutput::open(dir),
            None => print_cache::PreviousOutput::default(),
        }
    }

    /// Records the inputs of a PDF written (or to be written) in this site, for the
    /// next build's print cache.
    pub fn record_print(&self, printed: &print_cache::Printed, bytes: &[u8]) {
        self.manifest.record(printed, bytes);
    }

    /// Writes a batch of files. Returns false once any write has failed: the build
    /// can stop, as nothing of it will be published.
    pub fn write(&self, files: &[OutputFile]) -> bool {
        if self.failed() {
            return false;
        }
        match write_files(&self.dir, self.previous.as_deref(), files) {
            Ok(bytes) => {
                self.files.fetch_add(files.len(), Ordering::Relaxed);
                self.bytes.fetch_add(bytes, Ordering::Relaxed);
                true
            }
            Err(e) => {
                self.error.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(e);
                false
            }
        }
    }

    fn failed(&self) -> bool {
        self.error.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    /// Files and bytes written so far.
    pub fn written(&self) -> (usize, u64) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Puts the new site in place of `out`, unless a write failed. Returns the folders
    /// of this and earlier builds that could not be removed (the site is in place; a
    /// later build removes them once whatever holds them lets go).
    pub fn commit(mut self) -> Result<Vec<Leftover>, WriteError> {
        if let Some(e) = self.error.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Err(e);
        }
        let manifest = self.dir.join(print_cache::MANIFEST);
        std::fs::write(&manifest, self.manifest.to_bytes()).map_err(failed(Action::Write, &manifest))?;
        let marker = self.dir.join(MARKER);
        std::fs::write(&marker, b"This folder is written by zaitaku build and replaced whole on every build.\n")
            .map_err(failed(Action::Write, &marker))?;
        let left = swap::swap_in(&self.dir, &self.out, &swap::Siblings::of(&self.out))?;
        self.committed = true;
        let mut leftovers = std::mem::take(&mut self.leftovers);
        leftovers.extend(left);
        Ok(leftovers)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = platform::retry(|| platform::remove_tree(&self.dir));
        }
        // Last: until the folder is gone or in place, it is ours.
        if let Some(lock) = self.lock.take() {
            lock.release();
        }
    }
}

/// Where the site really goes. A symbolic link as the output (`public -> /srv/www/site`,
/// so that the web server serves each build) is kept: the folder it points to is
/// replaced, staged beside that folder so the swap stays atomic. Replacing the link
/// itself with a folder would leave the served site at its old build while the build
/// reports success.
fn through_link(out: &Path) -> Result<PathBuf, WriteError> {
    match std::fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => {
            out.canonicalize().map_err(|error| WriteError::BrokenLink { link: out.to_path_buf(), error })
        }
        _ => Ok(out.to_path_buf()),
    }
}

fn is_ours_or_empty(out: &Path) -> bool {
    out.join(MARKER).is_file() || std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false)
}

/// Writes files under `root`; returns the bytes written (linked files included).
///
/// A file whose bytes equal the same file of the `previous` site is hard-linked to it
/// instead of written. Rebuilds mostly change few files, and on ext4 without a journal
/// (as on this project's machines) a new inode costs far more than comparing bytes:
/// allocation skips every inode freed in the last minutes, and every build frees the
/// previous site's. Unchanged files also keep their modification time, so copying the
/// folder to a web server can skip them.
fn write_files(root: &Path, previous: Option<&Path>, files: &[OutputFile]) -> Result<u64, WriteError> {
    let mut dirs = std::collections::HashSet::new();
    let mut bytes = 0;
    for f in files {
        let path = root.join(&f.path);
        if let Some(dir) = path.parent() {
            if dir != root && !dirs.contains(dir) {
                std::fs::create_dir_all(dir).map_err(failed(Action::CreateFolder, dir))?;
                dirs.insert(dir.to_path_buf());
            }
        }
        bytes += f.bytes.len() as u64;
        if previous.is_some_and(|previous| link_if_unchanged(&previous.join(&f.path), &path, &f.bytes)) {
            continue;
        }
        let mut file = std::fs::File::create(&path).map_err(failed(Action::Write, &path))?;
        file.write_all(&f.bytes).map_err(failed(Action::Write, &path))?;
    }
    Ok(bytes)
}

/// Hard-links `old` at `new` if `old` is a plain file holding exactly `bytes`. Any
/// failure (no such file, another file system, links not supported) means "write it".
fn link_if_unchanged(old: &Path, new: &Path, bytes: &[u8]) -> bool {
    let same_size = std::fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && std::fs::read(old).is_ok_and(|content| content == bytes) && std::fs::hard_link(old, new).is_ok()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    fn build(out: &Path, files: &[OutputFile]) {
        let staging = Staging::begin(out).unwrap();
        assert!(staging.write(files));
        staging.commit().unwrap();
    }

    fn inode(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[file("a/same.html", "同じ"), file("a/changed.html", "旧"), file("tampered.html", "abc"), file("gone.html", "x")]);
        let (same, changed) = (inode(&out.join("a/same.html")), inode(&out.join("a/changed.html")));
        // Same size, other bytes: must be rewritten, not linked.
        std::fs::write(out.join("tampered.html"), "abd").unwrap();

        build(&out, &[file("a/same.html", "同じ"), file("a/changed.html", "新"), file("tampered.html", "abc"), file("new.html", "y")]);
        assert_eq!(inode(&out.join("a/same.html")), same, "unchanged: the same file, linked");
        assert_ne!(inode(&out.join("a/changed.html")), changed);
        assert_eq!(std::fs::read_to_string(out.join("a/changed.html")).unwrap(), "新");
        assert_eq!(std::fs::read_to_string(out.join("tampered.html")).unwrap(), "abc");
        assert_eq!(std::fs::read_to_string(out.join("new.html")).unwrap(), "y");
        assert!(!out.join("gone.html").exists());
        // The old site is gone, so nothing else holds the linked file.
        assert_eq!(std::fs::metadata(out.join("a/same.html")).unwrap().nlink(), 1);
    }

    #[test]
    fn a_symlinked_output_is_replaced_at_its_target_and_stays_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("srv/www/site");
        std::fs::create_dir_all(&target).unwrap();
        let project = tmp.path().join("project");
        std::fs::create_dir_all(&project).unwrap();
        let out = project.join("public");
        std::os::unix::fs::symlink(&target, &out).unwrap();
        build(&out, &[file("index.html", "1")]);
        build(&out, &[file("index.html", "2")]);
        assert!(std::fs::symlink_metadata(&out).unwrap().file_type().is_symlink(), "the link is kept");
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "2");
        // Staging happened beside the target, and nothing is left over anywhere.
        let names = |dir: &Path| -> Vec<String> {
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
        };
        assert_eq!(names(&project), ["public"]);
        assert_eq!(names(&tmp.path().join("srv/www")), ["site"]);
        // A link to nothing is refused with the link named, and nothing is created.
        let dangling = project.join("dangling");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
        let e = Staging::begin(&dangling).err().unwrap().to_string();
        assert!(e.contains("dangling is a symbolic link to") && e.contains("nowhere"), "{e}");
        assert!(!tmp.path().join("nowhere").exists());
    }

    #[test]
    fn a_failed_rebuild_leaves_linked_files_as_they_were() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[file("same.html", "同じ"), file("other.html", "1")]);
        let staging = Staging::begin(&out).unwrap();
        assert!(staging.write(&[file("same.html", "同じ")]));
        drop(staging); // the build failed before commit
        assert_eq!(std::fs::read_to_string(out.join("same.html")).unwrap(), "同じ");
        assert_eq!(std::fs::read_to_string(out.join("other.html")).unwrap(), "1");
        assert_eq!(std::fs::metadata(out.join("same.html")).unwrap().nlink(), 1);
    }
}
