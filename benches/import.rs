//! Import benchmark: 20,000 rows — a prefecture's share of the national files — into a
//! project of 20 regions.
//!
//!     cargo bench --bench import
//!
//! The rows are generated (deterministically) for the real municipalities of 埼玉県,
//! spread over 20 regions: 介護 open data for 訪問介護 (7,000 rows), 訪問看護 (2,000)
//! and 居宅介護支援 (4,000, of which 2,000 are offices also in the 訪問介護 file), and
//! ナビイ 施設票 for clinics (5,000), hospitals (1,000) and dental clinics (1,000). One
//! row in twenty is in 東京都 (skipped), one in ten has a `（代表）` phone, one in twenty
//! `0.0` coordinates. Three cases, each timed as the release CLI (`zaitaku import`):
//!
//! - first: into the regions with no institutions (writes ~18,000 record files);
//! - again: the same files into the result (reads and compares every record; writes
//!   nothing);
//! - dry-run: the first import with `--dry-run` (everything but the writing);
//! - cp floor: not an import, `cp -a` of the project the first import made: what
//!   creating that many small files costs on this file system.
//!
//! Each case runs `ZAITAKU_BENCH_RUNS` times (default 5) on a fresh copy; the copy is not
//! timed. Reported: median wall time and median CPU time (user + system of the child,
//! from `getrusage(RUSAGE_CHILDREN)` before and after). Target (issue 14): first ≤ 2 s.
//! `ZAITAKU_BENCH_KEEP=1` keeps the generated project and files (the path is printed).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use zaitaku::import::municipality::{EntryType, table};

const REGIONS: usize = 20;
const PREFECTURE: &str = "埼玉県";
const KAIGO_HEADER: &str = "都道府県コード又は市町村コード,No,都道府県名,市区町村名,事業所名,事業所名カナ,サービスの種類,住所,方書（ビル名等）,緯度,経度,電話番号,FAX番号,法人番号,法人の名称,事業所番号,利用可能曜日,利用可能曜日特記事項,定員,URL,高齢者の方と障害者の方が同時一体的に利用できるサービス,介護保険の通常の指定基準を満たしている,障害福祉の通常の指定基準を満たしている,備考";
const NAVII_HEADER: &str = "ID,正式名称,正式名称（フリガナ）,略称,略称（フリガナ）,英語表記（ローマ字表記）,機関区分,都道府県コード,市区町村コード,所在地,所在地座標（緯度）,所在地座標（経度）,案内用ホームページアドレス";
const PLACES: &[(&str, &str, &str)] = &[
    ("みどり", "ミドリ", "Midori"),
    ("さくら", "サクラ", "Sakura"),
    ("青葉", "アオバ", "Aoba"),
    ("若松", "ワカマツ", "Wakamatsu"),
    ("東山", "ヒガシヤマ", "Higashiyama"),
    ("西川", "ニシカワ", "Nishikawa"),
    ("朝日", "アサヒ", "Asahi"),
    ("本町", "ホンマチ", "Honmachi"),
    ("星野", "ホシノ", "Hoshino"),
    ("日向", "ヒナタ", "Hinata"),
];

struct Municipality {
    code: &'static str,
    name: &'static str,
    prefecture: &'static str,
}

fn municipalities(prefecture: &str) -> Vec<Municipality> {
    table()
        .entries()
        .iter()
        .filter(|e| e.prefecture == prefecture && e.kind == EntryType::Municipality)
        .map(|e| Municipality { code: e.code, name: e.name, prefecture: e.prefecture })
        .collect()
}

