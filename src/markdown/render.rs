//! The dialect's items made into what pages and plain-text outputs show.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{AnyPage, Dialect, Item, Page, Problem};
use crate::text::escape::markup;

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

/// The HTML of a Markdown text for `page`, with its plain text, headings, first
/// paragraph and problems, from one pass of the dialect.
pub fn render(markdown: &str, page: &dyn Page) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut in_heading = false;
    let mut heading = String::new();
    let mut paragraph_depth = 0usize;
    let mut first_done = false;
    let mut dialect = Dialect::new(markdown, page);

    for item in dialect.by_ref() {
        // Text as a reader sees it without markup: a ruby's base, not its reading.
        let plain = match &item {
            Item::Event(Event::Text(t) | Event::Code(t)) => Some(t.as_ref()),
            Item::Ruby { base, .. } => Some(base.as_ref()),
            _ => None,
        };
        if let Some(plain) = plain {
            out.text.push_str(plain);
            if in_heading {
                heading.push_str(plain);
            } else if paragraph_depth > 0 && !first_done {
                out.first_paragraph.push_str(plain);
            }
        }
        let event = match item {
            Item::Ruby { base, reading } => Event::InlineHtml(CowStr::from(format!(
                "<ruby>{}<rp>（</rp><rt>{}</rt><rp>）</rp></ruby>",
                markup(&base),
                markup(&reading)
            ))),
            Item::Event(event) => event,
        };
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                out.headings.push(std::mem::take(&mut heading));
                out.text.push('\n');
            }
            Event::Start(Tag::Paragraph) => paragraph_depth += 1,
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                if !out.first_paragraph.is_empty() {
                    first_done = true;
                }
                out.text.push('\n');
            }
            Event::SoftBreak | Event::HardBreak => out.text.push(' '),
            _ => {}
        }
        events.push(event);
    }
    out.problems = dialect.into_problems();
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// Markdown as one line of plain text, for one-line fields such as the open-data CSV's
/// 備考: what a reader sees on the page (link texts without their targets, furigana
/// without readings, no raw HTML), blocks and list items separated by a space, and
/// whitespace collapsed.
pub fn one_line_text(markdown: &str) -> String {
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
    for item in Dialect::new(markdown, &AnyPage) {
        match item {
            Item::Event(Event::Text(t) | Event::Code(t)) => text.push_str(&t),
            Item::Ruby { base, .. } => text.push_str(&base),
            Item::Event(Event::SoftBreak | Event::HardBreak) => text.push(' '),
            Item::Event(Event::Start(tag)) if is_block(tag.to_end()) => text.push(' '),
            Item::Event(Event::End(end)) if is_block(end) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text (a summary, or text made by [`render`]) collapsed to one line of at most
/// `max_chars` characters, with `…` when it was cut.
pub fn plain_text_summary(text: &str, max_chars: usize) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max_chars {
        return collapsed;
    }
    let mut s: String = collapsed.chars().take(max_chars).collect();
    s.push('…');
    s
}
