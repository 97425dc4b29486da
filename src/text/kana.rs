//! Japanese kana: how hiragana, katakana and half-width katakana relate, in one place.
//!
//! Widths and voiced marks are Unicode normalization (`unicode-normalization`): NFKC
//! widens half-width katakana (ｸﾘﾆｯｸ → クリニック) and joins a voiced mark to its kana
//! (ｶﾞ → ガ). Hiragana ↔ katakana is not a normalization, so it is the one table here:
//! the two scripts are the same 86 letters 0x60 apart (ぁ‥ゖ ↔ ァ‥ヶ, ゝゞ ↔ ヽヾ).
//! `wana_kana` was not used: it also turns Latin letters into kana (romaji), which
//! would rewrite names such as "ABCクリニック".
//!
//! Used by the search tokenizer (rules 1 and 3 of `search::tokenize`), by the reading
//! order of institutions, and by the open-data CSV's katakana readings.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Hiragana and katakana letters that have a counterpart in the other script.
const HIRAGANA: std::ops::RangeInclusive<char> = 'ぁ'..='ゖ';
const KATAKANA: std::ops::RangeInclusive<char> = 'ァ'..='ヶ';
const OFFSET: u32 = 0x60;

/// Unicode NFKC: half-width katakana → full-width (ﾀﾞ → ダ), full-width Latin and
/// digits → ASCII, ㌔ → キロ, kana + combining voiced mark → one letter. Borrows when
/// the text is already NFKC, as most text is.
pub fn nfkc(s: &str) -> Cow<'_, str> {
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes { Cow::Borrowed(s) } else { Cow::Owned(s.nfkc().collect()) }
}

/// Katakana → hiragana (ァ‥ヶ → ぁ‥ゖ, ヴ → ゔ, ヽヾ → ゝゞ); any other character as is.
pub fn to_hiragana(c: char) -> char {
    if KATAKANA.contains(&c) || matches!(c, 'ヽ' | 'ヾ') { shift(c, -1) } else { c }
}

/// Hiragana → katakana, the inverse of [`to_hiragana`].
pub fn to_katakana(c: char) -> char {
    if HIRAGANA.contains(&c) || matches!(c, 'ゝ' | 'ゞ') { shift(c, 1) } else { c }
}

fn shift(c: char, direction: i32) -> char {
    let code = if direction > 0 { c as u32 + OFFSET } else { c as u32 - OFFSET };
    char::from_u32(code).unwrap_or(c)
}

/// The form readings are compared in, never shown: NFKC, then katakana as hiragana —
/// the first steps of the search tokenizer — so that くりにっく, クリニック and ｸﾘﾆｯｸ
/// sort together.
pub fn reading_key(s: &str) -> String {
    nfkc(s).chars().map(to_hiragana).collect()
}

/// A reading in full-width katakana, as the municipal open-data standard asks for 名称_カナ:
/// hiragana and half-width katakana become full-width katakana, a voiced mark joins the
/// kana before it when Unicode has that letter (ｶﾞ, か゛ → ガ; ﾊﾟ → パ; ｳﾞ → ヴ) and is
/// otherwise kept as the spacing mark ゛ / ゜. Everything else is kept as written (no
/// NFKC: a full-width space or Ａ in a reading stays).
pub fn katakana_reading(s: &str) -> String {
    let marked: String = s
        .chars()
        .map(|c| match c {
            // Half-width katakana, through NFKC: each is one full-width letter or mark.
            '\u{FF61}'..='\u{FF9F}' => std::iter::once(c).nfkc().next().unwrap_or(c),
            c => c,
        })
        .map(|c| match c {
            '゛' => '\u{3099}',
            '゜' => '\u{309A}',
            c => to_katakana(c),
        })
        .collect();
    // Canonical composition joins each mark to its kana where a letter exists.
    marked
        .nfc()
        .map(|c| match c {
            '\u{3099}' => '゛',
            '\u{309A}' => '゜',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_map_onto_each_other() {
        assert_eq!(to_hiragana('ア'), 'あ');
        assert_eq!(to_hiragana('ヴ'), 'ゔ');
        assert_eq!(to_hiragana('ヶ'), 'ゖ');
        assert_eq!(to_hiragana('ヾ'), 'ゞ');
        assert_eq!(to_hiragana('ー'), 'ー');
        assert_eq!(to_hiragana('ヷ'), 'ヷ', "no hiragana counterpart");
        for c in HIRAGANA.chain(['ゝ', 'ゞ']) {
            assert_eq!(to_hiragana(to_katakana(c)), c);
        }
    }

    #[test]
    fn reading_keys_fold_script_and_width() {
        assert_eq!(reading_key("クリニック"), "くりにっく");
        assert_eq!(reading_key("ｸﾘﾆｯｸ"), "くりにっく");
        assert_eq!(reading_key("ﾀﾞｲｶﾞｸ"), "だいがく");
        assert_eq!(reading_key("ＡＢＣ"), "ABC");
    }

    #[test]
    fn readings_become_full_width_katakana() {
        assert_eq!(katakana_reading("くりにっくさくら"), "クリニックサクラ");
        assert_eq!(katakana_reading("ゔぁ・ゝゞ"), "ヴァ・ヽヾ");
        assert_eq!(katakana_reading("カタカナ ABC"), "カタカナ ABC");
        assert_eq!(katakana_reading("ｶﾞｯｺｳ ﾊﾟﾝ ｳﾞ ﾎﾟ ｱﾞ"), "ガッコウ パン ヴ ポ ア゛");
        assert_eq!(katakana_reading("ｦｧｰﾝ｡｢｣､･"), "ヲァーン。「」、・");
        assert_eq!(katakana_reading("か゛\u{304B}\u{3099}は゜"), "ガガパ");
        assert_eq!(katakana_reading("やまだ　ＡＢＣ"), "ヤマダ　ＡＢＣ");
    }
}
