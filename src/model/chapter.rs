//! A chapter: its title, intro, timeline and sections with their blocks (tables, a chart,
//! callouts, a sidebar, a quote, a photo, subsections).

use super::names::{FigureReference, Referrer, qualified};
use super::{Chart, Checker, FigureTable, Prose, RealisationTable, Timeline, TitledText, photos};
use crate::content::files::{CalloutFile, SectionFile};
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};

/// A chapter: one content file (a programme pillar's, or another such as `organisatie`).
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The file stem, e.g. `school`; stable, used for file and label names.
    pub id: String,
    pub title: String,
    pub headline: Option<String>,
    pub intro: Prose,
    /// Where the chapter asks for the key-figures table, printed after the intro.
    pub key_figures: Option<Location>,
    pub timeline: Option<Timeline>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: Option<String>,
    pub lead: Option<Prose>,
    pub body: Prose,
    pub table: Option<RealisationTable>,
    pub figure_table: Option<FigureTable>,
    pub chart: Option<Chart>,
    /// Where the section asks for the activity summary, printed after its text.
    pub activity_summary: Option<Location>,
    pub callouts: Vec<Callout>,
    pub sidebar: Option<TitledText>,
    pub quote: Option<Quote>,
    pub photo: Option<photos::Photo>,
    pub subsections: Vec<Subsection>,
}

#[derive(Debug, Clone)]
pub struct Subsection {
    pub heading: String,
    pub body: Prose,
    pub table: Option<RealisationTable>,
    pub figure_table: Option<FigureTable>,
    pub chart: Option<Chart>,
}

/// A big number (or numbers side by side) with a label and a short text.
#[derive(Debug, Clone)]
pub struct Callout {
    pub label: String,
    pub intro: Option<String>,
    /// (period or empty, figure name), one or more.
    pub numbers: Vec<(String, String)>,
    pub text: Prose,
}

#[derive(Debug, Clone)]
pub struct Quote {
    pub text: Prose,
    pub source: String,
}

impl Chapter {
    /// Every table in the chapter, in reading order.
    pub fn tables(&self) -> impl Iterator<Item = &RealisationTable> {
        self.sections.iter().flat_map(|section| {
            section.table.iter().chain(section.subsections.iter().filter_map(|sub| sub.table.as_ref()))
        })
    }
}

impl Checker<'_> {
    pub(super) fn section(&mut self, section: SectionFile, namespace: &str) -> Section {
        Section {
            heading: section.heading.map(|heading| self.text("heading", heading)),
            lead: section.lead.map(|lead| self.prose(&lead)),
            body: section.body.map(|body| self.prose(&body)).unwrap_or_default(),
            table: section.table.map(|table| self.table(table)),
            figure_table: section.figure_table.map(|table| self.figure_table(table, namespace)),
            chart: section.chart.map(|chart| self.chart(chart, namespace)),
            activity_summary: section
                .activity_summary
                .filter(|placed| placed.value)
                .map(|placed| location(self.path, &placed.referenced)),
            callouts: section.callouts.into_iter().map(|callout| self.callout(callout, namespace)).collect(),
            sidebar: section
                .sidebar
                .map(|s| TitledText { title: self.text("title", s.title), text: self.prose(&s.body) }),
            quote: section.quote.map(|q| Quote { text: self.prose(&q.text), source: self.text("source", q.source) }),
            photo: section.photo.and_then(|photo| self.photo(photo)),
            subsections: section
                .subsections
                .into_iter()
                .map(|sub| Subsection {
                    heading: self.text("heading", sub.heading),
                    body: self.prose(&sub.body),
                    table: sub.table.map(|table| self.table(table)),
                    figure_table: sub.figure_table.map(|table| self.figure_table(table, namespace)),
                    chart: sub.chart.map(|chart| self.chart(chart, namespace)),
                })
                .collect(),
        }
    }

    pub(super) fn callout(&mut self, callout: CalloutFile, namespace: &str) -> Callout {
        let at = location(self.path, &callout.label.referenced);
        let mut numbers = Vec::new();
        match (callout.figure, callout.compare) {
            (Some(figure), None) => {
                numbers.push((String::new(), figure.value, location(self.path, &figure.referenced)))
            }
            (None, Some(compare)) if compare.categories.len() == compare.figures.value.len() => {
                let figures_at = location(self.path, &compare.figures.referenced);
                for (period, figure) in compare.categories.into_iter().zip(compare.figures.value) {
                    numbers.push((period, figure, figures_at.clone()));
                }
            }
            (None, Some(_)) => {
                self.problems.push(Diagnostic::error(Some(at.clone()), "`compare` needs one figure per category"));
            }
            _ => self.problems.push(
                Diagnostic::error(Some(at.clone()), "a callout needs either `figure` or `compare`")
                    .with_hint("the big number is a figure: `figure: <name>`"),
            ),
        }
        let numbers = numbers
            .into_iter()
            .map(|(period, name, at)| {
                let name = qualified(namespace, &name);
                self.references.push(FigureReference { name: name.clone(), location: at, referrer: Referrer::Callout });
                (period, name)
            })
            .collect();
        Callout {
            label: self.text("label", callout.label),
            intro: callout.intro.map(|intro| self.text("intro", intro)),
            numbers,
            text: self.prose(&callout.text),
        }
    }
}
