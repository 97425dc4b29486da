//! The string catalogue (`i18n/ja.toml`): every user-visible string that does not come
//! from content. Templates see it as `t`; stages read the few they need from Rust.

use minijinja::Value;

use crate::diagnostic::{Diagnostic, Severity};

/// The catalogue's path among the theme's files.
pub(crate) const PATH: &str = "i18n/ja.toml";

pub(crate) struct Strings {
    /// The whole catalogue, as templates see it.
    value: Value,
}

impl Strings {
    /// The built-in catalogue with the project's merged into it key by key: a project
    /// that overrides a few strings keeps every other one, including strings added to
    /// the built-in theme later.
    pub(crate) fn new(built_in: Option<&[u8]>, project: Option<&[u8]>, dir: &str, errors: &mut Vec<Diagnostic>) -> Strings {
        let mut table = toml::Table::new();
        for (label, bytes) in [("built-in", built_in), ("project", project)] {
            let Some(bytes) = bytes else { continue };
            match std::str::from_utf8(bytes).ok().map(toml::from_str::<toml::Table>) {
                Some(Ok(over)) => merge(&mut table, over),
                Some(Err(e)) => errors.push(Diagnostic::for_file(
                    Severity::Error,
                    format!("{dir}/{PATH}"),
                    format!("invalid TOML in the {label} strings: {}", e.message()),
                )),
                None => errors.push(Diagnostic::for_file(Severity::Error, format!("{dir}/{PATH}"), "not UTF-8")),
            }
        }
        Strings { value: Value::from_serialize(&table) }
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
