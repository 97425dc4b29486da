//! Typed, diagnosed access to one TOML table.
//!
//! serde would stop at the first problem in a file; authors want every problem at once,
//! each at its line and column. So tables are parsed with spans (`toml::de::DeTable`)
//! and read field by field here; whatever is wrong is recorded and reading goes on.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::toml_string;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile, suggest};
use crate::i18n::{Msg, quoted};
use crate::model::{Date, PhoneNumber, TextMap, Vocabulary};
use crate::msg;
use crate::text::escape::{is_hidden_control, without_hidden};

pub type Value<'i> = Spanned<DeValue<'i>>;

/// Reads the keys of one table; [`Fields::finish`] reports the keys nobody asked for.
pub struct Fields<'a, 'i> {
    src: &'a SourceFile,
    table: &'a DeTable<'i>,
    /// Where "missing key" errors point: the table header, or the file start.
    at: Range<usize>,
    /// What the table is, as messages name it ("institution", "[source]").
    what: Msg,
    known: &'static [&'static str],
}

/// What a value is, as messages name it.
fn type_name(v: &DeValue<'_>) -> Msg {
    match v {
        DeValue::String(_) => Msg::new("type-string"),
        DeValue::Integer(_) => Msg::new("type-integer"),
        DeValue::Float(_) => Msg::new("type-float"),
        DeValue::Boolean(_) => Msg::new("type-boolean"),
        DeValue::Datetime(_) => Msg::new("type-date"),
        DeValue::Array(_) => Msg::new("type-array"),
        DeValue::Table(_) => Msg::new("type-table"),
    }
}

/// A line an author can copy for a key the contract requires, so that "missing" comes
/// with what to write.
fn example(key: &str) -> Option<&'static str> {
    Some(match key {
        "name" => "name = \"みどり診療所\"",
        "kind" => "kind = \"clinic\"",
        "verified" | "updated" | "as_of" | "established" | "tested" => return None,
        "title" => "title = \"在宅医療とは\"",
        "publisher" => "publisher = \"○○市 在宅医療・介護連携推進協議会\"",
        "prefecture" => "prefecture = \"沖縄県\"",
        "label" => "label = \"救急車\"",
        "number" => "number = \"119\"",
        "id" => "id = \"night-clinic\"",
        "type" => "type = \"article\"",
        "article" => "article = \"acp\"",
        "dataset" => "dataset = \"kaigo-kouhyou\"",
        "key" => "key = \"4770100011\"",
        _ => return None,
    })
}

