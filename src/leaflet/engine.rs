//! Typesetting a leaflet: its data + the layout → a PDF of exactly one page, or an
//! error naming the part that does not fit. The engine is the shared print engine.

use typst::layout::{Abs, Frame, FrameItem};
use typst_layout::PagedDocument;

use super::error::{LayoutWarning, LeafletError, OverflowAt};
use crate::output::print_cache::{PrintKey, PrintStore};
pub use crate::print::PrintEngine as LeafletEngine;
use crate::print::{PrintEngine, report};
use crate::theme::Layout;
use crate::view::leaflet::LeafletData;

/// A finished leaflet.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    /// The layout's warnings, e.g. an unknown font family.
    pub warnings: Vec<LayoutWarning>,
}

impl PrintEngine {
    /// Typesets `data` with `layout` into a PDF of exactly one page, or says which part
    /// does not fit. The layout decides how many institution rows fit, inside this one
    /// compile; when even its fixed parts do not, its report names the part. The PDF is
    /// tagged (PDF/UA-1, PDF/A-2a); identical input gives identical bytes.
    pub fn render_pdf(&self, data: &LeafletData, layout: &Layout) -> Result<Pdf, LeafletError> {
        let json = self.leaflet_json(data)?;
        self.typeset_leaflet(data, layout, json)
    }

    /// As [`render_pdf`](Self::render_pdf), but taken from `store` when a PDF of the
    /// same inputs is kept there. Also returns the PDF's cache key and whether it was
    /// reused.
    pub fn render_pdf_cached(
        &self,
        data: &LeafletData,
        layout: &Layout,
        store: &dyn PrintStore,
    ) -> Result<(Pdf, PrintKey, bool), LeafletError> {
        let json = self.leaflet_json(data)?;
        let key = self.key(layout, &json);
        if let Some((bytes, facts)) = store.get(&key) {
            return Ok((Pdf { bytes, warnings: facts.warnings }, key, true));
        }
        Ok((self.typeset_leaflet(data, layout, json)?, key, false))
    }

    fn leaflet_json(&self, data: &LeafletData) -> Result<Vec<u8>, LeafletError> {
        let json = serde_json::to_string(data).map_err(|e| LeafletError::Pdf {
            leaflet: data.id.clone(),
            region: data.region.id.clone(),
            message: e.to_string(),
        })?;
        // No font prints a hidden control (NUL, U+FEFF…): the data never holds one.
        Ok(crate::text::escape::json_without_hidden(&json).into_owned().into_bytes())
    }

    fn typeset_leaflet(&self, data: &LeafletData, layout: &Layout, json: Vec<u8>) -> Result<Pdf, LeafletError> {
        let (doc, warnings) = self.compile_leaflet(data, layout, json)?;
        if overflows(&doc) {
            return Err(LeafletError::Overflow {
                leaflet: data.id.clone(),
                region: data.region.id.clone(),
                paper: data.paper_id(),
                pages: doc.pages().len(),
                at: match overflow_reported(&doc, data) {
                    Some(at) => at,
                    None => self.find_overflow(data, layout)?,
                },
            });
        }
        let ident = format!("zaitaku/{}/leaflets/{}", data.region.id, data.id);
        let bytes = self.export(&doc, &ident, &data.as_of.iso).map_err(|message| LeafletError::Pdf {
            leaflet: data.id.clone(),
            region: data.region.id.clone(),
            message,
        })?;
        Ok(Pdf { bytes, warnings })
    }

    fn compile_leaflet(
        &self,
        data: &LeafletData,
        layout: &Layout,
        json: Vec<u8>,
    ) -> Result<(PagedDocument, Vec<LayoutWarning>), LeafletError> {
        match self.compile(layout, json) {
            Ok(c) => Ok((c.doc, c.warnings)),
            Err(f) => Err(LeafletError::Layout {
                leaflet: data.id.clone(),
                region: data.region.id.clone(),
                place: f.place,
                message: f.message,
            }),
        }
    }

    /// Which part overflows, for a layout that does not report it (a project's own):
    /// the leaflet is typeset again with its first sections only, one more each time,
    /// until it needs a second page. Only a failing leaflet pays.
    fn find_overflow(&self, data: &LeafletData, layout: &Layout) -> Result<OverflowAt, LeafletError> {
        let n = data.sections.len();
        for k in 0..n {
            let mut trial = data.clone();
            trial.sections.truncate(k);
            let json = self.leaflet_json(&trial)?;
            let (doc, _) = self.compile_leaflet(&trial, layout, json)?;
            if overflows(&doc) {
                return Ok(match k {
                    0 => OverflowAt::FixedParts,
                    k => OverflowAt::Section { index: k - 1, kind: data.sections[k - 1].kind() },
                });
            }
        }
        Ok(match n {
            0 => OverflowAt::FixedParts,
            n => OverflowAt::Section { index: n - 1, kind: data.sections[n - 1].kind() },
        })
    }
}

/// The overflowing part the layout reports: `overflow: (part, section)`.
fn overflow_reported(doc: &PagedDocument, data: &LeafletData) -> Option<OverflowAt> {
    let report = report(doc)?;
    let overflow = report.get("overflow")?;
    let section = |v: &serde_json::Value| -> Option<usize> {
        // A band of sections side by side (A3) reports them all; the first names it.
        let index = v.as_u64().or_else(|| v.as_array()?.first()?.as_u64())?;
        usize::try_from(index).ok().filter(|i| *i < data.sections.len())
    };
    match overflow.get("part")?.as_str()? {
        "header" => Some(OverflowAt::Header),
        "colophon" => Some(OverflowAt::Colophon),
        "section" => {
            let index = section(overflow.get("section")?)?;
            Some(OverflowAt::Section { index, kind: data.sections[index].kind() })
        }
        _ => None,
    }
}

/// More than one page, or something drawn below the page's bottom edge (a block that
/// cannot break and is taller than the page stays on its page and runs off it).
fn overflows(doc: &PagedDocument) -> bool {
    match doc.pages() {
        [page] => bottom(&page.frame) > page.frame.height() + Abs::pt(0.5),
        _ => true,
    }
}

/// How far down a frame's content reaches: text by its baseline, shapes and images by
/// their lower edge. A clipping group reaches no further than its own frame.
fn bottom(frame: &Frame) -> Abs {
    frame
        .items()
        .map(|(pos, item)| match item {
            FrameItem::Group(g) if g.transform.is_identity() && g.clip.is_none() => pos.y + bottom(&g.frame),
            FrameItem::Group(g) => pos.y + g.frame.height(),
            FrameItem::Text(_) => pos.y,
            FrameItem::Shape(shape, _) => pos.y + shape.bbox(false).max.y,
            FrameItem::Image(_, size, _) => pos.y + size.y,
            FrameItem::Link(..) | FrameItem::Tag(_) => Abs::zero(),
        })
        .fold(Abs::zero(), Abs::max)
}
