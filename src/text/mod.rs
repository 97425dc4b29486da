//! Text helpers every stage may use: escaping for HTML and XML, and Japanese kana.
//!
//! A leaf of the dependency graph: it imports nothing from the pipeline, so `model`,
//! `load`, the stages and `serve` can all use it without importing one another.

pub mod escape;
pub mod kana;
