//! Typst as a library, for every print output (leaflets, guidebooks): the embedded
//! font and the standard library loaded once, a `World` that reads nothing from the
//! disk, the network or the clock, compiling a layout with its data, reading the
//! layout's report, exporting a tagged PDF, and the cache key of a PDF.
//!
//! - [`engine`]: [`PrintEngine`], made once and shared by every stage and region (it
//!   is `Sync`);
//! - `world`: the typst `World` of one document.

pub mod engine;
mod world;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use engine::{Compiled, LayoutFailure, PrintEngine, report};

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Msg;
use crate::msg;

/// A place in a layout's files, as the theme's author knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    pub(crate) fn diagnostic(&self, severity: Severity, message: Msg) -> Diagnostic {
        let mut d = Diagnostic::for_file(severity, self.file.clone(), message);
        if let Some((line, column)) = self.line_column {
            (d.line, d.column) = (line, column);
        }
        d
    }
}

/// A warning of a layout (an unknown font family…): the PDF was still made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayoutWarning {
    pub place: Place,
    pub message: String,
}

impl LayoutWarning {
    pub(crate) fn to_diagnostic(&self) -> Diagnostic {
        self.place.diagnostic(Severity::Warning, msg!("print-layout-warning", detail = self.message.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_error_is_a_diagnostic_at_its_line_and_column() {
        let place = Place { file: "themes/mine/leaflet/leaflet.typ".into(), line_column: Some((12, 5)) };
        let d = place.diagnostic(Severity::Error, Msg::new("io-not-found"));
        assert_eq!(d.location(), "themes/mine/leaflet/leaflet.typ:12:5");
        assert_eq!(place.to_string(), "themes/mine/leaflet/leaflet.typ:12:5");
    }
}
