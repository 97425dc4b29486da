//! Vacancy figures as pages, search results and the feed show them: for each service
//! an institution offers (of those vacancies are published for), its fresh figure with
//! its time, or the words that say to call instead. The build time is an input.

use serde::Serialize;

use crate::model::availability::AVAILABILITY_SERVICES;
use crate::model::*;
use crate::theme::Labels;

/// The region's vacancy page, relative to the region root.
pub const PAGE: &str = "availability.html";

/// What an institution's page, list card and search result show of its vacancies.
#[derive(Debug, Clone, Serialize)]
pub struct AvailabilityView {
    /// One per service the institution offers, in the vocabulary's order.
    pub services: Vec<ServiceAvailability>,
    /// Some service has fresh free places: the 空きあり filter keeps it.
    pub free: bool,
    /// The ids of the services with fresh free places, space-separated (`data-free`).
    pub free_services: String,
    /// The best of its services: `free`, `ask`, `none` or `unknown`; how the region
    /// page groups institutions.
    pub status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceAvailability {
    pub service: Service,
    pub status: Status,
    /// Free places of a fresh figure (0 for 空きなし); none for 要相談 and unknown.
    pub places: Option<u32>,
    /// When a fresh figure was true.
    pub as_of: Option<TimeView>,
    /// When a fresh figure stops being shown (pages hide it then, if nobody rebuilt).
    pub until: Option<String>,
    /// The whole text: 「空きあり 2（11月29日 9時時点）」, or 「最新の空き状況はお問い合わせください」.
    pub text: String,
    /// What replaces `text` once `until` has passed.
    pub stale_text: String,
}

/// The state of one service's vacancies at the build time; `Unknown` when there is no
/// fresh figure (none given, too old, or dated after the build).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Free,
    Ask,
    None,
    Unknown,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Free => "free",
            Status::Ask => "ask",
            Status::None => "none",
            Status::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeView {
    /// 2026-11-29T09:00:00+09:00, for `<time datetime>` and machine-readable files.
    pub iso: String,
    /// 11月29日 9時 (9時30分 when the minutes are not zero).
    pub ja: String,
}

impl From<DateTime> for TimeView {
    fn from(t: DateTime) -> TimeView {
        let minutes = if t.minute() == 0 { String::new() } else { format!("{}分", t.minute()) };
        TimeView { iso: iso(t), ja: format!("{}月{}日 {}時{minutes}", t.month(), t.day(), t.hour()) }
    }
}

/// A Japan time as an RFC 3339 timestamp.
pub fn iso(t: DateTime) -> String {
    format!("{}+09:00", t.strftime("%Y-%m-%dT%H:%M:%S"))
}

/// The end of a figure's freshness.
pub fn fresh_until(figure: &Figure, fresh_hours: i64) -> DateTime {
    figure.as_of.value.saturating_add(jiff::SignedDuration::from_hours(fresh_hours))
}

impl AvailabilityView {
    /// `figures` are the region's figures for this institution. `None` when it offers
    /// none of the services vacancies are published for.
    pub fn new(i: &Institution, figures: &[&Figure], now: DateTime, fresh_hours: i64, labels: &Labels) -> Option<AvailabilityView> {
        let l = &labels.availability;
        let services: Vec<ServiceAvailability> = AVAILABILITY_SERVICES
            .iter()
            .filter(|s| i.services.contains(s))
            .map(|&service| {
                let figure = figures.iter().find(|f| f.service.value == service);
                let fresh = figure.filter(|f| f.freshness(now, fresh_hours) == Freshness::Fresh);
                let Some(f) = fresh else {
                    let text = if figure.is_some() { l.stale.clone() } else { l.missing.clone() };
                    return ServiceAvailability {
                        service,
                        status: Status::Unknown,
                        places: None,
                        as_of: None,
                        until: None,
                        stale_text: text.clone(),
                        text,
                    };
                };
                let (status, places, words) = match f.free {
                    Free::Places(0) => (Status::None, Some(0), l.none.clone()),
                    Free::Places(n) => (Status::Free, Some(n), l.free.replace("{n}", &n.to_string())),
                    Free::Ask => (Status::Ask, None, l.ask.clone()),
                };
                let time = TimeView::from(f.as_of.value);
                ServiceAvailability {
                    service,
                    status,
                    places,
                    text: format!("{words}{}", l.as_of.replace("{time}", &time.ja)),
                    as_of: Some(time),
                    until: Some(iso(fresh_until(f, fresh_hours))),
                    stale_text: l.stale.clone(),
                }
            })
            .collect();
        if services.is_empty() {
            return None;
        }
        let free: Vec<&str> = services.iter().filter(|s| s.status == Status::Free).map(|s| s.service.id()).collect();
        let status = services.iter().map(|s| s.status).min().unwrap_or(Status::Unknown);
        Some(AvailabilityView { free: !free.is_empty(), free_services: free.join(" "), status, services })
    }

    /// The fresh figures as one line for a search result: 「ショートステイ：空きあり 2（…時点）」.
    pub fn summary(&self) -> String {
        self.services
            .iter()
            .filter(|s| s.status != Status::Unknown)
            .map(|s| format!("{}：{}", s.service.label(), s.text))
            .collect::<Vec<_>>()
            .join(" ")
    }
}
