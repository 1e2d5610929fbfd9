//! A chapter's view: title, intro, key figures and timeline, and its sections with their blocks.

use std::collections::BTreeMap;

use minijinja::Value;
use serde::Serialize;

use super::document::TitledTextView;
use super::markup;
use super::tables::{
    ActivitySummaryView, FigureTableView, KeyFiguresView, TableView, activity_summary, figure_table, key_figures, table,
};
use super::timeline::{TimelineView, timeline};
use crate::charts::DrawnChart;
use crate::figures::{Figure, Figures};
use crate::model::{Callout, Chapter, Chart, Edition, Section};

#[derive(Debug, Serialize)]
pub struct ChapterView {
    pub id: String,
    pub title: String,
    pub headline: Option<String>,
    pub intro: Value,
    pub key_figures: Option<KeyFiguresView>,
    pub timeline: Option<TimelineView>,
    pub sections: Vec<SectionView>,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    pub heading: Option<String>,
    pub lead: Option<Value>,
    pub body: Value,
    pub table: Option<TableView>,
    pub figure_table: Option<FigureTableView>,
    pub chart: Option<ChartView>,
    pub activity_summary: Option<ActivitySummaryView>,
    pub callouts: Vec<CalloutView>,
    pub sidebar: Option<TitledTextView>,
    pub quote: Option<QuoteView>,
    pub photo: Option<PhotoView>,
    pub subsections: Vec<SubsectionView>,
}

#[derive(Debug, Serialize)]
pub struct SubsectionView {
    pub heading: String,
    pub body: Value,
    pub table: Option<TableView>,
    pub figure_table: Option<FigureTableView>,
    pub chart: Option<ChartView>,
}

/// A callout: its label, an optional intro line, the big numbers (formatted figures, with their
/// period when there are several) and the text.
#[derive(Debug, Serialize)]
pub struct CalloutView {
    pub label: String,
    pub intro: Option<String>,
    pub numbers: Vec<CalloutNumberView>,
    pub text: Value,
}

#[derive(Debug, Serialize)]
pub struct CalloutNumberView {
    pub period: String,
    pub value: String,
    /// Relative to the largest of the callout's numbers, for the mini bars (0 to 1).
    pub share: f64,
}

#[derive(Debug, Serialize)]
pub struct PhotoView {
    pub path: String,
    pub alt: String,
    pub caption: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct QuoteView {
    pub text: Value,
    pub source: String,
}

/// A chart to place: its SVG in the virtual project, the caption and the alt text.
#[derive(Debug, Serialize)]
pub struct ChartView {
    pub path: String,
    pub title: String,
    pub alt: String,
    pub source: Option<String>,
    pub full_width: bool,
    /// The width it was drawn at, in points; placed at exactly this width.
    pub width_pt: f64,
}

pub(super) fn chart(chart: &Chart, charts: &BTreeMap<String, DrawnChart>) -> Option<ChartView> {
    let drawn = charts.get(&chart.id)?;
    Some(ChartView {
        path: crate::project::chart_path(&chart.id),
        title: chart.title.clone(),
        alt: drawn.alt.clone(),
        source: chart.source.clone(),
        full_width: chart.full_width,
        width_pt: drawn.width_pt,
    })
}

pub fn chapter(
    chapter: &Chapter,
    edition: &Edition,
    figures: &Figures,
    charts: &BTreeMap<String, DrawnChart>,
) -> ChapterView {
    let key_figures = match (&edition.indicators, &figures.key_figures) {
        (Some(indicators), Some(assessed)) if chapter.key_figures.is_some() => {
            Some(key_figures(indicators, assessed, figures))
        }
        _ => None,
    };
    ChapterView {
        id: chapter.id.clone(),
        title: chapter.title.clone(),
        headline: chapter.headline.clone(),
        intro: markup(&chapter.intro, figures),
        key_figures,
        timeline: chapter.timeline.as_ref().map(timeline),
        sections: chapter.sections.iter().map(|s| section(s, edition, figures, charts)).collect(),
    }
}

pub(super) fn section(
    section: &Section,
    edition: &Edition,
    figures: &Figures,
    charts: &BTreeMap<String, DrawnChart>,
) -> SectionView {
    SectionView {
        heading: section.heading.clone(),
        lead: section.lead.as_ref().map(|lead| markup(lead, figures)),
        body: markup(&section.body, figures),
        table: section.table.as_ref().map(|t| table(t, figures)),
        figure_table: section.figure_table.as_ref().map(|t| figure_table(t, figures)),
        chart: section.chart.as_ref().and_then(|c| chart(c, charts)),
        callouts: section.callouts.iter().map(|c| callout(c, figures)).collect(),
        sidebar: section
            .sidebar
            .as_ref()
            .map(|s| TitledTextView { title: s.title.clone(), text: markup(&s.text, figures) }),
        quote: section.quote.as_ref().map(|q| QuoteView { text: markup(&q.text, figures), source: q.source.clone() }),
        photo: section.photo.as_ref().map(|p| PhotoView {
            path: p.virtual_path.clone(),
            alt: p.alt.clone(),
            caption: p.caption.clone(),
        }),
        activity_summary: match (&section.activity_summary, &edition.activities) {
            (Some(_), Some(activities)) => Some(activity_summary(activities, figures)),
            _ => None,
        },
        subsections: section
            .subsections
            .iter()
            .map(|s| SubsectionView {
                heading: s.heading.clone(),
                body: markup(&s.body, figures),
                table: s.table.as_ref().map(|t| table(t, figures)),
                figure_table: s.figure_table.as_ref().map(|t| figure_table(t, figures)),
                chart: s.chart.as_ref().and_then(|c| chart(c, charts)),
            })
            .collect(),
    }
}

pub(super) fn callout(callout: &Callout, figures: &Figures) -> CalloutView {
    let values: Vec<(String, Option<Figure>)> =
        callout.numbers.iter().map(|(period, name)| (period.clone(), figures.get(name))).collect();
    let largest = values.iter().filter_map(|(_, f)| f.map(|f| f.value.abs())).fold(0.0, f64::max);
    CalloutView {
        label: callout.label.clone(),
        intro: callout.intro.clone(),
        numbers: values
            .into_iter()
            .map(|(period, figure)| CalloutNumberView {
                period,
                value: figure.map_or("–".to_owned(), |f| f.text()),
                share: figure.filter(|_| largest > 0.0).map_or(0.0, |f| f.value.abs() / largest),
            })
            .collect(),
        text: markup(&callout.text, figures),
    }
}