/// The project: 20 regions sharing 埼玉県's municipalities, no institutions.
fn project(dir: &Path) {
    std::fs::write(dir.join("site.toml"), "title = \"取り込みの計測\"\npublisher = \"埼玉県\"\n").unwrap();
    let ms = municipalities(PREFECTURE);
    for r in 0..REGIONS {
        let names: Vec<String> = ms.iter().skip(r).step_by(REGIONS).map(|m| format!("{:?}", m.name)).collect();
        let region = dir.join(format!("content/regions/r{r:02}"));
        std::fs::create_dir_all(&region).unwrap();
        let toml = format!(
            "name = \"第{r}圏域\"\nprefecture = \"{PREFECTURE}\"\nmunicipalities = [{}]\nas_of = 2026-06-01\n",
            names.join(", ")
        );
        std::fs::write(region.join("region.toml"), toml).unwrap();
    }
}

/// Where row `n` is: 埼玉県 mostly, 東京都 one time in twenty.
fn place<'a>(n: usize, home: &'a [Municipality], away: &'a [Municipality]) -> &'a Municipality {
    if n % 20 == 7 { &away[n % away.len()] } else { &home[n % home.len()] }
}

fn coordinates(n: usize) -> (String, String) {
    if n % 20 == 3 {
        ("0.0".into(), "0.0".into())
    } else {
        (format!("{:.6}", 35.85 + (n % 997) as f64 * 1e-4), format!("{:.6}", 139.55 + (n % 991) as f64 * 1e-4))
    }
}

