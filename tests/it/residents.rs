//! What residents do on a phone (issue 16): the built pages, parsed, and the same pages
//! used in headless Chromium (`tests/browser/residents.mjs`: search as people type,
//! calling from the results, narrowing, sorting by distance with a fixed position,
//! printing to PDF).
//!
//! Chromium, node and the playwright-core of `tests/a11y/node_modules` are required
//! under CI (`CI=true`): the browser test fails there if one is missing.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use crate::common::*;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn example() -> BTreeMap<String, Vec<u8>> {
    build_ok(&repo_root())
}

#[test]
fn the_portal_shows_119_first_and_every_municipality_in_reading_order() {
    let files = example();
    let portal = html(&files, "index.html");
    let main = portal.select(&sel("main")).next().unwrap();
    let first_section = main.select(&sel("section")).next().unwrap();
    assert_eq!(first_section.value().attr("class"), Some("emergency"), "the numbers come first");
    assert_eq!(attrs(&portal, "a[href^='tel:']", "href"), ["tel:119"], "119, and only it: the other numbers differ by region");

    // Reading order (municipalities_kana): うみべちょう, しおかぜちょう, ちゅらさきそん, つばきちょう,
    // ひだまりし, みどりし, もりのむら, やまなかそん.
    let names = texts(&portal, ".municipality-list .municipality-name");
    assert_eq!(names, ["うみべ町", "しおかぜ町", "ちゅらさき村", "つばき町", "ひだまり市", "みどり市", "もりの村", "やまなか村"]);
    let links = attrs(&portal, ".municipality-list a", "href");
    let regions = ["hokubu", "osumi", "hokubu", "osumi", "osumi", "hokubu", "osumi", "hokubu"];
    for ((link, region), name) in links.iter().zip(regions).zip(&names) {
        assert_eq!(link, &format!("{region}/index.html"), "{name}");
        assert!(files.contains_key(link), "{link} exists");
    }
    // Grouped by the row of the syllabary, each row a heading the contents link to.
    assert_eq!(texts(&portal, "section[aria-labelledby=municipalities-h] h3"), ["あ行", "さ行", "た行", "は行", "ま行", "や行"]);
    for target in attrs(&portal, "section[aria-labelledby=municipalities-h] .toc a", "href") {
        assert!(portal.select(&sel(&target)).next().is_some(), "{target}");
    }
}

#[test]
fn the_acute_phase_page_opens_with_the_regions_emergency_numbers() {
    let files = example();
    for region in ["hokubu", "osumi"] {
        let top = html(&files, &format!("{region}/index.html"));
        let acute = html(&files, &format!("{region}/phases/acute.html"));
        let main = acute.select(&sel("main")).next().unwrap();
        let first_section = main.select(&sel("section")).next().unwrap();
        assert_eq!(first_section.value().attr("class"), Some("emergency"), "{region}");
        // The same block as the top page, before any other phone number.
        assert_eq!(texts(&acute, ".emergency .number-label"), texts(&top, ".emergency .number-label"));
        let block = attrs(&acute, ".emergency a[href^='tel:']", "href");
        let all = attrs(&acute, "main a[href^='tel:']", "href");
        assert_eq!(all[..block.len()], block[..], "{region}: the emergency numbers come first");
        assert_eq!(all[0], "tel:119");
    }
    // The other phases do not repeat the block.
    let daily = html(&files, "hokubu/phases/daily.html");
    assert!(daily.select(&sel(".emergency")).next().is_none());
}

#[test]
fn institutions_with_a_location_link_to_the_gsi_map_and_nothing_loads_from_there() {
    let files = example();
    let page = html(&files, "hokubu/institutions/clinic-sakura.html");
    let map = attrs(&page, ".map-link a", "href");
    assert_eq!(map.len(), 1);
    assert!(map[0].starts_with("https://maps.gsi.go.jp/#17/26.5887/127.9802/"), "{}", map[0]);
    // Nothing on the page is loaded from another host.
    for (selector, attr) in [("script[src]", "src"), ("link[href]", "href"), ("img[src]", "src"), ("iframe[src]", "src")] {
        for value in attrs(&page, selector, attr) {
            assert!(!value.contains("://") || value.starts_with("https://www.pref.example.lg.jp/"), "{selector}: {value}");
        }
    }
    // No location, no map link.
    let dental = html(&files, "hokubu/institutions/umibe-dental.html");
    assert!(dental.select(&sel(".map-link")).next().is_none());
}

