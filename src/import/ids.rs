//! Ids for new records: readable ASCII (`yamanaka-houkan`), from the romanised name
//! ナビイ gives, else from the reading in kana, else `<kind>-<key>`; never one a region
//! already uses. The same rows in the same project always get the same ids.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;
use wana_kana::ConvertJapanese;

use crate::model::{Kind, Vocabulary};

/// Type words that begin or end institution names, by reading, with the short form the
/// example project's ids use. Domain knowledge, so written here: without them an id is
/// one run of syllables (`houmonkangosuteshonyamanaka` instead of `yamanaka-houkan`).
/// Longer readings first, so that しかいいん is dental before いいん is a clinic.
const TYPE_WORDS: &[(&str, &str)] = &[
    ("ていきじゅんかいずいじたいおうがたほうもんかいごかんご", "teikijunkai"),
    ("ざいたくいりょうかいごれんけいしえんせんたー", "renkei-center"),
    ("かんごしょうきぼたきのうがたきょたくかいご", "kantaki"),
    ("しょうきぼたきのうがたきょたくかいご", "shotaki"),
    ("ちいきほうかつしえんせんたー", "houkatsu"),
    ("きょたくかいごしえんじぎょうしょ", "kyotaku"),
    ("かいごろうじんほけんしせつ", "rouken"),
    ("ほうもんかんごすてーしょん", "houkan"),
    ("ほうもんかいごじぎょうしょ", "helper"),
    ("へるぱーすてーしょん", "helper"),
    ("きょたくかいごしえん", "kyotaku"),
    ("しかくりにっく", "dental"),
    ("しょうぼうほんぶ", "shobo"),
    ("ふくしようぐ", "fukushiyougu"),
    ("しんりょうじょ", "clinic"),
    ("ほうもんかんご", "houkan"),
    ("ほうもんかいご", "helper"),
    ("びょういん", "hospital"),
    ("ほけんじょ", "hokenjo"),
    ("やっきょく", "pharmacy"),
    ("くりにっく", "clinic"),
    ("いしかい", "ishikai"),
    ("しかいいん", "dental"),
    ("いいん", "clinic"),
];

/// Legal-entity words that open official names (医療法人社団○○会 やまだクリニック):
/// the part of the reading they start is left out of the id.
const ENTITY_WORDS: &[&str] = &[
    "いりょうほうじん",
    "しゃかいふくしほうじん",
    "かぶしきがいしゃ",
    "ゆうげんがいしゃ",
    "ごうどうがいしゃ",
    "いっぱんしゃだんほうじん",
    "こうえきしゃだんほうじん",
    "とくていひえいりかつどうほうじん",
];

/// Ids are cut to about this many characters, at a hyphen where there is one.
const MAX_LEN: usize = 40;

/// The id a new record would like, before collisions: from `romaji` (ナビイ's 英語表記),
/// else `kana`, else `<kind>-<key>`.
pub fn base(romaji: Option<&str>, kana: Option<&str>, kind: Kind, key: &str) -> String {
    let from_romaji = romaji.map(slug).filter(|s| s.len() >= 3);
    let from_kana = || kana.map(from_reading).filter(|s| s.len() >= 3);
    from_romaji.or_else(from_kana).unwrap_or_else(|| slug(&format!("{}-{key}", kind.id())))
}

/// The base id, or it with the key's last characters, or a number: the first one that
/// is not `taken`. The chosen id is added to `taken`.
pub fn unique(base: &str, key: &str, taken: &mut HashSet<String>) -> String {
    let tail: String = {
        let alnum: Vec<char> = slug(key).chars().filter(char::is_ascii_alphanumeric).collect();
        alnum[alnum.len().saturating_sub(4)..].iter().collect()
    };
    let mut candidates = vec![base.to_string()];
    if !tail.is_empty() {
        candidates.push(format!("{base}-{tail}"));
    }
    let id = candidates
        .into_iter()
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| unreachable!("an endless list of candidates"));
    taken.insert(id.clone());
    id
}

/// Lowercase ASCII letters and digits with single hyphens between words.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.nfkc().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    shorten(out.trim_matches('-'))
}

fn shorten(s: &str) -> String {
    if s.len() <= MAX_LEN {
        return s.to_string();
    }
    let cut = s[..MAX_LEN].rfind('-').filter(|&i| i >= MAX_LEN / 2).unwrap_or(MAX_LEN);
    s[..cut].trim_matches('-').to_string()
}

