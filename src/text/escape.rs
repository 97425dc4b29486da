//! Escaping for the places text is written into: HTML and XML (text and quoted
//! attribute values), and JSON inside a `<script>` element.
//!
//! Written by hand, on purpose, because no crate does what is needed here:
//! minijinja's escaper also escapes `/` (every URL becomes `&#x2f;` soup), the HTML
//! crates (`html-escape`, `v_htmlescape`) either do the same or leave `'` alone, and
//! none of them drops the characters XML 1.0 forbids, which a TOML `"\u0001"` could
//! otherwise carry into the Atom feed or a sitemap and make it unreadable. One
//! function serves HTML and XML alike: its output is valid in both.

use std::borrow::Cow;

/// Text for HTML or XML, in element content or a quoted attribute value: `&`, `<`,
/// `>`, `"` and `'` become references, and characters XML 1.0 does not allow at all
/// (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF) are dropped. Borrows when
/// there is nothing to change.
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
    matches!(c, '&' | '<' | '>' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}')
        || (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r'))
}

/// JSON that can sit inside `<script type="application/ld+json">` as is: `<`, `>` and
/// `&` (and the JavaScript line separators) only occur inside JSON strings, where their
/// `\u` escapes mean the same, so `</script>` or `<!--` can never appear in the element.
pub fn script_json(json: &str) -> String {
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
    fn script_json_cannot_close_its_element() {
        assert_eq!(script_json("\"</script>&\u{2028}\""), "\"\\u003c/script\\u003e\\u0026\\u2028\"");
    }
}
