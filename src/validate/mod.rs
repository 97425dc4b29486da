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

    if let (Some(file), Some(intro)) = (project.guidebook.file, &project.guidebook.intro) {
        if !article_ids.contains(intro.value.as_str()) {
            let mut diag = Diagnostic::at(
                Severity::Error,
                project.source(file),
                intro.loc.span.clone(),
                format!("the guidebook's intro is article {:?}, which does not exist", intro.value),
            );
            if let Some(s) = suggest(&intro.value, article_ids.iter().copied()) {
                diag = diag.with_help(format!("did you mean {s:?}?"));
            }
            d.push(diag);
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
