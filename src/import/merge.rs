//! Records as TOML text: new ones written whole, existing ones edited in place with
//! `toml_edit`, so that comments, key order, formatting and every field the source does
//! not provide (phases, roles, note, `[internal]`…) stay exactly as staff left them.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value, value};

use super::convert::Values;
use super::messages;
use crate::model::{Dataset, Date, GeoPoint, PhoneNumber, Service, Vocabulary};

/// The `[source]` a record gets or keeps.
#[derive(Debug, Clone)]
pub struct SourceInfo {
    pub dataset: Dataset,
    pub key: String,
    pub as_of: Date,
    pub types: Vec<String>,
}

/// One field's change, for the report: `phone: 098-000-1111 → 098-000-2222`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: &'static str,
    pub before: Option<String>,
    pub after: String,
}

fn date(d: Date) -> Value {
    let date = toml_edit::Date { year: d.year() as u16, month: d.month() as u8, day: d.day() as u8 };
    Value::from(toml_edit::Datetime { date: Some(date), time: None, offset: None })
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Value {
    Value::Array(items.into_iter().collect::<Array>())
}

fn geo(g: GeoPoint) -> Value {
    let mut t = InlineTable::new();
    t.insert("lat", g.lat.into());
    t.insert("lon", g.lon.into());
    Value::InlineTable(t)
}

fn source_table(s: &SourceInfo) -> Table {
    let mut t = Table::new();
    t.insert("dataset", value(s.dataset.id()));
    t.insert("key", value(s.key.as_str()));
    t.insert("as_of", Item::Value(date(s.as_of)));
    if !s.types.is_empty() {
        t.insert("types", Item::Value(strings(s.types.iter().map(String::as_str))));
    }
    t
}

/// The text of a new record, keys in the order of the content contract, opening with
/// a comment that tells staff what is left to do. It has no `verified`: nobody has
/// checked it yet (docs/CONTENT.md, "Imported records").
pub fn create(v: &Values, municipality: &str, source: &SourceInfo) -> String {
    let mut doc = DocumentMut::new();
    let mut put = |key: &str, item: Option<Value>| {
        if let Some(item) = item {
            doc.insert(key, Item::Value(item));
        }
    };
    put("name", Some(v.name.as_str().into()));
    put("kana", v.kana.as_deref().map(Value::from));
    put("kind", Some(v.kind.id().into()));
    put("phases", (!v.phases.is_empty()).then(|| strings(v.phases.iter().map(|p| p.id()))));
    put("services", (!v.services.is_empty()).then(|| strings(v.services.iter().map(|s| s.id()))));
    put("municipality", Some(municipality.into()));
    put("address", v.address.as_deref().map(Value::from));
    put("phone", v.phone.as_ref().map(|p| p.display().into()));
    put("fax", v.fax.as_ref().map(|p| p.display().into()));
    put("url", v.url.as_deref().map(Value::from));
    put("hours", v.hours.as_deref().map(Value::from));
    put("available_24h", v.available_24h.map(Value::from));
    put("location", v.location.map(geo));
    put("note", v.note.as_deref().map(Value::from));
    if let Some(mut key) = doc.key_mut("name") {
        key.leaf_decor_mut().set_prefix(messages::new_record_comment(source.dataset, source.as_of));
    }
    doc.insert("source", Item::Table(source_table(source)));
    doc.to_string()
}

/// Edits an existing record: the fields the source provides (unless staff listed them
/// in `[source] keep`), services added to, `[source]`'s date and types. Returns the new
/// text and the changed fields; the text is the same bytes when nothing changed.
pub fn update(
    text: &str,
    v: &Values,
    municipality: &str,
    source: &SourceInfo,
    keep: &[String],
) -> Result<(String, Vec<Change>), String> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let mut doc: DocumentMut = body.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let mut changes = Vec::new();
    let mut edit = Editor { doc: &mut doc, keep, changes: &mut changes };
    edit.text("name", Some(&v.name));
    edit.text("kana", v.kana.as_deref());
    edit.text("municipality", Some(municipality));
    edit.text("address", v.address.as_deref());
    edit.phone("phone", v.phone.as_ref());
    edit.phone("fax", v.fax.as_ref());
    edit.text("url", v.url.as_deref());
    edit.text("hours", v.hours.as_deref());
    edit.flag("available_24h", v.available_24h);
    edit.location(v.location);
    edit.services(&v.services);
    update_source(&mut doc, source);
    let out = format!("{bom}{doc}");
    // Unchanged values keep their bytes; only the date may have moved.
    Ok((if changes.is_empty() && out == text { text.to_string() } else { out }, changes))
}

struct Editor<'a> {
    doc: &'a mut DocumentMut,
    keep: &'a [String],
    changes: &'a mut Vec<Change>,
}

