//! Prose: the Markdown subset the bureau writes in YAML block scalars, parsed into a small tree.
//!
//! Supported: paragraphs, **bold**, *italic*, bulleted and numbered lists, links, footnotes
//! (`tekst[^1]` with `[^1]: Kamerstukken 2011, 32 847 nr. 4`), and references to computed figures
//! as `{{ woningvoorraad.corporatievoorraad.percentage }}`. Anything else
//! (headings, tables, images, code blocks) is an error, so what the writer sees in the YAML is what
//! the reader gets. Nothing in prose is ever interpreted as Typst or as a template: the tree holds
//! plain text and figure names.

mod references;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use references::{dangling_footnote, with_figures, with_notes};

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
    /// A footnote, at the place it is referenced, with its note's text.
    Footnote(Vec<Inline>),
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
                    Inline::Strong(content)
                    | Inline::Emphasis(content)
                    | Inline::Link { content, .. }
                    | Inline::Footnote(content) => inlines(content, out),
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
                    // Metadata and alt texts carry the running text, not its notes.
                    Inline::Footnote(_) => String::new(),
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
    // NUL marks footnote references while parsing (it never prints, so it is refused as text).
    if markdown.contains('\0') {
        return Err("the text holds a NUL character (U+0000), which no report can print".into());
    }
    let mut builder = Builder::default();
    for event in
        Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
    {
        builder.event(event)?;
    }
    builder.finish().map(Prose)
}

/// How deep lists, emphasis and links may nest (a list in a list in a list is 6 open
/// containers): every stage after this one walks prose recursively, so a body nested thousands
/// deep would overflow the stack.
const MAX_NESTING: usize = 16;

/// Containers still open while walking the event stream.
enum Open {
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>, Vec<Inline>),
    /// A footnote's note (`[^label]: …`): its paragraphs run together.
    Note(String, Vec<Inline>),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Link(String, Vec<Inline>),
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    open: Vec<Open>,
    /// The notes by label, in the order they are written.
    notes: Vec<(String, Vec<Inline>)>,
}

/// Where a footnote is referenced, until its note is known: `Text` of this marker and the label.
const NOTE_MARKER: &str = "\u{0}footnote:";

impl Builder {
    fn event(&mut self, event: Event<'_>) -> Result<(), String> {
        match event {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(label) = dangling_footnote(&text) {
                    return Err(format!("a footnote reference (`[^{label}]`) without its note"));
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
                if self.open.iter().any(|open| matches!(open, Open::Note(..))) {
                    return Err(format!("a footnote (`[^{label}]`) inside a footnote; notes hold text only"));
                }
                self.push_inline(Inline::Text(format!("{NOTE_MARKER}{label}\u{0}")));
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
        if matches!(tag, Tag::List(_)) && self.open.iter().any(|open| matches!(open, Open::Note(..))) {
            return Err("a list inside a footnote; notes hold text only".into());
        }
        let open = match tag {
            Tag::Paragraph => Open::Paragraph(Vec::new()),
            Tag::List(start) => Open::List { ordered: start.is_some(), items: Vec::new() },
            Tag::Item => Open::Item(Vec::new(), Vec::new()),
            Tag::Strong => Open::Strong(Vec::new()),
            Tag::Emphasis => Open::Emphasis(Vec::new()),
            Tag::Link { dest_url, .. } => Open::Link(checked_link(&dest_url)?, Vec::new()),
            Tag::FootnoteDefinition(label) => Open::Note(label.into_string(), Vec::new()),
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
            (TagEnd::FootnoteDefinition, Open::Note(label, content)) => self.notes.push((label, content)),
            (_, other) => self.open.push(other),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        match self.open.last_mut() {
            Some(
                Open::Paragraph(inlines)
                | Open::Strong(inlines)
                | Open::Emphasis(inlines)
                | Open::Link(_, inlines)
                | Open::Note(_, inlines),
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
            Some(Open::Note(_, content)) => match block {
                Block::Paragraph(inlines) => {
                    if !content.is_empty() {
                        append_inline(content, Inline::Text(" ".into()));
                    }
                    inlines.into_iter().for_each(|inline| append_inline(content, inline));
                }
                Block::List { .. } => self.blocks.push(block),
            },
            Some(Open::Item(blocks, loose)) => {
                if !loose.is_empty() {
                    blocks.push(Block::Paragraph(std::mem::take(loose)));
                }
                blocks.push(block);
            }
            _ => self.blocks.push(block),
        }
    }

    /// The blocks with figure references split out and each footnote's note at its reference:
    /// a reference without a note, a note referenced never or twice, or two notes with one label
    /// are errors.
    fn finish(self) -> Result<Vec<Block>, String> {
        let mut notes: Vec<(String, Option<Vec<Inline>>)> = Vec::new();
        for (label, content) in self.notes {
            if notes.iter().any(|(other, _)| *other == label) {
                return Err(format!("two footnotes are labelled `[^{label}]`; give each its own label"));
            }
            let content = with_figures(Block::Paragraph(content)).map(|block| match block {
                Block::Paragraph(content) => content,
                Block::List { .. } => Vec::new(),
            })?;
            notes.push((label, Some(content)));
        }
        let blocks = self.blocks.into_iter().map(with_figures).collect::<Result<Vec<_>, _>>()?;
        let blocks = blocks.into_iter().map(|block| with_notes(block, &mut notes)).collect::<Result<Vec<_>, _>>()?;
        match notes.iter().find(|(_, content)| content.is_some()) {
            Some((label, _)) => Err(format!("the footnote `[^{label}]` is never referenced; refer to it or remove it")),
            None => Ok(blocks),
        }
    }
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
        assert!(parse("zie[^noot] hier").unwrap_err().contains("(`[^noot]`) without its note"));
    }

    #[test]
    fn footnotes_stand_where_they_are_referenced() {
        let prose =
            parse("Zie **dit**[^1] en {{ a.b }}[^x].\n\n[^1]: Kamerstukken 2011, 32 847 nr. 4\n\n[^x]: Met {{ c.d }}.")
                .unwrap();
        assert_eq!(
            prose.0,
            vec![Block::Paragraph(vec![
                text("Zie "),
                Inline::Strong(vec![text("dit")]),
                Inline::Footnote(vec![text("Kamerstukken 2011, 32 847 nr. 4")]),
                text(" en "),
                Inline::Figure("a.b".into()),
                Inline::Footnote(vec![text("Met "), Inline::Figure("c.d".into()), text(".")]),
                text("."),
            ])]
        );
        assert_eq!(prose.figure_names(), vec!["a.b", "c.d"]);
        assert_eq!(prose.plain_text(&|name| name.to_owned()), "Zie dit en a.b.");
        assert!(parse("a[^1]\n\n[^1]: x\n\n[^2]: y").unwrap_err().contains("`[^2]` is never referenced"));
        assert!(parse("a[^1] b[^1]\n\n[^1]: x").unwrap_err().contains("referenced twice"));
        assert!(parse("a[^1]\n\n[^1]: x[^2]\n\n[^2]: y").unwrap_err().contains("inside a footnote"));
    }
}
