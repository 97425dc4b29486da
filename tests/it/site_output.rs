//! The built site, parsed and checked against what the issue promises residents.


use crate::common::*;
use std::collections::BTreeSet;

#[test]
fn every_relative_link_and_asset_resolves_to_an_output_file() {
    for project in [repo_root(), fixture("minimal")] {
        let files = build_ok(&project);
        let mut checked = 0;
        for (path, _) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
            let doc = html(&files, path);
            for (selector, attr) in [("a[href]", "href"), ("link[href]", "href"), ("script[src]", "src"), ("img[src]", "src"), ("form[action]", "action")] {
                for url in attrs(&doc, selector, attr) {
                    if url.starts_with("tel:") || url.starts_with("mailto:") || url.starts_with('#') {
                        continue;
                    }
                    if url.starts_with("http://") || url.starts_with("https://") {
                        // Only outbound links (an institution's site, canonical) may be absolute;
                        // nothing may be loaded from elsewhere.
                        assert!(selector == "a[href]" || (selector == "link[href]" && doc.select(&sel("link[rel=canonical]")).any(|l| l.value().attr("href") == Some(&url))), "{path}: {selector} loads {url}");
                        continue;
                    }
                    assert!(!url.starts_with('/'), "{path}: root-relative URL {url} breaks under a sub-folder");
                    assert!(!url.ends_with('/') && !url.is_empty(), "{path}: link {url:?} names a folder, which file:// cannot open");
                    let target = resolve(path, &url);
                    if path.starts_with("404.html") || path.ends_with("/404.html") {
                        continue;
                    }
                    assert!(files.contains_key(&target), "{path}: link {url} → {target} does not exist");
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} links checked");
    }
}

#[test]
fn internal_values_reach_no_output_file() {
    for project in [repo_root(), fixture("minimal")] {
        let (loaded, _) = zaitaku::load::load(&project);
        let loaded = loaded.expect("project loads");
        let secrets: BTreeSet<String> = loaded
            .regions
            .iter()
            .flat_map(|r| r.institutions.iter())
            .flat_map(|i| i.internal.secrets_for_leak_tests().iter().cloned())
            .collect();
        assert!(secrets.len() >= 3, "the fixture must carry internal values to prove anything");
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let build = zaitaku::build(&project, today());
        // Messages too: the build's warnings, as printed.
        for lang in Lang::ALL {
            assert_secrets_absent("diagnostics", &zaitaku::diagnostic::render_report(&build.diagnostics, lang), &secrets);
        }
        for f in build.files.expect("the project builds") {
            // Phone numbers must not leak in another spelling either.
            assert_secrets_absent(&f.path, &String::from_utf8_lossy(&f.bytes), &secrets);
        }
    }
}

#[test]
fn region_top_page_puts_emergency_numbers_first_with_when_and_alternatives() {
    let files = build_ok(&fixture("minimal"));
    let doc = html(&files, "alpha/index.html");
    assert_eq!(attrs(&doc, "html", "lang"), vec!["ja"]);
    // The first section of main is the emergency numbers, in the region's order.
    let first = doc.select(&sel("main section")).next().unwrap();
    assert_eq!(first.value().attr("class"), Some("emergency"));
    let labels = texts(&doc, ".emergency .number-label");
    assert_eq!(labels, vec!["救急安心センター", "救急車", "夜間センター"]);
    let tels = attrs(&doc, ".emergency .number-tel a", "href");
    assert_eq!(tels, vec!["tel:%237119", "tel:119", "tel:0980001234"]);
    // The alternative number was written with full-width digits and is normalised.
    assert_eq!(attrs(&doc, ".emergency .number-alt a", "href"), vec!["tel:0980007119"]);
    assert!(texts(&doc, ".emergency .number-alt").join("").contains("098-000-7119"));
    // Only the region's own municipalities are named as lacking #7119.
    assert_eq!(texts(&doc, ".number-unavailable"), vec!["次の市町村では利用できません：東町"]);
    assert!(texts(&doc, ".number-when").iter().any(|t| t.contains("命に関わるとき")));
    // The as-of date is shown.
    assert!(doc.select(&sel("time[datetime='2025-11-01']")).next().is_some());
    // The four phases are the main navigation.
    let phases = texts(&doc, "nav.phase-nav a");
    assert_eq!(phases, vec!["退院支援", "日常の療養支援", "急変時の対応", "看取り"]);
    // The hub is shown.
    assert!(texts(&doc, "#hubs-h ~ ul .card-title").iter().any(|t| t.contains("あおば在宅クリニック")));
    // Beta's municipalities are not affected by #7119's gap.
    let beta = html(&files, "beta/index.html");
    assert!(texts(&beta, ".number-unavailable").is_empty());
}

#[test]
fn institution_pages_have_their_id_in_the_url_tel_links_24h_and_verified_date() {
    let files = build_ok(&fixture("minimal"));
    let doc = html(&files, "alpha/institutions/aoba.html");
    assert_eq!(texts(&doc, "h1"), vec!["あおば在宅クリニックアオバザイタククリニック"]);
    assert_eq!(attrs(&doc, ".contact a.tel", "href"), vec!["tel:0980000001"]);
    assert!(texts(&doc, ".contact-24h").join("").contains("24時間連絡がとれます"));
    assert!(doc.select(&sel("time[datetime='2025-10-01']")).next().is_some());
    // Japanese labels and ids both parsed: 診療所, 急変時の対応, 往診.
    assert!(texts(&doc, ".card-meta").join("").contains("診療所"));
    assert!(texts(&doc, ".facts dd").join("").contains("往診"));
    assert_eq!(texts(&doc, ".facts a.chip"), vec!["日常の療養支援", "急変時の対応"]);
    // The note's @/ link resolves inside the region.
    assert_eq!(attrs(&doc, ".note a", "href"), vec!["../articles/emergency.html"]);
}

#[test]
fn lists_filter_by_phase_kind_and_municipality_without_javascript() {
    let files = build_ok(&fixture("minimal"));
    let acute = html(&files, "alpha/phases/acute.html");
    assert_eq!(texts(&acute, ".card-title a"), vec!["あおば在宅クリニック"]);
    let daily = html(&files, "alpha/phases/daily.html");
    assert_eq!(texts(&daily, ".card-title a"), vec!["あおば在宅クリニック", "きた薬局"]);
    let by_kind = html(&files, "alpha/institutions/index.html");
    assert_eq!(texts(&by_kind, "main section h2"), vec!["診療所", "薬局"]);
    let by_town = html(&files, "alpha/institutions/municipalities.html");
    assert_eq!(texts(&by_town, "main section h2"), vec!["東町", "西町"]);
    // The lists are whole in the HTML: their one script (narrowing, 近い順) only adds.
    for f in files.keys().filter(|p| p.ends_with(".html") && !p.ends_with("search.html")) {
        let doc = html(&files, f);
        let programs: Vec<_> = doc
            .select(&sel("script"))
            .filter(|s| s.value().attr("type") != Some("application/ld+json"))
            .filter(|s| !(s.value().attr("src").is_some_and(|src| src.ends_with("assets/lists.js")) && s.value().attr("defer").is_some()))
            .collect();
        assert!(programs.is_empty(), "{f} needs no script");
    }
}

#[test]
fn shared_articles_render_everywhere_and_a_region_override_replaces_them() {
    let files = build_ok(&fixture("minimal"));
    assert_eq!(texts(&html(&files, "alpha/articles/acp.html"), "h1"), vec!["アルファの人生会議"]);
    let beta_acp = html(&files, "beta/articles/acp.html");
    assert_eq!(texts(&beta_acp, "h1"), vec!["共有の人生会議"]);
    // A shared article's article link stays in the region; an institution link crosses.
    assert_eq!(
        attrs(&beta_acp, ".article-body a", "href"),
        vec!["../articles/emergency.html", "../../alpha/institutions/aoba.html#top"]
    );
    assert!(files.contains_key("alpha/articles/local.html"));
    assert!(!files.contains_key("beta/articles/local.html"));
    // The body's `#` heading is demoted below the page title.
    assert_eq!(texts(&beta_acp, "h1").len(), 1);
    assert_eq!(texts(&beta_acp, ".article-body h2"), vec!["話し合い"]);
}

#[test]
fn sitemaps_use_absolute_urls_and_the_portal_links_every_region() {
    let files = build_ok(&fixture("minimal"));
    let sitemap = String::from_utf8(files["alpha/sitemap.xml"].clone()).unwrap();
    assert!(sitemap.contains("<loc>https://example.lg.jp/zaitaku/alpha/</loc>"));
    assert!(sitemap.contains("<loc>https://example.lg.jp/zaitaku/alpha/institutions/aoba.html</loc><lastmod>2025-10-01</lastmod>"));
    assert!(!sitemap.contains("404.html"));
    assert!(files.contains_key("alpha/404.html") && files.contains_key("404.html"));
    let portal = html(&files, "index.html");
    assert_eq!(attrs(&portal, ".region-link", "href"), vec!["alpha/index.html", "beta/index.html"]);
    let index = String::from_utf8(files["sitemap.xml"].clone()).unwrap();
    assert!(index.contains("https://example.lg.jp/zaitaku/beta/sitemap.xml"));
}

#[test]
fn each_region_folder_is_self_contained() {
    let files = build_ok(&repo_root());
    for (path, _) in files.iter().filter(|(p, _)| p.ends_with(".html") && p.contains('/')) {
        let region = path.split('/').next().unwrap();
        let doc = html(&files, path);
        for url in attrs(&doc, "a[href], link[href]", "href") {
            if url.contains(':') || url.starts_with('#') {
                continue;
            }
            let target = resolve(path, &url);
            // Cross-region institution links are allowed content; theme links are not.
            if !target.starts_with(&format!("{region}/")) {
                assert!(doc.select(&sel(".article-body a, .note a")).any(|a| a.value().attr("href") == Some(&url)), "{path}: {url} leaves the region folder");
            }
        }
    }
}

#[test]
fn the_example_covers_every_kind_and_phase_and_renders_them() {
    let files = build_ok(&repo_root());
    let mut kinds = BTreeSet::new();
    for region in ["hokubu", "osumi"] {
        let doc = html(&files, &format!("{region}/institutions/index.html"));
        kinds.extend(texts(&doc, "main section h2"));
        for phase in ["discharge", "daily", "acute", "end-of-life"] {
            let doc = html(&files, &format!("{region}/phases/{phase}.html"));
            assert!(!texts(&doc, ".card-title a").is_empty(), "{region}/{phase} is empty");
        }
    }
    assert_eq!(kinds.len(), 15, "{kinds:?}");
}

#[test]
fn output_is_deterministic() {
    let a = build_ok(&repo_root());
    let b = build_ok(&repo_root());
    assert_eq!(a, b);
}

#[test]
fn a_project_theme_overrides_the_built_in_one_file_by_file() {
    let files = build_ok(&fixture("theme-override"));
    let not_found = html(&files, "alpha/404.html");
    assert_eq!(texts(&not_found, "h1.custom-404"), vec!["独自の404ページ"]);
    let top = html(&files, "alpha/index.html");
    assert_eq!(texts(&top, "#emergency-h"), vec!["緊急のときの電話"]);
    // Files the project does not override come from the built-in theme.
    assert!(files.contains_key("alpha/assets/style.css"));
    assert_eq!(texts(&top, "nav.phase-nav a").len(), 4);
    // Strings the build sets itself come from the catalogue too.
    let list = html(&files, "alpha/institutions/index.html");
    assert_eq!(texts(&list, "h1"), vec!["種類別の機関一覧"]);
}

#[test]
fn stylesheets_load_no_fonts_or_files_from_elsewhere() {
    let files = build_ok(&repo_root());
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".css")) {
        let css = String::from_utf8_lossy(bytes);
        assert!(!css.contains("@font-face") && !css.contains("@import") && !css.contains("url("), "{path}");
        // Base size: 112.5% of the browser default, i.e. 18px; never below 16px.
        assert!(css.contains("font-size: 112.5%"), "{path}");
    }
}

