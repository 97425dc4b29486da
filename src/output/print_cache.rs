//! The print cache: a PDF whose inputs have not changed since the last build is taken
//! from that build's output instead of being typeset again.
//!
//! It is content-addressed. A PDF's [`PrintKey`] is the SHA-256 of everything it is
//! made from — the typesetter's identity (zaitaku's version and every locked dependency
//! version, typst's among them), the font, every file of the layout, and the data —
//! and the output folder keeps, beside its PDFs, a manifest (`.zaitaku-print`) of each
//! PDF's key and the SHA-256 of its bytes. A hit needs both to match: the key, so the
//! inputs are the same, and the bytes, so the file is the one that was made from them
//! (not one edited or replaced since). A wrong hit would need a SHA-256 collision.
//!
//! The manifest is written into the staging folder with the rest of the site, so it is
//! swapped in with the PDFs it describes, or not at all.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's name at the root of the output folder.
pub const MANIFEST: &str = ".zaitaku-print";

/// The SHA-256 of every input of one PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PrintKey([u8; 32]);

impl PrintKey {
    /// The key of `parts`, in order. Each part is length-prefixed, so no two different
    /// lists of parts hash the same bytes.
    pub fn new<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> PrintKey {
        let mut h = Sha256::new();
        for part in parts {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        PrintKey(h.finalize().into())
    }

    pub fn hex(&self) -> String {
        hex(&self.0)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// What is known of a PDF besides its bytes, kept so that a cache hit tells as much as
/// typesetting would: its page count (the region's page shows it) and the layout's
/// warnings (reported on every build, not only the first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintFacts {
    pub pages: usize,
    pub warnings: Vec<crate::print::LayoutWarning>,
}

/// One PDF as the manifest records it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    key: String,
    sha256: String,
    #[serde(flatten)]
    facts: PrintFacts,
}

/// A PDF just made or reused, to be recorded in the new manifest.
#[derive(Debug, Clone)]
pub struct Printed {
    /// The PDF's path in the site (`hokubu/guidebook.pdf`).
    pub path: String,
    pub key: PrintKey,
    pub facts: PrintFacts,
    /// Taken from the store rather than typeset.
    pub reused: bool,
}

/// Where print stages look for PDFs already made.
pub trait PrintStore: Sync {
    /// The bytes and facts of the PDF made from exactly the inputs of `key`, if kept.
    fn get(&self, key: &PrintKey) -> Option<(Vec<u8>, PrintFacts)>;
}

/// No cache: every PDF is typeset.
pub struct NoStore;

impl PrintStore for NoStore {
    fn get(&self, _: &PrintKey) -> Option<(Vec<u8>, PrintFacts)> {
        None
    }
}

/// The PDFs of a previous output folder, by key.
#[derive(Default)]
pub struct PreviousOutput {
    dir: PathBuf,
    /// key (hex) → (path in the site, entry)
    by_key: HashMap<String, (String, Entry)>,
}

impl PreviousOutput {
    /// Reads the manifest of the output folder `dir`. A folder without one, or with one
    /// that does not parse, is an empty cache: everything is typeset.
    pub fn open(dir: &Path) -> PreviousOutput {
        let manifest: BTreeMap<String, Entry> = std::fs::read(dir.join(MANIFEST))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        let by_key = manifest.into_iter().map(|(path, e)| (e.key.clone(), (path, e))).collect();
        PreviousOutput { dir: dir.to_path_buf(), by_key }
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

impl PrintStore for PreviousOutput {
    fn get(&self, key: &PrintKey) -> Option<(Vec<u8>, PrintFacts)> {
        let (path, entry) = self.by_key.get(&key.hex())?;
        // Only a plain file inside the folder: the manifest names site paths, never `..`.
        if path.split('/').any(|p| p.is_empty() || p == "." || p == "..") {
            return None;
        }
        let file = self.dir.join(path);
        if !std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let bytes = std::fs::read(&file).ok()?;
        (sha256_hex(&bytes) == entry.sha256).then(|| (bytes, entry.facts.clone()))
    }
}

/// PDFs kept in memory between rebuilds (`serve`): the last ones made for each path.
#[derive(Default)]
pub struct MemoryStore {
    by_key: Mutex<HashMap<PrintKey, (String, std::sync::Arc<Vec<u8>>, PrintFacts)>>,
}

impl MemoryStore {
    /// Keeps `bytes` as the PDF of `printed`, replacing what was kept for its path.
    pub fn put(&self, printed: &Printed, bytes: &[u8]) {
        let mut map = self.by_key.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.retain(|_, (path, _, _)| *path != printed.path);
        map.insert(printed.key, (printed.path.clone(), std::sync::Arc::new(bytes.to_vec()), printed.facts.clone()));
    }
}

impl PrintStore for MemoryStore {
    fn get(&self, key: &PrintKey) -> Option<(Vec<u8>, PrintFacts)> {
        let map = self.by_key.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(key).map(|(_, bytes, facts)| (bytes.to_vec(), facts.clone()))
    }
}

/// The manifest of a new output folder, filled as PDFs are made.
#[derive(Default)]
pub struct Manifest {
    entries: Mutex<BTreeMap<String, Entry>>,
}

impl Manifest {
    /// Records that `bytes` at `printed.path` were made from `printed.key`.
    pub fn record(&self, printed: &Printed, bytes: &[u8]) {
        let entry = Entry { key: printed.key.hex(), sha256: sha256_hex(bytes), facts: printed.facts.clone() };
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(printed.path.clone(), entry);
    }

    /// The manifest file's bytes (sorted by path, so the same site gives the same file).
    pub fn to_bytes(&self) -> Vec<u8> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut bytes = serde_json::to_vec_pretty(&*entries).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(path: &str, key: PrintKey) -> Printed {
        let warning = crate::print::LayoutWarning {
            place: crate::print::Place { file: "themes/t/leaflet/leaflet.typ".into(), line_column: Some((1, 2)) },
            message: "w".into(),
        };
        Printed { path: path.into(), key, facts: PrintFacts { pages: 3, warnings: vec![warning] }, reused: false }
    }

    #[test]
    fn keys_differ_when_any_part_or_its_boundaries_differ() {
        let k = |parts: &[&[u8]]| PrintKey::new(parts.iter().copied());
        assert_eq!(k(&[b"a", b"bc"]), k(&[b"a", b"bc"]));
        assert_ne!(k(&[b"a", b"bc"]), k(&[b"ab", b"c"]));
        assert_ne!(k(&[b"a", b"bc"]), k(&[b"a", b"bd"]));
        assert_ne!(k(&[b"a"]), k(&[b"a", b""]));
        assert_eq!(k(&[b"x"]).hex().len(), 64);
    }

    #[test]
    fn a_previous_output_serves_only_unchanged_files_of_the_same_key() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("r")).unwrap();
        let (k1, k2) = (PrintKey::new([b"one".as_slice()]), PrintKey::new([b"two".as_slice()]));
        let manifest = Manifest::default();
        std::fs::write(dir.join("r/a.pdf"), b"%PDF-a").unwrap();
        std::fs::write(dir.join("r/b.pdf"), b"%PDF-b").unwrap();
        manifest.record(&printed("r/a.pdf", k1), b"%PDF-a");
        manifest.record(&printed("r/b.pdf", k2), b"%PDF-b");
        std::fs::write(dir.join(MANIFEST), manifest.to_bytes()).unwrap();

        let store = PreviousOutput::open(dir);
        let (bytes, facts) = store.get(&k1).expect("a hit");
        assert_eq!((bytes.as_slice(), facts.pages), (b"%PDF-a".as_slice(), 3));
        assert_eq!(facts.warnings[0].place.to_string(), "themes/t/leaflet/leaflet.typ:1:2");
        assert!(store.get(&PrintKey::new([b"three".as_slice()])).is_none(), "another key: a miss");
        // The file was changed after it was made: a miss, not the changed bytes.
        std::fs::write(dir.join("r/b.pdf"), b"%PDF-B").unwrap();
        assert!(PreviousOutput::open(dir).get(&k2).is_none());
        // No manifest, or a broken one: an empty cache.
        std::fs::write(dir.join(MANIFEST), b"{not json").unwrap();
        assert!(PreviousOutput::open(dir).is_empty());
        assert!(PreviousOutput::open(&dir.join("nowhere")).is_empty());
    }

    #[test]
    fn a_manifest_entry_cannot_point_outside_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(tmp.path().join("outside.pdf"), b"x").unwrap();
        let k = PrintKey::new([b"k".as_slice()]);
        let manifest = Manifest::default();
        manifest.record(&printed("../outside.pdf", k), b"x");
        std::fs::write(site.join(MANIFEST), manifest.to_bytes()).unwrap();
        assert!(PreviousOutput::open(&site).get(&k).is_none());
    }

    #[test]
    fn memory_keeps_one_pdf_per_path() {
        let store = MemoryStore::default();
        let (k1, k2) = (PrintKey::new([b"1".as_slice()]), PrintKey::new([b"2".as_slice()]));
        store.put(&printed("r/a.pdf", k1), b"one");
        assert_eq!(store.get(&k1).unwrap().0, b"one");
        store.put(&printed("r/a.pdf", k2), b"two");
        assert!(store.get(&k1).is_none(), "replaced");
        assert_eq!(store.get(&k2).unwrap().0, b"two");
    }
}
