//! What every chart kind shares: an SVG drawing area of the right size, the legend row, axis
//! ranges with round ticks, and labels wrapped to a width measured in the bundled font.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, LABEL_PT, MUTED};

pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Turns plotters' drawing errors into a message.
pub fn failed<E: std::fmt::Debug>(error: E) -> String {
    format!("{error:?}")
}

/// Draws into a fresh SVG of `width_pt` × `height_pt` (sized so it prints at its natural size).
pub fn svg(width_pt: f64, height_pt: f64, draw: impl FnOnce(&Area) -> Result<(), String>) -> Result<String, String> {
    let mut out = String::new();
    {
        let size = (style::px(width_pt).round() as u32, style::px(height_pt).round() as u32);
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root)?;
        root.present().map_err(failed)?;
    }
    Ok(out)
}

/// How a series is told apart in the legend and on the chart, besides its colour.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    /// A filled block (bars, slices).
    Block,
    /// A line with the series' marker; dashed for a target.
    Line { marker: usize, dashed: bool },
}

/// The legend in a row (wrapping when it is too wide); returns its height in px.
pub fn legend(area: &Area, entries: &[(String, RGBColor, Key)]) -> Result<i32, String> {
    let label = style::text(LABEL_PT, style::INK, HPos::Left, VPos::Center);
    let (width, _) = area.dim_in_pixel();
    let row_height = style::px(LABEL_PT * 1.6) as i32;
    let (mut x, mut y) = (0i32, row_height / 2);
    for (name, colour, key) in entries {
        let (text_width, _) = area.estimate_text_size(name, &label).map_err(failed)?;
        let entry_width = 22 + text_width as i32 + 12;
        if x > 0 && x + entry_width > width as i32 {
            x = 0;
            y += row_height;
        }
        match key {
            Key::Block => {
                area.draw(&Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.filled())).map_err(failed)?;
            }
            Key::Line { marker: index, dashed } => {
                let style = colour.stroke_width(2);
                if *dashed {
                    for start in [x, x + 8] {
                        area.draw(&PathElement::new(vec![(start, y), (start + 5, y)], style)).map_err(failed)?;
                    }
                } else {
                    area.draw(&PathElement::new(vec![(x, y), (x + 16, y)], style)).map_err(failed)?;
                }
                marker(area, (x + 8, y), *index, *colour, !*dashed)?;
            }
        }
        area.draw(&Text::new(name.clone(), (x + 22, y), label.clone())).map_err(failed)?;
        x += entry_width;
    }
    Ok(y + row_height / 2 + 4)
}

/// Series markers: circle, square, triangle, diamond, in turn; hollow for targets.
pub fn marker(area: &Area, (x, y): (i32, i32), index: usize, colour: RGBColor, filled: bool) -> Result<(), String> {
    let style = if filled { colour.filled() } else { colour.stroke_width(2) };
    let r = 4;
    match index % 4 {
        0 => area.draw(&Circle::new((x, y), r, style)),
        1 => area.draw(&Rectangle::new([(x - r, y - r), (x + r, y + r)], style)),
        2 => area.draw(&Polygon::new(vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)], style)),
        _ => area.draw(&Polygon::new(vec![(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)], style)),
    }
    .map_err(failed)
}

/// A range from `low` to `high` widened to round tick values; returns (from, to, step).
pub fn nice_range(low: f64, high: f64) -> (f64, f64, f64) {
    let span = (high - low).abs().max(f64::EPSILON);
    let rough = span / 4.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step =
        [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= rough).unwrap_or(10.0 * magnitude);
    ((low / step).floor() * step, (high / step).ceil() * step, step)
}

/// The tick values from `from` to `to` (inclusive) every `step`, and the decimals their labels
/// need (1 for steps such as 2,5).
pub fn ticks(from: f64, to: f64, step: f64) -> (Vec<f64>, usize) {
    let count = ((to - from) / step).round() as usize;
    ((0..=count).map(|i| from + step * i as f64).collect(), usize::from(step.fract() != 0.0))
}

/// A vertical value axis: a gridline across the plot (`left` to `right`) at each tick, the lowest
/// one darker, each labelled on the left in the unit's format.
pub fn value_axis(
    area: &Area,
    (from, to, step): (f64, f64, f64),
    unit: crate::model::Unit,
    (left, right): (i32, i32),
    y: &dyn Fn(f64) -> i32,
) -> Result<(), String> {
    let label = style::text(style::SMALL_PT, MUTED, HPos::Right, VPos::Center);
    let (values, decimals) = ticks(from, to, step);
    for tick in values {
        let colour = if tick == from { MUTED } else { style::GRID };
        area.draw(&PathElement::new(vec![(left, y(tick)), (right, y(tick))], colour.stroke_width(1)))
            .map_err(failed)?;
        area.draw(&Text::new(super::axis_label(unit, tick, decimals), (left - 4, y(tick)), label.clone()))
            .map_err(failed)?;
    }
    Ok(())
}

