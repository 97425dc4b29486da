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

    /// `wanted` if it is free, else the first free of `wanted-2` … `wanted-99`, then of
    /// `h-wanted`, `h-wanted-2` …: a theme that reserves a prefix (`tel-`) blocks every
    /// suffixed form of an id that starts with it. `None` when all are taken (a theme
    /// reserving `h-` as well), so the search always ends. The second value says what
    /// `wanted` clashed with.
    pub(super) fn claim(&mut self, wanted: &str) -> (Option<String>, Option<Clash>) {
        let clash = if self.page.uses_id(wanted) {
            Some(Clash::Page)
        } else if self.used.contains(wanted) {
            Some(Clash::Earlier)
        } else {
            None
        };
        let id = match clash {
            None => Some(wanted.to_string()),
            Some(_) => {
                let prefixed = format!("h-{wanted}");
                let suffixed = |base: &str| (2..100).map(move |n| format!("{base}-{n}")).collect::<Vec<_>>();
                suffixed(wanted)
                    .into_iter()
                    .chain(std::iter::once(prefixed.clone()))
                    .chain(suffixed(&prefixed))
                    .find(|c| self.is_free(c))
            }
        };
        if let Some(id) = &id {
            self.used.insert(id.clone());
        }
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
            fn resolve(&self, _: &str) -> Result<String, crate::i18n::Msg> {
                Ok(String::new())
            }
            fn uses_id(&self, id: &str) -> bool {
                id == "main" || id == "main-2" || id.starts_with("tel-") || id.starts_with("h-tel-")
            }
        }
        let mut ids = Ids::new(&P);
        let some = |s: &str| Some(s.to_string());
        assert_eq!(ids.claim("intro"), (some("intro"), None));
        assert_eq!(ids.claim("intro"), (some("intro-2"), Some(Clash::Earlier)));
        assert_eq!(ids.claim("main"), (some("main-3"), Some(Clash::Page)));
        assert_eq!(ids.claim("intro-2"), (some("intro-2-2"), Some(Clash::Earlier)));
        // A reserved prefix blocks every suffix: the search ends, with an `h-` id or none.
        assert_eq!(ids.claim("tel-119"), (None, Some(Clash::Page)));
        assert_eq!(ids.claim("telephone"), (some("telephone"), None));
        struct Tel;
        impl Page for Tel {
            fn resolve(&self, _: &str) -> Result<String, crate::i18n::Msg> {
                Ok(String::new())
            }
            fn uses_id(&self, id: &str) -> bool {
                id.starts_with("tel-")
            }
        }
        assert_eq!(Ids::new(&Tel).claim("tel-119"), (some("h-tel-119"), Some(Clash::Page)));
    }
}
