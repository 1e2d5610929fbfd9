//! View models: what templates see. Built from the model, shaped for the page, with prose
//! already turned into safe Typst markup (the only values templates may print unescaped).

mod appendix;
mod chapter;
mod document;
mod tables;
mod timeline;

use minijinja::Value;

use super::markup;
use crate::figures::Figures;
use crate::model::Prose;

pub(super) fn markup(prose: &Prose, figures: &Figures) -> Value {
    Value::from_safe_string(markup::prose(prose, figures))
}

/// A figure as printed; "–" where there is none (which [`Figures::get`] records as a bug).
pub(super) fn figure_text(figures: &Figures, name: &str) -> String {
    figures.get(name).map_or_else(|| "–".to_owned(), |figure| figure.text())
}

/// An indicator's value or baseline as printed; "x" where the area has none, as the report prints
/// it.
pub(super) fn area_value_text(figures: &Figures, name: &str) -> String {
    figures.get_if_any(name).map_or_else(|| "x".to_owned(), |figure| figure.text())
}

pub use chapter::chapter;
pub use document::document;
