//! The `zaitaku` command: argument parsing and reporting; the work is in the library.
//!
//! The language (`--lang`, else the locale) is chosen once, here, before anything is
//! said, and passed to everything that prints: `--help`, the diagnostics, progress and
//! summaries.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use zaitaku::diagnostic::{Severity, render_report};
use zaitaku::platform::shown;
use zaitaku::i18n::{Lang, Msg};
use zaitaku::msg;
use zaitaku::output::print_cache::{NoStore, PrintStore};

mod cli_text;
mod progress;

#[derive(Parser)]
#[command(name = "zaitaku", version, disable_help_flag = true, disable_version_flag = true, disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of messages and help: ja or en [default: the locale's].
    #[arg(long, global = true, value_name = "LANG", value_parser = ["ja", "en"])]
    lang: Option<String>,
    #[arg(short = 'h', long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

// The help texts are the catalogues' (see cli_text.rs), in the chosen language.
#[derive(Subcommand)]
enum Command {
    Build {
        #[arg(default_value = ".", value_name = "PROJECT")]
        project: PathBuf,
        #[arg(long, short, value_name = "OUT")]
        out: Option<PathBuf>,
        #[arg(long)]
        strict: bool,
    },
    Check {
        #[arg(default_value = ".", value_name = "PROJECT")]
        project: PathBuf,
        #[arg(long)]
        strict: bool,
    },
    Serve {
        #[arg(default_value = ".", value_name = "PROJECT")]
        project: PathBuf,
        #[arg(long, short, default_value_t = 1111, value_name = "PORT")]
        port: u16,
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: std::net::IpAddr,
        #[arg(long)]
        open: bool,
        #[arg(long, value_name = "INTERVAL", num_args = 0..=1, require_equals = true,
              default_missing_value = "1s", value_parser = zaitaku::serve::watcher::parse_interval)]
        poll: Option<std::time::Duration>,
    },
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".", value_name = "PROJECT")]
        project: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_name = "DATE")]
        as_of: Option<zaitaku::model::Date>,
    },
    New {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = Lang::detect(lang_in(&args));
    let command = cli_text::localize(Cli::command(), lang);
    let cli = match command.try_get_matches_from(&args).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => return cli_text::usage_error(e, lang),
    };
    let say = |m: Msg| eprintln!("{}", lang.text(&m));
    match cli.command {
        Command::Build { project, out, strict } => {
            let out = out.unwrap_or_else(|| project.join("public"));
            run(&project, Some(&out), strict, lang)
        }
        Command::Check { project, strict } => run(&project, None, strict, lang),
        Command::Serve { project, port, bind, open, poll } => {
            match zaitaku::serve::run(zaitaku::serve::Options { project, bind, port, open, poll, lang }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    say(msg!("cli-error", message = e));
                    ExitCode::from(1)
                }
            }
        }
        Command::Import { files, project, dry_run, as_of } => {
            let outcome = zaitaku::import::run(&zaitaku::import::Options { project: &project, files: &files, dry_run, as_of });
            eprint!("{}", render_report(&outcome.diagnostics, lang));
            print!("{}", outcome.report.render(lang));
            if outcome.ok { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Command::New { dir } => match zaitaku::scaffold::create(&dir, zaitaku::today()) {
            Ok(n) => {
                let page = shown(&dir.join("public/index.html"));
                let dir = shown(&dir);
                println!("{}", lang.text(&msg!("new-created", dir = dir.as_str(), files = n)));
                println!("{}", lang.text(&msg!("new-next", dir = dir.as_str(), page = page)));
                ExitCode::SUCCESS
            }
            Err(e) => {
                say(msg!("cli-error", message = e));
                ExitCode::from(1)
            }
        },
    }
}

/// `--lang ja` or `--lang=ja` anywhere in the arguments, read before clap parses them:
/// clap's help and errors are already in the chosen language.
fn lang_in(args: &[OsString]) -> Option<Lang> {
    let args: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--lang") {
        Some("") => args.get(i + 1).and_then(|v| Lang::parse(v)),
        Some(rest) => rest.strip_prefix('=').and_then(Lang::parse),
        None => None,
    })
}

fn run(project: &Path, out: Option<&Path>, strict: bool, lang: Lang) -> ExitCode {
    let say = |m: Msg| eprintln!("{}", lang.text(&m));
    let started = Instant::now();
    // The new site streams into a staging folder, region by region, and replaces the
    // output only if the whole build is good.
    let staging = match out.map(zaitaku::output::Staging::begin).transpose() {
        Ok(s) => s,
        Err(e) => {
            say(msg!("cli-error", message = e.message()));
            return ExitCode::from(1);
        }
    };
    // PDFs whose inputs did not change since the build being replaced are taken from it.
    let store: Arc<dyn PrintStore + Send + Sync> = match &staging {
        Some(s) => Arc::new(s.previous_prints()),
        None => Arc::new(NoStore),
    };
    let bar = progress::Bar::new(lang.say("progress-building"));
    let report = zaitaku::build_into(project, zaitaku::now(), store, |regions| bar.start(regions as u64), &|unit| {
        bar.inc();
        let Some(s) = &staging else { return true };
        for printed in &unit.printed {
            if let Some(f) = unit.files.iter().find(|f| f.path == printed.path) {
                s.record_print(printed, &f.bytes);
            }
        }
        s.write(&unit.files)
    });
    bar.finish();
    eprint!("{}", render_report(&report.diagnostics, lang));
    let warnings = report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    if !report.ok {
        say(Msg::new("build-failed"));
        return ExitCode::from(1);
    }
    if strict && warnings > 0 {
        say(msg!("build-strict-failed", warnings = warnings));
        return ExitCode::from(1);
    }
    let (Some(out), Some(staging)) = (out, staging) else {
        say(msg!("check-ok", regions = report.regions));
        return ExitCode::SUCCESS;
    };
    let (files, bytes) = staging.written();
    match staging.commit() {
        Ok(leftovers) => leftovers.iter().for_each(|l| say(msg!("cli-note", message = l.message()))),
        Err(e) => {
            say(msg!("cli-error", message = e.message()));
            say(Msg::new("build-output-untouched"));
            return ExitCode::from(1);
        }
    }
    say(msg!(
        "build-done",
        regions = report.regions,
        files = files,
        megabytes = format!("{:.1}", bytes as f64 / 1e6),
        seconds = format!("{:.2}", started.elapsed().as_secs_f64()),
        out = shown(out)
    ));
    say(msg!("build-pdfs", typeset = report.typeset, reused = report.reused));
    ExitCode::SUCCESS
}
