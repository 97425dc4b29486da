//! zaitaku: a static site generator for regional home medical care information.
//!
//! The pipeline: [`load`] → [`validate`] → the driver, which prepares each region's
//! context and runs the stages (pages, open data, search, leaflets, guidebook) →
//! [`output`].
//! See ARCHITECTURE.md for the map and the invariants each part keeps.

// The public modules are what the binary, the tests, the examples and the fuzz target
// use; everything else is private, so the compiler reports what nothing uses.
pub mod diagnostic;
pub mod guidebook;
pub mod i18n;
pub mod import;
#[doc(hidden)]
pub mod fuzzing;
pub mod leaflet;
pub mod load;
pub mod model;
pub mod output;
pub mod print;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod theme;

mod context;
mod driver;
mod markdown;
mod opendata;
mod pages;
pub mod platform;
mod text;
mod validate;
mod view;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use diagnostic::{Diagnostic, Diagnostics};
use driver::{Driver, Plan};
use model::{BuildTime, Date, OutputFile};
use output::print_cache::{NoStore, PrintStore, Printed};

/// Today in Japan (JST has no daylight saving, so a fixed offset is exact). The
/// `ZAITAKU_TODAY` variable (2025-11-01) pins it for reproducible checks and tests.
pub fn today() -> Date {
    now().today()
}

/// The time of the build in Japan: what vacancy figures are fresh at. The
/// `ZAITAKU_NOW` variable (`2026-11-29 09:00`) pins it; else `ZAITAKU_TODAY` pins the
/// date, at noon; else the clock.
pub fn now() -> BuildTime {
    let pinned = |name: &str| std::env::var(name).ok().map(|s| s.trim().replacen(' ', "T", 1));
    if let Some(t) = pinned("ZAITAKU_NOW").and_then(|s| s.parse::<model::DateTime>().ok()) {
        return t.into();
    }
    if let Some(d) = pinned("ZAITAKU_TODAY").and_then(|s| s.parse::<Date>().ok()) {
        return d.into();
    }
    let jst = jiff::tz::TimeZone::fixed(jiff::tz::offset(9));
    let now = jiff::Timestamp::now().to_zoned(jst).datetime();
    // To the minute: figures are given to the minute, and a build is not more precise.
    now.with().second(0).subsec_nanosecond(0).build().unwrap_or(now).into()
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
/// `when` is the build time, or a date (which stands for its noon).
pub fn build(root: &Path, when: impl Into<BuildTime>) -> Build {
    let files = Mutex::new(Vec::new());
    let report = build_into(root, when, Arc::new(NoStore), |_| {}, &|unit| {
        files.lock().unwrap_or_else(PoisonError::into_inner).extend(unit.files);
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
    /// PDFs typeset, and PDFs taken from the print store instead.
    pub typeset: usize,
    pub reused: usize,
}

/// What [`build_into`] hands over of one unit (the portal, or a region).
pub struct Emitted {
    pub files: Vec<OutputFile>,
    /// The PDFs among `files`, with their print keys: what the next build's print
    /// cache needs to know of them.
    pub printed: Vec<Printed>,
}

/// Runs load → validate → every stage, handing the files to `emit` unit by unit (the
/// portal, then each region) as they are made, so that memory does not grow with the
/// size of the site. Content errors in one region do not stop the others (every error
/// is reported), so `emit` may receive files of a build that fails: it must write
/// them somewhere that is published only when the report is ok (see
/// [`output::Staging`]). `emit` returns false to stop early. `on_loaded` is told
/// how many regions will follow, before the stages start. A PDF whose print key is in
/// `store` (the previous build's output) is taken from it instead of typeset.
pub fn build_into(
    root: &Path,
    when: impl Into<BuildTime>,
    store: Arc<dyn PrintStore + Send + Sync>,
    on_loaded: impl FnOnce(usize),
    emit: &(dyn Fn(Emitted) -> bool + Sync),
) -> Report {
    let (project, mut d) = load::load(root);
    let Some(project) = project else {
        return Report { ok: false, diagnostics: d.into_sorted(), regions: 0, typeset: 0, reused: 0 };
    };
    let (typeset, reused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let when = when.into();
    validate::validate(&project, when, &mut d);
    // The stages run even after validation errors: they find template and link
    // errors, and every error is reported at once.
    on_loaded(project.regions.len());
    match Driver::new(&project, when) {
        Err(theme) => d.extend(theme),
        Ok(mut driver) => {
            driver.set_print_store(store);
            let found = Mutex::new(Diagnostics::default());
            driver.run(&project, &Plan::everything(), &|made| {
                let (files, printed, diagnostics) = made.into_files();
                let reused_here = printed.iter().filter(|p| p.reused).count();
                reused.fetch_add(reused_here, Ordering::Relaxed);
                typeset.fetch_add(printed.len() - reused_here, Ordering::Relaxed);
                found.lock().unwrap_or_else(PoisonError::into_inner).extend(diagnostics);
                emit(Emitted { files, printed })
            });
            d.extend(found.into_inner().unwrap_or_else(PoisonError::into_inner));
        }
    }
    Report {
        ok: !d.has_errors(),
        diagnostics: d.into_sorted(),
        regions: project.regions.len(),
        typeset: typeset.into_inner(),
        reused: reused.into_inner(),
    }
}

/// Every region's search documents (in the index's ref order) and its built files, for
/// the test that checks the index against elasticlunr-rs. Not part of the API.
#[doc(hidden)]
pub fn search_documents(root: &Path, when: impl Into<BuildTime>) -> Vec<(Vec<search::SearchDoc>, Vec<OutputFile>)> {
    let (Some(project), _) = load::load(root) else { return Vec::new() };
    let Ok(driver) = Driver::new(&project, when.into()) else { return Vec::new() };
    let made = Mutex::new(Vec::new());
    driver.run(&project, &Plan::everything(), &|m| {
        made.lock().unwrap_or_else(PoisonError::into_inner).push(m);
        true
    });
    let made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
    project
        .regions
        .iter()
        .map(|r| {
            let files = made
                .iter()
                .filter(|m| matches!(&m.unit, driver::Unit::Region(id) if id == r.id.as_str()))
                .flat_map(|m| m.parts.iter().flat_map(|p| p.files.iter().cloned()))
                .collect();
            (driver.search_documents(&project, r), files)
        })
        .collect()
}
