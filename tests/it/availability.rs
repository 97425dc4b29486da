//! Vacancy figures (content/regions/<id>/availability.csv) end to end: a fixture with a
//! fresh, a stale and a missing figure built at a fixed time; the same file in CP932;
//! broken rows; availability.json against its documented shape; `check`'s warnings;
//! what a change of the file alone changes in the output; the 空きあり filter in
//! Chromium.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use zaitaku::model::{BuildTime, DateTime};

use crate::common::*;

/// The fixture's build time: 2026-11-29 10:00 in Japan.
fn at_ten() -> BuildTime {
    "2026-11-29T10:00".parse::<DateTime>().unwrap().into()
}

fn fixture_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("availability"), tmp.path());
    tmp
}

fn build_at(root: &Path, when: BuildTime) -> BTreeMap<String, Vec<u8>> {
    let build = zaitaku::build(root, when);
    let errors: Vec<String> =
        build.diagnostics.iter().filter(|d| d.severity == zaitaku::diagnostic::Severity::Error).map(|d| d.render(zaitaku::i18n::Lang::En)).collect();
    assert!(errors.is_empty(), "unexpected errors:\n{}", errors.join("\n"));
    build.files.expect("files").into_iter().map(|f| (f.path, f.bytes)).collect()
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).unwrap()
}

/// (service label, class, text) of each vacancy line of a page's `selector`.
fn lines(files: &BTreeMap<String, Vec<u8>>, page: &str, selector: &str) -> Vec<(String, String, String)> {
    let doc = html(files, page);
    doc.select(&sel(&format!("{selector} .availability-line")))
        .map(|li| {
            let class = li.value().attr("class").unwrap().split(' ').find(|c| *c != "availability-line").unwrap().to_string();
            let service: String = li.select(&sel(".availability-service")).flat_map(|e| e.text()).collect();
            let words: String = li.select(&sel(".availability-text")).flat_map(|e| e.text()).collect();
            (service, class, words)
        })
        .collect()
}

fn line(service: &str, class: &str, words: &str) -> (String, String, String) {
    (service.to_string(), class.to_string(), words.to_string())
}

const ASK_TO_CALL: &str = "最新の空き状況はお問い合わせください";

