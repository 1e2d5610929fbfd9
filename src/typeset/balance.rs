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

use typst_layout::PagedDocument;

use super::bodies::{Body, SLACK_PT, bodies, markers, text};
use super::frames;

/// A right column at least this share of the left one reads as level.
const LEVEL_SHARE: f64 = 0.75;

/// How often a chapter is tried balanced. A heading kept with its first lines or a block kept
/// whole (a table, a callout, a photo) may not fit columns of half the text. When the first try's
/// text ran over onto the next page, the second moves the columns' foot down by half of what ran
/// over and a line (enough for a break that missed the half by a few lines); after that, each try
/// moves it an equal part of the way to a line above where the plain left column ends, which the
/// last try reaches. A try lays out only the last pages again.
pub const TRIES: usize = 5;

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
    // Already level (within a line, or the right column three quarters of the left), too little
    // text to need it, or nothing but one block that never breaks.
    if left - right <= 2.0 * SLACK_PT
        || right >= LEVEL_SHARE * left
        || balanced >= room
        || spilled(&body)
        || body.lone_block
    {
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
    let room = body.bottom - top - body.across - body.notes;
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
    /// The page holds none of the chapter's text, only its footnotes that ran over (a spill).
    pub notes_only: bool,
    /// The right column is empty while the left holds at least [`SPILL_SHARE`] of a column, and
    /// koers could not balance them (a short right column beside a full left one reads as a
    /// page; an empty one as text gone missing). Never on a spilled page: that is one problem.
    pub empty_column: bool,
    /// About how many lines of the chapter's text each column of the page holds.
    pub lines: (usize, usize),
}

/// A chapter's text on its last page under this share of one column is a spill: a nearly empty
/// page. A left column of less than it of a full column beside an empty right one is not worth a
/// warning, also under a table across both columns (stress seed 590: a heading under the key
/// figures).
pub const SPILL_SHARE: f64 = 0.2;

/// The last page of every chapter; `balanced` are the chapters laid out with balancing room
/// (their columns end level where planned: [`missed`] checked that).
pub fn last_pages(document: &PagedDocument, balanced: &[String]) -> Vec<LastPage> {
    last_pages_of(&bodies(document), balanced)
}

pub(super) fn last_pages_of(bodies: &[(String, Body)], balanced: &[String]) -> Vec<LastPage> {
    bodies
        .iter()
        .map(|(chapter, body)| {
            let (chapter, body) = (chapter.clone(), *body);
            let is_balanced = balanced.contains(&chapter);
            let Columns { left, right, .. } = last_page_columns(&body);
            // A balanced page's left column ends where its right one does.
            let left = if is_balanced && right > 0.0 { right } else { left };
            let lines = |height: f64| (height / SLACK_PT).round() as usize;
            LastPage {
                page: body.end_page,
                end: (body.end_x, body.end_y),
                spilled: spilled(&body),
                notes_only: body.notes_only,
                empty_column: !is_balanced
                    && right == 0.0
                    && left >= SPILL_SHARE * (body.bottom - body.top)
                    && first_plan(chapter.clone(), body).is_some(),
                lines: (lines(left), lines(right)),
                chapter,
            }
        })
        .collect()
}

/// The pages inside the chapters of `bodies` (after a chapter's first, before its last) whose
/// columns together hold less than [`SPILL_SHARE`] of one column: a heading left alone in a
/// column, the rest of the page empty, because what it is kept with fit no column together with it.
pub(super) fn sparse_pages(document: &PagedDocument, bodies: &[(String, Body)]) -> Vec<usize> {
    let mut sparse = Vec::new();
    for (_, body) in bodies {
        for page in body.start_page + 1..body.end_page {
            let Some(laid_out) = document.pages().get(page - 1) else { continue };
            let middle = body.page_width / 2.0;
            let boxes = frames::printed_boxes(laid_out);
            // The height each column holds: the union of its printed boxes within the text area.
            let held = |in_column: &dyn Fn(f64) -> bool| -> f64 {
                let mut spans: Vec<(f64, f64)> = boxes
                    .iter()
                    .filter(|[left, ..]| in_column(*left))
                    .map(|[_, top, _, bottom]| (top.max(body.top), bottom.min(body.bottom)))
                    .filter(|(top, bottom)| bottom > top)
                    .collect();
                spans.sort_by(|a, b| a.0.total_cmp(&b.0));
                let (mut total, mut reached) = (0.0, f64::NEG_INFINITY);
                for (top, bottom) in spans {
                    total += (bottom - top.max(reached)).max(0.0);
                    reached = reached.max(bottom);
                }
                total
            };
            let column = body.bottom - body.top;
            if held(&|left| left < middle) + held(&|left| left >= middle) < SPILL_SHARE * column {
                sparse.push(page);
            }
        }
    }
    sparse
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::bodies::CLEARANCE_PT;

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
            notes: 0.0,
            notes_only: false,
            lone_block: false,
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
        // Four lines under a table across both columns that takes most of the page are not.
        let under_table = Body { across: 600.0, across_above_end: 600.0, ..body(1, 300.0, 3, 60.0, 700.0) };
        assert!(!last_pages_of(&[("c".into(), under_table)], &[])[0].empty_column);
        let balanced = last_pages_of(&[("b".into(), body(1, 300.0, 3, 400.0, 200.0))], &["b".into()]);
        assert!(!balanced[0].empty_column && balanced[0].lines.0 == balanced[0].lines.1, "{balanced:?}");
    }

    #[test]
    fn footnotes_under_the_last_page_are_taken_off_its_room() {
        // Seed 103: 60 pt of notes at the foot of the last page. Planned without them, the
        // columns got 60 pt less than planned and the text ran over on every try.
        let plain = body(1, 300.0, 3, 60.0, 445.0);
        let with_notes = Body { notes: 60.0, ..plain };
        let (without, with) = (first_plan("a".into(), plain).unwrap(), first_plan("a".into(), with_notes).unwrap());
        assert!((without.room_pt - with.room_pt - 60.0).abs() < 1e-9, "{with:?}");
        assert_eq!(without.end_limit, with.end_limit, "the columns end at the same place");
        // A right column that ends above the notes counts the left column as full down to them.
        let right = Body { end_x: 400.0, end_y: 300.0, notes: 60.0, ..plain };
        let Columns { room, left, .. } = last_page_columns(&right);
        assert!((room - (740.0 - 60.0)).abs() < 1e-9 && left == room);
    }

    #[test]
    fn a_last_page_of_one_photo_has_nothing_to_balance() {
        let photo = Body { lone_block: true, ..body(1, 300.0, 3, 60.0, 445.0) };
        assert_eq!(first_plan("a".into(), photo), None);
        let last = last_pages_of(&[("a".into(), photo)], &[]);
        assert!(!last[0].empty_column && !last[0].spilled, "{last:?}");
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
