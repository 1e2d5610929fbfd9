//! Prose trees to Typst markup. Text goes through [`escape`](super::escape) only; structure
//! (paragraphs, lists, emphasis, links) becomes Typst function calls.

use super::escape::{markup_text, string_literal};
use crate::model::prose::{Block, Inline, Prose};

/// Typst markup for a run of prose; paragraphs separated by blank lines.
pub fn prose(prose: &Prose) -> String {
    blocks(&prose.0)
}

fn blocks(blocks: &[Block]) -> String {
    blocks.iter().map(block).collect::<Vec<_>>().join("\n\n")
}

fn block(block: &Block) -> String {
    match block {
        Block::Paragraph(content) => inlines(content),
        Block::List { ordered, items } => {
            let function = if *ordered { "enum" } else { "list" };
            let items: Vec<String> = items.iter().map(|item| format!("[{}]", blocks(item))).collect();
            format!("#{function}({})", items.join(", "))
        }
    }
}

fn inlines(content: &[Inline]) -> String {
    content.iter().map(inline).collect()
}

fn inline(inline: &Inline) -> String {
    match inline {
        Inline::Text(text) => markup_text(text),
        Inline::Strong(content) => format!("#strong[{}]", inlines(content)),
        Inline::Emphasis(content) => format!("#emph[{}]", inlines(content)),
        Inline::Link { url, content } => {
            format!("#link({})[{}]", string_literal(url), inlines(content))
        }
        Inline::LineBreak => "#linebreak()".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::prose::parse;

    #[test]
    fn structure_becomes_calls_and_text_stays_literal() {
        let typst = prose(&parse("Een **vet** [x](https://nprz.nl) #read()\n\n- a\n- b").unwrap());
        assert_eq!(
            typst,
            "#\"Een \";#strong[#\"vet\";]#\" \";#link(\"https://nprz.nl\")[#\"x\";]#\" #read()\";\n\n#list([#\"a\";], [#\"b\";])"
        );
    }
}
