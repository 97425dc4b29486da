//! The portal at the output root, which links every region's site.

use minijinja::{Value, context};

use crate::diagnostic::Diagnostics;
use crate::model::*;
use crate::theme::Theme;
use crate::view::{RegionView, SiteView};

/// The portal at the output root: links to every region, a root 404 page, the index
/// of the regions' sitemaps, and the theme's assets.
pub(crate) fn portal(project: &Project, theme: &Theme) -> (Vec<OutputFile>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let d = &mut diagnostics;
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
    if let Some(html) = theme.templates.render("portal.html", portal, d) {
        out.push(OutputFile { path: "index.html".into(), bytes: html.into_bytes() });
    }
    let not_found = context! {
        page => context! { path => "404.html", title => theme.strings.labels().not_found_title.clone(), canonical => None::<String> },
        ..base
    };
    if let Some(html) = theme.templates.render("portal-404.html", not_found, d) {
        out.push(OutputFile { path: "404.html".into(), bytes: html.into_bytes() });
    }
    if let Some(base_url) = &project.site.base_url {
        let maps: Vec<String> = project.regions.iter().map(|r| format!("{base_url}{}/sitemap.xml", r.id)).collect();
        if let Some(xml) = theme.templates.render("sitemap-index.xml", context! { sitemaps => maps }, d) {
            out.push(OutputFile { path: "sitemap.xml".into(), bytes: xml.into_bytes() });
        }
    }
    for (name, bytes) in &theme.assets {
        out.push(OutputFile { path: format!("assets/{name}"), bytes: bytes.clone() });
    }
    (out, diagnostics)
}
