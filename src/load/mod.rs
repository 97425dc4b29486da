//! Stage 1: files on disk → typed [`Project`], with every problem as a diagnostic.
//!
//! The walk is sequential and cheap; reading and parsing run in parallel. File ids are
//! the positions in the walk's list, so diagnostics and output never depend on thread
//! timing.

mod article;
mod availability;
mod disk;
mod fields;
mod records;
mod secret;
mod syntax;
mod toml_string;
mod unattached;
mod walk;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile, display_path};
use crate::i18n::{Msg, io_error, quoted};
use crate::model::*;
use crate::msg;
use disk::{Found, Kind, Tree};
use fields::Fields;
pub use unattached::{FileKind, parse_text};
use walk::walk;

/// Content files larger than this are refused: nobody writes a 5 MB record, and reading
/// a mistaken multi-gigabyte file into memory is how a build dies.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// What a file in the project is, decided by where it sits.
#[derive(Debug, Clone)]
enum Entry {
    Site,
    Emergency,
    Guidebook,
    SharedArticle(Id),
    Leaflet(Id),
    Region(Id),
    Institution { region: Id, id: Id },
    RegionArticle { region: Id, id: Id },
    /// `regions/<id>/availability.csv`.
    Availability(Id),
}

/// Theme files may be larger than content (images, fonts) but every one is copied into
/// each region; a mistaken multi-gigabyte file must still not be read.
pub const MAX_THEME_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a file as UTF-8 text, reporting size, encoding and I/O problems.
fn read_text(tree: &Tree, file: &Found, d: &mut Diagnostics) -> Option<String> {
    let bytes = match tree.read(file, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(p) => {
            d.push(tree.diagnostic(&p));
            return None;
        }
    };
    // A UTF-8 byte-order mark is what Windows Notepad writes; it carries no meaning.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(good).into_owned();
            let src = SourceFile::new(tree.shown(&file.path), text);
            let end = src.text.len();
            d.push(Diagnostic::at(Severity::Error, &src, end..end, Msg::new("load-not-utf8")).with_help(Msg::new("load-not-utf8-help")));
            None
        }
    }
}

/// A region's vacancies, beside its `region.toml`.
pub const AVAILABILITY_FILE: &str = "availability.csv";

/// One parsed file.
enum Parsed {
    Site(Site),
    Emergency(Vec<EmergencyNumber>),
    Article { region: Option<Id>, article: Article },
    Leaflet(Leaflet),
    Guidebook(Guidebook),
    Region(Id, FileId, records::RegionRecord),
    Institution(Id, Id, FileId, records::InstitutionRecord),
    Availability(Id, Availability),
}

/// Marks the file's `[internal]` content, before anything can report on the file.
fn hide_internal(src: &mut SourceFile, entry: &Entry) {
    let secrets = match entry {
        // A CSV has no [internal] table.
        Entry::Availability(_) => return,
        Entry::SharedArticle(_) | Entry::RegionArticle { .. } => match article::front_matter(&src.text) {
            Ok((toml, ..)) => secret::internal(&toml),
            // No front matter to tell where TOML ends: read the whole file as TOML,
            // which does not parse, so everything that could be internal is hidden.
            Err(_) => secret::internal(&src.text),
        },
        _ => secret::internal(&src.text),
    };
    for r in secrets.ranges {
        src.mark_secret(r);
    }
    for v in secrets.values {
        src.mark_secret_value(v);
    }
}

fn parse_file(tree: &Tree, found: &Found, entry: &Entry, file: FileId) -> (Option<SourceFile>, Option<Parsed>, Diagnostics) {
    let mut d = Diagnostics::default();
    let text = match entry {
        Entry::Availability(_) => availability::read(tree, found, &mut d),
        _ => read_text(tree, found, &mut d),
    };
    let Some(text) = text else { return (None, None, d) };
    let mut src = SourceFile::new(tree.shown(&found.path), text);
    hide_internal(&mut src, entry);
    let parsed = parse_source(&src, entry, file, &mut d);
    (Some(src), parsed, d)
}

