//! `feed.xml`: an Atom feed of the region's updates, rendered by the theme's
//! `templates/feed.xml` (a project may override it, as any template). This module only
//! decides what the feed says: its entries, their order, ids, links and dates.
//!
//! A template rather than the `atom_syndication` crate: the sitemap already is one, a
//! theme can then change the feed like any other page, its words come from the same
//! catalogue, and the escaping is the templates' (which also drops what XML forbids).

use minijinja::{Value, context};
use serde::Serialize;

use crate::model::*;
use crate::diagnostic::Diagnostics;
use crate::theme::Theme;
use crate::view::availability::{TimeView, iso};

/// What the template receives as `feed`.
#[derive(Serialize)]
struct FeedView<'a> {
    lang: &'a str,
    region_name: &'a str,
    publisher: &'a str,
    id: String,
    /// The feed's own absolute URL (only with a base URL).
    self_href: Option<String>,
    /// The region's top page.
    home: String,
    updated: String,
    entries: Vec<Entry>,
}

#[derive(Serialize)]
struct Entry {
    /// Records and articles are dated at midnight; vacancy figures at their time.
    #[serde(skip)]
    date: DateTime,
    #[serde(skip)]
    record_id: String,
    id: String,
    title: String,
    /// The label of an institution's kind, shown after its name.
    kind_label: Option<&'static str>,
    href: String,
    /// `institution`, `article` or `availability`: the category term, and its key in
    /// the catalogue.
    category: &'static str,
    updated: String,
    summary: Option<String>,
}

/// A date as an Atom timestamp: midnight in Japan.
fn atom_date(d: Date) -> String {
    format!("{d}T00:00:00+09:00")
}

/// The region's `feed.xml`: one entry per institution (its `verified` date), per
/// article given (its `updated` date) and per vacancy figure fresh at `now` (its
/// time; a new figure is a new entry, so partners see each change), newest first, ties
/// by id. Links are absolute under the site's `base_url`, else relative to the region
/// folder where the feed lives (ids are then tag URIs). Determined by the content and
/// which figures are fresh: the feed's `<updated>` is its newest entry's date (the
/// region's `as_of` when it has none), never the build time.
pub fn atom(
    project: &Project,
    region: &Region,
    articles: &[&Article],
    theme: &Theme,
    now: BuildTime,
    d: &mut Diagnostics,
) -> Option<String> {
    let base_url = project.site.base_url.as_deref();
    let page = |path: &str| match base_url {
        Some(b) => format!("{b}{}/{path}", region.id),
        None => path.to_string(),
    };
    let entry_id = |path: &str| match base_url {
        Some(b) => format!("{b}{}/{path}", region.id),
        None => format!("tag:zaitaku,2025:{}/{}", region.id, path.trim_end_matches(".html")),
    };
    let institutions = region.institutions.iter().map(|i| {
        let path = format!("institutions/{}.html", i.id);
        Entry {
            date: i.verified.value.into(),
            record_id: i.id.to_string(),
            id: entry_id(&path),
            title: i.name.clone(),
            kind_label: Some(i.kind.label()),
            href: page(&path),
            category: "institution",
            updated: atom_date(i.verified.value),
            summary: None,
        }
    });
    let articles = articles.iter().map(|a| {
        let path = format!("articles/{}.html", a.id);
        Entry {
            date: a.updated.into(),
            record_id: a.id.to_string(),
            id: entry_id(&path),
            title: a.title.clone(),
            kind_label: None,
            href: page(&path),
            category: "article",
            updated: atom_date(a.updated),
            summary: a.summary.clone(),
        }
    });
    let hours = project.site.availability_fresh_hours;
    let labels = &theme.strings.labels().availability;
    let figures = region.availability.iter().flat_map(|a| &a.figures).filter_map(|f| {
        if f.freshness(now.now, hours) != Freshness::Fresh {
            return None;
        }
        let i = region.institutions.iter().find(|i| i.id.as_str() == f.institution.value)?;
        let path = format!("institutions/{}.html", i.id);
        let stamp = f.as_of.value.strftime("%Y%m%dT%H%M").to_string();
        let service = f.service.value;
        let words = match f.free {
            Free::Places(0) => labels.none.clone(),
            Free::Places(n) => labels.free.replace("{n}", &n.to_string()),
            Free::Ask => labels.ask.clone(),
        };
        let time = TimeView::from(f.as_of.value);
        Some(Entry {
            date: f.as_of.value,
            record_id: i.id.to_string(),
            id: match base_url {
                Some(b) => format!("{b}{}/{path}#availability-{}-{stamp}", region.id, service.id()),
                None => format!("tag:zaitaku,2025:{}/institutions/{}/availability/{}/{stamp}", region.id, i.id, service.id()),
            },
            title: labels.feed_title.replace("{name}", &i.name).replace("{service}", service.label()),
            kind_label: None,
            href: page(&path),
            category: "availability",
            updated: iso(f.as_of.value),
            summary: Some(format!("{words}{}", labels.as_of.replace("{time}", &time.ja))),
        })
    });
    let mut entries: Vec<Entry> = institutions.chain(articles).chain(figures).collect();
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.record_id.cmp(&b.record_id)).then_with(|| a.id.cmp(&b.id)));
    let updated = entries.first().map_or(region.as_of.into(), |e| e.date);
    let feed = FeedView {
        lang: &project.site.language,
        region_name: &region.name,
        publisher: &project.site.publisher,
        id: match base_url {
            Some(b) => format!("{b}{}/feed.xml", region.id),
            None => format!("tag:zaitaku,2025:{}/feed", region.id),
        },
        self_href: base_url.map(|b| format!("{b}{}/feed.xml", region.id)),
        home: match base_url {
            Some(b) => format!("{b}{}/", region.id),
            None => "index.html".to_string(),
        },
        updated: iso(updated),
        entries,
    };
    theme.templates.render("feed.xml", context! { feed => Value::from_serialize(&feed), t => theme.strings.value() }, d)
}

