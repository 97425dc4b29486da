//! Print benchmark (issue 17): the guidebook of one large region, and what a rebuild
//! after a one-file edit typesets.
//!
//!     cargo bench --bench print
//!
//! 1. **Guidebook of a 500-institution region**: the generated region (1×500×30) is
//!    loaded once; then its guidebook is made from data to PDF bytes, with typst's
//!    memo cache emptied before each run (nothing reused but the engine's fonts and
//!    standard library, which a build makes once). Median and spread of the wall time
//!    and the process's CPU time per run; the page count. Target: ≤ 1 s.
//! 2. **Rebuild after a one-file edit**: a 20×500×30 project with two leaflets is built
//!    with the release CLI into a fresh folder (everything typeset), then one
//!    institution of one region is edited (its phone number) and the project is built
//!    again into the same folder. Each build's wall and CPU time, and what its summary
//!    line says was typeset and what was reused from the previous output. Target: the
//!    rebuild typesets only the edited region's print — its guidebook, and a leaflet
//!    only when the edited institution is in it; every other PDF is byte-identical.
//!
//! Environment: `ZAITAKU_BENCH_RUNS=N` (default 5 for 1, 3 for 2).

#[path = "support/corpus.rs"]
mod corpus;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use corpus::Size;

const TODAY: &str = "2025-12-20";

/// Two leaflets as in benches/build.rs; the guide lists every acute-phase institution
/// that takes an active role (as many as fit).
const LEAFLETS: &[(&str, &str)] = &[
    (
        "guide",
        "title = \"在宅医療のご案内\"\npaper = \"A4\"\n\n[[sections]]\ntype = \"article\"\narticle = \"article-000\"\nsummary = true\n\n[[sections]]\ntype = \"emergency\"\n\n[[sections]]\ntype = \"institutions\"\nphases = [\"acute\"]\n\n[[sections]]\ntype = \"qr\"\n",
    ),
    (
        "acp",
        "title = \"人生会議\"\npaper = \"A4\"\n\n[[sections]]\ntype = \"article\"\narticle = \"article-001\"\nsummary = true\n\n[[sections]]\ntype = \"emergency\"\n\n[[sections]]\ntype = \"qr\"\n",
    ),
];

fn runs(default: usize) -> usize {
    std::env::var("ZAITAKU_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// The process's user + system CPU seconds so far.
fn cpu_self() -> f64 {
    // SAFETY: an all-zero rusage is a valid value; getrusage fills it.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(u.ru_utime) + secs(u.ru_stime)
}

/// The CPU seconds of all children waited for so far.
fn cpu_children() -> f64 {
    // SAFETY: as above.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_CHILDREN with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(u.ru_utime) + secs(u.ru_stime)
}

fn add_leaflets(project: &Path) {
    let dir = project.join("content/leaflets");
    std::fs::create_dir_all(&dir).expect("leaflets folder");
    for (id, text) in LEAFLETS {
        std::fs::write(dir.join(format!("{id}.toml")), text).expect("write leaflet");
    }
}

fn guidebook_of_one_region() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let project = tmp.path().join("project");
    corpus::generate(&project, Size { regions: 1, institutions: 500, articles: 30 }, 1).expect("corpus");
    let (loaded, d) = zaitaku::load::load(&project);
    let loaded = loaded.unwrap_or_else(|| panic!("the corpus loads: {:?}", d.into_sorted()));
    let region = &loaded.regions[0];
    let engine = zaitaku::print::PrintEngine::new();
    let theme = zaitaku::theme::Theme::load(&loaded).unwrap_or_else(|e| panic!("{e:?}"));
    let (layout, words) = (theme.guidebook_layout(), theme.guidebook_words());
    let (mut wall, mut cpu, mut pages) = (Vec::new(), Vec::new(), 0);
    for _ in 0..runs(5) {
        zaitaku::print::PrintEngine::evict_cache(0);
        let (t, c) = (Instant::now(), cpu_self());
        let data = zaitaku::guidebook::guidebook_data(&loaded, region, words.clone());
        let pdf = engine
            .render_guidebook(&data, layout, &zaitaku::output::print_cache::NoStore)
            .unwrap_or_else(|e| panic!("{e}"));
        wall.push(t.elapsed().as_secs_f64());
        cpu.push(cpu_self() - c);
        pages = pdf.pages;
    }
    let (lo, hi) = (wall.iter().copied().fold(f64::MAX, f64::min), wall.iter().copied().fold(0.0, f64::max));
    println!(
        "guidebook, 1 region × 500 institutions: {pages} pages; wall median {:.0} ms (min {:.0}, max {:.0}, {} runs); CPU median {:.0} ms — target ≤ 1000 ms",
        median(&mut wall) * 1e3,
        lo * 1e3,
        hi * 1e3,
        wall.len(),
        median(&mut cpu) * 1e3
    );
}

/// One `zaitaku build`: wall and CPU seconds, and the PDFs its summary says it typeset
/// and reused.
fn build(project: &Path, out: &Path) -> (f64, f64, usize, usize) {
    let c = cpu_children();
    let t = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_zaitaku"))
        .args(["build", project.to_str().unwrap(), "--out", out.to_str().unwrap(), "--lang", "en"])
        .env("ZAITAKU_TODAY", TODAY)
        .output()
        .expect("run zaitaku");
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu_children() - c;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "zaitaku build failed:\n{stderr}");
    let summary = stderr.lines().find(|l| l.contains("typeset")).unwrap_or_else(|| panic!("no print summary in\n{stderr}"));
    let number_before = |word: &str| -> usize {
        let at = summary.find(word).unwrap_or_else(|| panic!("{word:?} in {summary:?}"));
        summary[..at].split_whitespace().last().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{summary:?}"))
    };
    (wall, cpu, number_before("typeset"), number_before("reused"))
}

