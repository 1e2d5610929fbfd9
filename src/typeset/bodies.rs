//! Where each chapter's body lies on the laid-out pages: read from the markers the theme leaves
//! (`chapter-body`'s start and end, blocks across both columns, blocks that never break), the
//! footnotes and the page geometry. Balancing plans from it and the page check measures with it.

use std::collections::BTreeMap;

use typst::foundations::{Dict, NativeElement, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::model::FootnoteEntry;
use typst_layout::PagedDocument;

use super::frames;

/// Room for the line that does not fit exactly: the last page's columns may differ by up to it.
pub(super) const SLACK_PT: f64 = 14.0;

/// The space Typst leaves between a float and the text (its default clearance, 1,5 em), and a
/// little more.
pub(super) const CLEARANCE_PT: f64 = SLACK_PT;

/// A chapter body as laid out: where it starts and ends, and the page's text area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Body {
    pub(super) start_page: usize,
    pub(super) start_y: f64,
    pub(super) end_page: usize,
    pub(super) end_x: f64,
    pub(super) end_y: f64,
    /// Top and bottom of the text area on a page.
    pub(super) top: f64,
    pub(super) bottom: f64,
    pub(super) page_width: f64,
    /// What blocks across both columns (wide charts, the activity summary) take of the last
    /// page's text area, in all and above where the text ends.
    pub(super) across: f64,
    pub(super) across_above_end: f64,
    /// What the footnotes at the foot of the last page take of its text area, with the space
    /// and rule above them: the columns end above them.
    pub(super) notes: f64,
    /// The last page holds none of the chapter's text, only the footnotes that did not fit under
    /// it on the page before.
    pub(super) notes_only: bool,
    /// The last page's left column holds one block that never breaks (a photo, a chart) and
    /// the text ends with it: there is nothing to balance.
    pub(super) lone_block: bool,
}

impl Body {
    /// Where the body starts on its last page: the top of the text area, or below the chapter's
    /// opening when the last page is also the first.
    pub(super) fn last_page_top(&self) -> f64 {
        if self.end_page == self.start_page { self.start_y } else { self.top }
    }
}

/// The space between the text and the footnotes under it, with their rule (the theme's
/// clearance 1 em, gap 0,5 em), and a little more.
const NOTES_CLEARANCE_PT: f64 = SLACK_PT;

/// The theme's markers (metadata with a `koers` key), each with its page and position.
pub(super) fn markers(document: &PagedDocument) -> impl Iterator<Item = (Dict, usize, f64, f64)> + '_ {
    let introspector = document.introspector();
    introspector.query(&Selector::Elem(MetadataElem::ELEM, None)).into_iter().filter_map(move |marker| {
        let Some(Value::Dict(value)) = marker.to_packed::<MetadataElem>().map(|m| m.value.clone()) else {
            return None;
        };
        let position = marker.location().and_then(|at| introspector.position(at))?;
        text(&value, "koers")?;
        Some((value, position.page.get(), position.point.x.to_pt(), position.point.y.to_pt()))
    })
}

/// A block marked at its top and bottom edge on one page: page, left, top, bottom.
type Marked = (usize, f64, f64, f64);

/// Every chapter body of the document, by chapter id, from the theme's markers.
pub(super) fn bodies(document: &PagedDocument) -> Vec<(String, Body)> {
    let mut starts: BTreeMap<String, (usize, f64, f64, f64)> = BTreeMap::new();
    let mut bodies = Vec::new();
    // Blocks across both columns, and blocks that never break (photos, charts in a column).
    let (mut across, mut wholes): (Vec<Marked>, Vec<Marked>) = (Vec::new(), Vec::new());
    let (mut open_across, mut open_whole) = (None, None);
    for (value, page, x, y) in markers(document) {
        let Some(kind) = text(&value, "koers") else { continue };
        let (open, closed) = match kind.as_str() {
            "across" => (&mut open_across, &mut across),
            "whole" => (&mut open_whole, &mut wholes),
            _ => {
                let Some(chapter) = text(&value, "chapter") else { continue };
                if let Some(body) = chapter_marker(document, &kind, &chapter, &value, (page, x, y), &mut starts) {
                    bodies.push((chapter, body));
                }
                continue;
            }
        };
        if text(&value, "edge").as_deref() == Some("top") {
            *open = Some((page, x, y));
        } else if let Some((top_page, left, top)) = open.take().filter(|(top_page, ..)| *top_page == page) {
            closed.push((top_page, left, top, y));
        }
    }
    let notes = notes_tops(document);
    end_on_pages_of_notes(document, &mut bodies, &notes);
    for (_, body) in &mut bodies {
        measure_last_page(body, &notes, &across, &wholes);
    }
    bodies
}

