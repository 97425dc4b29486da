//! A region's `availability.csv`: rows of institution, service, free places and time.
//!
//! Staff keep it in Excel, so it is read as Excel saves it (UTF-8 with or without a
//! byte-order mark, or CP932: `text::decode`) and as the import reads CSV
//! (`text::table`). Every problem is a diagnostic at its cell, naming the column as
//! the header writes it. Whether the institutions exist and offer the service is
//! validate's business; whether a figure is fresh is decided against the build time.

use std::collections::BTreeMap;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile, suggest};
use crate::i18n::{Msg, quoted};
use crate::msg;
use crate::model::availability::{AVAILABILITY_SERVICES, Columns};
use crate::model::*;
use crate::text::table::{self, Record, Table, TableError};

use super::MAX_FILE_BYTES;
use super::disk::{Found, Tree};

/// Reads a CSV file as Excel saves it: UTF-8 (with or without a byte-order mark),
/// UTF-16 with a mark, or CP932 (`text::decode`, which the import uses too).
pub(super) fn read(tree: &Tree, file: &Found, d: &mut Diagnostics) -> Option<String> {
    let bytes = match tree.read(file, MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(p) => {
            d.push(tree.diagnostic(&p));
            return None;
        }
    };
    match crate::text::decode::decode(&bytes) {
        Ok((text, _)) => Some(text),
        Err(bad) => {
            let mut diag = Diagnostic::for_file(Severity::Error, tree.shown(&file.path), Msg::new("import-undecodable"));
            diag.line = bad.line;
            d.push(diag.with_help(Msg::new("import-undecodable-help")));
            None
        }
    }
}

/// The columns, each with its English and Japanese name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Column {
    Institution,
    Service,
    Free,
    AsOf,
    /// Optional, for people: which institution a row is about. Not read.
    Name,
}

const COLUMNS: &[(Column, &str, &str)] = &[
    (Column::Institution, "institution", "機関"),
    (Column::Service, "service", "サービス"),
    (Column::Free, "free", "空き"),
    (Column::AsOf, "as_of", "時点"),
    (Column::Name, "name", "名称"),
];

/// 空きなし: no free place.
const NONE_FREE: &str = "空きなし";
/// 要相談: ask.
const ASK: &str = "要相談";
/// More free places than this is a typo, not a ward.
const MAX_PLACES: u32 = 999;

/// Parses `src`, the decoded text of a region's `availability.csv`. `None` when the
/// header cannot be read; otherwise the rows without errors (the errors are in `d`,
/// and stop the build).
pub(super) fn parse(src: &SourceFile, file: FileId, d: &mut Diagnostics) -> Option<Availability> {
    let (table, structural) = match table::read(src.text.clone()) {
        Ok(x) => x,
        Err(_) => {
            d.push(
                Diagnostic::at(Severity::Error, src, 0..0, Msg::new("import-empty-file"))
                    .with_help(Msg::new("availability-empty-help")),
            );
            return None;
        }
    };
    let columns = header(src, &table, d)?;
    for p in structural {
        let (line, message, help) = match p {
            TableError::Unterminated { line, .. } => (line, Msg::new("import-unterminated-quote"), None),
            TableError::FieldCount { line, found, expected } => (
                line,
                msg!("import-field-count", found = found, expected = expected),
                Some(Msg::new("import-field-count-help")),
            ),
            TableError::Unreadable { line } => (line, Msg::new("import-unreadable-row"), None),
            TableError::Empty => continue,
        };
        let start = line_start(src, line);
        let diag = Diagnostic::at(Severity::Error, src, start..start, message);
        d.push(match help {
            Some(h) => diag.with_help(h),
            None => diag,
        });
    }
    let mut figures = Vec::new();
    let mut seen: BTreeMap<(String, Service), usize> = BTreeMap::new();
    for record in &table.records {
        let Some(figure) = row(src, &table, record, &columns, file, d) else { continue };
        let key = (figure.institution.value.clone(), figure.service.value);
        if let Some(first) = seen.get(&key) {
            let span = table.field_span(record, columns[&Column::Institution]);
            d.push(
                Diagnostic::at(
                    Severity::Error,
                    src,
                    span,
                    msg!("availability-duplicate-row", institution = key.0.as_str(), service = key.1.label(), first = *first),
                )
                .with_help(Msg::new("availability-duplicate-row-help")),
            );
            continue;
        }
        seen.insert(key, record.line);
        figures.push(figure);
    }
    let name = |c: Column| table.header.get(columns[&c]).cloned().unwrap_or_default();
    let columns = Columns { institution: name(Column::Institution), service: name(Column::Service), as_of: name(Column::AsOf) };
    Some(Availability { file, figures, columns })
}

