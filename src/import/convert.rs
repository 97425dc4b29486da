//! One row of a dataset → the values of a record: kinds from the source's types, phones
//! and coordinates cleaned of the data's known quirks, the address with its 方書.
//!
//! The public data's faults (a `（代表）` after a phone, `0.0` coordinates, an e-mail in
//! the URL column) are not staff's to fix, so they never stop an import: the value is
//! cleaned, or left out with a warning. A row that cannot be a record at all (no name,
//! no key) is an error.

use unicode_normalization::UnicodeNormalization;

use super::layout::{Field, Layout};
use super::messages::{self, Note};
use super::problems::Problems;
use super::resolve::Place;
use crate::text::table::{Record, Table};
use crate::model::{Dataset, GeoPoint, Kind, Phase, PhoneNumber, Service, Vocabulary};

/// What a source says about a record. `phases` and `note` are written only into new
/// records (see docs/CONTENT.md, "Imported records").
#[derive(Debug, Clone, PartialEq)]
pub struct Values {
    pub name: String,
    pub kana: Option<String>,
    pub kind: Kind,
    pub address: Option<String>,
    pub location: Option<GeoPoint>,
    pub phone: Option<PhoneNumber>,
    pub fax: Option<PhoneNumber>,
    pub url: Option<String>,
    pub hours: Option<String>,
    pub available_24h: Option<bool>,
    pub services: Vec<Service>,
    pub phases: Vec<Phase>,
    pub note: Option<String>,
}

/// A row made into values, with what identifies it in its dataset.
#[derive(Debug, Clone)]
pub struct Converted {
    pub key: String,
    /// The source's type of the row (介護: サービスの種類; ナビイ: 病院…), if it has types.
    pub kind_of_listing: Option<String>,
    pub romaji: Option<String>,
    pub values: Values,
}

/// One row, read through its layout.
pub struct Row<'a> {
    pub table: &'a Table,
    pub layout: &'a Layout,
    pub record: &'a Record,
}

impl<'a> Row<'a> {
    /// The trimmed value of a field, when the file has the column and the cell is not empty.
    pub fn get(&self, field: Field) -> Option<&'a str> {
        let column = self.layout.column(field)?;
        Some(self.record.fields.get(column)?.trim()).filter(|s| !s.is_empty())
    }

    fn column(&self, field: Field) -> usize {
        self.layout.column(field).unwrap_or(0)
    }

    /// What the row says about its place, for finding its region.
    pub fn place(&self) -> Place<'a> {
        let table = super::municipality::table();
        let navii_code = match (self.get(Field::PrefectureCode), self.get(Field::MunicipalityCode3)) {
            (Some(p), Some(m)) => Some(format!("{:0>2}{:0>3}", p, m)),
            _ => None,
        };
        let prefecture = self.get(Field::Prefecture).filter(|p| table.is_prefecture(p));
        let prefecture =
            prefecture.or_else(|| self.get(Field::PrefectureCode).and_then(|c| table.prefecture_of_code(c)));
        Place {
            prefecture,
            municipality: self.get(Field::Municipality),
            code: self.get(Field::MunicipalityCode).map(str::to_string).or(navii_code),
            address: self.get(Field::Address),
        }
    }

    /// The key that finds this row's record again in a later edition.
    pub fn key(&self, dataset: Dataset) -> Option<String> {
        if let Some(k) = self.get(Field::Key) {
            return Some(k.nfkc().collect::<String>().trim().to_string());
        }
        // Our own export and 医療機関一覧 without 医療機関コード: municipality and name.
        match dataset {
            Dataset::ZaitakuOpendata | Dataset::JichitaiIryou => {
                Some(format!("{}/{}", self.get(Field::Municipality).unwrap_or(""), self.get(Field::Name)?))
            }
            _ => None,
        }
    }
}

