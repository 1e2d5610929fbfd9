//! The report's own pages: the cover (inleiding, voorgeschiedenis, voorwoord and its signatories,
//! the chapter teasers, the "DEEL II" box), the colofon and the partner lists on the back page,
//! and the date the PDF carries.

use chrono::NaiveDate;
use serde_saphyr::Spanned;

use super::{Checker, Prose};
use crate::content::files::{ColofonFile, ListBoxFile, PartnersFile, TeaserFile, TitledTextFile, VoorwoordFile};
use crate::diag::{Diagnostic, Location};

/// A titled list of short texts (the "DEEL II" box, a partner list).
#[derive(Debug, Clone)]
pub struct ListBox {
    pub title: String,
    pub items: Vec<String>,
}

/// A cover teaser: a chapter (by file stem) and its headline.
#[derive(Debug, Clone)]
pub struct Teaser {
    pub chapter: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Colofon {
    pub intro: String,
    pub groups: Vec<PeopleGroup>,
    /// (label, text), e.g. ("Website", "www.nprz.nl").
    pub contacts: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct PeopleGroup {
    pub title: Option<String>,
    /// (name, role).
    pub people: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone)]
pub struct Partners {
    pub title: String,
    pub lists: Vec<ListBox>,
}

#[derive(Debug, Clone)]
pub struct TitledText {
    pub title: String,
    pub text: Prose,
}

#[derive(Debug, Clone)]
pub struct Voorwoord {
    pub lead: Prose,
    pub text: Prose,
    pub signatories: Vec<Signatory>,
}

#[derive(Debug, Clone)]
pub struct Signatory {
    pub name: String,
    pub role: String,
}

impl Checker<'_> {
    /// The date the PDF carries: imposed by the build, else `published` (a real date in the year
    /// reported on or the ten after), else 31 December of that year with a warning.
    pub(super) fn edition_date(
        &mut self,
        published: Option<Spanned<String>>,
        year: i32,
        source_date: Option<NaiveDate>,
        warnings: &mut Vec<Diagnostic>,
    ) -> NaiveDate {
        let published = published.and_then(|published| self.date(&published, year));
        source_date.or(published).unwrap_or_else(|| {
            warnings.push(
                Diagnostic::warning(
                    Some(Location::file(self.path)),
                    format!(
                        "no `published` date; the PDF is dated 31 December {year}, the end of the year reported on"
                    ),
                )
                .with_hint("add `published: YYYY-MM-DD` to report.yaml"),
            );
            NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default()
        })
    }

    pub(super) fn titled_text(&mut self, titled: TitledTextFile) -> TitledText {
        TitledText { title: self.text("title", titled.title), text: self.prose(&titled.text) }
    }

    pub(super) fn voorwoord(&mut self, voorwoord: VoorwoordFile) -> Voorwoord {
        Voorwoord {
            lead: self.prose(&voorwoord.lead),
            text: self.prose(&voorwoord.text),
            signatories: voorwoord
                .signatories
                .into_iter()
                .map(|s| Signatory { name: self.text("name", s.name), role: self.text("role", s.role) })
                .collect(),
        }
    }

    /// Teasers, each pointing at a chapter of the edition (`chapters`, by file stem).
    pub(super) fn teasers(&mut self, teasers: Vec<TeaserFile>, chapters: &[&str]) -> Vec<Teaser> {
        teasers
            .into_iter()
            .map(|teaser| {
                let chapter = teaser.chapter.value.clone();
                if !chapters.contains(&chapter.as_str()) {
                    let problem = Diagnostic::error(
                        self.at(&teaser.chapter.referenced),
                        format!("the teaser points to `{chapter}`, which is not a chapter of this edition"),
                    )
                    .suggesting(&chapter, chapters.iter().copied());
                    self.problems.push(problem);
                }
                Teaser { chapter, text: self.text("text", teaser.text) }
            })
            .collect()
    }

    pub(super) fn colofon(&mut self, colofon: ColofonFile) -> Colofon {
        Colofon {
            intro: self.text("intro", colofon.intro),
            groups: colofon
                .groups
                .into_iter()
                .map(|group| PeopleGroup {
                    title: group.title.map(|title| self.text("title", title)),
                    people: group
                        .people
                        .into_iter()
                        .map(|p| (self.text("name", p.name), p.role.map(|role| self.text("role", role))))
                        .collect(),
                })
                .collect(),
            contacts: colofon
                .contacts
                .into_iter()
                .map(|c| (self.text("label", c.label), self.text("text", c.text)))
                .collect(),
        }
    }

    pub(super) fn partners(&mut self, partners: PartnersFile) -> Partners {
        Partners {
            title: self.text("title", partners.title),
            lists: partners.lists.into_iter().map(|list| self.list_box(list)).collect(),
        }
    }

    pub(super) fn list_box(&mut self, list: ListBoxFile) -> ListBox {
        ListBox {
            title: self.text("title", list.title),
            items: list.items.into_iter().map(|item| self.text("item", item)).collect(),
        }
    }
}
