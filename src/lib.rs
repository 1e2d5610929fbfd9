//! koers: builds the NPRZ "Zuid op Koers" Voortgangsrapportage as a PDF.
//!
//! The stages, each in its own module, hand a distinct type to the next:
//! `content` (YAML files → file structs) → `model` (validated [`model::Edition`]) → `figures`
//! (computed numbers and their checks) → `charts` (SVG per chart) → `render` (templates →
//! [`project::TypstSources`]) → `typeset` (Typst → PDF bytes, in a worker process under limits,
//! with a check of the laid-out pages) → `output` (atomic write). `pipeline` runs them, `watch`
//! reruns them on change; `cli` is the only place that prints. `read` is the one policy for every
//! file that content or a project's overrides can make koers read.

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
pub mod previous;
pub mod project;
pub mod read;
pub mod render;
pub mod resources;
pub mod scaffold;
pub mod settings;
pub mod typeset;
pub mod watch;
