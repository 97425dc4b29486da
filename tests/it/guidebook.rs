//! Each region's guidebook (資源ガイドブック), looked at from outside: the PDF's pages,
//! text, fonts, type sizes, line spacing, index and bytes, its HTML twin, the link on
//! the region's top page, the short book of a region without institutions, and
//! `[outputs] guidebook = false`.
//!
//! PDFs are read with poppler-utils (pdfinfo, pdffonts, pdftotext), which CI installs;
//! without them the PDF checks are skipped locally and fail under `CI=true`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use zaitaku::model::*;

use crate::common::{PdfFile, attrs, build_ok, copy_tree, html, repo_root, squash, texts};

static EXAMPLE: LazyLock<Project> = LazyLock::new(|| {
    let (project, d) = zaitaku::load::load(&repo_root());
    project.unwrap_or_else(|| panic!("the example project loads: {:?}", d.into_sorted()))
});

static BUILT: LazyLock<BTreeMap<String, Vec<u8>>> = LazyLock::new(|| build_ok(&repo_root()));

fn guidebook(files: &BTreeMap<String, Vec<u8>>, region: &str) -> PdfFile {
    PdfFile::new(files.get(&format!("{region}/guidebook.pdf")).unwrap_or_else(|| panic!("no {region}/guidebook.pdf")))
}

#[test]
fn every_region_has_a_tagged_a4_guidebook_of_a_sane_length_with_its_font_embedded() {
    for region in &EXAMPLE.regions {
        let at = format!("{}/guidebook.pdf", region.id);
        let bytes = &BUILT[&at];
        let find = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(find("<pdfuaid:part>1</pdfuaid:part>"), "{at}: PDF/UA-1");
        let pdf = PdfFile::new(bytes);
        let Some(info) = pdf.info() else { return };
        assert!(info.lines().any(|l| l.split_whitespace().eq(["Tagged:", "yes"])), "{at}: tagged\n{info}");
        assert!(info.lines().any(|l| l.starts_with("Page size:") && l.contains("(A4)")), "{at}: A4\n{info}");
        let pages = pdf.pages().unwrap();
        // Cover, contents, how to use (1–2), intro, numbers, hubs, the institutions at a
        // few per page, and the index.
        let n = region.institutions.len();
        assert!(pages >= 6 && pages <= 8 + n, "{at}: {pages} pages for {n} institutions");
        pdf.assert_fonts_embedded(&at);
        // Bookmarks: every chapter is one.
        let outline = String::from_utf8_lossy(bytes);
        assert!(outline.contains("/Outlines"), "{at}: bookmarks");
    }
}

#[test]
fn the_body_shows_every_institution_and_every_phone_number_and_nothing_internal() {
    let p: &Project = &EXAMPLE;
    for region in &p.regions {
        let at = format!("{}/guidebook.pdf", region.id);
        let Some(text) = guidebook(&BUILT, region.id.as_str()).text() else { return };
        for s in [&region.name, &p.site.publisher, "索引", "このガイドブックの使い方", "マークの見方"] {
            assert!(text.contains(&squash(s)), "{at}: {s:?}");
        }
        let as_of = format!("{}年{}月{}日", region.as_of.year(), region.as_of.month(), region.as_of.day());
        assert!(text.contains(&as_of), "{at}: the as-of date");
        for i in &region.institutions {
            assert!(text.contains(&squash(&i.name)), "{at}: {} is missing", i.name);
            for phone in i.phone.iter().chain(i.fax.iter()) {
                assert!(text.contains(phone.display()), "{at}: {}'s number {}", i.name, phone.display());
            }
            for secret in i.internal.secrets_for_leak_tests() {
                assert!(!text.contains(&squash(secret)), "{at}: an internal value of {}", i.id);
            }
        }
        let shared = region.emergency.iter().map(|id| p.emergency.iter().find(|e| e.id == id.value).unwrap());
        for n in shared.chain(region.numbers.iter()) {
            assert!(text.contains(n.number.display()), "{at}: {} {}", n.label, n.number.display());
        }
    }
}

/// The page numbers the index gives for `name`: the index (the pages from the one
/// titled 索引 on) shows `name・・・7、8、11ページ`.
fn index_pages_of(pages: &[String], name: &str) -> Option<Vec<usize>> {
    let start = pages.iter().position(|p| p.starts_with("索引"))?;
    let name = squash(name);
    for page in &pages[start..] {
        let mut from = 0;
        while let Some(found) = page[from..].find(&name) {
            let at = from + found;
            from = at + name.len();
            // The whole name, not the end of a longer one: before it is the previous
            // entry's ページ, a row heading (あ行, 英数字, その他) or the lead.
            let before = page[..at].chars().last();
            if !before.is_none_or(|c| "ジ行字他。".contains(c)) {
                continue;
            }
            let after = page[from..].trim_start_matches('・');
            let numbers: String = after.chars().take_while(|c| c.is_ascii_digit() || *c == '、').collect();
            if !after[numbers.len()..].starts_with("ページ") {
                continue;
            }
            let numbers: Vec<usize> = numbers.split('、').filter_map(|n| n.parse().ok()).collect();
            if !numbers.is_empty() {
                return Some(numbers);
            }
        }
    }
    None
}

