//! The gap between an area and its comparator, and the share of it closed since the baseline:
//! the NPRZ ambition "in 20 jaar het G4-niveau, en na 10 jaar een kwart van de achterstand
//! weggewerkt". The ambition reads two ways, so both are here ([`ClosureRule`]).

use crate::model::indicators::{ClosureRule, Polarity};

/// How far `subject` is behind `comparator`; positive means behind, whatever the polarity.
pub fn gap(polarity: Polarity, subject: f64, comparator: f64) -> f64 {
    match polarity {
        Polarity::HigherIsBetter => comparator - subject,
        Polarity::LowerIsBetter => subject - comparator,
    }
}

/// A subject's values at the baseline and now, with its comparator's.
#[derive(Debug, Clone, Copy)]
pub struct Measurements {
    pub subject_baseline: f64,
    pub subject_now: f64,
    pub comparator_baseline: f64,
    pub comparator_now: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Closure {
    /// Percent of the baseline gap closed: 100 is level with the comparator, above 100 ahead of
    /// it, below 0 further behind than at the baseline.
    Closed(f64),
    /// The subject was level with or ahead of its comparator at the baseline: nothing to close.
    NoGapAtBaseline,
}

/// The share of the baseline gap closed. Under [`ClosureRule::GapNow`] today's gap is measured
/// against the comparator's current value (the comparator may have moved on); under
/// [`ClosureRule::GapAtBaseline`] against its baseline value (only the subject's own progress counts).
pub fn closure(rule: ClosureRule, polarity: Polarity, m: Measurements) -> Closure {
    let at_baseline = gap(polarity, m.subject_baseline, m.comparator_baseline);
    if at_baseline <= 0.0 {
        return Closure::NoGapAtBaseline;
    }
    let comparator = match rule {
        ClosureRule::GapNow => m.comparator_now,
        ClosureRule::GapAtBaseline => m.comparator_baseline,
    };
    let now = gap(polarity, m.subject_now, comparator);
    Closure::Closed((at_baseline - now) / at_baseline * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl::number;
    use ClosureRule::{GapAtBaseline, GapNow};
    use Polarity::{HigherIsBetter as Higher, LowerIsBetter as Lower};

    /// The Zuid column of the 2020 key figures against the G4 (inventory §5 C3): indicator,
    /// polarity, Zuid baseline and now, G4 baseline and now, closure under A (gap now) and
    /// under B (gap at baseline), to one decimal.
    #[test]
    fn reproduces_the_2020_key_figures_under_both_rules() {
        let cases = [
            ("inkomen", Higher, 20_100.0, 24_000.0, 24_600.0, 29_500.0, "−22,2", "86,7"),
            ("huishoudens uitkering", Lower, 21.0, 17.5, 15.0, 12.5, "16,7", "58,3"),
            ("kinderen armoede", Lower, 31.0, 23.2, 20.0, 14.6, "21,8", "70,9"),
            ("middelbaar opgeleid", Higher, 54.0, 60.0, 70.0, 74.0, "12,5", "37,5"),
            ("3 havo/vwo", Higher, 27.0, 32.0, 43.0, 51.0, "−18,8", "31,3"),
            ("nieuwe vsv", Lower, 4.3, 2.6, 3.5, 2.3, "62,5", "212,5"),
            ("laag opgeleide ouders", Lower, 25.0, 23.2, 16.0, 15.5, "14,4", "20,0"),
            ("fundamenteel", Higher, 89.8, 91.6, 91.7, 94.6, "−57,9", "94,7"),
            ("streefniveau", Higher, 50.0, 51.3, 55.2, 59.0, "−48,1", "25,0"),
            ("woz", Higher, 113_690.0, 169_500.0, 204_450.0, 321_000.0, "−66,9", "61,5"),
        ];
        for (name, polarity, subject_baseline, subject_now, comparator_baseline, comparator_now, a, b) in cases {
            let m = Measurements { subject_baseline, subject_now, comparator_baseline, comparator_now };
            for (rule, expected) in [(GapNow, a), (GapAtBaseline, b)] {
                let Closure::Closed(closed) = closure(rule, polarity, m) else { panic!("{name}: no gap") };
                assert_eq!(number(closed, 1), expected, "{name} under {rule:?}");
            }
        }
    }

    #[test]
    fn defined_results_at_the_edges() {
        let level =
            Measurements { subject_baseline: 5.0, subject_now: 4.0, comparator_baseline: 5.0, comparator_now: 3.0 };
        assert_eq!(closure(GapNow, Lower, level), Closure::NoGapAtBaseline);
        let ahead = Measurements { subject_baseline: 80.0, ..level };
        assert_eq!(closure(GapAtBaseline, Higher, ahead), Closure::NoGapAtBaseline);
        // Closed exactly, overshoot, and falling further behind.
        let m = |now| Measurements {
            subject_baseline: 10.0,
            subject_now: now,
            comparator_baseline: 20.0,
            comparator_now: 20.0,
        };
        assert_eq!(closure(GapNow, Higher, m(20.0)), Closure::Closed(100.0));
        assert_eq!(closure(GapNow, Higher, m(25.0)), Closure::Closed(150.0));
        assert_eq!(closure(GapNow, Higher, m(5.0)), Closure::Closed(-50.0));
        assert_eq!(closure(GapNow, Higher, m(10.0)), Closure::Closed(0.0));
    }

    #[test]
    fn polarity_decides_which_way_is_behind() {
        assert_eq!(gap(Higher, 60.0, 74.0), 14.0);
        assert_eq!(gap(Lower, 17.5, 12.5), 5.0);
        assert_eq!(gap(Lower, 10.0, 12.5), -2.5);
    }
}