/// Converts a row that belongs to a region. Errors and warnings go to `problems`;
/// `None` when the row cannot be a record.
pub fn convert(row: &Row<'_>, dataset: Dataset, problems: &mut Problems) -> Option<Converted> {
    let (table, record) = (row.table, row.record);
    let mut missing = false;
    for &field in row.layout.required() {
        if row.get(field).is_none() {
            let column = row.layout.column(field);
            let name = column.and_then(|c| table.header.get(c)).map(String::as_str).unwrap_or("");
            match column {
                Some(c) => problems.field_error(table, record, c, messages::empty_value(name), None),
                None => problems.at(
                    crate::diagnostic::Severity::Error,
                    (record.line, 1),
                    messages::missing_column(field),
                    None,
                ),
            }
            missing = true;
        }
    }
    let key = row.key(dataset);
    let (Some(name), Some(key), false) = (row.get(Field::Name), key, missing) else { return None };

    let type_value = row.get(Field::Type);
    let (kind, services, listing) = kind_of(row, dataset, type_value, problems)?;
    let mut values = Values {
        name: one_line(name),
        kana: row.get(Field::Kana).map(|k| widen_kana(&one_line(k))),
        kind,
        address: address(row.get(Field::Address), row.get(Field::AddressDetail)),
        location: location(row, problems),
        phone: phone(row, Field::Phone, problems),
        fax: phone(row, Field::Fax, problems),
        url: url(row, problems),
        hours: hours(row, dataset),
        available_24h: None,
        services,
        phases: Vec::new(),
        note: None,
    };
    if dataset == Dataset::ZaitakuOpendata {
        values.phases = labels(row, Field::Phases, problems);
        values.services = labels(row, Field::Services, problems);
        values.available_24h = match row.get(Field::Available24h) {
            Some("○") => Some(true),
            Some("×") => Some(false),
            _ => None,
        };
        values.note = row.get(Field::Note).map(str::to_string);
    }
    Some(Converted { key, kind_of_listing: listing, romaji: row.get(Field::Romaji).map(str::to_string), values })
}

/// The record's kind, the services its type implies, and the type as a listing.
fn kind_of(
    row: &Row<'_>,
    dataset: Dataset,
    value: Option<&str>,
    problems: &mut Problems,
) -> Option<(Kind, Vec<Service>, Option<String>)> {
    let column = row.column(Field::Type);
    let v = value.map(|v| v.nfkc().collect::<String>()).unwrap_or_default();
    Some(match dataset {
        Dataset::KaigoKouhyou | Dataset::JichitaiKaigo => {
            let (kind, services) = care_service(&v);
            if kind == Kind::Other && !v.is_empty() && dataset == Dataset::JichitaiKaigo {
                problems.note(row.table, row.record, column, Note::TypeNotMapped, &v);
            }
            let listing = (dataset == Dataset::KaigoKouhyou && !v.is_empty()).then_some(v);
            (kind, services, listing)
        }
        Dataset::NaviiFacility | Dataset::NaviiPharmacy => {
            // 機関区分, or the third digit of the ID (prefecture 2 + 機関区分 1 + number).
            let id_digit = row.get(Field::Key).and_then(|k| k.chars().nth(2)).map(String::from);
            let code = if v.is_empty() { id_digit.unwrap_or_default() } else { v };
            let kind = match code.as_str() {
                "1" | "病院" => Kind::Hospital,
                "2" | "診療所" => Kind::Clinic,
                "3" | "歯科診療所" => Kind::DentalClinic,
                "5" | "薬局" => Kind::Pharmacy,
                _ if dataset == Dataset::NaviiPharmacy => Kind::Pharmacy,
                _ => {
                    problems.note(row.table, row.record, column, Note::TypeNotMapped, &code);
                    Kind::Other
                }
            };
            (kind, Vec::new(), Some(kind.label().to_string()))
        }
        Dataset::JichitaiIryou => {
            let kind = medical_kind(&v).unwrap_or_else(|| {
                if !v.is_empty() {
                    problems.note(row.table, row.record, column, Note::TypeNotMapped, &v);
                }
                Kind::Other
            });
            (kind, Vec::new(), None)
        }
        Dataset::ZaitakuOpendata => match Kind::parse(&v) {
            Some(kind) => (kind, Vec::new(), None),
            None => {
                let help = crate::diagnostic::suggest(&v, Kind::spellings())
                    .and_then(Kind::parse)
                    .map(|k| crate::msg!("did-you-mean-value", id = k.id(), label = k.label()));
                problems.field_error(row.table, row.record, column, messages::unknown_kind(&v), help);
                return None;
            }
        },
    })
}

