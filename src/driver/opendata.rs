//! The open data stage as the driver runs it: a region's context → its open data files,
//! and the schema.org JSON-LD its pages carry. Every call into `crate::opendata` is
//! here, one per output, so either side can change.

use rayon::prelude::*;

use crate::context::RegionContext;
use crate::diagnostic::Diagnostics;
use crate::model::*;
use crate::opendata;
use crate::pages;
use crate::theme::Theme;

/// The region's open data files, each with its kind (`csv`, `json`, `availability`,
/// `feed`) for the page that lists them.
pub(super) fn files(cx: &RegionContext<'_>, theme: &Theme, now: BuildTime, d: &mut Diagnostics) -> Vec<(&'static str, OutputFile)> {
    let articles: Vec<&Article> = cx.articles.iter().map(|a| a.record).collect();
    let files = opendata::region_files(cx.project, cx.region, &articles, theme, now, d);
    let kind = |path: &str| match path.rsplit('/').next() {
        Some("institutions.csv") => "csv",
        Some("institutions.json") => "json",
        Some("availability.json") => "availability",
        _ => "feed",
    };
    files.into_iter().map(|f| (kind(&f.path), f)).collect()
}

/// The files of the records alone (the open data stage): CSV and JSON.
pub(super) fn of_records(files: &[(&'static str, OutputFile)]) -> Vec<OutputFile> {
    files.iter().filter(|(kind, _)| matches!(*kind, "csv" | "json")).map(|(_, f)| f.clone()).collect()
}

/// The vacancy set: `pages` (the pages that show vacancies), availability.json and the
/// feed, which has an entry per fresh figure.
pub(super) fn of_availability(files: &[(&'static str, OutputFile)], mut pages: Vec<OutputFile>) -> Vec<OutputFile> {
    pages.extend(files.iter().filter(|(kind, _)| matches!(*kind, "availability" | "feed")).map(|(_, f)| f.clone()));
    pages
}

/// What the pages show of open data: `files` listed with their sizes, and the JSON-LD
/// of every institution and article page.
pub(super) fn for_pages(cx: &RegionContext<'_>, theme: &Theme, files: &[(&'static str, OutputFile)]) -> pages::OpenData {
    let (project, region) = (cx.project, cx.region);
    let prefix = format!("{}/", region.id);
    let files = files
        .iter()
        .map(|(kind, f)| pages::Listed {
            path: f.path.strip_prefix(&prefix).unwrap_or(&f.path).to_string(),
            bytes: f.bytes.len(),
            kind,
        })
        .collect();
    let institutions_json_ld =
        cx.institutions.par_iter().map(|i| opendata::json_ld_institution(project, region, i.record, theme)).collect();
    let articles_json_ld = cx
        .articles
        .iter()
        .map(|a| {
            let url = project.site.base_url.as_ref().map(|b| format!("{b}{}/articles/{}.html", region.id, a.record.id));
            opendata::json_ld_article(a.record, url.as_deref(), &project.site.publisher)
        })
        .collect();
    pages::OpenData { files, institutions_json_ld, articles_json_ld }
}
