//! Where a TOML text holds `[internal]` content, so that no diagnostic shows it.
//!
//! Decided from the TOML parser's own events (`toml_parser`, the parser `toml` is built
//! on), not by scanning lines: every spelling of the table is a key the parser decodes —
//! `[internal]`, `["internal"]`, `['\u0069nternal']`-style escapes, `[[internal]]`,
//! `internal.direct_line = …`, an inline `internal = { … }` over several lines — and a
//! multi-line string holding a line that starts with `[` is one scalar, not a header.
//!
//! Secret is: a table section whose header has an internal key, up to the next header;
//! and a key/value statement with an internal key anywhere in it (its dotted key, or a
//! key of an inline table in its value), up to the end of its value. A key is internal
//! when it contains "internal" in any case, or "内部": misspellings are unknown keys,
//! and their values are no less private.
//!
//! When the text does not parse, the events may misplace a boundary, so more is hidden:
//! everything from the first line that could begin an internal key to the end.

use std::borrow::Cow;
use std::ops::Range;

use toml_parser::Source;
use toml_parser::parser::{Event, EventKind, RecursionGuard, ValidateWhitespace};

/// The nesting `toml` itself allows (its parser's `LIMIT`).
const MAX_DEPTH: u32 = 80;

/// What to hide from diagnostics of one TOML text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Secrets {
    /// Byte ranges no diagnostic may show a line of.
    pub ranges: Vec<Range<usize>>,
    /// The values inside those ranges (decoded, and each line of multi-line ones), which
    /// no diagnostic message may quote.
    pub values: Vec<String>,
}

fn is_internal_key(decoded: &str) -> bool {
    decoded.to_lowercase().contains("internal") || decoded.contains("内部")
}

