# zaitaku's messages in English. Every message here is also in ja.ftl, with the same
# variables (a test checks it). Words an author writes (keys, ids, values) stay as
# written; quote them with `…` (keys, ids) or as the code passes them ("…" values).

## How a diagnostic is printed

severity-error = error
severity-warning = warning
diagnostic-help = help
diagnostic-line-hidden = note: the line is not shown: it holds [internal] values
report-summary = { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
did-you-mean = did you mean { $value }?
did-you-mean-key = did you mean `{ $key }`?
did-you-mean-value = did you mean `{ $id }` ({ $label })?
files-listed = { $files }
files-listed-more = { $files } and { $more } more

## Kinds of value, as "must be …, not …" names them

type-string = a string
type-integer = an integer
type-float = a decimal number
type-boolean = true or false
type-date = a date
type-array = an array
type-table = a table
type-tables = a list of tables ([[{ $key }]])

## What a table is

what-site = site.toml
what-emergency = emergency.toml
what-region = region.toml
what-institution = institution
what-article = article front matter
what-leaflet = leaflet
what-leaflet-section = leaflet section
what-guidebook = guidebook.toml
what-outputs = [outputs]
what-accessibility = [accessibility]
what-emergency-number = emergency number
what-region-number = region number
what-location = location
what-source = [source]

## Vocabularies

vocab-kind = kind
vocab-role = role
vocab-phase = phase
vocab-service = service
vocab-topic = topic
vocab-paper = paper
vocab-section-type = section type
vocab-dataset = dataset
vocab-grouping = grouping
vocab-unknown = unknown { $what } { $value }
vocab-valid-values = valid values: { $values }
vocab-value = { $id } ({ $label })

## Fields of a record

field-wrong-type = `{ $key }` must be { $expected }, not { $found }
field-missing = missing required key `{ $key }` in { $what }
field-missing-help = add it, e.g. { $example }
field-missing-verified-help = add the date the details were last checked with the institution, e.g. verified = 2025-11-01
field-missing-date-help = add a date, e.g. { $key } = 2025-11-01
field-empty = `{ $key }` must not be empty
field-markup = `{ $key }` contains HTML markup; it is published as plain text, not as HTML
field-formula = `{ $key }` starts with { $start }, which spreadsheet programs read as the start of a formula; institutions.csv writes it with a leading ' so that it stays text
field-named = `{ $key }`
field-article-text = the article's text
field-hidden-control = { $field } holds an invisible control character ({ $chars }) that cannot be printed; it is left out of every output
field-hidden-controls = { $field } holds invisible control characters ({ $chars }) that cannot be printed; they are left out of every output
field-hidden-control-markdown = { $field } holds an invisible control character ({ $chars }) that cannot be printed; it is not published
field-hidden-controls-markdown = { $field } holds invisible control characters ({ $chars }) that cannot be printed; they are not published
field-date-help = write a date as 2025-11-01 (year-month-day)
field-date-invalid = `{ $key }` is not a valid date: { $value }
field-date-with-time = `{ $key }` must be a date without a time
field-phone-invalid = `{ $key }` is not a valid phone number: { $reason }
field-list-help = write a list: { $key } = ["…"]
field-list-empty-item = `{ $key }` holds an empty string
field-list-item-type = each item of `{ $key }` must be { $expected }, not { $found }
field-unknown-key = unknown key `{ $key }` in { $what }
field-valid-keys = valid keys: { $keys }

phone-empty = the phone number is empty
phone-invalid-character = unexpected character { $character } in a phone number
phone-international = international form is not accepted
phone-wrong-length = a Japanese phone number has 10 or 11 digits (or is a short number such as 119 or #7119); this one has { $digits }
phone-no-leading-zero = a 10- or 11-digit Japanese number starts with 0
phone-international-help = write the domestic form starting with 0, e.g. 098-000-0000
phone-invalid-character-help = use digits and hyphens only, e.g. 0980-52-0001
phone-examples-help = examples: 0980-52-0001, 090-1234-5678, 0120-000-000, 119, #7119

site-base-url = `base_url` { $value } must start with https:// or http://
site-base-url-help = write the address the site is published at, e.g. base_url = "https://www.city.example.lg.jp/zaitaku/"
site-theme-name = theme name { $name } must be lowercase letters, digits and hyphens
site-accessibility-level = `level` { $value } must be "A", "AA" or "AAA"
site-availability-fresh-hours = `availability_fresh_hours` must be 1 or more (hours), not { $value }
numbers-id-twice = number id { $id } is used twice in this file
institution-postal-code = `postal_code` { $value } is not a 7-digit postal code such as 905-0000
institution-url = `url` { $value } must be an http:// or https:// address
location-missing = `location` needs `{ $key }`
location-range = `{ $key }` must be a number between -{ $limit } and { $limit }
source-keep-unknown = `keep` names { $value }, which is not a field of an institution
source-keep-fields = fields import updates: { $fields }
region-reading-unknown = { $name } in `municipalities_kana` is not one of the region's `municipalities`
region-reading-not-kana = the reading of { $name } must be written in hiragana or katakana

## TOML written by hand

toml-fullwidth-space = a full-width space (　) at column { $column }: TOML does not read it as a space
toml-fullwidth-space-help = replace it with a half-width space, or delete it (full-width spaces are fine inside "…")
toml-unclosed-quote = this " is not closed: the value has no closing "
toml-unclosed-quote-help = end the value with " on the same line, e.g. { $example }
toml-missing-comma = a comma is missing between two items of the list
toml-missing-comma-help = separate the items with commas, e.g. { $example }
toml-missing-equals = `=` is missing after the key { $key }
toml-missing-equals-help = write the key, =, then the value, e.g. { $example }
toml-colon = the key { $key } is followed by { $sign }, not by `=`
toml-fullwidth-equals = a full-width ＝ is not read as =
toml-fullwidth-equals-help = replace ＝ with a half-width =
toml-unquoted = text values must be in double quotes
toml-unquoted-help = write the value between half-width double quotes, e.g. { $example }
toml-japanese-quotes = { $quote } does not quote a value in TOML
toml-dashes = a `---` line: zaitaku's files do not use `---`
toml-dashes-help = an article's front matter starts and ends with a `+++` line; a record (.toml) has no such line: delete it
toml-duplicate-key = the key { $key } is written twice
toml-duplicate-key-help = keep one of the two lines and delete the other
toml-invalid-key = this key has characters a key cannot have
toml-invalid-key-help = write keys with half-width letters, digits, - and _ (e.g. name, visit_area), then = and the value
toml-one-per-line = one line holds one key = value: something follows the value
toml-one-per-line-help = move what follows the value to a line of its own, or delete it (a comment starts with #)
toml-number = this is not a number TOML can read
toml-number-help = write a number with digits only; put text, phone numbers and postal codes in double quotes ("0980-00-0000")
toml-other = invalid TOML: { $detail }

## Articles

article-no-front-matter = an article must start with a `+++` line, then its front matter (title, updated…), then `+++`
article-no-front-matter-help = start the file with +++, the lines title = "…" and updated = 2025-11-01, then +++ again; the text follows
article-dashes = the front matter is between `---` lines; zaitaku uses `+++`
article-dashes-help = change both `---` lines around the front matter to `+++` (and write the front matter as key = "value")
article-front-matter-not-closed = the front matter is not closed
article-front-matter-not-closed-help = add a line with `+++` after the front matter, before the text

## Reading the project

load-not-utf8 = file is not valid UTF-8
load-not-utf8-help = save the file as UTF-8 (Shift_JIS and other encodings are not supported)
load-bad-file-id = { $name } cannot be an id: ids become URLs and use only a-z, 0-9 and -
load-bad-region-id = region folder { $name } cannot be an id: ids become URLs and use only a-z, 0-9 and -
load-rename-help = rename it, e.g. to { $name }
load-reserved-region-id = region id { $name } is reserved: the site's top folder already has { $folder } for all regions (reserved ids: { $reserved })
load-ignored-folder = ignored: unexpected folder
load-ignored-file = ignored: only .{ $ext } files are read here
load-ignored-in-regions = ignored: content/regions/ holds one folder per region
load-no-region-file = region folder { $region } has no region.toml
load-no-region-file-help = add region.toml with name, prefecture and as_of, or remove the folder
load-empty-file = file is empty
load-no-site = no site.toml in { $folder }
load-no-site-help = run this in a zaitaku project folder, or create one with `zaitaku new DIR`
load-cannot-open-project = cannot open the project folder: { $reason }
load-no-region = the project has no region
load-no-region-help = add content/regions/<id>/region.toml; every region becomes one website
load-theme-not-found = theme { $theme } not found: there is no folder { $folder }

disk-the-project = the project
disk-the-folder = the folder { $folder }
disk-outside = not read: a symbolic link that leads outside { $tree }
disk-outside-help = copy the file or folder into the project instead of linking to it
disk-dangling = not read: a symbolic link to something that does not exist
disk-dangling-help = remove the link, or make it point at a file or folder inside the project
disk-loop = not read: a symbolic link loop (it leads back to a folder already read)
disk-loop-help = remove the link
disk-special = not read: { $what }, not a regular file or folder
disk-special-help = remove it from the project: only files and folders are read
disk-fifo = a named pipe (FIFO)
disk-socket = a socket
disk-device = a device
disk-special-file = a special file
disk-unreadable-file = cannot read file: { $reason }
disk-unreadable-folder = cannot read folder: { $reason }
disk-unreadable-help = check its permissions: nothing is built while part of the content cannot be read
disk-too-large = file is too large ({ $size } bytes; the limit is { $limit } bytes)
disk-too-large-help = a content file is a few kilobytes; check that this is the file you meant to put here
disk-name-not-utf8 = file name is not valid UTF-8
disk-name-not-utf8-help = rename it: names become URLs and are shown in messages, so they must be UTF-8
disk-not-a-folder = must be a folder
disk-not-a-folder-help = replace it with a folder of the same name
disk-not-a-file = must be a file, not a folder
disk-not-a-file-help = remove or rename the folder

io-not-found = not found
io-permission-denied = permission denied
io-already-exists = it already exists
io-storage-full = the disk is full
io-read-only = the disk is read-only
io-invalid-data = the data is not valid
io-address-in-use = the port is in use (by another program, or another zaitaku serve)
io-address-not-available = that address is not one of this computer's
io-other = { $detail }

## Cross-references

validate-emergency-undefined = region { $region } lists emergency number { $id }, which content/emergency.toml does not define
validate-hub-missing = hub { $id } is not an institution of region { $region } (expected { $file })
validate-hub-missing-help = create { $file } for the hub, or remove { $id } from `hubs`
validate-hub-without-role = hub { $id } does not have the role coordination_hub
validate-hub-without-role-help = add "coordination_hub" to its roles so lists and leaflets show it as the hub
validate-number-id-twice = number id { $id } is used more than once in region { $region }
validate-leaflet-article = leaflet { $leaflet } uses article { $article }, which does not exist
validate-leaflet-article-help = write the id of an article (the file name in content/articles/ without .md), or add content/articles/{ $article }.md
validate-guidebook-intro = the guidebook's intro is article { $article }, which does not exist
validate-municipality-unknown = municipality { $value } is not one of region { $region }'s municipalities
validate-visit-area-unknown = `visit_area` names { $value }, which is not one of region { $region }'s municipalities
validate-municipality-nearest = did you mean { $value }? (the region's municipalities: { $all }; a new one goes into `municipalities` in region.toml)
validate-municipality-list = the region's municipalities: { $all } (a new one goes into `municipalities` in region.toml)
validate-region-has-no-municipalities = region.toml lists no `municipalities`: add the region's municipalities there
validate-verified-future = `verified` { $date } is in the future
validate-stale = { $name } was last verified on { $date }, { $days } days ago (more than stale_after_days = { $limit })
validate-stale-help = check the details with the institution and update `verified`
validate-duplicate = { $name } ({ $phone }) is also in { $other }: two records of one institution?
validate-duplicate-help = if they are the same institution, keep one file and delete the other ({ $file } or { $other }); if not, correct the name or the phone number
validate-imported-no-phases = { $count ->
        [one] 1 imported institution has no phases: it is listed by kind and by municipality, but on no phase page
       *[other] { $count } imported institutions have no phases: they are listed by kind and by municipality, but on no phase page
    }
validate-imported-no-phases-help = add `phases` (discharge, daily, acute, end_of_life) to { $files }
validate-imported-unchecked = { $count ->
        [one] 1 imported institution has not been checked by staff (no `verified`): its page shows the date of the public data
       *[other] { $count } imported institutions have not been checked by staff (no `verified`): their pages show the date of the public data
    }
validate-imported-unchecked-stale = { $count ->
        [one] 1 imported institution has not been checked by staff (no `verified`): its page shows the date of the public data, which is older than stale_after_days = { $limit }
       *[other] { $count } imported institutions have not been checked by staff (no `verified`): their pages show the date of the public data; { $stale } of them come from data older than stale_after_days = { $limit }
    }
validate-imported-unchecked-help = check them with the institutions, then write `verified = YYYY-MM-DD` in { $files }

## Links and Markdown

link-article-not-md = { $link }: articles are .md files
link-institution-not-toml = { $link }: institutions are .toml files
link-no-article = link to { $link }: no such article in region { $region } (looked for { $shared } and { $own })
link-no-file = link to { $link }: there is no { $file }
link-unknown-target = link to { $link }: link to an article (@/articles/<id>.md) or an institution (@/regions/<region>/institutions/<id>.toml)
markdown-raw-html = raw HTML is not published; it was removed
markdown-image = images are not supported in content; the image's text is shown instead
markdown-link-removed = link { $link } was removed: links may use http, https, mailto, tel, or @/ to a content file
markdown-heading-attributes = heading attributes are not published, only an id (`{"{"}#name{"}"}`): { $removed } removed
markdown-heading-id-invalid = heading id { $id } is not used: an id holds only letters, digits, `-` and `_` (at most 64)
markdown-heading-id-page = heading id { $id } is one the page itself uses; this heading gets id { $given }
markdown-heading-id-page-none = heading id { $id } is one the page itself uses; this heading gets no id
markdown-heading-id-earlier = heading id { $id } is used by an earlier heading; this one gets id { $given }
markdown-heading-id-earlier-none = heading id { $id } is used by an earlier heading; this one gets no id

## Leaflets and the theme

leaflet-overflow = leaflet { $leaflet } does not fit on one { $paper } page in region { $region } ({ $pages } pages): { $part }
leaflet-overflow-header = its title overflows
leaflet-overflow-colophon = its foot (website, QR code, contacts, date, publisher) overflows
leaflet-overflow-fixed = its title, publisher, date and website alone overflow
leaflet-overflow-section = section { $section } ({ $kind }) overflows, even with no institution rows
leaflet-overflow-fixed-help = the leaflet layout (themes/<name>/leaflet/leaflet.typ) is too tall for its paper
leaflet-overflow-colophon-help = the parts above it leave it no room: shorten an article (summary = true) or split the leaflet in two
leaflet-overflow-a4-help = shorten that section or one above it (an article's summary = true), split the leaflet in two, or set paper = "A3"
leaflet-overflow-help = shorten that section or one above it (an article's summary = true) or split the leaflet in two
leaflet-layout-error = leaflet { $leaflet } (region { $region }): error in the leaflet layout at { $place }: { $detail }
leaflet-pdf-failed = leaflet { $leaflet } (region { $region }): PDF export failed: { $detail }
print-layout-warning = layout warning: { $detail }
leaflet-needs-base-url = leaflet { $leaflet } needs base_url in site.toml for its QR code (region { $region })
leaflet-needs-base-url-help = add base_url = "https://…/" to site.toml (the address the site is published at), or remove the qr section
leaflet-missing-article = leaflet { $leaflet } shows article { $article }, which region { $region } does not publish
leaflet-missing-article-help = looked for { $own } and { $shared }
leaflet-qr-failed = leaflet { $leaflet } (region { $region }): cannot make the QR code: { $detail }
leaflet-limit-invalid = `limit` must be a number of rows, 1 or more (got { $value })
guidebook-layout-error = the guidebook of region { $region }: error in the guidebook layout at { $place }: { $detail }
guidebook-pdf-failed = the guidebook of region { $region }: PDF export failed: { $detail }
theme-strings-invalid = the theme's strings are not valid TOML: { $detail }
theme-label-not-string = `{ $key }` must be a string (the build itself uses it)
theme-template-error = template error: { $detail }

## build, check, new, serve

progress-building = building
build-failed = build failed: nothing was written
build-strict-failed = --strict: { $warnings ->
        [one] 1 warning counts
       *[other] { $warnings } warnings count
    } as errors; nothing was written
check-ok = checked { $regions ->
        [one] 1 region
       *[other] { $regions } regions
    }: no errors
build-output-untouched = the previous output was left untouched
build-done = built { $regions ->
        [one] 1 region
       *[other] { $regions } regions
    }: { $files } files, { $megabytes } MB in { $seconds } s → { $out }
build-pdfs = PDFs: { $typeset } typeset, { $reused } reused from the previous build (their inputs had not changed)
output-not-ours = { $path } exists and was not made by zaitaku; refusing to replace it (choose another --out, or empty it)
output-broken-link = { $link } is a symbolic link to { $target }, which cannot be used ({ $reason }); create that folder, or remove the link
output-cannot-write = cannot write { $path }: { $reason }
output-cannot-create-folder = cannot create the folder { $path }: { $reason }
output-cannot-move = cannot move { $path }: { $reason }
output-cannot-remove = cannot remove { $path }: { $reason }
output-held = cannot replace { $out }: { $held } { $count ->
        [one] is
       *[other] are
    } open in another program ({ $reason }). Close { $count ->
        [one] it
       *[other] them
    } (in Excel, an editor, or a terminal or Explorer window in that folder) and build again
output-held-unnamed = cannot replace { $out }: a file or folder in it is open in another program, or may not be changed ({ $reason }). Close whatever shows a file of it (Excel, an editor, a terminal or Explorer window in that folder) and build again
output-leftover = { $path } (left by an earlier build) could not be removed ({ $reason }); the first build after it is closed removes it
output-leftover-held = { $path } (left by an earlier build) could not be removed: { $held } { $count ->
        [one] is
       *[other] are
    } open in another program; the first build after it is closed removes it
new-created = created { $dir } with { $files } files
new-next = next: zaitaku build { $dir }  (then open { $page }), or zaitaku serve { $dir } to edit with a live preview
new-not-empty = { $dir } already exists and is not empty
new-cannot-create = cannot create { $path }: { $reason }
new-cannot-write = cannot write { $path }: { $reason }
serve-serving = serving { $project } on { $url }
serve-watching = built in { $ms } ms; watching site.toml, content/ and themes/ ({ $how }; Ctrl-C to stop)
serve-rebuilt = rebuilt pages in { $pages } ms, search index and leaflets in { $rest } ms
serve-overlay-title = The build failed (the last good pages are shown underneath)
serve-polling = polling every { $interval }
serve-notifications = { $kind } change notifications
serve-network-drive = note: { $folder } is on a network file system ({ $fs }), where change notifications are often lost; if edits do not show up, stop and run `zaitaku serve --poll`
serve-problems-unchanged = the same problems as before: { $errors ->
        [one] 1 error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] 1 warning
       *[other] { $warnings } warnings
    }
serve-no-browser = could not open a browser; open { $url } yourself
serve-no-project = { $path }: { $reason }
serve-cannot-listen = cannot listen on { $address }: { $reason }
serve-cannot-watch = cannot watch { $path }: { $detail }

## Vacancy figures (availability.csv)

availability-empty-help = write the header `institution,service,free,as_of` (or 機関,サービス,空き,時点), then one row per institution and service
availability-header-help = the header is `institution,service,free,as_of` (or 機関,サービス,空き,時点)
availability-unknown-column = unknown column { $name }
availability-unknown-column-nearest = did you mean { $value }? The columns are institution, service, free, as_of (機関,サービス,空き,時点) and, optionally, name (名称)
availability-unknown-column-help = the columns are institution, service, free, as_of (機関,サービス,空き,時点) and, optionally, name (名称); remove this one
availability-column-twice = column { $en } ({ $ja }) is given twice
availability-column-missing = missing column { $en } ({ $ja })
availability-duplicate-row = a second row for { $institution } and { $service }: line { $first } has one already
availability-duplicate-row-help = keep one row per institution and service, with the latest figure
availability-cell-empty = { $column }: empty
availability-free-not-number = { $column }: { $value } is not a number of free places
availability-free-negative = { $column }: { $value } is below zero
availability-free-too-many = { $column }: { $value } is more than { $max } places: a typo?
availability-free-help = write a number of free places (0, 1, 2…), { $none } or { $ask }
availability-time-invalid = { $column }: { $value } is not a date and time
availability-time-help = write YYYY-MM-DD HH:MM in Japan time, e.g. 2026-11-29 09:00 (2026/11/29 9:00, as Excel writes it, is fine too)
availability-service-not-published = { $column }: vacancies are published for ショートステイ and レスパイト入院 only, not { $service }
availability-service-help = write short_stay (ショートステイ) or respite (レスパイト入院)
availability-service-unknown = { $column }: unknown service { $value }
availability-unknown-institution = { $column }: { $id } is not an institution of region { $region } (expected { $file })
availability-service-not-offered = { $column }: { $name } ({ $id }) does not list { $service } among its services
availability-service-not-offered-help = add "{ $service }" to `services` in { $file }, or remove this row
availability-stale = { $column }: the figure for { $name } ({ $service }) is from { $at }, { $age } hours before the build ({ $built }): older than availability_fresh_hours = { $limit }, so pages ask residents to call instead
availability-stale-help = write the latest figure and its time, or remove the row
availability-future = { $column }: the figure for { $name } ({ $service }) is dated { $at }, after the build ({ $built }): it is not shown
availability-future-help = check the date and time (Japan time)

## import

import-note-phone-unreadable = { $column }: { $rows } rows have a value that is not a phone number; it is not imported
import-note-coordinates-zero = { $column }: { $rows } rows have latitude/longitude 0.0; their location is not imported
import-note-coordinates-outside = { $column }: { $rows } rows have a latitude/longitude outside Japan; their location is not imported
import-note-coordinates-swapped = { $column }: { $rows } rows have latitude and longitude swapped; they are imported swapped back
import-note-coordinates-unreadable = { $column }: { $rows } rows have a latitude/longitude that is not a number; their location is not imported
import-note-coordinates-shared = { $column }: { $rows } rows share the same latitude/longitude ({ $value }) with different addresses; taken as a placeholder, their location is not imported
import-note-url-not-url = { $column }: { $rows } rows have a value that does not start with http:// or https:// (an e-mail address…); it is not imported
import-note-code-check-digit = { $column }: { $rows } rows have a code whose check digit (6th) is wrong; the municipality is taken from the name or the address
import-note-code-malformed = { $column }: { $rows } rows have a value that is not a municipality code; the municipality is taken from the name or the address
import-note-type-not-mapped = { $column }: "{ $value }" is a type zaitaku does not map; { $rows } records get kind = "other"
import-note-unknown-label = { $column }: "{ $value }" is not a value zaitaku reads ({ $rows } rows); it is not imported
import-note-duplicate-key = { $column }: { $rows } rows have the same value; they become one record (the first row's values)
import-lines = lines: { $lines }
import-lines-more = lines: { $lines } and { $more } more
import-empty-value = { $column } is empty; this row cannot be a record
import-missing-column = there is no column for { $what }
import-field-key = the key (事業所番号, ID…)
import-field-name = the name (名称)
import-unknown-kind = the kind of institution "{ $value }" is not one of zaitaku's kinds (kind)
import-unreadable-file = cannot read the file: { $reason }
import-undecodable = unknown character encoding: some characters are neither UTF-8 nor Shift_JIS (CP932)
import-undecodable-help = in Excel, save the file again as "CSV UTF-8 (Comma delimited)"
import-empty-file = the file is empty
import-unknown-header = the header row does not say which public dataset this is
import-unknown-header-help = one of these sets of columns is needed:
    { $datasets }
import-expected-header = { $label } ({ $id }): { $columns }
import-unterminated-quote = the " that starts here is not closed: everything from here to the end of the file would be one value
import-field-count = the row has a different number of columns from the header ({ $found } columns; the header has { $expected })
import-field-count-help = a "," or a line break inside a value must be enclosed in "…"; opening the file in Excel and saving it again often fixes it
import-unreadable-row = this row cannot be read
import-project-has-errors = the project has errors, so nothing can be imported: fix the errors above, then run it again
import-cannot-update = cannot update { $path }: { $detail }
import-same-source = same [source] as { $other } ({ $dataset } { $key }): which one to update cannot be decided; delete or correct the [source] of one of them
import-write-failed = could not write: { $reason }; the project is as it was before the import
import-pending = an earlier import was interrupted; running without --dry-run finishes it first
import-recovered = finished the import that was interrupted earlier ({ $files } files)
import-as-of-option = --as-of
import-as-of-file-name = from the file name
import-as-of-modified = from the file's modification date; if that is wrong, give it with --as-of
import-file-heading = { $path }: { $label } ({ $id }), { $encoding }, as of { $as_of } ({ $origin }), { $rows } rows
import-skipped = {"  "}rows in no region: { $total } (in municipalities no region lists { $elsewhere }, municipality unknown { $unknown })
import-older-edition = {"  "}{ $count } records are not updated: they were imported from a newer edition than the file read
import-other-region = {"  "}{ $count } records come from rows of another region's municipality; they are updated where they are
import-blank = {""}
import-added-heading = added ({ $count })
import-added-line = {"  "}+ { $path }  { $name }
import-updated-heading = updated ({ $count })
import-updated-line = {"  "}~ { $path }  { $name }
import-change-line = {"      "}{ $field }: { $before } → { $after }
import-value = { $value }
import-no-value = (none)
import-unchanged-heading = unchanged ({ $count })
import-gone-heading = gone from the source ({ $count })
import-gone-line = {"  "}- { $path }  { $name } ({ $dataset } { $key })
import-gone-line-types = {"  "}- { $path }  { $name } ({ $dataset } { $key }: { $types })
import-gone-help = {"    "}not found in the source's new file: check whether it closed, paused or moved (the record was not deleted)
import-summary-heading = per region:
import-region-line = {"  "}{ $id } ({ $name }): added { $added }, updated { $updated }, unchanged { $unchanged }, gone from the source { $gone }
import-dry-run-done = --dry-run: nothing was written
import-written = wrote { $files } records; next, add phases and the like, then run zaitaku check / build
import-nothing-to-write = no record to change
import-failed = could not import: nothing was written

## The command line

cli-error = error: { $message }
cli-note = note: { $message }
cli-see-help = for more, see zaitaku --help
cli-unknown-argument = there is no option { $argument }
cli-unknown-command = there is no command { $command }
cli-missing-argument = missing: { $argument }
cli-missing-command = no command given
cli-invalid-value = { $value } is not a valid value for { $argument }
cli-valid-values = valid values: { $values }
cli-heading-usage = Usage
cli-heading-commands = Commands
cli-heading-arguments = Arguments
cli-heading-options = Options
cli-value-command = COMMAND
cli-value-project = PROJECT
cli-value-out = OUT
cli-value-port = PORT
cli-value-address = ADDRESS
cli-value-file = FILE
cli-value-date = DATE
cli-value-dir = DIR
cli-value-lang = LANG
cli-value-interval = INTERVAL
cli-usage = zaitaku COMMAND [OPTIONS]
cli-about = Build home medical care (在宅医療) websites and leaflets for every region
cli-long-about = zaitaku reads a project (site.toml and content/: institution records in TOML, articles in Markdown) and writes one self-contained website per region, plus a portal page that links them. Every page works from any web folder and straight from disk.

    Exit status: 0 success, 1 content errors (all are printed, each with file:line:column), 2 wrong usage.
cli-after-help = Start with `zaitaku new my-site`, then `zaitaku serve my-site` to edit with a live preview, and `zaitaku build my-site` to write my-site/public/.
    Messages are in Japanese when the locale is Japanese (LANG=ja_JP.UTF-8); --lang en or --lang ja chooses.
cli-arg-lang = The language of messages and help: ja (日本語) or en [default: the locale's]
cli-arg-help = Print help (--help: more)
cli-arg-version = Print the version
cli-arg-project = The project folder (holding site.toml and content/) [default: this folder]
cli-arg-strict = Treat warnings (stale records, unknown municipalities…) as errors, for CI
cli-build-about = Build every region's site into the output folder
cli-build-long-about = Build every region's site into the output folder.

    The new site is written to a staging folder and swapped in only when the whole build succeeded: a failed build leaves the previous output exactly as it was.
cli-build-usage = zaitaku build [PROJECT] [--out OUT] [--strict]
cli-build-out = Where to write the site [default: PROJECT/public]
cli-check-about = Check the content and report every problem; writes nothing
cli-check-long-about = Check the content and report every problem; writes nothing.

    Runs the whole build in memory, so template and link errors are found too.
cli-check-usage = zaitaku check [PROJECT] [--strict]
cli-serve-about = Serve the site on this computer and rebuild it as you edit
cli-serve-long-about = Serve the site on this computer and rebuild it as you edit.

    Watches site.toml, content/ and themes/; a browser showing a page reloads by itself after each save. Content errors are shown over the page (and here) while the last good build keeps being served. Listens on 127.0.0.1 only, unless --bind names another address.
cli-serve-usage = zaitaku serve [PROJECT] [--port PORT] [--bind ADDRESS] [--open] [--poll[=INTERVAL]]
cli-serve-port = Port to listen on; 0 picks a free one [default: 1111]
cli-serve-bind = Address to listen on [default: 127.0.0.1]. Other than 127.0.0.1, anyone on that network can see the site, including unpublished edits
cli-serve-open = Open the portal page in the default browser
cli-serve-poll = Look for changes every INTERVAL (1s if not given; e.g. --poll=500ms) instead of waiting to be told. Use it when edits do not show up: on a network drive (SMB, NFS), under WSL or wine. Each look reads every input file
cli-import-about = Turn public datasets into institution records (介護サービス情報公表システム, 医療情報ネット ナビイ, 自治体標準オープンデータセット, zaitaku's own opendata/institutions.csv)
cli-import-long-about = Turn public datasets into institution records (介護サービス情報公表システム, 医療情報ネット ナビイ, 自治体標準オープンデータセット, zaitaku's own opendata/institutions.csv).

    The dataset is recognised by its header row; UTF-8 (with or without BOM), Shift_JIS (CP932, Excel's "CSV") and UTF-16 are read. Each row goes to the region whose municipalities hold it; other rows are skipped and counted. A record found again by its [source] key is updated field by field (phases, notes, [internal], comments and formatting stay); new records get a readable id. Nothing is written unless every file imported without errors.
cli-import-after-help = Example: zaitaku import --dry-run jigyosho_130.csv jigyosho_430.csv
    Then fill in phases and the home-care fields of the new records, and run zaitaku check.
cli-import-usage = zaitaku import [--project PROJECT] [--dry-run] [--as-of DATE] FILE...
cli-import-files = The CSV files to import
cli-import-dry-run = Print what would change (added, updated field by field, unchanged, gone) and write nothing
cli-import-as-of = The date the files are valid for (YYYY-MM-DD), when their names do not say it [default: the date in the file name, else the file's modification date]
cli-new-about = Create a new project with sample content to edit
cli-new-long-about = Create a new project with sample content to edit.

    The sample records are fictional and dated today, so the new project builds without warnings.
cli-new-usage = zaitaku new DIR
cli-new-dir = The folder to create; it must not exist or be empty
