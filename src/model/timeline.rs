//! A chapter's timeline: milestones on a span of years, each a year or a span of years, optionally
//! marked as collaboration within one programme pillar or across several.

use super::{Checker, FIRST_YEAR, LAST_YEAR};
use crate::content::files::TimelineFile;
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
    /// Where it sits on the axis: a year, or the middle of a span (2013-2014 → 2014,0).
    pub at: f64,
    /// As written: "2013-2014".
    pub year: String,
    pub text: String,
    pub scope: Option<Scope>,
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
        let milestones = file
            .milestones
            .into_iter()
            .map(|milestone| {
                let written = milestone.year.value.trim().to_owned();
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
                            self.at(&milestone.year.referenced),
                            format!("`{written}` is not a year or span of years between {from} and {to}"),
                        )
                        .with_hint("write a year (2015) or a span (2013-2014, 2016/2017)"),
                    );
                }
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
                Milestone {
                    at: at.unwrap_or(from as f64),
                    year: written,
                    text: self.text("text", milestone.text),
                    scope,
                }
            })
            .collect();
        Timeline { label: self.text("label", file.label), from, to, milestones }
    }
}
