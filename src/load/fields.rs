//! Typed, diagnosed access to one TOML table.
//!
//! serde would stop at the first problem in a file; authors want every problem at once,
//! each at its line and column. So tables are parsed with spans (`toml::de::DeTable`)
//! and read field by field here; whatever is wrong is recorded and reading goes on.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::toml_string;
use crate::diagnostic::{Diagnostics, SourceFile, suggest};
use crate::model::{Date, PhoneNumber, TextMap, Vocabulary};
use crate::text::escape::{is_hidden_control, without_hidden};

pub type Value<'i> = Spanned<DeValue<'i>>;

/// Reads the keys of one table; [`Fields::finish`] reports the keys nobody asked for.
pub struct Fields<'a, 'i> {
    src: &'a SourceFile,
    table: &'a DeTable<'i>,
    /// Where "missing key" errors point: the table header, or the file start.
    at: Range<usize>,
    what: &'static str,
    known: &'static [&'static str],
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl<'a, 'i> Fields<'a, 'i> {
    pub fn new(
        src: &'a SourceFile,
        table: &'a DeTable<'i>,
        at: Range<usize>,
        what: &'static str,
        known: &'static [&'static str],
    ) -> Self {
        Fields { src, table, at, what, known }
    }

    pub fn src(&self) -> &'a SourceFile {
        self.src
    }

    pub fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        debug_assert!(self.known.contains(&key), "{key} not declared for {}", self.what);
        self.table.get(key)
    }

    fn wrong_type(&self, d: &mut Diagnostics, key: &str, v: &Value<'_>, expected: &str) {
        d.error(
            self.src,
            v.span(),
            format!("`{key}` must be {expected}, not {}", type_name(v.get_ref())),
        );
    }

    fn missing(&self, d: &mut Diagnostics, key: &str) {
        d.error(self.src, self.at.clone(), format!("missing required key `{key}` in {}", self.what));
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
                    hidden_controls(d, self.src, &format!("`{key}`"), s, &map, plain);
                    if plain { without_hidden(s).trim().to_string() } else { s.to_string() }
                } else {
                    s.to_string()
                };
                if s.is_empty() {
                    if required {
                        d.error(self.src, v.span(), format!("`{key}` must not be empty"));
                    }
                    return None;
                }
                if plain && looks_like_markup(&s) {
                    d.warning(
                        self.src,
                        v.span(),
                        format!("`{key}` contains HTML markup; it is published as plain text, not as HTML"),
                    );
                }
                Some((s, v.span(), map))
            }
            _ => {
                self.wrong_type(d, key, v, "a string");
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
                self.wrong_type(d, key, v, "true or false");
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
            self.wrong_type(d, key, v, "an integer");
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
        let help = "write a date as 2025-11-01";
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(date), None) => match Date::new(date.year as i16, date.month as i8, date.day as i8) {
                    Ok(date) => Some((date, v.span())),
                    Err(_) => {
                        d.push(crate::diagnostic::Diagnostic::at(
                            crate::diagnostic::Severity::Error,
                            self.src,
                            v.span(),
                            format!("`{key}` is not a valid date"),
                        ).with_help(help));
                        None
                    }
                },
                _ => {
                    d.push(crate::diagnostic::Diagnostic::at(
                        crate::diagnostic::Severity::Error,
                        self.src,
                        v.span(),
                        format!("`{key}` must be a date without a time"),
                    ).with_help(help));
                    None
                }
            },
            DeValue::String(s) => match s.trim().parse::<Date>() {
                Ok(date) => Some((date, v.span())),
                Err(_) => {
                    d.push(crate::diagnostic::Diagnostic::at(
                        crate::diagnostic::Severity::Error,
                        self.src,
                        v.span(),
                        format!("`{key}` is not a valid date: {s:?}"),
                    ).with_help(help));
                    None
                }
            },
            _ => {
                self.wrong_type(d, key, v, "a date (2025-11-01)");
                None
            }
        }
    }

    pub fn phone(&self, d: &mut Diagnostics, key: &str, required: bool) -> Option<PhoneNumber> {
        let (raw, span) = self.string(d, key, required)?;
        match PhoneNumber::parse(&raw) {
            Ok(p) => Some(p),
            Err(e) => {
                d.push(
                    crate::diagnostic::Diagnostic::at(
                        crate::diagnostic::Severity::Error,
                        self.src,
                        span,
                        format!("`{key}` is not a valid phone number: {e}"),
                    )
                    .with_help(e.help()),
                );
                None
            }
        }
    }

    /// An array of strings, each with its span.
    pub fn string_list(&self, d: &mut Diagnostics, key: &str) -> Vec<(String, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            let help = format!("write a list: {key} = [\"…\"]");
            d.push(
                crate::diagnostic::Diagnostic::at(
                    crate::diagnostic::Severity::Error,
                    self.src,
                    v.span(),
                    format!("`{key}` must be an array, not {}", type_name(v.get_ref())),
                )
                .with_help(help),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) if s.contains(is_hidden_control) => {
                    let map = toml_string::map(&self.src.text, item.span(), s, s.len() - s.trim_start().len());
                    hidden_controls(d, self.src, &format!("`{key}`"), s.trim(), &map, true);
                    match without_hidden(s).trim() {
                        "" => d.error(self.src, item.span(), format!("`{key}` holds an empty string")),
                        s => out.push((s.to_string(), item.span())),
                    }
                }
                DeValue::String(s) if !s.trim().is_empty() => out.push((s.trim().to_string(), item.span())),
                DeValue::String(_) => d.error(self.src, item.span(), format!("`{key}` holds an empty string")),
                other => d.error(
                    self.src,
                    item.span(),
                    format!("`{key}` must hold strings, not {}", type_name(other)),
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
                self.wrong_type(d, key, v, "a table");
                None
            }
        }
    }

    /// `[[key]]` entries: every element must be a table.
    pub fn tables(&self, d: &mut Diagnostics, key: &str) -> Vec<(&'a DeTable<'i>, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(d, key, v, &format!("a list of tables ([[{key}]])"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, item.span())),
                other => d.error(self.src, item.span(), format!("`{key}` must hold tables, not {}", type_name(other))),
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
            let mut diag = crate::diagnostic::Diagnostic::at(
                crate::diagnostic::Severity::Error,
                self.src,
                key.span(),
                format!("unknown key `{name}` in {}", self.what),
            );
            diag = match suggest(name, self.known.iter().copied()) {
                Some(s) => diag.with_help(format!("did you mean `{s}`?")),
                None => diag.with_help(format!("valid keys: {}", self.known.join(", "))),
            };
            d.push(diag);
        }
    }
}