impl<'a, 'i> Fields<'a, 'i> {
    pub fn new(
        src: &'a SourceFile,
        table: &'a DeTable<'i>,
        at: Range<usize>,
        what: Msg,
        known: &'static [&'static str],
    ) -> Self {
        Fields { src, table, at, what, known }
    }

    pub fn src(&self) -> &'a SourceFile {
        self.src
    }

    pub fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        debug_assert!(self.known.contains(&key), "{key} not declared for {}", self.what.id());
        self.table.get(key)
    }

    pub(super) fn wrong_type(&self, d: &mut Diagnostics, key: &str, v: &Value<'_>, expected: Msg) {
        d.error(self.src, v.span(), msg!("field-wrong-type", key = key, expected = expected, found = type_name(v.get_ref())));
    }

    fn missing(&self, d: &mut Diagnostics, key: &str) {
        let diag = Diagnostic::at(Severity::Error, self.src, self.at.clone(), msg!("field-missing", key = key, what = self.what.clone()));
        let help = match (key, example(key)) {
            (_, Some(line)) => msg!("field-missing-help", example = line),
            ("verified", None) => msg!("field-missing-verified-help", key = key),
            (_, None) => msg!("field-missing-date-help", key = key),
        };
        d.push(diag.with_help(help));
    }

    /// A string, trimmed, without hidden controls (each field holding one is warned
    /// about); an empty one counts as missing when required.
    pub fn string(&self, d: &mut Diagnostics, key: &str, required: bool) -> Option<(String, Range<usize>)> {
        self.text(d, key, required, true).map(|(s, span, _)| (s, span))
    }

    /// A Markdown string, with where each of its bytes is in the file: markup in it is
    /// reported by the Markdown renderer, not here, and hidden controls are warned
    /// about here but removed by the Markdown dialect.
    pub fn markdown(&self, d: &mut Diagnostics, key: &str) -> Option<(String, Range<usize>, TextMap)> {
        self.text(d, key, false, false)
    }

    fn text(&self, d: &mut Diagnostics, key: &str, required: bool, plain: bool) -> Option<(String, Range<usize>, TextMap)> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(d, key);
            }
            return None;
        };
        match v.get_ref() {
            DeValue::String(value) => {
                let s = value.trim();
                let trimmed = value.len() - value.trim_start().len();
                // Only Markdown needs positions inside the value, or a hidden control.
                let map = || toml_string::map(&self.src.text, v.span(), value, trimmed);
                let map = if plain && !s.contains(is_hidden_control) { TextMap::default() } else { map() };
                let s = if s.contains(is_hidden_control) {
                    hidden_controls(d, self.src, msg!("field-named", key = key), s, &map, plain);
                    if plain { without_hidden(s).trim().to_string() } else { s.to_string() }
                } else {
                    s.to_string()
                };
                if s.is_empty() {
                    if required {
                        d.error(self.src, v.span(), msg!("field-empty", key = key));
                    }
                    return None;
                }
                if plain && looks_like_markup(&s) {
                    d.warning(self.src, v.span(), msg!("field-markup", key = key));
                }
                if plain && looks_like_formula(&s) {
                    let start = s.chars().next().map(String::from).unwrap_or_default();
                    d.warning(self.src, v.span(), msg!("field-formula", key = key, start = quoted(&start)));
                }
                Some((s, v.span(), map))
            }
            _ => {
                self.wrong_type(d, key, v, Msg::new("type-string"));
                None
            }
        }
    }

    pub fn req_string(&self, d: &mut Diagnostics, key: &str) -> Option<String> {
        self.string(d, key, true).map(|(s, _)| s)
    }

    pub fn opt_string(&self, d: &mut Diagnostics, key: &str) -> Option<String> {
        self.string(d, key, false).map(|(s, _)| s)
    }

    pub fn bool(&self, d: &mut Diagnostics, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(d, key, v, Msg::new("type-boolean"));
                None
            }
        }
    }

    pub fn integer(&self, d: &mut Diagnostics, key: &str) -> Option<i64> {
        let v = self.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => parse_integer(i.as_str(), i.radix()),
            _ => None,
        };
        if parsed.is_none() {
            self.wrong_type(d, key, v, Msg::new("type-integer"));
        }
        parsed
    }

    /// A calendar date; a quoted `"2025-11-01"` is accepted too, since staff quote them.
    pub fn date(&self, d: &mut Diagnostics, key: &str, required: bool) -> Option<(Date, Range<usize>)> {
        let Some(v) = self.get(key) else {
            if required {
                self.missing(d, key);
            }
            return None;
        };
        let bad = |d: &mut Diagnostics, message: Msg| {
            d.push(Diagnostic::at(Severity::Error, self.src, v.span(), message).with_help(msg!("field-date-help", key = key)));
        };
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(date), None) => match Date::new(date.year as i16, date.month as i8, date.day as i8) {
                    Ok(date) => Some((date, v.span())),
                    Err(_) => {
                        bad(d, msg!("field-date-invalid", key = key, value = dt.to_string()));
                        None
                    }
                },
                _ => {
                    bad(d, msg!("field-date-with-time", key = key));
                    None
                }
            },
            DeValue::String(s) => match s.trim().parse::<Date>() {
                Ok(date) => Some((date, v.span())),
                Err(_) => {
                    bad(d, msg!("field-date-invalid", key = key, value = quoted(s)));
                    None
                }
            },
            _ => {
                self.wrong_type(d, key, v, Msg::new("type-date"));
                None
            }
        }
    }

    pub fn phone(&self, d: &mut Diagnostics, key: &str, required: bool) -> Option<PhoneNumber> {
        let (raw, span) = self.string(d, key, required)?;
        match PhoneNumber::parse(&raw) {
            Ok(p) => Some(p),
            Err(e) => {
                let message = msg!("field-phone-invalid", key = key, reason = e.message());
                d.push(Diagnostic::at(Severity::Error, self.src, span, message).with_help(e.help()));
                None
            }
        }
    }

    /// An array of strings, each with its span.
    pub fn string_list(&self, d: &mut Diagnostics, key: &str) -> Vec<(String, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            let message = msg!("field-wrong-type", key = key, expected = Msg::new("type-array"), found = type_name(v.get_ref()));
            d.push(Diagnostic::at(Severity::Error, self.src, v.span(), message).with_help(msg!("field-list-help", key = key)));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) if s.contains(is_hidden_control) => {
                    let map = toml_string::map(&self.src.text, item.span(), s, s.len() - s.trim_start().len());
                    hidden_controls(d, self.src, msg!("field-named", key = key), s.trim(), &map, true);
                    match without_hidden(s).trim() {
                        "" => d.error(self.src, item.span(), msg!("field-list-empty-item", key = key)),
                        s => out.push((s.to_string(), item.span())),
                    }
                }
                DeValue::String(s) if !s.trim().is_empty() => out.push((s.trim().to_string(), item.span())),
                DeValue::String(_) => d.error(self.src, item.span(), msg!("field-list-empty-item", key = key)),
                other => d.error(
                    self.src,
                    item.span(),
                    msg!("field-list-item-type", key = key, expected = Msg::new("type-string"), found = type_name(other)),
                ),
            }
        }
        out
    }

    /// One value of a vocabulary, by id or Japanese label.
    pub fn vocab<V: Vocabulary>(&self, d: &mut Diagnostics, key: &str, required: bool) -> Option<V> {
        let (raw, span) = self.string(d, key, required)?;
        parse_vocab(d, self.src, &raw, span)
    }

    /// A list of vocabulary values; duplicates are dropped, order kept.
    pub fn vocab_list<V: Vocabulary>(&self, d: &mut Diagnostics, key: &str) -> Vec<V> {
        let mut out: Vec<V> = Vec::new();
        for (raw, span) in self.string_list(d, key) {
            if let Some(v) = parse_vocab(d, self.src, &raw, span) {
                if !out.contains(&v) {
                    out.push(v);
                }
            }
        }
        out
    }

    /// A sub-table, with the span of the whole value.
    pub fn table(&self, d: &mut Diagnostics, key: &str) -> Option<(&'a DeTable<'i>, Range<usize>)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some((t, v.span())),
            _ => {
                self.wrong_type(d, key, v, Msg::new("type-table"));
                None
            }
        }
    }

    /// `[[key]]` entries: every element must be a table.
    pub fn tables(&self, d: &mut Diagnostics, key: &str) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(d, key, v, msg!("type-tables", key = key));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, item.span())),
                other => d.error(
                    self.src,
                    item.span(),
                    msg!("field-list-item-type", key = key, expected = Msg::new("type-table"), found = type_name(other)),
                ),
            }
        }
        out
    }

    /// Reports every key that is not part of the contract, suggesting the nearest one.
    pub fn finish(self, d: &mut Diagnostics) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if self.known.contains(&name) {
                continue;
            }
            let diag = Diagnostic::at(Severity::Error, self.src, key.span(), msg!("field-unknown-key", key = name, what = self.what.clone()));
            let help = match suggest(name, self.known.iter().copied()) {
                Some(s) => msg!("did-you-mean-key", key = s),
                None => msg!("field-valid-keys", keys = self.known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>()),
            };
            d.push(diag.with_help(help));
        }
    }
}

