//! Machine-readable outputs of a region: the 自治体標準オープンデータセット「医療機関一覧」
//! CSV, the same list as JSON, schema.org JSON-LD for pages, and an Atom feed of updates.
//!
//! Every function here is pure (project in, bytes out) and deterministic: no clock, no
//! I/O, no hash-map ordering. Records are read field by field from their public fields;
//! `Institution::internal` is never touched, so nothing from `[internal]` can reach an
//! open-data file. See docs/OPENDATA.md for the column mapping.

use std::borrow::Cow;

use serde::Serialize;

use crate::model::*;

/// Columns of `institutions.csv`: the 26 columns of the standard dataset 「医療機関一覧」,
/// in its order, then four extension columns of this generator.
pub const CSV_COLUMNS: [&str; 30] = [
    "都道府県コード又は市区町村コード",
    "NO",
    "都道府県名",
    "市区町村名",
    "名称",
    "名称_カナ",
    "医療機関の種類",
    "住所",
    "方書",
    "緯度",
    "経度",
    "電話番号",
    "内線番号",
    "FAX番号",
    "法人番号",
    "法人の名称",
    "医療機関コード",
    "診療曜日",
    "診療開始時間",
    "診療終了時間",
    "診療日時特記事項",
    "時間外における対応",
    "診療科目",
    "病床数",
    "URL",
    "備考",
    // Extensions (not in the standard).
    "在宅医療の場面",
    "サービス",
    "24時間対応",
    "最終確認日",
];

