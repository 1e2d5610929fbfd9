//! The data behind every number: `figures.csv` (every figure of the edition with its value as a
//! number, its text as printed and its provenance), one CSV per table and per chart, and a
//! `datapackage.json` (Frictionless Data Package) that describes every file and column.
//!
//! CSV is RFC 4180 (the `csv` crate, CRLF line ends), UTF-8, numbers with a decimal point and
//! full precision; the web edition links each table and chart to its file by the names made here.

use std::collections::BTreeMap;

use serde::Serialize;

mod figures;
mod tables;

use crate::charts::DrawnChart;
use crate::diag::{Diagnostic, Location};
use crate::figures::{Figure, Figures, slug};
use crate::model::Edition;
use crate::project::FileSet;

pub const FIGURES_FILE: &str = "figures.csv";
pub const KEY_FIGURES_FILE: &str = "kerncijfers.csv";
pub const ACTIVITIES_FILE: &str = "activiteiten.csv";
pub const PACKAGE_FILE: &str = "datapackage.json";

/// A chart's data file, by its number ("Grafiek 3" → `grafiek-3.csv`).
pub fn chart_file(number: usize) -> String {
    format!("grafiek-{number}.csv")
}

/// A realisation table's data file, by its id.
pub fn realisation_file(id: &str) -> String {
    format!("tabel-{}.csv", slug(id).replace('_', "-"))
}

/// A figure table's data file, by its chapter and title (two tables of one title in one chapter
/// are refused when the data is written).
pub fn figure_table_file(chapter: &str, title: &str) -> String {
    let title: String = slug(title).replace('_', "-").chars().take(60).collect();
    format!("tabel-{chapter}-{}.csv", title.trim_end_matches('-'))
}

/// One CSV file: its columns (name, type, description) and rows.
struct Table {
    file: String,
    title: String,
    /// Name, type (`string`, `number`, `integer`, `boolean`) and description of each column.
    columns: Vec<(String, &'static str, String)>,
    rows: Vec<Vec<String>>,
    /// Where the table is written in content, for an error about its file name.
    origin: Option<Location>,
}

/// Every data file of the edition, with `datapackage.json`.
pub fn data(
    edition: &Edition,
    figures: &Figures,
    charts: &BTreeMap<String, DrawnChart>,
) -> Result<FileSet, Diagnostic> {
    let mut tables = vec![figures::figures_table(edition, figures)];
    tables.extend(tables::content_tables(edition, figures));
    for (number, chart) in edition.charts().enumerate() {
        if let Some(drawn) = charts.get(&chart.id) {
            tables.push(tables::chart_table(number + 1, &chart.title, &drawn.data, &chart.location));
        }
    }
    let mut files = FileSet::default();
    for table in &mut tables {
        // Column names as written may repeat or be empty; a data package needs them unique.
        let names: Vec<String> = table.columns.iter().map(|(name, _, _)| name.clone()).collect();
        // A heading is text from content too: one a spreadsheet would run is kept as text.
        for (column, name) in table.columns.iter_mut().zip(tables::unique_columns(&names)) {
            column.0 = text_cell(&name).into_owned();
        }
        if files.0.insert(table.file.clone(), csv_bytes(table)).is_some() || table.file == PACKAGE_FILE {
            return Err(Diagnostic::error(
                table.origin.clone(),
                format!(
                    "the table “{}” would write the data file {}, which another table writes",
                    table.title, table.file
                ),
            )
            .with_hint(
                "give the table another title (or a realisation table another id): its data file is named after it",
            ));
        }
    }
    files.0.insert(PACKAGE_FILE.to_owned(), package(edition, &tables));
    Ok(files)
}

fn csv_bytes(table: &Table) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header: Vec<&str> = table.columns.iter().map(|(name, _, _)| name.as_str()).collect();
    // Writing to memory cannot fail.
    writer.write_record(&header).expect("writing CSV to memory");
    for row in &table.rows {
        let cells = row.iter().zip(&table.columns).map(|(cell, (_, kind, _))| match *kind {
            "string" => text_cell(cell),
            _ => std::borrow::Cow::Borrowed(cell.as_str()),
        });
        writer
            .write_record(cells.map(|cell| cell.into_owned()).collect::<Vec<String>>())
            .expect("writing CSV to memory");
    }
    writer.into_inner().expect("writing CSV to memory")
}

/// A text from content as a CSV cell: one that a spreadsheet would take for a formula (starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a `'` before it, which spreadsheets
/// show as text (OWASP's advice against CSV injection); numbers are never text cells.
fn text_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A number as data: decimal point, the shortest text that reads back as the same value.
fn number(value: f64) -> String {
    if value == value.trunc() && value.abs() < 1e15 { format!("{}", value as i64) } else { format!("{value}") }
}

fn figure_number(figure: Option<Figure>) -> String {
    figure.map_or(String::new(), |figure| number(figure.value))
}

#[derive(Serialize)]
struct Package<'a> {
    profile: &'static str,
    name: String,
    title: String,
    created: String,
    resources: Vec<Resource<'a>>,
}

#[derive(Serialize)]
struct Resource<'a> {
    name: String,
    path: &'a str,
    title: &'a str,
    profile: &'static str,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    schema: Schema<'a>,
}

#[derive(Serialize)]
struct Schema<'a> {
    fields: Vec<Field<'a>>,
}

#[derive(Serialize)]
struct Field<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'a str,
}

/// `datapackage.json`: the Tabular Data Package profile, one resource per CSV.
fn package(edition: &Edition, tables: &[Table]) -> Vec<u8> {
    let package = Package {
        profile: "tabular-data-package",
        name: format!("zuid-op-koers-{}-data", edition.year),
        title: format!("{}: de cijfers", edition.title),
        created: format!("{}T00:00:00Z", edition.date.format("%Y-%m-%d")),
        resources: tables
            .iter()
            .map(|table| Resource {
                name: table.file.trim_end_matches(".csv").to_owned(),
                path: &table.file,
                title: &table.title,
                profile: "tabular-data-resource",
                format: "csv",
                mediatype: "text/csv",
                encoding: "utf-8",
                schema: Schema {
                    fields: table
                        .columns
                        .iter()
                        .map(|(name, kind, description)| Field { name, kind, description })
                        .collect(),
                },
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&package).expect("a data package serialises");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_a_spreadsheet_would_run_is_kept_as_text_and_numbers_stay_numbers() {
        let column = |name: &str, kind| (name.to_owned(), kind, String::new());
        let table = Table {
            file: "x.csv".to_owned(),
            title: String::new(),
            columns: vec![column("label", "string"), column("value", "number")],
            rows: vec![
                vec!["=HYPERLINK(\"http://x\")".to_owned(), "-3.5".to_owned()],
                vec!["@SUM(A1)".to_owned(), "12".to_owned()],
                vec!["Zuid, \"centrum\"".to_owned(), String::new()],
            ],
            origin: None,
        };
        let text = String::from_utf8(csv_bytes(&table)).unwrap();
        assert_eq!(
            text,
            "label,value\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-3.5\r\n'@SUM(A1),12\r\n\"Zuid, \"\"centrum\"\"\",\r\n"
        );
    }

    #[test]
    fn numbers_are_written_with_a_decimal_point_and_full_precision() {
        assert_eq!(number(17_407_585.0), "17407585");
        assert_eq!(number(48.80952380952381), "48.80952380952381");
        assert_eq!(number(-0.5), "-0.5");
    }
}
