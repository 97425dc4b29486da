//! `--help` and usage errors in the chosen language.
//!
//! clap's derive gives the shape of the command line; every word a person reads is set
//! here from the catalogues: abouts, argument helps, value names, usage lines, headings,
//! and the common usage errors (an unknown option or command, a missing or wrong value).

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use zaitaku::i18n::{Lang, Msg};
use zaitaku::msg;

/// `command` with its texts in `lang`.
pub fn localize(command: clap::Command, lang: Lang) -> clap::Command {
    let say = |id: &'static str| lang.say(id);
    let options = say("cli-heading-options");
    let arguments = say("cli-heading-arguments");
    let template = format!("{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}", say("cli-heading-usage"));
    // Each command gets the same layout and headings; args are set by the closures.
    let common = |c: clap::Command| {
        c.help_template(template.clone())
            .next_help_heading(options.clone())
            .mut_args(|a| {
                let heading = if a.is_positional() { arguments.clone() } else { options.clone() };
                // Defaults and values are said in the help texts, in the reader's language.
                let takes_values = a.get_action().takes_values();
                a.help_heading(heading).hide_default_value(takes_values).hide_possible_values(takes_values)
            })
    };
    let project = |a: clap::Arg| a.help(say("cli-arg-project")).value_name(say("cli-value-project"));
    let strict = |a: clap::Arg| a.help(say("cli-arg-strict"));
    common(command)
        .about(say("cli-about"))
        .long_about(say("cli-long-about"))
        .after_help(say("cli-after-help"))
        .override_usage(say("cli-usage"))
        .subcommand_help_heading(say("cli-heading-commands"))
        .subcommand_value_name(say("cli-value-command"))
        .mut_arg("lang", |a| a.help(say("cli-arg-lang")).value_name(say("cli-value-lang")))
        .mut_arg("help", |a| a.help(say("cli-arg-help")))
        .mut_arg("version", |a| a.help(say("cli-arg-version")))
        .mut_subcommand("build", |c| {
            common(c)
                .about(say("cli-build-about"))
                .long_about(say("cli-build-long-about"))
                .override_usage(say("cli-build-usage"))
                .mut_arg("project", project)
                .mut_arg("out", |a| a.help(say("cli-build-out")).value_name(say("cli-value-out")))
                .mut_arg("strict", strict)
        })
        .mut_subcommand("check", |c| {
            common(c)
                .about(say("cli-check-about"))
                .long_about(say("cli-check-long-about"))
                .override_usage(say("cli-check-usage"))
                .mut_arg("project", project)
                .mut_arg("strict", strict)
        })
        .mut_subcommand("serve", |c| {
            common(c)
                .about(say("cli-serve-about"))
                .long_about(say("cli-serve-long-about"))
                .override_usage(say("cli-serve-usage"))
                .mut_arg("project", project)
                .mut_arg("port", |a| a.help(say("cli-serve-port")).value_name(say("cli-value-port")))
                .mut_arg("bind", |a| a.help(say("cli-serve-bind")).value_name(say("cli-value-address")))
                .mut_arg("open", |a| a.help(say("cli-serve-open")))
                .mut_arg("poll", |a| a.help(say("cli-serve-poll")).value_name(say("cli-value-interval")))
        })
        .mut_subcommand("import", |c| {
            common(c)
                .about(say("cli-import-about"))
                .long_about(say("cli-import-long-about"))
                .after_help(say("cli-import-after-help"))
                .override_usage(say("cli-import-usage"))
                .mut_arg("files", |a| a.help(say("cli-import-files")).value_name(say("cli-value-file")))
                .mut_arg("project", project)
                .mut_arg("dry_run", |a| a.help(say("cli-import-dry-run")))
                .mut_arg("as_of", |a| a.help(say("cli-import-as-of")).value_name(say("cli-value-date")))
        })
        .mut_subcommand("new", |c| {
            common(c)
                .about(say("cli-new-about"))
                .long_about(say("cli-new-long-about"))
                .override_usage(say("cli-new-usage"))
                .mut_arg("dir", |a| a.help(say("cli-new-dir")).value_name(say("cli-value-dir")))
        })
}

/// Prints a usage error (or the help and version, which clap reports the same way) and
/// returns the exit status: 0 for help and version, 2 for a mistake.
pub fn usage_error(e: clap::Error, lang: Lang) -> ExitCode {
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
        ErrorKind::UnknownArgument => msg!("cli-unknown-argument", argument = context(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => msg!("cli-unknown-command", command = context(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingRequiredArgument => msg!("cli-missing-argument", argument = context(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => Msg::new("cli-missing-command"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => msg!(
            "cli-invalid-value",
            value = context(ContextKind::InvalidValue),
            argument = context(ContextKind::InvalidArg)
        ),
        _ => {
            // A rarer mistake: clap's own words.
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    eprintln!("{}", lang.text(&msg!("cli-error", message = message)));
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg, ContextKind::SuggestedValue]
        .into_iter()
        .map(context)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        eprintln!("  {}", lang.text(&msg!("did-you-mean", value = format!("`{s}`"))));
    } else if !context(ContextKind::ValidValue).is_empty() {
        eprintln!("  {}", lang.text(&msg!("cli-valid-values", values = context(ContextKind::ValidValue))));
    }
    eprintln!("  {}", lang.say("cli-see-help"));
    ExitCode::from(2)
}
