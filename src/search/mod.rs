//! Full-text search index for a region site.
//!
//! [`build_index_js`] turns the pages of a region into `search-index.js`, a
//! plain script that assigns one global (and then calls `ZAITAKU_SEARCH_LOADED`,
//! if search.js has left that callback):
//!
//! ```js
//! window.ZAITAKU_SEARCH = JSON.parse("…");   // a JSON string holding:
//! {
//!   "format": 2,
//!   "elasticlunr": "0.9.5",
//!   "fields": ["title", "kana", "kind", "services", "phases", "municipality", "headings", "body"],
//!   "boosts": {"title": 10, "kana": 10, ..., "body": 1},
//!   "lengths": [[3, 9, 1, 4, 2, 1, 12, 480], ...],   // tokens per field, per doc
//!   "index": {"title": {"やま": "AFC", ...}, ...},    // token -> packed postings
//!   "docs": [{"url": "...", "title": "...", "kind": "...", "phases": "...", "snippet": "...",
//!             "kind_id": "clinic", "phase_ids": "daily acute", "municipality": "...",
//!             "phone": "0980-00-1101", "tel": "tel:0980001101",
//!             "availability": "ショートステイ：空きあり 2（11月29日 9時時点）", "free": true}, ...],
//!   "vocab": [["おうしん", "往診"], ["みどりし", "みどり市"], ...]   // reading, label
//!   // (availability and free only for institutions with fresh vacancy figures)
//! };
//! ```
//!
//! `docs` hold what a result shows and what the results can be narrowed by (ids of the
//! kind and phases, the municipality; empty ones are left out). `vocab` is the closed
//! vocabulary's readings (`model::vocab`) and the region's municipalities' readings:
//! `search.js` reads a query's kana as a label too (おうしん → 往診), rather than the
//! index holding the readings' bigrams, which matched hiragana queries piecemeal
//! (おうしん found ちゅう**おう** + こう**ほうし**えん + **しん**りょう).
//!
//! It is loaded with an ordinary `<script src>` (not `fetch`), so the site
//! works from `file://` and from any sub-folder, and nothing comes from
//! another host. `themes/default/static/search.js` evaluates queries against
//! it with its own small evaluator and the same tokenizer
//! ([`tokenize::tokenize`]).
//!
//! # How the index is made
//!
//! The index holds elasticlunr's numbers (lunr-style scoring), counted here
//! (`postings.rs`): every field of every document is tokenized with
//! [`tokenize::tokenize`], with no pipeline after it (no trimmer, stop words or
//! stemmer: none makes sense for character n-grams, and the browser side could not
//! replicate them). Per field and token, the postings are the documents it occurs
//! in with the count of occurrences; per document and field, the length is the
//! number of tokens. `search.js` scores with elasticlunr's formulas: `tf =
//! sqrt(count)`, `df` = number of postings, field length = `lengths[ref][field
//! position]`, `N = docs.length`. That these are elasticlunr's numbers is proven,
//! not imitated: `tests/it/search_elasticlunr.rs` indexes the same documents with
//! elasticlunr-rs (a dev-dependency only) and compares every posting, `tf` and
//! length of the published file. Document refs are positions in `docs` (`0`, `1`,
//! …); `docs[ref].url` is the page's relative url. The body is indexed but never
//! stored.
//!
//! elasticlunr's own JSON (a character trie with `{"ref": {"tf": …}}` per
//! posting) would be far too big for the browser: for a generated region of 500
//! institutions + 40 articles it is 5.9 MB (577 KB gzipped). The postings are
//! *packed* instead into one string per token ([`pack`]): 439 KB, 52 KB with
//! `gzip -9`. Strings, not arrays of numbers, because the index is on the page's
//! critical path to the first results: `JSON.parse` of ~200,000 numbers in ~3,800
//! arrays took 18 ms in Chromium, while `search.js` only ever decodes the few tokens
//! of a query.
//!
//! A region's index is joined from two [`Segment`]s: its own pages, and the shared
//! articles, which read the same in every region and so are counted once per build.
//! A region's own pages are one segment, counted on one thread: cutting them into
//! parallel segments of 64 (which paid while elasticlunr-rs did the counting) cost
//! more CPU in merging than it saved, for ~10 ms of work per 500-institution region.
//!
//! Field boosts are query-time data in elasticlunr, so they travel in
//! `boosts` and `search.js` uses them: a name or reading match outranks a
//! service/phase/place match, which outranks a heading, then the body.