fn line_start(src: &SourceFile, line: usize) -> usize {
    src.text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum()
}

/// Which column is which; every problem of the header is reported.
fn header(src: &SourceFile, table: &Table, d: &mut Diagnostics) -> Option<BTreeMap<Column, usize>> {
    let mut columns = BTreeMap::new();
    let mut ok = true;
    let mut offset = 0;
    let first_line = src.text.lines().next().unwrap_or("");
    for (i, name) in table.header.iter().enumerate() {
        // The header is one line of plain names: find each where it is written.
        let span = match first_line.get(offset..).and_then(|rest| rest.find(name.as_str())) {
            Some(p) => {
                let at = offset + p;
                offset = at + name.len();
                at..offset
            }
            // Not written as read (quoted, escaped): the whole header line.
            None => 0..first_line.len(),
        };
        let Some(&(column, en, ja)) = COLUMNS.iter().find(|(_, en, ja)| name == en || name == ja) else {
            let spellings = COLUMNS.iter().flat_map(|(_, en, ja)| [*en, *ja]);
            let mut diag = Diagnostic::at(Severity::Error, src, span, msg!("availability-unknown-column", name = quoted(name)));
            diag = match suggest(name, spellings) {
                Some(s) => diag.with_help(msg!("availability-unknown-column-nearest", value = quoted(s))),
                None => diag.with_help(Msg::new("availability-unknown-column-help")),
            };
            d.push(diag);
            ok = false;
            continue;
        };
        if columns.insert(column, i).is_some() {
            d.error(src, span, msg!("availability-column-twice", en = en, ja = ja));
            ok = false;
        }
    }
    for &(column, en, ja) in COLUMNS {
        if column != Column::Name && !columns.contains_key(&column) {
            d.push(
                Diagnostic::at(Severity::Error, src, 0..first_line.len(), msg!("availability-column-missing", en = en, ja = ja))
                    .with_help(Msg::new("availability-header-help")),
            );
            ok = false;
        }
    }
    ok.then_some(columns)
}

/// One row as a figure, or its errors.
fn row(
    src: &SourceFile,
    table: &Table,
    record: &Record,
    columns: &BTreeMap<Column, usize>,
    file: FileId,
    d: &mut Diagnostics,
) -> Option<Figure> {
    let cell = |column: Column| {
        let i = columns[&column];
        let span = table.field_span(record, i);
        let name = table.header.get(i).cloned().unwrap_or_default();
        (record.fields.get(i).unwrap_or("").trim().to_string(), span, name)
    };
    let empty = |d: &mut Diagnostics, (_, span, name): &(String, Range<usize>, String)| {
        d.error(src, span.clone(), msg!("availability-cell-empty", column = name.as_str()));
    };
    let (institution, service, free, as_of) = (cell(Column::Institution), cell(Column::Service), cell(Column::Free), cell(Column::AsOf));
    let before = d.count(Severity::Error);

    if institution.0.is_empty() {
        empty(d, &institution);
    }
    let service_value = if service.0.is_empty() {
        empty(d, &service);
        None
    } else {
        parse_service(src, &service, d)
    };
    let free_value = if free.0.is_empty() {
        empty(d, &free);
        None
    } else {
        let parsed = parse_free(&free.0);
        if let Err(why) = &parsed {
            d.push(
                Diagnostic::at(Severity::Error, src, free.1.clone(), why.clone().arg("column", free.2.as_str()).arg("value", quoted(&free.0)))
                    .with_help(msg!("availability-free-help", none = NONE_FREE, ask = ASK)),
            );
        }
        parsed.ok()
    };
    let as_of_value = if as_of.0.is_empty() {
        empty(d, &as_of);
        None
    } else {
        let parsed = parse_time(&as_of.0);
        if parsed.is_none() {
            d.push(
                Diagnostic::at(
                    Severity::Error,
                    src,
                    as_of.1.clone(),
                    msg!("availability-time-invalid", column = as_of.2.as_str(), value = quoted(&as_of.0)),
                )
                .with_help(Msg::new("availability-time-help")),
            );
        }
        parsed
    };
    if d.count(Severity::Error) > before {
        return None;
    }
    let loc = |span: Range<usize>| Loc { file, span };
    Some(Figure {
        institution: At { value: institution.0, loc: loc(institution.1) },
        service: At { value: service_value?, loc: loc(service.1) },
        free: free_value?,
        as_of: At { value: as_of_value?, loc: loc(as_of.1) },
    })
}

