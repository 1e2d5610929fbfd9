//! Runs the stages in order (content → model → figures → charts → render → typeset → output) and times
//! each one.
//! Knows the order and the hand-offs, not what happens inside a stage.

use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Warned};
use crate::model::Edition;
use crate::project::{FileSet, MAIN_PATH, TypstSources};
use crate::render;
use crate::resources::Resources;
use crate::settings::Settings;
use crate::typeset::{Job, PdfSettings, TypesetTimings, Typesetter};
use crate::{charts, content, figures, model, output, previous};

/// Wall time per stage, in the order they ran.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    fn time<T>(&mut self, stage: &'static str, run: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = run();
        self.0.push((stage, started.elapsed()));
        result
    }

    pub fn total(&self) -> Duration {
        self.0.iter().map(|(_, d)| *d).sum()
    }
}

/// An edition loaded, validated and rendered: everything short of typesetting.
#[derive(Debug)]
pub struct Prepared {
    pub edition: Edition,
    pub figures: figures::Figures,
    pub sources: TypstSources,
    pub resources: Resources,
    /// The web edition, when asked for.
    pub site: Option<FileSet>,
    /// The data behind the numbers, when asked for.
    pub data: Option<FileSet>,
}

/// Loads, validates and renders (what `koers check` runs).
pub fn prepare(settings: &Settings, timings: &mut Timings) -> Warned<Prepared> {
    let mut warnings = Vec::new();
    let output = prepare_gathering(settings, timings, &mut warnings);
    Warned { output, warnings }
}

