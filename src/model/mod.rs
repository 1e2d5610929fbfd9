//! Model stage: the validated edition. Checks what YAML cannot (the year matches its folder,
//! dates are dates, prose is the supported Markdown subset) and owns the domain types every
//! later stage works from. Knows nothing of YAML syntax or Typst.

pub mod activities;
pub mod charts;
pub mod indicators;
pub mod photos;
pub mod plan;
pub mod prose;
pub mod series;

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde_saphyr::Spanned;

use std::collections::BTreeMap;

use crate::content::files::{
    FigureFile, FigureTableFile, PillarFile, RealisationRowFile, RealisationTableFile, ReportFile, SectionFile,
    StatedFile,
};
use crate::content::yaml::location;
use crate::content::{EditionFiles, Parsed};
use crate::diag::{Diagnostic, Location};
pub use activities::Activities;
pub use charts::Chart;
pub use indicators::Indicators;
pub use prose::Prose;

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
    pub pillars: Vec<Pillar>,
    /// Every `{{ figure }}` named in prose, with where it stands; the figures stage checks them.
    pub figure_references: Vec<FigureReference>,
    /// Declared figures of report.yaml and every pillar file, by qualified name.
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

/// A titled list of short texts (the "DEEL II" box, a partner list).
#[derive(Debug, Clone)]
pub struct ListBox {
    pub title: String,
    pub items: Vec<String>,
}

