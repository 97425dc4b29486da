//! Postings and field lengths: the numbers elasticlunr keeps of each document,
//! counted here directly.
//!
//! elasticlunr (`Index::add_doc` in elasticlunr-rs 3.1, `addDoc` in elasticlunr.js
//! 0.9.5) handles each field of a document so: tokenize the text, run the tokens
//! through the pipeline (ours is empty, so they pass unchanged: no lower-casing,
//! trimming, stop words or stemming beyond what [`tokenize`](super::tokenize::tokenize)
//! does), then keep
//! - the **field length**: the number of tokens, duplicates included
//!   (`documentStore.docInfo[ref][field]`);
//! - per distinct token, a **posting** with `tf = √count`, count being how often the
//!   token occurs in the field (`index[field]…[token].docs[ref].tf`). The empty token
//!   would be counted in the length but never indexed (its trie path has no first
//!   character); our tokenizer never makes one;
//! - the **document frequency** of a token: its number of postings.
//!
//! Here the count itself is kept (`search.js` takes the square root) and the document
//! frequency is left to `search.js`, which counts the postings. Nothing is deduplicated
//! across fields: each field has its own postings, as in elasticlunr.
//!
//! `tests/it/search_elasticlunr.rs` builds the same documents with elasticlunr-rs and
//! checks that every posting, `√count` and field length of the published index equals
//! elasticlunr-rs's, on a generated region and on the example project. It is written by
//! hand, not through elasticlunr-rs, because that library keeps its index private behind
//! a character trie whose per-node `BTreeMap` of document refs made it the largest CPU
//! cost of a build, and whose only outlet, serde, had to be walked to get the counts back.

use std::collections::HashMap;

use super::tokenize::each_token;

/// The postings and field lengths of a run of documents, numbered from 0 in order.
#[derive(Debug, Default, PartialEq)]
pub struct Postings<const FIELDS: usize> {
    /// Per field: token → (doc, count), docs ascending.
    pub fields: Vec<HashMap<String, Vec<(u32, u32)>>>,
    /// Per doc: tokens per field.
    pub lengths: Vec<[u32; FIELDS]>,
}

impl<const FIELDS: usize> Postings<FIELDS> {
    /// Counts `docs`, each given as the texts of its fields.
    pub fn count<'a>(docs: impl IntoIterator<Item = [&'a str; FIELDS]>) -> Self {
        let mut fields: Vec<HashMap<String, Vec<(u32, u32)>>> = vec![HashMap::new(); FIELDS];
        let mut lengths = Vec::new();
        for (doc, texts) in (0u32..).zip(docs) {
            let mut row = [0u32; FIELDS];
            for ((text, postings), length) in texts.iter().zip(&mut fields).zip(&mut row) {
                each_token(text, |token| {
                    *length = length.saturating_add(1);
                    if token.is_empty() {
                        return;
                    }
                    // Docs arrive in order: this doc's posting, if any, is the last.
                    match postings.get_mut(token) {
                        Some(list) => match list.last_mut() {
                            Some((d, count)) if *d == doc => *count += 1,
                            _ => list.push((doc, 1)),
                        },
                        None => {
                            postings.insert(token.to_string(), vec![(doc, 1)]);
                        }
                    }
                });
            }
            lengths.push(row);
        }
        Postings { fields, lengths }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postings<'a>(p: &'a Postings<2>, field: usize, token: &str) -> &'a [(u32, u32)] {
        p.fields[field].get(token).map_or(&[], Vec::as_slice)
    }

    #[test]
    fn counts_per_document_and_field() {
        let p = Postings::count([["腰痛", "腰 腰 足"], ["", "足。足"], ["ｸﾘﾆｯｸ abc", "abc"]]);
        // 腰痛 → 腰, 腰痛, 痛; 腰 腰 足 → 3 tokens.
        // ｸﾘﾆｯｸ → く, くり, り, りに, に, にっ, っ, っく, く; then abc.
        assert_eq!(p.lengths, [[3, 3], [0, 2], [10, 1]]);
        assert_eq!(postings(&p, 1, "腰"), [(0, 2)]);
        assert_eq!(postings(&p, 1, "足"), [(0, 1), (1, 2)]);
        assert_eq!(postings(&p, 0, "腰"), [(0, 1)]);
        assert_eq!(postings(&p, 0, "くり"), [(2, 1)]);
        assert_eq!(postings(&p, 0, "く"), [(2, 2)]);
        assert_eq!(postings(&p, 0, "abc"), [(2, 1)]);
        assert_eq!(postings(&p, 1, "abc"), [(2, 1)]);
        assert!(postings(&p, 0, "足").is_empty());
    }

    #[test]
    fn lengths_count_repeated_tokens() {
        let p = Postings::count([["あああ", ""]]);
        // あ, ああ, あ, ああ, あ
        assert_eq!(p.lengths, [[5, 0]]);
        assert_eq!(postings(&p, 0, "あ"), [(0, 3)]);
        assert_eq!(postings(&p, 0, "ああ"), [(0, 2)]);
        assert_eq!(p.fields[0].len(), 2);
    }
}
