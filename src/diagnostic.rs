//! Diagnostics: errors and warnings as values, each pointing at a file, line and column.
//!
//! Every stage pushes into one [`Diagnostics`] list instead of returning at the first
//! problem, so an author sees all of them in one run. Printing follows rustc's layout
//! because staff copy these into tickets and people already know how to read it.

use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::text::escape::{for_terminal, is_hidden_control};

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A loaded text file. Spans elsewhere are byte ranges into `text`.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the project root, with `/` separators, as shown to authors.
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// Byte ranges whose lines must never be echoed (the `[internal]` tables).
    secret: Vec<Range<usize>>,
    /// The values in those ranges, which no message may quote.
    secret_values: Vec<String>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile { path: path.into(), text, line_starts, secret: Vec::new(), secret_values: Vec::new() }
    }

    /// 1-based line and column of a byte offset; the column counts characters, as
    /// editors do, not bytes (a kanji is one column, not three).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let col = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line + 1, col)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }

    /// No diagnostic will show a line that overlaps `span`.
    pub fn mark_secret(&mut self, span: Range<usize>) {
        self.secret.push(span);
    }

    /// No diagnostic message will quote `value` (it is replaced by `***`).
    pub fn mark_secret_value(&mut self, value: String) {
        if !value.is_empty() {
            self.secret_values.push(value);
        }
    }

    /// Whether the 1-based `line` overlaps a secret range: the whole line shown in a
    /// snippet is decided, not just the span marked in it.
    fn is_secret_line(&self, line: usize) -> bool {
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len()).max(start + 1);
        self.secret.iter().any(|s| s.start < end && start < s.end.max(s.start + 1))
    }

    fn quotes_secret(&self, text: &str) -> bool {
        self.secret_values.iter().any(|v| text.contains(v.as_str()))
    }

    /// `message` with every secret value replaced by `***`, longest first so that a value
    /// containing another is hidden whole.
    fn redact(&self, message: String) -> String {
        if !self.quotes_secret(&message) {
            return message;
        }
        let mut values: Vec<&String> = self.secret_values.iter().collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values.into_iter().fold(message, |m, v| m.replace(v.as_str(), "***"))
    }
}

/// One problem found in the content. Its texts never hold a hidden control (ESC…):
/// those that content put there are written `\u{1b}` when the diagnostic is made, for
/// every reader (terminal, serve's overlay, tests), and again when it is printed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Project-relative path with `/` separators.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    /// The offending source line and the marked column range, unless it is secret.
    #[serde(skip)]
    snippet: Option<(String, usize, usize)>,
    /// The source line exists but is not shown, being part of [internal].
    #[serde(skip)]
    hidden: bool,
}

impl Diagnostic {
    /// A diagnostic about a whole file (unreadable, missing) with no position inside it.
    pub fn for_file(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: for_terminal(&file.into()).into_owned(),
            line: 1,
            column: 1,
            message: for_terminal(&message.into()).into_owned(),
            help: None,
            snippet: None,
            hidden: false,
        }
    }

    pub fn at(severity: Severity, src: &SourceFile, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, column) = src.line_col(span.start);
        // A line is not shown if it is part of [internal], or quotes one of its values
        // elsewhere (pasted into the wrong field, say).
        let hidden = src.is_secret_line(line) || src.quotes_secret(src.line_text(line));
        let snippet = (!hidden).then(|| {
            let text = src.line_text(line).to_string();
            let (end_line, end_col) = src.line_col(span.end);
            let width = if end_line == line { end_col.saturating_sub(column).max(1) } else { 1 };
            (text, column, width)
        });
        Diagnostic {
            severity,
            file: for_terminal(&src.path).into_owned(),
            line,
            column,
            message: for_terminal(&src.redact(message.into())).into_owned(),
            help: None,
            snippet,
            hidden,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(for_terminal(&help.into()).into_owned());
        self
    }

    /// The `file:line:col` position, as editors and terminals link it.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Printed for a terminal: every text that can come from content (message, path, source
