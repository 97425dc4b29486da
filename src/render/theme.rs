//! The theme: templates, static assets and the user-visible strings.
//!
//! The default theme is compiled into the binary so a project needs no theme folder; a
//! project's `themes/<name>/` replaces it file by file.

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};
use minijinja::{Environment, UndefinedBehavior, Value};

use crate::diagnostic::{Diagnostic, Severity};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Theme {
    pub env: Environment<'static>,
    /// `i18n/ja.toml`, exposed to templates as `t`.
    pub strings: Value,
    /// Files under `static/`, copied into every region's `assets/` folder.
    pub assets: Vec<(String, Vec<u8>)>,
}

/// Default files overlaid with the project's, keyed by theme-relative path.
pub fn theme_files(overrides: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![&DEFAULT_THEME];
    while let Some(dir) = stack.pop() {
        for f in dir.files() {
            let path = f.path().to_string_lossy().replace('\\', "/");
            files.insert(path, f.contents().to_vec());
        }
        stack.extend(dir.dirs());
    }
    for (path, bytes) in overrides {
        files.insert(path.clone(), bytes.clone());
    }
    files
}

const STRINGS: &str = "i18n/ja.toml";

fn default_strings() -> Option<&'static [u8]> {
    DEFAULT_THEME.get_file(STRINGS).map(|f| f.contents())
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

/// Every file of the built-in theme, for `zaitaku new`.
pub fn default_theme_files() -> BTreeMap<String, Vec<u8>> {
    theme_files(&BTreeMap::new())
}

impl Theme {
    pub fn load(overrides: &BTreeMap<String, Vec<u8>>, theme_dir: &str) -> Result<Theme, Vec<Diagnostic>> {
        let files = theme_files(overrides);
        let mut errors = Vec::new();
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // HTML-escape .html and .xml templates; nothing else is a template.
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_formatter(html_formatter);
        env.set_keep_trailing_newline(true);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        let mut assets = Vec::new();
        for (path, bytes) in &files {
            if let Some(name) = path.strip_prefix("templates/") {
                match String::from_utf8(bytes.clone()) {
                    Ok(text) => {
                        if let Err(e) = env.add_template_owned(name.to_string(), text) {
                            errors.push(template_diagnostic(theme_dir, &e));
                        }
                    }
                    Err(_) => errors.push(Diagnostic::for_file(
                        Severity::Error,
                        format!("{theme_dir}/{path}"),
                        "template is not valid UTF-8",
                    )),
                }
            } else if let Some(name) = path.strip_prefix("static/") {
                assets.push((name.to_string(), bytes.clone()));
            }
        }
        // Strings merge key by key: a project that overrides a few keeps every other
        // string, including ones added to the built-in theme later.
        let mut strings = toml::Table::new();
        for (label, bytes) in [("built-in", default_strings()), ("project", overrides.get(STRINGS).map(Vec::as_slice))] {
            let Some(bytes) = bytes else { continue };
            match std::str::from_utf8(bytes).ok().map(toml::from_str::<toml::Table>) {
                Some(Ok(table)) => merge(&mut strings, table),
                Some(Err(e)) => errors.push(Diagnostic::for_file(
                    Severity::Error,
                    format!("{theme_dir}/{STRINGS}"),
                    format!("invalid TOML in the {label} strings: {}", e.message()),
                )),
                None => errors.push(Diagnostic::for_file(Severity::Error, format!("{theme_dir}/{STRINGS}"), "not UTF-8")),
            }
        }
        let strings = Value::from_serialize(&strings);
        if errors.is_empty() { Ok(Theme { env, strings, assets }) } else { Err(errors) }
    }
}

/// HTML (and XML) templates escape with [`crate::text::escape::markup`]: minijinja's
/// own escaper also escapes `/`, which turns every URL into `&#x2f;` soup.
fn html_formatter(out: &mut minijinja::Output, state: &minijinja::State, value: &Value) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (minijinja::AutoEscape::Html, Some(s)) if !value.is_safe() => {
            out.write_str(&crate::text::escape::markup(s)).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// A template error as a diagnostic at the template's line.
pub fn template_diagnostic(theme_dir: &str, e: &minijinja::Error) -> Diagnostic {
    let name = e.name().unwrap_or("template");
    let mut d = Diagnostic::for_file(Severity::Error, format!("{theme_dir}/templates/{name}"), format!("template error: {e}"));
    d.line = e.line().unwrap_or(1);
    // The detail (source excerpt) helps theme authors; it never holds content values.
    if let Some(detail) = e.detail() {
        d = d.with_help(detail.to_string());
    }
    d
}
