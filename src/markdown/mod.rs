//! The Markdown dialect of articles, notes and descriptions: CommonMark with tables,
//! footnotes and strikethrough, `@/` links between content files, `{漢字|かんじ}`
//! furigana, and nothing that could run, load from elsewhere or change the page around
//! it.
//!
//! The dialect is one event filter, [`Dialect`], over pulldown-cmark's events. Every
//! output of a Markdown text is made from its items: the page's HTML, the search text
//! and headings ([`render`]), the one-line text of the open data ([`one_line_text`]),
//! and the print blocks of leaflets (`view::print`). So a rule — a link refused, a
//! heading's attributes dropped, furigana not read inside code — holds in all of them.

mod ids;
mod render;

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset};

use crate::diagnostic::Severity;
use crate::i18n::{Msg, quoted};
use crate::msg;
use crate::text::escape::{is_hidden_control, without_hidden};
use ids::{Clash, Ids};
pub use render::{Rendered, one_line_text, plain_text_summary, render};

/// The page a text is shown on, as far as the dialect needs to know it.
pub trait Page {
    /// Resolves an `@/…` target (without the `@/` and fragment) to a URL relative to
    /// the page, or says why it cannot.
    fn resolve(&self, target: &str) -> Result<String, Msg>;
    /// Whether the page itself (its template) has an element with this id, which
    /// content must then not take.
    fn uses_id(&self, id: &str) -> bool;
}

/// A page that takes any link and has no ids of its own: for outputs where links keep
/// only their text (paper, one-line text), whose problems the web page reports.
pub(crate) struct AnyPage;

impl Page for AnyPage {
    fn resolve(&self, _: &str) -> Result<String, Msg> {
        Ok(String::new())
    }
    fn uses_id(&self, _: &str) -> bool {
        false
    }
}

/// A problem found in the Markdown, with its byte range in the Markdown text.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    pub span: Range<usize>,
    pub message: Msg,
}

/// One item of the dialect's stream.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item<'a> {
    /// A CommonMark event, as the dialect allows it: no raw HTML, links checked and
    /// resolved, images as their text, headings from h2 down with at most a checked id,
    /// text without hidden controls.
    Event(Event<'a>),
    /// `{base|reading}` furigana, in text (never in code or an autolink).
    Ruby { base: CowStr<'a>, reading: CowStr<'a> },
}

const ALLOWED_SCHEMES: &[&str] = &["http://", "https://", "mailto:", "tel:"];

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The dialect's rules as one pass over pulldown-cmark's events:
/// - raw HTML is dropped (a warning);
/// - links are checked and resolved; a refused link keeps its text (a warning, or an
///   error for a broken `@/` link);
/// - an image shows its text instead (a warning);
/// - the page's title stays the only h1 (`#` becomes h2);
/// - a heading keeps only its id from `{#id .class key=value}`, checked and made unique
///   against the page's ids; footnotes get checked, unique ids too; a code fence's
///   info string (which would be a class) is dropped;
/// - `{漢字|かんじ}` becomes [`Item::Ruby`], except inside code and autolinks;
/// - hidden controls (NUL, ESC, bidi overrides…) are removed from text.
///
/// What it refuses is collected in [`Dialect::problems`].
pub(crate) struct Dialect<'a, 'p> {
    source: &'a str,
    events: TextMergeWithOffset<'a, pulldown_cmark::OffsetIter<'a>>,
    page: &'p dyn Page,
    /// Items made from one event (text split around furigana), not yet handed out.
    queue: VecDeque<Item<'a>>,
    /// For each open link: whether its start tag was kept, and whether it is an
    /// autolink (whose text is its address).
    links: Vec<(bool, bool)>,
    in_image: usize,
    in_code_block: usize,
    ids: Ids<'p>,
    /// Footnote label → the id it was given.
    footnotes: BTreeMap<String, String>,
    problems: Vec<Problem>,
}

