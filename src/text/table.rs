//! Decoded text → header and records (RFC 4180 with the `csv` crate), each record with
//! the line it starts on and the means to point at one of its fields.

use csv::StringRecord;

/// One data row: where it starts and its fields.
pub struct Record {
    /// Byte offset of the record's first character in the text.
    pub start: usize,
    /// 1-based line of `start`.
    pub line: usize,
    pub fields: StringRecord,
}

pub struct Table {
    pub text: String,
    pub delimiter: u8,
    /// Column names as written, trimmed.
    pub header: Vec<String>,
    pub records: Vec<Record>,
    line_starts: Vec<usize>,
}

/// A structural problem: the file cannot be read as rows.
#[derive(Debug, PartialEq, Eq)]
pub enum TableError {
    Empty,
    /// A quote opened on `line` is never closed: everything after it would be one value.
    Unterminated {
        line: usize,
        column: usize,
    },
    /// A row with another number of fields than the header.
    FieldCount {
        line: usize,
        found: usize,
        expected: usize,
    },
    /// Anything else the reader refused.
    Unreadable {
        line: usize,
    },
}

/// Reads the whole table. Structural problems of single rows are collected (every one,
/// so that all are reported at once); the rows that have them are left out.
pub fn read(text: String) -> Result<(Table, Vec<TableError>), TableError> {
    let line_starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let first_line = text.lines().next().unwrap_or("");
    // A municipality's "Unicode text" export separates with tabs; CSV with commas.
    let delimiter = if first_line.matches('\t').count() > first_line.matches(',').count() { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // Decoded text is valid UTF-8 and reading from memory cannot fail; a record
            // the reader cannot make is reported where it starts.
            Err(e) => {
                problems.push(TableError::Unreadable { line: e.position().map_or(1, |p| p.line() as usize) });
                continue;
            }
        }
        // The reader counts a CRLF's LF as the start of the next record.
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        // Blank lines and rows of only separators (Excel leaves them at the end).
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = line_starts.partition_point(|&s| s <= start);
        rows.push(Record { start, line, fields: record.clone() });
    }
    let Some(head) = (!rows.is_empty()).then(|| rows.remove(0)) else { return Err(TableError::Empty) };
    let header: Vec<String> = head.fields.iter().map(|h| h.trim().to_string()).collect();
    let mut table = Table { text, delimiter, header, records: Vec::with_capacity(rows.len()), line_starts };
    // Only the last record can hold an unclosed quote: it runs to the end of the file.
    if let Some(open) = rows.last().and_then(|last| table.unclosed_quote(last.start)) {
        let (line, column) = table.line_col(open);
        problems.push(TableError::Unterminated { line, column });
        rows.pop();
    }
    let expected = table.header.len();
    for r in rows {
        if r.fields.len() != expected {
            problems.push(TableError::FieldCount { line: r.line, found: r.fields.len(), expected });
        } else {
            table.records.push(r);
        }
    }
    Ok((table, problems))
}

impl Table {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        (line, self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1))
    }

    /// The offset of an opening quote that is never closed after `from`, if any.
    fn unclosed_quote(&self, from: usize) -> Option<usize> {
        let mut scan = Scan::new(self.delimiter);
        let mut open = 0;
        for (i, c) in self.text.get(from..)?.char_indices() {
            if scan.step(c) == Step::Opened {
                open = from + i;
            }
        }
        scan.quoted.then_some(open)
    }

    /// Where field `index` of `record` starts: its line and column, for diagnostics.
    pub fn field_position(&self, record: &Record, index: usize) -> (usize, usize) {
        self.line_col(self.field_span(record, index).start)
    }

    /// The bytes of field `index` of `record` as written (quotes included), for
    /// diagnostics that underline it; empty at the record's start if it has no such field.
    pub fn field_span(&self, record: &Record, index: usize) -> std::ops::Range<usize> {
        let mut scan = Scan::new(self.delimiter);
        let mut field = 0;
        let mut start = None;
        let rest = self.text.get(record.start..).unwrap_or("");
        for (i, c) in rest.char_indices() {
            if field == index && start.is_none() {
                start = Some(record.start + i);
            }
            match scan.step(c) {
                Step::Delimiter if field == index => return start.unwrap_or(record.start)..record.start + i,
                Step::Delimiter => field += 1,
                Step::EndOfRecord if field == index => {
                    let end = record.start + i;
                    let end = if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') { end - 1 } else { end };
                    return start.unwrap_or(record.start)..end.max(start.unwrap_or(record.start));
                }
                Step::EndOfRecord => break,
                _ => {}
            }
        }
        match start {
            Some(s) => s..record.start + rest.len(),
            None if field == index => record.start + rest.len()..record.start + rest.len(),
            None => record.start..record.start,
        }
    }
}

