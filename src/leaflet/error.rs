//! Why a leaflet could not be typeset. Every message names the leaflet and the region,
//! so an author knows which file to change, and none of them echoes a record's values.

use std::fmt;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Leaflet, Project};
pub use crate::print::{LayoutWarning, Place};

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
    /// The leaflet needs more than one page of its paper.
    Overflow { leaflet: String, region: String, paper: &'static str, pages: usize, at: OverflowAt },
    /// The layout file (a theme file) has an error at `place`.
    Layout { leaflet: String, region: String, place: Place, message: String },
    /// PDF export failed.
    Pdf { leaflet: String, region: String, message: String },
}

impl LeafletError {
    /// What the author can do about it.
    fn help(&self) -> Option<&'static str> {
        match self {
            LeafletError::Overflow { at: OverflowAt::FixedParts | OverflowAt::Header, .. } => {
                Some("the leaflet layout (themes/<name>/leaflet/leaflet.typ) is too tall for its paper")
            }
            LeafletError::Overflow { at: OverflowAt::Colophon, .. } => Some(
                "the parts above it leave it no room: shorten an article (summary = true) or split the leaflet in two",
            ),
            LeafletError::Overflow { paper: "A4", .. } => Some(
                "shorten that section or one above it (an article's summary = true), split the leaflet in two, or set paper = \"A3\"",
            ),
            LeafletError::Overflow { .. } => {
                Some("shorten that section or one above it (an article's summary = true) or split the leaflet in two")
            }
            _ => None,
        }
    }

    /// The error as a build diagnostic: at the layout for a layout error, else at
    /// `leaflet`'s file.
    pub fn to_diagnostic(&self, project: &Project, leaflet: &Leaflet) -> Diagnostic {
        let d = match self {
            LeafletError::Layout { place, .. } => place.diagnostic(Severity::Error, self.to_string()),
            _ => Diagnostic::for_file(Severity::Error, project.source(leaflet.file).path.clone(), self.to_string()),
        };
        match self.help() {
            Some(help) => d.with_help(help),
            None => d,
        }
    }
}

impl fmt::Display for LeafletError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
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
}
