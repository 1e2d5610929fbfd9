//! Prose: the Markdown subset the bureau writes in YAML block scalars, parsed into a small tree.
//!
//! Supported: paragraphs, **bold**, *italic*, bulleted and numbered lists, links, and references
//! to computed figures as `{{ woningvoorraad.corporatievoorraad.percentage }}`. Anything else
//! (headings, tables, images, code blocks) is an error, so what the writer sees in the YAML is what
//! the reader gets. Nothing in prose is ever interpreted as Typst or as a template: the tree holds
//! plain text and figure names.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A run of prose: the blocks in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prose(pub Vec<Block>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    List { ordered: bool, items: Vec<Vec<Block>> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    LineBreak,
    /// A computed figure, by name; the figures stage checks the name, render prints the value.
    Figure(String),
}

impl Prose {
    /// The names of the figures this prose refers to, in reading order.
    pub fn figure_names(&self) -> Vec<&str> {
        fn blocks<'a>(list: &'a [Block], out: &mut Vec<&'a str>) {
            for block in list {
                match block {
                    Block::Paragraph(content) => inlines(content, out),
                    Block::List { items, .. } => items.iter().for_each(|item| blocks(item, out)),
                }
            }
        }
        fn inlines<'a>(content: &'a [Inline], out: &mut Vec<&'a str>) {
            for inline in content {
                match inline {
                    Inline::Figure(name) => out.push(name),
                    Inline::Strong(content) | Inline::Emphasis(content) | Inline::Link { content, .. } => {
                        inlines(content, out)
                    }
                    Inline::Text(_) | Inline::LineBreak => {}
                }
            }
        }
        let mut out = Vec::new();
        blocks(&self.0, &mut out);
        out
    }

    /// The text without markup, paragraphs joined by a space, each figure as `figure` shows it:
    /// for metadata and alt texts.
    pub fn plain_text(&self, figure: &dyn Fn(&str) -> String) -> String {
        fn blocks(list: &[Block], figure: &dyn Fn(&str) -> String, out: &mut Vec<String>) {
            for block in list {
                match block {
                    Block::Paragraph(content) => out.push(inlines(content, figure)),
                    Block::List { items, .. } => items.iter().for_each(|item| blocks(item, figure, out)),
                }
            }
        }
        fn inlines(content: &[Inline], figure: &dyn Fn(&str) -> String) -> String {
            content
                .iter()
                .map(|inline| match inline {
                    Inline::Text(text) => text.clone(),
                    Inline::Strong(content) | Inline::Emphasis(content) | Inline::Link { content, .. } => {
                        inlines(content, figure)
                    }
                    Inline::LineBreak => " ".to_owned(),
                    Inline::Figure(name) => figure(name),
                })
                .collect()
        }
        let mut out = Vec::new();
        blocks(&self.0, figure, &mut out);
        out.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Parses Markdown into [`Prose`], or says which construct is not supported.
pub fn parse(markdown: &str) -> Result<Prose, String> {
    let mut builder = Builder::default();
    for event in
        Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
    {
        builder.event(event)?;
    }
    Ok(Prose(builder.finish()?))
}

/// How deep lists, emphasis and links may nest (a list in a list in a list is 6 open
/// containers): every stage after this one walks prose recursively, so a body nested thousands
/// deep would overflow the stack.
const MAX_NESTING: usize = 16;

/// Containers still open while walking the event stream.
enum Open {
    Paragraph(Vec<Inline>),
    List { ordered: bool, items: Vec<Vec<Block>> },
    Item(Vec<Block>, Vec<Inline>),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link(String, Vec<Inline>),
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    open: Vec<Open>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) -> Result<(), String> {
        match event {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(label) = dangling_footnote(&text) {
                    return Err(format!(
                        "a footnote reference (`[^{label}]`) without its note; footnotes are not supported in prose"
                    ));
                }
                self.push_inline(Inline::Text(text.into_string()));
            }
            Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                self.push_inline(Inline::Text(text.into_string()));
            }
            Event::SoftBreak => self.push_inline(Inline::Text(" ".into())),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            Event::Rule => return Err("a horizontal rule (`---`) is not supported in prose".into()),
            Event::FootnoteReference(label) => {
                return Err(format!("a footnote reference (`[^{label}]`) is not supported in prose"));
            }
            Event::TaskListMarker(_) => return Err("a task list (`- [ ]`) is not supported in prose".into()),
            _ => return Err("this Markdown construct is not supported in prose".into()),
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'_>) -> Result<(), String> {
        if self.open.len() >= MAX_NESTING {
            return Err(format!("lists and emphasis are nested more than {MAX_NESTING} deep; no report needs that"));
        }
        let open = match tag {
            Tag::Paragraph => Open::Paragraph(Vec::new()),
            Tag::List(start) => Open::List { ordered: start.is_some(), items: Vec::new() },
            Tag::Item => Open::Item(Vec::new(), Vec::new()),
            Tag::Strong => Open::Strong(Vec::new()),
            Tag::Emphasis => Open::Emphasis(Vec::new()),
            Tag::Link { dest_url, .. } => Open::Link(checked_link(&dest_url)?, Vec::new()),
            // Raw HTML is shown as the text it is, never interpreted.
            Tag::HtmlBlock => Open::Paragraph(Vec::new()),
            Tag::Heading { .. } => {
                return Err("a Markdown heading (`#`) is not supported in prose; use a section heading".into());
            }
            Tag::CodeBlock(_) => {
                return Err(
                    "a code block (indented text or ```) is not supported in prose; remove the indentation".into()
                );
            }
            other => return Err(format!("{} is not supported in prose", describe(&other))),
        };
        self.open.push(open);
        Ok(())
    }

    fn end(&mut self, tag: TagEnd) {
        let Some(open) = self.open.pop() else { return };
        match (tag, open) {
            (TagEnd::Paragraph | TagEnd::HtmlBlock, Open::Paragraph(inlines)) => {
                self.push_block(Block::Paragraph(inlines));
            }
            (TagEnd::List(_), Open::List { ordered, items }) => self.push_block(Block::List { ordered, items }),
            (TagEnd::Item, Open::Item(mut blocks, loose)) => {
                if !loose.is_empty() {
                    blocks.insert(0, Block::Paragraph(loose));
                }
                if let Some(Open::List { items, .. }) = self.open.last_mut() {
                    items.push(blocks);
                }
            }
            (TagEnd::Strong, Open::Strong(inlines)) => self.push_inline(Inline::Strong(inlines)),
            (TagEnd::Emphasis, Open::Emphasis(inlines)) => self.push_inline(Inline::Emphasis(inlines)),
            (TagEnd::Link, Open::Link(url, content)) => self.push_inline(Inline::Link { url, content }),
            (_, other) => self.open.push(other),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        match self.open.last_mut() {
            Some(
                Open::Paragraph(inlines) | Open::Strong(inlines) | Open::Emphasis(inlines) | Open::Link(_, inlines),
            ) => {
                append_inline(inlines, inline);
            }
            // Tight list items hold text without a paragraph around it.
            Some(Open::Item(_, loose)) => append_inline(loose, inline),
            Some(Open::List { .. }) | None => self.push_block(Block::Paragraph(vec![inline])),
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.open.last_mut() {
            Some(Open::Item(blocks, loose)) => {
                if !loose.is_empty() {
                    blocks.push(Block::Paragraph(std::mem::take(loose)));
                }
                blocks.push(block);
            }
            _ => self.blocks.push(block),
        }
    }

    fn finish(self) -> Result<Vec<Block>, String> {
        self.blocks.into_iter().map(with_figures).collect()
    }
}

/// Splits `{{ name }}` out of text runs (after adjacent runs are merged, so Markdown's own
/// splitting of text cannot cut a reference in two). Anything between `{{` and `}}` that is not
/// a well-formed name (letters, digits, `_`, `-`, `.`) is an error, never printed as it stands.
fn with_figures(block: Block) -> Result<Block, String> {
    fn inlines(content: Vec<Inline>) -> Result<Vec<Inline>, String> {
        let mut out = Vec::new();
        for inline in content {
            match inline {
                Inline::Text(text) => split_figures(&text, &mut out)?,
                Inline::Strong(content) => out.push(Inline::Strong(inlines(content)?)),
                Inline::Emphasis(content) => out.push(Inline::Emphasis(inlines(content)?)),
                Inline::Link { url, content } => out.push(Inline::Link { url, content: inlines(content)? }),
                other => out.push(other),
            }
        }
        Ok(out)
    }
    Ok(match block {
        Block::Paragraph(content) => Block::Paragraph(inlines(content)?),
        Block::List { ordered, items } => Block::List {
            ordered,
            items: items
                .into_iter()
                .map(|item| item.into_iter().map(with_figures).collect::<Result<_, _>>())
                .collect::<Result<_, _>>()?,
        },
    })
}

/// The label of a footnote reference Markdown left as text (`[^1]` without a `[^1]: …` note).
fn dangling_footnote(text: &str) -> Option<&str> {
    let start = text.find("[^")? + 2;
    let length = text[start..].find(']')?;
    let label = &text[start..start + length];
    (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
}

/// The link schemes prose may use: web pages and e-mail. Anything else (`javascript:`, `file:`,
/// `data:`, a UNC path, a bare name) would be a live action behind innocent text.
const LINK_SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

fn checked_link(url: &str) -> Result<String, String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let allowed = LINK_SCHEMES.iter().any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    if allowed && !url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        Ok(url.to_owned())
    } else if url.is_empty() {
        Err("a link without an address (`[text]()`)".into())
    } else {
        Err(format!("the link `{url}` is not a web or e-mail address; links start with https://, http:// or mailto:"))
    }
}

