//! The open data stage as the driver runs it: a region's context → its open data files.
//! One narrow call into `crate::opendata` per file, so either side can change.

use crate::context::RegionContext;
use crate::model::*;
use crate::opendata;

/// The region's open data files, each with its kind (`csv`, `json`, `feed`) for the
/// page that lists them.
pub(super) fn files(cx: &RegionContext<'_>) -> Vec<(&'static str, OutputFile)> {
    let (project, region) = (cx.project, cx.region);
    let id = region.id.as_str();
    let articles: Vec<&Article> = cx.articles.iter().map(|a| a.record).collect();
    vec![
        ("csv", OutputFile { path: format!("{id}/opendata/institutions.csv"), bytes: opendata::institutions_csv(project, region) }),
        (
            "json",
            OutputFile {
                path: format!("{id}/opendata/institutions.json"),
                bytes: opendata::institutions_json(project, region, &project.site.license),
            },
        ),
        (
            "feed",
            OutputFile {
                path: format!("{id}/feed.xml"),
                bytes: opendata::atom_feed(project, region, &articles, project.site.base_url.as_deref()),
            },
        ),
    ]
}
