//! The progress bar of `zaitaku build` and `check`: regions done out of all.
//!
//! Shown only on a terminal, and only once the build has run for a second, so quick
//! builds, logs and CI output stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before the bar appears.
const DELAY: Duration = Duration::from_secs(1);

pub struct Bar {
    bar: ProgressBar,
    /// "building" in the chosen language.
    label: String,
}

impl Bar {
    pub fn new(label: String) -> Bar {
        Bar { bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()), label }
    }

    /// Rendering starts: the portal and `regions` regions follow.
    pub fn start(&self, regions: u64) {
        let bar = &self.bar;
        bar.set_length(regions + 1);
        // The label is ours, not a template: braces in it must not be read as keys.
        let label = self.label.replace('{', "{{").replace('}', "}}");
        if let Ok(style) = ProgressStyle::with_template(&format!("{{spinner}} {label} {{wide_bar}} {{pos}}/{{len}} {{elapsed}}")) {
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
        self.bar.inc(1);
    }

    /// Removes the bar before the report is printed.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
