//! Typeset stage: compiles the generated Typst sources in process and exports an accessible,
//! archivable PDF (PDF/A-2a + PDF/UA-1, tagged). Typst's own checks (alt text, heading order,
//! title) fail the build with a located error: that is the accessibility gate.

mod balance;
mod bodies;
mod frames;
mod layout;
mod pages;
mod wire;
pub mod worker;
pub mod world;

use chrono::{Datelike, NaiveDate};
use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Diagnostic, Location, Severity, Warned};
use crate::project::{LayoutDecisions, MAIN_PATH, TypstSources};
use crate::resources::Resources;
use world::KoersWorld;

/// Which PDF standards the export enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Conformance {
    /// PDF/A-2a and PDF/UA-1: archivable and accessible; Typst refuses to export what breaks them.
    #[default]
    ArchivalAccessible,
    /// PDF/A-2b only: archivable, without the accessibility checks (for quick drafts).
    Archival,
    /// No standard enforced (still tagged).
    None,
}

impl Conformance {
    fn standards(self) -> PdfStandards {
        let list: &[PdfStandard] = match self {
            Conformance::ArchivalAccessible => &[PdfStandard::A_2a, PdfStandard::Ua_1],
            Conformance::Archival => &[PdfStandard::A_2b],
            Conformance::None => &[],
        };
        PdfStandards::new(list).expect("these standard combinations are compatible")
    }
}

/// What the PDF says about itself beyond what the document sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfSettings {
    /// A stable identifier of the report (same for every build of the same edition).
    pub ident: String,
    /// The PDF Creator field: koers' version and git revision.
    pub creator: String,
    /// Dates `today()` and the PDF, so a build never depends on the clock.
    pub date: NaiveDate,
    pub conformance: Conformance,
}

/// A finished PDF and what Typst warned about on the way.
#[derive(Debug)]
pub struct Typeset {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// The `/layout.json` the PDF was laid out with (what `--emit-typst` writes, so that the
    /// Typst CLI lays the emitted sources out as koers did).
    pub layout: String,
}

/// The time each part of typesetting took.
#[derive(Debug, Default, Clone, Copy)]
pub struct TypesetTimings {
    pub compile: std::time::Duration,
    /// Laying the report out again: a cover that ran over its page, balanced last pages.
    pub balance: std::time::Duration,
    /// koers' check of the laid-out pages.
    pub check: std::time::Duration,
    pub export: std::time::Duration,
}

/// What one typesetting needs; sent whole to the worker process.
pub struct Job<'a> {
    pub sources: &'a TypstSources,
    pub resources: &'a Resources,
    pub pdf: &'a PdfSettings,
    /// For each generated source (`/main.typ`, `/chapters/school.typ`), the content file it comes
    /// from, so a failure inside Typst can name the file a user should look at.
    pub origins: Vec<(String, String)>,
}

/// Budgets for typesetting: content and overrides come from pull requests, and a Typst loop or
/// a huge string in an override must not hold a CI runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall time for one typesetting (compile and export).
    pub seconds: u64,
    /// Memory of the typesetting process (resident), in MiB.
    pub memory_mib: u64,
    /// Pages the report may have.
    pub pages: usize,
}

impl Default for Limits {
    /// The 2020 edition (21 pages) typesets in about 3 s and 160 MiB; these leave room for
    /// reports many times larger.
    fn default() -> Self {
        Self { seconds: 120, memory_mib: 4096, pages: 1000 }
    }
}

/// Typesets reports. `isolated` runs Typst in a worker process under [`Limits`] (what the CLI
/// does); either way one Typst world is kept between builds (watch mode edits it instead of
/// starting over, so a rebuild costs what the edit touched).
pub struct Typesetter {
    mode: Mode,
}

enum Mode {
    InProcess { world: Option<Box<KoersWorld>>, pages: usize },
    Isolated { limits: Limits, worker: Option<worker::Worker> },
}

