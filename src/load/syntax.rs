//! TOML syntax errors in the author's terms.
//!
//! The parser says what it expected ("invalid unquoted key, expected letters, numbers");
//! the author needs to hear what they wrote and what to write instead. The usual slips
//! of people typing TOML on Japanese keyboards are recognised from the line the parser
//! stopped at: a full-width space (U+3000) outside quotes, a closing `"` missing, a
//! missing `,` between list items, `:` or a full-width `＝` instead of `=`, Japanese
//! quotes (“…”「…」) around a value, a `---` line. Anything else keeps the parser's
//! words. One slip is one error: a line gets at most one, and nothing after a `---` line.

use std::ops::Range;

use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile};
use crate::i18n::{Msg, quoted};
use crate::msg;

/// Parses `text` (the file, or an article with all but its front matter blanked) as
/// TOML; on errors, reports each as the author's mistake and returns `None`.
pub fn parse<'a>(src: &SourceFile, text: &'a str, fallback: usize, d: &mut Diagnostics) -> Option<DeTable<'a>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table.into_inner());
    }
    let mut lines_reported = Vec::new();
    let mut dashes_reported = false;
    for e in errors {
        let span = e.span().unwrap_or(fallback..fallback);
        let line = line_of(text, span.start);
        if lines_reported.contains(&line.start) {
            continue;
        }
        lines_reported.push(line.start);
        let mistake = explain(text, span, e.message().trim());
        // After a `---` line the rest is most likely not TOML at all (a front matter
        // in another generator's style): one error says it.
        if dashes_reported {
            break;
        }
        dashes_reported = mistake.kind == Kind::Dashes;
        let mut diag = Diagnostic::at(Severity::Error, src, mistake.span.clone(), mistake.message);
        if let Some(help) = mistake.help {
            // Helps quote the line's key and value; a line of [internal] gets the
            // general help, which quotes nothing.
            let help = if src.is_secret_at(mistake.span.start) { mistake.general_help.unwrap_or(help) } else { help };
            diag = diag.with_help(src.redacted(help));
        }
        d.push(diag);
    }
    None
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Dashes,
    Other,
}

struct Mistake {
    kind: Kind,
    span: Range<usize>,
    message: Msg,
    help: Option<Msg>,
    /// The help without anything quoted from the line.
    general_help: Option<Msg>,
}

impl Mistake {
    fn new(span: Range<usize>, message: Msg, help: Msg, general_help: Msg) -> Mistake {
        Mistake { kind: Kind::Other, span, message, help: Some(help), general_help: Some(general_help) }
    }
}

/// The byte range of the line holding `offset` (without its line break).
fn line_of(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i);
    start..end
}

