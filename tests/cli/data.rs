//! The data behind the numbers: figures.csv and its provenance, the table and chart CSVs and
//! datapackage.json, compared with what the PDF and the web edition print.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::{fixture, normalise};
use crate::web::{build_all_formats, bundled, files, pages, text_of};

/// A Dutch number as printed ("€ 30.100", "17,5%", "ongeveer 8") as a value.
fn dutch_value(text: &str) -> Option<f64> {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '−')).collect();
    let digits = digits.replace('−', "-").replace(',', ".");
    digits.parse().ok()
}

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| headers.iter().map(String::from).zip(record.unwrap().iter().map(String::from)).collect())
        .collect()
}

#[test]
fn every_key_figure_prints_identically_in_the_pdf_the_web_table_and_figures_csv() {
    let out = build_all_formats(&bundled(), &[]);
    let pdf = fs::read(out.path().join("report.pdf")).unwrap();
    let pdf_text = normalise(&pdf_extract::extract_text_from_mem(&pdf).unwrap()).replace('\u{a0}', " ");
    let figures = read_csv(&out.path().join("report-data/figures.csv"));
    let printed: BTreeSet<String> = figures.iter().map(|row| row["tekst"].replace('\u{a0}', " ")).collect();
    let html = fs::read_to_string(out.path().join("report/thuisbasis.html")).unwrap();
    let document = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
    )
    .unwrap();
    let table = document.descendants().find(|n| n.has_tag_name("table") && n.attribute("class") == Some("kerncijfers"));
    let values: Vec<String> = table
        .expect("the key-figures table")
        .descendants()
        .filter(|n| n.attribute("class") == Some("waarde"))
        .map(|n| text_of(n).replace('\u{a0}', " "))
        .collect();
    assert!(values.len() > 100, "{values:?}");
    for value in &values {
        let bare = value.trim_start_matches('(').trim_end_matches(')');
        if bare == "x" {
            continue;
        }
        assert!(pdf_text.contains(value.as_str()), "{value} is in the web table, not in the PDF");
        assert!(printed.contains(bare), "{bare} is in the web table, not in figures.csv");
    }
}

#[test]
fn every_figure_content_names_is_in_figures_csv_with_its_provenance() {
    let out = build_all_formats(&bundled(), &[]);
    let figures = read_csv(&out.path().join("report-data/figures.csv"));
    let rows: BTreeMap<&str, &BTreeMap<String, String>> =
        figures.iter().map(|row| (row["naam"].as_str(), row)).collect();
    let mut named = BTreeSet::new();
    for entry in fs::read_dir(bundled().join("content/2020")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap_or_default();
        for reference in text.split("{{").skip(1).map(|rest| rest[..rest.find("}}").unwrap()].trim()) {
            let qualified = if reference.contains('.') { reference.to_owned() } else { format!("{stem}.{reference}") };
            named.insert(qualified);
        }
    }
    assert!(named.len() > 50, "{named:?}");
    for name in &named {
        let row = rows.get(name.as_str()).unwrap_or_else(|| panic!("{name} is printed but not in figures.csv"));
        assert!(!row["tekst"].is_empty() && !row["afleiding"].is_empty(), "{name}: {row:?}");
        assert!(row["waarde"].parse::<f64>().is_ok(), "{name}: the value is not a number with a decimal point");
        for input in row["invoer"].split_whitespace() {
            assert!(rows.contains_key(input), "{name} is computed from {input}, which figures.csv does not list");
        }
    }
    // A stated value that disagrees is marked, as `koers check` warns about it.
    let taal = rows["thuisbasis.taal_afgerond"];
    assert_eq!((taal["waarde"].as_str(), taal["vermeld"].as_str()), ("2030", "2020"));
    assert!(taal["controle"].starts_with("wijkt af (bekend:"), "{taal:?}");
    assert_eq!(taal["invoer"].split_whitespace().count(), 2, "{taal:?}");
    // The data package describes every file and every column.
    let package: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("report-data/datapackage.json")).unwrap()).unwrap();
    let resources = package["resources"].as_array().unwrap();
    // Every file but koers' stamp (`.koers`, which says the folder is replaced whole).
    let data_files: BTreeSet<String> =
        files(&out.path().join("report-data")).into_keys().filter(|name| name != ".koers").collect();
    let described: BTreeSet<String> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_owned())
        .chain(["datapackage.json".to_owned()])
        .collect();
    assert_eq!(described, data_files);
    for resource in resources {
        let path = out.path().join("report-data").join(resource["path"].as_str().unwrap());
        let header: Vec<String> =
            csv::Reader::from_path(&path).unwrap().headers().unwrap().iter().map(String::from).collect();
        let fields: Vec<String> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(header, fields, "{path:?}");
        for (field, row) in resource["schema"]["fields"].as_array().unwrap().iter().zip(0..) {
            if field["type"] == "number" || field["type"] == "integer" {
                for record in read_csv(&path) {
                    let cell = &record[&fields[row]];
                    assert!(cell.is_empty() || cell.parse::<f64>().is_ok(), "{path:?}: {cell} is not a number");
                }
            }
        }
    }
}