impl<'a, 'p> Dialect<'a, 'p> {
    pub(crate) fn new(markdown: &'a str, page: &'p dyn Page) -> Self {
        Dialect {
            source: markdown,
            events: TextMergeWithOffset::new(Parser::new_ext(markdown, options()).into_offset_iter()),
            page,
            queue: VecDeque::new(),
            links: Vec::new(),
            in_image: 0,
            in_code_block: 0,
            ids: Ids::new(page),
            footnotes: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    /// What the dialect refused or changed so far (all of it, once the items are spent).
    pub(crate) fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    fn warn(&mut self, span: Range<usize>, message: Msg) {
        self.problems.push(Problem { severity: Severity::Warning, span, message });
    }

    /// The heading's id, if its attributes give a usable one; every other attribute is
    /// dropped with a warning at the `{…}`.
    fn heading_id(&mut self, span: Range<usize>, id: Option<CowStr<'a>>, classes: &[CowStr<'a>], attrs: &[(CowStr<'a>, Option<CowStr<'a>>)]) -> Option<CowStr<'a>> {
        let at = self.attribute_span(span);
        if !classes.is_empty() || !attrs.is_empty() {
            let names: Vec<String> = classes
                .iter()
                .map(|c| format!("`.{}`", without_hidden(c)))
                .chain(attrs.iter().map(|(k, _)| format!("`{}`", without_hidden(k))))
                .collect();
            self.warn(at.clone(), msg!("markdown-heading-attributes", removed = names));
        }
        let wanted = id?;
        if !ids::is_valid(&wanted) {
            self.warn(at, msg!("markdown-heading-id-invalid", id = quoted(&without_hidden(&wanted))));
            return None;
        }
        let (id, clash) = self.ids.claim(&wanted);
        let wanted = quoted(&wanted);
        let message = match (clash, &id) {
            (Some(Clash::Page), Some(id)) => msg!("markdown-heading-id-page", id = wanted, given = quoted(id)),
            (Some(Clash::Page), None) => msg!("markdown-heading-id-page-none", id = wanted),
            (Some(Clash::Earlier), Some(id)) => msg!("markdown-heading-id-earlier", id = wanted, given = quoted(id)),
            (Some(Clash::Earlier), None) => msg!("markdown-heading-id-earlier-none", id = wanted),
            (None, _) => return id.map(Into::into),
        };
        self.warn(at, message);
        id.map(Into::into)
    }

    /// The `{…}` at the end of a heading, or the heading itself.
    fn attribute_span(&self, heading: Range<usize>) -> Range<usize> {
        let text = self.source.get(heading.clone()).unwrap_or("");
        match (text.rfind('{'), text.rfind('}')) {
            (Some(open), Some(close)) if open < close => heading.start + open..heading.start + close + 1,
            _ => heading,
        }
    }

    /// The id of a footnote, the same for its references and its definition.
    fn footnote_id(&mut self, label: &str) -> CowStr<'a> {
        if let Some(id) = self.footnotes.get(label) {
            return id.clone().into();
        }
        let wanted: String = label.chars().filter(|&c| c.is_alphanumeric() || c == '-' || c == '_').take(60).collect();
        // Only a theme that reserves `h-` and a prefix of the label leaves it no id: its
        // link then goes nowhere, which is all that is lost.
        let (id, _) = self.ids.claim(if wanted.is_empty() { "fn" } else { &wanted });
        let id = id.unwrap_or_default();
        self.footnotes.insert(label.to_string(), id.clone());
        id.into()
    }

    /// Text, split around furigana unless in code or an autolink.
    fn text(&mut self, text: CowStr<'a>) -> Option<Item<'a>> {
        let text = clean(text);
        let autolink = self.links.last().is_some_and(|&(_, auto)| auto);
        let pieces = if self.in_code_block > 0 || autolink { Vec::new() } else { ruby_pieces(&text) };
        if pieces.iter().all(|p| matches!(p, Piece::Text(_))) {
            return Some(Item::Event(Event::Text(text)));
        }
        self.queue.extend(pieces.into_iter().map(|p| match p {
            Piece::Text(s) => Item::Event(Event::Text(s.to_string().into())),
            Piece::Ruby(base, reading) => Item::Ruby { base: base.to_string().into(), reading: reading.to_string().into() },
        }));
        self.queue.pop_front()
    }
}

