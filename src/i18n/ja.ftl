# zaitaku のメッセージ（日本語）。en.ftl と同じメッセージを同じ変数で持ちます（テストで確かめます）。
# 読むのは自治体・医師会の事務の方です。プログラムの言葉ではなく、何が起きていて、何を書けば
# 直るのかを書きます。作者が書いた項目名・値はそのまま「」で示します。

## 表示のしかた

severity-error = エラー
severity-warning = 警告
diagnostic-help = ヒント
diagnostic-line-hidden = 注: この行は [internal]（内部情報）を含むため表示しません
report-summary = エラー { $errors } 件、警告 { $warnings } 件
did-you-mean = もしかして { $value } ですか？
did-you-mean-key = もしかして「{ $key }」ですか？
did-you-mean-value = もしかして「{ $id }」（{ $label }）ですか？
files-listed = { $files }
files-listed-more = { $files } ほか { $more } 件

## 値の種類

type-string = 文字列
type-integer = 整数
type-float = 小数
type-boolean = 「true」か「false」の値
type-date = 日付
type-array = 「[ ]」で囲んだ一覧
type-table = 表
type-tables = 「[[{ $key }]]」の表の並び

## 何のファイル・表か

what-site = 「site.toml」
what-emergency = 「emergency.toml」
what-region = 「region.toml」
what-institution = 医療機関・事業所の記録
what-article = 記事の前書き（+++ の間）
what-leaflet = チラシの定義
what-leaflet-section = チラシの区分（[[sections]]）
what-guidebook = 「guidebook.toml」
what-outputs = 「[outputs]」の表
what-accessibility = 「[accessibility]」の表
what-emergency-number = 緊急連絡先（[[numbers]]）
what-region-number = 圏域の電話番号（[[numbers]]）
what-location = 位置（location）
what-source = 「[source]」の表

## 決まった値の一覧

vocab-kind = 種類（kind）
vocab-role = 役割（roles）
vocab-phase = 場面（phases）
vocab-service = サービス（services）
vocab-topic = 話題（topic）
vocab-paper = 用紙（paper）
vocab-section-type = 区分の種類（type）
vocab-dataset = 公開データの種類（dataset）
vocab-grouping = まとめ方（grouping）
vocab-unknown = { $what }に { $value } はありません
vocab-valid-values = 使える値: { $values }
vocab-value = { $id }（{ $label }）

## 記録の項目

field-wrong-type = 「{ $key }」は{ $expected }で書いてください（{ $found }になっています）
field-missing = { $what }に、必要な項目「{ $key }」がありません
field-missing-help = 次のように書き足してください: { $example }
field-missing-verified-help = 機関に内容を確かめた日を書き足してください。例: verified = 2025-11-01
field-missing-date-help = 日付を書き足してください。例: { $key } = 2025-11-01
field-empty = 「{ $key }」が空です
field-markup = 「{ $key }」に HTML のタグがあります。タグとしては働かず、文字のまま掲載されます
field-formula = 「{ $key }」が { $start } で始まっています。表計算ソフトは数式の始まりとして読むため、institutions.csv では先頭に ' を付けて文字として書きます
field-named = 「{ $key }」
field-article-text = 記事の本文
field-hidden-control = { $field }に目に見えない制御文字（{ $chars }）があります。表示も印刷もできないため、どの出力からも取り除きます
field-hidden-controls = { $field }に目に見えない制御文字（{ $chars }）があります。表示も印刷もできないため、どの出力からも取り除きます
field-hidden-control-markdown = { $field }に目に見えない制御文字（{ $chars }）があります。表示も印刷もできないため、掲載しません
field-hidden-controls-markdown = { $field }に目に見えない制御文字（{ $chars }）があります。表示も印刷もできないため、掲載しません
field-date-help = 日付は 2025-11-01 のように「年-月-日」で書いてください
field-date-invalid = 「{ $key }」の { $value } は日付として正しくありません
field-date-with-time = 「{ $key }」には時刻を付けず、日付だけを書いてください
field-phone-invalid = 「{ $key }」は電話番号として正しくありません: { $reason }
field-list-help = 一覧として書いてください: { $key } = ["…"]
field-list-empty-item = 「{ $key }」の中に空の値（""）があります
field-list-item-type = 「{ $key }」の中身は{ $expected }で書いてください（{ $found }があります）
field-unknown-key = 「{ $key }」は{ $what }で使える項目ではありません
field-valid-keys = 使える項目: { $keys }

phone-empty = 電話番号が空です
phone-invalid-character = 電話番号に使えない文字 { $character } があります
phone-international = 国際電話の形（+81…）は使えません
phone-wrong-length = 日本の電話番号は 10 桁か 11 桁です（119 や #7119 のような短い番号は別）。この番号は { $digits } 桁です
phone-no-leading-zero = 10 桁・11 桁の電話番号は 0 で始まります
phone-international-help = 0 で始まる国内の形で書いてください。例: 098-000-0000
phone-invalid-character-help = 数字とハイフンだけで書いてください。例: 0980-52-0001
phone-examples-help = 例: 0980-52-0001、090-1234-5678、0120-000-000、119、#7119

