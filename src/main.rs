//! The `zaitaku` command: argument parsing and reporting; the work is in the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use zaitaku::diagnostic::{Severity, render_report};
use zaitaku::platform::shown;

mod progress;

#[derive(Parser)]
#[command(
    name = "zaitaku",
    version,
    about = "Build home medical care (在宅医療) websites and leaflets for every region",
    long_about = "zaitaku reads a project (site.toml and content/: institution records in TOML, \
articles in Markdown) and writes one self-contained website per region, plus a portal \
page that links them. Every page works from any web folder and straight from disk.\n\n\
Exit status: 0 success, 1 content errors (all are printed, each with file:line:column), \
2 wrong usage.",
    after_help = "Start with `zaitaku new my-site`, then `zaitaku build my-site` and open my-site/public/index.html."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build every region's site into the output folder.
    ///
    /// The new site is written to a staging folder and swapped in only when the whole
    /// build succeeded: a failed build leaves the previous output exactly as it was.
    Build {
        /// The project folder (holding site.toml and content/).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Where to write the site [default: PROJECT/public].
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Treat warnings (stale records, unknown municipalities…) as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Check the content and report every problem; writes nothing.
    ///
    /// Runs the whole build in memory, so template and link errors are found too.
    Check {
        /// The project folder (holding site.toml and content/).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Treat warnings as errors (for use in CI).
        #[arg(long)]
        strict: bool,
    },
    /// Serve the site on this computer and rebuild it as you edit.
    ///
    /// Watches site.toml, content/ and themes/; a browser showing a page reloads by
    /// itself after each save. Content errors are shown over the page (and here) while
    /// the last good build keeps being served. Listens on 127.0.0.1 only, unless --bind
    /// names another address.
    Serve {
        /// The project folder (holding site.toml and content/).
        #[arg(default_value = ".")]
        project: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Address to listen on. Other than 127.0.0.1, anyone on that network can see
        /// the site, including unpublished edits.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the portal page in the default browser.
        #[arg(long)]
        open: bool,
        /// Look for changes every INTERVAL (default 1s; e.g. --poll=500ms) instead of
        /// waiting to be told. Use it when edits do not show up: on a network drive
        /// (SMB, NFS), under WSL or wine. Each look reads every input file.
        #[arg(long, value_name = "INTERVAL", num_args = 0..=1, require_equals = true,
              default_missing_value = "1s", value_parser = zaitaku::serve::watcher::parse_interval)]
        poll: Option<std::time::Duration>,
    },
    /// Turn public datasets into institution records (介護サービス情報公表システム, 医療情報ネット
    /// ナビイ, 自治体標準オープンデータセット, zaitaku's own opendata/institutions.csv).
    ///
    /// The dataset is recognised by its header row; UTF-8 (with or without BOM), Shift_JIS
    /// (CP932, Excel's "CSV") and UTF-16 are read. Each row goes to the region whose
    /// municipalities hold it; other rows are skipped and counted. A record found again
    /// by its [source] key is updated field by field (phases, notes, [internal],
    /// comments and formatting stay); new records get a readable id. Nothing is written
    /// unless every file imported without errors.
    #[command(after_help = "Example: zaitaku import --dry-run jigyosho_130.csv jigyosho_430.csv\n\
Then fill in phases and the home-care fields of the new records, and run zaitaku check.")]
    Import {
        /// The CSV files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The project folder (holding site.toml and content/).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// Print what would change (added, updated field by field, unchanged, gone) and
        /// write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The date the files are valid for (YYYY-MM-DD), when their names do not say
        /// it [default: the date in the file name, else the file's modification date].
        #[arg(long, value_name = "DATE")]
        as_of: Option<zaitaku::model::Date>,
    },
    /// Create a new project with sample content to edit.
    New {
        /// The folder to create; it must not exist or be empty.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { project, out, strict } => {
            let out = out.unwrap_or_else(|| project.join("public"));
            run(&project, Some(&out), strict)
        }
        Command::Check { project, strict } => run(&project, None, strict),
        Command::Serve { project, port, bind, open, poll } => {
            match zaitaku::serve::run(zaitaku::serve::Options { project, bind, port, open, poll }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Import { files, project, dry_run, as_of } => {
            let outcome = zaitaku::import::run(&zaitaku::import::Options { project: &project, files: &files, dry_run, as_of });
            eprint!("{}", render_report(&outcome.diagnostics));
            print!("{}", outcome.report);
            if outcome.ok { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Command::New { dir } => match zaitaku::scaffold::create(&dir) {
            Ok(n) => {
                println!("created {} with {n} files", shown(&dir));
                println!("next: zaitaku build {}  (then open {})", shown(&dir), shown(&dir.join("public/index.html")));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

fn run(project: &Path, out: Option<&Path>, strict: bool) -> ExitCode {
    let started = Instant::now();
    // The new site streams into a staging folder, region by region, and replaces the
    // output only if the whole build is good.
    let staging = match out.map(zaitaku::output::Staging::begin).transpose() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let bar = progress::Bar::new();
    let report = zaitaku::build_into(project, zaitaku::today(), |regions| bar.start(regions as u64), &|files| {
        bar.inc();
        staging.as_ref().is_none_or(|s| s.write(&files))
    });
    bar.finish();
    eprint!("{}", render_report(&report.diagnostics));
    let warnings = report.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    if !report.ok {
        eprintln!("build failed: nothing was written");
        return ExitCode::from(1);
    }
    if strict && warnings > 0 {
        eprintln!("--strict: {warnings} warning(s) count as errors; nothing was written");
        return ExitCode::from(1);
    }
    let (Some(out), Some(staging)) = (out, staging) else {
        eprintln!("checked {} region(s): no errors", report.regions);
        return ExitCode::SUCCESS;
    };
    let (files, bytes) = staging.written();
    match staging.commit() {
        Ok(leftovers) => leftovers.iter().for_each(|l| eprintln!("note: {l}")),
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("the previous output was left untouched");
            return ExitCode::from(1);
        }
    }
    eprintln!(
        "built {} region(s): {} files, {:.1} MB in {:.2}s → {}",
        report.regions,
        files,
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        shown(out)
    );
    ExitCode::SUCCESS
}
