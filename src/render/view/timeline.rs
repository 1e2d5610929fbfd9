//! A timeline laid out before Typst sets it: milestones in date order, each on the side and level
//! where its label overlaps no other (label heights measured in the bundled font).

use serde::Serialize;

use crate::model::{Milestone, MilestoneDate, Scope, Timeline};
use crate::nl::{dutch_date, dutch_month};

/// A timeline laid out: each milestone at its place on the axis (0 to 1), above or below it, on
/// a level chosen so that no two labels overlap.
#[derive(Debug, Serialize)]
pub struct TimelineView {
    pub label: String,
    pub years: Vec<i32>,
    pub milestones: Vec<MilestoneView>,
    /// The height of each level of labels above and below the axis, nearest first, in points:
    /// the tallest label on a level fits it.
    pub heights_above: Vec<f64>,
    pub heights_below: Vec<f64>,
    /// Whether any milestone has a scope (then the legend is printed).
    pub legend: bool,
    /// Too crowded to draw within [`MAX_DRAWN_PT`]: the milestones are listed in date order
    /// instead, three to a row, rows continuing on the next page.
    pub listed: bool,
}

#[derive(Debug, Serialize)]
pub struct MilestoneView {
    pub x: f64,
    /// Where the label box starts (it ends at `x` near the right edge), and how wide it is, as
    /// shares of the axis: narrower than [`MILESTONE_WIDTH`] where a later leader passes it.
    pub label_x: f64,
    pub label_width: f64,
    pub above: bool,
    pub level: usize,
    pub year: String,
    /// A dated milestone's day, in Dutch ("4 juli 2012"), printed before its text.
    pub date: Option<String>,
    pub text: String,
    /// The label as printed (date and text), measured for its level's height.
    #[serde(skip)]
    pub label: String,
    /// `within`, `across` or `none`.
    pub scope: String,
}

/// The share of the axis a milestone's label takes, the least it may be narrowed to (about 16 mm,
/// two short words a line) so a later milestone's leader passes beside it instead of through it,
/// the gap kept between such a label and the leader, and the labels' type size.
const MILESTONE_WIDTH: f64 = 0.15;
const MIN_MILESTONE_WIDTH: f64 = 0.09;
const LEADER_GAP: f64 = 0.006;
const MILESTONE_TEXT_PT: f64 = 6.2;
/// The most two markers in one year are apart, as a share of the axis: a marker is 2,2 mm across
/// on an axis of about 178 mm, so 0,016 keeps them side by side without touching.
const SAME_YEAR_SPACING: f64 = 0.016;
/// The tallest a drawn timeline may be (labels above and below the axis): two thirds of a page's
/// text (2020's tallest, Wonen, is 407 pt), so the chapter's title and intro still share its
/// first page. A drawn timeline is kept whole, so a taller one would run off the page.
pub const MAX_DRAWN_PT: f64 = 480.0;

