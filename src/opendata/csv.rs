//! `institutions.csv`: the 自治体標準オープンデータセット「医療機関一覧」 layout plus four
//! extension columns, UTF-8 with BOM (so Excel reads it), CRLF, RFC 4180 quoting.

use super::{Strings, by_id};
use crate::markdown;
use crate::model::*;
use crate::text::escape::without_hidden;
use crate::text::kana;

/// Columns of `institutions.csv`: the 26 columns of the standard dataset 「医療機関一覧」,
/// in its order, then four extension columns of this generator. The names are the
/// standard's, the file's schema: they stay here, not in the theme's catalogue, so
/// that no theme can make a file that no longer follows the standard.
pub const COLUMNS: [&str; 30] = [
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

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The columns that hold numbers (a negative longitude is `-` then digits, and must stay
/// a number). Every other cell is text.
const NUMBERS: [&str; 3] = ["NO", "緯度", "経度"];

/// A text cell as a spreadsheet must read it: without hidden controls, and, when it
/// would start with `=`, `+`, `-`, `@`, a tab or a CR — what Excel and LibreOffice take
/// for the start of a formula (OWASP: CSV injection) — behind a `'`, which makes them
/// read it as text. Phone numbers, dates and ids never start so; a name or a note that
/// does keeps its text after the `'`.
fn text_cell(cell: &str) -> String {
    let cell = without_hidden(cell);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.into_owned() }
}

/// `institutions.csv` of a region: one row per institution, sorted by id, `NO` counting
/// from 1. Columns the contract has no field for stay empty; nothing is inferred.
pub fn institutions(region: &Region, s: &Strings) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(BOM.to_vec());
    // Writing to memory cannot fail, and every row has the header's length.
    let _ = w.write_record(COLUMNS);
    for (n, i) in by_id(region).into_iter().enumerate() {
        let mut row = row(n + 1, region, i, s);
        for (cell, name) in row.iter_mut().zip(COLUMNS) {
            if !NUMBERS.contains(&name) {
                *cell = text_cell(cell);
            }
        }
        let _ = w.write_record(row);
    }
    w.into_inner().unwrap_or_default()
}

