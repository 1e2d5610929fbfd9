//! Which chapter files an edition has, in what order: the list `chapters:` in report.yaml when it
//! gives one (any chapter, also beyond the programme's pillars), else the bundled order of the
//! five pillars and organisatie.

use std::path::Path;

use super::files::ReportFile;
use super::is_identifier;
use super::yaml::location;
use super::{ACTIVITIES_FILE, CHAPTER_FILES, INDICATORS_FILE, Parsed, SERIES_FILE};
use crate::diag::{Diagnostic, Location, did_you_mean};

/// The chapters of an edition, by file stem, in their order.
pub(super) struct ChapterOrder {
    pub names: Vec<String>,
    /// Where report.yaml lists them, when it does.
    pub listed_at: Option<Location>,
}

impl ChapterOrder {
    /// The order report.yaml lists (each name a usable id, not another content file's, once), or
    /// the bundled one.
    pub fn of(report: Option<&Parsed<ReportFile>>, problems: &mut Vec<Diagnostic>) -> Self {
        let Some((report, listed)) = report.and_then(|report| Some((report, report.data.chapters.as_ref()?))) else {
            return Self { names: CHAPTER_FILES.iter().map(|name| (*name).to_owned()).collect(), listed_at: None };
        };
        let at = location(&report.path, &listed.referenced);
        let reserved = ["report", INDICATORS_FILE, ACTIVITIES_FILE, SERIES_FILE.trim_end_matches(".yaml")];
        let mut names: Vec<String> = Vec::new();
        for name in &listed.value {
            let problem = if !is_identifier(name) {
                Some(format!("`{name}` is not a usable chapter name (lower-case letters, digits and `_`)"))
            } else if reserved.contains(&name.as_str()) {
                Some(format!("`{name}.yaml` is another kind of content file, not a chapter"))
            } else if names.contains(name) {
                Some(format!("`{name}` is listed twice"))
            } else {
                None
            };
            match problem {
                Some(message) => problems.push(Diagnostic::error(Some(at.clone()), message)),
                None => names.push(name.clone()),
            }
        }
        if listed.value.is_empty() {
            problems.push(Diagnostic::error(Some(at.clone()), "`chapters` lists no chapter"));
        }
        Self { names, listed_at: Some(at) }
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|known| known == name)
    }

    /// A listed chapter without its file is an error at the list.
    pub fn missing(&self, found: &[String]) -> Vec<Diagnostic> {
        let Some(at) = &self.listed_at else { return Vec::new() };
        self.names
            .iter()
            .filter(|name| !found.contains(name))
            .map(|name| {
                Diagnostic::error(Some(at.clone()), format!("`chapters` lists `{name}`, but there is no {name}.yaml"))
                    .with_hint(format!("add {name}.yaml to the edition folder, or remove `{name}` from `chapters`"))
            })
            .collect()
    }

    /// A YAML file that is neither a chapter of this edition nor another content file.
    pub fn unknown_file(&self, path: &Path, name: &str) -> Diagnostic {
        let file_name = format!("{name}.yaml");
        let diagnostic =
            Diagnostic::error(Some(Location::file(path)), format!("`{file_name}` is not a known content file"));
        if self.listed_at.is_some() {
            return diagnostic.with_hint(format!(
                "add `{name}` to `chapters` in report.yaml to print it as a chapter, or remove it"
            ));
        }
        let known: Vec<String> = self
            .names
            .iter()
            .map(String::as_str)
            .chain(["report", INDICATORS_FILE, ACTIVITIES_FILE])
            .map(|known| format!("{known}.yaml"))
            .collect();
        if let Some(lower) =
            known.iter().find(|known| **known != file_name && known.to_lowercase() == file_name.to_lowercase())
        {
            return diagnostic.with_hint(format!(
                "rename it to `{lower}`: file names are read as written, on Windows and macOS as on Linux"
            ));
        }
        match did_you_mean(&file_name, known.iter().map(String::as_str)) {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic.with_hint(format!(
                "an edition holds report.yaml, {INDICATORS_FILE}.yaml, {ACTIVITIES_FILE}.yaml and chapter files named {} \
                 (or those report.yaml lists under `chapters`)",
                CHAPTER_FILES.iter().map(|p| format!("{p}.yaml")).collect::<Vec<_>>().join(", ")
            )),
        }
    }
}