#[test]
fn list_cards_say_what_they_can_be_narrowed_and_sorted_by() {
    let files = example();
    let list = html(&files, "hokubu/institutions/index.html");
    let card = list
        .select(&sel("li.card"))
        .find(|c| c.select(&sel("a")).next().and_then(|a| a.value().attr("href")) == Some("../institutions/clinic-sakura.html"))
        .expect("the card of クリニックさくら");
    let a = |name: &str| card.value().attr(name).map(str::to_string);
    assert_eq!(a("data-kind").as_deref(), Some("clinic"));
    assert_eq!(a("data-m").as_deref(), Some("みどり市"));
    assert_eq!(a("data-phases").as_deref(), Some("daily acute end_of_life"));
    assert_eq!(a("data-h24").as_deref(), Some("1"));
    assert_eq!((a("data-lat").as_deref(), a("data-lon").as_deref()), (Some("26.5887"), Some("127.9802")));
    // The tools are the script's: hidden in the HTML, and a note for when it does not run.
    let tools = list.select(&sel("#list-tools")).next().unwrap();
    assert!(tools.value().attr("hidden").is_some());
    assert!(list.select(&sel("noscript")).next().is_some());
    // hokubu publishes vacancy figures: availability.js runs first, so that a figure past
    // its time no longer counts as free when lists.js narrows to 空きあり.
    assert_eq!(attrs(&list, "script[src]", "src"), ["../assets/availability.js", "../assets/lists.js"]);
    assert_eq!(attrs(&list, "#availability-filter", "type"), ["checkbox"]);
    assert!(files.contains_key("hokubu/assets/lists.js"));
    // Every option of the kind filter is a kind the region has.
    let kinds = attrs(&list, "#filter-kind option", "value");
    assert_eq!(kinds[0], "");
    for kind in &kinds[1..] {
        assert!(list.select(&sel(&format!("li.card[data-kind={kind}]"))).next().is_some(), "{kind}");
    }
}

#[test]
fn the_search_index_carries_readings_and_what_results_show() {
    let files = example();
    let js = String::from_utf8(files["hokubu/search-index.js"].clone()).unwrap();
    let start = js.find("JSON.parse(").unwrap() + "JSON.parse(".len();
    let end = start + js[start..].find(");\n").unwrap();
    let text: String = serde_json::from_str(&js[start..end]).unwrap();
    let index: serde_json::Value = serde_json::from_str(&text).unwrap();
    let vocab: Vec<(String, String)> = serde_json::from_value(index["vocab"].clone()).unwrap();
    for pair in [("おうしん", "往診"), ("ほうもんかんご", "訪問看護"), ("みとり", "看取り"), ("しんりょうじょ", "診療所"), ("みどりし", "みどり市")] {
        assert!(vocab.iter().any(|(r, l)| (r.as_str(), l.as_str()) == pair), "{pair:?}");
    }
    let sakura = index["docs"].as_array().unwrap().iter().find(|d| d["url"] == "institutions/clinic-sakura.html").unwrap();
    assert_eq!(sakura["kind_id"], "clinic");
    assert_eq!(sakura["phase_ids"], "daily acute end_of_life");
    assert_eq!(sakura["municipality"], "みどり市");
    assert_eq!(sakura["phone"], "0980-00-1101");
    assert_eq!(sakura["tel"], "tel:0980001101");
    // osumi's readings are its own.
    let osumi = String::from_utf8(files["osumi/search-index.js"].clone()).unwrap();
    assert!(osumi.contains("ひだまりし") && !osumi.contains("みどりし"));
}

/// Chromium for playwright: an absolute path.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    [std::env::var("CHROMIUM").ok(), Some("/usr/bin/chromium".into()), Some("chromium".into())]
        .into_iter()
        .flatten()
        .map(PathBuf::from)
        .flat_map(|c| if c.is_absolute() { vec![c] } else { std::env::split_paths(&path).map(|d| d.join(&c)).collect() })
        .find(|c| c.is_file())
}

#[test]
fn residents_search_narrow_sort_by_distance_and_print_in_chromium() {
    let playwright = repo_root().join("tests/a11y/node_modules/playwright-core");
    let node_ok = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let tools = ["pdfinfo", "pdftotext"].iter().all(|t| Command::new(t).arg("-v").output().is_ok());
    let browser = chromium();
    if !playwright.is_dir() || !node_ok || browser.is_none() || !tools {
        assert!(
            !in_ci(),
            "node, chromium, poppler-utils and tests/a11y/node_modules are required under CI (`cd tests/a11y && npm ci --ignore-scripts`)"
        );
        eprintln!("note: node, chromium, poppler or playwright-core missing; skipping the residents' browser test outside CI");
        return;
    }
    // Built by the real binary into a sub-folder, as a user would publish it.
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("city/zaitaku");
    let status = zaitaku().arg("build").arg(repo_root()).arg("--out").arg(&out_dir).env("ZAITAKU_TODAY", "2025-12-20").status().unwrap();
    assert!(status.success());
    let out = Command::new("node")
        .arg(repo_root().join("tests/browser/residents.mjs"))
        .arg(&out_dir)
        .env("CHROMIUM", browser.unwrap())
        .output()
        .expect("run node");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    println!("{report}");
    assert!(out.status.success(), "residents.mjs failed:\n{report}");
    assert!(report.contains("all checks passed"), "{report}");
}
