//! A region's vacancy figures against its records and the build time: each names an
//! institution of the region that offers the service, and one too old to be shown (or
//! dated after the build) is a warning naming the institution.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, suggest};
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
                format!("{}: {id:?} is not an institution of region {} (expected {file})", columns.institution, region.id),
            );
            // Staff may write the name they know rather than the id.
            let by_name = region.institutions.iter().find(|i| i.name == id || i.kana.as_deref() == Some(id));
            let nearest = by_name.or_else(|| {
                let near = suggest(id, region.institutions.iter().map(|i| i.id.as_str()))?;
                region.institutions.iter().find(|i| i.id.as_str() == near)
            });
            if let Some(i) = nearest {
                diag = diag.with_help(format!("did you mean {:?} ({})?", i.id.as_str(), i.name));
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
                    format!("{}: {} ({id}) does not list {} among its services", columns.service, inst.name, service.label()),
                )
                .with_help(format!(
                    "add \"{}\" to `services` in {}, or remove this row",
                    service.id(),
                    project.source(inst.file).path
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
                    format!(
                        "{}: the figure for {} ({}) is from {at}, {} hours before the build ({built}): older than availability_fresh_hours = {hours}, so pages ask residents to call instead",
                        columns.as_of,
                        inst.name,
                        service.label(),
                        figure.age_minutes(now.now) / 60
                    ),
                )
                .with_help("write the latest figure and its time, or remove the row"),
            ),
            Freshness::Future => d.push(
                Diagnostic::at(
                    Severity::Warning,
                    src,
                    span,
                    format!(
                        "{}: the figure for {} ({}) is dated {at}, after the build ({built}): it is not shown",
                        columns.as_of,
                        inst.name,
                        service.label()
                    ),
                )
                .with_help("check the date and time (Japan time)"),
            ),
        }
    }
}
