//! The driver: the one place that runs the stages, for `build`, `check` and `serve`.
//!
//! It is told what to make as a plain value, a [`Plan`] (the portal or not, which
//! regions, which [`Stage`]s), and hands back what it made unit by unit ([`Made`]: the
//! portal, or one region), each stage's files and diagnostics apart, so that a caller
//! can replace "the search index of region r" without knowing where that file lives.
//!
//! For each region it prepares one [`RegionContext`] and feeds it to the stages, which
//! are peers: none reads another's output — with one exception it carries itself: the
//! region's top page and guidebook page name the guidebook PDF's page count and size.
//! They are looked up by the PDF's print key (in what this driver made, then in the
//! print store); when the guidebook is typeset alongside the pages, those two pages
//! are made again once its figures are known. It owns what outlives a run: the theme (parsed again only when its files
//! change), the typst engine (fonts and standard library), the print store (the PDFs
//! of the last build, reused when their inputs are unchanged), and the search segment
//! of the shared articles.

mod opendata;
mod schedule;
mod search;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::context::{LinkTargets, RegionContext};
use crate::diagnostic::Diagnostics;
use crate::guidebook;
use crate::leaflet;
use crate::model::{BuildTime, OutputFile, Project, Region};
use crate::output::print_cache::{NoStore, PrintKey, PrintStore, Printed};
use crate::pages::{self, PrintedGuidebook};
use crate::print::PrintEngine;
use crate::theme::Theme;
use schedule::each_region;

/// What a stage makes for a region. The portal has pages only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Every HTML page, the sitemap and the theme's assets.
    Pages,
    /// The institutions' CSV and JSON.
    OpenData,
    /// What shows vacancy figures: the pages that may (`pages::shows_availability`),
    /// `opendata/availability.json` and `feed.xml`. A change to `availability.csv`
    /// alone needs only this and the search index ([`Plan::availability`]).
    Availability,
    /// `search-index.js`.
    Search,
    /// One PDF per leaflet.
    Leaflets,
    /// The guidebook PDF (its HTML twin is a page).
    Guidebook,
}

/// A set of stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages(u8);

impl Stages {
    pub const ALL: Stages =
        Stages::of(&[Stage::Pages, Stage::OpenData, Stage::Availability, Stage::Search, Stage::Leaflets, Stage::Guidebook]);
    /// Everything that changes with a region's vacancy figures alone: search results
    /// show them too.
    pub const AVAILABILITY: Stages = Stages::of(&[Stage::Availability, Stage::Search]);

    pub const fn of(stages: &[Stage]) -> Stages {
        let mut bits = 0;
        let mut i = 0;
        while i < stages.len() {
            bits |= 1 << stages[i] as u8;
            i += 1;
        }
        Stages(bits)
    }

    pub fn contains(self, stage: Stage) -> bool {
        self.0 & (1 << stage as u8) != 0
    }

