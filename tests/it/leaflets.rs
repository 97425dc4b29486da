//! Print leaflets: every leaflet of the example project, for every region, as a PDF
//! looked at from outside — pages, paper size, fonts, text, QR code, bytes — and the
//! errors promised for leaflets that cannot be made.
//!
//! The PDF is read with poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm), which CI
//! installs. Without them the PDF checks are skipped locally and fail under `CI=true`.

use std::path::Path;
use std::sync::LazyLock;

use zaitaku::leaflet::{LeafletData, LeafletDataError, LeafletEngine, LeafletError, Layout, OverflowAt, Place, Section, leaflet_data};
use zaitaku::model::*;
use zaitaku::theme::Theme;

use crate::common::{PdfFile, poppler, squash};

static ENGINE: LazyLock<LeafletEngine> = LazyLock::new(LeafletEngine::new);

fn example() -> Project {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (project, d) = zaitaku::load::load(root);
    project.unwrap_or_else(|| panic!("the example project loads: {:?}", d.into_sorted()))
}

static EXAMPLE: LazyLock<Project> = LazyLock::new(example);
static THEME: LazyLock<Theme> = LazyLock::new(|| theme(&EXAMPLE));
static LAYOUT: LazyLock<Layout> = LazyLock::new(|| THEME.layout().clone());

fn theme(p: &Project) -> Theme {
    Theme::load(p).unwrap_or_else(|e| panic!("the theme loads: {e:?}"))
}

/// A leaflet of the example for one region, with its data and PDF.
type Built = (&'static Region, &'static Leaflet, LeafletData, Vec<u8>);

/// Every (region, leaflet) of the example.
static BUILT: LazyLock<Vec<Built>> = LazyLock::new(|| {
    let p: &'static Project = &EXAMPLE;
    let mut out = Vec::new();
    for region in &p.regions {
        for leaflet in &p.leaflets {
            let data = leaflet_data(p, region, leaflet, THEME.labels()).unwrap_or_else(|e| panic!("{e}"));
            let pdf = ENGINE.render_pdf(&data, &LAYOUT).unwrap_or_else(|e| panic!("{e}"));
            assert!(pdf.warnings.is_empty(), "{}/{}: {:?}", region.id, leaflet.id, pdf.warnings);
            out.push((region, leaflet, data, pdf.bytes));
        }
    }
    assert!(out.len() >= 4, "the example has two regions and two leaflets");
    out
});

fn page_size(info: &str) -> (f64, f64) {
    let line = info.lines().find(|l| l.starts_with("Page size:")).expect("a page size");
    let nums: Vec<f64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (nums[0], nums[1])
}

/// The filter rule, written out again: for each non-empty list, one of its values.
fn ok<T: PartialEq>(want: &[T], have: &[T]) -> bool {
    want.is_empty() || want.iter().any(|w| have.contains(w))
}

fn label(region: &Region, leaflet: &Leaflet) -> String {
    format!("{}/{}", region.id, leaflet.id)
}

// ---------------------------------------------------------------- the example

#[test]
fn every_leaflet_is_one_a4_page_tagged_with_the_font_embedded() {
    for (region, leaflet, _, bytes) in BUILT.iter() {
        let at = label(region, leaflet);
        assert!(bytes.starts_with(b"%PDF-"), "{at}");
        // The XMP metadata declares PDF/UA-1 and PDF/A-2a, which typst checked on export.
        let find = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(find("<pdfuaid:part>1</pdfuaid:part>"), "{at}: PDF/UA-1");
        assert!(find("<pdfaid:part>2</pdfaid:part>") && find("<pdfaid:conformance>A</pdfaid:conformance>"), "{at}: PDF/A-2a");
        let pdf = PdfFile::new(bytes);
        let Some(info) = pdf.info() else { return };
        assert!(info.lines().any(|l| l.split_whitespace().eq(["Pages:", "1"])), "{at}: {info}");
        let (w, h) = page_size(&info);
        assert!((w - 595.28).abs() <= 1.0 && (h - 841.89).abs() <= 1.0, "{at}: A4 is 595.28 x 841.89 pt, got {w} x {h}");
        assert!(info.lines().any(|l| l.split_whitespace().eq(["Tagged:", "yes"])), "{at}: tagged PDF\n{info}");
        assert!(info.contains("在宅医療") || info.contains(&leaflet.title), "{at}: the title is in the metadata\n{info}");

        let fonts = poppler("pdffonts", &[pdf.arg()]).unwrap();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{at}: no fonts?\n{fonts}");
        for row in rows {
            assert!(row.contains("IPAexGothic"), "{at}: only the embedded font is used\n{fonts}");
            // name type encoding emb sub uni object ID
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{at}: embedded, subset, with ToUnicode\n{fonts}");
        }
    }
}

