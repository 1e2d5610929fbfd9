//! Series that live across editions (`content/series.yaml`): an indicator's values per period,
//! entered once and found by every edition that needs them.
//!
//! Each edition sees what it could have published: the observations first published (`since`)
//! in its year or before, each with the revisions made by then. So next year's figures, or a
//! value revised after publication, never change an edition that is already out, and the later
//! edition shows the revised value while the earlier one keeps the published one.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde_saphyr::Spanned;

use super::names;
use super::{Checker, FIRST_YEAR, FigureDefinition, FigureKind, LAST_YEAR, Unit, decimals_of, impossible};
use crate::content::files::{ObservationFile, TimeSeriesFile};
use crate::diag::{Diagnostic, Location};
use crate::nl::month_number;

/// Every series, by id.
#[derive(Debug, Default)]
pub struct SeriesStore {
    series: BTreeMap<String, TimeSeries>,
}

#[derive(Debug)]
pub struct TimeSeries {
    pub unit: Unit,
    /// The unit as written, for messages.
    pub unit_name: String,
    /// Oldest period first.
    observations: Vec<Observation>,
    pub location: Location,
}

#[derive(Debug)]
struct Observation {
    period: String,
    end: NaiveDate,
    since: i32,
    values: BTreeMap<String, Option<f64>>,
    /// In order of `since`.
    revisions: Vec<(i32, BTreeMap<String, Option<f64>>)>,
    location: Location,
}

/// An observation as one edition sees it: its values with the revisions made by then.
#[derive(Debug)]
pub struct Seen<'a> {
    pub period: &'a str,
    pub values: BTreeMap<String, Option<f64>>,
    /// The observation's values in `series.yaml`, for problems with them.
    pub location: &'a Location,
}

impl SeriesStore {
    pub fn get(&self, id: &str) -> Option<&TimeSeries> {
        self.series.get(id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.series.keys().map(String::as_str)
    }

    /// Declares every value the edition of `year` sees as a figure, each series shown with the
    /// most decimals any of those values was written with.
    pub fn declare(&self, year: i32, definitions: &mut Vec<FigureDefinition>) {
        for (id, series) in &self.series {
            let seen = series.visible(year);
            let values = |seen: &Seen<'_>| -> Vec<(String, f64)> {
                seen.values.iter().filter_map(|(area, value)| Some((area.clone(), (*value)?))).collect()
            };
            let decimals = seen.iter().flat_map(values).map(|(_, value)| decimals_of(value)).max().unwrap_or(0);
            for seen in &seen {
                for (area, value) in values(seen) {
                    definitions.push(FigureDefinition::declared(
                        names::series_value(id, &area, seen.period),
                        FigureKind::Raw { value, written: decimals_of(value) },
                        Some(series.unit),
                        Some(decimals),
                        seen.location.clone(),
                    ));
                }
            }
        }
    }
}

impl TimeSeries {
    /// The latest observation the edition of `year` could publish.
    pub fn latest(&self, year: i32) -> Option<Seen<'_>> {
        self.observations.iter().rfind(|observation| observation.since <= year).map(|o| o.seen(year))
    }

    /// The observation of `period` (as written), if the edition of `year` could publish it.
    pub fn at(&self, period: &str, year: i32) -> Option<Seen<'_>> {
        self.observations.iter().find(|o| o.period == period && o.since <= year).map(|o| o.seen(year))
    }

    /// Every observation the edition of `year` sees, oldest period first.
    pub fn visible(&self, year: i32) -> Vec<Seen<'_>> {
        self.observations.iter().filter(|o| o.since <= year).map(|o| o.seen(year)).collect()
    }

    /// The periods the edition of `year` can name, for hints.
    pub fn periods(&self, year: i32) -> Vec<&str> {
        self.observations.iter().filter(|o| o.since <= year).map(|o| o.period.as_str()).collect()
    }
}

impl Observation {
    fn seen(&self, year: i32) -> Seen<'_> {
        let mut values = self.values.clone();
        for (_, revised) in self.revisions.iter().filter(|(since, _)| *since <= year) {
            values.extend(revised.iter().map(|(area, value)| (area.clone(), *value)));
        }
        Seen { period: &self.period, values, location: &self.location }
    }
}

