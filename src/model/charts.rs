//! Chart specs as validated: the kind, the labels, and the figures each series shows (qualified
//! names, recorded so an unknown one is an error at its line). Drawing is the charts stage's job.

use serde_saphyr::Spanned;

use super::Checker;
use super::names::{FigureReference, Referrer, qualified};
use super::time_series::SeriesStore;
use crate::content::files::{ChartFile, SeriesFile};
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars, grouped per category, one bar per series.
    Bars,
    /// Each category one bar of 100%, the series stacked in it.
    StackedBars,
    /// One bar per category, horizontal, with an optional total.
    HorizontalBars,
    /// A line per series over the categories (periods), with an optional dashed target path.
    Line,
    /// Shares of a whole, as a ring.
    Donut,
    /// A realisation table's rows: realised against the ambition.
    Realisation,
    /// Key indicators: the subject's gap to its comparator at the baseline and now.
    Gap,
}

const KINDS: [(&str, ChartKind); 7] = [
    ("bars", ChartKind::Bars),
    ("stacked_bars", ChartKind::StackedBars),
    ("horizontal_bars", ChartKind::HorizontalBars),
    ("line", ChartKind::Line),
    ("donut", ChartKind::Donut),
    ("realisation", ChartKind::Realisation),
    ("gap", ChartKind::Gap),
];

#[derive(Debug, Clone)]
pub struct Chart {
    /// Unique in the edition, in document order: `chart-1`, `chart-2`, …
    pub id: String,
    pub kind: ChartKind,
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub targets: Vec<Series>,
    pub total: Option<String>,
    /// A realisation table id.
    pub table: Option<(String, Location)>,
    /// Indicator ids for a gap chart.
    pub indicators: Vec<(String, Location)>,
    /// A multi-year chart's series and areas; its categories and series are filled from
    /// `series.yaml` once the edition is known (`number_and_resolve`).
    pub history: Option<History>,
    /// Index of the category whose values are 100 in an index chart.
    pub index_base: Option<usize>,
    /// Index of the category after which a series break is drawn.
    pub break_after: Option<usize>,
    pub full_width: bool,
    pub source: Option<String>,
    pub alt: Option<String>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct History {
    pub series: String,
    pub areas: Vec<String>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    /// Qualified figure names, one per category; `None` where there is no value.
    pub figures: Vec<Option<String>>,
}

impl Checker<'_> {
    /// Validates a chart spec; its id is given once the whole edition is known ([`number`]).
    pub(super) fn chart(&mut self, file: ChartFile, namespace: &str) -> Chart {
        let at = location(self.path, &file.kind.referenced);
        let kind = self.chart_kind(&file.kind, &at);
        let categories = file.categories;
        for category in &categories {
            self.plain("categories", category, Some(at.clone()));
        }
        let series: Vec<Series> =
            file.series.into_iter().map(|series| self.series(series, categories.len(), namespace)).collect();
        let targets: Vec<Series> =
            file.targets.into_iter().map(|target| self.series(target, categories.len(), namespace)).collect();
        let total = file.total.map(|total| self.chart_figure(&total.value, &total.referenced, namespace));
        let needs = |what: &str| format!("a `{}` chart needs {what}", file.kind.value);
        let history = file.history.map(|history| History {
            series: history.series.value,
            areas: history.areas.value,
            location: location(self.path, &history.areas.referenced),
        });
        if history.is_some() && !(categories.is_empty() && series.is_empty()) {
            self.problems.push(
                Diagnostic::error(Some(at.clone()), "a `history` chart takes its periods and values from the series")
                    .with_hint("remove `categories` and `series`"),
            );
        } else if history.is_some() && !matches!(kind, ChartKind::Line | ChartKind::Bars) {
            self.problems.push(Diagnostic::error(Some(at.clone()), "a `history` chart is a `line` or `bars` chart"));
        }
        if history.is_none() {
            let drawn = (series.len(), file.table.is_some(), !file.indicators.is_empty());
            self.what_the_kind_needs(kind, &file.kind.value, drawn, &at);
        }
        if matches!(kind, ChartKind::Line) && categories.len() < 2 && history.is_none() {
            self.problems.push(Diagnostic::error(Some(at.clone()), needs("at least two categories (periods)")));
        }
        let break_after = file.break_after.and_then(|after| self.category(&categories, &after));
        let index_base = file.index_base.and_then(|base| self.category(&categories, &base));
        if index_base.is_some() && kind != ChartKind::Line {
            self.problems.push(Diagnostic::error(Some(at.clone()), "`index_base` is for line charts"));
        }
        let full_width = file.width.as_ref().is_some_and(|width| self.full_width(width));
        Chart {
            id: String::new(),
            kind,
            title: self.text("title", file.title),
            categories,
            series,
            targets,
            total,
            table: file.table.map(|table| (table.value.clone(), location(self.path, &table.referenced))),
            indicators: file
                .indicators
                .iter()
                .map(|id| (id.value.clone(), location(self.path, &id.referenced)))
                .collect(),
            history,
            index_base,
            break_after,
            full_width,
            source: file.source.map(|source| self.text("source", source)),
            alt: file.alt.map(|alt| self.text("alt", alt)),
            location: at,
        }
    }

