//! `@/` links between content files, resolved for the page that shows them, and the
//! ids that page has of its own.

use std::collections::{BTreeMap, BTreeSet};

use crate::i18n::Msg;
use crate::markdown::Page;
use crate::model::{Broken, Markdown, Project, Region};
use crate::msg;
use crate::theme::PageIds;

/// Which content files exist, for resolving `@/` links in every region. A file that
/// exists but did not load counts as existing: its own error is the one to fix, and a
/// link to it is not a second mistake (the build fails anyway).
pub(crate) struct LinkTargets {
    shared_articles: BTreeSet<String>,
    /// region id → (institution ids, article ids)
    regions: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    broken: Broken,
}

impl LinkTargets {
    pub(crate) fn new(p: &Project) -> Self {
        LinkTargets {
            shared_articles: p.articles.iter().map(|a| a.id.to_string()).collect(),
            regions: p
                .regions
                .iter()
                .map(|r| {
                    (
                        r.id.to_string(),
                        (
                            r.institutions.iter().map(|i| i.id.to_string()).collect(),
                            r.articles.iter().map(|a| a.id.to_string()).collect(),
                        ),
                    )
                })
                .collect(),
            broken: p.broken.clone(),
        }
    }

    fn institution(&self, region: &str, id: &str) -> bool {
        self.regions.get(region).is_some_and(|(i, _)| i.contains(id)) || self.broken.institution(region, id)
    }

    fn region_article(&self, region: &str, id: &str) -> bool {
        self.regions.get(region).is_some_and(|(_, a)| a.contains(id))
    }
}

/// The regions whose pages link into one of `changed` (`@/regions/<id>/…` in an
/// institution's note, the region's description or one of its articles; a shared
/// article that does links every region), besides `changed` itself. An edit in a region
/// (an institution deleted) can break those links, so they are checked again.
pub(crate) fn regions_linking_into(project: &Project, changed: &BTreeSet<String>) -> BTreeSet<String> {
    let links_into = |text: &str| linked_regions(text).any(|r| changed.contains(&r));
    if project.articles.iter().any(|a| links_into(&a.body.text)) {
        return project.regions.iter().map(|r| r.id.to_string()).collect();
    }
    fn own(r: &Region) -> impl Iterator<Item = &Markdown> {
        r.description.iter().chain(r.institutions.iter().filter_map(|i| i.note.as_ref())).chain(r.articles.iter().map(|a| &a.body))
    }
    project
        .regions
        .iter()
        .filter(|r| changed.contains(r.id.as_str()) || own(r).any(|md| links_into(&md.text)))
        .map(|r| r.id.to_string())
        .collect()
}

/// The region ids after each `@/regions/` in a Markdown text, read without parsing it
/// (backslash escapes dropped): every region it could link into, and perhaps more.
fn linked_regions(text: &str) -> impl Iterator<Item = String> + '_ {
    text.match_indices("@/regions/").map(move |(at, m)| {
        let rest = &text[at + m.len()..];
        rest[..rest.find(['/', ')', '>', ' ', '\n']).unwrap_or(rest.len())].replace('\\', "")
    })
}

/// Resolves `@/` links for one page: its region and its depth below the region root.
pub(super) struct PageLinks<'a> {
    pub(super) targets: &'a LinkTargets,
    /// The ids the theme's pages use.
    pub(super) ids: &'a PageIds,
    pub(super) region: &'a str,
    /// "" or "../": from the page to its region's root.
    pub(super) root: &'a str,
}

impl Page for PageLinks<'_> {
    fn uses_id(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    fn resolve(&self, target: &str) -> Result<String, Msg> {
        let parts: Vec<&str> = target.split('/').collect();
        let region_of = |r: &str| if r == self.region { self.root.to_string() } else { format!("{}../{r}/", self.root) };
        let link = format!("@/{target}");
        match parts.as_slice() {
            ["articles", file] => {
                let id = file.strip_suffix(".md").ok_or_else(|| msg!("link-article-not-md", link = link.as_str()))?;
                let t = self.targets;
                if t.region_article(self.region, id) || t.shared_articles.contains(id) || t.broken.article(self.region, id) {
                    Ok(format!("{}articles/{id}.html", self.root))
                } else {
                    Err(msg!(
                        "link-no-article",
                        link = link.as_str(),
                        region = self.region,
                        shared = format!("content/articles/{id}.md"),
                        own = format!("content/regions/{}/articles/{id}.md", self.region)
                    ))
                }
            }
            ["regions", region, "institutions", file] => {
                let id = file
                    .strip_suffix(".toml")
                    .ok_or_else(|| msg!("link-institution-not-toml", link = link.as_str()))?;
                match self.targets.institution(region, id) {
                    true => Ok(format!("{}institutions/{id}.html", region_of(region))),
                    false => Err(msg!(
                        "link-no-file",
                        link = link.as_str(),
                        file = format!("content/regions/{region}/institutions/{id}.toml")
                    )),
                }
            }
            ["regions", region, "articles", file] => {
                let id = file.strip_suffix(".md").ok_or_else(|| msg!("link-article-not-md", link = link.as_str()))?;
                let t = self.targets;
                match t.region_article(region, id) || t.broken.article(region, id) {
                    true => Ok(format!("{}articles/{id}.html", region_of(region))),
                    false => Err(msg!(
                        "link-no-file",
                        link = link.as_str(),
                        file = format!("content/regions/{region}/articles/{id}.md")
                    )),
                }
            }
            _ => Err(msg!("link-unknown-target", link = link.as_str())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::linked_regions;

    #[test]
    fn linked_regions_are_read_from_the_text() {
        let text = "[a](@/regions/hokubu/institutions/x.toml) [b](@/regions/nan\\-bu/articles/y.md) @/regions/";
        assert_eq!(linked_regions(text).collect::<Vec<_>>(), ["hokubu", "nan-bu", ""]);
    }
}
