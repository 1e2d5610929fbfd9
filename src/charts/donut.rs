//! Shares of a whole as a ring, slices clockwise from the top in the order given, each slice's
//! share printed on it when it is wide enough, and a legend that lists every slice with its share
//! (so the chart reads without telling colours apart).

use std::f64::consts::PI;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::Values;
use super::canvas::{self, failed};
use super::style::{self, INK, LABEL_PT, SMALL_PT, series_colour};

pub fn draw(values: &Values, width_pt: f64) -> Result<String, String> {
    let slices: Vec<(String, f64, String)> = values
        .categories
        .iter()
        .zip(values.series.first().map(|s| s.values.clone()).unwrap_or_default())
        .filter_map(|(label, figure)| figure.map(|f| (label.clone(), f.value, f.text())))
        .collect();
    let whole: f64 = slices.iter().map(|(_, v, _)| v).sum();
    if whole <= 0.0 {
        return Err("the shares add up to 0".to_owned());
    }
    let line_px = style::px(LABEL_PT * 1.25) as i32;
    let radius = style::px(52.0);
    let legend_left = (2.0 * radius + 22.0) as i32;
    let width_px = style::px(width_pt) as i32;
    // Each legend entry ("42% Sport, bewegen en Gezondheid") wrapped to the room beside the ring.
    let mut probe = String::new();
    let entries: Vec<Vec<String>> = {
        let area = SVGBackend::with_string(&mut probe, (width_px as u32, 100)).into_drawing_area();
        let room = (width_px - legend_left - 18).max(40) as u32;
        slices.iter().map(|(name, _, text)| canvas::wrap(&area, &format!("{text} {name}"), room, 3)).collect()
    };
    let legend_px: i32 = entries.iter().map(|lines| lines.len() as i32 * line_px + 3).sum();
    let height_px = (legend_px + 8).max((2.0 * radius) as i32 + 8);
    canvas::svg(width_pt, height_px as f64 * 72.0 / 96.0, |area| {
        let (_, height) = area.dim_in_pixel();
        let centre = (radius + 4.0, height as f64 / 2.0);
        let mut start = -PI / 2.0;
        for (index, (_, value, text)) in slices.iter().enumerate() {
            let sweep = value / whole * 2.0 * PI;
            let ring = ring_segment(centre, radius, radius * 0.55, start, start + sweep);
            area.draw(&Polygon::new(ring.clone(), colour(index).filled())).map_err(failed)?;
            let mut outline = ring;
            outline.push(outline[0]);
            area.draw(&PathElement::new(outline, WHITE.stroke_width(1))).map_err(failed)?;
            if value / whole >= 0.06 {
                let middle = start + sweep / 2.0;
                let at = point(centre, radius * 0.78, middle);
                let label = style::text(SMALL_PT, style::label_on(colour(index)), HPos::Center, VPos::Center);
                area.draw(&Text::new(text.clone(), at, label)).map_err(failed)?;
            }
            start += sweep;
        }
        let label = style::text(LABEL_PT, INK, HPos::Left, VPos::Center);
        let mut y = height as i32 / 2 - legend_px / 2 + line_px / 2;
        for (index, lines) in entries.iter().enumerate() {
            area.draw(&Rectangle::new([(legend_left, y - 5), (legend_left + 10, y + 5)], colour(index).filled()))
                .map_err(failed)?;
            for line in lines {
                area.draw(&Text::new(line.clone(), (legend_left + 16, y), label.clone())).map_err(failed)?;
                y += line_px;
            }
            y += 3;
        }
        Ok(())
    })
}

/// Slice colours: the series colours, then lighter versions of them.
fn colour(index: usize) -> RGBColor {
    let base = series_colour(index);
    if index < style::SERIES.len() {
        return base;
    }
    let lighten = |c: u8| c + ((255 - c) as f64 * 0.45) as u8;
    RGBColor(lighten(base.0), lighten(base.1), lighten(base.2))
}

fn point(centre: (f64, f64), radius: f64, angle: f64) -> (i32, i32) {
    ((centre.0 + radius * angle.cos()).round() as i32, (centre.1 + radius * angle.sin()).round() as i32)
}

/// The outline of a ring segment from angle `a` to `b`, outer arc then inner arc back.
fn ring_segment(centre: (f64, f64), outer: f64, inner: f64, a: f64, b: f64) -> Vec<(i32, i32)> {
    let steps = (((b - a) / (2.0 * PI)) * 96.0).ceil().max(2.0) as usize;
    let angle = |i: usize| a + (b - a) * i as f64 / steps as f64;
    let mut points: Vec<(i32, i32)> = (0..=steps).map(|i| point(centre, outer, angle(i))).collect();
    points.extend((0..=steps).rev().map(|i| point(centre, inner, angle(i))));
    points
}
