//! Publishing vacancy figures quickly (issue 21): in a generated 20-region project
//! (20 × 500 institutions × 30 shared articles, `support/corpus.rs`, with an
//! `availability.csv` per region from `corpus::add_availability`), what one edit of one
//! region's `availability.csv` costs, against a full build.
//!
//!     cargo bench --bench availability
//!
//! 1. `zaitaku build` (release CLI, `ZAITAKU_NOW` pinned): a full build into a fresh
//!    folder, and the rebuild into the same folder after one region's figures changed
//!    (`build` renders everything again; the output layer hard-links what did not
//!    change). Interleaved, medians of wall and CPU (user + system) time.
//! 2. `zaitaku serve` on the same project: the time from writing the file until the
//!    edited figure is served on its institution page (the first pass: the vacancy set
//!    of that region), and until it is in the region's search index (the second pass),
//!    against the same for an edit of one institution record (the whole region).
//!    Interleaved rounds, medians.
//! 3. Which files differ between the output before and after the edit (count and
//!    paths), and that all of them are in the region that changed.
//!
//! `ZAITAKU_BENCH_RUNS=N` sets the rounds (default 5).

#[path = "support/corpus.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2025-12-20 12:00";
const SIZE: corpus::Size = corpus::Size { regions: 20, institutions: 500, articles: 30 };
const REGION: &str = "r007";

fn cpu_of_children() -> f64 {
    // SAFETY: an all-zero rusage is valid; getrusage fills it.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_CHILDREN with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

/// Wall and CPU seconds of one `zaitaku build`.
fn build(project: &Path, out: &Path) -> (f64, f64) {
    let _ = Command::new("sync").status();
    let (cpu, start) = (cpu_of_children(), Instant::now());
    let run = Command::new(env!("CARGO_BIN_EXE_zaitaku"))
        .env("ZAITAKU_NOW", NOW)
        .arg("build")
        .arg(project)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run zaitaku build");
    let wall = start.elapsed().as_secs_f64();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    (wall, cpu_of_children() - cpu)
}

/// Each file's length and hash, by path.
fn fingerprint(dir: &Path) -> BTreeMap<String, (u64, u64)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                let mut h = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut h);
                out.insert(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(), (bytes.len() as u64, h.finish()));
            }
        }
    }
    out
}

/// The region's availability.csv with its first figure set to `free` at `time`.
fn edit_figures(project: &Path, free: usize, time: &str) -> (String, String) {
    let path = project.join(format!("content/regions/{REGION}/availability.csv"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    lines[1] = format!("{},{},{free},{time}", cells[0], cells[1]);
    std::fs::write(&path, lines.join("\r\n") + "\r\n").unwrap();
    (cells[0].clone(), cells[1].clone())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn get(addr: &str, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(addr) else { return String::new() };
    let _ = s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

fn wait_until(addr: &str, path: &str, marker: &str, start: Instant) -> f64 {
    while !get(addr, path).contains(marker) {
        assert!(start.elapsed() < Duration::from_secs(30), "never served: {path} {marker}");
        std::thread::sleep(Duration::from_millis(2));
    }
    start.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let runs: usize = std::env::var("ZAITAKU_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    corpus::generate(&project, SIZE, 1).unwrap();
    let rows = corpus::add_availability(&project, SIZE, 1, NOW).unwrap();
    println!(
        "project: {} regions × {} institutions × {} articles, {rows} vacancy rows; zaitaku: {}",
        SIZE.regions,
        SIZE.institutions,
        SIZE.articles,
        env!("CARGO_BIN_EXE_zaitaku")
    );

    // 1. build: full (fresh folder) and rebuild after an edit (same folder), interleaved.
    let (mut full, mut rebuild) = (Vec::new(), Vec::new());
    let out = tmp.path().join("out");
    build(&project, &out); // warm-up
    let mut changed = Vec::new();
    for round in 0..runs {
        let fresh = tmp.path().join(format!("fresh-{round}"));
        full.push(build(&project, &fresh));
        std::fs::remove_dir_all(&fresh).unwrap();
        let before = fingerprint(&out);
        edit_figures(&project, round % 4 + 1, &format!("2025-12-20 11:{:02}", 10 + round));
        rebuild.push(build(&project, &out));
        let after = fingerprint(&out);
        if round == 0 {
            let paths: Vec<&String> = before.keys().chain(after.keys()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            changed = paths.into_iter().filter(|p| before.get(*p) != after.get(*p)).cloned().collect();
            println!("files in the output: {}", after.len());
        }
    }
    let show = |label: &str, v: &[(f64, f64)]| {
        println!(
            "{label:<58} wall {:6.2} s   CPU {:6.2} s   (medians of {})",
            median(v.iter().map(|x| x.0).collect()),
            median(v.iter().map(|x| x.1).collect()),
            v.len()
        );
    };
    show("zaitaku build, full (fresh output folder)", &full);
    show(&format!("zaitaku build after an edit of {REGION}/availability.csv"), &rebuild);

    // 3. What the edit changed.
    println!("files changed by the edit: {}", changed.len());
    for p in &changed {
        println!("  {p}");
    }
    assert!(changed.iter().all(|p| p.starts_with(&format!("{REGION}/"))), "only the edited region changes");

    // 2. serve: an edit of the figures against an edit of a record, interleaved.
    let mut child = Command::new(env!("CARGO_BIN_EXE_zaitaku"))
        .env("ZAITAKU_NOW", NOW)
        .args(["serve", "--port", "0"])
        .arg(&project)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start zaitaku serve");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let addr = line.split_whitespace().last().unwrap().trim_start_matches("http://").trim_end_matches('/').to_string();
    let record_path = project.join(format!("content/regions/{REGION}/institutions/inst-0250.toml"));
    let record = std::fs::read_to_string(&record_path).unwrap();
    let name_line = record.lines().find(|l| l.starts_with("name = ")).unwrap().to_string();
    let index = format!("/{REGION}/search-index.js");
    let (mut fig_page, mut fig_index, mut rec_page, mut rec_index) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..runs.max(5) * 2 {
        let minute = format!("{:02}", 20 + round);
        let start = Instant::now();
        let (id, _) = edit_figures(&project, 7, &format!("2025-12-20 11:{minute}"));
        let marker = format!("12月20日 11時{}分時点", 20 + round);
        fig_page.push(wait_until(&addr, &format!("/{REGION}/institutions/{id}.html"), &marker, start));
        fig_index.push(wait_until(&addr, &index, &marker, start));
        std::thread::sleep(Duration::from_millis(1500));

        let marker = format!("編集{round:04}");
        let start = Instant::now();
        std::fs::write(&record_path, record.replacen(&name_line, &format!("{}{marker}\"", name_line.trim_end_matches('"')), 1)).unwrap();
        rec_page.push(wait_until(&addr, &format!("/{REGION}/institutions/inst-0250.html"), &marker, start));
        rec_index.push(wait_until(&addr, &index, &marker, start));
        std::thread::sleep(Duration::from_millis(1500));
    }
    let _ = child.kill();
    let _ = child.wait();
    let n = fig_page.len();
    println!("zaitaku serve, edit → served (medians of {n}, interleaved):");
    println!("  availability.csv of {REGION}: page {:6.1} ms   search index {:6.1} ms", median(fig_page), median(fig_index));
    println!("  one institution record of {REGION}: page {:6.1} ms   search index {:6.1} ms", median(rec_page), median(rec_index));
}
