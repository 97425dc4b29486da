//! Stage 3: the loaded, validated project → every output file, in memory.
//!
//! A pure function of the project: regions render in parallel and share nothing but
//! the read-only theme. Only `output` touches the disk.

pub mod markdown;
pub mod opendata;
pub mod theme;
pub mod view;

mod pages;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::leaflet::{LeafletData, LeafletEngine, LeafletError, Layout};
use crate::search::{SearchDoc, Segment, index_js};
use crate::model::*;
use theme::Theme;

/// One file of the built site, relative to the output root, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Which content files exist, for resolving `@/` links in every region.
pub struct LinkTargets {
    shared_articles: BTreeSet<String>,
    /// region id → (institution ids, article ids)
    regions: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
}

impl LinkTargets {
    pub fn new(p: &Project) -> Self {
        LinkTargets {
            shared_articles: p.articles.iter().map(|a| a.id.to_string()).collect(),
            regions: p
                .regions
                .iter()
                .map(|r| {
                    (
                        r.id.to_string(),
                        (
                            r.institutions.iter().map(|i| i.id.to_string()).collect(),
                            r.articles.iter().map(|a| a.id.to_string()).collect(),
                        ),
                    )
                })
                .collect(),
        }
    }
}

/// Resolves `@/` links for one page: its region and its depth below the region root.
pub struct PageLinks<'a> {
    pub targets: &'a LinkTargets,
    pub region: &'a str,
    /// "" or "../": from the page to its region's root.
    pub root: &'a str,
}

impl markdown::ResolveLink for PageLinks<'_> {
    fn resolve(&self, target: &str) -> Result<String, String> {
        let parts: Vec<&str> = target.split('/').collect();
        let region_of = |r: &str| if r == self.region { self.root.to_string() } else { format!("{}../{r}/", self.root) };
        match parts.as_slice() {
            ["articles", file] => {
                let id = file.strip_suffix(".md").ok_or_else(|| format!("@/{target}: articles are .md files"))?;
                let own = self.targets.regions.get(self.region).is_some_and(|(_, a)| a.contains(id));
                if own || self.targets.shared_articles.contains(id) {
                    Ok(format!("{}articles/{id}.html", self.root))
                } else {
                    Err(format!(
                        "link to @/{target}: no such article in region {} (looked for content/articles/{id}.md and content/regions/{}/articles/{id}.md)",
                        self.region, self.region
                    ))
                }
            }
            ["regions", region, "institutions", file] => {
                let id = file.strip_suffix(".toml").ok_or_else(|| format!("@/{target}: institutions are .toml files"))?;
                match self.targets.regions.get(*region) {
                    Some((inst, _)) if inst.contains(id) => Ok(format!("{}institutions/{id}.html", region_of(region))),
                    _ => Err(format!("link to @/{target}: there is no content/regions/{region}/institutions/{id}.toml")),
                }
            }
            ["regions", region, "articles", file] => {
                let id = file.strip_suffix(".md").ok_or_else(|| format!("@/{target}: articles are .md files"))?;
                match self.targets.regions.get(*region) {
                    Some((_, arts)) if arts.contains(id) => Ok(format!("{}articles/{id}.html", region_of(region))),
                    _ => Err(format!("link to @/{target}: there is no content/regions/{region}/articles/{id}.md")),
                }
            }
            _ => Err(format!(
                "link to @/{target}: link to an article (@/articles/<id>.md) or an institution (@/regions/<region>/institutions/<id>.toml)"
            )),
        }
    }
}

/// Renders Markdown for a page, turning its problems into diagnostics at their source.
pub fn render_markdown(
    project: &Project,
    md: &Markdown,
    links: &PageLinks<'_>,
    d: &mut Diagnostics,
) -> markdown::Rendered {
    let mut rendered = markdown::render(&md.text, links);
    let src = project.source(md.loc.file);
    for p in rendered.problems.drain(..) {
        // Descriptions and notes are TOML strings: positions inside them are approximate
        // (escapes), so point at the string itself.
        let span = if md.loc.span.len() == md.text.len() && src.text.get(md.loc.span.clone()) == Some(md.text.as_str()) {
            md.loc.span.start + p.span.start..md.loc.span.start + p.span.end
        } else {
            md.loc.span.clone()
        };
        d.push(Diagnostic::at(p.severity, src, span, p.message));
    }
    rendered
}