fn parse_source(src: &SourceFile, entry: &Entry, file: FileId, d: &mut Diagnostics) -> Option<Parsed> {
    if let Entry::Availability(region) = entry {
        return availability::parse(src, file, d).map(|a| Parsed::Availability(region.clone(), a));
    }
    if let Entry::SharedArticle(id) | Entry::RegionArticle { id, .. } = entry {
        let region = match entry {
            Entry::RegionArticle { region, .. } => Some(region.clone()),
            _ => None,
        };
        return article::article(src, file, id.clone(), d).map(|article| Parsed::Article { region, article });
    }
    if src.text.trim().is_empty() {
        d.error(src, 0..0, Msg::new("load-empty-file"));
        return None;
    }
    let table = syntax::parse(src, &src.text, 0, d)?;
    let whole = 0..0;
    Some(match entry {
        Entry::Site => Parsed::Site(records::site(Fields::new(src, &table, whole, Msg::new("what-site"), records::SITE_KEYS), d)),
        Entry::Emergency => Parsed::Emergency(records::emergency(
            Fields::new(src, &table, whole, Msg::new("what-emergency"), records::EMERGENCY_KEYS),
            d,
        )),
        Entry::Guidebook => Parsed::Guidebook(records::guidebook(
            Fields::new(src, &table, whole, Msg::new("what-guidebook"), records::GUIDEBOOK_KEYS),
            file,
            d,
        )),
        Entry::Leaflet(id) => {
            let (title, paper, sections) =
                records::leaflet(Fields::new(src, &table, whole, Msg::new("what-leaflet"), records::LEAFLET_KEYS), file, d)?;
            Parsed::Leaflet(Leaflet { id: id.clone(), file, title, paper, sections })
        }
        Entry::Region(id) => Parsed::Region(
            id.clone(),
            file,
            records::region(Fields::new(src, &table, whole, Msg::new("what-region"), records::REGION_KEYS), d)?,
        ),
        Entry::Institution { region, id } => Parsed::Institution(
            region.clone(),
            id.clone(),
            file,
            records::institution(Fields::new(src, &table, whole, Msg::new("what-institution"), records::INSTITUTION_KEYS), d)?,
        ),
        Entry::SharedArticle(_) | Entry::RegionArticle { .. } | Entry::Availability(_) => return None,
    })
}

/// Loads the project at `root`. Returns `None` when the project cannot be assembled at
/// all; otherwise a project, possibly with errors in `Diagnostics` for records that were
/// skipped (callers must check `has_errors` before publishing anything).
pub fn load(root: &Path) -> (Option<Project>, Diagnostics) {
    let mut d = Diagnostics::default();
    let no_site = || {
        Diagnostic::for_file(Severity::Error, "site.toml", msg!("load-no-site", folder = crate::platform::shown(root)))
            .with_help(Msg::new("load-no-site-help"))
    };
    let tree = match Tree::project(root) {
        Ok(tree) => tree,
        Err(e) if root.exists() => {
            let shown = crate::platform::shown(root);
            d.push(Diagnostic::for_file(Severity::Error, shown, msg!("load-cannot-open-project", reason = io_error(&e))));
            return (None, d);
        }
        Err(_) => {
            d.push(no_site());
            return (None, d);
        }
    };
    let site = match tree.resolve_as(&root.join("site.toml"), Kind::File) {
        Ok(Some(site)) => site,
        Ok(None) => {
            d.push(no_site());
            return (None, d);
        }
        Err(p) => {
            d.push(tree.diagnostic(&p));
            return (None, d);
        }
    };
    let mut broken = Broken::default();
    let files = walk(&tree, site, &mut broken, &mut d);
    let results: Vec<_> = files
        .par_iter()
        .enumerate()
        .map(|(i, (found, entry))| parse_file(&tree, found, entry, FileId(i)))
        .collect();

    let mut sources = Vec::with_capacity(results.len());
    let mut parsed = Vec::with_capacity(results.len());
    for (i, (src, p, diags)) in results.into_iter().enumerate() {
        d.extend(diags);
        // Keep positions aligned with FileId even for unreadable files.
        sources.push(src.unwrap_or_else(|| SourceFile::new(tree.shown(&files[i].0.path), String::new())));
        match p {
            Some(p) => parsed.push(p),
            None => mark_broken(&files[i].1, &mut broken),
        }
    }

    let theme_files = load_theme(&tree, &parsed, &mut d);
    let project = assemble(parsed, sources, theme_files, broken, &mut d);
    (project, d)
}

