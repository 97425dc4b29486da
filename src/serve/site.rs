//! The site as served: the last good build in memory, rebuilt region by region by the
//! same driver as `zaitaku build`.
//!
//! A change inside `content/regions/<r>/` re-makes region `r` and the portal; a change
//! to its `availability.csv` alone re-makes only what shows vacancies (the driver's
//! `Stage::Availability`, then its search index); anything shared (`site.toml`,
//! themes, shared articles, emergency numbers, leaflets) re-makes every region.
//! Loading and validation always run over the whole project, so a
//! cross-reference broken by the change is caught. Each rebuild has two passes: the
//! pages and open data first (swapped in at once), then the search index and the
//! print (leaflet and guidebook PDFs), each PDF taken from the ones already made when
//! its inputs are unchanged. A region whose pages had to name its guidebook's page
//! count and size before the PDF was made gets its pages again, after it. What is
//! served is kept by unit (portal, region) and stage, as the driver made it, so replacing "region r's PDFs" needs no knowledge of where they live. The
//! served files always equal what a clean `zaitaku build` writes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::driver::{Driver, Made, Plan, Stage, Stages, Unit};
use crate::model::{BuildTime, Project};
use crate::output::print_cache::MemoryStore;

/// What a set of changed paths requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Everything,
    /// `all`: regions whose content changed; `availability`: regions of which only the
    /// vacancy file did (never also in `all`).
    Regions { all: BTreeSet<String>, availability: BTreeSet<String> },
}

impl Change {
    fn merge(self, other: Change) -> Change {
        match (self, other) {
            (Change::Regions { all: mut a, availability: mut x }, Change::Regions { all: b, availability: y }) => {
                a.extend(b);
                x.extend(y);
                x.retain(|r| !a.contains(r));
                Change::Regions { all: a, availability: x }
            }
            _ => Change::Everything,
        }
    }

    fn regions(ids: &[&str]) -> Change {
        Change::Regions { all: ids.iter().map(|s| s.to_string()).collect(), availability: BTreeSet::new() }
    }
}

fn merge(pending: Option<Change>, change: Change) -> Change {
    match pending {
        Some(p) => p.merge(change),
        None => change,
    }
}

/// Decides what a change to `paths` (absolute or project-relative) invalidates.
/// Returns `None` when none of them is part of the project's input.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let mut change: Option<Change> = None;
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if parts.last().is_some_and(|name| is_editor_litter(name)) {
            continue;
        }
        let this = match parts.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["site.toml"] | ["themes", ..] => Change::Everything,
            ["content", "regions", region, file] if *file == crate::load::AVAILABILITY_FILE => {
                Change::Regions { all: BTreeSet::new(), availability: BTreeSet::from([region.to_string()]) }
            }
            ["content", "regions", region, _, ..] => Change::regions(&[region]),
            // A region folder appearing or vanishing changes the portal and the set of regions.
            ["content", ..] => Change::Everything,
            _ => continue,
        };
        change = Some(merge(change, this));
    }
    change
}

/// Swap, backup and lock files that editors write beside the real one.
fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913" // vim probes a folder's writability with this name
}

/// The stages of the first pass: what a reader of the changed page needs at once.
const FIRST: Stages = Stages::of(&[Stage::Pages, Stage::OpenData, Stage::Availability]);
/// The slower stages, made right after.
const SECOND: Stages = Stages::of(&[Stage::Search, Stage::Leaflets, Stage::Guidebook]);

/// The files served and the diagnostics of the latest attempt.
#[derive(Default)]
pub struct LiveSite {
    files: BTreeMap<String, Arc<[u8]>>,
    /// The paths of the files each stage made of each unit, as served now.
    made: BTreeMap<(Unit, Stage), Vec<String>>,
    /// Load, validation and theme diagnostics of the latest attempt.
    project: Vec<Diagnostic>,
    /// Each unit's diagnostics: its context's (`None`), then each stage's.
    found: BTreeMap<(Unit, Option<Stage>), Vec<Diagnostic>>,
    diagnostics: Vec<Diagnostic>,
    /// Bumped on every attempt and whenever the errors change, so pages can tell
    /// they are out of date.
    pub generation: u64,
}

