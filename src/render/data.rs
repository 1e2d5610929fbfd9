//! The data behind every number: `figures.csv` (every figure of the edition with its value as a
//! number, its text as printed and its provenance), one CSV per table and per chart, and a
//! `datapackage.json` (Frictionless Data Package) that describes every file and column.
//!
//! CSV is RFC 4180 (the `csv` crate, CRLF line ends), UTF-8, numbers with a decimal point and
//! full precision; the web edition links each table and chart to its file by the names made here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::charts::{ChartData, DrawnChart};
use crate::diag::{Diagnostic, Location};
use crate::figures::{Figure, Figures, derived::agrees_as_printed, slug};
use crate::model::activities::{Colour, Trend};
use crate::model::{Edition, FigureDefinition, FigureKind, FigureTable, Unit, names};
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
    columns: Vec<(String, &'static str, String)>,
    rows: Vec<Vec<String>>,
}

/// Every data file of the edition, with `datapackage.json`.
pub fn data(
    edition: &Edition,
    figures: &Figures,
    charts: &BTreeMap<String, DrawnChart>,
) -> Result<FileSet, Diagnostic> {
    let mut tables = vec![figures_table(edition, figures)];
    tables.extend(content_tables(edition, figures)?);
    for (number, chart) in edition.charts().enumerate() {
        if let Some(drawn) = charts.get(&chart.id) {
            tables.push(chart_table(number + 1, &chart.title, &drawn.data));
        }
    }
    let mut files = FileSet::default();
    for table in &tables {
        files.0.insert(table.file.clone(), csv_bytes(table));
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

/// Where a figure is written, as `file.yaml:line`, the same on every machine.
fn place(location: &Location) -> String {
    let file = location.path.rsplit(['/', '\\']).next().unwrap_or(&location.path);
    if location.line == 0 { file.to_owned() } else { format!("{file}:{}", location.line) }
}

fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "aantal",
        Unit::Number => "getal",
        Unit::Thousands => "duizendtallen",
        Unit::Course => "koers",
        Unit::Percent => "procent",
        Unit::PercentagePoint => "procentpunt",
        Unit::Euro => "euro",
        Unit::EuroMillions => "miljoen euro",
        Unit::EuroBillions => "miljard euro",
        Unit::Year => "jaar",
    }
}

/// How a figure came about: a rule, the names of its inputs, its source and where it is written.
struct Provenance {
    derivation: String,
    inputs: Vec<String>,
    source: String,
    place: String,
    stated: String,
    check: String,
}

fn provenance(
    name: &str,
    figure: Figure,
    edition: &Edition,
    declared: &BTreeMap<&str, &FigureDefinition>,
) -> Provenance {
    let mut found = Provenance {
        derivation: String::new(),
        inputs: Vec::new(),
        source: String::new(),
        place: String::new(),
        stated: String::new(),
        check: String::new(),
    };
    if let Some(definition) = declared.get(name) {
        declared_provenance(definition, figure.value, &mut found);
        return found;
    }
    let (derivation, place) = family(name, edition);
    found.derivation = derivation;
    found.place = place.map(|at| self::place(&at)).unwrap_or_default();
    found
}

fn declared_provenance(definition: &FigureDefinition, computed: f64, found: &mut Provenance) {
    let names = |list: &[&crate::model::FigureName]| list.iter().map(|n| n.name.clone()).collect();
    let (derivation, inputs): (&str, Vec<String>) = match &definition.kind {
        FigureKind::Raw { .. } => ("waarde", Vec::new()),
        FigureKind::Range { .. } => ("bereik", Vec::new()),
        FigureKind::Sum(parts) => ("som", parts.iter().map(|n| n.name.clone()).collect()),
        FigureKind::Difference(a, b) => ("verschil", names(&[a, b])),
        FigureKind::Growth { from, to } => ("groei in procent", names(&[from, to])),
        FigureKind::Share { part, of } => ("aandeel in procent", names(&[part, of])),
        FigureKind::Part { share, of } => ("deel van", names(&[share, of])),
        FigureKind::Progress { baseline, current, target } => {
            ("voortgang naar het doel", names(&[baseline, current, target]))
        }
    };
    found.derivation = derivation.to_owned();
    found.inputs = inputs;
    found.source = definition.source.clone().unwrap_or_default();
    found.place = place(&definition.location);
    found.stated = definition.stated.iter().map(|value| number(*value)).collect::<Vec<_>>().join(" ");
    found.check = check(definition, computed);
}

/// The stated values against the computed one: `klopt`, `wijkt af`, or the known issue.
fn check(definition: &FigureDefinition, computed: f64) -> String {
    if definition.stated.is_empty() {
        String::new()
    } else if definition.stated.iter().all(|stated| agrees_as_printed(*stated, computed)) {
        "klopt".to_owned()
    } else {
        match &definition.known_issue {
            Some(reason) => format!("wijkt af (bekend: {reason})"),
            None => "wijkt af".to_owned(),
        }
    }
}

