//! The pages of one region, and the portal at the output root.

use std::collections::BTreeMap;

use minijinja::{Value, context};
use rayon::prelude::*;

use crate::theme::Theme;
use crate::view::*;
use super::{LinkTargets, PageLinks, opendata, render_markdown};
use crate::markdown;
use super::{Derived, RegionPages};
use crate::view::leaflet::{LeafletData, LeafletDataError, leaflet_data};
use crate::search::SearchDoc;
use crate::diagnostic::Diagnostics;
use crate::model::*;

/// Everything one region's pages share, built once.
struct RegionCtx<'a> {
    project: &'a Project,
    region: &'a Region,
    theme: &'a Theme,
    targets: &'a LinkTargets,
    site: Value,
    region_view: Value,
    phases: Vec<PhaseView>,
    /// Institutions sorted by reading, as views.
    institutions: Vec<(&'a Institution, Value)>,
    /// The articles this region publishes: shared ones, replaced or joined by its own.
    articles: Vec<(&'a Article, bool)>,
}

impl RegionCtx<'_> {
    fn render(&self, template: &str, path: &str, title: &str, extra: Value, d: &mut Diagnostics) -> Option<OutputFile> {
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
            phases => Value::from_serialize(&self.phases),
            root => root,
            page => context! { path => path, title => title, canonical => canonical },
            ..extra
        };
        render_template(self.theme, template, ctx, d)
            .map(|html| OutputFile { path: format!("{}/{path}", self.region.id), bytes: html.into_bytes() })
    }
}

fn render_template(theme: &Theme, template: &str, ctx: Value, d: &mut Diagnostics) -> Option<String> {
    theme.templates.render(template, ctx).map_err(|e| d.push(e)).ok()
}


pub fn render_region(
    project: &Project,
    region: &Region,
    theme: &Theme,
    targets: &LinkTargets,
    today: Date,
) -> RegionPages {
    let mut d = Diagnostics::default();
    let stale_after = project.site.stale_after_days;
    let links = PageLinks { targets, region: region.id.as_str(), root: "../" };

    let mut sorted: Vec<&Institution> = region.institutions.iter().collect();
    sorted.sort_by_cached_key(|i| (i.reading_key(), i.id.clone()));
    let mut search_docs: Vec<SearchDoc> = Vec::new();
    let mut shared_docs: Vec<SearchDoc> = Vec::new();
    let institutions: Vec<(&Institution, Value)> = sorted
        .into_iter()
        .map(|i| {
            let note = i.note.as_ref().map(|n| render_markdown(project, n, &links, &mut d));
            search_docs.push(institution_search_doc(i, note.as_ref().map(|n| n.text.as_str()).unwrap_or("")));
            let note = note.map(|n| n.html);
            let stale = today.duration_since(i.verified.value).as_secs() / 86_400 > stale_after;
            let is_hub = region.hubs.iter().any(|h| h.value == i.id.as_str());
            (i, Value::from_serialize(InstitutionView::new(i, is_hub, stale, note)))
        })
        .collect();

    let mut articles: BTreeMap<&str, (&Article, bool)> =
        project.articles.iter().map(|a| (a.id.as_str(), (a, false))).collect();
    for a in &region.articles {
        articles.insert(a.id.as_str(), (a, true));
    }
    let mut articles: Vec<(&Article, bool)> = articles.into_values().collect();
    articles.sort_by(|a, b| (a.0.topic, a.0.order, &a.0.id).cmp(&(b.0.topic, b.0.order, &b.0.id)));

    let phases = Phase::ALL
        .iter()
        .map(|&p| PhaseView {
            id: p.id(),
            label: p.label(),
            url: format!("phases/{}.html", p.slug()),
            count: region.institutions.iter().filter(|i| i.phases.contains(&p)).count(),
        })
        .collect();

    let cx = RegionCtx {
        project,
        region,
        theme,
        targets,
        site: Value::from_serialize(SiteView::from(&project.site)),
        region_view: Value::from_serialize(RegionView::new(&project.site, region)),
        phases,
        institutions,
        articles,
    };

    // Institution pages are most of the work and run in parallel themselves; the other
    // pages are rendered alongside them.
    let ((mut files, leaflets, d2), (institution_files, d3)) = rayon::join(
        || {
            let mut d = Diagnostics::default();
            let mut files: Vec<OutputFile> = Vec::new();
            files.extend(top_page(&cx, &mut d));
            files.extend(list_pages(&cx, &mut d));
            files.extend(article_pages(&cx, &mut search_docs, &mut shared_docs, &mut d));
            files.extend(cx.render("search.html", "search.html", "検索", context! {}, &mut d));
            let leaflets = leaflet_pages(&cx, &mut files, &mut d);
            files.extend(cx.render("404.html", "404.html", "ページが見つかりません", context! {}, &mut d));
            let a = &cx.project.site.accessibility;
            let statement = context! {
                accessibility => context! {
                    level => a.level.clone(),
                    established => a.established.map(DateView::from),
                    tested => a.tested.map(DateView::from),
                    contact => a.contact.clone(),
                    notes => a.notes.clone(),
                },
            };
            files.extend(cx.render("accessibility.html", "accessibility.html", "ウェブアクセシビリティ方針", statement, &mut d));
            files.extend(open_data(&cx, &mut d));
            (files, leaflets, d)
        },
        || {
            let mut d = Diagnostics::default();
            (institution_pages(&cx, &mut d), d)
        },
    );
    files.extend(institution_files);
    d.extend(d2);
    d.extend(d3);
    for (name, bytes) in &theme.assets {
        files.push(OutputFile { path: format!("{}/assets/{name}", region.id), bytes: bytes.clone() });
    }
    if let Some(sitemap) = sitemap(&cx, &files, &mut d) {
        files.push(sitemap);
    }
    RegionPages { files, diagnostics: d, derived: Derived { region: region.id.to_string(), search_docs, shared_docs, leaflets } }
}

