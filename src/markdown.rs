//! The Markdown dialect of articles and notes: CommonMark with tables and footnotes,
//! `@/` links between content files, and nothing that could run or load from elsewhere.
//!
//! Each text is parsed once per page that shows it; the same pass produces the HTML, the
//! plain text (for search and summaries), the headings, and the problems found.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostic::Severity;
use crate::i18n::{Msg, quoted};
use crate::msg;
use crate::text::escape::markup;

/// Resolves an `@/…` target (without the `@/` and fragment) to a URL relative to the
/// page being rendered, or says why it cannot.
pub trait ResolveLink {
    fn resolve(&self, target: &str) -> Result<String, Msg>;
}

/// A problem found in the Markdown, with its byte range in the Markdown text.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: Msg,
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

/// The dialect's rules as one pass over pulldown-cmark's events, which every output
/// of a Markdown text is made from (the page's HTML, the search text, one-line text):
/// raw HTML is dropped, links are checked and resolved (a refused link keeps its text),
/// an image shows its text instead, and the page's title stays the only h1. What it
/// refuses is collected in `problems`.
struct Dialect<'a, 'r> {
    events: pulldown_cmark::OffsetIter<'a>,
    links: &'r dyn ResolveLink,
    /// For each open link: whether its start tag was kept.
    link_stack: Vec<bool>,
    in_image: usize,
    problems: Vec<Problem>,
}

impl<'a, 'r> Dialect<'a, 'r> {
    fn new(markdown: &'a str, links: &'r dyn ResolveLink) -> Self {
        Dialect {
            events: Parser::new_ext(markdown, options()).into_offset_iter(),
            links,
            link_stack: Vec::new(),
            in_image: 0,
            problems: Vec::new(),
        }
    }
}

impl<'a> Iterator for Dialect<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let demote = |level| if level == HeadingLevel::H1 { HeadingLevel::H2 } else { level };
        loop {
            let (event, span) = self.events.next()?;
            return Some(match event {
                Event::Html(raw) | Event::InlineHtml(raw) => {
                    if !raw.trim().is_empty() {
                        self.problems.push(Problem {
                            severity: Severity::Warning,
                            span,
                            message: Msg::new("markdown-raw-html"),
                        });
                    }
                    continue;
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    match check_link(&dest_url, link_type, self.links) {
                        Ok(url) => {
                            self.link_stack.push(true);
                            Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id })
                        }
                        Err(p) => {
                            self.problems.push(Problem { span, ..p });
                            self.link_stack.push(false);
                            continue;
                        }
                    }
                }
                Event::End(TagEnd::Link) => {
                    if !self.link_stack.pop().unwrap_or(false) {
                        continue;
                    }
                    event
                }
                Event::Start(Tag::Image { .. }) => {
                    // Images would be loaded from wherever they point; show their alt text.
                    self.problems.push(Problem {
                        severity: Severity::Warning,
                        span,
                        message: Msg::new("markdown-image"),
                    });
                    self.in_image += 1;
                    continue;
                }
                Event::End(TagEnd::Image) => {
                    self.in_image = self.in_image.saturating_sub(1);
                    continue;
                }
                Event::Code(t) if self.in_image > 0 => Event::Text(t),
                Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                    Event::Start(Tag::Heading { level: demote(level), id, classes, attrs })
                }
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
                other => other,
            });
        }
    }
}

pub fn render(markdown: &str, links: &dyn ResolveLink) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut in_heading = false;
    let mut heading = String::new();
    let mut paragraph_depth = 0usize;
    let mut first_done = false;
    let mut dialect = Dialect::new(markdown, links);

    for event in dialect.by_ref() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading.clear();
                events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                out.headings.push(std::mem::take(&mut heading));
                out.text.push('\n');
                events.push(event);
            }
            Event::Start(Tag::Paragraph) => {
                paragraph_depth += 1;
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                if !out.first_paragraph.is_empty() {
                    first_done = true;
                }
                out.text.push('\n');
                events.push(event);
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
                                markup(base),
                                markup(reading)
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
    out.problems = dialect.problems;
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// Markdown as one line of plain text, for one-line fields such as the open-data CSV's
/// 備考: what a reader sees on the page (link texts without their targets, furigana
/// without readings, no raw HTML), blocks and list items separated by a space, and
/// whitespace collapsed.
pub fn one_line_text(markdown: &str) -> String {
    /// Links are kept whatever their target: only their text matters here.
    struct AnyTarget;
    impl ResolveLink for AnyTarget {
        fn resolve(&self, _: &str) -> Result<String, Msg> {
            Ok(String::new())
        }
    }
    let is_block = |end: TagEnd| {
        !matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        )
    };
    let mut text = String::new();
    for event in Dialect::new(markdown, &AnyTarget) {
        match event {
            Event::Text(t) => text.extend(ruby_pieces(&t).iter().map(Piece::base)),
            Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(tag) if is_block(tag.to_end()) => text.push(' '),
            Event::End(end) if is_block(end) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text split into plain runs and `{漢字|かんじ}` furigana.
enum Piece<'a> {
    Text(&'a str),
    Ruby(&'a str, &'a str),
}

impl<'a> Piece<'a> {
    fn base(&self) -> &'a str {
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

fn check_link(dest: &CowStr<'_>, link_type: LinkType, links: &dyn ResolveLink) -> Result<String, Problem> {
    let problem = |severity, message: Msg| Problem { severity, span: 0..0, message };
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
    Err(problem(Severity::Warning, msg!("markdown-link-removed", link = quoted(dest))))
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
        fn resolve(&self, target: &str) -> Result<String, Msg> {
            match target {
                "articles/acp.md" => Ok("../articles/acp.html".into()),
                other => Err(msg!("io-other", detail = format!("no such file: {other}"))),
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
    fn one_line_text_is_what_the_page_shows() {
        assert_eq!(
            one_line_text("## 見出し\n\n**強調**と[リンク](@/articles/a.md)\n\n- 一\n- 二\n  - 二の二\n1. 三"),
            "見出し 強調とリンク 一 二 二の二 三"
        );
        assert_eq!(one_line_text("[未完 (x)"), "[未完 (x)");
        assert_eq!(one_line_text("![図](a.png)  説明"), "図 説明");
        // Targets with parentheses, furigana, entities, code and raw HTML.
        assert_eq!(
            one_line_text("[地図](https://example.jp/a_(b)) と {往診|おうしん}、`#7119` &amp; <b>太字</b>"),
            "地図 と 往診、#7119 & 太字"
        );
        assert_eq!(one_line_text("| 曜日 | 時間 |\n|---|---|\n| 月 | 9時 |"), "曜日 時間 月 9時");
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