    fn chart_kind(&mut self, kind: &Spanned<String>, at: &Location) -> ChartKind {
        if let Some((_, found)) = KINDS.iter().find(|(name, _)| *name == kind.value) {
            return *found;
        }
        let names = || KINDS.iter().map(|(name, _)| *name);
        let problem = Diagnostic::error(Some(at.clone()), format!("`{}` is not a kind of chart", kind.value))
            .suggesting(&kind.value, names());
        self.problems.push(problem.with_hint(format!("the kinds are {}", names().collect::<Vec<_>>().join(", "))));
        ChartKind::Bars
    }

    /// What a chart of `kind` (written `name`) must be given: `drawn` is (its number of series,
    /// whether it names a table, whether it names indicators).
    fn what_the_kind_needs(&mut self, kind: ChartKind, name: &str, drawn: (usize, bool, bool), at: &Location) {
        let (series, table, indicators) = drawn;
        let needs = match kind {
            ChartKind::Bars | ChartKind::StackedBars | ChartKind::Line if series == 0 => "at least one series",
            ChartKind::HorizontalBars | ChartKind::Donut if series != 1 => "exactly one series",
            ChartKind::Realisation if !table => "the `table` id it draws",
            ChartKind::Gap if !indicators => "the `indicators` it draws",
            _ => return,
        };
        self.problems.push(Diagnostic::error(Some(at.clone()), format!("a `{name}` chart needs {needs}")));
    }

    /// `width: full` spans the page; `column` (the default) a text column.
    fn full_width(&mut self, width: &Spanned<String>) -> bool {
        match width.value.as_str() {
            "column" => false,
            "full" => true,
            other => {
                self.problems.push(
                    Diagnostic::error(self.at(&width.referenced), format!("`{other}` is not a chart width"))
                        .with_hint("write `full` for the page width, or leave it out for a column"),
                );
                false
            }
        }
    }

    fn category(&mut self, categories: &[String], name: &serde_saphyr::Spanned<String>) -> Option<usize> {
        let found = categories.iter().position(|category| *category == name.value);
        if found.is_none() {
            self.problems.push(Diagnostic::error(
                self.at(&name.referenced),
                format!("`{}` is not one of the chart's categories", name.value),
            ));
        }
        found
    }

    fn series(&mut self, series: SeriesFile, categories: usize, namespace: &str) -> Series {
        if series.figures.value.len() != categories {
            self.problems.push(
                Diagnostic::error(
                    self.at(&series.figures.referenced),
                    format!("one figure per category is needed ({categories}), found {}", series.figures.value.len()),
                )
                .with_hint("give one figure per category, `null` where there is no value"),
            );
        }
        let figures = series
            .figures
            .value
            .iter()
            .map(|name| name.as_ref().map(|name| self.chart_figure(name, &series.figures.referenced, namespace)))
            .collect();
        Series { name: self.text("name", series.name), figures }
    }

    fn chart_figure(&mut self, name: &str, at: &serde_saphyr::Location, namespace: &str) -> String {
        let name = qualified(namespace, name);
        let location = location(self.path, at);
        self.references.push(FigureReference { name: name.clone(), location, referrer: Referrer::Chart });
        name
    }
}

