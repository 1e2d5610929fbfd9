//! Declared figures: a raw value with its unit, or a derivation (sum, difference, growth, share,
//! progress) from other figures by name, with what the printed report states to check against.
//! The bounds every figure must respect (decimals, exact whole numbers, values possible for the
//! unit) are here too.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::Checker;
use super::names::{declared, is_identifier, qualified};
use crate::content::files::{FigureFile, StatedFile};
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};

/// A declared figure: a raw value or a derivation from other figures.
#[derive(Debug, Clone)]
pub struct FigureDefinition {
    /// Qualified: `thuisbasis.schulden_totaal`, `report.activiteiten_groen`.
    pub name: String,
    pub kind: FigureKind,
    /// Declared for raw values; derived ones take it from their inputs.
    pub unit: Option<Unit>,
    pub decimals: Option<usize>,
    /// What the printed report says, to check (several where it says it more than once).
    pub stated: Vec<f64>,
    pub stated_location: Option<Location>,
    pub location: Location,
    /// Where the value comes from (provenance, as the bureau wrote it).
    pub source: Option<String>,
    /// Why a disagreement with `stated` is accepted (then it is a note, not a warning).
    pub known_issue: Option<String>,
}

impl FigureDefinition {
    /// A figure koers declares itself (from data or a rule), with nothing printed to check.
    pub fn declared(
        name: String,
        kind: FigureKind,
        unit: Option<Unit>,
        decimals: Option<usize>,
        location: Location,
    ) -> Self {
        Self {
            name,
            kind,
            unit,
            decimals,
            stated: Vec::new(),
            stated_location: None,
            location,
            source: None,
            known_issue: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum FigureKind {
    Raw(f64),
    Sum(Vec<FigureName>),
    Difference(FigureName, FigureName),
    /// The change from one figure to another, in percent of the first.
    Growth {
        from: FigureName,
        to: FigureName,
    },
    Share {
        part: FigureName,
        of: FigureName,
    },
    Progress {
        baseline: FigureName,
        current: FigureName,
        target: FigureName,
    },
}

/// A reference to another figure, qualified, with where it is written.
#[derive(Debug, Clone)]
pub struct FigureName {
    pub name: String,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Number,
    Percent,
    /// The difference of two percentages: "0,12 procentpunt", never "0,12%".
    PercentagePoint,
    Euro,
    /// Euros, printed in millions: "€ 104,2 mln.".
    EuroMillions,
    /// A calendar year: "2019", never "2.019".
    Year,
}

/// The most decimals a figure may be shown with: more is a typo (and would cost memory to print).
pub const MAX_DECIMALS: usize = 6;

/// The largest whole number koers computes with exactly (2^53 − 1): counts and sums beyond it
/// would silently lose digits in floating point, so they are refused.
pub const MAX_EXACT: u64 = (1 << 53) - 1;

/// Why a value cannot be right for its unit, if it cannot.
pub(super) fn impossible(unit: Unit, value: f64) -> Option<&'static str> {
    match unit {
        _ if !value.is_finite() => Some("is not a number"),
        _ if value.abs() > MAX_EXACT as f64 => Some("is larger than koers computes exactly (2^53 − 1)"),
        Unit::Percent if !(0.0..=100.0).contains(&value) => Some("is not a possible percentage (0 to 100)"),
        Unit::Count if value < 0.0 || value.fract() != 0.0 => Some("is not a possible count (a whole number ≥ 0)"),
        Unit::Euro | Unit::EuroMillions if value < 0.0 => Some("is not a possible amount here (negative)"),
        _ => None,
    }
}

/// The number of decimals a value was written with (49 → 0, 9.7 → 1).
pub fn decimals_of(value: f64) -> usize {
    let written = format!("{value}");
    written.split_once('.').map_or(0, |(_, fraction)| fraction.len())
}

impl Checker<'_> {
    /// Validates a file's `figures:`; names are qualified with `namespace` (the file stem).
    pub(super) fn figures(
        &mut self,
        namespace: &str,
        figures: BTreeMap<String, Spanned<FigureFile>>,
        out: &mut Vec<FigureDefinition>,
    ) {
        for (name, figure) in figures {
            let at = location(self.path, &figure.referenced);
            if !is_identifier(&name) {
                self.problems.push(
                    Diagnostic::error(Some(at.clone()), format!("`{name}` is not a usable figure name"))
                        .with_hint("figure names use lower-case letters, digits and `_`, e.g. schulden_totaal"),
                );
                continue;
            }
            let Some((kind, default_unit)) = self.figure_kind(&name, namespace, &figure.value, &at) else { continue };
            let FigureFile { unit, decimals, stated, source, known_issue, .. } = figure.value;
            let unit = unit.map_or(default_unit, |unit| self.unit(&unit).or(default_unit));
            if let (FigureKind::Raw(value), Some(unit)) = (&kind, unit)
                && let Some(why) = impossible(unit, *value)
            {
                self.problems.push(Diagnostic::error(Some(at.clone()), format!("`{name}`: {value} {why}")));
            }
            let (stated, stated_location) = match stated {
                Some(stated) => {
                    let values = match stated.value {
                        StatedFile::One(value) => vec![value],
                        StatedFile::Several(values) => values,
                    };
                    (values, Some(location(self.path, &stated.referenced)))
                }
                None => (Vec::new(), None),
            };
            out.push(FigureDefinition {
                name: declared(namespace, &name),
                kind,
                unit,
                decimals: self.decimals(decimals.as_ref()),
                stated,
                stated_location,
                location: at,
                source,
                known_issue,
            });
        }
    }

    /// The one definition a figure has (a raw count or value, or one derivation) and the unit that
    /// definition implies; `None` (with the problem recorded) when it has none, several, or a count
    /// koers cannot compute with exactly.
    fn figure_kind(
        &mut self,
        name: &str,
        namespace: &str,
        figure: &FigureFile,
        at: &Location,
    ) -> Option<(FigureKind, Option<Unit>)> {
        let qualify = |reference: &Spanned<String>| FigureName {
            name: qualified(namespace, &reference.value),
            location: location(self.path, &reference.referenced),
        };
        let FigureFile { count, value, sum, difference, growth, share, progress, .. } = figure;
        let mut kinds = Vec::new();
        if let Some(count) = *count {
            if count > MAX_EXACT {
                self.problems.push(Diagnostic::error(
                    Some(at.clone()),
                    format!("`{name}`: {count} is larger than koers computes exactly ({MAX_EXACT})"),
                ));
                return None;
            }
            kinds.push((FigureKind::Raw(count as f64), Some(Unit::Count)));
        }
        if let Some(value) = *value {
            kinds.push((FigureKind::Raw(value), Some(Unit::Number)));
        }
        if let Some(parts) = sum {
            kinds.push((FigureKind::Sum(parts.iter().map(qualify).collect()), None));
        }
        if let Some(operands) = difference {
            match operands.as_slice() {
                [a, b] => kinds.push((FigureKind::Difference(qualify(a), qualify(b)), None)),
                _ => self
                    .problems
                    .push(Diagnostic::error(Some(at.clone()), "`difference` takes two figures: [from, subtract]")),
            }
        }
        if let Some(growth) = growth {
            kinds.push((
                FigureKind::Growth { from: qualify(&growth.from), to: qualify(&growth.to) },
                Some(Unit::Percent),
            ));
        }
        if let Some(share) = share {
            kinds.push((FigureKind::Share { part: qualify(&share.part), of: qualify(&share.of) }, Some(Unit::Percent)));
        }
        if let Some(p) = progress {
            let kind = FigureKind::Progress {
                baseline: qualify(&p.baseline),
                current: qualify(&p.current),
                target: qualify(&p.target),
            };
            kinds.push((kind, Some(Unit::Percent)));
        }
        if kinds.len() == 1 {
            return kinds.pop();
        }
        self.problems.push(
            Diagnostic::error(
                Some(at.clone()),
                format!("`{name}` has {} definitions; a figure needs exactly one", kinds.len()),
            )
            .with_hint("give one of count, value, sum, difference, growth, share, progress"),
        );
        None
    }

    /// Decimals a figure is shown with, if given: at most [`MAX_DECIMALS`].
    pub(super) fn decimals(&mut self, decimals: Option<&Spanned<usize>>) -> Option<usize> {
        let decimals = decimals?;
        if decimals.value <= MAX_DECIMALS {
            return Some(decimals.value);
        }
        self.problems.push(
            Diagnostic::error(
                self.at(&decimals.referenced),
                format!("{} decimals is more than a report prints (at most {MAX_DECIMALS})", decimals.value),
            )
            .with_hint("leave `decimals` out to print the digits the value is written with"),
        );
        None
    }

    pub(super) fn unit(&mut self, unit: &Spanned<String>) -> Option<Unit> {
        match unit.value.as_str() {
            "number" => Some(Unit::Number),
            "percent" => Some(Unit::Percent),
            "euro" => Some(Unit::Euro),
            "euro_millions" => Some(Unit::EuroMillions),
            "count" => Some(Unit::Count),
            other => {
                self.problems.push(
                    Diagnostic::error(self.at(&unit.referenced), format!("`{other}` is not a unit"))
                        .with_hint("units are count, number, percent, euro and euro_millions"),
                );
                None
            }
        }
    }
}