/// 介護サービスの種類 → kind and services (mapping documented in docs/import.md).
pub fn care_service(v: &str) -> (Kind, Vec<Service>) {
    let has = |s: &str| v.contains(s);
    if has("看護小規模多機能") || has("複合型サービス") {
        (Kind::CommunityService, vec![Service::VisitingNursing])
    } else if v.starts_with("訪問看護") {
        (Kind::VisitingNurse, vec![Service::VisitingNursing])
    } else if v.starts_with("居宅介護支援") {
        (Kind::CareManagement, Vec::new())
    } else if has("訪問リハビリテーション") {
        (Kind::Other, vec![Service::Rehabilitation])
    } else if has("短期入所") {
        (Kind::Other, vec![Service::ShortStay])
    } else if has("介護老人保健施設") {
        (Kind::GeriatricFacility, Vec::new())
    } else if has("地域密着型") || has("小規模多機能") || has("認知症対応型") || has("定期巡回") {
        (Kind::CommunityService, Vec::new())
    } else if v == "訪問介護" || v == "夜間対応型訪問介護" {
        (Kind::HomeHelp, Vec::new())
    } else {
        (Kind::Other, Vec::new())
    }
}

/// Which kind wins when one office is listed under several care services.
pub fn kind_rank(kind: Kind) -> usize {
    const ORDER: &[Kind] =
        &[Kind::VisitingNurse, Kind::CareManagement, Kind::GeriatricFacility, Kind::CommunityService, Kind::HomeHelp];
    ORDER.iter().position(|k| *k == kind).unwrap_or(ORDER.len())
}

/// 医療機関の種類 of the standard dataset (病院, 有床診療所, 無床診療所, 歯科診療所…).
fn medical_kind(v: &str) -> Option<Kind> {
    if v.contains("歯科") {
        Some(Kind::DentalClinic)
    } else if v.contains("病院") {
        Some(Kind::Hospital)
    } else if v.contains("診療所") || v.contains("クリニック") || v.contains("医院") {
        Some(Kind::Clinic)
    } else if v.contains("薬局") {
        Some(Kind::Pharmacy)
    } else {
        Kind::parse(v)
    }
}

