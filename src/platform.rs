//! What differs between Windows and Linux, in one place. Each item states the Windows
//! behaviour it handles; the rest of the crate calls these and reads the same on every
//! platform. Nothing here needs `unsafe`: std, `rustix` and `dunce` wrap the calls
//! (`windows-sys` gives only the constants).
//!
//! The console, stated here because it needs no code:
//! - **Windows console**: Rust's std writes to a console with `WriteConsoleW` (UTF-16),
//!   so Japanese shows intact in cmd, PowerShell and Windows Terminal whatever the
//!   console's code page (932 on Japanese Windows). We do not call `SetConsoleOutputCP`:
//!   the console does not need it, and it would change the code page of the window the
//!   staff member goes on using after zaitaku exits (and stay changed if zaitaku is
//!   killed).
//! - **Pipes and files**: what is redirected is UTF-8, the same bytes as on Linux. cmd's
//!   `> log.txt` keeps them, and Notepad and editors read the file; cmd's `type` and
//!   `findstr` show it garbled in a code page 932 console. Windows PowerShell 5.1 decodes
//!   a program's output with `[Console]::OutputEncoding` (code page 932 on Japanese
//!   Windows) when it pipes or redirects it, and garbles it unless that is set to UTF-8
//!   first (README, "On Windows", says how). Setting the console's code page from here
//!   would not help: PowerShell chose its decoder before zaitaku started.
//!
//! Paths in messages: diagnostics name project files relative to the project with `/`
//! (`content/regions/hokubu/institutions/a.toml`), the same on every platform, as the
//! content contract writes them and as staff paste them into tickets; PowerShell and
//! editors open them as they are. Folders outside the project's files (the project
//! and output folders) are shown by [`shown`], in the platform's own form.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A path as the platform writes it, for messages.
///
/// Windows: `canonicalize` returns verbatim paths (`\\?\C:\…`, `\\?\UNC\server\share\…`)
/// that staff have never seen and Explorer does not take; they are shown without the
/// prefix where that names the same file (`dunce`), and every `/` that came from an
/// argument is shown as `\`.
pub fn shown(path: &Path) -> String {
    let plain = dunce::simplified(path).display().to_string();
    if cfg!(windows) && !plain.starts_with(r"\\?\") { plain.replace('/', "\\") } else { plain }
}

/// Whether `error` means that another program holds the file or folder open.
///
/// Windows: a file open without `FILE_SHARE_DELETE` (Excel keeps every workbook and CSV
/// open that way; editors, virus scanners and Explorer's preview hold files briefly)
/// cannot be deleted or renamed, nor (on NTFS) can the folders around it: error 32
/// (sharing violation), 33 (lock violation), or 5 (access denied, also what a folder
/// rename returns while a file or a terminal's current folder inside it is open).
/// Linux: a CIFS mount returns `EBUSY` when a Windows user of the share holds the file.
pub fn is_held(error: &io::Error) -> bool {
    #[cfg(windows)]
    {
        use windows_sys::Win32::Foundation::{ERROR_ACCESS_DENIED, ERROR_LOCK_VIOLATION, ERROR_SHARING_VIOLATION};
        let code = error.raw_os_error().and_then(|c| u32::try_from(c).ok());
        code.is_some_and(|c| [ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION].contains(&c))
    }
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(rustix::io::Errno::BUSY.raw_os_error())
    }
    #[cfg(not(any(windows, unix)))]
    {
        let _ = error;
        false
    }
}

/// How long to wait before each retry of an operation refused by [`is_held`]: about 2 s
/// in all, enough for a virus scanner or Explorer's preview to let go of a file it
/// opened to look at, short enough that a file held for good (open in Excel) is
/// reported without making anyone wait.
const RETRY_WAITS_MS: [u64; 7] = [20, 50, 100, 200, 400, 600, 600];

/// Runs `op`, and again while it fails because a file is held (see [`is_held`]).
pub fn retry<T>(mut op: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    let mut waits = RETRY_WAITS_MS.iter();
    loop {
        match op() {
            Err(e) if is_held(&e) => match waits.next() {
                Some(&ms) => std::thread::sleep(Duration::from_millis(ms)),
                None => return Err(e),
            },
            result => return result,
        }
    }
}

/// `std::fs::rename`, once (wrap it in [`retry`] where a held file may let go).
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(test)]
    if let Some(e) = faults::take(from) {
        return Err(e);
    }
    std::fs::rename(from, to)
}

