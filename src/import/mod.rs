//! `zaitaku import`: the public datasets staff already have → institution records,
//! merged into the project.
//!
//! files → `decode` (encoding) → `table` (CSV rows) → `layout` (which dataset, which
//! column) → `resolve` (which region) → `convert` (a record's values) → `plan` (added,
//! updated with `merge`, unchanged, gone) → `report` → `write` (all or nothing).
//! Every problem of every file is collected before anything is written; the public
//! data's known quirks are warnings, rows that cannot be records are errors.

mod convert;
mod ids;
mod layout;
mod merge;
mod messages;
pub mod municipality;
mod plan;
mod problems;
pub mod report;
mod resolve;
mod write;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Msg;
use crate::text::{decode, table};
use crate::model::{Dataset, Date};
use convert::{Converted, Row};
use layout::{Field, Layout};
use messages::{AsOfOrigin, Note};
use plan::{Incoming, Scope};
use problems::Problems;
use resolve::{CodeProblem, Miss, Resolver, Target};

pub struct Options<'a> {
    /// The project folder.
    pub project: &'a Path,
    pub files: &'a [PathBuf],
    pub dry_run: bool,
    /// The files' date when their names do not say it.
    pub as_of: Option<Date>,
}

/// What an import did, for the command to print.
pub struct Outcome {
    /// Sorted: problems of the input files (and of the project, when it does not load).
    pub diagnostics: Vec<Diagnostic>,
    /// The summary: per file, per region, and (with `--dry-run`) every change.
    pub report: report::Report,
    /// False when there were errors: then nothing was written.
    pub ok: bool,
    /// Record files written.
    pub written: usize,
}

impl Outcome {
    fn failed(diagnostics: Vec<Diagnostic>, mut report: report::Report, last: Msg) -> Outcome {
        report.line(last);
        Outcome { diagnostics, report, ok: false, written: 0 }
    }
}

/// One input file, read and recognised.
struct Input {
    path: String,
    table: table::Table,
    layout: Layout,
    encoding: &'static str,
    as_of: Date,
    origin: AsOfOrigin,
}

/// What became of one file's rows.
#[derive(Default)]
struct FileResult {
    elsewhere: usize,
    unknown: usize,
}

pub fn run(opts: &Options<'_>) -> Outcome {
    let mut report = report::Report::default();
    if opts.dry_run && write::pending(opts.project) {
        report.line(Msg::new("import-pending"));
    }
    if !opts.dry_run {
        match write::finish(opts.project) {
            Ok(0) => {}
            Ok(n) => report.line(messages::recovered(n)),
            Err(e) => return Outcome::failed(Vec::new(), report, messages::write_failed(&e)),
        }
    }
    let (project, load_diagnostics) = crate::load::load(opts.project);
    let project = match project {
        Some(p) if !load_diagnostics.has_errors() => p,
        _ => {
            let errors = load_diagnostics.into_sorted().into_iter().filter(|d| d.severity == Severity::Error).collect();
            return Outcome::failed(errors, report, Msg::new("import-project-has-errors"));
        }
    };
    let resolver = Resolver::new(&project);
    let mut diagnostics = Vec::new();
    let mut failed = false;
    let mut converted: Vec<(Dataset, Date, Target, Converted)> = Vec::new();
    let mut scopes = Vec::new();
    let mut headings = Vec::new();
    for path in opts.files {
        let shown = crate::platform::shown(path);
        let mut problems = Problems::new(shown.clone());
        if let Some(input) = read(path, shown, opts.as_of, &mut problems) {
            let (rows, result, scope) = rows(&input, &resolver, &mut problems);
            headings.push(report::FileSummary {
                heading: messages::file_heading(
                    &input.path,
                    input.layout.dataset,
                    input.encoding,
                    input.as_of,
                    input.origin,
                    input.table.records.len(),
                ),
                elsewhere: result.elsewhere,
                unknown: result.unknown,
            });
            converted.extend(rows.into_iter().map(|(t, c)| (input.layout.dataset, input.as_of, t, c)));
            scopes.push(scope);
        }
        failed |= problems.has_errors();
        diagnostics.extend(problems.finish());
    }
    if failed {
        return Outcome::failed(diagnostics, report, Msg::new("import-failed"));
    }
    let incoming = combine(converted);
    let plan = plan::plan(&project, &incoming, &scopes);
    if !plan.errors.is_empty() {
        for (path, message) in &plan.errors {
            diagnostics.push(Diagnostic::for_file(Severity::Error, path.clone(), message.clone()));
        }
        return Outcome::failed(diagnostics, report, Msg::new("import-failed"));
    }
    report::render(&mut report, &project, &headings, &plan, opts.dry_run);
    if opts.dry_run || plan.writes.is_empty() {
        report.line(if opts.dry_run { Msg::new("import-dry-run-done") } else { Msg::new("import-nothing-to-write") });
        return Outcome { diagnostics, report, ok: true, written: 0 };
    }
    if let Err(e) = write::apply(opts.project, &plan.writes) {
        return Outcome::failed(diagnostics, report, messages::write_failed(&e));
    }
    report.line(crate::msg!("import-written", files = plan.writes.len()));
    Outcome { diagnostics, report, ok: true, written: plan.writes.len() }
}

