//! The problems found in one input file, as diagnostics at `file:line:column`.
//!
//! Errors are reported one by one. Warnings about the public data's known quirks come in
//! thousands (ナビイ has thousands of `0.0` coordinates), so each kind of warning is one
//! diagnostic per column with a count and the first lines.

use std::collections::BTreeMap;

use super::messages::{self, Note};
use crate::text::table::{Record, Table};
use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Msg;

/// How many line numbers a grouped warning lists.
const LINES_SHOWN: usize = 10;

pub struct Problems {
    path: String,
    errors: Vec<Diagnostic>,
    /// (note, column name, value shown) → where it was first seen and on which lines.
    grouped: BTreeMap<(Note, String, String), Seen>,
}

struct Seen {
    /// Line and column of the first occurrence.
    first: (usize, usize),
    lines: Vec<usize>,
}

impl Problems {
    pub fn new(path: impl Into<String>) -> Problems {
        Problems { path: path.into(), errors: Vec::new(), grouped: BTreeMap::new() }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// An error about the whole file.
    pub fn file_error(&mut self, message: Msg, help: Option<Msg>) {
        self.at(Severity::Error, (1, 1), message, help);
    }

    /// An error at a line and column.
    pub fn at(&mut self, severity: Severity, (line, column): (usize, usize), message: Msg, help: Option<Msg>) {
        let mut d = Diagnostic::for_file(severity, self.path.clone(), message);
        d.line = line;
        d.column = column;
        d.help = help;
        self.errors.push(d);
    }

    /// An error about one field of a row, named by its column.
    pub fn field_error(
        &mut self,
        table: &Table,
        record: &Record,
        column: usize,
        message: Msg,
        help: Option<Msg>,
    ) {
        self.at(Severity::Error, table.field_position(record, column), message, help);
    }

    /// A warning that is reported once per kind, column and value, with its lines.
    pub fn note(&mut self, table: &Table, record: &Record, column: usize, note: Note, value: &str) {
        let name = table.header.get(column).cloned().unwrap_or_default();
        let shown = if note.groups_by_value() { value.to_string() } else { String::new() };
        let seen = self
            .grouped
            .entry((note, name, shown))
            .or_insert_with(|| Seen { first: table.field_position(record, column), lines: Vec::new() });
        seen.lines.push(record.line);
    }

    pub fn finish(mut self) -> Vec<Diagnostic> {
        for ((note, column, value), Seen { first: at, lines }) in std::mem::take(&mut self.grouped) {
            let shown: Vec<String> = lines.iter().take(LINES_SHOWN).map(usize::to_string).collect();
            let more = lines.len().saturating_sub(LINES_SHOWN);
            let help = messages::lines_help(&shown, more);
            self.at(Severity::Warning, at, messages::note(note, &column, &value, lines.len()), Some(help));
        }
        self.errors.sort_by_key(|d| (d.line, d.column, d.severity));
        self.errors
    }
}
