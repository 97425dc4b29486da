//! The print layouts: typst files of the theme — `leaflet/leaflet.typ` and
//! `guidebook/guidebook.typ` — which a project overrides like any other theme file,
//! each with any files beside it (a logo…).

use std::collections::{BTreeMap, HashMap};

use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};

/// The leaflet layout's path among the theme's files.
pub(super) const LAYOUT_PATH: &str = "leaflet/leaflet.typ";

/// The guidebook layout's path among the theme's files.
pub(super) const GUIDEBOOK_LAYOUT_PATH: &str = "guidebook/guidebook.typ";

/// Where a layout finds its data: `json("/data.json")`.
pub const DATA_PATH: &str = "/data.json";

/// The main file's path inside typst's virtual file system.
const MAIN_PATH: &str = "/main.typ";

pub(crate) fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A parsed layout, made once and shared by every document and region.
#[derive(Clone)]
pub struct Layout {
    /// Where the layout comes from, for error messages
    /// (`themes/default/leaflet/leaflet.typ`).
    pub(crate) shown_path: String,
    /// The folder of its other files as authors know it (`themes/default/leaflet`).
    pub(crate) folder: String,
    pub(crate) main: Source,
    /// Other files of the layout's folder, by their typst path (`/logo.svg`).
    pub(crate) files: HashMap<FileId, Bytes>,
}

impl Layout {
    /// A layout from its typst text alone; `shown_path` names it in error messages.
    pub fn new(text: &str, shown_path: &str) -> Layout {
        let id = file_id(MAIN_PATH).expect("a valid virtual path");
        let folder = shown_path.rsplit_once('/').map(|(f, _)| f.to_string()).unwrap_or_default();
        Layout { shown_path: shown_path.to_string(), folder, main: Source::new(id, text.to_string()), files: HashMap::new() }
    }

    /// SHA-256 of everything the layout is: its text and every file beside it, by path
    /// (a print cache key includes it).
    pub fn digest(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut files: Vec<(String, &Bytes)> =
            self.files.iter().map(|(id, bytes)| (id.get().vpath().get_with_slash().to_string(), bytes)).collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut h = Sha256::new();
        let mut part = |bytes: &[u8]| {
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        };
        part(self.main.text().as_bytes());
        for (path, bytes) in files {
            part(path.as_bytes());
            part(bytes.as_slice());
        }
        h.finalize().into()
    }

    /// The layout `main` (`leaflet/leaflet.typ`) among a theme's `files`, with the other
    /// files of its folder; `overridden` when the project has its own.
    pub(super) fn from_files(files: &BTreeMap<String, Vec<u8>>, main: &str, overridden: bool, theme: &str) -> Layout {
        let text = files.get(main).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        let shown = if overridden { format!("themes/{theme}/{main}") } else { format!("themes/default/{main} (built in)") };
        let mut layout = Layout::new(&text, &shown);
        let folder = main.split_once('/').map(|(f, _)| f).unwrap_or_default();
        layout.folder = format!("themes/{theme}/{folder}");
        for (path, bytes) in files {
            let Some(name) = path.strip_prefix(folder).and_then(|p| p.strip_prefix('/')) else { continue };
            if path == main || format!("/{name}") == DATA_PATH || format!("/{name}") == MAIN_PATH {
                continue;
            }
            if let Some(id) = file_id(&format!("/{name}")) {
                layout.files.insert(id, Bytes::new(bytes.clone()));
            }
        }
        layout
    }
}
