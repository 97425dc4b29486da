//! The string catalogue (`i18n/ja.toml`): every user-visible string that does not come
//! from content. Templates see it as `t`; stages read the few they need from Rust.

use minijinja::Value;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Msg;
use crate::msg;

/// The catalogue's path among the theme's files.
pub(crate) const PATH: &str = "i18n/ja.toml";

pub(crate) struct Strings {
    /// The whole catalogue, as templates see it.
    value: Value,
    labels: Labels,
    /// `[guidebook]`, as the guidebook's data carries it to its layout and its page.
    guidebook: serde_json::Value,
}

/// The strings of the catalogue that the build puts into pages and data itself (the
/// others are the templates'). Read once when the theme loads, so a project whose
/// catalogue lacks one, or has a table where a string belongs, gets one diagnostic
/// then rather than a blank on a page.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Labels {
    pub(crate) search_title: String,
    pub(crate) not_found_title: String,
    pub(crate) accessibility_title: String,
    pub(crate) all_articles: String,
    pub(crate) opendata: String,
    pub(crate) institutions_by_kind_title: String,
    pub(crate) institutions_by_municipality_title: String,
    /// The group of institutions whose record names no municipality.
    pub(crate) no_municipality: String,
    /// What search results call an article.
    pub(crate) search_article_kind: String,
    pub(crate) leaflet_heading: LeafletHeadings,
    pub(crate) leaflet_24h: Marks,
    /// What vacancy figures say, wherever they are shown.
    pub(crate) availability: AvailabilityLabels,
}

/// `[availability]`: the words of a vacancy figure. Set by the build, because the same
/// words go into pages, search results and the feed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct AvailabilityLabels {
    /// The region page's title and the link to it.
    pub(crate) title: String,
    /// `{n}` free places.
    pub(crate) free: String,
    /// No free place.
    pub(crate) none: String,
    /// Ask (要相談).
    pub(crate) ask: String,
    /// After a figure: `{time}`, when it was true.
    pub(crate) as_of: String,
    /// Instead of a figure too old to be shown.
    pub(crate) stale: String,
    /// Instead of a figure the file does not give.
    pub(crate) missing: String,
    /// A leaflet's line: where the figures are (leaflets do not print them).
    pub(crate) leaflet: String,
    /// The feed entry's title: `{name}`, `{service}`.
    pub(crate) feed_title: String,
}

/// Every key of [`Labels`], as dotted paths, to name the one that is wrong.
const LABEL_KEYS: &[&str] = &[
    "search_title",
    "not_found_title",
    "accessibility_title",
    "all_articles",
    "opendata",
    "institutions_by_kind_title",
    "institutions_by_municipality_title",
    "no_municipality",
    "search_article_kind",
    "leaflet_heading.discharge",
    "leaflet_heading.daily",
    "leaflet_heading.acute",
    "leaflet_heading.end_of_life",
    "leaflet_heading.any",
    "leaflet_24h.yes",
    "leaflet_24h.no",
    "availability.title",
    "availability.free",
    "availability.none",
    "availability.ask",
    "availability.as_of",
    "availability.stale",
    "availability.missing",
    "availability.leaflet",
    "availability.feed_title",
];

fn is_string(table: &toml::Table, dotted: &str) -> bool {
    let mut parts = dotted.split('.');
    let mut value = parts.next().and_then(|k| table.get(k));
    for part in parts {
        value = value.and_then(|v| v.get(part));
    }
    value.is_some_and(toml::Value::is_str)
}

/// A leaflet's institution list heading, by the one phase it lists.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct LeafletHeadings {
    pub(crate) discharge: String,
    pub(crate) daily: String,
    pub(crate) acute: String,
    pub(crate) end_of_life: String,
    /// Any other filter.
    pub(crate) any: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Marks {
    pub(crate) yes: String,
    pub(crate) no: String,
}

impl Strings {
    /// The built-in catalogue with the project's merged into it key by key: a project
    /// that overrides a few strings keeps every other one, including strings added to
    /// the built-in theme later.
    pub(crate) fn new(built_in: Option<&[u8]>, project: Option<&[u8]>, dir: &str, errors: &mut Vec<Diagnostic>) -> Strings {
        let mut table = toml::Table::new();
        for bytes in [built_in, project] {
            let Some(bytes) = bytes else { continue };
            match std::str::from_utf8(bytes).ok().map(toml::from_str::<toml::Table>) {
                Some(Ok(over)) => merge(&mut table, over),
                Some(Err(e)) => errors.push(Diagnostic::for_file(
                    Severity::Error,
                    format!("{dir}/{PATH}"),
                    msg!("theme-strings-invalid", detail = e.message().trim()),
                )),
                None => errors.push(Diagnostic::for_file(Severity::Error, format!("{dir}/{PATH}"), Msg::new("load-not-utf8"))),
            }
        }
        let mut labels = Labels::default();
        let wrong: Vec<&str> = LABEL_KEYS.iter().copied().filter(|key| !is_string(&table, key)).collect();
        for key in &wrong {
            errors.push(Diagnostic::for_file(Severity::Error, format!("{dir}/{PATH}"), msg!("theme-label-not-string", key = *key)));
        }
        if wrong.is_empty() {
            match table.clone().try_into() {
                Ok(l) => labels = l,
                Err(e) => errors.push(Diagnostic::for_file(
                    Severity::Error,
                    format!("{dir}/{PATH}"),
                    msg!("theme-strings-invalid", detail = e.message().trim()),
                )),
            }
        }
        let guidebook = table.get("guidebook").and_then(|t| serde_json::to_value(t).ok()).unwrap_or_default();
        Strings { value: Value::from_serialize(&table), labels, guidebook }
    }

    pub(crate) fn guidebook(&self) -> &serde_json::Value {
        &self.guidebook
    }

    pub(crate) fn labels(&self) -> &Labels {
        &self.labels
    }

    /// The catalogue for templates (`t`).
    pub(crate) fn value(&self) -> Value {
        self.value.clone()
    }
}

/// Deep merge: tables merge, anything else is replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(key, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_catalogue_has_every_label_and_the_keys_name_them_all() {
        let built_in = super::super::DEFAULT_THEME.get_file(PATH).map(|f| f.contents());
        let mut errors = Vec::new();
        let strings = Strings::new(built_in, None, "themes/default", &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(strings.labels().leaflet_24h.yes, "○");
        // A catalogue of exactly LABEL_KEYS is enough for Labels.
        let mut only = toml::Table::new();
        for key in LABEL_KEYS {
            match key.split_once('.') {
                Some((t, k)) => {
                    let table = only.entry(t).or_insert_with(|| toml::Value::Table(toml::Table::new()));
                    table.as_table_mut().unwrap().insert(k.into(), "x".into());
                }
                None => drop(only.insert(key.to_string(), "x".into())),
            }
        }
        assert!(only.try_into::<Labels>().is_ok());
    }

    #[test]
    fn a_label_that_is_not_a_string_is_named() {
        let mut errors = Vec::new();
        let built_in = super::super::DEFAULT_THEME.get_file(PATH).map(|f| f.contents());
        let project = b"[leaflet_heading]\nacute = 3\n";
        Strings::new(built_in, Some(project), "themes/mine", &mut errors);
        let messages: Vec<String> =
            errors.iter().map(|d| format!("{}: {}", d.file, d.message_text(crate::i18n::Lang::En))).collect();
        assert_eq!(messages, ["themes/mine/i18n/ja.toml: `leaflet_heading.acute` must be a string (the build itself uses it)"]);
    }
}
