//! Messages to people, in Japanese or English.
//!
//! Whatever zaitaku says to a person (diagnostics, progress, summaries, `--help`) is a
//! [`Msg`]: a message id of the catalogues plus its arguments, not a finished sentence.
//! It becomes text only where it is shown (the terminal, the serve overlay, a test),
//! in the [`Lang`] chosen there once and passed down; nothing holds a current language.
//! The catalogues are Fluent files, one per language, compiled into the binary
//! (`src/i18n/ja.ftl`, `src/i18n/en.ftl`); a test checks they have the same messages
//! with the same variables, and that every id the code uses is in both.

use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

const JA: &str = include_str!("ja.ftl");
const EN: &str = include_str!("en.ftl");

/// A language zaitaku speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// `ja`, `en`, or a locale name that starts with either (`ja_JP.UTF-8`, `en-US`).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let base = s.split(['_', '-', '.', '@']).next().unwrap_or("");
        match base {
            "ja" | "jpn" | "japanese" => Some(Lang::Ja),
            "en" | "eng" | "english" | "c" | "posix" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to speak: `chosen` (`--lang`), else the locale (`LC_ALL`,
    /// `LC_MESSAGES`, `LANG`, the first one set, as POSIX orders them) when it starts
    /// with `ja`, else the OS user language where no variable is set (Windows), else
    /// English.
    pub fn detect(chosen: Option<Lang>) -> Lang {
        chosen.unwrap_or_else(|| Lang::from_locale(|name| std::env::var(name).ok(), os_language))
    }

    /// [`Lang::detect`] without a choice, with the environment and the OS asked through
    /// `var` and `os` (so that tests need not change the process's environment).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>, os: impl FnOnce() -> Option<String>) -> Lang {
        let set = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|name| var(name).filter(|v| !v.is_empty()));
        let locale = set.or_else(os).unwrap_or_default();
        if locale.trim().to_ascii_lowercase().starts_with("ja") { Lang::Ja } else { Lang::En }
    }

    /// The text of `msg` in this language.
    pub fn text(self, msg: &Msg) -> String {
        let bundle = &bundles()[self as usize];
        let Some(pattern) = bundle.get_message(msg.id).and_then(|m| m.value()) else {
            debug_assert!(false, "message {} is not in the {} catalogue", msg.id, self.code());
            return msg.id.to_string();
        };
        let mut args = FluentArgs::new();
        for (name, arg) in &msg.args {
            args.set(*name, arg.value(self));
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
        debug_assert!(errors.is_empty(), "message {} in {}: {errors:?}", msg.id, self.code());
        text
    }

    /// A message without arguments.
    pub fn say(self, id: &'static str) -> String {
        self.text(&Msg::new(id))
    }

    /// What separates the items of a list in a sentence.
    fn list_separator(self) -> &'static str {
        match self {
            Lang::Ja => "、",
            Lang::En => ", ",
        }
    }
}

/// The language the OS user chose, where environment variables do not say it.
#[cfg(windows)]
fn os_language() -> Option<String> {
    sys_locale::get_locale()
}

/// Elsewhere the locale variables are the user's choice; none set means English.
#[cfg(not(windows))]
fn os_language() -> Option<String> {
    None
}

fn bundles() -> &'static [FluentBundle<FluentResource>; 2] {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| [bundle(Lang::Ja, JA), bundle(Lang::En, EN)])
}

fn bundle(lang: Lang, source: &str) -> FluentBundle<FluentResource> {
    let id = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks would be printed into terminals and copied into tickets.
    bundle.set_use_isolating(false);
    // A catalogue with a syntax error keeps the messages that did parse; the catalogue
    // test fails on any error.
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    bundle
}

/// A message to show a person: a catalogue id and its arguments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Msg {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// One argument of a [`Msg`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arg {
    /// Shown as it is: a file name, a value an author wrote.
    Text(String),
    /// A count: the catalogues choose the plural form from it.
    Number(i64),
    /// Another message, shown in the same language.
    Msg(Box<Msg>),
    /// Items joined as the language joins a list.
    List(Vec<Arg>),
}

impl Msg {
    pub fn new(id: &'static str) -> Msg {
        Msg { id, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((name, value.into()));
        self
    }

    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The message with `redact` applied to every text it quotes (not to the
    /// catalogue's words, which hold no content).
    pub fn redact(self, redact: &impl Fn(String) -> String) -> Msg {
        Msg { id: self.id, args: self.args.into_iter().map(|(n, a)| (n, a.redact(redact))).collect() }
    }

    /// Whether any text argument satisfies `f`.
    pub fn quotes(&self, f: &impl Fn(&str) -> bool) -> bool {
        self.args.iter().any(|(_, a)| a.quotes(f))
    }
}

impl Arg {
    fn value(&self, lang: Lang) -> FluentValue<'static> {
        match self {
            Arg::Number(n) => FluentValue::from(*n),
            other => FluentValue::from(other.text(lang)),
        }
    }

    fn text(&self, lang: Lang) -> String {
        match self {
            Arg::Text(s) => s.clone(),
            Arg::Number(n) => n.to_string(),
            Arg::Msg(m) => lang.text(m),
            Arg::List(items) => items.iter().map(|a| a.text(lang)).collect::<Vec<_>>().join(lang.list_separator()),
        }
    }

    fn redact(self, redact: &impl Fn(String) -> String) -> Arg {
        match self {
            Arg::Text(s) => Arg::Text(redact(s)),
            Arg::Number(n) => Arg::Number(n),
            Arg::Msg(m) => Arg::Msg(Box::new(m.redact(redact))),
            Arg::List(items) => Arg::List(items.into_iter().map(|a| a.redact(redact)).collect()),
        }
    }

    fn quotes(&self, f: &impl Fn(&str) -> bool) -> bool {
        match self {
            Arg::Text(s) => f(s),
            Arg::Number(_) => false,
            Arg::Msg(m) => m.quotes(f),
            Arg::List(items) => items.iter().any(|a| a.quotes(f)),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Msg(Box::new(m))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n)
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<jiff::civil::Date> for Arg {
    fn from(d: jiff::civil::Date) -> Arg {
        Arg::Text(d.to_string())
    }
}
impl<T: Into<Arg>> From<Vec<T>> for Arg {
    fn from(items: Vec<T>) -> Arg {
        Arg::List(items.into_iter().map(Into::into).collect())
    }
}

/// Text quoted as an author wrote it, with quotes (`"clinc"`), the same in every language.
pub fn quoted(s: &str) -> Arg {
    Arg::Text(format!("{s:?}"))
}

/// An I/O error in the reader's language: the common kinds are the catalogue's words;
/// the others keep the system's text.
pub fn io_error(e: &std::io::Error) -> Msg {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => Msg::new("io-not-found"),
        PermissionDenied => Msg::new("io-permission-denied"),
        AlreadyExists => Msg::new("io-already-exists"),
        StorageFull => Msg::new("io-storage-full"),
        ReadOnlyFilesystem => Msg::new("io-read-only"),
        InvalidData => Msg::new("io-invalid-data"),
        AddrInUse => Msg::new("io-address-in-use"),
        AddrNotAvailable => Msg::new("io-address-not-available"),
        _ => Msg::new("io-other").arg("detail", e.to_string()),
    }
}

/// `msg!(<id literal>, name = value, …)`: a [`Msg`] with its arguments.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg::new($id)$(.arg(stringify!($name), $value))*
    };
}

/// A [`Msg`] shown in one language, for `format!` and `write!`.
pub struct Shown<'a>(pub &'a Msg, pub Lang);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.1.text(self.0))
    }
}

#[cfg(test)]
mod tests;
