//! Prose trees to Typst markup. Text goes through [`escape`](super::escape) only; structure
//! (paragraphs, lists, emphasis, links) becomes Typst function calls, and figure references
//! become their formatted values.

use super::escape::{markup_text, string_literal};
use super::prose::{BlockView, InlineView, resolve};
use crate::figures::Figures;
use crate::model::prose::Prose;
use crate::nl::{breakable_before_mark, tie};

/// Typst markup for a run of prose; paragraphs separated by blank lines.
pub fn prose(prose: &Prose, figures: &Figures) -> String {
    blocks(&resolve(prose, figures))
}

/// Typst markup for resolved prose.
pub fn blocks(blocks: &[BlockView]) -> String {
    blocks.iter().map(block).collect::<Vec<_>>().join("\n\n")
}

fn block(block: &BlockView) -> String {
    match block {
        BlockView::Paragraph { content } => inlines(content),
        BlockView::List { ordered, items } => {
            let function = if *ordered { "enum" } else { "list" };
            let items: Vec<String> = items.iter().map(|item| format!("[{}]", self::blocks(item))).collect();
            format!("#{function}({})", items.join(", "))
        }
    }
}

fn inlines(content: &[InlineView]) -> String {
    let mut out = String::new();
    for (at, inline) in content.iter().enumerate() {
        match inline {
            // Typst does not hyphenate a word glued to a footnote's mark.
            InlineView::Text { text } if matches!(content.get(at + 1), Some(InlineView::Footnote { .. })) => {
                out.push_str(&markup_text(&tie(&breakable_before_mark(text))));
            }
            other => out.push_str(&self::inline(other)),
        }
    }
    out
}

fn inline(inline: &InlineView) -> String {
    match inline {
        InlineView::Text { text } => markup_text(&tie(text)),
        InlineView::Strong { content } => format!("#strong[{}]", inlines(content)),
        InlineView::Emphasis { content } => format!("#emph[{}]", inlines(content)),
        InlineView::Link { url, content } => format!("#link({})[{}]", string_literal(url), inlines(content)),
        InlineView::LineBreak => "#linebreak()".to_owned(),
        InlineView::Footnote { content } => format!("#footnote[{}]", inlines(content)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Figure;
    use crate::model::prose::parse;

    #[test]
    fn structure_becomes_calls_and_text_stays_literal() {
        let typst = prose(&parse("Een **vet** [x](https://nprz.nl) #read()\n\n- a\n- b").unwrap(), &Figures::default());
        assert_eq!(
            typst,
            "#\"Een \";#strong[#\"vet\";]#\" \";#link(\"https://nprz.nl\")[#\"x\";]#\" #read()\";\n\n#list([#\"a\";], [#\"b\";])"
        );
    }

    #[test]
    fn figure_references_print_their_formatted_value() {
        let mut figures = Figures::default();
        figures.named.insert("t.rij.percentage".into(), Figure::whole_percentage(48.81));
        figures.named.insert("t.rij.ambition".into(), Figure::count(4200));
        let typst = prose(&parse("{{ t.rij.ambition }} woningen, {{ t.rij.percentage }}").unwrap(), &figures);
        assert_eq!(typst, "#\"4.200\";#\" woningen, \";#\"49%\";");
    }
}
