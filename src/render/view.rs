//! View models: what templates see. Built from the model, shaped for the page, with prose
//! already turned into safe Typst markup (the only values templates may print unescaped).

use minijinja::Value;
use serde::Serialize;

use super::format::dutch_date;
use super::markup;
use crate::model::{Edition, Pillar, Prose, Section};

#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub year: i32,
    pub title: String,
    pub subtitle: String,
    pub author: String,
    pub keywords: Vec<String>,
    /// The PDF's description (Subject): the inleiding as plain text.
    pub description: String,
    pub date: DateView,
    pub inleiding: Value,
    pub voorgeschiedenis: Option<TitledTextView>,
    pub voorwoord: VoorwoordView,
    pub pillars: Vec<PillarRef>,
}

#[derive(Debug, Serialize)]
pub struct DateView {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// "30 juni 2021"
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct TitledTextView {
    pub title: String,
    pub text: Value,
}

#[derive(Debug, Serialize)]
pub struct VoorwoordView {
    pub lead: Value,
    pub text: Value,
    pub signatories: Vec<SignatoryView>,
}

#[derive(Debug, Serialize)]
pub struct SignatoryView {
    pub name: String,
    pub role: String,
}

/// How the main document finds a pillar's generated file.
#[derive(Debug, Serialize)]
pub struct PillarRef {
    pub id: String,
    pub title: String,
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct PillarView {
    pub id: String,
    pub title: String,
    pub intro: Value,
    pub sections: Vec<SectionView>,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    pub heading: Option<String>,
    pub lead: Option<Value>,
    pub body: Value,
    pub subsections: Vec<SubsectionView>,
}

#[derive(Debug, Serialize)]
pub struct SubsectionView {
    pub heading: String,
    pub body: Value,
}

/// Where a pillar's generated Typst source lives in the virtual project.
pub fn pillar_path(pillar: &Pillar) -> String {
    format!("/pillars/{}.typ", pillar.id)
}

fn markup(prose: &Prose) -> Value {
    Value::from_safe_string(markup::prose(prose))
}

pub fn document(edition: &Edition) -> DocumentView {
    DocumentView {
        year: edition.year,
        title: edition.title.clone(),
        subtitle: edition.subtitle.clone(),
        author: edition.author.clone(),
        keywords: edition.keywords.clone(),
        description: edition.inleiding.plain_text(),
        date: {
            use chrono::Datelike;
            let date = edition.date;
            DateView { year: date.year(), month: date.month(), day: date.day(), text: dutch_date(date) }
        },
        inleiding: markup(&edition.inleiding),
        voorgeschiedenis: edition
            .voorgeschiedenis
            .as_ref()
            .map(|v| TitledTextView { title: v.title.clone(), text: markup(&v.text) }),
        voorwoord: VoorwoordView {
            lead: markup(&edition.voorwoord.lead),
            text: markup(&edition.voorwoord.text),
            signatories: edition
                .voorwoord
                .signatories
                .iter()
                .map(|s| SignatoryView { name: s.name.clone(), role: s.role.clone() })
                .collect(),
        },
        pillars: edition
            .pillars
            .iter()
            .map(|p| PillarRef { id: p.id.clone(), title: p.title.clone(), path: pillar_path(p) })
            .collect(),
    }
}

pub fn pillar(pillar: &Pillar) -> PillarView {
    PillarView {
        id: pillar.id.clone(),
        title: pillar.title.clone(),
        intro: markup(&pillar.intro),
        sections: pillar.sections.iter().map(section).collect(),
    }
}

fn section(section: &Section) -> SectionView {
    SectionView {
        heading: section.heading.clone(),
        lead: section.lead.as_ref().map(markup),
        body: markup(&section.body),
        subsections: section
            .subsections
            .iter()
            .map(|s| SubsectionView { heading: s.heading.clone(), body: markup(&s.body) })
            .collect(),
    }
}
