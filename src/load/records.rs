//! One parser per TOML record kind of the content contract.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::fields::{Fields, parse_float};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile, suggest};
use crate::i18n::{Msg, quoted};
use crate::model::*;
use crate::msg;

pub const SITE_KEYS: &[&str] =
    &["title", "publisher", "base_url", "language", "theme", "stale_after_days", "availability_fresh_hours", "license", "accessibility", "outputs"];
const OUTPUTS_KEYS: &[&str] = &["guidebook"];
const ACCESSIBILITY_KEYS: &[&str] = &["level", "established", "tested", "contact", "notes"];

pub fn site(f: Fields<'_, '_>, d: &mut Diagnostics) -> Site {
    let src = f.src();
    let title = f.req_string(d, "title").unwrap_or_default();
    let publisher = f.req_string(d, "publisher").unwrap_or_default();
    let base_url = f.string(d, "base_url", false).and_then(|(url, span)| {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            d.push(
                Diagnostic::at(Severity::Error, src, span, msg!("site-base-url", value = quoted(&url)))
                    .with_help(Msg::new("site-base-url-help")),
            );
            return None;
        }
        Some(if url.ends_with('/') { url } else { format!("{url}/") })
    });
    let language = f.opt_string(d, "language").unwrap_or_else(|| "ja".into());
    let theme = f.string(d, "theme", false).and_then(|(t, span)| {
        if Id::parse(&t).is_none() {
            d.error(src, span, msg!("site-theme-name", name = quoted(&t)));
            return None;
        }
        Some(t)
    });
    let stale_after_days = f.integer(d, "stale_after_days").unwrap_or(365);
    let availability_fresh_hours = match (f.integer(d, "availability_fresh_hours"), f.get("availability_fresh_hours")) {
        (Some(h), _) if h >= 1 => h,
        (Some(h), Some(v)) => {
            d.error(src, v.span(), msg!("site-availability-fresh-hours", value = h));
            crate::model::availability::DEFAULT_FRESH_HOURS
        }
        _ => crate::model::availability::DEFAULT_FRESH_HOURS,
    };
    let accessibility = f
        .table(d, "accessibility")
        .map(|(t, span)| {
            let a = Fields::new(src, t, span, Msg::new("what-accessibility"), ACCESSIBILITY_KEYS);
            let level = a.string(d, "level", false).and_then(|(l, span)| {
                if ["A", "AA", "AAA"].contains(&l.as_str()) {
                    Some(l)
                } else {
                    d.error(src, span, msg!("site-accessibility-level", value = quoted(&l)));
                    None
                }
            });
            let accessibility = Accessibility {
                level,
                established: a.date(d, "established", false).map(|(x, _)| x),
                tested: a.date(d, "tested", false).map(|(x, _)| x),
                contact: a.opt_string(d, "contact"),
                notes: a.string_list(d, "notes").into_iter().map(|(s, _)| s).collect(),
            };
            a.finish(d);
            accessibility
        })
        .unwrap_or_default();
    let license = f.opt_string(d, "license").unwrap_or_else(|| crate::model::DEFAULT_LICENSE.to_string());
    let outputs = f
        .table(d, "outputs")
        .map(|(t, span)| {
            let o = Fields::new(src, t, span, Msg::new("what-outputs"), OUTPUTS_KEYS);
            let outputs = Outputs { guidebook: o.bool(d, "guidebook").unwrap_or(true) };
            o.finish(d);
            outputs
        })
        .unwrap_or_default();
    f.finish(d);
    Site {
        title,
        publisher,
        base_url,
        language,
        theme: theme.unwrap_or_else(|| "default".into()),
        stale_after_days,
        availability_fresh_hours,
        license,
        accessibility,
        outputs,
    }
}

pub const NUMBER_KEYS: &[&str] = &["id", "label", "number", "alt_number", "hours", "when", "not_available_in"];

pub fn numbers(f: &Fields<'_, '_>, d: &mut Diagnostics, what: Msg) -> Vec<EmergencyNumber> {
    let src = f.src();
    let mut out: Vec<EmergencyNumber> = Vec::new();
    for (table, span) in f.tables(d, "numbers") {
        let n = Fields::new(src, table, span.clone(), what.clone(), NUMBER_KEYS);
        let id = n.string(d, "id", true);
        let label = n.req_string(d, "label");
        let number = n.phone(d, "number", true);
        let alt_number = n.phone(d, "alt_number", false);
        let hours = n.opt_string(d, "hours");
        let when = n.opt_string(d, "when");
        let not_available_in = n.string_list(d, "not_available_in").into_iter().map(|(s, _)| s).collect();
        n.finish(d);
        let (Some((id, id_span)), Some(label), Some(number)) = (id, label, number) else { continue };
        if out.iter().any(|e| e.id == id) {
            d.error(src, id_span, msg!("numbers-id-twice", id = quoted(&id)));
            continue;
        }
        out.push(EmergencyNumber { id, label, number, alt_number, hours, when, not_available_in });
    }
    out
}

