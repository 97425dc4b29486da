//! Writes the Hugo equivalent of a generated zaitaku project, for the side-by-side
//! build benchmark (`benches/build.rs`).
//!
//! The same pages with the same text: per region one page per institution (its name,
//! reading, kind, municipality, phone with a `tel:` link, phases, services, address,
//! hours, verification date, and the note as Markdown) and one page per article (its
//! title, summary and Markdown body), plus the section lists Hugo makes anyway (home,
//! one per region, and its `institutions/` and `articles/` sections). For a 20×500×30
//! corpus that is 10,600 content pages + 61 lists = 10,661 pages.
//!
//! The layout is a minimal one of our own (no theme download). RSS, sitemaps,
//! robots.txt, 404 and taxonomies are switched off: Hugo builds plain pages only, while
//! zaitaku also writes search indexes, leaflet PDFs, open data, feeds and sitemaps.
//! `uglyURLs` gives `institutions/inst-0001.html`, the same shape as zaitaku's output.

use std::fmt::Write as _;
use std::path::Path;

const CONFIG: &str = r#"baseURL = "https://www.pref.example.lg.jp/zaitaku/"
languageCode = "ja"
defaultContentLanguage = "ja"
hasCJKLanguage = true
uglyURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableGitInfo = false
"#;

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}｜{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><p class="site-title"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
{{ with .FirstSection }}{{ if not .IsHome }}<p class="region-name"><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
</header>
"#;

const FOOT: &str = "<footer><p>{{ site.Params.publisher }}</p></footer>\n</body>\n</html>\n";

const SINGLE: &str = r#"<main>
<article>
<h1>{{ .Title }}{{ with .Params.kana }}<span class="kana">{{ . }}</span>{{ end }}</h1>
{{ with .Params.kind }}<p class="card-meta">{{ . }}・{{ $.Params.municipality }}</p>{{ end }}
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .Params.phone }}<div class="contact"><p>電話：<a class="tel" href="tel:{{ $.Params.tel }}">{{ . }}</a></p>
{{ if $.Params.available_24h }}<p>24時間対応：<strong>24時間連絡がとれます</strong></p>{{ end }}</div>{{ end }}
{{ if .Params.kind }}<dl class="facts">
{{ with .Params.phases }}<dt>対応する場面</dt><dd>{{ range . }}<span class="chip">{{ . }}</span> {{ end }}</dd>{{ end }}
{{ with .Params.services }}<dt>サービス</dt><dd>{{ delimit . "、" }}</dd>{{ end }}
<dt>所在地</dt><dd>〒{{ .Params.postal_code }} {{ .Params.address }}</dd>
<dt>受付・診療時間</dt><dd>{{ .Params.hours }}</dd>
<dt>情報の確認日</dt><dd><time datetime="{{ .Params.verified }}">{{ .Params.verified }}</time></dd>
</dl>{{ end }}
{{ .Content }}
</article>
</main>
"#;

const LIST: &str = r#"<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.kind }} <span class="kind">{{ . }}</span>{{ end }}{{ with .Params.summary }} <span class="summary">{{ . }}</span>{{ end }}</li>
{{ end }}</ul>
</main>
"#;

fn kind_label(id: &str) -> &str {
    match id {
        "hospital" => "病院",
        "clinic" => "診療所",
        "dental_clinic" => "歯科診療所",
        "pharmacy" => "薬局",
        "visiting_nurse" => "訪問看護ステーション",
        "care_management" => "居宅介護支援事業所",
        "community_support_center" => "地域包括支援センター",
        "geriatric_facility" => "介護老人保健施設",
        "home_help" => "訪問介護事業所",
        other => other,
    }
}

fn phase_label(id: &str) -> &str {
    match id {
        "discharge" => "退院支援",
        "daily" => "日常の療養支援",
        "acute" => "急変時の対応",
        "end_of_life" => "看取り",
        other => other,
    }
}

fn service_label(id: &str) -> &str {
    match id {
        "visiting_physician" => "訪問診療",
        "house_call" => "往診",
        "visiting_nursing" => "訪問看護",
        "visiting_dental" => "訪問歯科診療",
        "visiting_pharmacy" => "訪問薬剤管理指導",
        "palliative" => "緩和ケア",
        "dementia" => "認知症",
        "pediatric" => "小児在宅医療",
        "rehabilitation" => "訪問リハビリテーション",
        "narcotics" => "医療用麻薬",
        "sterile_compounding" => "無菌調製",
        "short_stay" => "ショートステイ",
        "respite" => "レスパイト入院",
        other => other,
    }
}

fn io_err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// A TOML basic string (quotes, escapes).
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn str_field<'a>(t: &'a toml::Table, key: &str) -> &'a str {
    t.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

fn list_field<'a>(t: &'a toml::Table, key: &str, label: fn(&str) -> &str) -> Vec<&'a str> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str()).map(label).collect())
        .unwrap_or_default()
}

fn toml_list(items: &[&str]) -> String {
    format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "))
}