/// `std::fs::remove_dir_all`, once; a folder that is not there is no error.
///
/// Windows: a held file stops it half-way (error 32), with the files before it gone;
/// calling it again goes on from there.
pub fn remove_tree(path: &Path) -> io::Result<()> {
    #[cfg(test)]
    if let Some(e) = faults::take(path) {
        return Err(e);
    }
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Exchanges two folders in one step where the system can (Linux: `renameat2` with
/// `RENAME_EXCHANGE`). Windows has no such call: the caller moves the old folder aside
/// first and repairs a build killed between the two renames.
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(test)]
    if let Some(e) = faults::take(a) {
        return Err(e);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        Ok(renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE)?)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Err(io::ErrorKind::Unsupported.into())
    }
}

/// Up to `limit` files and folders, `dir` and those under it, that another program
/// holds open so that they cannot be deleted, to name in a message ("close …").
///
/// Windows: each is opened asking for `DELETE` access while sharing everything, which
/// fails exactly when some other handle does not share deletion; a folder counts too (a
/// terminal whose current folder it is). Elsewhere nothing holds a file that way, and
/// nothing is found.
#[cfg(windows)]
pub fn held_files(dir: &Path, limit: usize) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if open_for_delete(dir).is_err_and(|e| is_held(&e)) {
        found.push(dir.to_path_buf());
    }
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            if found.len() >= limit {
                return found;
            }
            let path = entry.path();
            if open_for_delete(&path).is_err_and(|e| is_held(&e)) {
                found.push(path.clone());
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                folders.push(path);
            }
        }
    }
    found
}

#[cfg(not(windows))]
pub fn held_files(_dir: &Path, _limit: usize) -> Vec<PathBuf> {
    Vec::new()
}

#[cfg(windows)]
fn open_for_delete(path: &Path) -> io::Result<File> {
    use std::os::windows::fs::OpenOptionsExt;
    use windows_sys::Win32::Storage::FileSystem::{
        DELETE, FILE_FLAG_BACKUP_SEMANTICS, FILE_SHARE_DELETE, FILE_SHARE_READ, FILE_SHARE_WRITE,
    };
    OpenOptions::new()
        .access_mode(DELETE)
        .share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
        // Needed to open a folder; ignored for files.
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
        .open(path)
}

/// The name of the network file system `path` is on, if we can tell: change
/// notifications there often miss what other computers change.
///
/// Linux: the file system's magic number (`statfs`).
/// Windows: `canonicalize` turns a drive letter mapped to a share (`S:\…`) into the
/// share's own name (`\\?\UNC\server\share\…`), so a UNC path is a network one
/// whichever way it was typed; this needs no `GetDriveTypeW`, which only `unsafe` could
/// call.
#[cfg(target_os = "linux")]
pub fn network_file_system(path: &Path) -> Option<&'static str> {
    let stat = rustix::fs::statfs(path).ok()?;
    // f_type's width differs between architectures; the magic numbers are 32-bit.
    #[allow(clippy::unnecessary_cast)]
    network_magic(stat.f_type as u32)
}

/// Linux's magic numbers (statfs(2)) of the file systems whose changes inotify may
/// not see: those are made by other computers.
#[cfg(any(target_os = "linux", test))]
fn network_magic(f_type: u32) -> Option<&'static str> {
    match f_type {
        0x6969 => Some("NFS"),
        0x517b => Some("SMB"),
        0xff53_4d42 => Some("CIFS"),
        0xfe53_4d42 => Some("SMB2"),
        // WSL 2 shows Windows drives (/mnt/c) over 9P; inotify sees none of their changes.
        0x0102_1997 => Some("9P"),
        _ => None,
    }
}

#[cfg(windows)]
pub fn network_file_system(path: &Path) -> Option<&'static str> {
    use std::path::{Component, Prefix};
    let canonical = path.canonicalize().ok()?;
    let Some(Component::Prefix(prefix)) = canonical.components().next() else { return None };
    matches!(prefix.kind(), Prefix::UNC(..) | Prefix::VerbatimUNC(..)).then_some("SMB")
}

#[cfg(not(any(target_os = "linux", windows)))]
pub fn network_file_system(_: &Path) -> Option<&'static str> {
    None
}

/// A lock file that says "this build is running": held until dropped, let go by the
/// system when the process ends, however it ends. Process ids would not do: they mean
/// nothing to another PC building on the same network drive, and Windows has no `kill
/// 0` to ask whether one is alive.
///
/// Windows: the file is held open without sharing, so no one else can open it until
/// our handle closes (SMB carries that to other PCs on the share).
/// Linux: an exclusive `flock` (NFS carries it as a lock of the whole file).
#[derive(Debug)]
pub struct Lock(#[allow(dead_code)] File);

/// What [`Lock::take`] found.
#[derive(Debug)]
pub enum Taken {
    /// Nobody held it; now we do.
    Free(Lock),
    /// A running process holds it.
    Held,
    /// There is no such lock file.
    Missing,
}

impl Lock {
    /// Creates the lock file `path` (it must not exist) and holds it.
    pub fn create(path: &Path) -> io::Result<Lock> {
        let file = exclusive().write(true).create_new(true).open(path)?;
        #[cfg(unix)]
        rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive)?;
        Ok(Lock(file))
    }

    /// Takes the existing lock file `path` if no running process holds it.
    pub fn take(path: &Path) -> io::Result<Taken> {
        // Written to as well as read: NFS grants a whole-file lock only to a writer.
        let file = match exclusive().read(true).write(true).open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Taken::Missing),
            #[cfg(windows)]
            Err(e) if is_held(&e) => return Ok(Taken::Held),
            Err(e) => return Err(e),
        };
        #[cfg(unix)]
        match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
            Err(rustix::io::Errno::WOULDBLOCK) => return Ok(Taken::Held),
            other => other?,
        }
        Ok(Taken::Free(Lock(file)))
    }
}