/// A cover teaser: a chapter (by file stem) and its headline.
#[derive(Debug, Clone)]
pub struct Teaser {
    pub chapter: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Colofon {
    pub intro: String,
    pub groups: Vec<PeopleGroup>,
    /// (label, text), e.g. ("Website", "www.nprz.nl").
    pub contacts: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct PeopleGroup {
    pub title: Option<String>,
    /// (name, role).
    pub people: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone)]
pub struct Partners {
    pub title: String,
    pub lists: Vec<ListBox>,
}

/// A declared figure: a raw value or a derivation from other figures.
#[derive(Debug, Clone)]
pub struct FigureDefinition {
    /// Qualified: `thuisbasis.schulden_totaal`, `report.activiteiten_groen`.
    pub name: String,
    pub kind: FigureKind,
    /// Declared for raw values; derived ones take it from their inputs.
    pub unit: Option<Unit>,
    pub decimals: Option<usize>,
    /// What the printed report says, to check (several where it says it more than once).
    pub stated: Vec<f64>,
    pub stated_location: Option<Location>,
    pub location: Location,
    /// Where the value comes from (provenance, as the bureau wrote it).
    pub source: Option<String>,
    /// Why a disagreement with `stated` is accepted (then it is a note, not a warning).
    pub known_issue: Option<String>,
}

impl FigureDefinition {
    /// A figure koers declares itself (from data or a rule), with nothing printed to check.
    pub fn declared(
        name: String,
        kind: FigureKind,
        unit: Option<Unit>,
        decimals: Option<usize>,
        location: Location,
    ) -> Self {
        Self {
            name,
            kind,
            unit,
            decimals,
            stated: Vec::new(),
            stated_location: None,
            location,
            source: None,
            known_issue: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum FigureKind {
    Raw(f64),
    Sum(Vec<FigureName>),
    Difference(FigureName, FigureName),
    /// The change from one figure to another, in percent of the first.
    Growth {
        from: FigureName,
        to: FigureName,
    },
    Share {
        part: FigureName,
        of: FigureName,
    },
    Progress {
        baseline: FigureName,
        current: FigureName,
        target: FigureName,
    },
}

/// A reference to another figure, qualified, with where it is written.
#[derive(Debug, Clone)]
pub struct FigureName {
    pub name: String,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Number,
    Percent,
    /// The difference of two percentages: "0,12 procentpunt", never "0,12%".
    PercentagePoint,
    Euro,
    /// Euros, printed in millions: "€ 104,2 mln.".
    EuroMillions,
    /// A calendar year: "2019", never "2.019".
    Year,
}

#[derive(Debug, Clone)]
pub struct FigureReference {
    pub name: String,
    pub location: Location,
    pub referrer: Referrer,
}

/// What names a figure, for the message when the figure does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referrer {
    Prose,
    Table,
    Chart,
    Callout,
}

#[derive(Debug, Clone)]
pub struct TitledText {
    pub title: String,
    pub text: Prose,
}

#[derive(Debug, Clone)]
pub struct Voorwoord {
    pub lead: Prose,
    pub text: Prose,
    pub signatories: Vec<Signatory>,
}

#[derive(Debug, Clone)]
pub struct Signatory {
    pub name: String,
    pub role: String,
}

/// A pillar's chapter.
#[derive(Debug, Clone)]
pub struct Pillar {
    /// The file stem, e.g. `school`; stable, used for file and label names.
    pub id: String,
    pub title: String,
    pub headline: Option<String>,
    pub intro: Prose,
    /// Where the chapter asks for the key-figures table, printed after the intro.
    pub key_figures: Option<Location>,
    pub timeline: Option<Timeline>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: Option<String>,
    pub lead: Option<Prose>,
    pub body: Prose,
    pub table: Option<RealisationTable>,
    pub figure_table: Option<FigureTable>,
    pub chart: Option<Chart>,
    /// Where the section asks for the activity summary, printed after its text.
    pub activity_summary: Option<Location>,
    pub callouts: Vec<Callout>,
    pub sidebar: Option<TitledText>,
    pub quote: Option<Quote>,
    pub photo: Option<photos::Photo>,
    pub subsections: Vec<Subsection>,
}

#[derive(Debug, Clone)]
pub struct Subsection {
    pub heading: String,
    pub body: Prose,
    pub table: Option<RealisationTable>,
    pub figure_table: Option<FigureTable>,
    pub chart: Option<Chart>,
}

/// A pillar's milestones on a time axis.
#[derive(Debug, Clone)]
pub struct Timeline {
    pub label: String,
    pub from: i32,
    pub to: i32,
    /// In the order of the file.
    pub milestones: Vec<Milestone>,
}

#[derive(Debug, Clone)]
pub struct Milestone {
    /// Where it sits on the axis: a year, or the middle of a span (2013-2014 → 2014,0).
    pub at: f64,
    /// As written: "2013-2014".
    pub year: String,
    pub text: String,
    pub scope: Option<Scope>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Samenwerking binnen 1 pijler.
    Within,
    /// Samenwerking tussen meerdere pijlers.
    Across,
}

/// A big number (or numbers side by side) with a label and a short text.
#[derive(Debug, Clone)]
pub struct Callout {
    pub label: String,
    pub intro: Option<String>,
    /// (period or empty, figure name), one or more.
    pub numbers: Vec<(String, String)>,
    pub text: Prose,
}

#[derive(Debug, Clone)]
pub struct Quote {
    pub text: Prose,
    pub source: String,
}

/// A table of figures: text cells, then one figure (qualified name) per number column.
#[derive(Debug, Clone)]
pub struct FigureTable {
    pub title: String,
    pub columns: Vec<String>,
    /// How many leading columns hold text.
    pub label_columns: usize,
    pub rows: Vec<FigureTableRow>,
    pub source: Option<String>,
    pub footnotes: Vec<Prose>,
}

#[derive(Debug, Clone)]
pub struct FigureTableRow {
    pub labels: Vec<String>,
    /// `None`: an empty cell.
    pub figures: Vec<Option<String>>,
    pub total: bool,
}

/// Realisations against an ambition, per year, in rows that may group parts.
#[derive(Debug, Clone)]
pub struct RealisationTable {
    pub id: String,
    /// Where the id stands, for errors about the table as a whole.
    pub location: Location,
    pub title: String,
    pub ambition_label: String,
    pub years: Vec<i32>,
    pub rows: Vec<RealisationRow>,
    pub footnotes: Vec<Prose>,
}

#[derive(Debug, Clone)]
pub struct RealisationRow {
    pub label: String,
    pub counts: RowCounts,
    pub ambition_mark: Option<String>,
    pub realised_mark: Option<String>,
    /// What the printed report states for this row, with where it stands in the YAML.
    pub stated: Stated,
}

#[derive(Debug, Clone)]
pub enum RowCounts {
    Own { ambition: u64, realised: Vec<u64> },
    Parts(Vec<RealisationRow>),
}

#[derive(Debug, Clone, Default)]
pub struct Stated {
    pub ambition: Option<(u64, Location)>,
    pub realised: Option<(Vec<u64>, Location)>,
    pub percentage: Option<(f64, Location)>,
}

/// The programme began in 2011; an edition year outside this range is a typo.
pub const FIRST_YEAR: i32 = 2011;
pub const LAST_YEAR: i32 = 2100;

/// Validates parsed files into an [`Edition`] and its warnings, reporting every error at once.
/// `source_date` is a date imposed by the build (`SOURCE_DATE_EPOCH`); it dates the PDF.
pub fn build(
    files: EditionFiles,
    source_date: Option<NaiveDate>,
) -> Result<(Edition, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut warnings = placeholder_warnings(&files.placeholders);
    let mut references = Vec::new();
    let mut definitions = Vec::new();
    let report_path = files.report.path.clone();
    let edition = {
        let mut check = Checker { path: &report_path, problems: &mut problems, references: &mut references };
        let ReportFile {
            year,
            title,
            subtitle,
            author,
            published,
            keywords,
            inleiding,
            voorgeschiedenis,
            voorwoord,
            figures: report_figures,
            plan,
            deel_ii,
            teasers,
            colofon,
            partners,
            appendix,
        } = files.report.data;
        check.figures("report", report_figures, &mut definitions);
        let plan = plan.and_then(|plan| {
            let (plan, warning) = check.plan(plan, year.value, &mut definitions);
            warnings.extend(warning);
            plan
        });
        check.year_matches_folder(&year, &files.dir);
        let published = published.and_then(|published| check.date(&published, year.value));
        let date = match source_date.or(published) {
            Some(date) => Some(date),
            None => {
                warnings.push(
                    Diagnostic::warning(
                        Some(Location::file(&report_path)),
                        format!(
                            "no `published` date; the PDF is dated 31 December {}, the end of the year reported on",
                            year.value
                        ),
                    )
                    .with_hint("add `published: YYYY-MM-DD` to report.yaml"),
                );
                None
            }
        };
        let date = date.or_else(|| NaiveDate::from_ymd_opt(year.value, 12, 31)).unwrap_or_default();
        let inleiding = check.prose(&inleiding);
        let voorgeschiedenis =
            voorgeschiedenis.map(|v| TitledText { title: check.text("title", v.title), text: check.prose(&v.text) });
        let voorwoord = Voorwoord {
            lead: check.prose(&voorwoord.lead),
            text: check.prose(&voorwoord.text),
            signatories: voorwoord
                .signatories
                .into_iter()
                .map(|s| Signatory { name: check.text("name", s.name), role: check.text("role", s.role) })
                .collect(),
        };
        Edition {
            year: year.value,
            title: check.text("title", title),
            subtitle: check.text("subtitle", subtitle),
            author: check.text("author", author),
            date,
            keywords,
            inleiding,
            voorgeschiedenis,
            voorwoord,
            pillars: Vec::new(),
            figure_references: Vec::new(),
            figures: Vec::new(),
            indicators: None,
            activities: None,
            deel_ii: deel_ii.map(|list| check.list_box(list)),
            teasers: teasers
                .into_iter()
                .map(|teaser| {
                    let chapter = teaser.chapter.value.clone();
                    if !files.pillars.iter().any(|pillar| pillar.name == chapter) {
                        let names = files.pillars.iter().map(|pillar| pillar.name.as_str());
                        let problem = Diagnostic::error(
                            check.at(&teaser.chapter.referenced),
                            format!("the teaser points to `{chapter}`, which is not a chapter of this edition"),
                        )
                        .suggesting(&chapter, names);
                        check.problems.push(problem);
                    }
                    Teaser { chapter, text: check.text("text", teaser.text) }
                })
                .collect(),
            colofon: colofon.map(|colofon| Colofon {
                intro: check.text("intro", colofon.intro),
                groups: colofon
                    .groups
                    .into_iter()
                    .map(|group| PeopleGroup {
                        title: group.title.map(|title| check.text("title", title)),
                        people: group
                            .people
                            .into_iter()
                            .map(|p| (check.text("name", p.name), p.role.map(|role| check.text("role", role))))
                            .collect(),
                    })
                    .collect(),
                contacts: colofon
                    .contacts
                    .into_iter()
                    .map(|c| (check.text("label", c.label), check.text("text", c.text)))
                    .collect(),
            }),
            appendix: appendix.map(|a| TitledText { title: check.text("title", a.title), text: check.prose(&a.text) }),
            plan,
            partners: partners.map(|partners| Partners {
                title: check.text("title", partners.title),
                lists: partners.lists.into_iter().map(|list| check.list_box(list)).collect(),
            }),
        }
    };
    let series = files.series.map(|parsed| {
        let mut check = Checker { path: &parsed.path, problems: &mut problems, references: &mut references };
        check.time_series(parsed.data)
    });
    if let Some(series) = &series {
        series.declare(edition.year, &mut definitions);
    }
    let indicators = files.indicators.map(|parsed| {
        let mut check = Checker { path: &parsed.path, problems: &mut problems, references: &mut references };
        let series = series.as_ref();
        let (indicators, file_warnings) = check.indicators(parsed.data, series, edition.year, &mut definitions);
        warnings.extend(file_warnings);
        indicators
    });
    let activities = files.activities.map(|parsed| {
        let mut check = Checker { path: &parsed.path, problems: &mut problems, references: &mut references };
        check.activities(parsed.data, &mut definitions)
    });
    let mut pillars: Vec<Pillar> = files
        .pillars
        .into_iter()
        .map(|pillar| build_pillar(pillar, &mut problems, &mut references, &mut definitions))
        .collect();
    check_unique_table_ids(&pillars, &mut problems);
    if let Some(plan) = edition.plan {
        let tables: Vec<_> = pillars.iter().flat_map(Pillar::tables).collect();
        warnings.extend(plan::tables_outside(plan, &tables));
    }
    charts::number_and_resolve(&mut pillars, indicators.as_ref(), (series.as_ref(), edition.year), &mut problems);
    let key_figures: Vec<_> = pillars.iter().filter_map(|p| p.key_figures.clone()).collect();
    let indicators_file = indicators.as_ref().map(|_| Location::file(files.dir.join("indicators.yaml")));
    check_placed(Placed::KEY_FIGURES, &key_figures, indicators_file, &mut problems, &mut warnings);
    let summaries: Vec<_> =
        pillars.iter().flat_map(|p| &p.sections).filter_map(|s| s.activity_summary.clone()).collect();
    let activities_file = activities.as_ref().map(|_| Location::file(files.dir.join("activities.yaml")));
    check_placed(Placed::ACTIVITY_SUMMARY, &summaries, activities_file, &mut problems, &mut warnings);
    if problems.is_empty() {
        let edition =
            Edition { pillars, figure_references: references, figures: definitions, indicators, activities, ..edition };
        Ok((edition, warnings))
    } else {
        Err(problems)
    }
}

fn build_pillar(
    parsed: Parsed<PillarFile>,
    problems: &mut Vec<Diagnostic>,
    references: &mut Vec<FigureReference>,
    definitions: &mut Vec<FigureDefinition>,
) -> Pillar {
    let mut check = Checker { path: &parsed.path, problems, references };
    let PillarFile { title, headline, intro, sections, figures, key_figures, timeline } = parsed.data;
    check.figures(&parsed.name, figures, definitions);
    Pillar {
        id: parsed.name.clone(),
        title: check.text("title", title),
        headline: headline.map(|headline| check.text("headline", headline)),
        intro: check.prose(&intro),
        key_figures: key_figures.filter(|placed| placed.value).map(|placed| location(&parsed.path, &placed.referenced)),
        timeline: timeline.map(|timeline| check.timeline(timeline)),
        sections: sections.into_iter().map(|section| check.section(section, &parsed.name)).collect(),
    }
}

/// One warning per file that still has placeholders, at the first, listing the lines of all, so
/// the whole to-do list shows even when there are more than the report's cap.
fn placeholder_warnings(placeholders: &[Location]) -> Vec<Diagnostic> {
    let mut by_file: BTreeMap<&str, Vec<&Location>> = BTreeMap::new();
    for at in placeholders {
        by_file.entry(at.path.as_str()).or_default().push(at);
    }
    by_file
        .into_values()
        .map(|places| {
            let lines: Vec<String> = places.iter().map(|at| at.line.to_string()).collect();
            let message = match places.len() {
                1 => "1 text still to write for this edition".to_owned(),
                n => format!("{n} texts still to write for this edition, at lines {}", lines.join(", ")),
            };
            Diagnostic::warning(Some(places[0].clone()), message)
                .with_hint(format!("replace each `{}` and the reminder after it", crate::content::PLACEHOLDER))
        })
        .collect()
}

/// A table from an edition-level file, and the key that prints it.
struct Placed {
    what: &'static str,
    file: &'static str,
    key: &'static str,
}

impl Placed {
    const KEY_FIGURES: Placed = Placed { what: "key-figures table", file: "indicators.yaml", key: "key_figures" };
    const ACTIVITY_SUMMARY: Placed =
        Placed { what: "activity summary", file: "activities.yaml", key: "activity_summary" };
}

/// An edition-level table is printed where a chapter asks for it: asking without the file is an
/// error, a file that nothing prints is a warning (the table would be missing), printing it
/// twice is an error.
fn check_placed(
    placed: Placed,
    at: &[Location],
    file: Option<Location>,
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Placed { what, file: file_name, key } = placed;
    match file {
        None => problems.extend(at.iter().map(|at| {
            Diagnostic::error(Some(at.clone()), format!("there is no {what} to print"))
                .with_hint(format!("add {file_name} to the edition, or remove `{key}`"))
        })),
        Some(file) if at.is_empty() => warnings.push(
            Diagnostic::warning(Some(file), format!("no chapter prints the {what}"))
                .with_hint(format!("add `{key}: true` where the chapter should show it")),
        ),
        Some(_) => problems.extend(at.iter().skip(1).map(|at| {
            Diagnostic::error(Some(at.clone()), format!("the {what} is already printed"))
                .with_hint("print it in one place only")
        })),
    }
}

/// Table ids name tables across the edition; two tables with one id would make checks and
/// cross-references ambiguous.
fn check_unique_table_ids(pillars: &[Pillar], problems: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::BTreeSet::new();
    for table in pillars.iter().flat_map(Pillar::tables) {
        if !seen.insert(table.id.as_str()) {
            problems.push(
                Diagnostic::error(
                    Some(table.location.clone()),
                    format!("another table already has the id `{}`", table.id),
                )
                .with_hint("give each table its own id"),
            );
        }
    }
}

impl Edition {
    /// Every chart, in document order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.pillars.iter().flat_map(|p| &p.sections).flat_map(|section| {
            section.chart.iter().chain(section.subsections.iter().filter_map(|sub| sub.chart.as_ref()))
        })
    }
}

