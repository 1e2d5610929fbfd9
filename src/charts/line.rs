//! Lines over periods: one per series, each with its own marker (and dashed target paths with
//! hollow markers, in the colour of the series they belong to), values printed at the first and
//! last point, and a marked series break where the method changed. Periods that are years are
//! spaced by time, others evenly.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{self, Area, Key, failed, nice_range};
use super::style::{self, INK, MUTED, SMALL_PT, series_colour};
use super::{SeriesValues, Values};
use crate::model::Unit;

pub fn draw(values: &Values, width_pt: f64) -> Result<String, String> {
    let all: Vec<f64> =
        values.series.iter().chain(&values.targets).flat_map(|s| &s.values).flatten().map(|f| f.value).collect();
    let (low, high) = all.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let padding = ((high - low) * 0.15).max(0.5);
    let (from, to, step) = nice_range(low - padding, high + padding);
    let unit = values.series.iter().flat_map(|s| &s.values).flatten().next().map_or(Unit::Number, |f| f.unit);
    canvas::svg(width_pt, width_pt * 0.66, |area| {
        let mut entries: Vec<_> = values
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), series_colour(i), Key::Line { marker: i, dashed: false }))
            .collect();
        for (index, target) in values.targets.iter().enumerate() {
            entries.push((target.name.clone(), series_colour(index), Key::Line { marker: index, dashed: true }));
        }
        let legend_h = canvas::legend(area, &entries)?;
        let (width, height) = area.dim_in_pixel();
        let (left, right) = (40, width as i32 - 36);
        // Period labels are set in the small size; measured in the label size, with room to spare.
        let positions = positions(&values.categories, |label| canvas::text_width(area, label), (right - left) as f64);
        let frame = Frame { positions, left, right, top: legend_h + 12, bottom: height as i32 - 20, from, to };
        canvas::value_axis(area, (from, to, step), unit, (left, right), &|value| frame.y(value))?;
        frame.periods(area, &values.categories)?;
        if let Some(after) = values.break_after {
            frame.series_break(area, after)?;
        }
        for (index, series) in values.series.iter().enumerate() {
            frame.line(area, values, series, index, false)?;
        }
        for (index, target) in values.targets.iter().enumerate() {
            frame.line(area, values, target, index, true)?;
        }
        Ok(())
    })
}

/// Where periods and values land on the canvas, in px.
struct Frame {
    /// Each period's place on the axis, 0 to 1.
    positions: Vec<f64>,
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
    /// The value axis' range.
    from: f64,
    to: f64,
}

impl Frame {
    fn x(&self, position: f64) -> i32 {
        self.left + (position * (self.right - self.left) as f64).round() as i32
    }

    fn y(&self, value: f64) -> i32 {
        self.bottom - ((value - self.from) / (self.to - self.from) * (self.bottom - self.top) as f64).round() as i32
    }

    /// The period labels under the axis.
    fn periods(&self, area: &Area, categories: &[String]) -> Result<(), String> {
        let period_label = style::text(SMALL_PT, INK, HPos::Center, VPos::Top);
        for (category, position) in categories.iter().zip(&self.positions) {
            area.draw(&Text::new(category.clone(), (self.x(*position), self.bottom + 4), period_label.clone()))
                .map_err(failed)?;
        }
        Ok(())
    }

    /// A dotted vertical line, labelled, between the period `after` and the next.
    fn series_break(&self, area: &Area, after: usize) -> Result<(), String> {
        if after + 1 >= self.positions.len() {
            return Ok(());
        }
        let at = self.x((self.positions[after] + self.positions[after + 1]) / 2.0);
        for start in (self.top..self.bottom).step_by(5) {
            area.draw(&PathElement::new(vec![(at, start), (at, start + 2)], MUTED.stroke_width(1))).map_err(failed)?;
        }
        let label = style::text(SMALL_PT, MUTED, HPos::Left, VPos::Top);
        area.draw(&Text::new("trendbreuk", (at + 3, self.top), label)).map_err(failed)?;
        Ok(())
    }