/// Open options that, on Windows, share nothing with other openers.
#[cfg_attr(not(windows), allow(unused_mut))]
fn exclusive() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(windows)]
    std::os::windows::fs::OpenOptionsExt::share_mode(&mut options, 0);
    options
}

/// Injected failures for tests of what callers do when a file stays held.
#[cfg(test)]
pub(crate) mod faults {
    use std::cell::RefCell;
    use std::path::{Path, PathBuf};

    thread_local! {
        static HELD: RefCell<Vec<(PathBuf, usize)>> = const { RefCell::new(Vec::new()) };
    }

    /// The next `times` renames, exchanges or removals of `path`, on this thread, fail
    /// as if a file in it were held open by another program.
    pub fn hold(path: &Path, times: usize) {
        HELD.with(|h| h.borrow_mut().push((path.to_path_buf(), times)));
    }

    /// Every injected failure lets go.
    pub fn clear() {
        HELD.with(|h| h.borrow_mut().clear());
    }

    pub(super) fn take(path: &Path) -> Option<std::io::Error> {
        HELD.with(|h| {
            let mut held = h.borrow_mut();
            let (_, left) = held.iter_mut().find(|(p, left)| p == path && *left > 0)?;
            *left -= 1;
            Some(held_error())
        })
    }

    pub fn held_error() -> std::io::Error {
        #[cfg(windows)]
        return std::io::Error::from_raw_os_error(32);
        #[cfg(unix)]
        return std::io::Error::from_raw_os_error(rustix::io::Errno::BUSY.raw_os_error());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn held_files_are_retried_for_about_two_seconds_and_other_errors_not_at_all() {
        let mut calls = 0;
        let started = Instant::now();
        let r = retry(|| {
            calls += 1;
            if calls < 4 { Err(faults::held_error()) } else { Ok(calls) }
        });
        assert_eq!(r.unwrap(), 4, "succeeds once the file is let go");

        let mut calls = 0;
        let e = retry::<()>(|| {
            calls += 1;
            Err(faults::held_error())
        })
        .unwrap_err();
        assert!(is_held(&e));
        assert_eq!(calls, RETRY_WAITS_MS.len() + 1);
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(1970) && waited < Duration::from_secs(10), "{waited:?}");

        let mut calls = 0;
        let e = retry::<()>(|| {
            calls += 1;
            Err(io::ErrorKind::NotFound.into())
        })
        .unwrap_err();
        assert_eq!((calls, e.kind()), (1, io::ErrorKind::NotFound));
    }

    #[test]
    fn a_lock_is_held_until_dropped_and_then_free_to_take() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("build.lock");
        assert!(matches!(Lock::take(&path).unwrap(), Taken::Missing));
        let lock = Lock::create(&path).unwrap();
        assert!(Lock::create(&path).is_err(), "a second build cannot create the same lock");
        assert!(matches!(Lock::take(&path).unwrap(), Taken::Held));
        drop(lock);
        let Taken::Free(taken) = Lock::take(&path).unwrap() else { panic!("the lock was let go") };
        assert!(matches!(Lock::take(&path).unwrap(), Taken::Held), "whoever takes it holds it");
        drop(taken);
    }

    #[test]
    fn network_file_systems_are_recognised_by_their_magic_numbers() {
        assert_eq!(network_magic(0x6969), Some("NFS"));
        assert_eq!(network_magic(0xff53_4d42), Some("CIFS"));
        assert_eq!(network_magic(0xfe53_4d42), Some("SMB2"));
        assert_eq!(network_magic(0xef53), None, "ext4");
        assert_eq!(network_magic(0x0102_1994), None, "tmpfs");
    }

    #[test]
    fn paths_are_shown_in_the_platform_form() {
        let tmp = tempfile::tempdir().unwrap();
        let canonical = tmp.path().canonicalize().unwrap();
        assert!(!shown(&canonical).starts_with(r"\\?\"), "{}", shown(&canonical));
        assert_eq!(shown(Path::new("a/b")), if cfg!(windows) { r"a\b" } else { "a/b" });
    }
}