/// A chapter's start (kept in `starts`) or end marker at `(page, x, y)`; at its end, the body.
fn chapter_marker(
    document: &PagedDocument,
    kind: &str,
    chapter: &str,
    value: &Dict,
    (page, x, y): (usize, f64, f64),
    starts: &mut BTreeMap<String, (usize, f64, f64, f64)>,
) -> Option<Body> {
    let laid_out = document.pages().get(page - 1)?;
    match kind {
        "chapter-start" => {
            let (top, bottom) = (length(value, "top")?, length(value, "bottom")?);
            starts.insert(chapter.to_string(), (page, y, top, laid_out.frame.height().to_pt() - bottom));
            None
        }
        "chapter-end" => {
            let &(start_page, start_y, top, bottom) = starts.get(chapter)?;
            Some(Body {
                start_page,
                start_y,
                end_page: page,
                end_x: x,
                end_y: y,
                top,
                bottom,
                page_width: laid_out.frame.width().to_pt(),
                across: 0.0,
                across_above_end: 0.0,
                notes: 0.0,
                notes_only: false,
                lone_block: false,
            })
        }
        _ => None,
    }
}

/// The top of the first footnote on each page that has footnotes.
fn notes_tops(document: &PagedDocument) -> BTreeMap<usize, f64> {
    let mut notes: BTreeMap<usize, f64> = BTreeMap::new();
    let introspector = document.introspector();
    for entry in introspector.query(&Selector::Elem(FootnoteEntry::ELEM, None)) {
        if let Some(position) = entry.location().and_then(|at| introspector.position(at)) {
            let top = notes.entry(position.page.get()).or_insert(f64::INFINITY);
            *top = top.min(position.point.y.to_pt());
        }
    }
    notes
}

/// Notes that did not fit under a chapter's text run over onto a page of their own, before the
/// next chapter's text starts: that page, holding nothing above its notes, is the chapter's
/// last, with none of its text.
fn end_on_pages_of_notes(document: &PagedDocument, bodies: &mut [(String, Body)], notes: &BTreeMap<usize, f64>) {
    let starts: Vec<usize> = bodies.iter().map(|(_, body)| body.start_page).collect();
    for (_, body) in bodies.iter_mut() {
        let next = starts.iter().copied().filter(|start| *start > body.start_page).min().unwrap_or(usize::MAX);
        let text_top = body.top;
        let notes_only = |&(&page, &notes_top): &(&usize, &f64)| {
            document.pages().get(page - 1).is_some_and(|laid_out| {
                !frames::printed_boxes(laid_out)
                    .iter()
                    .any(|[_, top, _, bottom]| *bottom > text_top && *top < notes_top - SLACK_PT)
            })
        };
        if let Some((&page, _)) = notes.range(body.end_page + 1..next).rev().find(notes_only) {
            (body.end_page, body.end_x, body.end_y, body.notes_only) = (page, 0.0, text_top, true);
        }
    }
}

/// What the footnotes and the blocks across both columns take of a body's last page, and
/// whether its left column there is one block that never breaks, ending the text.
fn measure_last_page(body: &mut Body, notes: &BTreeMap<usize, f64>, across: &[Marked], wholes: &[Marked]) {
    if let Some(notes_top) = notes.get(&body.end_page).filter(|top| **top < body.bottom) {
        body.notes = body.bottom - notes_top + NOTES_CLEARANCE_PT;
    }
    let middle = body.page_width / 2.0;
    let top = body.last_page_top();
    body.lone_block = body.end_x < middle
        && wholes.iter().any(|&(page, left, block_top, block_bottom)| {
            page == body.end_page
                && left < middle
                && block_top <= top + SLACK_PT
                && block_bottom >= body.end_y - SLACK_PT
        });
    // Below the body's start on its last page.
    for &(_, _, block_top, block_bottom) in across.iter().filter(|(page, ..)| *page == body.end_page) {
        if block_bottom <= top || block_top >= body.bottom {
            continue;
        }
        let height = block_bottom - block_top + CLEARANCE_PT;
        body.across += height;
        if block_top < body.end_y {
            body.across_above_end += height;
        }
    }
}

pub(super) fn text(dict: &Dict, key: &str) -> Option<String> {
    match dict.get(key).ok()? {
        Value::Str(text) => Some(text.to_string()),
        _ => None,
    }
}

fn length(dict: &Dict, key: &str) -> Option<f64> {
    match dict.get(key).ok()? {
        Value::Length(length) if length.em.get() == 0.0 => Some(length.abs.to_pt()),
        _ => None,
    }
    .filter(|pt: &f64| pt.is_finite() && *pt >= 0.0)
}
