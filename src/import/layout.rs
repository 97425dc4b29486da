//! Which dataset a file is, decided by its header row, and which column holds what.
//!
//! Columns are found by name, never by position: publishers add, drop and reorder
//! columns between editions, and prefectures add their own. Names are compared after
//! NFKC and without spaces, so `正式名称（フリガナ）` and `正式名称(フリガナ)` are one.

use unicode_normalization::UnicodeNormalization;

use crate::model::Dataset;

/// What a column can hold, across all layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Key,
    Name,
    Kana,
    Romaji,
    /// The source's type: 医療機関の種類, サービスの種類, 機関区分…
    Type,
    Prefecture,
    PrefectureCode,
    /// 3 digits (ナビイ), to be joined with the prefecture code.
    MunicipalityCode3,
    /// 6 digits with check digit (or 5 without).
    MunicipalityCode,
    Municipality,
    Address,
    AddressDetail,
    Lat,
    Lon,
    Phone,
    Fax,
    Url,
    Days,
    Opens,
    Closes,
    HoursNote,
    Phases,
    Services,
    Available24h,
    Note,
}

const FIELDS: usize = Field::Note as usize + 1;

/// The columns of one dataset: each field with the names it goes by, first match wins.
type Columns = &'static [(Field, &'static [&'static str])];

const LOCAL_CODE: &[&str] =
    &["都道府県コード又は市区町村コード", "都道府県コード又は市町村コード", "市区町村コード", "団体コード"];
const COMMON: Columns = &[
    (Field::MunicipalityCode, LOCAL_CODE),
    (Field::Prefecture, &["都道府県名"]),
    (Field::Municipality, &["市区町村名", "市町村名"]),
    (Field::Address, &["住所", "所在地", "所在地_連結表記"]),
    (Field::AddressDetail, &["方書", "方書(ビル名等)"]),
    (Field::Lat, &["緯度"]),
    (Field::Lon, &["経度"]),
    (Field::Phone, &["電話番号"]),
    (Field::Fax, &["FAX番号", "ファックス番号"]),
    (Field::Url, &["URL", "ホームページ"]),
];

const KAIGO: Columns = &[
    (Field::Key, &["事業所番号"]),
    (Field::Name, &["事業所名", "事業所名称"]),
    (Field::Kana, &["事業所名カナ", "事業所名称カナ"]),
    (Field::Type, &["サービスの種類"]),
];
const JICHITAI_KAIGO: Columns = &[
    (Field::Key, &["事業所番号"]),
    (Field::Name, &["介護サービス事業所名称"]),
    (Field::Kana, &["介護サービス事業所名称_カナ"]),
    (Field::Type, &["実施サービス"]),
];
const JICHITAI_IRYOU: Columns = &[
    (Field::Key, &["医療機関コード"]),
    (Field::Name, &["名称"]),
    (Field::Kana, &["名称_カナ"]),
    (Field::Type, &["医療機関の種類"]),
    (Field::Days, &["診療曜日"]),
    (Field::Opens, &["診療開始時間"]),
    (Field::Closes, &["診療終了時間"]),
    (Field::HoursNote, &["診療日時特記事項"]),
];
/// Our own `opendata/institutions.csv`: 医療機関一覧 plus extension columns.
const ZAITAKU: Columns = &[
    (Field::Name, &["名称"]),
    (Field::Kana, &["名称_カナ"]),
    (Field::Type, &["医療機関の種類"]),
    (Field::HoursNote, &["診療日時特記事項"]),
    (Field::Note, &["備考"]),
    (Field::Phases, &["在宅医療の場面"]),
    (Field::Services, &["サービス"]),
    (Field::Available24h, &["24時間対応"]),
];
const NAVII: Columns = &[
    (Field::Key, &["ID"]),
    (Field::Name, &["正式名称", "名称"]),
    (Field::Kana, &["正式名称(フリガナ)", "フリガナ", "名称(フリガナ)"]),
    (Field::Romaji, &["英語表記(ローマ字表記)", "ローマ字", "英語表記", "ローマ字表記"]),
    (Field::Type, &["機関区分"]),
    (Field::PrefectureCode, &["都道府県コード"]),
    (Field::MunicipalityCode3, &["市区町村コード"]),
    (Field::Address, &["所在地"]),
    (Field::Lat, &["所在地座標(緯度)", "緯度"]),
    (Field::Lon, &["所在地座標(経度)", "経度"]),
    (Field::Url, &["案内用ホームページアドレス", "ホームページアドレス", "URL"]),
    (Field::Phone, &["電話番号"]),
];

/// A recognised header: the dataset and, for every field, its column.
pub struct Layout {
    pub dataset: Dataset,
    columns: [Option<usize>; FIELDS],
}

/// A column name as compared: NFKC, no spaces.
pub fn normalise(name: &str) -> String {
    name.nfkc().filter(|c| !c.is_whitespace()).collect()
}

impl Layout {
    /// Recognises the header, or `None` when it is none of the known layouts.
    pub fn detect(header: &[String]) -> Option<Layout> {
        let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
        let has = |n: &str| names.iter().any(|h| h == n);
        let (dataset, specific) = if has("事業所番号") && has("サービスの種類") {
            (Dataset::KaigoKouhyou, KAIGO)
        } else if has("事業所番号") && has("介護サービス事業所名称") {
            (Dataset::JichitaiKaigo, JICHITAI_KAIGO)
        } else if has("名称") && has("医療機関の種類") && (has("在宅医療の場面") || has("最終確認日"))
        {
            (Dataset::ZaitakuOpendata, ZAITAKU)
        } else if has("名称") && has("医療機関の種類") {
            (Dataset::JichitaiIryou, JICHITAI_IRYOU)
        } else if has("ID") && has("所在地") && (has("正式名称") || has("機関区分")) {
            (Dataset::NaviiFacility, NAVII)
        } else if has("ID") && has("所在地") && has("名称") {
            (Dataset::NaviiPharmacy, NAVII)
        } else {
            return None;
        };
        let mut columns = [None; FIELDS];
        let common: Columns =
            if matches!(dataset, Dataset::NaviiFacility | Dataset::NaviiPharmacy) { &[] } else { COMMON };
        for (field, aliases) in specific.iter().chain(common) {
            if columns[*field as usize].is_none() {
                columns[*field as usize] = aliases.iter().find_map(|a| names.iter().position(|h| h == a));
            }
        }
        Some(Layout { dataset, columns })
    }

    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns[field as usize]
    }

    /// The columns a row cannot do without, by their names in this layout.
    pub fn required(&self) -> &'static [Field] {
        match self.dataset {
            Dataset::ZaitakuOpendata | Dataset::JichitaiIryou => &[Field::Name],
            _ => &[Field::Key, Field::Name],
        }
    }
}

