//! Which region a row belongs to: the region whose `municipalities` holds the row's
//! municipality, found by name, else by code, else by the start of the address.
//!
//! A region may list a designated city (`横浜市`) or some of its wards (`横浜市神奈川区`);
//! a row of 横浜市神奈川区 belongs to either. Addresses may carry a 郡 (`国頭郡国頭村…`)
//! that municipality lists leave out.

use std::collections::HashMap;

use super::municipality::{CodeLookup, Table, fold, table};
use crate::model::Project;

/// Where a row goes: a region (by index in `Project::regions`) and the municipality as
/// that region writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub region: usize,
    pub municipality: String,
}

/// What is known of a row's place.
#[derive(Debug, Default)]
pub struct Place<'a> {
    pub prefecture: Option<&'a str>,
    pub municipality: Option<&'a str>,
    /// 6 digits with check digit, or 5 without.
    pub code: Option<String>,
    pub address: Option<&'a str>,
}

/// Why a row belongs to no region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Miss {
    /// Its municipality is known and no region lists it.
    Elsewhere,
    /// Neither name, code nor address named a municipality we know.
    Unknown,
}

/// A code that did not check out, for a warning; the row is placed by name or address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    BadCheckDigit,
    Malformed,
}

pub struct Resolver {
    table: &'static Table,
    /// (prefecture, folded name) → target, for every municipality a region lists.
    listed: HashMap<(String, String), Target>,
    /// Folded names of the regions' municipalities by prefecture, for addresses.
    listed_in: HashMap<String, Vec<String>>,
}

impl Resolver {
    pub fn new(project: &Project) -> Resolver {
        let mut listed = HashMap::new();
        let mut listed_in: HashMap<String, Vec<String>> = HashMap::new();
        for (i, region) in project.regions.iter().enumerate() {
            for m in &region.municipalities {
                let key = (region.prefecture.clone(), fold(m));
                listed_in.entry(region.prefecture.clone()).or_default().push(key.1.clone());
                // The first region listing a municipality keeps it; a municipality in two
                // regions is the project's own inconsistency, not the data's.
                listed.entry(key).or_insert(Target { region: i, municipality: m.clone() });
            }
        }
        Resolver { table: table(), listed, listed_in }
    }

    pub fn locate(&self, place: &Place<'_>) -> (Result<Target, Miss>, Option<CodeProblem>) {
        let mut prefecture = place.prefecture.map(str::to_string);
        let mut municipality = place.municipality.map(str::to_string);
        let mut code_problem = None;
        if let Some(code) = &place.code {
            match self.table.lookup(code) {
                CodeLookup::Found(e) => {
                    prefecture.get_or_insert_with(|| e.prefecture.to_string());
                    municipality.get_or_insert_with(|| e.name.to_string());
                }
                CodeLookup::Unknown => {}
                CodeLookup::BadCheckDigit => code_problem = Some(CodeProblem::BadCheckDigit),
                CodeLookup::Malformed => code_problem = Some(CodeProblem::Malformed),
            }
        }
        let mut known = false;
        if let Some(m) = &municipality {
            if let Some(t) = self.by_name(prefecture.as_deref(), m) {
                return (Ok(t), code_problem);
            }
            known = self.table.knows(prefecture.as_deref(), m);
            // A known municipality is the answer, unless it is a designated city whose
            // wards a region may list: then the address may name the ward.
            if known && !self.table.has_wards(prefecture.as_deref(), m) {
                return (Err(Miss::Elsewhere), code_problem);
            }
        }
        if let Some(address) = place.address
            && let Some((p, m)) = self.address_start(prefecture.as_deref(), address)
        {
            return match self.by_name(Some(&p), &m) {
                Some(t) => (Ok(t), code_problem),
                None => (Err(Miss::Elsewhere), code_problem),
            };
        }
        (Err(if known { Miss::Elsewhere } else { Miss::Unknown }), code_problem)
    }

