//! Accessibility of the built example site, end to end (docs/ACCESSIBILITY.md):
//!
//! - `tests/a11y/browser.mjs`: axe-core (WCAG 2.0/2.1/2.2 A and AA, plus
//!   best-practice) and the design checks axe cannot make (type size, line
//!   height, 7:1 contrast, 44 px targets, keyboard, reflow, 200% text, reduced
//!   motion, print…) on every page kind, over file:// in Debian's chromium driven
//!   by playwright-core; first a self-test on a page that breaks every rule;
//! - `tests/a11y/vnu.mjs`: the Nu HTML Checker over every .html file (and the
//!   stylesheet), run with the machine's `java -jar`.
//!
//! Both need node, java and chromium. Under CI (`CI=true`) a missing tool fails
//! the test; elsewhere the test is skipped with a note. The npm packages are
//! installed from the committed package-lock.json (`npm ci --ignore-scripts`: no
//! browser and no Java are ever downloaded) when tests/a11y/node_modules lacks them.
//!
//! `A11Y_SHOTS=/tmp/a11y-shots cargo test --test a11y` also writes screenshots of
//! every page kind at 375 and 1280 px; `A11Y_VERBOSE=1` prints what was measured.


use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn a11y_dir() -> PathBuf {
    repo_root().join("tests/a11y")
}

/// An executable by absolute path or found on PATH, if `--version` runs.
fn find(candidates: &[String]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    candidates.iter().find_map(|c| {
        let c = PathBuf::from(c);
        let full = if c.is_absolute() { Some(c) } else { std::env::split_paths(&path).map(|d| d.join(&c)).find(|p| p.is_file()) }?;
        let ok = Command::new(&full).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
        ok.then_some(full)
    })
}

struct Tools {
    node: PathBuf,
    npm: PathBuf,
    java: PathBuf,
    chromium: PathBuf,
}

/// The tools, or None (outside CI) after saying what is missing.
fn tools() -> Option<Tools> {
    let env = |k: &str| std::env::var(k).ok().into_iter().collect::<Vec<_>>();
    let node = find(&[env("NODE"), vec!["node".into(), "nodejs".into()]].concat());
    let npm = find(&[env("NPM"), vec!["npm".into()]].concat());
    let java = find(&[env("JAVA"), vec!["java".into()]].concat());
    let chromium = find(&[env("CHROMIUM"), vec!["/usr/bin/chromium".into(), "chromium".into(), "chromium-browser".into()]].concat());
    let missing: Vec<&str> = [("node", node.is_none()), ("npm", npm.is_none()), ("java", java.is_none()), ("chromium", chromium.is_none())]
        .into_iter()
        .filter_map(|(name, gone)| gone.then_some(name))
        .collect();
    if !missing.is_empty() {
        assert!(!in_ci(), "the accessibility tests need {} under CI (Debian: nodejs npm default-jre-headless chromium)", missing.join(", "));
        eprintln!("note: {} not found; skipping the accessibility tests outside CI", missing.join(", "));
        return None;
    }
    Some(Tools { node: node?, npm: npm?, java: java?, chromium: chromium? })
}

/// The versions package-lock.json pins, by package name.
fn locked_versions(lock: &Path) -> Vec<(String, String)> {
    let lock: serde_json::Value = serde_json::from_slice(&std::fs::read(lock).expect("read package-lock.json")).expect("parse package-lock.json");
    lock["packages"]
        .as_object()
        .expect("lockfile v3")
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("node_modules/")?.to_string(), v["version"].as_str()?.to_string())))
        .collect()
}

/// tests/a11y/node_modules holds exactly what the lock file pins.
fn installed(dir: &Path) -> bool {
    locked_versions(&a11y_dir().join("package-lock.json")).iter().all(|(name, version)| {
        std::fs::read(dir.join("node_modules").join(name).join("package.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .is_some_and(|p| p["version"].as_str() == Some(version))
    })
}

/// Installs the npm packages once per test run: `npm ci` in a staging folder,
/// then one rename into place, so concurrent runs never see half a tree.
fn npm_ci(tools: &Tools) {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let dir = a11y_dir();
        if installed(&dir) {
            return;
        }
        let staging = tempfile::Builder::new().prefix("a11y-npm-").tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        for f in ["package.json", "package-lock.json"] {
            std::fs::copy(dir.join(f), staging.path().join(f)).unwrap();
        }
        eprintln!("installing the npm packages of tests/a11y (npm ci)…");
        let out = Command::new(&tools.npm)
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(staging.path())
            .output()
            .expect("run npm ci");
        assert!(out.status.success(), "npm ci failed:\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let target = dir.join("node_modules");
        if target.exists() && !installed(&dir) {
            // Stale (another lock file): move it aside rather than mix versions.
            let old = staging.path().join("old_node_modules");
            std::fs::rename(&target, &old).expect("move the stale node_modules aside");
        }
        if let Err(e) = std::fs::rename(staging.path().join("node_modules"), &target) {
            // Another run got there first with the same lock file: fine.
            assert!(installed(&dir), "could not put node_modules in place: {e}");
        }
        assert!(installed(&dir), "npm ci did not install what package-lock.json pins");
    });
}

/// The example project built by the real binary into a temporary folder.
fn build_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = zaitaku().arg("build").arg(repo_root()).arg("--out").arg(&site).output().unwrap();
    assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    tmp
}

/// Runs a node script of tests/a11y and returns (success, its output).
fn run_node(tools: &Tools, script: &str, args: &[&str], limit: Duration) -> (bool, String) {
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(&tools.node)
        .arg(a11y_dir().join(script))
        .args(args)
        .env("CHROMIUM", &tools.chromium)
        .env("JAVA", &tools.java)
        .stdout(log.reopen().unwrap())
        .stderr(log.reopen().unwrap())
        .spawn()
        .expect("run node");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = std::fs::read_to_string(log.path()).unwrap_or_default();
    match status {
        Some(s) => (s.success(), output),
        None => (false, format!("{output}\n{script} took longer than {} s and was stopped", limit.as_secs())),
    }
}

#[test]
fn axe_core_and_the_design_checks_find_nothing_on_any_page_kind() {
    let Some(tools) = tools() else { return };
    npm_ci(&tools);
    let tmp = build_site();
    let site = tmp.path().join("site");
    let mut args = vec![site.to_str().unwrap()];
    let shots = std::env::var("A11Y_SHOTS").ok();
    if let Some(dir) = &shots {
        args.extend(["--shots", dir]);
    }
    let (ok, output) = run_node(&tools, "browser.mjs", &args, Duration::from_secs(300));
    println!("{output}");
    assert!(ok, "accessibility problems in the built site (details above):\n{output}");
    assert!(output.contains("self-test: ") && output.contains("checks caught the broken fixture"), "the checks' self-test did not run:\n{output}");
    assert!(!output.contains("skipped: "), "every page kind is checked:\n{output}");
}

#[test]
fn the_nu_html_checker_finds_no_errors_in_any_page() {
    let Some(tools) = tools() else { return };
    npm_ci(&tools);
    let tmp = build_site();
    let site = tmp.path().join("site");
    let (ok, output) = run_node(&tools, "vnu.mjs", &[site.to_str().unwrap()], Duration::from_secs(180));
    println!("{output}");
    assert!(ok, "the Nu HTML Checker reports errors (details above):\n{output}");
    assert!(output.contains("total: 0 errors"), "{output}");
}
