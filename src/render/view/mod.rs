//! View models: what templates see, for the PDF and the web edition alike. Built from the model,
//! shaped for the page, every number formatted in Dutch, prose resolved once into a tree that each
//! renderer prints in its own form ([`super::prose::ProseMarkup`]).

mod appendix;
mod chapter;
mod document;
mod tables;
mod timeline;

use minijinja::Value;

use super::{markup, prose};
use crate::figures::Figures;
use crate::model::Prose;

pub(super) fn markup(prose: &Prose, figures: &Figures) -> Value {
    let blocks = prose::resolve(prose, figures);
    prose::ProseMarkup::value(markup::blocks(&blocks), blocks)
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
