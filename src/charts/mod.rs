//! Charts stage: each chart spec of the edition drawn as an SVG string in memory (plotters, SVG
//! backend), with an alt text written from the same figures. One file per family of kinds; the
//! values come from the figures stage, so a chart shows exactly the numbers the text and tables do.

mod alt;
mod bars;
pub mod canvas;
mod donut;
mod line;
pub mod style;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Warned};
use crate::figures::{Figure, Figures};
use crate::model::charts::{Chart, ChartKind};
use crate::model::{Edition, Unit};

/// A chart ready to place: the SVG, the text a screen reader reads, its printed width, and the
/// numbers it draws (for the web edition's table and CSV).
#[derive(Debug, Clone)]
pub struct DrawnChart {
    pub svg: String,
    pub alt: String,
    pub width_pt: f64,
    pub data: ChartData,
}

/// The numbers a chart draws, as a table: one row per bar, point or slice label, one column per
/// series. Made from the same values the drawing is made from, so the two cannot differ.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// The first column's heading ("Categorie", "Indicator") and one per series.
    pub columns: Vec<String>,
    pub rows: Vec<ChartDataRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartDataRow {
    pub label: String,
    /// One per series; `None` where the chart draws nothing.
    pub cells: Vec<Option<Figure>>,
}

impl ChartData {
    /// Categories by series (and targets), as bars, lines and slices draw them.
    fn of_values(values: &Values) -> Self {
        let series: Vec<&SeriesValues> = values.series.iter().chain(&values.targets).collect();
        let mut rows: Vec<ChartDataRow> = values
            .categories
            .iter()
            .enumerate()
            .map(|(at, label)| ChartDataRow {
                label: label.clone(),
                cells: series.iter().map(|s| s.values.get(at).copied().flatten()).collect(),
            })
            .collect();
        if let Some(total) = values.total {
            rows.push(ChartDataRow { label: "Totaal".to_owned(), cells: vec![Some(total)] });
        }
        let columns = std::iter::once("Categorie".to_owned()).chain(series.iter().map(|s| s.name.clone())).collect();
        Self { columns, rows }
    }

    /// Horizontal bars: a label and one value each (the bar lengths as drawn).
    fn of_rows(rows: &[bars::Row], heading: &str, value_heading: &str) -> Self {
        Self {
            columns: vec![heading.to_owned(), value_heading.to_owned()],
            rows: rows
                .iter()
                .map(|row| ChartDataRow { label: row.label.clone(), cells: vec![Some(row.figure)] })
                .collect(),
        }
    }
}

