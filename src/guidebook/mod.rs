//! The guidebook stage: each region's 資源ガイドブック, a PDF and its HTML twin.

pub mod data;
