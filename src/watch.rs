//! Watch mode: rebuilds whenever content, templates or assets change, keeping one Typst world
//! alive so a rebuild costs what the edit touched. Errors are reported and the watch goes on.
//! With `--serve`, a [`Preview`] serves the web edition on localhost (typst-kit's server), every
//! open page reloading after each rebuild and showing a failed rebuild's problems.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::collections::BTreeMap;
use std::sync::Arc;

use typst::foundations::Bytes;
use typst_kit::server::{HttpBody, HttpServer};
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

/// The web edition of the last good build, served from memory on localhost: the site at `/`,
/// the PDF and the data folder beside it, where the site's links expect them. Pages get typst-kit's reload script (the written site has none).
pub struct Preview {
    server: HttpServer,
    title: String,
    last_good: Arc<BTreeMap<String, Bytes>>,
}

impl Preview {
    /// Starts the server on `port`, or on the first free one of 3000-3005.
    pub fn start(port: Option<u16>, title: &str) -> Result<Self, Diagnostic> {
        let server = HttpServer::new(title, port, true)
            .map_err(|error| Diagnostic::error(None, format!("cannot serve the preview: {error}")))?;
        Ok(Self { server, title: title.to_owned(), last_good: Arc::default() })
    }

    pub fn address(&self) -> String {
        format!("http://{}/", self.server.addr())
    }

    /// Shows a round: a good build's files, or on every page the problems of a failed one (the
    /// style sheet, fonts and photos of the last good build still served).
    pub fn show(&mut self, settings: &Settings, result: &Warned<Built>, report: &str) {
        let problems = match &result.output {
            Ok(built) => {
                self.last_good = Arc::new(routes(settings, built));
                None
            }
            Err(_) => Some(crate::render::web::problems_page(&self.title, report)),
        };
        let files = self.last_good.clone();
        self.server.set_router(move |route| {
            let route = if route.ends_with('/') { format!("{route}index.html") } else { route.to_owned() };
            match (&problems, route.ends_with(".html")) {
                (Some(page), true) => Some(HttpBody::Html(page.clone())),
                _ => {
                    let bytes = files.get(&route)?;
                    match route.ends_with(".html") {
                        true => bytes.as_str().ok().map(|html| HttpBody::Html(html.to_owned())),
                        false => Some(HttpBody::Raw(bytes.clone())),
                    }
                }
            }
        });
    }
}

/// Every file a build wrote, by the route it is served at.
fn routes(settings: &Settings, built: &Built) -> BTreeMap<String, Bytes> {
    let name = |path: &std::path::Path| path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut routes = BTreeMap::new();
    let folders = [(String::new(), &built.site), (format!("{}/", name(&settings.data_dir)), &built.data)];
    for (prefix, files) in folders {
        for (file, bytes) in files.iter().flat_map(|files| &files.0) {
            routes.insert(format!("/{prefix}{file}"), Bytes::new(bytes.clone()));
        }
    }
    if let Some(pdf) = &built.pdf {
        routes.insert(format!("/{}", name(&settings.output)), Bytes::new(pdf.pdf.clone()));
    }
    routes
}
