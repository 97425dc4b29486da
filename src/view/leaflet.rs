//! What one leaflet shows for one region, as plain serialisable data.
//!
//! The same value feeds the print layout (as JSON) and the HTML template (as a
//! minijinja value), so the PDF and the accessible page cannot drift apart. It is built
//! field by field from public model fields and the other views; an institution's
//! `[internal]` table has no path in here.

use std::fmt;

use serde::Serialize;

use super::print::{self, Block, PrintRegion, Run};
use super::qr;
use super::{DateView, NumberView};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Msg;
use crate::msg;
use crate::model::*;
use crate::theme::Labels;

#[derive(Debug, Clone, Serialize)]
pub struct LeafletData {
    /// The leaflet's id (its file stem): the page is `<region>/leaflets/<id>.html`.
    pub id: String,
    pub title: String,
    /// `{id, label}`: "A4" or "A3".
    pub paper: Paper,
    pub site_title: String,
    pub publisher: String,
    pub region: PrintRegion,
    /// The date the region's lists are valid for.
    pub as_of: DateView,
    /// The region's web address (`base_url` + region id + `/`), when the site has one.
    pub url: Option<String>,
    /// The region's coordination hub(s): whom to ask when unsure.
    pub hubs: Vec<Contact>,
    pub sections: Vec<Section>,
    /// Where the region's vacancy figures are, when it publishes them: paper outlives
    /// them, so leaflets print where to look, never a figure.
    pub availability: Option<AvailabilityNote>,
}

/// The sentence that sends a reader of paper to the vacancy page, and that page.
#[derive(Debug, Clone, Serialize)]
pub struct AvailabilityNote {
    pub text: String,
    /// The page relative to the region root (for the leaflet's HTML twin).
    pub page: String,
    /// Its web address, when the site has a `base_url` (printed).
    pub url: Option<String>,
}

/// A name and a number to call.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub name: String,
    pub phone: Option<PhoneNumber>,
    /// The institution's page, relative to the region root.
    pub url: String,
}

/// One section of a leaflet, tagged by `type` as in the leaflet file.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Section {
    Article {
        id: String,
        title: String,
        /// True when `blocks` is the summary (or first paragraph), not the whole body.
        summary: bool,
        blocks: Vec<Block>,
        /// The article's page, relative to the region root.
        url: String,
    },
    /// The region's numbers in order: its shared ones (`emergency = [...]`), then its own.
    Emergency { numbers: Vec<NumberView> },
    Institutions {
        heading: String,
        /// The labels of the filters other than phases (roles, kinds, services).
        criteria: Vec<String>,
        /// In the order to show them — the region's hubs, then those available 24 hours,
        /// then by reading — and at most `limit` of them. The layout shows as many as
        /// fit.
        rows: Vec<InstitutionRow>,
        /// How many institutions match the filter, `limit` or not.
        total: usize,
    },
    Qr {
        url: String,
        /// The QR code of `url` as an SVG document (black modules on white, quiet zone
        /// included).
        svg: String,
    },
}

impl LeafletData {
    /// "A4" or "A3".
    pub fn paper_id(&self) -> &'static str {
        self.paper.id()
    }
}