/// The values a chart shows, resolved from the figures.
#[derive(Debug, Clone)]
pub struct Values {
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<SeriesValues>,
    pub targets: Vec<SeriesValues>,
    pub total: Option<Figure>,
    pub break_after: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct SeriesValues {
    pub name: String,
    /// One per category; `None` where there is no value.
    pub values: Vec<Option<Figure>>,
}

/// Draws every chart of the edition, by chart id. A chart that cannot be drawn is an error at
/// its spec (a figure missing is reported by the figures stage already).
pub fn draw_all(edition: &Edition, figures: &Figures) -> Warned<BTreeMap<String, DrawnChart>> {
    style::register_fonts();
    let mut drawn = BTreeMap::new();
    let mut problems = Vec::new();
    for chart in edition.charts() {
        match draw(chart, edition, figures) {
            Ok(chart_drawn) => {
                drawn.insert(chart.id.clone(), chart_drawn);
            }
            Err(message) => problems
                .push(Diagnostic::error(Some(chart.location.clone()), format!("the chart cannot be drawn: {message}"))),
        }
    }
    Warned::sorted(drawn, problems)
}

fn draw(chart: &Chart, edition: &Edition, figures: &Figures) -> Result<DrawnChart, String> {
    let width_pt = if chart.full_width { style::FULL_WIDTH_PT } else { style::COLUMN_WIDTH_PT };
    let named = chart.series.iter().chain(&chart.targets).flat_map(|series| series.figures.iter().flatten());
    for name in named.chain(&chart.total) {
        if let Some(range) = figures.get_if_any(name).filter(|figure| figure.upper.is_some()) {
            return Err(format!("`{name}` is a range ({}); a chart draws one value per figure", range.text()));
        }
    }
    let values = resolve(chart, figures);
    let (svg, alt, data) = match chart.kind {
        ChartKind::Bars => (bars::grouped(&values, width_pt)?, alt::bars(&values), ChartData::of_values(&values)),
        ChartKind::StackedBars => {
            (bars::stacked(&values, width_pt)?, alt::stacked(&values), ChartData::of_values(&values))
        }
        ChartKind::HorizontalBars => {
            let rows = bars::rows_of(&values);
            let heading = values.series.first().map_or("Waarde", |series| series.name.as_str());
            let data = ChartData::of_rows(&rows, "Categorie", heading);
            (bars::horizontal(&rows, width_pt, None)?, alt::horizontal(&values), data)
        }
        ChartKind::Realisation => {
            let (id, _) = chart.table.as_ref().ok_or("no table")?;
            let table = figures.tables.get(id).ok_or_else(|| format!("the table `{id}` has no figures"))?;
            let rows = bars::realisation_rows(table);
            let data = ChartData::of_rows(&rows, "Onderdeel", "Gerealiseerd deel van de ambitie");
            let svg = bars::horizontal(&rows, width_pt, Some((100.0, "ambitie".to_owned())))?;
            (svg, alt::realisation(&values, table), data)
        }
        ChartKind::Gap => {
            let indicators = edition.indicators.as_ref().ok_or("the edition has no indicators.yaml")?;
            let ambition =
                indicators.ambition.ok_or("a gap chart draws the `ambition` of indicators.yaml, which has none")?;
            let rows = bars::gap_rows(chart, indicators, ambition.closure_target, figures);
            let target = (ambition.closure_target, crate::nl::percent(ambition.closure_target, 0));
            let data = ChartData::of_rows(&rows, "Indicator", "Deel van de achterstand ingelopen");
            (bars::horizontal(&rows, width_pt, Some(target))?, alt::gap(indicators, ambition, &rows), data)
        }
        ChartKind::Line => (line::draw(&values, width_pt)?, alt::line(&values), ChartData::of_values(&values)),
        ChartKind::Donut => {
            // A ring draws the first series' slices, nothing else.
            let drawn = Values {
                series: values.series.iter().take(1).cloned().collect(),
                targets: Vec::new(),
                ..values.clone()
            };
            (donut::draw(&values, width_pt)?, alt::donut(&values), ChartData::of_values(&drawn))
        }
    };
    Ok(DrawnChart { svg, alt: chart.alt.clone().unwrap_or(alt), width_pt, data })
}

fn resolve(chart: &Chart, figures: &Figures) -> Values {
    let figure = |name: &Option<String>| name.as_ref().and_then(|name| figures.get(name));
    let series = |series: &crate::model::charts::Series| {
        let values: Vec<Option<Figure>> = series.figures.iter().map(figure).collect();
        let values = match chart.index_base {
            Some(base) => index(&values, base),
            None => values,
        };
        SeriesValues { name: series.name.clone(), values }
    };
    Values {
        title: chart.title.clone(),
        categories: chart.categories.clone(),
        series: chart.series.iter().map(series).collect(),
        targets: chart.targets.iter().map(series).collect(),
        total: chart.total.as_ref().and_then(|name| figures.get(name)),
        break_after: chart.break_after,
    }
}

/// A series as an index: each value relative to the one at `base`, which is 100 (no values when
/// the base is missing or 0, so nothing is drawn rather than something wrong).
pub fn index(values: &[Option<Figure>], base: usize) -> Vec<Option<Figure>> {
    let Some(base) = values.get(base).copied().flatten().filter(|f| f.value != 0.0) else {
        return vec![None; values.len()];
    };
    values.iter().map(|value| value.map(|f| Figure::new(f.value / base.value * 100.0, Unit::Number, 1))).collect()
}

/// Figures of one unit share an axis; its labels use the unit's format at whole numbers (or the
/// figures' decimals when the range is small).
fn axis_label(unit: Unit, value: f64, decimals: usize) -> String {
    Figure::new(value, unit, decimals).text()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Figure;

    /// Every text of an SVG with its font family.
    pub fn texts(svg: &str) -> Vec<(String, String)> {
        let document = roxmltree::Document::parse(svg).expect("the chart is well-formed SVG");
        document
            .descendants()
            .filter(|node| node.has_tag_name("text"))
            .map(|node| {
                let family = node.attribute("font-family").unwrap_or_default().to_owned();
                (family, node.text().unwrap_or_default().trim().to_owned())
            })
            .collect()
    }

    /// A number with a decimal point where Dutch has a comma ("31.8"); thousands ("1.506") are
    /// fine.
    fn has_decimal_point(text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        chars.windows(3).enumerate().any(|(i, w)| {
            w[0].is_ascii_digit() && w[1] == '.' && w[2].is_ascii_digit() && {
                let after = chars[i + 2..].iter().take_while(|c| c.is_ascii_digit()).count();
                after != 3
            }
        })
    }

    pub fn assert_house_style(svg: &str, expected: &[&str]) {
        let texts = texts(svg);
        assert!(!texts.is_empty());
        for (family, text) in &texts {
            assert_eq!(family, style::FAMILY, "{text}");
            assert!(!has_decimal_point(text), "decimal point in {text:?}");
        }
        let all: Vec<&str> = texts.iter().map(|(_, text)| text.as_str()).collect();
        for label in expected {
            assert!(all.contains(label), "no label {label:?} in {all:?}");
        }
    }

    fn percent(value: f64) -> Option<Figure> {
        Some(Figure::new(value, Unit::Percent, 1))
    }

    fn sample() -> Values {
        Values {
            title: "Instroom vmbo naar sector".to_owned(),
            categories: vec!["2011/2012".to_owned(), "2018/2019".to_owned()],
            series: vec![
                SeriesValues { name: "Techniek".to_owned(), values: vec![percent(15.8), percent(23.1)] },
                SeriesValues { name: "Zorg en welzijn".to_owned(), values: vec![percent(36.5), percent(40.2)] },
                SeriesValues { name: "Economie".to_owned(), values: vec![percent(47.1), percent(36.7)] },
            ],
            targets: Vec::new(),
            total: None,
            break_after: None,
        }
    }

    #[test]
    fn each_kind_draws_in_the_bundled_font_with_dutch_numbers() {
        style::register_fonts();
        let values = sample();
        assert_house_style(
            &bars::grouped(&values, style::COLUMN_WIDTH_PT).unwrap(),
            &["15,8%", "40,2%", "Zorg en welzijn"],
        );
        assert_house_style(&bars::stacked(&values, style::FULL_WIDTH_PT).unwrap(), &["36,5%", "Economie"]);
        let mut with_target = values.clone();
        with_target.series.truncate(1);
        with_target.targets = vec![SeriesValues { name: "Doel".to_owned(), values: vec![None, percent(35.0)] }];
        assert_house_style(
            &line::draw(&with_target, style::COLUMN_WIDTH_PT).unwrap(),
            &["15,8%", "23,1%", "35,0%", "Doel"],
        );
        let mut one = values.clone();
        one.series.truncate(1);
        one.total = Some(Figure::new(38.9, Unit::Percent, 1));
        assert_house_style(
            &bars::horizontal(&bars::rows_of(&one), style::COLUMN_WIDTH_PT, None).unwrap(),
            &["23,1%", "38,9%", "Totaal"],
        );
        assert_house_style(&donut::draw(&one, style::COLUMN_WIDTH_PT).unwrap(), &["15,8% 2011/2012", "23,1%"]);
    }

    #[test]
    fn an_index_series_is_100_at_its_base() {
        let counts = |v: f64| Some(Figure::new(v, Unit::Count, 0));
        let indexed = index(&[counts(14_000.0), counts(15_092.0), None], 0);
        let text: Vec<String> = indexed.iter().map(|f| f.map_or("–".to_owned(), |f| f.text())).collect();
        assert_eq!(text, ["100,0", "107,8", "–"]);
        assert!(index(&[counts(0.0), counts(3.0)], 0).iter().all(Option::is_none));
    }

    #[test]
    fn alt_texts_carry_the_numbers_in_dutch() {
        let values = sample();
        assert_eq!(
            alt::bars(&values),
            "Staafdiagram: instroom vmbo naar sector. Techniek: 2011/2012 15,8%, 2018/2019 23,1%; Zorg en welzijn: \
             2011/2012 36,5%, 2018/2019 40,2%; Economie: 2011/2012 47,1%, 2018/2019 36,7%."
        );
        let mut line = values.clone();
        line.series.truncate(1);
        line.targets = vec![SeriesValues { name: "Doel".to_owned(), values: vec![None, percent(35.0)] }];
        assert_eq!(
            alt::line(&line),
            "Lijndiagram: instroom vmbo naar sector. Techniek steeg van 15,8% in 2011/2012 naar 23,1% in 2018/2019; \
             doel: 2018/2019 35,0%."
        );
    }

    #[test]
    fn a_label_too_long_for_its_lines_ends_in_an_ellipsis() {
        style::register_fonts();
        let mut out = String::new();
        let area = plotters::prelude::SVGBackend::with_string(&mut out, (300, 100)).into_drawing_area();
        use plotters::prelude::IntoDrawingArea;
        let lines = canvas::wrap(&area, "een heel lange omschrijving van een indicator die niet past", 60, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
    }
}