#[test]
fn fresh_stale_and_missing_figures_render_as_specified_at_a_fixed_build_time() {
    let files = build_at(&fixture("availability"), at_ten());

    // Fresh: the figure with its time; stale (73 hours): not shown, ask to call;
    // missing (short stay of やまの家): ask to call.
    assert_eq!(
        lines(&files, "alpha/institutions/sakura-rouken.html", ".contact"),
        [line("ショートステイ：", "availability-free", "空きあり 2（11月29日 9時時点）")]
    );
    assert_eq!(
        lines(&files, "alpha/institutions/umi-hospital.html", ".contact"),
        [line("レスパイト入院：", "availability-unknown", ASK_TO_CALL)]
    );
    assert_eq!(
        lines(&files, "alpha/institutions/yama-home.html", ".contact"),
        [
            line("ショートステイ：", "availability-unknown", ASK_TO_CALL),
            line("レスパイト入院：", "availability-none", "空きなし（11月29日 8時30分時点）"),
        ]
    );
    let stale_page = text(&files, "alpha/institutions/umi-hospital.html");
    assert!(!stale_page.contains("11月26日"), "a stale figure's time is not shown as if it were news");
    // An institution that offers neither service has no vacancy block.
    assert!(!text(&files, "alpha/institutions/aoba.html").contains("availability"));

    // The region page: free places first, each with its phone as a tel: link.
    let page = html(&files, "alpha/availability.html");
    assert_eq!(texts(&page, "h1"), ["ショートステイ・レスパイトの空き"]);
    assert_eq!(texts(&page, "main section:not([hidden]) h2"), ["空きあり（1件）", "空きなし（1件）", "最新の空き状況がわからない機関（1件）"]);
    // The empty group is there, hidden, for the page's script to move a card into.
    assert_eq!(texts(&page, "main section[hidden] h2"), ["要相談（0件）"]);
    assert_eq!(
        texts(&page, "main .card-title"),
        ["介護老人保健施設 さくらの里", "やまの家", "うみ病院"]
    );
    assert_eq!(attrs(&page, "main .card .tel", "href"), ["tel:0980000101", "tel:0980000103", "tel:0980000102"]);
    assert_eq!(attrs(&page, "main .card[data-free]", "data-free"), ["short_stay"]);
    // Linked from the top page; the region without a file has neither page nor link.
    assert!(attrs(&html(&files, "alpha/index.html"), "a", "href").contains(&"availability.html".to_string()));
    assert!(!files.contains_key("beta/availability.html"));
    assert!(!attrs(&html(&files, "beta/index.html"), "a", "href").contains(&"availability.html".to_string()));

    // Lists: the card of the free institution carries data-free, and the filter is there.
    let list = html(&files, "alpha/institutions/index.html");
    assert_eq!(attrs(&list, ".card[data-free]", "data-free"), ["short_stay"]);
    assert_eq!(attrs(&list, ".card[data-availability]", "data-availability").len(), 3);
    assert_eq!(attrs(&list, "#availability-filter", "type"), ["checkbox"]);
    assert!(html(&files, "beta/institutions/index.html").select(&sel("#availability-filter")).next().is_none());

    // Search results: the fresh figures, and `free` for the filter.
    let index = text(&files, "alpha/search-index.js");
    let line = index.lines().find(|l| l.starts_with("window.ZAITAKU_SEARCH = ")).unwrap();
    let json = line.strip_prefix("window.ZAITAKU_SEARCH = JSON.parse(").unwrap().strip_suffix(");").unwrap();
    let payload: serde_json::Value = serde_json::from_str(&serde_json::from_str::<String>(json).unwrap()).unwrap();
    let docs = payload["docs"].as_array().unwrap();
    let doc = |url: &str| docs.iter().find(|d| d["url"] == url).unwrap().clone();
    assert_eq!(doc("institutions/sakura-rouken.html")["availability"], "ショートステイ：空きあり 2（11月29日 9時時点）");
    assert_eq!(doc("institutions/sakura-rouken.html")["free"], true);
    assert_eq!(doc("institutions/yama-home.html")["availability"], "レスパイト入院：空きなし（11月29日 8時30分時点）");
    assert!(doc("institutions/yama-home.html").get("free").is_none());
    assert!(doc("institutions/umi-hospital.html").get("availability").is_none(), "stale: nothing in the results");

    // The feed: one entry per fresh figure, dated at its time.
    let feed = text(&files, "alpha/feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let entries: Vec<_> = doc
        .root_element()
        .children()
        .filter(|e| e.has_tag_name("entry"))
        .filter(|e| e.children().any(|c| c.has_tag_name("category") && c.attribute("term") == Some("availability")))
        .collect();
    let summary = |e: &roxmltree::Node<'_, '_>, tag: &str| e.children().find(|c| c.has_tag_name(tag)).and_then(|c| c.text()).unwrap().to_string();
    assert_eq!(entries.len(), 2);
    assert_eq!(summary(&entries[0], "title"), "介護老人保健施設 さくらの里の空き（ショートステイ）");
    assert_eq!(summary(&entries[0], "updated"), "2026-11-29T09:00:00+09:00");
    assert_eq!(summary(&entries[0], "summary"), "空きあり 2（11月29日 9時時点）");
    assert_eq!(summary(&entries[0], "id"), "https://example.lg.jp/zaitaku/alpha/institutions/sakura-rouken.html#availability-short_stay-20261129T0900");
    let updated = doc.root_element().children().find(|c| c.has_tag_name("updated")).and_then(|c| c.text()).unwrap();
    assert_eq!(updated, "2026-11-29T09:00:00+09:00", "the newest entry dates the feed");

    // Leaflets say where the figures are, and print none.
    let leaflet_page = text(&files, "alpha/index.html");
    assert!(!leaflet_page.contains("空きあり 2"), "the top page shows no figure");
}

/// availability.json, read strictly: every key known (`deny_unknown_fields`), every
/// type as docs/availability.schema.json says.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct JsonFile {
    region: JsonRegion,
    license: String,
    fresh_hours: u32,
    figures: Vec<JsonFigure>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct JsonRegion {
    id: String,
    name: String,
    prefecture: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct JsonFigure {
    institution: JsonInstitution,
    service: JsonService,
    status: JsonStatus,
    free: Option<u32>,
    as_of: String,
    valid_until: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct JsonInstitution {
    id: String,
    name: String,
    phone: Option<String>,
    page: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct JsonService {
    id: JsonServiceId,
    label: String,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
enum JsonServiceId {
    ShortStay,
    Respite,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
enum JsonStatus {
    Free,
    None,
    Ask,
}

fn timestamp(s: &str) -> jiff::Timestamp {
    assert!(s.ends_with("+09:00"), "Japan time: {s}");
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn availability_json_has_the_documented_shape_and_only_fresh_figures() {
    let files = build_at(&fixture("availability"), at_ten());
    let bytes = &files["alpha/opendata/availability.json"];
    let file: JsonFile = serde_json::from_slice(bytes).expect("availability.json as docs/availability.schema.json says");
    assert_eq!((file.region.id.as_str(), file.region.name.as_str(), file.region.prefecture.as_str()), ("alpha", "アルファ圏域", "テスト県"));
    assert_eq!((file.license.as_str(), file.fresh_hours), ("CC BY 4.0", 48));
    let got: Vec<(&str, &JsonServiceId, &JsonStatus, Option<u32>)> =
        file.figures.iter().map(|f| (f.institution.id.as_str(), &f.service.id, &f.status, f.free)).collect();
    assert_eq!(
        got,
        [
            ("sakura-rouken", &JsonServiceId::ShortStay, &JsonStatus::Free, Some(2)),
            ("yama-home", &JsonServiceId::Respite, &JsonStatus::None, Some(0)),
        ],
        "the stale figure is left out"
    );
    for f in &file.figures {
        let (from, until) = (timestamp(&f.as_of), timestamp(&f.valid_until));
        assert_eq!(until.duration_since(from).as_hours(), 48);
        assert!(f.institution.page.starts_with("https://example.lg.jp/zaitaku/alpha/institutions/"));
        assert!(f.institution.phone.is_some() && !f.institution.name.is_empty() && !f.service.label.is_empty());
    }
    // The schema in docs says the same keys.
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo_root().join("docs/availability.schema.json")).unwrap()).unwrap();
    let required = |v: &serde_json::Value| -> Vec<String> {
        let mut r: Vec<String> = v["required"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect();
        r.sort();
        r
    };
    assert_eq!(required(&schema), ["figures", "fresh_hours", "license", "region"]);
    let figure = &schema["properties"]["figures"]["items"];
    assert_eq!(required(figure), ["as_of", "free", "institution", "service", "status", "valid_until"]);
    assert_eq!(figure["additionalProperties"], false);
    // No figure file where there is no availability.csv.
    assert!(!files.contains_key("beta/opendata/availability.json"));
}

/// docs/availability.schema.json, compiled by a JSON Schema (2020-12) validator.
fn availability_schema() -> (boon::Schemas, boon::SchemaIndex) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo_root().join("docs/availability.schema.json")).unwrap()).unwrap();
    let (mut schemas, mut compiler) = (boon::Schemas::new(), boon::Compiler::new());
    compiler.add_resource("file:///docs/availability.schema.json", schema).unwrap();
    let index = compiler.compile("file:///docs/availability.schema.json", &mut schemas).unwrap_or_else(|e| panic!("{e}"));
    (schemas, index)
}

#[test]
fn availability_json_validates_against_the_published_schema() {
    let (schemas, index) = availability_schema();
    let fixture = build_at(&fixture("availability"), at_ten());
    let example = build_ok(&repo_root());
    let files = [("fixture", &fixture, "alpha/opendata/availability.json"), ("example", &example, "hokubu/opendata/availability.json")];
    for (project, files, path) in files {
        let json: serde_json::Value = serde_json::from_slice(&files[path]).unwrap();
        assert!(!json["figures"].as_array().unwrap().is_empty(), "{project}: figures to validate");
        if let Err(e) = schemas.validate(&json, index) {
            panic!("{project} {path}: {e:#}");
        }
        // The schema is not a formality: what partners must not rely on fails.
        let mut bad = json.clone();
        bad["figures"][0]["status"] = "many".into();
        assert!(schemas.validate(&bad, index).is_err(), "{project}: unknown status");
        let mut bad = json.clone();
        bad["figures"][0]["phone"] = "0980-00-0000".into();
        assert!(schemas.validate(&bad, index).is_err(), "{project}: a key the schema does not list");
        let mut bad = json;
        bad["figures"][0].as_object_mut().unwrap().remove("valid_until");
        assert!(schemas.validate(&bad, index).is_err(), "{project}: a figure without valid_until");
    }
}

#[test]
fn the_same_file_saved_by_excel_in_cp932_gives_the_same_site() {
    let utf8 = build_at(&fixture("availability"), at_ten());
    let tmp = fixture_copy();
    let csv = tmp.path().join("content/regions/alpha/availability.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    assert_ne!(bytes.as_ref(), text.as_bytes(), "really another encoding");
    std::fs::write(&csv, &bytes).unwrap();
    let cp932 = build_at(tmp.path(), at_ten());
    assert_eq!(utf8.keys().collect::<Vec<_>>(), cp932.keys().collect::<Vec<_>>());
    for (path, bytes) in &utf8 {
        assert!(cp932[path] == *bytes, "{path} differs between the UTF-8 and the CP932 file");
    }
    // With a byte-order mark too (Excel's "CSV UTF-8").
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    std::fs::write(&csv, &bom).unwrap();
    assert_eq!(build_at(tmp.path(), at_ten()), utf8);
}

#[test]
fn bad_rows_are_reported_at_their_lines_and_nothing_is_published() {
    let tmp = fixture_copy();
    std::fs::write(
        tmp.path().join("content/regions/alpha/availability.csv"),
        "機関,サービス,空き,時点\n\
         sakura-rouken,ショートステイ,たくさん,2026-11-29 09:00\n\
         sakura-rokuen,ショートステイ,1,2026-11-29 09:00\n\
         aoba,レスパイト入院,1,2026-11-29 09:00\n\
         yama-home,respite,1,11/29 9時\n",
    )
    .unwrap();
    let out = tmp.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    // A previous good build stays as it is.
    let good = zaitaku().env("ZAITAKU_NOW", "2026-11-29 10:00").arg("build").arg(fixture("availability")).arg("--out").arg(&out).output().unwrap();
    assert!(good.status.success(), "{}", String::from_utf8_lossy(&good.stderr));
    let before = snapshot(&out);
    let run = zaitaku().env("ZAITAKU_NOW", "2026-11-29 10:00").arg("build").arg(tmp.path()).arg("--out").arg(&out).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let locations: Vec<&str> = stderr.lines().filter_map(|l| l.trim_start().strip_prefix("--> ")).collect();
    let file = "content/regions/alpha/availability.csv";
    assert_eq!(
        locations,
        [format!("{file}:2:23"), format!("{file}:3:1"), format!("{file}:4:6"), format!("{file}:5:21")],
        "{stderr}"
    );
    assert!(stderr.contains("空き: \"たくさん\" is not a number of free places"), "{stderr}");
    assert!(stderr.contains("機関: \"sakura-rokuen\" is not an institution of region alpha"), "{stderr}");
    assert!(stderr.contains("did you mean `sakura-rouken` (介護老人保健施設 さくらの里)?"), "{stderr}");
    assert!(stderr.contains("サービス: あおば在宅クリニック (aoba) does not list レスパイト入院 among its services"), "{stderr}");
    assert!(stderr.contains("時点: \"11/29 9時\" is not a date and time"), "{stderr}");
    assert!(stderr.contains("build failed: nothing was written"), "{stderr}");
    assert_eq!(snapshot(&out), before, "the last good site is left as it was");

    // Staff read them in Japanese: the same places, the catalogue's words.
    let ja = zaitaku()
        .env("ZAITAKU_NOW", "2026-11-29 10:00")
        .env("LANG", "ja_JP.UTF-8")
        .arg("build")
        .arg(tmp.path())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&ja.stderr);
    let ja_locations: Vec<&str> = stderr.lines().filter_map(|l| l.trim_start().strip_prefix("--> ")).collect();
    assert_eq!(ja_locations, locations, "{stderr}");
    assert!(stderr.contains("「空き」の \"たくさん\" は空きの数として読めません"), "{stderr}");
    assert!(stderr.contains("もしかして「sakura-rouken」（介護老人保健施設 さくらの里）ですか？"), "{stderr}");
    assert!(stderr.contains("「時点」の \"11/29 9時\" は日時として読めません"), "{stderr}");
    assert!(stderr.contains("作成に失敗しました。何も書き出していません"), "{stderr}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn check_warns_about_stale_figures_by_institution() {
    let run = zaitaku().env("ZAITAKU_NOW", "2026-11-29 10:00").arg("check").arg(fixture("availability")).output().unwrap();
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(
        warnings,
        ["warning: 時点: the figure for うみ病院 (レスパイト入院) is from 2026-11-26 09:00, 73 hours before the build (2026-11-29 10:00): older than availability_fresh_hours = 48, so pages ask residents to call instead"],
        "{stderr}"
    );
    assert!(stderr.contains("content/regions/alpha/availability.csv:3:24"), "{stderr}");
    // Three days later all of them are; a site that trusts figures for 96 hours
    // warns about none of them at 10:00 on the 29th.
    let later = zaitaku().env("ZAITAKU_NOW", "2026-12-02 10:00").arg("check").arg(fixture("availability")).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&later.stderr).lines().filter(|l| l.starts_with("warning: 時点")).count(), 3);
    let tmp = fixture_copy();
    let site = tmp.path().join("site.toml");
    std::fs::write(&site, format!("{}availability_fresh_hours = 96\n", std::fs::read_to_string(&site).unwrap())).unwrap();
    let longer = zaitaku().env("ZAITAKU_NOW", "2026-11-29 10:00").arg("check").arg(tmp.path()).output().unwrap();
    assert!(!String::from_utf8_lossy(&longer.stderr).contains("warning: 時点"));
}

/// The pages that may show vacancies, the JSON, the feed and the search index: what
/// `Stage::Availability` and the search stage make.
fn in_availability_set(path: &str) -> bool {
    let region_path = path.split_once('/').map_or(path, |(_, p)| p);
    matches!(
        region_path,
        "availability.html"
            | "opendata/index.html"
            | "opendata/availability.json"
            | "feed.xml"
            | "search-index.js"
            | "institutions/index.html"
            | "institutions/municipalities.html"
    ) || region_path.starts_with("phases/")
        || ["sakura-rouken", "umi-hospital", "yama-home"].iter().any(|i| region_path == format!("institutions/{i}.html"))
}

#[test]
fn a_change_of_the_figures_alone_changes_only_the_files_that_show_them() {
    let before = build_at(&fixture("availability"), at_ten());
    let tmp = fixture_copy();
    let csv = tmp.path().join("content/regions/alpha/availability.csv");
    let text = std::fs::read_to_string(&csv).unwrap().replace("sakura-rouken,ショートステイ,2,2026-11-29 09:00", "sakura-rouken,ショートステイ,1,2026-11-29 09:45");
    std::fs::write(&csv, text).unwrap();
    let after = build_at(tmp.path(), at_ten());
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    let changed: Vec<&String> = before.keys().filter(|p| before[*p] != after[*p]).collect();
    assert!(!changed.is_empty());
    let outside: Vec<&&String> = changed.iter().filter(|p| !in_availability_set(p)).collect();
    assert!(outside.is_empty(), "changed outside the vacancy set: {outside:?}");
    assert!(changed.iter().all(|p| p.starts_with("alpha/")), "{changed:?}");
    assert!(changed.contains(&&"alpha/institutions/sakura-rouken.html".to_string()));
    assert!(!changed.contains(&&"alpha/institutions/yama-home.html".to_string()), "an unchanged figure's page keeps its bytes");
}

#[test]
fn serve_shows_an_edit_of_the_figures_at_once_and_serves_what_build_writes() {
    use crate::serve::{get_text, start_with, strip_injection, wait_for, request};
    let tmp = fixture_copy();
    // `zaitaku()` pins ZAITAKU_TODAY (noon of 2025-12-20): write figures fresh then.
    let csv = tmp.path().join("content/regions/alpha/availability.csv");
    std::fs::write(&csv, "institution,service,free,as_of\nsakura-rouken,short_stay,3,2025-12-20 11:00\n").unwrap();
    let server = start_with(tmp.path(), &[], std::process::Stdio::null());
    let addr = server.addr.clone();
    let page = "/alpha/institutions/sakura-rouken.html";
    assert!(get_text(&addr, page).contains("空きあり 3（12月20日 11時時点）"));
    std::fs::write(&csv, "institution,service,free,as_of\nsakura-rouken,short_stay,要相談,2025-12-20 11:30\n").unwrap();
    wait_for("the new figure", || get_text(&addr, page).contains("要相談（12月20日 11時30分時点）"));
    wait_for("the search index", || get_text(&addr, "/alpha/search-index.js").contains("11時30分"));
    // What is served is what a clean build writes.
    let built = build_at(tmp.path(), "2025-12-20".parse::<zaitaku::model::Date>().unwrap().into());
    for (path, bytes) in &built {
        let (status, _, body) = request(&addr, &format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        let body = if path.ends_with(".html") { strip_injection(&body) } else { body };
        assert!(body == *bytes, "{path} served differs from the build");
    }
}

/// The time in Japan now, to the minute, as `YYYY-MM-DD HH:MM`, `minutes` from now.
fn jst(minutes: i64) -> String {
    let now = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(minutes);
    now.to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9))).strftime("%Y-%m-%d %H:%M").to_string()
}

