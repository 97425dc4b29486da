//! What templates see — minijinja's pages and typst's leaflets: plain, serialisable
//! views built field by field from the model.
//!
//! This is the only door from records to output. `Institution::internal` has no field
//! here and no `Serialize`, so nothing from `[internal]` can reach a template.
//!
//! - this file: the site, regions, numbers, institutions and articles as pages show them;
//! - [`availability`]: vacancy figures, fresh or not at the build time;
//! - [`leaflet`]: one leaflet for one region, for its PDF and its HTML page;
//! - [`print`]: an article's Markdown as plain blocks for print;
//! - [`qr`]: the QR code of a region's address.

pub mod availability;
pub mod guidebook;
pub mod leaflet;
pub mod print;
pub mod qr;

use serde::Serialize;

use crate::model::*;

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// 2025-11-01, for `<time datetime>` and machine-readable files.
    pub iso: String,
    /// 2025年11月1日
    pub ja: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView { iso: d.to_string(), ja: format!("{}年{}月{}日", d.year(), d.month(), d.day()) }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub publisher: String,
    pub base_url: Option<String>,
    pub language: String,
    pub license: String,
}

impl From<&Site> for SiteView {
    fn from(s: &Site) -> Self {
        SiteView {
            title: s.title.clone(),
            publisher: s.publisher.clone(),
            base_url: s.base_url.clone(),
            language: s.language.clone(),
            license: s.license.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    pub id: String,
    pub name: String,
    pub name_kana: Option<String>,
    pub prefecture: String,
    pub municipalities: Vec<String>,
    pub as_of: DateView,
    /// The region's absolute URL, when the site has a base_url.
    pub url: Option<String>,
    pub institution_count: usize,
    /// It publishes vacancies (has an `availability.csv`): its top page links to the
    /// vacancy page, its search page has the 空きあり filter.
    pub availability: bool,
}

impl RegionView {
    pub fn new(site: &Site, r: &Region) -> Self {
        RegionView {
            id: r.id.to_string(),
            name: r.name.clone(),
            name_kana: r.name_kana.clone(),
            prefecture: r.prefecture.clone(),
            municipalities: r.municipalities.clone(),
            as_of: r.as_of.into(),
            url: site.base_url.as_ref().map(|b| format!("{b}{}/", r.id)),
            institution_count: r.institutions.len(),
            availability: r.availability.is_some(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NumberView {
    pub id: String,
    pub label: String,
    pub number: PhoneNumber,
    pub alt_number: Option<PhoneNumber>,
    pub hours: Option<String>,
    pub when: Option<String>,
    /// The region's own municipalities where this service does not exist.
    pub not_available_in: Vec<String>,
}

impl NumberView {
    /// The region's numbers in the order residents see them: the shared ones it names,
    /// then its own.
    pub fn for_region(project: &Project, region: &Region) -> Vec<NumberView> {
        region
            .emergency
            .iter()
            .filter_map(|id| project.emergency.iter().find(|e| e.id == id.value))
            .chain(region.numbers.iter())
            .map(|n| NumberView::new(n, region))
            .collect()
    }

    /// A shared number as the portal shows it, for every region at once.
    pub fn shared(n: &EmergencyNumber) -> Self {
        NumberView {
            id: n.id.clone(),
            label: n.label.clone(),
            number: n.number.clone(),
            alt_number: n.alt_number.clone(),
            hours: n.hours.clone(),
            when: n.when.clone(),
            not_available_in: n.not_available_in.clone(),
        }
    }

    pub fn new(n: &EmergencyNumber, region: &Region) -> Self {
        NumberView {
            id: n.id.clone(),
            label: n.label.clone(),
            number: n.number.clone(),
            alt_number: n.alt_number.clone(),
            hours: n.hours.clone(),
            when: n.when.clone(),
            not_available_in: n
                .not_available_in
                .iter()
                .filter(|m| region.municipalities.contains(m))
                .cloned()
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GeoView {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstitutionView {
    pub id: String,
    /// Relative to the region root.
    pub url: String,
    pub name: String,
    pub kana: Option<String>,
    pub kind: Kind,
    pub roles: Vec<Role>,
    pub phases: Vec<Phase>,
    pub services: Vec<Service>,
    pub municipality: Option<String>,
    pub postal_code: Option<String>,
    pub address: Option<String>,
    pub phone: Option<PhoneNumber>,
    pub fax: Option<PhoneNumber>,
    pub website: Option<String>,
    pub hours: Option<String>,
    pub available_24h: Option<bool>,
    pub accepting_new_patients: Option<bool>,
    pub visit_area: Vec<String>,
    pub location: Option<GeoView>,
    pub verified: DateView,
    /// False for an imported record staff have not checked: `verified` is then the
    /// date of `source`, the public dataset it came from.
    pub verified_by_staff: bool,
    pub source: Option<&'static str>,
    pub stale: bool,
    pub is_hub: bool,
    /// The note rendered for a page one folder below the region root.
    pub note_html: Option<String>,
}

impl InstitutionView {
    pub fn new(i: &Institution, is_hub: bool, stale: bool, note_html: Option<String>) -> Self {
        InstitutionView {
            id: i.id.to_string(),
            url: format!("institutions/{}.html", i.id),
            name: i.name.clone(),
            kana: i.kana.clone(),
            kind: i.kind,
            roles: i.roles.clone(),
            phases: i.phases.clone(),
            services: i.services.clone(),
            municipality: i.municipality.as_ref().map(|m| m.value.clone()),
            postal_code: i.postal_code.clone(),
            address: i.address.clone(),
            phone: i.phone.clone(),
            fax: i.fax.clone(),
            website: i.url.clone(),
            hours: i.hours.clone(),
            available_24h: i.available_24h,
            accepting_new_patients: i.accepting_new_patients,
            visit_area: i.visit_area.clone(),
            location: i.location.map(|g| GeoView { lat: g.lat, lon: g.lon }),
            verified: i.verified.value.into(),
            verified_by_staff: i.verified_by_staff(),
            source: i.provenance.as_ref().map(|p| p.source.dataset.label()),
            stale,
            is_hub,
            note_html,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub summary: Option<String>,
    pub topic: Topic,
    pub phases: Vec<Phase>,
    pub updated: DateView,
    /// Only this region has this article (or its own version of a shared one).
    pub regional: bool,
}

impl ArticleView {
    pub fn new(a: &Article, regional: bool) -> Self {
        ArticleView {
            id: a.id.to_string(),
            url: format!("articles/{}.html", a.id),
            title: a.title.clone(),
            summary: a.summary.clone(),
            topic: a.topic,
            phases: a.phases.clone(),
            updated: a.updated.into(),
            regional,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub id: &'static str,
    pub label: &'static str,
    pub url: String,
    pub count: usize,
}

/// A heading and the institutions under it, for grouped lists.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: String,
    pub heading: String,
    pub items: Vec<minijinja::Value>,
}