/// `+++ front matter +++ body` → (front matter table, body).
fn split_article(text: &str) -> std::io::Result<(toml::Table, &str)> {
    let rest = text.strip_prefix("+++\n").ok_or_else(|| io_err("article without front matter"))?;
    let end = rest.find("\n+++\n").ok_or_else(|| io_err("unterminated front matter"))?;
    let front: toml::Table = toml::from_str(&rest[..end]).map_err(io_err)?;
    Ok((front, &rest[end + 5..]))
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut v: Vec<_> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    v.sort();
    Ok(v)
}

/// Writes the Hugo site equivalent to the zaitaku project at `project` into `out`.
/// Returns the number of content pages (institutions + articles, all regions).
pub fn write_site(project: &Path, out: &Path) -> std::io::Result<usize> {
    let write = |rel: &str, text: &str| -> std::io::Result<()> {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)
    };
    let site: toml::Table = toml::from_str(&std::fs::read_to_string(project.join("site.toml"))?).map_err(io_err)?;
    write(
        "config.toml",
        &format!(
            "{CONFIG}title = {}\n\n[params]\npublisher = {}\n",
            q(str_field(&site, "title")),
            q(str_field(&site, "publisher"))
        ),
    )?;
    write("layouts/_default/single.html", &format!("{HEAD}{SINGLE}{FOOT}"))?;
    write("layouts/_default/list.html", &format!("{HEAD}{LIST}{FOOT}"))?;
    write("layouts/index.html", &format!("{HEAD}{LIST}{FOOT}"))?;
    write("content/_index.md", &format!("+++\ntitle = {}\n+++\n", q(str_field(&site, "title"))))?;

    // Shared articles, rendered once per region as zaitaku does.
    let mut articles: Vec<(String, String)> = Vec::new();
    let articles_dir = project.join("content/articles");
    if articles_dir.is_dir() {
        for path in sorted_entries(&articles_dir)? {
            if path.extension().is_some_and(|e| e == "md") {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path)?;
                let (front, body) = split_article(&text)?;
                let mut page = String::from("+++\n");
                let _ = writeln!(page, "title = {}", q(str_field(&front, "title")));
                let _ = writeln!(page, "summary = {}", q(str_field(&front, "summary")));
                if let Some(order) = front.get("order").and_then(|v| v.as_integer()) {
                    let _ = writeln!(page, "weight = {}", order + 1);
                }
                page.push_str("+++\n");
                page.push_str(body);
                articles.push((id, page));
            }
        }
    }

    let mut pages = 0;
    for region_dir in sorted_entries(&project.join("content/regions"))? {
        let region = region_dir.file_name().unwrap().to_string_lossy().into_owned();
        let rt: toml::Table =
            toml::from_str(&std::fs::read_to_string(region_dir.join("region.toml"))?).map_err(io_err)?;
        write(
            &format!("content/{region}/_index.md"),
            &format!("+++\ntitle = {}\n+++\n{}\n", q(str_field(&rt, "name")), str_field(&rt, "description")),
        )?;
        write(&format!("content/{region}/institutions/_index.md"), "+++\ntitle = \"医療機関の一覧\"\n+++\n")?;
        write(&format!("content/{region}/articles/_index.md"), "+++\ntitle = \"記事\"\n+++\n")?;
        for path in sorted_entries(&region_dir.join("institutions"))? {
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            let t: toml::Table = toml::from_str(&std::fs::read_to_string(&path)?).map_err(io_err)?;
            let phone = str_field(&t, "phone");
            let tel: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '#').collect();
            let mut page = String::from("+++\n");
            let _ = writeln!(page, "title = {}", q(str_field(&t, "name")));
            for key in ["kana", "municipality", "postal_code", "address", "hours"] {
                let _ = writeln!(page, "{key} = {}", q(str_field(&t, key)));
            }
            let _ = writeln!(page, "kind = {}", q(kind_label(str_field(&t, "kind"))));
            let _ = writeln!(page, "phone = {}\ntel = {}", q(phone), q(&tel));
            let _ = writeln!(page, "phases = {}", toml_list(&list_field(&t, "phases", phase_label)));
            let _ = writeln!(page, "services = {}", toml_list(&list_field(&t, "services", service_label)));
            let _ = writeln!(
                page,
                "available_24h = {}",
                t.get("available_24h").and_then(|v| v.as_bool()).unwrap_or(false)
            );
            let verified = match t.get("verified") {
                Some(toml::Value::Datetime(d)) => d.to_string(),
                Some(toml::Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            let _ = writeln!(page, "verified = {}", q(&verified));
            page.push_str("+++\n");
            // The `[internal]` table is never published, as in zaitaku.
            page.push_str(str_field(&t, "note"));
            page.push('\n');
            write(&format!("content/{region}/institutions/{id}.md"), &page)?;
            pages += 1;
        }
        let own = region_dir.join("articles");
        let mut region_articles = articles.clone();
        if own.is_dir() {
            for path in sorted_entries(&own)? {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path)?;
                region_articles.retain(|(a, _)| *a != id);
                region_articles.push((id, text));
            }
        }
        for (id, page) in &region_articles {
            write(&format!("content/{region}/articles/{id}.md"), page)?;
            pages += 1;
        }
    }
    Ok(pages)
}
