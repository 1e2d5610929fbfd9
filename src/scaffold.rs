//! `koers new <year>`: starts an edition from the newest one. Structure, figures, indicators,
//! targets, timelines and partner lists are copied; every multi-line text is replaced by a
//! `[TE SCHRIJVEN]` placeholder (with the first words of last year's text as a reminder), which
//! `koers check` lists until each is written. Returns a checklist of what else to bring up to
//! date, per file.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::content::files::{FigureFile, RealisationRowFile, RealisationTableFile};
use crate::content::{ACTIVITIES_FILE, PLACEHOLDER, SERIES_FILE, discover_editions, load_edition, read_text};
use crate::diag::{Diagnostic, Location};
use crate::model::photos::MAX_PHOTO_BYTES;
use crate::model::{FIRST_YEAR, LAST_YEAR};
use crate::read;

#[derive(Debug)]
pub struct NewEdition {
    pub dir: PathBuf,
    pub from: PathBuf,
    pub from_year: i32,
    /// How many texts are left to write.
    pub placeholders: usize,
    /// Per file of the new edition, in chapter order: what is still last year's.
    pub checklist: Vec<FileToDo>,
    /// Indicators that take their values from `series.yaml`, where this year's are added.
    pub series_indicators: usize,
    pub series_file: PathBuf,
    /// The last year of the copied plan period, if the new edition lies after it.
    pub plan_ended: Option<i32>,
}

/// What is still last year's in one file.
#[derive(Debug, Default)]
pub struct FileToDo {
    pub path: PathBuf,
    pub texts: usize,
    /// Raw values under `figures:` (counts and values), each still last year's.
    pub figures: usize,
    /// Values under `stated:` that quote last year's printed report.
    pub stated: usize,
    /// Realisation tables, which count per year of the plan.
    pub tables: usize,
    /// Activity statuses (`activities.yaml`).
    pub activities: bool,
}

/// Creates `<content>/<year>` from the newest edition before it.
pub fn new_edition(content_dir: &Path, year: i32) -> Result<NewEdition, Diagnostic> {
    let at = || Some(Location::file(content_dir));
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(Diagnostic::error(
            None,
            format!("{year} is not a year koers can report on ({FIRST_YEAR} to {LAST_YEAR})"),
        ));
    }
    let editions = discover_editions(content_dir)?;
    let target = content_dir.join(year.to_string());
    if target.exists() {
        return Err(Diagnostic::error(Some(Location::file(&target)), "this edition exists already")
            .with_hint("edit it, or remove the folder to start it again"));
    }
    let (from_year, from) = editions
        .into_iter()
        .rfind(|(edition, _)| *edition < year)
        .ok_or_else(|| Diagnostic::error(at(), format!("there is no edition before {year} to start from")))?;
    // Every file is read under the content policy before anything is written: a link or a
    // special file in the old edition is refused, never copied in as a regular file.
    let mut problems = Vec::new();
    let files = read::files_under(&from, usize::MAX, &mut problems);
    if let Some(problem) = problems.into_iter().next() {
        return Err(problem);
    }
    let mut texts = BTreeMap::new();
    for path in files {
        let relative = path.strip_prefix(&from).expect("walked below the source edition");
        let destination = target.join(relative);
        let failed = |error: std::io::Error| {
            Diagnostic::error(Some(Location::file(&destination)), format!("cannot write: {error}"))
        };
        if let Some(parent) = destination.parent() {
            fs::create_dir_all(parent).map_err(failed)?;
        }
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = read_text(&path)?;
            let (mut text, count) = with_placeholders(&text, from_year, year);
            if path.file_stem().is_some_and(|stem| stem == ACTIVITIES_FILE) {
                text = without_previous_statuses(&text);
            }
            texts.insert(destination.clone(), count);
            fs::write(&destination, text).map_err(failed)?;
        } else {
            fs::write(&destination, read::regular_file(&path, MAX_PHOTO_BYTES)?).map_err(failed)?;
        }
    }
    Ok(checklist(target, (from, from_year), year, texts))
}

/// Reads the new edition back to list, per file, what is still last year's.
fn checklist(
    dir: PathBuf,
    (from, from_year): (PathBuf, i32),
    year: i32,
    texts: BTreeMap<PathBuf, usize>,
) -> NewEdition {
    let series_file = dir.parent().map(|content| content.join(SERIES_FILE)).unwrap_or_default();
    let placeholders = texts.values().sum();
    let mut edition = NewEdition {
        dir,
        from,
        from_year,
        placeholders,
        checklist: Vec::new(),
        series_indicators: 0,
        series_file,
        plan_ended: None,
    };
    let Ok(files) = load_edition(&edition.dir).output else { return edition };
    let to_do = |path: &Path, figures: Vec<&FigureFile>| FileToDo {
        path: path.to_path_buf(),
        texts: texts.get(path).copied().unwrap_or_default(),
        figures: figures.iter().filter(|f| f.count.is_some() || f.value.is_some()).count(),
        stated: figures.iter().filter(|f| f.stated.is_some()).count(),
        ..FileToDo::default()
    };
    let report_figures = files.report.data.figures.values().map(|figure| &figure.value).collect();
    edition.checklist.push(to_do(&files.report.path, report_figures));
    for chapter in &files.chapters {
        let sections = &chapter.data.sections;
        let tables: Vec<&RealisationTableFile> = sections
            .iter()
            .filter_map(|s| s.table.as_ref())
            .chain(sections.iter().flat_map(|s| &s.subsections).filter_map(|s| s.table.as_ref()))
            .collect();
        let figures = chapter.data.figures.values().map(|f| &f.value).collect();
        let file = to_do(&chapter.path, figures);
        let stated = file.stated + tables.iter().flat_map(|table| &table.rows).map(stated_in_row).sum::<usize>();
        edition.checklist.push(FileToDo { tables: tables.len(), stated, ..file });
    }
    if let Some(indicators) = &files.indicators {
        let stated = indicators.data.indicators.iter().filter_map(|i| i.stated.as_ref()).map(|s| s.value.len()).sum();
        edition.checklist.push(FileToDo { stated, ..to_do(&indicators.path, Vec::new()) });
    }
    if let Some(activities) = &files.activities {
        let stated = activities.data.stated.as_ref().map_or(0, |stated| stated.value.len());
        edition.checklist.push(FileToDo { activities: true, stated, ..to_do(&activities.path, Vec::new()) });
    }
    edition.checklist.retain(|file| file.texts + file.figures + file.stated + file.tables > 0 || file.activities);
    edition.series_indicators = files.indicators.as_ref().map_or(0, |indicators| {
        indicators.data.indicators.iter().filter(|i| i.values.is_none() && i.share_of.is_none()).count()
    });
    edition.plan_ended = files.report.data.plan.map(|plan| plan.to.value).filter(|to| *to < year);
    edition
}

