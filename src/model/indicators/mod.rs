//! The key figures (`indicators.yaml`): indicators per area with their baselines, and the
//! ambition they are assessed against. Values are given in the file or found in the series of
//! the same id (`series.yaml`) as this edition sees it. Validates what the YAML cannot say (areas
//! exist, values are possible for their unit, footnotes resolve, nothing is entered twice) and
//! declares every value as a figure, so prose and checks name them like any other:
//! `indicators.<id>.<area>` and `….<area>.baseline`.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_saphyr::Spanned;

mod declare;
mod row;
mod targets;

use super::names;
use super::time_series::SeriesStore;
use super::{Checker, FigureDefinition, Unit};
use crate::content::files::{AmbitionFile, IndicatorsFile};
use crate::diag::{Diagnostic, Location};

#[derive(Debug, Clone)]
pub struct Indicators {
    pub title: String,
    /// The table's columns, in order.
    pub areas: Vec<Area>,
    /// Index into `areas` of the area the ambition and the targets are for (Zuid): the
    /// ambition's subject, or the first area.
    pub subject: usize,
    /// The gap-closure ambition, if the edition has one.
    pub ambition: Option<Ambition>,
    /// Footnote texts; footnote `n` is `footnotes[n - 1]`.
    pub footnotes: Vec<String>,
    pub rows: Vec<Indicator>,
    /// The file, for problems about the table as a whole.
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    pub label: String,
    /// Index of the area this one lies within.
    pub within: Option<usize>,
}

/// "In 20 jaar het G4-niveau, en na 10 jaar een kwart van de achterstand weggewerkt."
#[derive(Debug, Clone, Copy)]
pub struct Ambition {
    /// Index into `areas` of the area the subject is compared with (G4).
    pub comparator: usize,
    /// Percent of the baseline gap to close (25).
    pub closure_target: f64,
    pub closure_rule: ClosureRule,
}

/// A value an indicator should reach by a date (the end of a year or period).
#[derive(Debug, Clone)]
pub struct Target {
    pub value: f64,
    pub decimals: usize,
    /// As written: "2030", "schooljaar 2029/2030".
    pub period: String,
    pub date: NaiveDate,
    /// Reached when the value is at least (`true`) or at most the target.
    pub at_least: bool,
    pub source: Option<String>,
    pub location: Location,
}

/// How the share of the gap closed is measured; the NPRZ ambition reads both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosureRule {
    /// Today's gap to the comparator's current value, against the gap at the baseline.
    GapNow,
    /// The subject's own progress since the baseline, against the gap at the baseline.
    GapAtBaseline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    pub period: Option<String>,
    pub unit: Unit,
    pub decimals: usize,
    /// `None`: a context row, not assessed.
    pub polarity: Option<Polarity>,
    /// Footnote numbers printed after the label.
    pub notes: Vec<usize>,
    pub values: IndicatorValues,
    pub baseline: Option<Baseline>,
    /// In date order; for the subject area.
    pub targets: Vec<Target>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub enum IndicatorValues {
    /// One per area, in column order; `None` where there is no value.
    Given(Vec<Option<f64>>),
    /// Each area's share in the indicator at this index (computed).
    ShareOf(usize),
}

#[derive(Debug, Clone)]
pub struct Baseline {
    pub period: String,
    /// Footnote number printed after each baseline value.
    pub note: Option<usize>,
    pub decimals: usize,
    pub values: Vec<Option<f64>>,
}

impl Indicator {
    /// `indicators.<id>`: the prefix of its figures.
    pub fn name(&self) -> String {
        names::indicator(&self.id)
    }
}

impl Indicators {
    /// The figure name of an indicator's value in an area.
    pub fn value_name(&self, indicator: &Indicator, area: usize) -> String {
        names::indicator_value(&indicator.id, &self.areas[area].id)
    }

    pub fn baseline_name(&self, indicator: &Indicator, area: usize) -> String {
        names::indicator_baseline(&indicator.id, &self.areas[area].id)
    }
}

