//! Declared figures: raw values and the derivations the bureau names in YAML (sum, difference,
//! share, progress towards a target), evaluated in dependency order. Every result is a finite
//! number or a located error: a share of zero, a target equal to its baseline, an unknown name or
//! a cycle never becomes NaN in a report.

use std::collections::BTreeMap;

use super::Figure;
use crate::diag::{Diagnostic, Location};
use crate::model::{FigureDefinition, FigureKind, FigureName, MAX_EXACT, Qualifier, Unit, decimals_of, shown_decimals};

/// `part` as a percentage of `whole`; `None` when the whole is 0.
pub fn share(part: f64, whole: f64) -> Option<f64> {
    (whole != 0.0).then(|| part / whole * 100.0)
}

/// The change from `from` to `to` in percent of `from` (150 → 198 is 32); `None` from 0.
pub fn growth(from: f64, to: f64) -> Option<f64> {
    (from != 0.0).then(|| (to - from) / from.abs() * 100.0)
}

/// How far `current` has come from `baseline` towards `target`, in percent (100 = reached;
/// above 100 = passed). `None` when the target equals the baseline.
pub fn progress(baseline: f64, current: f64, target: f64) -> Option<f64> {
    (target != baseline).then(|| (current - baseline) / (target - baseline) * 100.0)
}

/// Evaluates every definition; `known` holds figures computed elsewhere (tables) that
/// definitions may use. Returns the values and the problems (errors) found.
pub fn evaluate(
    definitions: &[FigureDefinition],
    known: &BTreeMap<String, Figure>,
) -> (BTreeMap<String, Figure>, Vec<Diagnostic>) {
    let by_name: BTreeMap<&str, &FigureDefinition> = definitions.iter().map(|d| (d.name.as_str(), d)).collect();
    let mut evaluator = Evaluator {
        by_name,
        known,
        values: BTreeMap::new(),
        in_progress: Vec::new(),
        problems: Vec::new(),
        approximate_input: false,
    };
    for definition in definitions {
        evaluator.value_of(&definition.name);
    }
    let values = evaluator.values.into_iter().filter_map(|(name, value)| value.map(|v| (name, v))).collect();
    (values, evaluator.problems)
}

struct Evaluator<'a> {
    by_name: BTreeMap<&'a str, &'a FigureDefinition>,
    known: &'a BTreeMap<String, Figure>,
    /// `None`: evaluated, but failed (reported once).
    values: BTreeMap<String, Option<Figure>>,
    in_progress: Vec<String>,
    problems: Vec<Diagnostic>,
    /// Whether the figure being computed has a qualified input, so is approximate itself.
    approximate_input: bool,
}