#[test]
fn each_index_entry_points_at_the_pages_that_show_it() {
    for region in &EXAMPLE.regions {
        let at = format!("{}/guidebook.pdf", region.id);
        let Some(pages) = guidebook(&BUILT, region.id.as_str()).page_texts() else { return };
        assert!(pages.iter().any(|p| p.starts_with("索引")), "{at}: an index page");
        for inst in &region.institutions {
            let numbers = index_pages_of(&pages, &inst.name).unwrap_or_else(|| panic!("{at}: {} is not in the index", inst.name));
            for n in numbers {
                let page = &pages[n - 1];
                assert!(!page.starts_with("索引"), "{at}: {} points at an index page", inst.name);
                assert!(page.contains(&squash(&inst.name)), "{at}: {} → page {n}, which does not show it:\n{page}", inst.name);
                // The number printed in the page's footer is the one the index gives.
                assert!(page.contains(&n.to_string()), "{at}: page {n} shows its number");
            }
        }
    }
}

#[test]
fn type_is_large_enough_and_lines_are_spaced_for_older_readers() {
    let p: &Project = &EXAMPLE;
    for region in &p.regions {
        let at = format!("{}/guidebook.pdf", region.id);
        let Some(words) = guidebook(&BUILT, region.id.as_str()).words() else { return };
        // Body text ≥ 12 pt everywhere (the QR code's address aside: it is a URL).
        for w in &words {
            if w.text.starts_with("https://") {
                continue;
            }
            assert!(w.size() >= 11.9, "{at} p.{}: {:?} is set at {:.1} pt", w.page, w.text, w.size());
        }
        // Phone numbers ≥ 14 pt.
        for i in &region.institutions {
            let Some(phone) = &i.phone else { continue };
            let sizes: Vec<f64> = words.iter().filter(|w| w.text == phone.display()).map(|w| w.size()).collect();
            assert!(!sizes.is_empty(), "{at}: {} as one word", phone.display());
            assert!(sizes.iter().all(|s| *s >= 13.9), "{at}: {} at {sizes:?} pt", phone.display());
        }
        // Line spacing ≥ 1.5: each pair of consecutive words of one size where the
        // second starts the next line of the same column.
        let mut lines = 0;
        for pair in words.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let size = a.size();
            if a.page != b.page || (size - b.size()).abs() > 0.01 {
                continue;
            }
            let step = b.y1 - a.y1;
            let next_line = b.y0 > a.y1 - 0.5 && step < 2.2 * size;
            let same_column = b.x0 < a.x1 && a.x0 < b.x1;
            if next_line && same_column {
                lines += 1;
                assert!(step >= 1.5 * size - 0.3, "{at} p.{}: {:?} → {:?}: {step:.1} pt between baselines at {size:.1} pt", a.page, a.text, b.text);
            }
        }
        assert!(lines >= 10, "{at}: only {lines} line pairs checked");
    }
}

#[test]
fn the_html_twin_and_the_top_page_link() {
    for region in &EXAMPLE.regions {
        let r = region.id.as_str();
        let doc = html(&BUILT, &format!("{r}/guidebook.html"));
        let names = texts(&doc, ".guide-entry .card-title a");
        for i in &region.institutions {
            assert!(names.iter().any(|n| n == &i.name), "{r}/guidebook.html: {}", i.name);
            if let Some(phone) = &i.phone {
                assert!(attrs(&doc, "a.tel", "href").contains(&phone.tel_uri()), "{r}: tel link for {}", i.name);
            }
        }
        // The index links each name to the institution's page, as the entry's title does.
        let index_links = attrs(&doc, "section[aria-labelledby=gb-index] a", "href");
        assert_eq!(index_links.len(), region.institutions.len(), "{r}: one index link per institution");
        for i in &region.institutions {
            assert!(index_links.contains(&format!("institutions/{}.html", i.id)), "{r}: {} in the index", i.name);
        }
        assert_eq!(texts(&doc, "h1").len(), 1, "{r}: one h1");
        // The top page names the PDF's page count and size.
        let pages = guidebook(&BUILT, r).pages();
        let top = html(&BUILT, &format!("{r}/index.html"));
        assert!(attrs(&top, "a", "href").iter().any(|h| h == "guidebook.pdf"), "{r}: top page links the PDF");
        assert!(attrs(&top, "a", "href").iter().any(|h| h == "guidebook.html"), "{r}: and its HTML twin");
        if let Some(pages) = pages {
            let section = texts(&top, "#guidebook-h ~ *").join(" ");
            assert!(section.contains(&format!("{pages}ページ")), "{r}: page count on the top page: {section}");
            let kb = BUILT[&format!("{r}/guidebook.pdf")].len() as f64 / 1000.0;
            let size = if kb >= 1000.0 { format!("{:.1}MB", kb / 1000.0) } else { format!("{}KB", kb.round() as u64) };
            assert!(section.contains(&size), "{r}: size {size} on the top page: {section}");
        }
    }
}

