//! The key figures assessed: for each indicator with a polarity, the share of the subject's gap
//! to its comparator closed since the baseline, whether that reaches the ambition (the cells the
//! report shades dark green), and the counts prose can quote ("x van de y indicatoren").

use std::collections::BTreeMap;

use super::Figure;
use super::gap::{Closure, Measurements, closure};
use crate::diag::Diagnostic;
use crate::model::indicators::{Indicator, IndicatorValues, Indicators};
use crate::model::names;
use crate::model::{FigureDefinition, FigureKind, FigureName, Unit};

#[derive(Debug, Clone, Default)]
pub struct KeyFigures {
    /// One per indicator, in table order.
    pub rows: Vec<Assessment>,
    /// Assessed indicators that reached the closure target.
    pub reached: usize,
    /// Indicators with a result (a gap at the baseline and every value needed).
    pub assessed: usize,
    /// Indicators with a polarity but a value missing, so no result this year.
    pub without_result: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Assessment {
    /// A context row, or an edition without ambition: not measured against the ambition.
    Context,
    /// A value of the subject or comparator is missing (now or at the baseline).
    NoResult,
    Assessed {
        closure: Closure,
        reached: bool,
    },
}

impl Assessment {
    pub fn reached(self) -> bool {
        matches!(self, Assessment::Assessed { reached: true, .. })
    }
}

/// Assesses every indicator. Returns the assessments, the figures prose may name
/// (`indicators.<id>.gap_closed`, `indicators.reached_target`, `indicators.assessed`,
/// `indicators.without_result`) and notes on indicators that had no gap to close.
pub fn assess(indicators: &Indicators) -> (KeyFigures, BTreeMap<String, Figure>, Vec<Diagnostic>) {
    let mut key_figures = KeyFigures::default();
    let mut named = BTreeMap::new();
    let mut notes = Vec::new();
    for row in &indicators.rows {
        let assessment = assess_row(indicators, row);
        match assessment {
            Assessment::Context => {}
            Assessment::NoResult => key_figures.without_result += 1,
            Assessment::Assessed { closure: Closure::NoGapAtBaseline, .. } => {
                let comparator = indicators.ambition.map_or(indicators.subject, |ambition| ambition.comparator);
                notes.push(Diagnostic::note(
                    Some(row.location.clone()),
                    format!(
                        "`{}`: {} was level with or ahead of {} at the baseline, so there is no gap to close",
                        row.id, indicators.areas[indicators.subject].label, indicators.areas[comparator].label
                    ),
                ))
            }
            Assessment::Assessed { closure: Closure::Closed(closed), reached } => {
                key_figures.assessed += 1;
                key_figures.reached += usize::from(reached);
                named.insert(names::gap_closed(&row.id), Figure::new(closed, Unit::Percent, 0));
            }
        }
        key_figures.rows.push(assessment);
    }
    for (name, count) in [
        ("reached_target", key_figures.reached),
        ("assessed", key_figures.assessed),
        ("without_result", key_figures.without_result),
    ] {
        named.insert(names::key_figures_count(name), Figure::count(count as u64));
    }
    (key_figures, named, notes)
}

/// `indicators.<id>.<area>.change`: each value's change since the previous edition, where that
/// edition had it too (known as `previous.indicators.<id>.<area>`); in procentpunt for percentages.
pub fn changes(indicators: &Indicators, known: &BTreeMap<String, Figure>) -> Vec<FigureDefinition> {
    let mut changes = Vec::new();
    for row in &indicators.rows {
        let IndicatorValues::Given(values) = &row.values else { continue };
        for (area, value) in values.iter().enumerate() {
            let now = indicators.value_name(row, area);
            let then = names::previous(&now);
            if value.is_none() || !known.contains_key(&then) {
                continue;
            }
            let figure = |name: String| FigureName { name, location: row.location.clone() };
            let kind = FigureKind::Difference(figure(now.clone()), figure(then));
            changes.push(FigureDefinition::declared(names::change(&now), kind, None, None, row.location.clone()));
        }
    }
    changes
}

fn assess_row(indicators: &Indicators, row: &Indicator) -> Assessment {
    let (Some(ambition), Some(polarity), IndicatorValues::Given(now), Some(baseline)) =
        (indicators.ambition, row.polarity, &row.values, &row.baseline)
    else {
        return Assessment::Context;
    };
    let (s, c) = (indicators.subject, ambition.comparator);
    let (Some(subject_now), Some(comparator_now), Some(subject_baseline), Some(comparator_baseline)) =
        (now[s], now[c], baseline.values[s], baseline.values[c])
    else {
        return Assessment::NoResult;
    };
    let measurements = Measurements { subject_baseline, subject_now, comparator_baseline, comparator_now };
    let closure = closure(ambition.closure_rule, polarity, measurements);
    // With a tolerance for binary fractions: (51,3 − 50) / 5,2 is exactly a quarter on paper.
    let reached = matches!(closure, Closure::Closed(closed) if closed >= ambition.closure_target - 1e-9);
    Assessment::Assessed { closure, reached }
}