/// A 介護 service file: `rows` offices numbered from `first`.
fn kaigo(path: &Path, service: &str, first: usize, rows: usize, numbers_from: usize) {
    let (home, away) = (municipalities(PREFECTURE), municipalities("東京都"));
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(KAIGO_HEADER.split(',')).unwrap();
    for i in 0..rows {
        let n = first + i;
        let m = place(n, &home, &away);
        let (name, kana, _) = PLACES[n % PLACES.len()];
        let (lat, lon) = coordinates(n);
        let phone = if n % 10 == 1 {
            format!("048-000-{:04}（代表）", n % 10_000)
        } else {
            format!("048-000-{:04}", n % 10_000)
        };
        let key = format!("11{:08}", numbers_from + i);
        let mut row = vec![String::new(); 24];
        row[0] = m.code.to_string();
        row[1] = (i + 1).to_string();
        row[2] = m.prefecture.to_string();
        row[3] = m.name.to_string();
        row[4] = format!("{name}{service}事業所{n}");
        row[5] = format!("{kana}ジギョウショ");
        row[6] = service.to_string();
        row[7] = format!("{}{}{}丁目{}-{}", m.prefecture, m.name, n % 9 + 1, n % 30 + 1, n % 7 + 1);
        row[8] = if n.is_multiple_of(3) { format!("{name}ビル{}階", n % 5 + 1) } else { String::new() };
        row[9] = lat;
        row[10] = lon;
        row[11] = phone;
        row[15] = key;
        row[16] = "平日,土曜日".into();
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
}

/// A ナビイ 施設票 of one 機関区分, UTF-8 with BOM and CRLF, as the ministry publishes.
fn navii(path: &Path, kubun: char, label: &str, first: usize, rows: usize) {
    let (home, away) = (municipalities(PREFECTURE), municipalities("東京都"));
    let mut out = String::from("\u{feff}");
    out.push_str(NAVII_HEADER);
    out.push_str("\r\n");
    for i in 0..rows {
        let n = first + i;
        let m = place(n, &home, &away);
        let (name, kana, romaji) = PLACES[n % PLACES.len()];
        let (lat, lon) = coordinates(n);
        let addr = format!("{}{}{}-{}", m.prefecture, m.name, n % 9 + 1, n % 30 + 1);
        let _ = write!(
            out,
            "\"{pref}{kubun}{id:010}\",\"{name}{label}{n}\",\"{kana}{label}\",\"\",\"\",\"{romaji} {label} {n}\",\"{kubun}\",\"{pref}\",\"{muni}\",\"{addr}\",{lat},{lon},\"\"\r\n",
            pref = &m.code[..2],
            id = n,
            muni = &m.code[2..5],
        );
    }
    std::fs::write(path, out).unwrap();
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let p = |name: &str| dir.join(name);
    kaigo(&p("jigyosho_110_20260630.csv"), "訪問介護", 0, 7_000, 0);
    kaigo(&p("jigyosho_130_20260630.csv"), "訪問看護", 7_000, 2_000, 7_000);
    // 居宅介護支援: 2,000 offices that also do 訪問介護 (same numbers), 2,000 others.
    kaigo(&p("jigyosho_430_20260630.csv"), "居宅介護支援", 0, 2_000, 0);
    kaigo(&p("jigyosho_430b_20260630.csv"), "居宅介護支援", 9_000, 2_000, 9_000);
    navii(&p("02-1_clinic_facility_info_20260601.csv"), '2', "クリニック", 20_000, 5_000);
    navii(&p("01-1_hospital_facility_info_20260601.csv"), '1', "病院", 30_000, 1_000);
    navii(&p("03-1_dental_facility_info_20260601.csv"), '3', "歯科医院", 40_000, 1_000);
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

fn cpu_of_children() -> f64 {
    // SAFETY: an all-zero rusage is valid; getrusage fills it.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a rusage.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    s(u.ru_utime) + s(u.ru_stime)
}

/// Runs the import; returns wall and CPU seconds and the summary it printed.
fn run(project: &Path, inputs: &[PathBuf], dry_run: bool) -> (f64, f64, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zaitaku"));
    cmd.arg("import").arg("--project").arg(project);
    if dry_run {
        cmd.arg("--dry-run");
    }
    cmd.args(inputs).stdin(Stdio::null());
    let cpu = cpu_of_children();
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_of_children() - cpu;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    (wall, cpu, stdout)
}

fn copy(from: &Path, to: &Path) {
    let status = Command::new("cp").arg("-a").arg(from).arg(to).status().unwrap();
    assert!(status.success());
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::var("ZAITAKU_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    project(&empty);
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let inputs = files(&data);
    let rows: usize = inputs.iter().map(|f| std::fs::read_to_string(f).unwrap().lines().count() - 1).sum();
    println!("zaitaku import: {rows} rows in {} files into {REGIONS} regions ({PREFECTURE})", inputs.len());
    // A project with the records in it, for the second case.
    let imported = tmp.path().join("imported");
    copy(&empty, &imported);
    let (_, _, summary) = run(&imported, &inputs, false);
    let records = summary.lines().find(|l| l.contains("件の記録を書き込みました")).unwrap_or("").to_string();
    println!("first import: {records}");

    let mut results: Vec<(&str, Vec<f64>, Vec<f64>)> =
        ["first", "again", "dry-run", "cp floor"].into_iter().map(|c| (c, vec![], vec![])).collect();
    for i in 0..runs {
        // Interleaved, so that a noisy minute hurts every case alike.
        for (case, walls, cpus) in results.iter_mut() {
            let target = tmp.path().join(format!("run-{i}"));
            let (wall, cpu) = if *case == "cp floor" {
                // The floor: `cp -a` creating the same record files the first import writes.
                let cpu = cpu_of_children();
                let start = Instant::now();
                copy(&imported, &target);
                (start.elapsed().as_secs_f64(), cpu_of_children() - cpu)
            } else {
                copy(if *case == "again" { &imported } else { &empty }, &target);
                let (wall, cpu, _) = run(&target, &inputs, *case == "dry-run");
                (wall, cpu)
            };
            walls.push(wall);
            cpus.push(cpu);
            std::fs::remove_dir_all(&target).unwrap();
        }
    }
    println!("{:<10} {:>12} {:>12}   (medians of {runs})", "case", "wall s", "cpu s");
    for (case, walls, cpus) in results {
        println!("{case:<10} {:>12.3} {:>12.3}", median(walls), median(cpus));
    }
    println!("target: first ≤ 2 s");
    if std::env::var_os("ZAITAKU_BENCH_KEEP").is_some() {
        println!("kept: {}", tmp.keep().display());
    }
}
