//! `indicators.yaml`: the key figures per area with baselines and the ambition.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::WrittenNumber;

/// `indicators.yaml`: the key figures (indicators per area, with baselines) and the ambition they
/// are measured against. Values are data; shares, gaps and the gap closed are computed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsFile {
    /// The table's title, e.g. "Indicatoren school, werk en wonen".
    pub title: Spanned<String>,
    /// The columns, in order.
    pub areas: Vec<AreaFile>,
    /// The gap-closure ambition; without it no indicator is assessed against a comparator (targets
    /// still are).
    #[serde(default)]
    pub ambition: Option<AmbitionFile>,
    /// Notes printed under the table, numbered in this order; indicators refer to them by id.
    #[serde(default)]
    pub footnotes: Vec<FootnoteFile>,
    pub indicators: Vec<IndicatorFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaFile {
    pub id: Spanned<String>,
    pub label: Spanned<String>,
    /// The area this one lies within, for shares: a share row shows a smaller area's share of it.
    #[serde(default)]
    pub within: Option<Spanned<String>>,
}

/// "In 20 jaar het G4-niveau, en na 10 jaar een kwart van de achterstand weggewerkt."
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmbitionFile {
    /// The area whose gap is measured, e.g. `zuid`.
    pub subject: Spanned<String>,
    /// The area it is measured against, e.g. `g4`.
    pub comparator: Spanned<String>,
    /// The share of the baseline gap to close, in percent (25).
    pub closure_target: Spanned<f64>,
    /// `gap_now` (default): today's gap to the comparator's current value; `gap_at_baseline`:
    /// the subject's own progress against the gap measured at the baseline.
    #[serde(default)]
    pub closure_rule: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FootnoteFile {
    pub id: Spanned<String>,
    pub text: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFile {
    /// Names the indicator's figures: `indicators.<id>.<area>`.
    pub id: Spanned<String>,
    pub label: Spanned<String>,
    /// The period of the values, printed after the label: "2020", "schooljaar 2019/2020".
    #[serde(default)]
    pub period: Option<Spanned<String>>,
    /// `count`, `number`, `percent` or `euro`; for a series, the series' unit (it may be
    /// repeated here) and for a `share_of` row `percent`.
    #[serde(default)]
    pub unit: Option<Spanned<String>>,
    #[serde(default)]
    pub decimals: Option<Spanned<usize>>,
    /// `higher` or `lower` is better. Without it the row is context and is not assessed.
    #[serde(default)]
    pub polarity: Option<Spanned<String>>,
    /// Footnote ids printed after the label.
    #[serde(default)]
    pub notes: Vec<Spanned<String>>,
    /// Per area id; `null` where there is no value (printed "x"). Without it (and without
    /// `share_of`) the values come from the series of the same id in `series.yaml`, the latest
    /// this edition could publish, or the one of `period` if given.
    #[serde(default)]
    pub values: Option<Spanned<BTreeMap<String, Option<f64>>>>,
    /// Instead of values: each area's share in the indicator named here (a smaller area's share
    /// of the larger one, e.g. Zuid in Rotterdam, the focuswijken in Zuid).
    #[serde(default)]
    pub share_of: Option<Spanned<String>>,
    #[serde(default)]
    pub baseline: Option<BaselineFile>,
    /// Fixed targets for the ambition's subject (or the first area): "35% techniek in 2030".
    #[serde(default)]
    pub targets: Vec<TargetFile>,
    /// As printed, per area, for computed rows: checked against the computation.
    #[serde(default)]
    pub stated: Option<Spanned<BTreeMap<String, f64>>>,
    /// Per area: why a disagreement with `stated` is accepted.
    #[serde(default)]
    pub known_issue: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub source: Option<String>,
}

/// A value to reach by a year or the end of a period: `{value: 35, year: 2030}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    pub value: Spanned<WrittenNumber>,
    #[serde(default)]
    pub year: Option<Spanned<i32>>,
    /// Instead of `year`: a period as the report writes it, e.g. "schooljaar 2029/2030".
    #[serde(default)]
    pub period: Option<Spanned<String>>,
    /// `at_least` or `at_most`; by default from the indicator's polarity.
    #[serde(default)]
    pub direction: Option<Spanned<String>>,
    /// Where the target is set, e.g. "Uitvoeringsplan 2012, blz. 14".
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    /// The baseline's period, e.g. "2011" or "2011/2012".
    pub period: Spanned<String>,
    /// Footnote id printed after each baseline value.
    #[serde(default)]
    pub note: Option<Spanned<String>>,
    /// Decimals shown, when the baseline was published less precisely than the current value.
    #[serde(default)]
    pub decimals: Option<Spanned<usize>>,
    /// Per area; without it, the series' observation of `period`.
    #[serde(default)]
    pub values: Option<Spanned<BTreeMap<String, Option<f64>>>>,
}

/// A multi-year chart from a series: `{series: werkloosheid, areas: [zuid, g4]}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryFile {
    pub series: Spanned<String>,
    pub areas: Spanned<Vec<String>>,
}
