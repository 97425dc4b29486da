//! Diagnostics: errors and warnings as values, each pointing at a file, line and column.
//!
//! Every stage pushes into one [`Diagnostics`] list instead of returning at the first
//! problem, so an author sees all of them in one run. Printing follows rustc's layout
//! because staff copy these into tickets and people already know how to read it.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use crate::i18n::{Lang, Msg};
use crate::text::escape::{for_terminal, is_hidden_control};

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

    /// Whether the line holding `offset` may not be shown.
    pub fn is_secret_at(&self, offset: usize) -> bool {
        self.is_secret_line(self.line_col(offset).0)
    }

    /// `m` with every secret value it quotes replaced by `***`.
    pub fn redacted(&self, m: Msg) -> Msg {
        m.redact(&|s| self.redact(s))
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

/// One problem found in the content.
///
/// The message and help are catalogue messages, not text: they become text in the
/// reader's language where they are printed ([`Diagnostic::render`]). No text they
/// quote holds a hidden control (ESC…): those that content put there are written
/// `\u{1b}` when the diagnostic is made, for every reader (terminal, serve's overlay,
/// tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Project-relative path with `/` separators.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: Msg,
    pub help: Option<Msg>,
    /// The offending source line and the marked column range, unless it is secret.
    snippet: Option<(String, usize, usize)>,
    /// The source line exists but is not shown, being part of [internal].
    hidden: bool,
}

impl Diagnostic {
    /// A diagnostic about a whole file (unreadable, missing) with no position inside it.
    pub fn for_file(severity: Severity, file: impl Into<String>, message: Msg) -> Self {
        Diagnostic {
            severity,
            file: for_terminal(&file.into()).into_owned(),
            line: 1,
            column: 1,
            message: message.redact(&terminal_safe),
            help: None,
            snippet: None,
            hidden: false,
        }
    }

    pub fn at(severity: Severity, src: &SourceFile, span: Range<usize>, message: Msg) -> Self {
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
            message: message.redact(&|m| terminal_safe(src.redact(m))),
            help: None,
            snippet,
            hidden,
        }
    }

    pub fn with_help(mut self, help: Msg) -> Self {
        self.help = Some(help.redact(&terminal_safe));
        self
    }

    /// The `file:line:col` position, as editors and terminals link it.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }

    /// The message in `lang`.
    pub fn message_text(&self, lang: Lang) -> String {
        lang.text(&self.message)
    }

    /// The help in `lang`, if there is one.
    pub fn help_text(&self, lang: Lang) -> Option<String> {
        self.help.as_ref().map(|h| lang.text(h))
    }

    /// "error" or "エラー".
    pub fn severity_word(&self, lang: Lang) -> String {
        lang.say(match self.severity {
            Severity::Error => "severity-error",
            Severity::Warning => "severity-warning",
        })
    }

    /// The diagnostic as the terminal and the serve overlay show it: rustc's layout
    /// (staff copy these into tickets, and people already know how to read it), with
    /// the source line and a caret under the problem, in `lang`. Every text that can
    /// come from content (message, path, source line, help) has its hidden controls
    /// escaped (`\u{1b}`), so that no file can send the terminal an escape sequence.
    pub fn render(&self, lang: Lang) -> String {
        let mut f = String::new();
        let _ = writeln!(f, "{}: {}", self.severity_word(lang), for_terminal(&self.message_text(lang)));
        let gutter = " ".repeat(self.line.to_string().len());
        let _ = writeln!(f, "{gutter}--> {}", for_terminal(&self.location()));
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
            let _ = writeln!(f, "{gutter} |");
            let _ = writeln!(f, "{} | {}", self.line, shown.concat());
            let _ = writeln!(f, "{gutter} | {pad}{carets}");
        }
        if self.hidden {
            let _ = writeln!(f, "{gutter} = {}", lang.say("diagnostic-line-hidden"));
        }
        if let Some(help) = self.help_text(lang) {
            // A help of several lines keeps them under its first one.
            let help = for_terminal(&help).replace('\n', &format!("\n{gutter}   "));
            let _ = writeln!(f, "{gutter} = {}: {help}", lang.say("diagnostic-help"));
        }
        f
    }

    /// One line: `error file:line:col: message | help: …`, as the bad-input corpus
    /// records them.
    pub fn one_line(&self, lang: Lang) -> String {
        let help = self.help_text(lang).map(|h| format!(" | {}: {h}", lang.say("diagnostic-help"))).unwrap_or_default();
        format!("{} {}: {}{help}", self.severity_word(lang), self.location(), self.message_text(lang))
    }
}