site-base-url = 「base_url」の { $value } は https:// か http:// で始めてください
site-base-url-help = サイトを公開するアドレスを書いてください。例: base_url = "https://www.city.example.lg.jp/zaitaku/"
site-theme-name = テーマ名 { $name } には、半角の小文字・数字・「-」だけが使えます
site-accessibility-level = 「level」の { $value } は "A"、"AA"、"AAA" のどれかにしてください
site-availability-fresh-hours = 「availability_fresh_hours」は 1 以上の時間数で書いてください（{ $value } になっています）
numbers-id-twice = 番号の id { $id } がこのファイルで 2 回使われています
institution-postal-code = 「postal_code」の { $value } は郵便番号（905-0000 のような 7 桁）として正しくありません
institution-url = 「url」の { $value } は http:// か https:// で始まるアドレスにしてください
location-missing = 「location」に「{ $key }」がありません
location-range = 「{ $key }」は -{ $limit } から { $limit } までの数にしてください
source-keep-unknown = 「keep」の { $value } は医療機関・事業所の記録の項目ではありません
source-keep-fields = 取り込みで更新される項目: { $fields }
region-reading-unknown = 「municipalities_kana」の { $name } は、この圏域の「municipalities」にありません
region-reading-not-kana = { $name } の読みは、ひらがなかカタカナで書いてください

## 手で書いた TOML

toml-fullwidth-space = { $column } 文字目に全角スペース（　）があります。TOML では区切りの空白として読めません
toml-fullwidth-space-help = 半角スペースに直すか、消してください（"…" の中の全角スペースはそのままで構いません）
toml-unclosed-quote = この「"」が閉じていません。値の終わりの「"」がありません
toml-unclosed-quote-help = 値の終わりにも、同じ行の中で「"」を書いてください。例: { $example }
toml-missing-comma = 一覧の値と値の間に「,」（カンマ）がありません
toml-missing-comma-help = 値と値の間を「,」で区切ってください。例: { $example }
toml-missing-equals = 項目 { $key } の後に「=」がありません
toml-missing-equals-help = 項目名、「=」、値の順に書いてください。例: { $example }
toml-colon = 項目 { $key } の後が「{ $sign }」になっています。「=」を使ってください
toml-fullwidth-equals = 全角の「＝」は「=」として読めません
toml-fullwidth-equals-help = 半角の「=」に直してください
toml-unquoted = 文字の値は「"」（半角のダブルクォート）で囲んでください
toml-unquoted-help = 値を半角の「"」で囲んでください。例: { $example }
toml-japanese-quotes = 「{ $quote }」は値を囲む記号として使えません
toml-dashes = 「---」の行があります。zaitaku のファイルでは「---」は使いません
toml-dashes-help = 記事の前書きは「+++」の行で始めて「+++」の行で終えます。記録（.toml）にはこの行は要りません。消してください
toml-duplicate-key = 項目 { $key } が 2 回書かれています
toml-duplicate-key-help = どちらか一方の行を残し、もう一方を消してください
toml-invalid-key = 項目名に使えない文字があります
toml-invalid-key-help = 項目名は半角の英数字と「-」「_」で書き（例: name、visit_area）、「=」と値を続けてください
toml-one-per-line = 1 行に書けるのは「項目 = 値」ひとつです。値の後ろに続きがあります
toml-one-per-line-help = 値の後ろに続けて書いたものを次の行に移すか、消してください（メモは # の後に書けます）
toml-number = 数として読めません
toml-number-help = 数は数字だけで書いてください。文字・電話番号・郵便番号は "0980-00-0000" のように「"」で囲みます
toml-other = TOML として読めません: { $detail }

## 記事

article-no-front-matter = 記事は「+++」の行で始まり、前書き（title、updated など）、「+++」の行と続く必要があります
article-no-front-matter-help = 1 行目に +++、次に title = "…" と updated = 2025-11-01 の行、もう一度 +++ と書き、その後に本文を書いてください
article-dashes = 前書きが「---」の行で囲まれています。zaitaku では「+++」を使います
article-dashes-help = 前書きを囲む 2 つの「---」の行を「+++」に直してください（前書きは 項目 = "値" の形で書きます）
article-front-matter-not-closed = 前書きが閉じていません
article-front-matter-not-closed-help = 前書きの後、本文の前に「+++」だけの行を書いてください

## プロジェクトの読み込み

