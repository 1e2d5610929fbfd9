//! `content/series.yaml`: values that live across editions, entered once.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// `content/series.yaml`, beside the edition folders: values that live across editions, entered
/// once. Each edition finds in it what it could publish: observations first published in its
/// year or before, with the revisions made by then.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSeriesFile {
    pub series: Vec<TimeSeriesEntryFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSeriesEntryFile {
    /// The indicator id that takes its values from this series.
    pub id: Spanned<String>,
    /// `count`, `number`, `percent`, `euro`, `euro_millions` or `euro_billions`.
    pub unit: Spanned<String>,
    #[serde(default)]
    pub source: Option<String>,
    pub observations: Vec<ObservationFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservationFile {
    /// As printed: "2020", "2019/2020", "schooljaar 2019/2020", "okt. 2019", "1 okt. 2019".
    pub period: Spanned<String>,
    /// The edition that first published the values: editions before it do not see them.
    pub since: Spanned<i32>,
    /// Per area id; `null` where there is no value.
    pub values: Spanned<BTreeMap<String, Option<f64>>>,
    /// Later corrections; editions from their `since` on show the revised values, earlier
    /// editions keep the published ones.
    #[serde(default)]
    pub revised: Vec<RevisionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionFile {
    /// The first edition that shows the revised values.
    pub since: Spanned<i32>,
    /// Only the areas whose value changed.
    pub values: Spanned<BTreeMap<String, Option<f64>>>,
    /// Why, e.g. "definitief cijfer CBS".
    pub reason: Spanned<String>,
}
