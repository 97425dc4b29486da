//! Every sentence `zaitaku import` says to a person, in one place, so that they can move
//! into the message catalogue of the Japanese and English interface (issue 18) as they
//! are. Japanese first: the staff who run imports read Japanese.

use crate::model::{Dataset, Date, Vocabulary};

/// Warnings about the data's known quirks, reported once per kind and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Note {
    PhoneUnreadable,
    CoordinatesZero,
    CoordinatesOutside,
    CoordinatesSwapped,
    CoordinatesUnreadable,
    CoordinatesShared,
    UrlNotUrl,
    CodeBadCheckDigit,
    CodeMalformed,
    TypeNotMapped,
    UnknownLabel,
    DuplicateKey,
}

impl Note {
    /// Whether the warning names the value (one warning per distinct value).
    pub fn groups_by_value(self) -> bool {
        matches!(self, Note::TypeNotMapped | Note::UnknownLabel | Note::CoordinatesShared)
    }
}

pub fn note(note: Note, column: &str, value: &str, rows: usize) -> String {
    match note {
        Note::PhoneUnreadable => {
            format!("{column}: 電話番号として読めない値が {rows} 行あります。その番号は取り込みません")
        }
        Note::CoordinatesZero => format!("{column}: 緯度・経度が 0.0 の行が {rows} 行あります。位置は取り込みません"),
        Note::CoordinatesOutside => {
            format!("{column}: 緯度・経度が日本の外を指す行が {rows} 行あります。位置は取り込みません")
        }
        Note::CoordinatesSwapped => {
            format!("{column}: 緯度と経度が入れ替わっている行が {rows} 行あります。入れ替えて取り込みます")
        }
        Note::CoordinatesUnreadable => {
            format!("{column}: 緯度・経度を数として読めない行が {rows} 行あります。位置は取り込みません")
        }
        Note::CoordinatesShared => format!(
            "{column}: {rows} 行が同じ緯度・経度（{value}）で、住所はばらばらです。仮の値とみて、位置は取り込みません"
        ),
        Note::UrlNotUrl => format!(
            "{column}: http:// か https:// で始まらない値（メールアドレスなど）が {rows} 行あります。その値は取り込みません"
        ),
        Note::CodeBadCheckDigit => {
            format!("{column}: 検査数字（6桁目）が合わないコードが {rows} 行あります。市区町村は名前か住所で判断します")
        }
        Note::CodeMalformed => {
            format!("{column}: 団体コードとして読めない値が {rows} 行あります。市区町村は名前か住所で判断します")
        }
        Note::TypeNotMapped => {
            format!("{column}: 「{value}」は対応表にない種類です。{rows} 件を kind = \"other\"（その他）にしました")
        }
        Note::UnknownLabel => format!("{column}: 「{value}」は読めない値です（{rows} 行）。取り込みません"),
        Note::DuplicateKey => {
            format!("{column}: 同じ値の行が {rows} 行あります。1件の記録にまとめます（最初の行の値を使います）")
        }
    }
}

pub fn lines_help(lines: &[String], more: usize) -> String {
    if more == 0 {
        format!("行: {}", lines.join(", "))
    } else {
        format!("行: {} ほか {more} 行", lines.join(", "))
    }
}

pub fn empty_value(column: &str) -> String {
    format!("{column} が空です。この行は記録にできません")
}

pub fn missing_column(what: &str) -> String {
    format!("{what} の列がありません")
}

pub fn did_you_mean(s: &str) -> String {
    format!("もしかして {s:?}?")
}

pub fn unknown_kind(v: &str) -> String {
    format!("医療機関の種類「{v}」は zaitaku の種類（kind）にありません")
}

pub fn unreadable_file(e: &std::io::Error) -> String {
    format!("ファイルを読めません: {e}")
}

pub fn undecodable() -> String {
    "文字コードが分かりません: UTF-8 でも Shift_JIS（CP932）でも読めない文字があります".into()
}

pub fn undecodable_help() -> String {
    "Excel で「CSV UTF-8（コンマ区切り）」を選んで保存し直してください".into()
}

pub fn empty_file() -> String {
    "ファイルが空です".into()
}

pub fn unknown_header() -> String {
    "見出しの行から、どの公開データか分かりません".into()
}

pub fn unknown_header_help(expected: &[(Dataset, &str)]) -> String {
    let lines: Vec<String> = expected.iter().map(|(d, cols)| format!("{}（{}）: {cols}", d.label(), d.id())).collect();
    format!("次のどれかの列が必要です。\n    {}", lines.join("\n    "))
}

