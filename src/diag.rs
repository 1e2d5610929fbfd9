//! Problems a user has to fix, each pointing at a `file:line:col`.
//!
//! Every stage reports into the same type, so the CLI prints YAML errors, template errors and
//! Typst errors in one format (the one rustc and typst use) and can count and cap them.

use std::fmt;
use std::path::Path;

/// How serious a problem is: errors fail the run, warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file; `line` and `col` are 1-based, 0 means "unknown".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub col: usize,
}

impl Location {
    pub fn new(path: impl AsRef<Path>, line: usize, col: usize) -> Self {
        Self { path: display_path(path.as_ref()), line, col }
    }

    /// A whole file, when no finer position is known.
    pub fn file(path: impl AsRef<Path>) -> Self {
        Self::new(path, 0, 0)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.col) {
            (0, _) => write!(f, "{}", self.path),
            (line, 0) => write!(f, "{}:{line}", self.path),
            (line, col) => write!(f, "{}:{line}:{col}", self.path),
        }
    }
}

/// One problem, with where it is, what is wrong, and how to fix it when we know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    pub message: String,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, location, message: message.into(), hints: Vec::new() }
    }

    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(location, message) }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            Some(location) => write!(f, "{location}: {label}: {}", self.message)?,
            None => write!(f, "{label}: {}", self.message)?,
        }
        for hint in &self.hints {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Paths are shown with forward slashes, relative as the user gave them.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The most problems printed in one run; the rest are counted.
pub const MAX_REPORTED: usize = 50;

/// Renders problems for the terminal: at most [`MAX_REPORTED`], then a count of the rest, then a
/// summary line.
pub fn render_report(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics.iter().take(MAX_REPORTED) {
        out.push_str(&diagnostic.to_string());
        out.push('\n');
    }
    if diagnostics.len() > MAX_REPORTED {
        let rest = diagnostics.len() - MAX_REPORTED;
        out.push_str(&format!("... and {rest} more not shown\n"));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors + warnings > 0 {
        out.push_str(&format!(
            "{} {}, {} {}\n",
            errors,
            plural(errors, "error"),
            warnings,
            plural(warnings, "warning")
        ));
    }
    out
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 { word.to_owned() } else { format!("{word}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_rustc_with_hints() {
        let d = Diagnostic::error(Some(Location::new("content/2020/school.yaml", 3, 7)), "unknown field `titel`")
            .with_hint("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "content/2020/school.yaml:3:7: error: unknown field `titel`\n  = hint: did you mean `title`?"
        );
    }

    #[test]
    fn caps_the_report_and_counts_the_rest() {
        let many: Vec<_> = (0..MAX_REPORTED + 3).map(|i| Diagnostic::error(None, format!("problem {i}"))).collect();
        let report = render_report(&many);
        assert!(report.contains("problem 49\n"));
        assert!(!report.contains("problem 50\n"));
        assert!(report.contains("... and 3 more not shown"));
        assert!(report.ends_with("53 errors, 0 warnings\n"));
    }
}
