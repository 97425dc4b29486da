//! The integration tests, as one test binary: each module is one area of the product.
//! One binary links the library (and typst) once instead of once per file, which
//! saves minutes of linking and gigabytes of disk per build.

mod common;

#[allow(dead_code)]
#[path = "../../benches/support/corpus.rs"]
mod corpus;

mod a11y;
mod availability;
mod cli;
mod diagnostics;
mod fuzz_regressions;
mod guidebook;
mod import;
mod leaflets;
mod opendata;
mod paths;
mod print_cache;
mod residents;
mod search_e2e;
mod search_elasticlunr;
mod search_tokenizer;
mod serve;
mod serve_poll;
mod site_output;
