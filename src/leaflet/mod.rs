//! Print-ready leaflets: for each leaflet file and each region, one page of PDF made
//! in-process with typst, and the same content as data for an accessible HTML page.
//!
//! - [`data`]: leaflet + region → [`LeafletData`] (serialisable; public fields only).
//! - [`article`]: an article's Markdown → plain blocks for print.
//! - [`qr`]: the QR code of the region's address.
//! - [`layout`]: the typst layout, a theme file (`themes/<name>/leaflet/leaflet.typ`).
//! - [`engine`]: typst as a library → one-page, tagged, deterministic PDF, or an
//!   overflow error naming the section that does not fit.
//!
//! ```no_run
//! # use zaitaku::leaflet::*;
//! # let (project, _) = zaitaku::load::load(std::path::Path::new("."));
//! # let project = project.unwrap();
//! let engine = LeafletEngine::new();          // once per build: fonts + library
//! let layout = Layout::for_project(&project); // once per build: the theme's layout
//! for region in &project.regions {
//!     for leaflet in &project.leaflets {
//!         let data = leaflet_data(&project, region, leaflet)?;
//!         let pdf = engine.render_pdf(&data, &layout)?;
//!         // <region>/leaflets/<id>.pdf ← pdf.bytes; <id>.html ← leaflet.html with `data`
//!     }
//! }
//! # Ok::<(), LeafletError>(())
//! ```

pub mod article;
pub mod data;
pub mod engine;
pub mod error;
pub mod qr;
mod world;

pub use data::{Contact, InstitutionRow, LeafletData, LeafletRegion, Section, leaflet_data};
pub use engine::{FONT_FAMILY, LeafletEngine, Pdf};
pub use error::{LeafletError, OverflowAt};
pub use crate::theme::{LAYOUT_PATH, Layout};

use crate::model::{Leaflet, Project, Region};

/// One leaflet for one region: its data (for the HTML page) and its PDF.
pub struct Built {
    pub data: LeafletData,
    pub pdf: Pdf,
}

/// Builds one leaflet for one region.
pub fn build(
    engine: &LeafletEngine,
    layout: &Layout,
    project: &Project,
    region: &Region,
    leaflet: &Leaflet,
) -> Result<Built, LeafletError> {
    let data = leaflet_data(project, region, leaflet)?;
    let pdf = engine.render_pdf(&data, layout)?;
    Ok(Built { data, pdf })
}
