//! What a region's guidebook (資源ガイドブック) shows, as plain serialisable data.
//!
//! The same value feeds the print layout (as JSON, `themes/<name>/guidebook/guidebook.typ`)
//! and the HTML twin (`guidebook.html`), so the two cannot drift apart. It is built field
//! by field from public model fields; an institution's `[internal]` table has no path in
//! here. Its words (headings, the legend's explanations) come from the theme's string
//! catalogue, `[guidebook]`, so a project can reword both at once.

use serde::Serialize;

use super::print::{self, Block, PrintRegion};
use super::qr;
use super::{DateView, NumberView};
use crate::model::*;
use crate::text::kana::reading_key;

#[derive(Debug, Clone, Serialize)]
pub struct GuidebookData {
    pub title: String,
    pub site_title: String,
    pub publisher: String,
    pub region: PrintRegion,
    /// The date the region's lists are valid for: on the cover and in every footer.
    pub as_of: DateView,
    /// The region's web address, when the site has one, and its QR code (SVG).
    pub url: Option<String>,
    pub qr_svg: Option<String>,
    /// The introduction (an article named in `content/guidebook.toml`).
    pub intro: Option<Intro>,
    /// Emergency and consultation numbers, in the order the region's pages show them.
    pub numbers: Vec<NumberView>,
    /// The coordination hubs: whom to ask first.
    pub hubs: Vec<Entry>,
    /// "phase" or "kind".
    pub grouping: &'static str,
    /// The institutions, grouped; by phase an institution is under each of its phases.
    pub groups: Vec<Group>,
    /// Every institution of the groups once, by reading (あいうえお順), under the kana
    /// row it starts with.
    pub index: Vec<IndexRow>,
    /// The service marks used in this book, in vocabulary order, for the legend.
    pub legend: Vec<LegendMark>,
    /// Where the region's vacancy figures are, when it publishes them: a book outlives
    /// them by months, so it prints where to look (words, address, QR code), never one.
    pub availability: Option<Vacancies>,
    /// The catalogue's `[guidebook]` table.
    pub words: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Vacancies {
    pub heading: String,
    pub lead: String,
    /// The vacancy page relative to the region root (for the web version).
    pub page: String,
    /// Its web address and QR code, when the site has a `base_url`.
    pub url: Option<String>,
    pub qr_svg: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Intro {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// One institution as the book shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub kana: Option<String>,
    pub kind: Kind,
    pub municipality: Option<String>,
    pub postal_code: Option<String>,
    pub address: Option<String>,
    pub phone: Option<PhoneNumber>,
    pub fax: Option<PhoneNumber>,
    pub hours: Option<String>,
    pub available_24h: Option<bool>,
    pub accepting_new_patients: Option<bool>,
    pub services: Vec<Service>,
    pub phases: Vec<Phase>,
    pub is_hub: bool,
    /// The institution's page, relative to the region root.
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The phase's or kind's id.
    pub id: &'static str,
    pub heading: String,
    /// What this group is, in a sentence (from the catalogue).
    pub lead: Option<String>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexRow {
    /// "あ行", …, "英数字", "その他".
    pub heading: String,
    pub entries: Vec<IndexEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub id: String,
    pub name: String,
    pub kana: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LegendMark {
    pub service: Service,
    /// What the service is, in plain words (from the catalogue), when it says.
    pub explanation: Option<String>,
}

fn word(words: &serde_json::Value, path: &[&str]) -> Option<String> {
    let mut v = words;
    for p in path {
        v = v.get(p)?;
    }
    v.as_str().map(str::to_string)
}

/// Builds the guidebook of `region`, as `project.guidebook` says. `words` is the
/// catalogue's `[guidebook]` table.
pub fn guidebook_data(project: &Project, region: &Region, words: serde_json::Value) -> GuidebookData {
    let config = &project.guidebook;
    let url = project.site.base_url.as_ref().map(|b| format!("{b}{}/", region.id));
    // A base URL too long for a QR code only loses the code; the address is still printed.
    let qr_svg = url.as_deref().and_then(|u| qr::svg(u).ok());
    let is_hub = |i: &Institution| region.hubs.iter().any(|h| h.value == i.id.as_str());
    let entry = |i: &Institution| Entry {
        id: i.id.to_string(),
        name: i.name.clone(),
        kana: i.kana.clone(),
        kind: i.kind,
        municipality: i.municipality.as_ref().map(|m| m.value.clone()),
        postal_code: i.postal_code.clone(),
        address: i.address.clone(),
        phone: i.phone.clone(),
        fax: i.fax.clone(),
        hours: i.hours.clone(),
        available_24h: i.available_24h,
        accepting_new_patients: i.accepting_new_patients,
        services: i.services.clone(),
        phases: i.phases.clone(),
        is_hub: is_hub(i),
        url: format!("institutions/{}.html", i.id),
    };
    let mut listed: Vec<&Institution> = region
        .institutions
        .iter()
        .filter(|i| config.kinds.is_empty() || config.kinds.contains(&i.kind))
        .collect();
    listed.sort_by_cached_key(|i| (reading_key(i.kana.as_deref().unwrap_or(&i.name)), i.id.clone()));

    let groups: Vec<Group> = match config.grouping {
        Grouping::Kind => Kind::ALL
            .iter()
            .map(|&k| Group {
                id: k.id(),
                heading: k.label().to_string(),
                lead: word(&words, &["kind_lead", k.id()]),
                entries: listed.iter().filter(|i| i.kind == k).map(|i| entry(i)).collect(),
            })
            .collect(),
        Grouping::Phase => Phase::ALL
            .iter()
            .map(|&p| Group {
                id: p.id(),
                heading: word(&words, &["phase_heading", p.id()]).unwrap_or_else(|| p.label().to_string()),
                lead: word(&words, &["phase_lead", p.id()]),
                entries: listed.iter().filter(|i| i.phases.contains(&p)).map(|i| entry(i)).collect(),
            })
            .collect(),
    };
    let groups: Vec<Group> = groups.into_iter().filter(|g| !g.entries.is_empty()).collect();

    // The index lists what the groups show (by phase, an institution without a phase is
    // in no group, and so not in the index either).
    let shown: std::collections::HashSet<&str> =
        groups.iter().flat_map(|g| g.entries.iter().map(|e| e.id.as_str())).collect();
    let mut index: Vec<IndexRow> = Vec::new();
    for i in listed.iter().filter(|i| shown.contains(i.id.as_str())) {
        let heading = kana_row(&reading_key(i.kana.as_deref().unwrap_or(&i.name)));
        let e = IndexEntry { id: i.id.to_string(), name: i.name.clone(), kana: i.kana.clone() };
        match index.iter_mut().find(|r| r.heading == heading) {
            Some(row) => row.entries.push(e),
            None => index.push(IndexRow { heading: heading.to_string(), entries: vec![e] }),
        }
    }
    index.sort_by_key(|r| KANA_ROWS.iter().position(|(h, _)| *h == r.heading).unwrap_or(usize::MAX));

    let legend = Service::ALL
        .iter()
        .filter(|s| groups.iter().any(|g| g.entries.iter().any(|e| e.services.contains(s))))
        .map(|&s| LegendMark { service: s, explanation: word(&words, &["service_note", s.id()]) })
        .collect();

    let intro = config.intro.as_ref().and_then(|id| {
        let a = region.articles.iter().chain(project.articles.iter()).find(|a| a.id.as_str() == id.value)?;
        Some(Intro { title: a.title.clone(), blocks: print::blocks(&a.body.text) })
    });

    let availability = region.availability.as_ref().map(|_| {
        let page_url = url.as_ref().map(|u| format!("{u}{}", super::availability::PAGE));
        Vacancies {
            heading: word(&words, &["availability"]).unwrap_or_else(|| "ショートステイ・レスパイトの空き".into()),
            lead: word(&words, &["availability_lead"]).unwrap_or_default(),
            page: super::availability::PAGE.to_string(),
            qr_svg: page_url.as_deref().and_then(|u| qr::svg(u).ok()),
            url: page_url,
        }
    });

    GuidebookData {
        title: config
            .title
            .clone()
            .or_else(|| word(&words, &["title"]))
            .unwrap_or_else(|| "在宅医療・介護ガイドブック".into()),
        site_title: project.site.title.clone(),
        publisher: project.site.publisher.clone(),
        region: PrintRegion::new(region),
        as_of: region.as_of.into(),
        url,
        qr_svg,
        intro,
        numbers: NumberView::for_region(project, region),
        hubs: region
            .hubs
            .iter()
            .filter_map(|h| region.institutions.iter().find(|i| i.id.as_str() == h.value))
            .map(entry)
            .collect(),
        grouping: config.grouping.id(),
        groups,
        index,
        legend,
        availability,
        words,
    }
}

/// The kana rows of the index, each with the hiragana it takes (after `reading_key`'s
/// folding: katakana are hiragana, widths are folded).
const KANA_ROWS: &[(&str, fn(char) -> bool)] = &[
    ("あ行", |c| matches!(c, 'ぁ'..='お' | 'ゔ')),
    ("か行", |c| matches!(c, 'か'..='ご' | 'ゕ' | 'ゖ')),
    ("さ行", |c| matches!(c, 'さ'..='ぞ')),
    ("た行", |c| matches!(c, 'た'..='ど')),
    ("な行", |c| matches!(c, 'な'..='の')),
    ("は行", |c| matches!(c, 'は'..='ぽ')),
    ("ま行", |c| matches!(c, 'ま'..='も')),
    ("や行", |c| matches!(c, 'ゃ'..='よ')),
    ("ら行", |c| matches!(c, 'ら'..='ろ')),
    ("わ行", |c| matches!(c, 'ゎ'..='ん')),
    ("英数字", |c| c.is_ascii_alphanumeric()),
    ("その他", |_| true),
];

/// The index row a reading starts in.
fn kana_row(reading: &str) -> &'static str {
    let first = reading.chars().next().unwrap_or(' ');
    KANA_ROWS.iter().find(|(_, takes)| takes(first)).map(|(h, _)| *h).unwrap_or("その他")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_fall_into_their_kana_rows() {
        assert_eq!(kana_row(&reading_key("くりにっく")), "か行");
        assert_eq!(kana_row(&reading_key("グリーン")), "か行");
        assert_eq!(kana_row(&reading_key("ｱｵﾊﾞ")), "あ行");
        assert_eq!(kana_row(&reading_key("ん")), "わ行");
        assert_eq!(kana_row(&reading_key("ABC")), "英数字");
        assert_eq!(kana_row(&reading_key("ＡＢＣ")), "英数字");
        assert_eq!(kana_row(&reading_key("高橋医院")), "その他");
        assert_eq!(kana_row(""), "その他");
    }
}
