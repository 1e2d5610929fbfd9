//! Alt texts in Dutch, written from the same figures the chart draws: what kind of chart, what it
//! shows and its numbers, so a screen-reader user gets the chart's message.

use super::bars::Row;
use super::{SeriesValues, Values};
use crate::figures::{ComputedTable, Figure};
use crate::model::indicators::{Ambition, Indicators};
use crate::nl::number;

/// "2015 27,9%, 2020 27,0%"
fn pairs(categories: &[String], series: &SeriesValues) -> String {
    categories
        .iter()
        .zip(&series.values)
        .filter_map(|(category, value)| value.map(|f| format!("{category} {}", f.text())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn lowercase_first(title: &str) -> String {
    let mut chars = title.chars();
    chars.next().map_or_else(String::new, |first| first.to_lowercase().chain(chars).collect())
}

pub fn bars(values: &Values) -> String {
    let series: Vec<String> = values
        .series
        .iter()
        .map(|s| {
            if values.series.len() > 1 {
                format!("{}: {}", s.name, pairs(&values.categories, s))
            } else {
                pairs(&values.categories, s)
            }
        })
        .collect();
    format!("Staafdiagram: {}. {}.", lowercase_first(&values.title), series.join("; "))
}

pub fn stacked(values: &Values) -> String {
    let bars: Vec<String> = values
        .categories
        .iter()
        .enumerate()
        .map(|(c, category)| {
            let parts: Vec<String> =
                values.series.iter().filter_map(|s| s.values[c].map(|f| format!("{} {}", s.name, f.text()))).collect();
            format!("{category}: {}", parts.join(", "))
        })
        .collect();
    format!("Gestapeld staafdiagram: {}. {}.", lowercase_first(&values.title), bars.join("; "))
}

pub fn horizontal(values: &Values) -> String {
    let mut text = format!(
        "Staafdiagram: {}. {}",
        lowercase_first(&values.title),
        values.series.first().map(|s| pairs(&values.categories, s)).unwrap_or_default()
    );
    if let Some(total) = values.total {
        text.push_str(&format!("; totaal {}", total.text()));
    }
    text.push('.');
    text
}

pub fn realisation(values: &Values, table: &ComputedTable) -> String {
    let rows: Vec<String> = super::bars::realisation_rows(table)
        .iter()
        .zip(table.rows.iter().filter(|row| row.figures.percentage.is_some()))
        .map(|(row, computed)| {
            format!(
                "{} {} ({} van {})",
                row.label,
                row.figure.text(),
                number(computed.figures.total as f64, 0),
                number(computed.figures.ambition as f64, 0)
            )
        })
        .collect();
    format!(
        "Staafdiagram: {}, het deel van de ambitie dat is gerealiseerd. {}.",
        lowercase_first(&values.title),
        rows.join("; ")
    )
}

pub fn gap(indicators: &Indicators, ambition: Ambition, rows: &[Row]) -> String {
    let subject = &indicators.areas[indicators.subject].label;
    let comparator = &indicators.areas[ambition.comparator].label;
    let rows: Vec<String> = rows.iter().map(|row| format!("{} {}", row.label, row.figure.text())).collect();
    format!(
        "Staafdiagram: het deel van de achterstand van {subject} t.o.v. {comparator} dat sinds de basismeting is \
         ingelopen, per indicator: {}. De ambitie is {} na tien jaar.",
        rows.join("; "),
        crate::nl::percent(ambition.closure_target, 0)
    )
}

pub fn line(values: &Values) -> String {
    let mut sentences = Vec::new();
    for series in &values.series {
        let known: Vec<(&String, Figure)> =
            values.categories.iter().zip(&series.values).filter_map(|(c, v)| v.map(|f| (c, f))).collect();
        if let (Some((first_period, first)), Some((last_period, last))) = (known.first(), known.last()) {
            sentences.push(if last.text() == first.text() {
                format!("{} bleef {} van {first_period} tot {last_period}", series.name, first.text())
            } else {
                let verb = if last.value > first.value { "steeg" } else { "daalde" };
                format!(
                    "{} {verb} van {} in {first_period} naar {} in {last_period}",
                    series.name,
                    first.text(),
                    last.text()
                )
            });
        }
    }
    let mut text = format!("Lijndiagram: {}. {}", lowercase_first(&values.title), sentences.join("; "));
    for target in &values.targets {
        text.push_str(&format!("; {}: {}", target.name.to_lowercase(), pairs(&values.categories, target)));
    }
    if let Some(after) = values.break_after {
        text.push_str(&format!("; na {} is de meetmethode veranderd (trendbreuk)", values.categories[after]));
    }
    text.push('.');
    text
}

pub fn donut(values: &Values) -> String {
    let parts = values.series.first().map(|s| pairs(&values.categories, s)).unwrap_or_default();
    format!("Ringdiagram: {}. {}.", lowercase_first(&values.title), parts)
}