pub const EMERGENCY_KEYS: &[&str] = &["numbers"];

pub fn emergency(f: Fields<'_, '_>, d: &mut Diagnostics) -> Vec<EmergencyNumber> {
    let out = numbers(&f, d, Msg::new("what-emergency-number"));
    f.finish(d);
    out
}

pub const REGION_KEYS: &[&str] = &[
    "name", "name_kana", "prefecture", "municipalities", "municipalities_kana", "as_of", "description", "hubs",
    "emergency", "numbers",
];

pub struct RegionRecord {
    pub name: String,
    pub name_kana: Option<String>,
    pub prefecture: String,
    pub municipalities: Vec<String>,
    pub municipalities_kana: BTreeMap<String, String>,
    pub as_of: Date,
    pub description: Option<(String, Range<usize>, TextMap)>,
    pub hubs: Vec<(String, Range<usize>)>,
    pub emergency: Vec<(String, Range<usize>)>,
    pub numbers: Vec<EmergencyNumber>,
}

pub fn region(f: Fields<'_, '_>, d: &mut Diagnostics) -> Option<RegionRecord> {
    let name = f.req_string(d, "name");
    let name_kana = f.opt_string(d, "name_kana");
    let prefecture = f.req_string(d, "prefecture");
    let municipalities: Vec<String> = f.string_list(d, "municipalities").into_iter().map(|(s, _)| s).collect();
    let municipalities_kana = municipality_readings(&f, d, &municipalities);
    let as_of = f.date(d, "as_of", true);
    let description = f.markdown(d, "description");
    let hubs = f.string_list(d, "hubs");
    let emergency = f.string_list(d, "emergency");
    let numbers = numbers(&f, d, Msg::new("what-region-number"));
    f.finish(d);
    Some(RegionRecord {
        name: name?,
        name_kana,
        prefecture: prefecture?,
        municipalities,
        municipalities_kana,
        as_of: as_of?.0,
        description,
        hubs,
        emergency,
        numbers,
    })
}

/// `municipalities_kana = { "名護市" = "なごし", … }`: the readings of the region's
/// municipalities, for the portal's list in reading order and for search. A name that is
/// not one of `municipalities`, or a reading that is not kana, is a warning: the reading
/// is then of no use, but nothing is wrong on a page.
fn municipality_readings(f: &Fields<'_, '_>, d: &mut Diagnostics, municipalities: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some((table, _)) = f.table(d, "municipalities_kana") else { return out };
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        let DeValue::String(reading) = value.get_ref() else {
            f.wrong_type(d, name, value, Msg::new("type-string"));
            continue;
        };
        let reading = reading.trim();
        if !municipalities.iter().any(|m| m == name) {
            let mut diag = Diagnostic::at(
                Severity::Warning,
                f.src(),
                key.span(),
                msg!("region-reading-unknown", name = quoted(name)),
            );
            if let Some(s) = suggest(name, municipalities.iter().map(String::as_str)) {
                diag = diag.with_help(msg!("did-you-mean", value = quoted(s)));
            }
            d.push(diag);
            continue;
        }
        let kana = |c: char| matches!(c, 'ぁ'..='ゖ' | 'ァ'..='ヺ' | 'ー' | 'ｦ'..='ﾟ' | ' ' | '\u{3000}');
        if reading.is_empty() || !reading.chars().all(kana) {
            d.warning(f.src(), value.span(), msg!("region-reading-not-kana", name = quoted(name)));
            continue;
        }
        out.insert(name.to_string(), reading.to_string());
    }
    out
}

pub const INSTITUTION_KEYS: &[&str] = &[
    "name", "kana", "kind", "roles", "phases", "services", "municipality", "postal_code", "address", "phone", "fax",
    "url", "hours", "available_24h", "accepting_new_patients", "visit_area", "location", "verified", "note",
    "source", "internal",
];

pub struct InstitutionRecord {
    pub name: String,
    pub kana: Option<String>,
    pub kind: Kind,
    pub roles: Vec<Role>,
    pub phases: Vec<Phase>,
    pub services: Vec<Service>,
    pub municipality: Option<(String, Range<usize>)>,
    pub postal_code: Option<String>,
    pub address: Option<String>,
    pub phone: Option<PhoneNumber>,
    pub fax: Option<PhoneNumber>,
    pub url: Option<String>,
    pub hours: Option<String>,
    pub available_24h: Option<bool>,
    pub accepting_new_patients: Option<bool>,
    pub visit_area: Vec<(String, Range<usize>)>,
    pub location: Option<GeoPoint>,
    pub verified: (Date, Range<usize>),
    pub note: Option<(String, Range<usize>, TextMap)>,
    pub source: Option<Source>,
    /// False when `verified` is absent and the `[source]`'s date stands in for it.
    pub verified_by_staff: bool,
    pub internal: Internal,
}