load-not-utf8 = ファイルが UTF-8 ではありません
load-not-utf8-help = UTF-8 で保存し直してください（Shift_JIS などは読めません。メモ帳なら「名前を付けて保存」で文字コードに UTF-8 を選びます）
load-bad-file-id = ファイル名 { $name } は id にできません。id は URL になるため、半角の a〜z、0〜9、「-」だけが使えます
load-bad-region-id = 圏域のフォルダ名 { $name } は id にできません。id は URL になるため、半角の a〜z、0〜9、「-」だけが使えます
load-rename-help = 名前を変えてください。例: { $name }
load-reserved-region-id = 圏域の id { $name } は使えません。サイトの一番上のフォルダに、全圏域で使う { $folder } があります（使えない id: { $reserved }）
load-ignored-folder = 読み込みません: ここにフォルダは置けません
load-ignored-file = 読み込みません: ここで読むのは .{ $ext } のファイルだけです
load-ignored-in-regions = 読み込みません: content/regions/ には圏域ごとのフォルダだけを置きます
load-no-region-file = 圏域のフォルダ { $region } に region.toml がありません
load-no-region-file-help = name、prefecture、as_of を書いた region.toml を置くか、このフォルダを消してください
load-empty-file = ファイルが空です
load-no-site = { $folder } に site.toml がありません
load-no-site-help = zaitaku のプロジェクトのフォルダで実行してください。新しく作るには zaitaku new フォルダ名
load-cannot-open-project = プロジェクトのフォルダを開けません: { $reason }
load-no-region = 圏域がひとつもありません
load-no-region-help = content/regions/<id>/region.toml を作ってください。圏域ごとにひとつのサイトができます
load-theme-not-found = テーマ { $theme } が見つかりません（フォルダ { $folder } がありません）

disk-the-project = プロジェクト
disk-the-folder = フォルダ { $folder }
disk-outside = 読み込みません: { $tree }の外を指すショートカット（シンボリックリンク）です
disk-outside-help = リンクではなく、ファイルやフォルダそのものをプロジェクトの中にコピーしてください
disk-dangling = 読み込みません: 存在しないものを指すリンクです
disk-dangling-help = リンクを消すか、プロジェクトの中のファイル・フォルダを指すようにしてください
disk-loop = 読み込みません: 同じフォルダに戻ってくるリンクです
disk-loop-help = リンクを消してください
disk-special = 読み込みません: { $what }で、普通のファイルでもフォルダでもありません
disk-special-help = プロジェクトから取り除いてください（読むのはファイルとフォルダだけです）
disk-fifo = 名前付きパイプ（FIFO）
disk-socket = ソケット
disk-device = デバイス
disk-special-file = 特殊なファイル
disk-unreadable-file = ファイルを読めません: { $reason }
disk-unreadable-folder = フォルダを読めません: { $reason }
disk-unreadable-help = アクセス権を確かめてください。一部でも読めない間は、サイトを作りません
disk-too-large = ファイルが大きすぎます（{ $size } バイト。上限は { $limit } バイト）
disk-too-large-help = 記録や記事のファイルは数キロバイトです。ここに置くつもりのファイルか確かめてください
disk-name-not-utf8 = ファイル名の文字コードが UTF-8 ではありません
disk-name-not-utf8-help = 名前を付け直してください。名前は URL になり、メッセージにも出るため UTF-8 である必要があります
disk-not-a-folder = ここはフォルダでなければなりません
disk-not-a-folder-help = 同じ名前のフォルダに置き換えてください
disk-not-a-file = ここはフォルダではなくファイルでなければなりません
disk-not-a-file-help = フォルダを消すか、名前を変えてください

io-not-found = 見つかりません
io-permission-denied = アクセスする権限がありません
io-already-exists = すでにあります
io-storage-full = ディスクがいっぱいです
io-read-only = 書き込めない場所です（読み取り専用）
io-invalid-data = データが正しくありません
io-address-in-use = そのポートは使用中です（別のプログラムか、別の zaitaku serve が使っています）
io-address-not-available = このコンピューターのアドレスではありません
io-other = { $detail }

## ファイルどうしの関係

