//! Bar charts: vertical bars grouped per category, 100% stacked bars, and horizontal bars (with a
//! total, against an ambition, or the share of a gap closed against its target mark).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::Values;
use super::canvas::{self, Area, Key, failed, nice_range};
use super::style::{self, GRID, INK, LABEL_PT, MUTED, SMALL_PT, series_colour};
use crate::figures::{ComputedTable, Figure, Figures};
use crate::model::Unit;
use crate::model::charts::Chart;
use crate::model::indicators::Indicators;
use crate::nl::number;

/// One horizontal bar: its label, its figure (the length, and the value printed beside it) and
/// whether it is a total.
#[derive(Debug, Clone)]
pub struct Row {
    pub label: String,
    pub figure: Figure,
    pub bold: bool,
}

/// Space for the value axis labels under a plot, in px.
const AXIS_PX: i32 = 18;

/// Vertical bars, one group per category and one bar per series, each with its value on top.
pub fn grouped(values: &Values, width_pt: f64) -> Result<String, String> {
    let max = values.series.iter().flat_map(|s| &s.values).flatten().map(|f| f.value).fold(0.0, f64::max);
    let (_, top, step) = nice_range(0.0, max * 1.08);
    let unit = first_unit(values);
    canvas::svg(width_pt, width_pt * 0.62, |area| {
        let entries: Vec<_> =
            values.series.iter().enumerate().map(|(i, s)| (s.name.clone(), series_colour(i), Key::Block)).collect();
        let legend_h = if values.series.len() > 1 { canvas::legend(area, &entries)? } else { 0 };
        let plot = VerticalPlot::new(area, legend_h, values, 0.0, top, step, unit)?;
        let groups = values.categories.len().max(1) as f64;
        let bars = values.series.len().max(1) as f64;
        for (c, _) in values.categories.iter().enumerate() {
            for (s, series) in values.series.iter().enumerate() {
                let Some(figure) = series.values.get(c).copied().flatten() else { continue };
                let slot = plot.width as f64 / groups;
                let bar = slot * 0.7 / bars;
                let x0 = plot.left + (slot * c as f64 + slot * 0.15 + bar * s as f64) as i32;
                let x1 = x0 + bar as i32 - 2;
                let y = plot.y(figure.value);
                area.draw(&Rectangle::new([(x0, y), (x1, plot.y(0.0))], series_colour(s).filled())).map_err(failed)?;
                let label = style::text(SMALL_PT, INK, HPos::Center, VPos::Bottom);
                area.draw(&Text::new(figure.text(), ((x0 + x1) / 2, y - 2), label)).map_err(failed)?;
            }
        }
        Ok(())
    })
}

/// One bar of 100% per category, the series stacked bottom-up, each part with its share printed
/// inside (parts too thin for a label are named in the alt text and legend order).
pub fn stacked(values: &Values, width_pt: f64) -> Result<String, String> {
    canvas::svg(width_pt, width_pt * 0.7, |area| {
        let entries: Vec<_> =
            values.series.iter().enumerate().map(|(i, s)| (s.name.clone(), series_colour(i), Key::Block)).collect();
        let legend_h = canvas::legend(area, &entries)?;
        let plot = VerticalPlot::new(area, legend_h, values, 0.0, 100.0, 25.0, Unit::Percent)?;
        let slot = plot.width as f64 / values.categories.len().max(1) as f64;
        for c in 0..values.categories.len() {
            let parts: Vec<f64> = values.series.iter().map(|s| s.values[c].map_or(0.0, |f| f.value)).collect();
            let whole: f64 = parts.iter().sum();
            if whole <= 0.0 {
                continue;
            }
            let x0 = plot.left + (slot * c as f64 + slot * 0.2) as i32;
            let x1 = plot.left + (slot * (c as f64 + 0.8)) as i32;
            let mut below = 0.0;
            for (s, part) in parts.iter().enumerate() {
                let share = part / whole * 100.0;
                let (y0, y1) = (plot.y(below), plot.y(below + share));
                area.draw(&Rectangle::new([(x0, y1), (x1, y0)], series_colour(s).filled())).map_err(failed)?;
                area.draw(&Rectangle::new([(x0, y1), (x1, y0)], WHITE.stroke_width(1))).map_err(failed)?;
                if y0 - y1 >= 11 {
                    let text = values.series[s].values[c].map_or(String::new(), |f| f.text());
                    let label = style::text(SMALL_PT, style::label_on(series_colour(s)), HPos::Center, VPos::Center);
                    area.draw(&Text::new(text, ((x0 + x1) / 2, (y0 + y1) / 2), label)).map_err(failed)?;
                }
                below += share;
            }
        }
        Ok(())
    })
}

