//! Vacancies (空き情報): how many short-stay or respite places an institution had free,
//! and when. Figures change daily, so every one carries its time, and one older than
//! the site's `availability_fresh_hours` is not shown as a fact.

use super::{At, FileId, Service};

/// A wall-clock time in Japan (JST has no daylight saving, so it is exact).
pub type DateTime = jiff::civil::DateTime;

/// The services vacancies are published for.
pub const AVAILABILITY_SERVICES: &[Service] = &[Service::ShortStay, Service::Respite];

/// How long a figure is trusted when `site.toml` does not say (`availability_fresh_hours`).
pub const DEFAULT_FRESH_HOURS: i64 = 48;

/// A figure this far ahead of the build time is a mistake (a typo in the date), not a
/// clock that runs a little fast.
pub const FUTURE_TOLERANCE_MINUTES: i64 = 60;

/// When the build runs, in Japan time. The date decides which records are stale, the
/// time which vacancy figures are fresh. An input like any other: stages never read a
/// clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildTime {
    pub now: DateTime,
}

impl BuildTime {
    pub fn today(self) -> jiff::civil::Date {
        self.now.date()
    }
}

/// A date alone stands for noon of that day (`ZAITAKU_TODAY`, and callers that only
/// know the date): a fixed time, so such builds are reproducible.
impl From<jiff::civil::Date> for BuildTime {
    fn from(date: jiff::civil::Date) -> BuildTime {
        BuildTime { now: date.at(12, 0, 0, 0) }
    }
}

impl From<DateTime> for BuildTime {
    fn from(now: DateTime) -> BuildTime {
        BuildTime { now }
    }
}

/// A region's `availability.csv`.
#[derive(Debug, Clone)]
pub struct Availability {
    pub file: FileId,
    /// In the file's order; at most one per institution and service.
    pub figures: Vec<Figure>,
    /// The header's names of the columns, as written (`機関` or `institution`…), for
    /// messages about a cell.
    pub columns: Columns,
}

#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub institution: String,
    pub service: String,
    pub as_of: String,
}

/// One row: an institution's free places for one service at one time.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The institution's id as written (checked against the region's records by validate).
    pub institution: At<String>,
    pub service: At<Service>,
    pub free: Free,
    pub as_of: At<DateTime>,
}

/// What a row says about free places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Free {
    /// A number of free places; `0` is 空きなし.
    Places(u32),
    /// 要相談: it depends (on the person's needs, on the day); call.
    Ask,
}

/// Whether a figure may be shown as a fact at the build time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    /// Older than the site's limit.
    Stale,
    /// Later than the build time (beyond [`FUTURE_TOLERANCE_MINUTES`]): a mistake.
    Future,
}

impl Figure {
    pub fn freshness(&self, now: DateTime, fresh_hours: i64) -> Freshness {
        let minutes = self.age_minutes(now);
        if minutes < -FUTURE_TOLERANCE_MINUTES {
            Freshness::Future
        } else if minutes > fresh_hours * 60 {
            Freshness::Stale
        } else {
            Freshness::Fresh
        }
    }

    /// Whole minutes from the figure's time to `now` (negative: in the future).
    pub fn age_minutes(&self, now: DateTime) -> i64 {
        now.duration_since(self.as_of.value).as_secs().div_euclid(60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Loc;

    fn figure(at: &str) -> Figure {
        let loc = Loc { file: FileId(0), span: 0..0 };
        Figure {
            institution: At { value: "x".into(), loc: loc.clone() },
            service: At { value: Service::ShortStay, loc: loc.clone() },
            free: Free::Places(1),
            as_of: At { value: at.parse().unwrap(), loc },
        }
    }

    #[test]
    fn fresh_up_to_the_limit_stale_after_it_and_a_little_clock_skew_is_forgiven() {
        let now: DateTime = "2026-11-29T10:00".parse().unwrap();
        assert_eq!(figure("2026-11-27T10:00").freshness(now, 48), Freshness::Fresh, "exactly 48 hours");
        assert_eq!(figure("2026-11-27T09:59").freshness(now, 48), Freshness::Stale);
        assert_eq!(figure("2026-11-29T10:59").freshness(now, 48), Freshness::Fresh, "a clock a little ahead");
        assert_eq!(figure("2026-11-29T11:01").freshness(now, 48), Freshness::Future);
        assert_eq!(BuildTime::from("2026-11-29".parse::<jiff::civil::Date>().unwrap()).now, "2026-11-29T12:00".parse().unwrap());
    }
}