    /// The stages in both sets.
    pub fn and(self, other: Stages) -> Stages {
        Stages(self.0 & other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// What to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The portal at the output root (made by the pages stage).
    pub portal: bool,
    /// Which regions, by id; `None`: all of them.
    pub regions: Option<BTreeSet<String>>,
    pub stages: Stages,
}

impl Plan {
    /// The whole site.
    pub fn everything() -> Plan {
        Plan { portal: true, regions: None, stages: Stages::ALL }
    }

    /// What an edit inside `regions` requires of `stages`: the portal, those regions,
    /// and every region whose content links into one of them, whose links it may have
    /// broken (an institution deleted) or mended.
    pub fn edit(project: &Project, regions: &BTreeSet<String>, stages: Stages) -> Plan {
        Plan { portal: true, regions: Some(crate::context::regions_linking_into(project, regions)), stages }
    }

    /// What an edit of `regions`' `availability.csv` (and nothing else) changes. Not
    /// for a file that appears or goes: whether a region publishes vacancies at all
    /// shows on its top page, search page and leaflets too (serve re-makes such a
    /// region whole).
    pub fn availability(regions: BTreeSet<String>) -> Plan {
        Plan { portal: false, regions: Some(regions), stages: Stages::AVAILABILITY }
    }
}

/// A part of the site that is made and replaced whole.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// The files at the output root.
    Portal,
    /// Everything under `<id>/`.
    Region(String),
}

/// What one run made of one unit.
pub struct Made {
    pub unit: Unit,
    /// One per stage run, in [`Stage`] order.
    pub parts: Vec<Part>,
    /// Problems found preparing the unit's context (Markdown links, leaflet data); the
    /// same whichever stages run.
    pub prepared: Diagnostics,
    /// The pages were made without the guidebook PDF's page count and size (not made
    /// yet, and not in the print store): made again once the PDF is, they will show
    /// them. Only `serve`, which makes pages before print, meets this.
    pub pages_await_print: bool,
}

/// What one stage made of one unit.
pub struct Part {
    pub stage: Stage,
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
    /// The PDFs among `files`, with what the print cache records of them.
    pub printed: Vec<Printed>,
}

impl Part {
    fn new(stage: Stage, (files, diagnostics): (Vec<OutputFile>, Diagnostics)) -> Part {
        Part { stage, files, diagnostics, printed: Vec::new() }
    }
}

impl Made {
    /// Every file, every PDF's print record and every diagnostic, for callers that do
    /// not replace stages apart.
    pub fn into_files(self) -> (Vec<OutputFile>, Vec<Printed>, Diagnostics) {
        let mut d = self.prepared;
        let (mut files, mut printed) = (Vec::new(), Vec::new());
        for part in self.parts {
            files.extend(part.files);
            printed.extend(part.printed);
            d.extend(part.diagnostics);
        }
        (files, printed, d)
    }
}

pub struct Driver {
    time: BuildTime,
    theme: LoadedTheme,
    engine: PrintEngine,
    /// Where PDFs made before are looked up by their print key.
    store: Arc<dyn PrintStore + Send + Sync>,
    /// The page count and size of every guidebook this driver made or reused, by key:
    /// what the pages of a region show while its PDF is still to be made.
    guidebooks: Mutex<HashMap<PrintKey, PrintedGuidebook>>,
    shared_segments: search::SharedSegments,
}

/// The theme and what it was made from, to tell when it must be loaded again.
struct LoadedTheme {
    name: String,
    files: BTreeMap<String, Vec<u8>>,
    theme: Theme,
}

impl LoadedTheme {
    fn load(project: &Project) -> Result<LoadedTheme, Diagnostics> {
        let theme = Theme::load(project).map_err(|errors| {
            let mut d = Diagnostics::default();
            errors.into_iter().for_each(|e| d.push(e));
            d
        })?;
        Ok(LoadedTheme { name: project.site.theme.clone(), files: project.theme_files.clone(), theme })
    }

    fn is_for(&self, project: &Project) -> bool {
        self.name == project.site.theme && self.files == project.theme_files
    }
}

impl Driver {
    /// A driver for `project`'s theme; the errors are the theme's (a template that does
    /// not parse…).
    pub fn new(project: &Project, time: BuildTime) -> Result<Driver, Diagnostics> {
        Ok(Driver {
            time,
            theme: LoadedTheme::load(project)?,
            engine: PrintEngine::new(),
            store: Arc::new(NoStore),
            guidebooks: Mutex::default(),
            shared_segments: search::SharedSegments::default(),
        })
    }

    /// PDFs whose print key is found in `store` are taken from it, not typeset.
    pub fn set_print_store(&mut self, store: Arc<dyn PrintStore + Send + Sync>) {
        self.store = store;
    }

    /// The build time of the next runs (`serve` keeps a driver for hours).
    pub fn set_time(&mut self, time: BuildTime) {
        self.time = time;
    }

    /// Follows the project's theme: loads it again when its files changed. On errors
    /// the previous theme stays.
    pub fn update(&mut self, project: &Project) -> Result<(), Diagnostics> {
        if !self.theme.is_for(project) {
            self.theme = LoadedTheme::load(project)?;
        }
        Ok(())
    }