/// Horizontal bars with their labels on the left and values at their ends; `mark` draws a
/// dashed line at a value (an ambition, a target share) with its label.
pub fn horizontal(rows: &[Row], width_pt: f64, mark: Option<(f64, String)>) -> Result<String, String> {
    let line_px = style::px(LABEL_PT * 1.25) as i32;
    let low = rows.iter().map(|r| r.figure.value).fold(0.0, f64::min).min(mark.as_ref().map_or(0.0, |m| m.0));
    let high = rows.iter().map(|r| r.figure.value).fold(0.0, f64::max).max(mark.as_ref().map_or(0.0, |m| m.0));
    let (from, to, step) = nice_range(low, high * 1.12);
    // Measure the labels first: the label column is as wide as the widest (at most 45%), the
    // values need room after the longest bar.
    let width_px = style::px(width_pt) as u32;
    let mut heights = Vec::new();
    let mut probe = String::new();
    let (label_px, value_px) = {
        let area = SVGBackend::with_string(&mut probe, (width_px, 100)).into_drawing_area();
        let widest = rows.iter().map(|row| canvas::text_width(&area, &row.label)).max().unwrap_or(0);
        let label_px = (widest + 4).min((width_px as f64 * 0.45) as u32);
        for row in rows {
            heights.push(canvas::wrap(&area, &row.label, label_px, 4));
        }
        let value_px = rows.iter().map(|row| canvas::text_width(&area, &row.figure.text())).max().unwrap_or(0);
        (label_px, value_px as i32)
    };
    let rows_px: i32 = heights.iter().map(|lines| lines.len() as i32 * line_px + 6).sum();
    let top = if mark.is_some() { 16 } else { 4 };
    let height_pt = (rows_px + top + AXIS_PX + 4) as f64 * 72.0 / 96.0;
    canvas::svg(width_pt, height_pt, |area| {
        // Values of bars that go left are printed left of them: keep room after the labels.
        let left = label_px as i32 + 6 + if rows.iter().any(|r| r.figure.value < 0.0) { value_px + 4 } else { 0 };
        let right = width_px as i32 - value_px - 8;
        let x = |value: f64| left + ((value - from) / (to - from) * (right - left) as f64).round() as i32;
        let bottom = top + rows_px;
        axis_ticks_horizontal(area, from, to, step, &x, top, bottom)?;
        if let Some((value, text)) = &mark {
            let at = x(*value);
            for start in (top..bottom).step_by(6) {
                area.draw(&PathElement::new(vec![(at, start), (at, (start + 3).min(bottom))], INK.stroke_width(1)))
                    .map_err(failed)?;
            }
            let label = style::text(SMALL_PT, INK, HPos::Center, VPos::Bottom);
            area.draw(&Text::new(text.clone(), (at, top - 2), label)).map_err(failed)?;
        }
        let mut y = top;
        for (row, lines) in rows.iter().zip(&heights) {
            let h = lines.len() as i32 * line_px + 6;
            let (y0, y1) = (y + 3, y + h - 3);
            let colour = if row.bold { style::SERIES[0] } else { style::SERIES[1] };
            let (a, b) = (x(0.0).min(x(row.figure.value)), x(0.0).max(x(row.figure.value)));
            area.draw(&Rectangle::new([(a, y0), (b.max(a + 1), y1)], colour.filled())).map_err(failed)?;
            let label = if row.bold {
                style::bold(LABEL_PT, INK, HPos::Right, VPos::Top)
            } else {
                style::text(LABEL_PT, INK, HPos::Right, VPos::Top)
            };
            for (i, line) in lines.iter().enumerate() {
                area.draw(&Text::new(line.clone(), (label_px as i32 + 2, y0 + i as i32 * line_px), label.clone()))
                    .map_err(failed)?;
            }
            let (anchor, at) = if row.figure.value < 0.0 { (HPos::Right, a - 3) } else { (HPos::Left, b + 3) };
            let value = if row.bold {
                style::bold(SMALL_PT, INK, anchor, VPos::Center)
            } else {
                style::text(SMALL_PT, INK, anchor, VPos::Center)
            };
            area.draw(&Text::new(row.figure.text(), (at, (y0 + y1) / 2), value)).map_err(failed)?;
            y += h;
        }
        Ok(())
    })
}