/// A region's institutions in the order every open-data file uses: by id.
fn by_id(region: &Region) -> Vec<&Institution> {
    let mut v: Vec<&Institution> = region.institutions.iter().collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

/// One CSV field per RFC 4180: quoted when it holds a comma, a quote, CR or LF, with
/// quotes doubled. Anything else is written as is.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    if s.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

fn push_csv_row<S: AsRef<str>>(out: &mut Vec<u8>, fields: &[S]) {
    for (n, f) in fields.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(csv_field(f.as_ref()).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
}

/// Readings in full-width katakana, as the standard asks: hiragana (ぁ–ゖ, ゝゞ) and
/// half-width katakana (with their voiced marks) become full-width katakana; everything
/// else is kept.
pub fn to_katakana(s: &str) -> String {
    // U+FF61..=U+FF9F in order.
    const HALF: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'ぁ'..='ゖ' | 'ゝ' | 'ゞ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            '\u{FF61}'..='\u{FF9F}' => HALF.chars().nth(c as usize - 0xFF61).unwrap_or(c),
            _ => c,
        };
        // A voiced mark after a kana that takes it joins it (ｶﾞ → ガ, ﾊﾟ → パ, ｳﾞ → ヴ).
        let voiced = matches!(c, '゛' | '\u{3099}');
        let semi = matches!(c, '゜' | '\u{309A}');
        if voiced || semi {
            if let Some(prev) = out.chars().last() {
                let joined = match prev {
                    'ウ' if voiced => Some('ヴ'),
                    'カ' | 'キ' | 'ク' | 'ケ' | 'コ' | 'サ' | 'シ' | 'ス' | 'セ' | 'ソ' | 'タ' | 'チ' | 'ツ' | 'テ'
                    | 'ト'
                        if voiced =>
                    {
                        char::from_u32(prev as u32 + 1)
                    }
                    'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' => char::from_u32(prev as u32 + if voiced { 1 } else { 2 }),
                    _ => None,
                };
                if let Some(j) = joined {
                    out.pop();
                    out.push(j);
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Markdown as one line of plain text, crudely: block markers, emphasis and link targets
/// go, whitespace collapses. Good enough for a 備考 cell; not a Markdown renderer.
pub fn plain_text(md: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for line in md.lines() {
        let mut l = line.trim();
        l = l.trim_start_matches('>').trim_start();
        if l.starts_with('#') {
            let rest = l.trim_start_matches('#');
            if rest.is_empty() || rest.starts_with(' ') {
                l = rest.trim_start();
            }
        }
        for marker in ["- ", "* ", "+ "] {
            if let Some(rest) = l.strip_prefix(marker) {
                l = rest.trim_start();
            }
        }
        let digits = l.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && (l[digits..].starts_with(". ") || l[digits..].starts_with(") ")) {
            l = l[digits + 2..].trim_start();
        }
        let text = strip_links(l).replace("**", "").replace("__", "").replace('`', "");
        words.extend(text.split_whitespace().map(str::to_string));
    }
    words.join(" ")
}

/// `[text](target)` and `![alt](src)` → text / alt. Unmatched brackets stay as written.
fn strip_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|mid| after[mid + 2..].find(')').map(|close| (mid, mid + 2 + close)));
        match link {
            Some((mid, close)) => {
                let before = &rest[..open];
                out.push_str(before.strip_suffix('!').unwrap_or(before));
                out.push_str(&after[..mid]);
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn joined<V: Vocabulary>(values: &[V]) -> String {
    values.iter().map(|v| v.label()).collect::<Vec<_>>().join("；")
}

/// `institutions.csv` of a region: the standard dataset 「医療機関一覧」 plus extension
/// columns ([`CSV_COLUMNS`]), UTF-8 with BOM, CRLF, RFC 4180 quoting, one row per
/// institution sorted by id. Columns the contract has no field for stay empty.
pub fn institutions_csv(project: &Project, region: &Region) -> Vec<u8> {
    let _ = project; // The file is a function of the region alone; kept for symmetry.
    let mut out = b"\xEF\xBB\xBF".to_vec();
    push_csv_row(&mut out, &CSV_COLUMNS);
    for (n, i) in by_id(region).into_iter().enumerate() {
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let phone = |p: &Option<PhoneNumber>| p.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        let row: [String; 30] = [
            String::new(), // 都道府県コード又は市区町村コード
            (n + 1).to_string(),
            region.prefecture.clone(),
            i.municipality.as_ref().map(|m| m.value.clone()).unwrap_or_default(),
            i.name.clone(),
            i.kana.as_deref().map(to_katakana).unwrap_or_default(),
            i.kind.label().to_string(),
            opt(&i.address),
            String::new(), // 方書
            i.location.map(|g| g.lat.to_string()).unwrap_or_default(),
            i.location.map(|g| g.lon.to_string()).unwrap_or_default(),
            phone(&i.phone),
            String::new(), // 内線番号
            phone(&i.fax),
            String::new(), // 法人番号
            String::new(), // 法人の名称
            String::new(), // 医療機関コード
            String::new(), // 診療曜日
            String::new(), // 診療開始時間
            String::new(), // 診療終了時間
            opt(&i.hours),
            if i.available_24h == Some(true) { "24時間対応".into() } else { String::new() },
            String::new(), // 診療科目
            String::new(), // 病床数
            opt(&i.url),
            i.note.as_ref().map(|m| plain_text(&m.text)).unwrap_or_default(),
            joined(&i.phases),
            joined(&i.services),
            match i.available_24h {
                Some(true) => "○".into(),
                Some(false) => "×".into(),
                None => String::new(),
            },
            i.verified.value.to_string(),
        ];
        push_csv_row(&mut out, &row);
    }
    out
}

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
struct JsonFile<'a> {
    region: JsonRegion<'a>,
    license: &'a str,
    institutions: Vec<JsonInstitution<'a>>,
}

#[derive(Serialize)]
struct JsonRegion<'a> {
    id: &'a str,
    name: &'a str,
    prefecture: &'a str,
    as_of: String,
}

#[derive(Serialize)]
struct JsonGeo {
    lat: f64,
    lon: f64,
}

/// Field order here is the key order of the file.
#[derive(Serialize)]
struct JsonInstitution<'a> {
    id: &'a str,
    name: &'a str,
    kana: Option<&'a str>,
    kind: Kind,
    roles: &'a [Role],
    phases: &'a [Phase],
    services: &'a [Service],
    municipality: Option<&'a str>,
    postal_code: Option<&'a str>,
    address: Option<&'a str>,
    phone: Option<&'a str>,
    fax: Option<&'a str>,
    url: Option<&'a str>,
    hours: Option<&'a str>,
    available_24h: Option<bool>,
    accepting_new_patients: Option<bool>,
    visit_area: &'a [String],
    location: Option<JsonGeo>,
    verified: String,
}

/// `institutions.json` of a region: the same records as the CSV, with vocabularies as
/// `{id, label}`, unknowns as `null`, sorted by id; pretty-printed, keys in a fixed order.
pub fn institutions_json(project: &Project, region: &Region, license: &str) -> Vec<u8> {
    let _ = project;
    let file = JsonFile {
        region: JsonRegion {
            id: region.id.as_str(),
            name: &region.name,
            prefecture: &region.prefecture,
            as_of: region.as_of.to_string(),
        },
        license,
        institutions: by_id(region)
            .into_iter()
            .map(|i| JsonInstitution {
                id: i.id.as_str(),
                name: &i.name,
                kana: i.kana.as_deref(),
                kind: i.kind,
                roles: &i.roles,
                phases: &i.phases,
                services: &i.services,
                municipality: i.municipality.as_ref().map(|m| m.value.as_str()),
                postal_code: i.postal_code.as_deref(),
                address: i.address.as_deref(),
                phone: i.phone.as_ref().map(PhoneNumber::display),
                fax: i.fax.as_ref().map(PhoneNumber::display),
                url: i.url.as_deref(),
                hours: i.hours.as_deref(),
                available_24h: i.available_24h,
                accepting_new_patients: i.accepting_new_patients,
                visit_area: &i.visit_area,
                location: i.location.map(|g| JsonGeo { lat: g.lat, lon: g.lon }),
                verified: i.verified.value.to_string(),
            })
            .collect(),
    };
    // Serialising plain structs of strings, numbers and bools cannot fail (a non-finite
    // coordinate becomes null).
    let mut out = serde_json::to_vec_pretty(&file).unwrap_or_default();
    out.push(b'\n');
    out
}

// ---------------------------------------------------------------------------------------
// JSON-LD
// ---------------------------------------------------------------------------------------

/// The schema.org type of an institution's JSON-LD.
pub fn schema_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Clinic | Kind::DentalClinic => "MedicalClinic",
        Kind::Hospital => "Hospital",
        Kind::Pharmacy => "Pharmacy",
        Kind::VisitingNurse => "MedicalOrganization",
        Kind::FireDepartment => "FireStation",
        Kind::Municipality | Kind::HealthCenter => "GovernmentOffice",
        _ => "LocalBusiness",
    }
}

/// Types that are schema.org MedicalOrganization (and so have isAcceptingNewPatients).
fn is_medical_organization(ty: &str) -> bool {
    matches!(ty, "MedicalClinic" | "Hospital" | "Pharmacy" | "MedicalOrganization")
}

/// JSON that can sit inside `<script type="application/ld+json">`: `<`, `>` and `&` (and
/// the JavaScript line separators) only occur inside JSON strings, where their `\u`
/// escapes mean the same, so `</script>` or `<!--` can never appear in the element.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

fn to_script_json<T: Serialize>(value: &T) -> String {
    script_safe(&serde_json::to_string(value).unwrap_or_default())
}

#[derive(Serialize)]
struct LdPostalAddress<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    #[serde(rename = "postalCode", skip_serializing_if = "Option::is_none")]
    postal_code: Option<&'a str>,
    #[serde(rename = "addressRegion")]
    address_region: &'a str,
    #[serde(rename = "addressLocality", skip_serializing_if = "Option::is_none")]
    address_locality: Option<&'a str>,
    #[serde(rename = "streetAddress", skip_serializing_if = "Option::is_none")]
    street_address: Option<&'a str>,
    #[serde(rename = "addressCountry")]
    address_country: &'static str,
}

