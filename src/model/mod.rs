//! The loaded project as typed records: what `load` produces and everything later reads.
//!
//! Nothing here is serialisable as a whole on purpose: templates receive the views in
//! `view`, which are built field by field, so the `[internal]` part of a record
//! has no path into any output.

pub mod availability;
pub mod phone;
pub mod vocab;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

pub use availability::{Availability, BuildTime, DateTime, Figure, Free, Freshness};
pub use jiff::civil::Date;
pub use phone::PhoneNumber;
pub use vocab::{Dataset, Grouping, Kind, Paper, Phase, Role, SectionType, Service, Topic, Vocabulary};

use crate::diagnostic::SourceFile;

/// One file of the built site, relative to the output root, `/`-separated. Every stage
/// makes these; only `output` writes them to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The licence of the open data files when `site.toml` names none.
pub const DEFAULT_LICENSE: &str = "CC BY 4.0";

/// Index of a file in [`Project::sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// Where a value was written, for diagnostics raised after loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: FileId,
    pub span: Range<usize>,
}

/// A value with the place it was written.
#[derive(Debug, Clone)]
pub struct At<T> {
    pub value: T,
    pub loc: Loc,
}

/// A content id: lowercase ASCII letters, digits and hyphens, safe as a URL segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(String);

impl Id {
    pub fn parse(s: &str) -> Option<Id> {
        let ok = !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then(|| Id(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the portal writes at the root of the output folder, beside one folder per
/// region. A region id equal to one of these would merge two sites in one folder, so
/// such ids are refused (a test checks this list against the portal's output).
pub const SITE_ROOT_NAMES: &[&str] = &["404.html", "assets", "index.html", "sitemap.xml"];

/// The names of [`SITE_ROOT_NAMES`] that a region id could spell.
pub fn reserved_region_ids() -> impl Iterator<Item = &'static str> {
    SITE_ROOT_NAMES.iter().copied().filter(|name| Id::parse(name).is_some())
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug)]
pub struct Project {
    pub site: Site,
    pub emergency: Vec<EmergencyNumber>,
    /// Articles published in every region.
    pub articles: Vec<Article>,
    pub leaflets: Vec<Leaflet>,
    /// `content/guidebook.toml`, or the defaults when there is none.
    pub guidebook: Guidebook,
    pub regions: Vec<Region>,
    /// Theme files of the project (`themes/<name>/…`), overriding the built-in theme.
    pub theme_files: BTreeMap<String, Vec<u8>>,
    pub sources: Vec<SourceFile>,
    /// Content files that exist but did not load; their own errors say why.
    pub broken: Broken,
}

/// Content files that exist but did not load (a TOML mistake, a missing required key,
/// a folder that could not be read). Their own errors say why; what refers to them (a
/// link, a hub, a leaflet's article, a region's emergency numbers) is not reported
/// again: one mistake, one error.
#[derive(Debug, Clone, Default)]
pub struct Broken {
    /// `content/` or `content/regions/` could not be read whole: nothing can be checked.
    pub everything: bool,
    pub emergency: bool,
    /// Regions whose `region.toml` did not load (their records and articles are not
    /// in the project either).
    pub regions: BTreeSet<Id>,
    /// (region, institution id).
    pub institutions: BTreeSet<(Id, Id)>,
    /// (region for a region's own article, article id).
    pub articles: BTreeSet<(Option<Id>, Id)>,
    /// Regions whose `institutions/` folder could not be read whole.
    pub unread_institutions: BTreeSet<Id>,
    /// `content/articles/` (`None`) or a region's `articles/` that could not be read whole.
    pub unread_articles: BTreeSet<Option<Id>>,
}

impl Broken {
    /// Whether region `region` may have an institution `id` that did not load.
    pub fn institution(&self, region: &str, id: &str) -> bool {
        self.everything
            || self.regions.iter().any(|r| r.as_str() == region)
            || self.unread_institutions.iter().any(|r| r.as_str() == region)
            || self.institutions.iter().any(|(r, i)| r.as_str() == region && i.as_str() == id)
    }

    /// Whether an article `id` may exist, shared or in `region`, but did not load.
    pub fn article(&self, region: &str, id: &str) -> bool {
        let here = |r: &Option<Id>| r.as_ref().is_none_or(|r| r.as_str() == region);
        self.everything
            || self.regions.iter().any(|r| r.as_str() == region)
            || self.unread_articles.iter().any(here)
            || self.articles.iter().any(|(r, a)| here(r) && a.as_str() == id)
    }

    /// Whether an article `id` may exist, shared or in any region, but did not load.
    pub fn any_article(&self, id: &str) -> bool {
        self.everything
            || !self.regions.is_empty()
            || !self.unread_articles.is_empty()
            || self.articles.iter().any(|(_, a)| a.as_str() == id)
    }
}

impl Project {
    pub fn source(&self, id: FileId) -> &SourceFile {
        &self.sources[id.0]
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub publisher: String,
    /// Always ends with `/` when present.
    pub base_url: Option<String>,
    pub language: String,
    pub theme: String,
    pub stale_after_days: i64,
    /// How many hours a vacancy figure is shown as a fact (`availability_fresh_hours`).
    pub availability_fresh_hours: i64,
    /// The licence of the open data files (CC BY 4.0 unless site.toml says otherwise).
    pub license: String,
    /// `[accessibility]`: what the accessibility statement page says.
    pub accessibility: Accessibility,
    /// `[outputs]`: which optional outputs are made.
    pub outputs: Outputs,
}

/// `[outputs]` of site.toml.
#[derive(Debug, Clone)]
pub struct Outputs {
    /// Each region's guidebook (`guidebook.pdf` and `guidebook.html`); on by default.
    pub guidebook: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs { guidebook: true }
    }
}

/// The publisher's accessibility policy, for the statement page (ウェブアクセシビリティ方針).
#[derive(Debug, Clone, Default)]
pub struct Accessibility {
    /// Target conformance level of JIS X 8341-3:2016 ("A", "AA" or "AAA"; "AA" when absent).
    pub level: Option<String>,
    pub established: Option<Date>,
    pub tested: Option<Date>,
    pub contact: Option<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct EmergencyNumber {
    pub id: String,
    pub label: String,
    pub number: PhoneNumber,
    pub alt_number: Option<PhoneNumber>,
    pub hours: Option<String>,
    pub when: Option<String>,
    pub not_available_in: Vec<String>,
}

#[derive(Debug)]
pub struct Region {
    pub id: Id,
    pub file: FileId,
    pub name: String,
    pub name_kana: Option<String>,
    pub prefecture: String,
    pub municipalities: Vec<String>,
    /// Readings of `municipalities` by name (`municipalities_kana`), where given.
    pub municipalities_kana: BTreeMap<String, String>,
    pub as_of: Date,
    pub description: Option<Markdown>,
    pub hubs: Vec<At<String>>,
    pub emergency: Vec<At<String>>,
    pub numbers: Vec<EmergencyNumber>,
    pub institutions: Vec<Institution>,
    /// Articles of this region only; one with a shared article's id replaces it here.
    pub articles: Vec<Article>,
    /// Its `availability.csv`, when it publishes vacancies.
    pub availability: Option<Availability>,
}

#[derive(Debug)]
pub struct Institution {
    pub id: Id,
    pub file: FileId,
    pub name: String,
    pub kana: Option<String>,
    pub kind: Kind,
    pub roles: Vec<Role>,
    pub phases: Vec<Phase>,
    pub services: Vec<Service>,
    pub municipality: Option<At<String>>,
    pub postal_code: Option<String>,
    pub address: Option<String>,
    pub phone: Option<PhoneNumber>,
    pub fax: Option<PhoneNumber>,
    pub url: Option<String>,
    pub hours: Option<String>,
    pub available_24h: Option<bool>,
    pub accepting_new_patients: Option<bool>,
    pub visit_area: Vec<String>,
    /// Where each `visit_area` entry is written, in the same order.
    pub visit_area_spans: Vec<Range<usize>>,
    pub location: Option<GeoPoint>,
    pub verified: At<Date>,
    /// Where an imported record came from (`[source]`); `None` for a record staff wrote.
    pub provenance: Option<Provenance>,
    pub note: Option<Markdown>,
    /// For professionals only. Deliberately opaque: no accessor exposes the values.
    pub internal: Internal,
}

impl Institution {
    /// False for an imported record staff have not checked yet: its `verified` is only
    /// the dataset's date, and pages must not call it a check.
    pub fn verified_by_staff(&self) -> bool {
        self.provenance.as_ref().is_none_or(|p| p.verified_by_staff)
    }

    /// Reading order (五十音順): by kana when given, else by name, folded as search
    /// folds them (width, katakana → hiragana) so every spelling sorts together.
    pub fn reading_key(&self) -> String {
        crate::text::kana::reading_key(self.kana.as_deref().unwrap_or(&self.name))
    }
}

impl Region {
    /// How a municipality's name is read, for reading order and search: its reading in
    /// `municipalities_kana`, else the name itself (みどり市 sorts as みどり…).
    pub fn municipality_reading<'a>(&'a self, name: &'a str) -> &'a str {
        self.municipalities_kana.get(name).map_or(name, String::as_str)
    }
}

/// The `[internal]` table of a record. It has no `Serialize`, no `Display` and no getter
/// for its values: the only thing the rest of the program can learn is that it exists.
pub struct Internal {
    values: Vec<String>,
}

impl Internal {
    pub(crate) fn new(values: Vec<String>) -> Self {
        Internal { values }
    }

    /// The raw values, only for tests that prove they never reach an output.
    #[doc(hidden)]
    pub fn secrets_for_leak_tests(&self) -> &[String] {
        &self.values
    }
}

impl std::fmt::Debug for Internal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Internal(<{} redacted>)", self.values.len())
    }
}

/// The `[source]` table of a record written by `zaitaku import`: the public dataset it
/// came from, its key there, and the date of the file it was read from.
#[derive(Debug, Clone)]
pub struct Source {
    pub dataset: Dataset,
    pub key: String,
    pub as_of: Date,
    /// The dataset's types the record was listed under (介護: サービスの種類, ナビイ: 病院,
    /// 診療所…): a newer file of one type says nothing about records of another.
    pub types: Vec<String>,
    /// Fields staff corrected by hand: import leaves them alone.
    pub keep: Vec<String>,
}

impl Source {
    /// The fields `zaitaku import` may update, so the ones `keep` can name.
    pub const IMPORTED_FIELDS: &[&str] =
        &["name", "kana", "municipality", "address", "phone", "fax", "url", "hours", "available_24h", "location", "services"];
}

/// What the project knows about an imported record.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub source: Source,
    /// False while the record has no `verified`: staff have not checked it, and its
    /// `Institution::verified` is the dataset's date.
    pub verified_by_staff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

/// Markdown text and where it sits in its source file, so that problems found while
/// rendering it (a broken `@/` link) point at their own line and column.
#[derive(Debug, Clone)]
pub struct Markdown {
    pub text: String,
    /// The whole value: an article's body, or a TOML string with its quotes.
    pub loc: Loc,
    /// Where each byte of `text` is in the file (empty: from `loc.span.start` on).
    pub map: TextMap,
}

impl Markdown {
    /// The file range of a byte range of `text`.
    pub fn file_span(&self, text: Range<usize>) -> Range<usize> {
        let start = self.map.file_offset(self.loc.span.start, text.start);
        start..self.map.file_offset(self.loc.span.start, text.end).max(start)
    }
}

/// Where a text taken from a file sits in it: the text offset and the file offset at
/// the start of each run copied unchanged. A TOML string's escapes (`\n`, `\u3042`,
/// a line-ending backslash) and the trimmed whitespace break the runs; a byte inside
/// an escape maps into that escape. Empty: the text is the file's bytes from a base.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextMap(pub Vec<(usize, usize)>);

impl TextMap {
    /// The file offset of text offset `at`; `base` is where the text starts when the
    /// map is empty.
    pub fn file_offset(&self, base: usize, at: usize) -> usize {
        let i = self.0.partition_point(|&(t, _)| t <= at);
        let Some(&(t, f)) = i.checked_sub(1).and_then(|i| self.0.get(i)) else { return base + at };
        let next = self.0.get(i).map_or(usize::MAX, |&(_, f)| f);
        (f + (at - t)).min(next.max(f))
    }
}

#[derive(Debug, Clone)]
pub struct Article {
    pub id: Id,
    pub file: FileId,
    pub title: String,
    pub summary: Option<String>,
    pub topic: Topic,
    pub phases: Vec<Phase>,
    pub order: i64,
    pub updated: Date,
    pub body: Markdown,
}

#[derive(Debug, Clone)]
pub struct Leaflet {
    pub id: Id,
    pub file: FileId,
    pub title: String,
    pub paper: Paper,
    pub sections: Vec<LeafletSection>,
}

#[derive(Debug, Clone)]
pub enum LeafletSection {
    Article { article: At<String>, summary: bool },
    Emergency,
    /// `limit`: at most this many rows, however many fit.
    Institutions { phases: Vec<Phase>, roles: Vec<Role>, kinds: Vec<Kind>, services: Vec<Service>, limit: Option<usize> },
    Qr,
}

/// How each region's guidebook is made (`content/guidebook.toml`).
#[derive(Debug, Clone, Default)]
pub struct Guidebook {
    /// The file, when the project has one.
    pub file: Option<FileId>,
    /// The title on the cover (the theme's when absent).
    pub title: Option<String>,
    /// An article shown as the introduction (はじめに).
    pub intro: Option<At<String>>,
    /// Institutions under their kinds (default) or under each of their phases.
    pub grouping: Grouping,
    /// Only institutions of these kinds (all when empty).
    pub kinds: Vec<Kind>,
}
