//! One content file's text parsed without a project around it: what the fuzz target
//! and the tests of the parsers use. Never panics, whatever the text.

use super::*;

/// The kinds of content file, for parsing text that is not on disk (fuzzing, tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Site,
    Emergency,
    Region,
    Institution,
    Article,
    Leaflet,
    Availability,
}

/// Parses `text` as one content file of the given kind and returns its diagnostics.
/// Never panics, whatever the text: that is what the fuzz target checks.
pub fn parse_text(kind: FileKind, text: &str) -> Diagnostics {
    let mut d = Diagnostics::default();
    let id = Id::parse("fuzz").unwrap_or_else(|| unreachable!("a valid id"));
    let entry = match kind {
        FileKind::Site => Entry::Site,
        FileKind::Emergency => Entry::Emergency,
        FileKind::Region => Entry::Region(id),
        FileKind::Institution => Entry::Institution { region: id.clone(), id },
        FileKind::Article => Entry::SharedArticle(id),
        FileKind::Leaflet => Entry::Leaflet(id),
        FileKind::Availability => Entry::Availability(id),
    };
    let mut src = SourceFile::new("fuzz", text.to_string());
    hide_internal(&mut src, &entry);
    let parsed = parse_source(&src, &entry, FileId(0), &mut d);
    // Render what can be rendered, with links resolving nowhere, and report its
    // problems where the context would: at their place in the file.
    struct NoLinks;
    impl crate::markdown::Page for NoLinks {
        fn resolve(&self, target: &str) -> Result<String, Msg> {
            Err(msg!("io-other", detail = target))
        }
        fn uses_id(&self, id: &str) -> bool {
            id == "main"
        }
    }
    let markdown = match parsed {
        Some(Parsed::Article { article, .. }) => Some(article.body),
        Some(Parsed::Region(_, file, r)) => r.description.map(|(text, span, map)| Markdown { text, loc: Loc { file, span }, map }),
        Some(Parsed::Institution(_, _, file, i)) => i.note.map(|(text, span, map)| Markdown { text, loc: Loc { file, span }, map }),
        _ => None,
    };
    if let Some(md) = markdown {
        for p in crate::markdown::render(&md.text, &NoLinks).problems {
            d.push(Diagnostic::at(p.severity, &src, md.file_span(p.span), p.message));
        }
    }
    for diag in d.iter() {
        // Formatting a diagnostic walks the source line: it must not panic either.
        for lang in crate::i18n::Lang::ALL {
            let _ = diag.render(lang);
        }
    }
    d
}