#[derive(Serialize)]
struct LdGeo {
    #[serde(rename = "@type")]
    ty: &'static str,
    latitude: f64,
    longitude: f64,
}

#[derive(Serialize)]
struct LdInstitution<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    ty: &'static str,
    name: &'a str,
    #[serde(rename = "alternateName", skip_serializing_if = "Option::is_none")]
    alternate_name: Option<&'a str>,
    address: LdPostalAddress<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<&'a str>,
    #[serde(rename = "faxNumber", skip_serializing_if = "Option::is_none")]
    fax_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    geo: Option<LdGeo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(rename = "areaServed", skip_serializing_if = "<[String]>::is_empty")]
    area_served: &'a [String],
    #[serde(rename = "isAcceptingNewPatients", skip_serializing_if = "Option::is_none")]
    is_accepting_new_patients: Option<bool>,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<String>,
    #[serde(rename = "dateModified")]
    date_modified: String,
}

/// schema.org JSON-LD for an institution's page, safe to place inside
/// `<script type="application/ld+json">` as is. Free-text hours go to `description`
/// (never `openingHours`, which needs a structured form the record does not have).
pub fn json_ld_institution(project: &Project, region: &Region, inst: &Institution) -> String {
    let ty = schema_type(inst.kind);
    let ld = LdInstitution {
        context: "https://schema.org",
        ty,
        name: &inst.name,
        alternate_name: inst.kana.as_deref(),
        address: LdPostalAddress {
            ty: "PostalAddress",
            postal_code: inst.postal_code.as_deref(),
            address_region: &region.prefecture,
            address_locality: inst.municipality.as_ref().map(|m| m.value.as_str()),
            street_address: inst.address.as_deref(),
            address_country: "JP",
        },
        telephone: inst.phone.as_ref().map(PhoneNumber::display),
        fax_number: inst.fax.as_ref().map(PhoneNumber::display),
        url: inst.url.as_deref(),
        geo: inst.location.map(|g| LdGeo { ty: "GeoCoordinates", latitude: g.lat, longitude: g.lon }),
        description: inst.hours.as_ref().map(|h| format!("時間：{h}")),
        area_served: &inst.visit_area,
        is_accepting_new_patients: inst.accepting_new_patients.filter(|_| is_medical_organization(ty)),
        main_entity_of_page: project
            .site
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}/institutions/{}.html", region.id, inst.id)),
        date_modified: inst.verified.value.to_string(),
    };
    to_script_json(&ld)
}

#[derive(Serialize)]
struct LdOrganization<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct LdWebPage<'a> {
    #[serde(rename = "@type")]
    ty: &'static str,
    #[serde(rename = "@id")]
    id: &'a str,
}

#[derive(Serialize)]
struct LdArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    ty: &'static str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    publisher: LdOrganization<'a>,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<LdWebPage<'a>>,
}

/// schema.org `Article` JSON-LD for an article page, safe inside a `<script>` element.
/// `page_url` is the page's absolute URL (when the site has a base_url).
pub fn json_ld_article(article: &Article, page_url: Option<&str>, publisher: &str) -> String {
    let ld = LdArticle {
        context: "https://schema.org",
        ty: "Article",
        headline: &article.title,
        description: article.summary.as_deref(),
        date_modified: article.updated.to_string(),
        publisher: LdOrganization { ty: "Organization", name: publisher },
        main_entity_of_page: page_url.map(|id| LdWebPage { ty: "WebPage", id }),
    };
    to_script_json(&ld)
}

