//! The checker every model file validates with: one content file's path, the problems found in
//! it, and the figure references it makes. The checks shared by every file (dates, plain text,
//! prose, ids) live here; each subject's checks live next to its type.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde_saphyr::Spanned;

use super::names::{FigureReference, Referrer, is_identifier};
use super::{FIRST_YEAR, LAST_YEAR, Prose, prose};
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};

/// Validates values of one file, collecting problems located in that file.
pub(super) struct Checker<'a> {
    pub(super) path: &'a Path,
    pub(super) problems: &'a mut Vec<Diagnostic>,
    pub(super) references: &'a mut Vec<FigureReference>,
    /// Where each `{{ name }}` of the edition is written (all files, in file order).
    pub(super) written: &'a [(String, Location)],
}

impl Checker<'_> {
    pub(super) fn at(&self, span: &serde_saphyr::Location) -> Option<Location> {
        Some(location(self.path, span))
    }

    pub(super) fn year_matches_folder(&mut self, year: &Spanned<i32>, dir: &Path) {
        let folder = dir.file_name().unwrap_or_default().to_string_lossy();
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year.value) {
            self.problems.push(Diagnostic::error(
                self.at(&year.referenced),
                format!("{} is not a year koers can report on ({FIRST_YEAR} to {LAST_YEAR})", year.value),
            ));
        } else if folder != year.value.to_string() {
            self.problems.push(
                Diagnostic::error(
                    self.at(&year.referenced),
                    format!("the year {} does not match the edition folder `{folder}`", year.value),
                )
                .with_hint(format!("put this edition in a folder named `{}`, or correct the year", year.value)),
            );
        }
    }

    /// A publication date: a real date, in the year reported on or the ten after it.
    pub(super) fn date(&mut self, date: &Spanned<String>, year: i32) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(&date.value, "%Y-%m-%d") {
            Ok(parsed) if (year..=year + 10).contains(&parsed.year()) || !(FIRST_YEAR..=LAST_YEAR).contains(&year) => {
                Some(parsed)
            }
            Ok(parsed) => {
                self.problems.push(Diagnostic::error(
                    self.at(&date.referenced),
                    format!("{parsed} is not a publication date for the {year} edition ({year} to {})", year + 10),
                ));
                None
            }
            Err(error) => {
                self.problems.push(
                    Diagnostic::error(
                        self.at(&date.referenced),
                        format!("`{}` is not a valid date: {error}", date.value),
                    )
                    .with_hint("write dates as YYYY-MM-DD, for example 2021-06-30"),
                );
                None
            }
        }
    }

    pub(super) fn prose(&mut self, markdown: &Spanned<String>) -> Prose {
        let prose = prose::parse(&markdown.value).unwrap_or_else(|message| {
            self.problems.push(Diagnostic::error(self.at(&markdown.referenced), message));
            Prose::default()
        });
        let start = location(self.path, &markdown.referenced);
        let mut after = (start.line, start.col);
        for name in prose.figure_names() {
            // At its own line where it is written as one line; else where the text starts.
            let written = self
                .written
                .iter()
                .find(|(written, at)| written == name && at.path == start.path && (at.line, at.col) >= after);
            let at = written.map_or(start.clone(), |(_, at)| at.clone());
            after = (at.line, at.col + 1);
            self.references.push(FigureReference { name: name.to_owned(), location: at, referrer: Referrer::Prose });
        }
        prose
    }

    /// Plain text fields (titles, headings, names): trimmed, and never empty.
    pub(super) fn text(&mut self, field: &str, text: Spanned<String>) -> String {
        let trimmed = text.value.trim();
        if trimmed.is_empty() {
            self.problems.push(
                Diagnostic::error(self.at(&text.referenced), format!("`{field}` is empty"))
                    .with_hint("write the text, or remove the field if it is optional"),
            );
        }
        self.plain(field, trimmed, self.at(&text.referenced));
        trimmed.to_owned()
    }

    /// A plain text field prints as written, so a figure reference in it (`{{ … }}`) would print
    /// raw: it is an error at the field.
    pub(super) fn plain(&mut self, field: &str, text: &str, at: Option<Location>) {
        if text.contains("{{") || text.contains("}}") {
            self.problems.push(
                Diagnostic::error(at, format!("`{field}` is plain text, so `{{{{ … }}}}` would print as it stands"))
                    .with_hint("figures print in prose fields (intro, body, lead, text, footnotes); write the number here, or move the sentence into the prose"),
            );
        }
    }

    /// Why a disagreement is accepted (`known_issue`): shown in messages, never in the report,
    /// but plain text all the same.
    pub(super) fn reason(&mut self, reason: Spanned<String>) -> String {
        self.plain("known_issue", &reason.value, self.at(&reason.referenced));
        reason.value
    }

    pub(super) fn identifier(&mut self, what: &str, id: &Spanned<String>) -> String {
        if !is_identifier(&id.value) {
            self.problems.push(
                Diagnostic::error(self.at(&id.referenced), format!("`{}` is not a usable {what} id", id.value))
                    .with_hint("ids use lower-case letters, digits and `_`, e.g. focuswijken"),
            );
        }
        id.value.clone()
    }
}