/// The stages up to render, each handing on its output and adding its warnings to `warnings`.
fn prepare_gathering(
    settings: &Settings,
    timings: &mut Timings,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Prepared, Vec<Diagnostic>> {
    let resources = timings.time("resources", || Resources::with_overrides(&settings.project_root))?;
    let unreadable = crate::typeset::world::unreadable_fonts(&resources);
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    let mut files = timings.time("content", || content::load_edition(&settings.edition_dir)).gather(warnings)?;
    let printable = crate::typeset::world::printable_characters(&resources);
    files.unreadable.extend(content::unprintable(&files.characters, printable));
    let edition = timings.time("model", || model::validate(files, settings.source_date)).gather(warnings)?;
    let previous = timings.time("previous edition", || previous::figures(&settings.edition_dir, edition.year));
    let figures = timings.time("figures", || figures::compute(&edition, previous.as_ref())).gather(warnings)?;
    let charts = timings.time("charts", || charts::draw_all(&edition, &figures)).gather(warnings)?;
    let sources =
        timings.time("render", || render::render(&edition, &figures, &charts, &resources)).gather(warnings)?;
    let name = |path: &std::path::Path| path.file_name().map(|name| name.to_string_lossy().into_owned());
    let neighbours = render::web::Neighbours {
        pdf: settings.formats.pdf.then(|| name(&settings.output)).flatten(),
        data: settings.formats.data.then(|| name(&settings.data_dir)).flatten(),
    };
    let site = settings
        .formats
        .html
        .then(|| {
            timings.time("web edition", || {
                render::web::site(&edition, &figures, &charts, &resources, &neighbours, &settings.edition_dir)
            })
        })
        .transpose()
        .map_err(|problem| vec![problem])?;
    let data = settings
        .formats
        .data
        .then(|| timings.time("data", || render::data::data(&edition, &figures, &charts)))
        .transpose()
        .map_err(|problem| vec![problem])?;
    Ok(Prepared { edition, figures, sources, resources, site, data })
}

/// What a successful build wrote (each when asked for): the PDF, the web edition, the data.
#[derive(Debug)]
pub struct Built {
    pub pdf: Option<crate::typeset::Typeset>,
    pub site: Option<FileSet>,
    pub data: Option<FileSet>,
}

/// The whole pipeline; the PDF, the web edition and the data are written only if every stage
/// succeeded for all of them (and, with `deny_warnings`, warned about nothing: then the build
/// fails with no error of its own, the warnings being the reason). `typesetter` may carry a Typst
/// world from an earlier build (watch mode).
pub fn build(
    settings: &Settings,
    deny_warnings: bool,
    typesetter: &mut Typesetter,
    timings: &mut Timings,
) -> Warned<Built> {
    let mut warnings = Vec::new();
    let output = build_gathering(settings, deny_warnings, typesetter, timings, &mut warnings);
    Warned { output, warnings }
}

fn build_gathering(
    settings: &Settings,
    deny_warnings: bool,
    typesetter: &mut Typesetter,
    timings: &mut Timings,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Built, Vec<Diagnostic>> {
    let mut prepared = prepare(settings, timings).gather(warnings)?;
    if let Some(dir) = &settings.emit_typst {
        let theme = prepared.resources.under("templates/").filter(|(name, _)| name.ends_with(".typ"));
        let theme = theme.map(|(name, bytes)| (name.to_owned(), bytes.to_vec()));
        timings.time("emit-typst", || output::emit_typst(dir, &prepared.sources, theme)).map_err(|d| vec![d])?;
    }
    if let Some(dir) = &settings.emit_charts {
        timings.time("emit-charts", || output::emit_charts(dir, &prepared.sources)).map_err(|d| vec![d])?;
    }
    let pdf = match settings.formats.pdf {
        true => Some(typeset(settings, &prepared, typesetter, timings).gather(warnings)?),
        false => None,
    };
    // The layout decisions the PDF was made with, so that the emitted sources lay out the same.
    if let (Some(dir), Some(pdf)) = (&settings.emit_typst, &pdf) {
        let layout = crate::project::LAYOUT_PATH.trim_start_matches('/');
        output::write_atomically(&dir.join(layout), pdf.layout.as_bytes()).map_err(|d| vec![d])?;
    }
    if deny_warnings && warnings.iter().any(Diagnostic::is_denied_warning) {
        return Err(Vec::new());
    }
    timings.time("write", || publish(settings, &prepared, pdf.as_ref())).map_err(|problem| vec![problem])?;
    Ok(Built { pdf, site: prepared.site.take(), data: prepared.data.take() })
}

/// Typesets the report: the PDF's bytes and pages.
fn typeset(
    settings: &Settings,
    prepared: &Prepared,
    typesetter: &mut Typesetter,
    timings: &mut Timings,
) -> Warned<crate::typeset::Typeset> {
    let pdf_settings = PdfSettings {
        ident: format!("nprz-zuid-op-koers-{}", prepared.edition.year),
        creator: format!("koers {} ({})", env!("CARGO_PKG_VERSION"), env!("KOERS_GIT_REVISION")),
        date: prepared.edition.date,
        conformance: settings.conformance,
    };
    let report = (MAIN_PATH.to_owned(), settings.edition_dir.join(content::REPORT_FILE));
    let chapters = prepared.edition.chapters.iter().map(|chapter| {
        (crate::project::chapter_path(&chapter.id), settings.edition_dir.join(format!("{}.yaml", chapter.id)))
    });
    let origins = std::iter::once(report).chain(chapters).map(|(path, file)| (path, crate::diag::display_path(&file)));
    let job = Job {
        sources: &prepared.sources,
        resources: &prepared.resources,
        pdf: &pdf_settings,
        origins: origins.collect(),
    };
    let mut typeset_timings = TypesetTimings::default();
    let result = typesetter.typeset(&job, &mut typeset_timings);
    timings.0.push(("typst compile", typeset_timings.compile));
    timings.0.push(("balance columns", typeset_timings.balance));
    timings.0.push(("page check", typeset_timings.check));
    timings.0.push(("pdf export", typeset_timings.export));
    result
}

/// Writes what was asked for: every output staged beside its place, then all put in place as one.
fn publish(settings: &Settings, prepared: &Prepared, pdf: Option<&crate::typeset::Typeset>) -> Result<(), Diagnostic> {
    use output::publish::{put_in_place, stage_file, stage_folder};
    let mut staged = Vec::new();
    if let Some(pdf) = pdf {
        staged.push(stage_file(&settings.output, &pdf.pdf)?);
    }
    for (files, dir) in [(&prepared.site, &settings.site_dir), (&prepared.data, &settings.data_dir)] {
        if let Some(files) = files {
            staged.push(stage_folder(dir, files)?);
        }
    }
    put_in_place(staged)
}

/// Builds several editions, spread over the machine's cores, each thread with its own
/// typesetter (made by `typesetter`: a worker process that keeps its Typst world and evicts what
/// a report no longer uses). `on_done` is called as each report finishes, with its time.
pub fn build_all(
    editions: &[Settings],
    deny_warnings: bool,
    typesetter: impl Fn() -> Typesetter + Sync,
    on_done: impl Fn(&Settings, &Warned<Built>, Duration) + Sync,
) -> usize {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(editions.len()).max(1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut typesetter = typesetter();
                while let Some(settings) = editions.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    let started = Instant::now();
                    let result = build(settings, deny_warnings, &mut typesetter, &mut Timings::default());
                    if result.output.is_err() {
                        failed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    on_done(settings, &result, started.elapsed());
                }
            });
        }
    });
    failed.into_inner()
}