pub fn unterminated_quote() -> String {
    "ここで始まる「\"」が閉じていません。ここからファイルの終わりまでが1つの値になってしまいます".into()
}

pub fn field_count(found: usize, expected: usize) -> String {
    format!("列の数が見出しの行と違います（{found} 列。見出しは {expected} 列）")
}

pub fn field_count_help() -> String {
    "値の中の「,」や改行は \"…\" で囲む必要があります。Excel で開いて保存し直すと直ることがあります".into()
}

pub fn unreadable_row() -> String {
    "この行を読めません".into()
}

pub fn project_has_errors() -> String {
    "プロジェクトにエラーがあるため取り込めません。上のエラーを直してから、もう一度実行してください".into()
}

pub fn cannot_update(path: &str, e: &str) -> String {
    format!("{path} を書き換えられません: {e}")
}

pub fn same_source(other: &str, dataset: &str, key: &str) -> String {
    format!(
        "{other} と同じ [source]（{dataset} {key}）です。どちらを更新するか決められないため、片方の [source] を消すか直してください"
    )
}

pub fn write_failed(e: &std::io::Error) -> String {
    format!("書き込めませんでした: {e}。プロジェクトは取り込みの前のままです")
}

pub fn pending() -> String {
    "前回の取り込みが途中で止まっています。--dry-run を付けずに実行すると、先にそれを仕上げます".into()
}

pub fn recovered(files: usize) -> String {
    format!("前回中断された取り込みを完了しました（{files} ファイル）")
}

/// The comment a new record opens with: where it came from and what staff should do.
pub fn new_record_comment(dataset: Dataset, as_of: Date) -> String {
    format!(
        "# zaitaku import が{}（{as_of} 時点）から作った記録です。\n\
         # phases（在宅医療の場面）などを書き足し、内容を確かめたら verified = 確かめた日 を書いてください。\n",
        dataset.label()
    )
}

/// How the file's date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfOrigin {
    Option,
    FileName,
    Modified,
}

pub fn file_heading(
    path: &str,
    dataset: Dataset,
    encoding: &str,
    as_of: Date,
    origin: AsOfOrigin,
    rows: usize,
) -> String {
    let origin = match origin {
        AsOfOrigin::Option => "--as-of",
        AsOfOrigin::FileName => "ファイル名から",
        AsOfOrigin::Modified => "ファイルの更新日から。違うときは --as-of で指定",
    };
    format!("{path}: {}（{}）、{encoding}、{as_of} 時点（{origin}）、{rows} 行", dataset.label(), dataset.id())
}

pub fn skipped(elsewhere: usize, unknown: usize) -> String {
    format!(
        "  どの圏域にも入らない行: {}（圏域にない市区町村 {elsewhere}、市区町村が分からない {unknown}）",
        elsewhere + unknown
    )
}

pub fn older_edition(count: usize) -> String {
    format!("  {count} 件は、読み込んだファイルより新しい版から取り込まれているため、更新しません")
}

pub fn other_region(count: usize) -> String {
    format!("  {count} 件は、記録のある圏域とは別の圏域の市区町村の行です。記録はもとの圏域のまま更新します")
}

pub const ADDED: &str = "追加";
pub const UPDATED: &str = "更新";
pub const UNCHANGED: &str = "変更なし";
pub const GONE: &str = "掲載元から消えた";

pub fn gone_help() -> String {
    "掲載元の新しいファイルに見当たりません。廃止・休止・移転していないか確かめてください（記録は消していません）"
        .into()
}

pub fn region_line(id: &str, name: &str, added: usize, updated: usize, unchanged: usize, gone: usize) -> String {
    format!("  {id}（{name}）: {ADDED} {added}、{UPDATED} {updated}、{UNCHANGED} {unchanged}、{GONE} {gone}")
}

pub fn summary_heading() -> String {
    "圏域ごとの結果:".into()
}

pub fn dry_run_done() -> String {
    "--dry-run: 何も書き込んでいません".into()
}

pub fn written(files: usize) -> String {
    format!("{files} 件の記録を書き込みました。次は phases などを書き足して zaitaku check / build を実行してください")
}

pub fn nothing_to_write() -> String {
    "書き換える記録はありません".into()
}

pub fn failed() -> String {
    "取り込めませんでした: 何も書き込んでいません".into()
}
