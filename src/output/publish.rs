//! Putting a build's publications in place as one: the PDF, the web edition's folder and the
//! data's folder are each written beside their place first ([`stage_file`], [`stage_folder`]);
//! only when all are written does [`put_in_place`] move the earlier ones aside and the new ones
//! in, undoing every step if one fails, so a build replaces all of them or none.
//!
//! A folder koers writes holds a [`STAMP`] file; koers replaces only a folder with one (or an
//! empty one), checked when the build starts and again just before the folder is replaced (a
//! watch session runs for hours). Temporary files and folders of a build that was killed
//! (`.koers-*` beside the outputs) are removed by a later build once they are an hour old.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::diag::{Diagnostic, Location};
use crate::project::FileSet;

/// The file in every folder koers writes, saying so.
pub const STAMP: &str = ".koers";
const STAMP_TEXT: &str = "Written by koers. This folder is replaced whole on every build: keep nothing else in it.\n";
/// How old a `.koers-*` leftover must be before a build removes it (a running build's own are
/// seconds old).
const LEFTOVER_AGE: Duration = Duration::from_secs(3600);

/// An output written beside its place, not yet in it. Dropped, it is removed.
pub struct Staged {
    target: PathBuf,
    written: Written,
}

enum Written {
    File(tempfile::TempPath),
    Folder(tempfile::TempDir),
}

impl Staged {
    fn path(&self) -> &Path {
        match &self.written {
            Written::File(path) => path,
            Written::Folder(dir) => dir.path(),
        }
    }
}

/// Whether koers may replace the folder at `path`: it holds koers' stamp (a file, not a link
/// to one), or nothing.
pub fn written_by_koers(path: &Path) -> bool {
    let stamped = fs::symlink_metadata(path.join(STAMP)).is_ok_and(|metadata| metadata.is_file());
    stamped || fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

pub fn not_ours(path: &Path) -> Diagnostic {
    Diagnostic::error(
        Some(Location::file(path)),
        format!("holds files koers did not write (there is no {STAMP} file); koers replaces only a folder it wrote"),
    )
    .with_hint("move the folder away, or choose another output path with -o")
}

fn failed(path: &Path, what: &str, error: std::io::Error) -> Diagnostic {
    Diagnostic::error(Some(Location::file(path)), format!("{what}: {error}"))
}

/// The folder an output goes into, made if missing, with old leftovers of killed builds removed.
fn parent_of(path: &Path) -> Result<PathBuf, Diagnostic> {
    let parent = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| failed(&parent, "cannot create the output folder", e))?;
    remove_leftovers(&parent);
    Ok(parent)
}

fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .is_ok_and(|modified| SystemTime::now().duration_since(modified).unwrap_or_default() > LEFTOVER_AGE);
        if old && is_leftover_name(&entry.file_name().to_string_lossy()) {
            let path = entry.path();
            let _ =
                if path.is_dir() && !path.is_symlink() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
        }
    }
}

/// The names koers' temporary files and folders get (tempfile's six random characters):
/// `.koers-Ab3xYz.tmp`, `.koers-Ab3xYz`, `.koers-old-Ab3xYz`; nothing else is ever removed.
fn is_leftover_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix(".koers-") else { return false };
    let rest = rest.strip_prefix("old-").unwrap_or(rest);
    let random = rest.strip_suffix(".tmp").unwrap_or(rest);
    random.len() == 6 && random.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Writes `bytes` to a temporary file beside `path`, flushed to disk, readable like a report.
pub fn stage_file(path: &Path, bytes: &[u8]) -> Result<Staged, Diagnostic> {
    let parent = parent_of(path)?;
    let mut file = tempfile::Builder::new()
        .prefix(".koers-")
        .suffix(".tmp")
        .tempfile_in(&parent)
        .map_err(|e| failed(&parent, "cannot create a temporary file", e))?;
    file.write_all(bytes).map_err(|e| failed(path, "cannot write", e))?;
    super::set_report_permissions(file.as_file(), path).map_err(|e| failed(path, "cannot set permissions", e))?;
    file.as_file().sync_all().map_err(|e| failed(path, "cannot write", e))?;
    Ok(Staged { target: path.to_path_buf(), written: Written::File(file.into_temp_path()) })
}

