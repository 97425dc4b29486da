//! Writes a generated project for benchmarks and experiments:
//!
//!     cargo run --release --example corpus -- OUT_DIR [REGIONS] [INSTITUTIONS] [ARTICLES] [SEED]
//!
//! Defaults: 20 regions × 500 institutions × 30 shared articles, seed 1.

#[path = "../benches/support/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: corpus OUT_DIR [REGIONS] [INSTITUTIONS] [ARTICLES] [SEED]";
    let Some(out) = args.first() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    if out.starts_with('-') {
        println!("{usage}\n\nWrites a valid zaitaku project (content contract) of REGIONS × INSTITUTIONS\n× ARTICLES shared articles, deterministic by SEED. Defaults: 20 500 30 1.");
        std::process::exit(if out == "-h" || out == "--help" { 0 } else { 2 });
    }
    let num = |i: usize, default: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    let size = corpus::Size { regions: num(1, 20), institutions: num(2, 500), articles: num(3, 30) };
    let seed = num(4, 1) as u64;
    let dir = std::path::Path::new(out);
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("{out} exists and is not empty");
        std::process::exit(2);
    }
    match corpus::generate(dir, size, seed) {
        Ok(n) => println!("wrote {n} files to {out} ({size:?}, seed {seed})"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
