use super::*;

struct Links;
impl Page for Links {
    fn resolve(&self, target: &str) -> Result<String, Msg> {
        match target {
            "articles/acp.md" => Ok("../articles/acp.html".into()),
            other => Err(msg!("io-other", detail = format!("no such file: {other}"))),
        }
    }
    fn uses_id(&self, id: &str) -> bool {
        id == "main" || id == "site-search"
    }
}

fn messages(r: &Rendered) -> Vec<String> {
    r.problems.iter().map(|p| crate::i18n::Lang::En.text(&p.message)).collect()
}

#[test]
fn resolves_content_links_and_keeps_fragments() {
    let r = render("[人生会議](@/articles/acp.md#start)", &Links);
    assert!(r.html.contains(r#"<a href="../articles/acp.html#start">人生会議</a>"#), "{}", r.html);
    assert!(r.problems.is_empty());
}

#[test]
fn broken_content_link_is_an_error_at_the_link() {
    let md = "前文\n\n[こちら](@/articles/none.md)";
    let r = render(md, &Links);
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].severity, Severity::Error);
    assert_eq!(&md[r.problems[0].span.clone()], "[こちら](@/articles/none.md)");
    assert!(r.html.contains("こちら") && !r.html.contains("<a"));
}

#[test]
fn scripts_and_raw_html_never_reach_the_page() {
    let md = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x()\">太字</b> ![p](https://evil.example/p.png)";
    let r = render(md, &Links);
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.contains("javascript:"), "{}", r.html);
    assert!(!r.html.contains("onclick"), "{}", r.html);
    assert!(!r.html.contains("evil.example"), "{}", r.html);
    assert!(r.html.contains("太字"));
    assert_eq!(r.problems.len(), 5, "{:?}", r.problems);
}

#[test]
fn headings_keep_only_a_checked_unique_id() {
    let md = "## 見出し {#main .x onclick=alert(1) hidden style=color:red}\n\n## 二 {#intro}\n\n## 三 {#intro}\n\n## 四 {#a:b}\n\n## 五 {#人生会議}\n";
    let r = render(md, &Links);
    assert!(r.html.contains("<h2 id=\"main-2\">見出し</h2>"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"intro\">二</h2>") && r.html.contains("<h2 id=\"intro-2\">三</h2>"), "{}", r.html);
    assert!(r.html.contains("<h2>四</h2>") && r.html.contains("<h2 id=\"人生会議\">五</h2>"), "{}", r.html);
    for gone in ["onclick", "hidden", "style", "class", "a:b"] {
        assert!(!r.html.contains(gone), "{gone}: {}", r.html);
    }
    assert_eq!(
        messages(&r),
        [
            "heading attributes are not published, only an id (`{#name}`): `.x`, `onclick`, `hidden`, `style` removed",
            "heading id \"main\" is one the page itself uses; this heading gets id \"main-2\"",
            "heading id \"intro\" is used by an earlier heading; this one gets id \"intro-2\"",
            "heading id \"a:b\" is not used: an id holds only letters, digits, `-` and `_` (at most 64)",
        ]
    );
    // Each points at the `{…}` it is about.
    assert_eq!(&md[r.problems[0].span.clone()], "{#main .x onclick=alert(1) hidden style=color:red}");
    assert_eq!(&md[r.problems[2].span.clone()], "{#intro}");
}

#[test]
fn footnotes_get_unique_ids_that_their_references_follow() {
    let r = render("注[^main]と[^1]。\n\n## 見 {#1}\n\n[^main]: 本文\n[^1]: 二\n", &Links);
    assert!(r.html.contains("href=\"#main-2\"") && r.html.contains("id=\"main-2\""), "{}", r.html);
    assert!(r.html.contains("href=\"#1\"") && r.html.contains("<h2 id=\"1-2\">"), "{}", r.html);
    assert!(!r.html.contains("id=\"main\""), "{}", r.html);
}

#[test]
fn furigana_becomes_ruby_and_plain_text_keeps_the_base() {
    let r = render("## {在宅医療|ざいたくいりょう}とは\n\n{A&B|x} と {a|b|c} と {閉じない", &Links);
    assert!(r.html.contains("<h2><ruby>在宅医療<rp>（</rp><rt>ざいたくいりょう</rt><rp>）</rp></ruby>とは</h2>"), "{}", r.html);
    assert!(r.html.contains("<ruby>A&amp;B<rp>"), "the parts are escaped: {}", r.html);
    assert!(r.html.contains("{a|b|c}") && r.html.contains("{閉じない"), "{}", r.html);
    assert_eq!(r.headings, vec!["在宅医療とは"]);
    assert!(r.problems.is_empty());
}

#[test]
fn furigana_is_not_read_in_code_or_autolinks() {
    let md = "`{a|b}` と <https://example.jp/{x|y}> と [{往診|おうしん}](https://example.jp/{p|q})\n\n```\n{c|d}\n```\n\n    {e|f}\n";
    let r = render(md, &Links);
    assert!(r.html.contains("<code>{a|b}</code>"), "{}", r.html);
    assert!(r.html.contains(">https://example.jp/{x|y}</a>"), "{}", r.html);
    assert!(r.html.contains("<ruby>往診<rp>"), "a link's own text may have furigana: {}", r.html);
    assert!(r.html.contains("<pre><code>{c|d}\n</code></pre>") && r.html.contains("{e|f}"), "{}", r.html);
    assert_eq!(r.html.matches("<ruby>").count(), 1, "{}", r.html);
    assert_eq!(one_line_text(md), "{a|b} と https://example.jp/{x|y} と 往診 {c|d} {e|f}");
}

#[test]
fn hidden_controls_never_leave_the_filter() {
    let md = "名\u{1b}[31m前\u{202E}逆\u{0} `c\u{7}` [t\u{2066}](https://example.jp/\u{202E}x \"ti\u{1b}tle\")\n\n```\n\u{1b}[2J\n```\n";
    let r = render(md, &Links);
    for out in [&r.html, &r.text, &one_line_text(md)] {
        assert!(!out.chars().any(is_hidden_control), "{out:?}");
    }
    assert!(r.html.contains("名[31m前逆"), "{}", r.html);
}

#[test]
fn one_line_text_is_what_the_page_shows() {
    assert_eq!(
        one_line_text("## 見出し\n\n**強調**と[リンク](@/articles/a.md)\n\n- 一\n- 二\n  - 二の二\n1. 三"),
        "見出し 強調とリンク 一 二 二の二 三"
    );
    assert_eq!(one_line_text("[未完 (x)"), "[未完 (x)");
    assert_eq!(one_line_text("![図](a.png)  説明"), "図 説明");
    // Targets with parentheses, furigana, entities, code and raw HTML.
    assert_eq!(
        one_line_text("[地図](https://example.jp/a_(b)) と {往診|おうしん}、`#7119` &amp; <b>太字</b>"),
        "地図 と 往診、#7119 & 太字"
    );
    assert_eq!(one_line_text("| 曜日 | 時間 |\n|---|---|\n| 月 | 9時 |"), "曜日 時間 月 9時");
}

#[test]
fn headings_start_at_h2_and_are_collected() {
    let r = render("# 大見出し\n\n## 小見出し\n\n本文です。", &Links);
    assert!(r.html.contains("<h2>大見出し</h2>"));
    assert!(r.html.contains("<h2>小見出し</h2>"));
    assert_eq!(r.headings, vec!["大見出し", "小見出し"]);
    assert_eq!(r.first_paragraph, "本文です。");
}
