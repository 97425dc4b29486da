//! Articles: TOML front matter between `+++` lines, then CommonMark.


use super::fields::{Fields, hidden_controls};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile};
use crate::i18n::Msg;
use crate::model::*;

const ARTICLE_KEYS: &[&str] = &["title", "summary", "topic", "phases", "order", "updated"];

/// Why an article's front matter could not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterError {
    /// The first line is not `+++`.
    NoStart,
    /// `---` lines, as other site generators (YAML front matter) use them.
    Dashes,
    /// No closing `+++`.
    NotClosed,
}

impl FrontMatterError {
    fn diagnostic(self, src: &SourceFile) -> Diagnostic {
        let (message, help) = match self {
            FrontMatterError::NoStart => (Msg::new("article-no-front-matter"), Msg::new("article-no-front-matter-help")),
            FrontMatterError::Dashes => (Msg::new("article-dashes"), Msg::new("article-dashes-help")),
            FrontMatterError::NotClosed => {
                (Msg::new("article-front-matter-not-closed"), Msg::new("article-front-matter-not-closed-help"))
            }
        };
        let first_line = src.text.find('\n').unwrap_or(src.text.len());
        let span = if self == FrontMatterError::Dashes { 0..first_line } else { 0..0 };
        Diagnostic::at(Severity::Error, src, span, message).with_help(help)
    }
}

/// Splits `+++` front matter from the body. Returns the front matter's byte range and the
/// body's start offset, both into `text`.
fn split(text: &str) -> Result<(std::ops::Range<usize>, usize), FrontMatterError> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_end].trim_end();
    if first != "+++" {
        return Err(if first == "---" { FrontMatterError::Dashes } else { FrontMatterError::NoStart });
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            return Ok((first_end..pos, end));
        }
        pos = end;
    }
    Err(FrontMatterError::NotClosed)
}

/// The front matter as TOML: a copy of the file in which everything else is blanked
/// byte for byte, so that spans index the real file with no shifting. Also returns the
/// front matter's range and where the body starts.
pub fn front_matter(text: &str) -> Result<(String, std::ops::Range<usize>, usize), FrontMatterError> {
    let (fm, body_start) = split(text)?;
    let mut bytes = text.as_bytes().to_vec();
    for (i, b) in bytes.iter_mut().enumerate() {
        if !fm.contains(&i) && *b != b'\n' {
            *b = b' ';
        }
    }
    // The front matter spans whole lines, so what is kept is valid UTF-8 and the rest ASCII.
    Ok((String::from_utf8(bytes).unwrap_or_default(), fm, body_start))
}

pub fn article(src: &SourceFile, file: FileId, id: Id, d: &mut Diagnostics) -> Option<Article> {
    let (masked, fm, body_start) = match front_matter(&src.text) {
        Ok(parts) => parts,
        Err(e) => {
            d.push(e.diagnostic(src));
            return None;
        }
    };
    let table = super::syntax::parse(src, &masked, fm.start, d)?;
    let f = Fields::new(src, &table, 0..3, Msg::new("what-article"), ARTICLE_KEYS);
    let title = f.req_string(d, "title");
    let summary = f.opt_string(d, "summary");
    let topic = f.vocab::<Topic>(d, "topic", false).unwrap_or(Topic::Other);
    let phases = f.vocab_list(d, "phases");
    let order = f.integer(d, "order").unwrap_or(0);
    let updated = f.date(d, "updated", true);
    f.finish(d);
    let body = &src.text[body_start..];
    hidden_controls(d, src, Msg::new("field-article-text"), body, &TextMap(vec![(0, body_start)]), false);
    Some(Article {
        id,
        file,
        title: title?,
        summary,
        topic,
        phases,
        order,
        updated: updated?.0,
        body: Markdown {
            text: src.text[body_start..].to_string(),
            loc: Loc { file, span: body_start..src.text.len() },
            map: TextMap::default(),
        },
    })
}