fn split_figures(text: &str, out: &mut Vec<Inline>) -> Result<(), String> {
    if let Some(label) = dangling_footnote(text) {
        return Err(format!(
            "a footnote reference (`[^{label}]`) without its note; footnotes are not supported in prose"
        ));
    }
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start + 2..].find("}}") else {
            return Err(format!(
                "`{}` opens a figure reference that is never closed with `}}}}`",
                crate::diag::excerpt(&rest[start..], 30)
            ));
        };
        let name = rest[start + 2..start + 2 + length].trim();
        let well_formed = !name.is_empty()
            && name.split('.').all(|part| !part.is_empty())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !well_formed {
            return Err(format!(
                "`{}` is not a figure reference; write the name of a figure, e.g. `{{{{ werk.adb_garanties }}}}`",
                &rest[start..start + 4 + length]
            ));
        }
        if start > 0 {
            append_inline(out, Inline::Text(rest[..start].to_owned()));
        }
        out.push(Inline::Figure(name.to_owned()));
        rest = &rest[start + 4 + length..];
    }
    if !rest.is_empty() {
        append_inline(out, Inline::Text(rest.to_owned()));
    }
    Ok(())
}

/// Merges adjacent text runs so the output stays small and readable.
fn append_inline(inlines: &mut Vec<Inline>, inline: Inline) {
    if let (Some(Inline::Text(last)), Inline::Text(next)) = (inlines.last_mut(), &inline) {
        last.push_str(next);
        return;
    }
    inlines.push(inline);
}

