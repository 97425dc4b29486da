//! The leaflet stage: print-ready leaflets, one page of PDF per leaflet file and region,
//! typeset in-process with typst from the same [`LeafletData`] (a view) as their HTML
//! pages.
//!
//! - [`engine`]: typst as a library → one-page, tagged, deterministic PDF, or an
//!   overflow error naming the section that does not fit;
//! - `world`: the typst `World` of one leaflet (embedded font, no disk, no clock);
//! - [`error`]: what can go wrong, as values with the place in the layout.
//!
//! The layout is a theme file ([`Layout`], `themes/<name>/leaflet/leaflet.typ`).
//!
//! ```no_run
//! # use zaitaku::leaflet::*;
//! # let (project, _) = zaitaku::load::load(std::path::Path::new("."));
//! # let project = project.unwrap();
//! let engine = LeafletEngine::new();          // once per process: fonts + library
//! let layout = Layout::for_project(&project); // once per theme
//! for region in &project.regions {
//!     for leaflet in &project.leaflets {
//!         let data = leaflet_data(&project, region, leaflet)?;
//!         let pdf = engine.render_pdf(&data, &layout)?;
//!         // <region>/leaflets/<id>.pdf ← pdf.bytes; <id>.html ← leaflet.html with `data`
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod engine;
pub mod error;
mod world;

pub use crate::theme::Layout;
pub use crate::view::leaflet::{LeafletData, LeafletDataError, Section, leaflet_data};
pub use engine::{LeafletEngine, Pdf};
pub use error::{LayoutWarning, LeafletError, OverflowAt, Place};