fn project_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo_root().join("content"), &dir.path().join("content"));
    std::fs::copy(repo_root().join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

#[test]
fn a_region_without_institutions_gets_a_short_guidebook() {
    let dir = project_copy();
    let root = dir.path();
    // Its institutions go, and its own articles (which link to them).
    std::fs::remove_dir_all(root.join("content/regions/osumi/institutions")).unwrap();
    std::fs::remove_dir_all(root.join("content/regions/osumi/articles")).unwrap();
    // Its hub is gone too.
    let region_toml = root.join("content/regions/osumi/region.toml");
    let text = std::fs::read_to_string(&region_toml).unwrap();
    let text: String = text.lines().filter(|l| !l.starts_with("hubs")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&region_toml, text).unwrap();
    let files = build_ok(root);
    let pdf = guidebook(&files, "osumi");
    if let (Some(pages), Some(text)) = (pdf.pages(), pdf.text()) {
        // Cover, the introduction (the example's guidebook.toml names one), the
        // numbers and the note: no contents, legend or index.
        assert!(pages <= 5, "a short book: {pages} pages");
        assert!(!text.contains("目次") && !text.contains("索引") && !text.contains("マークの見方"), "{text}");
        assert!(text.contains("まだ掲載されていません"), "{text}");
        assert!(text.contains("119"), "{text}");
    }
    assert!(files.contains_key("osumi/guidebook.html"));
}

#[test]
fn outputs_guidebook_false_makes_none_and_links_none() {
    let dir = project_copy();
    let root = dir.path();
    let site = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(root.join("site.toml"), format!("{site}\n[outputs]\nguidebook = false\n")).unwrap();
    let files = build_ok(root);
    assert!(!files.keys().any(|p| p.contains("guidebook")), "no guidebook files");
    let top = html(&files, "hokubu/index.html");
    assert!(!attrs(&top, "a", "href").iter().any(|h| h.contains("guidebook")), "no link to one");
}

#[test]
fn guidebook_toml_sets_title_grouping_kinds_and_intro() {
    let dir = project_copy();
    let root = dir.path();
    std::fs::write(
        root.join("content/guidebook.toml"),
        "title = \"わが町の在宅医療\"\nintro = \"home-care\"\ngrouping = \"phase\"\nkinds = [\"clinic\", \"visiting_nurse\"]\n",
    )
    .unwrap();
    let files = build_ok(root);
    let (project, _) = zaitaku::load::load(root);
    let project = project.unwrap();
    let region = project.regions.iter().find(|r| r.id.as_str() == "hokubu").unwrap();
    let doc = html(&files, "hokubu/guidebook.html");
    assert!(texts(&doc, "h1")[0].starts_with("わが町の在宅医療"));
    let groups = texts(&doc, "#gb-institutions ~ section h3, section[aria-labelledby=gb-institutions] h3");
    assert!(groups.iter().any(|g| g.starts_with("急に具合が悪くなったとき")), "{groups:?}");
    let names = texts(&doc, ".guide-entry .card-title a");
    for i in &region.institutions {
        let wanted = matches!(i.kind, Kind::Clinic | Kind::VisitingNurse) && !i.phases.is_empty();
        assert_eq!(names.iter().any(|n| n == &i.name), wanted || region.hubs.iter().any(|h| h.value == i.id.as_str()), "{}", i.name);
    }
    let Some(text) = guidebook(&files, "hokubu").text() else { return };
    assert!(text.contains("わが町の在宅医療"));
    let intro = project.articles.iter().find(|a| a.id.as_str() == "home-care").unwrap();
    assert!(text.contains(&squash(&intro.title)), "the intro article");
}

#[test]
fn two_builds_give_the_same_bytes() {
    let again = build_ok(&repo_root());
    for region in &EXAMPLE.regions {
        let path = format!("{}/guidebook.pdf", region.id);
        assert!(again[&path] == BUILT[&path], "{path} differs between builds");
    }
}
