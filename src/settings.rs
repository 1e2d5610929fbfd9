//! Resolves what the user asked for (CLI arguments) into one complete [`Settings`]: which content
//! folder, which edition, where the PDF goes. Problems here are usage errors (exit code 2).

use std::path::PathBuf;

use chrono::{DateTime, Datelike, NaiveDate};

use crate::typeset::Conformance;

use crate::content::discover_editions;
use crate::diag::{Diagnostic, Location};
use crate::resources::FOLDERS;

/// Everything a build or check needs to know, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The folder that holds `content/` and may hold `templates/` and `assets/` overrides.
    pub project_root: PathBuf,
    pub year: i32,
    /// `content/<year>`.
    pub edition_dir: PathBuf,
    /// The PDF.
    pub output: PathBuf,
    /// What the build writes: the PDF, the web edition and the data.
    pub formats: Formats,
    /// The web edition's folder, beside the PDF: `out/zuid-op-koers-2020/`.
    pub site_dir: PathBuf,
    /// The data's folder, beside the PDF: `out/zuid-op-koers-2020-data/`.
    pub data_dir: PathBuf,
    pub emit_typst: Option<PathBuf>,
    pub emit_charts: Option<PathBuf>,
    /// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for "the date of this build".
    pub source_date: Option<NaiveDate>,
    pub conformance: Conformance,
}

/// The publications a build writes; all three by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    pub pdf: bool,
    pub html: bool,
    pub data: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Self { pdf: true, html: true, data: true }
    }
}

/// The web edition's and the data's folders beside a PDF: `<stem>/` and `<stem>-data/`
/// (`<stem>-web/` when the PDF's name has no extension to drop).
pub fn publication_dirs(pdf: &std::path::Path) -> (PathBuf, PathBuf) {
    let stem = pdf.file_stem().map_or_else(|| "rapport".to_owned(), |stem| stem.to_string_lossy().into_owned());
    let parent = pdf.parent().map(PathBuf::from).unwrap_or_default();
    let site = if pdf.extension().is_some() { stem.clone() } else { format!("{stem}-web") };
    (parent.join(site), parent.join(format!("{stem}-data")))
}

/// The environment variable that fixes the build date (<https://reproducible-builds.org/specs/source-date-epoch/>).
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Parses a `SOURCE_DATE_EPOCH` value (seconds since 1970, UTC) into the day it falls on.
pub fn parse_source_date(value: &str) -> Result<NaiveDate, Diagnostic> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
        .map(|moment| moment.date_naive())
        .ok_or_else(|| {
            Diagnostic::error(None, format!("{SOURCE_DATE_EPOCH}={value:?} is not a number of seconds since 1970"))
                .with_hint(format!("unset {SOURCE_DATE_EPOCH}, or set it to e.g. $(git log -1 --format=%ct)"))
        })
        .and_then(|date| {
            // A PDF date has four digits for the year.
            if date.year() <= 9999 {
                Ok(date)
            } else {
                Err(Diagnostic::error(
                    None,
                    format!("{SOURCE_DATE_EPOCH}={value:?} lies after the year 9999, which a PDF date cannot hold"),
                ))
            }
        })
}

/// The default PDF path for an edition, relative to the working folder.
pub fn default_output(year: i32) -> PathBuf {
    PathBuf::from("out").join(format!("zuid-op-koers-{year}.pdf"))
}

/// What the user asked for, before it is checked against the content folder.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub content_dir: PathBuf,
    pub edition: Option<i32>,
    pub output: Option<PathBuf>,
    pub formats: Formats,
    pub emit_typst: Option<PathBuf>,
    pub emit_charts: Option<PathBuf>,
    /// The value of `SOURCE_DATE_EPOCH`, if set.
    pub source_date_epoch: Option<String>,
    pub conformance: Conformance,
}

/// Picks the edition (the one asked for, or the newest under the content folder) and fills in
/// every default.
pub fn resolve(request: Request) -> Result<Settings, Diagnostic> {
    let Request { content_dir, edition, output, formats, emit_typst, emit_charts, source_date_epoch, conformance } =
        request;
    let content_dir = content_dir.as_path();
    let source_date = source_date_epoch.as_deref().map(parse_source_date).transpose()?;
    if !content_dir.is_dir() {
        return Err(Diagnostic::error(Some(Location::file(content_dir)), "the content folder does not exist")
            .with_hint("run koers in the folder that holds `content/`, or pass `--content DIR`"));
    }
    // The content folder named on the command line (`content` by default) lies in the project,
    // which a pull request controls: a link there could lead anywhere.
    if content_dir.is_symlink() {
        return Err(Diagnostic::error(Some(Location::file(content_dir)), "the content folder is a symbolic link")
            .with_hint("pass the real folder with --content DIR"));
    }
    let editions = discover_editions(content_dir)?;
    let found = match edition {
        Some(year) => editions.iter().find(|(y, _)| *y == year),
        None => editions.last(),
    };
    let Some((year, edition_dir)) = found.cloned() else {
        let available: Vec<String> = editions.iter().map(|(y, _)| y.to_string()).collect();
        let message = match edition {
            Some(year) => format!("there is no edition {year} in this content folder"),
            None => "there is no edition in this content folder".to_owned(),
        };
        let hint = if available.is_empty() {
            "an edition is a folder named after its year, e.g. content/2020/".to_owned()
        } else {
            format!("available editions: {}", available.join(", "))
        };
        return Err(Diagnostic::error(Some(Location::file(content_dir)), message).with_hint(hint));
    };
    let project_root = match content_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let output = output.unwrap_or_else(|| default_output(year));
    let protected: Vec<PathBuf> =
        std::iter::once(content_dir.to_path_buf()).chain(FOLDERS.map(|folder| project_root.join(folder))).collect();
    let (site_dir, data_dir) = publication_dirs(&output);
    use crate::output::{Destination, refuse_destination};
    let destinations = [
        (formats.pdf, &output, Destination::Pdf),
        (formats.html, &site_dir, Destination::WrittenFolder),
        (formats.data, &data_dir, Destination::WrittenFolder),
    ];
    for (_, path, kind) in destinations.into_iter().filter(|(wanted, _, _)| *wanted) {
        refuse_destination(path, kind, &project_root, &protected)?;
    }
    for dir in emit_typst.iter().chain(&emit_charts) {
        refuse_destination(dir, Destination::Folder, &project_root, &protected)?;
    }
    Ok(Settings {
        project_root,
        year,
        edition_dir,
        output,
        formats,
        site_dir,
        data_dir,
        emit_typst,
        emit_charts,
        source_date,
        conformance,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_date_epoch_is_the_utc_day() {
        assert_eq!(parse_source_date("1609459199").unwrap(), NaiveDate::from_ymd_opt(2020, 12, 31).unwrap());
        assert_eq!(parse_source_date("1609459200\n").unwrap(), NaiveDate::from_ymd_opt(2021, 1, 1).unwrap());
        assert!(parse_source_date("gisteren").is_err());
        assert!(parse_source_date("253402300800").is_err(), "the year 10000 has no PDF date");
    }
}
