//! What must hold of the Markdown dialect's outputs for any text, checked by the fuzz
//! target (`fuzz/`) and by the replay of its recorded inputs: content makes no markup
//! but the dialect's own (no attribute it did not set, no id the page has, no two equal
//! ids), and no output carries a hidden control. A broken rule panics.

use std::collections::BTreeSet;

use crate::markdown::{self, Page};
use crate::text::escape::is_hidden_control;
use crate::view::print;

/// A page with a landmark id, a reserved id prefix (the theme's `tel-{{ n.id }}`) and
/// one linkable article.
struct FuzzPage;

impl Page for FuzzPage {
    fn resolve(&self, target: &str) -> Result<String, crate::i18n::Msg> {
        if target == "articles/a.md" { Ok("../articles/a.html".into()) } else { Err(crate::msg!("io-other", detail = target)) }
    }
    fn uses_id(&self, id: &str) -> bool {
        id == "main" || id.starts_with("tel-")
    }
}

/// Runs every consumer of the dialect over `text` and checks their outputs.
pub fn check_markdown(text: &str) {
    let r = markdown::render(text, &FuzzPage);
    for out in [&r.html, &r.text, &r.first_paragraph] {
        assert!(!out.chars().any(is_hidden_control), "a hidden control in {out:?}");
    }
    check_html(&r.html);
    let line = markdown::one_line_text(text);
    assert!(!line.contains(['\n', '\r']) && !line.chars().any(is_hidden_control), "{line:?}");
    let blocks = serde_json::to_string(&print::blocks(text)).unwrap_or_default();
    assert!(!crate::text::escape::json_without_hidden(&blocks).contains("\\u00"), "{blocks}");
    assert!(!blocks.chars().any(is_hidden_control), "{blocks}");
}

/// Every tag and attribute of the HTML is one the dialect makes. Text and attribute
/// values are escaped, so each `<` starts a tag.
fn check_html(html: &str) {
    let mut ids = BTreeSet::new();
    for tag in html.split('<').skip(1) {
        let end = tag.find('>').unwrap_or_else(|| panic!("unclosed tag in {html:?}"));
        let tag = &tag[..end];
        let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        let name = name.trim_start_matches('/').trim_end_matches('/');
        assert!(
            matches!(
                name,
                "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "li" | "a" | "em" | "strong" | "del" | "code" | "pre"
                    | "blockquote" | "table" | "thead" | "tbody" | "tr" | "th" | "td" | "hr" | "br" | "sup" | "div"
                    | "ruby" | "rp" | "rt"
            ),
            "tag <{tag}> in {html:?}"
        );
        while let Some((attr, rest)) = attrs.trim_start().split_once("=\"") {
            let (value, rest) = rest.split_once('"').unwrap_or_else(|| panic!("unquoted value in <{tag}>"));
            attrs = rest;
            let ok = match attr {
                "href" => {
                    let v = value.to_ascii_lowercase();
                    ["http://", "https://", "mailto:", "tel:", "#", "../articles/a.html"].iter().any(|p| v.starts_with(p))
                }
                "title" => name == "a",
                "start" => name == "ol" && value.bytes().all(|b| b.is_ascii_digit()),
                "style" => matches!(value, "text-align: left" | "text-align: center" | "text-align: right"),
                "class" => matches!(value, "footnote-definition" | "footnote-reference" | "footnote-definition-label"),
                "id" => {
                    assert!(value != "main" && !value.starts_with("tel-") && ids.insert(value.to_string()), "id {value:?} twice or the page's, in {html:?}");
                    value.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                }
                _ => false,
            };
            assert!(ok, "attribute {attr}=\"{value}\" on <{name}> in {html:?}");
        }
        assert!(attrs.trim().trim_end_matches('/').is_empty(), "attribute without value in <{tag}>: {html:?}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hostile_markdown_passes_the_checks() {
        super::check_markdown(concat!(
            "## 見出し {#main .x onclick=alert(1) hidden style=color:red}\n\n",
            "[^main] <b onclick=x>b</b> [a](javascript:x) [b](@/articles/a.md \"t\") <https://x.example/{a|b}>\n\n",
            "```js\" onclick=\"x\n\u{1b}[2J\n```\n\n| a | b |\n|:-:|--:|\n| {漢字|かんじ} | `{c|d}` |\n\n3. x\n\n[^main]: 注\u{202E}\n",
            // A reserved prefix blocks every `-2` form (this once never ended).
            "## 電話 {#tel-119}\n\n## 電話 {#tel-119}\n\n[^tel-1]\n\n[^tel-1]: 注\n"
        ));
    }
}
