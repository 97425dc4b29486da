//! The site as served: the last good build in memory, rebuilt region by region.
//!
//! A change inside `content/regions/<r>/` re-renders region `r` (its pages, lists and
//! sitemap) and the portal; anything shared (`site.toml`, themes, shared articles,
//! emergency numbers, leaflets) re-renders every region. Loading and validation always
//! run over the whole project, so a cross-reference broken by the change is caught.
//! The served files must always equal what a clean `zaitaku build` writes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;


use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Date;
use crate::model::Project;
use crate::model::OutputFile;
use crate::render::{Derived, RegionPages, Renderer, each_region};

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
        change = Some(match change {
            Some(c) => c.merge(this),
            None => this,
        });
    }
    change
}

/// Swap, backup and lock files that editors write beside the real one.
pub fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913" // vim probes a folder's writability with this name
}

/// The in-memory site and the diagnostics of the latest attempt.
pub struct LiveSite {
    root: PathBuf,
    today: Date,
    files: BTreeMap<String, Arc<[u8]>>,
    /// Load, validation and portal diagnostics of the latest attempt.
    base_diagnostics: Vec<Diagnostic>,
    /// Page diagnostics per region, kept for regions not re-rendered.
    page_diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// Search index and leaflet diagnostics per region.
    derived_diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    diagnostics: Vec<Diagnostic>,
    /// Changes not yet applied because the build that should apply them failed.
    pending: Option<Change>,
    /// Bumped on every rebuild attempt, so pages can tell they are out of date.
    pub generation: u64,
}

/// Files made from a region's pages but slower to make (the search index, leaflet
/// PDFs). They are computed after the pages are served, outside any lock.
pub struct Derivation {
    project: Project,
    today: Date,
    parts: Vec<Derived>,
}

/// The result of a [`Derivation`], to hand back to [`LiveSite::apply`].
pub struct DerivedFiles {
    regions: Vec<(String, Vec<OutputFile>, Vec<Diagnostic>)>,
}

impl Derivation {
    pub fn run(self) -> DerivedFiles {
        let Ok(renderer) = Renderer::new(&self.project, self.today) else {
            return DerivedFiles { regions: Vec::new() };
        };
        let regions = each_region(self.parts, |part| {
            let region = part.region().to_string();
            let (files, d) = renderer.derive(part);
            (region, files, d.into_sorted())
        });
        DerivedFiles { regions }
    }
}

/// Files of a region that [`Renderer::derive`] makes.
fn is_derived(path: &str) -> bool {
    let rest = path.split_once('/').map_or("", |(_, r)| r);
    rest == "search-index.js" || (rest.starts_with("leaflets/") && rest.ends_with(".pdf"))
}

impl LiveSite {
    /// Builds everything once. Errors are kept as diagnostics; the site is then empty
    /// until they are fixed.
    pub fn new(root: &Path, today: Date) -> LiveSite {
        let mut site = LiveSite {
            root: root.to_path_buf(),
            today,
            files: BTreeMap::new(),
            base_diagnostics: Vec::new(),
            page_diagnostics: BTreeMap::new(),
            derived_diagnostics: BTreeMap::new(),
            diagnostics: Vec::new(),
            pending: None,
            generation: 0,
        };
        site.rebuild_now(Change::Everything);
        site
    }

