//! Open data and machine-readable outputs, parsed the way their consumers parse them.


use crate::common::*;

const HEADER: [&str; 30] = [
    "都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "名称", "名称_カナ", "医療機関の種類", "住所", "方書",
    "緯度", "経度", "電話番号", "内線番号", "FAX番号", "法人番号", "法人の名称", "医療機関コード", "診療曜日", "診療開始時間",
    "診療終了時間", "診療日時特記事項", "時間外における対応", "診療科目", "病床数", "URL", "備考", "在宅医療の場面", "サービス",
    "24時間対応", "最終確認日",
];

#[test]
fn institutions_csv_follows_the_municipal_standard_layout() {
    let files = build_ok(&repo_root());
    for (region, count) in [("hokubu", 10), ("osumi", 9)] {
        let bytes = &files[&format!("{region}/opendata/institutions.csv")];
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM so that Excel reads UTF-8");
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        // Every record ends in CRLF (line breaks inside quoted fields are the author's).
        assert!(text.ends_with("\r\n"));
        let records: Vec<csv::StringRecord> =
            csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes()).records().map(Result::unwrap).collect();
        let inside = |pat: &str| records.iter().flat_map(|r| r.iter()).map(|f| f.matches(pat).count()).sum::<usize>();
        assert_eq!(text.matches("\r\n").count() - inside("\r\n"), records.len(), "{region}: terminators are CRLF");
        assert_eq!(text.matches('\n').count() - inside("\n"), records.len(), "{region}: no bare LF ends a record");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header, HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), count, "{region}: one row per institution");
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(&row[1], (i + 1).to_string(), "NO counts from 1");
            assert!(!row[4].is_empty(), "名称");
            assert!(row[29].len() == 10, "最終確認日 is an ISO date");
            // Fields the contract has no value for stay empty: nothing is invented.
            for empty in [0, 8, 12, 14, 15, 16, 17, 18, 19, 22, 23] {
                assert_eq!(&row[empty], "", "{region} row {i} column {}", HEADER[empty]);
            }
        }
        let sakura = rows.iter().find(|r| &r[4] == "クリニックさくら");
        if let Some(r) = sakura {
            assert_eq!(&r[5], "クリニックサクラ", "名称_カナ in katakana");
            assert_eq!(&r[11], "0980-00-1101");
            assert_eq!(&r[28], "○");
        }
    }
}

#[test]
fn institutions_json_has_the_same_rows_and_a_licence() {
    let files = build_ok(&repo_root());
    let json: serde_json::Value = serde_json::from_slice(&files["hokubu/opendata/institutions.json"]).unwrap();
    assert_eq!(json["license"], "CC BY 4.0");
    let list = json["institutions"].as_array().unwrap();
    assert_eq!(list.len(), 10);
    assert!(list.iter().all(|i| i["name"].is_string() && i["kind"]["id"].is_string() && i["verified"].is_string()));
    let page = html(&files, "hokubu/opendata/index.html");
    assert_eq!(attrs(&page, ".data-files a", "href"), vec!["../opendata/institutions.csv", "../opendata/institutions.json", "../opendata/availability.json", "../feed.xml"]);
    assert!(texts(&page, "main").join("").contains("CC BY 4.0"));
}

#[test]
fn pages_carry_schema_org_json_ld_of_the_right_type() {
    let files = build_ok(&repo_root());
    let cases = [
        ("hokubu/institutions/clinic-sakura.html", "MedicalClinic"),
        ("hokubu/institutions/midori-chuo-hospital.html", "Hospital"),
        ("hokubu/institutions/midori-pharmacy.html", "Pharmacy"),
        ("hokubu/articles/acp.html", "Article"),
    ];
    for (path, ty) in cases {
        let doc = html(&files, path);
        let scripts = texts(&doc, "script[type='application/ld+json']");
        assert_eq!(scripts.len(), 1, "{path}");
        let ld: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(ld["@context"], "https://schema.org", "{path}");
        assert_eq!(ld["@type"], ty, "{path}");
        if ty == "Article" {
            assert!(ld["dateModified"].as_str().unwrap().starts_with("2025-"));
        } else {
            assert!(ld["telephone"].is_string() && ld["address"]["@type"] == "PostalAddress", "{path}");
        }
    }
}

#[test]
fn the_atom_feed_is_well_formed_xml_with_an_entry_per_update() {
    let files = build_ok(&repo_root());
    let xml = String::from_utf8(files["hokubu/feed.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let entries: Vec<_> = feed.children().filter(|n| n.has_tag_name("entry")).collect();
    let articles = files.keys().filter(|p| p.starts_with("hokubu/articles/") && !p.ends_with("index.html")).count();
    // Plus one per vacancy figure fresh at the pinned time (availability.csv: two rows).
    let figures = entries
        .iter()
        .filter(|e| e.children().any(|c| c.has_tag_name("category") && c.attribute("term") == Some("availability")))
        .count();
    assert_eq!(figures, 2);
    assert_eq!(entries.len(), 10 + articles + figures);
    for e in &entries {
        for child in ["id", "title", "updated", "link"] {
            assert!(e.children().any(|n| n.has_tag_name(child)), "entry without {child}");
        }
    }
    // Sitemaps are well-formed too.
    for path in files.keys().filter(|p| p.ends_with(".xml")) {
        roxmltree::Document::parse(std::str::from_utf8(&files[path]).unwrap()).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}