impl Checker<'_> {
    /// Validates `indicators.yaml` and declares its values (and computed shares) as figures.
    /// Returns the indicators and the file's warnings.
    pub(super) fn indicators(
        &mut self,
        file: IndicatorsFile,
        series: Option<&SeriesStore>,
        year: i32,
        definitions: &mut Vec<FigureDefinition>,
    ) -> (Indicators, Vec<Diagnostic>) {
        let IndicatorsFile { title, areas, ambition, footnotes, indicators } = file;
        let mut area_ids: Vec<String> = Vec::new();
        let mut area_list = Vec::new();
        for area in &areas {
            let id = self.identifier("area", &area.id);
            if area_ids.contains(&id) {
                self.problems.push(Diagnostic::error(
                    self.at(&area.id.referenced),
                    format!("another area already has the id `{id}`"),
                ));
            }
            area_ids.push(id);
        }
        for (area, id) in areas.into_iter().zip(&area_ids) {
            let within = area.within.as_ref().and_then(|within| self.area(&area_ids, within));
            area_list.push(Area { id: id.clone(), label: self.text("label", area.label), within });
        }
        let (subject, ambition) = match ambition {
            Some(ambition) => {
                let (subject, ambition) = self.ambition(&area_ids, ambition);
                (subject, Some(ambition))
            }
            None => (0, None),
        };

        let mut footnote_ids: Vec<String> = Vec::new();
        let mut footnote_texts = Vec::new();
        for note in footnotes {
            let id = self.identifier("footnote", &note.id);
            if footnote_ids.contains(&id) {
                self.problems.push(Diagnostic::error(
                    self.at(&note.id.referenced),
                    format!("another footnote already has the id `{id}`"),
                ));
            }
            footnote_ids.push(id);
            footnote_texts.push(self.text("text", note.text));
        }

        let mut used_notes = BTreeSet::new();
        let mut rows: Vec<Indicator> = Vec::new();
        let context =
            Context { areas: &area_list, area_ids: &area_ids, footnote_ids: &footnote_ids, subject, series, year };
        for indicator in indicators {
            if let Some(row) = self.indicator(&context, &rows, indicator, definitions) {
                used_notes.extend(row.notes.iter().copied());
                used_notes.extend(row.baseline.as_ref().and_then(|b| b.note));
                rows.push(row);
            }
        }
        let file_location = Location::file(self.path);
        let mut warnings = Vec::new();
        for (index, id) in footnote_ids.iter().enumerate() {
            if !used_notes.contains(&(index + 1)) {
                warnings.push(
                    Diagnostic::warning(Some(file_location.clone()), format!("footnote `{id}` is not used"))
                        .with_hint("refer to it from an indicator's `notes` or a baseline's `note`, or remove it"),
                );
            }
        }
        let indicators = Indicators {
            title: self.text("title", title),
            areas: area_list,
            subject,
            ambition,
            footnotes: footnote_texts,
            rows,
            location: file_location,
        };
        (indicators, warnings)
    }

    /// The ambition's subject (an index into the areas) and the ambition.
    fn ambition(&mut self, area_ids: &[String], ambition: AmbitionFile) -> (usize, Ambition) {
        let subject = self.area(area_ids, &ambition.subject).unwrap_or_default();
        let comparator = self.area(area_ids, &ambition.comparator).unwrap_or_default();
        if ambition.subject.value == ambition.comparator.value {
            self.problems.push(Diagnostic::error(
                self.at(&ambition.comparator.referenced),
                "the comparator must be another area than the subject",
            ));
        }
        let target = ambition.closure_target.value;
        if !(target > 0.0 && target <= 100.0) {
            self.problems.push(
                Diagnostic::error(
                    self.at(&ambition.closure_target.referenced),
                    format!("a closure target of {target}% is impossible"),
                )
                .with_hint("give the share of the gap to close in percent, between 0 and 100 (e.g. 25)"),
            );
        }
        let rule = match ambition.closure_rule.as_ref().map(|rule| rule.value.as_str()) {
            None | Some("gap_now") => ClosureRule::GapNow,
            Some("gap_at_baseline") => ClosureRule::GapAtBaseline,
            Some(other) => {
                let rule = ambition.closure_rule.as_ref().expect("matched Some");
                self.problems.push(
                    Diagnostic::error(self.at(&rule.referenced), format!("`{other}` is not a closure rule"))
                        .with_hint("use `gap_now` (the default) or `gap_at_baseline`"),
                );
                ClosureRule::GapNow
            }
        };
        (subject, Ambition { comparator, closure_target: target, closure_rule: rule })
    }

    fn area(&mut self, area_ids: &[String], id: &Spanned<String>) -> Option<usize> {
        let found = area_ids.iter().position(|area| *area == id.value);
        if found.is_none() {
            let problem = Diagnostic::error(self.at(&id.referenced), format!("there is no area `{}`", id.value))
                .suggesting(&id.value, area_ids.iter().map(String::as_str));
            self.problems.push(problem);
        }
        found
    }

    /// A footnote id → its number (1-based, the order of `footnotes`).
    fn footnote(&mut self, footnote_ids: &[String], id: &Spanned<String>) -> Option<usize> {
        let found = footnote_ids.iter().position(|note| *note == id.value).map(|index| index + 1);
        if found.is_none() {
            let problem = Diagnostic::error(self.at(&id.referenced), format!("there is no footnote `{}`", id.value))
                .suggesting(&id.value, footnote_ids.iter().map(String::as_str));
            self.problems.push(problem);
        }
        found
    }
}

/// What an indicator's checks need to know of the file as a whole.
struct Context<'a> {
    areas: &'a [Area],
    area_ids: &'a [String],
    footnote_ids: &'a [String],
    subject: usize,
    series: Option<&'a SeriesStore>,
    /// The edition's year: which observations and revisions of a series it sees.
    year: i32,
}

/// Whether `area` lies (directly or further down) within `outer`.
fn is_within(areas: &[Area], area: usize, outer: usize) -> bool {
    let mut current = areas[area].within;
    let mut steps = 0;
    while let Some(next) = current {
        if next == outer {
            return true;
        }
        current = areas[next].within;
        steps += 1;
        if steps > areas.len() {
            return false; // a cycle; `within` forms no containment then
        }
    }
    false
}