fn parse_service(src: &SourceFile, (raw, span, name): &(String, Range<usize>, String), d: &mut Diagnostics) -> Option<Service> {
    let normalised: String = raw.nfkc().collect();
    match Service::parse(&normalised) {
        Some(s) if AVAILABILITY_SERVICES.contains(&s) => Some(s),
        Some(s) => {
            d.push(
                Diagnostic::at(
                    Severity::Error,
                    src,
                    span.clone(),
                    msg!("availability-service-not-published", column = name.as_str(), service = s.label()),
                )
                .with_help(Msg::new("availability-service-help")),
            );
            None
        }
        None => {
            let spellings = AVAILABILITY_SERVICES.iter().flat_map(|s| [s.id(), s.label()]);
            let help = match suggest(&normalised, spellings) {
                Some(s) => msg!("did-you-mean", value = quoted(s)),
                None => Msg::new("availability-service-help"),
            };
            d.push(
                Diagnostic::at(
                    Severity::Error,
                    src,
                    span.clone(),
                    msg!("availability-service-unknown", column = name.as_str(), value = quoted(raw)),
                )
                .with_help(help),
            );
            None
        }
    }
}

/// A number of places (full-width digits too), 空きなし or 要相談; else the message that
/// says why not (the caller adds the column and the value).
fn parse_free(raw: &str) -> Result<Free, Msg> {
    let s: String = raw.nfkc().collect::<String>().trim().to_string();
    if s == NONE_FREE {
        return Ok(Free::Places(0));
    }
    if s == ASK {
        return Ok(Free::Ask);
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.parse::<u32>() {
            Ok(n) if n <= MAX_PLACES => Ok(Free::Places(n)),
            _ => Err(msg!("availability-free-too-many", max = MAX_PLACES as usize)),
        };
    }
    if s.starts_with('-') && s[1..].bytes().all(|b| b.is_ascii_digit()) && s.len() > 1 {
        return Err(Msg::new("availability-free-negative"));
    }
    Err(Msg::new("availability-free-not-number"))
}

