//! Bad input: each project under tests/fixtures/bad/ must give exactly the diagnostics
//! in its expected.en.txt and expected.ja.txt (severity, file:line:column, message,
//! help, in English and in Japanese) and never panic.
//!
//! To add a case, create the folder and run with ZAITAKU_BLESS=1 once, then read the
//! written files line by line before committing them.

use crate::common::*;

fn format(d: &zaitaku::diagnostic::Diagnostic) -> String {
    d.one_line(Lang::En)
}

#[test]
fn every_bad_input_case_gives_exactly_its_expected_diagnostics() {
    let dir = fixture("bad");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 15, "only {} cases", cases.len());
    let bless = std::env::var_os("ZAITAKU_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let build = zaitaku::build(case, today());
        for lang in Lang::ALL {
            let actual: Vec<String> = build.diagnostics.iter().map(|d| d.one_line(lang)).collect();
            let expected_path = case.join(format!("expected.{}.txt", lang.code()));
            if bless {
                std::fs::write(&expected_path, actual.join("\n") + "\n").unwrap();
                continue;
            }
            let expected: Vec<String> = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} is missing", expected_path.display()))
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            if actual != expected {
                failures.push(format!(
                    "{}:\n  expected:\n    {}\n  actual:\n    {}",
                    expected_path.display(),
                    expected.join("\n    "),
                    actual.join("\n    ")
                ));
            }
        }
        let has_error = build.diagnostics.iter().any(|d| d.severity == zaitaku::diagnostic::Severity::Error);
        assert_eq!(build.files.is_none(), has_error, "{}: files must be withheld exactly when there are errors", case.display());
        // The case's [internal] values: in no message (as printed, source lines and
        // help included, in either language) and in no output file.
        if let Ok(secrets) = std::fs::read_to_string(case.join("secrets.txt")) {
            let secrets: Vec<&str> = secrets.lines().filter(|l| !l.is_empty()).collect();
            for lang in Lang::ALL {
                let printed = zaitaku::diagnostic::render_report(&build.diagnostics, lang);
                assert_secrets_absent(&format!("{}: diagnostics ({})", case.display(), lang.code()), &printed, &secrets);
            }
            for f in build.files.iter().flatten() {
                assert_secrets_absent(&format!("{}: {}", case.display(), f.path), &String::from_utf8_lossy(&f.bytes), &secrets);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_cli_prints_file_line_and_column_and_exits_1() {
    let out = zaitaku().arg("check").arg(fixture("bad/unknown-key")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--> content/regions/r/institutions/c.toml:2:1"), "{stderr}");
    assert!(stderr.contains("help: did you mean `kind`?"), "{stderr}");
    assert!(stderr.contains("2 | knd = \"clinic\""), "{stderr}");
}

#[test]
fn internal_values_never_appear_in_diagnostics() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("bad/unknown-key"), tmp.path());
    // A TOML error inside [internal] must be reported without echoing the line.
    std::fs::write(
        tmp.path().join("content/regions/r/institutions/c.toml"),
        "name = \"クリニック\"\nkind = \"clinic\"\nroles = [\"coordination_hub\"]\nverified = 2025-10-01\n\n[internal]\ndirect_line = \"090-7777-8888\nbroken = 1\n",
    )
    .unwrap();
    let out = zaitaku().arg("check").arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(all.contains("c.toml:7:"), "{all}");
    assert_secrets_absent("check's output", &all, &["7777"]);
}

#[test]
fn a_huge_file_and_a_link_out_of_the_project_are_refused_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("p");
    copy_tree(&fixture("minimal"), &project);
    // 20 MB of valid TOML comments: rejected by size before it is read.
    let big = project.join("content/regions/alpha/institutions/huge.toml");
    let line = "# ".to_string() + &"あ".repeat(100) + "\n";
    std::fs::write(&big, line.repeat(20 * 1024 * 1024 / line.len() + 1)).unwrap();
    // A link to a file outside the project is an error: not read, and nothing published
    // without it.
    let outside = tmp.path().join("outside.toml");
    std::fs::write(&outside, "name = \"外部\"\nkind = \"clinic\"\nverified = 2025-10-01\n").unwrap();
    std::os::unix::fs::symlink(&outside, project.join("content/regions/alpha/institutions/linked.toml")).unwrap();

    let build = zaitaku::build(&project, today());
    let lines: Vec<String> = build.diagnostics.iter().map(format).collect();
    assert!(
        lines.iter().any(|l| l.starts_with("error content/regions/alpha/institutions/huge.toml:1:1: file is too large")),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"error content/regions/alpha/institutions/linked.toml:1:1: not read: a symbolic link that leads outside the project | help: copy the file or folder into the project instead of linking to it".to_string()),
        "{lines:#?}"
    );
    assert!(build.files.is_none());
    std::fs::remove_file(&big).unwrap();
    std::fs::remove_file(project.join("content/regions/alpha/institutions/linked.toml")).unwrap();
    build_ok(&project);
}

