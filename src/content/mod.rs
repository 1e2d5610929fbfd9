//! Content stage: finds an edition's files (walkdir), reads them, and parses them into the
//! structs of [`files`], reporting every problem of every file at `file:line:col` in one pass.
//!
//! This stage knows file names and YAML; it knows no business rules (those live in `model`).

pub mod files;
pub mod yaml;

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Location};
use files::{ActivitiesFile, IndicatorsFile, PillarFile, ReportFile, TimeSeriesFile};

/// The chapter files an edition may have, in chapter order: the five pillars, then the
/// programme's organisation and finances.
pub const CHAPTER_FILES: [&str; 6] = ["thuisbasis", "school", "werk", "wonen", "veiligheid", "organisatie"];

/// The optional activity-status file.
pub const ACTIVITIES_FILE: &str = "activities";

/// The edition file every edition folder must have.
pub const REPORT_FILE: &str = "report.yaml";

/// The optional key-figures file.
pub const INDICATORS_FILE: &str = "indicators";

/// The optional file of series shared by all editions, beside the edition folders.
pub const SERIES_FILE: &str = "series.yaml";

/// One edition's files, parsed but not yet validated.
#[derive(Debug)]
pub struct EditionFiles {
    /// The edition folder, e.g. `content/2020`.
    pub dir: PathBuf,
    pub report: Parsed<ReportFile>,
    /// In chapter order; only the pillars that have a file.
    pub pillars: Vec<Parsed<PillarFile>>,
    pub indicators: Option<Parsed<IndicatorsFile>>,
    pub activities: Option<Parsed<ActivitiesFile>>,
    /// `content/series.yaml`, shared with the other editions.
    pub series: Option<Parsed<TimeSeriesFile>>,
    /// Texts still to write (left by `koers new`).
    pub placeholders: Vec<Location>,
}

/// A parsed file with the path it came from (for later errors).
#[derive(Debug)]
pub struct Parsed<T> {
    pub path: PathBuf,
    /// The file stem, e.g. `school`.
    pub name: String,
    pub data: T,
}

/// The edition folders under `content_dir` (four-digit names), oldest first.
pub fn discover_editions(content_dir: &Path) -> Result<Vec<(i32, PathBuf)>, Diagnostic> {
    let mut editions = Vec::new();
    for entry in WalkDir::new(content_dir).min_depth(1).max_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|error| {
            Diagnostic::error(Some(Location::file(content_dir)), format!("cannot read the content folder: {error}"))
        })?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir()
            && name.len() == 4
            && let Ok(year) = name.parse::<i32>()
        {
            editions.push((year, entry.into_path()));
        }
    }
    Ok(editions)
}

