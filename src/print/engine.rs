//! Typesetting: a layout + its data (JSON) → a typst document → a tagged PDF.
//!
//! The standard library and the font book are built once per [`PrintEngine`] and
//! shared by every document of every region. The only font is the one embedded in the
//! binary, so a PDF is the same on every machine, and nothing reads the clock, so the
//! same input gives the same bytes — which is what lets the print cache reuse them.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};
use typst::diag::{SourceDiagnostic, Warned};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Label, Selector, Smart};
use typst::introspection::{Introspector, MetadataElem};
use typst::text::{Font, FontBook};
use typst::utils::{LazyHash, PicoStr};
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::world::PrintWorld;
use super::{LayoutWarning, Place};
use crate::output::print_cache::PrintKey;
use crate::theme::{DATA_PATH, Layout, file_id};

/// IPAexGothic (IPA Font License v1.0, see `fonts/IPA_Font_License_Agreement_v1.0.txt`):
/// a Japanese gothic face with Latin, kana and the JIS level 1–4 kanji. Layouts ask for
/// it by its family name: `set text(font: "IPAexGothic")`.
pub static FONT: &[u8] = include_bytes!("../../fonts/ipaexg.ttf");


/// What decides how this build typesets, besides the font, the layout and the data:
/// zaitaku's version, the exact version of every dependency (typst, its PDF writer,
/// their fonts and shapers — all pinned in Cargo.lock), and how PDFs are exported here
/// (bump the revision when `export` changes).
const ENGINE: &[&[u8]] = &[
    b"zaitaku print engine, export revision 1",
    env!("CARGO_PKG_VERSION").as_bytes(),
    include_bytes!("../../Cargo.lock"),
];

pub struct PrintEngine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// SHA-256 of the engine's version and its font: the part of every print cache key
    /// that is the same for the whole build.
    identity: [u8; 32],
}

impl Default for PrintEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// A compiled document and the layout's warnings.
pub struct Compiled {
    pub doc: PagedDocument,
    pub warnings: Vec<LayoutWarning>,
}

/// The layout did not compile: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutFailure {
    pub place: Place,
    pub message: String,
}

impl PrintEngine {
    /// Loads the embedded font and typst's standard library. Make one per build.
    pub fn new() -> PrintEngine {
        static IDENTITY: OnceLock<[u8; 32]> = OnceLock::new();
        let identity = *IDENTITY.get_or_init(|| identity(ENGINE, FONT));
        PrintEngine::with_identity(FONT, identity)
    }

    /// An engine that differs from [`PrintEngine::new`] in its version or its font:
    /// for tests that prove a new engine or font never reuses an old PDF.
    #[doc(hidden)]
    pub fn for_tests(version: &str, font: &'static [u8]) -> PrintEngine {
        let mut parts = ENGINE.to_vec();
        parts.push(version.as_bytes());
        PrintEngine::with_identity(font, identity(&parts, font))
    }

    fn with_identity(font: &'static [u8], identity: [u8; 32]) -> PrintEngine {
        let fonts: Vec<Font> = Font::iter(Bytes::new(font)).collect();
        let book = FontBook::from_fonts(&fonts);
        PrintEngine { library: LazyHash::new(Library::builder().build()), book: LazyHash::new(book), fonts, identity }
    }

    pub(super) fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    pub(super) fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    pub(super) fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    /// Drops typst's memoised results that have not been used in the last `max_age`
    /// calls (0: all of them). typst keeps them process-wide so that similar documents
    /// share work; a long-running process (`serve`) should call this after each
    /// rebuild, e.g. with 10, or memory grows with every edit.
    pub fn evict_cache(max_age: usize) {
        typst::comemo::evict(max_age);
    }

    /// The print cache key of the PDF of `data` with `layout`: this engine (version,
    /// dependencies, font), every file of the layout, and the data.
    pub fn key(&self, layout: &Layout, data: &[u8]) -> PrintKey {
        let layout = layout.digest();
        PrintKey::new([self.identity.as_slice(), layout.as_slice(), data])
    }