/// Every PDF under `out`, by path.
fn pdfs(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                found.insert(p.strip_prefix(out).unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap());
            }
        }
    }
    found
}

fn rebuild_after_one_edit() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let project = tmp.path().join("project");
    corpus::generate(&project, Size { regions: 20, institutions: 500, articles: 30 }, 1).expect("corpus");
    add_leaflets(&project);
    let regions = std::fs::read_dir(project.join("content/regions")).unwrap().count();
    let edited_region = "r007";
    let institutions = project.join(format!("content/regions/{edited_region}/institutions"));
    let mut names: Vec<_> = std::fs::read_dir(&institutions).unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    let file = &names[3];
    let original = std::fs::read_to_string(file).unwrap();
    let print_per_region = LEAFLETS.len() + 1;
    println!("rebuild after a one-file edit: {regions} regions × 500 institutions, {} leaflets + 1 guidebook each", LEAFLETS.len());
    println!("  (edited: {})", file.strip_prefix(&project).unwrap().display());
    let (mut full, mut again) = (Vec::new(), Vec::new());
    for round in 0..runs(3) {
        let out = tmp.path().join(format!("out-{round}"));
        std::fs::write(file, &original).unwrap();
        let (w1, c1, t1, r1) = build(&project, &out);
        let before = pdfs(&out);
        // The edit: a new phone number, which every print of the region shows.
        let edited = original
            .lines()
            .map(|l| if l.starts_with("phone") { format!("phone = \"0980-99-{:04}\"", 1000 + round) } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(file, edited + "\n").unwrap();
        let (w2, c2, t2, r2) = build(&project, &out);
        let after = pdfs(&out);
        let remade: Vec<&String> = before.keys().filter(|p| before.get(*p) != after.get(*p)).collect();
        println!(
            "  round {}: first build {w1:.2} s wall, {c1:.2} s CPU, {t1} PDFs typeset, {r1} reused; after the edit {w2:.2} s wall, {c2:.2} s CPU, {t2} typeset, {r2} reused",
            round + 1
        );
        assert_eq!((t1, r1), (regions * print_per_region, 0), "the first build typesets everything");
        // The edited institution is in its region's guidebook, and in the guide leaflet
        // when it is in the acute phase; every other PDF is the previous one.
        assert!((1..=print_per_region).contains(&t2) && t2 + r2 == regions * print_per_region, "typeset {t2}, reused {r2}");
        assert!(!remade.is_empty() && remade.iter().all(|p| p.starts_with(&format!("{edited_region}/"))), "{remade:?}");
        full.push((w1, c1));
        again.push((w2, c2));
        std::fs::remove_dir_all(&out).ok();
    }
    let med = |v: &[(f64, f64)], f: fn(&(f64, f64)) -> f64| median(&mut v.iter().map(f).collect::<Vec<_>>());
    println!(
        "  medians: first build {:.2} s wall ({:.2} s CPU); rebuild after the edit {:.2} s wall ({:.2} s CPU), typesetting at most {print_per_region} of {} PDFs",
        med(&full, |r| r.0),
        med(&full, |r| r.1),
        med(&again, |r| r.0),
        med(&again, |r| r.1),
        regions * print_per_region
    );
    std::fs::write(file, &original).unwrap();
}

fn main() {
    // `cargo bench` passes --bench; nothing else is read from the arguments.
    guidebook_of_one_region();
    rebuild_after_one_edit();
}