/// What the author wrote and what to write instead, for one parser error.
fn explain(text: &str, span: Range<usize>, raw: &str) -> Mistake {
    let line = line_of(text, span.start);
    let line_text = &text[line.clone()];
    let key = key_of(line_text);
    let example_key = key.clone().unwrap_or_else(|| "name".into());

    if let Some(at) = fullwidth_space(line_text) {
        let column = line_text[..at].chars().count() + 1;
        let start = line.start + at;
        return Mistake::new(
            start..start + '\u{3000}'.len_utf8(),
            msg!("toml-fullwidth-space", column = column),
            Msg::new("toml-fullwidth-space-help"),
            Msg::new("toml-fullwidth-space-help"),
        );
    }
    if line_text.trim_start().starts_with("---") {
        return Mistake {
            kind: Kind::Dashes,
            ..Mistake::new(line.start..line.end, Msg::new("toml-dashes"), Msg::new("toml-dashes-help"), Msg::new("toml-dashes-help"))
        };
    }
    if raw.contains("string, expected") || raw.starts_with("unterminated") {
        // The quote that opens the value no `"` closes: the last quote of the line.
        let quote = line_text.rfind(['"', '\'']).map_or(span.start, |i| line.start + i);
        return Mistake::new(
            quote..quote + 1,
            Msg::new("toml-unclosed-quote"),
            msg!("toml-unclosed-quote-help", example = format!("{example_key} = \"…\"")),
            msg!("toml-unclosed-quote-help", example = "name = \"…\""),
        );
    }
    if raw.starts_with("missing comma") {
        return Mistake::new(
            span.clone(),
            Msg::new("toml-missing-comma"),
            msg!("toml-missing-comma-help", example = format!("{example_key} = [\"…\", \"…\"]")),
            msg!("toml-missing-comma-help", example = "phases = [\"daily\", \"acute\"]"),
        );
    }
    if raw.starts_with("key with no value") {
        let after_key = key.as_ref().and_then(|k| line_text.find(k.as_str()).map(|i| i + k.len())).unwrap_or(0);
        let rest = line_text[after_key..].trim_start();
        let general = msg!("toml-missing-equals-help", example = "name = \"…\"");
        let (message, help) = if rest.starts_with(':') || rest.starts_with('：') {
            let sign: String = rest.chars().take(1).collect();
            (msg!("toml-colon", key = quoted_key(&key), sign = sign), msg!("toml-missing-equals-help", example = format!("{example_key} = \"…\"")))
        } else if line_text.contains('＝') {
            (Msg::new("toml-fullwidth-equals"), Msg::new("toml-fullwidth-equals-help"))
        } else {
            (msg!("toml-missing-equals", key = quoted_key(&key)), msg!("toml-missing-equals-help", example = format!("{example_key} = \"…\"")))
        };
        return Mistake::new(span.clone(), message, help, general);
    }
    if raw.starts_with("string values must be quoted") {
        let value = line_text.split_once('=').map_or("", |(_, v)| v).trim();
        let value = value.split(" #").next().unwrap_or(value).trim();
        let general = msg!("toml-unquoted-help", example = "name = \"みどり診療所\"");
        if let Some(q) = value.chars().next().filter(|c| JAPANESE_QUOTES.contains(c)) {
            let inner: String = value.chars().filter(|c| !JAPANESE_QUOTES.contains(c)).collect();
            return Mistake::new(
                span.clone(),
                msg!("toml-japanese-quotes", quote = q.to_string()),
                msg!("toml-unquoted-help", example = format!("{example_key} = \"{inner}\"")),
                general,
            );
        }
        return Mistake::new(
            span.clone(),
            Msg::new("toml-unquoted"),
            msg!("toml-unquoted-help", example = format!("{example_key} = \"{value}\"")),
            general,
        );
    }
    if raw.starts_with("duplicate key") {
        let name = text.get(span.clone()).unwrap_or("").trim().trim_matches(['"', '\'']).to_string();
        let general = Msg::new("toml-duplicate-key-help");
        return Mistake::new(span.clone(), msg!("toml-duplicate-key", key = quoted_key(&Some(name))), general.clone(), general);
    }
    if raw.starts_with("invalid unquoted key") {
        let general = Msg::new("toml-invalid-key-help");
        return Mistake::new(span.clone(), Msg::new("toml-invalid-key"), general.clone(), general);
    }
    if raw.starts_with("unexpected key or value") {
        let general = Msg::new("toml-one-per-line-help");
        return Mistake::new(span.clone(), Msg::new("toml-one-per-line"), general.clone(), general);
    }
    if raw.contains("leading zero") || raw.starts_with("invalid float") || raw.starts_with("invalid integer") {
        let general = Msg::new("toml-number-help");
        return Mistake::new(span.clone(), Msg::new("toml-number"), general.clone(), general);
    }
    Mistake { kind: Kind::Other, span, message: msg!("toml-other", detail = raw), help: None, general_help: None }
}

const JAPANESE_QUOTES: &[char] = &['“', '”', '「', '」', '＂', '『', '』', '‘', '’'];

/// The key a `key = value` line starts with, if it looks like one.
fn key_of(line: &str) -> Option<String> {
    let head = line.split(['=', '＝', ':', '：', '"']).next()?.trim().trim_start_matches('\u{3000}');
    let key = head.split_whitespace().next()?.trim_matches('\u{3000}');
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    plain.then(|| key.to_string())
}

