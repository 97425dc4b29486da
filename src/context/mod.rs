//! The per-region context: what every stage of one region reads, prepared once.
//!
//! Each Markdown text is parsed here once, for the page that shows it; the pages, the
//! search index and the leaflets are all made from that one parse, and its problems
//! (a broken `@/` link, removed raw HTML) are reported here once. The leaflets' and
//! the guidebook's data are made here too, so that their HTML pages and their PDFs —
//! two stages — show the same values. Nothing here knows about output paths or templates.

mod links;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered};
use crate::model::*;
use crate::theme::{Labels, PageIds};
use crate::view::InstitutionView;
use crate::view::guidebook::{GuidebookData, guidebook_data};
use crate::view::availability::AvailabilityView;
use crate::view::leaflet::{LeafletData, LeafletDataError, leaflet_data};
pub(crate) use links::{LinkTargets, regions_linking_into};
use links::PageLinks;

/// One region, ready for every stage.
pub(crate) struct RegionContext<'a> {
    pub(crate) project: &'a Project,
    pub(crate) region: &'a Region,
    /// In reading order (五十音順), then by id.
    pub(crate) institutions: Vec<InstitutionEntry<'a>>,
    /// The articles this region publishes — the shared ones, replaced or joined by its
    /// own — by topic, order and id.
    pub(crate) articles: Vec<ArticleEntry<'a>>,
    /// The region's description, rendered for its top page.
    pub(crate) description: Option<Rendered>,
    /// Each leaflet that could be made for this region, with its data.
    pub(crate) leaflets: Vec<(&'a Leaflet, LeafletData)>,
    /// The region's guidebook, unless `[outputs] guidebook = false`: one value for its
    /// PDF and its HTML page.
    pub(crate) guidebook: Option<GuidebookData>,
    /// The ids of the institutions that offer a service vacancies are published for
    /// (from their records, whatever the figures say).
    pub(crate) offering_availability: std::collections::BTreeSet<String>,
}

pub(crate) struct InstitutionEntry<'a> {
    pub(crate) record: &'a Institution,
    /// What templates see; its note is rendered for a page one folder below the region.
    pub(crate) view: InstitutionView,
    /// The note's text without markup.
    pub(crate) note_text: Option<String>,
    /// Its vacancies, when the region publishes them and it offers a service they are
    /// published for. Only the pages that show vacancies read this (see
    /// `pages::shows_availability`), so that the others keep their bytes.
    pub(crate) availability: Option<AvailabilityView>,
}

pub(crate) struct ArticleEntry<'a> {
    pub(crate) record: &'a Article,
    /// Only this region has it (or its own version of a shared one).
    pub(crate) own: bool,
    /// Rendered for its page, one folder below the region.
    pub(crate) body: Rendered,
}

impl<'a> RegionContext<'a> {
    pub(crate) fn new(
        project: &'a Project,
        region: &'a Region,
        targets: &LinkTargets,
        now: BuildTime,
        labels: &Labels,
        page_ids: &PageIds,
        guidebook_words: &serde_json::Value,
        d: &mut Diagnostics,
    ) -> RegionContext<'a> {
        let one_down = PageLinks { targets, ids: page_ids, region: region.id.as_str(), root: "../" };
        let top = PageLinks { root: "", ..one_down };
        let ((institutions, articles), leaflets) = rayon::join(
            || rayon::join(|| institutions(project, region, &one_down, now, labels), || articles(project, region, &one_down)),
            || leaflets(project, region, labels),
        );
        let (institutions, d1) = institutions;
        let (articles, d2) = articles;
        let (leaflets, d3) = leaflets;
        [d1, d2, d3].into_iter().for_each(|x| d.extend(x));
        let description = region.description.as_ref().map(|m| render_markdown(project, m, &top, d));
        let guidebook =
            project.site.outputs.guidebook.then(|| guidebook_data(project, region, guidebook_words.clone()));
        let offering_availability = region
            .institutions
            .iter()
            .filter(|i| crate::model::availability::AVAILABILITY_SERVICES.iter().any(|s| i.services.contains(s)))
            .map(|i| i.id.to_string())
            .collect();
        RegionContext { project, region, institutions, articles, description, leaflets, guidebook, offering_availability }
    }
}

