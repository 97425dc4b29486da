//! The search index holds elasticlunr's numbers, by proof: the documents of each
//! region are indexed again with elasticlunr-rs (our tokenizer as a custom
//! `Language`, an empty pipeline, as the index was built before it counted its own
//! postings), and every posting, `tf = √count` and field length of the published
//! `search-index.js` must equal elasticlunr-rs's — on a generated region of 500
//! institutions and 40 articles, and on the example project.

use std::collections::BTreeMap;
use std::path::Path;

use elasticlunr::{IndexBuilder, Language, Pipeline};
use serde_json::Value;
use zaitaku::search::SearchDoc;
use zaitaku::search::tokenize::tokenize;

use crate::common::{repo_root, today};
use crate::corpus;

/// elasticlunr [`Language`] with our tokenizer and an empty pipeline.
struct JapaneseBigram;

impl Language for JapaneseBigram {
    fn name(&self) -> String {
        "JapaneseBigram".into()
    }

    fn code(&self) -> String {
        "ja".into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        tokenize(text)
    }

    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: Vec::new() }
    }
}

/// Per field: token → (ref, tf) by ascending ref.
type Postings = BTreeMap<String, BTreeMap<String, Vec<(u32, f64)>>>;

/// What a scorer needs of an index: postings with their tf, and field lengths
/// (per doc, per field in the order of the index's `fields`).
#[derive(Debug, PartialEq)]
struct Numbers {
    postings: Postings,
    lengths: Vec<Vec<u64>>,
}

fn text<'a>(doc: &'a SearchDoc, field: &str) -> &'a str {
    match field {
        "title" => &doc.title,
        "kana" => &doc.kana,
        "kind" => &doc.kind,
        "services" => &doc.services,
        "phases" => &doc.phases,
        "municipality" => &doc.municipality,
        "headings" => &doc.headings,
        "body" => &doc.body,
        other => panic!("the index has a field {other:?} that SearchDoc does not"),
    }
}

/// `docs` indexed by elasticlunr-rs, refs being positions, read back from its
/// serialized form (the only outlet of its index): per field a character trie
/// `{"docs": {ref: {"tf": …}}, "df": n, <char>: child, …}`, and the field lengths in
/// `documentStore.docInfo`.
fn elasticlunr_numbers(docs: &[SearchDoc], fields: &[String]) -> Numbers {
    let mut index = IndexBuilder::with_language(Box::new(JapaneseBigram))
        .save_docs(false)
        .add_fields(fields)
        .build();
    for (position, doc) in docs.iter().enumerate() {
        index.add_doc(&position.to_string(), fields.iter().map(|f| text(doc, f)));
    }
    let json = serde_json::to_value(&index).expect("elasticlunr index as JSON");
    let mut postings = Postings::new();
    for field in fields {
        let tokens = postings.entry(field.clone()).or_default();
        let mut stack = vec![(&json["index"][field]["root"], String::new())];
        while let Some((node, token)) = stack.pop() {
            let node = node.as_object().expect("a trie node");
            let mut list: Vec<(u32, f64)> = node["docs"]
                .as_object()
                .expect("docs")
                .iter()
                .map(|(r, tf)| (r.parse().expect("refs are positions"), tf["tf"].as_f64().expect("tf")))
                .collect();
            list.sort_by_key(|&(r, _)| r);
            assert_eq!(node["df"].as_u64(), Some(list.len() as u64), "elasticlunr's df of {token:?}");
            if !list.is_empty() {
                tokens.insert(token.clone(), list);
            }
            for (key, child) in node {
                if key != "docs" && key != "df" {
                    stack.push((child, format!("{token}{key}")));
                }
            }
        }
    }
    let info = &json["documentStore"]["docInfo"];
    assert_eq!(info.as_object().map(|m| m.len()), Some(docs.len()), "elasticlunr's docInfo");
    let lengths = (0..docs.len())
        .map(|r| fields.iter().map(|f| info[r.to_string()][f].as_u64().expect("a field length")).collect())
        .collect();
    Numbers { postings, lengths }
}

/// The JSON payload of a `search-index.js`.
fn payload(js: &str) -> Value {
    let start = js.find("JSON.parse(").expect("JSON.parse") + "JSON.parse(".len();
    let end = start + js[start..].find(");\n").expect("closing");
    let text: String = serde_json::from_str(&js[start..end]).expect("a JSON string literal");
    serde_json::from_str(&text).expect("valid JSON")
}