impl Typesetter {
    /// Typst in this process: no deadline or memory ceiling, but a panic is still caught.
    pub fn in_process(pages: usize) -> Self {
        Self { mode: Mode::InProcess { world: None, pages } }
    }

    /// Typst in a worker process (this same binary), killed when it passes a limit.
    pub fn isolated(limits: Limits) -> Self {
        Self { mode: Mode::Isolated { limits, worker: None } }
    }

    pub fn typeset(&mut self, job: &Job<'_>, timings: &mut TypesetTimings) -> Warned<Typeset> {
        match &mut self.mode {
            Mode::InProcess { world, pages } => typeset_guarded(world, job, *pages, timings),
            Mode::Isolated { limits, worker } => worker::typeset(worker, limits, job, timings),
        }
    }

    /// Drops cached compilation results that were not used in the last `max_age` builds, so a
    /// long watch session or a batch of editions keeps its memory bounded.
    pub fn evict(max_age: usize) {
        comemo::evict(max_age);
    }
}

/// Typesets in this process with the world in `slot`, catching a panic inside Typst (or in
/// bringing the world up to date): the world is then dropped, its state unknown, and the chapter
/// that fails on its own is named.
fn typeset_guarded(
    slot: &mut Option<Box<KoersWorld>>,
    job: &Job<'_>,
    max_pages: usize,
    timings: &mut TypesetTimings,
) -> Warned<Typeset> {
    let outcome = catch_panic(|| {
        let mut world = match slot.take() {
            Some(mut world) => {
                world.update(job.sources, job.resources, job.pdf.date);
                world
            }
            None => Box::new(KoersWorld::new(job.sources, job.resources, job.pdf.date)),
        };
        let result = typeset(&mut world, job, timings);
        *slot = Some(world);
        result
    });
    match outcome {
        Ok(Warned { output: Ok(typeset), warnings }) if typeset.pages > max_pages => {
            let too_long = Diagnostic::error(
                None,
                format!("the report has {} pages; at most {max_pages} are typeset", typeset.pages),
            )
            .with_hint("raise the limit with --max-pages if the report really is this long");
            Warned::failed(vec![too_long]).with_warnings(warnings)
        }
        Ok(typeset) => typeset,
        Err(message) => {
            *slot = None;
            comemo::evict(0);
            Warned::failed(vec![panic_diagnostic(job, &message)])
        }
    }
}

/// Runs `work`, turning a panic into its message.
fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an unknown internal error".to_owned())
    })
}

/// A panic inside Typst, located at the chapter that fails when typeset on its own (the cover
/// and back page alone, if none does).
fn panic_diagnostic(job: &Job<'_>, message: &str) -> Diagnostic {
    let chapter =
        job.origins.iter().filter(|(path, _)| path != MAIN_PATH).find(|(path, _)| chapter_alone_panics(job, path));
    let hint = "this is a bug in Typst; something in this chapter (a text edited last, or a template override) \
                triggers it: change or split it, and please report it";
    match chapter {
        Some((path, origin)) => Diagnostic::error(
            Some(Location::file(origin)),
            format!("typesetting failed in this chapter ({path}): Typst stopped with an internal error: {message}"),
        )
        .with_hint(hint),
        None => Diagnostic::error(None, format!("typesetting failed: Typst stopped with an internal error: {message}"))
            .with_hint(hint),
    }
}

/// Whether the report with only the chapter at `path` (every other `#include` of a chapter left
/// out of the main file) makes Typst panic.
fn chapter_alone_panics(job: &Job<'_>, path: &str) -> bool {
    let others: Vec<&str> = job
        .origins
        .iter()
        .map(|(other, _)| other.as_str())
        .filter(|other| *other != path && *other != MAIN_PATH)
        .collect();
    let mut sources = job.sources.clone();
    for (file, text) in &mut sources.files {
        if file == MAIN_PATH {
            *text = text
                .lines()
                .filter(|line| !others.iter().any(|other| line.contains(other)))
                .collect::<Vec<_>>()
                .join("\n");
        }
    }
    let outcome = catch_panic(|| {
        let world = KoersWorld::new(&sources, job.resources, job.pdf.date);
        typst::compile::<PagedDocument>(&world).output.is_ok()
    });
    comemo::evict(0);
    outcome.is_err()
}

