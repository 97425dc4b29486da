//! schema.org JSON-LD for institution and article pages, written so that it can sit
//! inside `<script type="application/ld+json">` as is.

use serde::Serialize;

use super::word;
use crate::model::*;
use crate::theme::Theme;
use crate::text::escape::script_json;

/// The schema.org type of an institution's JSON-LD.
pub fn schema_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Clinic | Kind::DentalClinic => "MedicalClinic",
        Kind::Hospital => "Hospital",
        Kind::Pharmacy => "Pharmacy",
        Kind::VisitingNurse => "MedicalOrganization",
        Kind::FireDepartment => "FireStation",
        Kind::Municipality | Kind::HealthCenter => "GovernmentOffice",
        _ => "LocalBusiness",
    }
}

/// Types that are schema.org MedicalOrganization (and so have isAcceptingNewPatients).
fn is_medical_organization(ty: &str) -> bool {
    matches!(ty, "MedicalClinic" | "Hospital" | "Pharmacy" | "MedicalOrganization")
}

fn to_script_json<T: Serialize>(value: &T) -> String {
    script_json(&serde_json::to_string(value).unwrap_or_default())
}

#[derive(Serialize)]
struct LdPostalAddress<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    #[serde(rename = "postalCode", skip_serializing_if = "Option::is_none")]
    postal_code: Option<&'a str>,
    #[serde(rename = "addressRegion")]
    address_region: &'a str,
    #[serde(rename = "addressLocality", skip_serializing_if = "Option::is_none")]
    address_locality: Option<&'a str>,
    #[serde(rename = "streetAddress", skip_serializing_if = "Option::is_none")]
    street_address: Option<&'a str>,
    #[serde(rename = "addressCountry")]
    address_country: &'static str,
}

#[derive(Serialize)]
struct LdGeo {
    #[serde(rename = "@type")]
    ty: &'static str,
    latitude: f64,
    longitude: f64,
}

#[derive(Serialize)]
struct LdInstitution<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    ty: &'static str,
    name: &'a str,
    #[serde(rename = "alternateName", skip_serializing_if = "Option::is_none")]
    alternate_name: Option<&'a str>,
    address: LdPostalAddress<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<&'a str>,
    #[serde(rename = "faxNumber", skip_serializing_if = "Option::is_none")]
    fax_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    geo: Option<LdGeo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "areaServed", skip_serializing_if = "<[String]>::is_empty")]
    area_served: &'a [String],
    #[serde(rename = "isAcceptingNewPatients", skip_serializing_if = "Option::is_none")]
    is_accepting_new_patients: Option<bool>,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<String>,
    #[serde(rename = "dateModified")]
    date_modified: String,
}

/// schema.org JSON-LD for an institution's page, safe to place inside
/// `<script type="application/ld+json">` as is. Free-text hours go to `description`
/// (never `openingHours`, which needs a structured form the record does not have).
pub fn institution(project: &Project, region: &Region, inst: &Institution, theme: &Theme) -> String {
    let hours_prefix = word(theme, "hours_prefix");
    let ty = schema_type(inst.kind);
    let ld = LdInstitution {
        context: "https://schema.org",
        ty,
        name: &inst.name,
        alternate_name: inst.kana.as_deref(),
        address: LdPostalAddress {
            ty: "PostalAddress",
            postal_code: inst.postal_code.as_deref(),
            address_region: &region.prefecture,
            address_locality: inst.municipality.as_ref().map(|m| m.value.as_str()),
            street_address: inst.address.as_deref(),
            address_country: "JP",
        },
        telephone: inst.phone.as_ref().map(PhoneNumber::display),
        fax_number: inst.fax.as_ref().map(PhoneNumber::display),
        url: inst.url.as_deref(),
        geo: inst.location.map(|g| LdGeo { ty: "GeoCoordinates", latitude: g.lat, longitude: g.lon }),
        description: inst.hours.as_ref().map(|h| format!("{hours_prefix}{h}")),
        area_served: &inst.visit_area,
        is_accepting_new_patients: inst.accepting_new_patients.filter(|_| is_medical_organization(ty)),
        main_entity_of_page: project
            .site
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}/institutions/{}.html", region.id, inst.id)),
        date_modified: inst.verified.value.to_string(),
    };
    to_script_json(&ld)
}