/// The theme, link targets and leaflet engine of one project, ready to render any
/// part of it.
pub struct Renderer<'a> {
    project: &'a Project,
    theme: Theme,
    targets: LinkTargets,
    today: Date,
    leaflets: LeafletEngine,
    layout: Layout,
    /// Search segments of shared articles, made once and reused by every region whose
    /// shared articles read the same (usually all of them).
    shared_segments: std::sync::Mutex<Vec<std::sync::Arc<Segment>>>,
}

/// The files and diagnostics of one rendered unit (the root, or one region).
pub type Rendered = (Vec<OutputFile>, Diagnostics);

/// A region's pages, and the inputs of what is derived from them and slower to make:
/// the search index and the leaflet PDFs.
pub struct RegionPages {
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
    pub derived: Derived,
}

/// What [`Renderer::derive`] turns into the search index and leaflet PDFs.
pub struct Derived {
    region: String,
    /// The search documents of the region's own pages, and of the shared articles.
    search_docs: Vec<SearchDoc>,
    shared_docs: Vec<SearchDoc>,
    leaflets: Vec<(Id, LeafletData)>,
}

impl Derived {
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The documents of the region's search index, in ref order (for tests).
    pub fn search_docs(&self) -> impl Iterator<Item = &SearchDoc> {
        self.search_docs.iter().chain(&self.shared_docs)
    }
}

impl<'a> Renderer<'a> {
    pub fn new(project: &'a Project, today: Date) -> Result<Self, Diagnostics> {
        let theme_dir = format!("themes/{}", project.site.theme);
        match Theme::load(&project.theme_files, &theme_dir) {
            Ok(theme) => Ok(Renderer {
                project,
                theme,
                targets: LinkTargets::new(project),
                today,
                leaflets: LeafletEngine::new(),
                layout: Layout::for_project(project),
                shared_segments: std::sync::Mutex::new(Vec::new()),
            }),
            Err(errors) => {
                let mut d = Diagnostics::default();
                errors.into_iter().for_each(|e| d.push(e));
                Err(d)
            }
        }
    }

    /// The portal and other files at the output root.
    pub fn root(&self) -> Rendered {
        let mut d = Diagnostics::default();
        let files = pages::render_root(self.project, &self.theme, &mut d);
        (files, d)
    }

    /// Every page under `<region>/`, without the derived files.
    pub fn pages(&self, region: &Region) -> RegionPages {
        pages::render_region(self.project, region, &self.theme, &self.targets, self.today)
    }

    /// The search index and the leaflet PDFs of a region whose pages were rendered.
    pub fn derive(&self, derived: Derived) -> Rendered {
        let mut d = Diagnostics::default();
        let region = derived.region;
        let own = Segment::new(derived.search_docs);
        let shared = self.shared_segment(derived.shared_docs);
        let index = OutputFile {
            path: format!("{region}/search-index.js"),
            bytes: index_js(&[&own, &shared]).into_bytes(),
        };
        let pdfs: Vec<(Id, Result<crate::leaflet::Pdf, LeafletError>)> = derived
            .leaflets
            .par_iter()
            .map(|(id, data)| (id.clone(), self.leaflets.render_pdf(data, &self.layout)))
            .collect();
        // typst memoises layout process-wide. Regions share little of it, and kept for
        // a whole national build it would hold gigabytes: keep only what the last
        // region or two used (which still serves `serve`'s rebuilds of one region).
        if !derived.leaflets.is_empty() {
            LeafletEngine::evict_cache(1);
        }
        let mut files = vec![index];
        for (id, pdf) in pdfs {
            let Some(leaflet) = self.project.leaflets.iter().find(|l| l.id == id) else { continue };
            match pdf {
                Ok(pdf) => {
                    for w in pdf.warnings {
                        d.push(Diagnostic::for_file(Severity::Warning, self.layout_path(), w));
                    }
                    files.push(OutputFile { path: format!("{region}/leaflets/{id}.pdf"), bytes: pdf.bytes });
                }
                Err(e) => d.push(e.to_diagnostic(self.project, leaflet)),
            }
        }
        (files, d)
    }