/// Lays out a timeline: milestones in time order, each on the side and the lowest level where
/// its label does not overlap an earlier one and its leader can pass the labels nearer the axis
/// (narrowing them); where neither side allows that (a crowded year), the side with the lower
/// level, and the theme sets labels on white so the leader passes behind their text (ties go to
/// alternating sides). Milestones of
/// one year sit side by side within the year, in the order of the file, so every marker shows;
/// labels start at their marker (near the right end, as far right as they fit), so they read in
/// date order.
pub(super) fn timeline(timeline: &Timeline) -> TimelineView {
    let span = (timeline.to - timeline.from + 1) as f64;
    let mut order: Vec<&Milestone> = timeline.milestones.iter().collect();
    order.sort_by(|a, b| a.at.total_cmp(&b.at));
    let places = places(&order, timeline.from, span);
    // The last milestone placed on each level, per side (an index into `milestones`).
    let mut last: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    let mut milestones: Vec<MilestoneView> = Vec::new();
    for (index, (milestone, x)) in order.into_iter().zip(places).enumerate() {
        let label_x = x.min(1.0 - MILESTONE_WIDTH);
        let end = |at: usize| milestones[at].label_x + milestones[at].label_width;
        let free_level =
            |last: &Vec<usize>| last.iter().position(|at| end(*at) + 0.01 <= label_x).unwrap_or(last.len());
        // A leader up to `level` passes the last label of every level nearer the axis: it must end
        // before the leader, or be narrowed to.
        let passable = |last: &Vec<usize>, level: usize| {
            last[..level]
                .iter()
                .all(|at| end(*at) <= x - LEADER_GAP || x - LEADER_GAP - milestones[*at].label_x >= MIN_MILESTONE_WIDTH)
        };
        let levels = [free_level(&last[0]), free_level(&last[1])];
        let clear = [passable(&last[0], levels[0]), passable(&last[1], levels[1])];
        let side = match (clear, levels[0].cmp(&levels[1])) {
            ([true, false], _) => 0,
            ([false, true], _) => 1,
            (_, std::cmp::Ordering::Less) => 0,
            (_, std::cmp::Ordering::Greater) => 1,
            (_, std::cmp::Ordering::Equal) => index % 2,
        };
        let level = levels[side];
        if clear[side] {
            for at in &last[side][..level] {
                let narrowed = &mut milestones[*at];
                narrowed.label_width = narrowed.label_width.min(x - LEADER_GAP - narrowed.label_x);
            }
        }
        if level == last[side].len() {
            last[side].push(milestones.len());
        }
        last[side][level] = milestones.len();
        let date = milestone.date.map(|dated| match dated {
            MilestoneDate::Day(day) => dutch_date(day),
            MilestoneDate::Month(first) => dutch_month(first),
        });
        let label = match &date {
            Some(date) => format!("{date} {}", milestone.text),
            None => milestone.text.clone(),
        };
        milestones.push(MilestoneView {
            x,
            label_x,
            label_width: MILESTONE_WIDTH,
            label,
            above: side == 0,
            level,
            year: milestone.year.clone(),
            date,
            text: milestone.text.clone(),
            scope: match milestone.scope {
                Some(Scope::Within) => "within",
                Some(Scope::Across) => "across",
                None => "none",
            }
            .to_owned(),
        });
    }
    let heights = level_heights(&milestones, [last[0].len(), last[1].len()]);
    let drawn_height: f64 = heights.iter().flatten().sum();
    let [heights_above, heights_below] = heights;
    TimelineView {
        label: timeline.label.clone(),
        years: (timeline.from..=timeline.to).collect(),
        milestones,
        heights_above,
        heights_below,
        legend: timeline.milestones.iter().any(|m| m.scope.is_some()),
        listed: drawn_height > MAX_DRAWN_PT,
    }
}

/// The height (pt) of each level above and below the axis: its tallest label, measured at the
/// label's final width.
fn level_heights(milestones: &[MilestoneView], levels: [usize; 2]) -> [Vec<f64>; 2] {
    let mut heights = [vec![0.0; levels[0]], vec![0.0; levels[1]]];
    for milestone in milestones {
        let width_pt = crate::charts::style::FULL_WIDTH_PT * milestone.label_width - 5.0;
        let lines = crate::charts::canvas::lines_needed(&milestone.label, width_pt, MILESTONE_TEXT_PT);
        let height = &mut heights[usize::from(!milestone.above)][milestone.level];
        *height = f64::max(*height, lines as f64 * MILESTONE_TEXT_PT * 1.15 + 3.0);
    }
    heights
}