validate-emergency-undefined = 圏域 { $region } の緊急連絡先 { $id } が content/emergency.toml にありません
validate-hub-missing = 連携の拠点 { $id } は圏域 { $region } の医療機関・事業所にありません（{ $file } がありません）
validate-hub-missing-help = 拠点の記録 { $file } を作るか、「hubs」から { $id } を消してください
validate-hub-without-role = 連携の拠点 { $id } の役割（roles）に coordination_hub がありません
validate-hub-without-role-help = 一覧やチラシで拠点として示されるよう、その記録の roles に "coordination_hub" を書き足してください
validate-number-id-twice = 番号の id { $id } が圏域 { $region } で 2 回以上使われています
validate-leaflet-article = チラシ { $leaflet } が使う記事 { $article } がありません
validate-leaflet-article-help = 記事の id（content/articles/ のファイル名から .md を除いたもの）を書くか、content/articles/{ $article }.md を作ってください
validate-guidebook-intro = ガイドブックの intro に書かれた記事 { $article } がありません
validate-municipality-unknown = 市区町村 { $value } は圏域 { $region } の市区町村にありません
validate-visit-area-unknown = 「visit_area」の { $value } は圏域 { $region } の市区町村にありません
validate-municipality-nearest = もしかして { $value } ですか？（この圏域の市区町村: { $all }。新しい市区町村は region.toml の municipalities に書き足します）
validate-municipality-list = この圏域の市区町村: { $all }（新しい市区町村は region.toml の municipalities に書き足します）
validate-region-has-no-municipalities = region.toml に「municipalities」がありません。圏域の市区町村を書いてください
validate-verified-future = 「verified」の { $date } が未来の日付です
validate-stale = 「{ $name }」の確認日は { $date } で、{ $days } 日たっています（stale_after_days = { $limit } 日を超えています）
validate-stale-help = 機関に内容を確かめ、「verified」を確かめた日に直してください
validate-duplicate = 「{ $name }」（{ $phone }）は { $other } にもあります。同じ機関の記録が 2 つありませんか？
validate-duplicate-help = 同じ機関なら、{ $file } と { $other } のどちらか一方のファイルを消してください。別の機関なら、名前か電話番号を直してください
validate-imported-no-phases = 取り込んだ医療機関・事業所 { $count } 件に場面（phases）がありません。種類別・市区町村別の一覧には出ますが、場面別のページには出ません
validate-imported-no-phases-help = 次の記録に「phases」（discharge、daily、acute、end_of_life）を書き足してください: { $files }
validate-imported-unchecked = 取り込んだ医療機関・事業所 { $count } 件は、まだ職員が確かめていません（verified がありません）。ページには公開データの日付が出ます
validate-imported-unchecked-stale = 取り込んだ医療機関・事業所 { $count } 件は、まだ職員が確かめていません（verified がありません）。ページには公開データの日付が出ます。うち { $stale } 件は stale_after_days = { $limit } 日より古いデータです
validate-imported-unchecked-help = 機関に確かめてから、次の記録に verified = 確かめた日（例: 2025-11-01）を書いてください: { $files }

## リンクと本文

link-article-not-md = { $link }: 記事は .md のファイルです
link-institution-not-toml = { $link }: 医療機関・事業所は .toml のファイルです
link-no-article = リンク先 { $link } の記事が圏域 { $region } にありません（{ $shared } と { $own } を探しました）
link-no-file = リンク先 { $link } がありません（{ $file } がありません）
link-unknown-target = リンク先 { $link } が正しくありません。記事（@/articles/<id>.md）か医療機関・事業所（@/regions/<圏域>/institutions/<id>.toml）を指してください
markdown-raw-html = HTML は掲載しません。取り除きました
markdown-image = 画像は掲載できません。代わりに画像の説明の文字を表示します
markdown-link-removed = リンク { $link } を取り除きました。使えるのは http、https、mailto、tel と、@/ で始まるプロジェクト内のファイルへのリンクです
markdown-heading-attributes = 見出しの属性は掲載しません（使えるのは id の `{"{"}#名前{"}"}` だけです）。{ $removed } を取り除きました
markdown-heading-id-invalid = 見出しの id { $id } は使いません。id に使えるのは文字・数字・`-`・`_` だけです（64 文字まで）
markdown-heading-id-page = 見出しの id { $id } はページ自体が使っています。この見出しの id は { $given } にしました
markdown-heading-id-page-none = 見出しの id { $id } はページ自体が使っています。この見出しには id を付けません
markdown-heading-id-earlier = 見出しの id { $id } は前の見出しが使っています。この見出しの id は { $given } にしました
markdown-heading-id-earlier-none = 見出しの id { $id } は前の見出しが使っています。この見出しには id を付けません

## チラシとテーマ

leaflet-overflow = チラシ { $leaflet } が圏域 { $region } で { $paper } 1 枚に収まりません（{ $pages } ページ）。{ $part }
leaflet-overflow-header = 題名の部分がはみ出します
leaflet-overflow-colophon = 下の部分（サイトのアドレスと QR コード、問い合わせ先、日付、発行者）がはみ出します
leaflet-overflow-fixed = 題名・発行者・日付・サイトのアドレスだけで紙からはみ出します
leaflet-overflow-section = { $section } 番目の区分（{ $kind }）が、医療機関の行を 1 行も載せなくてもはみ出します
leaflet-overflow-fixed-help = チラシのレイアウト（themes/<名前>/leaflet/leaflet.typ）が用紙に対して大きすぎます
leaflet-overflow-colophon-help = その上の部分で場所がなくなっています。記事を短くする（summary = true）か、チラシを 2 つに分けてください
leaflet-overflow-a4-help = その区分かその上の区分を短くする（記事は summary = true）、チラシを 2 つに分ける、または paper = "A3" にしてください
leaflet-overflow-help = その区分かその上の区分を短くする（記事は summary = true）か、チラシを 2 つに分けてください
leaflet-layout-error = チラシ { $leaflet }（圏域 { $region }）: レイアウトの { $place } にエラーがあります: { $detail }
leaflet-pdf-failed = チラシ { $leaflet }（圏域 { $region }）: PDF を作れませんでした: { $detail }
print-layout-warning = レイアウトの警告: { $detail }
leaflet-needs-base-url = チラシ { $leaflet } の QR コードには site.toml の base_url が必要です（圏域 { $region }）
leaflet-needs-base-url-help = site.toml に base_url = "https://…/"（サイトを公開するアドレス）を書くか、qr の区分を消してください
leaflet-missing-article = チラシ { $leaflet } の記事 { $article } を、圏域 { $region } は掲載していません
leaflet-missing-article-help = { $own } と { $shared } を探しました
leaflet-qr-failed = チラシ { $leaflet }（圏域 { $region }）: QR コードを作れません: { $detail }
leaflet-limit-invalid = 「limit」には 1 以上の行数を書いてください（{ $value } と書かれています）
guidebook-layout-error = 圏域 { $region } のガイドブック: レイアウトの { $place } にエラーがあります: { $detail }
guidebook-pdf-failed = 圏域 { $region } のガイドブック: PDF を作れませんでした: { $detail }
theme-strings-invalid = テーマの文言ファイルが TOML として読めません: { $detail }
theme-label-not-string = 「{ $key }」は文字列にしてください（サイトを作るときに使います）
theme-template-error = テンプレートのエラー: { $detail }

