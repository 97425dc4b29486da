//! The guidebook stage: each region's 資源ガイドブック, an A4 PDF of as many pages as the
//! region needs and its accessible HTML twin, both made from one [`GuidebookData`].
//!
//! - the data: project + region → [`GuidebookData`] (a view, `src/view/guidebook.rs`:
//!   serialisable, public fields only), prepared with the region's context;
//! - the layout is a theme file (`themes/<name>/guidebook/guidebook.typ`), typeset by the
//!   shared print engine; a PDF whose inputs are unchanged is taken from the print cache.

use std::fmt;

pub use crate::view::guidebook::{GuidebookData, guidebook_data};

use crate::diagnostic::Diagnostic;
use crate::i18n::Msg;
use crate::msg;
use crate::output::print_cache::{PrintFacts, PrintKey, PrintStore};
use crate::print::{LayoutWarning, Place, PrintEngine};
use crate::theme::Layout;

/// The guidebook's path in the site, from the output root.
pub fn pdf_path(region: &str) -> String {
    format!("{region}/guidebook.pdf")
}

/// A finished guidebook.
#[derive(Debug, Clone)]
pub struct GuidebookPdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// The layout's warnings.
    pub warnings: Vec<LayoutWarning>,
    pub key: PrintKey,
    /// Taken from the print cache rather than typeset.
    pub reused: bool,
}

impl GuidebookPdf {
    pub fn facts(&self) -> PrintFacts {
        PrintFacts { pages: self.pages, warnings: self.warnings.clone() }
    }
}

/// Why a region's guidebook could not be made. The messages name the region and the
/// layout, never a record's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuidebookError {
    /// The layout (a theme file) has an error at `place`.
    Layout { region: String, place: Place, message: String },
    /// PDF export failed (a layout that breaks PDF/UA, …).
    Pdf { region: String, message: String },
}

impl GuidebookError {
    /// What went wrong, naming the region.
    pub fn message(&self) -> Msg {
        match self {
            GuidebookError::Layout { region, place, message } => msg!(
                "guidebook-layout-error",
                region = region.as_str(),
                place = place.to_string(),
                detail = message.as_str()
            ),
            GuidebookError::Pdf { region, message } => {
                msg!("guidebook-pdf-failed", region = region.as_str(), detail = message.as_str())
            }
        }
    }

    /// As a build diagnostic, at the layout's line when there is one.
    pub fn to_diagnostic(&self, layout: &Layout) -> Diagnostic {
        use crate::diagnostic::Severity;
        match self {
            GuidebookError::Layout { place, .. } => place.diagnostic(Severity::Error, self.message()),
            GuidebookError::Pdf { .. } => Diagnostic::for_file(Severity::Error, layout.shown_path.clone(), self.message()),
        }
    }
}

impl fmt::Display for GuidebookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::Lang::En.text(&self.message()))
    }
}

impl std::error::Error for GuidebookError {}

impl PrintEngine {
    /// The guidebook PDF of `data`, from `store` when a PDF of the same inputs is kept
    /// there, else typeset (every page; the contents and the index resolve their page
    /// numbers inside the one compile).
    pub fn render_guidebook(
        &self,
        data: &GuidebookData,
        layout: &Layout,
        store: &dyn PrintStore,
    ) -> Result<GuidebookPdf, GuidebookError> {
        let region = || data.region.id.clone();
        let json = serde_json::to_string(data).map_err(|e| GuidebookError::Pdf { region: region(), message: e.to_string() })?;
        // No font prints a hidden control (NUL, U+FEFF…): the data never holds one.
        let json = crate::text::escape::json_without_hidden(&json).into_owned().into_bytes();
        let key = self.key(layout, &json);
        if let Some((bytes, facts)) = store.get(&key) {
            return Ok(GuidebookPdf { bytes, pages: facts.pages, warnings: facts.warnings, key, reused: true });
        }
        let compiled = self
            .compile(layout, json)
            .map_err(|f| GuidebookError::Layout { region: region(), place: f.place, message: f.message })?;
        let ident = format!("zaitaku/{}/guidebook", data.region.id);
        let bytes = self
            .export(&compiled.doc, &ident, &data.as_of.iso)
            .map_err(|message| GuidebookError::Pdf { region: region(), message })?;
        Ok(GuidebookPdf { bytes, pages: compiled.doc.pages().len(), warnings: compiled.warnings, key, reused: false })
    }
}

/// A file size as residents read it on a download link: "850KB", "1.2MB".
pub fn size_label(bytes: usize) -> String {
    let kb = bytes as f64 / 1000.0;
    if kb >= 1000.0 { format!("{:.1}MB", kb / 1000.0) } else { format!("{}KB", kb.round().max(1.0) as u64) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_kb_or_mb() {
        assert_eq!(size_label(850_400), "850KB");
        assert_eq!(size_label(1_249_000), "1.2MB");
        assert_eq!(size_label(12), "1KB");
    }
}