/// A reading in kana → `yamanaka-houkan`: entity words dropped, type words moved to the
/// end in their short form, the rest in Hepburn-style romaji (wana_kana).
fn from_reading(kana: &str) -> String {
    // Full-width, hiragana, no long-vowel marks (ステーション → すてしょん, as ids write it).
    let hira: String = kana
        .nfkc()
        .map(|c| if ('ァ'..='ヶ').contains(&c) { char::from_u32(c as u32 - 0x60).unwrap_or(c) } else { c })
        .filter(|&c| c != 'ー')
        .collect();
    // A reading with kanji in it would give half an id ("漢字だけ" → "dake").
    let separators = |c: char| c.is_whitespace() || "・,，、()（）「」".contains(c);
    if !hira.chars().all(|c| ('ぁ'..='ゖ').contains(&c) || c.is_ascii_alphanumeric() || separators(c)) {
        return String::new();
    }
    let mut words: Vec<String> = Vec::new();
    let mut kinds: Vec<&str> = Vec::new();
    for part in hira.split(separators) {
        if part.is_empty() || ENTITY_WORDS.iter().any(|w| part.starts_with(&w.replace('ー', ""))) {
            continue;
        }
        let mut rest = part;
        if let Some((word, short)) = TYPE_WORDS.iter().find(|(w, _)| rest.starts_with(&strip_long(w))) {
            rest = &rest[strip_long(word).len()..];
            kinds.push(short);
        }
        let mut tail = None;
        if let Some((word, short)) = TYPE_WORDS.iter().find(|(w, _)| !rest.is_empty() && rest.ends_with(&strip_long(w)))
        {
            rest = &rest[..rest.len() - strip_long(word).len()];
            tail = Some(*short);
        }
        if !rest.is_empty() {
            words.push(rest.to_romaji());
        }
        kinds.extend(tail);
    }
    kinds.dedup();
    words.extend(kinds.into_iter().map(str::to_string));
    slug(&words.join("-"))
}

fn strip_long(s: &str) -> String {
    s.replace('ー', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_become_short_readable_ids() {
        assert_eq!(from_reading("ヤマナカホウモンカンゴステーション"), "yamanaka-houkan");
        assert_eq!(from_reading("ほうもんかんごすてーしょんやまなか"), "yamanaka-houkan");
        assert_eq!(from_reading("ﾐﾄﾞﾘﾔｯｷｮｸ"), "midori-pharmacy", "half-width katakana");
        assert_eq!(from_reading("イリョウホウジンシャダンサクラカイ　サクラクリニック"), "sakura-clinic");
        assert_eq!(from_reading("うみべしかいいん"), "umibe-dental");
        assert_eq!(from_reading("ひがしないかいいん"), "higashinaika-clinic");
        assert_eq!(from_reading("つばききょたくかいごしえんじぎょうしょ"), "tsubaki-kyotaku");
        assert_eq!(from_reading("チュウオウビョウイン"), "chuuou-hospital");
        assert_eq!(
            from_reading("カンゴショウキボタキノウガタキョタクカイゴ　チュラサキノイエ"),
            "churasakinoie-kantaki"
        );
        assert_eq!(from_reading("ミドリチクイシカイ"), "midorichiku-ishikai");
    }

    #[test]
    fn romaji_first_then_kana_then_kind_and_key() {
        assert_eq!(base(Some("Yamada Clinic"), Some("ヤマダ"), Kind::Clinic, "1"), "yamada-clinic");
        assert_eq!(base(None, Some("ヤマダクリニック"), Kind::Clinic, "1"), "yamada-clinic");
        assert_eq!(base(Some("  "), None, Kind::VisitingNurse, "4760190011"), "visiting-nurse-4760190011");
        assert_eq!(base(None, Some("漢字だけ"), Kind::Pharmacy, "47-1"), "pharmacy-47-1");
        let long = base(Some("The Very Long Romanised Name Of A Medical Corporation Clinic"), None, Kind::Clinic, "1");
        assert!(long.len() <= MAX_LEN && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn collisions_take_the_key_then_a_number() {
        let mut taken: HashSet<String> = ["sakura-pharmacy".to_string()].into();
        assert_eq!(unique("sakura-pharmacy", "4712345678901", &mut taken), "sakura-pharmacy-8901");
        assert_eq!(unique("sakura-pharmacy", "4712345678901", &mut taken), "sakura-pharmacy-2");
        assert_eq!(unique("new", "x", &mut taken), "new");
        for id in &taken {
            assert!(crate::model::Id::parse(id).is_some(), "{id}");
        }
    }
}