impl LiveSite {
    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        self.files.get(path).cloned()
    }

    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Applies what a pass made: failed, nothing served changes; else each unit's
    /// stages replace what they made before (a stage with errors in the second pass
    /// keeps its previous files). Regions no longer in the project go.
    pub fn apply(&mut self, pass: Pass) {
        let errors_before: Vec<Diagnostic> = self.errors().cloned().collect();
        match pass.outcome {
            Outcome::Failed { diagnostics, remade } => {
                // Shown with what the units not made again found last time.
                let kept = match &remade {
                    Some(units) => self.found.iter().filter(|((u, _), _)| !units.contains(u)).flat_map(|(_, d)| d).collect(),
                    None => Vec::new(),
                };
                self.diagnostics = sort_dedup(diagnostics.into_iter().chain(kept.into_iter().cloned()).collect());
                self.generation += 1;
                return;
            }
            Outcome::Made { project, regions, made } => {
                if let Some(d) = project {
                    self.project = d;
                }
                let gone = |unit: &Unit| matches!(unit, Unit::Region(r) if !regions.contains(r));
                for path in self.made.extract_if(.., |(unit, _), _| gone(unit)).flat_map(|(_, paths)| paths) {
                    self.files.remove(&path);
                }
                self.found.retain(|(unit, _), _| !gone(unit));
                for m in made {
                    self.put(m);
                }
            }
        }
        self.diagnostics = sort_dedup(self.project.iter().chain(self.found.values().flatten()).cloned().collect());
        if pass.first || self.errors().cloned().collect::<Vec<_>>() != errors_before {
            self.generation += 1;
        }
    }

    fn put(&mut self, made: Made) {
        self.found.insert((made.unit.clone(), None), made.prepared.into_sorted());
        for part in made.parts {
            let key = (made.unit.clone(), part.stage);
            if !part.diagnostics.has_errors() {
                for path in self.made.remove(&key).unwrap_or_default() {
                    self.files.remove(&path);
                }
                let mut paths = Vec::with_capacity(part.files.len());
                for f in part.files {
                    paths.push(f.path.clone());
                    self.files.insert(f.path, Arc::from(f.bytes));
                }
                self.made.insert(key.clone(), paths);
            }
            self.found.insert((key.0, Some(key.1)), part.diagnostics.into_sorted());
        }
    }
}

/// What one pass of a rebuild found, for [`LiveSite::apply`].
pub struct Pass {
    first: bool,
    outcome: Outcome,
}

enum Outcome {
    /// Nothing is replaced; these are the attempt's diagnostics, found making `remade`
    /// (`None`: the project did not get that far).
    Failed { diagnostics: Vec<Diagnostic>, remade: Option<BTreeSet<Unit>> },
    /// `project`: the load, validation and theme diagnostics (first pass only);
    /// `regions`: the regions the project has now.
    Made { project: Option<Vec<Diagnostic>>, regions: BTreeSet<String>, made: Vec<Made> },
}

/// Rebuilds the site as the project changes: loads it, and runs the driver, which it
/// keeps (with its theme, typst engine and search cache) for the life of the server.
pub struct Rebuilder {
    root: PathBuf,
    /// The build time, when pinned (tests); else the clock's at each rebuild, since
    /// vacancy figures go stale while the server runs.
    time: Option<BuildTime>,
    driver: Option<Driver>,
    /// The project of the last good first pass, for its second pass.
    project: Option<Project>,
    /// The regions the second pass is still to make, each with its stages; it runs only
    /// after a good first pass (`ready`), against that pass's project.
    second: BTreeMap<String, Stages>,
    ready: bool,
    /// The regions of the last good first pass.
    regions: BTreeSet<String>,
    /// Changes not yet applied because the pass that should apply them failed.
    pending: Option<Change>,
    /// The PDFs made so far, reused when their inputs have not changed.
    prints: Arc<MemoryStore>,
    /// Regions whose pages await their guidebook's page count and size: made again
    /// after the second pass.
    repage: BTreeSet<String>,
}

