//! Any bytes as any kind of content file: loading must report, never panic; and any
//! bytes as Markdown: every output of the dialect must keep its rules.
//!
//!     RUSTC_BOOTSTRAP=1 cargo fuzz run parse -- -max_total_time=600
//!
//! The first byte picks the kind of file (or plain Markdown, checked by
//! `zaitaku::fuzzing::check_markdown`: no markup but the dialect's, unique ids, no
//! hidden controls); the rest is its text. Crashes found are copied to
//! tests/fuzz_regressions/ and replayed by `cargo test`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zaitaku::load::{FileKind, parse_text};

const KINDS: [FileKind; 7] = [
    FileKind::Site,
    FileKind::Emergency,
    FileKind::Region,
    FileKind::Institution,
    FileKind::Article,
    FileKind::Leaflet,
    FileKind::Availability,
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    match KINDS.get(first as usize % (KINDS.len() + 1)) {
        Some(&kind) => {
            let _ = parse_text(kind, &text);
        }
        None => zaitaku::fuzzing::check_markdown(&text),
    }
});
