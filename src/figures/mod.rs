//! Figures stage: every number the report derives, computed from the raw values in content, and
//! checked against what the printed report states: declared figures (`derived`), realisation
//! tables (`realisation`), the key figures and their gap closed (`key_figures`, `gap`) and the
//! activity counts (`activities`). Later stages look figures up through [`Figures::get`]. Knows
//! nothing of templates or Typst.

pub mod activities;
pub mod derived;
pub mod gap;
pub mod key_figures;
pub mod realisation;
pub mod targets;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Diagnostic, Location, Warned, did_you_mean};
use crate::model::activities::Colour;
use crate::model::indicators::Indicators;
use crate::model::names;
use crate::model::{
    Edition, FigureDefinition, FigureKind, FigureName, FigureReference, Qualifier, RealisationRow, RealisationTable,
    Referrer, RowCounts, Unit, decimals_of,
};
use crate::nl::{euro, euro_billions, euro_millions, number, percent, percentage_points, thousands};
use realisation::Realisation;

/// Everything computed for an edition: tables by id, and every figure prose can name.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub tables: BTreeMap<String, ComputedTable>,
    /// `woningvoorraad.corporatievoorraad.percentage` → 48,81 (a percentage).
    pub named: BTreeMap<String, Figure>,
    /// The key figures assessed against the ambition, if the edition has them.
    pub key_figures: Option<key_figures::KeyFigures>,
    /// The period each indicator's values are of, as printed: `indicators.inkomen` → "2018",
    /// and the previous edition's as `previous.indicators.inkomen`.
    pub periods: BTreeMap<String, String>,
    /// Each listed activity's status, by name: the next edition's "last year".
    pub statuses: BTreeMap<String, Colour>,
    /// Names later stages asked for with [`Figures::get`] that do not exist (see there).
    missed: RefCell<BTreeSet<String>>,
}

impl Figures {
    /// A figure that must exist: content named it and validation found it, or koers declared it.
    /// A miss is a name built differently from its declaration, a bug in koers: it is recorded
    /// ([`Figures::missed`], which the tests require to be empty) and the caller prints "–".
    pub fn get(&self, name: &str) -> Option<Figure> {
        let found = self.named.get(name).copied();
        if found.is_none() {
            self.missed.borrow_mut().insert(name.to_owned());
        }
        found
    }

    /// A figure that may rightly not exist: an area without a value, an indicator that could not
    /// be assessed, a value the previous edition did not have. The name comes from
    /// [`crate::model::names`], so it cannot be spelled differently from the declaration.
    pub fn get_if_any(&self, name: &str) -> Option<Figure> {
        self.named.get(name).copied()
    }

    /// The names asked for with [`Figures::get`] that do not exist.
    pub fn missed(&self) -> Vec<String> {
        self.missed.borrow().iter().cloned().collect()
    }
}

/// A computed value and how it is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// The value; for a range its lower bound.
    pub value: f64,
    pub unit: Unit,
    pub decimals: usize,
    /// "ongeveer", "meer dan", …: printed before the value; arithmetic passes it on.
    pub qualifier: Option<Qualifier>,
    /// A range's upper bound: "6 tot 10". Ranges print and fill table cells, but are no input
    /// to arithmetic or charts (refused where they are named).
    pub upper: Option<f64>,
}

impl Figure {
    /// An exact value.
    pub fn new(value: f64, unit: Unit, decimals: usize) -> Self {
        Self { value, unit, decimals, qualifier: None, upper: None }
    }

    pub fn count(count: u64) -> Self {
        Self::new(count as f64, Unit::Count, 0)
    }

    /// A percentage shown without decimals, as the report's tables do.
    pub fn whole_percentage(value: f64) -> Self {
        Self::new(value, Unit::Percent, 0)
    }

    /// The value as a reader sees it: `4.200`, `49%`, `€ 928.879`, `9,9%`, `ongeveer 13.600`,
    /// `6 tot 10`.
    pub fn text(self) -> String {
        let mut text = match self.upper {
            Some(upper) => format!("{} tot {}", self.value_text(), Figure { value: upper, ..self }.value_text()),
            None => self.value_text(),
        };
        if let Some(qualifier) = self.qualifier {
            text = format!("{} {text}", qualifier.words());
        }
        text
    }

