//! The activity status summary (`activities.yaml`): per pillar, how many activities are groen,
//! oranje, rood or wit, and whether each went vooruit, gelijk or achteruit since last year.
//! Validates the file and declares the totals as figures (sums koers computes, with what the
//! printed report states checked against them), named `activities.<…>`.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::names;
use super::{Checker, FigureDefinition, FigureKind, FigureName, Unit};
use crate::content::files::{ActivitiesFile, ActivityPillarFile};
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};

/// An activity's status; the colour is the bureau's judgement, so it is data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Colour {
    Groen,
    Oranje,
    Rood,
    /// Not started yet.
    Wit,
}

impl Colour {
    pub const ALL: [Colour; 4] = [Colour::Groen, Colour::Oranje, Colour::Rood, Colour::Wit];

    pub fn id(self) -> &'static str {
        match self {
            Colour::Groen => "groen",
            Colour::Oranje => "oranje",
            Colour::Rood => "rood",
            Colour::Wit => "wit",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Vooruit,
    Gelijk,
    Achteruit,
}

impl Trend {
    pub const ALL: [Trend; 3] = [Trend::Vooruit, Trend::Gelijk, Trend::Achteruit];

    pub fn id(self) -> &'static str {
        match self {
            Trend::Vooruit => "vooruit",
            Trend::Gelijk => "gelijk",
            Trend::Achteruit => "achteruit",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Activities {
    pub title: String,
    /// The meaning of each colour, in the order of [`Colour::ALL`].
    pub legend: Vec<String>,
    pub pillars: Vec<ActivityPillar>,
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone)]
pub struct ActivityPillar {
    pub id: String,
    pub label: String,
    /// As printed: `counts[colour][trend]`, in the order of [`Colour::ALL`] and [`Trend::ALL`].
    /// `None`: counted from the activities.
    pub counts: Option<[[u64; 3]; 4]>,
}

#[derive(Debug, Clone)]
pub struct Activity {
    /// Matches the activity in the previous edition's list.
    pub name: String,
    /// Index into `pillars`.
    pub pillar: usize,
    pub status: Colour,
    /// Last year's status as written; without it, the previous edition's status of the same name.
    pub previous: Option<Colour>,
    pub location: Location,
}

/// The figure name of one cell: `activities.school.groen.vooruit`.
pub fn cell_name(pillar: &str, colour: Colour, trend: Trend) -> String {
    names::activities(&[pillar, colour.id(), trend.id()])
}

/// Totals a stated value may be given for, and the figure each checks.
const STATED_KEYS: [&str; 9] =
    ["vooruit", "gelijk", "achteruit", "groen", "oranje", "rood", "wit", "total", "share_green_of_started"];

impl Checker<'_> {
    /// Validates `activities.yaml` and declares its totals (sums of the cells, which the figures
    /// stage supplies) as figures.
    pub(super) fn activities(&mut self, file: ActivitiesFile, definitions: &mut Vec<FigureDefinition>) -> Activities {
        let file_location = Location::file(self.path);
        let legend = self.legend(&file.legend, &file_location);
        let mut pillars: Vec<ActivityPillar> = Vec::new();
        for pillar in file.pillars {
            let id = self.identifier("pillar", &pillar.id);
            if pillars.iter().any(|p| p.id == id) {
                self.problems.push(Diagnostic::error(
                    self.at(&pillar.id.referenced),
                    format!("another row already has the id `{id}`"),
                ));
            }
            let counts = self.activity_counts(&pillar);
            pillars.push(ActivityPillar { id, label: self.text("label", pillar.label), counts });
        }
        let mut activities = Vec::new();
        for activity in file.activities {
            let pillar_ids = pillars.iter().map(|p| p.id.as_str());
            let Some(pillar) = pillars.iter().position(|p| p.id == activity.pillar.value) else {
                let problem = Diagnostic::error(
                    self.at(&activity.pillar.referenced),
                    format!("there is no row `{}` under `pillars`", activity.pillar.value),
                )
                .suggesting(&activity.pillar.value, pillar_ids);
                self.problems.push(problem);
                continue;
            };
            if pillars[pillar].counts.is_some() {
                self.problems.push(
                    Diagnostic::error(
                        self.at(&activity.pillar.referenced),
                        format!(
                            "`{}` has printed `counts`, so its activities cannot be listed too",
                            pillars[pillar].id
                        ),
                    )
                    .with_hint("give either the counts or the list of activities for a pillar"),
                );
            }
            let location = location(self.path, &activity.name.referenced);
            let name = self.text("name", activity.name);
            if activities.iter().any(|other: &Activity| other.name == name) {
                self.problems.push(
                    Diagnostic::error(Some(location.clone()), format!("another activity is already named `{name}`"))
                        .with_hint("names tell activities apart, also from one edition to the next"),
                );
            }
            let status = self.colour(&activity.status);
            let previous = activity.previous.as_ref().and_then(|previous| self.colour(previous));
            if let Some(status) = status {
                activities.push(Activity { name, pillar, status, previous, location });
            }
        }
        let at = file.stated.as_ref().map(|stated| location(self.path, &stated.referenced));
        let stated = file.stated.map(|stated| stated.value).unwrap_or_default();
        for key in stated.keys().filter(|key| !STATED_KEYS.contains(&key.as_str())) {
            self.problems.push(
                Diagnostic::error(at.clone(), format!("`{key}` is not a total koers computes"))
                    .with_hint(format!("stated totals are {}", STATED_KEYS.join(", "))),
            );
        }
        let stated_for = |key: &str| stated.get(key).copied();
        let known_issue = file.known_issue.map(|reason| self.reason(reason));
        // Before anything has started (all wit) there is no share of the started to print.
        let started = |colour: &Colour| *colour != Colour::Wit;
        let any_started = activities.iter().any(|activity| started(&activity.status))
            || pillars.iter().filter_map(|pillar| pillar.counts).any(|counts| {
                Colour::ALL.iter().zip(counts).any(|(colour, row)| started(colour) && row.iter().any(|n| *n > 0))
            });
        let totals = Totals { at: file_location, stated_at: at, known_issue, any_started };
        declare_totals(&pillars, &totals, &stated_for, definitions);
        Activities { title: self.text("title", file.title), legend, pillars, activities }
    }

