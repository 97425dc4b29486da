//! The pages stage: every HTML page of a region (and its sitemap and assets), and the
//! portal at the output root, from the region's context and the theme's templates.

mod portal;

use std::collections::BTreeMap;

use minijinja::{Value, context};
use rayon::prelude::*;

use crate::context::RegionContext;
use crate::diagnostic::Diagnostics;
use crate::model::*;
use crate::theme::{Labels, Theme};
use crate::view::*;
pub(crate) use portal::portal;

/// What the pages show of the open data stage's work, made by the driver: the files
/// (for the page that lists them) and each page's schema.org JSON-LD.
pub(crate) struct OpenData {
    pub(crate) files: Vec<Listed>,
    /// One per institution of the context, in its order.
    pub(crate) institutions_json_ld: Vec<String>,
    /// One per article of the context, in its order.
    pub(crate) articles_json_ld: Vec<String>,
}

/// A file of the region's open data, as its page lists it.
pub(crate) struct Listed {
    /// Relative to the region's root.
    pub(crate) path: String,
    pub(crate) bytes: usize,
    /// `csv`, `json` or `feed`.
    pub(crate) kind: &'static str,
}

/// The PDF guidebook as its pages announce it: page count and size, when the print
/// stage has made it (or the print cache knows it); made by the driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PrintedGuidebook {
    pub(crate) pages: usize,
    pub(crate) bytes: usize,
}

/// Which of a region's pages to make. The pages that show vacancies change with the
/// region's `availability.csv` alone, so they are made apart (the driver's
/// `Stage::Availability`); which pages those are depends on the records only (see
/// [`shows_availability`]), never on the figures, so the two sets never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageSet {
    /// The pages that show no vacancy figure, and the sitemap and assets.
    pub(crate) rest: bool,
    /// The pages that may show one.
    pub(crate) availability: bool,
}

/// Whether the page at `path` (under the region) may show vacancy figures: the region's
/// vacancy page, the lists (their cards, and the 空きあり filter), the page of every
/// institution that offers a service vacancies are published for, and the open data
/// page (which lists availability.json and feed.xml with their sizes).
pub(crate) fn shows_availability(cx: &RegionContext<'_>, path: &str) -> bool {
    if path == crate::view::availability::PAGE
        || matches!(path, "opendata/index.html" | "institutions/index.html" | "institutions/municipalities.html")
        || path.starts_with("phases/")
    {
        return true;
    }
    path.strip_prefix("institutions/")
        .and_then(|p| p.strip_suffix(".html"))
        .is_some_and(|id| cx.offering_availability.contains(id))
}

/// Everything one region's pages share, built once.
struct RegionCtx<'a> {
    cx: &'a RegionContext<'a>,
    project: &'a Project,
    region: &'a Region,
    theme: &'a Theme,
    labels: &'a Labels,
    site: Value,
    region_view: Value,
    /// The four phases with their counts, for every page's navigation.
    phases: Value,
    /// The context's institutions (in its order) as template values.
    institutions: Vec<(&'a Institution, Value)>,
    /// What the lists and the search results can be narrowed by: the kinds the region
    /// has, in the contract's order, and its municipalities.
    filters: Value,
    open_data: &'a OpenData,
    /// The guidebook PDF's page count and size; `None` while they are not known.
    guidebook_pdf: Option<PrintedGuidebook>,
    set: PageSet,
}

impl RegionCtx<'_> {
    fn wanted(&self, path: &str) -> bool {
        if shows_availability(self.cx, path) { self.set.availability } else { self.set.rest }
    }

    /// A page not in `set` is not rendered: it is returned empty, in its place, so that
    /// the sitemap lists every page in the same order whichever set is made, and
    /// dropped before the files are handed on.
    fn render(&self, template: &str, path: &str, title: &str, extra: Value, d: &mut Diagnostics) -> Option<OutputFile> {
        if !self.wanted(path) {
            return Some(OutputFile { path: format!("{}/{path}", self.region.id), bytes: Vec::new() });
        }
        let depth = path.matches('/').count();
        let root = "../".repeat(depth);
        let canonical = self.project.site.base_url.as_ref().map(|b| {
            let page = path.strip_suffix("index.html").unwrap_or(path);
            format!("{b}{}/{page}", self.region.id)
        });
        let ctx = context! {
            site => self.site.clone(),
            region => self.region_view.clone(),
            t => self.theme.strings.value(),
            phases => self.phases.clone(),
            root => root,
            page => context! { path => path, title => title, canonical => canonical },
            ..extra
        };
        self.theme.templates.render(template, ctx, d)
            .map(|html| OutputFile { path: format!("{}/{path}", self.region.id), bytes: html.into_bytes() })
    }
}

