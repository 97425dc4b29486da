//! Stage 1: files on disk → typed [`Project`], with every problem as a diagnostic.
//!
//! The walk is sequential and cheap; reading and parsing run in parallel. File ids are
//! the positions in the walk's list, so diagnostics and output never depend on thread
//! timing.

mod article;
mod fields;
mod records;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile, display_path};
use crate::model::*;
use fields::Fields;

/// Content files larger than this are refused: nobody writes a 5 MB record, and reading
/// a mistaken multi-gigabyte file into memory is how a build dies.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// What a file in the project is, decided by where it sits.
#[derive(Debug, Clone)]
enum Entry {
    Site,
    Emergency,
    SharedArticle(Id),
    Leaflet(Id),
    Region(Id),
    Institution { region: Id, id: Id },
    RegionArticle { region: Id, id: Id },
}

/// Reads a file as UTF-8 text, reporting size, encoding and I/O problems.
fn read_text(root: &Path, path: &Path, d: &mut Diagnostics) -> Option<String> {
    let shown = display_path(root, path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            d.push(Diagnostic::for_file(Severity::Error, shown, format!("cannot read file: {e}")));
            return None;
        }
    };
    if meta.len() > MAX_FILE_BYTES {
        d.push(Diagnostic::for_file(
            Severity::Error,
            shown,
            format!("file is too large ({} bytes; the limit is {} bytes)", meta.len(), MAX_FILE_BYTES),
        ));
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            d.push(Diagnostic::for_file(Severity::Error, shown, format!("cannot read file: {e}")));
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
            let src = SourceFile::new(shown, text);
            let end = src.text.len();
            d.push(
                Diagnostic::at(Severity::Error, &src, end..end, "file is not valid UTF-8")
                    .with_help("save the file as UTF-8 (Shift_JIS and other encodings are not supported)"),
            );
            None
        }
    }
}

/// Lists `dir`'s entries sorted by name, skipping editor litter and links that leave the
/// project. A missing directory is simply empty.
fn list_dir(root: &Path, dir: &Path, d: &mut Diagnostics) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut out: Vec<PathBuf> = Vec::new();
    for entry in read.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') || name.starts_with('#') {
            continue;
        }
        if let Ok(meta) = std::fs::symlink_metadata(&path) {
            if meta.file_type().is_symlink() {
                let inside = path.canonicalize().map(|t| t.starts_with(&canonical_root)).unwrap_or(false);
                if !inside {
                    d.push(Diagnostic::for_file(
                        Severity::Warning,
                        display_path(root, &path),
                        "skipped: a symbolic link that points outside the project (or nowhere)",
                    ));
                    continue;
                }
            }
        }
        out.push(path);
    }
    out.sort();
    out
}

/// The file's stem as an id, or an error saying why it cannot be one.
fn stem_id(root: &Path, path: &Path, d: &mut Diagnostics) -> Option<Id> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id = Id::parse(&stem);
    if id.is_none() {
        d.push(
            Diagnostic::for_file(
                Severity::Error,
                display_path(root, path),
                format!("{stem:?} cannot be an id: ids become URLs and use only a-z, 0-9 and -"),
            )
            .with_help(format!("rename it, e.g. to {:?}", suggest_id(&stem))),
        );
    }
    id
}

fn suggest_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "my-id".into() } else { out }
}

fn files_with_ext(root: &Path, dir: &Path, ext: &str, d: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in list_dir(root, dir, d) {
        if path.is_dir() {
            d.push(Diagnostic::for_file(Severity::Warning, display_path(root, &path), "ignored: unexpected folder"));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        } else {
            d.push(Diagnostic::for_file(
                Severity::Warning,
                display_path(root, &path),
                format!("ignored: only .{ext} files are read here"),
            ));
        }
    }
    out
}