mod postings;
pub mod tokenize;

use std::collections::BTreeMap;

use postings::Postings;
use serde::Serialize;

use crate::model::{Kind, Phase, Role, Service, Vocabulary};

/// One page of a region site, as seen by the search index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDoc {
    /// Relative url from the region root, e.g. `institutions/yamada-clinic.html`.
    pub id: String,
    pub title: String,
    /// Reading of the title in hiragana or katakana.
    pub kana: String,
    /// Japanese label, e.g. 診療所 or 記事.
    pub kind: String,
    /// Japanese labels joined by a space.
    pub phases: String,
    pub services: String,
    pub municipality: String,
    pub headings: String,
    /// Plain text (indexed, never stored).
    pub body: String,
    /// At most 80 characters shown under the result (longer input is cut).
    pub snippet: String,
    /// Stored, not indexed, for the results' filters: the kind's id (`article` for an
    /// article), the phases' ids joined by a space, the page's one municipality.
    pub kind_id: String,
    pub phase_ids: String,
    pub place: String,
    /// Stored, not indexed: the phone number as shown, and its `tel:` URI.
    pub phone: Option<(String, String)>,
    /// Its fresh vacancy figures, shown with the result (stored, not indexed).
    pub availability: String,
    /// It has fresh free places: the 空きあり filter keeps it (stored, not indexed).
    pub free: bool,
}

impl SearchDoc {
    /// The indexed texts, in the order of [`FIELD_NAMES`].
    fn fields(&self) -> [&str; FIELD_COUNT] {
        [
            &self.title,
            &self.kana,
            &self.kind,
            &self.services,
            &self.phases,
            &self.municipality,
            &self.headings,
            &self.body,
        ]
    }
}

const FIELD_COUNT: usize = 8;

/// Indexed fields, in the order of `fields` in the index, with their query boosts.
const FIELDS: [(&str, u32); FIELD_COUNT] = [
    ("title", 10),
    ("kana", 10),
    ("kind", 4),
    ("services", 4),
    ("phases", 4),
    ("municipality", 4),
    ("headings", 3),
    ("body", 1),
];

/// Maximum snippet length in characters.
const SNIPPET_MAX_CHARS: usize = 80;

/// Version of the global's shape, checked by `search.js`.
const FORMAT: u32 = 2;

/// The elasticlunr.js version whose scoring `search.js` implements and whose numbers
/// the index holds (`ELASTICLUNR_VERSION` of elasticlunr-rs, which the equivalence
/// test builds the same documents with, and checks this against).
pub const ELASTICLUNR_VERSION: &str = "0.9.5";

/// Documents and their postings.
///
/// A region's index is made of segments: its own pages, and the shared articles,
/// which are the same in every region and so are indexed once per build (see
/// `render::Renderer`). Joined, segments give exactly the index of all their
/// documents at once: postings, term counts and field lengths are per document, and
/// document frequencies are counted by `search.js` from the postings.
#[derive(Debug)]
pub struct Segment {
    docs: Vec<SearchDoc>,
    postings: Postings<FIELD_COUNT>,
}

impl Segment {
    pub fn new(docs: Vec<SearchDoc>) -> Segment {
        let postings = Postings::count(docs.iter().map(SearchDoc::fields));
        Segment { docs, postings }
    }

    /// The documents, in ref order.
    pub fn docs(&self) -> &[SearchDoc] {
        &self.docs
    }
}

const FIELD_NAMES: [&str; FIELDS.len()] = {
    let mut names = [""; FIELDS.len()];
    let mut i = 0;
    while i < FIELDS.len() {
        names[i] = FIELDS[i].0;
        i += 1;
    }
    names
};