/// The pages of the region that `set` asks for; with `set.rest`, also its sitemap and
/// the theme's assets under `<region>/`. `guidebook_pdf`: the guidebook PDF's page count
/// and size, when known.
pub(crate) fn region(
    cx: &RegionContext<'_>,
    theme: &Theme,
    open_data: &OpenData,
    set: PageSet,
    guidebook_pdf: Option<PrintedGuidebook>,
) -> (Vec<OutputFile>, Diagnostics) {
    let pc = region_ctx(cx, theme, open_data, set, guidebook_pdf);
    let (project, region) = (pc.project, pc.region);
    let labels = pc.labels;
    // Institution pages are most of the work and run in parallel themselves; the other
    // pages are rendered alongside them.
    let ((mut files, d2), (institution_files, d3)) = rayon::join(
        || {
            let mut d = Diagnostics::default();
            let mut files: Vec<OutputFile> = Vec::new();
            files.extend(top_page(&pc, &mut d));
            files.extend(list_pages(&pc, &mut d));
            files.extend(article_pages(&pc, &mut d));
            files.extend(pc.render("search.html", "search.html", &labels.search_title, context! { filters => pc.filters.clone() }, &mut d));
            files.extend(leaflet_pages(&pc, &mut d));
            files.extend(guidebook_page(&pc, &mut d));
            files.extend(pc.render("404.html", "404.html", &labels.not_found_title, context! {}, &mut d));
            let a = &project.site.accessibility;
            let statement = context! {
                accessibility => context! {
                    level => a.level.clone(),
                    established => a.established.map(DateView::from),
                    tested => a.tested.map(DateView::from),
                    contact => a.contact.clone(),
                    notes => a.notes.clone(),
                },
            };
            files.extend(pc.render("accessibility.html", "accessibility.html", &labels.accessibility_title, statement, &mut d));
            files.extend(open_data_page(&pc, &mut d));
            files.extend(availability_page(&pc, &mut d));
            (files, d)
        },
        || {
            let mut d = Diagnostics::default();
            (institution_pages(&pc, &mut d), d)
        },
    );
    files.extend(institution_files);
    let mut d = d2;
    d.extend(d3);
    let prefix = format!("{}/", region.id);
    let wanted = |f: &OutputFile| f.path.strip_prefix(&prefix).is_some_and(|p| pc.wanted(p));
    if !set.rest {
        files.retain(wanted);
        return (files, d);
    }
    for (name, bytes) in &theme.assets {
        files.push(OutputFile { path: format!("{}/assets/{name}", region.id), bytes: bytes.clone() });
    }
    if let Some(sitemap) = sitemap(&pc, &files, &mut d) {
        files.push(sitemap);
    }
    files.retain(wanted);
    (files, d)
}

fn region_ctx<'a>(
    cx: &'a RegionContext<'a>,
    theme: &'a Theme,
    open_data: &'a OpenData,
    set: PageSet,
    guidebook_pdf: Option<PrintedGuidebook>,
) -> RegionCtx<'a> {
    let (project, region) = (cx.project, cx.region);
    let phases: Vec<PhaseView> = Phase::ALL
        .iter()
        .map(|&p| PhaseView {
            id: p.id(),
            label: p.label(),
            url: format!("phases/{}.html", p.slug()),
            count: region.institutions.iter().filter(|i| i.phases.contains(&p)).count(),
        })
        .collect();
    RegionCtx {
        cx,
        project,
        region,
        theme,
        labels: theme.strings.labels(),
        site: Value::from_serialize(SiteView::from(&project.site)),
        region_view: Value::from_serialize(RegionView::new(&project.site, region)),
        phases: Value::from_serialize(&phases),
        // A page that shows vacancies sees them as `availability` of its institutions.
        institutions: cx
            .institutions
            .iter()
            .map(|i| {
                let view = Value::from_serialize(&i.view);
                let value = match &i.availability {
                    Some(a) => context! { availability => Value::from_serialize(a), ..view },
                    None => view,
                };
                (i.record, value)
            })
            .collect(),
        filters: filters(cx),
        open_data,
        set,
        guidebook_pdf,
    }
}

