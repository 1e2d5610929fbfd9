//! What koers reads: one policy for every file that content or a project's overrides can name.
//!
//! Content and overrides arrive by pull request, so a file is read only if it is a regular file
//! (not a symbolic link, which could lead anywhere, nor a pipe or device, which could block or
//! never end) and no larger than the cap for its kind. Folders are walked without following links,
//! and a link or special file found on the way is an error at its path, never silently skipped.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Location};

/// Why a path cannot be read under the policy, if it cannot; `None` for a regular file.
pub fn refusal(path: &Path) -> Option<Diagnostic> {
    let at = || Some(Location::file(path));
    let metadata = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return Some(Diagnostic::error(at(), format!("cannot read the file: {error}"))),
    };
    let kind = metadata.file_type();
    if kind.is_symlink() {
        Some(
            Diagnostic::error(at(), "is a symbolic link; koers reads no links from content or overrides")
                .with_hint("a link could lead outside the project: put the file itself here instead"),
        )
    } else if kind.is_dir() {
        Some(Diagnostic::error(at(), "is a folder, where a file is expected"))
    } else if !kind.is_file() {
        Some(
            Diagnostic::error(at(), "is not a regular file (a pipe, socket or device)")
                .with_hint("koers reads only regular files; remove it or replace it by a file"),
        )
    } else {
        None
    }
}

/// Whether `path` is a plain relative path: `/`-separated names, none empty, `.` or `..`, without
/// backslashes or control characters. The only names koers hands on as paths inside the report
/// (Typst's virtual files, what `--emit-typst` writes): `a\..\..\x` is a legal file name on
/// Linux and would otherwise lead out of the folder it is written to.
pub fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.chars().any(|c| c == '\\' || c.is_control())
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Reads a regular file of at most `max_bytes`, refusing links, folders, special files and larger
/// files before reading a byte of them.
pub fn regular_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Diagnostic> {
    if let Some(refused) = refusal(path) {
        return Err(refused);
    }
    let fail =
        |error: std::io::Error| Diagnostic::error(Some(Location::file(path)), format!("cannot read the file: {error}"));
    let file = fs::File::open(path).map_err(fail)?;
    let size = file.metadata().map_err(fail)?.len();
    if size > max_bytes {
        return Err(too_large(path, size, max_bytes));
    }
    // The file may grow between the check and the read: read one byte past the cap at most.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max_bytes + 1).read_to_end(&mut bytes).map_err(fail)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(path, bytes.len() as u64, max_bytes));
    }
    Ok(bytes)
}

fn too_large(path: &Path, size: u64, max_bytes: u64) -> Diagnostic {
    Diagnostic::error(
        Some(Location::file(path)),
        format!("the file is {size} bytes; a file of this kind may be at most {max_bytes} bytes"),
    )
    .with_hint("see \"Security\" in the README for the limits and why they exist")
}

/// Whether `path` is a real folder (not a link to one). A link is an error; a missing folder is
/// `Ok(false)`.
pub fn is_real_dir(path: &Path) -> Result<bool, Diagnostic> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_dir() => Ok(true),
        Ok(_) => Err(refusal(path)
            .unwrap_or_else(|| Diagnostic::error(Some(Location::file(path)), "is a file, where a folder is expected"))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(Diagnostic::error(Some(Location::file(path)), format!("cannot read the folder: {error}"))),
    }
}

/// The regular files under `dir` (to `max_depth`, 1 for the folder's own files), sorted by path.
/// Links and special files are problems at their path; folders are walked, not returned. Two
/// names that differ only in case are a problem too: on Windows and macOS they are one file, so
/// a checkout there keeps one of them and the report changes with the machine that builds it.
pub fn files_under(dir: &Path, max_depth: usize, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let walk = WalkDir::new(dir).min_depth(1).max_depth(max_depth).follow_links(false).follow_root_links(false);
    for entry in walk.sort_by_file_name() {
        if let Ok(entry) = &entry {
            let folded = entry.path().to_string_lossy().to_lowercase();
            if let Some(first) = seen.insert(folded, entry.path().to_path_buf()) {
                problems.push(case_twin(entry.path(), &first));
            }
        }
        match entry {
            Ok(entry) if entry.file_type().is_file() => found.push(entry.into_path()),
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => problems.extend(refusal(entry.path())),
            Err(error) => problems.push(Diagnostic::error(
                Some(Location::file(error.path().unwrap_or(dir))),
                format!("cannot read: {error}"),
            )),
        }
    }
    found
}

fn case_twin(path: &Path, first: &Path) -> Diagnostic {
    let name = |path: &Path| path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    Diagnostic::error(
        Some(Location::file(path)),
        format!("`{}` and `{}` differ only in case; on Windows and macOS they are one file", name(path), name(first)),
    )
    .with_hint("rename or remove one of them, so the report is the same on every machine")
}

