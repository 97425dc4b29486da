//! A region's vacancy figures against its records and the build time: each names an
//! institution of the region that offers the service, and one too old to be shown (or
//! dated after the build) is a warning naming the institution.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, suggest};
use crate::i18n::{Msg, quoted};
use crate::msg;
use crate::model::*;

pub(super) fn check(project: &Project, region: &Region, now: BuildTime, d: &mut Diagnostics) {
    let Some(availability) = &region.availability else { return };
    let src = project.source(availability.file);
    let columns = &availability.columns;
    let hours = project.site.availability_fresh_hours;
    for figure in &availability.figures {
        let id = figure.institution.value.as_str();
        let Some(inst) = region.institutions.iter().find(|i| i.id.as_str() == id) else {
            let file = format!("content/regions/{}/institutions/{id}.toml", region.id);
            // The record exists but did not load; its own errors say why.
            if project.sources.iter().any(|s| s.path == file) {
                continue;
            }
            let mut diag = Diagnostic::at(
                Severity::Error,
                src,
                figure.institution.loc.span.clone(),
                msg!(
                    "availability-unknown-institution",
                    column = columns.institution.as_str(),
                    id = quoted(id),
                    region = region.id.as_str(),
                    file = file.as_str()
                ),
            );
            // Staff may write the name they know rather than the id.
            let by_name = region.institutions.iter().find(|i| i.name == id || i.kana.as_deref() == Some(id));
            let nearest = by_name.or_else(|| {
                let near = suggest(id, region.institutions.iter().map(|i| i.id.as_str()))?;
                region.institutions.iter().find(|i| i.id.as_str() == near)
            });
            if let Some(i) = nearest {
                diag = diag.with_help(msg!("did-you-mean-value", id = i.id.as_str(), label = i.name.as_str()));
            }
            d.push(diag);
            continue;
        };
        let service = figure.service.value;
        if !inst.services.contains(&service) {
            d.push(
                Diagnostic::at(
                    Severity::Error,
                    src,
                    figure.service.loc.span.clone(),
                    msg!(
                        "availability-service-not-offered",
                        column = columns.service.as_str(),
                        name = inst.name.as_str(),
                        id = id,
                        service = service.label()
                    ),
                )
                .with_help(msg!(
                    "availability-service-not-offered-help",
                    service = service.id(),
                    file = project.source(inst.file).path.as_str()
                )),
            );
            continue;
        }
        let span = figure.as_of.loc.span.clone();
        let at = figure.as_of.value.strftime("%Y-%m-%d %H:%M");
        let built = now.now.strftime("%Y-%m-%d %H:%M");
        match figure.freshness(now.now, hours) {
            Freshness::Fresh => {}
            Freshness::Stale => d.push(
                Diagnostic::at(
                    Severity::Warning,
                    src,
                    span,
                    msg!(
                        "availability-stale",
                        column = columns.as_of.as_str(),
                        name = inst.name.as_str(),
                        service = service.label(),
                        at = at.to_string(),
                        age = figure.age_minutes(now.now) / 60,
                        built = built.to_string(),
                        limit = hours
                    ),
                )
                .with_help(Msg::new("availability-stale-help")),
            ),
            Freshness::Future => d.push(
                Diagnostic::at(
                    Severity::Warning,
                    src,
                    span,
                    msg!(
                        "availability-future",
                        column = columns.as_of.as_str(),
                        name = inst.name.as_str(),
                        service = service.label(),
                        at = at.to_string(),
                        built = built.to_string()
                    ),
                )
                .with_help(Msg::new("availability-future-help")),
            ),
        }
    }
}
