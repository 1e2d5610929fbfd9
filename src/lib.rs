//! koers: builds the NPRZ "Zuid op Koers" Voortgangsrapportage as a PDF.
//!
//! The stages, each in its own module, hand a distinct type to the next:
//! `content` (YAML files → [`content::EditionFiles`]) → `model` (validated [`model::Edition`]) →
//! `figures` (computed numbers and their checks, [`figures::Figures`]) → `charts` (SVG per chart)
//! → `render` (templates → [`project::TypstSources`]) → `typeset` (Typst → PDF bytes, in a worker
//! process under limits, with a check of the laid-out pages) → `output` (atomic write). Every
//! stage returns a [`diag::Warned`]: its output or the errors that stopped it, and its warnings.
//!
//! A stage imports only the leaves and the stages before it (a test in `tests/cli/structure.rs`
//! reads the `use` lines): the leaves are `diag` (diagnostics), `read` (the one policy for every
//! file content or an override can make koers read), `nl` (Dutch numbers and dates), `project`
//! (the virtual Typst project's paths), `resources` (embedded templates and assets, and a
//! project's overrides) and `memory`. `pipeline` runs the stages in order, `previous` computes the
//! previous edition's figures, `watch` reruns on change, `scaffold` is `koers new`, `settings`
//! resolves what to build, and `cli` is the only place that prints.
//!
//! # Glossary
//!
//! - **edition**: one year's report, a folder `content/<year>/`.
//! - **chapter**: a chapter of the report, one content file (`school.yaml`), [`model::Chapter`];
//!   its Typst source is `/chapters/<id>.typ`, rendered by `templates/chapter.typ.j2`.
//! - **pillar**: one of the programme's five pillars (Thuisbasis, School, Werk, Wonen,
//!   Veiligheid). Most chapters are a pillar's, `organisatie` is not; the activity summary counts
//!   per pillar, and a timeline milestone is collaboration within one pillar or across several.
//! - **figure**: a named number (`werk.adb_garanties`), raw data with its provenance or computed
//!   by koers; its name is built by [`model::names`] only.
//! - **series**: a chart's row of figures. **time series**: values that live across editions in
//!   `content/series.yaml` ([`model::time_series`]).
//! - **validate** ([`model::validate`]) turns parsed files into an edition; **build**
//!   ([`pipeline::build`]) is the whole pipeline up to the written PDF; **check** runs it up to
//!   render ([`pipeline::prepare`]).
//! - **override**: a project's own file under `templates/` or `assets/`, used instead of the
//!   bundled one of that name.

pub mod charts;
pub mod cli;
pub mod content;
pub mod diag;
pub mod figures;
pub mod memory;
pub mod model;
pub mod nl;
pub mod output;
pub mod pipeline;
pub mod preview;
pub mod previous;
pub mod project;
pub mod read;
pub mod render;
pub mod resources;
pub mod scaffold;
pub mod settings;
pub mod typeset;
pub mod watch;