/// Finds every content file and what it is.
fn walk(root: &Path, d: &mut Diagnostics) -> Vec<(PathBuf, Entry)> {
    let mut files = vec![(root.join("site.toml"), Entry::Site)];
    let content = root.join("content");
    let emergency = content.join("emergency.toml");
    if emergency.exists() {
        files.push((emergency, Entry::Emergency));
    }
    for path in files_with_ext(root, &content.join("articles"), "md", d) {
        if let Some(id) = stem_id(root, &path, d) {
            files.push((path, Entry::SharedArticle(id)));
        }
    }
    for path in files_with_ext(root, &content.join("leaflets"), "toml", d) {
        if let Some(id) = stem_id(root, &path, d) {
            files.push((path, Entry::Leaflet(id)));
        }
    }
    let regions_dir = content.join("regions");
    for dir in list_dir(root, &regions_dir, d) {
        if !dir.is_dir() {
            d.push(Diagnostic::for_file(
                Severity::Warning,
                display_path(root, &dir),
                "ignored: content/regions/ holds one folder per region",
            ));
            continue;
        }
        let Some(region) = stem_id_of_dir(root, &dir, d) else { continue };
        let region_file = dir.join("region.toml");
        if !region_file.is_file() {
            d.push(
                Diagnostic::for_file(
                    Severity::Error,
                    display_path(root, &dir),
                    format!("region folder \"{region}\" has no region.toml"),
                )
                .with_help("add region.toml with name, prefecture and as_of, or remove the folder"),
            );
            continue;
        }
        files.push((region_file, Entry::Region(region.clone())));
        for path in files_with_ext(root, &dir.join("institutions"), "toml", d) {
            if let Some(id) = stem_id(root, &path, d) {
                files.push((path, Entry::Institution { region: region.clone(), id }));
            }
        }
        for path in files_with_ext(root, &dir.join("articles"), "md", d) {
            if let Some(id) = stem_id(root, &path, d) {
                files.push((path, Entry::RegionArticle { region: region.clone(), id }));
            }
        }
    }
    files
}

fn stem_id_of_dir(root: &Path, dir: &Path, d: &mut Diagnostics) -> Option<Id> {
    let name = dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id = Id::parse(&name);
    if id.is_none() {
        d.push(
            Diagnostic::for_file(
                Severity::Error,
                display_path(root, dir),
                format!("region folder {name:?} cannot be an id: ids become URLs and use only a-z, 0-9 and -"),
            )
            .with_help(format!("rename it, e.g. to {:?}", suggest_id(&name))),
        );
    }
    id
}

/// One parsed file.
enum Parsed {
    Site(Site),
    Emergency(Vec<EmergencyNumber>),
    Article { region: Option<Id>, article: Article },
    Leaflet(Leaflet),
    Region(Id, FileId, records::RegionRecord),
    Institution(Id, Id, FileId, records::InstitutionRecord),
}

/// Byte ranges of `[internal]` tables, found textually so that they are hidden from
/// diagnostics even in a file whose TOML does not parse.
fn internal_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            if let Some(start) = open.take() {
                out.push(start..pos);
            }
            let header = t.trim_start_matches('[').trim_start();
            if header.starts_with("internal") {
                open = Some(pos);
            }
        } else if t.starts_with("internal") && t.contains('=') {
            out.push(pos..pos + line.len());
        }
        pos += line.len();
    }
    if let Some(start) = open {
        out.push(start..text.len());
    }
    out
}

fn parse_toml<'a>(src: &'a SourceFile, d: &mut Diagnostics) -> Option<DeTable<'a>> {
    let (table, errors) = DeTable::parse_recoverable(&src.text);
    if errors.is_empty() {
        return Some(table.into_inner());
    }
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        d.error(src, span, format!("invalid TOML: {}", e.message().trim()));
    }
    None
}

fn parse_file(root: &Path, path: &Path, entry: &Entry, file: FileId) -> (Option<SourceFile>, Option<Parsed>, Diagnostics) {
    let mut d = Diagnostics::default();
    let Some(text) = read_text(root, path, &mut d) else { return (None, None, d) };
    let mut src = SourceFile::new(display_path(root, path), text);
    for r in internal_ranges(&src.text) {
        src.mark_secret(r);
    }
    let parsed = parse_source(&src, entry, file, &mut d);
    (Some(src), parsed, d)
}