/// Build the contents of `search-index.js` for one region.
///
/// The output is deterministic for a given input (maps are sorted), is plain
/// UTF-8 JavaScript, and is safe to inline into `<script>` as well: `<`, `>`,
/// U+2028 and U+2029 only occur `\u`-escaped.
pub fn build_index_js(docs: &[SearchDoc]) -> String {
    index_js(&[&Segment::new(docs.to_vec())], &vocabulary(std::iter::empty()))
}

/// The readings search.js reads queries with, as (reading, label): every kind, role,
/// phase and service (one pair per reading of a label), then the given municipalities'
/// (name, reading).
pub fn vocabulary<'a>(municipalities: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    fn of<V: Vocabulary>(out: &mut Vec<(String, String)>) {
        for v in V::ALL {
            for reading in v.reading().into_iter().flat_map(|r| r.split(' ')) {
                out.push((reading.to_string(), v.label().to_string()));
            }
        }
    }
    let mut out = Vec::new();
    of::<Kind>(&mut out);
    of::<Role>(&mut out);
    of::<Phase>(&mut out);
    of::<Service>(&mut out);
    out.extend(municipalities.filter(|(name, reading)| name != reading).map(|(name, reading)| (reading.to_string(), name.to_string())));
    out
}

/// [`build_index_js`] over segments: their documents in order, refs numbered on, with
/// the readings of [`vocabulary`].
pub fn index_js(segments: &[&Segment], vocab: &[(String, String)]) -> String {
    let mut lengths: Vec<&[u32]> = Vec::new();
    let mut index: [BTreeMap<&str, Vec<(u32, u32)>>; FIELD_COUNT] = Default::default();
    let mut offset = 0u32;
    for segment in segments {
        lengths.extend(segment.postings.lengths.iter().map(|l| l.as_slice()));
        for (tokens, postings) in index.iter_mut().zip(&segment.postings.fields) {
            for (token, p) in postings {
                tokens.entry(token.as_str()).or_default().extend(p.iter().map(|&(doc, count)| (doc + offset, count)));
            }
        }
        offset += u32::try_from(segment.docs.len()).unwrap_or(u32::MAX);
    }
    let payload = Payload {
        format: FORMAT,
        elasticlunr: ELASTICLUNR_VERSION,
        fields: &FIELD_NAMES,
        boosts: FIELDS.iter().copied().collect(),
        lengths,
        index: FIELD_NAMES
            .iter()
            .zip(index)
            .map(|(field, tokens)| (*field, tokens.into_iter().map(|(t, p)| (t, pack(&p))).collect()))
            .collect(),
        docs: segments
            .iter()
            .flat_map(|s| &s.docs)
            .map(|doc| StoredDoc {
                url: &doc.id,
                title: &doc.title,
                kind: &doc.kind,
                phases: &doc.phases,
                snippet: clip(&doc.snippet, SNIPPET_MAX_CHARS),
                kind_id: &doc.kind_id,
                phase_ids: &doc.phase_ids,
                municipality: &doc.place,
                phone: doc.phone.as_ref().map(|(display, _)| display.as_str()),
                tel: doc.phone.as_ref().map(|(_, tel)| tel.as_str()),
                availability: &doc.availability,
                free: doc.free,
            })
            .collect(),
        vocab,
    };
    let body = serde_json::to_string(&payload).unwrap_or_else(|_| "null".into());

    let mut out = String::with_capacity(body.len() + 128);
    out.push_str("/* Generated by zaitaku: search index for search.js. Do not edit. */\n");
    // A JSON string handed to JSON.parse: V8 and others parse JSON text markedly
    // faster than the same data as an object literal, and this is the page's
    // critical path to the first results.
    let quoted = serde_json::to_string(&body).unwrap_or_else(|_| "\"null\"".into());
    out.push_str("window.ZAITAKU_SEARCH = JSON.parse(");
    push_script_safe(&mut out, &quoted);
    out.push_str(");\n");
    // search.js, loaded first, leaves a callback for the moment the index exists.
    out.push_str("if (typeof window.ZAITAKU_SEARCH_LOADED === \"function\") window.ZAITAKU_SEARCH_LOADED();\n");
    out
}