    fn legend(&mut self, legend: &BTreeMap<String, Spanned<String>>, at: &Location) -> Vec<String> {
        for (key, text) in legend {
            if !Colour::ALL.iter().any(|colour| colour.id() == key) {
                self.problems.push(Diagnostic::error(
                    self.at(&text.referenced),
                    format!("`{key}` is not a status colour (groen, oranje, rood, wit)"),
                ));
            }
        }
        Colour::ALL
            .iter()
            .map(|colour| match legend.get(colour.id()) {
                Some(text) => self.text("legend", text.clone()),
                None => {
                    self.problems.push(Diagnostic::error(
                        Some(at.clone()),
                        format!("the legend does not say what `{}` means", colour.id()),
                    ));
                    String::new()
                }
            })
            .collect()
    }

    fn activity_counts(&mut self, pillar: &ActivityPillarFile) -> Option<[[u64; 3]; 4]> {
        let counts = pillar.counts.as_ref()?;
        let at = self.at(&counts.referenced);
        let mut table = [[0; 3]; 4];
        for (colour_id, trends) in &counts.value {
            let Some(colour) = Colour::ALL.iter().position(|c| c.id() == colour_id) else {
                self.problems.push(Diagnostic::error(
                    at.clone(),
                    format!("`{colour_id}` is not a status colour (groen, oranje, rood, wit)"),
                ));
                continue;
            };
            for (trend_id, count) in trends {
                match Trend::ALL.iter().position(|t| t.id() == trend_id) {
                    Some(trend) => table[colour][trend] = *count,
                    None => self.problems.push(Diagnostic::error(
                        at.clone(),
                        format!("`{trend_id}` is not a trend (vooruit, gelijk, achteruit)"),
                    )),
                }
            }
        }
        Some(table)
    }

