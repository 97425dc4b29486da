//! Reads the postings and field lengths out of an elasticlunr-rs index.
//!
//! elasticlunr-rs keeps its inverted index private: its only outlet is its serde
//! representation, per field a character trie
//! `{"docs": {"<ref>": {"tf": √count}}, "df": n, "<char>": child, …}`, and per
//! document the token count of each field (`documentStore.docInfo`). Going through
//! `serde_json::Value` meant building and then freeing a tree of millions of nodes
//! for every region, which cost more than indexing itself. [`Walk`] is a serializer
//! that follows the same representation and keeps only those numbers.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde::ser::{self, SerializeMap, SerializeStruct};

/// What the packed index needs from elasticlunr's.
#[derive(Debug, Default, PartialEq)]
pub struct Extracted {
    /// Per field, in the order given to [`extract`]: token → (doc ref, count) in
    /// ascending ref order.
    pub postings: Vec<BTreeMap<String, Vec<(u32, u32)>>>,
    /// Per doc ref: tokens per field.
    pub lengths: Vec<Vec<u32>>,
    /// Scratch: the key being read, and the postings of the trie node being read.
    key: String,
    docs: Vec<(u32, u32)>,
}

/// The postings and field lengths of `index`, whose refs are `0..docs` and whose
/// fields include `fields`.
pub fn extract<T: Serialize>(index: &T, fields: &[&str], docs: usize) -> Result<Extracted, Error> {
    let mut out = Extracted {
        postings: vec![BTreeMap::new(); fields.len()],
        lengths: vec![vec![0; fields.len()]; docs],
        ..Extracted::default()
    };
    index.serialize(Walk { at: At::Root, fields, out: &mut out })?;
    Ok(out)
}

/// A shape elasticlunr-rs did not have when this was written.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected elasticlunr index shape: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Where in elasticlunr's representation a value sits.
#[derive(Clone)]
enum At {
    /// Not needed.
    Skip,
    /// A map key, read into `Extracted::key`.
    Key,
    /// The `Index` struct.
    Root,
    /// `index`: field name → inverted index.
    Fields,
    /// An inverted index (`{root}`) of a field.
    Inverted(usize),
    /// A trie node of a field, reached by a token.
    Node(usize, String),
    /// The `docs` map of a node (field, token): ref → term frequency.
    Docs(usize, String),
    /// A `TermFrequency` struct, and its `tf` number, of a doc ref.
    Tf(u32),
    TfValue(u32),
    /// `documentStore`, its `docInfo` (ref → field → length), one doc's lengths,
    /// and one length.
    Store,
    DocInfo,
    Lengths(u32),
    Length(u32, usize),
}

struct Walk<'a> {
    at: At,
    fields: &'a [&'a str],
    out: &'a mut Extracted,
}

/// A struct, map or sequence being walked.
struct Compound<'a> {
    at: At,
    fields: &'a [&'a str],
    out: &'a mut Extracted,
}

impl<'a> Walk<'a> {
    fn compound(self) -> Compound<'a> {
        Compound { at: self.at, fields: self.fields, out: self.out }
    }
}

fn doc_ref(key: &str) -> Result<u32, Error> {
    key.parse().map_err(|_| Error(format!("document ref {key:?} is not a position")))
}

impl Compound<'_> {
    fn child<T: ?Sized + Serialize>(&mut self, at: At, value: &T) -> Result<(), Error> {
        value.serialize(Walk { at, fields: self.fields, out: &mut *self.out })
    }

    /// Where the value of the map entry whose key was just read sits.
    fn entry(&self) -> Result<At, Error> {
        let key = self.out.key.as_str();
        let field = || self.fields.iter().position(|f| *f == key);
        Ok(match &self.at {
            At::Fields => field().map_or(At::Skip, At::Inverted),
            At::Node(f, token) => match key {
                "docs" => At::Docs(*f, token.clone()),
                "df" => At::Skip,
                c => At::Node(*f, format!("{token}{c}")),
            },
            At::Docs(..) => At::Tf(doc_ref(key)?),
            At::DocInfo => At::Lengths(doc_ref(key)?),
            At::Lengths(doc) => field().map_or(At::Skip, |f| At::Length(*doc, f)),
            _ => At::Skip,
        })
    }
}

macro_rules! ignore {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, _: $ty) -> Result<(), Error> { Ok(()) })*
    };
}

