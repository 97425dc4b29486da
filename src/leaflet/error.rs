//! Why a leaflet could not be typeset. Every message names the leaflet and the region,
//! so an author knows which file to change, and none of them echoes a record's values.

use std::fmt;

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Msg;
use crate::model::{Leaflet, Project};
use crate::msg;

/// Which part of a leaflet does not fit on its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverflowAt {
    /// The parts every leaflet has (title, region, publisher, date, website) are too
    /// tall even without any section: the layout itself does not fit.
    FixedParts,
    /// The section at this position (0-based) of the leaflet's `[[sections]]`.
    Section { index: usize, kind: &'static str },
}

/// A place in the layout's files, as the theme's author knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// `themes/<name>/leaflet/leaflet.typ`, or another file of that folder.
    pub file: String,
    /// 1-based line and column (in characters), when typst knows them.
    pub line_column: Option<(usize, usize)>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line_column {
            Some((line, column)) => write!(f, "{}:{line}:{column}", self.file),
            None => f.write_str(&self.file),
        }
    }
}

impl Place {
    fn diagnostic(&self, severity: Severity, message: Msg) -> Diagnostic {
        let mut d = Diagnostic::for_file(severity, self.file.clone(), message);
        if let Some((line, column)) = self.line_column {
            (d.line, d.column) = (line, column);
        }
        d
    }
}

/// A warning of the layout (an unknown font family…): the leaflet was still made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutWarning {
    pub place: Place,
    pub message: String,
}

impl LayoutWarning {
    pub(crate) fn to_diagnostic(&self) -> Diagnostic {
        self.place.diagnostic(Severity::Warning, msg!("leaflet-layout-warning", detail = self.message.as_str()))
    }
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
            LeafletError::Overflow { at: OverflowAt::FixedParts, .. } => Some(Msg::new("leaflet-overflow-fixed-help")),
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
}

impl LeafletError {
    /// What went wrong, naming the leaflet and the region.
    pub fn message(&self) -> Msg {
        match self {
            LeafletError::Overflow { leaflet, region, paper, pages, at: OverflowAt::FixedParts } => msg!(
                "leaflet-overflow-fixed",
                leaflet = leaflet.as_str(),
                region = region.as_str(),
                paper = *paper,
                pages = *pages
            ),
            LeafletError::Overflow { leaflet, region, paper, pages, at: OverflowAt::Section { index, kind } } => msg!(
                "leaflet-overflow-section",
                leaflet = leaflet.as_str(),
                region = region.as_str(),
                paper = *paper,
                pages = *pages,
                section = index + 1,
                kind = *kind
            ),
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

    #[test]
    fn a_layout_error_is_a_diagnostic_at_its_line_and_column() {
        let place = Place { file: "themes/mine/leaflet/leaflet.typ".into(), line_column: Some((12, 5)) };
        let d = place.diagnostic(Severity::Error, Msg::new("io-not-found"));
        assert_eq!(d.location(), "themes/mine/leaflet/leaflet.typ:12:5");
        assert_eq!(place.to_string(), "themes/mine/leaflet/leaflet.typ:12:5");
    }
}
