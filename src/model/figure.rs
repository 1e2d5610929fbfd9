//! Declared figures: a raw value or range with its unit and qualifier, or a derivation (sum,
//! difference, growth, share, part, progress) from other figures by name, with what the printed
//! report states to check against. What a unit allows and prints is in `units`.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::Checker;
use super::names::{declared, is_identifier, qualified};
use super::units::{MAX_DECIMALS, MAX_EXACT, QUALIFIERS, Qualifier, Unit, impossible, needed_decimals, short};
use crate::content::files::{FigureFile, StatedFile, WrittenNumber};
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
    /// Where `decimals` is written, for a warning when it hides a written digit.
    pub decimals_location: Option<Location>,
    /// What the printed report says, to check (several where it says it more than once).
    pub stated: Vec<f64>,
    pub stated_location: Option<Location>,
    pub location: Location,
    /// Where the value comes from (provenance, as the bureau wrote it).
    pub source: Option<String>,
    /// Why a disagreement with `stated` is accepted (then it is a note, not a warning).
    pub known_issue: Option<String>,
    /// Printed before the value: "ongeveer 13.600". Derived figures with a qualified input are
    /// approximate ("ongeveer") unless they have their own.
    pub qualifier: Option<Qualifier>,
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
            decimals_location: None,
            stated: Vec::new(),
            stated_location: None,
            location,
            source: None,
            known_issue: None,
            qualifier: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum FigureKind {
    /// A value as written, with the decimals it was written with.
    Raw {
        value: f64,
        written: usize,
    },
    /// "6 tot 10": two values as written, the lower first.
    Range {
        low: f64,
        high: f64,
        written: usize,
    },
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
    /// The part of `of` that the percentage `share` is, in the unit of `of`.
    Part {
        share: FigureName,
        of: FigureName,
    },
}

/// A reference to another figure, qualified, with where it is written.
#[derive(Debug, Clone)]
pub struct FigureName {
    pub name: String,
    pub location: Location,
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
            let qualifier = figure.value.qualifier.as_ref().and_then(|written| self.qualifier(written));
            let FigureFile { unit, decimals, stated, source, known_issue, .. } = figure.value;
            let unit = unit.map_or(default_unit, |unit| self.unit(&unit).or(default_unit));
            let values = match &kind {
                FigureKind::Raw { value, written } => vec![(*value, *written)],
                FigureKind::Range { low, high, written } => vec![(*low, *written), (*high, *written)],
                _ => Vec::new(),
            };
            for (value, written) in values.iter().filter(|_| unit.is_some()) {
                let unit = unit.unwrap_or(Unit::Number);
                if let Some(why) = impossible(unit, *value) {
                    self.problems.push(Diagnostic::error(Some(at.clone()), format!("`{name}`: {value} {why}")));
                } else if needed_decimals(unit, *value, *written) > MAX_DECIMALS {
                    self.problems.push(
                        Diagnostic::error(
                            Some(at.clone()),
                            format!("`{name}`: {} has more digits than a report prints in its unit", short(*value)),
                        )
                        .with_hint(format!(
                            "at most {MAX_DECIMALS} decimals print; round the value as it should print"
                        )),
                    );
                }
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
                decimals_location: decimals.as_ref().map(|decimals| location(self.path, &decimals.referenced)),
                decimals: self.decimals(decimals.as_ref()),
                stated,
                stated_location,
                location: at,
                source,
                known_issue: known_issue.map(|reason| self.reason(reason)),
                qualifier,
            });
        }
    }

    fn range(&mut self, range: &Spanned<Vec<WrittenNumber>>) -> Option<FigureKind> {
        if let [low, high] = range.value.as_slice()
            && low.value < high.value
        {
            return Some(FigureKind::Range {
                low: low.value,
                high: high.value,
                written: low.decimals.max(high.decimals),
            });
        }
        self.problems.push(
            Diagnostic::error(self.at(&range.referenced), "`range` takes two values, the lower first")
                .with_hint("e.g. `range: [6, 10]` prints \"6 tot 10\""),
        );
        None
    }

    fn qualifier(&mut self, written: &Spanned<String>) -> Option<Qualifier> {
        // "zo’n" as a word processor writes it is "zo'n".
        let found = QUALIFIERS.iter().find(|(words, _)| *words == written.value.replace('’', "'"));
        if found.is_none() {
            let words = QUALIFIERS.iter().map(|(words, _)| *words);
            self.problems.push(
                Diagnostic::error(self.at(&written.referenced), format!("`{}` is not a qualifier", written.value))
                    .with_hint(format!("qualifiers are {}", words.clone().collect::<Vec<_>>().join(", ")))
                    .suggesting(&written.value, words),
            );
        }
        found.map(|(_, qualifier)| *qualifier)
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
        let FigureFile { count, value, range, sum, difference, growth, share, progress, part, .. } = figure;
        let mut kinds = Vec::new();
        if let Some(count) = *count {
            if count > MAX_EXACT {
                self.problems.push(Diagnostic::error(
                    Some(at.clone()),
                    format!("`{name}`: {count} is larger than koers computes exactly ({MAX_EXACT})"),
                ));
                return None;
            }
            kinds.push((FigureKind::Raw { value: count as f64, written: 0 }, Some(Unit::Count)));
        }
        if let Some(written) = *value {
            let kind = FigureKind::Raw { value: written.value, written: written.decimals };
            kinds.push((kind, Some(Unit::Number)));
        }
        if let Some(range) = range {
            // A range written wrongly has its own error; it is no missing definition.
            kinds.push((self.range(range)?, Some(Unit::Number)));
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
        if let Some(part) = part {
            kinds.push((FigureKind::Part { share: qualify(&part.share), of: qualify(&part.of) }, None));
        }
        if kinds.len() == 1 {
            return kinds.pop();
        }
        self.problems.push(
            Diagnostic::error(
                Some(at.clone()),
                format!("`{name}` has {} definitions; a figure needs exactly one", kinds.len()),
            )
            .with_hint("give one of count, value, range, sum, difference, growth, share, part, progress"),
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
            "euro_billions" => Some(Unit::EuroBillions),
            "count" => Some(Unit::Count),
            "thousands" => Some(Unit::Thousands),
            other => {
                self.problems.push(
                    Diagnostic::error(self.at(&unit.referenced), format!("`{other}` is not a unit")).with_hint(
                        "units are count, number, thousands, percent, euro, euro_millions and euro_billions",
                    ),
                );
                None
            }
        }
    }
}