/// line, help) has its hidden controls escaped (`\u{1b}`), so that no file can send
/// the terminal an escape sequence.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", for_terminal(&self.message))?;
        let gutter = " ".repeat(self.line.to_string().len());
        writeln!(f, "{gutter}--> {}", for_terminal(&self.location()))?;
        if let Some((text, col, width)) = &self.snippet {
            // Each character as shown: tabs as one space (as the column counts them),
            // hidden controls escaped; the carets follow what is shown.
            let shown: Vec<String> = text
                .chars()
                .map(|c| match c {
                    '\t' => " ".to_string(),
                    c if is_hidden_control(c) => for_terminal(c.encode_utf8(&mut [0; 4])).into_owned(),
                    c => c.to_string(),
                })
                .collect();
            let width_of = |s: &String| s.chars().map(cells).sum::<usize>();
            let pad = " ".repeat(shown.iter().take(col - 1).map(width_of).sum());
            let carets = "^".repeat(shown.iter().skip(col - 1).take(*width).map(width_of).sum());
            let carets = if carets.is_empty() { "^".to_string() } else { carets };
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{} | {}", self.line, shown.concat())?;
            writeln!(f, "{gutter} | {pad}{carets}")?;
        }
        if self.hidden {
            writeln!(f, "{gutter} = note: the line is not shown: it holds [internal] values")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{gutter} = help: {}", for_terminal(help))?;
        }
        Ok(())
    }
}

/// Terminal cells a character takes (East Asian wide and emoji take two, combining
/// marks none), so carets line up under Japanese text.
fn cells(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// The list every stage appends to.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn error(&mut self, src: &SourceFile, span: Range<usize>, message: impl Into<String>) {
        self.push(Diagnostic::at(Severity::Error, src, span, message));
    }

    pub fn warning(&mut self, src: &SourceFile, span: Range<usize>, message: impl Into<String>) {
        self.push(Diagnostic::at(Severity::Warning, src, span, message));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file and position so output is stable across parallel runs.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// Renders all diagnostics plus a one-line summary, as printed by the CLI.
pub fn render_report(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(out, "{d}");
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    if errors + warnings > 0 {
        let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
    }
    out
}

/// Project-relative display path with forward slashes.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The nearest candidate by edit distance, for "did you mean" help.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(&input_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_line_up_under_wide_characters_and_emoji() {
        let src = SourceFile::new("a.toml", "name = \"🏥在宅\u{3099}x\"\n".into());
        let start = src.text.find('🏥').unwrap();
        let d = Diagnostic::at(Severity::Error, &src, start..start + "🏥在宅\u{3099}".len(), "m");
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        // `name = "` is 8 cells; 🏥 and 在 and 宅 are two each, the mark none.
        assert_eq!(lines[4], format!("  | {}{}", " ".repeat(8), "^".repeat(6)), "{shown}");
    }

    #[test]
    fn content_cannot_send_the_terminal_escape_sequences() {
        let src = SourceFile::new("a\u{1b}]0;x\u{7}.md", "本文\u{1b}[2J\u{202E}です\n".into());
        let at = src.text.find('で').unwrap();
        let d = Diagnostic::at(Severity::Warning, &src, at..at + 3, "bad \u{1b}[31m\u{9b}").with_help("h\u{1b}c");
        let shown = d.to_string();
        assert!(!shown.chars().any(is_hidden_control), "{shown:?}");
        assert_eq!(
            shown,
            concat!(
                "warning: bad \\u{1b}[31m\\u{9b}\n",
                " --> a\\u{1b}]0;x\\u{7}.md:1:8\n",
                "  |\n",
                "1 | 本文\\u{1b}[2J\\u{202e}です\n",
                "  |                      ^^\n",
                "  = help: h\\u{1b}c\n"
            )
        );
    }

    #[test]
    fn a_line_touching_a_secret_range_or_quoting_a_secret_value_is_not_shown() {
        let text = "a = 1\nloc = { lat = 100, internal = \"090-1\" }\nb = \"090-1\"\nc = 2\n";
        let mut src = SourceFile::new("x.toml", text.to_string());
        let secret_start = text.find("internal").unwrap();
        src.mark_secret(secret_start..secret_start + 20);
        src.mark_secret_value("090-1".into());
        let lat = text.find("100").unwrap();
        // The span itself is public, but its line holds the secret.
        let d = Diagnostic::at(Severity::Error, &src, lat..lat + 3, "`lat` out of range");
        assert!(d.snippet.is_none() && d.hidden);
        assert!(d.to_string().contains("not shown"), "{d}");
        // A public line that quotes a secret value, and a message that does.
        let b = text.find("b =").unwrap();
        let d = Diagnostic::at(Severity::Error, &src, b..b + 1, "bad value \"090-1\"");
        assert!(d.snippet.is_none());
        assert_eq!(d.message, "bad value \"***\"");
        // Other lines are shown as usual.
        let c = text.find("\nc =").unwrap() + 1;
        let d = Diagnostic::at(Severity::Error, &src, c..c + 1, "c");
        assert!(d.snippet.is_some() && !d.hidden);
        assert!(d.to_string().contains("4 | c = 2"), "{d}");
    }
}