    /// The value alone, without qualifier or upper bound.
    fn value_text(self) -> String {
        match self.unit {
            Unit::Count | Unit::Number => number(self.value, self.decimals),
            Unit::Thousands => thousands(self.value, self.decimals),
            Unit::Course => targets::Course::from_code(self.value).words().to_owned(),
            Unit::Percent => percent(self.value, self.decimals),
            Unit::PercentagePoint => percentage_points(self.value, self.decimals),
            Unit::Euro => euro(self.value, self.decimals),
            Unit::EuroMillions => euro_millions(self.value, self.decimals),
            Unit::EuroBillions => euro_billions(self.value, self.decimals),
            Unit::Year => format!("{}", self.value.round()),
        }
    }
}

/// A realisation table's rows in reading order (groups, then their parts), with their figures.
#[derive(Debug, Clone)]
pub struct ComputedTable {
    pub rows: Vec<ComputedRow>,
}

#[derive(Debug, Clone)]
pub struct ComputedRow {
    /// The label of the group a part belongs to, or of the row itself.
    pub group: String,
    /// The part's label; `None` for a row without parts.
    pub part: Option<String>,
    /// Whether this row sums parts ("Totaal").
    pub is_total: bool,
    pub figures: Realisation,
    pub ambition_mark: Option<String>,
    pub realised_mark: Option<String>,
}

/// Computes the edition's figures. Disagreements with stated values are warnings (or notes) at their
/// line; a reference to a figure that does not exist, or one that cannot be computed, is an error.
///
/// `previous` holds the figures of the edition before this one: they are named `previous.<name>`
/// (`{{ previous.werk.adb_garanties }}` prints last year's value, and derivations may use them).
pub fn compute(edition: &Edition, previous: Option<&Figures>) -> Warned<Figures> {
    let mut figures = Figures::default();
    let mut found = Vec::new();
    if let Some(previous) = previous {
        let last_year = previous.named.iter().filter(|(name, _)| !names::is_previous(name));
        figures.named.extend(last_year.map(|(name, figure)| (names::previous(name), *figure)));
        let periods = previous.periods.iter().filter(|(name, _)| !names::is_previous(name));
        figures.periods.extend(periods.map(|(name, period)| (names::previous(name), period.clone())));
    }
    for table in edition.chapters.iter().flat_map(|chapter| chapter.tables()) {
        let mut rows = Vec::new();
        for row in &table.rows {
            compute_row(table, row, None, &mut rows, &mut found);
        }
        for row in &rows {
            name_row(&mut figures.named, table, row);
        }
        figures.tables.insert(table.id.clone(), ComputedTable { rows });
    }
    if let Some(indicators) = &edition.indicators {
        let (assessed, named, notes) = key_figures::assess(indicators);
        figures.named.extend(named);
        figures.named.extend(targets::assess(indicators));
        figures.key_figures = Some(assessed);
        let periods = indicators.rows.iter().filter_map(|row| Some((row.name(), row.period.clone()?)));
        figures.periods.extend(periods);
        found.extend(notes);
        found.extend(unchanged_periods(indicators, &figures.periods));
    }
    if let Some(activities) = &edition.activities {
        let last_year = previous.map(|previous| &previous.statuses).cloned().unwrap_or_default();
        let (cells, disagreements) = activities::cells(activities, &last_year);
        figures.named.extend(cells);
        found.extend(disagreements);
        figures.statuses = activities::statuses(activities);
    }
    let changes = edition.indicators.as_ref().map(|indicators| key_figures::changes(indicators, &figures.named));
    let definitions: Vec<FigureDefinition> =
        edition.figures.iter().cloned().chain(changes.into_iter().flatten()).collect();
    let (declared, problems) = derived::evaluate(&definitions, &figures.named);
    found.extend(problems);
    for definition in &edition.figures {
        if let Some(figure) = declared.get(&definition.name) {
            check_declared(definition, *figure, &declared, &figures.named, &mut found);
        }
    }
    figures.named.extend(declared);
    for reference in &edition.figure_references {
        // A declared figure that failed to compute has its own error already.
        let declared_name = edition.figures.iter().any(|d| d.name == reference.name);
        if !figures.named.contains_key(&reference.name) && !declared_name {
            found.push(unknown_figure(reference, &figures.named));
        }
    }
    // Parts are computed before their group; report in the order of the file.
    found.sort_by_key(|warning| warning.location.as_ref().map(|at| (at.path.clone(), at.line, at.col)));
    Warned::sorted(figures, found)
}

