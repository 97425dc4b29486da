//! The messages `zaitaku import` says to a person, built in one place: their words are
//! in the catalogues (`src/i18n/*.ftl`, the `import-` messages), in Japanese and English.
//! The comment written into a new record is content, not a message: it stays Japanese,
//! like every record.

use super::layout::Field;
use crate::i18n::{Arg, Msg};
use crate::model::{Dataset, Date, Vocabulary};
use crate::msg;

/// Warnings about the data's known quirks, reported once per kind and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Note {
    PhoneUnreadable,
    CoordinatesZero,
    CoordinatesOutside,
    CoordinatesSwapped,
    CoordinatesUnreadable,
    CoordinatesShared,
    UrlNotUrl,
    CodeBadCheckDigit,
    CodeMalformed,
    TypeNotMapped,
    UnknownLabel,
    DuplicateKey,
}

impl Note {
    /// Whether the warning names the value (one warning per distinct value).
    pub fn groups_by_value(self) -> bool {
        matches!(self, Note::TypeNotMapped | Note::UnknownLabel | Note::CoordinatesShared)
    }
}

pub fn note(note: Note, column: &str, value: &str, rows: usize) -> Msg {
    let m = match note {
        Note::PhoneUnreadable => Msg::new("import-note-phone-unreadable"),
        Note::CoordinatesZero => Msg::new("import-note-coordinates-zero"),
        Note::CoordinatesOutside => Msg::new("import-note-coordinates-outside"),
        Note::CoordinatesSwapped => Msg::new("import-note-coordinates-swapped"),
        Note::CoordinatesUnreadable => Msg::new("import-note-coordinates-unreadable"),
        Note::CoordinatesShared => Msg::new("import-note-coordinates-shared"),
        Note::UrlNotUrl => Msg::new("import-note-url-not-url"),
        Note::CodeBadCheckDigit => Msg::new("import-note-code-check-digit"),
        Note::CodeMalformed => Msg::new("import-note-code-malformed"),
        Note::TypeNotMapped => Msg::new("import-note-type-not-mapped"),
        Note::UnknownLabel => Msg::new("import-note-unknown-label"),
        Note::DuplicateKey => Msg::new("import-note-duplicate-key"),
    };
    m.arg("column", column).arg("value", value).arg("rows", rows)
}

pub fn lines_help(lines: &[String], more: usize) -> Msg {
    if more == 0 {
        msg!("import-lines", lines = lines.to_vec())
    } else {
        msg!("import-lines-more", lines = lines.to_vec(), more = more)
    }
}

pub fn empty_value(column: &str) -> Msg {
    msg!("import-empty-value", column = column)
}

/// A column a record needs that the file does not have.
pub fn missing_column(field: Field) -> Msg {
    let what = match field {
        Field::Key => Msg::new("import-field-key"),
        _ => Msg::new("import-field-name"),
    };
    msg!("import-missing-column", what = what)
}

pub fn unknown_kind(v: &str) -> Msg {
    msg!("import-unknown-kind", value = v)
}

pub fn unreadable_file(e: &std::io::Error) -> Msg {
    msg!("import-unreadable-file", reason = crate::i18n::io_error(e))
}

pub fn unknown_header_help(expected: &[(Dataset, &str)]) -> Msg {
    let lines: Vec<Msg> = expected
        .iter()
        .map(|(d, cols)| msg!("import-expected-header", label = d.label(), id = d.id(), columns = *cols))
        .collect();
    msg!("import-unknown-header-help", datasets = Arg::List(lines.into_iter().map(Arg::from).collect()))
}

pub fn field_count(found: usize, expected: usize) -> Msg {
    msg!("import-field-count", found = found, expected = expected)
}

pub fn cannot_update(path: &str, e: &str) -> Msg {
    msg!("import-cannot-update", path = path, detail = e)
}

pub fn same_source(other: &str, dataset: &str, key: &str) -> Msg {
    msg!("import-same-source", other = other, dataset = dataset, key = key)
}

pub fn write_failed(e: &std::io::Error) -> Msg {
    msg!("import-write-failed", reason = crate::i18n::io_error(e))
}

pub fn recovered(files: usize) -> Msg {
    msg!("import-recovered", files = files)
}

/// The comment a new record opens with: where it came from and what staff should do.
pub fn new_record_comment(dataset: Dataset, as_of: Date) -> String {
    format!(
        "# zaitaku import が{}（{as_of} 時点）から作った記録です。\n\
         # phases（在宅医療の場面）などを書き足し、内容を確かめたら verified = 確かめた日 を書いてください。\n",
        dataset.label()
    )
}

/// How the file's date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfOrigin {
    Option,
    FileName,
    Modified,
}

pub fn file_heading(
    path: &str,
    dataset: Dataset,
    encoding: &str,
    as_of: Date,
    origin: AsOfOrigin,
    rows: usize,
) -> Msg {
    let origin = match origin {
        AsOfOrigin::Option => Msg::new("import-as-of-option"),
        AsOfOrigin::FileName => Msg::new("import-as-of-file-name"),
        AsOfOrigin::Modified => Msg::new("import-as-of-modified"),
    };
    msg!(
        "import-file-heading",
        path = path,
        label = dataset.label(),
        id = dataset.id(),
        encoding = encoding,
        as_of = as_of,
        origin = origin,
        rows = rows
    )
}

pub fn skipped(elsewhere: usize, unknown: usize) -> Msg {
    msg!("import-skipped", total = elsewhere + unknown, elsewhere = elsewhere, unknown = unknown)
}

pub fn region_line(id: &str, name: &str, added: usize, updated: usize, unchanged: usize, gone: usize) -> Msg {
    msg!(
        "import-region-line",
        id = id,
        name = name,
        added = added,
        updated = updated,
        unchanged = unchanged,
        gone = gone
    )
}