impl Section {
    /// The section's `type`, as written in leaflet files.
    pub fn kind(&self) -> &'static str {
        match self {
            Section::Article { .. } => SectionType::Article.id(),
            Section::Emergency { .. } => SectionType::Emergency.id(),
            Section::Institutions { .. } => SectionType::Institutions.id(),
            Section::Qr { .. } => SectionType::Qr.id(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct InstitutionRow {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub phone: Option<PhoneNumber>,
    /// Unknown (`None`) and `false` both print as "－".
    pub available_24h: Option<bool>,
    /// "○" or "－" (the theme's `leaflet_24h`), as printed in the 24-hour column.
    pub mark_24h: String,
    pub municipality: Option<String>,
    /// The institution's page, relative to the region root.
    pub url: String,
}

/// Builds the data of `leaflet` for `region`.
/// `labels` are the theme's (list headings, the 24-hour mark).
pub fn leaflet_data(
    project: &Project,
    region: &Region,
    leaflet: &Leaflet,
    labels: &Labels,
) -> Result<LeafletData, LeafletDataError> {
    let url = project.site.base_url.as_ref().map(|b| format!("{b}{}/", region.id));
    let sections = leaflet
        .sections
        .iter()
        .map(|s| section(project, region, leaflet, s, url.as_deref(), labels))
        .collect::<Result<Vec<_>, _>>()?;
    let hubs = region
        .hubs
        .iter()
        .filter_map(|h| region.institutions.iter().find(|i| i.id.as_str() == h.value))
        .map(|i| Contact { name: i.name.clone(), phone: i.phone.clone(), url: institution_url(i) })
        .collect();
    Ok(LeafletData {
        id: leaflet.id.to_string(),
        title: leaflet.title.clone(),
        paper: leaflet.paper,
        site_title: project.site.title.clone(),
        publisher: project.site.publisher.clone(),
        region: PrintRegion::new(region),
        as_of: region.as_of.into(),
        url: url.clone(),
        hubs,
        sections,
        availability: region.availability.as_ref().map(|_| AvailabilityNote {
            text: labels.availability.leaflet.clone(),
            page: super::availability::PAGE.to_string(),
            url: url.as_ref().map(|u| format!("{u}{}", super::availability::PAGE)),
        }),
    })
}

fn section(
    project: &Project,
    region: &Region,
    leaflet: &Leaflet,
    s: &LeafletSection,
    url: Option<&str>,
    labels: &Labels,
) -> Result<Section, LeafletDataError> {
    Ok(match s {
        LeafletSection::Article { article, summary } => {
            let found = region
                .articles
                .iter()
                .chain(project.articles.iter())
                .find(|a| a.id.as_str() == article.value)
                .ok_or_else(|| LeafletDataError::MissingArticle {
                    leaflet: leaflet.id.to_string(),
                    region: region.id.to_string(),
                    article: article.value.clone(),
                    at: article.loc.clone(),
                })?;
            let blocks = if *summary {
                let runs = match &found.summary {
                    Some(text) => Some(vec![Run { text: text.trim().to_string(), strong: false }]),
                    None => print::first_paragraph(&found.body.text),
                };
                runs.into_iter().map(|runs| Block::Paragraph { runs }).collect()
            } else {
                print::blocks(&found.body.text)
            };
            Section::Article {
                id: found.id.to_string(),
                title: found.title.clone(),
                summary: *summary,
                blocks,
                url: format!("articles/{}.html", found.id),
            }
        }
        LeafletSection::Emergency => Section::Emergency { numbers: NumberView::for_region(project, region) },
        LeafletSection::Institutions { phases, roles, kinds, services, limit } => {
            let mut rows: Vec<&Institution> = region
                .institutions
                .iter()
                .filter(|i| {
                    any_of(phases, &i.phases)
                        && any_of(roles, &i.roles)
                        && any_of(kinds, std::slice::from_ref(&i.kind))
                        && any_of(services, &i.services)
                })
                .collect();
            let is_hub = |i: &Institution| region.hubs.iter().any(|h| h.value == i.id.as_str());
            rows.sort_by_cached_key(|i| (!is_hub(i), i.available_24h != Some(true), i.reading_key(), i.id.clone()));
            let total = rows.len();
            rows.truncate(limit.unwrap_or(usize::MAX));
            let criteria = roles
                .iter()
                .map(|r| r.label())
                .chain(kinds.iter().map(|k| k.label()))
                .chain(services.iter().map(|s| s.label()))
                .map(str::to_string)
                .collect();
            let rows = rows.into_iter().map(|i| row(i, labels)).collect();
            Section::Institutions { heading: institutions_heading(phases, labels), criteria, rows, total }
        }
        LeafletSection::Qr => {
            let err = |message: String| LeafletDataError::Qr {
                leaflet: leaflet.id.to_string(),
                region: region.id.to_string(),
                message,
            };
            let url = url.ok_or_else(|| LeafletDataError::NeedsBaseUrl {
                leaflet: leaflet.id.to_string(),
                region: region.id.to_string(),
            })?;
            Section::Qr { url: url.to_string(), svg: qr::svg(url).map_err(err)? }
        }
    })
}

/// True when `wanted` is empty (no filter) or `have` holds one of its values.
fn any_of<T: PartialEq>(wanted: &[T], have: &[T]) -> bool {
    wanted.is_empty() || wanted.iter().any(|w| have.contains(w))
}


/// What residents would call the list: by the situation when one phase is chosen.
fn institutions_heading(phases: &[Phase], labels: &Labels) -> String {
    let h = &labels.leaflet_heading;
    match phases {
        [Phase::Discharge] => &h.discharge,
        [Phase::Daily] => &h.daily,
        [Phase::Acute] => &h.acute,
        [Phase::EndOfLife] => &h.end_of_life,
        _ => &h.any,
    }
    .clone()
}

fn row(i: &Institution, labels: &Labels) -> InstitutionRow {
    InstitutionRow {
        id: i.id.to_string(),
        name: i.name.clone(),
        kind: i.kind,
        phone: i.phone.clone(),
        available_24h: i.available_24h,
        mark_24h: if i.available_24h == Some(true) { &labels.leaflet_24h.yes } else { &labels.leaflet_24h.no }.clone(),
        municipality: i.municipality.as_ref().map(|m| m.value.clone()),
        url: institution_url(i),
    }
}

fn institution_url(i: &Institution) -> String {
    format!("institutions/{}.html", i.id)
}

/// Why a leaflet's data could not be made for a region. Every message names the leaflet
/// and the region, so an author knows which file to change, and none of them echoes a
/// record's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeafletDataError {
    /// A `qr` section, but `site.toml` has no `base_url` to point it at.
    NeedsBaseUrl { leaflet: String, region: String },
    /// An `article` section names an article that the region does not publish; `at` is
    /// where the leaflet file names it.
    MissingArticle { leaflet: String, region: String, article: String, at: Loc },
    /// The QR code could not be encoded (a base URL far too long for a QR code).
    Qr { leaflet: String, region: String, message: String },
}

impl LeafletDataError {
    /// The error as a build diagnostic in `leaflet`'s file (at the article's name for a
    /// missing article).
    pub fn to_diagnostic(&self, project: &Project, leaflet: &Leaflet) -> Diagnostic {
        match self {
            LeafletDataError::MissingArticle { region, article, at, .. } => {
                Diagnostic::at(Severity::Error, project.source(at.file), at.span.clone(), self.message()).with_help(msg!(
                    "leaflet-missing-article-help",
                    own = format!("content/regions/{region}/articles/{article}.md"),
                    shared = format!("content/articles/{article}.md")
                ))
            }
            LeafletDataError::NeedsBaseUrl { .. } => {
                Diagnostic::for_file(Severity::Error, project.source(leaflet.file).path.clone(), self.message())
                    .with_help(Msg::new("leaflet-needs-base-url-help"))
            }
            LeafletDataError::Qr { .. } => {
                Diagnostic::for_file(Severity::Error, project.source(leaflet.file).path.clone(), self.message())
            }
        }
    }

    /// What went wrong, naming the leaflet and the region.
    pub fn message(&self) -> Msg {
        match self {
            LeafletDataError::NeedsBaseUrl { leaflet, region } => {
                msg!("leaflet-needs-base-url", leaflet = leaflet.as_str(), region = region.as_str())
            }
            LeafletDataError::MissingArticle { leaflet, region, article, .. } => msg!(
                "leaflet-missing-article",
                leaflet = leaflet.as_str(),
                region = region.as_str(),
                article = crate::i18n::quoted(article)
            ),
            LeafletDataError::Qr { leaflet, region, message } => {
                msg!("leaflet-qr-failed", leaflet = leaflet.as_str(), region = region.as_str(), detail = message.as_str())
            }
        }
    }
}

impl fmt::Display for LeafletDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::i18n::Lang::En.text(&self.message()))
    }
}

impl std::error::Error for LeafletDataError {}
