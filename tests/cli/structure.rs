//! The shape of the code, checked like behaviour: every stage imports only leaves and the stages
//! before it, no two modules import each other, and files and functions stay small enough to read.
//! Reads the `use` lines and paths written in `src/` (not what re-exports resolve to).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Modules any stage may use; they use only each other.
const LEAVES: &[&str] = &["diag", "read", "memory", "nl", "project", "resources"];
/// The pipeline's stages in order: each may use the ones before it.
const STAGES: &[&str] = &["content", "model", "figures", "charts", "render", "typeset", "output"];
/// What runs the stages; may use anything, and no stage or leaf uses it.
const ORCHESTRATION: &[&str] = &["previous", "settings", "pipeline", "watch", "preview", "scaffold", "cli"];

const MAX_FILE_LINES: usize = 500;
const MAX_FUNCTION_LINES: usize = 80;

/// Every source file with its module path (`src/model/indicators/row.rs` → model::indicators::row)
/// and its lines up to its unit tests (tests may reach anywhere).
fn sources() -> Vec<(Vec<String>, PathBuf, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&root).unwrap().with_extension("");
        let mut module: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
            module.pop();
        }
        let lines = fs::read_to_string(&path).unwrap().lines().map(str::to_owned).collect();
        found.push((module, Path::new("src").join(relative).with_extension("rs"), lines));
    }
    found
}

/// The modules a file names (`crate::a::b`, `super::sibling`, `crate::{a, b}`), as absolute paths
/// of at most two segments below the crate, outside comments and unit tests.
fn imports(module: &[String], lines: &[String]) -> BTreeSet<Vec<String>> {
    let code: String = lines
        .iter()
        .take_while(|line| !line.trim_start().starts_with("#[cfg(test)]"))
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| format!("{line}\n"))
        .collect();
    let mut found = BTreeSet::new();
    let is_module = |segment: &str| segment.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    for (at, _) in code.match_indices("crate::").chain(code.match_indices("super::")) {
        if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut base: Vec<String> = Vec::new();
        let mut rest = &code[at..];
        if rest.starts_with("crate::") {
            rest = &rest["crate::".len()..];
        } else {
            base = module.to_vec();
            while let Some(after) = rest.strip_prefix("super::") {
                base.pop();
                rest = after;
            }
        }
        let groups: Vec<&str> = match rest.strip_prefix('{') {
            Some(inner) => inner[..inner.find('}').unwrap_or(inner.len())].split(',').collect(),
            None => vec![rest],
        };
        for group in groups {
            // Module segments up to the first item (`Checker`) or the end of the path.
            let mut segments = Vec::new();
            for segment in group.trim().split("::") {
                let name = segment.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("");
                if !is_module(name) {
                    break;
                }
                segments.push(name);
                if name.len() != segment.len() {
                    break;
                }
            }
            let mut path = base.clone();
            path.extend(segments.iter().map(|s| s.to_string()));
            if !path.is_empty() && path != module {
                found.insert(path);
            }
        }
    }
    found
}

fn rank(top: &str) -> Option<usize> {
    STAGES.iter().position(|stage| *stage == top)
}

#[test]
fn every_stage_imports_only_leaves_and_earlier_stages_and_no_two_modules_import_each_other() {
    let mut problems = Vec::new();
    let mut edges: BTreeSet<(Vec<String>, Vec<String>)> = BTreeSet::new();
    for (module, path, lines) in sources() {
        let Some(top) = module.first() else { continue };
        let known = LEAVES.contains(&top.as_str()) || rank(top).is_some() || ORCHESTRATION.contains(&top.as_str());
        if !known && module.len() == 1 && top != "main" {
            problems.push(format!("{}: a module the structure test does not place; add it to a list", path.display()));
        }
        for used in imports(&module, &lines) {
            let used_top = &used[0];
            let allowed = used_top == top
                || LEAVES.contains(&used_top.as_str())
                || ORCHESTRATION.contains(&top.as_str())
                || top == "main"
                || matches!((rank(top), rank(used_top)), (Some(here), Some(there)) if there < here);
            if !allowed {
                problems.push(format!("{}: {} uses {}", path.display(), module.join("::"), used.join("::")));
            }
            // The two modules that differ below their common parent: a file's own ancestors and
            // descendants are not an edge.
            let common = module.iter().zip(&used).take_while(|(a, b)| a == b).count();
            if common < module.len() && common < used.len() {
                edges.insert((module[..=common].to_vec(), used[..=common].to_vec()));
            }
        }
    }
    for (from, to) in &edges {
        if from < to && edges.contains(&(to.clone(), from.clone())) {
            problems.push(format!("{} and {} import each other", from.join("::"), to.join("::")));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Files a reader can hold in mind (the tests' too), and functions that fit on a screen.
#[test]
fn no_source_file_over_500_lines_and_no_function_over_80() {
    let mut problems = Vec::new();
    for (_, path, lines) in sources() {
        if lines.len() > MAX_FILE_LINES {
            problems.push(format!("{}: {} lines", path.display(), lines.len()));
        }
        for (start, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            let signature =
                trimmed.trim_start_matches("pub ").trim_start_matches("pub(super) ").trim_start_matches("pub(crate) ");
            if !(signature.starts_with("fn ") || signature.starts_with("const fn ")) || line.ends_with(';') {
                continue;
            }
            let indent = &line[..line.len() - trimmed.len()];
            let end = lines[start..].iter().position(|l| *l == format!("{indent}}}")).map_or(0, |n| n + 1);
            if end > MAX_FUNCTION_LINES {
                let name = signature.split(['(', '<']).next().unwrap_or(signature);
                problems.push(format!("{}:{}: `{name}` has {end} lines", path.display(), start + 1));
            }
        }
    }
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    for entry in fs::read_dir(tests).unwrap() {
        let path = entry.unwrap().path();
        let lines = fs::read_to_string(&path).map_or(0, |text| text.lines().count());
        if path.extension().is_some_and(|e| e == "rs") && lines > MAX_FILE_LINES {
            problems.push(format!("{}: {lines} lines", path.display()));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Figure names are built by `model::names` alone, so a name declared in one stage and looked up
/// in another cannot be spelled two ways: every fixture edition (and the bundled one) renders
/// without asking for a figure that does not exist.
#[test]
fn no_view_or_chart_asks_for_a_figure_that_does_not_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut content_dirs = vec![root.join("content")];
    for fixture in fs::read_dir(root.join("tests/fixtures")).unwrap() {
        content_dirs.push(fixture.unwrap().path().join("content"));
    }
    content_dirs.sort();
    let (mut rendered, mut missed) = (0, Vec::new());
    for content_dir in content_dirs {
        for (year, _) in koers::content::discover_editions(&content_dir).unwrap_or_default() {
            let request = koers::settings::Request {
                content_dir: content_dir.clone(),
                edition: Some(year),
                ..Default::default()
            };
            let Ok(settings) = koers::settings::resolve(request) else { continue };
            let prepared = koers::pipeline::prepare(&settings, &mut koers::pipeline::Timings::default());
            if let Ok(prepared) = prepared.output {
                rendered += 1;
                let names = prepared.figures.missed();
                missed.extend(names.into_iter().map(|name| format!("{}/{year}: {name}", content_dir.display())));
            }
        }
    }
    assert!(rendered >= 15, "only {rendered} editions rendered");
    assert!(missed.is_empty(), "{missed:#?}");
}