fn parse_source(src: &SourceFile, entry: &Entry, file: FileId, d: &mut Diagnostics) -> Option<Parsed> {
    if let Entry::SharedArticle(id) | Entry::RegionArticle { id, .. } = entry {
        let region = match entry {
            Entry::RegionArticle { region, .. } => Some(region.clone()),
            _ => None,
        };
        return article::article(src, file, id.clone(), d).map(|article| Parsed::Article { region, article });
    }
    if src.text.trim().is_empty() {
        d.error(src, 0..0, "file is empty");
        return None;
    }
    let table = parse_toml(src, d)?;
    let whole = 0..0;
    Some(match entry {
        Entry::Site => Parsed::Site(records::site(Fields::new(src, &table, whole, "site.toml", records::SITE_KEYS), d)),
        Entry::Emergency => Parsed::Emergency(records::emergency(
            Fields::new(src, &table, whole, "emergency.toml", records::EMERGENCY_KEYS),
            d,
        )),
        Entry::Leaflet(id) => {
            let (title, paper, sections) =
                records::leaflet(Fields::new(src, &table, whole, "leaflet", records::LEAFLET_KEYS), file, d)?;
            Parsed::Leaflet(Leaflet { id: id.clone(), file, title, paper, sections })
        }
        Entry::Region(id) => Parsed::Region(
            id.clone(),
            file,
            records::region(Fields::new(src, &table, whole, "region.toml", records::REGION_KEYS), d)?,
        ),
        Entry::Institution { region, id } => Parsed::Institution(
            region.clone(),
            id.clone(),
            file,
            records::institution(Fields::new(src, &table, whole, "institution", records::INSTITUTION_KEYS), d)?,
        ),
        Entry::SharedArticle(_) | Entry::RegionArticle { .. } => return None,
    })
}

/// The kinds of content file, for parsing text that is not on disk (fuzzing, tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Site,
    Emergency,
    Region,
    Institution,
    Article,
    Leaflet,
}

/// Parses `text` as one content file of the given kind and returns its diagnostics.
/// Never panics, whatever the text: that is what the fuzz target checks.
pub fn parse_text(kind: FileKind, text: &str) -> Diagnostics {
    let mut d = Diagnostics::default();
    let id = Id::parse("fuzz").unwrap_or_else(|| unreachable!("a valid id"));
    let entry = match kind {
        FileKind::Site => Entry::Site,
        FileKind::Emergency => Entry::Emergency,
        FileKind::Region => Entry::Region(id),
        FileKind::Institution => Entry::Institution { region: id.clone(), id },
        FileKind::Article => Entry::SharedArticle(id),
        FileKind::Leaflet => Entry::Leaflet(id),
    };
    let mut src = SourceFile::new("fuzz", text.to_string());
    for r in internal_ranges(&src.text) {
        src.mark_secret(r);
    }
    let parsed = parse_source(&src, &entry, FileId(0), &mut d);
    // Render what can be rendered, with links resolving nowhere.
    if let Some(Parsed::Article { article, .. }) = &parsed {
        struct NoLinks;
        impl crate::render::markdown::ResolveLink for NoLinks {
            fn resolve(&self, target: &str) -> Result<String, String> {
                Err(format!("no {target}"))
            }
        }
        let _ = crate::render::markdown::render(&article.body.text, &NoLinks);
    }
    for diag in d.iter() {
        // Formatting a diagnostic walks the source line: it must not panic either.
        let _ = diag.to_string();
    }
    d
}

/// Loads the project at `root`. Returns `None` when the project cannot be assembled at
/// all; otherwise a project, possibly with errors in `Diagnostics` for records that were
/// skipped (callers must check `has_errors` before publishing anything).
pub fn load(root: &Path) -> (Option<Project>, Diagnostics) {
    let mut d = Diagnostics::default();
    if !root.join("site.toml").is_file() {
        d.push(
            Diagnostic::for_file(Severity::Error, "site.toml", format!("no site.toml in {}", root.display()))
                .with_help("run this in a zaitaku project folder, or create one with `zaitaku new DIR`"),
        );
        return (None, d);
    }
    let files = walk(root, &mut d);
    let results: Vec<_> = files
        .par_iter()
        .enumerate()
        .map(|(i, (path, entry))| parse_file(root, path, entry, FileId(i)))
        .collect();

    let mut sources = Vec::with_capacity(results.len());
    let mut parsed = Vec::with_capacity(results.len());
    for (i, (src, p, diags)) in results.into_iter().enumerate() {
        d.extend(diags);
        // Keep positions aligned with FileId even for unreadable files.
        sources.push(src.unwrap_or_else(|| SourceFile::new(display_path(root, &files[i].0), String::new())));
        parsed.extend(p);
    }

    let theme_files = load_theme(root, &parsed, &mut d);
    let project = assemble(parsed, sources, theme_files, &mut d);
    (project, d)
}

