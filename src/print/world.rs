//! The typst `World` of one document: the layout, its data as `/data.json`, and the
//! embedded font — nothing from the disk, the network or the clock.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::engine::PrintEngine;
use crate::theme::Layout;

pub(super) struct PrintWorld<'a> {
    pub engine: &'a PrintEngine,
    pub layout: &'a Layout,
    pub data_id: FileId,
    pub data: Bytes,
}

impl World for PrintWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        self.engine.library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.engine.book()
    }

    fn main(&self) -> FileId {
        self.layout.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.layout.main.id() {
            return Ok(self.layout.main.clone());
        }
        // Other typst files of the layout's folder, for `#import`.
        let bytes = self.layout.files.get(&id).ok_or_else(|| not_found(id))?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if id == self.layout.main.id() {
            return Ok(Bytes::from_string(self.layout.main.clone()));
        }
        self.layout.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.font(index)
    }

    /// No clock: a PDF made today and one made next year from the same content are the
    /// same bytes, so `datetime.today()` is an error in the layout.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.get().vpath().get_with_slash().into())
}
