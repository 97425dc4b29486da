//! Japan's municipalities (全国地方公共団体コード), shipped as `data/municipalities.csv`
//! (source and date in `data/README.md`) and compiled in: codes to names, and the
//! names an address may start with.

use std::collections::HashMap;
use std::sync::OnceLock;

static CSV: &str = include_str!("../../data/municipalities.csv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryType {
    Prefecture,
    /// 市町村 and Tokyo's special wards (特別区).
    Municipality,
    /// A ward of a designated city (政令指定都市の区), named with its city: `横浜市神奈川区`.
    Ward,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub code: &'static str,
    pub prefecture: &'static str,
    pub name: &'static str,
    pub reading: &'static str,
    pub kind: EntryType,
}

pub struct Table {
    entries: Vec<Entry>,
    by_code: HashMap<&'static str, usize>,
    /// Folded municipality and ward names by prefecture, for address prefixes.
    names: HashMap<&'static str, Vec<String>>,
    /// Folded names of the designated cities (those with wards), with their prefecture.
    cities_with_wards: Vec<(&'static str, String)>,
    prefectures: Vec<&'static str>,
}

/// The table, parsed once.
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::parse(CSV))
}

/// The check digit of a 5-digit code: weights 6,5,4,3,2, then 11 − (sum mod 11), last
/// digit (JIS X 0402).
pub fn check_digit(first5: &str) -> Option<u8> {
    let digits: Vec<u32> = first5.chars().map(|c| c.to_digit(10)).collect::<Option<_>>()?;
    if digits.len() != 5 {
        return None;
    }
    let sum: u32 = digits.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    Some(((11 - sum % 11) % 10) as u8)
}

/// What a code field held.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeLookup {
    Found(Entry),
    /// Well-formed, but not in the table.
    Unknown,
    /// Six digits whose last is not the check digit.
    BadCheckDigit,
    Malformed,
}

impl Table {
    fn parse(csv: &'static str) -> Table {
        let mut entries = Vec::new();
        for line in csv.lines().skip(1) {
            let mut f = line.split(',');
            let (Some(code), Some(prefecture), Some(name), Some(reading), Some(kind)) =
                (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let kind = match kind {
                "prefecture" => EntryType::Prefecture,
                "ward" => EntryType::Ward,
                _ => EntryType::Municipality,
            };
            entries.push(Entry { code, prefecture, name, reading, kind });
        }
        let by_code = entries.iter().enumerate().map(|(i, e)| (e.code, i)).collect();
        let mut names: HashMap<&'static str, Vec<String>> = HashMap::new();
        let mut prefectures = Vec::new();
        let mut cities_with_wards = Vec::new();
        for e in &entries {
            match e.kind {
                EntryType::Prefecture => prefectures.push(e.prefecture),
                _ => names.entry(e.prefecture).or_default().push(fold(e.name)),
            }
            if let (EntryType::Ward, Some(i)) = (e.kind, e.name.find('市')) {
                let city = (e.prefecture, fold(&e.name[..i + '市'.len_utf8()]));
                if !cities_with_wards.contains(&city) {
                    cities_with_wards.push(city);
                }
            }
        }
        Table { entries, by_code, names, cities_with_wards, prefectures }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// A code of 6 digits (with check digit) or 5 (without), as the datasets write it.
    pub fn lookup(&self, code: &str) -> CodeLookup {
        let code = code.trim();
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return CodeLookup::Malformed;
        }
        let full = match code.len() {
            5 => match check_digit(code) {
                Some(c) => format!("{code}{c}"),
                None => return CodeLookup::Malformed,
            },
            6 if check_digit(&code[..5]) == Some(code.as_bytes()[5] - b'0') => code.to_string(),
            6 => return CodeLookup::BadCheckDigit,
            _ => return CodeLookup::Malformed,
        };
        match self.by_code.get(full.as_str()) {
            Some(&i) => CodeLookup::Found(self.entries[i]),
            None => CodeLookup::Unknown,
        }
    }

    /// The prefecture of a 2-digit prefecture code (JIS X 0401: 01 北海道 … 47 沖縄県).
    pub fn prefecture_of_code(&self, code: &str) -> Option<&'static str> {
        let n: usize = code.trim().parse().ok()?;
        (1..=self.prefectures.len()).contains(&n).then(|| self.prefectures[n - 1])
    }

    pub fn is_prefecture(&self, name: &str) -> bool {
        self.prefectures.contains(&name)
    }