fn compute_row(
    table: &RealisationTable,
    row: &RealisationRow,
    group: Option<&str>,
    out: &mut Vec<ComputedRow>,
    warnings: &mut Vec<Diagnostic>,
) -> Realisation {
    let position = out.len();
    let (figures, is_total) = match &row.counts {
        RowCounts::Own { ambition, realised } => (realisation::of_counts(*ambition, realised), false),
        RowCounts::Parts(parts) => {
            let mut computed = Vec::new();
            for part in parts {
                computed.push(compute_row(table, part, Some(&row.label), out, warnings));
            }
            (realisation::of_parts(&computed, table.years.len()), true)
        }
    };
    check_stated(row, &figures, warnings);
    let largest = figures.realised.iter().chain([&figures.ambition, &figures.total]).max().copied().unwrap_or(0);
    if largest > crate::model::MAX_EXACT {
        warnings.push(Diagnostic::error(
            Some(table.location.clone()),
            format!(
                "row `{}` adds up to {largest}, more than koers computes exactly ({})",
                row.label,
                crate::model::MAX_EXACT
            ),
        ));
    }
    let (group, part) = match group {
        Some(group) => (group.to_owned(), Some(row.label.clone())),
        None => (row.label.clone(), None),
    };
    let computed = ComputedRow {
        group,
        part: if is_total { Some("Totaal".to_owned()) } else { part },
        is_total,
        figures: figures.clone(),
        ambition_mark: row.ambition_mark.clone(),
        realised_mark: row.realised_mark.clone(),
    };
    // A group's total row reads before its parts.
    out.insert(position, computed);
    figures
}

/// Names a table row's figures: `<table>.<group>[.<part>].<field>`, each part a slug of its label.
fn name_row(named: &mut BTreeMap<String, Figure>, table: &RealisationTable, row: &ComputedRow) {
    let mut path = vec![table.id.clone(), slug(&row.group)];
    if let Some(part) = row.part.as_deref().filter(|_| !row.is_total) {
        path.push(slug(part));
    }
    let prefix = path.join(".");
    named.insert(format!("{prefix}.ambition"), Figure::count(row.figures.ambition));
    named.insert(format!("{prefix}.realised_total"), Figure::count(row.figures.total));
    for (year, count) in table.years.iter().zip(&row.figures.realised) {
        named.insert(format!("{prefix}.realised_{year}"), Figure::count(*count));
    }
    if let Some(percentage) = row.figures.percentage {
        named.insert(format!("{prefix}.percentage"), Figure::whole_percentage(percentage));
    }
}

/// "Renovatie > € 37.500" → "renovatie_37_500"
pub fn slug(label: &str) -> String {
    let lower = label.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.join("_")
}

/// One note listing the indicators that show the same period as the previous edition: the
/// values still to add for this year, where they have been published.
fn unchanged_periods(indicators: &Indicators, periods: &BTreeMap<String, String>) -> Option<Diagnostic> {
    let unchanged: Vec<&str> = indicators
        .rows
        .iter()
        .filter(|row| row.period.is_some() && periods.get(&names::previous(&row.name())) == row.period.as_ref())
        .map(|row| row.id.as_str())
        .collect();
    (!unchanged.is_empty()).then(|| {
        Diagnostic::note(
            Some(indicators.location.clone()),
            format!(
                "{} of {} indicators {} the same period as the previous edition: {}",
                unchanged.len(),
                indicators.rows.len(),
                if unchanged.len() == 1 { "shows" } else { "show" },
                unchanged.join(", ")
            ),
        )
        .with_hint("where a newer value has been published, add it to content/series.yaml with `since` this year")
    })
}

fn unknown_figure(reference: &FigureReference, named: &BTreeMap<String, Figure>) -> Diagnostic {
    let message = match reference.referrer {
        Referrer::Prose => format!("the text refers to `{{{{ {} }}}}`, but there is no such figure", reference.name),
        Referrer::Table => format!("the table names the figure `{}`, but there is no such figure", reference.name),
        Referrer::Chart => format!("the chart names the figure `{}`, but there is no such figure", reference.name),
        Referrer::Callout => format!("the callout names the figure `{}`, but there is no such figure", reference.name),
    };
    let diagnostic = Diagnostic::error(Some(reference.location.clone()), message);
    let no_previous = !named.keys().any(|name| names::is_previous(name));
    match did_you_mean(&reference.name, named.keys().map(String::as_str)) {
        _ if names::is_previous(&reference.name) && no_previous => diagnostic.with_hint(
            "`previous.<name>` is a figure of the edition before this one; there is none, or it has \
             errors (check it with `koers check --edition <year>`)",
        ),
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic.with_hint(
            "figures are `<file>.<name>` as declared under `figures:` (e.g. werk.adb_garanties), or \
             `<table id>.<row label>.<field>` with fields ambition, realised_total, realised_<year>, percentage",
        ),
    }
}

