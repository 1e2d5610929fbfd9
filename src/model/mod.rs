//! Model stage: the validated edition. Checks what YAML cannot (the year matches its folder,
//! dates are dates, prose is the supported Markdown subset, names resolve) and owns the domain
//! types every later stage works from. One file per subject, each type with its validation (an
//! `impl Checker` block): `cover`, `chapter`, `tables`, `timeline`, `charts`, `figure`,
//! `indicators`, `activities`, `time_series`, `plan`, `photos`, `prose`; `validate` runs them over
//! an edition and checks what only the whole edition can say. Knows nothing of YAML syntax or Typst.

pub mod activities;
mod chapter;
pub mod charts;
mod checker;
mod cover;
mod drawing;
mod figure;
pub mod indicators;
pub mod names;
pub mod photos;
pub mod plan;
pub mod prose;
mod tables;
pub mod time_series;
mod timeline;
mod units;
mod validate;

use chrono::NaiveDate;

pub use activities::Activities;
pub use chapter::{Callout, Chapter, Quote, Section, Subsection};
pub use charts::Chart;
use checker::Checker;
pub use cover::{Colofon, ListBox, Partners, PeopleGroup, Signatory, Teaser, TitledText, Voorwoord};
pub use figure::{FigureDefinition, FigureKind, FigureName};
pub use indicators::Indicators;
pub use names::{FigureReference, Referrer};
pub use prose::Prose;
pub use tables::{FigureTable, FigureTableRow, RealisationRow, RealisationTable, RowCounts, Stated};
pub use timeline::{Milestone, MilestoneDate, Scope, Timeline};
use units::impossible;
pub use units::{MAX_DECIMALS, MAX_EXACT, Qualifier, Unit, decimals_of, shown_decimals};
pub use validate::validate;

/// One yearly report, ready to render.
#[derive(Debug, Clone)]
pub struct Edition {
    pub year: i32,
    pub title: String,
    pub subtitle: String,
    pub author: String,
    /// The date the PDF carries (PDF/A requires one): the build's `SOURCE_DATE_EPOCH` if set,
    /// else `published` from report.yaml, else 31 December of the year reported on (with a warning).
    pub date: NaiveDate,
    pub keywords: Vec<String>,
    pub inleiding: Prose,
    pub voorgeschiedenis: Option<TitledText>,
    pub voorwoord: Voorwoord,
    /// In chapter order.
    pub chapters: Vec<Chapter>,
    /// Every `{{ figure }}` named in prose, with where it stands; the figures stage checks them.
    pub figure_references: Vec<FigureReference>,
    /// Declared figures of report.yaml and every chapter file, by qualified name.
    pub figures: Vec<FigureDefinition>,
    /// The key figures, if the edition has an indicators.yaml.
    pub indicators: Option<Indicators>,
    /// The activity status summary, if the edition has an activities.yaml.
    pub activities: Option<Activities>,
    pub deel_ii: Option<ListBox>,
    pub teasers: Vec<Teaser>,
    pub colofon: Option<Colofon>,
    pub partners: Option<Partners>,
    /// The indicators appendix ("Deel II"): its title and what it says before the list.
    pub appendix: Option<TitledText>,
    /// The implementation plan the edition reports on.
    pub plan: Option<plan::Plan>,
}

/// The programme began in 2011; an edition year outside this range is a typo.
pub const FIRST_YEAR: i32 = 2011;
pub const LAST_YEAR: i32 = 2100;

impl Edition {
    /// Every chart, in document order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.chapters.iter().flat_map(|p| &p.sections).flat_map(|section| {
            section.chart.iter().chain(section.subsections.iter().filter_map(|sub| sub.chart.as_ref()))
        })
    }
}