/// The rule by which koers made a figure that content does not declare, from its name.
fn family(name: &str, edition: &Edition) -> (String, Option<Location>) {
    if names::is_previous(name) {
        return ("vorige editie".to_owned(), None);
    }
    let parts: Vec<&str> = name.split('.').collect();
    if let Some(table) = edition.chapters.iter().flat_map(|c| c.tables()).find(|t| t.id == parts[0]) {
        let what = match parts.last().copied() {
            Some("ambition") => "ambitie uit de tabel",
            Some("percentage") => "gerealiseerd deel van de ambitie (totaal / ambitie)",
            Some("realised_total") => "som van de realisaties",
            _ => "realisatie uit de tabel (groepen: som van de delen)",
        };
        return (format!("{what} `{}`", table.id), Some(table.location.clone()));
    }
    let indicator = edition.indicators.as_ref().and_then(|indicators| {
        let row = indicators.rows.iter().find(|row| parts.get(1) == Some(&row.id.as_str()))?;
        Some((row.location.clone(), indicators.location.clone()))
    });
    let rule = match (parts[0], parts.last().copied()) {
        ("indicators", Some("baseline")) => "basismeting van de indicator",
        ("indicators", Some("change")) => "verschil met de vorige editie",
        ("indicators", Some("gap_closed")) => "deel van de achterstand ingelopen sinds de basismeting",
        ("indicators", Some("target" | "target_year")) => "doel van de indicator",
        ("indicators", Some("on_course")) => "koers naar het doel",
        ("indicators", Some("reached_target" | "assessed" | "without_result")) => "telling over de kerncijfers",
        ("indicators", _) => "waarde van de indicator",
        ("activities", _) => "telling over de activiteitenlijst",
        ("series", _) => "waarneming uit de reeks (series.yaml)",
        ("plan", _) => "uit het uitvoeringsplan",
        _ => "berekend door koers",
    };
    let location = match parts[0] {
        "indicators" => indicator.map(|(row, all)| if parts.len() > 2 { row } else { all }),
        _ => None,
    };
    (rule.to_owned(), location)
}

/// Every figure the edition has, by name: the ones the report prints and the inputs they are
/// computed from.
fn figures_table(edition: &Edition, figures: &Figures) -> Table {
    let declared: BTreeMap<&str, &FigureDefinition> = edition.figures.iter().map(|d| (d.name.as_str(), d)).collect();
    let rows = figures
        .named
        .iter()
        .map(|(name, figure)| {
            let found = provenance(name, *figure, edition, &declared);
            vec![
                name.clone(),
                number(figure.value),
                figure.upper.map_or(String::new(), number),
                unit_name(figure.unit).to_owned(),
                figure.text(),
                found.derivation,
                found.inputs.join(" "),
                found.source,
                found.place,
                found.stated,
                found.check,
            ]
        })
        .collect();
    let column = |name: &str, kind, description: &str| (name.to_owned(), kind, description.to_owned());
    Table {
        file: FIGURES_FILE.to_owned(),
        title: "Alle cijfers van de editie, met hun herkomst".to_owned(),
        columns: vec![
            column("naam", "string", "De naam van het cijfer, zoals de teksten het noemen ({{ naam }})"),
            column("waarde", "number", "De waarde, met een decimale punt en volledige precisie"),
            column("tot", "number", "Bij een bereik (6 tot 10): de bovengrens"),
            column("eenheid", "string", "aantal, procent, procentpunt, euro, miljoen euro, …"),
            column("tekst", "string", "Het cijfer zoals het rapport het drukt"),
            column("afleiding", "string", "Hoe het cijfer tot stand komt"),
            column("invoer", "string", "De namen van de cijfers waaruit het is berekend, gescheiden door spaties"),
            column("bron", "string", "De bron, zoals het programmabureau die opgeeft"),
            column("bestand", "string", "Waar het cijfer in de content staat (bestand:regel)"),
            column("vermeld", "string", "Wat het gedrukte rapport vermeldt, om mee te vergelijken"),
            column("controle", "string", "klopt of wijkt af: de vermelde waarde tegen de berekende"),
        ],
        rows,
    }
}

/// The tables the report prints, in reading order: each chapter's key figures, realisation and
/// figure tables, and the activity summary.
fn content_tables(edition: &Edition, figures: &Figures) -> Result<Vec<Table>, Diagnostic> {
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
                    let file = figure_table_file(&chapter.id, &table.title);
                    if tables.iter().any(|t| t.file == file) {
                        return Err(Diagnostic::error(
                            Some(Location::file(format!("{}.yaml", chapter.id))),
                            format!("two tables in this chapter are titled “{}”", table.title),
                        )
                        .with_hint("give each table its own title: the web edition names its data file after it"));
                    }
                    tables.push(figure_table(file, table, figures));
                }
            }
        }
    }
    if let Some(activities) = &edition.activities {
        tables.push(activities_table(activities, figures));
    }
    Ok(tables)
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
    Table { file: realisation_file(&table.id), title: table.title.clone(), columns, rows }
}

fn figure_table(file: String, table: &FigureTable, figures: &Figures) -> Table {
    let columns = unique_columns(&table.columns)
        .into_iter()
        .enumerate()
        .map(|(at, name)| {
            let kind = if at < table.label_columns { "string" } else { "number" };
            (name, kind, table.columns.get(at).cloned().unwrap_or_default())
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let values = row.figures.iter().map(|name| figure_number(name.as_ref().and_then(|n| figures.get(n))));
            row.labels.iter().cloned().chain(values).collect()
        })
        .collect();
    Table { file, title: table.title.clone(), columns, rows }
}

/// Column names as written, made unique and never empty (a data package needs both).
fn unique_columns(written: &[String]) -> Vec<String> {
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
    Table { file: KEY_FIGURES_FILE.to_owned(), title: indicators.title.clone(), columns, rows }
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
    Table { file: ACTIVITIES_FILE.to_owned(), title: activities.title.clone(), columns, rows }
}

fn chart_table(number: usize, title: &str, data: &ChartData) -> Table {
    let names = unique_columns(&data.columns);
    let columns = names
        .into_iter()
        .enumerate()
        .map(|(at, name)| (name, if at == 0 { "string" } else { "number" }, data.columns[at].clone()))
        .collect();
    let rows = data
        .rows
        .iter()
        .map(|row| std::iter::once(row.label.clone()).chain(row.cells.iter().map(|c| figure_number(*c))).collect())
        .collect();
    Table { file: chart_file(number), title: format!("Grafiek {number}: {title}"), columns, rows }
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
