//! The theme: templates (minijinja), the print layouts (typst), static assets, and the
//! string catalogue — everything about how the site looks and speaks that is not
//! content.
//!
//! The default theme is compiled into the binary so a project needs no theme folder; a
//! project's `themes/<name>/` replaces it file by file (the catalogue key by key). A
//! theme is loaded once and shared read-only by every stage and region.

mod layout;
mod strings;
mod templates;

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};

use crate::diagnostic::Diagnostic;
use crate::model::Project;
pub use layout::Layout;
pub(crate) use layout::{DATA_PATH, file_id};
pub use strings::Labels;
pub(crate) use strings::Strings;
pub(crate) use templates::{PageIds, Templates};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Theme {
    pub(crate) templates: Templates,
    pub(crate) strings: Strings,
    /// Files under `static/`, copied into the root's and every region's `assets/`.
    pub(crate) assets: Vec<(String, Vec<u8>)>,
    pub(crate) layout: Layout,
    pub(crate) guidebook_layout: Layout,
}

impl Theme {
    /// The project's theme: the built-in one overlaid with `themes/<name>/`. Every
    /// problem in it (a template that does not parse, a catalogue that is not TOML) is
    /// reported at once.
    pub fn load(project: &Project) -> Result<Theme, Vec<Diagnostic>> {
        let overrides = &project.theme_files;
        let dir = format!("themes/{}", project.site.theme);
        let files = files(overrides);
        let mut errors = Vec::new();
        let templates = Templates::new(&files, &dir, &mut errors);
        let built_in = DEFAULT_THEME.get_file(strings::PATH).map(|f| f.contents());
        let strings = Strings::new(built_in, overrides.get(strings::PATH).map(Vec::as_slice), &dir, &mut errors);
        let assets = files
            .iter()
            .filter_map(|(path, bytes)| path.strip_prefix("static/").map(|name| (name.to_string(), bytes.clone())))
            .collect();
        let theme = &project.site.theme;
        let layout_of = |main| Layout::from_files(&files, main, overrides.contains_key(main), theme);
        let (layout, guidebook_layout) = (layout_of(layout::LAYOUT_PATH), layout_of(layout::GUIDEBOOK_LAYOUT_PATH));
        if errors.is_empty() { Ok(Theme { templates, strings, assets, layout, guidebook_layout }) } else { Err(errors) }
    }

    /// The strings the build puts into pages and leaflet data.
    pub fn labels(&self) -> &Labels {
        self.strings.labels()
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    pub fn guidebook_layout(&self) -> &Layout {
        &self.guidebook_layout
    }

    /// The catalogue's `[guidebook]` words, which the guidebook's data carries.
    pub fn guidebook_words(&self) -> &serde_json::Value {
        self.strings.guidebook()
    }
}

/// Default files overlaid with the project's, keyed by theme-relative path.
fn files(overrides: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![&DEFAULT_THEME];
    while let Some(dir) = stack.pop() {
        for f in dir.files() {
            let path = f.path().to_string_lossy().replace('\\', "/");
            files.insert(path, f.contents().to_vec());
        }
        stack.extend(dir.dirs());
    }
    for (path, bytes) in overrides {
        files.insert(path.clone(), bytes.clone());
    }
    files
}