/// Names and addresses are one line: a line break inside them is a paste accident.
fn one_line(s: &str) -> String {
    s.split(['\r', '\n']).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Half-width katakana (ﾔﾏﾀﾞ, from older systems) → full-width; nothing else changes, so
/// our own export's values come back exactly as they went out.
pub fn widen_kana(s: &str) -> String {
    if !s.chars().any(is_half_kana) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    for c in s.chars() {
        if is_half_kana(c) {
            run.push(c);
            continue;
        }
        out.extend(run.nfkc());
        run.clear();
        out.push(c);
    }
    out.extend(run.nfkc());
    out
}

fn is_half_kana(c: char) -> bool {
    ('\u{FF61}'..='\u{FF9F}').contains(&c)
}

/// 住所 plus 方書 (building, floor), unless the address already holds the 方書.
fn address(address: Option<&str>, detail: Option<&str>) -> Option<String> {
    let address = one_line(address?);
    let Some(detail) = detail.map(one_line).filter(|d| !d.is_empty()) else { return Some(address) };
    let squash = |s: &str| s.nfkc().filter(|c| !c.is_whitespace()).collect::<String>();
    if squash(&address).contains(&squash(&detail)) { Some(address) } else { Some(format!("{address} {detail}")) }
}

/// Japan's extent with a margin: 沖ノ鳥島 (20.4°N) to 択捉島 (45.6°N), 与那国島 (122.9°E)
/// to 南鳥島 (154.0°E).
fn in_japan(lat: f64, lon: f64) -> bool {
    (20.0..=46.0).contains(&lat) && (122.0..=154.5).contains(&lon)
}

fn location(row: &Row<'_>, problems: &mut Problems) -> Option<GeoPoint> {
    let (lat_text, lon_text) = (row.get(Field::Lat)?, row.get(Field::Lon)?);
    let column = row.column(Field::Lat);
    let number = |s: &str| s.nfkc().collect::<String>().parse::<f64>().ok();
    let (Some(lat), Some(lon)) = (number(lat_text), number(lon_text)) else {
        problems.note(row.table, row.record, column, Note::CoordinatesUnreadable, "");
        return None;
    };
    if lat == 0.0 || lon == 0.0 {
        problems.note(row.table, row.record, column, Note::CoordinatesZero, "");
        None
    } else if in_japan(lat, lon) {
        Some(GeoPoint { lat, lon })
    } else if in_japan(lon, lat) {
        problems.note(row.table, row.record, column, Note::CoordinatesSwapped, "");
        Some(GeoPoint { lat: lon, lon: lat })
    } else {
        problems.note(row.table, row.record, column, Note::CoordinatesOutside, "");
        None
    }
}

/// A phone as the datasets write it → a number our parser accepts: suffixes such as
/// `（代表）` or `内線12` and labels such as `TEL:` removed. What still is not a number is
/// left out with a warning: the page then shows no number rather than a wrong one.
fn phone(row: &Row<'_>, field: Field, problems: &mut Problems) -> Option<PhoneNumber> {
    let raw = row.get(field)?;
    let parsed = clean_phone(raw).and_then(|p| PhoneNumber::parse(&p).ok());
    if parsed.is_none() {
        problems.note(row.table, row.record, row.column(field), Note::PhoneUnreadable, raw);
    }
    parsed
}

pub fn clean_phone(raw: &str) -> Option<String> {
    let text: String = raw.nfkc().collect();
    // Drop bracketed words: （代表）, (内線123), 【夜間】; keep a bracketed area code.
    let mut kept = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let close = match c {
            '(' => ')',
            '[' => ']',
            '【' => '】',
            _ => {
                kept.push(c);
                continue;
            }
        };
        let mut inner = String::new();
        for d in chars.by_ref() {
            if d == close {
                break;
            }
            inner.push(d);
        }
        if inner.chars().all(|d| d.is_ascii_digit() || d == '-' || d == ' ') {
            kept.push('(');
            kept.push_str(&inner);
            kept.push(')');
        }
    }
    // From the first digit (or #, or an area code's parenthesis) to the first character
    // that cannot be part of a number: "TEL:098-000-1111 内線12" → "098-000-1111".
    let start = kept.find(|c: char| c.is_ascii_digit() || c == '#' || c == '(')?;
    let number: String =
        kept[start..].chars().take_while(|c| c.is_ascii_digit() || "-()# ー－−‐".contains(*c)).collect();
    let number = number.trim().to_string();
    (!number.is_empty()).then_some(number)
}

fn url(row: &Row<'_>, problems: &mut Problems) -> Option<String> {
    let raw = row.get(Field::Url)?;
    let ok = (raw.starts_with("https://") || raw.starts_with("http://"))
        && raw.len() > "https://".len()
        && !raw.contains(char::is_whitespace);
    if !ok {
        problems.note(row.table, row.record, row.column(Field::Url), Note::UrlNotUrl, "");
    }
    ok.then(|| raw.to_string())
}

