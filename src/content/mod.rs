//! Content stage: finds an edition's files (walkdir), reads them, and parses them into the
//! structs of [`files`], reporting every problem of every file at `file:line:col` in one pass.
//!
//! This stage knows file names and YAML; it knows no business rules (those live in `model`).

mod chapters;
pub mod files;
pub mod yaml;

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Location, Warned};
use crate::read;
use chapters::ChapterOrder;
use files::{ActivitiesFile, ChapterFile, IndicatorsFile, ReportFile, TimeSeriesFile};

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
    /// In chapter order; only the chapters that have a file.
    pub chapters: Vec<Parsed<ChapterFile>>,
    pub indicators: Option<Parsed<IndicatorsFile>>,
    pub activities: Option<Parsed<ActivitiesFile>>,
    /// `content/series.yaml`, shared with the other editions.
    pub series: Option<Parsed<TimeSeriesFile>>,
    /// Texts still to write (left by `koers new`).
    pub placeholders: Vec<Location>,
    /// Where each character beyond ASCII is first written, per file, so a character no font of
    /// the report has is an error at its place, not an empty box.
    pub characters: Vec<(char, Location)>,
    /// Where each `{{ name }}` is written, in file order, to locate a reference at its own line.
    pub references: Vec<(String, Location)>,
    /// The errors of files that could not be read or parsed: validation reports them with its own,
    /// so one run shows every problem of the edition.
    pub unreadable: Vec<Diagnostic>,
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
        let Some(year) = name.parse::<i32>().ok().filter(|_| name.len() == 4) else { continue };
        if entry.path_is_symlink() {
            return Err(Diagnostic::error(
                Some(Location::file(entry.path())),
                "is a symbolic link; an edition is a folder of its own",
            )
            .with_hint("copy the edition instead of linking it (koers new YEAR starts one)"));
        }
        if entry.file_type().is_dir() {
            editions.push((year, entry.into_path()));
        }
    }
    Ok(editions)
}

/// Reads and parses every file of the edition in `dir`. Fails only without a report; the errors of
/// other files travel with what parsed ([`EditionFiles::unreadable`]), so later stages can still
/// check the files that are fine.
pub fn load_edition(dir: &Path) -> Warned<EditionFiles> {
    let mut problems = Vec::new();
    let mut chapters = Vec::new();
    let mut indicators = None;
    let mut activities = None;
    let mut scan = Scan::default();
    let mut chapter_files = Vec::new();

    let mut files = yaml_files(dir, &mut problems);
    let report =
        files.iter().position(|path| path.file_name().is_some_and(|name| name == REPORT_FILE)).and_then(|at| {
            let path = files.remove(at);
            parse_file::<ReportFile>(&path, &mut problems, &mut scan).map(|data| Parsed {
                path,
                name: "report".into(),
                data,
            })
        });
    let order = ChapterOrder::of(report.as_ref(), &mut problems);
    for path in files {
        let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        if name == INDICATORS_FILE {
            indicators =
                parse_file::<IndicatorsFile>(&path, &mut problems, &mut scan).map(|data| Parsed { path, name, data });
        } else if name == ACTIVITIES_FILE {
            activities =
                parse_file::<ActivitiesFile>(&path, &mut problems, &mut scan).map(|data| Parsed { path, name, data });
        } else if order.position(&name).is_some() {
            chapter_files.push(name.clone());
            if let Some(data) = parse_file::<ChapterFile>(&path, &mut problems, &mut scan) {
                chapters.push(Parsed { path, name, data });
            }
        } else {
            problems.push(order.unknown_file(&path, &name));
        }
    }
    chapters.sort_by_key(|chapter| order.position(&chapter.name));
    problems.extend(order.missing(&chapter_files));

    if report.is_none() {
        problems.extend(no_report(dir, &problems));
    }
    problems.extend(no_chapters(dir, &chapter_files, &order, &problems));
    let series = dir.parent().map(|content| content.join(SERIES_FILE));
    let series = series.filter(|path| fs::symlink_metadata(path).is_ok()).and_then(|path| {
        parse_file::<TimeSeriesFile>(&path, &mut problems, &mut scan).map(|data| Parsed {
            path,
            name: "series".to_owned(),
            data,
        })
    });
    let Some(report) = report else { return Warned::failed(problems) };
    Warned::ok(EditionFiles {
        dir: dir.to_path_buf(),
        report,
        chapters,
        indicators,
        activities,
        series,
        placeholders: scan.placeholders,
        characters: scan.characters,
        references: scan.references,
        unreadable: problems,
    })
}