    /// Compiles `layout` with `data` as `/data.json`.
    pub fn compile(&self, layout: &Layout, data: Vec<u8>) -> Result<Compiled, LayoutFailure> {
        let world = PrintWorld {
            engine: self,
            layout,
            data_id: file_id(DATA_PATH).expect("a valid virtual path"),
            data: Bytes::new(data),
        };
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let warnings =
            warnings.iter().map(|w| LayoutWarning { place: place(&world, w), message: w.message.to_string() }).collect();
        match output {
            Ok(doc) => Ok(Compiled { doc, warnings }),
            Err(errors) => Err(LayoutFailure {
                place: errors
                    .first()
                    .map(|e| place(&world, e))
                    .unwrap_or_else(|| Place { file: layout.shown_path.clone(), line_column: None }),
                message: describe(&errors),
            }),
        }
    }

    /// The PDF of a compiled document: tagged, PDF/UA-1 (accessibility) and PDF/A-2a
    /// (archival, every font embedded, here as a subset), with `ident` as its stable
    /// document identifier and the as-of date (`YYYY-MM-DD`, in Japan) as its date —
    /// never the clock. A layout that breaks the standards is an error.
    pub fn export(&self, doc: &PagedDocument, ident: &str, as_of: &str) -> Result<Vec<u8>, String> {
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some(format!("zaitaku {}", env!("CARGO_PKG_VERSION")))),
            timestamp: timestamp(as_of),
            page_ranges: None,
            standards: PdfStandards::new(&[PdfStandard::Ua_1, PdfStandard::A_2a]).expect("PDF/UA-1 and PDF/A-2a combine"),
            tagged: true,
            pretty: false,
        };
        typst_pdf::pdf(doc, &options).map_err(|errors| describe(&errors))
    }
}

fn identity(engine: &[&[u8]], font: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in engine.iter().chain([&Sha256::digest(font).as_slice()]) {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().into()
}

/// What the layout reports about itself: the value of its `metadata` labelled
/// `<zaitaku-report>`, when it has one (the default layouts do; a project's own may
/// not).
pub fn report(doc: &PagedDocument) -> Option<serde_json::Value> {
    let label = Label::new(PicoStr::intern("zaitaku-report"))?;
    let found = doc.introspector().query(&Selector::Label(label));
    let meta = found.first()?.to_packed::<MetadataElem>()?;
    serde_json::to_value(&meta.value).ok()
}

fn describe(errors: &EcoVec<SourceDiagnostic>) -> String {
    errors
        .iter()
        .map(|e| {
            let hints: String = e.hints.iter().map(|h| format!(" (hint: {})", h.v)).collect();
            format!("{}{hints}", e.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The as-of date as the PDF's date, in Japan.
fn timestamp(iso: &str) -> Option<Timestamp> {
    let mut parts = iso.split('-').map(|p| p.parse::<i64>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let date = Datetime::from_ymd(i32::try_from(y).ok()?, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    Timestamp::new_local(date, 9 * 60)
}

/// Where a typst diagnostic is, as the author knows the file.
fn place(world: &PrintWorld<'_>, d: &SourceDiagnostic) -> Place {
    let shown = |id| {
        if id == world.layout.main.id() {
            world.layout.shown_path.clone()
        } else {
            format!("{}{}", world.layout.folder, typst::syntax::FileId::get(&id).vpath().get_with_slash())
        }
    };
    let Some(id) = d.span.id() else { return Place { file: world.layout.shown_path.clone(), line_column: None } };
    let position = world
        .range(d.span)
        .and_then(|r| world.source(id).ok().and_then(|s| s.lines().byte_to_line_column(r.start)));
    Place { file: shown(id), line_column: position.map(|(line, col)| (line + 1, col + 1)) }
}
