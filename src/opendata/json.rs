//! `institutions.json`: the CSV's records as JSON, with the licence of the data.

use serde::Serialize;

use super::by_id;
use crate::model::*;
use crate::text::escape::json_without_hidden;

#[derive(Serialize)]
struct JsonFile<'a> {
    region: JsonRegion<'a>,
    license: &'a str,
    institutions: Vec<JsonInstitution<'a>>,
}

#[derive(Serialize)]
struct JsonRegion<'a> {
    id: &'a str,
    name: &'a str,
    prefecture: &'a str,
    as_of: String,
}

#[derive(Serialize)]
struct JsonGeo {
    lat: f64,
    lon: f64,
}

/// Field order here is the key order of the file.
#[derive(Serialize)]
struct JsonInstitution<'a> {
    id: &'a str,
    name: &'a str,
    kana: Option<&'a str>,
    kind: Kind,
    roles: &'a [Role],
    phases: &'a [Phase],
    services: &'a [Service],
    municipality: Option<&'a str>,
    postal_code: Option<&'a str>,
    address: Option<&'a str>,
    phone: Option<&'a str>,
    fax: Option<&'a str>,
    url: Option<&'a str>,
    hours: Option<&'a str>,
    available_24h: Option<bool>,
    accepting_new_patients: Option<bool>,
    visit_area: &'a [String],
    location: Option<JsonGeo>,
    verified: String,
}

/// `institutions.json` of a region: the same records as the CSV, with vocabularies as
/// `{id, label}`, unknowns as `null`, sorted by id; pretty-printed, keys in a fixed order.
pub fn institutions(region: &Region, license: &str) -> Vec<u8> {
    let file = JsonFile {
        region: JsonRegion {
            id: region.id.as_str(),
            name: &region.name,
            prefecture: &region.prefecture,
            as_of: region.as_of.to_string(),
        },
        license,
        institutions: by_id(region)
            .into_iter()
            .map(|i| JsonInstitution {
                id: i.id.as_str(),
                name: &i.name,
                kana: i.kana.as_deref(),
                kind: i.kind,
                roles: &i.roles,
                phases: &i.phases,
                services: &i.services,
                municipality: i.municipality.as_ref().map(|m| m.value.as_str()),
                postal_code: i.postal_code.as_deref(),
                address: i.address.as_deref(),
                phone: i.phone.as_ref().map(PhoneNumber::display),
                fax: i.fax.as_ref().map(PhoneNumber::display),
                url: i.url.as_deref(),
                hours: i.hours.as_deref(),
                available_24h: i.available_24h,
                accepting_new_patients: i.accepting_new_patients,
                visit_area: &i.visit_area,
                location: i.location.map(|g| JsonGeo { lat: g.lat, lon: g.lon }),
                verified: i.verified.value.to_string(),
            })
            .collect(),
    };
    // Serialising plain structs of strings, numbers and bools cannot fail (a non-finite
    // coordinate becomes null).
    let json = serde_json::to_string_pretty(&file).unwrap_or_default();
    let mut out = json_without_hidden(&json).into_owned().into_bytes();
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{project, region};
    use super::*;

    #[test]
    fn hidden_controls_are_not_written() {
        let mut p = project();
        let mut i = super::super::fixtures::tricky();
        i.name = "名\u{0}前\u{1b}[2J\u{202E}逆\u{feff}".into();
        p.regions[0].institutions = vec![i];
        let text = String::from_utf8(institutions(&p.regions[0], "CC BY 4.0")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["institutions"][0]["name"], "名前[2J逆");
        assert!(!text.contains("\\u00") && !text.chars().any(crate::text::escape::is_hidden_control), "{text}");
    }

    #[test]
    fn json_has_the_documented_shape() {
        let p = project();
        let r = region(&p, "hokubu");
        let bytes = institutions(r, "CC BY 4.0");
        assert_eq!(bytes, institutions(r, "CC BY 4.0"), "deterministic");
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["license"], "CC BY 4.0");
        assert_eq!(v["region"]["id"], "hokubu");
        assert_eq!(v["region"]["prefecture"], "沖縄県");
        assert_eq!(v["region"]["as_of"], "2025-11-01");
        let list = v["institutions"].as_array().unwrap();
        assert_eq!(list.len(), r.institutions.len());
        let ids: Vec<&str> = list.iter().map(|i| i["id"].as_str().unwrap()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        for i in list {
            let keys: Vec<&str> = i.as_object().unwrap().keys().map(String::as_str).collect();
            for k in [
                "id",
                "name",
                "kana",
                "kind",
                "roles",
                "phases",
                "services",
                "municipality",
                "postal_code",
                "address",
                "phone",
                "fax",
                "url",
                "hours",
                "available_24h",
                "accepting_new_patients",
                "visit_area",
                "location",
                "verified",
            ] {
                assert!(keys.contains(&k), "missing {k}");
            }
            assert_eq!(keys.len(), 19);
            assert!(i["name"].is_string());
            assert!(i["kind"]["id"].is_string() && i["kind"]["label"].is_string());
            for list in ["roles", "phases", "services"] {
                assert!(i[list].as_array().unwrap().iter().all(|x| x["id"].is_string() && x["label"].is_string()));
            }
            assert!(i["visit_area"].as_array().unwrap().iter().all(|x| x.is_string()));
            assert!(i["phone"].is_string() || i["phone"].is_null());
            assert!(i["available_24h"].is_boolean() || i["available_24h"].is_null());
            assert!(i["accepting_new_patients"].is_boolean() || i["accepting_new_patients"].is_null());
            assert!(i["location"].is_null() || (i["location"]["lat"].is_f64() && i["location"]["lon"].is_f64()));
            assert_eq!(i["verified"].as_str().unwrap().len(), 10);
        }
        let sakura = list.iter().find(|i| i["id"] == "clinic-sakura").unwrap();
        assert_eq!(sakura["kind"]["id"], "clinic");
        assert_eq!(sakura["phone"], "0980-00-1101");
        assert_eq!(sakura["location"]["lat"], 26.5887);
        assert_eq!(sakura["accepting_new_patients"], true);
    }
}