/// Compares what the report states with what koers computes; a difference beyond the stated
/// precision is a warning at the stated value's line.
fn check_stated(row: &RealisationRow, figures: &Realisation, warnings: &mut Vec<Diagnostic>) {
    let mut warn = |location: &Location, message: String| {
        warnings.push(Diagnostic::warning(Some(location.clone()), message));
    };
    if let Some((stated, at)) = &row.stated.ambition
        && *stated != figures.ambition
    {
        warn(
            at,
            format!(
                "`{}`: stated ambition {}, but its parts add up to {}",
                row.label,
                count(*stated),
                count(figures.ambition)
            ),
        );
    }
    if let Some((stated, at)) = &row.stated.realised
        && *stated != figures.realised
    {
        warn(
            at,
            format!(
                "`{}`: stated realisations {}, but the parts add up to {}",
                row.label,
                counts(stated),
                counts(&figures.realised)
            ),
        );
    }
    if let Some((stated, at)) = &row.stated.percentage {
        let decimals = decimals_of(*stated);
        if !figures.percentage.is_some_and(|computed| derived::agrees_as_printed(*stated, computed)) {
            warn(
                at,
                format!(
                    "`{}`: stated {}%, but {} of {} is {}%",
                    row.label,
                    number(*stated, decimals),
                    count(figures.total),
                    count(figures.ambition),
                    figures.percentage.map_or("–".to_owned(), |p| number(p, 2))
                ),
            );
        }
    }
}

fn count(value: u64) -> String {
    number(value as f64, 0)
}

fn counts(values: &[u64]) -> String {
    values.iter().map(|value| count(*value)).collect::<Vec<_>>().join(" en ")
}

/// How a derived figure came about, in figures a reader can check: "1.373 + 657 = 2.030".
fn arithmetic(
    definition: &FigureDefinition,
    figure: Figure,
    declared: &BTreeMap<String, Figure>,
    tables: &BTreeMap<String, Figure>,
) -> Option<String> {
    let value_of = |name: &FigureName| declared.get(&name.name).or_else(|| tables.get(&name.name)).map(|f| f.text());
    // Shares and progress with two decimals, so a rounding difference is visible.
    let precise = Figure { decimals: 2, ..figure }.text();
    Some(match &definition.kind {
        FigureKind::Raw { .. } | FigureKind::Range { .. } => return None,
        FigureKind::Sum(parts) => {
            format!("{} = {}", parts.iter().map(value_of).collect::<Option<Vec<_>>>()?.join(" + "), figure.text())
        }
        FigureKind::Difference(a, b) => format!("{} − {} = {}", value_of(a)?, value_of(b)?, figure.text()),
        FigureKind::Growth { from, to } => format!("{} → {} is {precise}", value_of(from)?, value_of(to)?),
        FigureKind::Share { part, of } => format!("{} of {} is {precise}", value_of(part)?, value_of(of)?),
        FigureKind::Part { share, of } => format!("{} of {} is {precise}", value_of(share)?, value_of(of)?),
        FigureKind::Progress { baseline, current, target } => format!(
            "({} − {}) / ({} − {}) is {precise}",
            value_of(current)?,
            value_of(baseline)?,
            value_of(target)?,
            value_of(baseline)?
        ),
    })
}

/// Each value the report states for a declared figure must equal the computed one at the
/// stated precision; otherwise a warning at the stated value, showing the arithmetic.
fn check_declared(
    definition: &FigureDefinition,
    figure: Figure,
    declared: &BTreeMap<String, Figure>,
    tables: &BTreeMap<String, Figure>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(at) = &definition.stated_location else { return };
    let arithmetic = arithmetic(definition, figure, declared, tables);
    for stated in &definition.stated {
        let as_stated = Figure { value: *stated, decimals: decimals_of(*stated), ..figure };
        if !derived::agrees_as_printed(*stated, figure.value) {
            let mut message = format!("`{}`: the report states {}", definition.name, as_stated.text());
            if let Some(arithmetic) = &arithmetic {
                message.push_str(&format!(", but {arithmetic}"));
            } else {
                message.push_str(&format!(", but the value is {}", figure.text()));
            }
            warnings.push(match &definition.known_issue {
                Some(reason) => Diagnostic::note(Some(at.clone()), message).with_hint(format!("known issue: {reason}")),
                None => Diagnostic::warning(Some(at.clone()), message),
            });
        }
    }
}
