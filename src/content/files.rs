//! The content files as written: one struct per file kind, mirroring the YAML one to one.
//!
//! Unknown keys are errors (`deny_unknown_fields`), so a typo never silently drops text. Values
//! that later stages validate keep their YAML location (`Spanned`) so those errors can point at
//! the line too.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

/// `report.yaml`: the edition as a whole.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    /// The year the report covers; must match the folder name.
    pub year: Spanned<i32>,
    /// Masthead, e.g. "Zuid op Koers".
    pub title: Spanned<String>,
    /// Printed under the masthead, followed by the year.
    pub subtitle: Spanned<String>,
    /// Who wrote the report (PDF author).
    pub author: Spanned<String>,
    /// Publication date, `YYYY-MM-DD`; dates the PDF. Optional: without it the PDF has no date.
    #[serde(default)]
    pub published: Option<Spanned<String>>,
    /// Search words for the PDF metadata.
    #[serde(default)]
    pub keywords: Vec<String>,
    pub inleiding: Spanned<String>,
    #[serde(default)]
    pub voorgeschiedenis: Option<TitledTextFile>,
    pub voorwoord: VoorwoordFile,
    /// Report-wide figures, named `report.<name>` in prose.
    #[serde(default)]
    pub figures: BTreeMap<String, Spanned<FigureFile>>,
    /// The implementation plan the edition reports on: `{from: 2019, to: 2022}`.
    #[serde(default)]
    pub plan: Option<PlanFile>,
    /// The box on the cover pointing to the rest of the report, e.g. "DEEL II".
    #[serde(default)]
    pub deel_ii: Option<ListBoxFile>,
    /// Cover teasers: a chapter's headline; its page number ("blz. 4") is Typst's.
    #[serde(default)]
    pub teasers: Vec<TeaserFile>,
    #[serde(default)]
    pub colofon: Option<ColofonFile>,
    /// The partner lists of the back page.
    #[serde(default)]
    pub partners: Option<PartnersFile>,
    /// An appendix listing every indicator with its values, baseline and status.
    #[serde(default)]
    pub appendix: Option<TitledTextFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListBoxFile {
    pub title: Spanned<String>,
    pub items: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeaserFile {
    /// The chapter file it points to, e.g. `school`.
    pub chapter: Spanned<String>,
    pub text: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColofonFile {
    pub intro: Spanned<String>,
    /// Groups of people: the board first (without a title), then e.g. "Ambassadeurs NPRZ".
    pub groups: Vec<PeopleGroupFile>,
    /// Website, social media, photography and design credits: a label and its text.
    #[serde(default)]
    pub contacts: Vec<ContactFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleGroupFile {
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    pub people: Vec<PersonFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonFile {
    pub name: Spanned<String>,
    #[serde(default)]
    pub role: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactFile {
    pub label: Spanned<String>,
    pub text: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnersFile {
    pub title: Spanned<String>,
    pub lists: Vec<ListBoxFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitledTextFile {
    pub title: Spanned<String>,
    pub text: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoorwoordFile {
    /// The opening paragraph, printed larger.
    pub lead: Spanned<String>,
    pub text: Spanned<String>,
    pub signatories: Vec<SignatoryFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatoryFile {
    pub name: Spanned<String>,
    pub role: Spanned<String>,
}

/// `<pillar>.yaml`: one chapter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PillarFile {
    /// Chapter title; the number is added by the layout.
    pub title: Spanned<String>,
    /// A newspaper headline printed above the chapter title.
    #[serde(default)]
    pub headline: Option<Spanned<String>>,
    /// The chapter's opening paragraph, printed larger.
    pub intro: Spanned<String>,
    #[serde(default)]
    pub sections: Vec<SectionFile>,
    /// The chapter's figures, named `<pillar>.<name>` in prose.
    #[serde(default)]
    pub figures: BTreeMap<String, Spanned<FigureFile>>,
    /// Print the key-figures table of `indicators.yaml` full width after the intro.
    #[serde(default)]
    pub key_figures: Option<Spanned<bool>>,
    /// The pillar's milestones since the start, drawn across the page after the intro.
    #[serde(default)]
    pub timeline: Option<TimelineFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineFile {
    /// Printed beside the axis in capitals, e.g. "BEWONERS".
    pub label: Spanned<String>,
    /// The first and last year on the axis.
    pub from: Spanned<i32>,
    pub to: Spanned<i32>,
    pub milestones: Vec<MilestoneFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneFile {
    /// `2015`, or a span such as `2013-2014` or `2016/2017` (a school year, or a date between
    /// two years).
    pub year: Spanned<String>,
    pub text: Spanned<String>,
    /// `within` (samenwerking binnen 1 pijler) or `across` (tussen meerdere pijlers); optional.
    #[serde(default)]
    pub scope: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFile {
    /// Optional: the printed report has untitled runs of text too.
    #[serde(default)]
    pub heading: Option<Spanned<String>>,
    /// An optional opening paragraph in bold.
    #[serde(default)]
    pub lead: Option<Spanned<String>>,
    #[serde(default)]
    pub body: Option<Spanned<String>>,
    #[serde(default)]
    pub table: Option<RealisationTableFile>,
    #[serde(default)]
    pub figure_table: Option<FigureTableFile>,
    #[serde(default)]
    pub chart: Option<ChartFile>,
    /// Print the activity summary of `activities.yaml` here.
    #[serde(default)]
    pub activity_summary: Option<Spanned<bool>>,
    /// Big-number callouts printed after the section's text.
    #[serde(default)]
    pub callouts: Vec<CalloutFile>,
    /// A boxed aside with its own title.
    #[serde(default)]
    pub sidebar: Option<SidebarFile>,
    /// A pull quote.
    #[serde(default)]
    pub quote: Option<QuoteFile>,
    #[serde(default)]
    pub photo: Option<PhotoFile>,
    #[serde(default)]
    pub subsections: Vec<SubsectionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubsectionFile {
    pub heading: Spanned<String>,
    pub body: Spanned<String>,
    #[serde(default)]
    pub table: Option<RealisationTableFile>,
    #[serde(default)]
    pub figure_table: Option<FigureTableFile>,
    #[serde(default)]
    pub chart: Option<ChartFile>,
}

/// A big number with its label and a short text: the number is a figure, never typed here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalloutFile {
    /// Printed in capitals, e.g. "SCHULDEN.".
    pub label: Spanned<String>,
    /// The big number: a figure name.
    #[serde(default)]
    pub figure: Option<Spanned<String>>,
    /// Or two (or more) figures side by side with their periods, e.g. 2019 and 2020.
    #[serde(default)]
    pub compare: Option<CompareFile>,
    /// A line before the numbers, e.g. "Aantal vacatures aangeboden bij het WSPR:".
    #[serde(default)]
    pub intro: Option<Spanned<String>>,
    pub text: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareFile {
    pub categories: Vec<String>,
    pub figures: Spanned<Vec<String>>,
}

/// A photo with its alt text (required: what a screen reader says instead) and caption.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoFile {
    /// Relative to the edition folder, e.g. `images/kunstenpand.jpg`.
    pub path: Spanned<String>,
    pub alt: Spanned<String>,
    #[serde(default)]
    pub caption: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SidebarFile {
    pub title: Spanned<String>,
    pub body: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteFile {
    pub text: Spanned<String>,
    /// Who said or wrote it, and where.
    pub source: Spanned<String>,
}

/// A chart ("Grafiek N: title") drawn by koers from figures: every value it shows is a named
/// figure, so the chart, the tables and the prose cannot disagree.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartFile {
    /// `bars`, `stacked_bars`, `horizontal_bars`, `line`, `donut`, `realisation` or `gap`.
    pub kind: Spanned<String>,
    pub title: Spanned<String>,
    /// The x-axis (or slice, or bar) labels, in order.
    #[serde(default)]
    pub categories: Vec<String>,
    /// One or more named series: a figure per category (`null` where there is no value).
    #[serde(default)]
    pub series: Vec<SeriesFile>,
    /// A line chart's targets, each drawn dashed with hollow markers (a figure per category,
    /// `null` where the target says nothing).
    #[serde(default)]
    pub targets: Vec<SeriesFile>,
    /// Instead of `categories` and `series`: a series of `series.yaml` over every period the
    /// edition sees, a line or bars per area.
    #[serde(default)]
    pub history: Option<HistoryFile>,
    /// A horizontal bar chart's total, printed under the bars.
    #[serde(default)]
    pub total: Option<Spanned<String>>,
    /// For `realisation`: the id of the realisation table to draw.
    #[serde(default)]
    pub table: Option<Spanned<String>>,
    /// For `gap`: the indicator ids of indicators.yaml to draw.
    #[serde(default)]
    pub indicators: Vec<Spanned<String>>,
    /// For `line`: show each series as an index, its value in this category = 100.
    #[serde(default)]
    pub index_base: Option<Spanned<String>>,
    /// For `line`: the category after which the series changed method (a break is drawn).
    #[serde(default)]
    pub break_after: Option<Spanned<String>>,
    /// `full` for the whole page width; a column by default.
    #[serde(default)]
    pub width: Option<Spanned<String>>,
    /// The source line printed under the chart.
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    /// The text a screen reader reads instead of the chart; written from the data if absent.
    #[serde(default)]
    pub alt: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesFile {
    pub name: Spanned<String>,
    pub figures: Spanned<Vec<Option<String>>>,
}

/// A table whose cells are figures (declared under `figures:`, or computed elsewhere), so every
/// number in it is data with provenance or computed; a total row names the sum it shows.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureTableFile {
    pub title: Spanned<String>,
    /// Column headers: first the label columns, then one per figure.
    pub columns: Vec<String>,
    pub rows: Vec<FigureTableRowFile>,
    /// The source line printed under the table.
    #[serde(default)]
    pub source: Option<Spanned<String>>,
    #[serde(default)]
    pub footnotes: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureTableRowFile {
    /// The row's text cells; "" leaves a cell empty (e.g. under a group label).
    pub labels: Spanned<Vec<String>>,
    /// Figure names, one per number column; `null` for an empty cell.
    pub figures: Vec<Option<Spanned<String>>>,
    /// Printed in bold, as a total.
    #[serde(default)]
    pub total: bool,
}

/// A table of realisations against an ambition (e.g. "Voortgang aanpak woningvoorraad"). Raw
/// counts go in; totals of groups and the share realised are computed. Values the printed report
/// states (`stated_*`) are kept only to check them against the computation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RealisationTableFile {
    /// Unique in the edition; names the table for cross-references and checks.
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    /// Header of the ambition column, e.g. "Ambitie 2019-2022".
    pub ambition_label: Spanned<String>,
    /// The years with a realisation column, in order.
    pub years: Spanned<Vec<i32>>,
    pub rows: Vec<RealisationRowFile>,
    /// Notes printed under the table; rows refer to them with `marks`.
    #[serde(default)]
    pub footnotes: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RealisationRowFile {
    pub label: Spanned<String>,
    /// A row either has its own counts or `parts`, whose sums it shows.
    #[serde(default)]
    pub ambition: Option<u64>,
    /// One count per year of the table.
    #[serde(default)]
    pub realised: Option<Spanned<Vec<u64>>>,
    #[serde(default)]
    pub parts: Vec<RealisationRowFile>,
    /// Footnote marks printed after the ambition and after the realisations, e.g. "*", "**".
    #[serde(default)]
    pub ambition_mark: Option<String>,
    #[serde(default)]
    pub realised_mark: Option<String>,
    /// As printed: the total ambition and realisations of a row with parts.
    #[serde(default)]
    pub stated_ambition: Option<Spanned<u64>>,
    #[serde(default)]
    pub stated_realised: Option<Spanned<Vec<u64>>>,
    /// As printed: the percentage realised.
    #[serde(default)]
    pub stated_percentage: Option<Spanned<f64>>,
}

/// One named figure: a raw value (`count` or `value`), or how to derive it from other figures
/// (`sum`, `difference`, `share`, `progress`). What the printed report says may be kept as
/// `stated` (one value, or several where it says it more than once) to check it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureFile {
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub sum: Option<Vec<Spanned<String>>>,
    /// `[a, b]`: a minus b (in procentpunt when both are percentages).
    #[serde(default)]
    pub difference: Option<Vec<Spanned<String>>>,
    /// The change from `from` to `to`, in percent of `from`.
    #[serde(default)]
    pub growth: Option<GrowthFile>,
    /// `part` as a percentage of `of`.
    #[serde(default)]
    pub share: Option<ShareFile>,
    /// How far `current` has come from `baseline` towards `target`, in percent.
    #[serde(default)]
    pub progress: Option<ProgressFile>,
    /// For `value`: `number` (default), `percent`, `euro` or `euro_millions` (a value in euros,
    /// printed in millions).
    #[serde(default)]
    pub unit: Option<Spanned<String>>,
    /// Decimals shown; by default those of the stated value, else 0 for counts, 1 otherwise.
    #[serde(default)]
    pub decimals: Option<Spanned<usize>>,
    #[serde(default)]
    pub stated: Option<Spanned<StatedFile>>,
    /// Where the value comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// Acknowledges that `stated` disagrees (e.g. an error in a published report), and why: the
    /// disagreement is then reported as a note, which `--deny-warnings` lets pass.
    #[serde(default)]
    pub known_issue: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum StatedFile {
    One(f64),
    Several(Vec<f64>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrowthFile {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareFile {
    pub part: Spanned<String>,
    pub of: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressFile {
    pub baseline: Spanned<String>,
    pub current: Spanned<String>,
    pub target: Spanned<String>,
}

/// `indicators.yaml`: the key figures (indicators per area, with baselines) and the ambition they
/// are measured against. Values are data; shares, gaps and the gap closed are computed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsFile {
    /// The table's title, e.g. "Indicatoren school, werk en wonen".
    pub title: Spanned<String>,
    /// The columns, in order.
    pub areas: Vec<AreaFile>,
    pub ambition: AmbitionFile,
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
    /// As printed, per area, for computed rows: checked against the computation.
    #[serde(default)]
    pub stated: Option<Spanned<BTreeMap<String, f64>>>,
    /// Per area: why a disagreement with `stated` is accepted.
    #[serde(default)]
    pub known_issue: BTreeMap<String, String>,
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

/// An implementation plan's period, first and last year.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub from: Spanned<i32>,
    pub to: Spanned<i32>,
}

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
    /// `count`, `number`, `percent`, `euro` or `euro_millions`.
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
    pub known_issue: Option<String>,
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