/// Text without hidden controls; borrowed when there are none.
fn clean(text: CowStr<'_>) -> CowStr<'_> {
    if text.chars().any(is_hidden_control) { without_hidden(&text).into_owned().into() } else { text }
}

impl<'a> Iterator for Dialect<'a, '_> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if let Some(item) = self.queue.pop_front() {
            return Some(item);
        }
        let demote = |level| if level == HeadingLevel::H1 { HeadingLevel::H2 } else { level };
        loop {
            let (event, span) = self.events.next()?;
            let event = match event {
                Event::Html(raw) | Event::InlineHtml(raw) => {
                    if !raw.trim().is_empty() {
                        self.warn(span, Msg::new("markdown-raw-html"));
                    }
                    continue;
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    match check_link(&dest_url, link_type, self.page) {
                        Ok(url) => {
                            self.links.push((true, autolink));
                            let url = without_hidden(&url).into_owned().into();
                            Event::Start(Tag::Link { link_type, dest_url: url, title: clean(title), id })
                        }
                        Err(p) => {
                            self.problems.push(Problem { span, ..p });
                            self.links.push((false, autolink));
                            continue;
                        }
                    }
                }
                Event::End(TagEnd::Link) => {
                    if !self.links.pop().is_some_and(|(kept, _)| kept) {
                        continue;
                    }
                    event
                }
                Event::Start(Tag::Image { .. }) => {
                    // Images would be loaded from wherever they point; show their alt text.
                    self.warn(span, Msg::new("markdown-image"));
                    self.in_image += 1;
                    continue;
                }
                Event::End(TagEnd::Image) => {
                    self.in_image = self.in_image.saturating_sub(1);
                    continue;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    self.in_code_block += 1;
                    // A fence's info string would become `class="language-…"`.
                    let kind = match kind {
                        CodeBlockKind::Fenced(_) => CodeBlockKind::Fenced("".into()),
                        indented => indented,
                    };
                    Event::Start(Tag::CodeBlock(kind))
                }
                Event::End(TagEnd::CodeBlock) => {
                    self.in_code_block = self.in_code_block.saturating_sub(1);
                    event
                }
                Event::Text(t) => match self.text(t) {
                    Some(item) => return Some(item),
                    None => continue,
                },
                Event::Code(t) if self.in_image > 0 => Event::Text(clean(t)),
                Event::Code(t) => Event::Code(clean(t)),
                Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                    let id = self.heading_id(span, id, &classes, &attrs);
                    Event::Start(Tag::Heading { level: demote(level), id, classes: Vec::new(), attrs: Vec::new() })
                }
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
                Event::FootnoteReference(label) => Event::FootnoteReference(self.footnote_id(&label)),
                Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(self.footnote_id(&label))),
                // Not enabled, so never seen: kept out all the same.
                Event::InlineMath(_) | Event::DisplayMath(_) | Event::TaskListMarker(_) => continue,
                other => other,
            };
            return Some(Item::Event(event));
        }
    }
}

/// Text split into plain runs and `{漢字|かんじ}` furigana.
enum Piece<'a> {
    Text(&'a str),
    Ruby(&'a str, &'a str),
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

fn check_link(dest: &CowStr<'_>, link_type: LinkType, page: &dyn Page) -> Result<String, Problem> {
    let problem = |severity, message: Msg| Problem { severity, span: 0..0, message };
    let dest = dest.trim();
    if let Some(target) = dest.strip_prefix("@/") {
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        return page
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

#[cfg(test)]
mod tests;
