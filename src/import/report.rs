//! The summary an import prints: each file, then (with `--dry-run`) every added and
//! updated record with its field changes, the records gone from their source, and the
//! counts per region.

use std::fmt::Write as _;

use super::messages;
use super::plan::{Outcome, Plan};
use crate::model::{Project, Vocabulary};

pub struct FileSummary {
    pub heading: String,
    pub elsewhere: usize,
    pub unknown: usize,
}

pub fn render(project: &Project, files: &[FileSummary], plan: &Plan, details: bool) -> String {
    let mut out = String::new();
    for f in files {
        let _ = writeln!(out, "{}", f.heading);
        if f.elsewhere + f.unknown > 0 {
            let _ = writeln!(out, "{}", messages::skipped(f.elsewhere, f.unknown));
        }
    }
    if plan.older > 0 {
        let _ = writeln!(out, "{}", messages::older_edition(plan.older));
    }
    if plan.moved > 0 {
        let _ = writeln!(out, "{}", messages::other_region(plan.moved));
    }
    let count = |f: fn(&Outcome) -> bool| plan.entries.iter().filter(|e| f(&e.outcome)).count();
    if details {
        let _ = writeln!(out, "\n{} ({})", messages::ADDED, count(|o| *o == Outcome::Added));
        for e in plan.entries.iter().filter(|e| e.outcome == Outcome::Added) {
            let _ = writeln!(out, "  + {}  {}", e.path, e.name);
        }
        let _ = writeln!(out, "{} ({})", messages::UPDATED, count(|o| matches!(o, Outcome::Updated(_))));
        for e in &plan.entries {
            if let Outcome::Updated(changes) = &e.outcome {
                let _ = writeln!(out, "  ~ {}  {}", e.path, e.name);
                for c in changes {
                    let before = c.before.as_deref().unwrap_or("（なし）");
                    let _ = writeln!(out, "      {}: {before} → {}", c.field, c.after);
                }
            }
        }
        let _ = writeln!(out, "{} ({})", messages::UNCHANGED, count(|o| *o == Outcome::Unchanged));
    }
    if !plan.gone.is_empty() || details {
        let _ = writeln!(out, "{} ({})", messages::GONE, plan.gone.len());
    }
    for g in &plan.gone {
        let types = if g.types.is_empty() { String::new() } else { format!(": {}", g.types.join("、")) };
        let _ = writeln!(out, "  - {}  {}（{} {}{types}）", g.path, g.name, g.dataset.id(), g.key);
    }
    if !plan.gone.is_empty() {
        let _ = writeln!(out, "    {}", messages::gone_help());
    }
    let _ = writeln!(out, "{}", messages::summary_heading());
    for (i, region) in project.regions.iter().enumerate() {
        let mine = |f: fn(&Outcome) -> bool| plan.entries.iter().filter(|e| e.region == i && f(&e.outcome)).count();
        let gone = plan.gone.iter().filter(|g| g.region == i).count();
        let _ = writeln!(
            out,
            "{}",
            messages::region_line(
                region.id.as_str(),
                &region.name,
                mine(|o| *o == Outcome::Added),
                mine(|o| matches!(o, Outcome::Updated(_))),
                mine(|o| *o == Outcome::Unchanged),
                gone
            )
        );
    }
    out
}
