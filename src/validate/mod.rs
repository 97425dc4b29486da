//! Stage 2: cross-references between records, and rules that need more than one file.
//!
//! Runs after loading, before rendering. Markdown links are checked while rendering,
//! where each article is parsed once per region anyway (a shared article's links
//! resolve differently in each region).

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, suggest};
use crate::model::*;

/// The date that "stale" is measured from; passed in so builds are reproducible.
pub fn validate(project: &Project, today: Date, d: &mut Diagnostics) {
    let emergency_ids: BTreeSet<&str> = project.emergency.iter().map(|e| e.id.as_str()).collect();
    let mut article_ids: BTreeSet<&str> = project.articles.iter().map(|a| a.id.as_str()).collect();

    for region in &project.regions {
        let src = project.source(region.file);
        for at in &region.emergency {
            if !emergency_ids.contains(at.value.as_str()) {
                let mut diag = Diagnostic::at(
                    Severity::Error,
                    src,
                    at.loc.span.clone(),
                    format!("region {} lists emergency number {:?}, which content/emergency.toml does not define", region.id, at.value),
                );
                if let Some(s) = suggest(&at.value, emergency_ids.iter().copied()) {
                    diag = diag.with_help(format!("did you mean {s:?}?"));
                }
                d.push(diag);
            }
        }
        let institution_ids: BTreeMap<&str, &Institution> =
            region.institutions.iter().map(|i| (i.id.as_str(), i)).collect();
        for hub in &region.hubs {
            let hub_file = format!("content/regions/{}/institutions/{}.toml", region.id, hub.value);
            match institution_ids.get(hub.value.as_str()) {
                // The record exists but did not load; its own errors say why.
                None if project.sources.iter().any(|s| s.path == hub_file) => {}
                None => {
                    let mut diag = Diagnostic::at(
                        Severity::Error,
                        src,
                        hub.loc.span.clone(),
                        format!(
                            "hub {:?} is not an institution of region {} (expected {hub_file})",
                            hub.value, region.id
                        ),
                    );
                    if let Some(s) = suggest(&hub.value, institution_ids.keys().copied()) {
                        diag = diag.with_help(format!("did you mean {s:?}?"));
                    }
                    d.push(diag);
                }
                Some(inst) if !inst.roles.contains(&Role::CoordinationHub) => d.push(
                    Diagnostic::at(
                        Severity::Warning,
                        src,
                        hub.loc.span.clone(),
                        format!("hub {:?} does not have the role coordination_hub", hub.value),
                    )
                    .with_help("add \"coordination_hub\" to its roles so lists and leaflets show it as the hub"),
                ),
                Some(_) => {}
            }
        }
        let mut seen_numbers = BTreeSet::new();
        for n in &region.numbers {
            if !seen_numbers.insert(n.id.as_str()) || emergency_ids.contains(n.id.as_str()) {
                d.push(Diagnostic::at(
                    Severity::Warning,
                    src,
                    0..0,
                    format!("number id {:?} is used more than once in region {}", n.id, region.id),
                ));
            }
        }
        for inst in &region.institutions {
            check_institution(project, region, inst, today, d);
        }
        article_ids.extend(region.articles.iter().map(|a| a.id.as_str()));
    }
    imported(project, today, d);

    for leaflet in &project.leaflets {
        let src = project.source(leaflet.file);
        for section in &leaflet.sections {
            if let LeafletSection::Article { article, .. } = section {
                if !article_ids.contains(article.value.as_str()) {
                    let mut diag = Diagnostic::at(
                        Severity::Error,
                        src,
                        article.loc.span.clone(),
                        format!("leaflet {} uses article {:?}, which does not exist", leaflet.id, article.value),
                    );
                    if let Some(s) = suggest(&article.value, article_ids.iter().copied()) {
                        diag = diag.with_help(format!("did you mean {s:?}?"));
                    }
                    d.push(diag);
                }
            }
        }
    }
}

fn check_institution(project: &Project, region: &Region, inst: &Institution, today: Date, d: &mut Diagnostics) {
    let src = project.source(inst.file);
    if let Some(m) = &inst.municipality {
        if !region.municipalities.iter().any(|x| x == &m.value) {
            let mut diag = Diagnostic::at(
                Severity::Warning,
                src,
                m.loc.span.clone(),
                format!("municipality {:?} is not one of region {}'s municipalities", m.value, region.id),
            );
            if let Some(s) = suggest(&m.value, region.municipalities.iter().map(String::as_str)) {
                diag = diag.with_help(format!("did you mean {s:?}?"));
            }
            d.push(diag);
        }
    }
    // An imported record staff have not checked has its source's date here; the one
    // warning about unchecked records covers it.
    if !inst.verified_by_staff() {
        return;
    }
    let verified = inst.verified.value;
    let days = today.duration_since(verified).as_secs() / 86_400;
    if days < 0 {
        d.push(Diagnostic::at(
            Severity::Warning,
            src,
            inst.verified.loc.span.clone(),
            format!("`verified` {verified} is in the future"),
        ));
    } else if days > project.site.stale_after_days {
        d.push(
            Diagnostic::at(
                Severity::Warning,
                src,
                inst.verified.loc.span.clone(),
                format!(
                    "{} was last verified on {verified}, {days} days ago (more than stale_after_days = {})",
                    inst.name, project.site.stale_after_days
                ),
            )
            .with_help("check the details with the institution and update `verified`"),
        );
    }
}

/// How many files a summary warning names before "and N more".
const FILES_SHOWN: usize = 10;

/// Imported records get one warning for those without phases and one for those staff have
/// not checked, each with a count and the files: an import makes hundreds of records at
/// once, and a line per record would bury every other warning.
fn imported(project: &Project, today: Date, d: &mut Diagnostics) {
    let mut no_phases = Vec::new();
    let mut unchecked = Vec::new();
    let mut stale = 0;
    for region in &project.regions {
        for inst in &region.institutions {
            let Some(p) = &inst.provenance else { continue };
            let path = project.source(inst.file).path.as_str();
            if inst.phases.is_empty() {
                no_phases.push(path);
            }
            if !p.verified_by_staff {
                unchecked.push(path);
                if today.duration_since(p.source.as_of).as_secs() / 86_400 > project.site.stale_after_days {
                    stale += 1;
                }
            }
        }
    }
    let listed = |files: &[&str]| {
        // One line: diagnostics are one line each where tools read them.
        let shown = files[..files.len().min(FILES_SHOWN)].join(", ");
        match files.len().saturating_sub(FILES_SHOWN) {
            0 => shown,
            more => format!("{shown} and {more} more"),
        }
    };
    if let Some(first) = no_phases.first() {
        d.push(
            Diagnostic::for_file(
                Severity::Warning,
                *first,
                format!(
                    "{} imported institution(s) have no phases: they are listed by kind and by municipality, but on no phase page",
                    no_phases.len()
                ),
            )
            .with_help(format!("add `phases` (discharge, daily, acute, end_of_life) to {}", listed(&no_phases))),
        );
    }
    if let Some(first) = unchecked.first() {
        let mut message = format!(
            "{} imported institution(s) have not been checked by staff (no `verified`): their pages show the date of the public data",
            unchecked.len()
        );
        if stale > 0 {
            message.push_str(&format!(
                "; {stale} of them come from data older than stale_after_days = {}",
                project.site.stale_after_days
            ));
        }
        d.push(Diagnostic::for_file(Severity::Warning, *first, message).with_help(format!(
            "check them with the institutions, then write `verified = YYYY-MM-DD` in {}",
            listed(&unchecked)
        )));
    }
}
