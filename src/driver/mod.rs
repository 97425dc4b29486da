//! The driver: the one place that runs the stages, for `build`, `check` and `serve`.
//!
//! It is told what to make as a plain value, a [`Plan`] (the portal or not, which
//! regions, which [`Stage`]s), and hands back what it made unit by unit ([`Made`]: the
//! portal, or one region), each stage's files and diagnostics apart, so that a caller
//! can replace "the search index of region r" without knowing where that file lives.
//!
//! For each region it prepares one [`RegionContext`] and feeds it to the stages, which
//! are peers: none reads another's output. It owns what outlives a run: the theme
//! (parsed again only when its files change), the typst engine (fonts and standard
//! library), and the search segment of the shared articles.

mod opendata;
mod schedule;
mod search;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::context::{LinkTargets, RegionContext};
use crate::diagnostic::Diagnostics;
use crate::leaflet::{self, LeafletEngine};
use crate::model::{Date, OutputFile, Project, Region};
use crate::pages;
use crate::theme::Theme;
use schedule::each_region;

/// What a stage makes for a region. The portal has pages only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Every HTML page, the sitemap and the theme's assets.
    Pages,
    /// CSV, JSON and the Atom feed.
    OpenData,
    /// `search-index.js`.
    Search,
    /// One PDF per leaflet.
    Leaflets,
}

/// A set of stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages(u8);

impl Stages {
    pub const ALL: Stages = Stages::of(&[Stage::Pages, Stage::OpenData, Stage::Search, Stage::Leaflets]);

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
}

/// What one stage made of one unit.
pub struct Part {
    pub stage: Stage,
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
}

impl Made {
    /// Every file and every diagnostic, for callers that do not replace stages apart.
    pub fn into_files(self) -> (Vec<OutputFile>, Diagnostics) {
        let mut d = self.prepared;
        let mut files = Vec::new();
        for part in self.parts {
            files.extend(part.files);
            d.extend(part.diagnostics);
        }
        (files, d)
    }
}

pub struct Driver {
    today: Date,
    theme: LoadedTheme,
    engine: LeafletEngine,
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
    pub fn new(project: &Project, today: Date) -> Result<Driver, Diagnostics> {
        Ok(Driver {
            today,
            theme: LoadedTheme::load(project)?,
            engine: LeafletEngine::new(),
            shared_segments: search::SharedSegments::default(),
        })
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
            let part = Part { stage: Stage::Pages, files, diagnostics };
            if !emit(Made { unit: Unit::Portal, parts: vec![part], prepared: Diagnostics::default() }) {
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

    fn region(&self, project: &Project, region: &Region, targets: &LinkTargets, stages: Stages) -> Made {
        let theme = &self.theme.theme;
        let mut prepared = Diagnostics::default();
        let labels = theme.strings.labels();
        let cx = RegionContext::new(project, region, targets, self.today, labels, theme.templates.page_ids(), &mut prepared);
        let mut parts = Vec::new();
        let mut part = |stage, (files, diagnostics)| parts.push(Part { stage, files, diagnostics });
        // The open data page lists the open data files with their sizes.
        // Its problems (a theme's broken feed template) are reported with the open data
        // stage, which every plan that renders pages runs too.
        let mut open_data_problems = Diagnostics::default();
        let open_data = if stages.contains(Stage::Pages) || stages.contains(Stage::OpenData) {
            opendata::files(&cx, theme, &mut open_data_problems)
        } else {
            Vec::new()
        };
        if stages.contains(Stage::Pages) {
            part(Stage::Pages, pages::region(&cx, theme, &opendata::for_pages(&cx, theme, &open_data)));
        }
        if stages.contains(Stage::OpenData) {
            part(Stage::OpenData, (open_data.into_iter().map(|(_, f)| f).collect(), open_data_problems));
        }
        if stages.contains(Stage::Search) {
            part(Stage::Search, (vec![search::index(&cx, labels, &self.shared_segments)], Diagnostics::default()));
        }
        if stages.contains(Stage::Leaflets) {
            part(Stage::Leaflets, leaflet::pdfs(&self.engine, &theme.layout, &cx));
            // typst memoises layout process-wide. Regions share little of it, and kept
            // for a whole national build it would hold gigabytes: keep only what the
            // last region or two used (which still serves `serve`'s rebuilds).
            if !cx.leaflets.is_empty() {
                LeafletEngine::evict_cache(1);
            }
        }
        Made { unit: Unit::Region(region.id.to_string()), parts, prepared }
    }
}