/// Reads, decodes and recognises one file; `None` (with errors) when it cannot be read
/// as rows of a known dataset.
fn read(path: &Path, shown: String, as_of: Option<Date>, problems: &mut Problems) -> Option<Input> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            problems.file_error(messages::unreadable_file(&e), None);
            return None;
        }
    };
    let (text, encoding) = match decode::decode(&bytes) {
        Ok(x) => x,
        Err(bad) => {
            problems.at(Severity::Error, (bad.line, 1), Msg::new("import-undecodable"), Some(Msg::new("import-undecodable-help")));
            return None;
        }
    };
    let (table, structural) = match table::read(text) {
        Ok(x) => x,
        Err(_) => {
            problems.file_error(Msg::new("import-empty-file"), None);
            return None;
        }
    };
    let Some(layout) = Layout::detect(&table.header) else {
        problems.file_error(
            Msg::new("import-unknown-header"),
            Some(messages::unknown_header_help(&layout::expected_headers())),
        );
        return None;
    };
    for p in structural {
        match p {
            table::TableError::Unterminated { line, column } => {
                problems.at(Severity::Error, (line, column), Msg::new("import-unterminated-quote"), None)
            }
            table::TableError::FieldCount { line, found, expected } => problems.at(
                Severity::Error,
                (line, 1),
                messages::field_count(found, expected),
                Some(Msg::new("import-field-count-help")),
            ),
            table::TableError::Unreadable { line } => {
                problems.at(Severity::Error, (line, 1), Msg::new("import-unreadable-row"), None)
            }
            table::TableError::Empty => {}
        }
    }
    let (as_of, origin) = match as_of {
        Some(d) => (d, AsOfOrigin::Option),
        None => match date_in_name(path) {
            Some(d) => (d, AsOfOrigin::FileName),
            None => (modified(path), AsOfOrigin::Modified),
        },
    };
    Some(Input { path: shown, table, layout, encoding: encoding.label(), as_of, origin })
}

/// A date in the file name: `…_20260601.csv`, `…_202606301200.csv`, `…2026-06-01…`.
fn date_in_name(path: &Path) -> Option<Date> {
    let stem = path.file_stem()?.to_string_lossy();
    let digits_only: String = stem.chars().map(|c| if c.is_ascii_digit() || c == '-' { c } else { ' ' }).collect();
    for word in digits_only.split(' ').map(|w| w.trim_matches('-')) {
        let compact: String = word.chars().filter(char::is_ascii_digit).collect();
        let dashed = word.len() == 10 && word.matches('-').count() == 2;
        if (compact.len() >= 8 && compact.starts_with("20") && !word.contains('-')) || dashed {
            let (y, m, d) = (&compact[..4], &compact[4..6], &compact[6..8]);
            if let Ok(date) = format!("{y}-{m}-{d}").parse() {
                return Some(date);
            }
        }
    }
    None
}

/// The file's modification day in Japan: when it was downloaded, as a last resort.
fn modified(path: &Path) -> Date {
    let jst = jiff::tz::TimeZone::fixed(jiff::tz::offset(9));
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| jiff::Timestamp::try_from(t).ok())
        .map_or_else(crate::today, |t| t.to_zoned(jst).date())
}

