//! The house style of charts: the bundled Lato by its exact family name (Typst matches SVG text
//! to its own fonts by name and ignores generic families), sizes in points at final size, and the
//! palette of the theme. Text is measured with ab_glyph from the embedded font files.

use std::sync::OnceLock;

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, IntoFont, RGBColor, TextStyle};

use crate::resources::Resources;

/// The family name the SVG text carries; must be a font bundled in `assets/fonts/`.
pub const FAMILY: &str = "Lato";

/// A chart in one of the two text columns, and one across the page (A4 less margins), in points.
pub const COLUMN_WIDTH_PT: f64 = 242.0;
pub const FULL_WIDTH_PT: f64 = 504.0;

/// Label and value sizes, in points as printed.
pub const LABEL_PT: f64 = 8.0;
pub const SMALL_PT: f64 = 7.0;

pub const INK: RGBColor = RGBColor(0x1d, 0x1d, 0x1b);
pub const MUTED: RGBColor = RGBColor(0x5b, 0x5b, 0x58);
pub const GRID: RGBColor = RGBColor(0xd9, 0xe6, 0xe0);

/// Series colours, in order; the first is the house green. Series also differ by marker, dash or
/// printed value, never by colour alone.
pub const SERIES: [RGBColor; 6] = [
    RGBColor(0x00, 0x70, 0x4a),
    RGBColor(0x8d, 0xb8, 0x3a),
    RGBColor(0x00, 0x5a, 0x8c),
    RGBColor(0xe0, 0x8a, 0x00),
    RGBColor(0x8c, 0x47, 0x99),
    RGBColor(0x5b, 0x5b, 0x58),
];

pub fn series_colour(index: usize) -> RGBColor {
    SERIES[index % SERIES.len()]
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn relative_luminance(colour: RGBColor) -> f64 {
    let channel = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(colour.0) + 0.7152 * channel(colour.1) + 0.0722 * channel(colour.2)
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG AA for normal text.
pub const AA: f64 = 4.5;
const WHITE: RGBColor = RGBColor(255, 255, 255);

/// A series colour for text on the white page if it is readable there, else ink.
pub fn readable_on_white(colour: RGBColor) -> RGBColor {
    if contrast(colour, WHITE) >= AA { colour } else { INK }
}

/// White or ink, whichever is readable on `fill`.
pub fn label_on(fill: RGBColor) -> RGBColor {
    if contrast(WHITE, fill) >= AA { WHITE } else { INK }
}

/// SVG pixels for a length in points: Typst places an SVG at 96 px per inch, so a chart drawn at
/// this size prints at its natural size and its labels at the sizes above.
pub fn px(points: f64) -> f64 {
    points * 96.0 / 72.0
}

/// plotters writes `font-size` as its size divided by 1,24; [`plotters_size`] undoes that. Text
/// is measured at the size given, so a width measured is this much wider than the text printed.
pub const PLOTTERS_SIZE_FACTOR: f64 = 1.24;

fn plotters_size(points: f64) -> f64 {
    px(points) * PLOTTERS_SIZE_FACTOR
}

/// Registers the bundled Lato with plotters once (ab_glyph needs `'static` bytes, which the
/// embedded assets are).
pub fn register_fonts() {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    REGISTERED.get_or_init(|| {
        for (style, file) in [(FontStyle::Normal, "Lato-Regular.ttf"), (FontStyle::Bold, "Lato-Bold.ttf")] {
            let bytes = Resources::embedded_file(&format!("assets/fonts/{file}"))
                .expect("the chart fonts are embedded from assets/fonts");
            if plotters::style::register_font(FAMILY, style, bytes).is_err() {
                unreachable!("the embedded {file} is a valid font");
            }
        }
    });
}

pub fn text(points: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    styled(points, FontStyle::Normal, colour, h, v)
}

pub fn bold(points: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    styled(points, FontStyle::Bold, colour, h, v)
}

fn styled(points: f64, style: FontStyle, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle {
        font: (FAMILY, plotters_size(points), style).into_font(),
        color: colour.to_backend_color(),
        pos: Pos::new(h, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast(WHITE, RGBColor(0, 0, 0)) - 21.0).abs() < 1e-9);
        assert_eq!(contrast(INK, INK), 1.0);
        // The lime series colour is too light for text on white or for white text on it.
        assert!(contrast(SERIES[1], WHITE) < AA);
        assert_eq!(readable_on_white(SERIES[1]), INK);
        assert_eq!(label_on(SERIES[1]), INK);
        assert_eq!(label_on(SERIES[0]), WHITE);
    }

    /// A colour of the theme's tokens (`#let ink = rgb("#1d1d1b")` or `  school: rgb("#005a96"),`).
    fn token(name: &str) -> RGBColor {
        const TOKENS: &str = include_str!("../../templates/theme/tokens.typ");
        if name == "white" {
            return WHITE;
        }
        let (global, in_palette) = (format!("#let {name} = rgb(\""), format!("  {name}: rgb(\""));
        let line = TOKENS.lines().find(|l| l.starts_with(&global) || l.starts_with(&in_palette)).expect(name);
        let hex = line.split('"').nth(1).unwrap().trim_start_matches('#');
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
        RGBColor(byte(0), byte(2), byte(4))
    }

    /// Charts and pages share one palette: the chart's ink, muted text and first series are the
    /// theme's tokens, so a restyled house colour is not half applied.
    #[test]
    fn the_chart_palette_is_the_theme_tokens() {
        assert_eq!(INK, token("ink"));
        assert_eq!(MUTED, token("muted"));
        assert_eq!(SERIES[0], token("green"));
    }

    /// Every text colour of the theme reaches WCAG AA (4,5:1) on the background it is set on.
    #[test]
    fn the_theme_palette_reaches_wcag_aa_for_every_text_colour() {
        let pairs = [
            ("ink", "white"),
            ("muted", "white"),
            ("green", "white"),
            ("white", "green"),
            ("white", "green-dark"),
            ("ink", "green-tint"),
            ("green", "green-tint"),
            ("muted", "green-tint"),
        ];
        // Chapter colours: titles and section heads on white, white tags on the colour.
        let chapters = ["thuisbasis", "school", "werk", "wonen", "veiligheid", "organisatie"]
            .into_iter()
            .flat_map(|chapter| [(chapter, "white"), ("white", chapter)]);
        for (text, background) in pairs.into_iter().chain(chapters) {
            let ratio = contrast(token(text), token(background));
            assert!(ratio >= AA, "{text} on {background}: {ratio:.2}:1");
        }
    }
}
