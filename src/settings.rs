//! Resolves what the user asked for (CLI arguments) into one complete [`Settings`]: which content
//! folder, which edition, where the PDF goes. Problems here are usage errors (exit code 2).

use std::path::{Path, PathBuf};

use crate::content::discover_editions;
use crate::diag::{Diagnostic, Location};

/// Everything a build or check needs to know, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The folder that holds `content/` and may hold `templates/` and `assets/` overrides.
    pub project_root: PathBuf,
    pub year: i32,
    /// `content/<year>`.
    pub edition_dir: PathBuf,
    pub output: PathBuf,
    pub emit_typst: Option<PathBuf>,
}

/// The default PDF path for an edition, relative to the working folder.
pub fn default_output(year: i32) -> PathBuf {
    PathBuf::from("out").join(format!("zuid-op-koers-{year}.pdf"))
}

/// Picks the edition: the one asked for, or the newest under `content_dir`.
pub fn resolve(
    content_dir: &Path,
    edition: Option<i32>,
    output: Option<PathBuf>,
    emit_typst: Option<PathBuf>,
) -> Result<Settings, Diagnostic> {
    if !content_dir.is_dir() {
        return Err(Diagnostic::error(Some(Location::file(content_dir)), "the content folder does not exist")
            .with_hint("run koers in the folder that holds `content/`, or pass `--content DIR`"));
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
    Ok(Settings { project_root, year, edition_dir, output: output.unwrap_or_else(|| default_output(year)), emit_typst })
}