impl Editor<'_> {
    fn kept(&self, field: &str) -> bool {
        self.keep.iter().any(|k| k == field)
    }

    /// Puts `new` in place of the key's value, keeping the key (and the comment above
    /// it) and the value's trailing comment; a missing key is added at the end of the
    /// record's plain keys.
    fn set(&mut self, field: &'static str, new: Value, before: Option<String>, after: String) {
        match self.doc.get_mut(field) {
            Some(Item::Value(old)) => {
                let decor = old.decor().clone();
                *old = new;
                *old.decor_mut() = decor;
            }
            Some(item) => *item = Item::Value(new),
            None => {
                self.doc.insert(field, Item::Value(new));
            }
        }
        self.changes.push(Change { field, before, after });
    }

    fn text(&mut self, field: &'static str, new: Option<&str>) {
        let Some(new) = new else { return };
        if self.kept(field) {
            return;
        }
        let old = self.doc.get(field).and_then(Item::as_str).map(str::to_string);
        if old.as_deref() != Some(new) {
            self.set(field, new.into(), old, new.to_string());
        }
    }

    fn phone(&mut self, field: &'static str, new: Option<&PhoneNumber>) {
        let Some(new) = new else { return };
        if self.kept(field) {
            return;
        }
        let old = self.doc.get(field).and_then(Item::as_str).map(str::to_string);
        // The same number in another grouping is the same number: the author's stays.
        let same = old.as_deref().and_then(|o| PhoneNumber::parse(o).ok()).is_some_and(|o| o.dial() == new.dial());
        if !same {
            self.set(field, new.display().into(), old, new.display().to_string());
        }
    }

    fn flag(&mut self, field: &'static str, new: Option<bool>) {
        let Some(new) = new else { return };
        if self.kept(field) {
            return;
        }
        let old = self.doc.get(field).and_then(Item::as_bool);
        if old != Some(new) {
            self.set(field, new.into(), old.map(|b| b.to_string()), new.to_string());
        }
    }

    fn location(&mut self, new: Option<GeoPoint>) {
        let Some(new) = new else { return };
        if self.kept("location") {
            return;
        }
        let coord =
            |item: &Item, key: &str| item.get(key).and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)));
        let old =
            self.doc.get("location").and_then(|l| Some(GeoPoint { lat: coord(l, "lat")?, lon: coord(l, "lon")? }));
        if old == Some(new) {
            return;
        }
        let shown = |g: GeoPoint| format!("{}, {}", g.lat, g.lon);
        // Edit the numbers inside the existing table, keeping its layout.
        if let Some(Item::Value(Value::InlineTable(t))) = self.doc.get_mut("location") {
            t.insert("lat", new.lat.into());
            t.insert("lon", new.lon.into());
            self.changes.push(Change { field: "location", before: old.map(shown), after: shown(new) });
            return;
        }
        self.set("location", geo(new), old.map(shown), shown(new));
    }

    /// Services are only ever added: a source cannot know what staff added by hand.
    fn services(&mut self, new: &[Service]) {
        if new.is_empty() || self.kept("services") {
            return;
        }
        let Some(array) = self.doc.get_mut("services").and_then(Item::as_array_mut) else {
            let after = new.iter().map(|s| s.id()).collect::<Vec<_>>().join(", ");
            self.set("services", strings(new.iter().map(|s| s.id())), None, after);
            return;
        };
        let have: Vec<Service> = array.iter().filter_map(|v| v.as_str().and_then(Service::parse)).collect();
        let before = array.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", ");
        let mut added = false;
        for s in new.iter().filter(|s| !have.contains(s)) {
            array.push(s.id());
            added = true;
        }
        if added {
            let after = array.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", ");
            self.changes.push(Change { field: "services", before: Some(before), after });
        }
    }
}

