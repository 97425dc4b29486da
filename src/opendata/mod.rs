//! Stage: a region's machine-readable files. The 自治体標準オープンデータセット「医療機関一覧」
//! CSV, the same list as JSON, an Atom feed of updates, and the schema.org JSON-LD that
//! institution and article pages carry.
//!
//! Every function here is a pure function of the loaded project (no clock, no I/O, no
//! hash-map ordering), so the files are the same bytes for the same content. Records are
//! read field by field from their public fields; `Institution::internal` is never
//! touched, so nothing from `[internal]` can reach an open-data file. The words the files
//! contain that are not content (○, ×, the feed's title…) come from the theme's
//! catalogue, `[open_data]` in `i18n/ja.toml`. See docs/OPENDATA.md for the layouts.

mod availability;
mod csv;
mod feed;
mod json;
mod json_ld;

#[cfg(test)]
mod fixtures;

use crate::diagnostic::Diagnostics;
use crate::model::*;
use crate::theme::Theme;

pub use json_ld::{article as json_ld_article, institution as json_ld_institution};

/// The open-data files of one region: `opendata/institutions.csv`,
/// `opendata/institutions.json`, `opendata/availability.json` (when the region
/// publishes vacancies) and `feed.xml` (paths under the output root). `articles` are
/// the articles the region publishes, for the feed; `now` decides which vacancy figures
/// are fresh. A broken feed template (a theme override) is reported in `d`, and that
/// file is left out.
pub fn region_files(
    project: &Project,
    region: &Region,
    articles: &[&Article],
    theme: &Theme,
    now: BuildTime,
    d: &mut Diagnostics,
) -> Vec<OutputFile> {
    let strings = Strings::from_theme(theme);
    let id = &region.id;
    let mut files = vec![
        OutputFile { path: format!("{id}/opendata/institutions.csv"), bytes: csv::institutions(region, &strings) },
        OutputFile {
            path: format!("{id}/opendata/institutions.json"),
            bytes: json::institutions(region, &project.site.license),
        },
    ];
    if region.availability.is_some() {
        files.push(OutputFile {
            path: format!("{id}/opendata/availability.json"),
            bytes: availability::availability(project, region, now),
        });
    }
    if let Some(xml) = feed::atom(project, region, articles, theme, now, d) {
        files.push(OutputFile { path: format!("{id}/feed.xml"), bytes: xml.into_bytes() });
    }
    files
}

/// The catalogue's words for values in the files (`[open_data]` in `i18n/ja.toml`).
struct Strings {
    /// 時間外における対応 when `available_24h = true`.
    after_hours_24h: String,
    /// The 24時間対応 column: true / false.
    yes: String,
    no: String,
    /// Between the labels of a list in one cell.
    list_separator: String,
}

impl Strings {
    fn from_theme(theme: &Theme) -> Strings {
        let get = |key: &str| word(theme, key);
        Strings {
            after_hours_24h: get("after_hours_24h"),
            yes: get("yes"),
            no: get("no"),
            list_separator: get("list_separator"),
        }
    }
}

/// `[open_data] key` of the theme's catalogue; empty if a project's override removed it.
fn word(theme: &Theme, key: &str) -> String {
    match theme.strings.value().get_attr("open_data").and_then(|table| table.get_attr(key)) {
        Ok(v) if !v.is_undefined() && !v.is_none() => v.to_string(),
        _ => String::new(),
    }
}