impl Rebuilder {
    /// A rebuilder whose build time is `when` (a date stands for its noon).
    #[cfg(test)]
    pub fn new(root: &Path, when: impl Into<BuildTime>) -> Rebuilder {
        Rebuilder { time: Some(when.into()), ..Rebuilder::following_clock(root) }
    }

    /// A rebuilder that builds at the time of each rebuild (`crate::now()`, which the
    /// `ZAITAKU_NOW` and `ZAITAKU_TODAY` variables pin).
    pub fn following_clock(root: &Path) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            time: None,
            driver: None,
            project: None,
            second: BTreeMap::new(),
            ready: false,
            regions: BTreeSet::new(),
            pending: None,
            prints: Arc::new(MemoryStore::default()),
            repage: BTreeSet::new(),
        }
    }

    /// The regions served.
    pub fn regions(&self) -> &BTreeSet<String> {
        &self.regions
    }

    /// Builds everything in both passes (start-up, tests).
    pub fn build_all(&mut self, site: &mut LiveSite) {
        site.apply(self.first(Change::Everything));
        if let Some(second) = self.second() {
            site.apply(second);
        }
    }

    /// The first pass: loads and validates the project, then makes the pages and open
    /// data of the portal and of the regions `change` touches. On errors nothing is
    /// replaced and the change is remembered, so the next good pass covers it too.
    pub fn first(&mut self, change: Change) -> Pass {
        let change = merge(self.pending.take(), change);
        let fail = |this: &mut Rebuilder, diagnostics: Vec<Diagnostic>, remade| {
            this.pending = Some(change.clone());
            this.ready = false;
            Pass { first: true, outcome: Outcome::Failed { diagnostics, remade } }
        };
        let (project, mut d) = crate::load::load(&self.root);
        let Some(project) = project else { return fail(self, d.into_sorted(), None) };
        let now = self.time.unwrap_or_else(crate::now);
        crate::validate::validate(&project, now, &mut d);
        if d.has_errors() {
            return fail(self, d.into_sorted(), None);
        }
        // The driver lives as long as the server; only a changed theme is loaded again.
        let prints = self.prints.clone();
        let ready = match &mut self.driver {
            Some(driver) => driver.update(&project),
            None => Driver::new(&project, now).map(|mut driver| {
                driver.set_print_store(prints);
                self.driver = Some(driver);
            }),
        };
        if let Err(theme) = ready {
            d.extend(theme);
            return fail(self, d.into_sorted(), None);
        }
        let Some(driver) = &mut self.driver else { return fail(self, d.into_sorted(), None) };
        driver.set_time(now);
        let current: BTreeSet<String> = project.regions.iter().map(|r| r.id.to_string()).collect();
        let (all, mut availability): (BTreeSet<String>, BTreeSet<String>) = match &change {
            _ if current != self.regions => (current.clone(), BTreeSet::new()),
            Change::Everything => (current.clone(), BTreeSet::new()),
            Change::Regions { all, availability } => {
                (all.intersection(&current).cloned().collect(), availability.intersection(&current).cloned().collect())
            }
        };
        // A region that starts or stops publishing vacancies changes more than its
        // vacancy pages: its top page links to them, its leaflets say where they are.
        let publishes = |p: &Project, id: &str| p.regions.iter().any(|r| r.id.as_str() == id && r.availability.is_some());
        let (flipped, only): (BTreeSet<String>, BTreeSet<String>) = availability
            .into_iter()
            .partition(|r| self.project.as_ref().is_none_or(|old| publishes(old, r) != publishes(&project, r)));
        availability = only;
        let all: BTreeSet<String> = all.into_iter().chain(flipped).collect();
        // Regions whose links into the edited ones may have broken (or been mended) are
        // made again too.
        let plan = Plan::edit(&project, &all, FIRST);
        let all = plan.regions.clone().unwrap_or_default();
        availability.retain(|r| !all.contains(r));
        let mut made = Vec::new();
        if !all.is_empty() || availability.is_empty() {
            made.extend(run(driver, &project, plan));
        }
        if !availability.is_empty() {
            let plan = Plan::availability(availability.clone());
            made.extend(run(driver, &project, Plan { stages: plan.stages.and(FIRST), ..plan }));
        }
        let made_errors = made.iter().any(|m| m.prepared.has_errors() || m.parts.iter().any(|p| p.diagnostics.has_errors()));
        if made_errors {
            let remade = made.iter().map(|m| m.unit.clone()).collect();
            let all = made.into_iter().flat_map(|m| m.into_files().2.into_sorted());
            return fail(self, d.into_sorted().into_iter().chain(all).collect(), Some(remade));
        }
        for r in all {
            self.second.insert(r, SECOND);
        }
        for r in availability {
            let stages = self.second.get(&r).copied().unwrap_or(Stages::of(&[]));
            self.second.insert(r, if stages.is_empty() { Stages::AVAILABILITY.and(SECOND) } else { stages });
        }
        self.second.retain(|r, _| current.contains(r));
        self.repage.extend(made.iter().filter(|m| m.pages_await_print).filter_map(|m| match &m.unit {
            Unit::Region(r) => Some(r.clone()),
            Unit::Portal => None,
        }));
        self.repage.retain(|r| current.contains(r));
        self.regions = current.clone();
        self.project = Some(project);
        self.ready = true;
        Pass { first: true, outcome: Outcome::Made { project: Some(d.into_sorted()), regions: current, made } }
    }

    /// The second pass, after a good first one: the search index and leaflet PDFs of
    /// the regions it made. A region whose second pass fails is made again by the next
    /// rebuild, whatever changes.
    pub fn second(&mut self) -> Option<Pass> {
        let (Some(driver), Some(project), true) = (&self.driver, &self.project, self.ready) else { return None };
        self.ready = false;
        let mut by_stages: Vec<(Stages, BTreeSet<String>)> = Vec::new();
        for (region, stages) in std::mem::take(&mut self.second) {
            match by_stages.iter_mut().find(|(s, _)| *s == stages) {
                Some((_, regions)) => {
                    regions.insert(region);
                }
                None => by_stages.push((stages, BTreeSet::from([region]))),
            }
        }
        let mut made = Vec::new();
        for (stages, regions) in by_stages {
            made.extend(run(driver, project, Plan { portal: false, regions: Some(regions), stages }));
        }
        for m in &made {
            for part in &m.parts {
                for printed in &part.printed {
                    if let Some(f) = part.files.iter().find(|f| f.path == printed.path) {
                        self.prints.put(printed, &f.bytes);
                    }
                }
            }
        }
        // The pages that could not yet name the guidebook's page count and size.
        let repage = std::mem::take(&mut self.repage);
        if !repage.is_empty() {
            let pages = Stages::of(&[Stage::Pages]);
            made.extend(run(driver, project, Plan { portal: false, regions: Some(repage), stages: pages }));
        }
        for m in &made {
            if let Unit::Region(r) = &m.unit
                && m.parts.iter().any(|p| p.diagnostics.has_errors())
            {
                self.pending = Some(merge(self.pending.take(), Change::regions(&[r.as_str()])));
            }
        }
        Some(Pass { first: false, outcome: Outcome::Made { project: None, regions: self.regions.clone(), made } })
    }
}