fn built_site(figures: &str, now: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = fixture_copy();
    std::fs::write(tmp.path().join("content/regions/alpha/availability.csv"), figures).unwrap();
    let out = tmp.path().join("public");
    let run = zaitaku().env("ZAITAKU_NOW", now).arg("build").arg(tmp.path()).arg("--out").arg(&out).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    (tmp, out)
}

#[test]
fn chromium_shows_the_free_places_filter_working_and_hides_figures_past_their_time() {
    let Some(browser) = crate::search_e2e::chromium_or_skip() else { return };
    // Built now, so that the browser's clock finds the figures fresh.
    let figures = format!(
        "institution,service,free,as_of\nsakura-rouken,short_stay,2,{}\nyama-home,respite,0,{}\nyama-home,short_stay,要相談,{}\n",
        jst(-60),
        jst(-30),
        jst(-90)
    );
    let (_tmp, out) = built_site(&figures, &jst(0));
    let url = |page: &str| format!("file://{}/alpha/{page}", out.display());
    let visible = |dom: &str, selector: &str| -> Vec<String> {
        let doc = scraper::Html::parse_document(dom);
        doc.select(&sel(selector))
            .filter(|e| e.value().attr("hidden").is_none())
            .map(|e| e.select(&sel(".card-title")).flat_map(|t| t.text()).collect::<String>().trim().to_string())
            .collect()
    };

    // The list, unfiltered: every card; with ?free=1: only free places, the count said.
    let all = crate::search_e2e::dump_dom(&browser, &url("institutions/index.html"));
    assert_eq!(visible(&all, "li.card").len(), 5, "{all}");
    let filtered = crate::search_e2e::dump_dom(&browser, &url("institutions/index.html?free=1"));
    assert_eq!(visible(&filtered, "li.card"), ["介護老人保健施設 さくらの里"]);
    let doc = scraper::Html::parse_document(&filtered);
    assert_eq!(texts(&doc, "#availability-count"), ["空きありの機関：1件"]);
    assert!(doc.select(&sel(".availability-filter[hidden]")).next().is_none(), "the filter is shown once it works");
    assert!(doc.select(&sel("#availability-filter[checked], #availability-filter")).next().is_some());
    // 空きあり is one of the list's filters (lists.js): with another, both apply, and the
    // status line counts what they leave.
    let both = crate::search_e2e::dump_dom(&browser, &url(&format!("institutions/index.html?m={}&free=1", "%E6%9D%B1%E7%94%BA"))); // 東町
    assert_eq!(visible(&both, "li.card"), ["介護老人保健施設 さくらの里"]);
    assert_eq!(texts(&scraper::Html::parse_document(&both), "#list-status"), ["5件のうち1件を表示しています。"]);
    let none = crate::search_e2e::dump_dom(&browser, &url("institutions/index.html?kind=clinic&free=1"));
    assert!(visible(&none, "li.card").is_empty(), "no clinic has free places");

    // Search: both offer short stays; with the filter, only the one with free places,
    // its figure shown under it.
    let q = "%E3%82%B7%E3%83%A7%E3%83%BC%E3%83%88%E3%82%B9%E3%83%86%E3%82%A4"; // ショートステイ
    let titles = |dom: &str| texts(&scraper::Html::parse_document(dom), "#search-results .search-result-title");
    let mut found = titles(&crate::search_e2e::dump_dom(&browser, &url(&format!("search.html?q={q}"))));
    found.sort();
    assert_eq!(found, ["やまの家", "介護老人保健施設 さくらの里"]);
    let free = crate::search_e2e::dump_dom(&browser, &url(&format!("search.html?q={q}&free=1")));
    assert_eq!(titles(&free), ["介護老人保健施設 さくらの里"]);
    let shown = texts(&scraper::Html::parse_document(&free), "#search-results .search-result-availability");
    assert_eq!(shown.len(), 1);
    assert!(shown[0].starts_with("ショートステイ：空きあり 2（"), "{shown:?}");

    // A site built in 2025 and read now: its figures are past their time, and the page
    // says to call instead of showing them.
    let (_old, out) = built_site("institution,service,free,as_of\nsakura-rouken,short_stay,2,2025-12-20 09:00\n", "2025-12-20 10:00");
    let page = format!("file://{}/alpha/institutions/sakura-rouken.html", out.display());
    let before = std::fs::read_to_string(out.join("alpha/institutions/sakura-rouken.html")).unwrap();
    assert!(before.contains("空きあり 2（12月20日 9時時点）"), "as built");
    let dom = crate::search_e2e::dump_dom(&browser, &page);
    let doc = scraper::Html::parse_document(&dom);
    assert_eq!(texts(&doc, ".contact .availability-text"), [ASK_TO_CALL]);
    assert_eq!(attrs(&doc, ".contact .availability-line", "class"), ["availability-line availability-unknown"]);

    // The vacancy page read after some figures passed their time (two hours here, built
    // an hour ago): their cards move to the group the figures left say, counts follow.
    let tmp = fixture_copy();
    let site = tmp.path().join("site.toml");
    std::fs::write(&site, format!("{}availability_fresh_hours = 2\n", std::fs::read_to_string(&site).unwrap())).unwrap();
    std::fs::write(
        tmp.path().join("content/regions/alpha/availability.csv"),
        format!(
            "institution,service,free,as_of\nsakura-rouken,short_stay,2,{}\nyama-home,respite,0,{}\nyama-home,short_stay,要相談,{}\n",
            jst(-150),
            jst(-70),
            jst(-150)
        ),
    )
    .unwrap();
    let out = tmp.path().join("public");
    let run = zaitaku().env("ZAITAKU_NOW", jst(-60)).arg("build").arg(tmp.path()).arg("--out").arg(&out).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let groups = |dom: &str| -> Vec<(String, String, Vec<String>)> {
        let doc = scraper::Html::parse_document(dom);
        doc.select(&sel("section[data-group]"))
            .filter(|s| s.value().attr("hidden").is_none())
            .map(|s| {
                let count = s.select(&sel(".group-count")).flat_map(|c| c.text()).collect::<String>();
                let names = s.select(&sel(".card-title")).map(|t| t.text().collect::<String>().trim().to_string()).collect();
                (s.value().attr("data-group").unwrap().to_string(), count, names)
            })
            .collect()
    };
    let built = groups(&std::fs::read_to_string(out.join("alpha/availability.html")).unwrap());
    assert_eq!(built[0], ("free".into(), "1".into(), vec!["介護老人保健施設 さくらの里".to_string()]), "as built: {built:?}");
    assert_eq!(built[1], ("ask".into(), "1".into(), vec!["やまの家".to_string()]), "as built: {built:?}");
    let read = groups(&crate::search_e2e::dump_dom(&browser, &format!("file://{}/alpha/availability.html", out.display())));
    let ids: Vec<&str> = read.iter().map(|(id, ..)| id.as_str()).collect();
    assert_eq!(ids, ["none", "unknown"], "{read:?}");
    assert_eq!(read[0], ("none".into(), "1".into(), vec!["やまの家".to_string()]), "its respite figure is still fresh");
    assert!(read[1].2.contains(&"介護老人保健施設 さくらの里".to_string()), "{read:?}");
    assert_eq!(read[1].1, read[1].2.len().to_string(), "the count follows: {read:?}");
}

