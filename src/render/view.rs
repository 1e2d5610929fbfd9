//! View models: what templates see. Built from the model, shaped for the page, with prose
//! already turned into safe Typst markup (the only values templates may print unescaped).

use minijinja::Value;
use serde::Serialize;

use super::format::dutch_date;
use super::format::{number, percent};
use super::markup;
use crate::figures::{ComputedTable, Figures};
use crate::model::{Edition, Pillar, Prose, RealisationTable, Section};

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
    pub table: Option<TableView>,
    pub subsections: Vec<SubsectionView>,
}

#[derive(Debug, Serialize)]
pub struct SubsectionView {
    pub heading: String,
    pub body: Value,
    pub table: Option<TableView>,
}

/// A realisation table, every figure formatted in Dutch.
#[derive(Debug, Serialize)]
pub struct TableView {
    pub id: String,
    pub title: String,
    pub ambition_label: String,
    /// "Realisatie 2019", ...
    pub year_labels: Vec<String>,
    pub rows: Vec<TableRowView>,
    pub footnotes: Vec<Value>,
}

#[derive(Debug, Serialize)]
pub struct TableRowView {
    /// The group label, on the first row of a group only (the cell spans the group).
    pub group: Option<String>,
    pub group_rows: usize,
    pub part: String,
    pub is_total: bool,
    pub ambition: String,
    pub realised: Vec<String>,
    pub percentage: String,
}

/// Where a pillar's generated Typst source lives in the virtual project.
pub fn pillar_path(pillar: &Pillar) -> String {
    format!("/pillars/{}.typ", pillar.id)
}

fn markup(prose: &Prose, figures: &Figures) -> Value {
    Value::from_safe_string(markup::prose(prose, figures))
}

pub fn document(edition: &Edition, figures: &Figures) -> DocumentView {
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
        inleiding: markup(&edition.inleiding, figures),
        voorgeschiedenis: edition
            .voorgeschiedenis
            .as_ref()
            .map(|v| TitledTextView { title: v.title.clone(), text: markup(&v.text, figures) }),
        voorwoord: VoorwoordView {
            lead: markup(&edition.voorwoord.lead, figures),
            text: markup(&edition.voorwoord.text, figures),
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

pub fn pillar(pillar: &Pillar, figures: &Figures) -> PillarView {
    PillarView {
        id: pillar.id.clone(),
        title: pillar.title.clone(),
        intro: markup(&pillar.intro, figures),
        sections: pillar.sections.iter().map(|s| section(s, figures)).collect(),
    }
}

fn section(section: &Section, figures: &Figures) -> SectionView {
    SectionView {
        heading: section.heading.clone(),
        lead: section.lead.as_ref().map(|lead| markup(lead, figures)),
        body: markup(&section.body, figures),
        table: section.table.as_ref().map(|t| table(t, figures)),
        subsections: section
            .subsections
            .iter()
            .map(|s| SubsectionView {
                heading: s.heading.clone(),
                body: markup(&s.body, figures),
                table: s.table.as_ref().map(|t| table(t, figures)),
            })
            .collect(),
    }
}

fn table(table: &RealisationTable, figures: &Figures) -> TableView {
    let empty = ComputedTable { rows: Vec::new() };
    let computed = figures.tables.get(&table.id).unwrap_or(&empty);
    let mark = |mark: &Option<String>| mark.clone().unwrap_or_default();
    let rows = computed
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let first_in_group = index == 0 || computed.rows[index - 1].group != row.group;
            TableRowView {
                group: first_in_group.then(|| row.group.clone()),
                group_rows: computed.rows[index..].iter().take_while(|r| r.group == row.group).count(),
                part: row.part.clone().unwrap_or_default(),
                is_total: row.is_total,
                ambition: format!("{}{}", number(row.figures.ambition as f64, 0), mark(&row.ambition_mark)),
                realised: row
                    .figures
                    .realised
                    .iter()
                    .map(|count| format!("{}{}", number(*count as f64, 0), mark(&row.realised_mark)))
                    .collect(),
                percentage: row.figures.percentage.map_or("–".to_owned(), |p| percent(p, 0)),
            }
        })
        .collect();
    TableView {
        id: table.id.clone(),
        title: table.title.clone(),
        ambition_label: table.ambition_label.clone(),
        year_labels: table.years.iter().map(|year| format!("Realisatie {year}")).collect(),
        rows,
        footnotes: table.footnotes.iter().map(|note| markup(note, figures)).collect(),
    }
}
