//! Putting a staged site in place of the output folder, and cleaning up after builds
//! that were killed or could not delete the site they replaced.
//!
//! Beside `public/` (all in one folder, so renames stay atomic):
//! - `.public.staging-<id>/` a build being written, with `.public.staging-<id>.lock`,
//!   the lock its build holds while it runs ([`platform::Lock`]): a staging folder
//!   whose lock can be taken, or that has none, was abandoned;
//! - `.public.old/` (`.public.old-1/`, … when that one could not be removed) the site
//!   just replaced, on the way out. Its marker file is deleted before anything else in
//!   it, so the one old folder that still has a marker is a whole site: the one a build
//!   killed between its two renames leaves, which the next build puts back.

use std::io;
use std::path::{Path, PathBuf};

use super::{Action, MARKER, WriteError, failed};
use crate::i18n::{Arg, Msg, io_error};
use crate::msg;
use crate::platform::{self, Lock, Taken, shown};

/// The most held files a message names.
const NAMED: usize = 5;

/// The folder holding the output and the names of the output's siblings.
pub(super) struct Siblings {
    pub(super) parent: PathBuf,
    /// `.public.`
    prefix: String,
}

enum Sibling {
    Staging,
    StagingLock,
    Old,
}

impl Siblings {
    pub(super) fn of(out: &Path) -> Siblings {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        Siblings { parent: parent.to_path_buf(), prefix: format!(".{name}.") }
    }

    fn path(&self, suffix: &str) -> PathBuf {
        self.parent.join(format!("{}{suffix}", self.prefix))
    }

    fn old(&self, n: usize) -> PathBuf {
        if n == 0 { self.path("old") } else { self.path(&format!("old-{n}")) }
    }

    fn kind(&self, file_name: &str) -> Option<Sibling> {
        let rest = file_name.strip_prefix(&self.prefix)?;
        if let Some(id) = rest.strip_prefix("staging-") {
            return Some(if id.ends_with(".lock") { Sibling::StagingLock } else { Sibling::Staging });
        }
        let old = rest == "old" || rest.strip_prefix("old-").is_some_and(|n| n.parse::<usize>().is_ok());
        old.then_some(Sibling::Old)
    }

    fn each(&self) -> Vec<(PathBuf, Sibling)> {
        let Ok(entries) = std::fs::read_dir(&self.parent) else { return Vec::new() };
        let mut found: Vec<(PathBuf, Sibling)> = entries
            .flatten()
            .filter_map(|e| Some((e.path(), self.kind(&e.file_name().to_string_lossy())?)))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }
}

