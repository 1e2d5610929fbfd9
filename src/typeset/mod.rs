//! Typeset stage: compiles the generated Typst sources in process and exports an accessible,
//! archivable PDF (PDF/A-2a + PDF/UA-1, tagged). Typst's own checks (alt text, heading order,
//! title) fail the build with a located error: that is the accessibility gate.

pub mod world;

use chrono::{Datelike, NaiveDate};
use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Diagnostic, Location, Severity};
use crate::render::TypstSources;
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
#[derive(Debug, Clone)]
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
    pub warnings: Vec<Diagnostic>,
}

/// The time each half of typesetting took.
#[derive(Debug, Default, Clone, Copy)]
pub struct TypesetTimings {
    pub compile: std::time::Duration,
    pub export: std::time::Duration,
}

/// Typesets reports, keeping one Typst world alive between builds (watch mode edits it instead of
/// starting over, so a rebuild costs what the edit touched).
#[derive(Default)]
pub struct Typesetter {
    world: Option<KoersWorld>,
}

impl Typesetter {
    pub fn typeset(
        &mut self,
        sources: &TypstSources,
        resources: &Resources,
        settings: &PdfSettings,
        timings: &mut TypesetTimings,
    ) -> Result<Typeset, Vec<Diagnostic>> {
        let world = match &mut self.world {
            Some(world) => {
                world.update(sources, resources, settings.date);
                world
            }
            None => self.world.insert(KoersWorld::new(sources, resources, settings.date)),
        };
        typeset(world, settings, timings)
    }

    /// Drops cached compilation results that were not used in the last `max_age` builds, so a
    /// long watch session or a batch of editions keeps its memory bounded.
    pub fn evict(max_age: usize) {
        comemo::evict(max_age);
    }
}

fn typeset(
    world: &KoersWorld,
    settings: &PdfSettings,
    timings: &mut TypesetTimings,
) -> Result<Typeset, Vec<Diagnostic>> {
    let started = std::time::Instant::now();
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    timings.compile = started.elapsed();
    let mut warnings: Vec<Diagnostic> = warnings.iter().map(|w| to_diagnostic(world, w)).collect();
    let document = output.map_err(|errors| errors.iter().map(|e| to_diagnostic(world, e)).collect::<Vec<_>>())?;

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
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| errors.iter().map(|e| to_diagnostic(world, e)).collect::<Vec<_>>())?;
    timings.export = started.elapsed();
    warnings.dedup();
    Ok(Typeset { pdf, pages: document.pages().len(), warnings })
}

fn timestamp(date: NaiveDate) -> Option<Timestamp> {
    let datetime =
        Datetime::from_ymd_hms(date.year(), u8::try_from(date.month()).ok()?, u8::try_from(date.day()).ok()?, 0, 0, 0)?;
    Some(Timestamp::new_utc(datetime))
}

/// A Typst diagnostic located in the generated source (see `--emit-typst`).
fn to_diagnostic(world: &KoersWorld, diagnostic: &SourceDiagnostic) -> Diagnostic {
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
