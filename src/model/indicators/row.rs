//! One indicator row of `indicators.yaml`: its unit, polarity, footnotes, and its values and
//! baseline, written in the file or read from the series of the same id as this edition sees it.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::{Baseline, Context, Indicator, IndicatorValues, Polarity};
use crate::content::files::{BaselineFile, IndicatorFile};
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};
use crate::model::time_series::TimeSeries;
use crate::model::{Checker, FigureDefinition, Unit};

impl Checker<'_> {
    pub(super) fn indicator(
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
            Unit::Count | Unit::Euro | Unit::Year | Unit::Course => 0,
            Unit::Number
            | Unit::Thousands
            | Unit::Percent
            | Unit::PercentagePoint
            | Unit::EuroMillions
            | Unit::EuroBillions => 1,
        });
        let polarity = file.polarity.as_ref().and_then(|polarity| self.polarity(polarity));
        let notes = file.notes.iter().filter_map(|note| self.footnote(context.footnote_ids, note)).collect();
        let period = file.period.as_ref().map(|period| self.text("period", period.clone()));
        let (values, seen_period) = self.indicator_values(context, earlier, &file, series, unit, &at, &id)?;
        let period = seen_period.or(period);
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
        let targets = self.targets(file.targets, unit, polarity, period.as_deref(), baseline.as_ref(), &at);
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
            targets,
            location: at,
        };
        let known_issues = file.known_issue.into_iter().map(|(area, reason)| (area, self.reason(reason))).collect();
        self.declare_indicator(context, earlier, &row, file.stated, known_issues, definitions);
        Some(row)
    }

    /// The row's values: written here, read from its series (with the period seen, when the file
    /// pins none), or a share of an indicator above it. `None` when they cannot be had.
    #[allow(clippy::too_many_arguments)]
    fn indicator_values(
        &mut self,
        context: &Context,
        earlier: &[Indicator],
        file: &IndicatorFile,
        series: Option<&TimeSeries>,
        unit: Unit,
        at: &Location,
        id: &str,
    ) -> Option<(IndicatorValues, Option<String>)> {
        let mut seen_period = None;
        let values = match (&file.values, &file.share_of, series) {
            (Some(values), None, None) => IndicatorValues::Given(self.written_values(context, unit, values)),
            (Some(values), None, Some(series)) => {
                self.problems.push(entered_twice(self.at(&values.referenced), id, series));
                return None;
            }
            (None, None, Some(series)) => {
                let pinned = file.period.as_ref().map(|period| period.value.trim());
                let seen = match pinned {
                    Some(pinned) => series.at(pinned, context.year),
                    None => series.latest(context.year),
                };
                let Some(seen) = seen else {
                    self.problems.push(no_observation(Some(at.clone()), id, pinned, series, context.year));
                    return None;
                };
                seen_period = Some(seen.period.to_owned());
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
        Some((values, seen_period))
    }

    fn polarity(&mut self, polarity: &Spanned<String>) -> Option<Polarity> {
        match polarity.value.as_str() {
            "higher" => Some(Polarity::HigherIsBetter),
            "lower" => Some(Polarity::LowerIsBetter),
            other => {
                self.problems.push(
                    Diagnostic::error(self.at(&polarity.referenced), format!("`{other}` is not a polarity"))
                        .with_hint("write `higher` or `lower` (which is better), or leave it out for a context row"),
                );
                None
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
                            .with_hint("count, number, thousands, percent, euro, euro_millions or euro_billions"),
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
