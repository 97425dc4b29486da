//! Escaping for the places text is written into: HTML and XML (text and quoted
//! attribute values), JSON (files, and inside a `<script>` element), and the terminal.
//!
//! Every output also drops the [hidden controls](is_hidden_control): characters with no
//! visible form that change what other programs do with the text (a terminal, a PDF
//! font, bidirectional display). Load warns where content holds one; these functions
//! make sure none is written, whatever the source.
//!
//! Written by hand, on purpose, because no crate does what is needed here:
//! minijinja's escaper also escapes `/` (every URL becomes `&#x2f;` soup), the HTML
//! crates (`html-escape`, `v_htmlescape`) either do the same or leave `'` alone, and
//! none of them drops the characters XML 1.0 forbids, which a TOML `"\u0001"` could
//! otherwise carry into the Atom feed or a sitemap and make it unreadable. One
//! function serves HTML and XML alike: its output is valid in both.

use std::borrow::Cow;

/// Characters no output may carry: the C0 controls other than tab, LF and CR (ESC
/// starts terminal sequences; XML 1.0 forbids them); DEL and the C1 controls; the
/// bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069
/// (they make `0980-12-3456` display as `6543-21-0890`); U+FEFF inside text; and the
/// noncharacters U+FFFE and U+FFFF. None is visible or typed on purpose, and no font
/// can print them.
pub fn is_hidden_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `s` without its [hidden controls](is_hidden_control); borrows when it has none.
pub fn without_hidden(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_hidden_control) { Cow::Owned(s.chars().filter(|&c| !is_hidden_control(c)).collect()) } else { Cow::Borrowed(s) }
}

/// Text for a terminal: each hidden control written as Rust writes it, `\u{1b}`, so
/// that content can neither colour, move nor clear what is printed around it.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for HTML or XML, in element content or a quoted attribute value: `&`, `<`,
/// `>`, `"` and `'` become references, and hidden controls (which include every
/// character XML 1.0 does not allow) are dropped. Borrows when there is nothing to
/// change.
pub fn markup(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    markup_into(&mut out, s);
    Cow::Owned(out)
}

/// [`markup`], appended to `out`.
pub fn markup_into(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some((i, c)) = rest.char_indices().find(|&(_, c)| needs_escape(c)) {
        out.push_str(&rest[..i]);
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => {} // not allowed in XML: dropped
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

fn needs_escape(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\'') || is_hidden_control(c)
}

/// JSON text (as `serde_json` writes it) with the hidden controls removed from its
/// strings, whether written raw or as `\u` escapes (`\u001b`, `\b`). Outside strings
/// JSON holds only ASCII punctuation, digits and words, so only strings can change.
pub fn json_without_hidden(json: &str) -> Cow<'_, str> {
    let escaped_hidden = |code: &str| u32::from_str_radix(code, 16).ok().and_then(char::from_u32).is_some_and(is_hidden_control);
    if !json.chars().any(is_hidden_control) && !json.contains("\\u") && !json.contains("\\b") && !json.contains("\\f") {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(c) = rest.chars().next() {
        let len = match c {
            '\\' => {
                let after = &rest[1..];
                match after.chars().next() {
                    Some('u') if after.get(1..5).is_some_and(escaped_hidden) => {
                        rest = &rest[6..];
                        continue;
                    }
                    Some('b' | 'f') => {
                        rest = &rest[2..];
                        continue;
                    }
                    // Any other escape is copied whole, so `\\u001b` (a backslash, then
                    // text) stays what it is.
                    Some(next) => 1 + next.len_utf8(),
                    None => 1,
                }
            }
            c if is_hidden_control(c) => {
                rest = &rest[c.len_utf8()..];
                continue;
            }
            c => c.len_utf8(),
        };
        out.push_str(&rest[..len]);
        rest = &rest[len..];
    }
    Cow::Owned(out)
}

/// JSON that can sit inside `<script type="application/ld+json">` as is: `<`, `>` and
/// `&` (and the JavaScript line separators) only occur inside JSON strings, where their
/// `\u` escapes mean the same, so `</script>` or `<!--` can never appear in the element.
/// Hidden controls are removed ([`json_without_hidden`]).
pub fn script_json(json: &str) -> String {
    let json = json_without_hidden(json);
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_five_characters_and_drops_what_xml_forbids() {
        assert_eq!(markup("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assert_eq!(markup("x\u{1}y\tz\u{FFFF}\r\n"), "xy\tz\r\n");
        assert_eq!(markup("https://example.jp/a/b?c=d"), "https://example.jp/a/b?c=d");
        assert!(matches!(markup("在宅医療"), Cow::Borrowed(_)));
        let mut s = String::from("<p>");
        markup_into(&mut s, "A&B");
        assert_eq!(s, "<p>A&amp;B");
    }

    #[test]
    fn escaped_text_parses_back_as_xml() {
        let hostile = "A, \"B\"\nC </script><!-- & 'x' \u{1}\u{8}\u{B}\u{1F}\u{FFFE}";
        let xml = format!("<a t=\"{0}\" u='{0}'>{0}</a>", markup(hostile));
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        let root = doc.root_element();
        let expected = "A, \"B\"\nC </script><!-- & 'x' ";
        assert_eq!(root.text(), Some(expected));
        // Attribute values normalise whitespace (LF → space), as XML says.
        assert_eq!(root.attribute("u"), Some(expected.replace('\n', " ").as_str()));
    }

    #[test]
    fn hidden_controls_are_dropped_from_markup_and_json_and_shown_escaped_on_a_terminal() {
        let hostile = "a\u{1b}[2Jb\u{202E}c\u{2066}d\u{85}e\u{feff}f\u{7f}";
        assert_eq!(markup(hostile), "a[2Jbcdef");
        assert_eq!(without_hidden(hostile), "a[2Jbcdef");
        assert_eq!(for_terminal(hostile), "a\\u{1b}[2Jb\\u{202e}c\\u{2066}d\\u{85}e\\u{feff}f\\u{7f}");
        assert!(matches!(without_hidden("在宅\t\n\r\u{200E}"), Cow::Borrowed(_)), "tab, line ends and marks stay");
        let json = serde_json::to_string(&serde_json::json!({"k\u{1}": [hostile, "\u{8}\u{c}\t\n", "\\u001b", "ü"]})).unwrap();
        let clean = json_without_hidden(&json);
        let v: serde_json::Value = serde_json::from_str(&clean).unwrap();
        assert_eq!(v, serde_json::json!({"k": ["a[2Jbcdef", "\t\n", "\\u001b", "ü"]}), "{clean}");
        assert!(matches!(json_without_hidden("{\"a\":\"\\n\"}"), Cow::Borrowed(_)));
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        assert_eq!(script_json("\"</script>&\u{2028}\""), "\"\\u003c/script\\u003e\\u0026\\u2028\"");
    }
}