#[test]
fn the_text_holds_the_region_its_hub_its_numbers_and_the_filtered_institutions() {
    let p: &Project = &EXAMPLE;
    for (region, leaflet, data, bytes) in BUILT.iter() {
        let at = label(region, leaflet);
        let Some(text) = PdfFile::new(bytes).text() else { return };
        let has = |s: &str| text.contains(&squash(s));

        // What every leaflet shows.
        for s in [&leaflet.title, &region.name, &p.site.publisher, "最新の情報はウェブサイトをご覧ください"] {
            assert!(has(s), "{at}: missing {s:?} in\n{text}");
        }
        assert!(has(&format!("{}年{}月{}日", region.as_of.year(), region.as_of.month(), region.as_of.day())), "{at}: as-of date");
        let url = format!("{}{}/", p.site.base_url.as_ref().unwrap(), region.id);
        assert!(has(&url), "{at}: {url} in\n{text}");
        for hub in &region.hubs {
            let inst = region.institutions.iter().find(|i| i.id.as_str() == hub.value).unwrap();
            assert!(has(&inst.name), "{at}: hub {:?} in\n{text}", inst.name);
            assert!(has(inst.phone.as_ref().unwrap().display()), "{at}: hub phone");
        }

        for section in &leaflet.sections {
            match section {
                LeafletSection::Emergency => {
                    let shared = region.emergency.iter().map(|id| p.emergency.iter().find(|e| e.id == id.value).unwrap());
                    for n in shared.chain(region.numbers.iter()) {
                        assert!(has(&n.label), "{at}: {:?}", n.label);
                        assert!(has(n.number.display()), "{at}: number {} in\n{text}", n.number.display());
                        if let Some(alt) = &n.alt_number {
                            assert!(has(alt.display()), "{at}: alt number {}", alt.display());
                        }
                        for m in n.not_available_in.iter().filter(|m| region.municipalities.contains(m)) {
                            assert!(has(m), "{at}: {} is not available in {m}", n.label);
                        }
                    }
                    for must in ["119", "#7119", "#8000"] {
                        assert!(has(must), "{at}: {must}");
                    }
                }
                LeafletSection::Institutions { phases, roles, kinds, services, .. } => {
                    // Names also shown outside the table (hub, numbers, articles) prove nothing.
                    let elsewhere = {
                        let mut d = data.clone();
                        d.sections.retain(|s| !matches!(s, Section::Institutions { .. }));
                        squash(&serde_json::to_string(&d).unwrap())
                    };
                    let mut shown = 0;
                    for i in &region.institutions {
                        let matches = ok(phases, &i.phases)
                            && ok(roles, &i.roles)
                            && ok(kinds, std::slice::from_ref(&i.kind))
                            && ok(services, &i.services);
                        if matches {
                            shown += 1;
                            assert!(has(&i.name), "{at}: {} matches the filter: missing in\n{text}", i.name);
                            if let Some(phone) = &i.phone {
                                assert!(has(phone.display()), "{at}: {}'s phone", i.name);
                            }
                        } else if !elsewhere.contains(&squash(&i.name)) {
                            assert!(!has(&i.name), "{at}: {} does not match the filter but is listed", i.name);
                        }
                    }
                    assert!(shown > 0, "{at}: the example's filter selects someone");
                }
                _ => {}
            }
        }
    }
    // The filter, spelled out for the example: acute + active_home_care.
    let guide = |region: &str| {
        let (_, _, _, bytes) =
            BUILT.iter().find(|(r, l, _, _)| r.id.as_str() == region && l.id.as_str() == "zaitaku-guide").unwrap();
        PdfFile::new(bytes).text()
    };
    if let Some(t) = guide("hokubu") {
        assert!(t.contains("クリニックさくら") && t.contains("Green在宅クリニック"), "{t}");
        assert!(!t.contains("みどり中央病院") && !t.contains("ミドリ薬局"), "{t}");
    }
    if let Some(t) = guide("osumi") {
        assert!(t.contains("もりの村診療所"), "{t}");
        assert!(!t.contains("しおかぜ記念病院") && !t.contains("ＡＢＣ訪問看護ステーション"), "{t}");
    }
}