fn quoted_key(key: &Option<String>) -> crate::i18n::Arg {
    match key {
        Some(k) => quoted(k),
        None => crate::i18n::Arg::Text(String::new()),
    }
}

/// The byte offset of the first full-width space outside quotes and comments.
fn fullwidth_space(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return None,
            None if c == '\u{3000}' => return Some(i),
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Each case: its text, then the one error's line:column, message and help, in English.
    fn one_error(text: &str) -> (String, String, String) {
        let src = SourceFile::new("x.toml", text.to_string());
        let mut d = Diagnostics::default();
        assert!(parse(&src, &src.text, 0, &mut d).is_none());
        let all: Vec<_> = d.iter().collect();
        assert_eq!(all.len(), 1, "{text:?}: {:#?}", all.iter().map(|d| d.one_line(Lang::En)).collect::<Vec<_>>());
        let d = all[0];
        (format!("{}:{}", d.line, d.column), d.message_text(Lang::En), d.help_text(Lang::En).unwrap_or_default())
    }

    #[test]
    fn a_full_width_space_is_named_with_its_position() {
        for (text, at) in [
            ("name\u{3000}= \"a\"\n", "1:5"),
            ("kind = \"clinic\"\nname =\u{3000}\"a\"\n", "2:7"),
            ("phases = [\"daily\",\u{3000}\"acute\"]\n", "1:19"),
            ("\u{3000}name = \"a\"\n", "1:1"),
        ] {
            let (pos, message, help) = one_error(text);
            assert_eq!(pos, at, "{text:?}");
            assert!(message.contains("full-width space") && message.contains(&format!("column {}", &at[2..])), "{message}");
            assert!(help.contains("half-width space"), "{help}");
        }
        let src = SourceFile::new("x.toml", "name\u{3000}= \"a\"\n".into());
        let mut d = Diagnostics::default();
        parse(&src, &src.text, 0, &mut d);
        let ja = d.iter().next().unwrap().message_text(Lang::Ja);
        assert!(ja.contains("全角スペース") && ja.contains("5 文字目"), "{ja}");
        // Inside quotes it is text, not a mistake.
        assert_eq!(fullwidth_space("name = \"山田\u{3000}太郎\" # コメント\u{3000}"), None);
    }

    #[test]
    fn common_slips_say_what_to_write() {
        let (pos, message, help) = one_error("kind = \"clinic\"\nname = \"みどり診療所\nverified = 2025-01-01\n");
        assert_eq!((pos.as_str(), message.as_str()), ("2:8", "this \" is not closed: the value has no closing \""));
        assert!(help.contains("name = \"…\""), "{help}");

        let (pos, message, help) = one_error("phases = [\"daily\" \"acute\"]\n");
        assert_eq!(pos, "1:19");
        assert!(message.contains("comma"), "{message}");
        assert!(help.contains("phases = [\"…\", \"…\"]"), "{help}");

        let (_, message, help) = one_error("name \"abc\"\n");
        assert!(message.contains("`=`") && message.contains("\"name\""), "{message}");
        assert!(help.contains("name = \"…\""), "{help}");

        let (_, message, _) = one_error("name: \"abc\"\n");
        assert!(message.contains(":"), "{message}");

        let (_, message, help) = one_error("name ＝ \"abc\"\n");
        assert!(message.contains("＝"), "{message}");
        assert!(help.contains("="), "{help}");

        let (_, message, help) = one_error("name = みどり診療所\n");
        assert!(message.contains("double quotes"), "{message}");
        assert!(help.contains("name = \"みどり診療所\""), "{help}");

        let (_, message, help) = one_error("name = “みどり”\n");
        assert!(message.contains("“"), "{message}");
        assert!(help.contains("name = \"みどり\""), "{help}");

        let (pos, message, help) = one_error("---\ntitle = \"a\"\n---\nbody\n");
        assert_eq!(pos, "1:1");
        assert!(message.contains("---"), "{message}");
        assert!(help.contains("+++"), "{help}");
    }
}