/// What `search-index.js` holds (see the module documentation).
#[derive(Serialize)]
struct Payload<'a> {
    format: u32,
    elasticlunr: &'a str,
    fields: &'a [&'a str],
    boosts: BTreeMap<&'a str, u32>,
    lengths: Vec<&'a [u32]>,
    index: BTreeMap<&'a str, BTreeMap<&'a str, String>>,
    docs: Vec<StoredDoc<'a>>,
    vocab: &'a [(String, String)],
}

#[derive(Serialize)]
struct StoredDoc<'a> {
    url: &'a str,
    title: &'a str,
    kind: &'a str,
    phases: &'a str,
    snippet: String,
    kind_id: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    phase_ids: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    municipality: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tel: Option<&'a str>,
    /// Only for institutions with fresh vacancy figures, so that a region without them
    /// has the same index as before they existed.
    #[serde(skip_serializing_if = "str::is_empty")]
    availability: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    free: bool,
}

/// Digits of [`pack`]: the first 32 end a number, the last 32 continue it.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789ghijklmnopqrstuvwxyz-_";

/// The postings of a token as one string of base-32 numbers, most significant
/// digit first: a digit from the first half of [`DIGITS`] ends a number, one from
/// the second half continues it. The numbers are the doc refs delta-encoded
/// (`d0, d1 - d0, …`); when some doc has the token more than once, the string
/// starts with `!` and each delta is followed by its count. No character needs
/// escaping in JSON or HTML, and refs of a 500-doc region mostly take one digit.
fn pack(postings: &[(u32, u32)]) -> String {
    let counted = postings.iter().any(|&(_, count)| count != 1);
    let mut out = String::with_capacity(postings.len() * if counted { 3 } else { 1 } + 1);
    if counted {
        out.push('!');
    }
    let mut previous = 0;
    for &(doc_ref, count) in postings {
        push_number(&mut out, doc_ref - previous);
        previous = doc_ref;
        if counted {
            push_number(&mut out, count);
        }
    }
    out
}

fn push_number(out: &mut String, n: u32) {
    let mut shift = 30; // 32 bits in base 32: up to 7 digits
    while shift > 0 && n >> shift == 0 {
        shift -= 5;
    }
    while shift > 0 {
        out.push(DIGITS[32 + ((n >> shift) & 31) as usize] as char);
        shift -= 5;
    }
    out.push(DIGITS[(n & 31) as usize] as char);
}

/// At most `max` characters; an over-long text ends with "…".
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(max.saturating_sub(1)).collect();
    clipped.push('…');
    clipped
}

