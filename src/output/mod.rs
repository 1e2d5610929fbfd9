//! Writing results: the PDF, the web edition and the data put in place as one ([`publish`]), the
//! `--emit-*` files each atomically, so a failed or interrupted build never replaces the last good
//! outputs and never leaves a half-written file where a reader expects one; and refusing, before
//! anything is built, a destination koers must not write to.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Location};
use crate::project::TypstSources;

pub mod publish;

/// What koers writes at a destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// A PDF file.
    Pdf,
    /// A folder koers writes files into (`--emit-typst`, `--emit-charts`).
    Folder,
    /// A folder koers writes whole and replaces whole (the web edition, the data), recognised
    /// by the stamp file it always holds ([`publish::STAMP`]).
    WrittenFolder,
}

/// Refuses a destination koers must not write to, before anything is built: inside one of
/// the `protected` folders (the content folder, the project's templates/ and assets/), a link,
/// a device or anything else that is not a regular file, a file that is not a PDF where a PDF
/// goes, something else where a folder goes, or a folder koers did not write where it replaces
/// one whole. koers replaces only what it wrote before.
pub fn refuse_destination(
    path: &Path,
    destination: Destination,
    project_root: &Path,
    protected: &[PathBuf],
) -> Result<(), Diagnostic> {
    let pdf = destination == Destination::Pdf;
    let at = || Some(Location::file(path));
    // A folder of the project on the way that is a link (a committed `out -> ../elsewhere`)
    // would lead the write outside; for a folder to write into, the folder itself counts.
    let inside = if pdf { path.to_path_buf() } else { path.join("x") };
    if let Some(link) = linked_folder(project_root, &inside) {
        return Err(Diagnostic::error(
            at(),
            format!("the folder {} on the way is a symbolic link", crate::diag::display_path(&link)),
        )
        .with_hint("write to a real folder: a link in the project could lead anywhere"));
    }
    let target = resolved(path);
    if let Some(folder) = protected.iter().find(|folder| target.starts_with(resolved(folder))) {
        return Err(Diagnostic::error(
            at(),
            format!("koers does not write into {}", crate::diag::display_path(folder)),
        )
        .with_hint("content, templates and assets are sources: write the report elsewhere, e.g. out/"));
    }
    let Ok(metadata) = fs::symlink_metadata(path) else { return Ok(()) };
    let kind = metadata.file_type();
    let refused = if kind.is_symlink() {
        Some("is a symbolic link; koers replaces only a file it wrote")
    } else if pdf && kind.is_dir() {
        Some("is a folder; give the path of the PDF to write")
    } else if !pdf && !kind.is_dir() {
        Some("is not a folder")
    } else if pdf && !kind.is_file() {
        Some("is a device or other special file, not a PDF")
    } else if pdf && !starts_as_pdf(path) {
        Some("exists and is not a PDF; koers replaces only an earlier PDF")
    } else if destination == Destination::WrittenFolder && !publish::written_by_koers(path) {
        return Err(publish::not_ours(path));
    } else {
        None
    };
    match refused {
        Some(message) => {
            Err(Diagnostic::error(at(), message).with_hint("choose another output path, e.g. out/report.pdf"))
        }
        None => Ok(()),
    }
}

/// The first folder on the way from `root` to `path` (both as written, `path` inside `root`)
/// that is a symbolic link, if any.
fn linked_folder(root: &Path, path: &Path) -> Option<PathBuf> {
    let (root, path) = (std::path::absolute(root).ok()?, std::path::absolute(path).ok()?);
    let folders = path.strip_prefix(&root).ok()?.parent()?;
    let mut here = root;
    for part in folders.components() {
        here.push(part);
        if fs::symlink_metadata(&here).is_ok_and(|metadata| metadata.file_type().is_symlink()) {
            return Some(here);
        }
    }
    None
}

pub(crate) fn starts_as_pdf(path: &Path) -> bool {
    let mut start = [0; 5];
    fs::File::open(path).and_then(|mut file| std::io::Read::read_exact(&mut file, &mut start)).is_ok()
        && &start == b"%PDF-"
}

/// An absolute path with every folder that exists resolved (links, `..`), so two ways of
/// writing one place compare equal.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let fail =
        |what: &str, error: std::io::Error| Diagnostic::error(Some(Location::file(path)), format!("{what}: {error}"));
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| fail("cannot create the output folder", e))?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".koers-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail("cannot create a temporary file", e))?;
    temporary.write_all(bytes).map_err(|e| fail("cannot write", e))?;
    set_report_permissions(temporary.as_file(), path).map_err(|e| fail("cannot set permissions", e))?;
    temporary.as_file().sync_all().map_err(|e| fail("cannot write", e))?;
    temporary.persist(path).map_err(|e| not_replaced(path, &e.error))?;
    Ok(())
}

