//! The summary an import prints: each file, then (with `--dry-run`) every added and
//! updated record with its field changes, the records gone from their source, and the
//! counts per region. Lines of messages, shown in the reader's language by the command.

use super::messages;
use super::plan::{Outcome, Plan};
use crate::i18n::{Lang, Msg};
use crate::model::{Project, Vocabulary};
use crate::msg;

/// What an import has to say besides its diagnostics, one message a line.
#[derive(Debug, Default, Clone)]
pub struct Report {
    lines: Vec<Msg>,
}

impl Report {
    pub fn line(&mut self, m: Msg) {
        self.lines.push(m);
    }

    /// The report in `lang`, a line each.
    pub fn render(&self, lang: Lang) -> String {
        self.lines.iter().map(|m| lang.text(m) + "\n").collect()
    }
}

pub struct FileSummary {
    pub heading: Msg,
    pub elsewhere: usize,
    pub unknown: usize,
}

pub fn render(out: &mut Report, project: &Project, files: &[FileSummary], plan: &Plan, details: bool) {
    for f in files {
        out.line(f.heading.clone());
        if f.elsewhere + f.unknown > 0 {
            out.line(messages::skipped(f.elsewhere, f.unknown));
        }
    }
    if plan.older > 0 {
        out.line(msg!("import-older-edition", count = plan.older));
    }
    if plan.moved > 0 {
        out.line(msg!("import-other-region", count = plan.moved));
    }
    let count = |f: fn(&Outcome) -> bool| plan.entries.iter().filter(|e| f(&e.outcome)).count();
    if details {
        out.line(Msg::new("import-blank"));
        out.line(msg!("import-added-heading", count = count(|o| *o == Outcome::Added)));
        for e in plan.entries.iter().filter(|e| e.outcome == Outcome::Added) {
            out.line(msg!("import-added-line", path = e.path.as_str(), name = e.name.as_str()));
        }
        out.line(msg!("import-updated-heading", count = count(|o| matches!(o, Outcome::Updated(_)))));
        for e in &plan.entries {
            if let Outcome::Updated(changes) = &e.outcome {
                out.line(msg!("import-updated-line", path = e.path.as_str(), name = e.name.as_str()));
                for c in changes {
                    let before = match c.before.as_deref() {
                        Some(b) => msg!("import-value", value = b),
                        None => Msg::new("import-no-value"),
                    };
                    out.line(msg!("import-change-line", field = c.field, before = before, after = c.after.as_str()));
                }
            }
        }
        out.line(msg!("import-unchanged-heading", count = count(|o| *o == Outcome::Unchanged)));
    }
    if !plan.gone.is_empty() || details {
        out.line(msg!("import-gone-heading", count = plan.gone.len()));
    }
    for g in &plan.gone {
        let line = if g.types.is_empty() { Msg::new("import-gone-line") } else { Msg::new("import-gone-line-types") };
        out.line(
            line.arg("path", g.path.as_str())
                .arg("name", g.name.as_str())
                .arg("dataset", g.dataset.id())
                .arg("key", g.key.as_str())
                .arg("types", g.types.clone()),
        );
    }
    if !plan.gone.is_empty() {
        out.line(Msg::new("import-gone-help"));
    }
    out.line(Msg::new("import-summary-heading"));
    for (i, region) in project.regions.iter().enumerate() {
        let mine = |f: fn(&Outcome) -> bool| plan.entries.iter().filter(|e| e.region == i && f(&e.outcome)).count();
        let gone = plan.gone.iter().filter(|g| g.region == i).count();
        out.line(messages::region_line(
            region.id.as_str(),
            &region.name,
            mine(|o| *o == Outcome::Added),
            mine(|o| matches!(o, Outcome::Updated(_))),
            mine(|o| *o == Outcome::Unchanged),
            gone,
        ));
    }
}
