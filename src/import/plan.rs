//! What an import would do to the project: which records are added, updated (field by
//! field), unchanged, or gone from their source, and the text of every file to write.
//! Nothing here touches the disk.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use super::convert::Values;
use super::ids;
use super::merge::{self, Change, SourceInfo};
use super::messages;
use super::resolve::Target;
use crate::model::{Dataset, Date, Project, Provenance, Vocabulary};

/// One record's worth of rows, from one or more files of one dataset.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub dataset: Dataset,
    pub key: String,
    pub as_of: Date,
    pub types: Vec<String>,
    pub target: Target,
    pub romaji: Option<String>,
    pub values: Values,
}

/// What one input file covers, to tell which records it no longer lists.
#[derive(Debug)]
pub struct Scope {
    pub dataset: Dataset,
    pub as_of: Date,
    pub keys: HashSet<String>,
    /// The types of its rows (介護: one サービスの種類 per file).
    pub types: BTreeSet<String>,
    /// Where its rows are (see [`Coverage`]).
    pub covered: HashSet<Target>,
}

/// What part of the country a file of a dataset speaks for. The ministries' files list
/// every office of a prefecture (or of Japan), so a record of a prefecture the file has
/// rows of is gone when the file lacks it, even if its municipality has no other row. A
/// municipality's 自治体標準 file speaks only for that municipality, and our own export
/// for its region.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Coverage<'p> {
    Prefecture(&'p str),
    Region(usize),
    Municipality(usize, String),
}

fn coverage<'p>(project: &'p Project, dataset: Dataset, target: &Target) -> Coverage<'p> {
    match dataset {
        Dataset::KaigoKouhyou | Dataset::NaviiFacility | Dataset::NaviiPharmacy => {
            Coverage::Prefecture(project.regions[target.region].prefecture.as_str())
        }
        Dataset::ZaitakuOpendata => Coverage::Region(target.region),
        Dataset::JichitaiIryou | Dataset::JichitaiKaigo => {
            Coverage::Municipality(target.region, target.municipality.clone())
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Updated(Vec<Change>),
    Unchanged,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub region: usize,
    /// Project-relative, with `/`.
    pub path: String,
    pub name: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone)]
pub struct Gone {
    pub region: usize,
    pub path: String,
    pub name: String,
    pub dataset: Dataset,
    pub key: String,
    /// The types the record was listed under that the newer file lacks it in.
    pub types: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub entries: Vec<Entry>,
    pub gone: Vec<Gone>,
    /// Project-relative paths and their new text.
    pub writes: Vec<(PathBuf, String)>,
    /// Records left alone because the file is older than the edition they came from.
    pub older: usize,
    /// Records whose row now falls in another region than the record's.
    pub moved: usize,
    /// Records that cannot be updated, with why: (project-relative path, message).
    pub errors: Vec<(String, crate::i18n::Msg)>,
}

struct Existing<'p> {
    region: usize,
    path: &'p str,
    text: &'p str,
    provenance: &'p Provenance,
    name: &'p str,
    municipality: Option<&'p str>,
}

