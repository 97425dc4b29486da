//! The progress bar of `zaitaku build` and `check`: regions done out of all.
//!
//! Shown only on a terminal, and only once the build has run for a second, so quick
//! builds, logs and CI output stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before the bar appears.
const DELAY: Duration = Duration::from_secs(1);

pub struct Bar(ProgressBar);

impl Bar {
    pub fn new() -> Bar {
        Bar(ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()))
    }

    /// Rendering starts: the portal and `regions` regions follow.
    pub fn start(&self, regions: u64) {
        let bar = &self.0;
        bar.set_length(regions + 1);
        if let Ok(style) = ProgressStyle::with_template("{spinner} building {wide_bar} {pos}/{len} {elapsed}") {
            bar.set_style(style);
        }
        if !std::io::stderr().is_terminal() {
            return;
        }
        let later = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            if !later.is_finished() {
                later.set_draw_target(ProgressDrawTarget::stderr());
                later.enable_steady_tick(Duration::from_millis(100));
            }
        });
    }

    /// One unit (the portal or a region) is written.
    pub fn inc(&self) {
        self.0.inc(1);
    }

    /// Removes the bar before the report is printed.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