    /// One series (or, `dashed`, a target path) with its markers and printed values.
    fn line(
        &self,
        area: &Area,
        values: &Values,
        series: &SeriesValues,
        index: usize,
        dashed: bool,
    ) -> Result<(), String> {
        let colour = series_colour(index);
        let points: Vec<(i32, i32)> = series
            .values
            .iter()
            .zip(&self.positions)
            .filter_map(|(value, position)| value.map(|f| (self.x(*position), self.y(f.value))))
            .collect();
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if dashed {
                let steps = (((b.0 - a.0).pow(2) + (b.1 - a.1).pow(2)) as f64).sqrt() / 6.0;
                for i in (0..steps as i32).step_by(2) {
                    let at = |t: f64| (a.0 + ((b.0 - a.0) as f64 * t) as i32, a.1 + ((b.1 - a.1) as f64 * t) as i32);
                    let (t0, t1) = (i as f64 / steps, ((i + 1) as f64 / steps).min(1.0));
                    area.draw(&PathElement::new(vec![at(t0), at(t1)], colour.stroke_width(2))).map_err(failed)?;
                }
            } else {
                area.draw(&PathElement::new(vec![a, b], colour.stroke_width(2))).map_err(failed)?;
            }
        }
        for point in &points {
            canvas::marker(area, *point, index, colour, !dashed)?;
        }
        self.value_labels(area, values, series, colour, dashed)
    }

    /// A series' first and last values are printed, a target's every value (except where it
    /// starts at the series' own point): first above the point, clear of the axis, the last beside
    /// it, a target's others below it.
    fn value_labels(
        &self,
        area: &Area,
        values: &Values,
        series: &SeriesValues,
        colour: RGBColor,
        dashed: bool,
    ) -> Result<(), String> {
        let known: Vec<_> = series
            .values
            .iter()
            .enumerate()
            .zip(&self.positions)
            .filter_map(|((c, v), p)| v.map(|f| (c, f, *p)))
            .collect();
        for (i, (category, figure, position)) in known.iter().enumerate() {
            let at = (self.x(*position), self.y(figure.value));
            let on_series =
                values.series.iter().any(|s| s.values[*category].is_some_and(|f| f.text() == figure.text()));
            let ink = style::readable_on_white(colour);
            let (label, at) = if i + 1 == known.len() {
                (style::text(SMALL_PT, ink, HPos::Left, VPos::Center), (at.0 + 6, at.1))
            } else if i == 0 && !(dashed && on_series) {
                (style::text(SMALL_PT, ink, HPos::Center, VPos::Bottom), (at.0, at.1 - 6))
            } else if dashed && !on_series {
                (style::text(SMALL_PT, ink, HPos::Center, VPos::Top), (at.0, at.1 + 6))
            } else {
                continue;
            };
            area.draw(&Text::new(figure.text(), at, label)).map_err(failed)?;
        }
        Ok(())
    }
}

/// Where each period sits on the axis, from 0 to 1 (with a margin): by time when every period
/// starts with a year (`2019`, `2019/2020`) and their labels, `width` measures them, do not
/// collide on an axis `axis_px` wide; evenly otherwise.
fn positions(categories: &[String], width: impl Fn(&str) -> u32, axis_px: f64) -> Vec<f64> {
    let spread = |raw: &[f64]| {
        let (first, last) = (raw.first().copied().unwrap_or(0.0), raw.last().copied().unwrap_or(1.0));
        let span = (last - first).max(1.0);
        raw.iter().map(|v| 0.06 + (v - first) / span * 0.88).collect::<Vec<f64>>()
    };
    let evenly = spread(&(0..categories.len()).map(|i| i as f64).collect::<Vec<_>>());
    let years: Option<Vec<f64>> = categories.iter().map(|c| c.get(..4).and_then(|y| y.parse::<f64>().ok())).collect();
    let Some(years) = years.filter(|years| years.windows(2).all(|w| w[0] < w[1])) else { return evenly };
    let by_time = spread(&years);
    let collide = by_time.windows(2).zip(categories.windows(2)).any(|(at, labels)| {
        let room = (at[1] - at[0]) * axis_px;
        room < (width(&labels[0]) + width(&labels[1])) as f64 / 2.0 + 6.0
    });
    if collide { evenly } else { by_time }
}

#[cfg(test)]
mod tests {
    use super::positions;

    #[test]
    fn years_are_spaced_by_time_unless_their_labels_collide() {
        let narrow = |label: &str| label.len() as u32 * 5;
        let years = positions(&["2011".into(), "2020".into(), "2031".into()], narrow, 300.0);
        assert!((years[1] - (0.06 + 9.0 / 20.0 * 0.88)).abs() < 1e-9);
        let labels = positions(&["begin".into(), "midden".into(), "eind".into()], narrow, 300.0);
        assert!((labels[1] - 0.5).abs() < 1e-9);
        let crowded: Vec<String> = ["2011/2012", "2016/2017", "2017/2018"].map(String::from).to_vec();
        assert!((positions(&crowded, narrow, 300.0)[1] - 0.5).abs() < 1e-9);
    }
}