#[test]
fn internal_values_never_reach_a_leaflet() {
    for (region, leaflet, data, bytes) in BUILT.iter() {
        let at = label(region, leaflet);
        let json = serde_json::to_string(data).unwrap();
        let text = PdfFile::new(bytes).text();
        let mut secrets = 0;
        for inst in &region.institutions {
            for secret in inst.internal.secrets_for_leak_tests() {
                secrets += 1;
                assert!(!json.contains(secret.as_str()), "{at}: leaflet data holds an internal value of {}", inst.id);
                if let Some(text) = &text {
                    assert!(!text.contains(&squash(secret)), "{at}: the PDF shows an internal value of {}", inst.id);
                }
            }
        }
        assert!(secrets > 0, "{at}: the example has internal values to look for");
    }
}

#[test]
fn the_qr_code_decodes_to_the_region_url() {
    let p: &Project = &EXAMPLE;
    for (region, leaflet, _, bytes) in BUILT.iter() {
        if !leaflet.sections.iter().any(|s| matches!(s, LeafletSection::Qr)) {
            continue;
        }
        let at = label(region, leaflet);
        let pdf = PdfFile::new(bytes);
        let prefix = pdf.path.with_file_name("page");
        if poppler("pdftoppm", &["-r", "150", "-png", "-singlefile", pdf.arg(), prefix.to_str().unwrap()]).is_none() {
            return;
        }
        let img = image::open(prefix.with_extension("png")).unwrap().to_luma8();
        let mut prepared = rqrr::PreparedImage::prepare(img);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "{at}: one QR code on the page");
        let (_, content) = grids[0].decode().unwrap_or_else(|e| panic!("{at}: QR does not decode: {e:?}"));
        assert_eq!(content, format!("{}{}/", p.site.base_url.as_ref().unwrap(), region.id), "{at}");
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let p: &Project = &EXAMPLE;
    let fresh = LeafletEngine::new();
    let layout = theme(p).layout().clone();
    for (region, leaflet, _, bytes) in BUILT.iter() {
        let data = leaflet_data(p, region, leaflet, THEME.labels()).unwrap();
        let again = ENGINE.render_pdf(&data, &LAYOUT).unwrap();
        assert!(again.bytes == *bytes, "{}: a second render differs", label(region, leaflet));
        let other = fresh.render_pdf(&data, &layout).unwrap();
        assert!(other.bytes == *bytes, "{}: another engine's render differs", label(region, leaflet));
    }
}

#[test]
fn a3_leaflets_are_a3() {
    let p: &Project = &EXAMPLE;
    let mut leaflet = p.leaflets[0].clone();
    leaflet.paper = Paper::A3;
    let data = leaflet_data(p, &p.regions[0], &leaflet, THEME.labels()).unwrap();
    let pdf = ENGINE.render_pdf(&data, &LAYOUT).unwrap();
    let Some(info) = PdfFile::new(&pdf.bytes).info() else { return };
    let (w, h) = page_size(&info);
    assert!((w - 841.89).abs() <= 1.0 && (h - 1190.55).abs() <= 1.0, "A3 is 841.89 x 1190.55 pt, got {w} x {h}");
}

// ---------------------------------------------------------------- errors

fn at<T>(value: T) -> At<T> {
    At { value, loc: Loc { file: zaitaku::model::FileId(0), span: 0..0 } }
}

