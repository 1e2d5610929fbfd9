//! Figure names, built here and only here: a name declared in one stage and looked up in another
//! is spelled by the same function, so the two cannot drift apart. Namespaces: a content file's
//! stem (`werk.adb_garanties`, `report.x`), `indicators.`, `activities.`, `series.`, `plan.`, and
//! `previous.` before any of them for last year's value. Also what makes a usable name, and the
//! references to figures the model records (where each name is written, and by what).

pub use crate::content::is_identifier;
use crate::diag::Location;

/// A figure named somewhere in content (prose, a table, a chart, a callout), qualified.
#[derive(Debug, Clone)]
pub struct FigureReference {
    pub name: String,
    pub location: Location,
    pub referrer: Referrer,
}

/// What names a figure, for the message when the figure does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referrer {
    Prose,
    Table,
    Chart,
    Callout,
}

/// A figure name as written in a file: `other.name` as is, a bare `name` in the file's namespace.
pub fn qualified(namespace: &str, name: &str) -> String {
    if name.contains('.') { name.to_owned() } else { format!("{namespace}.{name}") }
}

/// Last year's figures: `previous.<name>` names the value of `<name>` in the edition before.
const PREVIOUS: &str = "previous.";

pub fn previous(name: &str) -> String {
    format!("{PREVIOUS}{name}")
}

pub fn is_previous(name: &str) -> bool {
    name.starts_with(PREVIOUS)
}

/// `report.<name>`, `werk.<name>`: a figure declared in a file, in its namespace (the file stem).
pub fn declared(namespace: &str, name: &str) -> String {
    format!("{namespace}.{name}")
}

/// The prefix of an indicator's figures: `indicators.<id>`.
pub fn indicator(id: &str) -> String {
    format!("indicators.{id}")
}

/// An indicator's value in an area: `indicators.<id>.<area>`.
pub fn indicator_value(id: &str, area: &str) -> String {
    format!("{}.{area}", indicator(id))
}

/// An indicator's baseline in an area: `indicators.<id>.<area>.baseline`.
pub fn indicator_baseline(id: &str, area: &str) -> String {
    format!("{}.baseline", indicator_value(id, area))
}

/// The change of a value since the previous edition: `indicators.<id>.<area>.change`.
pub fn change(value: &str) -> String {
    format!("{value}.change")
}

/// The share of the gap to the comparator closed since the baseline: `indicators.<id>.gap_closed`.
pub fn gap_closed(id: &str) -> String {
    format!("{}.gap_closed", indicator(id))
}

/// An indicator's target as judged this edition (the next one due, or the last):
/// `indicators.<id>.target` (its value), `….target_year` and `….on_course` (gehaald, op koers,
/// achter op koers or niet gehaald).
pub fn target(id: &str, what: &str) -> String {
    format!("{}.{what}", indicator(id))
}

/// A count over the key figures: `indicators.reached_target`, `.assessed`, `.without_result`.
pub fn key_figures_count(what: &str) -> String {
    format!("indicators.{what}")
}

/// An activity count, by its parts: `activities.school.groen.vooruit`, `activities.total`.
pub fn activities(parts: &[&str]) -> String {
    format!("activities.{}", parts.join("."))
}

/// A figure of the implementation plan: `plan.year`, `plan.elapsed`.
pub fn plan(name: &str) -> String {
    format!("plan.{name}")
}

/// An observation of a series: `series.havo_vwo.zuid.2019_2020`, the period in lower case with `_`
/// for anything but letters and digits.
pub fn series_value(id: &str, area: &str, period: &str) -> String {
    let period: String = period.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    let period = period.split('_').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("_");
    format!("series.{id}.{area}.{period}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_period_gives_a_figure_name_prose_can_write() {
        assert_eq!(series_value("inkomen", "zuid", "2018"), "series.inkomen.zuid.2018");
        assert_eq!(series_value("havo", "g4", "schooljaar 2019/2020"), "series.havo.g4.schooljaar_2019_2020");
        assert_eq!(series_value("x", "zuid", "1 okt. 2019"), "series.x.zuid.1_okt_2019");
    }

    #[test]
    fn names_compose_as_prose_writes_them() {
        assert_eq!(indicator_baseline("cito", "zuid"), "indicators.cito.zuid.baseline");
        assert_eq!(previous(&gap_closed("cito")), "previous.indicators.cito.gap_closed");
        assert!(is_previous(&previous("werk.x")) && !is_previous("werk.x"));
        assert_eq!(activities(&["school", "groen", "vooruit"]), "activities.school.groen.vooruit");
    }
}