/// The path as it is spelled on disk, when `relative` (below `root`, `/`-separated) names an
/// existing file only if case is ignored: `images/Foto.JPG` for a file `images/foto.jpg`. Windows
/// and macOS open it anyway and Linux (where CI builds) does not, so koers refuses it everywhere.
/// Lists no folder that is a link (it could lie outside the project: its names are not told) and
/// none of more than [`MAX_LISTED`] names (a path per photo must stay cheap); on Linux a path that
/// exists as written is spelled as written, and nothing is listed.
pub fn spelled_otherwise(root: &Path, relative: &str) -> Option<String> {
    let parts: Vec<&str> = relative.split('/').filter(|part| !part.is_empty() && *part != ".").collect();
    if cfg!(target_os = "linux") && fs::symlink_metadata(root.join(parts.join("/"))).is_ok() {
        return None;
    }
    let mut here = root.to_path_buf();
    let mut spelled = Vec::new();
    for part in parts {
        if !fs::symlink_metadata(&here).is_ok_and(|metadata| metadata.is_dir()) {
            return None;
        }
        let names = names_in(&here)?;
        let name = names
            .iter()
            .find(|name| *name == part)
            .or_else(|| names.iter().find(|name| name.to_lowercase() == part.to_lowercase()))?;
        here.push(name);
        spelled.push(name.clone());
    }
    let spelled = spelled.join("/");
    (spelled != relative.trim_start_matches("./")).then_some(spelled)
}

/// The most names [`names_in`] reads from one folder.
const MAX_LISTED: usize = 1000;

/// The names in `dir`, unless it cannot be read or holds more than [`MAX_LISTED`] (then reading
/// it for a hint would cost more than the hint is worth).
fn names_in(dir: &Path) -> Option<Vec<String>> {
    let entries = fs::read_dir(dir).ok()?.take(MAX_LISTED + 1);
    let names: Vec<String> =
        entries.filter_map(|entry| Some(entry.ok()?.file_name().to_string_lossy().into_owned())).collect();
    (names.len() <= MAX_LISTED).then_some(names)
}

/// The name in `root` that would open `folder` (`templates` or `assets`) on Windows and
/// macOS but not on Linux: `Templates`, `ASSETS`. koers would use it there and ignore it in CI.
pub fn folder_spelled_otherwise(root: &Path, folder: &str) -> Option<Diagnostic> {
    let names = names_in(root)?;
    if names.iter().any(|name| name == folder) {
        return None;
    }
    let other = names.iter().find(|name| name.to_lowercase() == folder)?;
    Some(
        Diagnostic::error(
            Some(Location::file(root.join(other))),
            format!("`{other}` would be read as `{folder}/` on Windows and macOS, and is ignored on Linux"),
        )
        .with_hint(format!("rename it to `{folder}`, so the report is the same on every machine")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths_lead_nowhere_else() {
        for plain in ["templates/theme.typ", "images/kunstenpand é.jpg", "a.b"] {
            assert!(is_plain_relative(plain), "{plain}");
        }
        for odd in ["", "/etc/passwd", "a/../b", "..", "./a", "a//b", "templates/..\\..\\x.typ", "a\nb"] {
            assert!(!is_plain_relative(odd), "{odd:?}");
        }
    }

    #[test]
    fn regular_files_are_read_and_larger_ones_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        fs::write(&path, "title: x\n").unwrap();
        assert_eq!(regular_file(&path, 100).unwrap(), b"title: x\n");
        let message = regular_file(&path, 4).unwrap_err().to_string();
        assert!(message.contains("the file is 9 bytes; a file of this kind may be at most 4 bytes"), "{message}");
        let message = regular_file(dir.path(), 100).unwrap_err().to_string();
        assert!(message.contains("is a folder"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn links_and_pipes_are_refused_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink("/etc/passwd", &link).unwrap();
        assert!(regular_file(&link, 1 << 20).unwrap_err().to_string().contains("is a symbolic link"));
        let pipe = dir.path().join("pipe.yaml");
        let status = std::process::Command::new("mkfifo").arg(&pipe).status().unwrap();
        assert!(status.success());
        assert!(regular_file(&pipe, 1 << 20).unwrap_err().to_string().contains("not a regular file"));

        let mut problems = Vec::new();
        fs::write(dir.path().join("real.yaml"), "x").unwrap();
        let found = files_under(dir.path(), 1, &mut problems);
        assert_eq!(found, vec![dir.path().join("real.yaml")]);
        assert_eq!(problems.len(), 2, "{problems:?}");

        let linked_dir = dir.path().join("templates");
        std::os::unix::fs::symlink("/etc", &linked_dir).unwrap();
        assert!(is_real_dir(&linked_dir).unwrap_err().to_string().contains("symbolic link"));
        assert!(!is_real_dir(&dir.path().join("none")).unwrap());
    }
}