    pub fn file(&self, path: &str) -> Option<Arc<[u8]>> {
        self.files.get(path).cloned()
    }

    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn files(&self) -> impl Iterator<Item = (&String, &Arc<[u8]>)> {
        self.files.iter()
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn region_ids(&self) -> Vec<String> {
        self.page_diagnostics.keys().cloned().collect()
    }

    /// Rebuilds pages and derived files in one go (start-up, tests).
    pub fn rebuild_now(&mut self, change: Change) {
        if let Some(derivation) = self.rebuild(change) {
            self.apply(derivation.run());
        }
    }

    /// Applies a change to the pages. On errors the previous files stay served and the
    /// change is remembered, so the next successful rebuild covers it too. On success,
    /// returns the derived files still to make for the regions that changed.
    pub fn rebuild(&mut self, change: Change) -> Option<Derivation> {
        self.generation += 1;
        let change = match self.pending.take() {
            Some(p) => p.merge(change),
            None => change,
        };
        let (project, mut d) = crate::load::load(&self.root);
        let Some(project) = project else {
            self.fail(d.into_sorted(), change);
            return None;
        };
        crate::validate::validate(&project, self.today, &mut d);
        if d.has_errors() {
            self.fail(d.into_sorted(), change);
            return None;
        }
        let renderer = match Renderer::new(&project, self.today) {
            Ok(r) => r,
            Err(e) => {
                d.extend(e);
                self.fail(d.into_sorted(), change);
                return None;
            }
        };
        let current: BTreeSet<String> = project.regions.iter().map(|r| r.id.to_string()).collect();
        let previous: BTreeSet<String> = self.page_diagnostics.keys().cloned().collect();
        let targets: BTreeSet<String> = match &change {
            _ if current != previous => current.clone(),
            Change::Everything => current.clone(),
            Change::Regions(set) => set.intersection(&current).cloned().collect(),
        };
        let changed: Vec<&crate::model::Region> = project.regions.iter().filter(|r| targets.contains(r.id.as_str())).collect();
        let rendered: Vec<(String, RegionPages)> = each_region(changed, |r| (r.id.to_string(), renderer.pages(r)));
        let (root_files, root_d) = renderer.root();
        let mut base = d.into_sorted();
        base.extend(root_d.into_sorted());

        let mut page_diagnostics = self.page_diagnostics.clone();
        page_diagnostics.retain(|id, _| current.contains(id));
        for (id, pages) in &rendered {
            page_diagnostics.insert(id.clone(), pages.diagnostics.iter().cloned().collect());
        }
        let mut derived_diagnostics = self.derived_diagnostics.clone();
        derived_diagnostics.retain(|id, _| current.contains(id));
        let all = collect(&base, &page_diagnostics, &derived_diagnostics);
        if all.iter().any(|d| d.severity == Severity::Error) {
            self.fail(all, change);
            return None;
        }

        // Replace the root's files and each re-rendered region's pages; a removed
        // region goes entirely. Derived files stay until their replacements are made.
        let is_root_file = |p: &str| !p.contains('/') || p.starts_with("assets/");
        self.files.retain(|path, _| {
            if is_root_file(path) {
                return false;
            }
            let region = path.split('/').next().unwrap_or("");
            current.contains(region) && (!targets.contains(region) || is_derived(path))
        });
        let mut parts = Vec::new();
        for f in root_files {
            self.files.insert(f.path, Arc::from(f.bytes));
        }
        for (_, pages) in rendered {
            for f in pages.files {
                self.files.insert(f.path, Arc::from(f.bytes));
            }
            parts.push(pages.derived);
        }
        self.base_diagnostics = base;
        self.page_diagnostics = page_diagnostics;
        self.derived_diagnostics = derived_diagnostics;
        self.diagnostics = all;
        drop(renderer);
        Some(Derivation { project, today: self.today, parts })
    }

    /// Puts derived files in place. A region whose derived files failed keeps its old
    /// ones, and the errors are shown until a later rebuild succeeds.
    pub fn apply(&mut self, derived: DerivedFiles) {
        for (region, files, diagnostics) in derived.regions {
            if diagnostics.iter().any(|d| d.severity == Severity::Error) {
                self.pending = Some(match self.pending.take() {
                    Some(p) => p.merge(Change::Regions(BTreeSet::from([region.clone()]))),
                    None => Change::Regions(BTreeSet::from([region.clone()])),
                });
            } else {
                let prefix = format!("{region}/");
                self.files.retain(|path, _| !(path.starts_with(&prefix) && is_derived(path)));
                for f in files {
                    self.files.insert(f.path, Arc::from(f.bytes));
                }
            }
            self.derived_diagnostics.insert(region, diagnostics);
        }
        self.diagnostics = collect(&self.base_diagnostics, &self.page_diagnostics, &self.derived_diagnostics);
    }

    fn fail(&mut self, diagnostics: Vec<Diagnostic>, change: Change) {
        self.diagnostics = diagnostics;
        self.pending = Some(change);
    }
}

fn collect(
    base: &[Diagnostic],
    pages: &BTreeMap<String, Vec<Diagnostic>>,
    derived: &BTreeMap<String, Vec<Diagnostic>>,
) -> Vec<Diagnostic> {
    let all = base.iter().chain(pages.values().flatten()).chain(derived.values().flatten()).cloned().collect();
    sort_dedup(all)
}

fn sort_dedup(mut v: Vec<Diagnostic>) -> Vec<Diagnostic> {
    v.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message).cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

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