/// Writes `files` (relative paths) into a new folder beside `path`, with the stamp, every file
/// flushed to disk.
pub fn stage_folder(path: &Path, files: &FileSet) -> Result<Staged, Diagnostic> {
    let parent = parent_of(path)?;
    let staging = tempfile::Builder::new()
        .prefix(".koers-")
        .tempdir_in(&parent)
        .map_err(|e| failed(&parent, "cannot create a temporary folder", e))?;
    let stamp = std::iter::once((STAMP, STAMP_TEXT.as_bytes()));
    for (relative, bytes) in stamp.chain(files.0.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice()))) {
        let shown = path.join(relative);
        let plain = crate::read::is_plain_relative(relative)
            && relative.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
        if !plain {
            return Err(Diagnostic::error(Some(Location::file(&shown)), "is not a plain path inside the folder"));
        }
        let target = staging.path().join(relative);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| failed(dir, "cannot create a folder", e))?;
        }
        let mut file = fs::File::create(&target).map_err(|e| failed(&shown, "cannot write", e))?;
        file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| failed(&shown, "cannot write", e))?;
    }
    set_folder_permissions(staging.path()).map_err(|e| failed(path, "cannot set permissions", e))?;
    Ok(Staged { target: path.to_path_buf(), written: Written::Folder(staging) })
}

/// Puts every staged output in its place, or none: the earlier ones are moved aside, the new ones
/// renamed in, the earlier ones removed. If a step fails, the steps before it are undone and the
/// earlier outputs are where they were.
pub fn put_in_place(staged: Vec<Staged>) -> Result<(), Diagnostic> {
    // Checked again here: a watch session runs for hours, and the place may have changed.
    for output in &staged {
        let Ok(metadata) = fs::symlink_metadata(&output.target) else { continue };
        let refused = match output.written {
            Written::Folder(_) => {
                (!metadata.is_dir() || !written_by_koers(&output.target)).then(|| not_ours(&output.target))
            }
            Written::File(_) => (!metadata.is_file() || !super::starts_as_pdf(&output.target)).then(|| {
                let at = Some(Location::file(&output.target));
                Diagnostic::error(at, "is no longer a PDF koers wrote; it is not replaced")
            }),
        };
        if let Some(problem) = refused {
            return Err(problem);
        }
    }
    let mut asides: Vec<(usize, PathBuf, tempfile::TempDir)> = Vec::new();
    let mut placed: Vec<usize> = Vec::new();
    let result = (|| {
        for (at, output) in staged.iter().enumerate() {
            if fs::symlink_metadata(&output.target).is_err() {
                continue;
            }
            let parent = output.target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let aside = tempfile::Builder::new()
                .prefix(".koers-old-")
                .tempdir_in(parent)
                .map_err(|e| (at, e, "cannot make room to move the earlier output aside"))?;
            let earlier = aside.path().join("earlier");
            fs::rename(&output.target, &earlier).map_err(|e| (at, e, "cannot move the earlier output aside"))?;
            asides.push((at, earlier, aside));
        }
        for (at, output) in staged.iter().enumerate() {
            fs::rename(output.path(), &output.target).map_err(|e| (at, e, "cannot put the new output in place"))?;
            placed.push(at);
        }
        Ok(())
    })();
    let Err((at, error, what)) = result else { return Ok(()) };
    // Undo: take out what was put in, put back what was moved aside.
    for &done in &placed {
        let target = &staged[done].target;
        let _ = if target.is_dir() { fs::remove_dir_all(target) } else { fs::remove_file(target) };
    }
    for (done, earlier, _aside) in &asides {
        let _ = fs::rename(earlier, &staged[*done].target);
    }
    let target = &staged[at].target;
    let problem = Diagnostic::error(
        Some(Location::file(target)),
        format!("{what}: {error}; nothing was replaced, the earlier outputs are unchanged"),
    );
    Err(match super::not_replaced(target, &error).hints.into_iter().next() {
        Some(hint) => problem.with_hint(hint),
        None => problem,
    })
}