/// `[source]`: the date moves forward only, types accumulate.
fn update_source(doc: &mut DocumentMut, source: &SourceInfo) {
    let Some(t) = doc.get_mut("source").and_then(Item::as_table_mut) else {
        doc.insert("source", Item::Table(source_table(source)));
        return;
    };
    let old = t.get("as_of").and_then(Item::as_datetime).and_then(|d| d.date);
    let old = old.and_then(|d| jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8).ok());
    if old.is_none_or(|o| o < source.as_of) {
        match t.get_mut("as_of") {
            Some(Item::Value(v)) => {
                let decor = v.decor().clone();
                *v = date(source.as_of);
                *v.decor_mut() = decor;
            }
            _ => {
                t.insert("as_of", Item::Value(date(source.as_of)));
            }
        }
    }
    if source.types.is_empty() {
        return;
    }
    match t.get_mut("types").and_then(Item::as_array_mut) {
        Some(array) => {
            for ty in &source.types {
                if !array.iter().any(|v| v.as_str() == Some(ty)) {
                    array.push(ty.as_str());
                }
            }
        }
        None => {
            t.insert("types", Item::Value(strings(source.types.iter().map(String::as_str))));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn values() -> Values {
        Values {
            name: "やまなか訪問看護ステーション".into(),
            kana: Some("ヤマナカホウモンカンゴステーション".into()),
            kind: Kind::VisitingNurse,
            address: Some("やまなか村字もりかわ200番地".into()),
            location: Some(GeoPoint { lat: 26.6914, lon: 128.1122 }),
            phone: PhoneNumber::parse("0980-00-1601").ok(),
            fax: None,
            url: None,
            hours: None,
            available_24h: None,
            services: vec![Service::VisitingNursing],
            phases: Vec::new(),
            note: None,
        }
    }

    fn source(as_of: &str) -> SourceInfo {
        SourceInfo {
            dataset: Dataset::KaigoKouhyou,
            key: "4760190011".into(),
            as_of: as_of.parse().unwrap(),
            types: vec!["訪問看護".into()],
        }
    }

    #[test]
    fn a_new_record_parses_and_has_no_verified() {
        let text = create(&values(), "やまなか村", &source("2026-06-30"));
        assert!(text.starts_with("# "), "{text}");
        let doc: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(doc["kind"].as_str(), Some("visiting_nurse"));
        assert_eq!(doc["location"]["lat"].as_float(), Some(26.6914));
        assert_eq!(doc["source"]["key"].as_str(), Some("4760190011"));
        assert!(doc.get("verified").is_none());
        assert!(text.contains("as_of = 2026-06-30"), "{text}");
    }

    #[test]
    fn an_update_keeps_comments_order_and_hand_written_fields() {
        let before = "# 山中さんに確認済み\nname = \"やまなか訪問看護ステーション\"\nkind = \"訪問看護ステーション\"\nphases = [\"daily\"]\n# 代表番号\nphone = \"0980-00-1600\"  # 古い番号\nservices = [\"訪問看護\", \"palliative\"]\nlocation = { lat = 26.6914, lon = 128.1122 }\nverified = 2025-12-10\n\n[source]\ndataset = \"kaigo-kouhyou\"\nkey = \"4760190011\"\nas_of = 2026-01-01\ntypes = [\"訪問看護\"]\n\n[internal]\ndirect_line = \"090-0000-0000\"\n";
        let mut v = values();
        v.services.push(Service::Rehabilitation);
        let (after, changes) = update(before, &v, "やまなか村", &source("2026-06-30"), &[]).unwrap();
        assert!(after.contains("# 代表番号\nphone = \"0980-00-1601\"  # 古い番号\n"), "{after}");
        assert!(after.contains("services = [\"訪問看護\", \"palliative\", \"rehabilitation\"]"), "{after}");
        assert!(after.contains("phases = [\"daily\"]") && after.contains("verified = 2025-12-10"));
        assert!(
            after.contains("as_of = 2026-06-30") && after.ends_with("[internal]\ndirect_line = \"090-0000-0000\"\n"),
            "{after}"
        );
        let fields: Vec<_> = changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["kana", "municipality", "address", "phone", "services"]);
        assert_eq!(changes[3].before.as_deref(), Some("0980-00-1600"));
        // Added keys go after the existing plain keys, before the tables.
        let kana = after.find("kana = ").unwrap();
        assert!(kana > after.find("verified").unwrap() && kana < after.find("[source]").unwrap());
        // The same data again: the same bytes.
        let (again, changes) = update(&after, &v, "やまなか村", &source("2026-06-30"), &[]).unwrap();
        assert_eq!((again.as_str(), changes.len()), (after.as_str(), 0));
    }

    #[test]
    fn kept_fields_and_older_dates_stay() {
        let before = "name = \"手直しした名前\"\nkind = \"visiting_nurse\"\nmunicipality = \"やまなか村\"\nphone = \"(0980) 00-1601\"\n\n[source]\ndataset = \"kaigo-kouhyou\"\nkey = \"4760190011\"\nas_of = 2026-12-31\nkeep = [\"name\"]\n";
        let mut v = values();
        v.kana = None;
        v.address = None;
        v.location = None;
        v.services.clear();
        let (after, changes) = update(before, &v, "やまなか村", &source("2026-06-30"), &["name".into()]).unwrap();
        assert!(changes.is_empty(), "{changes:?}");
        assert!(after.contains("as_of = 2026-12-31"), "the date never moves back: {after}");
        assert!(after.contains("phone = \"(0980) 00-1601\""), "the same number in another grouping stays");
    }
}
