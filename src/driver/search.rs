//! The search stage as the driver runs it: a region's context → `search-index.js`.
//!
//! The documents are made here, from the text the context has already parsed; the
//! index is `crate::search`'s, called through three names (`SearchDoc`, `Segment`,
//! `index_js`) so that the index can change inside without this file noticing.

use std::sync::{Arc, Mutex, PoisonError};

use crate::context::RegionContext;
use crate::markdown::{self, Rendered};
use crate::model::*;
use crate::search::{SearchDoc, Segment, index_js, vocabulary};
use crate::theme::Labels;

/// Search segments of shared articles, made once and reused by every region whose
/// shared articles read the same (usually all of them), for the life of the driver.
#[derive(Default)]
pub(super) struct SharedSegments(Mutex<Vec<Arc<Segment>>>);

impl SharedSegments {
    fn get(&self, docs: Vec<SearchDoc>) -> Arc<Segment> {
        let cache = || self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(segment) = cache().iter().find(|s| s.docs() == docs.as_slice()) {
            return segment.clone();
        }
        // Indexed outside the lock; two regions starting together may both index the
        // same articles once.
        let segment = Arc::new(Segment::new(docs));
        let mut cache = cache();
        if cache.len() < 8 {
            cache.push(segment.clone());
        }
        segment
    }
}

/// The region's `search-index.js`.
pub(super) fn index(cx: &RegionContext<'_>, labels: &Labels, shared: &SharedSegments) -> OutputFile {
    let (own, shared_docs) = documents(cx, labels);
    let own = Segment::new(own);
    let shared = shared.get(shared_docs);
    let readings = vocabulary(cx.region.municipalities_kana.iter().map(|(name, reading)| (name.as_str(), reading.as_str())));
    OutputFile { path: format!("{}/search-index.js", cx.region.id), bytes: index_js(&[&own, &shared], &readings).into_bytes() }
}

/// The region's own pages (its institutions, then its own articles), and the shared
/// articles, which are the same in every region and so are indexed as a segment of
/// their own. In this order they are the refs of the published index.
pub(super) fn documents(cx: &RegionContext<'_>, labels: &Labels) -> (Vec<SearchDoc>, Vec<SearchDoc>) {
    let mut own: Vec<SearchDoc> = cx
        .institutions
        .iter()
        .map(|i| {
            let mut doc = institution_doc(i.record, i.note_text.as_deref().unwrap_or(""));
            if let Some(a) = &i.availability {
                doc.availability = a.summary();
                doc.free = a.free;
            }
            doc
        })
        .collect();
    let mut shared = Vec::new();
    for a in &cx.articles {
        let doc = article_doc(a.record, &a.body, &labels.search_article_kind);
        if a.own { own.push(doc) } else { shared.push(doc) }
    }
    (own, shared)
}

fn labels<V: Vocabulary>(values: &[V]) -> String {
    values.iter().map(|v| v.label()).collect::<Vec<_>>().join(" ")
}

fn ids<V: Vocabulary>(values: &[V]) -> String {
    values.iter().map(|v| v.id()).collect::<Vec<_>>().join(" ")
}

/// What search knows of an institution: everything residents see on its page.
fn institution_doc(i: &Institution, note_text: &str) -> SearchDoc {
    let snippet = [i.address.as_deref().unwrap_or(""), note_text].join(" ");
    SearchDoc {
        id: format!("institutions/{}.html", i.id),
        title: i.name.clone(),
        kana: i.kana.clone().unwrap_or_default(),
        kind: i.kind.label().to_string(),
        phases: labels(&i.phases),
        services: labels(&i.services),
        municipality: [i.municipality.as_ref().map(|m| m.value.as_str()).unwrap_or("")]
            .into_iter()
            .chain(i.visit_area.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" "),
        headings: labels(&i.roles),
        body: [i.address.as_deref().unwrap_or(""), i.hours.as_deref().unwrap_or(""), note_text].join(" "),
        snippet: markdown::plain_text_summary(&snippet, 80),
        kind_id: i.kind.id().to_string(),
        phase_ids: ids(&i.phases),
        place: i.municipality.as_ref().map(|m| m.value.clone()).unwrap_or_default(),
        phone: i.phone.as_ref().map(|p| (p.display().to_string(), p.tel_uri())),
        ..SearchDoc::default()
    }
}

fn article_doc(a: &Article, body: &Rendered, kind: &str) -> SearchDoc {
    let summary = a.summary.clone().unwrap_or_else(|| body.first_paragraph.clone());
    SearchDoc {
        id: format!("articles/{}.html", a.id),
        title: a.title.clone(),
        kana: String::new(),
        kind: kind.to_string(),
        phases: labels(&a.phases),
        services: String::new(),
        municipality: String::new(),
        headings: body.headings.join(" "),
        body: format!("{} {}", a.summary.as_deref().unwrap_or(""), body.text),
        snippet: markdown::plain_text_summary(&summary, 80),
        // What the search page's kind filter calls articles.
        kind_id: "article".to_string(),
        phase_ids: ids(&a.phases),
        ..SearchDoc::default()
    }
}