/// Why the edition has no report, unless a problem with report.yaml says so already.
fn no_report(dir: &Path, problems: &[Diagnostic]) -> Option<Diagnostic> {
    let report_path = dir.join(REPORT_FILE);
    let at = Location::file(&report_path);
    if problems.iter().any(|problem| problem.location.as_ref().is_some_and(|l| l.path == at.path)) {
        return None;
    }
    Some(match fs::symlink_metadata(&report_path) {
        Err(_) => Diagnostic::error(Some(at), "the edition has no report.yaml")
            .with_hint("every edition folder needs a report.yaml with year, title, inleiding and voorwoord"),
        Ok(_) => {
            read::refusal(&report_path).unwrap_or_else(|| Diagnostic::error(Some(at), "report.yaml could not be read"))
        }
    })
}

/// An edition without a chapter file (and no problem with one, and no list that names them).
fn no_chapters(dir: &Path, found: &[String], order: &ChapterOrder, problems: &[Diagnostic]) -> Option<Diagnostic> {
    let chapter_refused = problems.iter().filter_map(|problem| problem.location.as_ref()).any(|at| {
        // `School.yaml` is refused as the school chapter written with a capital.
        Path::new(&at.path)
            .file_stem()
            .is_some_and(|stem| order.position(&stem.to_string_lossy().to_lowercase()).is_some())
    });
    (found.is_empty() && !chapter_refused && order.listed_at.is_none()).then(|| {
        Diagnostic::error(Some(Location::file(dir)), "the edition has no chapter files").with_hint(format!(
            "add at least one of {}",
            CHAPTER_FILES.iter().map(|p| format!("{p}.yaml")).collect::<Vec<_>>().join(", ")
        ))
    })
}

/// The `.yaml`/`.yml` files directly in `dir`, sorted by name (deterministic order). A link or
/// special file in the edition folder is a problem at its path, never silently skipped.
fn yaml_files(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut refused = Vec::new();
    let files = read::files_under(dir, 1, &mut refused);
    // Other files (photos) are checked where the content names them.
    let is_yaml =
        |path: &Path| path.extension().is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    problems.extend(
        refused.into_iter().filter(|problem| problem.location.as_ref().is_none_or(|at| is_yaml(Path::new(&at.path)))),
    );
    for path in files {
        // `.YAML` and `.yml` files are content too (Windows hides the extension's case): say so
        // rather than leave a chapter out.
        match path.extension().and_then(|e| e.to_str()) {
            Some("yaml") => found.push(path),
            Some(other) if other.eq_ignore_ascii_case("yaml") || other.eq_ignore_ascii_case("yml") => problems.push(
                Diagnostic::error(Some(Location::file(&path)), "content files end in `.yaml`, in lower case")
                    .with_hint("rename the file to end in `.yaml`"),
            ),
            _ => {}
        }
    }
    found
}

/// What the text of the edition's files shows beyond their structure.
#[derive(Default)]
struct Scan {
    placeholders: Vec<Location>,
    characters: Vec<(char, Location)>,
    references: Vec<(String, Location)>,
}

fn parse_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    problems: &mut Vec<Diagnostic>,
    scan: &mut Scan,
) -> Option<T> {
    let parsed = read_text(path).and_then(|text| {
        scan.placeholders.extend(find_placeholders(path, &text));
        scan.characters.extend(first_uses(path, &text));
        scan.references.extend(written_references(path, &text));
        if text.trim().is_empty() {
            return Err(Diagnostic::error(Some(Location::file(path)), "the file is empty")
                .with_hint("fill it in (see another edition's file of the same name), or delete it"));
        }
        let parsed = yaml::parse(path, &text)?;
        refuse_unprintable(path, &text)?;
        Ok(parsed)
    });
    parsed.map_err(|problem| problems.push(problem)).ok()
}

/// The longest run of characters without a space koers accepts: a word this long cannot be
/// broken into lines (and past 32.767 characters not even be written into a PDF).
const MAX_WORD_CHARS: usize = 1000;

/// Refuses what no layout can print as written: Unicode's explicit direction controls
/// (U+202A-U+202E, U+2066-U+2069), which make a reader, or a reviewer of the YAML, see text in
/// another order than it is written, and words longer than [`MAX_WORD_CHARS`].
fn refuse_unprintable(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let is_control = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let (mut word, mut joined, mut start) = (0, false, (0, 0));
    for (index, line) in text.lines().enumerate() {
        let at = |col: usize| Some(Location::new(path, index + 1, col + 1));
        if let Some((col, control)) = line.chars().enumerate().find(|(_, c)| is_control(*c)) {
            return Err(Diagnostic::error(
                at(col),
                format!(
                    "the invisible direction control U+{:04X} would show the text in another order",
                    control as u32
                ),
            )
            .with_hint("remove it: Dutch text needs no direction controls"));
        }
        // A `\` at the end of a line inside double quotes joins the next line to it without a
        // space: the word goes on after the next line's indentation.
        let indent = if joined { line.len() - line.trim_start().len() } else { 0 };
        if !joined {
            word = 0;
        }
        for (col, c) in line[indent..].chars().enumerate() {
            word = if c.is_whitespace() { 0 } else { word + 1 };
            if word == 1 {
                start = (index + 1, indent + col + 1);
            }
            if word > MAX_WORD_CHARS {
                return Err(Diagnostic::error(
                    Some(Location::new(path, start.0, start.1)),
                    format!("a word of more than {MAX_WORD_CHARS} characters cannot be printed"),
                )
                .with_hint("break it up with spaces"));
            }
        }
        joined = line.ends_with('\\');
    }
    Ok(())
}

