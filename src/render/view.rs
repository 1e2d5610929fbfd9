//! View models: what templates see. Built from the model, shaped for the page, with prose
//! already turned into safe Typst markup (the only values templates may print unescaped).

use std::collections::BTreeMap;

use minijinja::Value;
use serde::Serialize;

use crate::nl::dutch_date;
use crate::nl::{number, percent};
use super::markup;
use crate::charts::DrawnChart;
use crate::figures::Figure;
use crate::figures::gap::Closure;
use crate::figures::key_figures::{Assessment, KeyFigures};
use crate::figures::{ComputedTable, Figures, PREVIOUS};
use crate::model::activities::{self, Colour, Trend};
use crate::model::indicators::ClosureRule;
use crate::model::{
    Activities, Callout, Chart, Edition, FigureTable, Indicators, ListBox, Milestone, Pillar, Prose, RealisationTable,
    Scope, Section, Timeline, TitledText,
};

#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub year: i32,
    pub title: String,
    pub subtitle: String,
    pub author: String,
    pub keywords: Vec<String>,
    /// The PDF's description (Subject): the inleiding as plain text.
    pub description: String,
    pub date: DateView,
    pub inleiding: Value,
    pub voorgeschiedenis: Option<TitledTextView>,
    pub voorwoord: VoorwoordView,
    pub pillars: Vec<PillarRef>,
    pub deel_ii: Option<ListBoxView>,
    pub teasers: Vec<TeaserView>,
    pub colofon: Option<ColofonView>,
    pub partners: Option<PartnersView>,
    pub appendix: Option<AppendixView>,
}

/// The indicators appendix: every indicator with its values per area, baseline and status.
#[derive(Debug, Serialize)]
pub struct AppendixView {
    pub title: String,
    pub text: Value,
    pub areas: Vec<String>,
    pub indicators: Vec<AppendixIndicatorView>,
}

#[derive(Debug, Serialize)]
pub struct AppendixIndicatorView {
    pub label: String,
    /// "2018; basis 2011"
    pub periods: String,
    pub values: Vec<String>,
    /// The previous edition's values; empty when it did not have the indicator.
    pub previous: Vec<String>,
    pub baselines: Vec<String>,
    pub status: String,
    pub reached: bool,
}

#[derive(Debug, Serialize)]
pub struct ListBoxView {
    pub title: String,
    pub items: Vec<String>,
}