## build・check・new・serve

progress-building = 作成中
build-failed = 作成に失敗しました。何も書き出していません
build-strict-failed = --strict: 警告 { $warnings } 件をエラーとして扱いました。何も書き出していません
check-ok = { $regions } 圏域を確かめました。エラーはありません
build-output-untouched = 前回の出力はそのまま残っています
build-done = { $regions } 圏域のサイトを作りました: { $files } ファイル、{ $megabytes } MB、{ $seconds } 秒 → { $out }
build-pdfs = PDF: { $typeset } 件を組版し、{ $reused } 件は入力が変わっていないため前回の出力から再利用しました
output-not-ours = { $path } は zaitaku が作ったフォルダではないため、置き換えません（--out で別の場所を指定するか、中を空にしてください）
output-broken-link = { $link } は { $target } を指すリンクですが、使えません（{ $reason }）。そのフォルダを作るか、リンクを消してください
output-cannot-write = { $path } に書き込めません: { $reason }
output-cannot-create-folder = フォルダ { $path } を作れません: { $reason }
output-cannot-move = { $path } を移動できません: { $reason }
output-cannot-remove = { $path } を削除できません: { $reason }
output-held = { $out } を置き換えられません: ほかのプログラムで開かれています{ $count ->
        [1] {""}
       *[other] （{ $count } 件）
    }: { $held }（{ $reason }）。Excel やエディタで開いていれば閉じ、そのフォルダを開いているターミナルやエクスプローラーのウィンドウも閉じてから、もう一度 build してください
output-held-unnamed = { $out } を置き換えられません: 中のファイルかフォルダがほかのプログラムで開かれているか、変更を許されていません（{ $reason }）。そのファイルを開いているもの（Excel、エディタ、そのフォルダのターミナルやエクスプローラー）を閉じてから、もう一度 build してください
output-leftover = 前のビルドが残した { $path } を削除できませんでした（{ $reason }）。閉じたあとの最初のビルドで削除されます
output-leftover-held = 前のビルドが残した { $path } を削除できませんでした。ほかのプログラムで開かれています{ $count ->
        [1] {""}
       *[other] （{ $count } 件）
    }: { $held }。閉じたあとの最初のビルドで削除されます
new-created = { $dir } を作りました（{ $files } ファイル）
new-next = 次は zaitaku serve { $dir } で編集しながら確かめるか、zaitaku build { $dir } で書き出して { $page } を開いてください
new-not-empty = { $dir } はすでにあり、空ではありません
new-cannot-create = { $path } を作れません: { $reason }
new-cannot-write = { $path } に書き込めません: { $reason }
serve-serving = プレビュー中: { $project } → { $url }
serve-watching = { $ms } ミリ秒で作りました。site.toml、content/、themes/ の変更を見ています（{ $how }。止めるには Ctrl-C）
serve-rebuilt = ページを { $pages } ミリ秒、検索とチラシを { $rest } ミリ秒で作り直しました
serve-overlay-title = サイトを作れませんでした（下には、最後に作れたページを表示しています）
serve-polling = { $interval } ごとに確かめる方式
serve-notifications = { $kind } の変更通知
serve-network-drive = 注: { $folder } はネットワーク上のフォルダ（{ $fs }）です。変更の知らせが届かないことがあります。編集が反映されないときは、止めてから zaitaku serve --poll で起動してください
serve-problems-unchanged = 前回と同じ問題があります: エラー { $errors } 件、警告 { $warnings } 件
serve-no-browser = ブラウザを開けませんでした。{ $url } を開いてください
serve-no-project = { $path }: { $reason }
serve-cannot-listen = { $address } で待ち受けできません: { $reason }
serve-cannot-watch = { $path } の変更を見られません: { $detail }

## 空き情報（availability.csv）