/// The first place each character beyond ASCII appears, comments included (telling a comment
/// from text inside a block or quoted scalar takes a YAML parser; a comment can do without).
fn first_uses(path: &Path, text: &str) -> Vec<(char, Location)> {
    let mut seen = std::collections::BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        for (col, c) in line.chars().enumerate().filter(|(_, c)| !c.is_ascii()) {
            seen.entry(c).or_insert_with(|| Location::new(path, index + 1, col + 1));
        }
    }
    seen.into_iter().collect()
}

/// Characters beyond ASCII (as [`EditionFiles::characters`] lists them) that `printable` says
/// no font of the report has: errors at their first place, listing every such character of a file.
pub fn unprintable(characters: &[(char, Location)], printable: impl Fn(char) -> bool) -> Vec<Diagnostic> {
    let mut by_file: std::collections::BTreeMap<&str, Vec<&(char, Location)>> = std::collections::BTreeMap::new();
    for found in characters.iter().filter(|(c, _)| !is_invisible(*c) && !printable(*c)) {
        by_file.entry(found.1.path.as_str()).or_default().push(found);
    }
    by_file
        .into_values()
        .map(|mut found| {
            found.sort_by_key(|(_, at)| (at.line, at.col));
            let first = &found[0].1;
            let listed: Vec<String> =
                found.iter().map(|(c, at)| format!("`{c}` (U+{:04X}, line {})", *c as u32, at.line)).collect();
            Diagnostic::error(
                Some(first.clone()),
                format!("no font of the report has {}; it would print as an empty box", listed.join(", ")),
            )
            .with_hint("write the text without it (an emoji or a script the report's fonts do not cover)")
        })
        .collect()
}

/// Spaces, joiners, soft hyphens, direction marks and variation selectors: shaped away, never
/// printed as glyphs (the direction controls are refused on their own).
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
        )
}

/// Marks the texts `koers new` left for the bureau to write; `check` lists them.
pub const PLACEHOLDER: &str = "[TE SCHRIJVEN]";

/// Where each placeholder stands in a file's text (comments aside).
/// Every `{{ name }}` written on one line, with where it stands, in file order: YAML keeps only
/// where a block of text starts, and a reference's own line is where its author looks.
fn written_references(path: &Path, text: &str) -> Vec<(String, Location)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(start) = line[from..].find("{{").map(|start| from + start) {
            let Some(end) = line[start..].find("}}").map(|end| start + end) else { break };
            let col = line[..start].chars().count() + 1;
            found.push((line[start + 2..end].trim().to_owned(), Location::new(path, index + 1, col)));
            from = end + 2;
        }
    }
    found
}

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

/// Reads a content file as UTF-8 text, under the file policy of [`crate::read`] (a regular file,
/// at most [`yaml::MAX_FILE_BYTES`], refused before it is read).
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = read::regular_file(path, yaml::MAX_FILE_BYTES)?;
    // With a byte order mark, or without one: text of ASCII letters saved as UTF-16 has a zero
    // byte beside each of them.
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    if utf16 || (bytes.len() >= 2 && (bytes[0] == 0) != (bytes[1] == 0)) {
        return Err(Diagnostic::error(Some(Location::file(path)), "the file is saved as UTF-16 text, not UTF-8")
            .with_hint("save it as UTF-8 (in Notepad: 'Save as', encoding 'UTF-8')"));
    }
    // Windows editors may start a UTF-8 file with a byte order mark; it is not content.
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

/// A usable name or id: lower-case letters, digits and `_` (it becomes part of file and figure
/// names).
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_joined_over_lines_by_a_backslash_is_one_word() {
        let path = Path::new("x.yaml");
        let part = "x".repeat(600);
        assert!(refuse_unprintable(path, &format!("intro: \"{part}\n  {part}\"\n")).is_ok(), "two words");
        let error = refuse_unprintable(path, &format!("intro: \"{part}\\\n  {part}\"\n")).unwrap_err();
        assert!(error.to_string().starts_with("x.yaml:1:8: error: a word of more than"), "{error}");
        assert!(first_uses(path, "# een opmerking 😀\ntitle: x\n").iter().any(|(c, at)| *c == '😀' && at.line == 1));
    }
}
