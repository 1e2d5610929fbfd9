//! YAML parsing with explicit budgets, turning serde-saphyr's errors into located diagnostics.
//!
//! Content comes from many hands; a broken or hostile file must give an error, never a hang or an
//! exhausted machine. The limits below are far above any real edition file (the whole 2020 edition
//! is about 60 KiB) and far below what would hurt.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, DuplicateKeyPolicy, Location as YamlLocation};

use crate::diag::{Diagnostic, Location, did_you_mean};

/// Largest content file accepted, checked before reading it.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Deepest nesting accepted (the content model needs about 8).
const MAX_DEPTH: usize = 32;
/// Most aliases and anchors accepted in one file (the content model needs none).
const MAX_ALIASES: usize = 1_000;

fn budget() -> Budget {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_nodes = 200_000;
    budget.max_events = 400_000;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ALIASES;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES as usize;
    budget
}

/// Parses one content file. `path` is only used to name the file in errors.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! {
        budget: Some(budget()),
        duplicate_keys: DuplicateKeyPolicy::Error,
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| to_diagnostic(path, &error))
}

/// Converts a YAML location into ours (both are 1-based; serde-saphyr uses 0 for unknown).
pub fn location(path: &Path, at: &YamlLocation) -> Location {
    Location::new(path, at.line() as usize, at.column() as usize)
}

fn to_diagnostic(path: &Path, error: &serde_saphyr::Error) -> Diagnostic {
    let located = error.location().filter(|at| at.line() > 0);
    let message = plain_message(error);
    let hint = hint_for(&message);
    let diagnostic =
        Diagnostic::error(Some(located.map(|at| location(path, &at)).unwrap_or_else(|| Location::file(path))), message);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// serde-saphyr's rendering carries its own position prefix and a source snippet; we print the
/// position ourselves, so keep only the first line of the message itself.
fn plain_message(error: &serde_saphyr::Error) -> String {
    let rendered = error.without_snippet().to_string();
    let first = rendered.lines().next().unwrap_or_default().trim();
    let first = first.strip_prefix("error:").unwrap_or(first).trim();
    strip_position_suffix(first).to_owned()
}

/// Removes a trailing " at line L column C" that duplicates our own prefix.
fn strip_position_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(index) if message[index..].contains("column") => message[..index].trim_end(),
        _ => message,
    }
}

fn hint_for(message: &str) -> Option<String> {
    if message.contains("tab") {
        return Some("YAML indents with spaces; replace the tab characters by spaces".into());
    }
    if message.contains("duplicate") {
        return Some("each key may appear once in a mapping; remove or rename one of them".into());
    }
    if message.contains("unknown field") {
        return suggest_field(message);
    }
    if let Some(field) = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
        return Some(example_of(field));
    }
    if message.starts_with("invalid u") {
        return Some("a count is expected here: a whole number, 0 or more".into());
    }
    if message.starts_with("invalid i") {
        return Some("a whole number is expected here, e.g. 2020".into());
    }
    if message.contains("Documents") {
        return Some("a content file holds one YAML document; remove the `---` line and what follows, or move it to its own file".into());
    }
    if message.contains("Aliases") || message.contains("Anchors") {
        return Some(format!("a content file may use at most {MAX_ALIASES} aliases (`*name`) and anchors (`&name`)"));
    }
    if message.contains("recursion limit") || message.contains("Depth") {
        return Some(format!("the file is nested too deeply; content files nest at most {MAX_DEPTH} levels"));
    }
    if message.contains("Nodes") || message.contains("Events") || message.contains("ScalarBytes") {
        return Some("the file is far larger than any report needs; split it or remove repeated parts".into());
    }
    if message.starts_with("invalid f") {
        return Some("a number is expected here, with a decimal point: 12.5".into());
    }
    None
}

