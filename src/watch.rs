//! Watch mode: rebuilds whenever content, templates or assets change, keeping one Typst world
//! alive so a rebuild costs what the edit touched. Errors are reported and the watch goes on.
//! With `--serve`, the CLI shows each round in a [`crate::preview::Preview`].

use std::path::PathBuf;
use std::time::{Duration, Instant};

use typst_kit::watcher::Watcher;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Warned};
use crate::pipeline::{self, Built, Timings};
use crate::resources;
use crate::settings::Settings;
use crate::typeset::Typesetter;

/// The outcome of one build in a watch session.
pub struct Round {
    pub result: Warned<Built>,
    pub elapsed: Duration,
}

/// Builds, then rebuilds on every change, calling `report` after each build. Returns only if
/// watching itself fails.
pub fn watch(
    settings: &Settings,
    deny_warnings: bool,
    mut typesetter: Typesetter,
    mut report: impl FnMut(&Round),
) -> Result<(), Diagnostic> {
    let mut watcher = Watcher::new(Some(settings.output.clone())).map_err(watch_error)?;
    loop {
        // Watch before building: an edit saved during the build (or just after its report) is
        // then queued and starts the next round, instead of being lost.
        watcher.update(watched_paths(settings)).map_err(watch_error)?;
        let started = Instant::now();
        let result = pipeline::build(settings, deny_warnings, &mut typesetter, &mut Timings::default());
        report(&Round { result, elapsed: started.elapsed() });
        watcher.wait().map_err(watch_error)?;
    }
}

fn watch_error(error: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(None, format!("cannot watch for changes: {error}"))
}

/// The edition folder and its files, the series shared by all editions, and the project's
/// template and asset overrides.
fn watched_paths(settings: &Settings) -> Vec<PathBuf> {
    let mut roots = vec![(settings.edition_dir.clone(), 1)];
    let series = settings.edition_dir.parent().map(|content| content.join(crate::content::SERIES_FILE));
    roots.extend(series.filter(|path| path.is_file()).map(|path| (path, 0)));
    roots.extend(resources::FOLDERS.iter().map(|folder| (settings.project_root.join(folder), usize::MAX)));
    // The edition folder, its report and the override folders are watched even while missing
    // (then polled), so an edition moved away and back, or a templates/ folder made during the
    // session, is seen.
    let overrides = resources::FOLDERS.map(|folder| settings.project_root.join(folder));
    let edition = [settings.edition_dir.clone(), settings.edition_dir.join(crate::content::REPORT_FILE)];
    let always = edition.into_iter().chain(overrides);
    let found = roots
        .into_iter()
        .filter(|(root, _)| root.exists())
        .flat_map(|(root, depth)| WalkDir::new(root).max_depth(depth).into_iter().filter_map(Result::ok))
        .map(|entry| entry.into_path());
    always.chain(found).collect()
}