/// RFC 4180 quoting, character by character, as the `csv` crate reads it: a quote opens
/// only at the start of a field, `""` inside quotes is one quote.
struct Scan {
    delimiter: char,
    quoted: bool,
    /// Inside quotes, the previous character was a quote: closing, or the first of `""`.
    quote_pending: bool,
    field_start: bool,
}

#[derive(PartialEq, Eq)]
enum Step {
    Opened,
    Delimiter,
    EndOfRecord,
    Other,
}

impl Scan {
    fn new(delimiter: u8) -> Scan {
        Scan { delimiter: char::from(delimiter), quoted: false, quote_pending: false, field_start: true }
    }

    fn step(&mut self, c: char) -> Step {
        if self.quoted {
            if self.quote_pending {
                self.quote_pending = false;
                if c == '"' {
                    return Step::Other;
                }
                self.quoted = false;
            } else {
                if c == '"' {
                    self.quote_pending = true;
                }
                return Step::Other;
            }
        }
        let start = std::mem::replace(&mut self.field_start, false);
        match c {
            '"' if start => {
                self.quoted = true;
                Step::Opened
            }
            '\n' => {
                self.field_start = true;
                Step::EndOfRecord
            }
            c if c == self.delimiter => {
                self.field_start = true;
                Step::Delimiter
            }
            '\r' => {
                self.field_start = true;
                Step::Other
            }
            _ => Step::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Table {
        let (t, problems) = read(text.to_string()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        t
    }

    #[test]
    fn quoted_commas_newlines_and_quotes_stay_in_their_field() {
        let t = ok("名称,住所,電話番号\r\n\"A, B\",\"1行目\r\n2行目\",098\r\n\"say \"\"hi\"\"\",x,y\r\n");
        assert_eq!(t.header, ["名称", "住所", "電話番号"]);
        assert_eq!(t.records.len(), 2);
        assert_eq!(&t.records[0].fields[0], "A, B");
        assert_eq!(&t.records[0].fields[1], "1行目\r\n2行目");
        assert_eq!(t.records[0].line, 2);
        assert_eq!(t.records[1].line, 4, "the line after a field with a line break");
        assert_eq!(&t.records[1].fields[0], "say \"hi\"");
        assert_eq!(t.field_position(&t.records[1], 2), (4, 16));
        assert_eq!(t.field_position(&t.records[0], 0), (2, 1));
        let span = |r: usize, f: usize| &t.text[t.field_span(&t.records[r], f)];
        assert_eq!(span(0, 0), "\"A, B\"");
        assert_eq!(span(0, 2), "098", "without the CR of CRLF");
        assert_eq!(span(1, 2), "y");
    }

    #[test]
    fn field_spans_of_the_last_line_and_empty_fields() {
        let t = ok("a,b,c\n1,,3");
        let span = |f: usize| t.field_span(&t.records[0], f);
        assert_eq!(&t.text[span(0)], "1");
        assert_eq!(span(1), 8..8, "an empty field is an empty span where it would be");
        assert_eq!(&t.text[span(2)], "3");
    }

    #[test]
    fn tabs_when_the_header_has_more_tabs_than_commas() {
        let t = ok("名称\t住所\nA,1\tB\n");
        assert_eq!(t.delimiter, b'\t');
        assert_eq!(&t.records[0].fields[0], "A,1");
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let (t, problems) = read("名称,住所\nA,B\n\"C,D\nE,F\n".to_string()).unwrap();
        assert_eq!(problems, [TableError::Unterminated { line: 3, column: 1 }]);
        assert_eq!(t.records.len(), 1);
        // A quote inside an unquoted field is text, as the reader takes it.
        let t = ok("名称,住所\nA,5\"B\n");
        assert_eq!(&t.records[0].fields[1], "5\"B");
    }

    #[test]
    fn rows_with_another_number_of_fields_are_reported_and_left_out() {
        let (t, problems) = read("a,b,c\n1,2,3\n1,2\n1,2,3,4\n,,\n".to_string()).unwrap();
        assert_eq!(
            problems,
            [
                TableError::FieldCount { line: 3, found: 2, expected: 3 },
                TableError::FieldCount { line: 4, found: 4, expected: 3 }
            ]
        );
        assert_eq!(t.records.len(), 1);
        assert_eq!(read(String::new()).err(), Some(TableError::Empty));
    }
}