availability-empty-help = 1行目に見出し「機関,サービス,空き,時点」（または institution,service,free,as_of）を書き、その下に機関・サービスごとに1行ずつ書いてください
availability-header-help = 見出しの行は「機関,サービス,空き,時点」（または institution,service,free,as_of）です
availability-unknown-column = 列 { $name } は空き情報の列ではありません
availability-unknown-column-nearest = もしかして { $value } ですか？ 列は 機関・サービス・空き・時点（institution, service, free, as_of）と、任意で 名称（name）です
availability-unknown-column-help = 列は 機関・サービス・空き・時点（institution, service, free, as_of）と、任意で 名称（name）です。この列は消してください
availability-column-twice = 列「{ $ja }」（{ $en }）が2回あります
availability-column-missing = 列「{ $ja }」（{ $en }）がありません
availability-duplicate-row = 「{ $institution }」の{ $service }の行が2つあります（{ $first } 行目にもあります）
availability-duplicate-row-help = 機関・サービスごとに1行だけ、最新の数を書いてください
availability-cell-empty = 「{ $column }」が空です
availability-free-not-number = 「{ $column }」の { $value } は空きの数として読めません
availability-free-negative = 「{ $column }」の { $value } は 0 より小さい数です
availability-free-too-many = 「{ $column }」の { $value } は { $max } を超えています。書き間違いではありませんか？
availability-free-help = 空きの数（0、1、2…）か「{ $none }」か「{ $ask }」を書いてください
availability-time-invalid = 「{ $column }」の { $value } は日時として読めません
availability-time-help = 日本時間で 2026-11-29 09:00 のように「年-月-日 時:分」で書いてください（Excel が書く 2026/11/29 9:00 の形でも読めます）
availability-service-not-published = 「{ $column }」: 空き情報を載せるのはショートステイとレスパイト入院だけです（{ $service } は載せられません）
availability-service-help = short_stay（ショートステイ）か respite（レスパイト入院）と書いてください
availability-service-unknown = 「{ $column }」の { $value } はサービスとして読めません
availability-unknown-institution = 「{ $column }」の { $id } は圏域 { $region } の医療機関・事業所にありません（{ $file } がありません）
availability-service-not-offered = 「{ $column }」: { $name }（{ $id }）の記録の services に{ $service }がありません
availability-service-not-offered-help = { $file } の services に "{ $service }" を書き足すか、この行を消してください
availability-stale = 「{ $column }」: { $name } の{ $service }の空きは { $at } 時点で、ビルド（{ $built }）の { $age } 時間前です。availability_fresh_hours = { $limit } 時間より古いため、ページには載せず「お問い合わせください」と出します
availability-stale-help = 最新の数と時点を書くか、この行を消してください
availability-future = 「{ $column }」: { $name } の{ $service }の空きの時点 { $at } が、ビルド（{ $built }）より後です。ページには載せません
availability-future-help = 日時（日本時間）を確かめてください

## import

import-note-phone-unreadable = { $column }: 電話番号として読めない値が { $rows } 行あります。その番号は取り込みません
import-note-coordinates-zero = { $column }: 緯度・経度が 0.0 の行が { $rows } 行あります。位置は取り込みません
import-note-coordinates-outside = { $column }: 緯度・経度が日本の外を指す行が { $rows } 行あります。位置は取り込みません
import-note-coordinates-swapped = { $column }: 緯度と経度が入れ替わっている行が { $rows } 行あります。入れ替えて取り込みます
import-note-coordinates-unreadable = { $column }: 緯度・経度を数として読めない行が { $rows } 行あります。位置は取り込みません
import-note-coordinates-shared = { $column }: { $rows } 行が同じ緯度・経度（{ $value }）で、住所はばらばらです。仮の値とみて、位置は取り込みません
import-note-url-not-url = { $column }: http:// か https:// で始まらない値（メールアドレスなど）が { $rows } 行あります。その値は取り込みません
import-note-code-check-digit = { $column }: 検査数字（6桁目）が合わないコードが { $rows } 行あります。市区町村は名前か住所で判断します
import-note-code-malformed = { $column }: 団体コードとして読めない値が { $rows } 行あります。市区町村は名前か住所で判断します
import-note-type-not-mapped = { $column }: 「{ $value }」は対応表にない種類です。{ $rows } 件を kind = "other"（その他）にしました
import-note-unknown-label = { $column }: 「{ $value }」は読めない値です（{ $rows } 行）。取り込みません
import-note-duplicate-key = { $column }: 同じ値の行が { $rows } 行あります。1件の記録にまとめます（最初の行の値を使います）
import-lines = 行: { $lines }
import-lines-more = 行: { $lines } ほか { $more } 行
import-empty-value = { $column } が空です。この行は記録にできません
import-missing-column = { $what } の列がありません
import-field-key = key（事業所番号、ID など）
import-field-name = name（名称）
import-unknown-kind = 医療機関の種類「{ $value }」は zaitaku の種類（kind）にありません
import-unreadable-file = ファイルを読めません: { $reason }
import-undecodable = 文字コードが分かりません: UTF-8 でも Shift_JIS（CP932）でも読めない文字があります
import-undecodable-help = Excel で「CSV UTF-8（コンマ区切り）」を選んで保存し直してください
import-empty-file = ファイルが空です
import-unknown-header = 見出しの行から、どの公開データか分かりません
import-unknown-header-help = 次のどれかの列が必要です。
    { $datasets }