/// The pages that name the guidebook PDF's page count and size — the region's top page
/// and the guidebook's own page — for the driver to put in place of the ones
/// [`region`] made before the PDF was.
pub(crate) fn guidebook_figures(
    cx: &RegionContext<'_>,
    theme: &Theme,
    open_data: &OpenData,
    guidebook_pdf: PrintedGuidebook,
) -> (Vec<OutputFile>, Diagnostics) {
    // Neither page shows vacancy figures: they are of the rest of the pages.
    let set = PageSet { rest: true, availability: false };
    let pc = region_ctx(cx, theme, open_data, set, Some(guidebook_pdf));
    let mut d = Diagnostics::default();
    let files = top_page(&pc, &mut d).into_iter().chain(guidebook_page(&pc, &mut d)).collect();
    (files, d)
}

/// The HTML page of every leaflet, from the same data as its PDF.
fn leaflet_pages(pc: &RegionCtx<'_>, d: &mut Diagnostics) -> Vec<OutputFile> {
    pc.cx
        .leaflets
        .iter()
        .filter_map(|(leaflet, data)| {
            pc.render(
                "leaflet.html",
                &format!("leaflets/{}.html", leaflet.id),
                &leaflet.title,
                context! { leaflet => Value::from_serialize(data) },
                d,
            )
        })
        .collect()
}

/// The guidebook's PDF as its links describe it: `{pages, size}`, or none while unknown.
fn guidebook_pdf(pc: &RegionCtx<'_>) -> Value {
    match pc.guidebook_pdf {
        Some(p) => context! { pages => p.pages, size => crate::guidebook::size_label(p.bytes) },
        None => Value::from(()),
    }
}

/// The guidebook's HTML twin, from the same data as its PDF.
fn guidebook_page(pc: &RegionCtx<'_>, d: &mut Diagnostics) -> Option<OutputFile> {
    let data = pc.cx.guidebook.as_ref()?;
    let extra = context! { guidebook => Value::from_serialize(data), pdf => guidebook_pdf(pc) };
    pc.render("guidebook.html", "guidebook.html", &data.title, extra, d)
}

fn top_page(cx: &RegionCtx<'_>, d: &mut Diagnostics) -> Option<OutputFile> {
    let description = cx.cx.description.as_ref().map(|m| m.html.clone());
    // Plain views: the top page shows no vacancy figure (it would change with them).
    let hubs: Vec<Value> = cx
        .region
        .hubs
        .iter()
        .filter_map(|h| cx.cx.institutions.iter().find(|i| i.record.id.as_str() == h.value).map(|i| Value::from_serialize(&i.view)))
        .collect();
    let kinds = kind_groups(cx, |_| true).into_iter().map(|g| context! { id => g.id, heading => g.heading, count => g.items.len() });
    let extra = context! {
        numbers => Value::from_serialize(NumberView::for_region(cx.project, cx.region)),
        description => description,
        hubs => hubs,
        topics => topic_groups(cx),
        kinds => Value::from_iter(kinds),
        leaflets => Value::from_iter(cx.project.leaflets.iter().map(|l| context! { id => l.id.as_str(), title => l.title.clone() })),
        guidebook => cx.cx.guidebook.as_ref().map(|g| context! { title => g.title.clone(), pdf => guidebook_pdf(cx) }),
    };
    cx.render("region.html", "index.html", &cx.region.name, extra, d)
}

fn filters(cx: &RegionContext<'_>) -> Value {
    let kinds = Kind::ALL
        .iter()
        .filter(|k| cx.institutions.iter().any(|i| i.record.kind == **k))
        .map(|k| context! { id => k.id(), label => k.label() });
    context! { kinds => Value::from_iter(kinds), municipalities => municipality_names(cx.region, cx.institutions.iter().map(|i| i.record)) }
}