fn hours(row: &Row<'_>, dataset: Dataset) -> Option<String> {
    if dataset == Dataset::ZaitakuOpendata {
        // Our own export writes `hours` verbatim here.
        return row.get(Field::HoursNote).map(str::to_string);
    }
    let times = match (row.get(Field::Opens), row.get(Field::Closes)) {
        (Some(a), Some(b)) => Some(format!("{a}〜{b}")),
        _ => None,
    };
    let parts: Vec<String> = [row.get(Field::Days).map(str::to_string), times, row.get(Field::HoursNote).map(one_line)]
        .into_iter()
        .flatten()
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Our export's phases and services: labels joined with `；`.
fn labels<V: Vocabulary>(row: &Row<'_>, field: Field, problems: &mut Problems) -> Vec<V> {
    let Some(text) = row.get(field) else { return Vec::new() };
    let mut out = Vec::new();
    for part in text.split(['；', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        match V::parse(part) {
            Some(v) if !out.contains(&v) => out.push(v),
            Some(_) => {}
            None => problems.note(row.table, row.record, row.column(field), Note::UnknownLabel, part),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_lose_suffixes_labels_and_full_width_digits() {
        let p = |s: &str| clean_phone(s).and_then(|c| PhoneNumber::parse(&c).ok()).map(|p| p.display().to_string());
        assert_eq!(p("098-000-1234（代表）"), Some("098-000-1234".into()));
        assert_eq!(p("０９８０－５２－０００１"), Some("0980-52-0001".into()));
        assert_eq!(p("(098)000-1234"), Some("(098)000-1234".into()));
        assert_eq!(p("098-000-1234(内線123)"), Some("098-000-1234".into()));
        assert_eq!(p("TEL:098-000-1234 内線12"), Some("098-000-1234".into()));
        assert_eq!(p("【代表】098-000-1234"), Some("098-000-1234".into()));
        assert_eq!(p("098-000-1234、098-000-5678"), Some("098-000-1234".into()), "the first of two");
        assert_eq!(p("098-000-123"), None);
        assert_eq!(p("なし"), None);
    }

    #[test]
    fn addresses_take_their_hokata_once() {
        assert_eq!(address(Some("名護市港1-1"), Some("みなとビル2階")), Some("名護市港1-1 みなとビル2階".into()));
        assert_eq!(
            address(Some("名護市港1-1 みなとビル2階"), Some("みなとビル２階")),
            Some("名護市港1-1 みなとビル2階".into())
        );
        assert_eq!(address(Some("名護市港1-1"), None), Some("名護市港1-1".into()));
        assert_eq!(address(None, Some("ビル")), None);
    }

    #[test]
    fn half_width_katakana_is_widened_and_nothing_else_changes() {
        assert_eq!(widen_kana("ﾔﾏﾀﾞ ｸﾘﾆｯｸ"), "ヤマダ クリニック");
        assert_eq!(widen_kana("ＡＢＣ薬局～"), "ＡＢＣ薬局～");
    }

    #[test]
    fn care_services_map_to_kinds() {
        assert_eq!(care_service("訪問看護"), (Kind::VisitingNurse, vec![Service::VisitingNursing]));
        assert_eq!(care_service("居宅介護支援").0, Kind::CareManagement);
        assert_eq!(care_service("訪問介護").0, Kind::HomeHelp);
        assert_eq!(care_service("看護小規模多機能型居宅介護").0, Kind::CommunityService);
        assert_eq!(care_service("介護老人保健施設").0, Kind::GeriatricFacility);
        assert_eq!(care_service("短期入所療養介護（介護老人保健施設）"), (Kind::Other, vec![Service::ShortStay]));
        assert_eq!(care_service("通所介護").0, Kind::Other);
        assert!(kind_rank(Kind::VisitingNurse) < kind_rank(Kind::HomeHelp));
        assert!(kind_rank(Kind::HomeHelp) < kind_rank(Kind::Other));
    }

    #[test]
    fn medical_kinds_of_the_standard_dataset() {
        assert_eq!(medical_kind("病院"), Some(Kind::Hospital));
        assert_eq!(medical_kind("有床診療所"), Some(Kind::Clinic));
        assert_eq!(medical_kind("無床診療所"), Some(Kind::Clinic));
        assert_eq!(medical_kind("歯科診療所"), Some(Kind::DentalClinic));
        assert_eq!(medical_kind("助産所"), None);
    }
}
