//! Balanced columns on the last page of every chapter. Typst fills two columns left to right, so
//! a chapter's last page often has a full left column and an empty right one. koers lays the
//! report out with plain columns, reads where each chapter body starts and ends (markers the
//! theme's `chapter-body` leaves, with the page geometry), and computes the room to leave empty
//! at the foot of its last page, across both columns, so that the columns there end level: at
//! half the text the page holds plus a line. The theme leaves that room with a float met at the
//! end of the text, so Typst lays out again only that page. The second layout is checked: a chapter
//! whose text does not end where it was planned to (it ran over, or onto another page) gets four
//! lines more room once, then is laid out plain. The same markers tell whether the cover ran over
//! its page (then the theme sets it in three columns that continue on the next).

use std::collections::BTreeMap;

use typst::foundations::{Dict, NativeElement, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst_layout::PagedDocument;

/// Room for the line that does not fit exactly: the last page's columns may differ by up to it.
const SLACK_PT: f64 = 14.0;

/// A right column at least this share of the left one reads as level.
const LEVEL_SHARE: f64 = 0.75;

/// The room a second try leaves, for a block kept whole (a table, a callout) that the first
/// could not hold.
const LOOSE_SLACK_PT: f64 = 4.0 * SLACK_PT;

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
}

/// How one chapter is balanced: the room left empty at the foot of its last page, and where its
/// text must then end.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub chapter: String,
    body: Body,
    slack: f64,
    /// The room (pt) left empty below both columns of the last page.
    pub room_pt: f64,
    /// The page its text ends on.
    pub end_page: usize,
    /// The lowest the text may end on the last page (the balanced column's foot).
    end_limit: f64,
}

/// The chapters whose last page is unbalanced, with the height that balances it.
pub fn plan(document: &PagedDocument) -> Vec<Plan> {
    bodies(document).into_iter().filter_map(|(chapter, body)| plan_body(chapter, body, SLACK_PT)).collect()
}

/// The plan again with more room, once: for a chapter whose text did not end where planned.
pub fn loosened(plan: &Plan) -> Option<Plan> {
    (plan.slack < LOOSE_SLACK_PT).then(|| plan_body(plan.chapter.clone(), plan.body, LOOSE_SLACK_PT)).flatten()
}

fn plan_body(chapter: String, body: Body, slack: f64) -> Option<Plan> {
    // On the last page the body starts at the top of the text area, or below the chapter's
    // opening when it is also the first.
    let top = if body.end_page == body.start_page { body.start_y } else { body.top };
    let room = body.bottom - top;
    let in_right_column = body.end_x > body.page_width / 2.0;
    let (left, right) = if in_right_column { (room, body.end_y - top) } else { (body.end_y - top, 0.0) };
    let last = (left + right) / 2.0 + slack;
    // Already level (within the slack, or the right column three quarters of the left: laying a
    // chapter out again costs what laying it out did), or too little text to need it.
    if left - right <= 2.0 * slack || right >= LEVEL_SHARE * left || last >= room {
        return None;
    }
    Some(Plan { chapter, body, slack, room_pt: room - last, end_page: body.end_page, end_limit: top + last + 0.5 })
}

/// The planned chapters whose text, laid out balanced, does not end where planned: on another
/// page, or below the balanced columns' foot (it ran over them).
pub fn missed(plans: &[Plan], document: &PagedDocument) -> Vec<String> {
    let laid_out: BTreeMap<String, Body> = bodies(document).into_iter().collect();
    plans
        .iter()
        .filter(|plan| {
            laid_out.get(&plan.chapter).is_none_or(|body| body.end_page != plan.end_page || body.end_y > plan.end_limit)
        })
        .map(|plan| plan.chapter.clone())
        .collect()
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
    for (value, page, x, y) in markers(document) {
        let (Some(kind), Some(chapter)) = (text(&value, "koers"), text(&value, "chapter")) else { continue };
        match kind.as_str() {
            "chapter-start" => {
                let Some(page_height) = document.pages().get(page - 1).map(|p| p.frame.height().to_pt()) else {
                    continue;
                };
                let (Some(top), Some(bottom)) = (length(&value, "top"), length(&value, "bottom")) else { continue };
                starts.insert(chapter, (page, y, top, page_height - bottom));
            }
            "chapter-end" => {
                let Some(&(start_page, start_y, top, bottom)) = starts.get(&chapter) else { continue };
                let page_width = document.pages().get(page - 1).map_or(0.0, |p| p.frame.width().to_pt());
                let body = Body { start_page, start_y, end_page: page, end_x: x, end_y: y, top, bottom, page_width };
                bodies.push((chapter, body));
            }
            _ => {}
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
        Body { start_page, start_y, end_page, end_x, end_y, top: 45.0, bottom: 785.0, page_width: 595.0 }
    }

    #[test]
    fn a_last_page_with_only_its_left_column_is_balanced_at_half_its_text() {
        // Three pages; on the last the text fills the left column to 445 (400 pt of text): of
        // its 740 pt of room, all but half the text and a line is left empty.
        let plan = plan_body("school".into(), body(1, 300.0, 3, 60.0, 445.0), SLACK_PT).unwrap();
        assert!((plan.room_pt - (740.0 - 200.0 - SLACK_PT)).abs() < 1e-9, "{plan:?}");
        assert!((plan.end_limit - (45.0 + 200.0 + SLACK_PT + 0.5)).abs() < 1e-9);
    }

    #[test]
    fn a_one_page_chapter_is_balanced_below_its_opening() {
        let plan = plan_body("werk".into(), body(2, 400.0, 2, 60.0, 700.0), SLACK_PT).unwrap();
        let loose = loosened(&plan).unwrap();
        // Below the opening at 400 the page has 385 pt of room, the text 300 of it.
        assert!((loose.room_pt - (385.0 - 150.0 - LOOSE_SLACK_PT)).abs() < 1e-9, "{loose:?}");
        assert_eq!(loosened(&loose), None, "loosened once");
        assert!((plan.room_pt - (385.0 - 150.0 - SLACK_PT)).abs() < 1e-9, "{plan:?}");
    }

    #[test]
    fn level_columns_and_a_few_lines_are_left_alone() {
        // Right column ends within two lines of the (full) left one, or at three quarters of it.
        assert_eq!(plan_body("a".into(), body(1, 300.0, 2, 400.0, 760.0), SLACK_PT), None);
        assert_eq!(plan_body("a".into(), body(1, 300.0, 2, 400.0, 45.0 + 0.75 * 740.0), SLACK_PT), None);
        assert!(plan_body("a".into(), body(1, 300.0, 2, 400.0, 45.0 + 0.7 * 740.0), SLACK_PT).is_some());
        // Two lines of text: half of it plus the slack is no shorter.
        assert_eq!(plan_body("b".into(), body(1, 300.0, 2, 60.0, 70.0), SLACK_PT), None);
    }
}
