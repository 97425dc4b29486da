//! Japanese-aware tokenizer shared by the search index builder and the
//! browser-side query code (`themes/default/static/search.js`).
//!
//! # Why bigrams, and why no dictionary
//!
//! Japanese is written without spaces, so a whitespace tokenizer (what
//! elasticlunr and mdBook's search use) turns a whole sentence such as
//! 「在宅での看取りに対応しています」 into a single token. mdBook goes one step
//! further and silently drops over-long tokens, so such text would not be
//! searchable at all. A morphological analyser (lindera/IPADIC, kuromoji)
//! would need a multi-megabyte dictionary on the Rust side *and* in the
//! browser, and its segmentation of clinic names and local place names is
//! unreliable anyway.
//!
//! Instead every run of Japanese characters (kanji + hiragana + katakana,
//! katakana being folded to hiragana) is emitted as **overlapping character
//! bigrams plus unigrams**:
//!
//! ```text
//! 訪問看護 → 訪, 訪問, 問, 問看, 看, 看護, 護
//! ```
//!
//! A query is tokenized the same way and search requires every query token to
//! be present (AND). Any substring of an indexed run of length ≥ 2 is found
//! (its bigrams are all present) — exact recall without a dictionary — and a
//! one-character query such as 「腰」 still matches through the unigram.
//! Precision is very good in practice: unrelated text rarely contains all the
//! bigrams of a query.
//!
//! # The rules (identical in `search.js`; keep them in sync!)
//!
//! 1. Unicode NFKC: half-width katakana ｸﾘﾆｯｸ → クリニック (ﾀﾞ → ダ),
//!    full-width ＡＢＣ１２３ → ABC123, ideographic space → space,
//!    compatibility ideographs → unified ideographs, ㌔ → キロ, and combining
//!    sequences such as か + U+3099 are composed to が.
//! 2. Lower-case (full Unicode lower-casing, `str::to_lowercase` /
//!    `String.prototype.toLowerCase`).
//! 3. Katakana U+30A1‥U+30F6 (ァ‥ヶ) → hiragana U+3041‥U+3096 (ぁ‥ゖ), and the
//!    iteration marks ヽヾ → ゝゞ. The small ゕ/ゖ (from ヵ/ヶ) are further
//!    folded to か/け so that 霞ヶ関 and 霞ケ関 match.
//! 4. Each code point is then classified, in this order:
//!    * the long-vowel mark ー (U+30FC, also ｰ after NFKC): **dropped without
//!      ending the run when inside a Japanese run**, otherwise a separator.
//!      Decision: ー is spelt inconsistently (ケアマネージャー / ケアマネジャー,
//!      センター / センタ), so ignoring it makes both spellings produce the
//!      same tokens (けあまねじゃ), while not splitting the run keeps the
//!      bigrams across it (すてしょん for ステーション);
//!    * a Japanese character — hiragana U+3041‥U+3096, ゝゞ U+309D‥U+309E,
//!      katakana left over after folding U+30A1‥U+30FA (ヷ‥ヺ), ヽヾ,
//!      small katakana extension U+31F0‥U+31FF, 々 〆 〇 〻, CJK unified
//!      ideographs (U+3400‥U+4DBF, U+4E00‥U+9FFF), compatibility ideographs
//!      U+F900‥U+FAFF and planes 2–3 (U+20000‥U+3FFFF): part of a
//!      **Japanese run**;
//!    * a combining mark (General_Category = Mark, e.g. the ideographic
//!      variation selector in 葛 + U+E0100, a stray dakuten U+3099, U+0307):
//!      ignored, does not end a run;
//!    * alphabetic or numeric (`char::is_alphanumeric`, JS
//!      `[\p{Alphabetic}\p{N}]`): part of a **word run** (Latin, digits,
//!      Greek, Hangul, …);
//!    * anything else — spaces, ASCII and Japanese punctuation (、。・「」（）
//!      〜 etc.), symbols, emoji, controls: a separator.
//! 5. A Japanese run c1 c2 … cn emits, in order, c1, c1c2, c2, c2c3, …, cn
//!    (unigram then the bigram starting at it). A word run is emitted whole.
//!    Duplicates are kept (they count as term frequency when indexing; the
//!    query side de-duplicates).
//!
//! Consequences worth knowing: `03-1234-5678` → `03`, `1234`, `5678`;
//! `#7119` → `7119`; `ABCクリニック` → `abc`, then the run くりにっく;
//! digits split Japanese runs (`第2` → `第`, `2`); emoji never match.
//! A query without spaces produces bigrams across a kanji/kana boundary
//! (山田クリニック contains 田く), so it does not match a text that has a space
//! there (山田 クリニック); typing the space makes the query looser.
//!
//! The function is pure, total (never panics) and allocates only the
//! normalised copy of the input and the output tokens (`each_token`, for the
//! index builder, not even those).
//!
//! Both sides agree on every assigned code point (checked exhaustively, in
//! context, against Node 20). The only possible differences come from the
//! Unicode version: NFKC and the Mark table come from `unicode-normalization`
//! here and from the browser's ICU there, so a character assigned in a newer
//! Unicode version than the browser knows may be classified differently.

use unicode_normalization::char::is_combining_mark;

use crate::text::kana;

/// The katakana-hiragana prolonged sound mark ー.
const CHOON: char = '\u{30FC}';

/// Word runs longer than this many characters are cut to this length.
const MAX_WORD_CHARS: usize = 64;