#[cfg(test)]
mod tests {
    use super::super::default_theme;
    use super::super::fixtures::project;
    use super::*;

    #[test]
    fn feed_is_well_formed_atom() {
        let mut p = project();
        let theme = default_theme();
        for base in [p.site.base_url.clone(), None] {
            p.site.base_url = base.clone();
            for r in &p.regions {
                let mut articles: Vec<&Article> =
                    p.articles.iter().filter(|a| !r.articles.iter().any(|o| o.id == a.id)).collect();
                articles.extend(&r.articles);
                let mut d = Diagnostics::default();
                let xml = atom(&p, r, &articles, &theme, super::super::fixtures::long_after(), &mut d).unwrap();
                assert_eq!(Some(xml.clone()), atom(&p, r, &articles, &theme, super::super::fixtures::long_after(), &mut d), "deterministic");
                assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "));
                let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
                let feed = doc.root_element();
                assert_eq!(feed.tag_name().name(), "feed");
                assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
                let child = |n: roxmltree::Node<'_, '_>, name: &str| {
                    n.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).map(str::to_string)
                };
                assert_eq!(child(feed, "title"), Some(format!("{}の更新情報", r.name)));
                let author = feed.children().find(|c| c.has_tag_name("author")).unwrap();
                assert_eq!(child(author, "name").as_deref(), Some(p.site.publisher.as_str()));
                let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name("entry")).collect();
                assert_eq!(entries.len(), r.institutions.len() + articles.len());
                // Entries newest first; the feed is dated by the first.
                let dates: Vec<String> = entries.iter().map(|e| child(*e, "updated").unwrap()).collect();
                assert_eq!(child(feed, "updated").as_ref(), dates.first());
                assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
                assert!(dates.iter().all(|d| d.ends_with("T00:00:00+09:00")));
                for e in &entries {
                    let category = e.children().find(|c| c.has_tag_name("category")).unwrap();
                    let label = if category.attribute("term") == Some("article") { "記事" } else { "医療・介護機関" };
                    assert_eq!(category.attribute("label"), Some(label));
                }
                let links: Vec<&str> = entries
                    .iter()
                    .flat_map(|e| e.children().filter(|c| c.has_tag_name("link")))
                    .filter_map(|l| l.attribute("href"))
                    .collect();
                let ids: Vec<String> = entries.iter().map(|e| child(*e, "id").unwrap()).collect();
                let self_link = feed
                    .children()
                    .find(|c| c.has_tag_name("link") && c.attribute("rel") == Some("self"))
                    .and_then(|l| l.attribute("href"));
                match &base {
                    None => {
                        assert!(ids.iter().any(|i| i.starts_with(&format!("tag:zaitaku,2025:{}/institutions/", r.id))));
                        assert!(links.iter().any(|l| l.starts_with("institutions/")));
                        assert!(links.iter().any(|l| l.starts_with("articles/")));
                        assert_eq!(self_link, None);
                    }
                    Some(b) => {
                        assert!(links.iter().any(|l| l.starts_with(&format!("{b}{}/institutions/", r.id))));
                        assert!(ids.iter().any(|i| i.starts_with(&format!("{b}{}/articles/", r.id))));
                        assert_eq!(self_link, Some(format!("{b}{}/feed.xml", r.id).as_str()));
                    }
                }
            }
        }
    }
}
