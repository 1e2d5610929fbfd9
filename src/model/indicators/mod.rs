//! The key figures (`indicators.yaml`): indicators per area with their baselines, and the
//! ambition they are assessed against. Values are given in the file or found in the series of
//! the same id (`series.yaml`) as this edition sees it. Validates what the YAML cannot say (areas
//! exist, values are possible for their unit, footnotes resolve, nothing is entered twice) and
//! declares every value as a figure, so prose and checks name them like any other:
//! `indicators.<id>.<area>` and `….<area>.baseline`.

use std::collections::{BTreeMap, BTreeSet};

use serde_saphyr::Spanned;

use super::series::{SeriesStore, TimeSeries};
use super::{Checker, FigureDefinition, FigureKind, FigureName, Unit};
use crate::content::files::{AmbitionFile, BaselineFile, IndicatorFile, IndicatorsFile};
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};

/// Indicators are named `indicators.<id>…` in prose and checks.
pub const NAMESPACE: &str = "indicators";

#[derive(Debug, Clone)]
pub struct Indicators {
    pub title: String,
    /// The table's columns, in order.
    pub areas: Vec<Area>,
    /// Index into `areas` of the area whose gap is assessed (Zuid).
    pub subject: usize,
    /// Index into `areas` of the area it is compared with (G4).
    pub comparator: usize,
    /// Percent of the baseline gap to close (25).
    pub closure_target: f64,
    pub closure_rule: ClosureRule,
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
        format!("{NAMESPACE}.{}", self.id)
    }
}

impl Indicators {
    /// The figure name of an indicator's value in an area.
    pub fn value_name(&self, indicator: &Indicator, area: usize) -> String {
        format!("{NAMESPACE}.{}.{}", indicator.id, self.areas[area].id)
    }

