//! Typesetting: leaflet data + layout → one-page PDF, with typst as a library.
//!
//! The standard library and the font book are built once per [`LeafletEngine`] and
//! shared by every leaflet of every region (the engine is `Sync`; regions may render in
//! parallel). The only font is the one embedded in the binary, so a PDF is the same on
//! every machine, and nothing reads the clock, so the same input gives the same bytes.

use typst::ecow::EcoVec;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::{Abs, Frame, FrameItem};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::error::{LayoutWarning, LeafletError, OverflowAt, Place};
use crate::theme::{DATA_PATH, Layout, file_id};
use super::world::LeafletWorld;
use crate::view::leaflet::LeafletData;

/// IPAexGothic (IPA Font License v1.0, see `fonts/IPA_Font_License_Agreement_v1.0.txt`):
/// a Japanese gothic face with Latin, kana and the JIS level 1–4 kanji. Layouts ask for
/// it by its family name: `set text(font: "IPAexGothic")`.
static FONT: &[u8] = include_bytes!("../../fonts/ipaexg.ttf");

/// A finished leaflet.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    /// The layout's warnings, e.g. an unknown font family.
    pub warnings: Vec<LayoutWarning>,
}

pub struct LeafletEngine {
    pub(super) library: LazyHash<Library>,
    pub(super) book: LazyHash<FontBook>,
    pub(super) fonts: Vec<Font>,
}

impl Default for LeafletEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl LeafletEngine {
    /// Loads the embedded font and typst's standard library. Make one per build.
    pub fn new() -> LeafletEngine {
        let fonts: Vec<Font> = Font::iter(Bytes::new(FONT)).collect();
        let book = FontBook::from_fonts(&fonts);
        LeafletEngine { library: LazyHash::new(Library::builder().build()), book: LazyHash::new(book), fonts }
    }

    /// Drops typst's memoised results that have not been used in the last `max_age`
    /// calls (0: all of them). typst keeps them process-wide so that similar leaflets
    /// share work; a long-running process (`serve`) should call this after each
    /// rebuild, e.g. with 10, or memory grows with every edit.
    pub fn evict_cache(max_age: usize) {
        typst::comemo::evict(max_age);
    }

    /// Typesets `data` with `layout` into a PDF of exactly one page, or says which part
    /// does not fit. The PDF is tagged and conforms to PDF/UA-1 (accessibility) and
    /// PDF/A-2a (archival, every font embedded, here as a subset); identical input
    /// gives identical bytes.
    pub fn render_pdf(&self, data: &LeafletData, layout: &Layout) -> Result<Pdf, LeafletError> {
        let (doc, warnings) = self.compile(data, layout)?;
        let pages = doc.pages().len();
        if overflows(&doc) {
            return Err(LeafletError::Overflow {
                leaflet: data.id.clone(),
                region: data.region.id.clone(),
                paper: data.paper_id(),
                pages,
                at: self.find_overflow(data, layout)?,
            });
        }
        let options = PdfOptions {
            // A stable document identifier instead of one derived from the title.
            ident: Smart::Custom(format!("zaitaku/{}/leaflets/{}", data.region.id, data.id)),
            creator: Smart::Custom(Some(format!("zaitaku {}", env!("CARGO_PKG_VERSION")))),
            // The creation date is the region's as-of date (unless the layout sets one):
            // never the clock.
            timestamp: as_of_timestamp(data),
            page_ranges: None,
            // Checked by typst while exporting: a layout that breaks them is an error.
            standards: PdfStandards::new(&[PdfStandard::Ua_1, PdfStandard::A_2a]).expect("PDF/UA-1 and PDF/A-2a combine"),
            tagged: true,
            pretty: false,
        };
        let bytes = typst_pdf::pdf(&doc, &options).map_err(|errors| LeafletError::Pdf {
            leaflet: data.id.clone(),
            region: data.region.id.clone(),
            message: self.describe(&errors, data, layout),
        })?;
        Ok(Pdf { bytes, warnings })
    }

    fn compile(&self, data: &LeafletData, layout: &Layout) -> Result<(PagedDocument, Vec<LayoutWarning>), LeafletError> {
        let json = serde_json::to_string(data).map_err(|e| LeafletError::Pdf {
            leaflet: data.id.clone(),
            region: data.region.id.clone(),
            message: e.to_string(),
        })?;
        // No font prints a hidden control (NUL, U+FEFF…): the data never holds one.
        let json = crate::text::escape::json_without_hidden(&json).into_owned().into_bytes();
        let world = LeafletWorld {
            engine: self,
            layout,
            data_id: file_id(DATA_PATH).expect("a valid virtual path"),
            data: Bytes::new(json),
        };
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let warnings =
            warnings.iter().map(|w| LayoutWarning { place: place(&world, w), message: w.message.to_string() }).collect();
        match output {
            Ok(doc) => Ok((doc, warnings)),
            Err(errors) => {
                let first = errors.first();
                Err(LeafletError::Layout {
                    leaflet: data.id.clone(),
                    region: data.region.id.clone(),
                    place: first
                        .map(|e| place(&world, e))
                        .unwrap_or_else(|| Place { file: layout.shown_path.clone(), line_column: None }),
                    message: self.describe(&errors, data, layout),
                })
            }
        }
    }

    /// Which part overflows: the leaflet is typeset again with its first sections only,
    /// one more each time, until it needs a second page. Only a failing leaflet pays.
    fn find_overflow(&self, data: &LeafletData, layout: &Layout) -> Result<OverflowAt, LeafletError> {
        let n = data.sections.len();
        for k in 0..n {
            let mut trial = data.clone();
            trial.sections.truncate(k);
            let (doc, _) = self.compile(&trial, layout)?;
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

    fn describe(&self, errors: &EcoVec<SourceDiagnostic>, _data: &LeafletData, _layout: &Layout) -> String {
        errors
            .iter()
            .map(|e| {
                let hints: String = e.hints.iter().map(|h| format!(" (hint: {})", h.v)).collect();
                format!("{}{hints}", e.message)
            })
            .collect::<Vec<_>>()
            .join("; ")
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

/// The as-of date, in Japan.
fn as_of_timestamp(data: &LeafletData) -> Option<Timestamp> {
    let mut parts = data.as_of.iso.split('-').map(|p| p.parse::<i64>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let date = Datetime::from_ymd(i32::try_from(y).ok()?, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    Timestamp::new_local(date, 9 * 60)
}

/// Where a typst diagnostic is, as the author knows the file.
fn place(world: &LeafletWorld<'_>, d: &SourceDiagnostic) -> Place {
    let shown = |id| {
        if id == world.layout.main.id() {
            world.layout.shown_path.clone()
        } else {
            format!("leaflet{}", typst::syntax::FileId::get(&id).vpath().get_with_slash())
        }
    };
    let Some(id) = d.span.id() else { return Place { file: world.layout.shown_path.clone(), line_column: None } };
    let position = world
        .range(d.span)
        .and_then(|r| world.source(id).ok().and_then(|s| s.lines().byte_to_line_column(r.start)));
    Place { file: shown(id), line_column: position.map(|(line, col)| (line + 1, col + 1)) }
}
