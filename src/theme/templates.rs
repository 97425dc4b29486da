//! The theme's templates as one minijinja environment: HTML-escaped `.html` and `.xml`
//! templates, strict about undefined values, and errors as diagnostics at the
//! template's line.

use std::collections::{BTreeMap, BTreeSet};

use minijinja::{Environment, UndefinedBehavior, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::i18n::Msg;
use crate::msg;

pub(crate) struct Templates {
    env: Environment<'static>,
    /// `themes/<name>`, as diagnostics name the theme's files.
    dir: String,
    page_ids: PageIds,
}

/// The ids the templates give elements, which content must not take: literal ones
/// (`id="main"`) and the fixed start of those made from a value (`id="tel-{{ n.id }}"`
/// reserves every id starting with `tel-`).
#[derive(Debug, Default)]
pub(crate) struct PageIds {
    exact: BTreeSet<String>,
    prefixes: BTreeSet<String>,
}

impl PageIds {
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.exact.contains(id) || self.prefixes.iter().any(|p| id.starts_with(p.as_str()))
    }

    /// Adds the `id="…"` attributes of one template's source.
    fn scan(&mut self, template: &str) {
        for (at, _) in template.match_indices("id=") {
            let before = template[..at].chars().next_back();
            let value = &template[at + 3..];
            let Some(quote) = value.chars().next().filter(|q| matches!(q, '"' | '\'')) else { continue };
            if !before.is_some_and(char::is_whitespace) {
                continue; // data-id=, aria-labelledby=…
            }
            let Some(end) = value[1..].find(quote) else { continue };
            let value = &value[1..1 + end];
            match value.find("{{").or_else(|| value.find("{%")) {
                // A value made wholly by the template (`{{ g.id }}`) cannot be told apart
                // from content ids by its start; such ids are the list pages' own.
                Some(0) => {}
                Some(i) => {
                    self.prefixes.insert(value[..i].to_string());
                }
                None => {
                    self.exact.insert(value.to_string());
                }
            }
        }
    }
}

impl Templates {
    /// Every file under `templates/`, parsed once; a template that does not parse is a
    /// diagnostic, and the others are still checked.
    pub(crate) fn new(files: &BTreeMap<String, Vec<u8>>, dir: &str, errors: &mut Vec<Diagnostic>) -> Templates {
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
        let mut page_ids = PageIds::default();
        for (path, bytes) in files {
            let Some(name) = path.strip_prefix("templates/") else { continue };
            match String::from_utf8(bytes.clone()) {
                Ok(text) => {
                    if name.ends_with(".html") {
                        page_ids.scan(&text);
                    }
                    if let Err(e) = env.add_template_owned(name.to_string(), text) {
                        errors.push(template_diagnostic(dir, &e));
                    }
                }
                Err(_) => errors.push(Diagnostic::for_file(Severity::Error, format!("{dir}/{path}"), Msg::new("load-not-utf8"))),
            }
        }
        Templates { env, dir: dir.to_string(), page_ids }
    }

    /// The ids the pages give elements themselves.
    pub(crate) fn page_ids(&self) -> &PageIds {
        &self.page_ids
    }

    /// Renders `template` with `ctx`; an error is a diagnostic naming the template
    /// file and line.
    pub(crate) fn render(&self, template: &str, ctx: Value, d: &mut Diagnostics) -> Option<String> {
        match self.env.get_template(template).and_then(|t| t.render(ctx)) {
            Ok(text) => Some(text),
            Err(e) => {
                d.push(template_diagnostic(&self.dir, &e));
                None
            }
        }
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
fn template_diagnostic(theme_dir: &str, e: &minijinja::Error) -> Diagnostic {
    let name = e.name().unwrap_or("template");
    let mut d =
        Diagnostic::for_file(Severity::Error, format!("{theme_dir}/templates/{name}"), msg!("theme-template-error", detail = e.to_string()));
    d.line = e.line().unwrap_or(1);
    // The detail (source excerpt) helps theme authors; it never holds content values.
    if let Some(detail) = e.detail() {
        d = d.with_help(msg!("io-other", detail = detail));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::PageIds;

    #[test]
    fn page_ids_are_read_from_the_templates() {
        let mut ids = PageIds::default();
        ids.scan("<main id=\"main\"><li id='tel-{{ n.id }}' data-id=\"x\" aria-labelledby=\"y\"><h2 id=\"{{ g.id }}\">");
        assert!(ids.contains("main") && ids.contains("tel-119"));
        assert!(!ids.contains("x") && !ids.contains("y") && !ids.contains("intro"));
    }
}
