//! Balanced columns on the last page of every chapter. Typst fills two columns left to right, so
//! a chapter's last page often has a full left column and an empty right one. koers lays the
//! report out with plain columns, reads where each chapter body starts and ends (markers the
//! theme's `chapter-body` leaves, with the page geometry), and computes the room to leave empty
//! at the foot of its last page, across both columns, so that the columns there end level: at
//! half the text the page holds plus a line (blocks across both columns taken off). The theme
//! leaves that room with a float met at the end of the text, so Typst lays out again only that
//! page. Each layout is checked: a chapter whose text does not end where it was planned to (it ran
//! over, onto another page, or the room landed on another page) gets more room, up to [`TRIES`]
//! times, then is laid out plain. The same markers tell whether the cover ran over its page (then
//! the theme sets it in three columns that continue on the next).

use std::collections::BTreeMap;

use typst::foundations::{Dict, NativeElement, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst_layout::PagedDocument;

use super::frames;

/// Room for the line that does not fit exactly: the last page's columns may differ by up to it.
const SLACK_PT: f64 = 14.0;

/// A right column at least this share of the left one reads as level.
const LEVEL_SHARE: f64 = 0.75;

/// How often a chapter is tried balanced. A heading kept with its first lines or a block kept
/// whole (a table, a callout, a photo) may not fit columns of half the text. When the first try's
/// text ran over onto the next page, the second moves the columns' foot down by half of what ran
/// over and a line (enough for a break that missed the half by a few lines); after that, each try
/// moves it an equal part of the way to a line above where the plain left column ends, which the
/// last try reaches. A try lays out only the last pages again.
pub const TRIES: usize = 5;

/// A chapter body as laid out: where it starts and ends, and the page's text area.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Body {
    start_page: usize,
    start_y: f64,
    end_page: usize,
    end_x: f64,
    end_y: f64,
    /// Top and bottom of the text area on a page.
    top: f64,
    bottom: f64,
    page_width: f64,
    /// What blocks across both columns (wide charts, the activity summary) take of the last
    /// page's text area, in all and above where the text ends.
    across: f64,
    across_above_end: f64,
}

impl Body {
    /// Where the body starts on its last page: the top of the text area, or below the chapter's
    /// opening when the last page is also the first.
    fn last_page_top(&self) -> f64 {
        if self.end_page == self.start_page { self.start_y } else { self.top }
    }
}

/// The space Typst leaves between a float and the text (its default clearance, 1,5 em), and a
/// little more.
const CLEARANCE_PT: f64 = SLACK_PT;

/// How one chapter is balanced: the room left empty at the foot of its last page, and where its
/// text must then end.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub chapter: String,
    body: Body,
    /// Which try this is, from 0.
    attempt: usize,
    /// How far down (pt) from the last page's top the balanced columns reach.
    last: f64,
    /// The room (pt) left empty below both columns of the last page.
    pub room_pt: f64,
    /// How many pages after its first the text ends (pages are counted from the chapter's start:
    /// a chapter before it that runs over moves it, not its plan).
    pages: usize,
    /// The lowest the text may end on the last page (the balanced column's foot).
    end_limit: f64,
}

/// The chapters whose last page is unbalanced, with the room that balances it.
pub fn plan(document: &PagedDocument) -> Vec<Plan> {
    bodies(document).into_iter().filter_map(|(chapter, body)| first_plan(chapter, body)).collect()
}

/// The first try: columns at half the text and a line.
fn first_plan(chapter: String, body: Body) -> Option<Plan> {
    plan_body(chapter, body, 0, |balanced, _| balanced)
}

/// The next try for a chapter whose text did not end where planned, while there are tries left:
/// its text ran `over` pt onto the next page, or missed otherwise (`None`).
pub fn loosened(plan: &Plan, over: Option<f64>) -> Option<Plan> {
    if plan.attempt + 1 >= TRIES {
        return None;
    }
    let next = plan_body(plan.chapter.clone(), plan.body, plan.attempt + 1, |_, left| {
        let highest = left - SLACK_PT;
        match over {
            Some(over) if plan.attempt == 0 => (plan.last + over / 2.0 + SLACK_PT).min(highest),
            _ => plan.last + (highest - plan.last).max(0.0) / (TRIES - 1 - plan.attempt) as f64,
        }
    });
    next.filter(|next| next.last > plan.last + 0.5)
}