/// The secret parts of `text`, a TOML document (or a front matter blanked around, with
/// its offsets kept).
pub fn internal(text: &str) -> Secrets {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut events: Vec<Event> = Vec::with_capacity(tokens.len());
    let mut errors: Vec<toml_parser::ParseError> = Vec::new();
    // The parser recurses into nested arrays and inline tables; the guard stops it where
    // `toml` does (a limit of 80), reporting an error, so hostile nesting cannot
    // overflow the stack.
    let mut validated = ValidateWhitespace::new(&mut events, source);
    let mut guarded = RecursionGuard::new(&mut validated, MAX_DEPTH);
    toml_parser::parser::parse_document(&tokens, &mut guarded, &mut errors);

    let is_internal = |event: &Event| -> bool {
        let Some(raw) = source.get(event) else { return true };
        let mut key = Cow::Borrowed("");
        raw.decode_key(&mut key, &mut ());
        is_internal_key(&key) || is_internal_key(raw.as_str())
    };
    let mut walk = Walk::default();
    for event in &events {
        let span = event.span();
        match event.kind() {
            EventKind::StdTableOpen | EventKind::ArrayTableOpen if walk.depth == 0 => {
                walk.end_statement(span.start());
                walk.end_section(span.start());
                walk.header = Some((span.start(), false));
            }
            EventKind::StdTableClose | EventKind::ArrayTableClose if walk.header.is_some() => {
                walk.section = walk.header.take();
            }
            EventKind::SimpleKey => {
                let internal = is_internal(event);
                let (_, secret) = match walk.header.as_mut() {
                    Some(header) => header,
                    None => walk.statement.get_or_insert((span.start(), false)),
                };
                *secret |= internal;
            }
            EventKind::InlineTableOpen | EventKind::ArrayOpen => walk.depth += 1,
            EventKind::InlineTableClose | EventKind::ArrayClose => walk.depth = walk.depth.saturating_sub(1),
            EventKind::Scalar => walk.values.push(*event),
            EventKind::Newline if walk.depth == 0 => walk.end_statement(span.end()),
            _ => {}
        }
    }
    walk.end_statement(text.len());
    if walk.section.is_none() {
        // A header that never closed.
        walk.section = walk.header.take();
    }
    walk.end_section(text.len());
    let Walk { mut ranges, mut scalars, .. } = walk;

    if let Some(start) = first_possible_internal_line(text).filter(|_| !errors.is_empty()) {
        ranges.push(start..text.len());
        // Whatever the parser made of the rest, its values are hidden too.
        scalars.extend(events.iter().filter(|e| e.kind() == EventKind::Scalar && e.span().start() >= start));
    }

    let mut values = Vec::new();
    for event in scalars {
        let Some(raw) = source.get(event) else { continue };
        let mut decoded = Cow::Borrowed("");
        let _ = raw.decode_scalar(&mut decoded, &mut ());
        let unquoted = raw.as_str().trim_matches(['"', '\'']);
        for value in [decoded.as_ref(), unquoted] {
            add_value(&mut values, value);
            if value.contains('\n') {
                value.lines().for_each(|line| add_value(&mut values, line));
            }
        }
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges.dedup();
    Secrets { ranges, values }
}

/// The state of one pass over the parser's events.
#[derive(Default)]
struct Walk {
    ranges: Vec<Range<usize>>,
    /// Scalars of secret statements and sections.
    scalars: Vec<Event>,
    /// The header section being read: its start, and whether it is internal.
    section: Option<(usize, bool)>,
    /// Inside `[ … ]` or `[[ … ]]`: the header's start, and whether a key is internal.
    header: Option<(usize, bool)>,
    /// The key/value statement being read: its start, and whether it is internal.
    statement: Option<(usize, bool)>,
    /// The scalars of that statement.
    values: Vec<Event>,
    /// Nesting of inline tables and arrays, inside which newlines end nothing.
    depth: usize,
}

impl Walk {
    fn end_statement(&mut self, end: usize) {
        let in_secret_section = self.section.is_some_and(|(_, secret)| secret);
        match self.statement.take() {
            Some((start, true)) => {
                self.ranges.push(start..end);
                self.scalars.append(&mut self.values);
            }
            _ if in_secret_section => self.scalars.append(&mut self.values),
            _ => self.values.clear(),
        }
    }

    fn end_section(&mut self, end: usize) {
        if let Some((start, true)) = self.section.take() {
            self.ranges.push(start..end);
        }
    }
}

fn add_value(values: &mut Vec<String>, value: &str) {
    let value = value.trim();
    // One character says nothing; true and false are no one's secret.
    if value.chars().count() >= 2 && value != "true" && value != "false" && !values.iter().any(|v| v == value) {
        values.push(value.to_string());
    }
}

/// The start of the first line on which an internal key could begin: one naming it, or
/// one with a `\u` escape, which can spell it in a quoted key.
fn first_possible_internal_line(text: &str) -> Option<usize> {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let lower = line.to_lowercase();
        if lower.contains("internal") || line.contains("内部") || line.contains("\\u") || line.contains("\\U") {
            return Some(pos);
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The secret lines of `text`, as text.
    fn hidden(text: &str) -> Vec<&str> {
        internal(text).ranges.iter().map(|r| text[r.clone()].trim_end()).collect()
    }

    #[test]
    fn every_spelling_of_the_table_is_found() {
        let head = "name = \"a\"\n";
        for (text, secret) in [
            ("[internal]\nx = \"1\"\n# note\n\n[location]\nlat = 1\n", "[internal]\nx = \"1\"\n# note"),
            ("[\"internal\"]\nx = \"1\"\n", "[\"internal\"]\nx = \"1\""),
            ("['internal']\nx = \"1\"\n", "['internal']\nx = \"1\""),
            ("[ \"\\u0069nternal\" ]\nx = \"1\"\n", "[ \"\\u0069nternal\" ]\nx = \"1\""),
            ("[[internal]]\nx = \"1\"\n", "[[internal]]\nx = \"1\""),
            ("[internal.staff]\nx = \"1\"\n", "[internal.staff]\nx = \"1\""),
            ("[Internal]\nx = \"1\"\n", "[Internal]\nx = \"1\""),
            ("internal.direct_line = \"1\"\n", "internal.direct_line = \"1\""),
            ("\"internal\" . direct_line = \"1\"\n", "\"internal\" . direct_line = \"1\""),
            ("internal = {\n  direct_line = \"1\",\n  staff = \"2\",\n}\n", "internal = {\n  direct_line = \"1\",\n  staff = \"2\",\n}"),
            ("location = { lat = 1, internal = \"2\" }\n", "location = { lat = 1, internal = \"2\" }"),
        ] {
            let text = format!("{head}{text}");
            assert_eq!(hidden(&text), [secret], "{text}");
        }
    }

    #[test]
    fn a_line_starting_with_a_bracket_inside_a_string_does_not_end_the_table() {
        let text = "[internal]\nmemo = \"\"\"\n[note]\n090-1111-2222\n\"\"\"\nstaff = \"山田\"\n";
        assert_eq!(hidden(text), [text.trim_end()]);
        let s = internal(text);
        for v in ["090-1111-2222", "山田", "[note]"] {
            assert!(s.values.iter().any(|x| x == v), "{v}: {:?}", s.values);
        }
    }

    #[test]
    fn public_tables_and_strings_mentioning_internal_are_not_hidden_when_the_file_parses() {
        let text = "name = \"internal medicine\"\n[location]\nlat = 1\n";
        // The value mentions "internal", but only keys make a table internal.
        assert!(hidden(text).is_empty());
    }

    #[test]
    fn a_file_that_does_not_parse_is_hidden_from_the_first_line_that_could_be_internal() {
        // The unterminated string swallows the header; the parser's structure is wrong,
        // so everything from the header on is hidden.
        let text = "name = \"a\nkind = \"clinic\"\n[internal]\nx = \"090-1111-2222\"\ny = 1\n";
        let s = internal(text);
        let from = text.find("[internal]").unwrap();
        assert!(s.ranges.iter().any(|r| r.start <= from && r.end == text.len()), "{:?}", s.ranges);
        assert!(s.values.iter().any(|v| v == "090-1111-2222"), "{:?}", s.values);
        // An escape could spell the key.
        let text = "name = \"a\n[\"\\u0069nternal\"]\nx = \"1\"\n";
        let from = text.find("[\"").unwrap();
        assert!(internal(text).ranges.iter().any(|r| r.start <= from && r.end == text.len()));
    }

    #[test]
    fn hostile_nesting_is_refused_not_recursed_into() {
        let text = "internal = ".to_string() + &"[".repeat(100_000) + &"]".repeat(100_000);
        let s = internal(&text);
        assert_eq!(s.ranges, [0..text.len()]);
    }

    #[test]
    fn a_broken_inline_table_is_hidden_to_the_end() {
        let text = "name = \"a\"\ninternal = {\n  direct = \"090-1111-2222\"\n";
        let s = internal(text);
        let from = text.find("internal").unwrap();
        assert!(s.ranges.iter().any(|r| r.start <= from && r.end == text.len()), "{:?}", s.ranges);
    }
}