/// Split `text` into search tokens. See the module documentation for the
/// exact rules; `search.js` implements the very same function.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    each_token(text, |token| tokens.push(token.to_string()));
    tokens
}

/// Calls `emit` with each token of `text` in order: [`tokenize`] without a `String`
/// per token, for the index builder, which sees every token of every page.
pub(crate) fn each_token(text: &str, mut emit: impl FnMut(&str)) {
    if text.is_empty() {
        return;
    }
    let normalized = kana::nfkc(text).to_lowercase();

    let mut ja_run: Vec<char> = Vec::new();
    let mut word = String::new();
    let mut word_chars = 0usize;
    let mut scratch = String::new();

    for c in normalized.chars() {
        let c = fold_kana(c);
        if c == CHOON {
            if ja_run.is_empty() {
                flush_word(&mut word, &mut word_chars, &mut emit);
            }
            // Inside a Japanese run: skip without ending the run.
            continue;
        }
        if is_japanese(c) {
            flush_word(&mut word, &mut word_chars, &mut emit);
            ja_run.push(c);
        } else if is_combining_mark(c) {
            // Ignored; neither part of a token nor a separator.
        } else if c.is_alphanumeric() {
            flush_japanese(&mut ja_run, &mut scratch, &mut emit);
            if word_chars < MAX_WORD_CHARS {
                word.push(c);
                word_chars += 1;
            }
        } else {
            flush_word(&mut word, &mut word_chars, &mut emit);
            flush_japanese(&mut ja_run, &mut scratch, &mut emit);
        }
    }
    flush_word(&mut word, &mut word_chars, &mut emit);
    flush_japanese(&mut ja_run, &mut scratch, &mut emit);
}

/// Katakana → hiragana, ヽヾ → ゝゞ, small ゕゖ → かけ.
fn fold_kana(c: char) -> char {
    match kana::to_hiragana(c) {
        '\u{3095}' => '\u{304B}', // ゕ → か
        '\u{3096}' => '\u{3051}', // ゖ → け
        other => other,
    }
}

fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}'   // hiragana
        | '\u{309D}'..='\u{309E}' // ゝゞ
        | '\u{30A1}'..='\u{30FA}' // katakana (only ヷ‥ヺ survive folding)
        | '\u{30FD}'..='\u{30FE}' // ヽヾ (folded; kept for completeness)
        | '\u{31F0}'..='\u{31FF}' // small katakana extension
        | '\u{3005}'..='\u{3007}' // 々 〆 〇
        | '\u{303B}'              // 〻
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B.. (planes 2 and 3)
    )
}

fn flush_word(word: &mut String, word_chars: &mut usize, emit: &mut impl FnMut(&str)) {
    *word_chars = 0;
    if !word.is_empty() {
        emit(word);
        word.clear();
    }
}

/// Emits the unigrams and bigrams of a Japanese run, made in `scratch`.
fn flush_japanese(run: &mut Vec<char>, scratch: &mut String, emit: &mut impl FnMut(&str)) {
    for (i, &c) in run.iter().enumerate() {
        scratch.clear();
        scratch.push(c);
        emit(scratch);
        if let Some(&next) = run.get(i + 1) {
            scratch.push(next);
            emit(scratch);
        }
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::tokenize;

    fn t(s: &str) -> Vec<String> {
        tokenize(s)
    }

    #[test]
    fn bigrams_and_unigrams() {
        assert_eq!(
            t("訪問看護"),
            ["訪", "訪問", "問", "問看", "看", "看護", "護"]
        );
        assert_eq!(t("腰"), ["腰"]);
    }

    #[test]
    fn widths_and_kana_are_folded() {
        assert_eq!(t("ｸﾘﾆｯｸ"), t("クリニック"));
        assert_eq!(t("クリニック"), t("くりにっく"));
        assert_eq!(t("ﾀﾞ"), ["だ"]);
        assert_eq!(t("ＡＢＣ１２３"), ["abc123"]);
        assert_eq!(t("霞ヶ関"), t("霞ケ関"));
    }

    #[test]
    fn long_vowel_is_ignored_in_runs() {
        assert_eq!(t("ケアマネージャー"), t("ケアマネジャー"));
        assert_eq!(t("ー"), Vec::<String>::new());
        assert_eq!(t("abcーdef"), ["abc", "def"]);
    }

    #[test]
    fn separators() {
        assert_eq!(t("03-1234-5678"), ["03", "1234", "5678"]);
        assert_eq!(t("#7119"), ["7119"]);
        assert_eq!(t("「往診」、看取り。"), t("往診 看取り"));
        assert!(t("🏥✨ ※ ★").is_empty());
        assert!(t("").is_empty());
    }

    #[test]
    fn long_words_are_cut() {
        let long = "a".repeat(1000);
        assert_eq!(t(&long), ["a".repeat(64)]);
        assert_eq!(t(&format!("{long} b")), ["a".repeat(64), "b".to_string()]);
    }

    #[test]
    fn total_on_odd_input() {
        // Every scalar value, alone and glued to kana, must not panic.
        for cp in (0u32..=0x10FFFF).step_by(7) {
            if let Some(c) = char::from_u32(cp) {
                let s = format!("あ{c}a{c}{c}ー{c}");
                let _ = tokenize(&s);
            }
        }
        let _ = tokenize("\u{0}\u{FEFF}\u{200D}\u{E0100}\u{FFFF}\u{10FFFF}");
    }
}
