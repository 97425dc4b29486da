//! zaitaku: a static site generator for regional home medical care information.
//!
//! The pipeline: [`load`] → [`validate`] → the driver, which prepares each region's
//! context and runs the stages (pages, open data, search, leaflets) → [`output`].
//! See ARCHITECTURE.md for the map and the invariants each part keeps.

// The public modules are what the binary, the tests, the examples and the fuzz target
// use; everything else is private, so the compiler reports what nothing uses.
pub mod diagnostic;
#[doc(hidden)]
pub mod fuzzing;
pub mod leaflet;
pub mod load;
pub mod model;
pub mod output;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod theme;

mod context;
mod driver;
mod markdown;
mod opendata;
mod pages;
mod text;
mod validate;
mod view;

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use diagnostic::{Diagnostic, Diagnostics};
use driver::{Driver, Plan};
use model::{Date, OutputFile};

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
    /// `None` when there were errors: nothing may be published then. Sorted by path.
    pub files: Option<Vec<OutputFile>>,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub regions: usize,
}

/// Runs load → validate → every stage, in memory, without touching the output folder.
pub fn build(root: &Path, today: Date) -> Build {
    let files = Mutex::new(Vec::new());
    let report = build_into(root, today, |_| {}, &|f| {
        files.lock().unwrap_or_else(PoisonError::into_inner).extend(f);
        true
    });
    let mut files = files.into_inner().unwrap_or_else(PoisonError::into_inner);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Build { files: report.ok.then_some(files), diagnostics: report.diagnostics, regions: report.regions }
}

/// What [`build_into`] found: `ok` when there were no errors.
pub struct Report {
    pub ok: bool,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub regions: usize,
}

/// Runs load → validate → every stage, handing the files to `emit` unit by unit (the
/// portal, then each region) as they are made, so that memory does not grow with the
/// size of the site. Content errors in one region do not stop the others (every error
/// is reported), so `emit` may receive files of a build that fails: it must write
/// them somewhere that is published only when the report is ok (see
/// [`output::Staging`]). `emit` returns false to stop early. `on_loaded` is told
/// how many regions will follow, before the stages start.
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
    // The stages run even after validation errors: they find template and link
    // errors, and every error is reported at once.
    on_loaded(project.regions.len());
    match Driver::new(&project, today) {
        Err(theme) => d.extend(theme),
        Ok(driver) => {
            let found = Mutex::new(Diagnostics::default());
            driver.run(&project, &Plan::everything(), &|made| {
                let (files, diagnostics) = made.into_files();
                found.lock().unwrap_or_else(PoisonError::into_inner).extend(diagnostics);
                emit(files)
            });
            d.extend(found.into_inner().unwrap_or_else(PoisonError::into_inner));
        }
    }
    Report { ok: !d.has_errors(), diagnostics: d.into_sorted(), regions: project.regions.len() }
}