#[test]
fn markup_in_every_text_field_comes_out_inert() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), tmp.path());
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\\\"'&";
    let record = format!(
        "name = \"{evil}\"\nkana = \"{evil}\"\nkind = \"clinic\"\nmunicipality = \"東町\"\naddress = \"{evil}\"\nhours = \"{evil}\"\nvisit_area = [\"{evil}\"]\nurl = \"https://example.jp/\\\"><script>alert(3)</script>\"\nverified = 2025-10-01\nnote = \"\"\"<script>alert(4)</script>\n[x](javascript:alert(5)) <a href=\"javascript:alert(6)\">y</a>\"\"\"\n"
    );
    std::fs::write(tmp.path().join("content/regions/alpha/institutions/evil.toml"), record).unwrap();
    std::fs::write(
        tmp.path().join("content/regions/alpha/articles/evil.md"),
        format!("+++\ntitle = \"{evil}\"\nsummary = \"{evil}\"\nupdated = 2025-10-01\n+++\n{}\n\n<iframe src=\"https://evil.example\"></iframe>\n\n[z](JaVaScRiPt:alert(7))\n", evil.replace("\\\"", "\"")),
    )
    .unwrap();
    let build = zaitaku::build(tmp.path(), today());
    let files = build.files.expect("markup in content is not an error");
    let warnings: Vec<_> = build.diagnostics.iter().map(format).filter(|l| l.starts_with("warning")).collect();
    assert!(warnings.iter().any(|w| w.contains("evil.md") && w.contains("raw HTML")), "{warnings:#?}");
    assert!(warnings.iter().any(|w| w.contains("evil.toml") && w.contains("javascript")), "{warnings:#?}");
    // Markup in plain text fields is named field by field.
    for key in ["name", "kana", "address", "hours"] {
        assert!(
            warnings.iter().any(|w| w.contains("evil.toml") && w.contains(&format!("`{key}` contains HTML markup"))),
            "{key}: {warnings:#?}"
        );
    }
    assert!(warnings.iter().any(|w| w.contains("evil.md") && w.contains("`title` contains HTML markup")), "{warnings:#?}");
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let doc = scraper::Html::parse_document(std::str::from_utf8(&f.bytes).unwrap());
        for el in doc.select(&sel("*")) {
            let name = el.value().name();
            assert!(!["iframe", "img", "object", "embed"].contains(&name), "{}: <{name}>", f.path);
            if name == "script" {
                let ty = el.value().attr("type");
                assert!(ty == Some("application/ld+json") || el.value().attr("src").is_some(), "{}: inline script", f.path);
            }
            for (attr, value) in el.value().attrs() {
                assert!(!attr.starts_with("on"), "{}: event handler {attr}", f.path);
                let v = value.trim().to_ascii_lowercase();
                assert!(!v.starts_with("javascript:") && !v.starts_with("data:"), "{}: {attr}={value}", f.path);
            }
        }
        // JSON-LD must not be able to close its script element.
        for ld in doc.select(&sel("script[type='application/ld+json']")) {
            let json: String = ld.text().collect();
            assert!(!json.contains('<'), "{}: raw < in JSON-LD", f.path);
            serde_json::from_str::<serde_json::Value>(&json).unwrap();
        }
    }
    for f in files.iter().filter(|f| f.path.ends_with(".js") || f.path.ends_with(".xml")) {
        let text = String::from_utf8_lossy(&f.bytes).to_lowercase();
        assert!(!text.contains("<script>alert"), "{} carries raw markup", f.path);
    }
    // The text itself is still shown, escaped, to residents.
    let page = files.iter().find(|f| f.path == "alpha/institutions/evil.html").unwrap();
    let doc = scraper::Html::parse_document(std::str::from_utf8(&page.bytes).unwrap());
    assert!(texts(&doc, "h1").join("").contains("<script>alert(1)</script>"));
}

/// Errors and warnings of an in-memory build, one line each, in English.
fn problems(root: &std::path::Path, today: zaitaku::model::Date) -> (Vec<String>, Vec<String>) {
    let build = zaitaku::build(root, today);
    let (errors, warnings): (Vec<_>, Vec<_>) =
        build.diagnostics.iter().partition(|d| d.severity == zaitaku::diagnostic::Severity::Error);
    (errors.iter().map(|d| format(d)).collect(), warnings.iter().map(|d| format(d)).collect())
}

/// The example project, copied: its content only (not the build outputs beside it).
fn example_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(repo_root().join("site.toml"), tmp.path().join("site.toml")).unwrap();
    copy_tree(&repo_root().join("content"), &tmp.path().join("content"));
    tmp
}

