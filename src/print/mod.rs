//! Typst as a library, for every print output (leaflets, guidebooks): the embedded
//! font and the standard library loaded once, a `World` that reads nothing from the
//! disk, the network or the clock, compiling a layout with its data, reading the
//! layout's report, exporting a tagged PDF, and the cache key of a PDF.
//!
//! - [`engine`]: [`PrintEngine`], made once per build and shared by every stage and
//!   region (it is `Sync`);
//! - `world`: the typst `World` of one document.

pub mod engine;
mod world;

pub use engine::{Compiled, FONT_FAMILY, LayoutFailure, PrintEngine, report};