impl Evaluator<'_> {
    fn value_of(&mut self, name: &str) -> Option<Figure> {
        if let Some(value) = self.values.get(name) {
            return *value;
        }
        if let Some(figure) = self.known.get(name) {
            return Some(*figure);
        }
        let definition = *self.by_name.get(name)?;
        if self.in_progress.iter().any(|n| n == name) {
            self.problems.push(Diagnostic::error(
                Some(definition.location.clone()),
                format!("`{name}` depends on itself: {} → {name}", self.in_progress.join(" → ")),
            ));
            self.values.insert(name.to_owned(), None);
            return None;
        }
        self.in_progress.push(name.to_owned());
        let outer_approximate = std::mem::replace(&mut self.approximate_input, false);
        let result = self.compute(definition);
        self.approximate_input = outer_approximate;
        self.in_progress.pop();
        self.values.insert(name.to_owned(), result);
        result
    }

    /// The value of a referenced figure, or an error at the reference.
    fn input(&mut self, reference: &FigureName) -> Option<Figure> {
        let known = self.by_name.contains_key(reference.name.as_str()) || self.known.contains_key(&reference.name);
        if !known {
            let names = self.by_name.keys().copied().chain(self.known.keys().map(String::as_str));
            let problem =
                Diagnostic::error(Some(reference.location.clone()), format!("there is no figure `{}`", reference.name))
                    .suggesting(&reference.name, names);
            self.problems.push(problem);
            return None;
        }
        let figure = self.value_of(&reference.name)?;
        if figure.upper.is_some() {
            self.problems.push(
                Diagnostic::error(
                    Some(reference.location.clone()),
                    format!("`{}` is a range ({}); arithmetic needs one value", reference.name, figure.text()),
                )
                .with_hint("declare the bound to compute with as a figure of its own"),
            );
            return None;
        }
        self.approximate_input |= figure.qualifier.is_some();
        Some(figure)
    }

    /// A declared figure's value, unit and natural decimals, from its data or its inputs.
    fn derive(&mut self, definition: &FigureDefinition) -> Option<(f64, Unit, usize)> {
        let stated_decimals = definition.stated.iter().map(|s| decimals_of(*s)).max();
        let derived = match &definition.kind {
            FigureKind::Raw { value, written } => as_written(definition, *value, None, *written),
            FigureKind::Range { low, high, written } => as_written(definition, *low, Some(*high), *written),
            FigureKind::Sum(parts) => {
                let values: Option<Vec<Figure>> = parts.iter().map(|part| self.input(part)).collect();
                let values = values?;
                let unit = values.first().map_or(Unit::Count, |v| v.unit);
                let decimals = values.iter().map(|v| v.decimals).max().unwrap_or(0);
                (values.iter().map(|v| v.value).sum(), unit, decimals)
            }
            FigureKind::Difference(from, subtract) => {
                let (from, subtract) = (self.input(from)?, self.input(subtract)?);
                let unit = match (from.unit, subtract.unit) {
                    (Unit::Percent, Unit::Percent) => Unit::PercentagePoint,
                    (Unit::Year, Unit::Year) => Unit::Count,
                    (unit, _) => unit,
                };
                (from.value - subtract.value, unit, from.decimals.max(subtract.decimals))
            }
            FigureKind::Growth { from: from_name, to } => {
                let (from, to) = (self.input(from_name)?, self.input(to)?);
                match growth(from.value, to.value) {
                    Some(value) => (value, Unit::Percent, stated_decimals.unwrap_or(1)),
                    None => {
                        return self.fail(
                            definition,
                            format!("`{}` is a change from `{}`, which is 0", definition.name, from_name.name),
                        );
                    }
                }
            }
            FigureKind::Share { part, of } => {
                let (part_value, whole) = (self.input(part)?, self.input(of)?);
                match share(part_value.value, whole.value) {
                    Some(value) => (value, Unit::Percent, stated_decimals.unwrap_or(1)),
                    None => {
                        return self.fail(
                            definition,
                            format!("`{}` is a share of `{}`, which is 0", definition.name, of.name),
                        );
                    }
                }
            }
            FigureKind::Part { share, of } => {
                let (percentage, whole) = (self.input(share)?, self.input(of)?);
                if percentage.unit != Unit::Percent {
                    return self.fail(
                        definition,
                        format!("`{}` is a part by `{}`, which is not a percentage", definition.name, share.name),
                    );
                }
                let decimals = stated_decimals.unwrap_or(if whole.unit == Unit::Count { 0 } else { whole.decimals });
                (percentage.value / 100.0 * whole.value, whole.unit, decimals)
            }
            FigureKind::Progress { baseline, current, target } => {
                let (b, c, t) = (self.input(baseline)?, self.input(current)?, self.input(target)?);
                match progress(b.value, c.value, t.value) {
                    Some(value) => (value, Unit::Percent, stated_decimals.unwrap_or(0)),
                    None => {
                        return self.fail(
                            definition,
                            format!(
                                "`{}`: the target equals the baseline ({}), so there is no way to go",
                                definition.name,
                                t.text()
                            ),
                        );
                    }
                }
            }
        };
        Some(derived)
    }

    /// An explicit `decimals` that hides a non-zero digit of the written value (`written` shows
    /// them all) is a warning at `decimals`: the figure would print differently from its data.
    fn warn_if_digits_hidden(&mut self, definition: &FigureDefinition, at: &Location, shown: Figure, written: Figure) {
        let scale = 10f64.powi(shown.decimals as i32 - shown.unit.shift() as i32);
        let hides = |value: f64| {
            let printed = value * scale;
            (printed - printed.round()).abs() > 1e-9 * printed.abs().max(1.0)
        };
        let hides_a_digit =
            shown.decimals < written.decimals && [Some(written.value), written.upper].into_iter().flatten().any(hides);
        if hides_a_digit {
            let at = Some(at.clone());
            let message = format!("`{}`: {} would print as {}", definition.name, written.text(), shown.text());
            let hint =
                "leave `decimals` out to print the digits the value is written with, or write it as it should print";
            self.problems.push(Diagnostic::warning(at, message).with_hint(hint));
        }
    }

    fn fail<T>(&mut self, definition: &FigureDefinition, message: String) -> Option<T> {
        self.problems.push(Diagnostic::error(Some(definition.location.clone()), message));
        None
    }

    fn compute(&mut self, definition: &FigureDefinition) -> Option<Figure> {
        let (value, unit, decimals) = self.derive(definition)?;
        if !value.is_finite() || value.abs() > MAX_EXACT as f64 {
            return self.fail(
                definition,
                format!("`{}` comes to a number too large to compute exactly (over {MAX_EXACT})", definition.name),
            );
        }
        if let FigureKind::Share { part, of } = &definition.kind
            && value > 100.0
        {
            let message = format!(
                "`{}` is a share of {value:.1}%: `{}` is larger than `{}`",
                definition.name, part.name, of.name
            );
            let hint = "a part cannot exceed its whole; to compare two figures use growth or progress";
            self.problems.push(Diagnostic::error(Some(definition.location.clone()), message).with_hint(hint));
            return None;
        }
        let approximate = self.approximate_input.then_some(Qualifier::Ongeveer);
        let shown = Figure {
            qualifier: definition.qualifier.or(approximate),
            upper: match definition.kind {
                FigureKind::Range { high, .. } => Some(high),
                _ => None,
            },
            ..Figure::new(value, unit, definition.decimals.unwrap_or(decimals))
        };
        if let (FigureKind::Raw { .. } | FigureKind::Range { .. }, Some(at)) =
            (&definition.kind, &definition.decimals_location)
        {
            self.warn_if_digits_hidden(definition, at, shown, Figure { decimals, ..shown });
        }
        Some(shown)
    }
}

