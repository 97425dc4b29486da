//! The catalogues: both parse, hold the same messages with the same variables, and
//! hold every message the code names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;

use super::*;

/// Message id → (attribute names, variable names) of one catalogue.
fn shape(lang: Lang, source: &str) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("{} catalogue does not parse: {errors:?}", lang.code()));
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            let attrs = m.attributes.iter().map(|a| a.id.name.to_string()).collect();
            let previous = out.insert(m.id.name.to_string(), (attrs, vars));
            assert!(previous.is_none(), "{} catalogue: {} twice", lang.code(), m.id.name);
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
        }
        _ => {}
    }
}

#[test]
fn both_catalogues_have_the_same_messages_with_the_same_variables() {
    let ja = shape(Lang::Ja, JA);
    let en = shape(Lang::En, EN);
    let only_ja: Vec<_> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
    assert!(only_ja.is_empty() && only_en.is_empty(), "missing from en.ftl: {only_ja:?}\nmissing from ja.ftl: {only_en:?}");
    let differ: Vec<String> = ja
        .iter()
        .filter(|(k, v)| en.get(*k) != Some(v))
        .map(|(k, v)| format!("{k}: ja {v:?} / en {:?}", en[k]))
        .collect();
    assert!(differ.is_empty(), "messages whose variables or attributes differ:\n{}", differ.join("\n"));
}

/// Every `msg!("…")`, `Msg::new("…")` and `say("…")` in the sources names a message of
/// both catalogues.
#[test]
fn every_message_the_code_names_is_in_both_catalogues() {
    let ja = shape(Lang::Ja, JA);
    let mut used = BTreeSet::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for open in ["msg!(", "Msg::new(", "say("] {
                    for (i, _) in text.match_indices(open) {
                        let rest = text[i + open.len()..].trim_start();
                        let Some(rest) = rest.strip_prefix('"') else { continue };
                        let id = &rest[..rest.find('"').unwrap()];
                        // (This file's own patterns and the doc comments' "…" are not ids.)
                        if !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                            used.insert((id.to_string(), path.display().to_string()));
                        }
                    }
                }
            }
        }
    }
    assert!(used.len() > 100, "only {} message ids found in the sources", used.len());
    let missing: Vec<String> =
        used.iter().filter(|(id, _)| !ja.contains_key(id)).map(|(id, file)| format!("{id} ({file})")).collect();
    assert!(missing.is_empty(), "named in the code but in no catalogue:\n{}", missing.join("\n"));
}

#[test]
fn arguments_plurals_nested_messages_and_lists_render_in_each_language() {
    let m = msg!("report-summary", errors = 1usize, warnings = 2usize);
    assert_eq!(Lang::En.text(&m), "1 error, 2 warnings");
    assert_eq!(Lang::Ja.text(&m), "エラー 1 件、警告 2 件");
    let list = Msg::new("io-other").arg("detail", Arg::List(vec!["a".into(), "b".into()]));
    assert_eq!(Lang::Ja.text(&list), Lang::Ja.text(&Msg::new("io-other").arg("detail", "a、b")));
    assert_eq!(Lang::En.text(&list), Lang::En.text(&Msg::new("io-other").arg("detail", "a, b")));
}

#[test]
fn the_locale_decides_unless_a_language_is_chosen() {
    let env = |pairs: &'static [(&'static str, &'static str)]| move |name: &str| {
        pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
    };
    let no_os = || None;
    assert_eq!(Lang::from_locale(env(&[("LANG", "ja_JP.UTF-8")]), no_os), Lang::Ja);
    assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")]), no_os), Lang::En);
    // LC_ALL overrides LC_MESSAGES, which overrides LANG; an empty one counts as unset.
    assert_eq!(Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")]), no_os), Lang::En);
    assert_eq!(Lang::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "ja_JP"), ("LANG", "C")]), no_os), Lang::Ja);
    // No variable: the OS user language (Windows), else English.
    assert_eq!(Lang::from_locale(env(&[]), || Some("ja-JP".into())), Lang::Ja);
    assert_eq!(Lang::from_locale(env(&[]), no_os), Lang::En);
    assert_eq!(Lang::from_locale(env(&[("LANG", "C.UTF-8")]), || Some("ja-JP".into())), Lang::En);
    assert_eq!(Lang::parse("ja"), Some(Lang::Ja));
    assert_eq!(Lang::parse("EN"), Some(Lang::En));
    assert_eq!(Lang::parse("fr"), None);
}
