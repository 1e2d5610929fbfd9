//! `figures.csv`: every figure of the edition with its value, its text as printed and how it came
//! about (the rule, the names of its inputs, its source and `file:line`, the stated value and
//! whether it agrees).

use std::collections::BTreeMap;

use super::{FIGURES_FILE, Table, number};
use crate::diag::Location;
use crate::figures::{Figure, Figures, derived::agrees_as_printed};
use crate::model::{Edition, FigureDefinition, FigureKind, Unit, names};

/// Where a figure is written, as `file.yaml:line`, the same on every machine.
fn place(location: &Location) -> String {
    let file = location.path.rsplit(['/', '\\']).next().unwrap_or(&location.path);
    if location.line == 0 { file.to_owned() } else { format!("{file}:{}", location.line) }
}

fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "aantal",
        Unit::Number => "getal",
        Unit::Thousands => "duizendtallen",
        Unit::Course => "koers",
        Unit::Percent => "procent",
        Unit::PercentagePoint => "procentpunt",
        Unit::Euro => "euro",
        Unit::EuroMillions => "miljoen euro",
        Unit::EuroBillions => "miljard euro",
        Unit::Year => "jaar",
    }
}

/// How a figure came about: a rule, the names of its inputs, its source and where it is written.
struct Provenance {
    derivation: String,
    inputs: Vec<String>,
    source: String,
    place: String,
    stated: String,
    check: String,
}

fn provenance(
    name: &str,
    figure: Figure,
    edition: &Edition,
    declared: &BTreeMap<&str, &FigureDefinition>,
) -> Provenance {
    let mut found = Provenance {
        derivation: String::new(),
        inputs: Vec::new(),
        source: String::new(),
        place: String::new(),
        stated: String::new(),
        check: String::new(),
    };
    if let Some(definition) = declared.get(name) {
        declared_provenance(definition, figure.value, &mut found);
        return found;
    }
    let (derivation, place) = family(name, edition);
    found.derivation = derivation;
    found.place = place.map(|at| self::place(&at)).unwrap_or_default();
    found
}

fn declared_provenance(definition: &FigureDefinition, computed: f64, found: &mut Provenance) {
    let names = |list: &[&crate::model::FigureName]| list.iter().map(|n| n.name.clone()).collect();
    let (derivation, inputs): (&str, Vec<String>) = match &definition.kind {
        FigureKind::Raw { .. } => ("waarde", Vec::new()),
        FigureKind::Range { .. } => ("bereik", Vec::new()),
        FigureKind::Sum(parts) => ("som", parts.iter().map(|n| n.name.clone()).collect()),
        FigureKind::Difference(a, b) => ("verschil", names(&[a, b])),
        FigureKind::Growth { from, to } => ("groei in procent", names(&[from, to])),
        FigureKind::Share { part, of } => ("aandeel in procent", names(&[part, of])),
        FigureKind::Part { share, of } => ("deel van", names(&[share, of])),
        FigureKind::Progress { baseline, current, target } => {
            ("voortgang naar het doel", names(&[baseline, current, target]))
        }
    };
    found.derivation = derivation.to_owned();
    found.inputs = inputs;
    found.source = definition.source.clone().unwrap_or_default();
    found.place = place(&definition.location);
    found.stated = definition.stated.iter().map(|value| number(*value)).collect::<Vec<_>>().join(" ");
    found.check = check(definition, computed);
}

/// The stated values against the computed one: `klopt`, `wijkt af`, or the known issue.
fn check(definition: &FigureDefinition, computed: f64) -> String {
    if definition.stated.is_empty() {
        String::new()
    } else if definition.stated.iter().all(|stated| agrees_as_printed(*stated, computed)) {
        "klopt".to_owned()
    } else {
        match &definition.known_issue {
            Some(reason) => format!("wijkt af (bekend: {reason})"),
            None => "wijkt af".to_owned(),
        }
    }
}

