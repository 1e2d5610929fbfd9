//! Units and how a value prints in one: the scale it prints in (euros in millions, numbers in
//! thousands), the decimals that show every digit it is written with, the qualifier written
//! before it, and the values no unit allows. Leaves of the model: no checking, no content files.

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
pub(crate) fn impossible(unit: Unit, value: f64) -> Option<&'static str> {
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

pub(super) fn needed_decimals(unit: Unit, value: f64, written: usize) -> usize {
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
pub(super) fn short(value: f64) -> String {
    let plain = format!("{value}");
    if plain.len() > 24 { format!("{value:e}") } else { plain }
}

/// The number of decimals a value was written with (49 → 0, 9.7 → 1).
pub fn decimals_of(value: f64) -> usize {
    let written = format!("{value}");
    written.split_once('.').map_or(0, |(_, fraction)| fraction.len())
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