    fn shared_segment(&self, docs: Vec<SearchDoc>) -> std::sync::Arc<Segment> {
        let cache = || self.shared_segments.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(segment) = cache().iter().find(|s| s.docs() == docs.as_slice()) {
            return segment.clone();
        }
        // Indexed outside the lock; two regions starting together may both index the
        // same articles once.
        let segment = std::sync::Arc::new(Segment::new(docs));
        let mut cache = cache();
        if cache.len() < 8 {
            cache.push(segment.clone());
        }
        segment
    }

    fn layout_path(&self) -> String {
        format!("themes/{}/{}", self.project.site.theme, crate::leaflet::LAYOUT_PATH)
    }

    /// Every file under `<region>/`.
    pub fn region(&self, region: &Region) -> Rendered {
        let RegionPages { mut files, mut diagnostics, derived } = self.pages(region);
        let (more, d) = self.derive(derived);
        files.extend(more);
        diagnostics.extend(d);
        (files, diagnostics)
    }
}

/// The whole site, in memory and sorted by path: the portal, then every region.
pub fn render_site(project: &Project, today: Date) -> (Vec<OutputFile>, Diagnostics) {
    let files = std::sync::Mutex::new(Vec::new());
    let d = render_site_into(project, today, &|f: Vec<OutputFile>| {
        files.lock().unwrap_or_else(|e| e.into_inner()).extend(f);
        true
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, d)
}

/// Renders the site unit by unit (the portal, then every region in parallel), handing
/// each unit's files to `emit` as soon as they are made, so that a national build
/// never holds more than a few regions in memory. `emit` returns false to stop: the
/// regions not yet started are skipped (their output could not be used anyway).
pub fn render_site_into(project: &Project, today: Date, emit: &(dyn Fn(Vec<OutputFile>) -> bool + Sync)) -> Diagnostics {
    let renderer = match Renderer::new(project, today) {
        Ok(r) => r,
        Err(d) => return d,
    };
    let (files, mut d) = renderer.root();
    let stopped = std::sync::atomic::AtomicBool::new(!emit(files));
    let results: Vec<Diagnostics> = each_region(project.regions.iter().collect(), |r| {
        if stopped.load(std::sync::atomic::Ordering::Relaxed) {
            return Diagnostics::default();
        }
        let (files, d) = renderer.region(r);
        if !emit(files) {
            stopped.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        d
    });
    results.into_iter().for_each(|r| d.extend(r));
    d
}

/// `f` over every item, a few at a time: as many as rayon has threads. Results keep
/// the items' order.
///
/// Work inside `f` runs in parallel itself (a region's pages, its leaflets), which is
/// why the items are not simply a `par_iter`: a rayon thread waiting inside one region
/// would steal the next region and start it on top of its stack, and so on, until a
/// national build (330 regions) held dozens of half-made regions in memory and
/// overflowed the stack. Here each item is taken by a plain thread, so rayon's threads
/// only ever steal work from the regions in progress.
pub fn each_region<I: Send, T: Send>(items: Vec<I>, f: impl Fn(I) -> T + Sync) -> Vec<T> {
    if items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    let workers = rayon::current_num_threads().clamp(1, items.len());
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let done = std::sync::Mutex::new(Vec::new());
    fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    // Taken in its own statement, so the queue is unlocked while `f` runs.
                    let next = lock(&queue).next();
                    let Some((i, item)) = next else { break };
                    let result = f(item);
                    lock(&done).push((i, result));
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::each_region;
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn each_region_keeps_order_and_bounds_the_regions_in_progress() {
        let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let out = each_region((0..50).collect(), |i: u64| {
            most.fetch_max(now.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
            // Nested parallel work, as a region's pages and leaflets do. (That a plain
            // par_iter stacks regions shows only at scale: see the national build in
            // benches/build.rs.)
            let pause = |micros| std::thread::sleep(std::time::Duration::from_micros(micros));
            (0..2).into_par_iter().for_each(|_| pause(1_000));
            now.fetch_sub(1, Ordering::SeqCst);
            i * 6
        });
        assert_eq!(out, (0..50).map(|i| 6 * i).collect::<Vec<u64>>());
        let threads = rayon::current_num_threads().min(50);
        assert!(most.load(Ordering::SeqCst) <= threads, "{} regions at once", most.load(Ordering::SeqCst));
    }
}
