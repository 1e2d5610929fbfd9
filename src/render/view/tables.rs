//! The tables' views: realisation tables, figure tables, the key-figures table with its legend
//! sentence, and the activity summary; every number formatted in Dutch by koers.

use minijinja::Value;
use serde::Serialize;

use super::{area_value_text, figure_text, markup};
use crate::figures::key_figures::KeyFigures;
use crate::figures::{ComputedTable, Figures};
use crate::model::activities::{Colour, Trend};
use crate::model::indicators::{Ambition, ClosureRule};
use crate::model::names;
use crate::model::{Activities, FigureTable, Indicators, RealisationTable};
use crate::nl::{number, percent};

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
    /// What the shading means and how many cells have it; empty without an ambition.
    pub legend: String,
}

#[derive(Debug, Serialize)]
pub struct KeyFigureRowView {
    pub label: String,
    /// "(2020)", or empty.
    pub period: String,
    /// Footnote marks after the label: "3)".
    pub notes: String,
    /// "Doel 2030: 35% (op koers)", or empty.
    pub target: String,
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

pub(super) fn figure_table(table: &FigureTable, figures: &Figures) -> FigureTableView {
    let shown = |name: &Option<String>| name.as_ref().map_or(String::new(), |name| figure_text(figures, name));
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

pub(super) fn table(table: &RealisationTable, figures: &Figures) -> TableView {
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

pub(super) fn key_figures(indicators: &Indicators, assessed: &KeyFigures, figures: &Figures) -> KeyFiguresView {
    let mark = |note: Option<usize>| note.map_or(String::new(), |n| format!("{n})"));
    let shown = |name: String| area_value_text(figures, &name);
    let rows = indicators
        .rows
        .iter()
        .zip(&assessed.rows)
        .map(|(row, assessment)| KeyFigureRowView {
            label: row.label.clone(),
            period: row.period.as_ref().map_or(String::new(), |period| format!("({period})")),
            notes: row.notes.iter().map(|n| mark(Some(*n))).collect::<Vec<_>>().join(" "),
            target: target_text(indicators, &row.id, figures),
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
        legend: indicators
            .ambition
            .map_or(String::new(), |ambition| key_figures_legend(indicators, ambition, assessed)),
    }
}

/// "Donkergroen en vet: Zuid heeft sinds de basismeting ten minste 25% van de achterstand t.o.v. G4 ingelopen …"
pub(super) fn key_figures_legend(indicators: &Indicators, ambition: Ambition, assessed: &KeyFigures) -> String {
    let subject = &indicators.areas[indicators.subject].label;
    let comparator = &indicators.areas[ambition.comparator].label;
    let measured = match ambition.closure_rule {
        ClosureRule::GapNow => format!("de achterstand nu gemeten ten opzichte van de huidige waarde van {comparator}"),
        ClosureRule::GapAtBaseline => {
            format!("de vooruitgang van {subject} gemeten ten opzichte van de achterstand in het basisjaar")
        }
    };
    let mut legend = format!(
        "Donkergroen en vet: {subject} heeft sinds de basismeting ten minste {} van de achterstand t.o.v. \
         {comparator} ingelopen ({measured}). Dat geldt voor {} van de {} beoordeelde indicatoren",
        percent(ambition.closure_target, 0),
        assessed.reached,
        assessed.assessed,
    );
    if assessed.without_result > 0 {
        legend.push_str(&format!("; {} zonder uitslag", assessed.without_result));
    }
    legend.push('.');
    legend
}

/// An indicator's target as judged this edition and its course: "Doel 2030: 35% (op koers)",
/// naming the area it is for when the table has several ("Doel 2030 voor Zuid: …"); empty when
/// it has none or no course could be judged.
pub(super) fn target_text(indicators: &Indicators, id: &str, figures: &Figures) -> String {
    let figure = |what: &str| figures.get_if_any(&names::target(id, what)).map(|figure| figure.text());
    let area = match indicators.areas.len() {
        1 => String::new(),
        _ => format!(" voor {}", indicators.areas[indicators.subject].label),
    };
    match (figure("target"), figure("target_year"), figure("on_course")) {
        (Some(target), Some(year), Some(course)) => format!("Doel {year}{area}: {target} ({course})"),
        _ => String::new(),
    }
}

pub(super) fn activity_summary(activities: &Activities, figures: &Figures) -> ActivitySummaryView {
    let count = |name: String| figures.get(&name).map_or(0.0, |figure| figure.value);
    let shown = |name: String| number(count(name), 0);
    let capitalised = |id: &str| id[..1].to_uppercase() + &id[1..];
    let mut rows = Vec::new();
    for pillar in &activities.pillars {
        for (index, colour) in Colour::ALL.into_iter().enumerate() {
            let cell = |trend: Option<Trend>| {
                let mut parts = vec![pillar.id.as_str(), colour.id()];
                parts.extend(trend.map(Trend::id));
                names::activities(&parts)
            };
            rows.push(ActivityRowView {
                pillar: (index == 0).then(|| pillar.label.clone()),
                pillar_total: shown(names::activities(&[&pillar.id, "total"])),
                colour: colour.id().to_owned(),
                label: capitalised(colour.id()),
                cells: Trend::ALL
                    .iter()
                    .map(|trend| {
                        let value = count(cell(Some(*trend)));
                        if value == 0.0 { String::new() } else { number(value, 0) }
                    })
                    .collect(),
                subtotal: shown(cell(None)),
            });
        }
    }
    let totals = Trend::ALL
        .iter()
        .map(|trend| trend.id())
        .chain(["total"])
        .map(|key| shown(names::activities(&[key])))
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