impl Pillar {
    /// Every table in the chapter, in reading order.
    pub fn tables(&self) -> impl Iterator<Item = &RealisationTable> {
        self.sections.iter().flat_map(|section| {
            section.table.iter().chain(section.subsections.iter().filter_map(|sub| sub.table.as_ref()))
        })
    }
}

/// A figure name as written in a file: `other.name` as is, a bare `name` in the file's namespace.
fn qualified(namespace: &str, name: &str) -> String {
    if name.contains('.') { name.to_owned() } else { format!("{namespace}.{name}") }
}

/// The most decimals a figure may be shown with: more is a typo (and would cost memory to print).
pub const MAX_DECIMALS: usize = 6;

/// The largest whole number koers computes with exactly (2^53 − 1): counts and sums beyond it
/// would silently lose digits in floating point, so they are refused.
pub const MAX_EXACT: u64 = (1 << 53) - 1;

/// Why a value cannot be right for its unit, if it cannot.
fn impossible(unit: Unit, value: f64) -> Option<&'static str> {
    match unit {
        _ if !value.is_finite() => Some("is not a number"),
        _ if value.abs() > MAX_EXACT as f64 => Some("is larger than koers computes exactly (2^53 − 1)"),
        Unit::Percent if !(0.0..=100.0).contains(&value) => Some("is not a possible percentage (0 to 100)"),
        Unit::Count if value < 0.0 || value.fract() != 0.0 => Some("is not a possible count (a whole number ≥ 0)"),
        Unit::Euro | Unit::EuroMillions if value < 0.0 => Some("is not a possible amount here (negative)"),
        _ => None,
    }
}

