//! Prose trees to Typst markup. Text goes through [`escape`](super::escape) only; structure
//! (paragraphs, lists, emphasis, links) becomes Typst function calls, and figure references
//! become their formatted values.

use super::escape::{markup_text, string_literal};
use crate::figures::Figures;
use crate::model::prose::{Block, Inline, Prose};
use crate::nl::{breakable_before_mark, tie};

/// Typst markup for a run of prose; paragraphs separated by blank lines.
pub fn prose(prose: &Prose, figures: &Figures) -> String {
    Writer { figures }.blocks(&prose.0)
}

struct Writer<'a> {
    figures: &'a Figures,
}

impl Writer<'_> {
    fn blocks(&self, blocks: &[Block]) -> String {
        blocks.iter().map(|block| self.block(block)).collect::<Vec<_>>().join("\n\n")
    }

    fn block(&self, block: &Block) -> String {
        match block {
            Block::Paragraph(content) => self.inlines(content),
            Block::List { ordered, items } => {
                let function = if *ordered { "enum" } else { "list" };
                let items: Vec<String> = items.iter().map(|item| format!("[{}]", self.blocks(item))).collect();
                format!("#{function}({})", items.join(", "))
            }
        }
    }

    /// A figure's text that ends in a full stop ("€ 9,3 mln.") also ends the sentence when a full
    /// stop follows it in the text: that one is dropped, never printed twice.
    fn inlines(&self, content: &[Inline]) -> String {
        let mut out = String::new();
        let mut ends_in_stop = false;
        for (at, inline) in content.iter().enumerate() {
            let before_mark = matches!(content.get(at + 1), Some(Inline::Footnote(_)));
            match inline {
                Inline::Text(text) if ends_in_stop && text.starts_with('.') => {
                    out.push_str(&self.inline(&Inline::Text(text[1..].to_owned())));
                }
                Inline::Text(text) if before_mark => {
                    out.push_str(&self.inline(&Inline::Text(breakable_before_mark(text).into_owned())));
                }
                other => out.push_str(&self.inline(other)),
            }
            ends_in_stop = match inline {
                Inline::Figure(name) => self.figures.get_if_any(name).is_some_and(|f| f.text().ends_with('.')),
                _ => false,
            };
        }
        out
    }

    fn inline(&self, inline: &Inline) -> String {
        match inline {
            Inline::Text(text) => markup_text(&tie(text)),
            Inline::Strong(content) => format!("#strong[{}]", self.inlines(content)),
            Inline::Emphasis(content) => format!("#emph[{}]", self.inlines(content)),
            Inline::Link { url, content } => format!("#link({})[{}]", string_literal(url), self.inlines(content)),
            Inline::LineBreak => "#linebreak()".to_owned(),
            // The figures stage refuses unknown names, so the fallback never prints in a build.
            Inline::Figure(name) => markup_text(&tie(&self.figures.get(name).map_or("–".to_owned(), |f| f.text()))),
            Inline::Footnote(content) => format!("#footnote[{}]", self.inlines(content)),
        }
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
