//! The tables a chapter prints: realisations against an ambition (counts koers adds up) and tables
//! whose number cells are figures by name.

use serde_saphyr::Spanned;

use super::names::{FigureReference, Referrer, qualified};
use super::{Checker, Prose};
use crate::content::files::{FigureTableFile, RealisationRowFile, RealisationTableFile};
use crate::content::yaml::location;
use crate::diag::{Diagnostic, Location};

/// A table of figures: text cells, then one figure (qualified name) per number column.
#[derive(Debug, Clone)]
pub struct FigureTable {
    pub title: String,
    pub columns: Vec<String>,
    /// How many leading columns hold text.
    pub label_columns: usize,
    pub rows: Vec<FigureTableRow>,
    pub source: Option<String>,
    pub footnotes: Vec<Prose>,
    /// Where its title is written.
    pub location: Option<Location>,
}

#[derive(Debug, Clone)]
pub struct FigureTableRow {
    pub labels: Vec<String>,
    /// `None`: an empty cell.
    pub figures: Vec<Option<String>>,
    pub total: bool,
}

/// Realisations against an ambition, per year, in rows that may group parts.
#[derive(Debug, Clone)]
pub struct RealisationTable {
    pub id: String,
    /// Where the id stands, for errors about the table as a whole.
    pub location: Location,
    pub title: String,
    pub ambition_label: String,
    pub years: Vec<i32>,
    pub rows: Vec<RealisationRow>,
    pub footnotes: Vec<Prose>,
}

#[derive(Debug, Clone)]
pub struct RealisationRow {
    pub label: String,
    pub counts: RowCounts,
    pub ambition_mark: Option<String>,
    pub realised_mark: Option<String>,
    /// What the printed report states for this row, with where it stands in the YAML.
    pub stated: Stated,
}

#[derive(Debug, Clone)]
pub enum RowCounts {
    Own { ambition: u64, realised: Vec<u64> },
    Parts(Vec<RealisationRow>),
}

#[derive(Debug, Clone, Default)]
pub struct Stated {
    pub ambition: Option<(u64, Location)>,
    pub realised: Option<(Vec<u64>, Location)>,
    pub percentage: Option<(f64, Location)>,
}

impl Checker<'_> {
    pub(super) fn table(&mut self, table: RealisationTableFile) -> RealisationTable {
        let years = table.years.value.clone();
        let rows = table.rows.into_iter().map(|row| self.row(row, years.len())).collect();
        RealisationTable {
            location: location(self.path, &table.id.referenced),
            id: self.text("id", table.id),
            title: self.text("title", table.title),
            ambition_label: self.text("ambition_label", table.ambition_label),
            years,
            rows,
            footnotes: table.footnotes.iter().map(|note| self.prose(note)).collect(),
        }
    }

    pub(super) fn row(&mut self, row: RealisationRowFile, years: usize) -> RealisationRow {
        let at_label = self.at(&row.label.referenced);
        let counts = match (row.ambition, row.realised, row.parts.is_empty()) {
            (Some(ambition), Some(realised), true) => {
                self.year_count(&realised, years);
                RowCounts::Own { ambition, realised: realised.value }
            }
            (None, None, false) => RowCounts::Parts(row.parts.into_iter().map(|part| self.row(part, years)).collect()),
            _ => {
                self.problems.push(
                    Diagnostic::error(at_label.clone(), "a row needs either `ambition` and `realised`, or `parts`")
                        .with_hint("a row with parts shows their sums; give the counts on the parts"),
                );
                RowCounts::Parts(Vec::new())
            }
        };
        if let Some(stated) = &row.stated_realised {
            self.year_count(stated, years);
        }
        RealisationRow {
            label: self.text("label", row.label),
            counts,
            ambition_mark: row.ambition_mark,
            realised_mark: row.realised_mark,
            stated: Stated {
                ambition: row.stated_ambition.map(|s| (s.value, location(self.path, &s.referenced))),
                realised: row.stated_realised.map(|s| (s.value, location(self.path, &s.referenced))),
                percentage: row.stated_percentage.map(|s| (s.value, location(self.path, &s.referenced))),
            },
        }
    }

    pub(super) fn year_count(&mut self, counts: &Spanned<Vec<u64>>, years: usize) {
        if counts.value.len() != years {
            self.problems.push(Diagnostic::error(
                self.at(&counts.referenced),
                format!("one count per year of the table is needed ({years}), found {}", counts.value.len()),
            ));
        }
    }

    /// A figure table; its figure names are qualified with `namespace` (the file stem) and
    /// recorded, so a name that does not exist is an error at its line.
    pub(super) fn figure_table(&mut self, table: FigureTableFile, namespace: &str) -> FigureTable {
        let label_columns = table.rows.first().map_or(0, |row| row.labels.value.len());
        let rows = table
            .rows
            .into_iter()
            .map(|row| {
                let cells = row.labels.value.len() + row.figures.len();
                if row.labels.value.len() != label_columns || cells != table.columns.len() {
                    self.problems.push(
                        Diagnostic::error(
                            self.at(&row.labels.referenced),
                            format!(
                                "the row has {} text and {} figure cells; the table has {} columns, {label_columns} of them text",
                                row.labels.value.len(),
                                row.figures.len(),
                                table.columns.len()
                            ),
                        )
                        .with_hint("give every row the same number of labels, and one figure (or null) per other column"),
                    );
                }
                let figures = row
                    .figures
                    .iter()
                    .map(|figure| {
                        figure.as_ref().map(|figure| {
                            let name = qualified(namespace, &figure.value);
                            let location = location(self.path, &figure.referenced);
                            self.references.push(FigureReference { name: name.clone(), location, referrer: Referrer::Table });
                            name
                        })
                    })
                    .collect();
                for label in &row.labels.value {
                    self.plain("labels", label, self.at(&row.labels.referenced));
                }
                FigureTableRow { labels: row.labels.value, figures, total: row.total }
            })
            .collect();
        let title_at = self.at(&table.title.referenced);
        for column in &table.columns {
            self.plain("columns", column, title_at.clone());
        }
        FigureTable {
            location: title_at.clone(),
            title: self.text("title", table.title),
            columns: table.columns,
            label_columns,
            rows,
            source: table.source.map(|source| self.text("source", source)),
            footnotes: table.footnotes.iter().map(|note| self.prose(note)).collect(),
        }
    }
}