/// One mistake is one error: a file that exists but does not load is not also "missing"
/// to the links, hubs and leaflets that use it.
#[test]
fn one_broken_article_record_or_region_file_is_exactly_one_error() {
    let tmp = example_copy();
    let (errors, _) = problems(tmp.path(), today());
    assert!(errors.is_empty(), "{errors:#?}");
    for (file, from, to) in [
        // The case: an unquoted title in an article that leaflets and other
        // articles link to.
        ("content/articles/acp.md", "title = \"", "title = "),
        // A missing quote in the record that region.toml names as the hub.
        ("content/regions/hokubu/institutions/midori-ishikai.toml", "\"\n", "\n"),
        // A region file that does not parse: its records and articles are not in the
        // project, and links to them from shared articles are not errors of their own.
        ("content/regions/hokubu/region.toml", "prefecture = \"", "prefecture = "),
    ] {
        let path = tmp.path().join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        assert!(original.contains(from), "{file}");
        std::fs::write(&path, original.replacen(from, to, 1)).unwrap();
        let (errors, _) = problems(tmp.path(), today());
        assert_eq!(errors.len(), 1, "{file}: {errors:#?}");
        assert!(errors[0].starts_with(&format!("error {file}:")), "{file}: {errors:#?}");
        std::fs::write(&path, original).unwrap();
    }
}

/// The repository's example project builds without a warning on the date the tests
/// pin (its records were checked within `stale_after_days` of it).
#[test]
fn the_example_project_builds_without_warnings() {
    let (errors, warnings) = problems(&repo_root(), today());
    assert!(errors.is_empty() && warnings.is_empty(), "{errors:#?}\n{warnings:#?}");
}

/// `zaitaku new` dates the sample records the day it runs: the project builds without a
/// warning that day and for `stale_after_days` after it, whatever the example's dates.
#[test]
fn a_new_project_builds_without_warnings_for_stale_after_days() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let made: zaitaku::model::Date = "2031-03-01".parse().unwrap();
    let out = zaitaku().env("ZAITAKU_TODAY", made.to_string()).arg("new").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let site = std::fs::read_to_string(dir.join("site.toml")).unwrap();
    let stale_after: i64 = site
        .lines()
        .find_map(|l| l.strip_prefix("stale_after_days = "))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("site.toml sets stale_after_days");
    let day = |n: i64| made.checked_add(jiff::Span::new().days(n)).unwrap();
    for today in [made, day(stale_after - 1)] {
        let (errors, warnings) = problems(&dir, today);
        assert!(errors.is_empty() && warnings.is_empty(), "{today}: {errors:#?}\n{warnings:#?}");
        let check = zaitaku().env("ZAITAKU_TODAY", today.to_string()).args(["check", "--strict"]).arg(&dir).output().unwrap();
        assert!(check.status.success(), "{today}: {}", String::from_utf8_lossy(&check.stderr));
    }
    // After that, the records are due to be checked again: the warning is still there.
    let (_, warnings) = problems(&dir, day(stale_after + 1));
    assert!(!warnings.is_empty() && warnings.iter().all(|w| w.contains("was last verified on 2031-03-01")), "{warnings:#?}");
}

/// The locale chooses the language unless `--lang` does; help and usage errors follow.
#[test]
fn the_locale_or_lang_chooses_japanese_or_english() {
    let case = fixture("bad/unknown-key");
    let ja = zaitaku().env("LANG", "ja_JP.UTF-8").arg("check").arg(&case).output().unwrap();
    let stderr = String::from_utf8_lossy(&ja.stderr);
    assert_eq!(ja.status.code(), Some(1));
    assert!(stderr.contains("エラー: 「knd」は医療機関・事業所の記録で使える項目ではありません"), "{stderr}");
    assert!(stderr.contains("= ヒント: もしかして「kind」ですか？"), "{stderr}");
    assert!(stderr.contains("エラー 1 件、警告 0 件"), "{stderr}");
    // LC_ALL wins over LANG, and --lang over both.
    let en = zaitaku().env("LANG", "ja_JP.UTF-8").env("LC_ALL", "en_US.UTF-8").arg("check").arg(&case).output().unwrap();
    assert!(String::from_utf8_lossy(&en.stderr).contains("error: unknown key `knd` in institution"));
    let en = zaitaku().env("LANG", "ja_JP.UTF-8").args(["--lang", "en", "check"]).arg(&case).output().unwrap();
    assert!(String::from_utf8_lossy(&en.stderr).contains("1 error, 0 warnings"));
    let ja = zaitaku().args(["check", "--lang=ja"]).arg(&case).output().unwrap();
    assert!(String::from_utf8_lossy(&ja.stderr).contains("エラー 1 件"));
    // --help and a mistyped command.
    let help = zaitaku().args(["--lang", "ja", "build", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success() && text.contains("使い方: zaitaku build") && text.contains("オプション:"), "{text}");
    let wrong = zaitaku().args(["--lang", "ja", "biuld"]).output().unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    let text = String::from_utf8_lossy(&wrong.stderr);
    assert!(text.contains("biuld というコマンドはありません") && text.contains("`build`"), "{text}");
}