fn leaflet(id: &str, sections: Vec<LeafletSection>) -> Leaflet {
    Leaflet {
        id: Id::parse(id).unwrap(),
        file: EXAMPLE.leaflets[0].file,
        title: "はみ出すチラシ".into(),
        paper: Paper::A4,
        sections,
    }
}

#[test]
fn a_leaflet_with_a_whole_long_article_overflows_naming_leaflet_region_and_section() {
    let p: &Project = &EXAMPLE;
    let region = &p.regions[0];
    let l = leaflet(
        "too-long",
        vec![
            LeafletSection::Emergency,
            LeafletSection::Article { article: at("acp".into()), summary: false },
            LeafletSection::Qr,
        ],
    );
    let data = leaflet_data(p, region, &l, THEME.labels()).unwrap();
    let err = ENGINE.render_pdf(&data, &LAYOUT).unwrap_err();
    match &err {
        LeafletError::Overflow { leaflet, region: r, at: OverflowAt::Section { index, kind }, pages, .. } => {
            assert_eq!(leaflet, "too-long");
            assert_eq!(r, region.id.as_str());
            assert_eq!((*index, *kind), (1, "article"), "{err}");
            assert!(*pages > 1);
        }
        other => panic!("expected an overflow of section 2, got {other}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("leaflet too-long") && msg.contains(&format!("region {}", region.id)), "{msg}");
    assert!(msg.contains("section 2 (article)"), "{msg}");
    // As a build diagnostic: at the leaflet's file, with advice.
    let d = err.to_diagnostic(p, &l);
    assert_eq!(d.file, p.source(l.file).path);
    assert!(d.help_text(zaitaku::i18n::Lang::En).unwrap_or_default().contains("A3"), "{d:?}");
}

#[test]
fn a_long_institution_list_shows_the_rows_that_fit_and_counts_the_rest() {
    let p: &Project = &EXAMPLE;
    let region = p.regions.iter().find(|r| r.id.as_str() == "osumi").unwrap();
    let l = leaflet(
        "all-institutions",
        vec![
            LeafletSection::Article { article: at("home-care".into()), summary: true },
            LeafletSection::Institutions { phases: vec![], roles: vec![], kinds: vec![], services: vec![], limit: None },
            LeafletSection::Emergency,
            LeafletSection::Qr,
        ],
    );
    let mut data = leaflet_data(p, region, &l, THEME.labels()).unwrap();
    // Forty-one times the region's institutions: a list no A4 page holds.
    let total = if let Section::Institutions { rows, .. } = &mut data.sections[1] {
        let one = rows.clone();
        for _ in 0..40 {
            rows.extend(one.iter().cloned());
        }
        rows.len()
    } else {
        unreachable!()
    };
    let pdf = ENGINE.render_pdf(&data, &LAYOUT).unwrap_or_else(|e| panic!("{e}"));
    let Some(text) = PdfFile::new(&pdf.bytes).text() else { return };
    let shown = text.matches(&squash(&region.institutions[0].name)).count();
    assert!(shown >= 1, "some rows are shown:\n{text}");
    // Every row is one phone number; the rest are counted beside the QR code.
    let numbers = rows_phones(&data).filter(|p| text.contains(p.as_str())).count();
    assert!(numbers >= 1, "{text}");
    assert!(text.contains("件は、ウェブサイトをご覧ください"), "{text}");
    assert!(total > 40, "{total}");
}

fn rows_phones(data: &LeafletData) -> impl Iterator<Item = String> + '_ {
    data.sections.iter().flat_map(|s| match s {
        Section::Institutions { rows, .. } => rows.iter().filter_map(|r| r.phone.as_ref().map(|p| p.display().to_string())).collect(),
        _ => Vec::new(),
    })
}

#[test]
fn content_running_off_the_page_is_an_overflow_too() {
    // An unbreakable block taller than the page stays on page one and runs off its
    // bottom edge: one page, but clipped by the paper. That is an overflow as well.
    let p: &Project = &EXAMPLE;
    let layout = Layout::new(
        "#let data = json(\"/data.json\")\n#set text(font: \"IPAexGothic\", lang: \"ja\")\n#set document(title: data.title)\n#for s in data.sections { block(breakable: false, for i in range(80) { s.type + str(i); linebreak() }) }\n",
        "themes/mine/leaflet/leaflet.typ",
    );
    let data = leaflet_data(p, &p.regions[0], &p.leaflets[0], THEME.labels()).unwrap();
    let err = ENGINE.render_pdf(&data, &layout).unwrap_err();
    assert!(matches!(&err, LeafletError::Overflow { at: OverflowAt::Section { index: 0, .. }, .. }), "{err}");
}

#[test]
fn a_qr_section_without_base_url_is_an_error() {
    let mut p = example();
    p.site.base_url = None;
    let l = p.leaflets.iter().find(|l| l.sections.iter().any(|s| matches!(s, LeafletSection::Qr))).unwrap();
    let err = leaflet_data(&p, &p.regions[0], l, THEME.labels()).unwrap_err();
    assert_eq!(err, LeafletDataError::NeedsBaseUrl { leaflet: l.id.to_string(), region: p.regions[0].id.to_string() });
    assert!(err.to_string().starts_with(&format!("leaflet {} needs base_url in site.toml for its QR code", l.id)), "{err}");

    // Without a qr section the leaflet is made and still points to the website.
    let mut no_qr = l.clone();
    no_qr.sections.retain(|s| !matches!(s, LeafletSection::Qr));
    let data = leaflet_data(&p, &p.regions[0], &no_qr, THEME.labels()).unwrap();
    assert_eq!(data.url, None);
    let pdf = ENGINE.render_pdf(&data, theme(&p).layout()).unwrap();
    if let Some(text) = PdfFile::new(&pdf.bytes).text() {
        assert!(text.contains("最新の情報はウェブサイト") && text.contains(&squash(&p.site.title)), "{text}");
    }
}

#[test]
fn a_broken_layout_is_an_error_at_its_line() {
    let p: &Project = &EXAMPLE;
    let layout = Layout::new("#let data = json(\"/data.json\")\n#text(data.no_such_field)\n", "themes/mine/leaflet/leaflet.typ");
    let data = leaflet_data(p, &p.regions[0], &p.leaflets[0], THEME.labels()).unwrap();
    let err = ENGINE.render_pdf(&data, &layout).unwrap_err();
    match &err {
        LeafletError::Layout { place: Place { file, line_column: Some((2, _)) }, .. } => {
            assert_eq!(file, "themes/mine/leaflet/leaflet.typ", "{err}")
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains(&format!("leaflet {}", p.leaflets[0].id)), "{err}");
    // As a build diagnostic: at the layout's line, not at the leaflet file.
    let d = err.to_diagnostic(p, &p.leaflets[0]);
    assert!(d.location().starts_with("themes/mine/leaflet/leaflet.typ:2:"), "{d:?}");
}

#[test]
fn a_project_can_replace_the_layout() {
    let mut p = example();
    let custom = "#let data = json(\"/data.json\")\n#set text(font: \"IPAexGothic\", lang: \"ja\")\n#set document(title: data.title)\n= #data.title\n自前のレイアウト：#data.region.name\n";
    p.theme_files.insert("leaflet/leaflet.typ".into(), custom.as_bytes().to_vec());
    let theme = theme(&p);
    let layout = theme.layout();
    let data = leaflet_data(&p, &p.regions[0], &p.leaflets[0], THEME.labels()).unwrap();
    let pdf = ENGINE.render_pdf(&data, layout).unwrap();
    if let Some(text) = PdfFile::new(&pdf.bytes).text() {
        assert!(text.contains(&squash(&format!("自前のレイアウト：{}", p.regions[0].name))), "{text}");
    }
}

// ---------------------------------------------------------------- the HTML version

#[test]
fn the_html_page_shows_the_same_content_and_links_the_pdf() {
    let site = crate::common::build_ok(&crate::common::repo_root());
    for (region, leaflet, data, pdf) in BUILT.iter() {
        let at = label(region, leaflet);
        let page = format!("{}/leaflets/{}", region.id, leaflet.id);
        let html = String::from_utf8(site[&format!("{page}.html")].clone()).unwrap();
        assert!(site[&format!("{page}.pdf")] == *pdf, "{at}: the build's PDF is the one made from the same data");
        assert!(html.contains(&format!("<a href=\"{}.pdf\">PDF版（印刷用）</a>", leaflet.id)), "{at}");
        assert!(html.contains(&leaflet.title) && html.contains(&region.name), "{at}");
        assert!(html.contains("最新の情報はウェブサイトをご覧ください"), "{at}");
        for s in &data.sections {
            match s {
                Section::Emergency { numbers } => {
                    for n in numbers {
                        assert!(html.contains(&n.number.tel_uri()), "{at}: tel link for {}", n.label);
                    }
                }
                Section::Institutions { rows, .. } => {
                    for r in rows {
                        assert!(html.contains(&r.name) && html.contains(&format!("../{}", r.url)), "{at}: {}", r.name);
                    }
                }
                Section::Qr { url, .. } => assert!(html.contains(&format!("href=\"{url}\"")), "{at}"),
                Section::Article { title, .. } => assert!(html.contains(title.as_str()), "{at}"),
            }
        }
        for inst in &region.institutions {
            for secret in inst.internal.secrets_for_leak_tests() {
                assert!(!html.contains(secret.as_str()), "{at}: internal value of {} in the HTML", inst.id);
            }
        }
        let doc = scraper::Html::parse_document(&html);
        let h1 = scraper::Selector::parse("h1").unwrap();
        assert_eq!(doc.select(&h1).count(), 1, "{at}: one h1");
    }
}

// ---------------------------------------------------------------- real scale

/// The example with `n` more acute-phase, active-home-care institutions in hokubu,
/// every third available 24 hours; names and numbers none of which contains another.
fn example_with_acute(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&crate::common::repo_root().join("content"), &dir.path().join("content"));
    std::fs::copy(crate::common::repo_root().join("site.toml"), dir.path().join("site.toml")).unwrap();
    for i in 0..n {
        let path = dir.path().join(format!("content/regions/hokubu/institutions/acute-{i:03}.toml"));
        let text = format!(
            "name = \"テスト{i:03}在宅診療所\"\nkana = \"てすと{i:03}ざいたくしんりょうじょ\"\nkind = \"clinic\"\nroles = [\"active_home_care\"]\nphases = [\"acute\"]\nmunicipality = \"みどり市\"\nphone = \"0980-77-{:04}\"\navailable_24h = {}\nverified = 2025-12-01\n",
            5000 + i,
            i % 3 == 0
        );
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn eighty_acute_institutions_build_and_the_leaflet_counts_the_ones_left_out() {
    let dir = example_with_acute(80);
    let files = crate::common::build_ok(dir.path());
    let (project, _) = zaitaku::load::load(dir.path());
    let project = project.unwrap();
    let region = project.regions.iter().find(|r| r.id.as_str() == "hokubu").unwrap();
    let matching: Vec<&Institution> = region
        .institutions
        .iter()
        .filter(|i| i.phases.contains(&Phase::Acute) && i.roles.contains(&Role::ActiveHomeCare))
        .collect();
    assert_eq!(matching.len(), 82, "80 and the example's two");
    let pdf = PdfFile::new(&files["hokubu/leaflets/zaitaku-guide.pdf"]);
    if let Some(info) = pdf.info() {
        assert!(info.lines().any(|l| l.split_whitespace().eq(["Pages:", "1"])), "one page\n{info}");
    }
    let Some(text) = pdf.text() else { return };
    let shown: Vec<&&Institution> = matching.iter().filter(|i| text.contains(&squash(&i.name))).collect();
    assert!(!shown.is_empty() && shown.len() < matching.len(), "some rows, not all: {}", shown.len());
    let n = matching.len() - shown.len();
    assert!(text.contains(&format!("ほか{n}件は、ウェブサイトをご覧ください")), "ほか{n}件 in\n{text}");
    // The order: those available 24 hours before the others.
    if shown.iter().any(|i| i.available_24h != Some(true)) {
        let all_24h = matching.iter().filter(|i| i.available_24h == Some(true)).count();
        assert_eq!(shown.iter().filter(|i| i.available_24h == Some(true)).count(), all_24h, "24-hour ones first");
    }
    // The HTML page lists them all.
    let html = String::from_utf8(files["hokubu/leaflets/zaitaku-guide.html"].clone()).unwrap();
    for i in &matching {
        assert!(html.contains(&i.name), "{} on the HTML page", i.name);
    }
}

#[test]
fn limit_caps_the_rows_and_the_count_says_the_rest() {
    let dir = example_with_acute(6);
    let leaflet = dir.path().join("content/leaflets/zaitaku-guide.toml");
    let text = std::fs::read_to_string(&leaflet).unwrap().replace("roles = [\"active_home_care\"]", "roles = [\"active_home_care\"]\nlimit = 1");
    std::fs::write(&leaflet, text).unwrap();
    let files = crate::common::build_ok(dir.path());
    let Some(text) = PdfFile::new(&files["hokubu/leaflets/zaitaku-guide.pdf"]).text() else { return };
    let listed = (0..6).filter(|i| text.contains(&format!("テスト{i:03}在宅診療所"))).count()
        + ["クリニックさくら", "Green在宅クリニック"].iter().filter(|n| text.contains(*n)).count();
    // Two rows fit this page; the limit shows one.
    assert_eq!(listed, 1, "{text}");
    assert!(text.contains("ほか7件は、ウェブサイトをご覧ください"), "{text}");
}

#[test]
fn a3_has_room_for_more_rows_than_a4() {
    let dir = example_with_acute(80);
    let files_a4 = crate::common::build_ok(dir.path());
    let leaflet = dir.path().join("content/leaflets/zaitaku-guide.toml");
    let text = std::fs::read_to_string(&leaflet).unwrap().replace("paper = \"A4\"", "paper = \"A3\"");
    std::fs::write(&leaflet, text).unwrap();
    let files_a3 = crate::common::build_ok(dir.path());
    let count = |files: &std::collections::BTreeMap<String, Vec<u8>>| {
        PdfFile::new(&files["hokubu/leaflets/zaitaku-guide.pdf"]).text().map(|t| (0..80).filter(|i| t.contains(&format!("テスト{i:03}在宅診療所"))).count())
    };
    if let (Some(a4), Some(a3)) = (count(&files_a4), count(&files_a3)) {
        assert!(a3 >= 2 * a4.max(1), "A3 shows {a3} rows, A4 {a4}");
    }
}

#[test]
fn fixed_parts_that_cannot_fit_are_named_by_the_layout_in_one_compile() {
    let p: &Project = &EXAMPLE;
    let region = &p.regions[0];
    let l = leaflet(
        "numbers",
        vec![
            LeafletSection::Institutions { phases: vec![Phase::Acute], roles: vec![], kinds: vec![], services: vec![], limit: None },
            LeafletSection::Emergency,
            LeafletSection::Qr,
        ],
    );
    let mut data = leaflet_data(p, region, &l, THEME.labels()).unwrap();
    // Four times the region's numbers: more than a page, however few rows are shown.
    if let Section::Emergency { numbers } = &mut data.sections[1] {
        let one = numbers.clone();
        for _ in 0..3 {
            numbers.extend(one.iter().cloned());
        }
    }
    let err = ENGINE.render_pdf(&data, &LAYOUT).unwrap_err();
    assert!(matches!(&err, LeafletError::Overflow { at: OverflowAt::Section { index: 1, kind: "emergency" }, .. }), "{err}");
    assert!(err.to_string().contains("section 2 (emergency) overflows, even with no institution rows"), "{err}");
    // The same on A3: the numbers, two columns of cards, still do not fit twice over.
    if let Section::Emergency { numbers } = &mut data.sections[1] {
        let more = numbers.clone();
        numbers.extend(more);
    }
    data.paper = Paper::A3;
    let err = ENGINE.render_pdf(&data, &LAYOUT).unwrap_err();
    assert!(matches!(&err, LeafletError::Overflow { paper: "A3", at: OverflowAt::Section { index: 1, .. }, .. }), "{err}");
}