/// The rule by which koers made a figure that content does not declare, from its name.
fn family(name: &str, edition: &Edition) -> (String, Option<Location>) {
    if names::is_previous(name) {
        return ("vorige editie".to_owned(), None);
    }
    let parts: Vec<&str> = name.split('.').collect();
    if let Some(table) = edition.chapters.iter().flat_map(|c| c.tables()).find(|t| t.id == parts[0]) {
        let what = match parts.last().copied() {
            Some("ambition") => "ambitie uit de tabel",
            Some("percentage") => "gerealiseerd deel van de ambitie (totaal / ambitie)",
            Some("realised_total") => "som van de realisaties",
            _ => "realisatie uit de tabel (groepen: som van de delen)",
        };
        return (format!("{what} `{}`", table.id), Some(table.location.clone()));
    }
    let indicator = edition.indicators.as_ref().and_then(|indicators| {
        let row = indicators.rows.iter().find(|row| parts.get(1) == Some(&row.id.as_str()))?;
        Some((row.location.clone(), indicators.location.clone()))
    });
    let rule = match (parts[0], parts.last().copied()) {
        ("indicators", Some("baseline")) => "basismeting van de indicator",
        ("indicators", Some("change")) => "verschil met de vorige editie",
        ("indicators", Some("gap_closed")) => "deel van de achterstand ingelopen sinds de basismeting",
        ("indicators", Some("target" | "target_year")) => "doel van de indicator",
        ("indicators", Some("on_course")) => "koers naar het doel",
        ("indicators", Some("reached_target" | "assessed" | "without_result")) => "telling over de kerncijfers",
        ("indicators", _) => "waarde van de indicator",
        ("activities", _) => "telling over de activiteitenlijst",
        ("series", _) => "waarneming uit de reeks (series.yaml)",
        ("plan", _) => "uit het uitvoeringsplan",
        _ => "berekend door koers",
    };
    let location = match parts[0] {
        "indicators" => indicator.map(|(row, all)| if parts.len() > 2 { row } else { all }),
        _ => None,
    };
    (rule.to_owned(), location)
}

/// Every figure the edition has, by name: the ones the report prints and the inputs they are
/// computed from.
pub(super) fn figures_table(edition: &Edition, figures: &Figures) -> Table {
    let declared: BTreeMap<&str, &FigureDefinition> = edition.figures.iter().map(|d| (d.name.as_str(), d)).collect();
    let rows = figures
        .named
        .iter()
        .map(|(name, figure)| {
            let found = provenance(name, *figure, edition, &declared);
            vec![
                name.clone(),
                number(figure.value),
                figure.upper.map_or(String::new(), number),
                unit_name(figure.unit).to_owned(),
                figure.text(),
                found.derivation,
                found.inputs.join(" "),
                found.source,
                found.place,
                found.stated,
                found.check,
            ]
        })
        .collect();
    let column = |name: &str, kind, description: &str| (name.to_owned(), kind, description.to_owned());
    Table {
        file: FIGURES_FILE.to_owned(),
        title: "Alle cijfers van de editie, met hun herkomst".to_owned(),
        columns: vec![
            column("naam", "string", "De naam van het cijfer, zoals de teksten het noemen ({{ naam }})"),
            column("waarde", "number", "De waarde, met een decimale punt en volledige precisie"),
            column("tot", "number", "Bij een bereik (6 tot 10): de bovengrens"),
            column("eenheid", "string", "aantal, procent, procentpunt, euro, miljoen euro, …"),
            column("tekst", "string", "Het cijfer zoals het rapport het drukt"),
            column("afleiding", "string", "Hoe het cijfer tot stand komt"),
            column("invoer", "string", "De namen van de cijfers waaruit het is berekend, gescheiden door spaties"),
            column("bron", "string", "De bron, zoals het programmabureau die opgeeft"),
            column("bestand", "string", "Waar het cijfer in de content staat (bestand:regel)"),
            column("vermeld", "string", "Wat het gedrukte rapport vermeldt, om mee te vergelijken"),
            column("controle", "string", "klopt of wijkt af: de vermelde waarde tegen de berekende"),
        ],
        rows,
        origin: None,
    }
}
