//! zaitaku: a static site generator for regional home medical care information.
//!
//! The pipeline, one module per stage: [`load`] → [`validate`] → [`render`] →
//! [`output`]. See ARCHITECTURE.md for the map and the invariants each stage keeps.

pub mod diagnostic;
pub mod import;
pub mod leaflet;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod validate;

use std::path::Path;

use diagnostic::{Diagnostic, Diagnostics};
use model::Date;
use render::OutputFile;

/// Today in Japan (JST has no daylight saving, so a fixed offset is exact). The
/// `ZAITAKU_TODAY` variable (2025-11-01) pins it for reproducible checks and tests.
pub fn today() -> Date {
    if let Some(d) = std::env::var("ZAITAKU_TODAY").ok().and_then(|s| s.parse().ok()) {
        return d;
    }
    let jst = jiff::tz::TimeZone::fixed(jiff::tz::offset(9));
    jiff::Timestamp::now().to_zoned(jst).date()
}

/// The result of building a project in memory.
pub struct Build {
    /// `None` when there were errors: nothing may be published then.
    pub files: Option<Vec<OutputFile>>,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub regions: usize,
}

/// Runs load → validate → render without touching the output folder.
pub fn build(root: &Path, today: Date) -> Build {
    let (project, mut d) = load::load(root);
    let Some(project) = project else {
        return Build { files: None, diagnostics: d.into_sorted(), regions: 0 };
    };
    validate::validate(&project, today, &mut d);
    let (files, render_d) = render::render_site(&project, today);
    d.extend(render_d);
    finish(files, d, project.regions.len())
}

/// What [`build_into`] found: `ok` when there were no errors.
pub struct Report {
    pub ok: bool,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub regions: usize,
}

/// Runs load → validate → render, handing the files to `emit` unit by unit (the
/// portal, then each region) as they are made, so that memory does not grow with the
/// size of the site. Content errors in one region do not stop the others (every error
/// is reported), so `emit` may receive files of a build that fails: it must write
/// them somewhere that is published only when the report is ok (see
/// [`output::Staging`]). `emit` returns false to stop early. `on_loaded` is told
/// how many regions will follow, before rendering starts.
pub fn build_into(
    root: &Path,
    today: Date,
    on_loaded: impl FnOnce(usize),
    emit: &(dyn Fn(Vec<OutputFile>) -> bool + Sync),
) -> Report {
    let (project, mut d) = load::load(root);
    let Some(project) = project else {
        return Report { ok: false, diagnostics: d.into_sorted(), regions: 0 };
    };
    validate::validate(&project, today, &mut d);
    // Rendered even after validation errors: it finds template and link errors, and
    // every error is reported at once.
    on_loaded(project.regions.len());
    d.extend(render::render_site_into(&project, today, emit));
    Report { ok: !d.has_errors(), diagnostics: d.into_sorted(), regions: project.regions.len() }
}

fn finish(files: Vec<OutputFile>, d: Diagnostics, regions: usize) -> Build {
    let ok = !d.has_errors();
    Build { files: ok.then_some(files), diagnostics: d.into_sorted(), regions }
}
