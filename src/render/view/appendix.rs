//! The indicators appendix: every indicator with its values per area now, in the previous edition
//! and at the baseline, and its status against the ambition.

use minijinja::Value;
use serde::Serialize;

use super::tables::target_text;
use super::{area_value_text, markup};
use crate::figures::Figures;
use crate::figures::gap::Closure;
use crate::figures::key_figures::{Assessment, KeyFigures};
use crate::figures::targets::course;
use crate::model::names;
use crate::model::{Indicators, TitledText};
use crate::nl::percent;

/// The indicators appendix: every indicator with its values per area, baseline and status.
#[derive(Debug, Serialize)]
pub struct AppendixView {
    pub title: String,
    pub text: Value,
    pub areas: Vec<String>,
    pub indicators: Vec<AppendixIndicatorView>,
}

#[derive(Debug, Serialize)]
pub struct AppendixIndicatorView {
    pub label: String,
    /// "2018; basis 2011"
    pub periods: String,
    pub values: Vec<String>,
    /// The previous edition's values; empty when it did not have the indicator.
    pub previous: Vec<String>,
    pub baselines: Vec<String>,
    pub status: String,
    pub reached: bool,
}

pub(super) fn appendix_view(
    appendix: &TitledText,
    indicators: &Indicators,
    assessed: &KeyFigures,
    figures: &Figures,
) -> AppendixView {
    let shown = |name: String| area_value_text(figures, &name);
    let subject = &indicators.areas[indicators.subject].label;
    let comparator = indicators.ambition.map_or(subject, |ambition| &indicators.areas[ambition.comparator].label);
    let target = indicators.ambition.map_or(String::new(), |ambition| percent(ambition.closure_target, 0));
    AppendixView {
        title: appendix.title.clone(),
        text: markup(&appendix.text, figures),
        areas: indicators.areas.iter().map(|area| area.label.clone()).collect(),
        indicators: indicators
            .rows
            .iter()
            .zip(&assessed.rows)
            .map(|(row, assessment)| {
                let areas = 0..indicators.areas.len();
                let mut status = match assessment {
                    Assessment::Context if indicators.ambition.is_some() => "Context; niet beoordeeld.".to_owned(),
                    Assessment::Context => String::new(),
                    Assessment::NoResult => {
                        format!("Geen uitslag: een waarde van {subject} of {comparator} ontbreekt.")
                    }
                    Assessment::Assessed { closure: Closure::NoGapAtBaseline, .. } => {
                        format!("Bij de basismeting had {subject} geen achterstand op {comparator}.")
                    }
                    Assessment::Assessed { closure: Closure::Closed(closed), reached } => format!(
                        "{subject} heeft {} van de achterstand t.o.v. {comparator} ingelopen (ambitie {target}): {}.",
                        percent(*closed, 0),
                        if *reached { "gehaald" } else { "nog niet gehaald" }
                    ),
                };
                let previous: Vec<String> =
                    areas.clone().map(|area| shown(names::previous(&indicators.value_name(row, area)))).collect();
                let had_previous = previous.iter().any(|value| value != "x");
                if let Some(closed) = figures.get_if_any(&names::previous(&names::gap_closed(&row.id))) {
                    status.push_str(&format!(" Vorige editie: {} ingelopen.", closed.text()));
                }
                let target = target_text(indicators, &row.id, figures);
                if !target.is_empty() {
                    status = format!("{status} {target}.").trim_start().to_owned();
                }
                // Where the target judged is set, when the content says.
                if let Some(source) = course(indicators, row).and_then(|(target, _)| target.source.as_ref()) {
                    status.push_str(&format!(" Doel uit: {source}."));
                }
                let mut periods = row.period.iter().cloned().collect::<Vec<_>>();
                if let Some(period) = figures.periods.get(&names::previous(&row.name())).filter(|_| had_previous) {
                    periods.push(format!("vorige editie {period}"));
                }
                periods.extend(row.baseline.as_ref().map(|baseline| format!("basis {}", baseline.period)));
                AppendixIndicatorView {
                    label: row.label.clone(),
                    periods: periods.join("; "),
                    values: areas.clone().map(|area| shown(indicators.value_name(row, area))).collect(),
                    previous: if had_previous { previous } else { Vec::new() },
                    baselines: match &row.baseline {
                        Some(_) => areas.map(|area| shown(indicators.baseline_name(row, area))).collect(),
                        None => Vec::new(),
                    },
                    status,
                    reached: assessment.reached(),
                }
            })
            .collect(),
    }
}
