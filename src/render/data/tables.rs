//! The CSV of each table the report prints and of each chart, with typed columns.

use super::{
    ACTIVITIES_FILE, KEY_FIGURES_FILE, Table, chart_file, figure_number, figure_table_file, number, realisation_file,
};
use crate::charts::ChartData;
use crate::diag::Location;
use crate::figures::Figures;
use crate::model::activities::{Colour, Trend};
use crate::model::{Edition, FigureTable, names};

/// The tables the report prints, in reading order: each chapter's key figures, realisation and
/// figure tables, and the activity summary.
pub(super) fn content_tables(edition: &Edition, figures: &Figures) -> Vec<Table> {
    let mut tables: Vec<Table> = Vec::new();
    if let (Some(indicators), Some(_)) = (&edition.indicators, &figures.key_figures) {
        tables.push(key_figures_table(indicators, figures));
    }
    for chapter in &edition.chapters {
        for section in &chapter.sections {
            let subsections = section.subsections.iter().map(|sub| (&sub.table, &sub.figure_table));
            for (realisation, listed) in std::iter::once((&section.table, &section.figure_table)).chain(subsections) {
                if let Some(table) = realisation {
                    tables.push(realisation_table(table, figures));
                }
                if let Some(table) = listed {
                    tables.push(figure_table(figure_table_file(&chapter.id, &table.title), table, figures));
                }
            }
        }
    }
    if let Some(activities) = &edition.activities {
        tables.push(activities_table(activities, figures));
    }
    tables
}

fn realisation_table(table: &crate::model::RealisationTable, figures: &Figures) -> Table {
    let computed = figures.tables.get(&table.id);
    let mut columns = vec![
        ("groep".to_owned(), "string", "De regel, of de groep waartoe een deel hoort".to_owned()),
        ("onderdeel".to_owned(), "string", "Het deel van de groep; Totaal voor de som van de delen".to_owned()),
        ("ambitie".to_owned(), "integer", table.ambition_label.clone()),
    ];
    columns.extend(
        table.years.iter().map(|year| (format!("realisatie_{year}"), "integer", format!("Gerealiseerd in {year}"))),
    );
    columns.push(("realisatie_totaal".to_owned(), "integer", "Gerealiseerd in alle jaren samen".to_owned()));
    columns.push(("percentage".to_owned(), "number", "Gerealiseerd deel van de ambitie, in procent".to_owned()));
    let rows = computed
        .map(|computed| &computed.rows[..])
        .unwrap_or_default()
        .iter()
        .map(|row| {
            let mut cells =
                vec![row.group.clone(), row.part.clone().unwrap_or_default(), row.figures.ambition.to_string()];
            cells.extend(row.figures.realised.iter().map(u64::to_string));
            cells.push(row.figures.total.to_string());
            cells.push(row.figures.percentage.map_or(String::new(), number));
            cells
        })
        .collect();
    let origin = Some(table.location.clone());
    Table { file: realisation_file(&table.id), title: table.title.clone(), columns, rows, origin }
}

fn figure_table(file: String, table: &FigureTable, figures: &Figures) -> Table {
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(at, name)| (name.clone(), if at < table.label_columns { "string" } else { "number" }, name.clone()))
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let values = row.figures.iter().map(|name| figure_number(name.as_ref().and_then(|n| figures.get(n))));
            row.labels.iter().cloned().chain(values).collect()
        })
        .collect();
    Table { file, title: table.title.clone(), columns, rows, origin: table.location.clone() }
}

/// Column names as written, made unique and never empty (a data package needs both).
pub(super) fn unique_columns(written: &[String]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (at, name) in written.iter().enumerate() {
        let base = if name.trim().is_empty() { format!("kolom_{}", at + 1) } else { name.trim().to_owned() };
        let mut candidate = base.clone();
        let mut count = 1;
        while names.contains(&candidate) {
            count += 1;
            candidate = format!("{base} ({count})");
        }
        names.push(candidate);
    }
    names
}

fn key_figures_table(indicators: &crate::model::Indicators, figures: &Figures) -> Table {
    let mut columns = vec![
        ("indicator".to_owned(), "string", "De indicator".to_owned()),
        ("periode".to_owned(), "string", "De periode waarover de waarden gaan".to_owned()),
    ];
    for area in &indicators.areas {
        columns.push((area.label.clone(), "number", format!("Waarde voor {}", area.label)));
        columns.push((format!("{} basis", area.label), "number", format!("Basismeting voor {}", area.label)));
    }
    columns.push(("ambitie_gehaald".to_owned(), "boolean", "Het kerncijfer haalt de ambitie (donkergroen)".to_owned()));
    let assessed = figures.key_figures.as_ref().map(|k| &k.rows[..]).unwrap_or_default();
    let rows = indicators
        .rows
        .iter()
        .enumerate()
        .map(|(at, row)| {
            let mut cells = vec![row.label.clone(), row.period.clone().unwrap_or_default()];
            for area in 0..indicators.areas.len() {
                cells.push(figure_number(figures.get_if_any(&indicators.value_name(row, area))));
                cells.push(figure_number(figures.get_if_any(&indicators.baseline_name(row, area))));
            }
            cells.push(assessed.get(at).is_some_and(|a| a.reached()).to_string());
            cells
        })
        .collect();
    let origin = Some(indicators.location.clone());
    Table { file: KEY_FIGURES_FILE.to_owned(), title: indicators.title.clone(), columns, rows, origin }
}

fn activities_table(activities: &crate::model::Activities, figures: &Figures) -> Table {
    let mut columns = vec![
        ("pijler".to_owned(), "string", "De pijler".to_owned()),
        ("kleur".to_owned(), "string", "De status: groen, oranje, rood of wit (nog niet gestart)".to_owned()),
    ];
    columns
        .extend(Trend::ALL.iter().map(|t| (t.id().to_owned(), "integer", format!("Aantal activiteiten {}", t.id()))));
    columns.push(("totaal".to_owned(), "integer", "Aantal activiteiten met deze kleur".to_owned()));
    let count = |parts: &[&str]| figure_number(figures.get_if_any(&names::activities(parts)));
    let rows = activities
        .pillars
        .iter()
        .flat_map(|pillar| {
            Colour::ALL.iter().map(move |colour| {
                let mut cells = vec![pillar.label.clone(), colour.id().to_owned()];
                cells.extend(Trend::ALL.iter().map(|trend| count(&[&pillar.id, colour.id(), trend.id()])));
                cells.push(count(&[&pillar.id, colour.id()]));
                cells
            })
        })
        .collect();
    Table { file: ACTIVITIES_FILE.to_owned(), title: activities.title.clone(), columns, rows, origin: None }
}

pub(super) fn chart_table(number: usize, title: &str, data: &ChartData, location: &Location) -> Table {
    let columns = data
        .columns
        .iter()
        .enumerate()
        .map(|(at, name)| (name.clone(), if at == 0 { "string" } else { "number" }, name.clone()))
        .collect();
    let rows = data
        .rows
        .iter()
        .map(|row| std::iter::once(row.label.clone()).chain(row.cells.iter().map(|c| figure_number(*c))).collect())
        .collect();
    let (file, title, origin) = (chart_file(number), format!("Grafiek {number}: {title}"), Some(location.clone()));
    Table { file, title, columns, rows, origin }
}