    /// Makes what `plan` asks for, handing each unit to `emit` as soon as it is made:
    /// the portal first, then the regions, a few at a time (see [`each_region`]), so
    /// that a national build never holds more than a few regions in memory. `emit`
    /// returns false to stop: the regions not yet started are skipped.
    pub fn run(&self, project: &Project, plan: &Plan, emit: &(dyn Fn(Made) -> bool + Sync)) {
        let theme = &self.theme.theme;
        if plan.portal && plan.stages.contains(Stage::Pages) {
            let (files, diagnostics) = pages::portal(project, theme);
            let part = Part::new(Stage::Pages, (files, diagnostics));
            let made = Made { unit: Unit::Portal, parts: vec![part], prepared: Diagnostics::default(), pages_await_print: false };
            if !emit(made) {
                return;
            }
        }
        let targets = LinkTargets::new(project);
        let regions: Vec<&Region> = project
            .regions
            .iter()
            .filter(|r| plan.regions.as_ref().is_none_or(|ids| ids.contains(r.id.as_str())))
            .collect();
        let stopped = AtomicBool::new(false);
        each_region(regions, |region| {
            if stopped.load(Ordering::Relaxed) {
                return;
            }
            if !emit(self.region(project, region, &targets, plan.stages)) {
                stopped.store(true, Ordering::Relaxed);
            }
        });
    }

    /// The documents of a region's search index, in ref order: for the test that proves
    /// the index's numbers equal elasticlunr-rs's for the same documents.
    pub fn search_documents(&self, project: &Project, region: &Region) -> Vec<crate::search::SearchDoc> {
        let targets = LinkTargets::new(project);
        let labels = self.theme.theme.strings.labels();
        let page_ids = self.theme.theme.templates.page_ids();
        let words = self.theme.theme.guidebook_words();
        let cx = RegionContext::new(project, region, &targets, self.time, labels, page_ids, words, &mut Diagnostics::default());
        let (mut own, shared) = search::documents(&cx, labels);
        own.extend(shared);
        own
    }

    fn region(&self, project: &Project, region: &Region, targets: &LinkTargets, stages: Stages) -> Made {
        let theme = &self.theme.theme;
        let mut prepared = Diagnostics::default();
        let labels = theme.strings.labels();
        let cx = RegionContext::new(project, region, targets, self.time, labels, theme.templates.page_ids(), theme.guidebook_words(), &mut prepared);
        let mut parts = Vec::new();
        let (want_pages, want_availability) = (stages.contains(Stage::Pages), stages.contains(Stage::Availability));
        // The open data page (one of the vacancy set: it lists availability.json and the
        // feed with their sizes) lists every open data file. The feed's problems (a
        // theme's broken template) are reported with the vacancy set, which every plan
        // that renders pages runs too.
        let mut feed_problems = Diagnostics::default();
        let open_data = if want_pages || want_availability || stages.contains(Stage::OpenData) {
            opendata::files(&cx, theme, self.time, &mut feed_problems)
        } else {
            Vec::new()
        };
        let for_pages = (want_pages || want_availability).then(|| opendata::for_pages(&cx, theme, &open_data));
        // The pages show the guidebook PDF's page count and size: known already when
        // the PDF is in the store or was made by this driver (its print key tells).
        let known = match &cx.guidebook {
            Some(data) if want_pages => self.known_guidebook(data, theme),
            _ => None,
        };
        let set = pages::PageSet { rest: want_pages, availability: want_availability };
        // Every stage at once: the guidebook's typst layout is one thread's work, the
        // others are parallel inside.
        let (guidebook_part, (pages_part, (search_part, leaflets_part))) = rayon::join(
            || stages.contains(Stage::Guidebook).then(|| self.guidebook(&cx, theme)),
            || {
                rayon::join(
                    || for_pages.as_ref().map(|for_pages| pages::region(&cx, theme, for_pages, set, known)),
                    || {
                        rayon::join(
                            || stages.contains(Stage::Search).then(|| search::index(&cx, labels, &self.shared_segments)),
                            || {
                                stages
                                    .contains(Stage::Leaflets)
                                    .then(|| leaflet::pdfs(&self.engine, &theme.layout, &cx, self.store.as_ref()))
                            },
                        )
                    },
                )
            },
        );
        let made_now = guidebook_part.as_ref().and_then(|(_, printed)| *printed);
        let figures = made_now.or(known);
        let pages_await_print = want_pages && cx.guidebook.is_some() && figures.is_none();
        let (mut rest, mut shown) = (None, None);
        if let (Some((files, d)), Some(for_pages)) = (pages_part, &for_pages) {
            // Made together, they are handed out apart: serve replaces each alone.
            let (a, mut r): (Vec<OutputFile>, Vec<OutputFile>) = files.into_iter().partition(|f| {
                let path = f.path.strip_prefix(region.id.as_str()).and_then(|p| p.strip_prefix('/'));
                path.is_some_and(|p| pages::shows_availability(&cx, p))
            });
            // Template problems go with the pages when both are made.
            let (mut d_rest, d_shown) = if want_pages { (d, Diagnostics::default()) } else { (Diagnostics::default(), d) };
            // The guidebook was made alongside the pages: the two pages that name its
            // figures are made again with them.
            if let (true, Some(figures), true) = (want_pages, figures, figures != known) {
                let (again, d2) = pages::guidebook_figures(&cx, theme, for_pages, figures);
                for page in again {
                    match r.iter_mut().find(|f| f.path == page.path) {
                        Some(f) => *f = page,
                        None => r.push(page),
                    }
                }
                d_rest.extend(d2);
            }
            rest = want_pages.then_some((r, d_rest));
            shown = want_availability.then_some((a, d_shown));
        }
        if let Some(files) = rest {
            parts.push(Part::new(Stage::Pages, files));
        }
        if stages.contains(Stage::OpenData) {
            parts.push(Part::new(Stage::OpenData, (opendata::of_records(&open_data), Diagnostics::default())));
        }
        if let Some((files, mut d)) = shown {
            d.extend(feed_problems);
            parts.push(Part::new(Stage::Availability, (opendata::of_availability(&open_data, files), d)));
        }
        if let Some(index) = search_part {
            parts.push(Part::new(Stage::Search, (vec![index], Diagnostics::default())));
        }
        if let Some((files, printed, diagnostics)) = leaflets_part {
            parts.push(Part { stage: Stage::Leaflets, files, diagnostics, printed });
        }
        if let Some((part, _)) = guidebook_part {
            parts.push(part);
        }
        // typst memoises layout process-wide. Regions share little of it, and kept for
        // a whole national build it would hold gigabytes: keep only what the last region
        // or two used (which still serves `serve`'s rebuilds).
        if (stages.contains(Stage::Leaflets) && !cx.leaflets.is_empty()) || (stages.contains(Stage::Guidebook) && cx.guidebook.is_some()) {
            PrintEngine::evict_cache(1);
        }
        Made { unit: Unit::Region(region.id.to_string()), parts, prepared, pages_await_print }
    }

