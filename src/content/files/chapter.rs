//! `<chapter>.yaml`: one chapter, its timeline, sections and their blocks (callouts, photos, charts).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{FigureFile, FigureTableFile, HistoryFile, RealisationTableFile};

/// `<chapter>.yaml`: one chapter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterFile {
    /// Chapter title; the number is added by the layout.
    pub title: Spanned<String>,
    /// A newspaper headline printed above the chapter title.
    #[serde(default)]
    pub headline: Option<Spanned<String>>,
    /// The chapter's opening paragraph, printed larger.
    pub intro: Spanned<String>,
    #[serde(default)]
    pub sections: Vec<SectionFile>,
    /// The chapter's figures, named `<chapter>.<name>` in prose.
    #[serde(default)]
    pub figures: BTreeMap<String, Spanned<FigureFile>>,
    /// Print the key-figures table of `indicators.yaml` full width after the intro.
    #[serde(default)]
    pub key_figures: Option<Spanned<bool>>,
    /// The chapter's milestones since the start, drawn across the page after the intro.
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
    #[serde(default)]
    pub year: Option<Spanned<String>>,
    /// A day instead of a year: `2012-07-04`, placed at its day and printed "4 juli 2012".
    #[serde(default)]
    pub date: Option<Spanned<String>>,
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
