//! The virtual Typst project a report is made of: the generated sources, the charts and the photos,
//! each at its path in Typst's world. `render` fills it, `typeset` serves it to Typst, `output`
//! writes parts of it out; all three name paths here, so a path is spelled once.

use std::sync::Arc;

/// The Typst entry point of every report.
pub const MAIN_PATH: &str = "/main.typ";

/// The chapters' balanced heights, written by the typeset stage (see `typeset::balance`); the
/// render stage writes it empty.
pub const BALANCE_PATH: &str = "/balance.json";

/// `/balance.json` with the given heights (in pt) by chapter id: `{"school": 812.500}`.
pub fn balance_source(heights: &[(String, f64)]) -> String {
    let entries: Vec<String> = heights.iter().map(|(id, height)| format!("{id:?}: {height:.3}")).collect();
    format!("{{{}}}\n", entries.join(", "))
}

/// Generated Typst sources by virtual path (`/main.typ`, `/chapters/school.typ`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypstSources {
    pub files: Vec<(String, String)>,
    /// The charts as SVG, by virtual path (`/charts/chart-1.svg`), in document order.
    pub charts: Vec<(String, String)>,
    /// The photos, by virtual path (`/photos/images/x.jpg`).
    pub photos: Vec<(String, Arc<[u8]>)>,
}

/// Where a chapter's generated Typst source lives.
pub fn chapter_path(id: &str) -> String {
    format!("/chapters/{id}.typ")
}

/// Where a chart's SVG lives.
pub fn chart_path(id: &str) -> String {
    format!("/charts/{id}.svg")
}

/// Where a photo lives, by its path relative to the edition folder (`images/x.jpg`).
pub fn photo_path(relative: &str) -> String {
    format!("/photos/{}", relative.trim_start_matches("./"))
}

/// Where a template or asset (`templates/theme.typ`) lives: at the same path from the root, so a
/// project's override is found where the bundled file is.
pub fn resource_path(name: &str) -> String {
    format!("/{name}")
}
