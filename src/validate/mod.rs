//! Stage 2: cross-references between records, and rules that need more than one file.
//!
//! Runs after loading, before rendering. Markdown links are checked while rendering,
//! where each article is parsed once per region anyway (a shared article's links
//! resolve differently in each region). What refers to a file that exists but did not
//! load is not reported: that file's own error is the one to fix.

mod records;

mod availability;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, suggest};
use crate::i18n::{Msg, quoted};
use crate::model::*;
use crate::msg;

/// The time that "stale" is measured from (the date for records, the hour for vacancy
/// figures); passed in so builds are reproducible.
pub fn validate(project: &Project, now: BuildTime, d: &mut Diagnostics) {
    let today = now.today();
    let emergency_ids: BTreeSet<&str> = project.emergency.iter().map(|e| e.id.as_str()).collect();
    let mut article_ids: BTreeSet<&str> = project.articles.iter().map(|a| a.id.as_str()).collect();

    for region in &project.regions {
        let src = project.source(region.file);
        for at in &region.emergency {
            if !emergency_ids.contains(at.value.as_str()) && !(project.broken.emergency || project.broken.everything) {
                let mut diag = Diagnostic::at(
                    Severity::Error,
                    src,
                    at.loc.span.clone(),
                    msg!("validate-emergency-undefined", region = region.id.as_str(), id = quoted(&at.value)),
                );
                if let Some(s) = suggest(&at.value, emergency_ids.iter().copied()) {
                    diag = diag.with_help(msg!("did-you-mean", value = quoted(s)));
                }
                d.push(diag);
            }
        }
        hubs(project, region, d);
        let mut seen_numbers = BTreeSet::new();
        for n in &region.numbers {
            if !seen_numbers.insert(n.id.as_str()) || emergency_ids.contains(n.id.as_str()) {
                d.push(Diagnostic::at(
                    Severity::Warning,
                    src,
                    0..0,
                    msg!("validate-number-id-twice", id = quoted(&n.id), region = region.id.as_str()),
                ));
            }
        }
        for inst in &region.institutions {
            records::check_institution(project, region, inst, today, d);
        }
        availability::check(project, region, now, d);
        records::duplicates(project, region, d);
        article_ids.extend(region.articles.iter().map(|a| a.id.as_str()));
    }
    records::imported(project, today, d);

    for leaflet in &project.leaflets {
        let src = project.source(leaflet.file);
        for section in &leaflet.sections {
            if let LeafletSection::Article { article, .. } = section {
                let id = article.value.as_str();
                if !article_ids.contains(id) && !project.broken.any_article(id) {
                    let mut diag = Diagnostic::at(
                        Severity::Error,
                        src,
                        article.loc.span.clone(),
                        msg!("validate-leaflet-article", leaflet = leaflet.id.as_str(), article = quoted(id)),
                    );
                    diag = diag.with_help(match suggest(id, article_ids.iter().copied()) {
                        Some(s) => msg!("did-you-mean", value = quoted(s)),
                        None => msg!("validate-leaflet-article-help", article = id),
                    });
                    d.push(diag);
                }
            }
        }
    }

    if let (Some(file), Some(intro)) = (project.guidebook.file, &project.guidebook.intro) {
        if !article_ids.contains(intro.value.as_str()) && !project.broken.any_article(&intro.value) {
            let diag = Diagnostic::at(
                Severity::Error,
                project.source(file),
                intro.loc.span.clone(),
                msg!("validate-guidebook-intro", article = quoted(&intro.value)),
            );
            d.push(diag.with_help(match suggest(&intro.value, article_ids.iter().copied()) {
                Some(s) => msg!("did-you-mean", value = quoted(s)),
                None => msg!("validate-leaflet-article-help", article = intro.value.as_str()),
            }));
        }
    }
}

/// Whether an institution could coordinate home care for its region: the hub role, or a
/// kind that hubs are (a medical association, a municipality, a community support
/// centre). "Did you mean" for a hub suggests only these, never the fire department.
fn can_be_hub(i: &Institution) -> bool {
    i.roles.contains(&Role::CoordinationHub)
        || matches!(i.kind, Kind::MedicalAssociation | Kind::Municipality | Kind::CommunitySupportCenter)
}

fn hubs(project: &Project, region: &Region, d: &mut Diagnostics) {
    let src = project.source(region.file);
    let institutions: BTreeMap<&str, &Institution> = region.institutions.iter().map(|i| (i.id.as_str(), i)).collect();
    for hub in &region.hubs {
        let hub_file = format!("content/regions/{}/institutions/{}.toml", region.id, hub.value);
        match institutions.get(hub.value.as_str()) {
            // The record exists but did not load; its own errors say why.
            None if project.broken.institution(region.id.as_str(), &hub.value) => {}
            None => {
                let diag = Diagnostic::at(
                    Severity::Error,
                    src,
                    hub.loc.span.clone(),
                    msg!("validate-hub-missing", id = quoted(&hub.value), region = region.id.as_str(), file = hub_file.clone()),
                );
                let candidates = region.institutions.iter().filter(|i| can_be_hub(i)).map(|i| i.id.as_str());
                let help = match suggest(&hub.value, candidates) {
                    Some(s) => msg!("did-you-mean", value = quoted(s)),
                    None => msg!("validate-hub-missing-help", file = hub_file, id = quoted(&hub.value)),
                };
                d.push(diag.with_help(help));
            }
            Some(inst) if !inst.roles.contains(&Role::CoordinationHub) => d.push(
                Diagnostic::at(
                    Severity::Warning,
                    src,
                    hub.loc.span.clone(),
                    msg!("validate-hub-without-role", id = quoted(&hub.value)),
                )
                .with_help(Msg::new("validate-hub-without-role-help")),
            ),
            Some(_) => {}
        }
    }
}