/// Each milestone's place on the axis (0 to 1), in `order`: the middle of its year or span, and
/// milestones at one place spread evenly around it, within the year.
fn places(order: &[&Milestone], from: i32, span: f64) -> Vec<f64> {
    let mut places = Vec::with_capacity(order.len());
    let mut start = 0;
    while start < order.len() {
        let at = order[start].at;
        let count = order[start..].iter().take_while(|m| m.at == at).count();
        let centre = (at - from as f64 + 0.5) / span;
        let spacing = SAME_YEAR_SPACING.min(0.8 / span / count as f64);
        for k in 0..count {
            places.push(centre + (k as f64 - (count - 1) as f64 / 2.0) * spacing);
        }
        start += count;
    }
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone(at: f64, scope: Option<Scope>) -> Milestone {
        Milestone { at, year: format!("{at}"), date: None, text: "Een mijlpaal van enige lengte".into(), scope }
    }

    #[test]
    fn milestones_of_one_year_show_every_marker_and_labels_read_in_date_order() {
        let milestones = vec![
            milestone(2012.0, Some(Scope::Within)),
            milestone(2012.0, Some(Scope::Across)),
            milestone(2015.0, None),
            milestone(2020.0, None),
            milestone(2020.0, Some(Scope::Across)),
            milestone(2020.0, None),
        ];
        let view = timeline(&Timeline { label: "Tijdlijn".into(), from: 2011, to: 2020, milestones });
        let xs: Vec<f64> = view.milestones.iter().map(|m| m.x).collect();
        for pair in xs.windows(2) {
            assert!(pair[1] >= pair[0], "markers out of date order: {xs:?}");
        }
        // Markers of one year do not cover each other (a marker is 0,0124 of the axis across).
        assert!(xs[1] - xs[0] >= 0.0124 && xs[4] - xs[3] >= 0.0124 && xs[5] - xs[4] >= 0.0124, "{xs:?}");
        assert!(xs.iter().all(|x| (0.0..=1.0).contains(x)), "{xs:?}");
        let starts: Vec<f64> = view.milestones.iter().map(|m| m.label_x).collect();
        for pair in starts.windows(2) {
            assert!(pair[1] >= pair[0], "labels out of date order: {starts:?}");
        }
        assert!(starts.iter().all(|start| start + MILESTONE_WIDTH <= 1.0 + 1e-9), "{starts:?}");
        assert!(!view.listed);
    }

    /// The leaders that pass through a label nearer the axis on their side: (leader's x, label).
    fn crossings(view: &TimelineView) -> Vec<(f64, String)> {
        let mut found = Vec::new();
        for m in &view.milestones {
            for other in &view.milestones {
                let passes = other.label_x < m.x && m.x < other.label_x + other.label_width;
                if other.above == m.above && other.level < m.level && passes {
                    found.push((m.x, other.text.clone()));
                }
            }
        }
        found
    }

    #[test]
    fn leaders_pass_beside_the_labels_nearer_the_axis_not_through_them() {
        // The school evaluation fixture's timeline (2011-2022): spans at their middle, a month at its
        // place within the year (the model's `at`: the year's middle is its number).
        let milestones = [
            (2010.625, "februari 2011 Advies Kwaliteitssprong op Zuid (Deetman en Mans)"),
            (2011.208, "september 2011 Programma Zuid Werkt! vastgesteld"),
            (2013.0, "Eerste uitvoeringsplan"),
            (2012.0, "Wijkteams op Zuid geïntroduceerd"),
            (2014.0, "Start project ouderbetrokkenheid 3.0"),
            (2016.5, "Tweede uitvoeringsplan"),
            (2016.0, "EU-subsidie voor BRIDGE"),
            (2017.5, "Elke school op Zuid doet mee aan LOB"),
            (2018.0, "Bereik wijkteams bijgesteld"),
            (2019.0, "Meesterlab ontstaan"),
            (2020.5, "Derde uitvoeringsplan met stuurgroepen"),
            (2020.0, "Tech op Zuid gefinancierd door het Rijk"),
            (2022.0, "School-Zorg-Teams met NPO-middelen"),
        ];
        let milestones =
            milestones.iter().map(|(at, text)| Milestone { text: (*text).into(), ..milestone(*at, None) }).collect();
        let view = timeline(&Timeline { label: "School".into(), from: 2011, to: 2022, milestones });
        assert!(view.milestones.iter().any(|m| m.level > 0), "the case needs levels");
        assert_eq!(crossings(&view), []);
        assert!(view.milestones.iter().all(|m| m.label_width >= MIN_MILESTONE_WIDTH - 1e-9));
        // A narrowed label's level is as tall as its text at that width.
        let narrowed = view.milestones.iter().find(|m| m.label_width < MILESTONE_WIDTH).expect("one is narrowed");
        let heights = if narrowed.above { &view.heights_above } else { &view.heights_below };
        assert!(heights[narrowed.level] > MILESTONE_TEXT_PT * 2.0, "{heights:?}");
    }

    #[test]
    fn a_timeline_too_crowded_to_draw_is_listed() {
        let crowded = (0..40).map(|_| milestone(2015.0, None)).collect();
        let view = timeline(&Timeline { label: "Tijdlijn".into(), from: 2011, to: 2020, milestones: crowded });
        let drawn: f64 = view.heights_above.iter().chain(&view.heights_below).sum();
        assert!(view.listed && drawn > MAX_DRAWN_PT, "{drawn}");
    }
}