/// A plan for `body`, its columns reaching `last(balanced, left)` down the last page: `balanced`
/// is half the text and a line, `left` where the plain left column ends (from the page's top).
fn plan_body(chapter: String, body: Body, attempt: usize, last: impl Fn(f64, f64) -> f64) -> Option<Plan> {
    let Columns { top, room, left, right } = last_page_columns(&body);
    let balanced = (left + right) / 2.0 + SLACK_PT;
    // Already level (within a line, or the right column three quarters of the left), or too
    // little text to need it.
    if left - right <= 2.0 * SLACK_PT || right >= LEVEL_SHARE * left || balanced >= room || spilled(&body) {
        return None;
    }
    let last = last(balanced, left);
    let end_limit = top + body.across + last + 0.5;
    let pages = body.end_page - body.start_page;
    Some(Plan { chapter, body, attempt, last, room_pt: room - last, pages, end_limit })
}

/// A chapter's last page laid out plain: where its columns start, the room they have below that
/// (blocks across both columns taken off), and how far the text reaches down each column
/// (Typst fills the left one first).
struct Columns {
    top: f64,
    room: f64,
    left: f64,
    right: f64,
}

fn last_page_columns(body: &Body) -> Columns {
    let top = body.last_page_top();
    let room = body.bottom - top - body.across;
    let text = body.end_y - top - body.across_above_end;
    let (left, right) = if body.end_x > body.page_width / 2.0 { (room, text) } else { (text, 0.0) };
    Columns { top, room, left, right }
}

/// Whether the chapter ran over onto a page it fills less than [`SPILL_SHARE`] of one column of
/// (balancing a few lines over two columns does not make it look less empty).
fn spilled(body: &Body) -> bool {
    let Columns { room, left, right, .. } = last_page_columns(body);
    body.end_page > body.start_page && left + right < SPILL_SHARE * room
}

/// A chapter's last page as finally laid out, for the page check's warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct LastPage {
    pub chapter: String,
    pub page: usize,
    /// Where its text ends on the page (pt).
    pub end: (f64, f64),
    /// The chapter ran over onto this page and fills less than [`SPILL_SHARE`] of one column of it.
    pub spilled: bool,
    /// The right column is empty while the left holds at least [`SPILL_SHARE`] of it, and
    /// koers could not balance them (never on a spilled page: that is one problem, not two) (a short right column beside a full left one reads as a
    /// page; an empty one as text gone missing).
    pub empty_column: bool,
    /// About how many lines of the chapter's text each column of the page holds.
    pub lines: (usize, usize),
}

/// A chapter's text on its last page under this share of one column is a spill: a nearly empty
/// page. A left column of less than it beside an empty right one is not worth a warning.
pub const SPILL_SHARE: f64 = 0.2;

/// The last page of every chapter; `balanced` are the chapters laid out with balancing room
/// (their columns end level where planned: [`missed`] checked that).
pub fn last_pages(document: &PagedDocument, balanced: &[String]) -> Vec<LastPage> {
    last_pages_of(&bodies(document), balanced)
}

fn last_pages_of(bodies: &[(String, Body)], balanced: &[String]) -> Vec<LastPage> {
    bodies
        .iter()
        .map(|(chapter, body)| {
            let (chapter, body) = (chapter.clone(), *body);
            let is_balanced = balanced.contains(&chapter);
            let Columns { room, left, right, .. } = last_page_columns(&body);
            // A balanced page's left column ends where its right one does.
            let left = if is_balanced && right > 0.0 { right } else { left };
            let lines = |height: f64| (height / SLACK_PT).round() as usize;
            LastPage {
                page: body.end_page,
                end: (body.end_x, body.end_y),
                spilled: spilled(&body),
                empty_column: !is_balanced
                    && right == 0.0
                    && left >= SPILL_SHARE * room
                    && first_plan(chapter.clone(), body).is_some(),
                lines: (lines(left), lines(right)),
                chapter,
            }
        })
        .collect()
}

