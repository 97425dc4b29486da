//! Why a leaflet could not be typeset. Every message names the leaflet and the region,
//! so an author knows which file to change, and none of them echoes a record's values.

use std::fmt;

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Msg;
use crate::model::{Leaflet, Project};
use crate::msg;
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
    fn help(&self) -> Option<Msg> {
        match self {
            LeafletError::Overflow { at: OverflowAt::FixedParts | OverflowAt::Header, .. } => {
                Some(Msg::new("leaflet-overflow-fixed-help"))
            }
            LeafletError::Overflow { at: OverflowAt::Colophon, .. } => Some(Msg::new("leaflet-overflow-colophon-help")),
            LeafletError::Overflow { paper: "A4", .. } => Some(Msg::new("leaflet-overflow-a4-help")),
            LeafletError::Overflow { .. } => Some(Msg::new("leaflet-overflow-help")),
            _ => None,
        }
    }

    /// The error as a build diagnostic: at the layout for a layout error, else at
    /// `leaflet`'s file.
    pub fn to_diagnostic(&self, project: &Project, leaflet: &Leaflet) -> Diagnostic {
        let d = match self {
            LeafletError::Layout { place, .. } => place.diagnostic(Severity::Error, self.message()),
            _ => Diagnostic::for_file(Severity::Error, project.source(leaflet.file).path.clone(), self.message()),
        };
        match self.help() {
            Some(help) => d.with_help(help),
            None => d,
        }
    }

    /// What went wrong, naming the leaflet and the region.
    pub fn message(&self) -> Msg {
        match self {
            LeafletError::Overflow { leaflet, region, paper, pages, at } => {
                let part = match at {
                    OverflowAt::Header => Msg::new("leaflet-overflow-header"),
                    OverflowAt::Colophon => Msg::new("leaflet-overflow-colophon"),
                    OverflowAt::FixedParts => Msg::new("leaflet-overflow-fixed"),
                    OverflowAt::Section { index, kind } => {
                        msg!("leaflet-overflow-section", section = index + 1, kind = *kind)
                    }
                };
                msg!(
                    "leaflet-overflow",
                    leaflet = leaflet.as_str(),
                    region = region.as_str(),
                    paper = *paper,
                    pages = *pages,
                    part = part
                )
            }
            LeafletError::Layout { leaflet, region, place, message } => msg!(
                "leaflet-layout-error",
                leaflet = leaflet.as_str(),
                region = region.as_str(),
                place = place.to_string(),
                detail = message.as_str()
            ),
            LeafletError::Pdf { leaflet, region, message } => {
                msg!("leaflet-pdf-failed", leaflet = leaflet.as_str(), region = region.as_str(), detail = message.as_str())
            }
        }
    }
}

impl fmt::Display for LeafletError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::Lang::En.text(&self.message()))
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
