//! The leaflet stage: print-ready leaflets, one page of PDF per leaflet file and region,
//! typeset in-process with typst from the same [`LeafletData`] (a view) as their HTML
//! pages.
//!
//! - `engine`: data + layout → one-page, tagged, deterministic PDF (the layout fits as
//!   many institution rows as the page holds, in one compile), or an overflow error
//!   naming the fixed part that does not fit; typeset by the shared [`crate::print`]
//!   engine, or taken from the print cache when nothing it is made from changed;
//! - `error`: what can go wrong, as values with the place in the layout.
//!
//! The layout is a theme file ([`Layout`], `themes/<name>/leaflet/leaflet.typ`).
//!
//! ```no_run
//! # use zaitaku::leaflet::*;
//! # let (project, _) = zaitaku::load::load(std::path::Path::new("."));
//! # let project = project.unwrap();
//! let engine = LeafletEngine::new();          // once per process: fonts + library
//! let theme = zaitaku::theme::Theme::load(&project).unwrap(); // once per theme
//! let (layout, labels) = (theme.layout(), theme.labels());
//! for region in &project.regions {
//!     for leaflet in &project.leaflets {
//!         let data = leaflet_data(&project, region, leaflet, labels)?;
//!         let pdf = engine.render_pdf(&data, layout)?;
//!         // <region>/leaflets/<id>.pdf ← pdf.bytes; <id>.html ← leaflet.html with `data`
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod engine;
mod error;

pub use crate::theme::Layout;
pub use crate::view::leaflet::{LeafletData, LeafletDataError, Section, leaflet_data};
pub use engine::{LeafletEngine, Pdf};
pub use error::{LayoutWarning, LeafletError, OverflowAt, Place};

use rayon::prelude::*;

use crate::context::RegionContext;
use crate::diagnostic::Diagnostics;
use crate::model::OutputFile;
use crate::output::print_cache::{PrintFacts, PrintStore, Printed};

/// The stage: the PDF of every leaflet of a region, typeset from the same data as the
/// leaflet's HTML page — or taken from `store` when one made from the same inputs is
/// kept there. Each PDF comes with what the print cache records of it.
pub(crate) fn pdfs(
    engine: &LeafletEngine,
    layout: &Layout,
    cx: &RegionContext<'_>,
    store: &dyn PrintStore,
) -> (Vec<OutputFile>, Vec<Printed>, Diagnostics) {
    let made: Vec<_> =
        cx.leaflets.par_iter().map(|(leaflet, data)| (leaflet, engine.render_pdf_cached(data, layout, store))).collect();
    let mut d = Diagnostics::default();
    let (mut files, mut printed) = (Vec::new(), Vec::new());
    for (leaflet, pdf) in made {
        match pdf {
            Ok((pdf, key, reused)) => {
                for w in &pdf.warnings {
                    d.push(w.to_diagnostic());
                }
                let path = format!("{}/leaflets/{}.pdf", cx.region.id, leaflet.id);
                printed.push(Printed { path: path.clone(), key, facts: PrintFacts { pages: 1, warnings: pdf.warnings }, reused });
                files.push(OutputFile { path, bytes: pdf.bytes });
            }
            Err(e) => d.push(e.to_diagnostic(cx.project, leaflet)),
        }
    }
    (files, printed, d)
}
