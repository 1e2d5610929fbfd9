//! The main document's view: metadata, the cover (inleiding, voorwoord, teasers and contents) and
//! the back page (colofon, partners).

use minijinja::Value;
use serde::Serialize;

use super::appendix::{AppendixView, appendix_view};
use super::{figure_text, markup};
use crate::figures::Figures;
use crate::model::Edition;
use crate::model::ListBox;
use crate::nl::dutch_date;

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
    pub chapters: Vec<ChapterRef>,
    pub deel_ii: Option<ListBoxView>,
    pub teasers: Vec<TeaserView>,
    pub colofon: Option<ColofonView>,
    pub partners: Option<PartnersView>,
    pub appendix: Option<AppendixView>,
}

#[derive(Debug, Serialize)]
pub struct ListBoxView {
    pub title: String,
    pub items: Vec<String>,
}

/// A cover teaser; `chapter` is the id Typst finds the chapter's page by.
#[derive(Debug, Serialize)]
pub struct TeaserView {
    pub chapter: String,
    pub tag: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct ColofonView {
    pub intro: String,
    pub groups: Vec<PeopleGroupView>,
    pub contacts: Vec<ContactView>,
}

#[derive(Debug, Serialize)]
pub struct PeopleGroupView {
    pub title: Option<String>,
    pub people: Vec<PersonView>,
}

#[derive(Debug, Serialize)]
pub struct PersonView {
    pub name: String,
    pub role: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ContactView {
    pub label: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct PartnersView {
    pub title: String,
    pub lists: Vec<ListBoxView>,
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

/// How the main document finds a chapter's generated file.
#[derive(Debug, Serialize)]
pub struct ChapterRef {
    pub id: String,
    pub title: String,
    pub path: String,
}

pub(super) fn list_box(list: &ListBox) -> ListBoxView {
    ListBoxView { title: list.title.clone(), items: list.items.clone() }
}

pub fn document(edition: &Edition, figures: &Figures) -> DocumentView {
    DocumentView {
        year: edition.year,
        title: edition.title.clone(),
        subtitle: edition.subtitle.clone(),
        author: edition.author.clone(),
        keywords: edition.keywords.clone(),
        description: edition.inleiding.plain_text(&|name| figure_text(figures, name)),
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
        chapters: edition
            .chapters
            .iter()
            .map(|p| ChapterRef { id: p.id.clone(), title: p.title.clone(), path: crate::project::chapter_path(&p.id) })
            .collect(),
        deel_ii: edition.deel_ii.as_ref().map(list_box),
        teasers: edition
            .teasers
            .iter()
            .map(|teaser| TeaserView {
                chapter: teaser.chapter.clone(),
                tag: edition
                    .chapters
                    .iter()
                    .find(|p| p.id == teaser.chapter)
                    .map_or_else(|| teaser.chapter.clone(), |p| p.title.clone()),
                text: teaser.text.clone(),
            })
            .collect(),
        colofon: edition.colofon.as_ref().map(|colofon| ColofonView {
            intro: colofon.intro.clone(),
            groups: colofon
                .groups
                .iter()
                .map(|group| PeopleGroupView {
                    title: group.title.clone(),
                    people: group
                        .people
                        .iter()
                        .map(|(name, role)| PersonView { name: name.clone(), role: role.clone() })
                        .collect(),
                })
                .collect(),
            contacts: colofon
                .contacts
                .iter()
                .map(|(label, text)| ContactView { label: label.clone(), text: text.clone() })
                .collect(),
        }),
        appendix: match (&edition.appendix, &edition.indicators, &figures.key_figures) {
            (Some(appendix), Some(indicators), Some(assessed)) => {
                Some(appendix_view(appendix, indicators, assessed, figures))
            }
            _ => None,
        },
        partners: edition.partners.as_ref().map(|partners| PartnersView {
            title: partners.title.clone(),
            lists: partners.lists.iter().map(list_box).collect(),
        }),
    }
}
