//! zaitaku: a static site generator for regional home medical care information.
//!
//! The pipeline, one module per stage: [`load`] → [`validate`] → [`render`] →
//! [`output`]. See ARCHITECTURE.md for the map and the invariants each stage keeps.

pub mod diagnostic;
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

fn finish(files: Vec<OutputFile>, d: Diagnostics, regions: usize) -> Build {
    let ok = !d.has_errors();
    Build { files: ok.then_some(files), diagnostics: d.into_sorted(), regions }
}