/// Notes a file that exists but did not load, so that what refers to it is not reported
/// as a second error.
fn mark_broken(entry: &Entry, broken: &mut Broken) {
    match entry {
        // A region whose figures do not load publishes none: nothing refers to them.
        Entry::Site | Entry::Leaflet(_) | Entry::Guidebook | Entry::Availability(_) => {}
        Entry::Emergency => broken.emergency = true,
        Entry::SharedArticle(id) => {
            broken.articles.insert((None, id.clone()));
        }
        Entry::RegionArticle { region, id } => {
            broken.articles.insert((Some(region.clone()), id.clone()));
        }
        Entry::Region(id) => {
            broken.regions.insert(id.clone());
        }
        Entry::Institution { region, id } => {
            broken.institutions.insert((region.clone(), id.clone()));
        }
    }
}

fn assemble(
    parsed: Vec<Parsed>,
    sources: Vec<SourceFile>,
    theme_files: BTreeMap<String, Vec<u8>>,
    broken: Broken,
    d: &mut Diagnostics,
) -> Option<Project> {
    let mut site = None;
    let mut emergency = Vec::new();
    let mut articles = Vec::new();
    let mut leaflets = Vec::new();
    let mut guidebook = Guidebook::default();
    let mut regions: Vec<Region> = Vec::new();
    let mut institutions: Vec<(Id, Institution)> = Vec::new();
    let mut region_articles: Vec<(Id, Article)> = Vec::new();
    let mut availability: Vec<(Id, Availability)> = Vec::new();

    for p in parsed {
        match p {
            Parsed::Site(s) => site = Some(s),
            Parsed::Emergency(e) => emergency = e,
            Parsed::Article { region: None, article } => articles.push(article),
            Parsed::Article { region: Some(r), article } => region_articles.push((r, article)),
            Parsed::Leaflet(l) => leaflets.push(l),
            Parsed::Guidebook(g) => guidebook = g,
            Parsed::Availability(region, a) => availability.push((region, a)),
            Parsed::Region(id, file, r) => {
                let at = |(value, span): (String, std::ops::Range<usize>)| At { value, loc: Loc { file, span } };
                let municipalities_kana = with_known_readings(r.municipalities_kana, &r.prefecture, &r.municipalities);
                regions.push(Region {
                    id,
                    file,
                    name: r.name,
                    name_kana: r.name_kana,
                    prefecture: r.prefecture,
                    municipalities: r.municipalities,
                    municipalities_kana,
                    as_of: r.as_of,
                    description: r.description.map(|(text, span, map)| Markdown { text, loc: Loc { file, span }, map }),
                    hubs: r.hubs.into_iter().map(at).collect(),
                    emergency: r.emergency.into_iter().map(at).collect(),
                    numbers: r.numbers,
                    institutions: Vec::new(),
                    articles: Vec::new(),
                    availability: None,
                });
            }
            Parsed::Institution(region, id, file, r) => {
                let at = |(value, span)| At { value, loc: Loc { file, span } };
                institutions.push((
                    region,
                    Institution {
                        id,
                        file,
                        name: r.name,
                        kana: r.kana,
                        kind: r.kind,
                        roles: r.roles,
                        phases: r.phases,
                        services: r.services,
                        municipality: r.municipality.map(at),
                        postal_code: r.postal_code,
                        address: r.address,
                        phone: r.phone,
                        fax: r.fax,
                        url: r.url,
                        hours: r.hours,
                        available_24h: r.available_24h,
                        accepting_new_patients: r.accepting_new_patients,
                        visit_area_spans: r.visit_area.iter().map(|(_, span)| span.clone()).collect(),
                        visit_area: r.visit_area.into_iter().map(|(s, _)| s).collect(),
                        location: r.location,
                        verified: At { value: r.verified.0, loc: Loc { file, span: r.verified.1 } },
                        provenance: r.source.map(|source| Provenance { source, verified_by_staff: r.verified_by_staff }),
                        note: r.note.map(|(text, span, map)| Markdown { text, loc: Loc { file, span }, map }),
                        internal: r.internal,
                    },
                ));
            }
        }
    }
    let index: BTreeMap<Id, usize> = regions.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
    for (region_id, inst) in institutions {
        if let Some(&i) = index.get(&region_id) {
            regions[i].institutions.push(inst);
        }
    }
    for (region_id, article) in region_articles {
        if let Some(&i) = index.get(&region_id) {
            regions[i].articles.push(article);
        }
    }
    for (region_id, a) in availability {
        if let Some(&i) = index.get(&region_id) {
            regions[i].availability = Some(a);
        }
    }
    if regions.is_empty() && !d.has_errors() {
        d.push(
            Diagnostic::for_file(Severity::Error, "content/regions", Msg::new("load-no-region"))
                .with_help(Msg::new("load-no-region-help")),
        );
    }
    Some(Project { site: site?, emergency, articles, leaflets, guidebook, regions, theme_files, sources, broken })
}