/// Runs the driver and keeps what it made.
fn run(driver: &Driver, project: &Project, plan: Plan) -> Vec<Made> {
    let made = Mutex::new(Vec::new());
    driver.run(project, &plan, &|m| {
        made.lock().unwrap_or_else(PoisonError::into_inner).push(m);
        true
    });
    made.into_inner().unwrap_or_else(PoisonError::into_inner)
}

fn sort_dedup(mut v: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut d = Diagnostics::default();
    v.drain(..).for_each(|x| d.push(x));
    d.into_sorted()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_tree(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy_tree(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn served(site: &LiveSite) -> BTreeMap<String, Vec<u8>> {
        site.files.iter().map(|(p, b)| (p.clone(), b.to_vec())).collect()
    }

    fn built(root: &Path, today: crate::model::Date) -> BTreeMap<String, Vec<u8>> {
        let build = crate::build(root, today);
        build.files.expect("a clean build").into_iter().map(|f| (f.path, f.bytes)).collect()
    }

    #[test]
    fn an_error_of_the_second_pass_is_shown_then_cleared_by_the_fix() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal"), root);
        std::fs::create_dir_all(root.join("content/leaflets")).unwrap();
        std::fs::write(root.join("content/leaflets/numbers.toml"), "title = \"電話番号\"\n[[sections]]\ntype = \"emergency\"\n").unwrap();
        let today: crate::model::Date = "2025-12-20".parse().unwrap();
        let (mut rebuilder, mut site) = (Rebuilder::new(root, today), LiveSite::default());
        rebuilder.build_all(&mut site);
        assert_eq!(site.errors().count(), 0, "{:?}", site.diagnostics());
        let good = served(&site);
        assert!(good.contains_key("alpha/leaflets/numbers.pdf"));
        assert_eq!(good, built(root, today), "served equals built");

        // A broken layout fails only the second pass: the pages are replaced, the PDFs
        // and their error stay until it is fixed.
        let layout = root.join("themes/default/leaflet/leaflet.typ");
        std::fs::create_dir_all(layout.parent().unwrap()).unwrap();
        std::fs::write(&layout, "#let data = json(\"/data.json\")\n#text(data.no_such_field)\n").unwrap();
        rebuilder.build_all(&mut site);
        let errors: Vec<String> = site.errors().map(|d| d.location()).collect();
        assert!(!errors.is_empty() && errors.iter().all(|l| l.starts_with("themes/default/leaflet/leaflet.typ:2:")), "{errors:?}");
        assert_eq!(site.file("alpha/leaflets/numbers.pdf").as_deref(), Some(good["alpha/leaflets/numbers.pdf"].as_slice()));

        // The fix goes through both passes, although the second pass's error was
        // still shown when it started.
        std::fs::remove_file(&layout).unwrap();
        let generation = site.generation;
        rebuilder.build_all(&mut site);
        assert_eq!(site.errors().count(), 0, "{:?}", site.diagnostics());
        assert!(site.generation > generation);
        assert_eq!(served(&site), built(root, today), "served equals built after the fix");
    }

    #[test]
    fn an_edit_of_the_figures_alone_remakes_only_what_shows_them() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/availability"), root);
        let now: crate::model::DateTime = "2026-11-29T10:00".parse().unwrap();
        let (mut rebuilder, mut site) = (Rebuilder::new(root, now), LiveSite::default());
        rebuilder.build_all(&mut site);
        assert_eq!(site.errors().count(), 0, "{:?}", site.diagnostics());
        let built_at = |root: &Path| -> BTreeMap<String, Vec<u8>> {
            crate::build(root, now).files.expect("a clean build").into_iter().map(|f| (f.path, f.bytes)).collect()
        };

        let csv = root.join("content/regions/alpha/availability.csv");
        let text = std::fs::read_to_string(&csv).unwrap().replace(",2,2026-11-29 09:00", ",要相談,2026-11-29 09:40");
        std::fs::write(&csv, text).unwrap();
        let change = classify(root, std::slice::from_ref(&csv)).unwrap();
        let first = rebuilder.first(change);
        let Outcome::Made { made, .. } = &first.outcome else { panic!("the first pass failed") };
        let parts: Vec<(Unit, Stage)> = made.iter().flat_map(|m| m.parts.iter().map(|p| (m.unit.clone(), p.stage))).collect();
        assert_eq!(parts, [(Unit::Region("alpha".into()), Stage::Availability)], "no other page, region or the portal");
        let files: Vec<&str> = made[0].parts[0].files.iter().map(|f| f.path.as_str()).collect();
        assert!(files.contains(&"alpha/institutions/sakura-rouken.html") && files.contains(&"alpha/availability.html"));
        assert!(!files.contains(&"alpha/institutions/aoba.html") && !files.contains(&"alpha/index.html"), "{files:?}");
        site.apply(first);
        let second = rebuilder.second().unwrap();
        let Outcome::Made { made, .. } = &second.outcome else { panic!() };
        let parts: Vec<Stage> = made.iter().flat_map(|m| m.parts.iter().map(|p| p.stage)).collect();
        assert_eq!(parts, [Stage::Search], "the search index follows; the leaflets print no figure");
        site.apply(second);
        assert_eq!(served(&site), built_at(root), "served equals built");

        // A region that starts publishing vacancies changes whole: its top page links
        // to the vacancy page, its leaflets say where the figures are.
        let beta = root.join("content/regions/beta/availability.csv");
        std::fs::write(&beta, "institution,service,free,as_of\n").unwrap();
        let first = rebuilder.first(classify(root, std::slice::from_ref(&beta)).unwrap());
        let Outcome::Made { made, .. } = &first.outcome else { panic!("the first pass failed") };
        assert!(made.iter().any(|m| m.unit == Unit::Region("beta".into()) && m.parts.iter().any(|p| p.stage == Stage::Pages)));
        site.apply(first);
        if let Some(second) = rebuilder.second() {
            site.apply(second);
        }
        assert_eq!(served(&site), built_at(root), "served equals built");
    }

    #[test]
    fn classifies_changes_by_what_depends_on_them() {
        let root = Path::new("/p");
        let regions = |ids: &[&str]| Some(Change::regions(ids));
        assert_eq!(classify(root, &[root.join("content/regions/a/institutions/x.toml")]), regions(&["a"]));
        assert_eq!(
            classify(root, &[root.join("content/regions/a/region.toml"), root.join("content/regions/b/articles/y.md")]),
            regions(&["a", "b"])
        );
        assert_eq!(classify(root, &[root.join("content/articles/acp.md")]), Some(Change::Everything));
        let availability = |ids: &[&str]| Change::Regions { all: BTreeSet::new(), availability: ids.iter().map(|s| s.to_string()).collect() };
        assert_eq!(classify(root, &[root.join("content/regions/a/availability.csv")]), Some(availability(&["a"])));
        assert_eq!(
            classify(root, &[root.join("content/regions/a/availability.csv"), root.join("content/regions/a/region.toml")]),
            regions(&["a"]),
            "a region changed whole needs no separate vacancy pass"
        );
        assert_eq!(classify(root, &[root.join("themes/default/templates/base.html")]), Some(Change::Everything));
        assert_eq!(classify(root, &[root.join("site.toml")]), Some(Change::Everything));
        assert_eq!(classify(root, &[root.join("public/index.html")]), None);
        assert_eq!(classify(root, &[root.join("content/regions/a/institutions/.x.toml.swp")]), None);
        assert_eq!(classify(root, &[root.join("content/regions/a/institutions/4913")]), None);
        assert_eq!(classify(root, &[root.join("content/regions/a/institutions/x.toml~")]), None);
    }
}