/// A region's institutions in the order every open-data file uses: by id.
fn by_id(region: &Region) -> Vec<&Institution> {
    let mut v: Vec<&Institution> = region.institutions.iter().collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// The built-in theme, for tests.
#[cfg(test)]
fn default_theme() -> Theme {
    Theme::load(&fixtures::project()).unwrap_or_else(|_| panic!("the built-in theme loads"))
}

#[cfg(test)]
mod tests {
    use super::fixtures::{self, project, tricky};
    use super::*;
    use crate::text::escape::script_json;

    #[test]
    fn hostile_values_round_trip_through_every_format() {
        let mut p = project();
        let idx = p.regions.iter().position(|r| r.id.as_str() == "hokubu").unwrap();
        p.regions[idx].institutions.push(tricky());
        let r = &p.regions[idx];
        let t = r.institutions.last().unwrap();
        let theme = default_theme();
        let mut d = Diagnostics::default();
        let files = region_files(&p, r, &[], &theme, fixtures::long_after(), &mut d);
        assert!(d.is_empty());
        // The example's hokubu publishes vacancies: availability.json before the feed.
        assert_eq!(files.len(), 4);
        assert!(files[2].path.ends_with("/opendata/availability.json"));
        let files = [files[0].clone(), files[1].clone(), files[3].clone()];

        let mut reader = ::csv::Reader::from_reader(&files[0].bytes[3..]);
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let row = rows.iter().find(|row| row[col("名称")] == t.name).expect("name round-trips");
        assert_eq!(&row[col("住所")], "みどり市1-2,3");
        assert_eq!(&row[col("診療日時特記事項")], "月〜金\r\n9:00〜18:00 <b>");
        assert_eq!(&row[col("名称_カナ")], "テストガッコウ");
        assert_eq!(&row[col("備考")], "見出し 強調とリンク(括弧) 項目一 項目二");
        assert_eq!(&row[col("24時間対応")], "×");
        assert_eq!(&row[col("時間外における対応")], "");
        assert_eq!(row[col("NO")], rows.len().to_string(), "zz- sorts last");

        let json: serde_json::Value = serde_json::from_slice(&files[1].bytes).unwrap();
        let last = json["institutions"].as_array().unwrap().last().unwrap();
        assert_eq!(last["name"], t.name.as_str());

        let ld = json_ld_institution(&p, r, t, &theme);
        assert!(!ld.contains('<') && !ld.contains('>') && !ld.contains('&'));
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(v["name"], t.name.as_str());
        assert_eq!(v["url"], "https://example.jp/?a=1&b=2");
        assert_eq!(v["description"], "時間：月〜金\r\n9:00〜18:00 <b>");

        let xml = std::str::from_utf8(&files[2].bytes).unwrap();
        let doc = roxmltree::Document::parse(xml).expect("well-formed");
        let first = doc.root_element().children().find(|n| n.has_tag_name("entry")).unwrap();
        let title = first.children().find(|n| n.has_tag_name("title")).unwrap();
        // The newest entry leads and dates the feed.
        assert_eq!(title.text(), Some("A, \"B\"\nC </script><!-- & 'x'（診療所）"));
        let updated = doc.root_element().children().find(|n| n.has_tag_name("updated")).unwrap();
        assert_eq!(updated.text(), Some("2030-01-02T00:00:00+09:00"));
    }

    #[test]
    fn no_internal_value_reaches_any_output() {
        let mut p = project();
        p.regions[0].institutions.push(tricky());
        let mut without_base = project();
        without_base.regions[0].institutions.push(tricky());
        without_base.site.base_url = None;
        let theme = default_theme();
        let mut secrets: Vec<String> = Vec::new();
        for r in &p.regions {
            for i in &r.institutions {
                secrets.extend(i.internal.secrets_for_leak_tests().iter().filter(|s| !s.is_empty()).cloned());
            }
        }
        assert!(secrets.len() >= 3, "the example has internal values to look for");
        for project in [&p, &without_base] {
            for r in &project.regions {
                let articles: Vec<&Article> = project.articles.iter().chain(&r.articles).collect();
                let mut d = Diagnostics::default();
                let mut outputs: Vec<String> = region_files(project, r, &articles, &theme, fixtures::long_after(), &mut d)
                    .into_iter()
                    .map(|f| String::from_utf8(f.bytes).unwrap())
                    .collect();
                assert_eq!(outputs.len(), 3 + usize::from(r.availability.is_some()));
                outputs.extend(r.institutions.iter().map(|i| json_ld_institution(project, r, i, &theme)));
                for out in &outputs {
                    for s in &secrets {
                        assert!(!out.contains(s.as_str()), "internal value {s:?} leaked into an output of {}", r.id);
                        // JSON-LD escapes some characters; check the escaped form too.
                        assert!(!out.contains(&script_json(s)), "internal value {s:?} leaked (escaped)");
                    }
                }
            }
        }
    }

    #[test]
    fn a_project_can_override_the_feed_template_and_its_errors_are_reported() {
        let p = project();
        let r = &p.regions[0];
        let theme_with = |template: &str| {
            let mut p = project();
            p.theme_files = [("templates/feed.xml".to_string(), template.as_bytes().to_vec())].into_iter().collect();
            Theme::load(&p).unwrap_or_else(|_| panic!("theme loads"))
        };
        let mut d = Diagnostics::default();
        let files = region_files(&p, r, &[], &theme_with("<feed n=\"{{ feed.entries | length }}\"/>\n"), fixtures::long_after(), &mut d);
        assert!(d.is_empty());
        let feed = files.last().unwrap();
        assert_eq!(feed.path, format!("{}/feed.xml", r.id));
        assert_eq!(feed.bytes, format!("<feed n=\"{}\"/>\n", r.institutions.len()).into_bytes());

        let files = region_files(&p, r, &[], &theme_with("{{ feed.no_such_field.x }}"), fixtures::long_after(), &mut d);
        assert!(files.iter().all(|f| !f.path.ends_with("feed.xml")), "no feed.xml when its template fails");
        let errors: Vec<_> = d.iter().collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].file, "themes/default/templates/feed.xml");
    }

    #[test]
    fn values_in_the_files_come_from_the_catalogue() {
        let theme = default_theme();
        let s = Strings::from_theme(&theme);
        assert_eq!((s.yes.as_str(), s.no.as_str()), ("○", "×"));
        assert_eq!(s.after_hours_24h, "24時間対応");
        assert_eq!(s.list_separator, "；");
        assert_eq!(word(&theme, "hours_prefix"), "時間：");
        assert_eq!(word(&theme, "no_such_word"), "");
    }
}
