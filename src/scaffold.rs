//! `zaitaku new`: a working project to start from, made of the example content that
//! this repository's own root holds (compiled in, so the binary alone is enough).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::i18n::{Msg, io_error};
use crate::model::Date;
use crate::msg;

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

/// Creates the project in `dir`, which must not exist or be empty. The sample records
/// and articles are dated `today` (their `verified`, `as_of` and `updated`): the sample is
/// fictional, and a project must not warn about stale records on the day it is made.
pub fn create(dir: &Path, today: Date) -> Result<usize, Msg> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
        if !empty {
            return Err(msg!("new-not-empty", dir = crate::platform::shown(dir)));
        }
    }
    let files = files();
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| msg!("new-cannot-create", path = crate::platform::shown(parent), reason = io_error(&e)))?;
        }
        let bytes = if path.ends_with(crate::load::AVAILABILITY_FILE) { header_only(bytes) } else { dated(path, bytes, today) };
        std::fs::write(&target, &bytes)
            .map_err(|e| msg!("new-cannot-write", path = crate::platform::shown(&target), reason = io_error(&e)))?;
    }
    Ok(files.len())
}

/// The keys whose dates say when the sample was checked or written.
const DATED_KEYS: &[&str] = &["verified", "as_of", "updated"];

/// `bytes` with the date of every top-level `verified = `, `as_of = ` and `updated = `
/// line set to `today` (content files only; the comments and layout stay).
fn dated(path: &Path, bytes: &[u8], today: Date) -> Vec<u8> {
    let is_content = path.starts_with("content") && path.extension().is_some_and(|e| e == "toml" || e == "md");
    let Some(text) = is_content.then(|| std::str::from_utf8(bytes).ok()).flatten() else { return bytes.to_vec() };
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let key = line.split('=').next().unwrap_or("").trim();
        let value = line.split_once('=').map(|(_, v)| v.trim_start());
        match value {
            Some(v) if DATED_KEYS.contains(&key) && v.len() >= 10 && v[..10].parse::<Date>().is_ok() => {
                let at = line.len() - v.len();
                out.push_str(&line[..at]);
                out.push_str(&today.to_string());
                out.push_str(&v[10..]);
            }
            _ => out.push_str(line),
        }
    }
    out.into_bytes()
}

/// A new project's vacancy files keep their header and no figure: sample figures would
/// be published as facts (and be stale within two days), while the header shows staff
/// where to write theirs; the vacancy page then lists whom to call.
fn header_only(bytes: &[u8]) -> Vec<u8> {
    let end = bytes.iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| i + 1);
    bytes[..end].to_vec()
}
