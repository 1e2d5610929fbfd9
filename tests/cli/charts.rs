//! Charts: drawn from figures in the house style, with Dutch numbers and alt texts.

use std::path::Path;

use super::support::*;

/// Every 2020 chart: Lato by name in every text, Dutch numbers, and an alt text that carries the
/// chart's key numbers.
#[test]
fn the_2020_charts_are_drawn_from_the_figures_with_dutch_alt_texts() {
    let edition_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/2020");
    let files = koers::content::load_edition(&edition_dir).output.unwrap();
    let edition = koers::model::validate(files, None).output.unwrap();
    let figures = koers::figures::compute(&edition, None).output.unwrap();
    let charts = koers::charts::draw_all(&edition, &figures).output.unwrap();
    let alt = |n: usize| charts[&format!("chart-{n}")].alt.clone();
    let expected: [(usize, &[&str]); 7] = [
        (1, &["% nieuwe voortijdig schoolverlaters 62%", "WOZ-waarde van woningen −67%", "De ambitie is 25%"]),
        (2, &["Ringdiagram", "Sport, bewegen en Gezondheid 42%", "Beroepsleven 2%"]),
        (3, &["Techniek steeg van 23,6% in 2011/2012 naar 31,8% in 2018/2019", "doel zorg: 2020 15%"]),
        (
            4,
            &[
                "Aandeel Zuid steeg van 40% in 2011 naar 40,24% in 2020",
                "streven: 2011 40%, 2020 37,9%, 2022 37,4%, 2031 31,8%",
            ],
        ),
        (5, &["Haven 100", "Techniek 277", "Zorg 280", "totaal 702"]),
        (6, &["Corporatievoorraad: totaal 49% (2.050 van 4.200)", "Samenvoegen en vergroten 87% (952 van 1.100)"]),
        (7, &["Zuid 27,9%", "Focuswijken 22,9%", "Rotterdam 30%"]),
    ];
    assert_eq!(charts.len(), expected.len());
    for (n, numbers) in expected {
        for number in numbers {
            assert!(alt(n).contains(number), "chart {n}: {number:?} not in {:?}", alt(n));
        }
        let svg = &charts[&format!("chart-{n}")].svg;
        let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
        for text in document.descendants().filter(|node| node.has_tag_name("text")) {
            assert_eq!(text.attribute("font-family"), Some("Lato"), "chart {n}");
            let content = text.text().unwrap_or_default();
            assert!(!content.contains('.') || !content.contains('%'), "chart {n}: {content:?}");
        }
    }
}

#[test]
fn broken_chart_specs_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("chart-errors"));
}

#[test]
fn emit_charts_writes_each_chart_as_svg() {
    let out = tempfile::tempdir().unwrap();
    let (output, text) =
        build_text(Path::new(env!("CARGO_MANIFEST_DIR")), &["--emit-charts", out.path().to_str().unwrap()]);
    assert!(output.status.success());
    let mut names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, (1..=7).map(|n| format!("grafiek-{n}.svg")).collect::<Vec<_>>());
    // Numbered by Typst in document order, with the caption under the chart (pdf-extract reads
    // the separator as a run of its own: "Grafiek 1 :").
    let text = text.replace(" :", ":");
    for caption in ["Grafiek 1: deel van de achterstand", "Grafiek 7: % woningen in eigendom van eigenaars"] {
        assert!(text.contains(caption), "missing: {caption}");
    }
}