/// `YYYY-MM-DD HH:MM` in Japan time. Also what Excel writes for a cell it took as a
/// date (`2026/11/29 9:00`, maybe with seconds), and full-width digits.
fn parse_time(raw: &str) -> Option<DateTime> {
    let s: String = raw.nfkc().collect();
    let (date, time) = s.trim().split_once([' ', 'T'])?;
    let date: Vec<&str> = date.split(['-', '/']).collect();
    let time: Vec<&str> = time.trim().split(':').collect();
    let number = |part: &str, min_len: usize, max_len: usize| -> Option<i16> {
        (part.len() >= min_len && part.len() <= max_len && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok())?
    };
    let [year, month, day] = date.as_slice() else { return None };
    let (hour, minute, second) = match time.as_slice() {
        [h, m] => (h, m, "0"),
        [h, m, s] => (h, m, *s),
        _ => return None,
    };
    let second = number(second, 1, 2)?;
    DateTime::new(
        number(year, 4, 4)?,
        i8::try_from(number(month, 1, 2)?).ok()?,
        i8::try_from(number(day, 1, 2)?).ok()?,
        i8::try_from(number(hour, 1, 2)?).ok()?,
        i8::try_from(number(minute, 2, 2)?).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Option<Availability>, Vec<String>) {
        let src = SourceFile::new("content/regions/r/availability.csv", text.to_string());
        let mut d = Diagnostics::default();
        let a = parse(&src, FileId(0), &mut d);
        (a, d.into_sorted().iter().map(|x| format!("{}:{}: {}", x.line, x.column, crate::i18n::Lang::En.text(&x.message))).collect())
    }

    #[test]
    fn english_and_japanese_headers_ids_and_labels_numbers_and_words() {
        let (a, d) = parsed(
            "機関,サービス,空き,時点\r\nmidori,ショートステイ,２,2026/11/29 9:00\r\nmidori,respite,空きなし,2026-11-29 09:30\r\numi,short_stay,要相談,2026-11-28 18:05:00\r\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let a = a.unwrap();
        let got: Vec<(String, Service, Free, String)> = a
            .figures
            .iter()
            .map(|f| (f.institution.value.clone(), f.service.value, f.free, f.as_of.value.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("midori".into(), Service::ShortStay, Free::Places(2), "2026-11-29T09:00:00".into()),
                ("midori".into(), Service::Respite, Free::Places(0), "2026-11-29T09:30:00".into()),
                ("umi".into(), Service::ShortStay, Free::Ask, "2026-11-28T18:05:00".into()),
            ]
        );
        let (a, d) = parsed("as_of,free,service,institution,name\n2026-11-29 09:00,1,respite,midori,みどり苑\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(a.unwrap().figures[0].free, Free::Places(1));
        let (a, d) = parsed("institution,service,free,as_of\n");
        assert!(d.is_empty() && a.unwrap().figures.is_empty(), "a header alone: no figures today");
    }

    #[test]
    fn every_bad_cell_is_reported_at_its_line_and_column_with_the_column_name() {
        let (_, d) = parsed(
            "機関,サービス,空き,時点\nmidori,訪問看護,1,2026-11-29 09:00\nmidori,ショートスティ,1,2026-11-29 09:00\numi,respite,たくさん,2026-11-29 09:00\numi,short_stay,-1,2026-11-29\nsora,short_stay,1000,2026-02-30 09:00\n,short_stay,1,2026-11-29 09:00\nmidori,respite,1,2026-11-29 09:00\nmidori,レスパイト入院,2,2026-11-29 10:00\n",
        );
        assert_eq!(
            d,
            [
                "2:8: サービス: vacancies are published for ショートステイ and レスパイト入院 only, not 訪問看護",
                "3:8: サービス: unknown service \"ショートスティ\"",
                "4:13: 空き: \"たくさん\" is not a number of free places",
                "5:16: 空き: \"-1\" is below zero",
                "5:19: 時点: \"2026-11-29\" is not a date and time",
                "6:17: 空き: \"1000\" is more than 999 places: a typo?",
                "6:22: 時点: \"2026-02-30 09:00\" is not a date and time",
                "7:1: 機関: empty",
                "9:1: a second row for midori and レスパイト入院: line 8 has one already",
            ]
        );
    }

    #[test]
    fn header_problems_are_reported_and_no_row_is_read() {
        let (a, d) = parsed("institution,servise,free,memo\nmidori,short_stay,1,x\n");
        assert!(a.is_none());
        assert_eq!(
            d,
            [
                "1:1: missing column as_of (時点)",
                "1:1: missing column service (サービス)",
                "1:13: unknown column \"servise\"",
                "1:26: unknown column \"memo\"",
            ]
        );
        let (a, d) = parsed("");
        assert!(a.is_none());
        assert_eq!(d, ["1:1: the file is empty"]);
        let (_, d) = parsed("institution,service,free,as_of\nmidori,short_stay,1\n");
        assert_eq!(d, ["2:1: the row has a different number of columns from the header (3 columns; the header has 4)"]);
    }
}
