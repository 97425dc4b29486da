//! The leaflet layout: a typst file of the theme (`leaflet/leaflet.typ`), which a
//! project overrides like any other theme file, plus any files beside it (a logo…).

use std::collections::{BTreeMap, HashMap};

use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};

/// The layout's path among the theme's files.
pub(super) const LAYOUT_PATH: &str = "leaflet/leaflet.typ";

/// Where the layout finds the leaflet's data: `json("/data.json")`.
pub const DATA_PATH: &str = "/data.json";

/// The main file's path inside typst's virtual file system.
const MAIN_PATH: &str = "/leaflet.typ";

pub(crate) fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// A parsed layout, made once and shared by every leaflet and region.
#[derive(Clone)]
pub struct Layout {
    /// Where the layout comes from, for error messages
    /// (`themes/default/leaflet/leaflet.typ`).
    pub(crate) shown_path: String,
    pub(crate) main: Source,
    /// Other files under the theme's `leaflet/` folder, by their typst path (`/logo.svg`).
    pub(crate) files: HashMap<FileId, Bytes>,
}

impl Layout {
    /// A layout from its typst text alone; `shown_path` names it in error messages.
    pub fn new(text: &str, shown_path: &str) -> Layout {
        let id = file_id(MAIN_PATH).expect("a valid virtual path");
        Layout { shown_path: shown_path.to_string(), main: Source::new(id, text.to_string()), files: HashMap::new() }
    }

    /// The layout among a theme's `files`; `overridden` when the project has its own.
    pub(super) fn from_files(files: &BTreeMap<String, Vec<u8>>, overridden: bool, theme: &str) -> Layout {
        let text = files.get(LAYOUT_PATH).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        let shown = if overridden {
            format!("themes/{theme}/{LAYOUT_PATH}")
        } else {
            format!("themes/default/{LAYOUT_PATH} (built in)")
        };
        let mut layout = Layout::new(&text, &shown);
        for (path, bytes) in files {
            let Some(name) = path.strip_prefix("leaflet/") else { continue };
            if path == LAYOUT_PATH || format!("/{name}") == DATA_PATH {
                continue;
            }
            if let Some(id) = file_id(&format!("/{name}")) {
                layout.files.insert(id, Bytes::new(bytes.clone()));
            }
        }
        layout
    }
}
