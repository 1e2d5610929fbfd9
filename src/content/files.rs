//! The content files as written: one struct per file kind, mirroring the YAML one to one.
//!
//! Unknown keys are errors (`deny_unknown_fields`), so a typo never silently drops text. Values
//! that later stages validate keep their YAML location (`Spanned`) so those errors can point at
//! the line too.

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
    pub subsections: Vec<SubsectionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubsectionFile {
    pub heading: Spanned<String>,
    pub body: Spanned<String>,
}
