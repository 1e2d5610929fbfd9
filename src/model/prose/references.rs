//! What prose refers to, resolved after parsing: `{{ figure }}` references split out of the text,
//! and each footnote's note put where it is referenced.

use super::{Block, Inline, NOTE_MARKER, append_inline};

/// Splits `{{ name }}` out of text runs (after adjacent runs are merged, so Markdown's own
/// splitting of text cannot cut a reference in two). Anything between `{{` and `}}` that is not
/// a well-formed name (letters, digits, `_`, `-`, `.`) is an error, never printed as it stands.
pub(super) fn with_figures(block: Block) -> Result<Block, String> {
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

/// Puts each footnote's note where it is referenced (taking it from `notes`, so a second reference
/// finds none).
pub(super) fn with_notes(block: Block, notes: &mut Vec<(String, Option<Vec<Inline>>)>) -> Result<Block, String> {
    fn inlines(content: Vec<Inline>, notes: &mut Vec<(String, Option<Vec<Inline>>)>) -> Result<Vec<Inline>, String> {
        let mut out = Vec::new();
        for inline in content {
            match inline {
                Inline::Text(text) => {
                    let mut rest = text.as_str();
                    while let Some(start) = rest.find(NOTE_MARKER) {
                        let after = &rest[start + NOTE_MARKER.len()..];
                        let end = after.find('\u{0}').unwrap_or(after.len());
                        let label = &after[..end];
                        if start > 0 {
                            append_inline(&mut out, Inline::Text(rest[..start].to_owned()));
                        }
                        let note = notes.iter_mut().find(|(other, _)| other == label);
                        let content = match note {
                            Some((_, content)) => content.take().ok_or_else(|| {
                                format!("the footnote `[^{label}]` is referenced twice; each note belongs to one place")
                            })?,
                            None => return Err(format!("a footnote reference (`[^{label}]`) without its note")),
                        };
                        out.push(Inline::Footnote(content));
                        rest = &after[(end + 1).min(after.len())..];
                    }
                    if !rest.is_empty() {
                        append_inline(&mut out, Inline::Text(rest.to_owned()));
                    }
                }
                Inline::Strong(content) => out.push(Inline::Strong(inlines(content, notes)?)),
                Inline::Emphasis(content) => out.push(Inline::Emphasis(inlines(content, notes)?)),
                Inline::Link { url, content } => out.push(Inline::Link { url, content: inlines(content, notes)? }),
                other => out.push(other),
            }
        }
        Ok(out)
    }
    Ok(match block {
        Block::Paragraph(content) => Block::Paragraph(inlines(content, notes)?),
        Block::List { ordered, items } => Block::List {
            ordered,
            items: items
                .into_iter()
                .map(|item| item.into_iter().map(|block| with_notes(block, notes)).collect::<Result<_, _>>())
                .collect::<Result<_, _>>()?,
        },
    })
}

/// The label of a footnote reference Markdown left as text (`[^1]` without a `[^1]: …` note).
pub(super) fn dangling_footnote(text: &str) -> Option<&str> {
    let start = text.find("[^")? + 2;
    let length = text[start..].find(']')?;
    let label = &text[start..start + length];
    (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
}

fn split_figures(text: &str, out: &mut Vec<Inline>) -> Result<(), String> {
    if let Some(label) = dangling_footnote(text) {
        return Err(format!("a footnote reference (`[^{label}]`) without its note"));
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