/// The chapters of the document by the page their text starts on, in order.
pub fn chapter_starts(document: &PagedDocument) -> Vec<(usize, String)> {
    bodies(document).into_iter().map(|(chapter, body)| (body.start_page, chapter)).collect()
}

/// The planned chapters whose text, laid out balanced, does not end where planned: on another
/// page, below the balanced columns' foot (it ran over them), with the room on another page,
/// with nothing left in the left column (a block kept whole moved across), or with a problem on
/// one of its pages (`troubled`: the page check's problems).
pub fn missed(plans: &[Plan], document: &PagedDocument, troubled: &[usize]) -> Vec<(String, Option<f64>)> {
    let laid_out: BTreeMap<String, Body> = bodies(document).into_iter().collect();
    // The page each chapter's balancing room landed on: a room too tall for what was left of
    // its page waits for the next one, and leaves that page empty.
    let rooms: BTreeMap<String, usize> = markers(document)
        .filter(|(value, ..)| text(value, "koers").as_deref() == Some("balance-room"))
        .filter_map(|(value, page, ..)| Some((text(&value, "chapter")?, page)))
        .collect();
    plans
        .iter()
        .filter(|plan| {
            let Some(body) = laid_out.get(&plan.chapter) else { return true };
            body.end_page - body.start_page != plan.pages
                || rooms.get(&plan.chapter) != Some(&body.end_page)
                || body.end_y > plan.end_limit
                || troubled.iter().any(|page| (body.start_page..=body.end_page).contains(page))
                || left_column_empty(document, body, plan.end_limit)
        })
        .map(|plan| (plan.chapter.clone(), laid_out.get(&plan.chapter).and_then(|body| ran_over(plan, body))))
        .collect()
}

/// How much text (pt of one column) ran over onto the page after the planned last one.
fn ran_over(plan: &Plan, body: &Body) -> Option<f64> {
    (body.end_page - body.start_page == plan.pages + 1).then(|| {
        let column = body.end_y - body.top;
        if body.end_x > body.page_width / 2.0 { body.bottom - body.top + column } else { column }
    })
}

/// Whether the left column of a body's last page holds nothing between the body's top there
/// and `foot`, while its text ends in the right column.
fn left_column_empty(document: &PagedDocument, body: &Body, foot: f64) -> bool {
    let middle = body.page_width / 2.0;
    let Some(page) = document.pages().get(body.end_page - 1).filter(|_| body.end_x > middle) else { return false };
    let top = body.last_page_top();
    !frames::printed_boxes(page)
        .iter()
        .any(|[_, box_top, right, bottom]| *right < middle && *bottom > top && *box_top < foot)
}

/// Whether the cover ran over its page: the theme marks where each of its columns ends.
pub fn cover_spills(document: &PagedDocument) -> bool {
    markers(document).any(|(value, page, ..)| text(&value, "koers").as_deref() == Some("cover-end") && page > 1)
}

/// The theme's markers (metadata with a `koers` key), each with its page and position.
fn markers(document: &PagedDocument) -> impl Iterator<Item = (Dict, usize, f64, f64)> + '_ {
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

