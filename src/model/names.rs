//! Figure names: how a name is qualified with its file's namespace, what makes a usable name, and
//! the references to figures the model records (where each name is written, and by what), which
//! the figures stage resolves.

use crate::diag::Location;

/// A figure named somewhere in content (prose, a table, a chart, a callout), qualified.
#[derive(Debug, Clone)]
pub struct FigureReference {
    pub name: String,
    pub location: Location,
    pub referrer: Referrer,
}

/// What names a figure, for the message when the figure does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referrer {
    Prose,
    Table,
    Chart,
    Callout,
}

/// A figure name as written in a file: `other.name` as is, a bare `name` in the file's namespace.
pub fn qualified(namespace: &str, name: &str) -> String {
    if name.contains('.') { name.to_owned() } else { format!("{namespace}.{name}") }
}

/// A usable name or id: lower-case letters, digits and `_` (it becomes part of figure names).
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
