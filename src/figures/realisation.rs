//! Realisation against an ambition: `(Σ realised) / ambition`, and the sums of grouped rows.
//! (The 2020 "Voortgang aanpak woningvoorraad": 720 + 1330 of 4200 is 49%.)

/// A row's figures: its counts and the share of the ambition realised.
#[derive(Debug, Clone, PartialEq)]
pub struct Realisation {
    pub ambition: u64,
    /// Per year of the table.
    pub realised: Vec<u64>,
    /// The sum over the years.
    pub total: u64,
    /// Percentage of the ambition realised; `None` when the ambition is 0 (nothing to realise).
    pub percentage: Option<f64>,
}

/// The figures of a row with its own counts.
/// Sums saturate: counts beyond [`crate::model::MAX_EXACT`] are refused where they are checked,
/// so a hostile table gives an error there, never an overflow here.
pub fn of_counts(ambition: u64, realised: &[u64]) -> Realisation {
    let total = realised.iter().fold(0, |sum: u64, count| sum.saturating_add(*count));
    let percentage = (ambition > 0).then(|| total as f64 / ambition as f64 * 100.0);
    Realisation { ambition, realised: realised.to_vec(), total, percentage }
}

/// The figures of a row that groups `parts`: their sums, year by year.
pub fn of_parts(parts: &[Realisation], years: usize) -> Realisation {
    let sum = |counts: &mut dyn Iterator<Item = u64>| counts.fold(0, |sum: u64, count| sum.saturating_add(count));
    let ambition = sum(&mut parts.iter().map(|part| part.ambition));
    let realised: Vec<u64> = (0..years)
        .map(|year| sum(&mut parts.iter().map(|part| part.realised.get(year).copied().unwrap_or(0))))
        .collect();
    of_counts(ambition, &realised)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nl::number;

    /// The published 2020 table (seed L1805-L1841): every printed percentage reproduces.
    #[test]
    fn woningvoorraad_2020_reproduces_the_printed_percentages() {
        let nieuwbouw = of_counts(1100, &[267, 235]);
        let renovatie = of_counts(3100, &[453, 1095]);
        let corporaties = of_parts(&[nieuwbouw.clone(), renovatie.clone()], 2);
        let basisbeheer = of_counts(3000, &[780, 1176]);
        let sloop = of_counts(300, &[70, 0]);
        let samenvoegen = of_counts(1100, &[325, 627]);
        let grondig = of_parts(&[sloop.clone(), samenvoegen.clone()], 2);
        assert_eq!((corporaties.ambition, corporaties.realised.clone()), (4200, vec![720, 1330]));
        assert_eq!((grondig.ambition, grondig.realised.clone()), (1400, vec![395, 627]));
        let printed = [
            (&corporaties, "49"),
            (&nieuwbouw, "46"),
            (&renovatie, "50"),
            (&basisbeheer, "65"),
            (&grondig, "73"),
            (&sloop, "23"),
            (&samenvoegen, "87"),
        ];
        for (row, expected) in printed {
            assert_eq!(number(row.percentage.unwrap(), 0), expected, "{row:?}");
        }
    }

    #[test]
    fn edge_cases_have_defined_results() {
        assert_eq!(of_counts(0, &[5]).percentage, None, "no ambition: no percentage, never NaN");
        assert_eq!(of_counts(100, &[]).percentage, Some(0.0));
        assert_eq!(of_counts(100, &[80, 40]).percentage, Some(120.0), "overshoot stays visible");
        assert_eq!(of_parts(&[], 2), of_counts(0, &[0, 0]));
        assert_eq!(of_counts(1, &[u64::MAX, u64::MAX]).total, u64::MAX, "saturates, never overflows");
    }
}
