//! The implementation plan an edition reports on (`plan: {from: 2019, to: 2022}` in report.yaml):
//! each edition has its own, since the programme works in plans of a few years. Its years are
//! figures (`plan.from`, `plan.to`, `plan.year`: which year of the plan this is, `plan.years`,
//! `plan.elapsed`: the share of the plan behind us at the end of the year reported on), so prose
//! names "Uitvoeringsplan {{ plan.from }}-{{ plan.to }}" instead of typing it each year.

use super::{Checker, FIRST_YEAR, FigureDefinition, FigureKind, LAST_YEAR, RealisationTable, Unit, decimals_of};
use crate::content::files::PlanFile;
use crate::diag::Diagnostic;

#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub from: i32,
    pub to: i32,
}

impl Checker<'_> {
    /// Validates the plan period against the edition's year and declares its figures. Returns
    /// the plan and, if the year lies outside it, a warning.
    pub(super) fn plan(
        &mut self,
        file: PlanFile,
        year: i32,
        definitions: &mut Vec<FigureDefinition>,
    ) -> (Option<Plan>, Option<Diagnostic>) {
        let at = self.at(&file.from.referenced).expect("a located span");
        let (from, to) = (file.from.value, file.to.value);
        if !(FIRST_YEAR..=LAST_YEAR).contains(&from) || to < from || to > LAST_YEAR {
            self.problems.push(
                Diagnostic::error(self.at(&file.to.referenced), format!("{from}-{to} is not a plan period")).with_hint(
                    format!(
                        "give the plan's first and last year, from {FIRST_YEAR} on, e.g. `{{from: 2019, to: 2022}}`"
                    ),
                ),
            );
            return (None, None);
        }
        let outside = !(from..=to).contains(&year);
        let warning = outside.then(|| {
            Diagnostic::warning(
                Some(at.clone()),
                format!("the {year} edition lies outside its plan period {from}-{to}"),
            )
            .with_hint("set `plan:` to the implementation plan this year belongs to")
        });
        let year_in_plan = (year - from + 1).clamp(0, to - from + 1);
        let years = to - from + 1;
        for (name, value, unit) in [
            ("from", f64::from(from), Unit::Year),
            ("to", f64::from(to), Unit::Year),
            ("year", f64::from(year_in_plan), Unit::Count),
            ("years", f64::from(years), Unit::Count),
            ("elapsed", f64::from(year_in_plan) / f64::from(years) * 100.0, Unit::Percent),
        ] {
            let name = super::names::plan(name);
            definitions.push(FigureDefinition::declared(
                name,
                FigureKind::Raw { value, written: decimals_of(value) },
                Some(unit),
                Some(0),
                at.clone(),
            ));
        }
        (Some(Plan { from, to }), warning)
    }
}

/// Realisation tables counting years outside the plan period: a table copied from an edition
/// of another plan and not brought up to date.
pub fn tables_outside(plan: Plan, tables: &[&RealisationTable]) -> Vec<Diagnostic> {
    tables
        .iter()
        .filter_map(|table| {
            let outside: Vec<String> =
                table.years.iter().filter(|year| !(plan.from..=plan.to).contains(*year)).map(i32::to_string).collect();
            (!outside.is_empty()).then(|| {
                Diagnostic::warning(
                    Some(table.location.clone()),
                    format!(
                        "table `{}` counts {}, outside the plan period {}-{}",
                        table.id,
                        outside.join(", "),
                        plan.from,
                        plan.to
                    ),
                )
                .with_hint("a realisation table counts the years of the edition's plan; update `years`")
            })
        })
        .collect()
}
