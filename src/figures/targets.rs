//! Whether an indicator is on course for its target: reached, on the straight path from where it
//! started (the baseline, or the target before) to the target, behind that path, or past the
//! target's date without reaching it. The path is linear in time, measured in days between the
//! ends of the periods, so "2011/2012" and "2030" compare as the report means them.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::Figure;
use crate::model::Unit;
use crate::model::indicators::{Indicator, IndicatorValues, Indicators, Target};
use crate::model::names;
use crate::model::time_series::period_end;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Course {
    Reached,
    OnPath,
    Behind,
    /// The target's date has passed and it was not reached.
    Missed,
}

const COURSES: [(Course, &str); 4] = [
    (Course::Reached, "gehaald"),
    (Course::OnPath, "op koers"),
    (Course::Behind, "achter op koers"),
    (Course::Missed, "niet gehaald"),
];

impl Course {
    /// As printed: "op koers".
    pub fn words(self) -> &'static str {
        COURSES.iter().find(|(course, _)| *course == self).map_or("", |(_, words)| words)
    }

    /// The figure value that stands for it (its place in the list).
    fn code(self) -> f64 {
        COURSES.iter().position(|(course, _)| *course == self).unwrap_or_default() as f64
    }

    pub fn from_code(code: f64) -> Self {
        COURSES.get(code.max(0.0) as usize).map_or(Course::Behind, |(course, _)| *course)
    }
}

/// A point on a target's path: a value at a date.
#[derive(Debug, Clone, Copy)]
struct Point {
    value: f64,
    date: NaiveDate,
}

/// Where `now` stands against the targets: the target judged (the first due on or after `now`,
/// else the last) and the course. The path to it starts at the target before it, or `start`.
fn judge(start: Point, targets: &[Target], now: Point) -> Option<(&Target, Course)> {
    let index = targets.iter().position(|target| target.date >= now.date).unwrap_or(targets.len().checked_sub(1)?);
    let target = &targets[index];
    let from = match index {
        0 => start,
        _ => Point { value: targets[index - 1].value, date: targets[index - 1].date },
    };
    let meets = |value: f64, bar: f64| if target.at_least { value >= bar - 1e-9 } else { value <= bar + 1e-9 };
    let course = if meets(now.value, target.value) {
        Course::Reached
    } else if now.date >= target.date {
        Course::Missed
    } else {
        let span = (target.date - from.date).num_days().max(1) as f64;
        let elapsed = ((now.date - from.date).num_days() as f64).clamp(0.0, span);
        let expected = from.value + (target.value - from.value) * elapsed / span;
        if meets(now.value, expected) { Course::OnPath } else { Course::Behind }
    };
    Some((target, course))
}

/// The course of every indicator with targets, as figures: `indicators.<id>.on_course`,
/// `….target` and `….target_year`. An indicator without a current or baseline value in its
/// subject area has no course (and no such figures).
pub fn assess(indicators: &Indicators) -> BTreeMap<String, Figure> {
    let mut named = BTreeMap::new();
    for row in indicators.rows.iter().filter(|row| !row.targets.is_empty()) {
        let Some((target, course)) = course(indicators, row) else { continue };
        named.insert(names::target(&row.id, "on_course"), Figure::new(course.code(), Unit::Course, 0));
        named.insert(names::target(&row.id, "target"), Figure::new(target.value, row.unit, target.decimals));
        named.insert(names::target(&row.id, "target_year"), Figure::new(target.date.year() as f64, Unit::Year, 0));
    }
    named
}

/// The target judged for an indicator and its course, if it has targets and the values to judge.
pub fn course<'a>(indicators: &Indicators, row: &'a Indicator) -> Option<(&'a Target, Course)> {
    let IndicatorValues::Given(values) = &row.values else { return None };
    let baseline = row.baseline.as_ref()?;
    let now = Point { value: values[indicators.subject]?, date: period_end(row.period.as_deref()?)? };
    let start = Point { value: baseline.values[indicators.subject]?, date: period_end(&baseline.period)? };
    judge(start, &row.targets, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn target(value: f64, year: i32, at_least: bool) -> Target {
        Target {
            value,
            decimals: 1,
            period: year.to_string(),
            date: NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
            at_least,
            source: None,
            location: Location::file(std::path::Path::new("indicators.yaml")),
        }
    }

    fn at(value: f64, year: i32) -> Point {
        Point { value, date: NaiveDate::from_ymd_opt(year, 12, 31).unwrap() }
    }

    #[test]
    fn a_target_is_reached_on_the_path_behind_or_missed() {
        // Techniek: 23,6% in 2011, 35% by 2030 (reached from below).
        let techniek = [target(35.0, 2030, true)];
        let course = |now| judge(at(23.6, 2011), &techniek, now).map(|(_, course)| course);
        assert_eq!(course(at(35.2, 2020)), Some(Course::Reached));
        // Halfway in time (2020,5 of 2011-2030) the path is at 29,3.
        assert_eq!(course(at(31.8, 2020)), Some(Course::OnPath));
        assert_eq!(course(at(25.0, 2020)), Some(Course::Behind));
        assert_eq!(course(at(34.0, 2031)), Some(Course::Missed));
        // Lower is better: 37,9 → 31,8 (reached from above).
        let bijstand = [target(31.8, 2030, false)];
        let course = |now| judge(at(37.9, 2015), &bijstand, now).map(|(_, course)| course);
        assert_eq!(course(at(31.0, 2020)), Some(Course::Reached));
        assert_eq!(course(at(35.0, 2020)), Some(Course::OnPath));
        assert_eq!(course(at(37.0, 2020)), Some(Course::Behind));
    }

    #[test]
    fn the_target_judged_is_the_next_one_due_and_its_path_starts_at_the_one_before() {
        let path = [target(37.4, 2018, false), target(31.8, 2022, false)];
        let (judged, course) = judge(at(37.9, 2014), &path, at(35.0, 2020)).unwrap();
        assert_eq!(judged.value, 31.8);
        // From 37,4 (2018) to 31,8 (2022): halfway is 34,6, so 35,0 is behind.
        assert_eq!(course, Course::Behind);
        let (judged, _) = judge(at(37.9, 2014), &path, at(30.0, 2025)).unwrap();
        assert_eq!(judged.value, 31.8, "after the last date, the last target");
        assert!(judge(at(1.0, 2014), &[], at(2.0, 2020)).is_none());
    }

    #[test]
    fn a_course_survives_being_a_figure() {
        for (course, _) in COURSES {
            assert_eq!(Course::from_code(course.code()), course);
        }
    }
}