fn row(no: usize, region: &Region, i: &Institution, s: &Strings) -> [String; 30] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let phone = |p: &Option<PhoneNumber>| p.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
    let joined = |labels: Vec<&str>| labels.join(&s.list_separator);
    [
        String::new(), // 都道府県コード又は市区町村コード
        no.to_string(),
        region.prefecture.clone(),
        i.municipality.as_ref().map(|m| m.value.clone()).unwrap_or_default(),
        i.name.clone(),
        i.kana.as_deref().map(kana::katakana_reading).unwrap_or_default(),
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
        if i.available_24h == Some(true) { s.after_hours_24h.clone() } else { String::new() },
        String::new(), // 診療科目
        String::new(), // 病床数
        opt(&i.url),
        i.note.as_ref().map(|m| markdown::one_line_text(&m.text)).unwrap_or_default(),
        joined(i.phases.iter().map(|p| p.label()).collect()),
        joined(i.services.iter().map(|v| v.label()).collect()),
        match i.available_24h {
            Some(true) => s.yes.clone(),
            Some(false) => s.no.clone(),
            None => String::new(),
        },
        i.verified.value.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::default_theme;
    use super::super::fixtures::{project, region, tricky};
    use super::*;

    fn col(name: &str) -> usize {
        COLUMNS.iter().position(|h| *h == name).unwrap()
    }

    fn strings() -> Strings {
        Strings::from_theme(&default_theme())
    }

    /// The records after the BOM, read by the `csv` crate.
    fn rows(bytes: &[u8]) -> Vec<::csv::StringRecord> {
        let body = bytes.strip_prefix(BOM).expect("BOM");
        let mut reader = ::csv::ReaderBuilder::new().has_headers(false).from_reader(body);
        reader.records().map(|r| r.expect("valid CSV")).collect()
    }

    #[test]
    fn fields_are_quoted_per_rfc_4180_and_records_end_in_crlf() {
        let mut p = project();
        p.regions[0].institutions = vec![tricky()];
        let bytes = institutions(&p.regions[0], &strings());
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        let record = text.split_once("\r\n").unwrap().1;
        assert!(record.starts_with(",1,沖縄県,みどり市,\"A, \"\"B\"\"\nC </script><!-- & 'x'\",テストガッコウ,診療所,\"みどり市1-2,3\",,"));
        assert!(record.contains(",\"月〜金\r\n9:00〜18:00 <b>\","), "CR LF inside a field is quoted: {record}");
        assert!(record.ends_with(",×,2030-01-02\r\n"), "{record}");
    }

    #[test]
    fn formulas_and_hidden_controls_are_neutralised_but_numbers_stay_numbers() {
        let mut p = project();
        let mut i = tricky();
        i.name = "=HYPERLINK(\"https://evil.example\",\"x\")".into();
        i.address = Some("@SUM(1+1)\u{202E}".into());
        i.hours = Some("\t+1".into());
        i.url = Some("-2+3".into());
        i.kana = Some("\u{1b}[31mあ".into());
        i.note.as_mut().unwrap().text = "\u{0}- 1".into();
        i.location = Some(GeoPoint { lat: -33.5, lon: -70.25 });
        p.regions[0].institutions = vec![i];
        let rows = rows(&institutions(&p.regions[0], &strings()));
        let row = &rows[1];
        assert_eq!(&row[col("名称")], "'=HYPERLINK(\"https://evil.example\",\"x\")");
        assert_eq!(&row[col("住所")], "'@SUM(1+1)");
        assert_eq!(&row[col("診療日時特記事項")], "'\t+1");
        assert_eq!(&row[col("URL")], "'-2+3");
        assert_eq!(&row[col("名称_カナ")], "[31mア", "the ESC is gone");
        assert_eq!(&row[col("備考")], "'- 1", "a note that reads as a formula");
        assert_eq!((&row[col("緯度")], &row[col("経度")]), ("-33.5", "-70.25"), "coordinates stay numbers");
        assert_eq!(&row[col("電話番号")], "0980-00-0000");
        assert_eq!(&row[col("NO")], "1");
    }

    #[test]
    fn csv_has_the_standard_layout() {
        let p = project();
        let s = strings();
        for r in &p.regions {
            let bytes = institutions(r, &s);
            assert!(bytes.starts_with(BOM), "BOM");
            let text = std::str::from_utf8(&bytes[3..]).unwrap();
            // The example has no line breaks inside fields: every line ends in CRLF.
            assert!(text.ends_with("\r\n"));
            assert!(text.split_inclusive('\n').all(|l| l.ends_with("\r\n")));
            let rows = rows(&bytes);
            assert!(rows[0].iter().eq(COLUMNS));
            assert_eq!(rows.len() - 1, r.institutions.len());
            let mut ids: Vec<&str> = r.institutions.iter().map(|i| i.id.as_str()).collect();
            ids.sort();
            for (n, (row, id)) in rows[1..].iter().zip(ids).enumerate() {
                assert_eq!(row.len(), 30);
                let i = r.institutions.iter().find(|i| i.id.as_str() == id).unwrap();
                assert_eq!(row[col("NO")], (n + 1).to_string());
                assert_eq!(row[col("名称")], i.name);
                assert_eq!(row[col("都道府県名")], r.prefecture);
                assert_eq!(&row[col("医療機関の種類")], i.kind.label());
                assert_eq!(row[col("最終確認日")], i.verified.value.to_string());
                assert!(!row[col("名称_カナ")].chars().any(|c| ('ぁ'..='ゖ').contains(&c)));
                for empty in
                    ["都道府県コード又は市区町村コード", "方書", "内線番号", "法人番号", "医療機関コード", "病床数"]
                {
                    assert_eq!(&row[col(empty)], "");
                }
                assert!(!row[col("備考")].contains('\n') && !row[col("備考")].contains("**"));
            }
        }
        // Spot-check one known record.
        let rows = rows(&institutions(region(&p, "hokubu"), &s));
        let sakura = rows.iter().find(|r| &r[col("名称")] == "クリニックさくら").unwrap();
        assert_eq!(&sakura[col("名称_カナ")], "クリニックサクラ");
        assert_eq!(&sakura[col("電話番号")], "0980-00-1101");
        assert_eq!(&sakura[col("緯度")], "26.5887");
        assert_eq!(&sakura[col("時間外における対応")], "24時間対応");
        assert_eq!(&sakura[col("24時間対応")], "○");
        assert_eq!(&sakura[col("在宅医療の場面")], "日常の療養支援；急変時の対応；看取り");
    }
}
