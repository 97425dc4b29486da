//! Text helpers every stage may use: escaping for HTML and XML, Japanese kana, and the
//! encodings and CSV rows of the spreadsheets staff save (read by `import` and by
//! `load` for availability files).
//!
//! A leaf of the dependency graph: it imports nothing from the pipeline, so `model`,
//! `load`, the stages and `serve` can all use it without importing one another.

pub mod decode;
pub mod escape;
pub mod kana;
pub mod table;
