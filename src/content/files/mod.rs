//! The content files as written: one struct per file kind, mirroring the YAML one to one.
//!
//! Unknown keys are errors (`deny_unknown_fields`), so a typo never silently drops text. Values
//! that later stages validate keep their YAML location (`Spanned`) so those errors can point at
//! the line too.

mod activities;
mod chapter;
mod figures;
mod indicators;
mod report;
mod series;

pub use activities::*;
pub use chapter::*;
pub use figures::*;
pub use indicators::*;
pub use report::*;
pub use series::*;
