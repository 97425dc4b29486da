//! `opendata/availability.json`: the region's vacancy figures that are fresh at the
//! build time, each with its time and the time it stops being valid, for partners
//! (care managers' systems, a prefecture's portal). Figures too old to be shown are
//! left out, as the pages leave them out; the build time itself is not written, so a
//! rebuild with the same fresh figures gives the same bytes.
//!
//! The shape is `docs/availability.schema.json`.

use serde::Serialize;

use crate::model::*;
use crate::view::availability::{fresh_until, iso};

#[derive(Serialize)]
struct JsonFile<'a> {
    region: JsonRegion<'a>,
    license: &'a str,
    /// How many hours after its time a figure is shown (`availability_fresh_hours`).
    fresh_hours: i64,
    figures: Vec<JsonFigure<'a>>,
}

#[derive(Serialize)]
struct JsonRegion<'a> {
    id: &'a str,
    name: &'a str,
    prefecture: &'a str,
}

#[derive(Serialize)]
struct JsonInstitution<'a> {
    id: &'a str,
    name: &'a str,
    phone: Option<&'a str>,
    /// Its page: absolute with the site's base URL, else relative to the region folder.
    page: String,
}

/// Field order here is the key order of the file.
#[derive(Serialize)]
struct JsonFigure<'a> {
    institution: JsonInstitution<'a>,
    service: Service,
    /// `free`, `none` (空きなし) or `ask` (要相談).
    status: &'static str,
    /// Free places; `null` for 要相談.
    free: Option<u32>,
    as_of: String,
    valid_until: String,
}

/// The fresh figures of `region` at `now`, sorted by institution id and service.
/// Figures naming no institution of the region are left out (validate reports them).
pub fn availability(project: &Project, region: &Region, now: BuildTime) -> Vec<u8> {
    let hours = project.site.availability_fresh_hours;
    let mut figures: Vec<(&Institution, &Figure)> = region
        .availability
        .iter()
        .flat_map(|a| &a.figures)
        .filter(|f| f.freshness(now.now, hours) == Freshness::Fresh)
        .filter_map(|f| region.institutions.iter().find(|i| i.id.as_str() == f.institution.value).map(|i| (i, f)))
        .collect();
    figures.sort_by(|a, b| (&a.0.id, a.1.service.value).cmp(&(&b.0.id, b.1.service.value)));
    let file = JsonFile {
        region: JsonRegion { id: region.id.as_str(), name: &region.name, prefecture: &region.prefecture },
        license: &project.site.license,
        fresh_hours: hours,
        figures: figures
            .into_iter()
            .map(|(i, f)| {
                let path = format!("institutions/{}.html", i.id);
                let (status, free) = match f.free {
                    Free::Places(0) => ("none", Some(0)),
                    Free::Places(n) => ("free", Some(n)),
                    Free::Ask => ("ask", None),
                };
                JsonFigure {
                    institution: JsonInstitution {
                        id: i.id.as_str(),
                        name: &i.name,
                        phone: i.phone.as_ref().map(PhoneNumber::display),
                        page: match &project.site.base_url {
                            Some(b) => format!("{b}{}/{path}", region.id),
                            None => path,
                        },
                    },
                    service: f.service.value,
                    status,
                    free,
                    as_of: iso(f.as_of.value),
                    valid_until: iso(fresh_until(f, hours)),
                }
            })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&file).unwrap_or_default();
    out.push(b'\n');
    out
}
