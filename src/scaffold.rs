//! `zaitaku new`: a working project to start from, made of the example content that
//! this repository's own root holds (compiled in, so the binary alone is enough).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static SITE_TOML: &str = include_str!("../site.toml");

/// Every file of a new project, as (relative path, bytes).
fn files() -> Vec<(PathBuf, &'static [u8])> {
    let mut out = vec![(PathBuf::from("site.toml"), SITE_TOML.as_bytes())];
    let mut stack = vec![&CONTENT];
    while let Some(dir) = stack.pop() {
        for f in dir.files() {
            out.push((Path::new("content").join(f.path()), f.contents()));
        }
        stack.extend(dir.dirs());
    }
    out.sort();
    out
}

/// Creates the project in `dir`, which must not exist or be empty.
pub fn create(dir: &Path) -> Result<usize, String> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty {
            return Err(format!("{} already exists and is not empty", crate::platform::shown(dir)));
        }
    }
    let files = files();
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", crate::platform::shown(parent)))?;
        }
        std::fs::write(&target, bytes).map_err(|e| format!("cannot write {}: {e}", crate::platform::shown(&target)))?;
    }
    Ok(files.len())
}