/// The region's municipalities in its own order, then any other that records name.
fn municipality_names<'a>(region: &Region, institutions: impl Iterator<Item = &'a Institution>) -> Vec<String> {
    let mut names: Vec<String> = region.municipalities.clone();
    for i in institutions {
        if let Some(m) = &i.municipality
            && !names.contains(&m.value)
        {
            names.push(m.value.clone());
        }
    }
    names
}

/// Institutions that pass `keep`, grouped by kind in the contract's order.
fn kind_groups(cx: &RegionCtx<'_>, keep: impl Fn(&Institution) -> bool) -> Vec<Group> {
    Kind::ALL
        .iter()
        .map(|&k| Group {
            id: k.id().replace('_', "-"),
            heading: k.label().to_string(),
            items: cx.institutions.iter().filter(|(i, _)| i.kind == k && keep(i)).map(|(_, v)| v.clone()).collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect()
}

fn municipality_groups(cx: &RegionCtx<'_>) -> Vec<Group> {
    let names = municipality_names(cx.region, cx.institutions.iter().map(|(i, _)| *i));
    let mut groups: Vec<Group> = names
        .iter()
        .enumerate()
        .map(|(n, name)| Group {
            id: format!("m{}", n + 1),
            heading: name.clone(),
            items: cx
                .institutions
                .iter()
                .filter(|(i, _)| i.municipality.as_ref().is_some_and(|m| &m.value == name))
                .map(|(_, v)| v.clone())
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect();
    let unknown: Vec<Value> =
        cx.institutions.iter().filter(|(i, _)| i.municipality.is_none()).map(|(_, v)| v.clone()).collect();
    if !unknown.is_empty() {
        groups.push(Group { id: "m0".into(), heading: cx.labels.no_municipality.clone(), items: unknown });
    }
    groups
}

fn list_pages(cx: &RegionCtx<'_>, d: &mut Diagnostics) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let by_kind = kind_groups(cx, |_| true);
    out.extend(cx.render(
        "list.html",
        "institutions/index.html",
        &cx.labels.institutions_by_kind_title,
        context! { groups => Value::from_serialize(&by_kind), view => "kind", filters => cx.filters.clone() },
        d,
    ));
    out.extend(cx.render(
        "list.html",
        "institutions/municipalities.html",
        &cx.labels.institutions_by_municipality_title,
        context! { groups => Value::from_serialize(municipality_groups(cx)), view => "municipality", filters => cx.filters.clone() },
        d,
    ));
    for &phase in Phase::ALL {
        let groups = kind_groups(cx, |i| i.phases.contains(&phase));
        let articles: Vec<ArticleView> = cx
            .cx
            .articles
            .iter()
            .filter(|a| a.record.phases.contains(&phase))
            .map(|a| ArticleView::new(a.record, a.own))
            .collect();
        out.extend(cx.render(
            "list.html",
            &format!("phases/{}.html", phase.slug()),
            phase.label(),
            context! {
                groups => Value::from_serialize(&groups),
                view => "phase",
                phase => context! { id => phase.id(), label => phase.label() },
                articles => Value::from_serialize(&articles),
                filters => cx.filters.clone(),
                // 急変時の対応 opens with the region's numbers, as its top page does.
                numbers => (phase == Phase::Acute).then(|| Value::from_serialize(NumberView::for_region(cx.project, cx.region))),
            },
            d,
        ));
    }
    out
}

fn institution_pages(cx: &RegionCtx<'_>, d: &mut Diagnostics) -> Vec<OutputFile> {
    let results: Vec<(Option<OutputFile>, Diagnostics)> = cx
        .institutions
        .par_iter()
        .zip(&cx.open_data.institutions_json_ld)
        .map(|((i, view), json_ld)| {
            let mut d = Diagnostics::default();
            let page = cx.render(
                "institution.html",
                &format!("institutions/{}.html", i.id),
                &i.name,
                context! { institution => view.clone(), json_ld => json_ld },
                &mut d,
            );
            (page, d)
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for (page, diags) in results {
        out.extend(page);
        d.extend(diags);
    }
    out
}

/// Articles grouped by topic, in the contract's topic order.
fn topic_groups(cx: &RegionCtx<'_>) -> Value {
    let groups = Topic::ALL.iter().filter_map(|&topic| {
        let items: Vec<ArticleView> =
            cx.cx.articles.iter().filter(|a| a.record.topic == topic).map(|a| ArticleView::new(a.record, a.own)).collect();
        (!items.is_empty()).then(|| context! { id => topic.id(), articles => Value::from_serialize(&items) })
    });
    Value::from_iter(groups)
}

fn article_pages(cx: &RegionCtx<'_>, d: &mut Diagnostics) -> Vec<OutputFile> {
    let mut out = Vec::new();
    out.extend(cx.render("articles.html", "articles/index.html", &cx.labels.all_articles, context! { topics => topic_groups(cx) }, d));
    for (entry, json_ld) in cx.cx.articles.iter().zip(&cx.open_data.articles_json_ld) {
        let article = entry.record;
        let view = ArticleView::new(article, entry.own);
        out.extend(cx.render(
            "article.html",
            &format!("articles/{}.html", article.id),
            &article.title,
            context! { article => Value::from_serialize(view), body => entry.body.html.clone(), json_ld => json_ld },
            d,
        ));
    }
    out
}

/// The page that lists the region's open data files with their licence.
fn open_data_page(cx: &RegionCtx<'_>, d: &mut Diagnostics) -> Option<OutputFile> {
    let sizes: Vec<Value> =
        cx.open_data.files.iter().map(|f| context! { path => f.path.as_str(), bytes => f.bytes, kind => f.kind }).collect();
    cx.render("opendata.html", "opendata/index.html", &cx.labels.opendata, context! { files => sizes }, d)
}

/// 「ショートステイ・レスパイトの空き」: every institution that offers a service vacancies
/// are published for, grouped by what its fresh figures say — free places first —
/// each with its phone. Only for a region with an `availability.csv`.
fn availability_page(cx: &RegionCtx<'_>, d: &mut Diagnostics) -> Option<OutputFile> {
    cx.region.availability.as_ref()?;
    let entries: Vec<(&crate::view::availability::AvailabilityView, &Value)> = cx
        .cx
        .institutions
        .iter()
        .zip(&cx.institutions)
        .filter_map(|(entry, (_, value))| entry.availability.as_ref().map(|a| (a, value)))
        .collect();
    use crate::view::availability::Status;
    // Every group, the empty ones too (hidden): a figure that passes its time in the
    // reader's browser moves its card to the group its other figures say
    // (availability.js), which must then exist.
    let groups: Vec<Value> = [Status::Free, Status::Ask, Status::None, Status::Unknown]
        .into_iter()
        .map(|status| {
            let items: Vec<Value> = entries.iter().filter(|(a, _)| a.status == status).map(|(_, v)| (*v).clone()).collect();
            context! { id => status.id(), items => items }
        })
        .collect();
    let l = &cx.labels.availability;
    let extra = context! { groups => groups, listed => !entries.is_empty(), fresh_hours => cx.project.site.availability_fresh_hours };
    cx.render("availability.html", crate::view::availability::PAGE, &l.title, extra, d)
}

fn sitemap(cx: &RegionCtx<'_>, files: &[OutputFile], d: &mut Diagnostics) -> Option<OutputFile> {
    let base = cx.project.site.base_url.as_ref()?;
    let prefix = format!("{}/", cx.region.id);
    let lastmod: BTreeMap<String, String> = cx
        .institutions
        .iter()
        .map(|(i, _)| (format!("institutions/{}.html", i.id), i.verified.value.to_string()))
        .chain(cx.cx.articles.iter().map(|a| (format!("articles/{}.html", a.record.id), a.record.updated.to_string())))
        .collect();
    let urls: Vec<Value> = files
        .iter()
        .filter_map(|f| f.path.strip_prefix(&prefix))
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .map(|p| {
            let loc = if p == "index.html" { format!("{base}{prefix}") } else { format!("{base}{prefix}{p}") };
            context! { loc => loc, lastmod => lastmod.get(p) }
        })
        .collect();
    cx.theme.templates.render("sitemap.xml", context! { urls => urls }, d)
        .map(|xml| OutputFile { path: format!("{prefix}sitemap.xml"), bytes: xml.into_bytes() })
}
