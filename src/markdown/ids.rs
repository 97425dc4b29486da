//! The ids content puts on a page: `## 見出し {#id}` and footnotes. Each is checked
//! (letters, digits, `-` and `_`) and made unique against the page's own ids (the
//! template's `main`, `site-search`…) and the ids the same text used before it, so that
//! content can neither take over the page's landmarks nor make two elements one.

use std::collections::BTreeSet;

use super::Page;

/// The longest id content may set; anchors are names, not sentences.
const MAX_LEN: usize = 64;

/// Whether `id` may be used as written: 1 to 64 characters, each a letter or digit (of
/// any script, so `{#人生会議}` works) or `-` or `_`.
pub(super) fn is_valid(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_LEN
        && id.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Hands out the ids of one text shown on one page.
pub(super) struct Ids<'p> {
    page: &'p dyn Page,
    used: BTreeSet<String>,
}

impl<'p> Ids<'p> {
    pub(super) fn new(page: &'p dyn Page) -> Self {
        Ids { page, used: BTreeSet::new() }
    }

    fn is_free(&self, id: &str) -> bool {
        !self.used.contains(id) && !self.page.uses_id(id)
    }

    /// `wanted` if it is free, else `wanted-2`, `wanted-3`… (the first free one). The
    /// second value says what `wanted` clashed with.
    pub(super) fn claim(&mut self, wanted: &str) -> (String, Option<Clash>) {
        let clash = if self.page.uses_id(wanted) {
            Some(Clash::Page)
        } else if self.used.contains(wanted) {
            Some(Clash::Earlier)
        } else {
            None
        };
        let id = match clash {
            None => wanted.to_string(),
            Some(_) => (2..).map(|n| format!("{wanted}-{n}")).find(|c| self.is_free(c)).unwrap_or_default(),
        };
        self.used.insert(id.clone());
        (id, clash)
    }
}

/// What a wanted id was already used by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Clash {
    /// The page's template.
    Page,
    /// An earlier heading or footnote of the same text.
    Earlier,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_and_made_unique() {
        assert!(is_valid("start") && is_valid("人生会議") && is_valid("a-1_b"));
        for bad in ["", "a b", "x\"y", "a.b", "<x>", "a\u{202E}b", &"a".repeat(65)] {
            assert!(!is_valid(bad), "{bad:?}");
        }
        struct P;
        impl Page for P {
            fn resolve(&self, _: &str) -> Result<String, String> {
                Ok(String::new())
            }
            fn uses_id(&self, id: &str) -> bool {
                id == "main" || id == "main-2"
            }
        }
        let mut ids = Ids::new(&P);
        assert_eq!(ids.claim("intro"), ("intro".to_string(), None));
        assert_eq!(ids.claim("intro"), ("intro-2".to_string(), Some(Clash::Earlier)));
        assert_eq!(ids.claim("main"), ("main-3".to_string(), Some(Clash::Page)));
        assert_eq!(ids.claim("intro-2"), ("intro-2-2".to_string(), Some(Clash::Earlier)));
    }
}