/// The text of a PDF, whitespace removed (Japanese lines break anywhere); `None`
/// without poppler-utils, which only a run outside CI may lack.
fn pdf_text(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leaflet.pdf");
    std::fs::write(&path, bytes).unwrap();
    match std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&path).arg("-").output() {
        Ok(out) => Some(String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect()),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => panic!("pdftotext is needed under CI: {e}"),
        Err(_) => None,
    }
}

#[test]
fn leaflets_say_where_the_figures_are_and_print_none() {
    let files = build_ok(&repo_root());
    let sentence = "空き状況は日々変わるため、ウェブサイトの「ショートステイ・レスパイトの空き」でご覧ください。";
    // The example's hokubu publishes 2 free places and one 要相談; osumi has no figures.
    let hokubu = text(&files, "hokubu/availability.html");
    assert!(hokubu.contains("空きあり 2") && hokubu.contains("要相談"), "the figures the leaflets must not print");
    let pdfs: Vec<&String> = files.keys().filter(|p| p.contains("/leaflets/") && p.ends_with(".pdf")).collect();
    assert!(pdfs.len() >= 4, "{pdfs:?}");
    for path in pdfs {
        let page = path.replace(".pdf", ".html");
        let html = html(&files, &page);
        let links: Vec<(String, String)> = html
            .select(&sel("main a"))
            .map(|a| (a.value().attr("href").unwrap_or("").to_string(), a.text().collect::<String>()))
            .collect();
        let to_page = links.iter().find(|(href, _)| href == "../availability.html");
        let Some(pdf) = pdf_text(&files[path.as_str()]) else { continue };
        for figure in ["空きあり", "要相談", "空きなし"] {
            assert!(!pdf.contains(figure), "{path} prints a figure: {figure}");
        }
        if path.starts_with("hokubu/") {
            // Beside the QR code of the site, whose top page links to the vacancy page.
            assert!(pdf.contains(sentence) && pdf.contains("https://www.pref.example.lg.jp/zaitaku/hokubu/"), "{path}: {pdf}");
            assert!(to_page.is_some_and(|(_, words)| words == sentence), "{page}: {links:?}");
        } else {
            assert!(!pdf.contains(sentence) && to_page.is_none(), "{path}: a region without figures says nothing of them");
        }
    }
}

