//! `report.yaml`: the edition as a whole, its cover and back page, and the plan it reports on.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::FigureFile;

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
    /// The chapters in the document's order, by file stem (`[school, werk, bewoners, wonen]`);
    /// without it, the pillars' order. A chapter need not be a pillar's.
    #[serde(default)]
    pub chapters: Option<Spanned<Vec<String>>>,
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

/// An implementation plan's period, first and last year.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub from: Spanned<i32>,
    pub to: Spanned<i32>,
}
