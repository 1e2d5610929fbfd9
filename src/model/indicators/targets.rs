//! An indicator's fixed targets ("35% techniek in 2030", the bijstand path 37,9 / 37,4 / 31,8):
//! each a value by a date, reached from above or below. Whether the indicator is on course is
//! the figures stage's to compute; here the targets are checked to be judgeable at all: dated,
//! in order, possible for the unit, with a direction and a start (the baseline) for the path.

use chrono::NaiveDate;
use serde_saphyr::Spanned;

use super::{Baseline, Polarity, Target};
use crate::content::files::TargetFile;
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};
use crate::model::time_series::period_end;
use crate::model::{Checker, Unit, impossible};

impl Checker<'_> {
    /// The targets in date order; an unusable one is an error at its line and left out.
    pub(super) fn targets(
        &mut self,
        files: Vec<TargetFile>,
        unit: Unit,
        polarity: Option<Polarity>,
        period: Option<&str>,
        baseline: Option<&Baseline>,
        at: &Location,
    ) -> Vec<Target> {
        if files.is_empty() {
            return Vec::new();
        }
        let judgeable = match (period.and_then(period_end), baseline) {
            (None, _) => Some("the period of its values (`period:`), to know where it stands"),
            // With a polarity, the missing baseline is reported already.
            (_, None) if polarity.is_none() => Some("a `baseline:`, where the path to the target starts"),
            _ => None,
        };
        if let Some(needs) = judgeable {
            self.problems.push(Diagnostic::error(Some(at.clone()), format!("an indicator with targets needs {needs}")));
        }
        let mut targets: Vec<Target> = files.into_iter().filter_map(|file| self.target(file, unit, polarity)).collect();
        targets.sort_by_key(|target| target.date);
        for pair in targets.windows(2) {
            if pair[0].date == pair[1].date {
                self.problems.push(Diagnostic::error(
                    Some(pair[1].location.clone()),
                    format!("two targets for {}; a date has one target", pair[1].period),
                ));
            }
        }
        targets
    }

    fn target(&mut self, file: TargetFile, unit: Unit, polarity: Option<Polarity>) -> Option<Target> {
        let at = location(self.path, &file.value.referenced);
        let value = file.value.value;
        if let Some(why) = impossible(unit, value.value) {
            self.problems.push(Diagnostic::error(Some(at.clone()), format!("the target {} {why}", value.value)));
            return None;
        }
        let (period, date) = self.target_date(file.year.as_ref(), file.period.as_ref(), &at)?;
        let at_least = match (file.direction.as_ref(), polarity) {
            (Some(direction), _) => self.direction(direction)?,
            (None, Some(polarity)) => polarity == Polarity::HigherIsBetter,
            (None, None) => {
                self.problems.push(
                    Diagnostic::error(Some(at), "a target needs a direction: is it reached from below or above?")
                        .with_hint("add `direction: at_least` or `at_most`, or give the indicator a `polarity`"),
                );
                return None;
            }
        };
        Some(Target {
            value: value.value,
            decimals: value.decimals,
            period,
            date,
            at_least,
            source: file.source,
            location: at,
        })
    }

    /// The target's period as printed and the day it ends.
    fn target_date(
        &mut self,
        year: Option<&Spanned<i32>>,
        period: Option<&Spanned<String>>,
        at: &Location,
    ) -> Option<(String, NaiveDate)> {
        let (written, where_written) = match (year, period) {
            (Some(year), None) => (year.value.to_string(), &year.referenced),
            (None, Some(period)) => (period.value.trim().to_owned(), &period.referenced),
            _ => {
                self.problems.push(
                    Diagnostic::error(Some(at.clone()), "a target needs either `year` or `period`")
                        .with_hint("e.g. `year: 2030` or `period: schooljaar 2029/2030`"),
                );
                return None;
            }
        };
        match period_end(&written) {
            Some(date) => Some((written, date)),
            None => {
                self.problems.push(
                    Diagnostic::error(
                        self.at(where_written),
                        format!("`{written}` is not a year or period koers can date"),
                    )
                    .with_hint("write a year (2030) or a period as the report prints it (2029/2030, okt. 2030)"),
                );
                None
            }
        }
    }

    fn direction(&mut self, direction: &Spanned<String>) -> Option<bool> {
        match direction.value.as_str() {
            "at_least" => Some(true),
            "at_most" => Some(false),
            other => {
                self.problems.push(
                    Diagnostic::error(self.at(&direction.referenced), format!("`{other}` is not a direction"))
                        .with_hint("write `at_least` (reached from below) or `at_most` (reached from above)"),
                );
                None
            }
        }
    }
}
