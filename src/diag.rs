//! Problems a user has to fix, each pointing at a `file:line:col`.
//!
//! Every stage reports into the same type, so the CLI prints YAML errors, template errors and
//! Typst errors in one format (the one rustc and typst use) and can count and cap them.

use std::fmt;
use std::path::Path;

/// How serious a problem is: errors fail the run, warnings only with `--deny-warnings`, notes
/// never (a warning the content has acknowledged, such as a known error of a published report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    Note,
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

    /// Adds "did you mean `x`?" when one of `candidates` is close enough to `name` to be a typo.
    pub fn suggesting<'a>(self, name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match did_you_mean(name, candidates) {
            Some(hint) => self.with_hint(hint),
            None => self,
        }
    }

    pub fn note(location: Option<Location>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Note, ..Self::error(location, message) }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What `--deny-warnings` refuses: errors and warnings, not notes.
    pub fn is_denied_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
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

/// What every stage returns (the shape of Typst's `Warned<SourceResult<T>>`): its output, or the
/// errors that stopped it, and either way the warnings and notes it found. Errors and warnings are
/// never in one list, and a failure keeps the warnings found before it.
#[derive(Debug)]
#[must_use]
pub struct Warned<T> {
    pub output: Result<T, Vec<Diagnostic>>,
    pub warnings: Vec<Diagnostic>,
}

impl<T> Warned<T> {
    pub fn ok(output: T) -> Self {
        Self { output: Ok(output), warnings: Vec::new() }
    }

    pub fn failed(errors: Vec<Diagnostic>) -> Self {
        Self { output: Err(errors), warnings: Vec::new() }
    }

    /// A stage that collected diagnostics of every severity: any error fails it.
    pub fn sorted(output: T, found: Vec<Diagnostic>) -> Self {
        let (errors, warnings): (Vec<_>, Vec<_>) = found.into_iter().partition(Diagnostic::is_error);
        Self { output: if errors.is_empty() { Ok(output) } else { Err(errors) }, warnings }
    }

    pub fn with_warnings(mut self, warnings: Vec<Diagnostic>) -> Self {
        self.warnings.extend(warnings);
        self
    }

    /// The output, with the warnings moved into `warnings`: how the pipeline gathers them stage
    /// after stage (`stage(..).gather(&mut warnings)?`).
    pub fn gather(self, warnings: &mut Vec<Diagnostic>) -> Result<T, Vec<Diagnostic>> {
        warnings.extend(self.warnings);
        self.output
    }

    /// Everything to show, errors first (the report sorts them into reading order).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let errors = self.output.as_ref().err().into_iter().flatten();
        errors.chain(&self.warnings).cloned().collect()
    }
}

impl<T> From<Result<T, Vec<Diagnostic>>> for Warned<T> {
    fn from(output: Result<T, Vec<Diagnostic>>) -> Self {
        Self { output, warnings: Vec::new() }
    }
}

impl<T> From<Result<T, Diagnostic>> for Warned<T> {
    fn from(output: Result<T, Diagnostic>) -> Self {
        output.map_err(|error| vec![error]).into()
    }
}

/// Paths are shown as the user gave them, relative if given so (without a leading `./`, or `.\`
/// on Windows), with the separators they wrote: `content\2021\school.yaml` on Windows is what
/// Explorer and the editor show, and what the user can paste back.
pub fn display_path(path: &Path) -> String {
    let shown = path.to_string_lossy().into_owned();
    let here = if cfg!(windows) { ["./", ".\\"].as_slice() } else { ["./"].as_slice() };
    match here.iter().find_map(|prefix| shown.strip_prefix(prefix)) {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => shown,
    }
}

/// The candidate most like `name`, if it is close enough to be the intended one (a typo, not
/// another word): for "did you mean" hints.
/// "did you mean `x`?", when one of `candidates` is close enough to `name` to be a typo: the one
/// wording of the hint, wherever a name is looked up.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(name, candidates).map(|near| format!("did you mean `{near}`?"))
}

fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= candidate.len().max(name.len()) / 3 + 1)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The first `chars` characters of a text, trimmed, with `…` where it was cut: to quote content
/// in a message.
pub fn excerpt(text: &str, chars: usize) -> String {
    let text = text.trim();
    let mut short: String = text.chars().take(chars).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// The most problems printed in one run; the rest are counted.
pub const MAX_REPORTED: usize = 50;

/// Renders problems for the terminal in reading order: at most [`MAX_REPORTED`], then a count of
/// the rest, then a summary line.
pub fn render_report(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    // Reading order: by file, then line and column (problems without a place keep their order).
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| d.location.as_ref().map(|at| (at.path.clone(), at.line, at.col)));
    for diagnostic in sorted.into_iter().take(MAX_REPORTED) {
        out.push_str(&diagnostic.to_string());
        out.push('\n');
    }
    if diagnostics.len() > MAX_REPORTED {
        let rest = diagnostics.len() - MAX_REPORTED;
        out.push_str(&format!("... and {rest} more not shown\n"));
    }
    let count = |severity| diagnostics.iter().filter(|d| d.severity == severity).count();
    let (errors, warnings, notes) = (count(Severity::Error), count(Severity::Warning), count(Severity::Note));
    let mut summary = Vec::new();
    if errors + warnings > 0 {
        summary.push(format!("{errors} {}", plural(errors, "error")));
        summary.push(format!("{warnings} {}", plural(warnings, "warning")));
    }
    if notes > 0 {
        summary.push(format!("{notes} {}", plural(notes, "note")));
    }
    if !summary.is_empty() {
        out.push_str(&summary.join(", "));
        out.push('\n');
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
    fn a_stage_fails_on_any_error_and_keeps_its_warnings_either_way() {
        let (error, warning) = (Diagnostic::error(None, "fout"), Diagnostic::warning(None, "let op"));
        let note = Diagnostic::note(None, "bekend");
        let failed = Warned::sorted(1, vec![warning.clone(), error.clone(), note.clone()]);
        assert_eq!(failed.diagnostics(), vec![error.clone(), warning.clone(), note.clone()]);
        let mut gathered = Vec::new();
        assert_eq!(failed.gather(&mut gathered), Err(vec![error]));
        assert_eq!(gathered, vec![warning.clone(), note]);
        let fine = Warned::sorted("pdf", vec![warning.clone()]);
        assert_eq!((fine.output, fine.warnings), (Ok("pdf"), vec![warning]));
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("titel", "title"), 2);
        assert_eq!(edit_distance("intro", "intro"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("titel", ["title", "intro"]), Some("title"));
        assert_eq!(closest("voorwoord", ["title", "intro"]), None);
    }

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

    #[test]
    fn notes_are_counted_apart() {
        let report = render_report(&[Diagnostic::note(None, "bekend"), Diagnostic::warning(None, "let op")]);
        assert!(report.ends_with("0 errors, 1 warning, 1 note\n"), "{report}");
        assert_eq!(render_report(&[Diagnostic::note(None, "bekend")]), "note: bekend\n1 note\n");
    }
}