pub fn parse_vocab<V: Vocabulary>(d: &mut Diagnostics, src: &SourceFile, raw: &str, span: Range<usize>) -> Option<V> {
    if let Some(v) = V::parse(raw) {
        return Some(v);
    }
    let mut diag = crate::diagnostic::Diagnostic::at(
        crate::diagnostic::Severity::Error,
        src,
        span,
        format!("unknown {} {raw:?}", V::WHAT),
    );
    diag = match suggest(raw, V::spellings()) {
        Some(s) => {
            let v = V::parse(s)?;
            diag.with_help(format!("did you mean `{}` ({})?", v.id(), v.label()))
        }
        None => diag.with_help(format!(
            "valid values: {}",
            V::ALL.iter().map(|v| format!("{} ({})", v.id(), v.label())).collect::<Vec<_>>().join(", ")
        )),
    };
    d.push(diag);
    None
}

/// One warning for a value holding hidden controls (NUL, ESC, bidi overrides, U+FEFF,
/// U+FFFF…: they cannot be printed, and they change what terminals and bidirectional
/// text show), at the first of them. Plain values lose them here; Markdown loses them
/// in the dialect, as every output it makes does.
pub(super) fn hidden_controls(d: &mut Diagnostics, src: &SourceFile, field: &str, value: &str, map: &TextMap, plain: bool) {
    let mut found: Vec<char> = value.chars().filter(|&c| is_hidden_control(c)).collect();
    let Some(&first) = found.first() else { return };
    found.sort_unstable();
    found.dedup();
    let at = value.find(first).unwrap_or(0);
    let span = map.file_offset(0, at)..map.file_offset(0, at + first.len_utf8());
    let names: Vec<String> = found.iter().map(|c| format!("U+{:04X}", *c as u32)).collect();
    let (what, fate) = match (found.len(), plain) {
        (1, true) => ("an invisible control character", "it is left out of every output"),
        (1, false) => ("an invisible control character", "it is not published"),
        (_, true) => ("invisible control characters", "they are left out of every output"),
        (_, false) => ("invisible control characters", "they are not published"),
    };
    d.warning(src, span, format!("{field} holds {what} ({}) that cannot be printed; {fate}", names.join(", ")));
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