// ---------------------------------------------------------------------------------------
// Atom
// ---------------------------------------------------------------------------------------

/// XML text or attribute value: the five predefined entities, and characters XML 1.0
/// does not allow at all (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF) dropped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A date as an Atom timestamp: midnight in Japan.
fn atom_date(d: Date) -> String {
    format!("{d}T00:00:00+09:00")
}

struct FeedEntry {
    updated: Date,
    record_id: String,
    id: String,
    title: String,
    href: String,
    category: (&'static str, &'static str),
    summary: Option<String>,
}

/// The region's `feed.xml`: one Atom entry per institution (its `verified` date) and per
/// article given (its `updated` date), newest first. Links are absolute under `base_url`
/// (the site's base URL, ending in `/`), else relative to the region folder where the
/// feed lives. Entirely determined by the content: the feed's `<updated>` is its newest
/// entry's date (the region's `as_of` when it has none), never the build time.
pub fn atom_feed(project: &Project, region: &Region, articles: &[&Article], base_url: Option<&str>) -> Vec<u8> {
    let page = |path: &str| match base_url {
        Some(b) => format!("{b}{}/{path}", region.id),
        None => path.to_string(),
    };
    let entry_id = |path: &str| match base_url {
        Some(b) => format!("{b}{}/{path}", region.id),
        None => format!("tag:zaitaku,2025:{}/{}", region.id, path.trim_end_matches(".html")),
    };
    let mut entries: Vec<FeedEntry> = Vec::new();
    for i in &region.institutions {
        let path = format!("institutions/{}.html", i.id);
        entries.push(FeedEntry {
            updated: i.verified.value,
            record_id: i.id.to_string(),
            id: entry_id(&path),
            title: format!("{}（{}）", i.name, i.kind.label()),
            href: page(&path),
            category: ("institution", "医療・介護機関"),
            summary: None,
        });
    }
    for a in articles {
        let path = format!("articles/{}.html", a.id);
        entries.push(FeedEntry {
            updated: a.updated,
            record_id: a.id.to_string(),
            id: entry_id(&path),
            title: a.title.clone(),
            href: page(&path),
            category: ("article", "記事"),
            summary: a.summary.clone(),
        });
    }
    entries.sort_by(|a, b| {
        b.updated.cmp(&a.updated).then_with(|| a.record_id.cmp(&b.record_id)).then_with(|| a.id.cmp(&b.id))
    });
    let updated = entries.first().map_or(region.as_of, |e| e.updated);

    let x = xml_escape;
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", x(&project.site.language)));
    s.push_str(&format!("  <title>{}</title>\n", x(&format!("{}の更新情報", region.name))));
    match base_url {
        Some(b) => {
            s.push_str(&format!("  <id>{}</id>\n", x(&format!("{b}{}/feed.xml", region.id))));
            s.push_str(&format!(
                "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
                x(&format!("{b}{}/feed.xml", region.id))
            ));
            s.push_str(&format!(
                "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                x(&format!("{b}{}/", region.id))
            ));
        }
        None => {
            s.push_str(&format!("  <id>{}</id>\n", x(&format!("tag:zaitaku,2025:{}/feed", region.id))));
            s.push_str("  <link rel=\"alternate\" type=\"text/html\" href=\"index.html\"/>\n");
        }
    }
    s.push_str(&format!("  <updated>{}</updated>\n", atom_date(updated)));
    s.push_str(&format!("  <author><name>{}</name></author>\n", x(&project.site.publisher)));
    s.push_str("  <generator>zaitaku</generator>\n");
    for e in &entries {
        s.push_str("  <entry>\n");
        s.push_str(&format!("    <title>{}</title>\n", x(&e.title)));
        s.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", x(&e.href)));
        s.push_str(&format!("    <id>{}</id>\n", x(&e.id)));
        s.push_str(&format!("    <updated>{}</updated>\n", atom_date(e.updated)));
        s.push_str(&format!("    <category term=\"{}\" label=\"{}\"/>\n", e.category.0, e.category.1));
        if let Some(summary) = &e.summary {
            s.push_str(&format!("    <summary>{}</summary>\n", x(summary)));
        }
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: [&str; 30] = [
        "都道府県コード又は市区町村コード",
        "NO",
        "都道府県名",
        "市区町村名",
        "名称",
        "名称_カナ",
        "医療機関の種類",
        "住所",
        "方書",
        "緯度",
        "経度",
        "電話番号",
        "内線番号",
        "FAX番号",
        "法人番号",
        "法人の名称",
        "医療機関コード",
        "診療曜日",
        "診療開始時間",
        "診療終了時間",
        "診療日時特記事項",
        "時間外における対応",
        "診療科目",
        "病床数",
        "URL",
        "備考",
        "在宅医療の場面",
        "サービス",
        "24時間対応",
        "最終確認日",
    ];

    fn project() -> Project {
        let (p, d) = crate::load::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        assert!(!d.has_errors(), "the example project loads without errors");
        p.expect("the example project loads")
    }

    fn region<'a>(p: &'a Project, id: &str) -> &'a Region {
        p.regions.iter().find(|r| r.id.as_str() == id).expect("region exists")
    }

    fn col(name: &str) -> usize {
        HEADER.iter().position(|h| *h == name).unwrap()
    }

    /// A strict RFC 4180 reader: records end in CRLF (also the last), a quote may only
    /// open a field or be doubled inside a quoted one.
    fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM")).expect("UTF-8");
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let (mut quoted, mut was_quoted) = (false, false);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if quoted {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        quoted = false;
                    }
                } else {
                    field.push(c);
                }
                continue;
            }
            match c {
                '"' => {
                    assert!(field.is_empty() && !was_quoted, "quote inside an unquoted field");
                    quoted = true;
                    was_quoted = true;
                }
                ',' => {
                    row.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR not followed by LF");
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                    was_quoted = false;
                }
                '\n' => panic!("bare LF outside a quoted field"),
                c => {
                    assert!(!was_quoted, "text after a closing quote");
                    field.push(c);
                }
            }
        }
        assert!(!quoted, "unterminated quoted field");
        assert!(field.is_empty() && row.is_empty(), "the last record must end with CRLF");
        rows
    }

    /// Well-formedness, enough for what `atom_feed` writes: declaration, balanced and
    /// properly nested tags, quoted attributes, no raw `<` or stray `&` in text.
    fn check_xml(xml: &str) -> Vec<String> {
        let mut rest = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>").expect("XML declaration");
        let mut stack: Vec<String> = Vec::new();
        let mut seen = Vec::new();
        let mut roots = 0;
        let check_text = |t: &str| {
            let mut r = t;
            while let Some(i) = r.find('&') {
                r = &r[i..];
                let end = r.find(';').expect("entity ends with ;");
                assert!(["&amp", "&lt", "&gt", "&quot", "&apos"].contains(&&r[..end]), "unknown entity {}", &r[..end]);
                r = &r[end..];
            }
        };
        while let Some(open) = rest.find('<') {
            let text = &rest[..open];
            if stack.is_empty() {
                assert!(text.trim().is_empty(), "text outside the root element");
            }
            check_text(text);
            let close = rest[open..].find('>').expect("tag is closed") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "raw < inside a tag");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name.trim()), "mismatched end tag");
            } else {
                let self_closing = tag.ends_with('/');
                let body = tag.trim_end_matches('/');
                let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
                let name = &body[..name_end];
                assert!(!name.is_empty());
                // Attributes: name="value" pairs.
                let mut attrs = body[name_end..].trim();
                while !attrs.is_empty() {
                    let eq = attrs.find("=\"").expect("attribute has =\"");
                    let vend = attrs[eq + 2..].find('"').expect("attribute value closes") + eq + 2;
                    check_text(&attrs[eq + 2..vend]);
                    attrs = attrs[vend + 1..].trim_start();
                }
                if stack.is_empty() {
                    roots += 1;
                }
                seen.push(name.to_string());
                if !self_closing {
                    stack.push(name.to_string());
                }
            }
            rest = &rest[close + 1..];
        }
        assert!(rest.trim().is_empty(), "text after the root element");
        assert!(stack.is_empty(), "unclosed elements: {stack:?}");
        assert_eq!(roots, 1, "exactly one root element");
        seen
    }

    fn loc() -> Loc {
        Loc { file: FileId(0), span: 0..0 }
    }

    /// An institution whose every text field is hostile, with internal values.
    fn tricky() -> Institution {
        Institution {
            id: Id::parse("zz-tricky").unwrap(),
            file: FileId(0),
            name: "A, \"B\"\nC </script><!-- & 'x'".into(),
            kana: Some("てすとｶﾞｯｺｳ".into()),
            kind: Kind::Clinic,
            roles: vec![Role::ActiveHomeCare],
            phases: vec![Phase::Daily, Phase::EndOfLife],
            services: vec![Service::HouseCall],
            municipality: Some(At { value: "みどり市".into(), loc: loc() }),
            postal_code: Some("905-0000".into()),
            address: Some("みどり市1-2,3".into()),
            phone: Some(PhoneNumber::parse("0980-00-0000").unwrap()),
            fax: None,
            url: Some("https://example.jp/?a=1&b=2".into()),
            hours: Some("月〜金\r\n9:00〜18:00 <b>".into()),
            available_24h: Some(false),
            accepting_new_patients: Some(true),
            visit_area: vec![],
            location: None,
            verified: At { value: jiff::civil::date(2030, 1, 2), loc: loc() },
            note: Some(Markdown {
                text: "## 見出し\n\n**強調**と[リンク](https://example.jp/)\n\n- 項目一\n- 項目二".into(),
                loc: loc(),
            }),
            internal: Internal::new(vec!["TRICKY-SECRET-0001".into()]),
        }
    }

    #[test]
    fn csv_field_quotes_per_rfc_4180() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field(""), "");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_field("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(csv_field("全角，カンマ"), "全角，カンマ");
    }

    #[test]
    fn kana_becomes_full_width_katakana() {
        assert_eq!(to_katakana("くりにっくさくら"), "クリニックサクラ");
        assert_eq!(to_katakana("ゔぁ・ゝゞ"), "ヴァ・ヽヾ");
        assert_eq!(to_katakana("カタカナ ABC"), "カタカナ ABC");
        assert_eq!(to_katakana("ｶﾞｯｺｳ ﾊﾟﾝ ｳﾞ ﾎﾟ ｱﾞ"), "ガッコウ パン ヴ ポ ア゛");
        assert_eq!(to_katakana("ｦｧｰﾝ｡"), "ヲァーン。");
    }

    #[test]
    fn markdown_note_becomes_one_line_of_text() {
        assert_eq!(
            plain_text("## 見出し\n\n**強調**と[リンク](@/articles/a.md)\n\n- 一\n- 二\n1. 三"),
            "見出し 強調とリンク 一 二 三"
        );
        assert_eq!(plain_text("[未完 (x)"), "[未完 (x)");
        assert_eq!(plain_text("![図](a.png)  説明"), "図 説明");
    }

    #[test]
    fn csv_has_the_standard_layout() {
        let p = project();
        for r in &p.regions {
            let bytes = institutions_csv(&p, r);
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM");
            let text = std::str::from_utf8(&bytes[3..]).unwrap();
            assert!(text.ends_with("\r\n"));
            // The example has no line breaks inside fields: every line ends in CRLF.
            assert!(text.split_inclusive('\n').all(|l| l.ends_with("\r\n")));
            let rows = parse_csv(&bytes);
            assert_eq!(rows[0], HEADER);
            assert_eq!(CSV_COLUMNS, HEADER);
            assert_eq!(rows.len() - 1, r.institutions.len());
            let mut ids: Vec<&str> = r.institutions.iter().map(|i| i.id.as_str()).collect();
            ids.sort();
            for (n, (row, id)) in rows[1..].iter().zip(ids).enumerate() {
                assert_eq!(row.len(), 30);
                let i = r.institutions.iter().find(|i| i.id.as_str() == id).unwrap();
                assert_eq!(row[col("NO")], (n + 1).to_string());
                assert_eq!(row[col("名称")], i.name);
                assert_eq!(row[col("都道府県名")], r.prefecture);
                assert_eq!(row[col("医療機関の種類")], i.kind.label());
                assert_eq!(row[col("最終確認日")], i.verified.value.to_string());
                assert!(!row[col("名称_カナ")].chars().any(|c| ('ぁ'..='ゖ').contains(&c)));
                for empty in
                    ["都道府県コード又は市区町村コード", "方書", "内線番号", "法人番号", "医療機関コード", "病床数"]
                {
                    assert_eq!(row[col(empty)], "");
                }
                assert!(!row[col("備考")].contains('\n') && !row[col("備考")].contains("**"));
            }
        }
        // Spot-check one known record.
        let rows = parse_csv(&institutions_csv(&p, region(&p, "hokubu")));
        let sakura = rows.iter().find(|r| r[col("名称")] == "クリニックさくら").unwrap();
        assert_eq!(sakura[col("名称_カナ")], "クリニックサクラ");
        assert_eq!(sakura[col("電話番号")], "0980-00-1101");
        assert_eq!(sakura[col("緯度")], "26.5887");
        assert_eq!(sakura[col("時間外における対応")], "24時間対応");
        assert_eq!(sakura[col("24時間対応")], "○");
        assert_eq!(sakura[col("在宅医療の場面")], "日常の療養支援；急変時の対応；看取り");
    }

    #[test]
    fn hostile_values_round_trip_through_every_format() {
        let mut p = project();
        let idx = p.regions.iter().position(|r| r.id.as_str() == "hokubu").unwrap();
        p.regions[idx].institutions.push(tricky());
        let r = &p.regions[idx];
        let t = r.institutions.last().unwrap();

        let rows = parse_csv(&institutions_csv(&p, r));
        let row = rows.iter().find(|row| row[col("名称")] == t.name).expect("name round-trips");
        assert_eq!(row[col("住所")], "みどり市1-2,3");
        assert_eq!(row[col("診療日時特記事項")], "月〜金\r\n9:00〜18:00 <b>");
        assert_eq!(row[col("名称_カナ")], "テストガッコウ");
        assert_eq!(row[col("備考")], "見出し 強調とリンク 項目一 項目二");
        assert_eq!(row[col("24時間対応")], "×");
        assert_eq!(row[col("時間外における対応")], "");
        assert_eq!(row[col("NO")], rows.len().saturating_sub(1).to_string(), "zz- sorts last");

        let json: serde_json::Value = serde_json::from_slice(&institutions_json(&p, r, "CC BY 4.0")).unwrap();
        let last = json["institutions"].as_array().unwrap().last().unwrap();
        assert_eq!(last["name"], t.name.as_str());

        let ld = json_ld_institution(&p, r, t);
        assert!(!ld.contains('<') && !ld.contains('>') && !ld.contains('&'));
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(v["name"], t.name.as_str());
        assert_eq!(v["url"], "https://example.jp/?a=1&b=2");
        assert_eq!(v["description"], "時間：月〜金\r\n9:00〜18:00 <b>");

        let feed = String::from_utf8(atom_feed(&p, r, &[], None)).unwrap();
        check_xml(&feed);
        assert!(
            feed.contains("<title>A, &quot;B&quot;\nC &lt;/script&gt;&lt;!-- &amp; &apos;x&apos;（診療所）</title>")
        );
        // The newest entry leads and dates the feed.
        assert!(feed.contains("<updated>2030-01-02T00:00:00+09:00</updated>\n  <author>"));
        let first_entry = &feed[feed.find("<entry>").unwrap()..];
        assert!(first_entry.starts_with("<entry>\n    <title>A, "));
    }

    #[test]
    fn no_internal_value_reaches_any_output() {
        let mut p = project();
        p.regions[0].institutions.push(tricky());
        let p = p;
        let mut secrets: Vec<String> = Vec::new();
        for r in &p.regions {
            for i in &r.institutions {
                secrets.extend(i.internal.secrets_for_leak_tests().iter().filter(|s| !s.is_empty()).cloned());
            }
        }
        assert!(secrets.len() >= 3, "the example has internal values to look for");
        for r in &p.regions {
            let articles: Vec<&Article> = p.articles.iter().chain(&r.articles).collect();
            let mut outputs: Vec<String> = vec![
                String::from_utf8(institutions_csv(&p, r)).unwrap(),
                String::from_utf8(institutions_json(&p, r, DEFAULT_LICENSE)).unwrap(),
                String::from_utf8(atom_feed(&p, r, &articles, None)).unwrap(),
                String::from_utf8(atom_feed(&p, r, &articles, p.site.base_url.as_deref())).unwrap(),
            ];
            outputs.extend(r.institutions.iter().map(|i| json_ld_institution(&p, r, i)));
            for out in &outputs {
                for s in &secrets {
                    assert!(!out.contains(s.as_str()), "internal value {s:?} leaked into an output of {}", r.id);
                    // JSON-LD escapes some characters; check the escaped form too.
                    assert!(!out.contains(&script_safe(s)), "internal value {s:?} leaked (escaped)");
                }
            }
        }
    }

    #[test]
    fn json_has_the_documented_shape() {
        let p = project();
        let r = region(&p, "hokubu");
        let bytes = institutions_json(&p, r, "CC BY 4.0");
        assert_eq!(bytes, institutions_json(&p, r, "CC BY 4.0"), "deterministic");
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["license"], "CC BY 4.0");
        assert_eq!(v["region"]["id"], "hokubu");
        assert_eq!(v["region"]["prefecture"], "沖縄県");
        assert_eq!(v["region"]["as_of"], "2025-11-01");
        let list = v["institutions"].as_array().unwrap();
        assert_eq!(list.len(), r.institutions.len());
        let ids: Vec<&str> = list.iter().map(|i| i["id"].as_str().unwrap()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        for i in list {
            let o = i.as_object().unwrap();
            let keys: Vec<&str> = o.keys().map(String::as_str).collect();
            for k in [
                "id",
                "name",
                "kana",
                "kind",
                "roles",
                "phases",
                "services",
                "municipality",
                "postal_code",
                "address",
                "phone",
                "fax",
                "url",
                "hours",
                "available_24h",
                "accepting_new_patients",
                "visit_area",
                "location",
                "verified",
            ] {
                assert!(keys.contains(&k), "missing {k}");
            }
            assert_eq!(keys.len(), 19);
            assert!(i["name"].is_string());
            assert!(i["kind"]["id"].is_string() && i["kind"]["label"].is_string());
            for list in ["roles", "phases", "services"] {
                assert!(i[list].as_array().unwrap().iter().all(|x| x["id"].is_string() && x["label"].is_string()));
            }
            assert!(i["visit_area"].as_array().unwrap().iter().all(|x| x.is_string()));
            assert!(i["phone"].is_string() || i["phone"].is_null());
            assert!(i["available_24h"].is_boolean() || i["available_24h"].is_null());
            assert!(i["accepting_new_patients"].is_boolean() || i["accepting_new_patients"].is_null());
            assert!(i["location"].is_null() || (i["location"]["lat"].is_f64() && i["location"]["lon"].is_f64()));
            assert_eq!(i["verified"].as_str().unwrap().len(), 10);
        }
        let sakura = list.iter().find(|i| i["id"] == "clinic-sakura").unwrap();
        assert_eq!(sakura["kind"]["id"], "clinic");
        assert_eq!(sakura["phone"], "0980-00-1101");
        assert_eq!(sakura["location"]["lat"], 26.5887);
        assert_eq!(sakura["accepting_new_patients"], true);
    }

    #[test]
    fn json_ld_types_and_fields() {
        let p = project();
        let r = region(&p, "hokubu");
        let ld = |id: &str| {
            let i = r.institutions.iter().find(|i| i.id.as_str() == id).unwrap();
            let s = json_ld_institution(&p, r, i);
            assert!(!s.contains('<'));
            serde_json::from_str::<serde_json::Value>(&s).unwrap()
        };
        assert_eq!(ld("clinic-sakura")["@type"], "MedicalClinic");
        assert_eq!(ld("umibe-dental")["@type"], "MedicalClinic");
        assert_eq!(ld("midori-chuo-hospital")["@type"], "Hospital");
        assert_eq!(ld("midori-pharmacy")["@type"], "Pharmacy");
        assert_eq!(ld("yamanaka-houkan")["@type"], "MedicalOrganization");
        assert_eq!(ld("midori-shobo")["@type"], "FireStation");
        assert_eq!(ld("kantaki-churasaki")["@type"], "LocalBusiness");
        let s = ld("clinic-sakura");
        assert_eq!(s["@context"], "https://schema.org");
        assert_eq!(s["name"], "クリニックさくら");
        assert_eq!(s["alternateName"], "くりにっくさくら");
        assert_eq!(s["telephone"], "0980-00-1101");
        assert_eq!(s["faxNumber"], "0980-00-1102");
        assert_eq!(s["url"], "https://example.jp/clinic-sakura/");
        assert_eq!(s["address"]["@type"], "PostalAddress");
        assert_eq!(s["address"]["addressRegion"], "沖縄県");
        assert_eq!(s["address"]["addressLocality"], "みどり市");
        assert_eq!(s["address"]["postalCode"], "905-0012");
        assert_eq!(s["address"]["addressCountry"], "JP");
        assert_eq!(s["geo"]["@type"], "GeoCoordinates");
        assert_eq!(s["geo"]["latitude"], 26.5887);
        assert_eq!(s["dateModified"], "2025-12-03");
        assert!(s.get("openingHours").is_none());
        assert_eq!(
            s["mainEntityOfPage"],
            "https://www.pref.example.lg.jp/zaitaku/hokubu/institutions/clinic-sakura.html"
        );

        let mut a = p.articles[0].clone();
        a.title = "</script><script>alert(1)</script> & more".into();
        let s = json_ld_article(&a, Some("https://example.jp/hokubu/articles/x.html"), "協議会");
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["@type"], "Article");
        assert_eq!(v["headline"], a.title.as_str());
        assert_eq!(v["dateModified"], a.updated.to_string());
        assert_eq!(v["publisher"]["@type"], "Organization");
        assert_eq!(v["publisher"]["name"], "協議会");
        assert_eq!(v["description"].as_str(), a.summary.as_deref());
        assert_eq!(v["mainEntityOfPage"]["@id"], "https://example.jp/hokubu/articles/x.html");
        let v: serde_json::Value = serde_json::from_str(&json_ld_article(&a, None, "協議会")).unwrap();
        assert!(v.get("mainEntityOfPage").is_none());
    }

    #[test]
    fn feed_is_well_formed_atom() {
        let p = project();
        for r in &p.regions {
            let mut articles: Vec<&Article> =
                p.articles.iter().filter(|a| !r.articles.iter().any(|o| o.id == a.id)).collect();
            articles.extend(&r.articles);
            for base in [None, p.site.base_url.as_deref()] {
                let bytes = atom_feed(&p, r, &articles, base);
                assert_eq!(bytes, atom_feed(&p, r, &articles, base), "deterministic");
                let xml = String::from_utf8(bytes).unwrap();
                let names = check_xml(&xml);
                assert_eq!(names[0], "feed");
                assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
                assert_eq!(names.iter().filter(|n| *n == "entry").count(), r.institutions.len() + articles.len());
                assert!(xml.contains(&format!("<title>{}の更新情報</title>", r.name)));
                assert!(xml.contains(&format!("<author><name>{}</name></author>", p.site.publisher)));
                // Entries newest first; the feed is dated by the first.
                let dates: Vec<&str> = xml.match_indices("<updated>").map(|(i, _)| &xml[i + 9..i + 19]).collect();
                assert_eq!(dates[0], dates[1], "feed updated = newest entry");
                assert!(dates[1..].windows(2).all(|w| w[0] >= w[1]), "newest first");
                assert!(xml.contains("T00:00:00+09:00</updated>"));
                match base {
                    None => {
                        assert!(xml.contains(&format!("<id>tag:zaitaku,2025:{}/institutions/", r.id)));
                        assert!(xml.contains("href=\"institutions/"));
                        assert!(xml.contains("href=\"articles/"));
                    }
                    Some(b) => {
                        assert!(xml.contains(&format!("href=\"{b}{}/institutions/", r.id)));
                        assert!(xml.contains(&format!("<id>{b}{}/articles/", r.id)));
                        assert!(xml.contains(&format!(
                            "rel=\"self\" type=\"application/atom+xml\" href=\"{b}{}/feed.xml\"",
                            r.id
                        )));
                    }
                }
            }
        }
    }

    #[test]
    fn xml_escape_handles_the_five_entities_and_controls() {
        assert_eq!(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
        assert_eq!(xml_escape("x\u{1}y\tz\u{FFFF}"), "xy\tz");
        assert_eq!(script_safe("\"</script>&\u{2028}\""), "\"\\u003c/script\\u003e\\u0026\\u2028\"");
    }
}