/// A text from content with its hidden controls written out (`\u{1b}`).
fn terminal_safe(text: String) -> String {
    match for_terminal(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        escaped => escaped.into_owned(),
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

    pub fn error(&mut self, src: &SourceFile, span: Range<usize>, message: Msg) {
        self.push(Diagnostic::at(Severity::Error, src, span, message));
    }

    pub fn warning(&mut self, src: &SourceFile, span: Range<usize>, message: Msg) {
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

/// Renders all diagnostics plus a one-line summary, as printed by the CLI, in `lang`.
pub fn render_report(diags: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(out, "{}", d.render(lang));
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    if errors + warnings > 0 {
        let _ = writeln!(out, "{}", lang.text(&crate::msg!("report-summary", errors = errors, warnings = warnings)));
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

/// The nearest candidate, for "did you mean" help: by edit distance after folding case
/// and character width (`ｽﾃｰｼｮﾝ` is `ステーション`), and a candidate that holds the
/// input whole, or is held by it, counts as near (`訪問看護` → `訪問看護ステーション`).
/// `None` when nothing is near enough to be worth saying.
pub fn suggest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest(input, candidates, 0.5)
}

/// [`suggest`] with the least similarity (0 to 1) a candidate must have.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>, least: f64) -> Option<&'a str> {
    let input = fold(input);
    if input.is_empty() {
        return None;
    }
    candidates
        .into_iter()
        .map(|c| (similarity(&input, &fold(c)), c))
        .filter(|(score, _)| *score >= least && *score > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.trim().nfkc().flat_map(char::to_lowercase).collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let edit = strsim::normalized_damerau_levenshtein(a, b);
    let (short, long) = if a.chars().count() <= b.chars().count() { (a, b) } else { (b, a) };
    let short_len = short.chars().count();
    // A part of the label, two characters or more: near, and nearer the more it covers.
    if short_len >= 2 && long.contains(short) {
        let cover = short_len as f64 / long.chars().count() as f64;
        return edit.max(0.6 + 0.4 * cover);
    }
    edit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_line_up_under_wide_characters_and_emoji() {
        let src = SourceFile::new("a.toml", "name = \"🏥在宅\u{3099}x\"\n".into());
        let start = src.text.find('🏥').unwrap();
        let d = Diagnostic::at(Severity::Error, &src, start..start + "🏥在宅\u{3099}".len(), Msg::new("io-not-found"));
        let shown = d.render(Lang::En);
        let lines: Vec<&str> = shown.lines().collect();
        // `name = "` is 8 cells; 🏥 and 在 and 宅 are two each, the mark none.
        assert_eq!(lines[4], format!("  | {}{}", " ".repeat(8), "^".repeat(6)), "{shown}");
    }

    #[test]
    fn content_cannot_send_the_terminal_escape_sequences() {
        let src = SourceFile::new("a\u{1b}]0;x\u{7}.md", "本文\u{1b}[2J\u{202E}です\n".into());
        let at = src.text.find('で').unwrap();
        let detail = |text: &str| Msg::new("io-other").arg("detail", text);
        let d = Diagnostic::at(Severity::Warning, &src, at..at + 3, detail("bad \u{1b}[31m\u{9b}")).with_help(detail("h\u{1b}c"));
        // Escaped in the diagnostic itself, so every reader gets the same.
        assert_eq!(d.message_text(Lang::Ja), "bad \\u{1b}[31m\\u{9b}");
        let shown = d.render(Lang::En);
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
        let d = Diagnostic::at(Severity::Error, &src, lat..lat + 3, Msg::new("io-not-found"));
        assert!(d.snippet.is_none() && d.hidden);
        assert!(d.render(Lang::En).contains("not shown"), "{}", d.render(Lang::En));
        assert!(d.render(Lang::Ja).contains("表示しません"), "{}", d.render(Lang::Ja));
        // A public line that quotes a secret value, and a message that does.
        let b = text.find("b =").unwrap();
        let d = Diagnostic::at(Severity::Error, &src, b..b + 1, Msg::new("io-other").arg("detail", "bad value \"090-1\""));
        assert!(d.snippet.is_none());
        for lang in Lang::ALL {
            assert!(d.message_text(lang).contains("bad value \"***\""), "{}", d.message_text(lang));
        }
        // Other lines are shown as usual.
        let c = text.find("\nc =").unwrap() + 1;
        let d = Diagnostic::at(Severity::Error, &src, c..c + 1, Msg::new("io-not-found"));
        assert!(d.snippet.is_some() && !d.hidden);
        assert!(d.render(Lang::En).contains("4 | c = 2"), "{}", d.render(Lang::En));
    }

    #[test]
    fn suggestions_fold_width_and_take_part_of_a_label() {
        let kinds = ["clinic", "診療所", "visiting_nurse", "訪問看護ステーション", "居宅介護支援事業所"];
        assert_eq!(suggest("訪問看護", kinds), Some("訪問看護ステーション"));
        assert_eq!(suggest("訪問看護ｽﾃｰｼｮﾝ", kinds), Some("訪問看護ステーション"));
        assert_eq!(suggest("clinc", kinds), Some("clinic"));
        assert_eq!(suggest("病院", kinds), None);
        // The nearest of a few, however far: one character in common is enough.
        let towns = ["みどり市", "うみべ町", "やまなか村"];
        assert_eq!(nearest("海辺町", towns, 0.0), Some("うみべ町"));
        assert_eq!(nearest("東京都", towns, 0.0), None);
    }
}