/// The HTML page of every leaflet; returns their data for the PDFs.
fn leaflet_pages(cx: &RegionCtx<'_>, files: &mut Vec<OutputFile>, d: &mut Diagnostics) -> Vec<(Id, LeafletData)> {
    let mut out = Vec::new();
    for leaflet in &cx.project.leaflets {
        match leaflet_data(cx.project, cx.region, leaflet) {
            Ok(data) => {
                files.extend(cx.render(
                    "leaflet.html",
                    &format!("leaflets/{}.html", leaflet.id),
                    &leaflet.title,
                    context! { leaflet => Value::from_serialize(&data) },
                    d,
                ));
                out.push((leaflet.id.clone(), data));
            }
            // validate already reports an article that does not exist.
            Err(LeafletDataError::MissingArticle { .. }) => {}
            Err(e) => d.push(e.to_diagnostic(cx.project, leaflet)),
        }
    }
    out
}


fn top_page(cx: &RegionCtx<'_>, d: &mut Diagnostics) -> Option<OutputFile> {
    let links = PageLinks { targets: cx.targets, region: cx.region.id.as_str(), root: "" };
    let description = cx.region.description.as_ref().map(|m| render_markdown(cx.project, m, &links, d).html);
    let hubs: Vec<Value> = cx
        .region
        .hubs
        .iter()
        .filter_map(|h| cx.institutions.iter().find(|(i, _)| i.id.as_str() == h.value).map(|(_, v)| v.clone()))
        .collect();
    let kinds = kind_groups(cx, |_| true).into_iter().map(|g| context! { id => g.id, heading => g.heading, count => g.items.len() });
    let extra = context! {
        numbers => Value::from_serialize(NumberView::for_region(cx.project, cx.region)),
        description => description,
        hubs => hubs,
        topics => topic_groups(cx),
        kinds => Value::from_iter(kinds),
        leaflets => Value::from_iter(cx.project.leaflets.iter().map(|l| context! { id => l.id.as_str(), title => l.title.clone() })),
    };
    cx.render("region.html", "index.html", &cx.region.name, extra, d)
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
    // The region's own order first, then any other municipality records name.
    let mut names: Vec<String> = cx.region.municipalities.clone();
    for (i, _) in &cx.institutions {
        if let Some(m) = &i.municipality {
            if !names.contains(&m.value) {
                names.push(m.value.clone());
            }
        }
    }
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
        groups.push(Group { id: "m0".into(), heading: "市町村の記載なし".into(), items: unknown });
    }
    groups
}

