//! A chapter's timeline: milestones on a span of years, each a year, a span of years or a date,
//! optionally marked as collaboration within one programme pillar or across several.

use chrono::{Datelike, NaiveDate};
use serde_saphyr::Spanned;

use super::{Checker, FIRST_YEAR, LAST_YEAR};
use crate::content::files::{MilestoneFile, TimelineFile};
use crate::diag::Diagnostic;

/// A chapter's milestones on a time axis.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub label: String,
    pub from: i32,
    pub to: i32,
    /// In the order of the file.
    pub milestones: Vec<Milestone>,
}

#[derive(Debug, Clone)]
pub struct Milestone {
    /// Where it sits on the axis, in years: a year's slot runs from `year − 0,5` to `year + 0,5`,
    /// so a year sits at its middle, a span (2013-2014 → 2014,0) in the middle of its years and a
    /// date at its day.
    pub at: f64,
    /// As written: "2013-2014", or the date ("2012-07-04").
    pub year: String,
    /// A dated milestone's day or month, printed "4 juli 2012" or "februari 2011".
    pub date: Option<MilestoneDate>,
    pub text: String,
    pub scope: Option<Scope>,
}

/// A milestone's date: a day (`2012-07-04`), or a month where the document names no day
/// (`2011-02`, kept as its first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneDate {
    Day(NaiveDate),
    Month(NaiveDate),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Samenwerking binnen 1 pijler.
    Within,
    /// Samenwerking tussen meerdere pijlers.
    Across,
}

impl Checker<'_> {
    pub(super) fn timeline(&mut self, file: TimelineFile) -> Timeline {
        let (from, to) = (file.from.value, file.to.value);
        if to <= from || !(FIRST_YEAR - 10..=LAST_YEAR).contains(&from) || to > LAST_YEAR {
            self.problems.push(Diagnostic::error(
                self.at(&file.to.referenced),
                format!("a timeline from {from} to {to} is not a span of years"),
            ));
        }
        let milestones = file.milestones.into_iter().map(|milestone| self.milestone(milestone, from, to)).collect();
        Timeline { label: self.text("label", file.label), from, to, milestones }
    }

    fn milestone(&mut self, milestone: MilestoneFile, from: i32, to: i32) -> Milestone {
        let (written, date, at) = match (&milestone.year, &milestone.date) {
            (Some(year), None) => {
                let written = year.value.trim().to_owned();
                let at = self.milestone_years(year, &written, from, to);
                (written, None, at)
            }
            (None, Some(date)) => {
                let dated = self.milestone_date(date, from, to);
                let at = dated.map(|dated| match dated {
                    MilestoneDate::Day(day) => {
                        let days = if NaiveDate::from_ymd_opt(day.year(), 2, 29).is_some() { 366.0 } else { 365.0 };
                        day.year() as f64 - 0.5 + (day.ordinal0() as f64 + 0.5) / days
                    }
                    MilestoneDate::Month(first) => first.year() as f64 - 0.5 + (first.month0() as f64 + 0.5) / 12.0,
                });
                (date.value.trim().to_owned(), dated, at)
            }
            _ => {
                self.problems.push(
                    Diagnostic::error(self.at(&milestone.text.referenced), "a milestone needs either `year` or `date`")
                        .with_hint(
                            "write `year: 2015` (or a span, 2013-2014), or `date: 2012-07-04` (or a month, 2011-02)",
                        ),
                );
                (String::new(), None, None)
            }
        };
        let scope = milestone.scope.as_ref().and_then(|scope| match scope.value.as_str() {
            "within" => Some(Scope::Within),
            "across" => Some(Scope::Across),
            other => {
                self.problems.push(
                    Diagnostic::error(self.at(&scope.referenced), format!("`{other}` is not a scope"))
                        .with_hint("write `within` (binnen 1 pijler) or `across` (tussen meerdere pijlers)"),
                );
                None
            }
        });
        Milestone { at: at.unwrap_or(from as f64), year: written, date, text: self.text("text", milestone.text), scope }
    }

    /// A year or a span of years on the axis.
    fn milestone_years(&mut self, year: &Spanned<String>, written: &str, from: i32, to: i32) -> Option<f64> {
        let years: Option<Vec<i32>> = written.split(['-', '/']).map(|part| part.trim().parse().ok()).collect();
        let at = match years.as_deref() {
            Some([year]) if (from..=to).contains(year) => Some(*year as f64),
            Some([first, last]) if first < last && from <= *first && *last <= to => {
                Some((*first as f64 + *last as f64 + 1.0) / 2.0)
            }
            _ => None,
        };
        if at.is_none() {
            self.problems.push(
                Diagnostic::error(
                    self.at(&year.referenced),
                    format!("`{written}` is not a year or span of years between {from} and {to}"),
                )
                .with_hint("write a year (2015) or a span (2013-2014, 2016/2017); a day is `date: 2012-07-04`"),
            );
        }
        at
    }

    /// A milestone's day or month: a real date within the timeline's years.
    fn milestone_date(&mut self, date: &Spanned<String>, from: i32, to: i32) -> Option<MilestoneDate> {
        let written = date.value.trim();
        let parsed = match NaiveDate::parse_from_str(&format!("{written}-01"), "%Y-%m-%d") {
            Ok(first) if written.len() == 7 => Ok(MilestoneDate::Month(first)),
            _ => NaiveDate::parse_from_str(written, "%Y-%m-%d").map(MilestoneDate::Day),
        };
        let year = |dated: &MilestoneDate| match dated {
            MilestoneDate::Day(day) | MilestoneDate::Month(day) => day.year(),
        };
        match parsed {
            Ok(dated) if (from..=to).contains(&year(&dated)) => Some(dated),
            Ok(_) => {
                self.problems.push(Diagnostic::error(
                    self.at(&date.referenced),
                    format!("{written} is not between {from} and {to}, the years of the timeline"),
                ));
                None
            }
            Err(error) => {
                self.problems.push(
                    Diagnostic::error(self.at(&date.referenced), format!("`{}` is not a date: {error}", date.value))
                        .with_hint("write a day as YYYY-MM-DD (2012-07-04) or a month as YYYY-MM (2011-02)"),
                );
                None
            }
        }
    }
}