pub fn parse_vocab<V: Vocabulary>(d: &mut Diagnostics, src: &SourceFile, raw: &str, span: Range<usize>) -> Option<V> {
    if let Some(v) = V::parse(raw) {
        return Some(v);
    }
    let diag = Diagnostic::at(Severity::Error, src, span, msg!("vocab-unknown", what = V::what(), value = quoted(raw)));
    let help = match suggest(raw, V::spellings()).and_then(V::parse) {
        Some(v) => msg!("did-you-mean-value", id = v.id(), label = v.label()),
        None => msg!(
            "vocab-valid-values",
            values = V::ALL.iter().map(|v| msg!("vocab-value", id = v.id(), label = v.label())).collect::<Vec<_>>()
        ),
    };
    d.push(diag.with_help(help));
    None
}

/// One warning for a value holding hidden controls (NUL, ESC, bidi overrides, U+FEFF,
/// U+FFFF…: they cannot be printed, and they change what terminals and bidirectional
/// text show), at the first of them. Plain values lose them here; Markdown loses them
/// in the dialect, as every output it makes does.
pub(super) fn hidden_controls(d: &mut Diagnostics, src: &SourceFile, field: Msg, value: &str, map: &TextMap, plain: bool) {
    let mut found: Vec<char> = value.chars().filter(|&c| is_hidden_control(c)).collect();
    let Some(&first) = found.first() else { return };
    found.sort_unstable();
    found.dedup();
    let at = value.find(first).unwrap_or(0);
    let span = map.file_offset(0, at)..map.file_offset(0, at + first.len_utf8());
    let names: Vec<String> = found.iter().map(|c| format!("U+{:04X}", *c as u32)).collect();
    let message = match (found.len(), plain) {
        (1, true) => msg!("field-hidden-control", field = field, chars = names),
        (1, false) => msg!("field-hidden-control-markdown", field = field, chars = names),
        (_, true) => msg!("field-hidden-controls", field = field, chars = names),
        (_, false) => msg!("field-hidden-controls-markdown", field = field, chars = names),
    };
    d.warning(src, span, message);
}

/// A start that spreadsheet programs read as a formula (`=`, `@`, or `+` not before a
/// digit, as in `+81`): the CSV neutralises it, but the author should know. A `-` is
/// not warned about: `- 駐車場あり` is an ordinary way to write.
fn looks_like_formula(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some('=' | '@') => true,
        Some('+') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// `<` directly followed by a letter, `/` or `!`: a tag, as pasted from a web page.
/// (Markdown fields are checked by the Markdown renderer instead, which removes it.)
fn looks_like_markup(s: &str) -> bool {
    s.match_indices('<').any(|(i, _)| {
        s[i + 1..].chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
    })
}

fn parse_integer(text: &str, radix: u32) -> Option<i64> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let digits = clean.trim_start_matches(['+']);
    let digits = match radix {
        16 => digits.trim_start_matches("0x"),
        8 => digits.trim_start_matches("0o"),
        2 => digits.trim_start_matches("0b"),
        _ => digits,
    };
    i64::from_str_radix(digits, radix).ok()
}

pub fn parse_float(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok().filter(|x: &f64| x.is_finite()),
        DeValue::Integer(i) => parse_integer(i.as_str(), i.radix()).map(|i| i as f64),
        _ => None,
    }
}