/// What to write for a required field that is missing: a minimal example of it.
fn example_of(field: &str) -> String {
    let example = match field {
        "year" => "year: 2021",
        "title" => "title: School",
        "subtitle" => "subtitle: Voortgangsrapportage",
        "author" => "author: Nationaal Programma Rotterdam Zuid",
        "inleiding" => "inleiding: Waar dit verslag over gaat, in een paar zinnen.",
        "intro" => "intro: Eén of twee zinnen die het hoofdstuk openen.",
        "voorwoord" => "voorwoord: {lead: Het jaar in één zin., text: Het voorwoord., signatories: []}",
        "lead" => "lead: Het jaar in één zin.",
        "text" => "text: De tekst, in Markdown.",
        "body" => "body: De tekst, in Markdown.",
        "sections" => "sections: [{heading: Kop, body: Tekst.}]",
        "heading" => "heading: Kop",
        "ambition" => "ambition: {subject: zuid, comparator: g4, closure_target: 25}",
        "subject" => "subject: zuid",
        "comparator" => "comparator: g4",
        "closure_target" => "closure_target: 25",
        "areas" => "areas: [{id: zuid, label: Zuid}, {id: g4, label: G4}]",
        "indicators" => "indicators: [{id: cito, label: Cito-score, unit: number, values: {zuid: 531.2, g4: 534.0}}]",
        "id" => "id: cito",
        "label" => "label: Cito-score",
        "period" => "period: \"2019\"",
        "values" => "values: {zuid: 531.2, g4: 534.0}",
        "from" => "from: 2011",
        "to" => "to: 2021",
        "milestones" => "milestones: [{year: \"2015\", text: Start}]",
        "kind" => "kind: bars",
        "categories" => "categories: [\"2019\", \"2020\"]",
        "series" => "series: [{name: Zuid, figures: [a_2019, a_2020]}]",
        "columns" => "columns: [Soort, Aantal]",
        "rows" => "rows: [{labels: [Totaal], figures: [totaal]}]",
        "labels" => "labels: [Totaal]",
        "years" => "years: [2019, 2020]",
        "ambition_label" => "ambition_label: Ambitie 2019-2022",
        "path" => "path: images/foto.jpg",
        "alt" => "alt: Wat de foto laat zien, voor wie hem niet ziet.",
        "signatories" => "signatories: [{name: Naam, role: voorzitter}]",
        "name" => "name: Naam",
        "role" => "role: voorzitter",
        "items" => "items: [Eerste, Tweede]",
        "share" => "share: {part: a, of: b}",
        "part" => "part: a",
        "of" => "of: b",
        "since" => "since: 2021",
        _ => return format!("add `{field}:` here"),
    };
    format!("add it, for example `{example}`")
}

/// "unknown field `titel`, expected one of title, intro" → "did you mean `title`?".
fn suggest_field(message: &str) -> Option<String> {
    let unknown = message.split('`').nth(1)?;
    let expected: Vec<&str> = message
        .split_once("expected one of ")
        .map(|(_, list)| list.split(", ").map(|field| field.trim().trim_matches('`')).collect())
        .or_else(|| message.split_once("expected ").map(|(_, one)| vec![one.trim().trim_matches('`')]))
        .unwrap_or_default();
    match did_you_mean(unknown, expected.iter().copied()) {
        Some(hint) => Some(hint),
        None if !expected.is_empty() => Some(format!(
            "the fields allowed here are {}",
            expected.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
        )),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        intro: Option<String>,
    }

    fn error_for(text: &str) -> String {
        parse::<Sample>(Path::new("x.yaml"), text).unwrap_err().to_string()
    }

    #[test]
    fn unknown_field_is_located_with_a_suggestion() {
        let message = error_for("title: a\ntitel: b\n");
        assert!(message.starts_with("x.yaml:2:1: error: unknown field `titel`"), "{message}");
        assert!(message.contains("did you mean `title`?"), "{message}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let message = error_for("title: a\ntitle: b\n");
        assert!(message.starts_with("x.yaml:2:"), "{message}");
        assert!(message.contains("duplicate"), "{message}");
    }

    #[test]
    fn alias_bombs_hit_the_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        text.push_str("title: t\n");
        let message = error_for(&text);
        assert!(message.contains("error:"), "{message}");
    }
}