/// Why the new file could not take the old one's place (the temporary file is removed, the old
/// file kept). On Windows a PDF open in most viewers cannot be replaced: say so there.
pub(crate) fn not_replaced(path: &Path, error: &std::io::Error) -> Diagnostic {
    // ERROR_ACCESS_DENIED (5), ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33).
    let locked = cfg!(windows)
        && (error.kind() == std::io::ErrorKind::PermissionDenied || matches!(error.raw_os_error(), Some(5 | 32 | 33)));
    let problem = Diagnostic::error(
        Some(Location::file(path)),
        format!("cannot replace the file: {error}; the earlier file is unchanged"),
    );
    if locked {
        problem.with_hint(
            "is it open in another program? On Windows a PDF viewer locks the file it shows: close it and build again",
        )
    } else {
        problem
    }
}

/// A temporary file is private (0600); a report is for reading: keep the mode of the file being
/// replaced, or make a new one readable by all.
#[cfg(unix)]
pub(crate) fn set_report_permissions(file: &fs::File, path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let permissions = fs::metadata(path).map_or_else(|_| fs::Permissions::from_mode(0o644), |m| m.permissions());
    file.set_permissions(permissions)
}

/// Elsewhere a new file inherits the folder's access rules already.
#[cfg(not(unix))]
pub(crate) fn set_report_permissions(_file: &fs::File, _path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Writes the generated Typst sources and the static theme under `dir`, for inspection or for
/// compiling with the Typst CLI (`typst compile --font-path assets/fonts DIR/main.typ`).
pub fn emit_typst(
    dir: &Path,
    sources: &TypstSources,
    theme: impl Iterator<Item = (String, Vec<u8>)>,
) -> Result<(), Diagnostic> {
    let generated = sources
        .files
        .iter()
        .chain(&sources.charts)
        .map(|(path, text)| (path.trim_start_matches('/').to_owned(), text.clone().into_bytes()));
    let photos = sources.photos.iter().map(|(path, bytes)| (path.trim_start_matches('/').to_owned(), bytes.to_vec()));
    for (relative, bytes) in generated.chain(photos).chain(theme) {
        let path = dir.join(&relative);
        if !crate::read::is_plain_relative(&relative) {
            return Err(Diagnostic::error(Some(Location::file(&path)), "is not a plain path inside the folder"));
        }
        if let Some(link) = linked_folder(dir, &path) {
            return Err(Diagnostic::error(
                Some(Location::file(&path)),
                format!("the folder {} on the way is a symbolic link", crate::diag::display_path(&link)),
            ));
        }
        write_atomically(&path, &bytes)?;
    }
    Ok(())
}

/// Writes each chart as a standalone SVG, numbered as printed: `grafiek-1.svg`, …
pub fn emit_charts(dir: &Path, sources: &TypstSources) -> Result<(), Diagnostic> {
    for (number, (_, svg)) in sources.charts.iter().enumerate() {
        write_atomically(&dir.join(format!("grafiek-{}.svg", number + 1)), svg.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/report.pdf");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec!["report.pdf"]);
    }

    #[test]
    fn a_file_that_cannot_be_replaced_is_kept_and_a_locked_one_named() {
        let dir = tempfile::tempdir().unwrap();
        // A folder with a file in it cannot be replaced by a file, on any system.
        let path = dir.path().join("report.pdf");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), b"kept").unwrap();
        let problem = write_atomically(&path, b"new").unwrap_err().to_string();
        assert!(problem.contains("cannot replace the file") && problem.contains("unchanged"), "{problem}");
        assert_eq!(fs::read(path.join("inside")).unwrap(), b"kept");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec!["report.pdf"], "no temporary file left");

        // A sharing violation names the viewer on Windows, where viewers lock what they show.
        let locked = std::io::Error::from_raw_os_error(32);
        let message = not_replaced(Path::new("out/report.pdf"), &locked).to_string();
        assert!(message.starts_with("out/report.pdf: error: cannot replace the file: "), "{message}");
        assert_eq!(message.contains("a PDF viewer locks the file"), cfg!(windows), "{message}");
        let other = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(!not_replaced(Path::new("r.pdf"), &other).to_string().contains("viewer"));
    }

    #[cfg(unix)]
    #[test]
    fn a_new_report_is_readable_by_all_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.pdf");
        write_atomically(&path, b"first").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    }
}