/// A cover teaser; `chapter` is the id Typst finds the chapter's page by.
#[derive(Debug, Serialize)]
pub struct TeaserView {
    pub chapter: String,
    pub tag: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct ColofonView {
    pub intro: String,
    pub groups: Vec<PeopleGroupView>,
    pub contacts: Vec<ContactView>,
}

#[derive(Debug, Serialize)]
pub struct PeopleGroupView {
    pub title: Option<String>,
    pub people: Vec<PersonView>,
}

#[derive(Debug, Serialize)]
pub struct PersonView {
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContactView {
    pub label: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct PartnersView {
    pub title: String,
    pub lists: Vec<ListBoxView>,
}

#[derive(Debug, Serialize)]
pub struct DateView {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// "30 juni 2021"
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct TitledTextView {
    pub title: String,
    pub text: Value,
}

#[derive(Debug, Serialize)]
pub struct VoorwoordView {
    pub lead: Value,
    pub text: Value,
    pub signatories: Vec<SignatoryView>,
}

#[derive(Debug, Serialize)]
pub struct SignatoryView {
    pub name: String,
    pub role: String,
}

/// How the main document finds a pillar's generated file.
#[derive(Debug, Serialize)]
pub struct PillarRef {
    pub id: String,
    pub title: String,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct PillarView {
    pub id: String,
    pub title: String,
    pub headline: Option<String>,
    pub intro: Value,
    pub key_figures: Option<KeyFiguresView>,
    pub timeline: Option<TimelineView>,
    pub sections: Vec<SectionView>,
}

/// A timeline laid out: each milestone at its place on the axis (0 to 1), above or below it, on
/// a level chosen so that no two labels overlap.
#[derive(Debug, Serialize)]
pub struct TimelineView {
    pub label: String,
    pub years: Vec<i32>,
    pub milestones: Vec<MilestoneView>,
    /// The height of each level of labels above and below the axis, nearest first, in points:
    /// the tallest label on a level fits it.
    pub heights_above: Vec<f64>,
    pub heights_below: Vec<f64>,
    /// The width of a label, as a share of the axis.
    pub label_width: f64,
    /// Whether any milestone has a scope (then the legend is printed).
    pub legend: bool,
}

#[derive(Debug, Serialize)]
pub struct MilestoneView {
    pub x: f64,
    /// Where the label box starts (it ends at `x` near the right edge).
    pub label_x: f64,
    pub above: bool,
    pub level: usize,
    pub year: String,
    pub text: String,
    /// `within`, `across` or `none`.
    pub scope: String,
}

/// The key-figures table: indicators by area, current value over baseline, every figure formatted.
#[derive(Debug, Serialize)]
pub struct KeyFiguresView {
    pub title: String,
    pub areas: Vec<String>,
    /// The column whose cells are shaded when they reach the ambition.
    pub subject_column: usize,
    pub rows: Vec<KeyFigureRowView>,
    /// "1) Schooljaar 2019-2021 …", in order.
    pub footnotes: Vec<String>,
    /// What the shading means and how many cells have it.
    pub legend: String,
}

#[derive(Debug, Serialize)]
pub struct KeyFigureRowView {
    pub label: String,
    /// "(2020)", or empty.
    pub period: String,
    /// Footnote marks after the label: "3)".
    pub notes: String,
    pub cells: Vec<KeyFigureCellView>,
}

#[derive(Debug, Serialize)]
pub struct KeyFigureCellView {
    /// "17,5%", or "x" where there is no value.
    pub value: String,
    /// "(21%)", or empty for rows without a baseline.
    pub baseline: String,
    /// The baseline's footnote mark: "5)".
    pub baseline_note: String,
    /// Reached the ambition: shaded dark green (and bold, so not by colour alone).
    pub reached: bool,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    pub heading: Option<String>,
    pub lead: Option<Value>,
    pub body: Value,
    pub table: Option<TableView>,
    pub figure_table: Option<FigureTableView>,
    pub chart: Option<ChartView>,
    pub activity_summary: Option<ActivitySummaryView>,
    pub callouts: Vec<CalloutView>,
    pub sidebar: Option<TitledTextView>,
    pub quote: Option<QuoteView>,
    pub photo: Option<PhotoView>,
    pub subsections: Vec<SubsectionView>,
}

/// The activity status summary: per pillar one row per colour, counts per trend, totals.
#[derive(Debug, Serialize)]
pub struct ActivitySummaryView {
    pub title: String,
    pub rows: Vec<ActivityRowView>,
    /// Column totals: vooruit, gelijk, achteruit, then the grand total.
    pub totals: Vec<String>,
    pub legend: Vec<LegendEntryView>,
}

#[derive(Debug, Serialize)]
pub struct ActivityRowView {
    /// On a pillar's first row only (the cell spans its rows), with the pillar total.
    pub pillar: Option<String>,
    pub pillar_total: String,
    /// `groen`, for the theme's swatch; `label` is printed ("Groen").
    pub colour: String,
    pub label: String,
    /// vooruit, gelijk, achteruit; empty where 0, as printed.
    pub cells: Vec<String>,
    pub subtotal: String,
}

#[derive(Debug, Serialize)]
pub struct LegendEntryView {
    pub colour: String,
    pub label: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct SubsectionView {
    pub heading: String,
    pub body: Value,
    pub table: Option<TableView>,
    pub figure_table: Option<FigureTableView>,
    pub chart: Option<ChartView>,
}

/// A callout: its label, an optional intro line, the big numbers (formatted figures, with their
/// period when there are several) and the text.
#[derive(Debug, Serialize)]
pub struct CalloutView {
    pub label: String,
    pub intro: Option<String>,
    pub numbers: Vec<CalloutNumberView>,
    pub text: Value,
}

#[derive(Debug, Serialize)]
pub struct CalloutNumberView {
    pub period: String,
    pub value: String,
    /// Relative to the largest of the callout's numbers, for the mini bars (0 to 1).
    pub share: f64,
}

#[derive(Debug, Serialize)]
pub struct PhotoView {
    pub path: String,
    pub alt: String,
    pub caption: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct QuoteView {
    pub text: Value,
    pub source: String,
}

/// A chart to place: its SVG in the virtual project, the caption and the alt text.
#[derive(Debug, Serialize)]
pub struct ChartView {
    pub path: String,
    pub title: String,
    pub alt: String,
    pub source: Option<String>,
    pub full_width: bool,
    /// The width it was drawn at, in points; placed at exactly this width.
    pub width_pt: f64,
}

/// A table of figures, every number formatted in Dutch.
#[derive(Debug, Serialize)]
pub struct FigureTableView {
    pub title: String,
    pub columns: Vec<String>,
    pub label_columns: usize,
    pub rows: Vec<FigureTableRowView>,
    pub source: Option<String>,
    pub footnotes: Vec<Value>,
}

#[derive(Debug, Serialize)]
pub struct FigureTableRowView {
    pub cells: Vec<String>,
    pub total: bool,
}

/// A realisation table, every figure formatted in Dutch.
#[derive(Debug, Serialize)]
pub struct TableView {
    pub id: String,
    pub title: String,
    pub ambition_label: String,
    /// "Realisatie 2019", ...
    pub year_labels: Vec<String>,
    pub rows: Vec<TableRowView>,
    pub footnotes: Vec<Value>,
}

#[derive(Debug, Serialize)]
pub struct TableRowView {
    /// The group label, on the first row of a group only (the cell spans the group).
    pub group: Option<String>,
    pub group_rows: usize,
    pub part: String,
    pub is_total: bool,
    pub ambition: String,
    pub realised: Vec<String>,
    pub percentage: String,
}

fn markup(prose: &Prose, figures: &Figures) -> Value {
    Value::from_safe_string(markup::prose(prose, figures))
}

fn appendix_view(
    appendix: &TitledText,
    indicators: &Indicators,
    assessed: &KeyFigures,
    figures: &Figures,
) -> AppendixView {
    let shown = |name: String| figure_text(figures, &name);
    let subject = &indicators.areas[indicators.subject].label;
    let comparator = &indicators.areas[indicators.comparator].label;
    let target = percent(indicators.closure_target, 0);
    AppendixView {
        title: appendix.title.clone(),
        text: markup(&appendix.text, figures),
        areas: indicators.areas.iter().map(|area| area.label.clone()).collect(),
        indicators: indicators
            .rows
            .iter()
            .zip(&assessed.rows)
            .map(|(row, assessment)| {
                let areas = 0..indicators.areas.len();
                let mut status = match assessment {
                    Assessment::Context => "Context; niet beoordeeld.".to_owned(),
                    Assessment::NoResult => {
                        format!("Geen uitslag: een waarde van {subject} of {comparator} ontbreekt.")
                    }
                    Assessment::Assessed { closure: Closure::NoGapAtBaseline, .. } => {
                        format!("Bij de basismeting had {subject} geen achterstand op {comparator}.")
                    }
                    Assessment::Assessed { closure: Closure::Closed(closed), reached } => format!(
                        "{subject} heeft {} van de achterstand t.o.v. {comparator} ingelopen (ambitie {target}): {}.",
                        percent(*closed, 0),
                        if *reached { "gehaald" } else { "nog niet gehaald" }
                    ),
                };
                let previous_name = |name: String| format!("{PREVIOUS}{name}");
                let previous: Vec<String> =
                    areas.clone().map(|area| shown(previous_name(indicators.value_name(row, area)))).collect();
                let had_previous = previous.iter().any(|value| value != "x");
                if let Some(closed) = figures.named.get(&previous_name(format!("{}.gap_closed", row.name()))) {
                    status.push_str(&format!(" Vorige editie: {} ingelopen.", closed.text()));
                }
                let mut periods = row.period.iter().cloned().collect::<Vec<_>>();
                if let Some(period) = figures.periods.get(&previous_name(row.name())).filter(|_| had_previous) {
                    periods.push(format!("vorige editie {period}"));
                }
                periods.extend(row.baseline.as_ref().map(|baseline| format!("basis {}", baseline.period)));
                AppendixIndicatorView {
                    label: row.label.clone(),
                    periods: periods.join("; "),
                    values: areas.clone().map(|area| shown(indicators.value_name(row, area))).collect(),
                    previous: if had_previous { previous } else { Vec::new() },
                    baselines: match &row.baseline {
                        Some(_) => areas.map(|area| shown(indicators.baseline_name(row, area))).collect(),
                        None => Vec::new(),
                    },
                    status,
                    reached: assessment.reached(),
                }
            })
            .collect(),
    }
}

/// The share of the axis a milestone's label takes, its width in points on a full-width axis
/// (less its inset), and its type size.
const MILESTONE_WIDTH: f64 = 0.15;
const MILESTONE_LABEL_PT: f64 = crate::charts::style::FULL_WIDTH_PT * MILESTONE_WIDTH - 5.0;
const MILESTONE_TEXT_PT: f64 = 6.2;

/// Lays out a timeline: milestones in time order, each on the side and the lowest level where
/// its label does not overlap an earlier one (ties go to alternating sides).
fn timeline(timeline: &Timeline) -> TimelineView {
    let span = (timeline.to - timeline.from + 1) as f64;
    let mut order: Vec<&Milestone> = timeline.milestones.iter().collect();
    order.sort_by(|a, b| a.at.total_cmp(&b.at));
    // The right edge of the last label on each level, per side.
    let mut ends: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut heights: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    let mut milestones = Vec::new();
    for (index, milestone) in order.into_iter().enumerate() {
        let x = (milestone.at - timeline.from as f64 + 0.5) / span;
        let label_x = if x + MILESTONE_WIDTH > 1.0 { x - MILESTONE_WIDTH } else { x };
        let free_level = |ends: &Vec<f64>| ends.iter().position(|end| *end + 0.01 <= label_x).unwrap_or(ends.len());
        let levels = [free_level(&ends[0]), free_level(&ends[1])];
        let side = match levels[0].cmp(&levels[1]) {
            std::cmp::Ordering::Less => 0,
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Equal => index % 2,
        };
        let level = levels[side];
        if level == ends[side].len() {
            ends[side].push(0.0);
            heights[side].push(0.0);
        }
        ends[side][level] = label_x + MILESTONE_WIDTH;
        let lines = crate::charts::canvas::lines_needed(&milestone.text, MILESTONE_LABEL_PT, MILESTONE_TEXT_PT);
        let height = lines as f64 * MILESTONE_TEXT_PT * 1.15 + 3.0;
        heights[side][level] = heights[side][level].max(height);
        milestones.push(MilestoneView {
            x,
            label_x,
            above: side == 0,
            level,
            year: milestone.year.clone(),
            text: milestone.text.clone(),
            scope: match milestone.scope {
                Some(Scope::Within) => "within",
                Some(Scope::Across) => "across",
                None => "none",
            }
            .to_owned(),
        });
    }
    TimelineView {
        label: timeline.label.clone(),
        years: (timeline.from..=timeline.to).collect(),
        milestones,
        label_width: MILESTONE_WIDTH,
        heights_above: std::mem::take(&mut heights[0]),
        heights_below: std::mem::take(&mut heights[1]),
        legend: timeline.milestones.iter().any(|m| m.scope.is_some()),
    }
}

fn list_box(list: &ListBox) -> ListBoxView {
    ListBoxView { title: list.title.clone(), items: list.items.clone() }
}

pub fn document(edition: &Edition, figures: &Figures) -> DocumentView {
    DocumentView {
        year: edition.year,
        title: edition.title.clone(),
        subtitle: edition.subtitle.clone(),
        author: edition.author.clone(),
        keywords: edition.keywords.clone(),
        description: edition.inleiding.plain_text(&|name| figure_text(figures, name)),
        date: {
            use chrono::Datelike;
            let date = edition.date;
            DateView { year: date.year(), month: date.month(), day: date.day(), text: dutch_date(date) }
        },
        inleiding: markup(&edition.inleiding, figures),
        voorgeschiedenis: edition
            .voorgeschiedenis
            .as_ref()
            .map(|v| TitledTextView { title: v.title.clone(), text: markup(&v.text, figures) }),
        voorwoord: VoorwoordView {
            lead: markup(&edition.voorwoord.lead, figures),
            text: markup(&edition.voorwoord.text, figures),
            signatories: edition
                .voorwoord
                .signatories
                .iter()
                .map(|s| SignatoryView { name: s.name.clone(), role: s.role.clone() })
                .collect(),
        },
        pillars: edition
            .pillars
            .iter()
            .map(|p| PillarRef { id: p.id.clone(), title: p.title.clone(), path: crate::project::chapter_path(&p.id) })
            .collect(),
        deel_ii: edition.deel_ii.as_ref().map(list_box),
        teasers: edition
            .teasers
            .iter()
            .map(|teaser| TeaserView {
                chapter: teaser.chapter.clone(),
                tag: edition
                    .pillars
                    .iter()
                    .find(|p| p.id == teaser.chapter)
                    .map_or_else(|| teaser.chapter.clone(), |p| p.title.clone()),
                text: teaser.text.clone(),
            })
            .collect(),
        colofon: edition.colofon.as_ref().map(|colofon| ColofonView {
            intro: colofon.intro.clone(),
            groups: colofon
                .groups
                .iter()
                .map(|group| PeopleGroupView {
                    title: group.title.clone(),
                    people: group
                        .people
                        .iter()
                        .map(|(name, role)| PersonView { name: name.clone(), role: role.clone() })
                        .collect(),
                })
                .collect(),
            contacts: colofon
                .contacts
                .iter()
                .map(|(label, text)| ContactView { label: label.clone(), text: text.clone() })
                .collect(),
        }),
        appendix: match (&edition.appendix, &edition.indicators, &figures.key_figures) {
            (Some(appendix), Some(indicators), Some(assessed)) => {
                Some(appendix_view(appendix, indicators, assessed, figures))
            }
            _ => None,
        },
        partners: edition.partners.as_ref().map(|partners| PartnersView {
            title: partners.title.clone(),
            lists: partners.lists.iter().map(list_box).collect(),
        }),
    }
}

fn chart(chart: &Chart, charts: &BTreeMap<String, DrawnChart>) -> Option<ChartView> {
    let drawn = charts.get(&chart.id)?;
    Some(ChartView {
        path: crate::project::chart_path(&chart.id),
        title: chart.title.clone(),
        alt: drawn.alt.clone(),
        source: chart.source.clone(),
        full_width: chart.full_width,
        width_pt: drawn.width_pt,
    })
}

pub fn pillar(
    pillar: &Pillar,
    edition: &Edition,
    figures: &Figures,
    charts: &BTreeMap<String, DrawnChart>,
) -> PillarView {
    let key_figures = match (&edition.indicators, &figures.key_figures) {
        (Some(indicators), Some(assessed)) if pillar.key_figures.is_some() => {
            Some(key_figures(indicators, assessed, figures))
        }
        _ => None,
    };
    PillarView {
        id: pillar.id.clone(),
        title: pillar.title.clone(),
        headline: pillar.headline.clone(),
        intro: markup(&pillar.intro, figures),
        key_figures,
        timeline: pillar.timeline.as_ref().map(timeline),
        sections: pillar.sections.iter().map(|s| section(s, edition, figures, charts)).collect(),
    }
}

fn section(
    section: &Section,
    edition: &Edition,
    figures: &Figures,
    charts: &BTreeMap<String, DrawnChart>,
) -> SectionView {
    SectionView {
        heading: section.heading.clone(),
        lead: section.lead.as_ref().map(|lead| markup(lead, figures)),
        body: markup(&section.body, figures),
        table: section.table.as_ref().map(|t| table(t, figures)),
        figure_table: section.figure_table.as_ref().map(|t| figure_table(t, figures)),
        chart: section.chart.as_ref().and_then(|c| chart(c, charts)),
        callouts: section.callouts.iter().map(|c| callout(c, figures)).collect(),
        sidebar: section
            .sidebar
            .as_ref()
            .map(|s| TitledTextView { title: s.title.clone(), text: markup(&s.text, figures) }),
        quote: section.quote.as_ref().map(|q| QuoteView { text: markup(&q.text, figures), source: q.source.clone() }),
        photo: section.photo.as_ref().map(|p| PhotoView {
            path: p.virtual_path.clone(),
            alt: p.alt.clone(),
            caption: p.caption.clone(),
        }),
        activity_summary: match (&section.activity_summary, &edition.activities) {
            (Some(_), Some(activities)) => Some(activity_summary(activities, figures)),
            _ => None,
        },
        subsections: section
            .subsections
            .iter()
            .map(|s| SubsectionView {
                heading: s.heading.clone(),
                body: markup(&s.body, figures),
                table: s.table.as_ref().map(|t| table(t, figures)),
                figure_table: s.figure_table.as_ref().map(|t| figure_table(t, figures)),
                chart: s.chart.as_ref().and_then(|c| chart(c, charts)),
            })
            .collect(),
    }
}

fn callout(callout: &Callout, figures: &Figures) -> CalloutView {
    let values: Vec<(String, Option<Figure>)> =
        callout.numbers.iter().map(|(period, name)| (period.clone(), figures.named.get(name).copied())).collect();
    let largest = values.iter().filter_map(|(_, f)| f.map(|f| f.value.abs())).fold(0.0, f64::max);
    CalloutView {
        label: callout.label.clone(),
        intro: callout.intro.clone(),
        numbers: values
            .into_iter()
            .map(|(period, figure)| CalloutNumberView {
                period,
                value: figure.map_or("–".to_owned(), |f| f.text()),
                share: figure.filter(|_| largest > 0.0).map_or(0.0, |f| f.value.abs() / largest),
            })
            .collect(),
        text: markup(&callout.text, figures),
    }
}

fn figure_table(table: &FigureTable, figures: &Figures) -> FigureTableView {
    let shown = |name: &Option<String>| {
        name.as_ref().map_or(String::new(), |name| figures.named.get(name).map_or("–".to_owned(), |f| f.text()))
    };
    FigureTableView {
        title: table.title.clone(),
        columns: table.columns.clone(),
        label_columns: table.label_columns,
        rows: table
            .rows
            .iter()
            .map(|row| FigureTableRowView {
                cells: row.labels.iter().cloned().chain(row.figures.iter().map(shown)).collect(),
                total: row.total,
            })
            .collect(),
        source: table.source.clone(),
        footnotes: table.footnotes.iter().map(|note| markup(note, figures)).collect(),
    }
}

fn table(table: &RealisationTable, figures: &Figures) -> TableView {
    let empty = ComputedTable { rows: Vec::new() };
    let computed = figures.tables.get(&table.id).unwrap_or(&empty);
    let mark = |mark: &Option<String>| mark.clone().unwrap_or_default();
    let rows = computed
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let first_in_group = index == 0 || computed.rows[index - 1].group != row.group;
            TableRowView {
                group: first_in_group.then(|| row.group.clone()),
                group_rows: computed.rows[index..].iter().take_while(|r| r.group == row.group).count(),
                part: row.part.clone().unwrap_or_default(),
                is_total: row.is_total,
                ambition: format!("{}{}", number(row.figures.ambition as f64, 0), mark(&row.ambition_mark)),
                realised: row
                    .figures
                    .realised
                    .iter()
                    .map(|count| format!("{}{}", number(*count as f64, 0), mark(&row.realised_mark)))
                    .collect(),
                percentage: row.figures.percentage.map_or("–".to_owned(), |p| percent(p, 0)),
            }
        })
        .collect();
    TableView {
        id: table.id.clone(),
        title: table.title.clone(),
        ambition_label: table.ambition_label.clone(),
        year_labels: table.years.iter().map(|year| format!("Realisatie {year}")).collect(),
        rows,
        footnotes: table.footnotes.iter().map(|note| markup(note, figures)).collect(),
    }
}

/// A figure as printed (an indicator's value or baseline, a figure in the PDF's description);
/// "x" where there is none, as the report prints an area without a value.
fn figure_text(figures: &Figures, name: &str) -> String {
    figures.named.get(name).map_or_else(|| "x".to_owned(), |figure| figure.text())
}

fn key_figures(indicators: &Indicators, assessed: &KeyFigures, figures: &Figures) -> KeyFiguresView {
    let mark = |note: Option<usize>| note.map_or(String::new(), |n| format!("{n})"));
    let shown = |name: String| figure_text(figures, &name);
    let rows = indicators
        .rows
        .iter()
        .zip(&assessed.rows)
        .map(|(row, assessment)| KeyFigureRowView {
            label: row.label.clone(),
            period: row.period.as_ref().map_or(String::new(), |period| format!("({period})")),
            notes: row.notes.iter().map(|n| mark(Some(*n))).collect::<Vec<_>>().join(" "),
            cells: (0..indicators.areas.len())
                .map(|area| KeyFigureCellView {
                    value: shown(indicators.value_name(row, area)),
                    baseline: row
                        .baseline
                        .as_ref()
                        .map_or(String::new(), |_| format!("({})", shown(indicators.baseline_name(row, area)))),
                    baseline_note: mark(row.baseline.as_ref().and_then(|b| b.note)),
                    reached: area == indicators.subject && assessment.reached(),
                })
                .collect(),
        })
        .collect();
    KeyFiguresView {
        title: indicators.title.clone(),
        areas: indicators.areas.iter().map(|area| area.label.clone()).collect(),
        subject_column: indicators.subject,
        rows,
        footnotes: indicators.footnotes.iter().enumerate().map(|(i, text)| format!("{})\u{a0}{text}", i + 1)).collect(),
        legend: key_figures_legend(indicators, assessed),
    }
}

/// "Donkergroen en vet: Zuid heeft sinds de basismeting ten minste 25% van de achterstand t.o.v. G4 ingelopen …"
fn key_figures_legend(indicators: &Indicators, assessed: &KeyFigures) -> String {
    let subject = &indicators.areas[indicators.subject].label;
    let comparator = &indicators.areas[indicators.comparator].label;
    let measured = match indicators.closure_rule {
        ClosureRule::GapNow => format!("de achterstand nu gemeten ten opzichte van de huidige waarde van {comparator}"),
        ClosureRule::GapAtBaseline => {
            format!("de vooruitgang van {subject} gemeten ten opzichte van de achterstand in het basisjaar")
        }
    };
    let mut legend = format!(
        "Donkergroen en vet: {subject} heeft sinds de basismeting ten minste {} van de achterstand t.o.v. \
         {comparator} ingelopen ({measured}). Dat geldt voor {} van de {} beoordeelde indicatoren",
        percent(indicators.closure_target, 0),
        assessed.reached,
        assessed.assessed,
    );
    if assessed.without_result > 0 {
        legend.push_str(&format!("; {} zonder uitslag", assessed.without_result));
    }
    legend.push('.');
    legend
}

fn activity_summary(activities: &Activities, figures: &Figures) -> ActivitySummaryView {
    let count = |name: String| figures.named.get(&name).map_or(0.0, |figure| figure.value);
    let shown = |name: String| number(count(name), 0);
    let capitalised = |id: &str| id[..1].to_uppercase() + &id[1..];
    let mut rows = Vec::new();
    for pillar in &activities.pillars {
        for (index, colour) in Colour::ALL.into_iter().enumerate() {
            let prefix = format!("{}.{}.{}", activities::NAMESPACE, pillar.id, colour.id());
            rows.push(ActivityRowView {
                pillar: (index == 0).then(|| pillar.label.clone()),
                pillar_total: shown(format!("{}.{}.total", activities::NAMESPACE, pillar.id)),
                colour: colour.id().to_owned(),
                label: capitalised(colour.id()),
                cells: Trend::ALL
                    .iter()
                    .map(|trend| {
                        let value = count(format!("{prefix}.{}", trend.id()));
                        if value == 0.0 { String::new() } else { number(value, 0) }
                    })
                    .collect(),
                subtotal: shown(prefix),
            });
        }
    }
    let totals = Trend::ALL
        .iter()
        .map(|trend| trend.id())
        .chain(["total"])
        .map(|key| shown(format!("{}.{key}", activities::NAMESPACE)))
        .collect();
    ActivitySummaryView {
        title: activities.title.clone(),
        rows,
        totals,
        legend: Colour::ALL
            .iter()
            .zip(&activities.legend)
            .map(|(colour, text)| LegendEntryView {
                colour: colour.id().to_owned(),
                label: capitalised(colour.id()),
                text: text.clone(),
            })
            .collect(),
    }
}