/// Packed postings decoded as search.js does (`unpack`): (ref, count).
fn unpack(packed: &str) -> Vec<(u32, u32)> {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789ghijklmnopqrstuvwxyz-_";
    let (counted, digits) = match packed.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, packed),
    };
    let mut numbers = Vec::new();
    let mut n = 0u32;
    for c in digits.bytes() {
        let digit = DIGITS.iter().position(|&d| d == c).expect("a packed digit") as u32;
        n = n * 32 + (digit & 31);
        if digit < 32 {
            numbers.push(n);
            n = 0;
        }
    }
    let mut doc_ref = 0;
    numbers
        .chunks(if counted { 2 } else { 1 })
        .map(|c| {
            doc_ref += c[0];
            (doc_ref, if counted { c[1] } else { 1 })
        })
        .collect()
}

/// The numbers of a published index, with `tf = √count` as search.js computes it.
fn published_numbers(payload: &Value, fields: &[String]) -> Numbers {
    let postings = fields
        .iter()
        .map(|field| {
            let tokens = payload["index"][field].as_object().expect("a field's tokens");
            let tokens = tokens
                .iter()
                .map(|(token, packed)| {
                    let list = unpack(packed.as_str().expect("packed postings"));
                    (token.clone(), list.into_iter().map(|(r, count)| (r, f64::from(count).sqrt())).collect())
                })
                .collect();
            (field.clone(), tokens)
        })
        .collect();
    let lengths = payload["lengths"]
        .as_array()
        .expect("lengths")
        .iter()
        .map(|row| row.as_array().expect("a row").iter().map(|n| n.as_u64().expect("a length")).collect())
        .collect();
    Numbers { postings, lengths }
}

/// The first difference, instead of two dumps of a few hundred thousand postings.
fn assert_same(ours: &Numbers, theirs: &Numbers, what: &str) {
    assert_eq!(ours.lengths.len(), theirs.lengths.len(), "{what}: number of documents");
    for (r, (a, b)) in ours.lengths.iter().zip(&theirs.lengths).enumerate() {
        assert_eq!(a, b, "{what}: field lengths of doc {r} (ours, elasticlunr-rs)");
    }
    assert_eq!(ours.postings.keys().collect::<Vec<_>>(), theirs.postings.keys().collect::<Vec<_>>(), "{what}: fields");
    for (field, tokens) in &ours.postings {
        let other = &theirs.postings[field];
        let only_ours: Vec<_> = tokens.keys().filter(|t| !other.contains_key(*t)).take(5).collect();
        let only_theirs: Vec<_> = other.keys().filter(|t| !tokens.contains_key(*t)).take(5).collect();
        assert!(only_ours.is_empty() && only_theirs.is_empty(), "{what}, {field}: tokens only in ours {only_ours:?}, only in elasticlunr-rs {only_theirs:?}");
        for (token, list) in tokens {
            assert_eq!(list, &other[token], "{what}, {field}, {token:?}: (ref, tf) ours, elasticlunr-rs");
        }
    }
}

/// Renders each region of `root`, indexes its documents with elasticlunr-rs, and
/// compares with the region's `search-index.js`. Returns (docs, postings, postings
/// with a count above 1) summed over regions, for the callers' sanity checks.
fn check_project(root: &Path) -> (usize, usize, usize) {
    let regions = zaitaku::search_documents(root, today());
    assert!(!regions.is_empty(), "{} builds", root.display());
    let mut totals = (0, 0, 0);
    for (docs, files) in regions {
        let file = files.iter().find(|f| f.path.ends_with("/search-index.js")).expect("a search index");
        let payload = payload(std::str::from_utf8(&file.bytes).expect("UTF-8"));
        assert_eq!(payload["elasticlunr"], elasticlunr::ELASTICLUNR_VERSION, "the scoring model named in the index");
        assert_eq!(zaitaku::search::ELASTICLUNR_VERSION, elasticlunr::ELASTICLUNR_VERSION);
        assert_eq!(payload["docs"].as_array().map(Vec::len), Some(docs.len()), "{}: docs", file.path);
        let fields: Vec<String> = payload["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f.as_str().expect("a field name").to_string())
            .collect();
        let ours = published_numbers(&payload, &fields);
        assert_same(&ours, &elasticlunr_numbers(&docs, &fields), &file.path);
        let postings = ours.postings.values().flat_map(|tokens| tokens.values().flatten());
        totals.0 += docs.len();
        totals.1 += postings.clone().count();
        totals.2 += postings.filter(|&&(_, tf)| tf > 1.0).count();
    }
    totals
}

#[test]
fn generated_region_has_elasticlunrs_numbers() {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(dir.path(), corpus::Size { regions: 1, institutions: 500, articles: 40 }, 1).unwrap();
    let (docs, postings, counted) = check_project(dir.path());
    assert!(docs >= 540, "{docs} documents");
    assert!(postings > 100_000 && counted > 1_000, "{postings} postings, {counted} with a count above 1");
}

#[test]
fn example_project_has_elasticlunrs_numbers() {
    let (docs, postings, counted) = check_project(&repo_root());
    assert!(docs > 10 && postings > 1_000 && counted > 10, "{docs} docs, {postings} postings, {counted} counted");
}