    fn colour(&mut self, colour: &Spanned<String>) -> Option<Colour> {
        let found = Colour::ALL.into_iter().find(|c| c.id() == colour.value);
        if found.is_none() {
            let problem =
                Diagnostic::error(self.at(&colour.referenced), format!("`{}` is not a status colour", colour.value))
                    .suggesting(&colour.value, Colour::ALL.iter().map(|c| c.id()));
            self.problems.push(problem.with_hint("the colours are groen, oranje, rood and wit"));
        }
        found
    }
}

/// Where the totals are declared, what the report states of them, and whether anything has
/// started.
struct Totals {
    at: Location,
    stated_at: Option<Location>,
    known_issue: Option<String>,
    any_started: bool,
}

/// Declares subtotals per pillar and colour, pillar totals, totals per colour and per trend, the
/// grand total, the started activities (all but wit) and, once any has started, the share of
/// those that are groen.
fn declare_totals(
    pillars: &[ActivityPillar],
    totals: &Totals,
    stated: &dyn Fn(&str) -> Option<f64>,
    definitions: &mut Vec<FigureDefinition>,
) {
    let Totals { at, stated_at, known_issue, any_started } = totals;
    let name = names::activities;
    let reference = |name: String| FigureName { name, location: at.clone() };
    let mut define = |name: String, kind: FigureKind, unit: Unit, key: Option<&str>| {
        let stated_value = key.and_then(stated);
        definitions.push(FigureDefinition {
            name,
            kind,
            unit: Some(unit),
            decimals: if unit == Unit::Percent && stated_value.is_none() { Some(0) } else { None },
            decimals_location: None,
            stated: stated_value.into_iter().collect(),
            stated_location: stated_value.and(stated_at.clone()),
            location: at.clone(),
            source: None,
            known_issue: stated_value.and(known_issue.clone()),
            qualifier: None,
        });
    };
    let sum = |names: Vec<String>| FigureKind::Sum(names.into_iter().map(reference).collect());
    for pillar in pillars {
        let p = pillar.id.as_str();
        for colour in Colour::ALL {
            let cells = Trend::ALL.iter().map(|trend| cell_name(p, colour, *trend)).collect();
            define(name(&[p, colour.id()]), sum(cells), Unit::Count, None);
        }
        for trend in Trend::ALL {
            let cells = Colour::ALL.iter().map(|colour| cell_name(p, *colour, trend)).collect();
            define(name(&[p, trend.id()]), sum(cells), Unit::Count, None);
        }
        let colours = Colour::ALL.iter().map(|colour| name(&[p, colour.id()])).collect();
        define(name(&[p, "total"]), sum(colours), Unit::Count, None);
    }
    for colour in Colour::ALL {
        let per_pillar = pillars.iter().map(|pillar| name(&[&pillar.id, colour.id()])).collect();
        define(name(&[colour.id()]), sum(per_pillar), Unit::Count, Some(colour.id()));
    }
    for trend in Trend::ALL {
        let per_pillar = pillars.iter().map(|pillar| name(&[&pillar.id, trend.id()])).collect();
        define(name(&[trend.id()]), sum(per_pillar), Unit::Count, Some(trend.id()));
    }
    let colours = Colour::ALL.iter().map(|colour| name(&[colour.id()])).collect();
    define(name(&["total"]), sum(colours), Unit::Count, Some("total"));
    let started = FigureKind::Difference(reference(name(&["total"])), reference(name(&["wit"])));
    define(name(&["started"]), started, Unit::Count, None);
    if *any_started {
        let share = FigureKind::Share { part: reference(name(&["groen"])), of: reference(name(&["started"])) };
        define(name(&["share_green_of_started"]), share, Unit::Percent, Some("share_green_of_started"));
    }
}