pub fn institution(f: Fields<'_, '_>, d: &mut Diagnostics) -> Option<InstitutionRecord> {
    let src = f.src();
    let name = f.req_string(d, "name");
    let kana = f.opt_string(d, "kana");
    let kind = f.vocab::<Kind>(d, "kind", true);
    let roles = f.vocab_list(d, "roles");
    let phases = f.vocab_list(d, "phases");
    let services = f.vocab_list(d, "services");
    let municipality = f.string(d, "municipality", false);
    let postal_code = f.string(d, "postal_code", false).and_then(|(p, span)| {
        let normalised: String = p.chars().map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '−' | 'ー' | '‐' => '-',
            _ => c,
        }).collect();
        let digits: String = normalised.trim_start_matches('〒').chars().filter(char::is_ascii_digit).collect();
        let shape_ok = normalised.trim_start_matches('〒').chars().all(|c| c.is_ascii_digit() || c == '-');
        if digits.len() != 7 || !shape_ok {
            d.error(src, span, msg!("institution-postal-code", value = quoted(&p)));
            return None;
        }
        Some(format!("{}-{}", &digits[..3], &digits[3..]))
    });
    let address = f.opt_string(d, "address");
    let phone = f.phone(d, "phone", false);
    let fax = f.phone(d, "fax", false);
    let url = f.string(d, "url", false).and_then(|(u, span)| {
        let ok = (u.starts_with("https://") || u.starts_with("http://")) && u.len() > "https://".len() && !u.contains(char::is_whitespace);
        if !ok {
            d.error(src, span, msg!("institution-url", value = quoted(&u)));
            return None;
        }
        Some(u)
    });
    let hours = f.opt_string(d, "hours");
    let available_24h = f.bool(d, "available_24h");
    let accepting_new_patients = f.bool(d, "accepting_new_patients");
    let visit_area = f.string_list(d, "visit_area");
    let location = f.table(d, "location").and_then(|(t, span)| location(src, t, span, d));
    let has_source = f.get("source").is_some();
    let source = f.table(d, "source").and_then(|(t, span)| source(src, t, span, d));
    // An imported record has no `verified` until staff check it; its dataset's date
    // stands in (docs/CONTENT.md, "Imported records"). A `[source]` with mistakes has
    // its own errors: no second one for `verified`.
    let verified = f.date(d, "verified", !has_source);
    let verified_by_staff = verified.is_some();
    let verified = verified.or_else(|| source.as_ref().map(|(s, span)| (s.as_of, span.clone())));
    let note = f.markdown(d, "note");
    let internal = f.table(d, "internal").map(|(t, _)| internal(t)).unwrap_or_else(|| Internal::new(Vec::new()));
    f.finish(d);
    Some(InstitutionRecord {
        name: name?,
        kana,
        kind: kind?,
        roles,
        phases,
        services,
        municipality,
        postal_code,
        address,
        phone,
        fax,
        url,
        hours,
        available_24h,
        accepting_new_patients,
        visit_area,
        location,
        verified: verified?,
        note,
        source: source.map(|(s, _)| s),
        verified_by_staff,
        internal,
    })
}

pub const SOURCE_KEYS: &[&str] = &["dataset", "key", "as_of", "types", "keep"];

/// The `[source]` table, and where its `as_of` is written.
fn source(src: &SourceFile, t: &DeTable<'_>, span: Range<usize>, d: &mut Diagnostics) -> Option<(Source, Range<usize>)> {
    let f = Fields::new(src, t, span, Msg::new("what-source"), SOURCE_KEYS);
    let dataset = f.vocab::<Dataset>(d, "dataset", true);
    let key = f.string(d, "key", true).map(|(k, _)| k);
    let as_of = f.date(d, "as_of", true);
    let types = f.string_list(d, "types").into_iter().map(|(s, _)| s).collect();
    let keep = f
        .string_list(d, "keep")
        .into_iter()
        .filter_map(|(k, span)| {
            // Fields import never changes (phases, note…) may be named too: harmless.
            if INSTITUTION_KEYS.contains(&k.as_str()) && k != "source" && k != "internal" {
                return Some(k);
            }
            let diag = Diagnostic::at(Severity::Error, src, span, msg!("source-keep-unknown", value = quoted(&k)));
            d.push(diag.with_help(match suggest(&k, Source::IMPORTED_FIELDS.iter().copied()) {
                Some(s) => msg!("did-you-mean", value = quoted(s)),
                None => msg!("source-keep-fields", fields = Source::IMPORTED_FIELDS.to_vec()),
            }));
            None
        })
        .collect();
    f.finish(d);
    let (as_of, as_of_span) = as_of?;
    Some((Source { dataset: dataset?, key: key?, as_of, types, keep }, as_of_span))
}

