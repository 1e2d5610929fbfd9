//! Prose for any renderer: the tree with every figure reference replaced by its formatted text
//! and the doubled full stop after an abbreviation ("€ 9,3 mln..") removed, so the PDF and the
//! web edition print the same words. [`ProseMarkup`] carries the Typst markup and this tree; each
//! renderer prints its own form (the Typst formatter the markup, the HTML templates the tree,
//! escaped by the template engine).

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Object, ObjectRepr};
use serde::Serialize;

use crate::figures::Figures;
use crate::model::prose::{Block, Inline, Prose};

/// A block of prose, figures resolved: `{"kind": "paragraph", "content": […]}` or
/// `{"kind": "list", "ordered": true, "items": [[…blocks…], …]}`.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView {
    Paragraph { content: Vec<InlineView> },
    List { ordered: bool, items: Vec<Vec<BlockView>> },
}

/// A run of text, figures resolved; `kind` names it for the templates.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InlineView {
    Text {
        text: String,
    },
    Strong {
        content: Vec<InlineView>,
    },
    Emphasis {
        content: Vec<InlineView>,
    },
    /// Only `http`, `https` and `mailto` (the prose parser refuses every other scheme).
    Link {
        url: String,
        content: Vec<InlineView>,
    },
    LineBreak,
    /// A footnote's text, at the place it is referenced.
    Footnote {
        content: Vec<InlineView>,
    },
}

/// The prose tree with its figures as printed.
pub fn resolve(prose: &Prose, figures: &Figures) -> Vec<BlockView> {
    prose.0.iter().map(|block| resolve_block(block, figures)).collect()
}

fn resolve_block(block: &Block, figures: &Figures) -> BlockView {
    match block {
        Block::Paragraph(content) => BlockView::Paragraph { content: resolve_inlines(content, figures) },
        Block::List { ordered, items } => BlockView::List {
            ordered: *ordered,
            items: items.iter().map(|item| item.iter().map(|block| resolve_block(block, figures)).collect()).collect(),
        },
    }
}

/// Figures become text; a full stop right after a figure whose text ends in one ("mln.") is the
/// same stop, printed once.
fn resolve_inlines(content: &[Inline], figures: &Figures) -> Vec<InlineView> {
    let mut out: Vec<InlineView> = Vec::new();
    let mut after_stop = false;
    for inline in content {
        let resolved = match inline {
            Inline::Text(text) if after_stop && text.starts_with('.') => {
                InlineView::Text { text: text[1..].to_owned() }
            }
            Inline::Text(text) => InlineView::Text { text: text.clone() },
            Inline::Figure(name) => {
                // The figures stage refuses unknown names, so the fallback never prints in a build.
                InlineView::Text { text: figures.get(name).map_or("–".to_owned(), |figure| figure.text()) }
            }
            Inline::Strong(content) => InlineView::Strong { content: resolve_inlines(content, figures) },
            Inline::Emphasis(content) => InlineView::Emphasis { content: resolve_inlines(content, figures) },
            Inline::Link { url, content } => {
                InlineView::Link { url: url.clone(), content: resolve_inlines(content, figures) }
            }
            Inline::LineBreak => InlineView::LineBreak,
            Inline::Footnote(content) => InlineView::Footnote { content: resolve_inlines(content, figures) },
        };
        after_stop = matches!(inline, Inline::Figure(name)
            if figures.get_if_any(name).is_some_and(|figure| figure.text().ends_with('.')));
        out.push(resolved);
    }
    out
}

/// Prose ready for either renderer: the Typst markup and the resolved tree.
#[derive(Debug)]
pub struct ProseMarkup {
    pub typst: String,
    pub blocks: Value,
}

impl ProseMarkup {
    pub fn value(typst: String, blocks: Vec<BlockView>) -> Value {
        Value::from_object(Self { typst, blocks: Value::from(minijinja::value::Serde(blocks)) })
    }
}

/// Templates read `blocks` (the tree) and test it for emptiness; what printing it does is the
/// formatter's choice per renderer (Typst prints the markup, HTML refuses: it prints the tree).
impl Object for ProseMarkup {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        (key.as_str() == Some("blocks")).then(|| self.blocks.clone())
    }

    fn is_true(self: &Arc<Self>) -> bool {
        self.blocks.len().is_some_and(|blocks| blocks > 0)
    }
}
