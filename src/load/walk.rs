//! The walk of the project: which content files there are, and what each one is (its
//! [`Entry`]), through `disk::Tree`'s rules for what may be read.

use super::*;

/// A folder the walk expects at `path`: `Ok(None)` when it is missing (nothing to
/// read), `Err(())` when it may not be read (reported).
fn folder(tree: &Tree, path: &Path, d: &mut Diagnostics) -> Result<Option<Found>, ()> {
    tree.resolve_as(path, Kind::Dir).map_err(|p| d.push(tree.diagnostic(&p)))
}

/// The entries of a folder, sorted, and whether that is all of them: entries that may
/// not be read are reported.
fn list_dir(tree: &Tree, dir: &Found, d: &mut Diagnostics) -> (Vec<Found>, bool) {
    let (found, problems) = tree.list(dir);
    for p in &problems {
        d.push(tree.diagnostic(p));
    }
    (found, problems.is_empty())
}

/// The file's stem as an id, or an error saying why it cannot be one.
fn stem_id(tree: &Tree, path: &Path, d: &mut Diagnostics) -> Option<Id> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id = Id::parse(&stem);
    if id.is_none() {
        d.push(
            Diagnostic::for_file(Severity::Error, tree.shown(path), msg!("load-bad-file-id", name = quoted(&stem)))
                .with_help(msg!("load-rename-help", name = quoted(&suggest_id(&stem)))),
        );
    }
    id
}

fn suggest_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "my-id".into() } else { out }
}

/// The `.ext` files of a folder, and whether the folder could be read whole (when not,
/// what refers to a file in it cannot be checked).
fn files_with_ext(tree: &Tree, dir: &Path, ext: &str, d: &mut Diagnostics) -> (Vec<Found>, bool) {
    let dir = match folder(tree, dir, d) {
        Ok(Some(dir)) => dir,
        Ok(None) => return (Vec::new(), true),
        Err(()) => return (Vec::new(), false),
    };
    let mut out = Vec::new();
    let (entries, complete) = list_dir(tree, &dir, d);
    for found in entries {
        if found.is_dir() {
            d.push(Diagnostic::for_file(Severity::Warning, tree.shown(&found.path), Msg::new("load-ignored-folder")));
        } else if found.path.extension().is_some_and(|e| e == ext) {
            out.push(found);
        } else {
            d.push(Diagnostic::for_file(Severity::Warning, tree.shown(&found.path), msg!("load-ignored-file", ext = ext)));
        }
    }
    (out, complete)
}

/// Finds every content file and what it is; folders that could not be read whole go
/// into `broken`.
pub(super) fn walk(tree: &Tree, site: Found, broken: &mut Broken, d: &mut Diagnostics) -> Vec<(Found, Entry)> {
    let root = tree.root().path;
    let mut files = vec![(site, Entry::Site)];
    let content = root.join("content");
    match folder(tree, &content, d) {
        Ok(Some(_)) => {}
        Ok(None) => return files,
        Err(()) => {
            broken.everything = true;
            return files;
        }
    }
    match tree.resolve_as(&content.join("emergency.toml"), Kind::File) {
        Ok(Some(found)) => files.push((found, Entry::Emergency)),
        Ok(None) => {}
        Err(p) => d.push(tree.diagnostic(&p)),
    }
    let (found, complete) = files_with_ext(tree, &content.join("articles"), "md", d);
    if !complete {
        broken.unread_articles.insert(None);
    }
    for found in found {
        if let Some(id) = stem_id(tree, &found.path, d) {
            files.push((found, Entry::SharedArticle(id)));
        }
    }
    match tree.resolve_as(&content.join("guidebook.toml"), Kind::File) {
        Ok(Some(found)) => files.push((found, Entry::Guidebook)),
        Ok(None) => {}
        Err(p) => d.push(tree.diagnostic(&p)),
    }
    for found in files_with_ext(tree, &content.join("leaflets"), "toml", d).0 {
        if let Some(id) = stem_id(tree, &found.path, d) {
            files.push((found, Entry::Leaflet(id)));
        }
    }
    let regions_dir = match folder(tree, &content.join("regions"), d) {
        Ok(Some(dir)) => dir,
        Ok(None) => return files,
        Err(()) => {
            broken.everything = true;
            return files;
        }
    };
    let (dirs, complete) = list_dir(tree, &regions_dir, d);
    broken.everything |= !complete;
    for dir in dirs {
        if !dir.is_dir() {
            d.push(Diagnostic::for_file(Severity::Warning, tree.shown(&dir.path), Msg::new("load-ignored-in-regions")));
            continue;
        }
        let Some(region) = region_id(tree, &dir.path, d) else { continue };
        let region_file = match tree.resolve_as(&dir.path.join("region.toml"), Kind::File) {
            Ok(Some(found)) => found,
            Ok(None) => {
                d.push(
                    Diagnostic::for_file(Severity::Error, tree.shown(&dir.path), msg!("load-no-region-file", region = quoted(region.as_str())))
                        .with_help(Msg::new("load-no-region-file-help")),
                );
                continue;
            }
            Err(p) => {
                d.push(tree.diagnostic(&p));
                broken.regions.insert(region.clone());
                continue;
            }
        };
        files.push((region_file, Entry::Region(region.clone())));
        let (found, complete) = files_with_ext(tree, &dir.path.join("institutions"), "toml", d);
        if !complete {
            broken.unread_institutions.insert(region.clone());
        }
        for found in found {
            if let Some(id) = stem_id(tree, &found.path, d) {
                files.push((found, Entry::Institution { region: region.clone(), id }));
            }
        }
        let (found, complete) = files_with_ext(tree, &dir.path.join("articles"), "md", d);
        if !complete {
            broken.unread_articles.insert(Some(region.clone()));
        }
        for found in found {
            if let Some(id) = stem_id(tree, &found.path, d) {
                files.push((found, Entry::RegionArticle { region: region.clone(), id }));
            }
        }
        match tree.resolve_as(&dir.path.join(AVAILABILITY_FILE), Kind::File) {
            Ok(Some(found)) => files.push((found, Entry::Availability(region.clone()))),
            Ok(None) => {}
            Err(p) => d.push(tree.diagnostic(&p)),
        }
    }
    files
}

/// The region's id, from its folder name: a valid id that the site root does not use.
fn region_id(tree: &Tree, dir: &Path, d: &mut Diagnostics) -> Option<Id> {
    let name = dir.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let Some(id) = Id::parse(&name) else {
        d.push(
            Diagnostic::for_file(Severity::Error, tree.shown(dir), msg!("load-bad-region-id", name = quoted(&name)))
                .with_help(msg!("load-rename-help", name = quoted(&suggest_id(&name)))),
        );
        return None;
    };
    if reserved_region_ids().any(|r| r == id.as_str()) {
        let reserved: Vec<&str> = reserved_region_ids().collect();
        d.push(
            Diagnostic::for_file(
                Severity::Error,
                tree.shown(dir),
                msg!("load-reserved-region-id", name = quoted(&name), folder = format!("{name}/"), reserved = reserved),
            )
            .with_help(msg!("load-rename-help", name = quoted(&format!("{name}-region")))),
        );
        return None;
    }
    Some(id)
}