/// Column names of each layout, for the error that says a header is unknown.
pub fn expected_headers() -> [(Dataset, &'static str); 6] {
    [
        (Dataset::KaigoKouhyou, "事業所番号, 事業所名, サービスの種類, 住所…"),
        (Dataset::JichitaiKaigo, "事業所番号, 介護サービス事業所名称, 実施サービス, 住所…"),
        (Dataset::JichitaiIryou, "名称, 医療機関の種類, 住所…"),
        (Dataset::NaviiFacility, "ID, 正式名称, 機関区分, 所在地…"),
        (Dataset::NaviiPharmacy, "ID, 名称, 所在地…"),
        (Dataset::ZaitakuOpendata, "名称, 医療機関の種類, 在宅医療の場面…"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(s: &str) -> Vec<String> {
        s.split(',').map(str::to_string).collect()
    }

    #[test]
    fn each_layout_is_recognised_by_its_columns() {
        let kaigo = header(
            "都道府県コード又は市町村コード,No,都道府県名,市区町村名,事業所名,事業所名カナ,サービスの種類,住所,方書（ビル名等）,緯度,経度,電話番号,FAX番号,法人番号,法人の名称,事業所番号,利用可能曜日,利用可能曜日特記事項,定員,URL,高齢者の方と障害者の方が同時一体的に利用できるサービス,介護保険の通常の指定基準を満たしている,障害福祉の通常の指定基準を満たしている,備考",
        );
        let l = Layout::detect(&kaigo).unwrap();
        assert_eq!(l.dataset, Dataset::KaigoKouhyou);
        assert_eq!(l.column(Field::Key), Some(15));
        assert_eq!(l.column(Field::AddressDetail), Some(8), "（ビル名等） in full-width parentheses");
        assert_eq!(l.column(Field::MunicipalityCode), Some(0));
        let navii = header(
            "ID,正式名称,正式名称（フリガナ）,略称,略称（フリガナ）,英語表記（ローマ字表記）,機関区分,都道府県コード,市区町村コード,所在地,所在地座標（緯度）,所在地座標（経度）,案内用ホームページアドレス",
        );
        let l = Layout::detect(&navii).unwrap();
        assert_eq!(l.dataset, Dataset::NaviiFacility);
        assert_eq!(
            (l.column(Field::Kana), l.column(Field::Romaji), l.column(Field::Lat)),
            (Some(2), Some(5), Some(10))
        );
        let iryou = header(
            "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,医療機関の種類,住所,方書,緯度,経度,電話番号,内線番号,FAX番号,法人番号,法人の名称,医療機関コード,診療曜日,診療開始時間,診療終了時間,診療日時特記事項,時間外における対応,診療科目,病床数,URL,備考",
        );
        assert_eq!(Layout::detect(&iryou).unwrap().dataset, Dataset::JichitaiIryou);
        let mut ours = iryou.clone();
        ours.extend(header("在宅医療の場面,サービス,24時間対応,最終確認日"));
        let l = Layout::detect(&ours).unwrap();
        assert_eq!(l.dataset, Dataset::ZaitakuOpendata);
        assert_eq!(l.column(Field::Key), None, "our export has no key column: the name is the key");
        let kaigo_std = header(
            "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,介護サービス事業所名称,介護サービス事業所名称_カナ,実施サービス,住所,方書,緯度,経度,電話番号,内線番号,FAX番号,法人番号,法人の名称,事業所番号,利用可能曜日,利用可能曜日特記事項,定員,URL,備考",
        );
        assert_eq!(Layout::detect(&kaigo_std).unwrap().dataset, Dataset::JichitaiKaigo);
        assert_eq!(
            Layout::detect(&header("ID,名称,フリガナ,ローマ字,所在地")).unwrap().dataset,
            Dataset::NaviiPharmacy
        );
        assert!(Layout::detect(&header("氏名,電話")).is_none());
    }
}