    /// The region listing this municipality, or the city of this ward, or the
    /// municipality after its 郡.
    fn by_name(&self, prefecture: Option<&str>, name: &str) -> Option<Target> {
        let name = fold(name);
        let find = |n: &str| -> Option<Target> {
            match prefecture {
                Some(p) => self.listed.get(&(p.to_string(), n.to_string())).cloned(),
                // No prefecture: accept a name only one region-prefecture lists.
                None => {
                    let mut hits = self.listed.iter().filter(|((_, m), _)| m == n);
                    let first = hits.next().map(|(_, t)| t.clone());
                    if hits.next().is_some() { None } else { first }
                }
            }
        };
        if let Some(t) = find(&name) {
            return Some(t);
        }
        // 横浜市神奈川区 → 横浜市 (a ward of a listed city).
        if let Some(city_end) = name.find('市').map(|i| i + '市'.len_utf8())
            && city_end < name.len()
            && name.ends_with('区')
            && let Some(t) = find(&name[..city_end])
        {
            return Some(t);
        }
        // 国頭郡国頭村 → 国頭村.
        let after_gun = name.find('郡').map(|i| &name[i + '郡'.len_utf8()..]).filter(|rest| !rest.is_empty());
        after_gun.and_then(find)
    }

    /// The prefecture and municipality (or ward) an address starts with: the longest name
    /// the table or a region knows, after the prefecture and an optional 郡.
    fn address_start(&self, prefecture: Option<&str>, address: &str) -> Option<(String, String)> {
        let folded = fold(address.trim_start_matches(['〒', ' ', '\u{3000}']));
        // Skip a postal code written before the address: "〒905-0000 名護市…".
        let folded = folded.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
        let (prefecture, rest) = match self.table.strip_prefecture(folded) {
            Some((p, rest)) => (p.to_string(), rest),
            None => (prefecture?.to_string(), folded),
        };
        let names =
            self.table.names_in(&prefecture).iter().chain(self.listed_in.get(&prefecture).into_iter().flatten());
        let longest =
            |text: &str| names.clone().filter(|n| text.starts_with(n.as_str())).max_by_key(|n| n.len()).cloned();
        let found = longest(rest).or_else(|| {
            // 郡 names end in 郡 and never hold one: 大和郡山市 and 郡山市 matched above.
            let i = rest.find('郡')?;
            longest(&rest[i + '郡'.len_utf8()..])
        })?;
        Some((prefecture, found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project with regions given as (prefecture, municipalities).
    fn resolver(regions: &[(&str, &[&str])]) -> Resolver {
        let mut r = Resolver { table: table(), listed: HashMap::new(), listed_in: HashMap::new() };
        for (i, (p, ms)) in regions.iter().enumerate() {
            for m in *ms {
                r.listed.insert((p.to_string(), fold(m)), Target { region: i, municipality: m.to_string() });
                r.listed_in.entry(p.to_string()).or_default().push(fold(m));
            }
        }
        r
    }

    fn at(r: &Resolver, place: Place<'_>) -> Result<(usize, String), Miss> {
        r.locate(&place).0.map(|t| (t.region, t.municipality))
    }

    #[test]
    fn by_name_code_and_address() {
        let r = resolver(&[("沖縄県", &["名護市", "国頭村"]), ("沖縄県", &["那覇市"]), ("神奈川県", &["横浜市"])]);
        let named = Place { prefecture: Some("沖縄県"), municipality: Some("名護市"), ..Place::default() };
        assert_eq!(at(&r, named), Ok((0, "名護市".into())));
        let coded = Place { code: Some("472018".into()), ..Place::default() };
        assert_eq!(at(&r, coded), Ok((1, "那覇市".into())));
        let navii = Place { code: Some("47301".into()), ..Place::default() };
        assert_eq!(at(&r, navii), Ok((0, "国頭村".into())), "2 + 3 digits get their check digit");
        let addressed = Place { address: Some("沖縄県国頭郡国頭村字辺土名1"), ..Place::default() };
        assert_eq!(at(&r, addressed), Ok((0, "国頭村".into())), "郡 is skipped");
        let ward =
            Place { prefecture: Some("神奈川県"), municipality: Some("横浜市神奈川区"), ..Place::default() };
        assert_eq!(at(&r, ward), Ok((2, "横浜市".into())));
        let ward_code = Place { code: Some("141020".into()), ..Place::default() };
        assert_eq!(at(&r, ward_code), Ok((2, "横浜市".into())));
        let elsewhere = Place {
            prefecture: Some("沖縄県"),
            municipality: Some("宮古島市"),
            address: Some("名護市1"),
            ..Place::default()
        };
        assert_eq!(at(&r, elsewhere), Err(Miss::Elsewhere), "a known municipality is not overruled by the address");
        let tokyo = Place { address: Some("東京都千代田区1"), ..Place::default() };
        assert_eq!(at(&r, tokyo), Err(Miss::Elsewhere));
        assert_eq!(at(&r, Place { address: Some("どこか"), ..Place::default() }), Err(Miss::Unknown));
    }

    #[test]
    fn a_region_of_wards_takes_rows_of_its_ward_by_code_or_address() {
        let r = resolver(&[("神奈川県", &["横浜市神奈川区", "横浜市西区"])]);
        let code = Place { code: Some("141020".into()), ..Place::default() };
        assert_eq!(at(&r, code), Ok((0, "横浜市神奈川区".into())));
        // The city's name and code do not say which ward: the address does.
        let city = Place {
            prefecture: Some("神奈川県"),
            municipality: Some("横浜市"),
            address: Some("神奈川県横浜市西区みなとみらい1"),
            ..Place::default()
        };
        assert_eq!(at(&r, city), Ok((0, "横浜市西区".into())));
        let other_ward =
            Place { address: Some("横浜市中区1"), prefecture: Some("神奈川県"), ..Place::default() };
        assert_eq!(at(&r, other_ward), Err(Miss::Elsewhere));
    }

    #[test]
    fn names_that_hold_gun_or_a_prefix_of_another_name() {
        let r = resolver(&[("奈良県", &["大和郡山市"]), ("福島県", &["郡山市"]), ("沖縄県", &["東村"])]);
        assert_eq!(
            at(&r, Place { address: Some("奈良県大和郡山市北郡山町1"), ..Place::default() }),
            Ok((0, "大和郡山市".into()))
        );
        assert_eq!(at(&r, Place { address: Some("福島県郡山市1"), ..Place::default() }), Ok((1, "郡山市".into())));
        // 東村山市 is in Tokyo, not 東村 of Okinawa.
        assert_eq!(at(&r, Place { address: Some("東京都東村山市1"), ..Place::default() }), Err(Miss::Elsewhere));
        // Without a prefecture, a name only one region-prefecture lists is enough.
        assert_eq!(at(&r, Place { municipality: Some("東村"), ..Place::default() }), Ok((2, "東村".into())));
    }

    #[test]
    fn fictional_municipalities_of_a_region_match_by_name_and_address() {
        let r = resolver(&[("沖縄県", &["みどり市", "やまなか村"])]);
        let p = Place {
            prefecture: Some("沖縄県"), address: Some("やまなか村字もりかわ200番地"), ..Place::default()
        };
        assert_eq!(at(&r, p), Ok((0, "やまなか村".into())));
    }

    #[test]
    fn a_bad_check_digit_is_reported_and_the_name_still_places_the_row() {
        let r = resolver(&[("沖縄県", &["名護市"])]);
        let p = Place {
            prefecture: Some("沖縄県"),
            municipality: Some("名護市"),
            code: Some("472094".into()),
            ..Place::default()
        };
        assert_eq!(
            r.locate(&p),
            (Ok(Target { region: 0, municipality: "名護市".into() }), Some(CodeProblem::BadCheckDigit))
        );
    }
}
