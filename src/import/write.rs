//! Writing an import all or nothing.
//!
//! 1. Every new text goes to a temporary file beside its target (`.<name>.zaitaku-import`;
//!    the loader skips names starting with `.`). A failure here removes them all: the
//!    project is as it was.
//! 2. The list of renames is written to `.zaitaku-import.journal` (itself through a
//!    temporary file and a rename). This is the commit point.
//! 3. Each temporary file is renamed over its target, then the journal is removed.
//!
//! A process killed before step 2 leaves only temporary files, which the next import
//! removes; killed after it, the next import finishes the renames from the journal. Each
//! record file is replaced by one rename, so no reader ever sees half a file. On Linux the
//! temporary files are flushed to the disk (one `syncfs`) before the commit point; on
//! other systems a power failure in the middle of an import can lose or damage it.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

const JOURNAL: &str = ".zaitaku-import.journal";
const TEMP_SUFFIX: &str = ".zaitaku-import";

fn temp_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}{TEMP_SUFFIX}"))
}

/// Writes `files` (project-relative paths) into the project at `root`, all or nothing.
pub fn apply(root: &Path, files: &[(PathBuf, String)]) -> std::io::Result<()> {
    let pairs: Vec<(PathBuf, PathBuf)> = files
        .iter()
        .map(|(rel, _)| {
            let target = root.join(rel);
            (temp_path(&target), target)
        })
        .collect();
    let staged = (|| {
        let dirs: BTreeSet<&Path> = pairs.iter().filter_map(|(_, target)| target.parent()).collect();
        for dir in dirs {
            std::fs::create_dir_all(dir)?;
        }
        for ((temp, _), (_, text)) in pairs.iter().zip(files) {
            std::fs::write(temp, text)?;
        }
        flush_all(root)?;
        let journal: String = pairs.iter().map(|(t, f)| format!("{}\t{}\n", rel(root, t), rel(root, f))).collect();
        let journal_temp = root.join(format!("{JOURNAL}.tmp"));
        let mut f = std::fs::File::create(&journal_temp)?;
        f.write_all(journal.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&journal_temp, root.join(JOURNAL))
    })();
    if let Err(e) = staged {
        for (temp, _) in &pairs {
            let _ = std::fs::remove_file(temp);
        }
        let _ = std::fs::remove_file(root.join(format!("{JOURNAL}.tmp")));
        return Err(e);
    }
    finish(root)?;
    Ok(())
}

/// Puts every temporary file on the disk before the commit point, so that a power
/// failure after it cannot rename an empty file over a record. One `syncfs` on Linux
/// instead of an fsync per file (which would take longer than the import); elsewhere
/// the operating system writes them out in its own time.
fn flush_all(root: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let dir = std::fs::File::open(root)?;
        rustix::fs::syncfs(&dir)?;
    }
    #[cfg(not(target_os = "linux"))]
    let _ = root;
    Ok(())
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Completes the renames of a committed journal and removes it; returns how many files
/// it renamed. With no journal, removes temporary files an import killed before its
/// commit point left behind, and returns 0.
pub fn finish(root: &Path) -> std::io::Result<usize> {
    let journal = root.join(JOURNAL);
    let text = match std::fs::read_to_string(&journal) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            remove_stale_temps(root);
            return Ok(0);
        }
        Err(e) => return Err(e),
    };
    let mut renamed = 0;
    for line in text.lines() {
        let Some((temp, target)) = line.split_once('\t') else { continue };
        let temp = root.join(temp);
        // Already renamed before an interruption: nothing left to do for this one.
        if temp.exists() {
            std::fs::rename(&temp, root.join(target))?;
            renamed += 1;
        }
    }
    std::fs::remove_file(&journal)?;
    Ok(renamed)
}

/// Whether an import was interrupted after its commit point (its renames are unfinished).
pub fn pending(root: &Path) -> bool {
    root.join(JOURNAL).exists()
}

fn remove_stale_temps(root: &Path) {
    let _ = std::fs::remove_file(root.join(format!("{JOURNAL}.tmp")));
    let Ok(regions) = std::fs::read_dir(root.join("content/regions")) else { return };
    for region in regions.flatten() {
        let Ok(files) = std::fs::read_dir(region.path().join("institutions")) else { continue };
        for f in files.flatten() {
            if f.file_name().to_string_lossy().ends_with(TEMP_SUFFIX) {
                let _ = std::fs::remove_file(f.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_journal_is_finished_and_stale_temporaries_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let inst = root.join("content/regions/r/institutions");
        std::fs::create_dir_all(&inst).unwrap();
        std::fs::write(inst.join("a.toml"), "old").unwrap();
        // Killed after the commit point: a temp and the journal naming it.
        std::fs::write(inst.join(".a.toml.zaitaku-import"), "new").unwrap();
        std::fs::write(
            root.join(JOURNAL),
            "content/regions/r/institutions/.a.toml.zaitaku-import\tcontent/regions/r/institutions/a.toml\n",
        )
        .unwrap();
        assert_eq!(finish(root).unwrap(), 1);
        assert_eq!(std::fs::read_to_string(inst.join("a.toml")).unwrap(), "new");
        assert!(!root.join(JOURNAL).exists());
        // Killed before it: temps only, removed; the record untouched.
        std::fs::write(inst.join(".b.toml.zaitaku-import"), "half").unwrap();
        assert_eq!(finish(root).unwrap(), 0);
        assert!(!inst.join(".b.toml.zaitaku-import").exists());
        assert_eq!(std::fs::read_dir(&inst).unwrap().count(), 1);
    }

    #[test]
    fn apply_writes_new_and_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            (PathBuf::from("content/regions/r/institutions/a.toml"), "a".to_string()),
            (PathBuf::from("content/regions/s/institutions/b.toml"), "b".to_string()),
        ];
        apply(dir.path(), &files).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join(&files[1].0)).unwrap(), "b");
        assert!(!dir.path().join(JOURNAL).exists());
    }
}
