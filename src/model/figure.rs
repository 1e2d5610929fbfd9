//! Declared figures: a raw value with its unit, or a derivation (sum, difference, growth, share,
//! progress) from other figures by name, with what the printed report states to check against.
//! The bounds every figure must respect (decimals, exact whole numbers, values possible for the
//! unit) are here too.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::Checker;
use super::names::{declared, is_identifier, qualified};
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
    /// Euros, printed in billions: "€ 2,2 mld.".
    EuroBillions,
    /// A number printed in thousands: "13,6 duizend".
    Thousands,
    /// A calendar year: "2019", never "2.019".
    Year,
    /// Whether an indicator is on course for its target: the value is a [`Course`] code.
    Course,
}

/// How a figure is approximate or bounded, as reports write it before the number: "ongeveer
/// 13.600", "meer dan 600", "ruim € 6 mln.". A closed list, so every printed qualifier is Dutch
/// a reader expects and arithmetic knows the value is not exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Ongeveer,
    Circa,
    Ruim,
    MeerDan,
    MinderDan,
    Bijna,
    Zon,
    TenMinste,
}

pub const QUALIFIERS: [(&str, Qualifier); 8] = [
    ("ongeveer", Qualifier::Ongeveer),
    ("circa", Qualifier::Circa),
    ("ruim", Qualifier::Ruim),
    ("meer dan", Qualifier::MeerDan),
    ("minder dan", Qualifier::MinderDan),
    ("bijna", Qualifier::Bijna),
    ("zo'n", Qualifier::Zon),
    ("ten minste", Qualifier::TenMinste),
];

impl Qualifier {
    /// The words printed before the number.
    pub fn words(self) -> &'static str {
        match self {
            // Written with a typewriter apostrophe, printed with the typographic one.
            Qualifier::Zon => "zo’n",
            _ => QUALIFIERS.iter().find(|(_, qualifier)| *qualifier == self).map_or("", |(words, _)| words),
        }
    }
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
        Unit::Euro | Unit::EuroMillions | Unit::EuroBillions if value < 0.0 => {
            Some("is not a possible amount here (negative)")
        }
        _ => None,
    }
}

impl Unit {
    /// How many places the decimal point moves for printing: euros print in millions (6) or
    /// billions (9).
    pub fn shift(self) -> usize {
        match self {
            Unit::Thousands => 3,
            Unit::EuroMillions => 6,
            Unit::EuroBillions => 9,
            _ => 0,
        }
    }
}

/// The decimals that print every digit a value was written with (`written` decimals), in the
/// unit's printed scale: 9300000 euros in millions → 1 ("€ 9,3 mln."), `4.0` percent → 1
/// ("4,0%"), 18000000 in millions → 0. At most [`MAX_DECIMALS`]; a value that needs more is an
/// error where it is written.
pub fn shown_decimals(unit: Unit, value: f64, written: usize) -> usize {
    needed_decimals(unit, value, written).min(MAX_DECIMALS)
}

fn needed_decimals(unit: Unit, value: f64, written: usize) -> usize {
    let shift = unit.shift();
    if written > 0 || shift == 0 {
        written + shift
    } else {
        let mut whole = value.abs().round() as u64;
        let mut zeros = 0;
        while zeros < shift && whole != 0 && whole.is_multiple_of(10) {
            whole /= 10;
            zeros += 1;
        }
        if whole == 0 { 0 } else { shift - zeros }
    }
}

/// A value for a message: as Rust writes it, or in exponent form where that is long (1e-300).
fn short(value: f64) -> String {
    let plain = format!("{value}");
    if plain.len() > 24 { format!("{value:e}") } else { plain }
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
                known_issue,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl::{euro, euro_billions, euro_millions, number, percent};

    fn printed(unit: Unit, value: f64, decimals: usize) -> String {
        match unit {
            Unit::EuroMillions => euro_millions(value, decimals),
            Unit::EuroBillions => euro_billions(value, decimals),
            Unit::Euro => euro(value, decimals),
            Unit::Percent => percent(value, decimals),
            _ => number(value, decimals),
        }
    }

    #[test]
    fn a_value_prints_the_digits_it_is_written_with() {
        for (unit, value, written, text) in [
            (Unit::EuroMillions, 9_300_000.0, 0, "€ 9,3 mln."),
            (Unit::EuroMillions, 104_200_000.0, 0, "€ 104,2 mln."),
            (Unit::EuroMillions, 18_000_000.0, 0, "€ 18 mln."),
            (Unit::EuroMillions, 250_000.0, 0, "€ 0,25 mln."),
            (Unit::EuroBillions, 2_200_000_000.0, 0, "€ 2,2 mld."),
            (Unit::Percent, 4.0, 1, "4,0%"),
            (Unit::Percent, 4.0, 0, "4%"),
            (Unit::Euro, 30_100.0, 0, "€ 30.100"),
            (Unit::Number, 12.50, 2, "12,50"),
        ] {
            assert_eq!(printed(unit, value, shown_decimals(unit, value, written)), text);
        }
    }

    /// Property: over many written values and units, the default print drops no written digit: read
    /// back (points dropped, comma as point, scaled to euros) it is the value as written.
    #[test]
    fn the_default_print_never_drops_a_written_digit() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        };
        for _ in 0..20_000 {
            let unit =
                [Unit::Number, Unit::Percent, Unit::Euro, Unit::EuroMillions, Unit::EuroBillions][next(5) as usize];
            let written = next(4) as usize;
            let digits = next(10u64.pow(9));
            let value = digits as f64 / 10f64.powi(written as i32);
            if needed_decimals(unit, value, written) > MAX_DECIMALS {
                continue; // refused where it is written
            }
            let decimals = shown_decimals(unit, value, written);
            let text = printed(unit, value, decimals);
            let number: String = text.chars().filter(|c| c.is_ascii_digit() || *c == ',').collect();
            let back: f64 = number.replace(',', ".").parse().unwrap();
            let scale = 10f64.powi(unit.shift() as i32);
            assert!((back * scale - value).abs() <= 1e-6 * value.max(1.0), "{value} ({written} written) → {text}");
        }
    }
}