/// Splits a label into lines that fit `max_px` in the label font, at most `max_lines`; a label
/// longer than that ends in "…" (the alt text and the table carry it in full).
pub fn wrap(area: &Area, text: &str, max_px: u32, max_lines: usize) -> Vec<String> {
    let fits = |line: &str| text_width(area, line) <= max_px;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if fits(&candidate) || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_owned()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines > 0");
        while !last.is_empty() && !fits(&format!("{last}…")) {
            last.pop();
        }
        *last = format!("{}…", last.trim_end());
    }
    lines
}

/// How many lines `text` takes at `size_pt` in the bundled font when wrapped to `width_pt`; for
/// layouts outside charts that must know a text's height before Typst sets it (timelines).
pub fn lines_needed(text: &str, width_pt: f64, size_pt: f64) -> usize {
    style::register_fonts();
    let mut probe = String::new();
    let area = SVGBackend::with_string(&mut probe, (1000, 100)).into_drawing_area();
    // Measure in label-size px, so scale the width to the label size.
    let width_px = (style::px(width_pt) * LABEL_PT / size_pt) as u32;
    let whole_words = wrap(&area, text, width_px, usize::MAX).len();
    // Widths are measured [`style::PLOTTERS_SIZE_FACTOR`] wider than printed, which leaves the
    // count of whole words room; hyphenating, a line holds what Typst fits in it, so there they
    // are taken at a tenth over the printed width.
    let printed_px = (f64::from(width_px) * style::PLOTTERS_SIZE_FACTOR / 1.1) as u32;
    whole_words.max(hyphenated_lines(&area, text, printed_px))
}

/// The lines of `text` filled word by word to `max_px`, a word wider than a line of its own
/// broken at its Dutch hyphenation points, with a hyphen, from the line it starts on, as Typst
/// does: `wrap` keeps such a word whole on one line ("Woningcorporatieherstructureringsopgaven"
/// in a narrow timeline label took three lines where one was counted, and the label under it was
/// printed over it).
fn hyphenated_lines(area: &Area, text: &str, max_px: u32) -> usize {
    let fits = |line: &str| text_width(area, line) <= max_px;
    let (mut lines, mut current) = (0, String::new());
    for word in text.split_whitespace() {
        let space = if current.is_empty() { "" } else { " " };
        if fits(&format!("{current}{space}{word}")) {
            current = format!("{current}{space}{word}");
            continue;
        }
        if fits(word) {
            lines += 1;
            current = word.to_owned();
            continue;
        }
        let syllables: Vec<&str> = hypher::hyphenate(word, hypher::Lang::Dutch).collect();
        let mut separator = space;
        for (index, syllable) in syllables.iter().enumerate() {
            let hyphen = if index + 1 < syllables.len() { "-" } else { "" };
            if current.is_empty() || fits(&format!("{current}{separator}{syllable}{hyphen}")) {
                current = format!("{current}{separator}{syllable}");
            } else {
                lines += 1;
                current = (*syllable).to_owned();
            }
            separator = "";
        }
    }
    lines + usize::from(!current.is_empty())
}

/// The width of a label in px, in the label font.
pub fn text_width(area: &Area, text: &str) -> u32 {
    let style = style::text(LABEL_PT, MUTED, HPos::Center, VPos::Top);
    area.estimate_text_size(text, &style).map_or(0, |(w, _)| w)
}

#[cfg(test)]
mod tests {
    use super::{lines_needed, nice_range};

    #[test]
    fn a_word_wider_than_the_line_counts_the_lines_typst_hyphenates_it_over() {
        // Stress seed 256: a timeline label 56 pt wide, in 6,2 pt type, printed by Typst as
        // "13 maart 2021 / Woningcorpora- / tieherstructure- / ringsopgaven".
        assert_eq!(lines_needed("Een label", 56.0, 6.2), 1);
        assert_eq!(lines_needed("13 maart 2021 Woningcorporatieherstructureringsopgaven", 56.0, 6.2), 4);
    }

    #[test]
    fn ticks_run_from_start_to_end_without_drift() {
        let (values, decimals) = super::ticks(37.0, 41.0, 1.0);
        assert_eq!((values, decimals), (vec![37.0, 38.0, 39.0, 40.0, 41.0], 0));
        let (values, decimals) = super::ticks(0.0, 0.3, 0.1);
        assert_eq!((values.len(), decimals), (4, 1));
    }

    #[test]
    fn ranges_end_on_round_ticks() {
        assert_eq!(nice_range(0.0, 702.0), (0.0, 800.0, 200.0));
        assert_eq!(nice_range(0.0, 42.0), (0.0, 60.0, 20.0));
        assert_eq!(nice_range(37.0, 41.0), (37.0, 41.0, 1.0));
        assert_eq!(nice_range(-66.9, 62.5), (-100.0, 100.0, 50.0));
    }
}