/// Gridlines and tick labels of a horizontal value axis.
fn axis_ticks_horizontal(
    area: &Area,
    from: f64,
    to: f64,
    step: f64,
    x: &dyn Fn(f64) -> i32,
    top: i32,
    bottom: i32,
) -> Result<(), String> {
    let label = style::text(SMALL_PT, MUTED, HPos::Center, VPos::Top);
    let (values, decimals) = canvas::ticks(from, to, step);
    for tick in values {
        let at = x(tick);
        let colour = if tick == 0.0 { MUTED } else { GRID };
        area.draw(&PathElement::new(vec![(at, top), (at, bottom)], colour.stroke_width(1))).map_err(failed)?;
        area.draw(&Text::new(number(tick, decimals), (at, bottom + 3), label.clone())).map_err(failed)?;
    }
    Ok(())
}

/// A vertical value axis with gridlines, and the category labels under the plot.
struct VerticalPlot {
    left: i32,
    width: i32,
    top: i32,
    bottom: i32,
    from: f64,
    to: f64,
}

impl VerticalPlot {
    fn new(area: &Area, top: i32, values: &Values, from: f64, to: f64, step: f64, unit: Unit) -> Result<Self, String> {
        let (width, height) = area.dim_in_pixel();
        let left = 34;
        let plot_width = width as i32 - left - 6;
        let slot = plot_width as u32 / values.categories.len().max(1) as u32;
        let lines: Vec<Vec<String>> = values.categories.iter().map(|c| canvas::wrap(area, c, slot - 4, 3)).collect();
        let line_px = style::px(LABEL_PT * 1.2) as i32;
        let label_h = lines.iter().map(|l| l.len() as i32).max().unwrap_or(1) * line_px + 6;
        let plot = VerticalPlot { left, width: plot_width, top: top + 8, bottom: height as i32 - label_h, from, to };
        canvas::value_axis(area, (from, to, step), unit, (left, left + plot_width), &|value| plot.y(value))?;
        let label = style::text(LABEL_PT, INK, HPos::Center, VPos::Top);
        for (c, lines) in lines.iter().enumerate() {
            let centre = left + (slot as f64 * (c as f64 + 0.5)) as i32;
            for (i, line) in lines.iter().enumerate() {
                let y = plot.bottom + 4 + i as i32 * line_px;
                area.draw(&Text::new(line.clone(), (centre, y), label.clone())).map_err(failed)?;
            }
        }
        Ok(plot)
    }

    fn y(&self, value: f64) -> i32 {
        self.bottom - ((value - self.from) / (self.to - self.from) * (self.bottom - self.top) as f64).round() as i32
    }
}

fn first_unit(values: &Values) -> Unit {
    values.series.iter().flat_map(|s| &s.values).flatten().next().map_or(Unit::Number, |f| f.unit)
}

/// A one-series chart's rows, and its total as a bold last row.
pub fn rows_of(values: &Values) -> Vec<Row> {
    let series = values.series.first();
    let mut rows: Vec<Row> = values
        .categories
        .iter()
        .enumerate()
        .filter_map(|(i, label)| {
            let figure = series.and_then(|s| s.values.get(i).copied().flatten())?;
            Some(Row { label: label.clone(), figure, bold: false })
        })
        .collect();
    if let Some(total) = values.total {
        rows.push(Row { label: "Totaal".to_owned(), figure: total, bold: true });
    }
    rows
}

/// A realisation table as bars of the share realised, against the ambition at 100%.
pub fn realisation_rows(table: &ComputedTable) -> Vec<Row> {
    table
        .rows
        .iter()
        .filter_map(|row| {
            let percentage = row.figures.percentage?;
            let label = match &row.part {
                Some(part) if row.is_total => format!("{}: {}", row.group, part.to_lowercase()),
                Some(part) => part.clone(),
                None => row.group.clone(),
            };
            let figure = Figure::whole_percentage(percentage);
            Some(Row { label, figure, bold: row.is_total || row.part.is_none() })
        })
        .collect()
}

/// The share of the subject's baseline gap closed, per indicator of a gap chart.
pub fn gap_rows(chart: &Chart, indicators: &Indicators, closure_target: f64, figures: &Figures) -> Vec<Row> {
    chart
        .indicators
        .iter()
        .filter_map(|(id, _)| {
            let row = indicators.rows.iter().find(|row| row.id == *id)?;
            let closed = figures.get_if_any(&crate::model::names::gap_closed(id))?;
            Some(Row {
                label: row.label.clone(),
                figure: Figure::new(closed.value, Unit::Percent, 0),
                bold: closed.value >= closure_target - 1e-9,
            })
        })
        .collect()
}