/// A written value (or range) in its unit, with the decimals that show every written digit.
fn as_written(definition: &FigureDefinition, value: f64, upper: Option<f64>, written: usize) -> (f64, Unit, usize) {
    let unit = definition.unit.unwrap_or(Unit::Number);
    let decimals = [Some(value), upper].into_iter().flatten().map(|v| shown_decimals(unit, v, written)).max();
    (value, unit, decimals.unwrap_or(0))
}

/// Whether a computed value reads as the stated one at the precision it was stated with
/// (48,81 agrees with a stated 49, not with 48; 9,86 agrees with neither 9,7 nor 9,9).
pub fn agrees_as_printed(stated: f64, computed: f64) -> bool {
    let decimals = decimals_of(stated);
    crate::nl::number(computed, decimals) == crate::nl::number(stated, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl::number;

    /// Published 2020 figures, reproduced from their raw inputs (inventory §5; seed lines).
    #[test]
    fn published_2020_figures_reproduce() {
        let at = |value: Option<f64>, decimals| number(value.unwrap(), decimals);
        // Techniek and zorg: the gap to the mbo target closed since the start year (L893).
        assert_eq!(at(progress(23.6, 31.8, 35.0), 0), "72");
        assert_eq!(at(progress(7.5, 11.6, 15.0), 0), "55");
        // SROI: Zuid's share of the places (L1402-L1412).
        assert_eq!(at(share(500.0, 1506.0), 1), "33,2");
        assert_eq!(at(share(165.0, 442.0), 1), "37,3");
        // Heronderzoeken op signalen on Zuid (L1531-L1543).
        assert_eq!(at(share(188.0, 265.0), 1), "70,9");
        assert_eq!(at(share(598.0, 824.0), 1), "72,6");
        // Aandeel bevolking (T1).
        assert_eq!(at(share(207_256.0, 17_407_585.0), 2), "1,19");
        assert_eq!(at(share(207_256.0, 650_597.0), 1), "31,9");
        // 63% of the started activities on track: groen / (totaal - wit) (L2246).
        assert_eq!(at(share(63.0, 103.0 - 3.0), 0), "63");
        // "steeg van 150 naar 198 personen, een toename van bijna een derde" (L1367).
        assert_eq!(at(growth(150.0, 198.0), 0), "32");
        // "ruim de helft minder vacatures": 2963 → 1281 (L1128).
        assert_eq!(at(growth(2963.0, 1281.0), 1), "−56,8");
    }

    #[test]
    fn undefined_arithmetic_has_no_value() {
        assert_eq!(share(5.0, 0.0), None);
        assert_eq!(growth(0.0, 4.0), None);
        assert_eq!(progress(10.0, 12.0, 10.0), None);
        assert_eq!(
            progress(8200.0, 6499.0, 6500.0).map(|p| number(p, 2)),
            Some("100,06".to_owned()),
            "past the target"
        );
    }

    #[test]
    fn stated_values_are_compared_at_their_printed_precision() {
        assert!(agrees_as_printed(49.0, 48.81));
        assert!(!agrees_as_printed(48.0, 48.81));
        assert!(!agrees_as_printed(9.7, 9.863));
        assert!(agrees_as_printed(2030.0, 2030.0));
    }

    #[test]
    fn decimals_follow_the_written_value() {
        assert_eq!(decimals_of(49.0), 0);
        assert_eq!(decimals_of(9.7), 1);
        assert_eq!(decimals_of(1.19), 2);
    }
}