/// Reads and parses every file of the edition in `dir`. Returns what parsed (if the report did)
/// together with every problem, so later stages can still check the files that are fine.
pub fn load_edition(dir: &Path) -> (Option<EditionFiles>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut report = None;
    let mut pillars = Vec::new();
    let mut indicators = None;
    let mut activities = None;
    let mut placeholders = Vec::new();
    let mut pillar_files = 0;

    for path in yaml_files(dir, &mut problems) {
        let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let file_name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if file_name == REPORT_FILE {
            report = parse_file::<ReportFile>(&path, &mut problems, &mut placeholders).map(|data| Parsed {
                path,
                name,
                data,
            });
        } else if name == INDICATORS_FILE {
            indicators = parse_file::<IndicatorsFile>(&path, &mut problems, &mut placeholders).map(|data| Parsed {
                path,
                name,
                data,
            });
        } else if name == ACTIVITIES_FILE {
            activities = parse_file::<ActivitiesFile>(&path, &mut problems, &mut placeholders).map(|data| Parsed {
                path,
                name,
                data,
            });
        } else if CHAPTER_FILES.contains(&name.as_str()) {
            pillar_files += 1;
            if let Some(data) = parse_file::<PillarFile>(&path, &mut problems, &mut placeholders) {
                pillars.push(Parsed { path, name, data });
            }
        } else {
            problems.push(unknown_file(&path, &name));
        }
    }
    pillars.sort_by_key(|pillar| CHAPTER_FILES.iter().position(|known| *known == pillar.name));

    let report_path = dir.join(REPORT_FILE);
    if report.is_none() && !report_path.exists() {
        problems.push(
            Diagnostic::error(Some(Location::file(&report_path)), "the edition has no report.yaml")
                .with_hint("every edition folder needs a report.yaml with year, title, inleiding and voorwoord"),
        );
    }
    if pillar_files == 0 {
        problems.push(Diagnostic::error(Some(Location::file(dir)), "the edition has no pillar files").with_hint(
            format!(
                "add at least one of {}",
                CHAPTER_FILES.iter().map(|p| format!("{p}.yaml")).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let series = dir.parent().map(|content| content.join(SERIES_FILE)).filter(|path| path.is_file()).and_then(|path| {
        parse_file::<TimeSeriesFile>(&path, &mut problems, &mut placeholders).map(|data| Parsed {
            path,
            name: "series".to_owned(),
            data,
        })
    });
    let files = report.map(|report| EditionFiles {
        dir: dir.to_path_buf(),
        report,
        pillars,
        indicators,
        activities,
        series,
        placeholders,
    });
    (files, problems)
}

/// The `.yaml`/`.yml` files directly in `dir`, sorted by name (deterministic order).
fn yaml_files(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in WalkDir::new(dir).min_depth(1).max_depth(1).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.into_path();
                match path.extension().and_then(|e| e.to_str()) {
                    Some("yaml") => found.push(path),
                    Some("yml") => problems.push(
                        Diagnostic::error(Some(Location::file(&path)), "content files end in `.yaml`")
                            .with_hint("rename the file to end in `.yaml`"),
                    ),
                    _ => {}
                }
            }
            Ok(_) => {}
            Err(error) => problems.push(Diagnostic::error(Some(Location::file(dir)), format!("cannot read: {error}"))),
        }
    }
    found
}

fn parse_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    problems: &mut Vec<Diagnostic>,
    placeholders: &mut Vec<Location>,
) -> Option<T> {
    let parsed = read_text(path).and_then(|text| {
        placeholders.extend(find_placeholders(path, &text));
        if text.trim().is_empty() {
            return Err(Diagnostic::error(Some(Location::file(path)), "the file is empty")
                .with_hint("fill it in (see another edition's file of the same name), or delete it"));
        }
        yaml::parse(path, &text)
    });
    parsed.map_err(|problem| problems.push(problem)).ok()
}

/// Marks the texts `koers new` left for the bureau to write; `check` lists them.
pub const PLACEHOLDER: &str = "[TE SCHRIJVEN]";

/// Where each placeholder stands in a file's text (comments aside).
fn find_placeholders(path: &Path, text: &str) -> Vec<Location> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with('#'))
        .filter_map(|(index, line)| {
            let col = line.find(PLACEHOLDER)?;
            Some(Location::new(path, index + 1, line[..col].chars().count() + 1))
        })
        .collect()
}

/// Reads a content file as UTF-8 text, refusing oversized files before reading them.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let at = || Some(Location::file(path));
    let metadata =
        fs::metadata(path).map_err(|error| Diagnostic::error(at(), format!("cannot read the file: {error}")))?;
    if metadata.len() > yaml::MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            at(),
            format!(
                "the file is {} bytes; content files may be at most {} bytes",
                metadata.len(),
                yaml::MAX_FILE_BYTES
            ),
        ));
    }
    let bytes = fs::read(path).map_err(|error| Diagnostic::error(at(), format!("cannot read the file: {error}")))?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
            Err(Diagnostic::error(Some(Location::new(path, line, col)), "the file is not valid UTF-8 text")
                .with_hint("save the file as UTF-8 (most editors offer this under 'Save as' or 'Encoding')"))
        }
    }
}

fn unknown_file(path: &Path, name: &str) -> Diagnostic {
    let closest = CHAPTER_FILES
        .iter()
        .chain(["report", INDICATORS_FILE, ACTIVITIES_FILE].iter())
        .min_by_key(|known| yaml::edit_distance(name, known));
    let diagnostic =
        Diagnostic::error(Some(Location::file(path)), format!("`{name}.yaml` is not a known content file"));
    match closest {
        Some(known) if yaml::edit_distance(name, known) <= 2 => {
            diagnostic.with_hint(format!("did you mean `{known}.yaml`?"))
        }
        _ => diagnostic.with_hint(format!(
            "an edition holds report.yaml, {INDICATORS_FILE}.yaml, {ACTIVITIES_FILE}.yaml and chapter files named {}",
            CHAPTER_FILES.iter().map(|p| format!("{p}.yaml")).collect::<Vec<_>>().join(", ")
        )),
    }
}