/// A temporary folder is private (0700); a web edition is for reading.
#[cfg(unix)]
fn set_folder_permissions(root: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.map_err(std::io::Error::other)?;
        let mode = if entry.file_type().is_dir() { 0o755 } else { 0o644 };
        fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_folder_permissions(_root: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> FileSet {
        FileSet(files.iter().map(|(name, text)| (name.to_string(), text.as_bytes().to_vec())).collect())
    }

    #[test]
    fn all_outputs_are_replaced_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let (pdf, site) = (dir.path().join("r.pdf"), dir.path().join("r"));
        put_in_place(vec![
            stage_file(&pdf, b"%PDF-1").unwrap(),
            stage_folder(&site, &folder(&[("a.html", "1")])).unwrap(),
        ])
        .unwrap();
        put_in_place(vec![
            stage_file(&pdf, b"%PDF-2").unwrap(),
            stage_folder(&site, &folder(&[("b.html", "2")])).unwrap(),
        ])
        .unwrap();
        assert_eq!(fs::read(&pdf).unwrap(), b"%PDF-2");
        assert!(!site.join("a.html").exists() && site.join("b.html").is_file() && site.join(STAMP).is_file());

        // The third output cannot be put in place (its staged folder vanished): the PDF and the
        // site stay as they were, the earlier data folder is back, nothing temporary is left.
        let data = dir.path().join("r-data");
        fs::create_dir_all(data.join("x")).unwrap();
        fs::write(data.join(STAMP), "").unwrap();
        let staged = vec![
            stage_file(&pdf, b"%PDF-3").unwrap(),
            stage_folder(&site, &folder(&[("c.html", "3")])).unwrap(),
            stage_folder(&data, &folder(&[("d.csv", "4")])).unwrap(),
        ];
        fs::remove_dir_all(staged[2].path()).unwrap();
        let problem = put_in_place(staged).unwrap_err().to_string();
        assert!(problem.contains("nothing was replaced"), "{problem}");
        assert_eq!(fs::read(&pdf).unwrap(), b"%PDF-2");
        assert!(site.join("b.html").is_file() && !site.join("c.html").exists());
        assert!(data.join("x").is_dir(), "the earlier data folder is back");
        let left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".koers"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn only_koers_own_leftovers_are_removed() {
        assert!(is_leftover_name(".koers-Ab3xYz.tmp") && is_leftover_name(".koers-old-Ab3xYz"));
        assert!(is_leftover_name(".koers-Ab3xYz"));
        assert!(!is_leftover_name(".koers-notities") && !is_leftover_name(".koers") && !is_leftover_name("x.pdf"));
    }

    #[test]
    fn a_folder_without_the_stamp_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("r");
        let staged = stage_folder(&site, &folder(&[("a.html", "1")])).unwrap();
        // Made after the build started (a watch session): checked again before replacing.
        fs::create_dir(&site).unwrap();
        fs::write(site.join("mine.txt"), "kept").unwrap();
        let problem = put_in_place(vec![staged]).unwrap_err().to_string();
        assert!(problem.contains("holds files koers did not write"), "{problem}");
        assert_eq!(fs::read(site.join("mine.txt")).unwrap(), b"kept");
        assert!(stage_folder(&site, &folder(&[("../x", "1")])).is_err(), "only plain paths inside the folder");

        // A stamp that is a link to a file does not count.
        let linked = dir.path().join("linked");
        fs::create_dir(&linked).unwrap();
        fs::write(linked.join("mine.txt"), "kept").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(linked.join("mine.txt"), linked.join(STAMP)).unwrap();
        assert!(!written_by_koers(&linked) || cfg!(not(unix)));

        // A folder where the PDF was, made during a watch session, is not replaced by the PDF.
        let pdf = dir.path().join("r.pdf");
        let staged = stage_file(&pdf, b"%PDF-1").unwrap();
        fs::create_dir(&pdf).unwrap();
        fs::write(pdf.join("notes.txt"), "kept").unwrap();
        assert!(put_in_place(vec![staged]).unwrap_err().to_string().contains("is no longer a PDF"));
        assert_eq!(fs::read(pdf.join("notes.txt")).unwrap(), b"kept");
    }
}
