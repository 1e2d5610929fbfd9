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

/// A figure as printed (an indicator's value or baseline, a figure in the PDF's description);
/// "x" where there is none, as the report prints an area without a value.
pub(super) fn figure_text(figures: &Figures, name: &str) -> String {
    figures.named.get(name).map_or_else(|| "x".to_owned(), |figure| figure.text())
}

pub use chapter::pillar;
pub use document::document;