/// Numbers the charts in document order (`chart-1`, …) and checks what they name across files:
/// a realisation chart's table, a gap chart's indicators (which must be assessed ones), a history
/// chart's series (whose periods and values it takes as the edition of `year` sees them).
pub(super) fn number_and_resolve(
    chapters: &mut [super::Chapter],
    indicators: Option<&super::Indicators>,
    (store, year): (Option<&SeriesStore>, i32),
    problems: &mut Vec<Diagnostic>,
) {
    let table_ids: Vec<String> = chapters.iter().flat_map(|p| p.tables()).map(|t| t.id.clone()).collect();
    let mut number = 0;
    for chart in chapters
        .iter_mut()
        .flat_map(|p| p.sections.iter_mut())
        .flat_map(|s| s.chart.iter_mut().chain(s.subsections.iter_mut().filter_map(|sub| sub.chart.as_mut())))
    {
        number += 1;
        chart.id = format!("chart-{number}");
        if let Some(history) = chart.history.clone() {
            resolve_history(chart, &history, indicators, (store, year), problems);
        }
        if let Some((id, at)) = &chart.table
            && !table_ids.contains(id)
        {
            let problem = Diagnostic::error(Some(at.clone()), format!("there is no realisation table `{id}`"))
                .suggesting(id, table_ids.iter().map(String::as_str));
            problems.push(problem);
        }
        for (id, at) in &chart.indicators {
            let assessed = indicators.and_then(|i| i.rows.iter().find(|row| row.id == *id)).map(|row| row.polarity);
            match assessed {
                Some(Some(_)) => {}
                Some(None) => problems.push(Diagnostic::error(
                    Some(at.clone()),
                    format!("indicator `{id}` has no polarity, so it has no gap to draw"),
                )),
                None => {
                    let ids = indicators.iter().flat_map(|i| i.rows.iter().map(|row| row.id.as_str()));
                    let problem = Diagnostic::error(Some(at.clone()), format!("there is no indicator `{id}`"))
                        .suggesting(id, ids);
                    problems.push(problem);
                }
            }
        }
    }
}

/// Fills a history chart from its series: the periods the edition sees as categories, a series
/// per area (named as the key figures name the area) with its values as `series.*` figures.
fn resolve_history(
    chart: &mut Chart,
    history: &History,
    indicators: Option<&super::Indicators>,
    (store, year): (Option<&SeriesStore>, i32),
    problems: &mut Vec<Diagnostic>,
) {
    let at = || Some(history.location.clone());
    let Some(series) = store.and_then(|store| store.get(&history.series)) else {
        let ids = store.into_iter().flat_map(SeriesStore::ids);
        let problem = Diagnostic::error(at(), format!("there is no series `{}` in series.yaml", history.series))
            .suggesting(&history.series, ids);
        problems.push(problem);
        return;
    };
    let seen = series.visible(year);
    if history.areas.is_empty() {
        problems.push(Diagnostic::error(at(), "a history chart needs the `areas` it draws, e.g. `[zuid, g4]`"));
    }
    if seen.len() < 2 && chart.kind == ChartKind::Line {
        let periods = if seen.len() == 1 { "only one period" } else { "no period" };
        problems.push(Diagnostic::error(
            at(),
            format!("the series `{}` has {periods} published by {year}; a line needs two", history.series),
        ));
    }
    let label = |area: &str| {
        let mut areas = indicators.into_iter().flat_map(|indicators| &indicators.areas);
        areas.find(|known| known.id == area).map_or_else(|| area.to_owned(), |known| known.label.clone())
    };
    chart.categories = seen.iter().map(|seen| seen.period.to_owned()).collect();
    for area in &history.areas {
        let figures: Vec<Option<String>> = seen
            .iter()
            .map(|seen| {
                seen.values
                    .get(area)
                    .copied()
                    .flatten()
                    .map(|_| super::names::series_value(&history.series, area, seen.period))
            })
            .collect();
        if figures.iter().all(Option::is_none) {
            problems.push(Diagnostic::error(
                at(),
                format!("the series `{}` has no value for `{area}` published by {year}", history.series),
            ));
        }
        chart.series.push(Series { name: label(area), figures });
    }
}