fn institutions<'a>(
    project: &'a Project,
    region: &'a Region,
    links: &PageLinks<'_>,
    now: BuildTime,
    labels: &Labels,
) -> (Vec<InstitutionEntry<'a>>, Diagnostics) {
    let today = now.today();
    let stale_after = project.site.stale_after_days;
    let mut figures: BTreeMap<&str, Vec<&Figure>> = BTreeMap::new();
    for f in region.availability.iter().flat_map(|a| &a.figures) {
        figures.entry(f.institution.value.as_str()).or_default().push(f);
    }
    let mut sorted: Vec<&Institution> = region.institutions.iter().collect();
    sorted.sort_by_cached_key(|i| (i.reading_key(), i.id.clone()));
    let made: Vec<(InstitutionEntry<'a>, Diagnostics)> = sorted
        .into_par_iter()
        .map(|i| {
            let mut d = Diagnostics::default();
            let note = i.note.as_ref().map(|n| render_markdown(project, n, links, &mut d));
            let stale = today.duration_since(i.verified.value).as_secs() / 86_400 > stale_after;
            let is_hub = region.hubs.iter().any(|h| h.value == i.id.as_str());
            let (note_html, note_text) = note.map(|n| (n.html, n.text)).unzip();
            let view = InstitutionView::new(i, is_hub, stale, note_html);
            let availability = region.availability.as_ref().and_then(|_| {
                let mine = figures.get(i.id.as_str()).map_or(&[][..], Vec::as_slice);
                AvailabilityView::new(i, mine, now.now, project.site.availability_fresh_hours, labels)
            });
            (InstitutionEntry { record: i, view, note_text, availability }, d)
        })
        .collect();
    gather(made)
}

fn articles<'a>(project: &'a Project, region: &'a Region, links: &PageLinks<'_>) -> (Vec<ArticleEntry<'a>>, Diagnostics) {
    let mut by_id: BTreeMap<&str, (&Article, bool)> = project.articles.iter().map(|a| (a.id.as_str(), (a, false))).collect();
    for a in &region.articles {
        by_id.insert(a.id.as_str(), (a, true));
    }
    let mut chosen: Vec<(&Article, bool)> = by_id.into_values().collect();
    chosen.sort_by(|a, b| (a.0.topic, a.0.order, &a.0.id).cmp(&(b.0.topic, b.0.order, &b.0.id)));
    let made: Vec<(ArticleEntry<'a>, Diagnostics)> = chosen
        .into_par_iter()
        .map(|(record, own)| {
            let mut d = Diagnostics::default();
            let body = render_markdown(project, &record.body, links, &mut d);
            (ArticleEntry { record, own, body }, d)
        })
        .collect();
    gather(made)
}

fn leaflets<'a>(project: &'a Project, region: &'a Region, labels: &Labels) -> (Vec<(&'a Leaflet, LeafletData)>, Diagnostics) {
    let mut d = Diagnostics::default();
    let mut out = Vec::new();
    for leaflet in &project.leaflets {
        match leaflet_data(project, region, leaflet, labels) {
            Ok(data) => out.push((leaflet, data)),
            // validate already reports an article that does not exist.
            Err(LeafletDataError::MissingArticle { .. }) => {}
            Err(e) => d.push(e.to_diagnostic(project, leaflet)),
        }
    }
    (out, d)
}

fn gather<T>(made: Vec<(T, Diagnostics)>) -> (Vec<T>, Diagnostics) {
    let mut all = Diagnostics::default();
    let items = made
        .into_iter()
        .map(|(item, d)| {
            all.extend(d);
            item
        })
        .collect();
    (items, all)
}

/// Renders Markdown for a page, turning its problems into diagnostics at their source.
fn render_markdown(project: &Project, md: &Markdown, links: &PageLinks<'_>, d: &mut Diagnostics) -> Rendered {
    let mut rendered = markdown::render(&md.text, links);
    let src = project.source(md.loc.file);
    for p in rendered.problems.drain(..) {
        d.push(Diagnostic::at(p.severity, src, md.file_span(p.span), p.message));
    }
    rendered
}