fn list_pages(cx: &RegionCtx<'_>, d: &mut Diagnostics) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let by_kind = kind_groups(cx, |_| true);
    out.extend(cx.render(
        "list.html",
        "institutions/index.html",
        "医療・介護機関の一覧（種類別）",
        context! { groups => Value::from_serialize(&by_kind), view => "kind" },
        d,
    ));
    out.extend(cx.render(
        "list.html",
        "institutions/municipalities.html",
        "医療・介護機関の一覧（市町村別）",
        context! { groups => Value::from_serialize(municipality_groups(cx)), view => "municipality" },
        d,
    ));
    for &phase in Phase::ALL {
        let groups = kind_groups(cx, |i| i.phases.contains(&phase));
        let articles: Vec<ArticleView> = cx
            .articles
            .iter()
            .filter(|(a, _)| a.phases.contains(&phase))
            .map(|(a, own)| ArticleView::new(a, *own))
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
        .map(|(i, view)| {
            let mut d = Diagnostics::default();
            let page = cx.render(
                "institution.html",
                &format!("institutions/{}.html", i.id),
                &i.name,
                context! { institution => view.clone(), json_ld => opendata::json_ld_institution(cx.project, cx.region, i) },
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

fn labels<V: Vocabulary>(values: &[V]) -> String {
    values.iter().map(|v| v.label()).collect::<Vec<_>>().join(" ")
}

/// What search knows of an institution: everything residents see on its page.
fn institution_search_doc(i: &Institution, note_text: &str) -> SearchDoc {
    let snippet = [i.address.as_deref().unwrap_or(""), note_text].join(" ");
    SearchDoc {
        id: format!("institutions/{}.html", i.id),
        title: i.name.clone(),
        kana: i.kana.clone().unwrap_or_default(),
        kind: i.kind.label().to_string(),
        phases: labels(&i.phases),
        services: labels(&i.services),
        municipality: [i.municipality.as_ref().map(|m| m.value.as_str()).unwrap_or("")]
            .into_iter()
            .chain(i.visit_area.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" "),
        headings: labels(&i.roles),
        body: [i.address.as_deref().unwrap_or(""), i.hours.as_deref().unwrap_or(""), note_text].join(" "),
        snippet: markdown::plain_text_summary(&snippet, 80),
    }
}

fn article_search_doc(a: &Article, body: &markdown::Rendered) -> SearchDoc {
    let summary = a.summary.clone().unwrap_or_else(|| body.first_paragraph.clone());
    SearchDoc {
        id: format!("articles/{}.html", a.id),
        title: a.title.clone(),
        kana: String::new(),
        kind: "記事".to_string(),
        phases: labels(&a.phases),
        services: String::new(),
        municipality: String::new(),
        headings: body.headings.join(" "),
        body: format!("{} {}", a.summary.as_deref().unwrap_or(""), body.text),
        snippet: markdown::plain_text_summary(&summary, 80),
    }
}

/// Articles grouped by topic, in the contract's topic order.
fn topic_groups(cx: &RegionCtx<'_>) -> Value {
    let groups = Topic::ALL.iter().filter_map(|&topic| {
        let items: Vec<ArticleView> =
            cx.articles.iter().filter(|(a, _)| a.topic == topic).map(|(a, own)| ArticleView::new(a, *own)).collect();
        (!items.is_empty()).then(|| context! { id => topic.id(), articles => Value::from_serialize(&items) })
    });
    Value::from_iter(groups)
}

/// Also collects the articles' search documents: the region's own into `own_docs`, the
/// shared ones (the same in every region) into `shared_docs`.
fn article_pages(
    cx: &RegionCtx<'_>,
    own_docs: &mut Vec<SearchDoc>,
    shared_docs: &mut Vec<SearchDoc>,
    d: &mut Diagnostics,
) -> Vec<OutputFile> {
    let links = PageLinks { targets: cx.targets, region: cx.region.id.as_str(), root: "../" };
    let mut out = Vec::new();
    let views: Vec<ArticleView> = cx.articles.iter().map(|(a, own)| ArticleView::new(a, *own)).collect();
    out.extend(cx.render(
        "articles.html",
        "articles/index.html",
        "記事の一覧",
        context! { topics => topic_groups(cx) },
        d,
    ));
    for ((article, own), view) in cx.articles.iter().zip(&views) {
        let body = render_markdown(cx.project, &article.body, &links, d);
        let docs = if *own { &mut *own_docs } else { &mut *shared_docs };
        docs.push(article_search_doc(article, &body));
        let page_url = cx.project.site.base_url.as_ref().map(|b| format!("{b}{}/articles/{}.html", cx.region.id, article.id));
        let json_ld = opendata::json_ld_article(article, page_url.as_deref(), &cx.project.site.publisher);
        out.extend(cx.render(
            "article.html",
            &format!("articles/{}.html", article.id),
            &article.title,
            context! { article => Value::from_serialize(view), body => body.html, json_ld => json_ld },
            d,
        ));
    }
    out
}

/// The region's data as files others can reuse: CSV in the municipal standard layout,
/// JSON, an Atom feed of updates, and a page that lists them with their licence.
fn open_data(cx: &RegionCtx<'_>, d: &mut Diagnostics) -> Vec<OutputFile> {
    let region = cx.region.id.as_str();
    let articles: Vec<&Article> = cx.articles.iter().map(|(a, _)| *a).collect();
    let mut out = vec![
        OutputFile { path: format!("{region}/opendata/institutions.csv"), bytes: opendata::institutions_csv(cx.project, cx.region) },
        OutputFile {
            path: format!("{region}/opendata/institutions.json"),
            bytes: opendata::institutions_json(cx.project, cx.region, &cx.project.site.license),
        },
        OutputFile {
            path: format!("{region}/feed.xml"),
            bytes: opendata::atom_feed(cx.project, cx.region, &articles, cx.project.site.base_url.as_deref()),
        },
    ];
    let sizes: Vec<Value> = out
        .iter()
        .zip(["csv", "json", "feed"])
        .map(|(f, kind)| {
            context! { path => f.path.strip_prefix(&format!("{region}/")).unwrap_or(&f.path), bytes => f.bytes.len(), kind => kind }
        })
        .collect();
    out.extend(cx.render("opendata.html", "opendata/index.html", "オープンデータ", context! { files => sizes }, d));
    out
}

fn sitemap(cx: &RegionCtx<'_>, files: &[OutputFile], d: &mut Diagnostics) -> Option<OutputFile> {
    let base = cx.project.site.base_url.as_ref()?;
    let prefix = format!("{}/", cx.region.id);
    let lastmod: BTreeMap<String, String> = cx
        .institutions
        .iter()
        .map(|(i, _)| (format!("institutions/{}.html", i.id), i.verified.value.to_string()))
        .chain(cx.articles.iter().map(|(a, _)| (format!("articles/{}.html", a.id), a.updated.to_string())))
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
    render_template(cx.theme, "sitemap.xml", context! { urls => urls }, d)
        .map(|xml| OutputFile { path: format!("{prefix}sitemap.xml"), bytes: xml.into_bytes() })
}

/// The portal at the output root: links to every region, and a root 404 page.
pub fn render_root(project: &Project, theme: &Theme, d: &mut Diagnostics) -> Vec<OutputFile> {
    let regions: Vec<RegionView> = project.regions.iter().map(|r| RegionView::new(&project.site, r)).collect();
    let mut by_prefecture: Vec<(String, Vec<&RegionView>)> = Vec::new();
    for r in &regions {
        match by_prefecture.iter_mut().find(|(p, _)| *p == r.prefecture) {
            Some((_, list)) => list.push(r),
            None => by_prefecture.push((r.prefecture.clone(), vec![r])),
        }
    }
    let prefectures: Vec<Value> = by_prefecture
        .iter()
        .map(|(p, list)| context! { name => p, regions => Value::from_serialize(list) })
        .collect();
    let base = context! {
        site => Value::from_serialize(SiteView::from(&project.site)),
        t => theme.strings.value(),
        root => "",
    };
    let mut out = Vec::new();
    let portal = context! {
        prefectures => prefectures,
        page => context! { path => "index.html", title => project.site.title.clone(), canonical => project.site.base_url.clone() },
        ..base.clone()
    };
    if let Some(html) = render_template(theme, "portal.html", portal, d) {
        out.push(OutputFile { path: "index.html".into(), bytes: html.into_bytes() });
    }
    let not_found = context! {
        page => context! { path => "404.html", title => "ページが見つかりません", canonical => None::<String> },
        ..base
    };
    if let Some(html) = render_template(theme, "portal-404.html", not_found, d) {
        out.push(OutputFile { path: "404.html".into(), bytes: html.into_bytes() });
    }
    if let Some(base_url) = &project.site.base_url {
        let maps: Vec<String> = project.regions.iter().map(|r| format!("{base_url}{}/sitemap.xml", r.id)).collect();
        if let Some(xml) = render_template(theme, "sitemap-index.xml", context! { sitemaps => maps }, d) {
            out.push(OutputFile { path: "sitemap.xml".into(), bytes: xml.into_bytes() });
        }
    }
    for (name, bytes) in &theme.assets {
        out.push(OutputFile { path: format!("assets/{name}"), bytes: bytes.clone() });
    }
    out
}
