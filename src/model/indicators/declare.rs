//! An indicator's values as figures (`indicators.<id>.<area>`, `….baseline`), so prose and checks
//! name them like any other; a computed share is checked against what the report states.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::{Context, Indicator, IndicatorValues, is_within};
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};
use crate::model::names;
use crate::model::{Checker, FigureDefinition, FigureKind, FigureName, Unit, decimals_of};

/// The figure name of an indicator's value in an area, or (`baseline`) of its baseline there.
fn name(context: &Context, indicator: &Indicator, area: usize, baseline: bool) -> String {
    let area = &context.area_ids[area];
    if baseline { names::indicator_baseline(&indicator.id, area) } else { names::indicator_value(&indicator.id, area) }
}

/// What the report states for a computed row, per area, and why a difference is accepted.
struct Stated<'a> {
    values: &'a BTreeMap<String, f64>,
    location: Option<Location>,
    known_issues: &'a BTreeMap<String, String>,
}

impl Checker<'_> {
    /// Declares the row's values as figures: raw values, or shares with what the report states.
    pub(super) fn declare_indicator(
        &mut self,
        context: &Context,
        earlier: &[Indicator],
        row: &Indicator,
        stated: Option<Spanned<BTreeMap<String, f64>>>,
        known_issues: BTreeMap<String, String>,
        definitions: &mut Vec<FigureDefinition>,
    ) {
        let name = |indicator: &Indicator, area: usize, baseline: bool| name(context, indicator, area, baseline);
        let raw = |name: String, value: f64, decimals: usize| {
            FigureDefinition::declared(
                name,
                FigureKind::Raw { value, written: decimals_of(value) },
                Some(row.unit),
                Some(decimals),
                row.location.clone(),
            )
        };
        if let Some(baseline) = &row.baseline {
            for (area, value) in baseline.values.iter().enumerate() {
                if let Some(value) = value {
                    definitions.push(raw(name(row, area, true), *value, baseline.decimals));
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
                        definitions.push(raw(name(row, area, false), *value, row.decimals));
                    }
                }
            }
            IndicatorValues::ShareOf(whole) => {
                let stated = Stated { values: &stated, location: stated_location, known_issues: &known_issues };
                declare_shares(context, &earlier[*whole], row, stated, definitions);
            }
        }
    }
}

/// A share row's figures: per area its share of the indicator above (`of`), with what the report
/// states to check.
fn declare_shares(
    context: &Context,
    of: &Indicator,
    row: &Indicator,
    stated: Stated,
    definitions: &mut Vec<FigureDefinition>,
) {
    let name = |indicator: &Indicator, area: usize, baseline: bool| name(context, indicator, area, baseline);
    let subject = context.subject;
    for area in 0..context.areas.len() {
        let inside_subject = is_within(context.areas, area, subject);
        let (part, of_area) = if inside_subject { (area, subject) } else { (subject, area) };
        let figure = |area| FigureName { name: name(of, area, false), location: row.location.clone() };
        let area_id = &context.area_ids[area];
        let stated_here = stated.values.get(area_id).copied();
        let has_values = matches!(&of.values, IndicatorValues::Given(v) if v[part].is_some() && v[of_area].is_some());
        if !has_values {
            continue;
        }
        definitions.push(FigureDefinition {
            name: name(row, area, false),
            kind: FigureKind::Share { part: figure(part), of: figure(of_area) },
            unit: Some(Unit::Percent),
            // A share shows the decimals the report printed it with, else the row's.
            decimals: if stated_here.is_some() { None } else { Some(row.decimals) },
            decimals_location: None,
            stated: stated_here.into_iter().collect(),
            stated_location: stated_here.and(stated.location.clone()),
            location: row.location.clone(),
            source: None,
            known_issue: stated.known_issues.get(area_id).cloned(),
            qualifier: None,
        });
    }
}