    /// The guidebook stage: the region's guidebook PDF (typeset, or from the store),
    /// and its page count and size for the pages.
    fn guidebook(&self, cx: &RegionContext<'_>, theme: &Theme) -> (Part, Option<PrintedGuidebook>) {
        let mut part = Part::new(Stage::Guidebook, (Vec::new(), Diagnostics::default()));
        let Some(data) = &cx.guidebook else { return (part, None) };
        match self.engine.render_guidebook(data, theme.guidebook_layout(), self.store.as_ref()) {
            Ok(pdf) => {
                for w in &pdf.warnings {
                    part.diagnostics.push(w.to_diagnostic());
                }
                let printed = PrintedGuidebook { pages: pdf.pages, bytes: pdf.bytes.len() };
                self.remember(pdf.key, printed);
                let path = guidebook::pdf_path(cx.region.id.as_str());
                part.printed.push(Printed { path: path.clone(), key: pdf.key, facts: pdf.facts(), reused: pdf.reused });
                part.files.push(OutputFile { path, bytes: pdf.bytes });
                (part, Some(printed))
            }
            Err(e) => {
                part.diagnostics.push(e.to_diagnostic(theme.guidebook_layout()));
                (part, None)
            }
        }
    }

    /// The page count and size of the guidebook PDF of `data`, if this driver made it
    /// or the store keeps it.
    fn known_guidebook(&self, data: &guidebook::GuidebookData, theme: &Theme) -> Option<PrintedGuidebook> {
        let json = serde_json::to_vec(data).ok()?;
        let key = self.engine.key(theme.guidebook_layout(), &json);
        if let Some(known) = self.guidebooks.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return Some(*known);
        }
        let (bytes, facts) = self.store.get(&key)?;
        let printed = PrintedGuidebook { pages: facts.pages, bytes: bytes.len() };
        self.remember(key, printed);
        Some(printed)
    }

    fn remember(&self, key: PrintKey, printed: PrintedGuidebook) {
        let mut known = self.guidebooks.lock().unwrap_or_else(PoisonError::into_inner);
        // A long `serve` session makes a new key with every edit; old ones are not
        // asked for again.
        if known.len() > 4096 {
            known.clear();
        }
        known.insert(key, printed);
    }
}
