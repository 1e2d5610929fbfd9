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
    /// Report-wide figures (e.g. the activity summary), named `report.<name>` in prose.
    #[serde(default)]
    pub figures: BTreeMap<String, Spanned<FigureFile>>,
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
    /// The chapter's opening paragraph, printed larger.
    pub intro: Spanned<String>,
    #[serde(default)]
    pub sections: Vec<SectionFile>,
    /// The chapter's figures, named `<pillar>.<name>` in prose.
    #[serde(default)]
    pub figures: BTreeMap<String, Spanned<FigureFile>>,
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
    pub subsections: Vec<SubsectionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubsectionFile {
    pub heading: Spanned<String>,
    pub body: Spanned<String>,
    #[serde(default)]
    pub table: Option<RealisationTableFile>,
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
    /// `[a, b]`: a minus b.
    #[serde(default)]
    pub difference: Option<Vec<Spanned<String>>>,
    /// `part` as a percentage of `of`.
    #[serde(default)]
    pub share: Option<ShareFile>,
    /// How far `current` has come from `baseline` towards `target`, in percent.
    #[serde(default)]
    pub progress: Option<ProgressFile>,
    /// For `value`: `number` (default), `percent` or `euro`.
    #[serde(default)]
    pub unit: Option<Spanned<String>>,
    /// Decimals shown; by default those of the stated value, else 0 for counts, 1 otherwise.
    #[serde(default)]
    pub decimals: Option<usize>,
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