fn assemble(
    parsed: Vec<Parsed>,
    sources: Vec<SourceFile>,
    theme_files: BTreeMap<String, Vec<u8>>,
    d: &mut Diagnostics,
) -> Option<Project> {
    let mut site = None;
    let mut emergency = Vec::new();
    let mut articles = Vec::new();
    let mut leaflets = Vec::new();
    let mut regions: Vec<Region> = Vec::new();
    let mut institutions: Vec<(Id, Institution)> = Vec::new();
    let mut provenance = BTreeMap::new();
    let mut region_articles: Vec<(Id, Article)> = Vec::new();

    for p in parsed {
        match p {
            Parsed::Site(s) => site = Some(s),
            Parsed::Emergency(e) => emergency = e,
            Parsed::Article { region: None, article } => articles.push(article),
            Parsed::Article { region: Some(r), article } => region_articles.push((r, article)),
            Parsed::Leaflet(l) => leaflets.push(l),
            Parsed::Region(id, file, r) => {
                let at = |(value, span): (String, std::ops::Range<usize>)| At { value, loc: Loc { file, span } };
                regions.push(Region {
                    id,
                    file,
                    name: r.name,
                    name_kana: r.name_kana,
                    prefecture: r.prefecture,
                    municipalities: r.municipalities,
                    as_of: r.as_of,
                    description: r.description.map(|(text, span)| Markdown { text, loc: Loc { file, span } }),
                    hubs: r.hubs.into_iter().map(at).collect(),
                    emergency: r.emergency.into_iter().map(at).collect(),
                    numbers: r.numbers,
                    institutions: Vec::new(),
                    articles: Vec::new(),
                });
            }
            Parsed::Institution(region, id, file, r) => {
                let at = |(value, span)| At { value, loc: Loc { file, span } };
                if let Some(source) = r.source {
                    provenance.insert(file, Provenance { source, verified_by_staff: r.verified_by_staff });
                }
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
                        visit_area: r.visit_area,
                        location: r.location,
                        verified: At { value: r.verified.0, loc: Loc { file, span: r.verified.1 } },
                        note: r.note.map(|(text, span)| Markdown { text, loc: Loc { file, span } }),
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
    if regions.is_empty() && !d.has_errors() {
        d.push(
            Diagnostic::for_file(Severity::Error, "content/regions", "the project has no region")
                .with_help("add content/regions/<id>/region.toml; every region becomes one website"),
        );
    }
    Some(Project { site: site?, emergency, articles, leaflets, regions, theme_files, sources, provenance })
}

/// Reads the project's own theme folder, if any; files there override the built-in theme.
fn load_theme(root: &Path, parsed: &[Parsed], d: &mut Diagnostics) -> BTreeMap<String, Vec<u8>> {
    let theme = parsed
        .iter()
        .find_map(|p| if let Parsed::Site(s) = p { Some(s.theme.clone()) } else { None })
        .unwrap_or_else(|| "default".into());
    let dir = root.join("themes").join(&theme);
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        if theme != "default" {
            d.push(Diagnostic::for_file(
                Severity::Error,
                "site.toml",
                format!("theme {theme:?} not found: there is no folder themes/{theme}/"),
            ));
        }
        return out;
    }
    let mut stack = vec![dir.clone()];
    while let Some(current) = stack.pop() {
        for path in list_dir(root, &current, d) {
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let rel = display_path(&dir, &path);
                out.insert(rel, bytes);
            }
        }
    }
    out
}
