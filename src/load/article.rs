//! Articles: TOML front matter between `+++` lines, then CommonMark.

use toml::de::DeTable;

use super::fields::{Fields, hidden_controls};
use crate::diagnostic::{Diagnostics, SourceFile};
use crate::model::*;

const ARTICLE_KEYS: &[&str] = &["title", "summary", "topic", "phases", "order", "updated"];

/// Splits `+++` front matter from the body. Returns the front matter's byte range and the
/// body's start offset, both into `text`.
fn split(text: &str) -> Result<(std::ops::Range<usize>, usize), &'static str> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "+++" {
        return Err("an article must start with a `+++` line, then its front matter (title, updated…), then `+++`");
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            return Ok((first_end..pos, end));
        }
        pos = end;
    }
    Err("the front matter is not closed: add a line with `+++` after it")
}

/// The front matter as TOML: a copy of the file in which everything else is blanked
/// byte for byte, so that spans index the real file with no shifting. Also returns the
/// front matter's range and where the body starts.
pub fn front_matter(text: &str) -> Result<(String, std::ops::Range<usize>, usize), &'static str> {
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
        Err(msg) => {
            d.error(src, 0..0, msg);
            return None;
        }
    };
    let (table, errors) = DeTable::parse_recoverable(&masked);
    if !errors.is_empty() {
        for e in errors {
            let span = e.span().unwrap_or(fm.start..fm.start);
            d.error(src, span, format!("front matter is not valid TOML: {}", e.message().trim()));
        }
        return None;
    }
    let table = table.into_inner();
    let f = Fields::new(src, &table, 0..3, "article front matter", ARTICLE_KEYS);
    let title = f.req_string(d, "title");
    let summary = f.opt_string(d, "summary");
    let topic = f.vocab::<Topic>(d, "topic", false).unwrap_or(Topic::Other);
    let phases = f.vocab_list(d, "phases");
    let order = f.integer(d, "order").unwrap_or(0);
    let updated = f.date(d, "updated", true);
    f.finish(d);
    let body = &src.text[body_start..];
    hidden_controls(d, src, "the article's text", body, &TextMap(vec![(0, body_start)]), false);
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

