//! Times every leaflet × region PDF of a project (the repository's example by default).
//!
//!     cargo run --release --example leaflet_bench -- [PROJECT_ROOT] [--out DIR] [--rounds N]
//!
//! Prints the one-off engine start-up; then milliseconds per PDF (data + typesetting +
//! export): first as a build meets them (each PDF once, in order, in a fresh process),
//! then the best of N rounds with typst's memo cache emptied before every PDF (nothing
//! reused but the engine), then all at once in parallel. `--out` also writes the PDFs
//! as DIR/<region>-<leaflet>.pdf to look at.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use zaitaku::leaflet::{LeafletEngine, leaflet_data};
use zaitaku::theme::Theme;

fn main() {
    let mut root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out: Option<PathBuf> = None;
    let mut rounds = 5usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--rounds" => rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(rounds),
            other => root = PathBuf::from(other),
        }
    }

    let (project, diags) = zaitaku::load::load(&root);
    let Some(project) = project else {
        for d in diags.into_sorted() {
            eprintln!("{}: {}", d.location(), d.message_text(zaitaku::i18n::Lang::En));
        }
        std::process::exit(1);
    };

    let t = Instant::now();
    let engine = LeafletEngine::new();
    let theme = Theme::load(&project).unwrap_or_else(|e| panic!("the theme: {e:?}"));
    let (layout, labels) = (theme.layout(), theme.labels());
    println!("engine + layout: {:.1} ms (once per build)", ms(t));

    let jobs: Vec<_> = project.regions.iter().flat_map(|r| project.leaflets.iter().map(move |l| (r, l))).collect();
    let mut best = vec![f64::INFINITY; jobs.len()];
    // Round 0 is a build: each PDF once, typst's caches filling as they go.
    for round in 0..=rounds {
        for (n, (region, leaflet)) in jobs.iter().enumerate() {
            if round > 0 {
                LeafletEngine::evict_cache(0);
            }
            let t = Instant::now();
            let data = leaflet_data(&project, region, leaflet, labels).unwrap_or_else(|e| panic!("{e}"));
            let pdf = engine.render_pdf(&data, layout).unwrap_or_else(|e| panic!("{e}"));
            let took = ms(t);
            if round == 0 {
                println!("build  {:<8} {:<14} {:>6.1} ms  {:>6} bytes", region.id.as_str(), leaflet.id.as_str(), took, pdf.bytes.len());
                if let Some(dir) = &out {
                    std::fs::create_dir_all(dir).expect("output folder");
                    std::fs::write(dir.join(format!("{}-{}.pdf", region.id, leaflet.id)), &pdf.bytes).expect("write");
                }
            } else {
                best[n] = best[n].min(took);
            }
        }
    }
    if rounds > 0 {
        for ((region, leaflet), b) in jobs.iter().zip(&best) {
            println!("cold   {:<8} {:<14} {:>6.1} ms (best of {rounds}, memo cache emptied)", region.id.as_str(), leaflet.id.as_str(), b);
        }
        let mean = best.iter().sum::<f64>() / best.len() as f64;
        println!("cold mean: {mean:.1} ms per PDF (target ≤ 150 ms)");
    }

    // All leaflets of all regions at once, as a build would run them.
    LeafletEngine::evict_cache(0);
    let t = Instant::now();
    jobs.par_iter().for_each(|(region, leaflet)| {
        let data = leaflet_data(&project, region, leaflet, labels).unwrap_or_else(|e| panic!("{e}"));
        engine.render_pdf(&data, layout).unwrap_or_else(|e| panic!("{e}"));
    });
    let all = ms(t);
    println!(
        "parallel, {} threads: {} PDFs in {:.1} ms ({:.1} ms per PDF)",
        rayon::current_num_threads(),
        jobs.len(),
        all,
        all / jobs.len() as f64
    );
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