#[test]
fn the_guidebook_says_where_the_figures_are_and_prints_none() {
    let files = build_ok(&repo_root());
    let lead = "ショートステイやレスパイト入院の空き状況は日々変わるため、この本には載せていません。";
    let url = "https://www.pref.example.lg.jp/zaitaku/hokubu/availability.html";
    for region in ["hokubu", "osumi"] {
        let web = text(&files, &format!("{region}/guidebook.html"));
        let links = attrs(&html(&files, &format!("{region}/guidebook.html")), "main a", "href");
        let pdf = pdf_text(&files[&format!("{region}/guidebook.pdf")]);
        for figure in ["空きあり", "要相談", "空きなし"] {
            assert!(!web.contains(figure), "{region}/guidebook.html shows a figure: {figure}");
            assert!(!pdf.as_ref().is_some_and(|p| p.contains(figure)), "{region}/guidebook.pdf prints a figure: {figure}");
        }
        if region == "hokubu" {
            assert!(web.contains(lead) && links.contains(&"availability.html".to_string()), "{links:?}");
            if let Some(pdf) = &pdf {
                assert!(pdf.contains(lead) && pdf.contains(url), "{pdf}");
            }
        } else {
            assert!(!web.contains(lead) && !links.contains(&"availability.html".to_string()));
            assert!(!pdf.as_ref().is_some_and(|p| p.contains(lead)));
        }
    }
}