/// Last year's activity list for the new year: every `previous:` status goes, since the new
/// edition takes last year's status from last year's edition.
fn without_previous_statuses(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().filter(|line| !line.trim_start().starts_with("previous:")) {
        match line.find(", previous: ") {
            Some(start) => {
                let rest = &line[start + ", previous: ".len()..];
                out.push_str(&line[..start]);
                out.push_str(&rest[rest.find([',', '}']).unwrap_or(rest.len())..]);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// A realisation table row's (and its parts') printed values, each from last year's report.
fn stated_in_row(row: &RealisationRowFile) -> usize {
    let own = [row.stated_ambition.is_some(), row.stated_realised.is_some(), row.stated_percentage.is_some()];
    own.iter().filter(|stated| **stated).count() + row.parts.iter().map(stated_in_row).sum::<usize>()
}

/// Last year's file for the new year: the year set, the publication date dropped, every block
/// text (`key: |` or `key: >`) replaced by a placeholder, and a reminder on top to update the
/// figures. Returns the text and the number of placeholders.
fn with_placeholders(text: &str, from_year: i32, year: i32) -> (String, usize) {
    let mut out = format!(
        "# Started by `koers new {year}` from edition {from_year}: the marked texts are still to be written,\n\
         # and every figure and `stated:` value is still {from_year}'s. Indicator values come from\n\
         # ../series.yaml: add {year}'s there, as observations with `since: {year}`.\n"
    );
    let mut count = 0;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("published:") {
            continue;
        }
        if trimmed.starts_with("year:") && !line.starts_with(' ') {
            out.push_str(&format!("year: {year}\n"));
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if !is_text_block_header(trimmed) {
            continue;
        }
        // The key's column: content of the block is indented further.
        let key_column = line.len() - trimmed.trim_start_matches("- ").len();
        let mut old = Vec::new();
        while let Some(next) = lines.peek() {
            let indent = next.len() - next.trim_start().len();
            if next.trim().is_empty() || indent > key_column {
                old.extend(next.split_whitespace().map(str::to_owned));
                lines.next();
            } else {
                break;
            }
        }
        let reminder: Vec<String> = old.into_iter().take(10).collect();
        out.push_str(&format!(
            "{}{PLACEHOLDER} Vorig jaar begon deze tekst met: “{} …”\n",
            " ".repeat(key_column + 2),
            // Without braces: ten words may cut a figure reference in two.
            reminder.join(" ").replace('“', "‘").replace('”', "’").replace("{{", "").replace("}}", "")
        ));
        count += 1;
    }
    (out, count)
}

/// The keys whose texts are written anew each year (not sources, legends or known issues).
const TEXT_KEYS: [&str; 5] = ["intro", "lead", "body", "text", "inleiding"];

/// `intro: |`, `- body: >-` and the like: a yearly text follows as a block scalar.
fn is_text_block_header(line: &str) -> bool {
    let line = line.split(" #").next().unwrap_or(line).trim_end().trim_start_matches("- ");
    let Some((key, indicator)) = line.split_once(": ") else { return false };
    TEXT_KEYS.contains(&key) && ["|", "|-", "|+", ">", ">-", ">+"].contains(&indicator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_texts_become_placeholders_and_the_rest_stays() {
        let text = "year: 2020\npublished: 2021-06-30\ntitle: Werk\nintro: |\n  Eerste regel.\n  Tweede.\nsections:\n  - body: >-\n      Een alinea\n\n      nog een.\n    heading: Kop\nfigures:\n  a: {count: 3}\n";
        let (new, count) = with_placeholders(text, 2020, 2021);
        assert_eq!(count, 2);
        assert!(new.contains("year: 2021\n"));
        assert!(!new.contains("published"));
        assert!(
            new.contains("intro: |\n  [TE SCHRIJVEN] Vorig jaar begon deze tekst met: “Eerste regel. Tweede. …”\n")
        );
        assert!(new.contains("  - body: >-\n      [TE SCHRIJVEN] Vorig jaar begon deze tekst met: “Een alinea nog een. …”\n    heading: Kop\n"));
        assert!(new.ends_with("figures:\n  a: {count: 3}\n"));
    }

    #[test]
    fn last_years_previous_statuses_go() {
        let text = "activities:\n  - {name: A, pillar: school, status: groen, previous: oranje}\n  - name: B\n    status: wit\n    previous: wit\n    pillar: werk\n";
        assert_eq!(
            without_previous_statuses(text),
            "activities:\n  - {name: A, pillar: school, status: groen}\n  - name: B\n    status: wit\n    pillar: werk\n"
        );
    }
}