import-expected-header = { $label }（{ $id }）: { $columns }
import-unterminated-quote = ここで始まる「"」が閉じていません。ここからファイルの終わりまでが1つの値になってしまいます
import-field-count = 列の数が見出しの行と違います（{ $found } 列。見出しは { $expected } 列）
import-field-count-help = 値の中の「,」や改行は "…" で囲む必要があります。Excel で開いて保存し直すと直ることがあります
import-unreadable-row = この行を読めません
import-project-has-errors = プロジェクトにエラーがあるため取り込めません。上のエラーを直してから、もう一度実行してください
import-cannot-update = { $path } を書き換えられません: { $detail }
import-same-source = { $other } と同じ [source]（{ $dataset } { $key }）です。どちらを更新するか決められないため、片方の [source] を消すか直してください
import-write-failed = 書き込めませんでした: { $reason }。プロジェクトは取り込みの前のままです
import-pending = 前回の取り込みが途中で止まっています。--dry-run を付けずに実行すると、先にそれを仕上げます
import-recovered = 前回中断された取り込みを完了しました（{ $files } ファイル）
import-as-of-option = --as-of
import-as-of-file-name = ファイル名から
import-as-of-modified = ファイルの更新日から。違うときは --as-of で指定
import-file-heading = { $path }: { $label }（{ $id }）、{ $encoding }、{ $as_of } 時点（{ $origin }）、{ $rows } 行
import-skipped = {"  "}どの圏域にも入らない行: { $total }（圏域にない市区町村 { $elsewhere }、市区町村が分からない { $unknown }）
import-older-edition = {"  "}{ $count } 件は、読み込んだファイルより新しい版から取り込まれているため、更新しません
import-other-region = {"  "}{ $count } 件は、記録のある圏域とは別の圏域の市区町村の行です。記録はもとの圏域のまま更新します
import-blank = {""}
import-added-heading = 追加 ({ $count })
import-added-line = {"  "}+ { $path }  { $name }
import-updated-heading = 更新 ({ $count })
import-updated-line = {"  "}~ { $path }  { $name }
import-change-line = {"      "}{ $field }: { $before } → { $after }
import-value = { $value }
import-no-value = （なし）
import-unchanged-heading = 変更なし ({ $count })
import-gone-heading = 掲載元から消えた ({ $count })
import-gone-line = {"  "}- { $path }  { $name }（{ $dataset } { $key }）
import-gone-line-types = {"  "}- { $path }  { $name }（{ $dataset } { $key }: { $types }）
import-gone-help = {"    "}掲載元の新しいファイルに見当たりません。廃止・休止・移転していないか確かめてください（記録は消していません）
import-summary-heading = 圏域ごとの結果:
import-region-line = {"  "}{ $id }（{ $name }）: 追加 { $added }、更新 { $updated }、変更なし { $unchanged }、掲載元から消えた { $gone }
import-dry-run-done = --dry-run: 何も書き込んでいません
import-written = { $files } 件の記録を書き込みました。次は phases などを書き足して zaitaku check / build を実行してください
import-nothing-to-write = 書き換える記録はありません
import-failed = 取り込めませんでした: 何も書き込んでいません

## コマンドライン

cli-error = エラー: { $message }
cli-note = 注: { $message }
cli-see-help = 使い方は zaitaku --help で表示できます
cli-unknown-argument = { $argument } というオプションはありません
cli-unknown-command = { $command } というコマンドはありません
cli-missing-argument = 指定が足りません: { $argument }
cli-missing-command = コマンドを指定してください
cli-invalid-value = { $value } は { $argument } に指定できません
cli-valid-values = 指定できる値: { $values }
cli-heading-usage = 使い方
cli-heading-commands = コマンド
cli-heading-arguments = 引数
cli-heading-options = オプション
cli-value-command = コマンド
cli-value-project = プロジェクト
cli-value-out = 出力先
cli-value-port = ポート番号
cli-value-address = アドレス
cli-value-file = ファイル
cli-value-date = 日付
cli-value-dir = フォルダ
cli-value-lang = 言語
cli-value-interval = 間隔
cli-usage = zaitaku コマンド [オプション]
cli-about = 在宅医療の情報サイトとチラシを、圏域ごとに作ります
cli-long-about = zaitaku はプロジェクト（site.toml と content/: 医療機関・事業所の記録は TOML、記事は Markdown）を読み、圏域ごとに独立したウェブサイトと、それらをまとめる入口のページを作ります。どのページも、ウェブサーバーのどのフォルダに置いても、パソコンの中で直接開いても表示できます。

    終了コード: 0 成功、1 内容のエラー（すべて「ファイル:行:列」付きで表示）、2 コマンドの使い方の誤り。