/// Reads the project's own theme folder, if any; files there override the built-in theme.
/// Every file must lie inside the theme's folder: what is under `static/` is published.
fn load_theme(tree: &Tree, parsed: &[Parsed], d: &mut Diagnostics) -> BTreeMap<String, Vec<u8>> {
    let theme = parsed
        .iter()
        .find_map(|p| if let Parsed::Site(s) = p { Some(s.theme.clone()) } else { None })
        .unwrap_or_else(|| "default".into());
    let mut out = BTreeMap::new();
    let dir = tree.root().path.join("themes").join(&theme);
    let theme_tree = match tree.subtree(&dir) {
        Ok(Some(t)) => t,
        Ok(None) => {
            if theme != "default" {
                d.push(Diagnostic::for_file(
                    Severity::Error,
                    "site.toml",
                    msg!("load-theme-not-found", theme = quoted(&theme), folder = format!("themes/{theme}/")),
                ));
            }
            return out;
        }
        Err(p) => {
            d.push(tree.diagnostic(&p));
            return out;
        }
    };
    let (files, problems) = theme_tree.files_below(&theme_tree.root());
    for p in &problems {
        d.push(theme_tree.diagnostic(p));
    }
    for file in files {
        match theme_tree.read(&file, MAX_THEME_FILE_BYTES) {
            Ok(bytes) => {
                out.insert(display_path(&dir, &file.path), bytes);
            }
            Err(p) => d.push(theme_tree.diagnostic(&p)),
        }
    }
    out
}

/// The region's own readings of its municipalities, completed from Japan's table of
/// municipalities (`data/municipalities.csv`, the table `zaitaku import` places rows
/// with) for the names of the region's prefecture that the table knows.
fn with_known_readings(mut readings: BTreeMap<String, String>, prefecture: &str, names: &[String]) -> BTreeMap<String, String> {
    use crate::import::municipality::{EntryType, table};
    for name in names {
        if readings.contains_key(name) {
            continue;
        }
        let known = table().entries().iter().find(|e| e.kind != EntryType::Prefecture && e.prefecture == prefecture && e.name == name);
        if let Some(entry) = known {
            readings.insert(name.clone(), entry.reading.to_string());
        }
    }
    readings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_of_municipalities_come_from_the_region_then_the_table() {
        let names: Vec<String> = ["名護市", "本部町", "みどり市"].map(String::from).to_vec();
        let own = BTreeMap::from([("本部町".to_string(), "もとぶちょう".to_string())]);
        let readings = with_known_readings(own, "沖縄県", &names);
        assert_eq!(readings.get("名護市").map(String::as_str), Some("ナゴシ"));
        assert_eq!(readings.get("本部町").map(String::as_str), Some("もとぶちょう"), "the region's own reading wins");
        assert_eq!(readings.get("みどり市"), None, "not a real municipality");
        // Only in the region's prefecture: 北区 is in Tokyo, not Okinawa.
        assert!(with_known_readings(BTreeMap::new(), "沖縄県", &["北区".to_string()]).is_empty());
    }
}
