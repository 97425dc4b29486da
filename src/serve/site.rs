//! The site as served: the last good build in memory, rebuilt region by region by the
//! same driver as `zaitaku build`.
//!
//! A change inside `content/regions/<r>/` re-makes region `r` and the portal; anything
//! shared (`site.toml`, themes, shared articles, emergency numbers, leaflets) re-makes
//! every region. Loading and validation always run over the whole project, so a
//! cross-reference broken by the change is caught. Each rebuild has two passes: the
//! pages and open data first (swapped in at once), then the search index and leaflet
//! PDFs. What is served is kept by unit (portal, region) and stage, as the driver
//! made it, so replacing "region r's PDFs" needs no knowledge of where they live. The
//! served files always equal what a clean `zaitaku build` writes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::driver::{Driver, Made, Plan, Stage, Stages, Unit};
use crate::model::{Date, Project};

/// What a set of changed paths requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Everything,
    Regions(BTreeSet<String>),
}

impl Change {
    fn merge(self, other: Change) -> Change {
        match (self, other) {
            (Change::Regions(mut a), Change::Regions(b)) => {
                a.extend(b);
                Change::Regions(a)
            }
            _ => Change::Everything,
        }
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
            ["content", "regions", region, _, ..] => Change::Regions(BTreeSet::from([region.to_string()])),
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
const FIRST: Stages = Stages::of(&[Stage::Pages, Stage::OpenData]);
/// The slower stages, made right after.
const SECOND: Stages = Stages::of(&[Stage::Search, Stage::Leaflets]);

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
    today: Date,
    driver: Option<Driver>,
    /// The project of the last good first pass, for its second pass.
    project: Option<Project>,
    /// The regions the second pass is still to make; it runs only after a good first
    /// pass (`ready`), against that pass's project.
    second: BTreeSet<String>,
    ready: bool,
    /// The regions of the last good first pass.
    regions: BTreeSet<String>,
    /// Changes not yet applied because the pass that should apply them failed.
    pending: Option<Change>,
}

impl Rebuilder {
    pub fn new(root: &Path, today: Date) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            today,
            driver: None,
            project: None,
            second: BTreeSet::new(),
            ready: false,
            regions: BTreeSet::new(),
            pending: None,
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
        crate::validate::validate(&project, self.today, &mut d);
        if d.has_errors() {
            return fail(self, d.into_sorted(), None);
        }
        // The driver lives as long as the server; only a changed theme is loaded again.
        let ready = match &mut self.driver {
            Some(driver) => driver.update(&project),
            None => Driver::new(&project, self.today).map(|driver| self.driver = Some(driver)),
        };
        if let Err(theme) = ready {
            d.extend(theme);
            return fail(self, d.into_sorted(), None);
        }
        let Some(driver) = &self.driver else { return fail(self, d.into_sorted(), None) };
        let current: BTreeSet<String> = project.regions.iter().map(|r| r.id.to_string()).collect();
        let targets: BTreeSet<String> = match &change {
            _ if current != self.regions => current.clone(),
            Change::Everything => current.clone(),
            Change::Regions(set) => set.intersection(&current).cloned().collect(),
        };
        // Regions whose links into the edited ones may have broken are made again too.
        let plan = Plan::edit(&project, &targets, FIRST);
        let targets = plan.regions.clone().unwrap_or_default();
        let made = run(driver, &project, plan);
        let made_errors = made.iter().any(|m| m.prepared.has_errors() || m.parts.iter().any(|p| p.diagnostics.has_errors()));
        if made_errors {
            let remade = made.iter().map(|m| m.unit.clone()).collect();
            let all = made.into_iter().flat_map(|m| m.into_files().1.into_sorted());
            return fail(self, d.into_sorted().into_iter().chain(all).collect(), Some(remade));
        }
        self.second.extend(targets);
        self.second.retain(|r| current.contains(r));
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
        let regions = std::mem::take(&mut self.second);
        let made = run(driver, project, Plan { portal: false, regions: Some(regions), stages: SECOND });
        for m in &made {
            if let Unit::Region(r) = &m.unit
                && m.parts.iter().any(|p| p.diagnostics.has_errors())
            {
                self.pending = Some(merge(self.pending.take(), Change::Regions(BTreeSet::from([r.clone()]))));
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

    fn built(root: &Path, today: Date) -> BTreeMap<String, Vec<u8>> {
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
        let today: Date = "2025-12-20".parse().unwrap();
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
    fn classifies_changes_by_what_depends_on_them() {
        let root = Path::new("/p");
        let regions = |ids: &[&str]| Some(Change::Regions(ids.iter().map(|s| s.to_string()).collect()));
        assert_eq!(classify(root, &[root.join("content/regions/a/institutions/x.toml")]), regions(&["a"]));
        assert_eq!(
            classify(root, &[root.join("content/regions/a/region.toml"), root.join("content/regions/b/articles/y.md")]),
            regions(&["a", "b"])
        );
        assert_eq!(classify(root, &[root.join("content/articles/acp.md")]), Some(Change::Everything));
        assert_eq!(classify(root, &[root.join("themes/default/templates/base.html")]), Some(Change::Everything));
        assert_eq!(classify(root, &[root.join("site.toml")]), Some(Change::Everything));
        assert_eq!(classify(root, &[root.join("public/index.html")]), None);
        assert_eq!(classify(root, &[root.join("content/regions/a/institutions/.x.toml.swp")]), None);
        assert_eq!(classify(root, &[root.join("content/regions/a/institutions/4913")]), None);
        assert_eq!(classify(root, &[root.join("content/regions/a/institutions/x.toml~")]), None);
    }
}
