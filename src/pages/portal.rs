//! The portal at the output root, which links every region's site.

use minijinja::{Value, context};

use crate::diagnostic::Diagnostics;
use crate::model::*;
use crate::theme::Theme;
use crate::text::kana;
use crate::view::{NumberView, RegionView, SiteView};

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
    // 119 before anything else: the one number that is right in every region.
    let numbers: Vec<NumberView> =
        project.emergency.iter().filter(|n| n.number.display() == "119").map(NumberView::shared).collect();
    let base = context! {
        site => Value::from_serialize(SiteView::from(&project.site)),
        t => theme.strings.value(),
        root => "",
    };
    let mut out = Vec::new();
    let portal = context! {
        prefectures => prefectures,
        numbers => Value::from_serialize(&numbers),
        municipality_rows => municipality_rows(project),
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

/// The first letters of the rows of the Japanese syllabary (五十音の行), each with the
/// hiragana that sort into it (voiced and small letters with their plain letter).
const KANA_ROWS: [(&str, &str); 10] = [
    ("あ", "ぁあぃいぅうぇえぉおゔ"),
    ("か", "かがきぎくぐけげこごゕゖ"),
    ("さ", "さざしじすずせぜそぞ"),
    ("た", "ただちぢっつづてでとど"),
    ("な", "なにぬねの"),
    ("は", "はばぱひびぴふぶぷへべぺほぼぽ"),
    ("ま", "まみむめも"),
    ("や", "ゃやゅゆょよ"),
    ("ら", "らりるれろ"),
    ("わ", "ゎわゐゑをん"),
];

/// Every municipality of every region, in reading order (by its reading in the region
/// record or Japan's table, else its name), grouped by the row of the syllabary its
/// reading starts in, each with the region it belongs to; names that start with
/// something else (a reading that is unknown and not kana) come last.
fn municipality_rows(project: &Project) -> Value {
    let mut all: Vec<(String, &str, &Region)> = project
        .regions
        .iter()
        .flat_map(|r| r.municipalities.iter().map(move |name| (kana::reading_key(r.municipality_reading(name)), name.as_str(), r)))
        .collect();
    all.sort_by(|a, b| (&a.0, a.1, &a.2.id).cmp(&(&b.0, b.1, &b.2.id)));
    let row_of = |reading: &str| reading.chars().next().and_then(|c| KANA_ROWS.iter().position(|(_, letters)| letters.contains(c)));
    let mut rows: Vec<(Option<usize>, Vec<Value>)> = Vec::new();
    for (reading, name, region) in &all {
        let row = row_of(reading);
        let item = context! { name => *name, region => region.name.as_str(), url => format!("{}/index.html", region.id) };
        match rows.iter_mut().find(|(r, _)| *r == row) {
            Some((_, items)) => items.push(item),
            None => rows.push((row, vec![item])),
        }
    }
    // Rows in the syllabary's order, the others last (the sort above keeps kana first
    // only for hiragana; a kanji name without a reading sorts after them anyway).
    rows.sort_by_key(|(row, _)| row.unwrap_or(KANA_ROWS.len()));
    Value::from_iter(rows.into_iter().map(|(row, items)| {
        context! {
            id => format!("kana-{}", row.map_or(0, |r| r + 1)),
            letter => row.map(|r| KANA_ROWS[r].0),
            items => items,
        }
    }))
}
