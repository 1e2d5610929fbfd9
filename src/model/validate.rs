//! Validation of a whole edition: every file through its checker, then what only the whole edition
//! can say (teasers point at chapters, tables are printed once and named once, placeholders left).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::checker::Checker;
use super::figure::FigureDefinition;
use super::names::FigureReference;
use super::{Chapter, Edition, charts, plan};
use crate::content::files::{ChapterFile, ReportFile};
use crate::content::yaml::location;
use crate::content::{EditionFiles, Parsed};
use crate::diag::{Diagnostic, Location, Warned};

/// Validates parsed files into an [`Edition`], reporting every error at once (with those of the
/// files that did not parse). `source_date` is a date imposed by the build (`SOURCE_DATE_EPOCH`);
/// it dates the PDF.
pub fn validate(mut files: EditionFiles, source_date: Option<NaiveDate>) -> Warned<Edition> {
    let mut problems = std::mem::take(&mut files.unreadable);
    // A file that did not parse has its own error; what it would have provided is not missing too.
    let refused: Vec<String> = problems
        .iter()
        .filter_map(|problem| Path::new(&problem.location.as_ref()?.path).file_name()?.to_str().map(str::to_owned))
        .collect();
    let mut warnings = placeholder_warnings(&files.placeholders);
    let mut references = Vec::new();
    let written = std::mem::take(&mut files.references);
    let mut definitions = Vec::new();
    let report_path = files.report.path.clone();
    let chapters: Vec<&str> = files.chapters.iter().map(|chapter| chapter.name.as_str()).collect();
    let mut check =
        Checker { path: &report_path, problems: &mut problems, references: &mut references, written: &written };
    let edition = check.report(files.report.data, &files.dir, &chapters, source_date, &mut warnings, &mut definitions);
    let series = files.series.map(|parsed| {
        let mut check =
            Checker { path: &parsed.path, problems: &mut problems, references: &mut references, written: &written };
        check.time_series(parsed.data)
    });
    if let Some(series) = &series {
        series.declare(edition.year, &mut definitions);
    }
    let indicators = files.indicators.map(|parsed| {
        let mut check =
            Checker { path: &parsed.path, problems: &mut problems, references: &mut references, written: &written };
        let series = series.as_ref();
        let (indicators, file_warnings) = check.indicators(parsed.data, series, edition.year, &mut definitions);
        warnings.extend(file_warnings);
        indicators
    });
    let activities = files.activities.map(|parsed| {
        let mut check =
            Checker { path: &parsed.path, problems: &mut problems, references: &mut references, written: &written };
        check.activities(parsed.data, &mut definitions)
    });
    let mut chapters: Vec<Chapter> = files
        .chapters
        .into_iter()
        .map(|chapter| validate_chapter(chapter, &mut problems, (&mut references, &written), &mut definitions))
        .collect();
    check_unique_table_ids(&chapters, &mut problems);
    if let Some(plan) = edition.plan {
        let tables: Vec<_> = chapters.iter().flat_map(Chapter::tables).collect();
        warnings.extend(plan::tables_outside(plan, &tables));
    }
    charts::number_and_resolve(&mut chapters, indicators.as_ref(), (series.as_ref(), edition.year), &mut problems);
    let key_figures: Vec<_> = chapters.iter().filter_map(|p| p.key_figures.clone()).collect();
    let indicators_file = indicators.as_ref().map(|_| Location::file(files.dir.join("indicators.yaml")));
    if !refused.iter().any(|name| name == Placed::KEY_FIGURES.file) {
        check_placed(Placed::KEY_FIGURES, &key_figures, indicators_file, &mut problems, &mut warnings);
    }
    let summaries: Vec<_> =
        chapters.iter().flat_map(|p| &p.sections).filter_map(|s| s.activity_summary.clone()).collect();
    let activities_file = activities.as_ref().map(|_| Location::file(files.dir.join("activities.yaml")));
    if !refused.iter().any(|name| name == Placed::ACTIVITY_SUMMARY.file) {
        check_placed(Placed::ACTIVITY_SUMMARY, &summaries, activities_file, &mut problems, &mut warnings);
    }
    let edition =
        Edition { chapters, figure_references: references, figures: definitions, indicators, activities, ..edition };
    let output = if problems.is_empty() { Ok(edition) } else { Err(problems) };
    Warned { output, warnings }
}

fn validate_chapter(
    parsed: Parsed<ChapterFile>,
    problems: &mut Vec<Diagnostic>,
    (references, written): (&mut Vec<FigureReference>, &[(String, Location)]),
    definitions: &mut Vec<FigureDefinition>,
) -> Chapter {
    let mut check = Checker { path: &parsed.path, problems, references, written };
    let ChapterFile { title, headline, intro, sections, figures, key_figures, timeline } = parsed.data;
    check.figures(&parsed.name, figures, definitions);
    Chapter {
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
fn check_unique_table_ids(chapters: &[Chapter], problems: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::BTreeSet::new();
    for table in chapters.iter().flat_map(Chapter::tables) {
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

impl Checker<'_> {
    /// report.yaml: the edition's year, metadata, cover and back page, its own figures and the plan
    /// it reports on. The chapters and edition-level files are added by [`validate`].
    fn report(
        &mut self,
        report: ReportFile,
        dir: &Path,
        chapters: &[&str],
        source_date: Option<NaiveDate>,
        warnings: &mut Vec<Diagnostic>,
        definitions: &mut Vec<FigureDefinition>,
    ) -> Edition {
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
            figures,
            plan,
            deel_ii,
            teasers,
            colofon,
            partners,
            appendix,
            chapters: _,
        } = report;
        self.figures("report", figures, definitions);
        let plan = plan.and_then(|plan| {
            let (plan, warning) = self.plan(plan, year.value, definitions);
            warnings.extend(warning);
            plan
        });
        self.year_matches_folder(&year, dir);
        let date = self.edition_date(published, year.value, source_date, warnings);
        let inleiding = self.prose(&inleiding);
        let voorgeschiedenis = voorgeschiedenis.map(|text| self.titled_text(text));
        let voorwoord = self.voorwoord(voorwoord);
        Edition {
            year: year.value,
            title: self.text("title", title),
            subtitle: self.text("subtitle", subtitle),
            author: self.text("author", author),
            date,
            keywords,
            inleiding,
            voorgeschiedenis,
            voorwoord,
            chapters: Vec::new(),
            figure_references: Vec::new(),
            figures: Vec::new(),
            indicators: None,
            activities: None,
            deel_ii: deel_ii.map(|list| self.list_box(list)),
            teasers: self.teasers(teasers, chapters),
            colofon: colofon.map(|colofon| self.colofon(colofon)),
            appendix: appendix.map(|text| self.titled_text(text)),
            plan,
            partners: partners.map(|partners| self.partners(partners)),
        }
    }
}