pub fn plan(project: &Project, incoming: &[Incoming], scopes: &[Scope]) -> Plan {
    let mut plan = Plan::default();
    let mut existing: HashMap<(Dataset, &str), Existing<'_>> = HashMap::new();
    let mut taken: Vec<HashSet<String>> = Vec::with_capacity(project.regions.len());
    for (r, region) in project.regions.iter().enumerate() {
        taken.push(region.institutions.iter().map(|i| i.id.to_string()).collect());
        for inst in &region.institutions {
            let Some(p) = &inst.provenance else { continue };
            let src = project.source(inst.file);
            // Two records of one source key (a copied file): updating either would be a
            // guess, so the import stops and says which.
            if let Some(other) = existing.get(&(p.source.dataset, p.source.key.as_str())) {
                plan.errors
                    .push((src.path.clone(), messages::same_source(other.path, p.source.dataset.id(), &p.source.key)));
                continue;
            }
            existing.insert(
                (p.source.dataset, p.source.key.as_str()),
                Existing {
                    region: r,
                    path: &src.path,
                    text: &src.text,
                    provenance: p,
                    name: &inst.name,
                    municipality: inst.municipality.as_ref().map(|m| m.value.as_str()),
                },
            );
        }
    }
    for inc in incoming {
        let source =
            SourceInfo { dataset: inc.dataset, key: inc.key.clone(), as_of: inc.as_of, types: inc.types.clone() };
        match existing.get(&(inc.dataset, inc.key.as_str())) {
            Some(old) => update(&mut plan, old, inc, &source),
            None => {
                let region = &project.regions[inc.target.region];
                let base = ids::base(inc.romaji.as_deref(), inc.values.kana.as_deref(), inc.values.kind, &inc.key);
                let id = ids::unique(&base, &inc.key, &mut taken[inc.target.region]);
                let path = format!("content/regions/{}/institutions/{id}.toml", region.id);
                let text = merge::create(&inc.values, &inc.target.municipality, &source);
                plan.writes.push((PathBuf::from(&path), text));
                plan.entries.push(Entry {
                    region: inc.target.region,
                    path,
                    name: inc.values.name.clone(),
                    outcome: Outcome::Added,
                });
            }
        }
    }
    let covered: Vec<HashSet<Coverage<'_>>> =
        scopes.iter().map(|s| s.covered.iter().map(|t| coverage(project, s.dataset, t)).collect()).collect();
    for old in existing.values() {
        if let Some(g) = gone(project, old, scopes, &covered) {
            plan.gone.push(g);
        }
    }
    plan.gone.sort_by(|a, b| a.path.cmp(&b.path));
    plan
}

fn update(plan: &mut Plan, old: &Existing<'_>, inc: &Incoming, source: &SourceInfo) {
    let entry = |outcome| Entry { region: old.region, path: old.path.to_string(), name: old.name.to_string(), outcome };
    if inc.as_of < old.provenance.source.as_of {
        plan.older += 1;
        plan.entries.push(entry(Outcome::Unchanged));
        return;
    }
    // A row that moved to another region's municipality updates the record where it
    // is; its municipality stays one of that region's.
    let municipality = if inc.target.region == old.region {
        inc.target.municipality.as_str()
    } else {
        plan.moved += 1;
        old.municipality.unwrap_or(inc.target.municipality.as_str())
    };
    match merge::update(old.text, &inc.values, municipality, source, &old.provenance.source.keep) {
        Ok((text, changes)) => {
            if text != old.text {
                plan.writes.push((PathBuf::from(old.path), text));
            }
            plan.entries.push(entry(if changes.is_empty() { Outcome::Unchanged } else { Outcome::Updated(changes) }));
        }
        Err(e) => plan.errors.push((old.path.to_string(), messages::cannot_update(old.path, &e))),
    }
}

/// A record of a file's dataset, in a municipality the file covers and listed under one
/// of its types, whose key the file (as new as the record's edition or newer) lacks.
fn gone(project: &Project, old: &Existing<'_>, scopes: &[Scope], covered: &[HashSet<Coverage<'_>>]) -> Option<Gone> {
    let source = &old.provenance.source;
    let at = Target { region: old.region, municipality: old.municipality.unwrap_or_default().to_string() };
    let unit = coverage(project, source.dataset, &at);
    let mut types: Vec<String> = Vec::new();
    let mut missing = false;
    for (scope, covered) in scopes.iter().zip(covered) {
        if scope.dataset != source.dataset || scope.as_of < source.as_of || !covered.contains(&unit) {
            continue;
        }
        let listed: Vec<&String> = source.types.iter().filter(|t| scope.types.contains(*t)).collect();
        if !source.types.is_empty() && !scope.types.is_empty() && listed.is_empty() {
            continue;
        }
        if scope.keys.contains(&source.key) {
            continue;
        }
        missing = true;
        types.extend(listed.into_iter().cloned());
    }
    types.dedup();
    missing.then(|| Gone {
        region: old.region,
        path: old.path.to_string(),
        name: old.name.to_string(),
        dataset: source.dataset,
        key: source.key.clone(),
        types,
    })
}
