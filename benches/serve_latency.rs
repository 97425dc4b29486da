//! Edit-to-served latency of `zaitaku serve`: write a record, then poll until the new
//! bytes are served. Debounce included, as a user experiences it.
//!
//!     cargo bench --bench serve_latency
//!
//! Targets (issue 5): ≤ 50 ms on the example project, ≤ 200 ms on a 500-institution region.

#[path = "support/corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(addr: &str, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(addr) else { return String::new() };
    let _ = s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
    let mut body = String::new();
    let _ = s.read_to_string(&mut body);
    body
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let p = entry.path();
        let name = entry.file_name();
        if name == "public" || name == "target" || name == ".git" {
            continue;
        }
        let target = to.join(&name);
        if p.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// Returns the latencies in milliseconds of `rounds` edits of `record`.
fn measure(project: &Path, record: &str, page: &str, rounds: usize) -> Vec<f64> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zaitaku"))
        .args(["serve", "--port", "0"])
        .arg(project)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start zaitaku serve");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let addr = line.split_whitespace().last().unwrap().trim_start_matches("http://").trim_end_matches('/').to_string();
    let path = project.join(record);
    let original = std::fs::read_to_string(&path).unwrap();
    let name_line = original.lines().find(|l| l.starts_with("name = ")).unwrap().to_string();
    let mut times = Vec::new();
    for round in 0..rounds {
        let marker = format!("編集{round:04}");
        let edited = original.replacen(&name_line, &format!("{}{marker}\"", name_line.trim_end_matches('"')), 1);
        let start = Instant::now();
        std::fs::write(&path, edited).unwrap();
        loop {
            if get(&addr, page).contains(&marker) {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "edit never served: {addr}{page} {}", get(&addr, page).len());
            std::thread::sleep(Duration::from_millis(1));
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        // Let the rebuild finish (the search index and PDFs follow the pages), so that
        // each round measures one edit as a person makes it, seconds apart.
        std::thread::sleep(Duration::from_millis(1500));
    }
    let _ = child.kill();
    let _ = child.wait();
    times
}

fn report(label: &str, mut t: Vec<f64>, target: f64) {
    t.sort_by(f64::total_cmp);
    let median = t[t.len() / 2];
    let p90 = t[(t.len() * 9 / 10).min(t.len() - 1)];
    println!(
        "{label:<42} median {median:6.1} ms   p90 {p90:6.1} ms   max {:6.1} ms   target ≤ {target} ms   {}",
        t[t.len() - 1],
        if median <= target { "OK" } else { "MISSED" }
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = tempfile::tempdir().unwrap();
    copy_tree(root, example.path());
    let t = measure(example.path(), "content/regions/hokubu/institutions/clinic-sakura.toml", "/hokubu/institutions/clinic-sakura.html", 20);
    report("example project (2 regions, 19 institutions)", t, 50.0);

    let big = tempfile::tempdir().unwrap();
    corpus::generate(big.path(), corpus::Size { regions: 1, institutions: 500, articles: 40 }, 1).unwrap();
    let t = measure(big.path(), "content/regions/r000/institutions/inst-0250.toml", "/r000/institutions/inst-0250.html", 20);
    report("generated region (500 institutions, 40 articles)", t, 200.0);
}