fn typeset(world: &mut KoersWorld, job: &Job<'_>, timings: &mut TypesetTimings) -> Warned<Typeset> {
    let started = std::time::Instant::now();
    let typst::diag::Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    timings.compile = started.elapsed();
    let started = std::time::Instant::now();
    let output = output.map(|document| layout::laid_out(world, document));
    timings.balance = started.elapsed();
    let mut warnings: Vec<Diagnostic> = warnings.iter().map(|w| to_diagnostic(world, w)).collect();
    warnings.dedup();
    let output = output.map_err(|errors| errors.iter().map(|e| to_diagnostic(world, e)).collect()).and_then(
        |(document, balanced, decisions)| {
            layout::exported_around_tag_bug(world, job, document, balanced, decisions, timings, &mut warnings)
        },
    );
    Warned { output, warnings }
}

/// The laid-out pages checked (see [`pages`]): errors stop the build, warnings join `warnings`;
/// then the pages are exported to PDF.
pub(super) fn checked_and_exported(
    world: &KoersWorld,
    job: &Job<'_>,
    document: &PagedDocument,
    balanced: &[String],
    decisions: &LayoutDecisions,
    timings: &mut TypesetTimings,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Typeset, Vec<Diagnostic>> {
    let settings = job.pdf;
    let started = std::time::Instant::now();
    let (errors, layout_warnings): (Vec<_>, Vec<_>) =
        pages::check(document, job.sources, &job.origins, balanced).into_iter().partition(Diagnostic::is_error);
    timings.check = started.elapsed();
    warnings.extend(layout_warnings);
    if !errors.is_empty() {
        return Err(errors);
    }

    let started = std::time::Instant::now();
    let options = PdfOptions {
        ident: Smart::Custom(settings.ident.clone()),
        creator: Smart::Custom(Some(settings.creator.clone())),
        timestamp: timestamp(settings.date),
        page_ranges: None,
        standards: settings.conformance.standards(),
        tagged: true,
        pretty: false,
    };
    let pdf = typst_pdf::pdf(document, &options)
        .map_err(|errors| errors.iter().map(|e| to_diagnostic(world, e)).collect::<Vec<_>>())?;
    timings.export = started.elapsed();
    Ok(Typeset { pdf, pages: document.pages().len(), layout: decisions.source() })
}

fn timestamp(date: NaiveDate) -> Option<Timestamp> {
    let datetime =
        Datetime::from_ymd_hms(date.year(), u8::try_from(date.month()).ok()?, u8::try_from(date.day()).ok()?, 0, 0, 0)?;
    Some(Timestamp::new_utc(datetime))
}

/// A Typst diagnostic located in the generated source (see `--emit-typst`).
pub(super) fn to_diagnostic(world: &KoersWorld, diagnostic: &SourceDiagnostic) -> Diagnostic {
    let location = diagnostic.span.id().map(|id| {
        let (line, col) = world
            .range(diagnostic.span)
            .and_then(|range| typst::World::source(world, id).ok()?.lines().byte_to_line_column(range.start))
            .map_or((0, 0), |(line, col)| (line + 1, col + 1));
        Location::new(format!("typst{}", world.name(id)), line, col)
    });
    let mut result = Diagnostic::error(location, diagnostic.message.to_string());
    if diagnostic.severity == TypstSeverity::Warning {
        result.severity = Severity::Warning;
    }
    for hint in &diagnostic.hints {
        result = result.with_hint(hint.v.to_string());
    }
    result
}
