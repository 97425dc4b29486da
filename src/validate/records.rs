//! Rules about institution records: their municipality and visit area against their
//! region, how long ago they were checked, copies of one institution, and the summary
//! of imported records.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity, SourceFile, nearest};
use crate::i18n::{Msg, quoted};
use crate::model::*;
use crate::msg;

pub(super) fn check_institution(project: &Project, region: &Region, inst: &Institution, today: Date, d: &mut Diagnostics) {
    let src = project.source(inst.file);
    if let Some(m) = &inst.municipality {
        not_in_region(src, region, &m.value, m.loc.span.clone(), "municipality", d);
    }
    for (area, span) in inst.visit_area.iter().zip(&inst.visit_area_spans) {
        not_in_region(src, region, area, span.clone(), "visit_area", d);
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
            msg!("validate-verified-future", date = verified),
        ));
    } else if days > project.site.stale_after_days {
        d.push(
            Diagnostic::at(
                Severity::Warning,
                src,
                inst.verified.loc.span.clone(),
                msg!(
                    "validate-stale",
                    name = inst.name.as_str(),
                    date = verified,
                    days = days,
                    limit = project.site.stale_after_days
                ),
            )
            .with_help(Msg::new("validate-stale-help")),
        );
    }
}

/// A `municipality` or `visit_area` entry that is not one of the region's: a typo, or a
/// municipality the region's file lacks. Either way the lists by municipality would grow
/// a group nobody meant, so it is said, with the nearest of the region's.
fn not_in_region(src: &SourceFile, region: &Region, value: &str, span: Range<usize>, key: &str, d: &mut Diagnostics) {
    if region.municipalities.iter().any(|x| x == value) {
        return;
    }
    let message = match key {
        "municipality" => msg!("validate-municipality-unknown", value = quoted(value), region = region.id.as_str()),
        _ => msg!("validate-visit-area-unknown", value = quoted(value), region = region.id.as_str()),
    };
    let all: Vec<String> = region.municipalities.iter().map(|m| format!("{m:?}")).collect();
    // Names are short: one character in common (町, 市) is already a hint worth giving.
    let help = match nearest(value, region.municipalities.iter().map(String::as_str), 0.0) {
        Some(s) => msg!("validate-municipality-nearest", value = quoted(s), all = all),
        None if all.is_empty() => Msg::new("validate-region-has-no-municipalities"),
        None => msg!("validate-municipality-list", all = all),
    };
    d.push(Diagnostic::at(Severity::Warning, src, span, message).with_help(help));
}

/// Two records of one region with the same name and phone number: most often a record
/// copied under a new file name and forgotten, which lists the institution twice.
pub(super) fn duplicates(project: &Project, region: &Region, d: &mut Diagnostics) {
    let mut seen: BTreeMap<(String, &str), &Institution> = BTreeMap::new();
    let mut records: Vec<&Institution> = region.institutions.iter().collect();
    records.sort_by(|a, b| project.source(a.file).path.cmp(&project.source(b.file).path));
    for inst in records {
        let Some(phone) = &inst.phone else { continue };
        let name: String = {
            use unicode_normalization::UnicodeNormalization;
            inst.name.nfkc().filter(|c| !c.is_whitespace()).collect()
        };
        match seen.get(&(name.clone(), phone.dial())) {
            None => {
                seen.insert((name, phone.dial()), inst);
            }
            Some(first) => {
                let src = project.source(inst.file);
                let first_file = project.source(first.file).path.as_str();
                let message = msg!(
                    "validate-duplicate",
                    name = inst.name.as_str(),
                    phone = phone.display(),
                    other = first_file
                );
                let at = key_span(src, "name");
                d.push(
                    Diagnostic::at(Severity::Warning, src, at, message)
                        .with_help(msg!("validate-duplicate-help", file = src.path.as_str(), other = first_file)),
                );
            }
        }
    }
}

/// Where a top-level `key = …` line starts, to point at it.
fn key_span(src: &SourceFile, key: &str) -> Range<usize> {
    let mut offset = 0;
    for line in src.text.split_inclusive('\n') {
        let rest = line.strip_prefix(key).map(str::trim_start);
        if rest.is_some_and(|r| r.starts_with('=')) {
            return offset..offset + key.len();
        }
        offset += line.len();
    }
    0..0
}

/// How many files a summary warning names before "and N more".
const FILES_SHOWN: usize = 10;

/// Imported records get one warning for those without phases and one for those staff have
/// not checked, each with a count and the files: an import makes hundreds of records at
/// once, and a line per record would bury every other warning.
pub(super) fn imported(project: &Project, today: Date, d: &mut Diagnostics) {
    let mut no_phases = Vec::new();
    let mut unchecked = Vec::new();
    let mut stale = 0usize;
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
    // One line: diagnostics are one line each where tools read them.
    let listed = |files: &[&str]| {
        let shown: Vec<&str> = files[..files.len().min(FILES_SHOWN)].to_vec();
        match files.len().saturating_sub(FILES_SHOWN) {
            0 => msg!("files-listed", files = shown),
            more => msg!("files-listed-more", files = shown, more = more),
        }
    };
    if let Some(first) = no_phases.first() {
        d.push(
            Diagnostic::for_file(Severity::Warning, *first, msg!("validate-imported-no-phases", count = no_phases.len()))
                .with_help(msg!("validate-imported-no-phases-help", files = listed(&no_phases))),
        );
    }
    if let Some(first) = unchecked.first() {
        let message = match stale {
            0 => msg!("validate-imported-unchecked", count = unchecked.len()),
            _ => msg!(
                "validate-imported-unchecked-stale",
                count = unchecked.len(),
                stale = stale,
                limit = project.site.stale_after_days
            ),
        };
        d.push(
            Diagnostic::for_file(Severity::Warning, *first, message)
                .with_help(msg!("validate-imported-unchecked-help", files = listed(&unchecked))),
        );
    }
}