    pub fn baseline_name(&self, indicator: &Indicator, area: usize) -> String {
        format!("{}.baseline", self.value_name(indicator, area))
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
        let (subject, comparator, closure_target, closure_rule) = self.ambition(&area_ids, ambition);

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
            comparator,
            closure_target,
            closure_rule,
            footnotes: footnote_texts,
            rows,
            location: file_location,
        };
        (indicators, warnings)
    }

    fn ambition(&mut self, area_ids: &[String], ambition: AmbitionFile) -> (usize, usize, f64, ClosureRule) {
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
        (subject, comparator, target, rule)
    }

    fn indicator(
        &mut self,
        context: &Context,
        earlier: &[Indicator],
        file: IndicatorFile,
        definitions: &mut Vec<FigureDefinition>,
    ) -> Option<Indicator> {
        let at = location(self.path, &file.id.referenced);
        let id = self.identifier("indicator", &file.id);
        if earlier.iter().any(|row| row.id == id) {
            self.problems
                .push(Diagnostic::error(Some(at.clone()), format!("another indicator already has the id `{id}`")));
        }
        let series = context.series.and_then(|store| store.get(&id));
        let unit = self.indicator_unit(&file, series, &at).unwrap_or(Unit::Number);
        let decimals = self.decimals(file.decimals.as_ref()).unwrap_or(match unit {
            Unit::Count | Unit::Euro | Unit::Year => 0,
            Unit::Number | Unit::Percent | Unit::PercentagePoint | Unit::EuroMillions => 1,
        });
        let polarity = file.polarity.as_ref().and_then(|polarity| match polarity.value.as_str() {
            "higher" => Some(Polarity::HigherIsBetter),
            "lower" => Some(Polarity::LowerIsBetter),
            other => {
                self.problems.push(
                    Diagnostic::error(self.at(&polarity.referenced), format!("`{other}` is not a polarity"))
                        .with_hint("write `higher` or `lower` (which is better), or leave it out for a context row"),
                );
                None
            }
        });
        let notes = file.notes.iter().filter_map(|note| self.footnote(context.footnote_ids, note)).collect();
        let mut period = file.period.map(|period| self.text("period", period));
        let values = match (&file.values, &file.share_of, series) {
            (Some(values), None, None) => IndicatorValues::Given(self.written_values(context, unit, values)),
            (Some(values), None, Some(series)) => {
                self.problems.push(entered_twice(self.at(&values.referenced), &id, series));
                return None;
            }
            (None, None, Some(series)) => {
                let seen = match &period {
                    Some(pinned) => series.at(pinned, context.year),
                    None => series.latest(context.year),
                };
                let Some(seen) = seen else {
                    self.problems.push(no_observation(Some(at.clone()), &id, period.as_deref(), series, context.year));
                    return None;
                };
                period = Some(seen.period.to_owned());
                IndicatorValues::Given(self.area_values(context, Some(seen.location.clone()), &seen.values))
            }
            (None, Some(share_of), _) => {
                let Some(index) = earlier.iter().position(|row| row.id == share_of.value) else {
                    let ids = earlier.iter().map(|row| row.id.as_str());
                    let problem = Diagnostic::error(
                        self.at(&share_of.referenced),
                        format!("there is no indicator `{}` above this one", share_of.value),
                    )
                    .suggesting(&share_of.value, ids);
                    self.problems.push(problem);
                    return None;
                };
                if !matches!(earlier[index].values, IndicatorValues::Given(_)) {
                    self.problems.push(Diagnostic::error(
                        self.at(&share_of.referenced),
                        "a share is taken of an indicator with values, not of another share",
                    ));
                    return None;
                }
                IndicatorValues::ShareOf(index)
            }
            _ => {
                self.problems.push(
                    Diagnostic::error(
                        Some(at.clone()),
                        format!("indicator `{id}` needs either `values`, `share_of` or a series `{id}` in series.yaml"),
                    )
                    .with_hint("give the value per area, `share_of: <indicator>` to compute shares, or enter the values once in content/series.yaml"),
                );
                return None;
            }
        };
        let baseline_written = file.baseline.is_some();
        let baseline = file.baseline.and_then(|baseline| self.baseline(context, baseline, series, unit, decimals, &id));
        if polarity.is_some() && matches!(values, IndicatorValues::ShareOf(_)) {
            self.problems.push(Diagnostic::error(
                Some(at.clone()),
                format!("indicator `{id}` is computed (`share_of`), so it cannot be assessed; remove `polarity`"),
            ));
        } else if polarity.is_some() && !baseline_written {
            self.problems.push(
                Diagnostic::error(Some(at.clone()), format!("indicator `{id}` is assessed but has no baseline"))
                    .with_hint("add `baseline:` with its period and values, or remove `polarity` for a context row"),
            );
        }
        let row = Indicator {
            id,
            label: self.text("label", file.label),
            period,
            unit,
            decimals,
            polarity,
            notes,
            values,
            baseline,
            location: at,
        };
        self.declare_indicator(context, earlier, &row, file.stated, file.known_issue, definitions);
        Some(row)
    }

    /// Declares the row's values as figures: raw values, or shares with what the report states.
    fn declare_indicator(
        &mut self,
        context: &Context,
        earlier: &[Indicator],
        row: &Indicator,
        stated: Option<Spanned<BTreeMap<String, f64>>>,
        known_issues: BTreeMap<String, String>,
        definitions: &mut Vec<FigureDefinition>,
    ) {
        let name = |indicator: &Indicator, area: usize, suffix: &str| {
            format!("{NAMESPACE}.{}.{}{suffix}", indicator.id, context.area_ids[area])
        };
        let raw = |name: String, value: f64, decimals: usize| {
            FigureDefinition::declared(
                name,
                FigureKind::Raw(value),
                Some(row.unit),
                Some(decimals),
                row.location.clone(),
            )
        };
        if let Some(baseline) = &row.baseline {
            for (area, value) in baseline.values.iter().enumerate() {
                if let Some(value) = value {
                    definitions.push(raw(name(row, area, ".baseline"), *value, baseline.decimals));
                }
            }
        }
        let stated_location = stated.as_ref().map(|stated| location(self.path, &stated.referenced));
        let stated = stated.map(|stated| stated.value).unwrap_or_default();
        for key in stated.keys().chain(known_issues.keys()) {
            if !context.area_ids.contains(key) {
                self.problems.push(Diagnostic::error(
                    stated_location.clone().or(Some(row.location.clone())),
                    format!("`{key}` is not one of the areas ({})", context.area_ids.join(", ")),
                ));
            }
        }
        match &row.values {
            IndicatorValues::Given(values) => {
                if let Some(at) = stated_location {
                    self.problems.push(
                        Diagnostic::error(Some(at), "`stated` is only checked for computed rows (`share_of`)")
                            .with_hint("an indicator's values are the data itself; remove `stated`"),
                    );
                }
                for (area, value) in values.iter().enumerate() {
                    if let Some(value) = value {
                        definitions.push(raw(name(row, area, ""), *value, row.decimals));
                    }
                }
            }
            IndicatorValues::ShareOf(whole) => {
                let of = &earlier[*whole];
                let subject = context.subject;
                for area in 0..context.areas.len() {
                    let inside_subject = is_within(context.areas, area, subject);
                    let (part, of_area) = if inside_subject { (area, subject) } else { (subject, area) };
                    let figure = |area| FigureName { name: name(of, area, ""), location: row.location.clone() };
                    let area_id = &context.area_ids[area];
                    let stated_here = stated.get(area_id).copied();
                    let has_values =
                        matches!(&of.values, IndicatorValues::Given(v) if v[part].is_some() && v[of_area].is_some());
                    if !has_values {
                        continue;
                    }
                    definitions.push(FigureDefinition {
                        name: name(row, area, ""),
                        kind: FigureKind::Share { part: figure(part), of: figure(of_area) },
                        unit: Some(Unit::Percent),
                        // A share shows the decimals the report printed it with, else the row's.
                        decimals: if stated_here.is_some() { None } else { Some(row.decimals) },
                        stated: stated_here.into_iter().collect(),
                        stated_location: stated_here.and(stated_location.clone()),
                        location: row.location.clone(),
                        source: None,
                        known_issue: known_issues.get(area_id).cloned(),
                    });
                }
            }
        }
    }

    /// Values written in `indicators.yaml`: possible for their unit, of known areas, one per area.
    fn written_values(
        &mut self,
        context: &Context,
        unit: Unit,
        values: &Spanned<BTreeMap<String, Option<f64>>>,
    ) -> Vec<Option<f64>> {
        self.possible(unit, values);
        let at = self.at(&values.referenced);
        for key in values.value.keys().filter(|key| !context.area_ids.contains(key)) {
            let problem = Diagnostic::error(at.clone(), format!("`{key}` is not one of the areas"))
                .suggesting(key, context.area_ids.iter().map(String::as_str));
            self.problems.push(problem);
        }
        self.area_values(context, at, &values.value)
    }

    /// One value per area, in column order; every area must be given (`null` for none). `at` is
    /// where the values are written (`indicators.yaml`, or the observation in `series.yaml`,
    /// which may hold areas this edition does not show).
    fn area_values(
        &mut self,
        context: &Context,
        at: Option<Location>,
        values: &BTreeMap<String, Option<f64>>,
    ) -> Vec<Option<f64>> {
        let mut out = Vec::new();
        for (index, id) in context.area_ids.iter().enumerate() {
            if context.area_ids[..index].contains(id) {
                out.push(None); // a duplicate area id, reported once where the areas are listed
                continue;
            }
            let value = match values.get(id) {
                Some(value) => *value,
                None => {
                    self.problems.push(
                        Diagnostic::error(at.clone(), format!("no value for the area `{id}`"))
                            .with_hint(format!("write `{id}: null` where there is no value (printed as x)")),
                    );
                    None
                }
            };
            out.push(value);
        }
        out
    }

    /// The indicator's unit: written here, or the series'; both must agree.
    fn indicator_unit(&mut self, file: &IndicatorFile, series: Option<&TimeSeries>, at: &Location) -> Option<Unit> {
        let written = file.unit.as_ref().and_then(|unit| self.unit(unit));
        match (written, series) {
            (Some(written), Some(series)) if written != series.unit => {
                let unit = file.unit.as_ref().expect("written");
                self.problems.push(
                    Diagnostic::error(
                        self.at(&unit.referenced),
                        format!("the series `{}` is in {}, not {}", file.id.value, series.unit_name, unit.value),
                    )
                    .with_hint("leave `unit` out: it comes from the series"),
                );
                None
            }
            (written, series) => written.or(series.map(|series| series.unit)).or_else(|| {
                if file.share_of.is_some() {
                    return Some(Unit::Percent);
                }
                if file.unit.is_none() && file.values.is_some() {
                    self.problems.push(
                        Diagnostic::error(Some(at.clone()), format!("indicator `{}` needs a `unit`", file.id.value))
                            .with_hint("count, number, percent, euro or euro_millions"),
                    );
                }
                None
            }),
        }
    }

    /// The baseline's values: written here, or the series' observation of its period as this
    /// edition sees it.
    fn baseline(
        &mut self,
        context: &Context,
        baseline: BaselineFile,
        series: Option<&TimeSeries>,
        unit: Unit,
        decimals: usize,
        id: &str,
    ) -> Option<Baseline> {
        let period_at = self.at(&baseline.period.referenced);
        let period = self.text("period", baseline.period);
        let values = match (&baseline.values, series) {
            (Some(values), None) => self.written_values(context, unit, values),
            (Some(values), Some(series)) => {
                self.problems.push(entered_twice(self.at(&values.referenced), id, series));
                return None;
            }
            (None, Some(series)) => {
                let Some(seen) = series.at(&period, context.year) else {
                    self.problems.push(no_observation(period_at, id, Some(&period), series, context.year));
                    return None;
                };
                self.area_values(context, Some(seen.location.clone()), &seen.values)
            }
            (None, None) => {
                self.problems.push(
                    Diagnostic::error(period_at, format!("the baseline of `{id}` has no values"))
                        .with_hint("give `values:` per area, or enter the indicator's series in content/series.yaml"),
                );
                return None;
            }
        };
        Some(Baseline {
            period,
            note: baseline.note.as_ref().and_then(|note| self.footnote(context.footnote_ids, note)),
            decimals: self.decimals(baseline.decimals.as_ref()).unwrap_or(decimals),
            values,
        })
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

/// Values both in the edition and in its series: they are entered once, in the series.
fn entered_twice(at: Option<Location>, id: &str, series: &TimeSeries) -> Diagnostic {
    Diagnostic::error(at, format!("the values of `{id}` are entered in its series ({})", series.location))
        .with_hint("remove `values` here: every edition takes them from the series, so they are typed only once")
}

/// The series has no observation (of `period`) that the edition of `year` could publish.
fn no_observation(at: Option<Location>, id: &str, period: Option<&str>, series: &TimeSeries, year: i32) -> Diagnostic {
    let periods = series.periods(year);
    let what = period.map_or(String::new(), |period| format!(" of `{period}`"));
    let diagnostic = Diagnostic::error(at, format!("the series `{id}` has no values{what} published by {year}"));
    if periods.is_empty() {
        diagnostic.with_hint(format!("add an observation with `since: {year}` or earlier to content/series.yaml"))
    } else {
        diagnostic.with_hint(format!("the {year} edition can use: {}", periods.join(", ")))
    }
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