cli-after-help = はじめは zaitaku new my-site でプロジェクトを作り、zaitaku serve my-site で画面を見ながら編集し、zaitaku build my-site で my-site/public/ に書き出します。
    メッセージは日本語の環境（LANG=ja_JP.UTF-8 など）では日本語です。--lang ja か --lang en で選べます。
cli-arg-lang = メッセージとヘルプの言語: ja（日本語）か en（英語）［省略時: 環境の言語］
cli-arg-help = ヘルプを表示（--help でくわしく）
cli-arg-version = バージョンを表示
cli-arg-project = プロジェクトのフォルダ（site.toml と content/ があるフォルダ）［省略時: 今いるフォルダ］
cli-arg-strict = 警告（古い記録、圏域にない市区町村など）もエラーとして扱います（自動チェック向け）
cli-build-about = すべての圏域のサイトを出力先のフォルダに書き出します
cli-build-long-about = すべての圏域のサイトを出力先のフォルダに書き出します。

    新しいサイトはいったん別のフォルダに作り、全体が成功したときだけ入れ替えます。失敗したときは、前回の出力がそのまま残ります。
cli-build-usage = zaitaku build [プロジェクト] [--out 出力先] [--strict]
cli-build-out = サイトを書き出すフォルダ［省略時: プロジェクト/public］
cli-check-about = 内容を確かめて、問題をすべて表示します。何も書き出しません
cli-check-long-about = 内容を確かめて、問題をすべて表示します。何も書き出しません。

    サイト作りをメモリの中で最後まで行うので、テンプレートやリンクの誤りも見つかります。
cli-check-usage = zaitaku check [プロジェクト] [--strict]
cli-serve-about = このパソコンでサイトを表示し、編集するたびに作り直します
cli-serve-long-about = このパソコンでサイトを表示し、編集するたびに作り直します。

    site.toml、content/、themes/ を見ていて、保存するとブラウザのページが自動で読み直されます。内容にエラーがあるときは、最後に作れたページを表示したまま、エラーをページの上（とここ）に表示します。--bind で別のアドレスを指定しない限り、このパソコン（127.0.0.1）からしか見られません。
cli-serve-usage = zaitaku serve [プロジェクト] [--port ポート番号] [--bind アドレス] [--open] [--poll[=間隔]]
cli-serve-port = 待ち受けるポート番号。0 なら空いている番号を使います［省略時: 1111］
cli-serve-bind = 待ち受けるアドレス［省略時: 127.0.0.1］。127.0.0.1 以外にすると、同じネットワークの誰でも、公開前の編集中の内容を見られます
cli-serve-open = 入口のページを既定のブラウザで開きます
cli-serve-poll = 変更の知らせを待たずに、一定の間隔（省略時 1 秒。例: --poll=500ms）でファイルを確かめます。ネットワーク上のフォルダ（SMB、NFS）や WSL、wine で編集が反映されないときに使います。確かめるたびに入力ファイルをすべて読みます
cli-import-about = 公開データ（介護サービス情報公表システム、医療情報ネット ナビイ、自治体標準オープンデータセット、zaitaku の opendata/institutions.csv）から医療機関・事業所の記録を作ります
cli-import-long-about = 公開データ（介護サービス情報公表システム、医療情報ネット ナビイ、自治体標準オープンデータセット、zaitaku の opendata/institutions.csv）から医療機関・事業所の記録を作ります。

    どの公開データかは見出しの行で判断します。UTF-8（BOM の有無は問いません）、Shift_JIS（CP932、Excel の「CSV」）、UTF-16 を読めます。各行は、その市区町村を持つ圏域に入ります。どの圏域にも入らない行は数えて飛ばします。[source] のキーで見つかった記録は項目ごとに更新し（phases、note、[internal]、コメントや書き方はそのまま）、新しい記録には読みやすい id を付けます。すべてのファイルをエラーなく読めたときだけ書き込みます。
cli-import-after-help = 例: zaitaku import --dry-run jigyosho_130.csv jigyosho_430.csv
    その後、新しい記録に phases などを書き足し、zaitaku check を実行してください。
cli-import-usage = zaitaku import [--project プロジェクト] [--dry-run] [--as-of 日付] ファイル...
cli-import-files = 取り込む CSV ファイル
cli-import-dry-run = 何が変わるか（追加、項目ごとの更新、変更なし、掲載元から消えた）を表示するだけで、何も書き込みません
cli-import-as-of = ファイル名に日付がないときの、データの時点（YYYY-MM-DD）［省略時: ファイル名の日付、なければファイルの更新日］
cli-new-about = 見本の内容が入った新しいプロジェクトを作ります
cli-new-long-about = 見本の内容が入った新しいプロジェクトを作ります。

    見本の記録は架空のもので、日付は今日になります。作ったその日から警告なしでサイトを作れます。
cli-new-usage = zaitaku new フォルダ
cli-new-dir = 作るフォルダ。まだないか、空のフォルダを指定します
