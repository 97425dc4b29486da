//! `zaitaku import`: every layout and encoding of the public datasets, the records it
//! writes, what it leaves alone, and that a failed or interrupted import writes nothing.
//!
//! Fixtures: `tests/fixtures/import/project` (three regions: 北部 of real 沖縄県
//! municipalities, 那覇, and one ward of 横浜市) and `tests/fixtures/import/data` (one file
//! per layout; the ナビイ 施設票 is CP932 with NEC/IBM extension characters, the
//! 介護サービス事業所一覧 UTF-16 with tabs, 医療機関一覧 UTF-8 without BOM, the rest UTF-8
//! with BOM; our own export is made by building the example project).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;

fn data(name: &str) -> PathBuf {
    fixture("import/data").join(name)
}

/// A copy of the fixture project to import into.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("import/project"), tmp.path());
    tmp
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn import(project: &Path, args: &[&str], files: &[PathBuf]) -> Run {
    // In Japanese, as the staff who import read it.
    let out = zaitaku().args(["--lang", "ja", "import", "--project"]).arg(project).args(args).args(files).output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn record(project: &Path, region: &str, id: &str) -> toml::Table {
    let path = project.join(format!("content/regions/{region}/institutions/{id}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap()
}

fn first_import(project: &Path) -> Run {
    let files = [
        data("jigyosho_130_20260630.csv"),
        data("jigyosho_430_20260630.csv"),
        data("02-1_clinic_facility_info_20260601.csv"),
        data("iryou_kikan_ichiran_2026-05-01.csv"),
        data("kaigo_jigyosho_ichiran_2026-04-01.txt"),
        data("05_pharmacy_info_20260601.csv"),
    ];
    let run = import(project, &[], &files);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    run
}

fn str_list(t: &toml::Table, key: &str) -> Vec<String> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map_or_else(Vec::new, |a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
}

#[test]
fn every_layout_and_encoding_becomes_records_that_build() {
    let tmp = project();
    let run = first_import(tmp.path());

    // 介護 open data, UTF-8 with BOM: phones cleaned, 方書 appended once, e-mail dropped.
    let yamanaka = record(tmp.path(), "hokubu", "yamanaka-houkan");
    assert_eq!(yamanaka["kind"].as_str(), Some("visiting_nurse"));
    assert_eq!(yamanaka["phone"].as_str(), Some("0980-00-1234"), "（代表） removed");
    assert_eq!(yamanaka["fax"].as_str(), Some("0980-00-1235"), "full-width digits");
    assert_eq!(yamanaka["address"].as_str(), Some("沖縄県名護市字宮里1-2-3 みなとビル2階"));
    assert_eq!(yamanaka["municipality"].as_str(), Some("名護市"));
    assert!(yamanaka.get("verified").is_none(), "nobody checked it yet");
    assert_eq!(yamanaka["source"]["dataset"].as_str(), Some("kaigo-kouhyou"));
    assert_eq!(yamanaka["source"]["key"].as_str(), Some("4760190011"));
    assert_eq!(yamanaka["source"]["as_of"].as_datetime().unwrap().to_string(), "2026-06-30");
    let kunigami = record(tmp.path(), "hokubu", "kunigami-houkan");
    assert_eq!(kunigami["address"].as_str(), Some("沖縄県国頭郡国頭村字辺土名1"), "方書 already in 住所");
    assert!(kunigami.get("location").is_none(), "0.0 coordinates dropped");
    assert!(kunigami.get("url").is_none(), "an e-mail address is not a URL");
    let motobu = record(tmp.path(), "hokubu", "motobu-houkan");
    assert!(motobu.get("phone").is_none(), "an unreadable phone is left out");
    assert_eq!(motobu["location"]["lat"].as_float(), Some(26.658), "swapped coordinates swapped back");

    // Quoted comma and line break; one office in two service files is one record.
    let naha = record(tmp.path(), "naha", "naha-houkan");
    assert_eq!(naha["name"].as_str(), Some("訪問看護ステーション なは, 本店"));
    assert_eq!(naha["kind"].as_str(), Some("visiting_nurse"));
    assert_eq!(str_list(naha["source"].as_table().unwrap(), "types"), ["訪問看護", "居宅介護支援"]);
    let office_files = walk(&tmp.path().join("content/regions/naha/institutions"));
    assert_eq!(office_files.len(), 2, "{office_files:?}");

    // A ward's code goes to the region that lists the ward.
    assert_eq!(record(tmp.path(), "kanagawa", "kanagawa-houkan")["municipality"].as_str(), Some("横浜市神奈川区"));

    // ナビイ in CP932 with extension characters; its romanised name makes the id.
    let clinic = record(tmp.path(), "hokubu", "takahashi-naika-clinic");
    assert_eq!(clinic["name"].as_str(), Some("医療法人髙﨑会　髙橋内科クリニック①"));
    assert_eq!(clinic["kind"].as_str(), Some("clinic"));
    assert_eq!(clinic["source"]["key"].as_str(), Some("4720000000011"));
    assert!(record(tmp.path(), "naha", "umibe-dental").get("location").is_none());

    // 自治体標準「医療機関一覧」, UTF-8 without BOM: half-width kana widened, hours composed.
    let hospital = record(tmp.path(), "hokubu", "hokubuchuuou-hospital");
    assert_eq!(hospital["kana"].as_str(), Some("ホクブチュウオウビョウイン"));
    assert_eq!(hospital["hours"].as_str(), Some("月火水木金 09:00〜17:00 土曜は午前のみ"));
    assert_eq!(hospital["phone"].as_str(), Some("0980-52-0000"));

    // 自治体標準「介護サービス事業所一覧」 as UTF-16 with tabs; ナビイ 薬局.
    let helper = record(tmp.path(), "hokubu", "nago-helper");
    assert_eq!(
        (helper["kind"].as_str(), helper["source"]["dataset"].as_str()),
        (Some("home_help"), Some("jichitai-kaigo"))
    );
    assert_eq!(helper["source"]["as_of"].as_datetime().unwrap().to_string(), "2026-04-01");
    let pharmacy = record(tmp.path(), "hokubu", "minato-pharmacy");
    assert_eq!(
        (pharmacy["kind"].as_str(), pharmacy["source"]["dataset"].as_str()),
        (Some("pharmacy"), Some("navii-pharmacy"))
    );

    // Rows outside every region are skipped and counted; the quirks are warnings.
    assert!(run.stdout.contains("どの圏域にも入らない行: 1（圏域にない市区町村 1"), "{}", run.stdout);
    assert!(!tmp.path().join("content/regions/hokubu/institutions/miyako-houkan.toml").exists());
    assert!(run.stderr.contains("jigyosho_130_20260630.csv:3:") && run.stderr.contains("0.0"), "{}", run.stderr);
    assert!(run.stderr.contains("エラー 0 件"), "{}", run.stderr);
    assert!(run.stdout.contains("hokubu（北部圏域）: 追加 8"), "{}", run.stdout);

    // The hand-written record is untouched.
    assert_eq!(
        std::fs::read(tmp.path().join("content/regions/hokubu/institutions/nago-ishikai.toml")).unwrap(),
        std::fs::read(fixture("import/project/content/regions/hokubu/institutions/nago-ishikai.toml")).unwrap()
    );

    // It builds, and records without phases are in the lists by kind and municipality.
    let files = build_ok(tmp.path());
    for page in ["hokubu/institutions/index.html", "hokubu/institutions/municipalities.html"] {
        let names = texts(&html(&files, page), "main a");
        assert!(names.iter().any(|n| n.contains("やまなか訪問看護ステーション")), "{page}: {names:?}");
    }
    // An imported record's page does not pass the dataset's date off as a check by staff.
    let facts = |page: &str| texts(&html(&files, page), "dl.facts dt, dl.facts dd").join("|");
    let imported = facts("hokubu/institutions/yamanaka-houkan.html");
    assert!(imported.contains("掲載元|介護サービス情報公表システム（2026年6月30日時点）"), "{imported}");
    assert!(!imported.contains("情報の確認日"), "{imported}");
    let notice = texts(&html(&files, "hokubu/institutions/yamanaka-houkan.html"), "p.notice").join("|");
    assert!(notice.contains("まだ確認していません"), "{notice}");
    let written = facts("hokubu/institutions/nago-ishikai.html");
    assert!(written.contains("情報の確認日") && !written.contains("掲載元"), "{written}");

    // check warns once for the records without phases, naming the files.
    let check = zaitaku().arg("check").arg(tmp.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches("have no phases").count(), 1, "{stderr}");
    assert!(stderr.contains("11 imported institutions have no phases"), "{stderr}");
    assert!(stderr.contains("content/regions/naha/institutions/naha-houkan.toml"), "{stderr}");
}

#[test]
fn a_second_import_of_the_same_files_changes_no_byte() {
    let tmp = project();
    first_import(tmp.path());
    let before = snapshot(tmp.path());
    let run = first_import(tmp.path());
    assert_eq!(snapshot(tmp.path()), before);
    assert!(run.stdout.contains("書き換える記録はありません"), "{}", run.stdout);
    assert!(run.stdout.contains("hokubu（北部圏域）: 追加 0、更新 0、変更なし 8"), "{}", run.stdout);
}

#[test]
fn hand_edits_survive_a_newer_file_and_gone_records_are_reported_not_deleted() {
    let tmp = project();
    first_import(tmp.path());
    // Staff fill in what the data cannot say, reorder, comment, and keep a name.
    let path = tmp.path().join("content/regions/hokubu/institutions/yamanaka-houkan.toml");
    let imported = std::fs::read_to_string(&path).unwrap();
    let additions = "phases = [\"daily\", \"看取り\"]  # 在宅看取りも可\navailable_24h = true\nverified = 2026-07-01\nnote = \"\"\"\n**24時間**対応します。\n\"\"\"\n\n[source]\n";
    let edited = format!(
        "# 2026-07-01 山中さんに電話で確認\n{}\n[internal]\ndirect_line = \"090-0000-0000\"\n",
        imported
            .replace("\n[source]\n", &format!("\n{additions}"))
            .replace("kind = \"visiting_nurse\"\n", "kind = \"訪問看護ステーション\"  # 手で直した\n")
    );
    std::fs::write(&path, &edited).unwrap();
    assert_eq!(zaitaku().arg("check").arg(tmp.path()).output().unwrap().status.code(), Some(0));

    let newer = [data("jigyosho_130_20261231.csv")];
    // --dry-run: field-level changes and the gone record, nothing written.
    let before = snapshot(tmp.path());
    let dry = import(tmp.path(), &["--dry-run"], &newer);
    assert_eq!(dry.code, Some(0), "{}", dry.stderr);
    assert_eq!(snapshot(tmp.path()), before);
    assert!(dry.stdout.contains("更新 (1)"), "{}", dry.stdout);
    assert!(dry.stdout.contains("phone: 0980-00-1234 → 0980-00-9999"), "{}", dry.stdout);
    assert!(dry.stdout.contains("掲載元から消えた (1)"), "{}", dry.stdout);
    assert!(
        dry.stdout.contains("- content/regions/hokubu/institutions/kunigami-houkan.toml  くにがみ訪問看護（kaigo-kouhyou 4760190029: 訪問看護）"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("--dry-run"), "{}", dry.stdout);
    // Records of other types (居宅介護支援) and datasets are not gone.
    assert!(!dry.stdout.contains("nago-kyotaku") && !dry.stdout.contains("takahashi"), "{}", dry.stdout);

    let run = import(tmp.path(), &[], &newer);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let after = std::fs::read_to_string(&path).unwrap();
    let expected = edited
        .replace("phone = \"0980-00-1234\"", "phone = \"0980-00-9999\"")
        .replace("as_of = 2026-06-30", "as_of = 2026-12-31");
    assert_eq!(after, expected);
    assert!(tmp.path().join("content/regions/hokubu/institutions/kunigami-houkan.toml").exists(), "never deleted");
    assert!(run.stdout.contains("掲載元から消えた (1)"), "{}", run.stdout);

    // A field staff listed in `keep` is not updated; the older edition updates nothing.
    std::fs::write(&path, after.replace("as_of = 2026-12-31", "as_of = 2026-12-31\nkeep = [\"phone\"]")).unwrap();
    let kept = std::fs::read_to_string(&path).unwrap();
    let older = import(tmp.path(), &["--as-of", "2027-01-31"], &[data("jigyosho_130_20260630.csv")]);
    assert_eq!(older.code, Some(0), "{}", older.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), kept.replace("as_of = 2026-12-31", "as_of = 2027-01-31"));
    let older = import(tmp.path(), &[], &[data("jigyosho_130_20260630.csv")]);
    assert!(older.stdout.contains("より新しい版から取り込まれているため"), "{}", older.stdout);
}

#[test]
fn broken_rows_are_reported_at_their_line_and_nothing_is_written() {
    let tmp = project();
    let before = snapshot(tmp.path());
    let run = import(tmp.path(), &[], &[data("jigyosho_430_20260630.csv"), data("jigyosho_130_broken.csv")]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(snapshot(tmp.path()), before, "nothing written, not even the good file's records");
    // The missing name at its line and column, named by its column; the unclosed quote
    // where it opens; both in one run.
    assert!(run.stderr.contains("エラー: 事業所名 が空です"), "{}", run.stderr);
    assert!(run.stderr.contains("jigyosho_130_broken.csv:3:18"), "{}", run.stderr);
    assert!(run.stderr.contains("jigyosho_130_broken.csv:5:3"), "{}", run.stderr);
    assert!(run.stderr.contains("閉じていません"), "{}", run.stderr);
    assert!(run.stdout.contains("何も書き込んでいません"), "{}", run.stdout);

    // An unknown layout, a missing file and a usage error.
    let unknown = tmp.path().join("unknown.csv");
    std::fs::write(&unknown, "氏名,電話\nA,1\n").unwrap();
    let run = import(tmp.path(), &[], &[unknown, tmp.path().join("missing.csv")]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("どの公開データか分かりません") && run.stderr.contains("ファイルを読めません"),
        "{}",
        run.stderr
    );
    assert_eq!(zaitaku().arg("import").output().unwrap().status.code(), Some(2));
    assert_eq!(snapshot(tmp.path()).len(), before.len() + 1, "only the test's own unknown.csv");
}

#[test]
fn an_interrupted_import_leaves_the_project_as_it_was() {
    let tmp = project();
    let before = snapshot(tmp.path());
    // The file-size limit kills the process (SIGXFSZ) at the first write over 1 KiB:
    // the records are smaller, the journal of nine renames is not.
    let killed = std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -f 1; exec \"$0\" import --project \"$1\" \"$2\" \"$3\" \"$4\" \"$5\"")
        .arg(env!("CARGO_BIN_EXE_zaitaku"))
        .arg(tmp.path())
        .arg(data("jigyosho_130_20260630.csv"))
        .arg(data("jigyosho_430_20260630.csv"))
        .arg(data("02-1_clinic_facility_info_20260601.csv"))
        .arg(data("iryou_kikan_ichiran_2026-05-01.csv"))
        .output()
        .unwrap();
    assert_ne!(killed.status.code(), Some(0), "the size limit must stop the import");
    // Only hidden temporary files were left, which the loader ignores.
    let left: BTreeMap<_, _> = snapshot(tmp.path())
        .into_iter()
        .filter(|(p, _)| !Path::new(p).file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(left, before);
    assert!(snapshot(tmp.path()).len() > before.len(), "the kill came after some temporary files");
    // The next import removes them and does the work.
    first_import(tmp.path());
    let hidden = snapshot(tmp.path()).into_keys().filter(|p| p.contains("/.") || p.starts_with('.')).count();
    assert_eq!(hidden, 0);
}

/// What the round trip must keep of an institution: name, kind, phases, services,
/// phones, address and coordinates, as the open-data JSON shows them.
fn essentials(files: &BTreeMap<String, Vec<u8>>, region: &str) -> BTreeMap<String, serde_json::Value> {
    let json: serde_json::Value =
        serde_json::from_slice(&files[&format!("{region}/opendata/institutions.json")]).unwrap();
    json["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let keep = ["kind", "phases", "services", "phone", "fax", "address", "location", "municipality", "hours"];
            let v: serde_json::Map<String, serde_json::Value> =
                keep.iter().map(|k| (k.to_string(), i[*k].clone())).collect();
            (i["name"].as_str().unwrap().to_string(), serde_json::Value::Object(v))
        })
        .collect()
}

#[test]
fn round_trip_through_our_own_open_data() {
    let original = build_ok(&repo_root());
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(repo_root().join("site.toml"), root.join("site.toml")).unwrap();
    copy_tree(&repo_root().join("content"), &root.join("content"));
    let mut csvs = Vec::new();
    for region in ["hokubu", "osumi"] {
        // The same regions with no institutions (and nothing that names their ids).
        let dir = root.join("content/regions").join(region);
        std::fs::remove_dir_all(dir.join("institutions")).unwrap();
        std::fs::remove_dir_all(dir.join("articles")).unwrap();
        // Its vacancy figures name those institutions too (hokubu has some).
        let _ = std::fs::remove_file(dir.join("availability.csv"));
        let region_toml = std::fs::read_to_string(dir.join("region.toml")).unwrap();
        let without_hubs: String =
            region_toml.lines().filter(|l| !l.starts_with("hubs")).map(|l| format!("{l}\n")).collect();
        std::fs::write(dir.join("region.toml"), without_hubs).unwrap();
        let csv = tmp.path().join(format!("{region}_institutions_20251220.csv"));
        std::fs::write(&csv, &original[&format!("{region}/opendata/institutions.csv")]).unwrap();
        csvs.push(csv);
    }
    let run = import(&root, &[], &csvs);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty() || run.stderr.contains("エラー 0 件"), "{}", run.stderr);
    let imported = build_ok(&root);
    for region in ["hokubu", "osumi"] {
        let (a, b) = (essentials(&original, region), essentials(&imported, region));
        assert_eq!(a.len(), b.len(), "{region}");
        for (name, want) in &a {
            assert_eq!(b.get(name), Some(want), "{region}: {name}");
        }
    }
}

#[test]
fn two_records_with_one_source_key_stop_the_import() {
    let tmp = project();
    first_import(tmp.path());
    let dir = tmp.path().join("content/regions/hokubu/institutions");
    std::fs::copy(dir.join("yamanaka-houkan.toml"), dir.join("yamanaka-copy.toml")).unwrap();
    let before = snapshot(tmp.path());
    let run = import(tmp.path(), &[], &[data("jigyosho_130_20261231.csv")]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("と同じ [source]（kaigo-kouhyou 4760190011）"), "{}", run.stderr);
    assert!(run.stderr.contains("yamanaka-houkan.toml") && run.stderr.contains("yamanaka-copy.toml"), "{}", run.stderr);
    assert_eq!(snapshot(tmp.path()), before);
}