#[test]
fn every_page_carries_a_content_security_policy_that_forbids_inline_and_foreign_scripts() {
    let files = build_ok(&repo_root());
    let mut pages = 0;
    for path in files.keys().filter(|p| p.ends_with(".html")) {
        let doc = html(&files, path);
        let csp = attrs(&doc, "meta[http-equiv='Content-Security-Policy']", "content");
        assert_eq!(csp.len(), 1, "{path}");
        let policy = &csp[0];
        assert!(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "{path}: {policy}");
        assert!(policy.contains("default-src 'self'") && policy.contains("object-src 'none'"), "{path}: {policy}");
        pages += 1;
    }
    assert!(pages > 50);
}

#[test]
fn each_region_publishes_an_accessibility_statement_from_site_toml() {
    let files = build_ok(&repo_root());
    for region in ["hokubu", "osumi"] {
        let doc = html(&files, &format!("{region}/accessibility.html"));
        assert_eq!(texts(&doc, "h1"), vec!["ウェブアクセシビリティ方針"]);
        let main = texts(&doc, "main").join("");
        assert!(main.contains("JIS X 8341-3:2016") && main.contains("AA"), "{main}");
        assert!(doc.select(&sel("time[datetime='2025-11-20']")).next().is_some(), "the test date from site.toml");
        assert!(main.contains("事務局"), "the contact from site.toml");
        let footer = attrs(&html(&files, &format!("{region}/index.html")), "footer a", "href");
        assert!(footer.contains(&"accessibility.html".to_string()), "{footer:?}");
    }
}