#[derive(Serialize)]
struct LdOrganization<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct LdWebPage<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    #[serde(rename = "@id")]
    id: &'a str,
}

#[derive(Serialize)]
struct LdArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    ty: &'static str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    publisher: LdOrganization<'a>,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<LdWebPage<'a>>,
}

/// schema.org `Article` JSON-LD for an article page, safe inside a `<script>` element.
/// `page_url` is the page's absolute URL (when the site has a base_url).
pub fn article(article: &Article, page_url: Option<&str>, publisher: &str) -> String {
    let ld = LdArticle {
        context: "https://schema.org",
        ty: "Article",
        headline: &article.title,
        description: article.summary.as_deref(),
        date_modified: article.updated.to_string(),
        publisher: LdOrganization { ty: "Organization", name: publisher },
        main_entity_of_page: page_url.map(|id| LdWebPage { ty: "WebPage", id }),
    };
    to_script_json(&ld)
}

#[cfg(test)]
mod tests {
    use super::super::default_theme;
    use super::super::fixtures::{project, region};
    use super::*;

    #[test]
    fn json_ld_types_and_fields() {
        let p = project();
        let r = region(&p, "hokubu");
        let ld = |id: &str| {
            let i = r.institutions.iter().find(|i| i.id.as_str() == id).unwrap();
            let s = institution(&p, r, i, &default_theme());
            assert!(!s.contains('<'));
            serde_json::from_str::<serde_json::Value>(&s).unwrap()
        };
        assert_eq!(ld("clinic-sakura")["@type"], "MedicalClinic");
        assert_eq!(ld("umibe-dental")["@type"], "MedicalClinic");
        assert_eq!(ld("midori-chuo-hospital")["@type"], "Hospital");
        assert_eq!(ld("midori-pharmacy")["@type"], "Pharmacy");
        assert_eq!(ld("yamanaka-houkan")["@type"], "MedicalOrganization");
        assert_eq!(ld("midori-shobo")["@type"], "FireStation");
        assert_eq!(ld("kantaki-churasaki")["@type"], "LocalBusiness");
        let s = ld("clinic-sakura");
        assert_eq!(s["@context"], "https://schema.org");
        assert_eq!(s["name"], "クリニックさくら");
        assert_eq!(s["alternateName"], "くりにっくさくら");
        assert_eq!(s["telephone"], "0980-00-1101");
        assert_eq!(s["faxNumber"], "0980-00-1102");
        assert_eq!(s["url"], "https://example.jp/clinic-sakura/");
        assert_eq!(s["address"]["@type"], "PostalAddress");
        assert_eq!(s["address"]["addressRegion"], "沖縄県");
        assert_eq!(s["address"]["addressLocality"], "みどり市");
        assert_eq!(s["address"]["postalCode"], "905-0012");
        assert_eq!(s["address"]["addressCountry"], "JP");
        assert_eq!(s["geo"]["@type"], "GeoCoordinates");
        assert_eq!(s["geo"]["latitude"], 26.5887);
        assert_eq!(s["dateModified"], "2025-12-03");
        assert!(s.get("openingHours").is_none());
        assert_eq!(
            s["mainEntityOfPage"],
            "https://www.pref.example.lg.jp/zaitaku/hokubu/institutions/clinic-sakura.html"
        );

        let mut a = p.articles[0].clone();
        a.title = "</script><script>alert(1)</script> & more".into();
        let s = article(&a, Some("https://example.jp/hokubu/articles/x.html"), "協議会");
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["@type"], "Article");
        assert_eq!(v["headline"], a.title.as_str());
        assert_eq!(v["dateModified"], a.updated.to_string());
        assert_eq!(v["publisher"]["@type"], "Organization");
        assert_eq!(v["publisher"]["name"], "協議会");
        assert_eq!(v["description"].as_str(), a.summary.as_deref());
        assert_eq!(v["mainEntityOfPage"]["@id"], "https://example.jp/hokubu/articles/x.html");
        let v: serde_json::Value = serde_json::from_str(&article(&a, None, "協議会")).unwrap();
        assert!(v.get("mainEntityOfPage").is_none());
    }
}