impl<'a> ser::Serializer for Walk<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    ignore!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_u8: u8,
        serialize_u16: u16, serialize_u32: u32, serialize_f32: f32, serialize_bytes: &[u8]);

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        match u64::try_from(v) {
            Ok(v) => self.serialize_u64(v),
            Err(_) => Ok(()),
        }
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        if let At::Length(doc, field) = self.at {
            let length = u32::try_from(v).unwrap_or(u32::MAX);
            match self.out.lengths.get_mut(doc as usize) {
                Some(lengths) => lengths[field] = length,
                None => return Err(Error(format!("document ref {doc} is out of range"))),
            }
        }
        Ok(())
    }

    fn serialize_f64(self, tf: f64) -> Result<(), Error> {
        if let At::TfValue(doc) = self.at {
            // elasticlunr stores sqrt(count); undo it exactly.
            let count = (tf * tf).round().clamp(1.0, u32::MAX as f64) as u32;
            self.out.docs.push((doc, count));
        }
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        if let At::Key = self.at {
            self.out.key.clear();
            self.out.key.push_str(v);
        }
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Walk { at: At::Skip, ..self }.compound())
    }

    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(None)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        if let At::Docs(..) = self.at {
            self.out.docs.clear();
        }
        Ok(self.compound())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound())
    }

    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(None)
    }
}

impl SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        let at = match (&self.at, key) {
            (At::Root, "index") => At::Fields,
            (At::Root, "documentStore") => At::Store,
            (At::Inverted(f), "root") => At::Node(*f, String::new()),
            (At::Store, "docInfo") => At::DocInfo,
            (At::Tf(doc), "tf") => At::TfValue(*doc),
            _ => At::Skip,
        };
        self.child(at, value)
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.child(At::Key, key)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        let at = self.entry()?;
        self.child(at, value)
    }

    fn end(self) -> Result<(), Error> {
        if let At::Docs(field, token) = self.at {
            let mut docs = std::mem::take(&mut self.out.docs);
            if !docs.is_empty() && !token.is_empty() {
                // Refs arrive in string order ("10" < "2").
                docs.sort_unstable();
                self.out.postings[field].insert(token, docs);
            }
        }
        Ok(())
    }
}

macro_rules! like_seq {
    ($($trait:ident: $method:ident),*) => {
        $(impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                self.child(At::Skip, value)
            }

            fn end(self) -> Result<(), Error> {
                Ok(())
            }
        })*
    };
}

like_seq!(SerializeSeq: serialize_element, SerializeTuple: serialize_element, SerializeTupleStruct: serialize_field, SerializeTupleVariant: serialize_field);

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, _: &'static str, value: &T) -> Result<(), Error> {
        self.child(At::Skip, value)
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The same numbers read the slow way, from elasticlunr's JSON.
    fn from_json(index: &Value, fields: &[&str], docs: usize) -> Extracted {
        let mut out = Extracted {
            postings: vec![BTreeMap::new(); fields.len()],
            lengths: vec![vec![0; fields.len()]; docs],
            ..Extracted::default()
        };
        for (f, field) in fields.iter().enumerate() {
            let mut stack = vec![(&index["index"][field]["root"], String::new())];
            while let Some((node, token)) = stack.pop() {
                for (key, child) in node.as_object().unwrap() {
                    match key.as_str() {
                        "df" => {}
                        "docs" => {
                            let mut p: Vec<(u32, u32)> = child
                                .as_object()
                                .unwrap()
                                .iter()
                                .map(|(r, tf)| (r.parse().unwrap(), tf["tf"].as_f64().unwrap().powi(2).round() as u32))
                                .collect();
                            p.sort();
                            if !p.is_empty() {
                                out.postings[f].insert(token.clone(), p);
                            }
                        }
                        c => stack.push((child, format!("{token}{c}"))),
                    }
                }
            }
            for (doc, lengths) in out.lengths.iter_mut().enumerate() {
                lengths[f] = index["documentStore"]["docInfo"][doc.to_string()][field].as_u64().unwrap() as u32;
            }
        }
        out
    }

    #[test]
    fn matches_elasticlunr_json() {
        let fields = ["title", "body"];
        let mut index = elasticlunr::Index::new(&fields);
        let words = ["apple", "apply", "app", "banana", "band", "a", "ab"];
        for doc in 0..25usize {
            let title = words[doc % words.len()];
            let body: Vec<&str> = (0..doc % 9).map(|i| words[(doc * 7 + i * 3) % words.len()]).collect();
            index.add_doc(&doc.to_string(), [title, &body.join(" ")]);
        }
        let got = extract(&index, &fields, 25).unwrap();
        let want = from_json(&serde_json::to_value(&index).unwrap(), &fields, 25);
        assert_eq!(got.postings, want.postings);
        assert_eq!(got.lengths, want.lengths);
        assert!(got.postings[1].values().flatten().any(|&(_, count)| count > 1), "counts are kept");
        assert!(got.postings[0].values().flatten().any(|&(doc, _)| doc >= 10), "refs are read as numbers");
    }

    #[test]
    fn refs_must_be_positions() {
        let mut index = elasticlunr::Index::new(&["title"]);
        index.add_doc("a.html", ["x"]);
        assert!(extract(&index, &["title"], 1).is_err());
    }
}