fn lock_path(staging: &Path) -> PathBuf {
    let mut name = staging.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// The lock of a running build's staging folder.
pub(super) struct StagingLock {
    lock: Lock,
    path: PathBuf,
}

impl StagingLock {
    /// Lets go of the lock and removes its file (the staging folder is gone or in place).
    pub(super) fn release(self) {
        drop(self.lock);
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Creates an empty staging folder with a name no other build uses, and its lock.
/// Process ids are not enough for a name: two PCs building on one network drive can
/// have the same.
pub(super) fn new_staging(siblings: &Siblings) -> Result<(PathBuf, StagingLock), WriteError> {
    use std::hash::BuildHasher;
    let mut tries = 0;
    loop {
        tries += 1;
        // std's hasher keys are random per process and differ per `RandomState`.
        let id = std::collections::hash_map::RandomState::new().hash_one(std::process::id());
        let dir = siblings.path(&format!("staging-{id:016x}"));
        let path = lock_path(&dir);
        let lock = match Lock::create(&path) {
            Ok(lock) => StagingLock { lock, path },
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 10 => continue,
            Err(error) => return Err(WriteError::Io { action: Action::Write, path, error }),
        };
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok((dir, lock)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 10 => lock.release(),
            Err(error) => {
                lock.release();
                return Err(WriteError::Io { action: Action::CreateFolder, path: dir, error });
            }
        }
    }
}

/// A folder of an earlier build that could not be removed.
#[derive(Debug)]
pub struct Leftover {
    pub path: PathBuf,
    /// What holds it, where that could be found (Windows).
    pub held: Vec<PathBuf>,
    pub error: io::Error,
}

impl Leftover {
    /// What could not be removed and why, for a note after the build.
    pub fn message(&self) -> Msg {
        if self.held.is_empty() {
            msg!("output-leftover", path = shown(&self.path), reason = io_error(&self.error))
        } else {
            msg!(
                "output-leftover-held",
                path = shown(&self.path),
                held = Arg::List(self.held.iter().map(|p| Arg::Text(shown(p))).collect()),
                count = self.held.len()
            )
        }
    }
}

/// Removes a site that is no longer the output: its marker first, so that it is never
/// taken for a whole site again, then the rest.
fn remove_site(path: &Path, retried: bool) -> Option<Leftover> {
    let _ = std::fs::remove_file(path.join(MARKER));
    let removed = if retried { platform::retry(|| platform::remove_tree(path)) } else { platform::remove_tree(path) };
    removed.err().map(|error| Leftover { path: path.to_path_buf(), held: platform::held_files(path, NAMED), error })
}

/// Puts `staging` in place of `out`. Where the system offers it, the two folders are
/// exchanged in one step; otherwise (Windows) the old folder is moved aside first, and
/// [`recover_interrupted_swap`] repairs a build killed between the two renames.
/// Returns the old site if it could not be removed.
pub(super) fn swap_in(staging: &Path, out: &Path, siblings: &Siblings) -> Result<Option<Leftover>, WriteError> {
    if !out.exists() {
        platform::retry(|| platform::rename(staging, out)).map_err(failed(Action::Move, staging))?;
        return Ok(None);
    }
    if platform::exchange(staging, out).is_ok() {
        // `staging` now holds the old site; if it stays, its lock tells the next build.
        return Ok(remove_site(staging, false));
    }
    // A name no leftover has: an old site that could not be removed keeps its own.
    let mut n = 0;
    while std::fs::symlink_metadata(siblings.old(n)).is_ok() {
        n += 1;
    }
    let old = siblings.old(n);
    platform::retry(|| platform::rename(out, &old)).map_err(|error| not_replaced(out, out, error))?;
    if let Err(error) = platform::retry(|| platform::rename(staging, out)) {
        let _ = platform::retry(|| platform::rename(&old, out));
        return Err(not_replaced(out, staging, error));
    }
    Ok(remove_site(&old, true))
}

/// The error for an output that could not be moved: who holds `holder` when it is held.
fn not_replaced(out: &Path, holder: &Path, error: io::Error) -> WriteError {
    if platform::is_held(&error) {
        WriteError::Held { out: out.to_path_buf(), held: platform::held_files(holder, NAMED), error }
    } else {
        WriteError::Io { action: Action::Move, path: holder.to_path_buf(), error }
    }
}

/// If a build was killed after moving the old site aside, puts it back.
pub(super) fn recover_interrupted_swap(siblings: &Siblings, out: &Path) {
    if std::fs::symlink_metadata(out).is_ok() {
        return;
    }
    for (path, kind) in siblings.each() {
        if matches!(kind, Sibling::Old)
            && path.join(MARKER).is_file()
            && platform::retry(|| platform::rename(&path, out)).is_ok()
        {
            return;
        }
    }
}

/// Removes the staging folders of builds that no longer run (their lock is free, or
/// they have none: earlier versions of zaitaku named them by process id) and the old sites of
/// earlier builds. Returns those that could not be removed. Never waits: a file held
/// now is reported, and the folder is tried again by the next build.
pub(super) fn remove_leftovers(siblings: &Siblings, out: &Path) -> Vec<Leftover> {
    let mut left = Vec::new();
    // With no output, an old site may be the last good one: never remove it then.
    let out_exists = std::fs::symlink_metadata(out).is_ok();
    for (path, kind) in siblings.each() {
        match kind {
            Sibling::Old if out_exists => left.extend(remove_site(&path, false)),
            Sibling::Old => {}
            Sibling::Staging => {
                let lock = lock_path(&path);
                match Lock::take(&lock) {
                    Ok(Taken::Free(taken)) => {
                        left.extend(remove_site(&path, false));
                        drop(taken);
                        let _ = std::fs::remove_file(&lock);
                    }
                    Ok(Taken::Missing) => left.extend(remove_site(&path, false)),
                    Ok(Taken::Held) | Err(_) => {}
                }
            }
            // A lock whose folder is gone: its build moved it in place, or was killed
            // before making it.
            Sibling::StagingLock => {
                if std::fs::symlink_metadata(path.with_extension("")).is_err() {
                    if let Ok(Taken::Free(taken)) = Lock::take(&path) {
                        drop(taken);
                        let _ = std::fs::remove_file(&path);
                    }
                }
            }
        }
    }
    left
}

#[cfg(all(test, unix))]
mod tests {
    use super::super::Staging;
    use super::*;
    use crate::model::OutputFile;
    use crate::platform::faults;

    fn site(text: &str) -> Vec<OutputFile> {
        vec![OutputFile { path: "a/index.html".into(), bytes: text.as_bytes().to_vec() }]
    }

    fn build(out: &Path, text: &str) -> Vec<Leftover> {
        let staging = Staging::begin(out).unwrap();
        assert!(staging.write(&site(text)));
        staging.commit().unwrap()
    }

    fn page(out: &Path) -> String {
        std::fs::read_to_string(out.join("a/index.html")).unwrap()
    }

    /// Names beside the output, sorted.
    fn beside(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A staging folder whose swap goes the way it must on Windows: the output moved
    /// aside, then the new site moved in.
    fn begin_without_exchange(out: &Path, text: &str) -> Staging {
        let staging = Staging::begin(out).unwrap();
        assert!(staging.write(&site(text)));
        faults::hold(&staging.dir, 1);
        staging
    }

    #[test]
    fn an_output_held_for_a_moment_is_replaced_after_retries() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, "1");
        let staging = begin_without_exchange(&out, "2");
        faults::hold(&out, 3);
        assert!(staging.commit().unwrap().is_empty());
        assert_eq!(page(&out), "2");
        assert_eq!(beside(&out), ["public"]);
    }

    #[test]
    fn an_output_held_for_good_is_reported_and_left_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, "1");
        let staging = begin_without_exchange(&out, "2");
        faults::hold(&out, usize::MAX);
        let e = staging.commit().unwrap_err();
        assert!(matches!(e, WriteError::Held { .. }), "{e:?}");
        let message = e.to_string();
        assert!(message.starts_with(&format!("cannot replace {}: ", out.display())), "{message}");
        assert!(message.contains("open in another program") && message.contains("build again"), "{message}");
        let ja = crate::i18n::Lang::Ja.text(&e.message());
        assert!(ja.starts_with(&format!("{} を置き換えられません", out.display())), "{ja}");
        assert_eq!(page(&out), "1");
        assert_eq!(beside(&out), ["public"], "the staging folder and its lock are gone");
    }

    #[test]
    fn the_new_site_held_after_the_old_one_moved_aside_puts_the_old_one_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, "1");
        let staging = begin_without_exchange(&out, "2");
        // The exchange takes one; the rename of the new site into place the rest.
        faults::hold(&staging.dir, usize::MAX);
        assert!(matches!(staging.commit(), Err(WriteError::Held { .. })));
        assert_eq!(page(&out), "1");
        // What holds the new site keeps it from being removed too; once it lets go, the
        // next build removes it (its lock is gone with the build that made it).
        assert_eq!(beside(&out).len(), 2);
        faults::clear();
        build(&out, "3");
        assert_eq!(beside(&out), ["public"]);
    }

    #[test]
    fn an_old_site_that_cannot_be_removed_is_reported_and_the_next_build_uses_another_name() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = tmp.path().join(".public.old");
        build(&out, "1");
        let staging = begin_without_exchange(&out, "2");
        faults::hold(&old, usize::MAX);
        let left = staging.commit().unwrap();
        assert_eq!(page(&out), "2", "the new site is in place all the same");
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].path, old);
        assert!(crate::i18n::Lang::En.text(&left[0].message()).contains("the first build after it is closed removes it"));
        assert!(!old.join(MARKER).exists(), "unmarked first: never taken for a whole site");

        // Still held: reported again, and the next old site takes another name.
        let staging = begin_without_exchange(&out, "3");
        assert_eq!(staging.commit().unwrap().len(), 1);
        assert_eq!(page(&out), "3");
        assert_eq!(beside(&out), [".public.old", "public"], ".public.old-1 was removed");

        // Let go: the next build removes it.
        faults::clear();
        assert!(build(&out, "4").is_empty());
        assert_eq!(beside(&out), ["public"]);
    }

    #[test]
    fn a_site_moved_aside_by_a_killed_build_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, "1");
        // Killed between the two renames: the old site is aside, the output is gone.
        std::fs::rename(&out, tmp.path().join(".public.old-2")).unwrap();
        // A half-removed older one, unmarked, must not be taken for it.
        std::fs::create_dir_all(tmp.path().join(".public.old/a")).unwrap();
        let staging = Staging::begin(&out).unwrap();
        assert_eq!(page(&out), "1");
        drop(staging);
        assert_eq!(page(&out), "1");
        assert_eq!(beside(&out), ["public"]);
    }

    #[test]
    fn a_running_builds_staging_folder_is_kept_and_an_abandoned_one_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, "1");
        // Another build, running (on this PC or another): its lock is held.
        let running = Staging::begin(&out).unwrap();
        let running_dir = running.dir.clone();
        // One killed: its folder and lock file are there, and no one holds the lock.
        let killed = tmp.path().join(".public.staging-0123456789abcdef");
        std::fs::create_dir_all(killed.join("a")).unwrap();
        std::fs::write(lock_path(&killed), "").unwrap();
        // And one from a zaitaku that named them by process id, without a lock.
        std::fs::create_dir_all(tmp.path().join(".public.staging-4242/a")).unwrap();

        build(&out, "2");
        assert_eq!(page(&out), "2");
        assert!(running_dir.is_dir(), "a running build's folder is kept");
        assert!(!killed.exists() && !tmp.path().join(".public.staging-4242").exists());
        drop(running);
        assert_eq!(beside(&out), ["public"]);
    }
}
