//! `activities.yaml`: the status and trend of the programme's activities.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// `activities.yaml`: the status of the programme's activities per pillar (groen, oranje, rood,
/// wit) and its trend since last year (vooruit, gelijk, achteruit). Either one entry per activity
/// (koers counts them) or, where only a printed summary exists, the counts per pillar.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivitiesFile {
    pub title: Spanned<String>,
    /// What each colour means, printed under the table: `groen: Resultaat zal worden …`.
    pub legend: BTreeMap<String, Spanned<String>>,
    /// The table's rows, in order.
    pub pillars: Vec<ActivityPillarFile>,
    #[serde(default)]
    pub activities: Vec<ActivityFile>,
    /// As printed: totals per trend and in all (`vooruit`, `gelijk`, `achteruit`, `total`) and the
    /// share of started activities that are groen (`share_green_of_started`).
    #[serde(default)]
    pub stated: Option<Spanned<BTreeMap<String, f64>>>,
    /// Why a disagreement with `stated` is accepted.
    #[serde(default)]
    pub known_issue: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityPillarFile {
    pub id: Spanned<String>,
    pub label: Spanned<String>,
    /// The printed summary: per colour, the count per trend. Without it the pillar's counts come
    /// from `activities`.
    #[serde(default)]
    pub counts: Option<Spanned<BTreeMap<String, BTreeMap<String, u64>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityFile {
    pub name: Spanned<String>,
    pub pillar: Spanned<String>,
    pub status: Spanned<String>,
    /// Last year's status; none for an activity new this year.
    #[serde(default)]
    pub previous: Option<Spanned<String>>,
}