#[test]
fn every_chart_csv_holds_the_numbers_its_svg_draws() {
    for (dir, extra) in [(bundled(), vec![]), (fixture("three-editions"), vec!["--edition", "2021"])] {
        let out = build_all_formats(&dir, &extra);
        let mut charts = 0;
        for (name, html) in pages(&out.path().join("report")) {
            let document = roxmltree::Document::parse_with_options(
                &html,
                roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
            )
            .unwrap();
            for figure in
                document.descendants().filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("grafiek")))
            {
                charts += 1;
                let svg = figure.children().find(|n| n.has_tag_name("svg")).expect("inline SVG");
                let drawn: String = svg
                    .descendants()
                    .filter(|n| n.is_text())
                    .map(|n| n.text().unwrap().trim())
                    .collect::<Vec<_>>()
                    .join(" | ");
                let link = figure.descendants().rfind(|n| n.has_tag_name("a")).unwrap().attribute("href").unwrap();
                let mut reader = csv::Reader::from_path(out.path().join("report").join(link)).unwrap();
                let csv: Vec<Vec<String>> =
                    reader.records().map(|record| record.unwrap().iter().map(String::from).collect()).collect();
                let rows: Vec<Vec<String>> = figure
                    .descendants()
                    .filter(|n| n.has_tag_name("tbody"))
                    .flat_map(|body| body.children().filter(|n| n.has_tag_name("tr")))
                    .map(|row| row.children().filter(|n| n.is_element()).map(text_of).collect())
                    .collect();
                assert_eq!(rows.len(), csv.len(), "{name}: {link}");
                // A line chart labels each series at its first and last point only.
                let description = figure.descendants().find(|n| n.attribute("hidden").is_some()).map(text_of);
                let line = description.is_some_and(|text| text.starts_with("Lijndiagram"));
                let labelled = |row: usize, column: usize| {
                    let filled: Vec<usize> = (0..csv.len()).filter(|r| !csv[*r][column].is_empty()).collect();
                    !line || filled.first() == Some(&row) || filled.last() == Some(&row)
                };
                for (at, (shown, record)) in rows.iter().zip(&csv).enumerate() {
                    assert_eq!(shown[0], record[0], "{name}: {link}");
                    for (column, (text, value)) in shown[1..].iter().zip(&record[1..]).enumerate() {
                        if value.is_empty() {
                            assert_eq!(text, "–");
                            continue;
                        }
                        let value: f64 = value.parse().unwrap();
                        let printed = dutch_value(text).unwrap_or_else(|| panic!("{text}"));
                        let decimals =
                            text.split(',').nth(1).map_or(0, |d| d.chars().filter(char::is_ascii_digit).count());
                        assert!(
                            (printed - value).abs() <= 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9,
                            "{name} {link}: {text} vs {value}"
                        );
                        let printed_plain = text.replace('\u{a0}', " ");
                        assert!(
                            !labelled(at, column + 1) || drawn.replace('\u{a0}', " ").contains(printed_plain.as_str()),
                            "{name} {link}: {text} is in the data but not drawn: {drawn}"
                        );
                    }
                }
            }
        }
        assert!(charts > 0);
    }
}
