//! Where the characters of a TOML string's value are in its file.
//!
//! A value differs from its source: quotes, escapes (`\n`, `\u3042`), a line-ending
//! backslash that swallows the next line's indent, the newline after an opening `"""`.
//! The string is decoded again here by `toml_parser`'s own decoder (the one `toml`
//! uses), into a builder that notes where each piece came from: unescaped runs are
//! slices of the source, so their offsets are exact; an escape is placed where it
//! starts. So a problem found in a note's Markdown, or an invisible character in a
//! name, is reported at its own line and column, not at the opening quote.

use std::ops::Range;

use toml_parser::decoder::{Encoding, StringBuilder};
use toml_parser::{Raw, Span};

use crate::model::TextMap;

/// The map of the value `value` (already decoded by `toml`), trimmed of its first
/// `trimmed` bytes, whose literal is `file[span]`. When the literal cannot be decoded
/// to the same value (never expected), every position maps to the literal's start.
pub(super) fn map(file: &str, span: Range<usize>, value: &str, trimmed: usize) -> TextMap {
    let fallback = TextMap(vec![(0, span.start), (0, span.start)]);
    let Some(literal) = file.get(span.clone()) else { return fallback };
    let encoding = if literal.starts_with("\"\"\"") {
        Encoding::MlBasicString
    } else if literal.starts_with("'''") {
        Encoding::MlLiteralString
    } else if literal.starts_with('"') {
        Encoding::BasicString
    } else if literal.starts_with('\'') {
        Encoding::LiteralString
    } else {
        return fallback;
    };
    let raw = Raw::new_unchecked(literal, Some(encoding), Span::new_unchecked(0, literal.len()));
    let mut runs = Runs { literal, decoded: String::new(), runs: Vec::new(), end: 0 };
    let mut errors = Vec::new();
    let _ = raw.decode_scalar(&mut runs, &mut errors);
    if !errors.is_empty() || runs.decoded != value {
        return fallback;
    }
    let decoded = TextMap(runs.runs.into_iter().map(|(t, f)| (t, span.start + f)).collect());
    // Shift to the trimmed value: a run at its start, then the runs after it.
    let mut out = vec![(0, decoded.file_offset(span.start, trimmed))];
    out.extend(decoded.0.iter().filter(|&&(t, _)| t > trimmed).map(|&(t, f)| (t - trimmed, f)));
    TextMap(out)
}

/// A string builder that keeps, for each piece, its offset in the value and in the
/// literal.
struct Runs<'s> {
    literal: &'s str,
    decoded: String,
    runs: Vec<(usize, usize)>,
    /// Where the last slice of the literal ended: where an escape after it starts.
    end: usize,
}

impl<'s> StringBuilder<'s> for Runs<'s> {
    fn clear(&mut self) {
        self.decoded.clear();
        self.runs.clear();
        self.end = 0;
    }

    fn push_str(&mut self, append: &'s str) -> bool {
        // The decoder hands out slices of the literal; the offset is their distance
        // from its start.
        let offset = (append.as_ptr() as usize).wrapping_sub(self.literal.as_ptr() as usize);
        if offset <= self.literal.len() && offset + append.len() <= self.literal.len() {
            self.runs.push((self.decoded.len(), offset));
            self.end = offset + append.len();
        } else {
            self.runs.push((self.decoded.len(), self.end));
        }
        self.decoded.push_str(append);
        true
    }

    fn push_char(&mut self, append: char) -> bool {
        self.runs.push((self.decoded.len(), self.end));
        self.decoded.push(append);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file text at the position of each marked character of the value.
    fn check(file: &str, key: &str, probes: &[(&str, &str)]) {
        let (table, errors) = toml::de::DeTable::parse_recoverable(file);
        assert!(errors.is_empty(), "{errors:?}");
        let v = table.get_ref().get(key).unwrap();
        let toml::de::DeValue::String(value) = v.get_ref() else { panic!("not a string") };
        let trimmed = value.len() - value.trim_start().len();
        let text = value.trim();
        let m = map(file, v.span(), value, trimmed);
        for (probe, expected) in probes {
            let at = text.find(probe).unwrap_or_else(|| panic!("{probe:?} not in {text:?}"));
            let f = m.file_offset(usize::MAX, at);
            assert!(file[f..].starts_with(expected), "{probe:?} → {:?}, expected {expected:?}", &file[f..]);
        }
    }

    #[test]
    fn positions_follow_escapes_and_trimming_in_every_kind_of_string() {
        check("a = 1\nnote = \"\"\"\n  一行目\n二行目 [x](@/y)\n\"\"\"\n", "note", &[("一行目", "一行目"), ("[x]", "[x]")]);
        check("note = \"\\u3042\\n\\tい [x](@/y)\"", "note", &[("あ", "\\u3042"), ("い", "い"), ("[x]", "[x]")]);
        check(
            "note = \"\"\"\\\n    折り返し \\\n    続き\\u0000 [x](@/y)\"\"\"",
            "note",
            &[("折り返し", "折り返し"), ("続き", "続き"), ("\u{0}", "\\u0000"), ("[x]", "[x]")],
        );
        check("note = '''\n文字通り\\n [x](@/y)'''", "note", &[("文字通り", "文字通り"), ("[x]", "[x]")]);
        check("name = ' 名前 '", "name", &[("名前", "名前")]);
        check("note = \"\"\"\r\n改行\r\n[x](@/y)\"\"\"", "note", &[("改行", "改行"), ("[x]", "[x]")]);
    }
}