fn location(src: &SourceFile, t: &DeTable<'_>, span: Range<usize>, d: &mut Diagnostics) -> Option<GeoPoint> {
    let f = Fields::new(src, t, span.clone(), Msg::new("what-location"), &["lat", "lon"]);
    let mut coord = |key: &str, limit: f64| -> Option<f64> {
        let Some(v) = f.get(key) else {
            d.error(src, span.clone(), msg!("location-missing", key = key));
            return None;
        };
        match parse_float(v.get_ref()) {
            Some(x) if x.abs() <= limit => Some(x),
            _ => {
                d.error(src, v.span(), msg!("location-range", key = key, limit = limit as i64));
                None
            }
        }
    };
    let lat = coord("lat", 90.0);
    let lon = coord("lon", 180.0);
    f.finish(d);
    Some(GeoPoint { lat: lat?, lon: lon? })
}

/// Keeps the internal values only as opaque strings: their shape is the authors' business,
/// and they are never validated into anything that could be rendered.
fn internal(t: &DeTable<'_>) -> Internal {
    fn collect(v: &toml::de::DeValue<'_>, out: &mut Vec<String>) {
        use toml::de::DeValue;
        match v {
            DeValue::String(s) => out.push(s.to_string()),
            DeValue::Integer(i) => out.push(i.as_str().to_string()),
            DeValue::Float(x) => out.push(x.as_str().to_string()),
            DeValue::Boolean(_) | DeValue::Datetime(_) => {}
            DeValue::Array(a) => a.iter().for_each(|v| collect(v.get_ref(), out)),
            DeValue::Table(t) => t.values().for_each(|v| collect(v.get_ref(), out)),
        }
    }
    let mut values = Vec::new();
    for v in t.values() {
        collect(v.get_ref(), &mut values);
    }
    Internal::new(values)
}

pub const LEAFLET_KEYS: &[&str] = &["title", "paper", "sections"];
pub const SECTION_KEYS: &[&str] = &["type", "article", "summary", "phases", "roles", "kinds", "services", "limit"];

pub fn leaflet(f: Fields<'_, '_>, file: FileId, d: &mut Diagnostics) -> Option<(String, Paper, Vec<LeafletSection>)> {
    let src = f.src();
    let title = f.req_string(d, "title");
    let paper = f.vocab::<Paper>(d, "paper", false).unwrap_or(Paper::A4);
    let mut sections = Vec::new();
    for (table, span) in f.tables(d, "sections") {
        let s = Fields::new(src, table, span.clone(), Msg::new("what-leaflet-section"), SECTION_KEYS);
        let section = match s.vocab::<SectionType>(d, "type", true) {
            Some(SectionType::Article) => s.string(d, "article", true).map(|(a, span)| LeafletSection::Article {
                article: At { value: a, loc: Loc { file: file, span } },
                summary: s.bool(d, "summary").unwrap_or(false),
            }),
            Some(SectionType::Emergency) => Some(LeafletSection::Emergency),
            Some(SectionType::Institutions) => Some(LeafletSection::Institutions {
                phases: s.vocab_list(d, "phases"),
                roles: s.vocab_list(d, "roles"),
                kinds: s.vocab_list(d, "kinds"),
                services: s.vocab_list(d, "services"),
                limit: limit(&s, d),
            }),
            Some(SectionType::Qr) => Some(LeafletSection::Qr),
            None => None,
        };
        s.finish(d);
        sections.extend(section);
    }
    f.finish(d);
    Some((title?, paper, sections))
}

/// `limit = N` of an institutions section: a positive number of rows.
fn limit(s: &Fields<'_, '_>, d: &mut Diagnostics) -> Option<usize> {
    let n = s.integer(d, "limit")?;
    match usize::try_from(n) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            let span = s.get("limit").map(|v| v.span()).unwrap_or(0..0);
            d.error(s.src(), span, msg!("leaflet-limit-invalid", value = n));
            None
        }
    }
}

pub const GUIDEBOOK_KEYS: &[&str] = &["title", "intro", "grouping", "kinds"];

/// `content/guidebook.toml`.
pub fn guidebook(f: Fields<'_, '_>, file: FileId, d: &mut Diagnostics) -> Guidebook {
    let g = Guidebook {
        file: Some(file),
        title: f.opt_string(d, "title"),
        intro: f.string(d, "intro", false).map(|(value, span)| At { value, loc: Loc { file, span } }),
        grouping: f.vocab::<Grouping>(d, "grouping", false).unwrap_or_default(),
        kinds: f.vocab_list(d, "kinds"),
    };
    f.finish(d);
    g
}
