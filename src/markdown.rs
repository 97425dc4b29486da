//! The Markdown dialect of articles and notes: CommonMark with tables and footnotes,
//! `@/` links between content files, and nothing that could run or load from elsewhere.
//!
//! Each text is parsed once per page that shows it; the same pass produces the HTML, the
//! plain text (for search and summaries), the headings, and the problems found.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostic::Severity;

/// Resolves an `@/…` target (without the `@/` and fragment) to a URL relative to the
/// page being rendered, or says why it cannot.
pub trait ResolveLink {
    fn resolve(&self, target: &str) -> Result<String, String>;
}

/// A problem found in the Markdown, with its byte range in the Markdown text.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The text without markup, for search and for summaries.
    pub text: String,
    pub headings: Vec<String>,
    /// The first paragraph's text, used when an article has no summary.
    pub first_paragraph: String,
    pub problems: Vec<Problem>,
}

const ALLOWED_SCHEMES: &[&str] = &["http://", "https://", "mailto:", "tel:"];

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render(markdown: &str, links: &dyn ResolveLink) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    // For each open link: whether its start tag was kept (a dropped link keeps its text).
    let mut link_stack: Vec<bool> = Vec::new();
    let mut in_heading = false;
    let mut heading = String::new();
    let mut paragraph_depth = 0usize;
    let mut first_done = false;
    let mut in_image = 0usize;

    for (event, span) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if !raw.trim().is_empty() {
                    out.problems.push(Problem {
                        severity: Severity::Warning,
                        span,
                        message: "raw HTML is not published; it was removed".into(),
                    });
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let kept = match check_link(&dest_url, link_type, links) {
                    Ok(url) => {
                        events.push(Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id }));
                        true
                    }
                    Err(p) => {
                        out.problems.push(Problem { span, ..p });
                        false
                    }
                };
                link_stack.push(kept);
            }
            Event::End(TagEnd::Link) => {
                if link_stack.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { .. }) => {
                // Images would be loaded from wherever they point; show their alt text.
                out.problems.push(Problem {
                    severity: Severity::Warning,
                    span,
                    message: "images are not supported in content; the image's text is shown instead".into(),
                });
                in_image += 1;
            }
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                in_heading = true;
                heading.clear();
                // The page's title is the only h1.
                let level = if level == HeadingLevel::H1 { HeadingLevel::H2 } else { level };
                events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                in_heading = false;
                out.headings.push(std::mem::take(&mut heading));
                let level = if level == HeadingLevel::H1 { HeadingLevel::H2 } else { level };
                events.push(Event::End(TagEnd::Heading(level)));
                out.text.push('\n');
            }
            Event::Start(Tag::Paragraph) => {
                paragraph_depth += 1;
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                if !out.first_paragraph.is_empty() {
                    first_done = true;
                }
                out.text.push('\n');
                events.push(Event::End(TagEnd::Paragraph));
            }
            Event::Text(t) | Event::Code(t) if in_image > 0 => {
                out.text.push_str(&t);
                events.push(Event::Text(t));
            }
            Event::Code(t) => {
                out.text.push_str(&t);
                if in_heading {
                    heading.push_str(&t);
                }
                if paragraph_depth > 0 && !first_done && !in_heading {
                    out.first_paragraph.push_str(&t);
                }
                events.push(Event::Code(t));
            }
            Event::Text(t) => {
                let pieces = ruby_pieces(&t);
                let plain: String = pieces.iter().map(|p| p.base()).collect();
                out.text.push_str(&plain);
                if in_heading {
                    heading.push_str(&plain);
                }
                if paragraph_depth > 0 && !first_done && !in_heading {
                    out.first_paragraph.push_str(&plain);
                }
                if pieces.iter().all(|p| matches!(p, Piece::Text(_))) {
                    events.push(Event::Text(t));
                } else {
                    for piece in pieces {
                        match piece {
                            Piece::Text(s) => events.push(Event::Text(CowStr::from(s.to_string()))),
                            Piece::Ruby(base, reading) => events.push(Event::InlineHtml(CowStr::from(format!(
                                "<ruby>{}<rp>（</rp><rt>{}</rt><rp>）</rp></ruby>",
                                escape_html(base),
                                escape_html(reading)
                            )))),
                        }
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                out.text.push(' ');
                events.push(event);
            }
            other => events.push(other),
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// Text split into plain runs and `{漢字|かんじ}` furigana.
enum Piece<'a> {
    Text(&'a str),
    Ruby(&'a str, &'a str),
}

impl Piece<'_> {
    fn base(&self) -> &str {
        match self {
            Piece::Text(s) | Piece::Ruby(s, _) => s,
        }
    }
}

/// Finds `{base|reading}` spans: both parts non-empty and without braces or bars.
/// Anything else stays text, so a stray brace is never an error.
fn ruby_pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = &after[..close];
        match inner.split_once('|') {
            Some((base, reading))
                if !base.is_empty() && !reading.is_empty() && !inner.contains('{') && !reading.contains('|') =>
            {
                if open > 0 {
                    out.push(Piece::Text(&rest[..open]));
                }
                out.push(Piece::Ruby(base, reading));
                rest = &after[close + 1..];
            }
            _ => {
                out.push(Piece::Text(&rest[..open + 1]));
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn check_link(dest: &CowStr<'_>, link_type: LinkType, links: &dyn ResolveLink) -> Result<String, Problem> {
    let problem = |severity, message: String| Problem { severity, span: 0..0, message };
    let dest = dest.trim();
    if let Some(target) = dest.strip_prefix("@/") {
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        return links
            .resolve(path)
            .map(|url| match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url,
            })
            .map_err(|m| problem(Severity::Error, m));
    }
    if matches!(link_type, LinkType::Email) {
        return Ok(format!("mailto:{dest}"));
    }
    if dest.starts_with('#') && dest.len() > 1 {
        return Ok(dest.to_string());
    }
    let lower = dest.to_ascii_lowercase();
    if ALLOWED_SCHEMES.iter().any(|s| lower.starts_with(s)) {
        return Ok(dest.to_string());
    }
    Err(problem(
        Severity::Warning,
        format!("link {dest:?} was removed: links may use http, https, mailto, tel, or @/ to a content file"),
    ))
}

/// Markdown for short fields (notes, descriptions) rendered with the same rules.
pub fn plain_text_summary(text: &str, max_chars: usize) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max_chars {
        return collapsed;
    }
    let mut s: String = collapsed.chars().take(max_chars).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Links;
    impl ResolveLink for Links {
        fn resolve(&self, target: &str) -> Result<String, String> {
            match target {
                "articles/acp.md" => Ok("../articles/acp.html".into()),
                other => Err(format!("no such file: {other}")),
            }
        }
    }

    #[test]
    fn resolves_content_links_and_keeps_fragments() {
        let r = render("[人生会議](@/articles/acp.md#start)", &Links);
        assert!(r.html.contains(r#"<a href="../articles/acp.html#start">人生会議</a>"#), "{}", r.html);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn broken_content_link_is_an_error_at_the_link() {
        let md = "前文\n\n[こちら](@/articles/none.md)";
        let r = render(md, &Links);
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].severity, Severity::Error);
        assert_eq!(&md[r.problems[0].span.clone()], "[こちら](@/articles/none.md)");
        assert!(r.html.contains("こちら") && !r.html.contains("<a"));
    }

    #[test]
    fn scripts_and_raw_html_never_reach_the_page() {
        let md = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x()\">太字</b> ![p](https://evil.example/p.png)";
        let r = render(md, &Links);
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("evil.example"), "{}", r.html);
        assert!(r.html.contains("太字"));
        assert_eq!(r.problems.len(), 5, "{:?}", r.problems);
    }

    #[test]
    fn furigana_becomes_ruby_and_plain_text_keeps_the_base() {
        let r = render("## {在宅医療|ざいたくいりょう}とは\n\n{A&B|x} と {a|b|c} と {閉じない", &Links);
        assert!(r.html.contains("<h2><ruby>在宅医療<rp>（</rp><rt>ざいたくいりょう</rt><rp>）</rp></ruby>とは</h2>"), "{}", r.html);
        assert!(r.html.contains("<ruby>A&amp;B<rp>"), "the parts are escaped: {}", r.html);
        assert!(r.html.contains("{a|b|c}") && r.html.contains("{閉じない"), "{}", r.html);
        assert_eq!(r.headings, vec!["在宅医療とは"]);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn headings_start_at_h2_and_are_collected() {
        let r = render("# 大見出し\n\n## 小見出し\n\n本文です。", &Links);
        assert!(r.html.contains("<h2>大見出し</h2>"));
        assert!(r.html.contains("<h2>小見出し</h2>"));
        assert_eq!(r.headings, vec!["大見出し", "小見出し"]);
        assert_eq!(r.first_paragraph, "本文です。");
    }
}