/// Append JSON text so that it cannot end a `<script>` element or open an
/// HTML comment, and parses in pre-ES2019 engines. `<`, `>`, U+2028 and
/// U+2029 can only appear inside JSON strings, where a `\u` escape is
/// equivalent.
fn push_script_safe(out: &mut String, json: &str) {
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn doc(id: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            id: id.into(),
            title: title.into(),
            body: body.into(),
            ..Default::default()
        }
    }

    /// A packed postings string decoded the way search.js does: (ref, count) pairs.
    fn unpack(packed: &Value) -> Vec<(u32, u32)> {
        let text = packed.as_str().expect("postings are a string");
        let (counted, digits) = match text.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut numbers = Vec::new();
        let mut n = 0u32;
        for c in digits.bytes() {
            let digit = DIGITS.iter().position(|&d| d == c).expect("a digit") as u32;
            n = n * 32 + (digit & 31);
            if digit < 32 {
                numbers.push(n);
                n = 0;
            }
        }
        let step = if counted { 2 } else { 1 };
        let mut doc_ref = 0;
        numbers
            .chunks(step)
            .map(|c| {
                doc_ref += c[0];
                (doc_ref, if counted { c[1] } else { 1 })
            })
            .collect()
    }

    /// The payload as search.js sees it: the string literal, then JSON.parse.
    fn payload(js: &str) -> Value {
        let start = js.find("JSON.parse(").expect("assignment") + "JSON.parse(".len();
        let end = start + js[start..].find(");\n").expect("closing");
        let text: String = serde_json::from_str(&js[start..end]).expect("a JSON string literal");
        serde_json::from_str(&text).expect("valid JSON")
    }

    #[test]
    fn emits_a_global_assignment() {
        let js = build_index_js(&[doc("a.html", "山田クリニック", "往診")]);
        assert!(js.contains("\nwindow.ZAITAKU_SEARCH = JSON.parse(\""));
        assert!(js.ends_with(";\n"));
        assert!(js.ends_with("\nif (typeof window.ZAITAKU_SEARCH_LOADED === \"function\") window.ZAITAKU_SEARCH_LOADED();\n"));
        let p = payload(&js);
        assert_eq!(p["format"], 2);
        assert_eq!(p["boosts"]["title"], 10);
        assert_eq!(p["boosts"]["kana"], 10);
        assert_eq!(p["boosts"]["headings"], 3);
        assert_eq!(p["boosts"]["body"], 1);
        assert_eq!(p["fields"][0], "title");
        assert_eq!(p["docs"][0]["url"], "a.html");
        assert_eq!(p["docs"][0]["title"], "山田クリニック");
        // title: 山田くりにっく = 7 unigrams + 6 bigrams; body: 往, 往診, 診.
        assert_eq!(p["lengths"][0][0], 13);
        assert_eq!(p["lengths"][0][7], 3);
    }

    #[test]
    fn body_is_indexed_but_not_stored() {
        let js = build_index_js(&[doc("a.html", "山田", "ここだけの秘密の本文")]);
        assert!(!js.contains("ここだけの秘密の本文"));
        let p = payload(&js);
        assert_eq!(unpack(&p["index"]["body"]["秘密"]), [(0, 1)]);
        assert_eq!(unpack(&p["index"]["body"]["秘"]), [(0, 1)]);
        assert!(p["index"]["title"].get("秘密").is_none());
    }

    #[test]
    fn postings_are_packed_with_counts() {
        let docs = [
            doc("a.html", "", "腰"),
            doc("b.html", "", "足"),
            doc("c.html", "", "腰 腰 腰"),
            doc("d.html", "", "腰痛"),
        ];
        let p = payload(&build_index_js(&docs));
        assert_eq!(unpack(&p["index"]["body"]["腰"]), [(0, 1), (2, 3), (3, 1)]);
        assert_eq!(p["index"]["body"]["腰"], "!ABCDBB");
        assert_eq!(unpack(&p["index"]["body"]["足"]), [(1, 1)]);
        assert_eq!(unpack(&p["index"]["body"]["腰痛"]), [(3, 1)]);
        // Refs are positions; lexicographic "10" < "2" must not leak through.
        let many: Vec<SearchDoc> = (0..12)
            .map(|i| doc(&format!("{i}.html"), "", "腰"))
            .collect();
        let p = payload(&build_index_js(&many));
        assert_eq!(unpack(&p["index"]["body"]["腰"]), (0..12).map(|i| (i, 1)).collect::<Vec<_>>());
    }

    #[test]
    fn packed_numbers_take_as_many_digits_as_they_need() {
        for n in [0, 1, 31, 32, 33, 1023, 1024, 70_000, u32::MAX] {
            let mut s = String::new();
            push_number(&mut s, n);
            assert_eq!(s.len(), 1 + (32 - n.leading_zeros()).saturating_sub(1) as usize / 5, "{n}: {s}");
            assert_eq!(unpack(&Value::from(s.clone())), [(n, 1)], "{s}");
        }
        let postings = [(5, 1), (40, 1), (1_000_000, 7)];
        assert_eq!(unpack(&Value::from(pack(&postings))), postings);
    }

    #[test]
    fn kana_is_folded_in_the_index() {
        let mut d = doc("a.html", "ヤマダ", "");
        d.kana = "ﾔﾏﾀﾞ".into();
        let p = payload(&build_index_js(&[d]));
        assert_eq!(unpack(&p["index"]["title"]["やま"]), [(0, 1)]);
        assert_eq!(unpack(&p["index"]["kana"]["まだ"]), [(0, 1)]);
    }

    #[test]
    fn script_breaking_text_is_escaped() {
        let mut d = doc("a.html", "</script><!-- x", "");
        d.snippet = "a\u{2028}b\u{2029}c</SCRIPT>".into();
        let js = build_index_js(&[d]);
        assert!(!js.to_lowercase().contains("</script"));
        assert!(!js.contains("<!--"));
        assert!(!js.contains('\u{2028}') && !js.contains('\u{2029}'));
        let p = payload(&js);
        assert_eq!(p["docs"][0]["title"], "</script><!-- x");
        assert_eq!(p["docs"][0]["snippet"], "a\u{2028}b\u{2029}c</SCRIPT>");
    }

    #[test]
    fn snippet_is_clipped_to_80_chars() {
        let mut d = doc("a.html", "t", "");
        d.snippet = "あ".repeat(200);
        let p = payload(&build_index_js(&[d]));
        let s = p["docs"][0]["snippet"].as_str().unwrap();
        assert_eq!(s.chars().count(), 80);
        assert!(s.ends_with('…'));
        let mut d = doc("a.html", "t", "");
        d.snippet = "い".repeat(80);
        let p = payload(&build_index_js(&[d]));
        assert_eq!(p["docs"][0]["snippet"], "い".repeat(80));
    }

    #[test]
    fn empty_input_and_long_words_are_fine() {
        let p = payload(&build_index_js(&[]));
        assert_eq!(p["docs"], json!([]));
        assert_eq!(p["lengths"], json!([]));
        let long = "x".repeat(100_000);
        let js = build_index_js(&[doc("a.html", "t", &long)]);
        assert!(js.len() < 10_000);
        let p = payload(&js);
        assert_eq!(unpack(&p["index"]["body"]["x".repeat(64)]), [(0, 1)]);
    }

    #[test]
    fn segments_join_into_the_index_of_all_their_documents() {
        let a = vec![doc("a.html", "訪問看護", "往診と看取り"), doc("b.html", "看護", "看護 看護")];
        let b = vec![doc("c.html", "看取り", "看護と往診"), doc("d.html", "xyz", "")];
        let joined = index_js(&[&Segment::new(a.clone()), &Segment::new(b.clone())], &vocabulary(std::iter::empty()));
        let all: Vec<SearchDoc> = a.into_iter().chain(b).collect();
        assert_eq!(joined, build_index_js(&all));
        let p = payload(&joined);
        assert_eq!(unpack(&p["index"]["body"]["看護"]), [(1, 2), (2, 1)]);
        assert_eq!(unpack(&p["index"]["title"]["看取"]), [(2, 1)]);
        assert_eq!(p["docs"][3]["url"], "d.html");
    }

    #[test]
    fn many_segments_join_into_the_index_of_one() {
        let words = ["訪問看護", "往診", "看取り", "薬局", "クリニック", "みどり", "ABC", "24時間"];
        let docs: Vec<SearchDoc> = (0..3 * 64 + 5)
            .map(|i| {
                let mut d = doc(&format!("{i}.html"), words[i % 8], &words[..1 + i % 7].join(" ").repeat(1 + i % 3));
                d.kana = words[(i * 5) % 8].into();
                d
            })
            .collect();
        let parts: Vec<Segment> = docs.chunks(64).map(|chunk| Segment::new(chunk.to_vec())).collect();
        assert_eq!(parts.len(), 4);
        assert_eq!(index_js(&parts.iter().collect::<Vec<_>>(), &vocabulary(std::iter::empty())), build_index_js(&docs));
    }

    #[test]
    fn output_is_deterministic() {
        let docs = [
            doc("a.html", "訪問看護", "往診と看取り"),
            doc("b.html", "ABC", "abc 123"),
        ];
        assert_eq!(build_index_js(&docs), build_index_js(&docs));
    }
}