/// Every chapter body of the document, by chapter id, from the theme's markers.
fn bodies(document: &PagedDocument) -> Vec<(String, Body)> {
    let mut starts: BTreeMap<String, (usize, f64, f64, f64)> = BTreeMap::new();
    let mut bodies = Vec::new();
    // Blocks across both columns: page, top, bottom.
    let (mut across, mut open) = (Vec::new(), None);
    for (value, page, x, y) in markers(document) {
        let Some(kind) = text(&value, "koers") else { continue };
        match (kind.as_str(), text(&value, "chapter")) {
            ("chapter-start", Some(chapter)) => {
                let Some(page_height) = document.pages().get(page - 1).map(|p| p.frame.height().to_pt()) else {
                    continue;
                };
                let (Some(top), Some(bottom)) = (length(&value, "top"), length(&value, "bottom")) else { continue };
                starts.insert(chapter, (page, y, top, page_height - bottom));
            }
            ("chapter-end", Some(chapter)) => {
                let Some(&(start_page, start_y, top, bottom)) = starts.get(&chapter) else { continue };
                let page_width = document.pages().get(page - 1).map_or(0.0, |p| p.frame.width().to_pt());
                let body = Body {
                    start_page,
                    start_y,
                    end_page: page,
                    end_x: x,
                    end_y: y,
                    top,
                    bottom,
                    page_width,
                    across: 0.0,
                    across_above_end: 0.0,
                };
                bodies.push((chapter, body));
            }
            ("across", _) if text(&value, "edge").as_deref() == Some("top") => open = Some((page, y)),
            ("across", _) => {
                if let Some((top_page, top)) = open.take().filter(|(top_page, _)| *top_page == page) {
                    across.push((top_page, top, y));
                }
            }
            _ => {}
        }
    }
    for (_, body) in &mut bodies {
        // On the last page, below the body's start.
        let top = body.last_page_top();
        for &(_, block_top, block_bottom) in across.iter().filter(|(page, ..)| *page == body.end_page) {
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
    bodies
}

fn text(dict: &Dict, key: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn body(start_page: usize, start_y: f64, end_page: usize, end_x: f64, end_y: f64) -> Body {
        let (top, bottom, page_width) = (45.0, 785.0, 595.0);
        Body {
            start_page,
            start_y,
            end_page,
            end_x,
            end_y,
            top,
            bottom,
            page_width,
            across: 0.0,
            across_above_end: 0.0,
        }
    }

    #[test]
    fn a_last_page_with_only_its_left_column_is_balanced_at_half_its_text() {
        // Three pages; on the last the text fills the left column to 445 (400 pt of text): of
        // its 740 pt of room, all but half the text and a line is left empty.
        let plan = first_plan("school".into(), body(1, 300.0, 3, 60.0, 445.0)).unwrap();
        assert!((plan.room_pt - (740.0 - 200.0 - SLACK_PT)).abs() < 1e-9, "{plan:?}");
        assert!((plan.end_limit - (45.0 + 200.0 + SLACK_PT + 0.5)).abs() < 1e-9);
    }

    #[test]
    fn a_one_page_chapter_is_balanced_below_its_opening() {
        let plan = first_plan("werk".into(), body(2, 400.0, 2, 60.0, 700.0)).unwrap();
        // Below the opening at 400 the page has 385 pt of room, the text 300 of it.
        assert!((plan.room_pt - (385.0 - 150.0 - SLACK_PT)).abs() < 1e-9, "{plan:?}");
        // Each try after it leaves a quarter of the way to a line above 300 less room; there are five.
        let mut tries = vec![plan];
        while let Some(next) = loosened(tries.last().unwrap(), None) {
            tries.push(next);
        }
        let step = (300.0 - SLACK_PT - (150.0 + SLACK_PT)) / 4.0;
        let rooms: Vec<f64> = tries.iter().map(|plan| plan.room_pt).collect();
        let expected: Vec<f64> = (0..TRIES).map(|k| 385.0 - 150.0 - SLACK_PT - k as f64 * step).collect();
        assert!(rooms.iter().zip(&expected).all(|(a, b)| (a - b).abs() < 1e-9) && rooms.len() == TRIES, "{rooms:?}");
    }

    #[test]
    fn text_that_ran_over_moves_the_foot_by_half_of_it_and_a_line() {
        // 2020's Werk: a heading kept with its first lines did not fit the left column of half
        // the text, and 20 pt ran onto the next page; the next try needs 24 pt more, not a quarter.
        let plan = first_plan("werk".into(), body(2, 400.0, 2, 60.0, 700.0)).unwrap();
        let laid_out = Body { end_page: 3, end_x: 60.0, end_y: 45.0 + 20.0, ..plan.body };
        let over = ran_over(&plan, &laid_out);
        assert_eq!(over, Some(20.0));
        let next = loosened(&plan, over).unwrap();
        assert!((next.last - (plan.last + 10.0 + SLACK_PT)).abs() < 1e-9, "{next:?}");
        assert!((next.room_pt - (plan.room_pt - 10.0 - SLACK_PT)).abs() < 1e-9, "{next:?}");
        // When it runs over again (a block kept whole), the three tries left move the foot in
        // equal steps to a line above the plain left column's end.
        let mut tries = vec![next];
        while let Some(next) = loosened(tries.last().unwrap(), Some(20.0)) {
            tries.push(next);
        }
        let feet: Vec<f64> = tries.iter().map(|plan| plan.last).collect();
        let step = (300.0 - SLACK_PT - feet[0]) / 3.0;
        assert_eq!(feet.len(), TRIES - 1, "{feet:?}");
        assert!(feet.windows(2).all(|pair| (pair[1] - pair[0] - step).abs() < 1e-9), "{feet:?}");
        // Never past that line, and never the same foot twice.
        let far = loosened(&plan, Some(1000.0)).unwrap();
        assert!((far.last - (300.0 - SLACK_PT)).abs() < 1e-9, "{far:?}");
        assert_eq!(loosened(&far, None), None);
    }

    #[test]
    fn a_block_across_both_columns_is_taken_off_the_room() {
        // A one-page chapter under its opening at 400; a 100 pt wide table (plus its clearance)
        // at the top of its columns, the text below it in the left column to 700.
        let across = 100.0 + CLEARANCE_PT;
        let body = Body { across, across_above_end: across, ..body(2, 400.0, 2, 60.0, 700.0) };
        let plan = first_plan("werk".into(), body).unwrap();
        let (room, text) = (385.0 - across, 300.0 - across);
        assert!((plan.room_pt - (room - text / 2.0 - SLACK_PT)).abs() < 1e-9, "{plan:?}");
        assert!((plan.end_limit - (400.0 + across + text / 2.0 + SLACK_PT + 0.5)).abs() < 1e-9, "{plan:?}");
    }

    #[test]
    fn a_few_lines_run_over_onto_a_page_are_a_spill_and_not_balanced() {
        // Six lines on the third page: under a fifth of its 740 pt column.
        let spill = body(1, 300.0, 3, 60.0, 45.0 + 6.0 * SLACK_PT);
        assert!(spilled(&spill));
        assert_eq!(first_plan("a".into(), spill), None);
        let last = last_pages_of(&[("a".into(), spill)], &[]);
        assert!(last[0].spilled && !last[0].empty_column && last[0].lines == (6, 0), "{last:?}");
        // The same lines on the chapter's only page are not a spill.
        assert!(!spilled(&body(3, 300.0, 3, 60.0, 300.0 + 6.0 * SLACK_PT)));
        // A left column of 300 pt beside an empty right one that koers did not balance is.
        let unbalanced = last_pages_of(&[("b".into(), body(1, 300.0, 3, 60.0, 345.0))], &[]);
        assert!(unbalanced[0].empty_column && !unbalanced[0].spilled, "{unbalanced:?}");
        let balanced = last_pages_of(&[("b".into(), body(1, 300.0, 3, 400.0, 200.0))], &["b".into()]);
        assert!(!balanced[0].empty_column && balanced[0].lines.0 == balanced[0].lines.1, "{balanced:?}");
    }

    #[test]
    fn level_columns_and_a_few_lines_are_left_alone() {
        // Right column ends within two lines of the (full) left one, or at three quarters of it.
        assert_eq!(first_plan("a".into(), body(1, 300.0, 2, 400.0, 760.0)), None);
        assert_eq!(first_plan("a".into(), body(1, 300.0, 2, 400.0, 45.0 + 0.75 * 740.0)), None);
        assert!(first_plan("a".into(), body(1, 300.0, 2, 400.0, 45.0 + 0.7 * 740.0)).is_some());
        // Two lines of text: half of it plus the slack is no shorter.
        assert_eq!(first_plan("b".into(), body(1, 300.0, 2, 60.0, 70.0)), None);
    }
}