/// The rows of one file that belong to a region, converted; what became of the others;
/// and what the file covers.
fn rows(input: &Input, resolver: &Resolver, problems: &mut Problems) -> (Vec<(Target, Converted)>, FileResult, Scope) {
    let dataset = input.layout.dataset;
    let mut result = FileResult::default();
    let mut out: Vec<(Target, Converted, usize)> = Vec::new();
    let mut seen: HashSet<(String, Option<String>)> = HashSet::new();
    let mut scope = Scope {
        dataset,
        as_of: input.as_of,
        keys: Default::default(),
        types: BTreeSet::new(),
        covered: Default::default(),
    };
    for (i, record) in input.table.records.iter().enumerate() {
        let row = Row { table: &input.table, layout: &input.layout, record };
        let (target, code_problem) = resolver.locate(&row.place());
        let target = match target {
            Ok(t) => t,
            Err(Miss::Elsewhere) => {
                result.elsewhere += 1;
                continue;
            }
            Err(Miss::Unknown) => {
                result.unknown += 1;
                continue;
            }
        };
        if let Some(p) = code_problem {
            let column = input.layout.column(Field::MunicipalityCode).or(input.layout.column(Field::MunicipalityCode3));
            let note = if p == CodeProblem::BadCheckDigit { Note::CodeBadCheckDigit } else { Note::CodeMalformed };
            problems.note(&input.table, record, column.unwrap_or(0), note, "");
        }
        let Some(c) = convert::convert(&row, dataset, problems) else { continue };
        scope.keys.insert(c.key.clone());
        scope.types.extend(c.kind_of_listing.clone());
        scope.covered.insert(target.clone());
        // The same key twice in one file (and one type): one record, the first row's.
        if seen.insert((c.key.clone(), c.kind_of_listing.clone())) {
            out.push((target, c, i));
        } else {
            problems.note(&input.table, record, input.layout.column(Field::Key).unwrap_or(0), Note::DuplicateKey, "");
        }
    }
    drop_shared_coordinates(input, &mut out, problems);
    (out.into_iter().map(|(t, c, _)| (t, c)).collect(), result, scope)
}

/// Coordinates that many rows with different addresses share are a placeholder (a
/// known quirk of ナビイ), not a place: they are left out.
fn drop_shared_coordinates(input: &Input, rows: &mut [(Target, Converted, usize)], problems: &mut Problems) {
    const SHARED_BY: usize = 5;
    let mut addresses: HashMap<(u64, u64), BTreeSet<&str>> = HashMap::new();
    for (_, c, _) in rows.iter() {
        if let (Some(g), Some(a)) = (c.values.location, c.values.address.as_deref()) {
            addresses.entry((g.lat.to_bits(), g.lon.to_bits())).or_default().insert(a);
        }
    }
    let shared: BTreeSet<(u64, u64)> =
        addresses.into_iter().filter(|(_, a)| a.len() >= SHARED_BY).map(|(k, _)| k).collect();
    if shared.is_empty() {
        return;
    }
    let column = input.layout.column(Field::Lat).unwrap_or(0);
    for (_, c, i) in rows.iter_mut() {
        if let Some(g) = c.values.location.filter(|g| shared.contains(&(g.lat.to_bits(), g.lon.to_bits()))) {
            let shown = format!("{}, {}", g.lat, g.lon);
            problems.note(&input.table, &input.table.records[*i], column, Note::CoordinatesShared, &shown);
            c.values.location = None;
        }
    }
}

/// Rows of one dataset with one key become one record: an office in several service
/// files of the 介護 data has all their services and the kind that says most.
fn combine(rows: Vec<(Dataset, Date, Target, Converted)>) -> Vec<Incoming> {
    let mut out: Vec<Incoming> = Vec::new();
    let mut index: HashMap<(Dataset, String), usize> = HashMap::new();
    for (dataset, as_of, target, c) in rows {
        let Converted { key, kind_of_listing, romaji, values } = c;
        match index.get(&(dataset, key.clone())) {
            Some(&i) => {
                let inc = &mut out[i];
                inc.as_of = inc.as_of.max(as_of);
                if let Some(t) = kind_of_listing
                    && !inc.types.contains(&t)
                {
                    inc.types.push(t);
                }
                let v = &mut inc.values;
                if convert::kind_rank(values.kind) < convert::kind_rank(v.kind) {
                    v.kind = values.kind;
                }
                for s in values.services {
                    if !v.services.contains(&s) {
                        v.services.push(s);
                    }
                }
                v.kana = v.kana.take().or(values.kana);
                v.address = v.address.take().or(values.address);
                v.location = v.location.or(values.location);
                v.phone = v.phone.take().or(values.phone);
                v.fax = v.fax.take().or(values.fax);
                v.url = v.url.take().or(values.url);
                v.hours = v.hours.take().or(values.hours);
                inc.romaji = inc.romaji.take().or(romaji);
            }
            None => {
                index.insert((dataset, key.clone()), out.len());
                out.push(Incoming {
                    dataset,
                    key,
                    as_of,
                    types: kind_of_listing.into_iter().collect(),
                    target,
                    romaji,
                    values,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_file_names() {
        let d = |s: &str| date_in_name(Path::new(s)).map(|d| d.to_string());
        assert_eq!(d("02-1_clinic_facility_info_20260601.csv"), Some("2026-06-01".into()));
        assert_eq!(d("jigyosho_130_all_202606301200.csv"), Some("2026-06-30".into()));
        assert_eq!(d("iryou-2026-05-01.csv"), Some("2026-05-01".into()));
        assert_eq!(d("jigyosho_130.csv"), None);
        assert_eq!(d("list_20261399.csv"), None, "not a date");
    }
}