impl Checker<'_> {
    /// Validates `series.yaml`: ids unique, periods readable and distinct, nothing published
    /// before its period ended, revisions after publication, values possible for their unit.
    pub(super) fn time_series(&mut self, file: TimeSeriesFile) -> SeriesStore {
        let mut store = SeriesStore::default();
        for entry in file.series {
            let id = self.identifier("series", &entry.id);
            let location = self.at(&entry.id.referenced).expect("a located span");
            if store.series.contains_key(&id) {
                self.problems
                    .push(Diagnostic::error(Some(location), format!("another series already has the id `{id}`")));
                continue;
            }
            let unit = self.unit(&entry.unit).unwrap_or(Unit::Number);
            let mut observations: Vec<Observation> =
                entry.observations.into_iter().filter_map(|o| self.observation(unit, o)).collect();
            observations.sort_by_key(|observation| observation.end);
            for pair in observations.windows(2) {
                if pair[0].end == pair[1].end {
                    self.problems.push(
                        Diagnostic::error(
                            Some(pair[1].location.clone()),
                            format!("`{}` and `{}` are the same period", pair[0].period, pair[1].period),
                        )
                        .with_hint("enter each period once; a later correction goes under `revised:`"),
                    );
                }
            }
            store.series.insert(id, TimeSeries { unit, unit_name: entry.unit.value, observations, location });
        }
        store
    }

    fn observation(&mut self, unit: Unit, file: ObservationFile) -> Option<Observation> {
        let ObservationFile { period, since, values, revised } = file;
        let since_year = self.edition_year(&since)?;
        let Some(end) = period_end(&period.value) else {
            self.problems.push(
                Diagnostic::error(self.at(&period.referenced), format!("cannot tell when `{}` ends", period.value))
                    .with_hint(
                        "write a year (2020), a school year (2019/2020), a month (okt. 2019) or a day (1 okt. 2019)",
                    ),
            );
            return None;
        };
        if end.year() > since_year {
            self.problems.push(Diagnostic::error(
                self.at(&since.referenced),
                format!(
                    "the {since_year} edition cannot have published `{}`: that period ends in {}",
                    period.value,
                    end.year()
                ),
            ));
        }
        self.possible(unit, &values);
        let mut revisions: Vec<(i32, BTreeMap<String, Option<f64>>)> = Vec::new();
        for revision in revised {
            let Some(revised_in) = self.edition_year(&revision.since) else { continue };
            if revised_in <= revisions.last().map_or(since_year, |(year, _)| *year) {
                self.problems.push(
                    Diagnostic::error(
                        self.at(&revision.since.referenced),
                        format!("a revision in {revised_in} must come after the publication or revision before it"),
                    )
                    .with_hint("list revisions oldest first, each in a later edition than the values it corrects"),
                );
            }
            for area in revision.values.value.keys().filter(|area| !values.value.contains_key(*area)) {
                self.problems.push(Diagnostic::error(
                    self.at(&revision.values.referenced),
                    format!("the published values have no `{area}` to revise"),
                ));
            }
            self.possible(unit, &revision.values);
            self.text("reason", revision.reason);
            revisions.push((revised_in, revision.values.value));
        }
        Some(Observation {
            period: period.value,
            end,
            since: since_year,
            values: values.value,
            revisions,
            location: self.at(&values.referenced).expect("a located span"),
        })
    }

    fn edition_year(&mut self, year: &Spanned<i32>) -> Option<i32> {
        if (FIRST_YEAR..=LAST_YEAR).contains(&year.value) {
            return Some(year.value);
        }
        self.problems.push(
            Diagnostic::error(self.at(&year.referenced), format!("{} is not an edition year", year.value))
                .with_hint(format!("the programme's editions run from {FIRST_YEAR}")),
        );
        None
    }

    /// Every value possible for the unit (no 132%, no negative count).
    pub(super) fn possible(&mut self, unit: Unit, values: &Spanned<BTreeMap<String, Option<f64>>>) {
        for (area, value) in &values.value {
            if let Some(value) = value
                && let Some(why) = impossible(unit, *value)
            {
                self.problems.push(Diagnostic::error(self.at(&values.referenced), format!("`{area}`: {value} {why}")));
            }
        }
    }
}

/// The earliest year a period may name (series may reach back before the programme began).
const FIRST_PERIOD_YEAR: i32 = 1900;

/// The last day of a period as the report writes it: "2020" → 31-12-2020; a school year
/// "2019/2020" (also "2019-2020", "schooljaar 2019/2020") → 31-07-2020; a month "okt. 2019" →
/// 31-10-2019; a day "1 okt. 2019" → 1-10-2019. `None` when it names no year, a year before
/// 1900 or after 2100, or years out of order ("2019/2018").
pub fn period_end(period: &str) -> Option<NaiveDate> {
    let lower = period.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let years: Vec<i32> = words.iter().filter(|w| w.len() == 4).filter_map(|w| w.parse().ok()).collect();
    let possible = |year: &i32| (FIRST_PERIOD_YEAR..=LAST_YEAR).contains(year);
    if !years.iter().all(possible) || years.windows(2).any(|pair| pair[1] <= pair[0]) {
        return None;
    }
    let year = *years.last()?;
    let month = words.iter().position(|word| month_number(word).is_some());
    match month {
        Some(index) => {
            let month = month_number(words[index])?;
            let day = index.checked_sub(1).and_then(|before| words[before].parse::<u32>().ok()).filter(|d| *d <= 31);
            match day {
                Some(day) => NaiveDate::from_ymd_opt(year, month, day),
                None if month == 12 => NaiveDate::from_ymd_opt(year, 12, 31),
                None => NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt(),
            }
        }
        None if years.len() == 2 && years[1] == years[0] + 1 => NaiveDate::from_ymd_opt(year, 7, 31),
        None => NaiveDate::from_ymd_opt(year, 12, 31),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_as_the_report_writes_them_end_where_they_should() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (period, end) in [
            ("2020", day(2020, 12, 31)),
            ("2019/2020", day(2020, 7, 31)),
            ("schooljaar 2019/2020", day(2020, 7, 31)),
            ("2013-2014", day(2014, 7, 31)),
            ("2011-2014", day(2014, 12, 31)),
            ("okt. 2019", day(2019, 10, 31)),
            ("1 okt. 2019", day(2019, 10, 1)),
            ("1 januari 2020", day(2020, 1, 1)),
            ("feb 2020", day(2020, 2, 29)),
            ("mrt. 2021", day(2021, 3, 31)),
            ("dec. 2020", day(2020, 12, 31)),
            ("Q3", None),
            ("2019/2018", None),
            ("0000", None),
            ("2019/2019", None),
            ("99999 2020", day(2020, 12, 31)),
            ("vorig jaar", None),
        ] {
            assert_eq!(period_end(period), end, "{period}");
        }
    }
}
