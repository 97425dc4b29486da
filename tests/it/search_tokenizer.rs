//! Search: the shared tokenizer vectors, the Node tests of `search.js`, and
//! the fixture index those Node tests use.
//!
//! * `tests/search/tokenizer_vectors.json` is checked here against the Rust
//!   tokenizer and in `tests/search/tokenizer.test.mjs` against the
//!   JavaScript one, so the two cannot drift apart.
//! * `tests/search/fixture-index.js` is `build_index_js` of
//!   `tests/search/fixture-docs.json`; regenerate it after changing the index
//!   format or the tokenizer with `ZAITAKU_BLESS=1 cargo test --test search_tokenizer`.
//! * The Node tests need `node` (≥ 20). Without it this test fails when
//!   `CI=true` and is skipped (with a note) otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use zaitaku::search::tokenize::tokenize;
use zaitaku::search::{SearchDoc, build_index_js};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn search_dir() -> PathBuf {
    manifest_dir().join("tests").join("search")
}

fn read_json(name: &str) -> Value {
    let path = search_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

#[test]
fn tokenizer_vectors() {
    let vectors = read_json("tokenizer_vectors.json");
    let vectors = vectors.as_array().expect("an array of vectors");
    assert!(
        vectors.len() >= 25,
        "expected at least 25 vectors, found {}",
        vectors.len()
    );

    let mut failures = Vec::new();
    for (i, vector) in vectors.iter().enumerate() {
        let input = vector["input"].as_str().expect("input is a string");
        let expected: Vec<String> = vector["tokens"]
            .as_array()
            .expect("tokens is an array")
            .iter()
            .map(|t| t.as_str().expect("token is a string").to_string())
            .collect();
        let actual = tokenize(input);
        if actual != expected {
            failures.push(format!(
                "#{i} {note}: input {input:?}\n    expected {expected:?}\n    actual   {actual:?}",
                note = vector["note"].as_str().unwrap_or(""),
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "tokenizer vectors failed:\n{}",
        failures.join("\n")
    );
}

fn fixture_docs() -> Vec<SearchDoc> {
    let docs = read_json("fixture-docs.json");
    let field = |doc: &Value, name: &str| doc[name].as_str().unwrap_or_default().to_string();
    docs.as_array()
        .expect("an array of docs")
        .iter()
        .map(|doc| SearchDoc {
            id: field(doc, "id"),
            title: field(doc, "title"),
            kana: field(doc, "kana"),
            kind: field(doc, "kind"),
            phases: field(doc, "phases"),
            services: field(doc, "services"),
            municipality: field(doc, "municipality"),
            headings: field(doc, "headings"),
            body: field(doc, "body"),
            snippet: field(doc, "snippet"),
            kind_id: field(doc, "kind_id"),
            phase_ids: field(doc, "phase_ids"),
            place: field(doc, "place"),
            phone: doc["phone"].as_array().map(|p| {
                (p[0].as_str().unwrap_or_default().to_string(), p[1].as_str().unwrap_or_default().to_string())
            }),
            ..SearchDoc::default()
        })
        .collect()
}

#[test]
fn fixture_index_is_up_to_date() {
    let path = search_dir().join("fixture-index.js");
    let expected = build_index_js(&fixture_docs());
    if std::env::var("ZAITAKU_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("write fixture-index.js");
        return;
    }
    let actual = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .replace("\r\n", "\n");
    assert!(
        actual == expected,
        "{} is stale; regenerate it with `ZAITAKU_BLESS=1 cargo test --test search_tokenizer`",
        path.display()
    );
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

#[test]
fn node_search_tests() {
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        other => {
            let why = match other {
                Ok(out) => format!("`node --version` exited with {}", out.status),
                Err(e) => format!("cannot run `node`: {e}"),
            };
            if in_ci() {
                panic!("{why}; Node.js ≥ 20 is required for the search.js tests when CI=true");
            }
            eprintln!("note: skipping the search.js tests: {why} (they are required when CI=true)");
            return;
        }
    }

    // The test file is named explicitly: `node --test tests/search/` only
    // works up to Node 20 (Node ≥ 21 reads the arguments as globs/files).
    let output = Command::new("node")
        .arg("--test")
        .arg(Path::new("tests").join("search").join("tokenizer.test.mjs"))
        .current_dir(manifest_dir())
        .output()
        .expect("run node --test");
    assert!(
        output.status.success(),
        "node --test failed ({})\n--- stdout ---\n{}\n--- stderr ---\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}
