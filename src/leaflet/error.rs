//! Why a leaflet could not be made. Every message names the leaflet and the region, so
//! an author knows which file to change, and none of them echoes a record's values.

use std::fmt;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Leaflet, LeafletSection, Project};

/// Which part of a leaflet does not fit on its page. Institution lists never do: they
/// show as many rows as fit. A part named here is the first, from the top of the
/// page, that crosses its bottom with every list empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverflowAt {
    /// The title and region at the top.
    Header,
    /// The foot of the page: website and QR code, whom to ask, the date, the publisher.
    Colophon,
    /// The section at this position (0-based) of the leaflet's `[[sections]]`.
    Section { index: usize, kind: &'static str },
    /// A project's own layout that does not report which part: even without any
    /// section it does not fit.
    FixedParts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeafletError {
    /// A `qr` section, but `site.toml` has no `base_url` to point it at.
    NeedsBaseUrl { leaflet: String, region: String },
    /// An `article` section names an article that the region does not publish.
    MissingArticle { leaflet: String, region: String, article: String },
    /// The leaflet needs more than one page of its paper.
    Overflow { leaflet: String, region: String, paper: &'static str, pages: usize, at: OverflowAt },
    /// The layout file (a theme file) has an error; `place` is `file:line:column`.
    Layout { leaflet: String, region: String, place: String, message: String },
    /// The QR code could not be encoded (a base URL far too long for a QR code).
    Qr { leaflet: String, region: String, message: String },
    /// PDF export failed.
    Pdf { leaflet: String, region: String, message: String },
}

impl LeafletError {
    pub fn leaflet(&self) -> &str {
        match self {
            LeafletError::NeedsBaseUrl { leaflet, .. }
            | LeafletError::MissingArticle { leaflet, .. }
            | LeafletError::Overflow { leaflet, .. }
            | LeafletError::Layout { leaflet, .. }
            | LeafletError::Qr { leaflet, .. }
            | LeafletError::Pdf { leaflet, .. } => leaflet,
        }
    }

    pub fn region(&self) -> &str {
        match self {
            LeafletError::NeedsBaseUrl { region, .. }
            | LeafletError::MissingArticle { region, .. }
            | LeafletError::Overflow { region, .. }
            | LeafletError::Layout { region, .. }
            | LeafletError::Qr { region, .. }
            | LeafletError::Pdf { region, .. } => region,
        }
    }

    /// What the author can do about it.
    pub fn help(&self) -> Option<String> {
        match self {
            LeafletError::NeedsBaseUrl { .. } => Some(
                "add base_url = \"https://…/\" to site.toml (the address the site is published at), or remove the qr section"
                    .into(),
            ),
            LeafletError::Overflow { at: OverflowAt::FixedParts | OverflowAt::Header, .. } => {
                Some("the leaflet layout (themes/<name>/leaflet/leaflet.typ) is too tall for its paper".into())
            }
            LeafletError::Overflow { at: OverflowAt::Colophon, .. } => Some(
                "the parts above it leave no room: shorten an article (summary = true) or the emergency numbers, or split the leaflet in two".into(),
            ),
            LeafletError::Overflow { paper, .. } => Some(if *paper == "A4" {
                "shorten that section or one above it (an article's summary = true), split the leaflet in two, or set paper = \"A3\"".into()
            } else {
                "shorten that section or one above it (an article's summary = true) or split the leaflet in two".into()
            }),
            LeafletError::MissingArticle { region, article, .. } => Some(format!(
                "looked for content/regions/{region}/articles/{article}.md and content/articles/{article}.md"
            )),
            _ => None,
        }
    }

    /// The error as a build diagnostic at the leaflet's file (at the article's name for
    /// a missing article; at the layout for a layout error).
    pub fn to_diagnostic(&self, project: &Project, leaflet: &Leaflet) -> Diagnostic {
        let src = project.source(leaflet.file);
        let mut d = match self {
            LeafletError::MissingArticle { article, .. } => {
                let at = leaflet.sections.iter().find_map(|s| match s {
                    LeafletSection::Article { article: a, .. } if &a.value == article => Some(a.loc.span.clone()),
                    _ => None,
                });
                match at {
                    Some(span) => Diagnostic::at(Severity::Error, src, span, self.to_string()),
                    None => Diagnostic::for_file(Severity::Error, src.path.clone(), self.to_string()),
                }
            }
            LeafletError::Layout { place, .. } => {
                let (file, line) = split_place(place);
                let mut d = Diagnostic::for_file(Severity::Error, file, self.to_string());
                d.line = line;
                d
            }
            _ => Diagnostic::for_file(Severity::Error, src.path.clone(), self.to_string()),
        };
        if let Some(help) = self.help() {
            d = d.with_help(help);
        }
        d
    }
}

/// `file:line:column` → (file, line).
fn split_place(place: &str) -> (String, usize) {
    let mut parts = place.rsplitn(3, ':');
    let _col = parts.next();
    let line = parts.next().and_then(|l| l.parse().ok());
    match (line, parts.next()) {
        (Some(line), Some(file)) => (file.to_string(), line),
        _ => (place.to_string(), 1),
    }
}

impl fmt::Display for LeafletError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeafletError::NeedsBaseUrl { leaflet, region } => write!(
                f,
                "leaflet {leaflet} needs base_url in site.toml for its QR code (region {region})"
            ),
            LeafletError::MissingArticle { leaflet, region, article } => write!(
                f,
                "leaflet {leaflet} shows article {article:?}, which region {region} does not publish"
            ),
            LeafletError::Overflow { leaflet, region, paper, pages, at } => {
                write!(f, "leaflet {leaflet} does not fit on one {paper} page in region {region} ({pages} pages): ")?;
                match at {
                    OverflowAt::Header => write!(f, "its title overflows"),
                    OverflowAt::Colophon => {
                        write!(f, "its foot (website, QR code, contacts, date, publisher) overflows")
                    }
                    OverflowAt::Section { index, kind } => {
                        write!(f, "section {} ({kind}) overflows, even with no institution rows", index + 1)
                    }
                    OverflowAt::FixedParts => write!(f, "its title, publisher, date and website alone overflow"),
                }
            }
            LeafletError::Layout { leaflet, region, place, message } => {
                write!(f, "leaflet {leaflet} (region {region}): error in the leaflet layout at {place}: {message}")
            }
            LeafletError::Qr { leaflet, region, message } => {
                write!(f, "leaflet {leaflet} (region {region}): cannot make the QR code: {message}")
            }
            LeafletError::Pdf { leaflet, region, message } => {
                write!(f, "leaflet {leaflet} (region {region}): PDF export failed: {message}")
            }
        }
    }
}

impl std::error::Error for LeafletError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_names_leaflet_region_and_section() {
        let e = LeafletError::Overflow {
            leaflet: "guide".into(),
            region: "hokubu".into(),
            paper: "A4",
            pages: 2,
            at: OverflowAt::Section { index: 2, kind: "institutions" },
        };
        let s = e.to_string();
        assert!(s.contains("leaflet guide") && s.contains("region hokubu") && s.contains("section 3 (institutions)"), "{s}");
    }

    #[test]
    fn place_splits_into_file_and_line() {
        assert_eq!(split_place("themes/default/leaflet/leaflet.typ:12:5"), ("themes/default/leaflet/leaflet.typ".into(), 12));
        assert_eq!(split_place("nowhere"), ("nowhere".into(), 1));
    }
}