fn describe(tag: &Tag<'_>) -> &'static str {
    match tag {
        Tag::BlockQuote(_) => "a block quote (`>`)",
        Tag::Image { .. } => "an image",
        Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "a table",
        Tag::Strikethrough => "strikethrough (`~~`)",
        Tag::FootnoteDefinition(_) => "a footnote",
        _ => "this Markdown construct",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn paragraphs_with_bold_and_italic() {
        let prose = parse("Een **vette** en *schuine*\nregel.\n\nTweede alinea.").unwrap();
        assert_eq!(
            prose.0,
            vec![
                Block::Paragraph(vec![
                    text("Een "),
                    Inline::Strong(vec![text("vette")]),
                    text(" en "),
                    Inline::Emphasis(vec![text("schuine")]),
                    text(" regel."),
                ]),
                Block::Paragraph(vec![text("Tweede alinea.")]),
            ]
        );
    }

    #[test]
    fn tight_and_ordered_lists() {
        let prose = parse("- een\n- twee\n\n1. eerste\n2. tweede").unwrap();
        assert_eq!(
            prose.0,
            vec![
                Block::List {
                    ordered: false,
                    items: vec![vec![Block::Paragraph(vec![text("een")])], vec![Block::Paragraph(vec![text("twee")])]]
                },
                Block::List {
                    ordered: true,
                    items: vec![
                        vec![Block::Paragraph(vec![text("eerste")])],
                        vec![Block::Paragraph(vec![text("tweede")])]
                    ]
                },
            ]
        );
    }

    #[test]
    fn typst_and_html_syntax_stay_text() {
        let prose = parse("#read(\"/etc/passwd\") <label> $x$ @NPRZ010 // niet weg").unwrap();
        assert_eq!(
            prose.0,
            vec![Block::Paragraph(vec![text("#read(\"/etc/passwd\") <label> $x$ @NPRZ010 // niet weg")])]
        );
    }

    #[test]
    fn plain_text_drops_markup_and_joins_blocks() {
        let prose = parse("Een **vette** [link](https://x.nl) van {{ a.b }}.\n\n- een\n- twee").unwrap();
        assert_eq!(prose.plain_text(&|name| name.to_uppercase()), "Een vette link van A.B. een twee");
    }

    #[test]
    fn figure_references_are_split_out() {
        let prose = parse("Voor {{ tabel.rij.percentage }} gerealiseerd, {x} blijft tekst").unwrap();
        assert_eq!(
            prose.0,
            vec![Block::Paragraph(vec![
                text("Voor "),
                Inline::Figure("tabel.rij.percentage".into()),
                text(" gerealiseerd, {x} blijft tekst"),
            ])]
        );
        assert_eq!(prose.figure_names(), vec!["tabel.rij.percentage"]);
        let nested = parse("**{{ a_b.c }}** en *x {{a}}*").unwrap();
        assert_eq!(nested.figure_names(), vec!["a_b.c", "a"]);
    }

    #[test]
    fn malformed_figure_references_are_errors_not_text() {
        for (written, expected) in [
            ("{{ 7*7 }}", "`{{ 7*7 }}` is not a figure reference"),
            ("{{ school.x | round }}", "`{{ school.x | round }}` is not a figure reference"),
            ("{{ school. x }}", "`{{ school. x }}` is not a figure reference"),
            ("{{ school..x }}", "is not a figure reference"),
            ("{{ }}", "is not a figure reference"),
            ("tot {{ open", "`{{ open.` opens a figure reference that is never closed"),
        ] {
            let error = parse(&format!("Tekst {written}.")).unwrap_err();
            assert!(error.contains(expected), "{written}: {error}");
        }
    }

    #[test]
    fn links_go_to_web_and_mail_addresses_only() {
        for allowed in ["https://www.nprz.nl", "http://x.nl/a?b=c", "mailto:info@nprz.nl", "HTTPS://NPRZ.NL"] {
            assert!(parse(&format!("[x]({allowed})")).is_ok(), "{allowed}");
        }
        for refused in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "file:///etc/passwd",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
            "\\\\server\\share",
            "www.nprz.nl",
            "/etc/passwd",
            "https://",
            "<>",
        ] {
            let error = parse(&format!("[onschuldig]({refused})")).unwrap_err();
            assert!(error.contains("link"), "{refused}: {error}");
        }
        assert_eq!(parse("[leeg]()").unwrap_err(), "a link without an address (`[text]()`)");
    }

    #[test]
    fn deep_nesting_is_refused_before_it_can_overflow_the_stack() {
        let list: String = (0..5000).map(|depth| format!("{}- a\n", "  ".repeat(depth))).collect();
        assert!(parse(&list).unwrap_err().contains("nested more than 16 deep"));
        let emphasis = format!("{}x{}", "*a ".repeat(50_000), "*".repeat(50_000));
        assert!(parse(&emphasis).is_ok() || parse(&emphasis).unwrap_err().contains("nested"));
        assert!(parse("- a\n  - b\n    - c").is_ok(), "three levels are fine");
    }

    #[test]
    fn headings_and_tables_are_refused() {
        assert!(parse("# Kop").unwrap_err().contains("heading"));
        assert!(parse("> citaat").unwrap_err().contains("block quote"));
        assert!(parse("    code").unwrap_err().contains("code block"));
        assert_eq!(
            parse("zie[^1]\n\n[^1]: noot").unwrap_err(),
            "a footnote reference (`[^1]`) is not supported in prose"
        );
        assert!(parse("zie[^noot] hier").unwrap_err().contains("(`[^noot]`) without its note"));
    }
}