/// The number of decimals a value was written with (49 → 0, 9.7 → 1).
pub fn decimals_of(value: f64) -> usize {
    let written = format!("{value}");
    written.split_once('.').map_or(0, |(_, fraction)| fraction.len())
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Validates values of one file, collecting problems located in that file.
struct Checker<'a> {
    path: &'a Path,
    problems: &'a mut Vec<Diagnostic>,
    references: &'a mut Vec<FigureReference>,
}

impl Checker<'_> {
    fn at(&self, span: &serde_saphyr::Location) -> Option<Location> {
        Some(location(self.path, span))
    }

    fn year_matches_folder(&mut self, year: &Spanned<i32>, dir: &Path) {
        let folder = dir.file_name().unwrap_or_default().to_string_lossy();
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year.value) {
            self.problems.push(Diagnostic::error(
                self.at(&year.referenced),
                format!("{} is not a year koers can report on ({FIRST_YEAR} to {LAST_YEAR})", year.value),
            ));
        } else if folder != year.value.to_string() {
            self.problems.push(
                Diagnostic::error(
                    self.at(&year.referenced),
                    format!("the year {} does not match the edition folder `{folder}`", year.value),
                )
                .with_hint(format!("put this edition in a folder named `{}`, or correct the year", year.value)),
            );
        }
    }

    /// A publication date: a real date, in the year reported on or the ten after it.
    fn date(&mut self, date: &Spanned<String>, year: i32) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(&date.value, "%Y-%m-%d") {
            Ok(parsed) if (year..=year + 10).contains(&parsed.year()) || !(FIRST_YEAR..=LAST_YEAR).contains(&year) => {
                Some(parsed)
            }
            Ok(parsed) => {
                self.problems.push(Diagnostic::error(
                    self.at(&date.referenced),
                    format!("{parsed} is not a publication date for the {year} edition ({year} to {})", year + 10),
                ));
                None
            }
            Err(error) => {
                self.problems.push(
                    Diagnostic::error(
                        self.at(&date.referenced),
                        format!("`{}` is not a valid date: {error}", date.value),
                    )
                    .with_hint("write dates as YYYY-MM-DD, for example 2021-06-30"),
                );
                None
            }
        }
    }

    fn prose(&mut self, markdown: &Spanned<String>) -> Prose {
        let prose = prose::parse(&markdown.value).unwrap_or_else(|message| {
            self.problems.push(Diagnostic::error(self.at(&markdown.referenced), message));
            Prose::default()
        });
        let at = location(self.path, &markdown.referenced);
        for name in prose.figure_names() {
            self.references.push(FigureReference {
                name: name.to_owned(),
                location: at.clone(),
                referrer: Referrer::Prose,
            });
        }
        prose
    }

    /// Plain text fields (titles, headings, names): trimmed, and never empty.
    fn text(&mut self, field: &str, text: Spanned<String>) -> String {
        let trimmed = text.value.trim();
        if trimmed.is_empty() {
            self.problems.push(
                Diagnostic::error(self.at(&text.referenced), format!("`{field}` is empty"))
                    .with_hint("write the text, or remove the field if it is optional"),
            );
        }
        trimmed.to_owned()
    }

    fn table(&mut self, table: RealisationTableFile) -> RealisationTable {
        let years = table.years.value.clone();
        let rows = table.rows.into_iter().map(|row| self.row(row, years.len())).collect();
        RealisationTable {
            location: location(self.path, &table.id.referenced),
            id: self.text("id", table.id),
            title: self.text("title", table.title),
            ambition_label: self.text("ambition_label", table.ambition_label),
            years,
            rows,
            footnotes: table.footnotes.iter().map(|note| self.prose(note)).collect(),
        }
    }

    fn row(&mut self, row: RealisationRowFile, years: usize) -> RealisationRow {
        let at_label = self.at(&row.label.referenced);
        let counts = match (row.ambition, row.realised, row.parts.is_empty()) {
            (Some(ambition), Some(realised), true) => {
                self.year_count(&realised, years);
                RowCounts::Own { ambition, realised: realised.value }
            }
            (None, None, false) => RowCounts::Parts(row.parts.into_iter().map(|part| self.row(part, years)).collect()),
            _ => {
                self.problems.push(
                    Diagnostic::error(at_label.clone(), "a row needs either `ambition` and `realised`, or `parts`")
                        .with_hint("a row with parts shows their sums; give the counts on the parts"),
                );
                RowCounts::Parts(Vec::new())
            }
        };
        if let Some(stated) = &row.stated_realised {
            self.year_count(stated, years);
        }
        RealisationRow {
            label: self.text("label", row.label),
            counts,
            ambition_mark: row.ambition_mark,
            realised_mark: row.realised_mark,
            stated: Stated {
                ambition: row.stated_ambition.map(|s| (s.value, location(self.path, &s.referenced))),
                realised: row.stated_realised.map(|s| (s.value, location(self.path, &s.referenced))),
                percentage: row.stated_percentage.map(|s| (s.value, location(self.path, &s.referenced))),
            },
        }
    }

    /// Validates a file's `figures:`; names are qualified with `namespace` (the file stem).
    fn figures(
        &mut self,
        namespace: &str,
        figures: BTreeMap<String, Spanned<FigureFile>>,
        out: &mut Vec<FigureDefinition>,
    ) {
        for (name, figure) in figures {
            let at = location(self.path, &figure.referenced);
            if !is_identifier(&name) {
                self.problems.push(
                    Diagnostic::error(Some(at.clone()), format!("`{name}` is not a usable figure name"))
                        .with_hint("figure names use lower-case letters, digits and `_`, e.g. schulden_totaal"),
                );
                continue;
            }
            let qualify = |reference: &Spanned<String>| FigureName {
                name: qualified(namespace, &reference.value),
                location: location(self.path, &reference.referenced),
            };
            let FigureFile {
                count,
                value,
                sum,
                difference,
                growth,
                share,
                progress,
                unit,
                decimals,
                stated,
                source,
                known_issue,
            } = figure.value;
            let mut kinds = Vec::new();
            if let Some(count) = count {
                if count > MAX_EXACT {
                    self.problems.push(Diagnostic::error(
                        Some(at.clone()),
                        format!("`{name}`: {count} is larger than koers computes exactly ({MAX_EXACT})"),
                    ));
                    continue;
                }
                kinds.push((FigureKind::Raw(count as f64), Some(Unit::Count)));
            }
            if let Some(value) = value {
                kinds.push((FigureKind::Raw(value), Some(Unit::Number)));
            }
            if let Some(parts) = sum {
                kinds.push((FigureKind::Sum(parts.iter().map(qualify).collect()), None));
            }
            if let Some(operands) = difference {
                match operands.as_slice() {
                    [a, b] => kinds.push((FigureKind::Difference(qualify(a), qualify(b)), None)),
                    _ => self
                        .problems
                        .push(Diagnostic::error(Some(at.clone()), "`difference` takes two figures: [from, subtract]")),
                }
            }
            if let Some(growth) = growth {
                kinds.push((
                    FigureKind::Growth { from: qualify(&growth.from), to: qualify(&growth.to) },
                    Some(Unit::Percent),
                ));
            }
            if let Some(share) = share {
                kinds.push((
                    FigureKind::Share { part: qualify(&share.part), of: qualify(&share.of) },
                    Some(Unit::Percent),
                ));
            }
            if let Some(p) = progress {
                let kind = FigureKind::Progress {
                    baseline: qualify(&p.baseline),
                    current: qualify(&p.current),
                    target: qualify(&p.target),
                };
                kinds.push((kind, Some(Unit::Percent)));
            }
            let (kind, default_unit) = match kinds.len() {
                1 => kinds.remove(0),
                found => {
                    self.problems.push(
                        Diagnostic::error(
                            Some(at.clone()),
                            format!("`{name}` has {found} definitions; a figure needs exactly one"),
                        )
                        .with_hint("give one of count, value, sum, difference, growth, share, progress"),
                    );
                    continue;
                }
            };
            let unit = unit.map_or(default_unit, |unit| self.unit(&unit).or(default_unit));
            if let (FigureKind::Raw(value), Some(unit)) = (&kind, unit)
                && let Some(why) = impossible(unit, *value)
            {
                self.problems.push(Diagnostic::error(Some(at.clone()), format!("`{name}`: {value} {why}")));
            }
            let (stated, stated_location) = match stated {
                Some(stated) => {
                    let values = match stated.value {
                        StatedFile::One(value) => vec![value],
                        StatedFile::Several(values) => values,
                    };
                    (values, Some(location(self.path, &stated.referenced)))
                }
                None => (Vec::new(), None),
            };
            out.push(FigureDefinition {
                name: format!("{namespace}.{name}"),
                kind,
                unit,
                decimals: self.decimals(decimals.as_ref()),
                stated,
                stated_location,
                location: at,
                source,
                known_issue,
            });
        }
    }

    /// Decimals a figure is shown with, if given: at most [`MAX_DECIMALS`].
    fn decimals(&mut self, decimals: Option<&Spanned<usize>>) -> Option<usize> {
        let decimals = decimals?;
        if decimals.value <= MAX_DECIMALS {
            return Some(decimals.value);
        }
        self.problems.push(
            Diagnostic::error(
                self.at(&decimals.referenced),
                format!("{} decimals is more than a report prints (at most {MAX_DECIMALS})", decimals.value),
            )
            .with_hint("leave `decimals` out to print the digits the value is written with"),
        );
        None
    }

    fn timeline(&mut self, file: crate::content::files::TimelineFile) -> Timeline {
        let (from, to) = (file.from.value, file.to.value);
        if to <= from || !(FIRST_YEAR - 10..=LAST_YEAR).contains(&from) || to > LAST_YEAR {
            self.problems.push(Diagnostic::error(
                self.at(&file.to.referenced),
                format!("a timeline from {from} to {to} is not a span of years"),
            ));
        }
        let milestones = file
            .milestones
            .into_iter()
            .map(|milestone| {
                let written = milestone.year.value.trim().to_owned();
                let years: Option<Vec<i32>> = written.split(['-', '/']).map(|part| part.trim().parse().ok()).collect();
                let at = match years.as_deref() {
                    Some([year]) if (from..=to).contains(year) => Some(*year as f64),
                    Some([first, last]) if first < last && from <= *first && *last <= to => {
                        Some((*first as f64 + *last as f64 + 1.0) / 2.0)
                    }
                    _ => None,
                };
                if at.is_none() {
                    self.problems.push(
                        Diagnostic::error(
                            self.at(&milestone.year.referenced),
                            format!("`{written}` is not a year or span of years between {from} and {to}"),
                        )
                        .with_hint("write a year (2015) or a span (2013-2014, 2016/2017)"),
                    );
                }
                let scope = milestone.scope.as_ref().and_then(|scope| match scope.value.as_str() {
                    "within" => Some(Scope::Within),
                    "across" => Some(Scope::Across),
                    other => {
                        self.problems.push(
                            Diagnostic::error(self.at(&scope.referenced), format!("`{other}` is not a scope"))
                                .with_hint("write `within` (binnen 1 pijler) or `across` (tussen meerdere pijlers)"),
                        );
                        None
                    }
                });
                Milestone {
                    at: at.unwrap_or(from as f64),
                    year: written,
                    text: self.text("text", milestone.text),
                    scope,
                }
            })
            .collect();
        Timeline { label: self.text("label", file.label), from, to, milestones }
    }

    fn list_box(&mut self, list: crate::content::files::ListBoxFile) -> ListBox {
        ListBox {
            title: self.text("title", list.title),
            items: list.items.into_iter().map(|item| self.text("item", item)).collect(),
        }
    }

    fn unit(&mut self, unit: &Spanned<String>) -> Option<Unit> {
        match unit.value.as_str() {
            "number" => Some(Unit::Number),
            "percent" => Some(Unit::Percent),
            "euro" => Some(Unit::Euro),
            "euro_millions" => Some(Unit::EuroMillions),
            "count" => Some(Unit::Count),
            other => {
                self.problems.push(
                    Diagnostic::error(self.at(&unit.referenced), format!("`{other}` is not a unit"))
                        .with_hint("units are count, number, percent, euro and euro_millions"),
                );
                None
            }
        }
    }

    /// An id that becomes part of figure names: lower-case letters, digits and `_`.
    fn identifier(&mut self, what: &str, id: &Spanned<String>) -> String {
        if !is_identifier(&id.value) {
            self.problems.push(
                Diagnostic::error(self.at(&id.referenced), format!("`{}` is not a usable {what} id", id.value))
                    .with_hint("ids use lower-case letters, digits and `_`, e.g. focuswijken"),
            );
        }
        id.value.clone()
    }

    fn year_count(&mut self, counts: &Spanned<Vec<u64>>, years: usize) {
        if counts.value.len() != years {
            self.problems.push(Diagnostic::error(
                self.at(&counts.referenced),
                format!("one count per year of the table is needed ({years}), found {}", counts.value.len()),
            ));
        }
    }

    fn callout(&mut self, callout: crate::content::files::CalloutFile, namespace: &str) -> Callout {
        let at = location(self.path, &callout.label.referenced);
        let mut numbers = Vec::new();
        match (callout.figure, callout.compare) {
            (Some(figure), None) => {
                numbers.push((String::new(), figure.value, location(self.path, &figure.referenced)))
            }
            (None, Some(compare)) if compare.categories.len() == compare.figures.value.len() => {
                let figures_at = location(self.path, &compare.figures.referenced);
                for (period, figure) in compare.categories.into_iter().zip(compare.figures.value) {
                    numbers.push((period, figure, figures_at.clone()));
                }
            }
            (None, Some(_)) => {
                self.problems.push(Diagnostic::error(Some(at.clone()), "`compare` needs one figure per category"));
            }
            _ => self.problems.push(
                Diagnostic::error(Some(at.clone()), "a callout needs either `figure` or `compare`")
                    .with_hint("the big number is a figure: `figure: <name>`"),
            ),
        }
        let numbers = numbers
            .into_iter()
            .map(|(period, name, at)| {
                let name = qualified(namespace, &name);
                self.references.push(FigureReference { name: name.clone(), location: at, referrer: Referrer::Callout });
                (period, name)
            })
            .collect();
        Callout {
            label: self.text("label", callout.label),
            intro: callout.intro.map(|intro| self.text("intro", intro)),
            numbers,
            text: self.prose(&callout.text),
        }
    }

    /// A figure table; its figure names are qualified with `namespace` (the file stem) and
    /// recorded, so a name that does not exist is an error at its line.
    fn figure_table(&mut self, table: FigureTableFile, namespace: &str) -> FigureTable {
        let label_columns = table.rows.first().map_or(0, |row| row.labels.value.len());
        let rows = table
            .rows
            .into_iter()
            .map(|row| {
                let cells = row.labels.value.len() + row.figures.len();
                if row.labels.value.len() != label_columns || cells != table.columns.len() {
                    self.problems.push(
                        Diagnostic::error(
                            self.at(&row.labels.referenced),
                            format!(
                                "the row has {} text and {} figure cells; the table has {} columns, {label_columns} of them text",
                                row.labels.value.len(),
                                row.figures.len(),
                                table.columns.len()
                            ),
                        )
                        .with_hint("give every row the same number of labels, and one figure (or null) per other column"),
                    );
                }
                let figures = row
                    .figures
                    .iter()
                    .map(|figure| {
                        figure.as_ref().map(|figure| {
                            let name = qualified(namespace, &figure.value);
                            let location = location(self.path, &figure.referenced);
                            self.references.push(FigureReference { name: name.clone(), location, referrer: Referrer::Table });
                            name
                        })
                    })
                    .collect();
                FigureTableRow { labels: row.labels.value, figures, total: row.total }
            })
            .collect();
        FigureTable {
            title: self.text("title", table.title),
            columns: table.columns,
            label_columns,
            rows,
            source: table.source.map(|source| self.text("source", source)),
            footnotes: table.footnotes.iter().map(|note| self.prose(note)).collect(),
        }
    }

    fn section(&mut self, section: SectionFile, namespace: &str) -> Section {
        Section {
            heading: section.heading.map(|heading| self.text("heading", heading)),
            lead: section.lead.map(|lead| self.prose(&lead)),
            body: section.body.map(|body| self.prose(&body)).unwrap_or_default(),
            table: section.table.map(|table| self.table(table)),
            figure_table: section.figure_table.map(|table| self.figure_table(table, namespace)),
            chart: section.chart.map(|chart| self.chart(chart, namespace)),
            activity_summary: section
                .activity_summary
                .filter(|placed| placed.value)
                .map(|placed| location(self.path, &placed.referenced)),
            callouts: section.callouts.into_iter().map(|callout| self.callout(callout, namespace)).collect(),
            sidebar: section
                .sidebar
                .map(|s| TitledText { title: self.text("title", s.title), text: self.prose(&s.body) }),
            quote: section.quote.map(|q| Quote { text: self.prose(&q.text), source: self.text("source", q.source) }),
            photo: section.photo.and_then(|photo| self.photo(photo)),
            subsections: section
                .subsections
                .into_iter()
                .map(|sub| Subsection {
                    heading: self.text("heading", sub.heading),
                    body: self.prose(&sub.body),
                    table: sub.table.map(|table| self.table(table)),
                    figure_table: sub.figure_table.map(|table| self.figure_table(table, namespace)),
                    chart: sub.chart.map(|chart| self.chart(chart, namespace)),
                })
                .collect(),
        }
    }
}