    /// Splits a leading prefecture name off an address.
    pub fn strip_prefecture<'a>(&self, address: &'a str) -> Option<(&'static str, &'a str)> {
        self.prefectures.iter().find_map(|p| address.strip_prefix(p).map(|rest| (*p, rest)))
    }

    /// Folded names of the prefecture's municipalities and wards.
    pub fn names_in(&self, prefecture: &str) -> &[String] {
        self.names.get(prefecture).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether `name` is a designated city with wards in the table (`横浜市`).
    pub fn has_wards(&self, prefecture: Option<&str>, name: &str) -> bool {
        let name = fold(name);
        self.cities_with_wards.iter().any(|(p, city)| *city == name && prefecture.is_none_or(|x| x == *p))
    }

    /// Whether the table knows a municipality or ward of this name.
    pub fn knows(&self, prefecture: Option<&str>, name: &str) -> bool {
        let name = fold(name);
        match prefecture {
            Some(p) => self.names_in(p).contains(&name),
            None => self.names.values().any(|v| v.contains(&name)),
        }
    }
}

/// Folds the spellings that differ between datasets and the ministry's table: spaces,
/// full-width letters and digits (NFKC), the small ヶ and ヵ of place names (龍ヶ崎 and
/// 龍ケ崎 are one city) and the variant 檮 of 梼原町.
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'ヶ' | 'ゖ' => 'ケ',
            'ヵ' | 'ゕ' => 'カ',
            '檮' => '梼',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_check_digit_and_is_unique() {
        let t = table();
        assert_eq!(t.prefectures.len(), 47);
        let municipalities = t.entries().iter().filter(|e| e.kind == EntryType::Municipality).count();
        assert_eq!(municipalities, 1741, "1,718 市町村 + 23 特別区");
        for e in t.entries() {
            assert_eq!(e.code.len(), 6, "{e:?}");
            assert_eq!(check_digit(&e.code[..5]), Some(e.code.as_bytes()[5] - b'0'), "{e:?}");
            assert!(!e.name.is_empty() && !e.reading.is_empty(), "{e:?}");
            assert!(e.reading.chars().all(|c| ('ァ'..='ヶ').contains(&c) || c == 'ー'), "{e:?}");
        }
        assert_eq!(t.by_code.len(), t.entries().len());
    }

    #[test]
    fn known_entries() {
        let t = table();
        let name = |code: &str| match t.lookup(code) {
            CodeLookup::Found(e) => (e.prefecture, e.name, e.reading),
            other => panic!("{code}: {other:?}"),
        };
        assert_eq!(name("472018"), ("沖縄県", "那覇市", "ナハシ"));
        assert_eq!(name("47201"), ("沖縄県", "那覇市", "ナハシ"), "ナビイ's 2 + 3 digits");
        assert_eq!(name("472093"), ("沖縄県", "名護市", "ナゴシ"));
        assert_eq!(name("473014"), ("沖縄県", "国頭村", "クニガミソン"));
        assert_eq!(name("011002"), ("北海道", "札幌市", "サッポロシ"));
        assert_eq!(name("131016"), ("東京都", "千代田区", "チヨダク"));
        assert_eq!(name("141020"), ("神奈川県", "横浜市神奈川区", "ヨコハマシカナガワク"));
        assert_eq!(name("221384").1, "浜松市中央区");
        assert_eq!(name("402311").1, "那珂川市");
        assert_eq!(t.lookup("472019"), CodeLookup::BadCheckDigit);
        assert_eq!(t.lookup("47x01"), CodeLookup::Malformed);
        assert_eq!(t.prefecture_of_code("47"), Some("沖縄県"));
        assert_eq!(t.prefecture_of_code("01"), Some("北海道"));
        assert_eq!(t.prefecture_of_code("48"), None);
        assert!(t.has_wards(Some("神奈川県"), "横浜市"));
        assert!(!t.has_wards(Some("沖縄県"), "那覇市"));
        assert_eq!(t.cities_with_wards.len(), 20, "Japan has 20 designated cities");
        assert!(t.knows(Some("茨城県"), "龍ヶ崎市"), "ヶ and ケ fold together");
    }

    #[test]
    fn check_digits_of_the_examples() {
        assert_eq!(check_digit("47201"), Some(8));
        assert_eq!(check_digit("13101"), Some(6));
        assert_eq!(check_digit("4720"), None);
    }
}
