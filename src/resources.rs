//! Templates, theme and assets: embedded in the binary by `build.rs`, so `koers` works from any
//! folder, and overridable file by file from a project folder's own `templates/` and `assets/`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostic, Location};
use crate::read;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The folders that can be overridden, relative to the project folder.
pub const FOLDERS: [&str; 2] = ["templates", "assets"];

/// Largest template or theme file a project may override (the bundled ones are under 40 KiB).
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;
/// Largest asset (a font, a logo) a project may override (the bundled fonts are under 1 MiB).
pub const MAX_ASSET_BYTES: u64 = 32 * 1024 * 1024;
/// The most a project's overrides may hold in all.
pub const MAX_OVERRIDE_BYTES: u64 = 128 * 1024 * 1024;
/// The most files a project may override (the bundled templates and assets are 14).
pub const MAX_OVERRIDE_FILES: usize = 1000;

/// All templates and assets by relative path (`templates/theme.typ`, `assets/fonts/…`).
#[derive(Debug, Clone)]
pub struct Resources {
    files: BTreeMap<String, Cow<'static, [u8]>>,
}

impl Resources {
    /// One embedded file, for code that needs it for the life of the program (chart fonts).
    pub fn embedded_file(name: &str) -> Option<&'static [u8]> {
        embedded::EMBEDDED.iter().find(|(path, _)| *path == name).map(|(_, bytes)| *bytes)
    }

    /// Only what is embedded in the binary.
    pub fn embedded() -> Self {
        let files = embedded::EMBEDDED.iter().map(|(name, bytes)| (name.to_string(), Cow::Borrowed(*bytes))).collect();
        Self { files }
    }

    /// The embedded files, each replaced or complemented by the project folder's own, read under
    /// the file policy of [`crate::read`]: no links (so an override can never reach outside its
    /// folder, e.g. `assets -> .git`), no special files, and caps per file and in all.
    pub fn with_overrides(project_root: &Path) -> Result<Self, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut found = Vec::new();
        for folder in FOLDERS {
            problems.extend(read::folder_spelled_otherwise(project_root, folder));
            let dir = project_root.join(folder);
            match read::is_real_dir(&dir) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            }
            for path in read::files_under(&dir, usize::MAX, &mut problems) {
                let relative = path.strip_prefix(project_root).unwrap_or(&path);
                let parts: Vec<String> =
                    relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
                let name = parts.join("/");
                if !read::is_plain_relative(&name) {
                    problems.push(
                        Diagnostic::error(
                            Some(Location::file(&path)),
                            "the file's name holds a backslash or a control character",
                        )
                        .with_hint("rename it: override files are named like the bundled ones"),
                    );
                    continue;
                }
                let cap = if folder == "templates" { MAX_TEMPLATE_BYTES } else { MAX_ASSET_BYTES };
                found.push((path, name, cap));
            }
        }
        // Counted and sized before a byte is read, so many large files cannot fill memory first.
        let total: u64 = found.iter().filter_map(|(path, _, _)| path.symlink_metadata().ok()).map(|m| m.len()).sum();
        if found.len() > MAX_OVERRIDE_FILES || total > MAX_OVERRIDE_BYTES {
            let at = FOLDERS.map(|folder| project_root.join(folder)).into_iter().find(|dir| dir.is_dir());
            problems.push(Diagnostic::error(
                at.map(Location::file),
                format!(
                    "the project's templates/ and assets/ hold {} files of {total} bytes; at most \
                     {MAX_OVERRIDE_FILES} files and {MAX_OVERRIDE_BYTES} bytes are read",
                    found.len()
                ),
            ));
            return Err(problems);
        }
        let mut resources = Self::embedded();
        for (path, name, cap) in found {
            match read::regular_file(&path, cap) {
                Ok(bytes) => {
                    resources.files.insert(name, Cow::Owned(bytes));
                }
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() { Ok(resources) } else { Err(problems) }
    }

    /// The embedded files with `files` (relative paths) added or replacing them: the overrides a
    /// typesetting worker receives.
    pub fn with_files(mut self, files: Vec<(String, Vec<u8>)>) -> Self {
        self.files.extend(files.into_iter().map(|(name, bytes)| (name, Cow::Owned(bytes))));
        self
    }

    /// The files that are not the embedded ones: the project's overrides.
    pub fn overrides(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(name, bytes)| match bytes {
            Cow::Owned(bytes) => Some((name.as_str(), bytes.as_slice())),
            Cow::Borrowed(_) => None,
        })
    }

    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files.get(name).map(|bytes| bytes.as_ref())
    }

    /// Files whose path starts with `prefix`, in path order.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        self.files
            .range(prefix.to_owned()..)
            .take_while(move |(name, _)| name.starts_with(prefix))
            .map(|(name, bytes)| (name.as_str(), bytes.as_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn theme_and_fonts_are_embedded() {
        let resources = Resources::embedded();
        assert!(resources.get("templates/theme.typ").is_some());
        assert!(resources.under("assets/fonts/").any(|(name, _)| name.ends_with("Lato-Regular.ttf")));
    }

    #[test]
    fn a_project_file_overrides_the_embedded_one() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("templates")).unwrap();
        fs::write(root.path().join("templates/theme.typ"), "// eigen thema").unwrap();
        let resources = Resources::with_overrides(root.path()).unwrap();
        assert_eq!(resources.get("templates/theme.typ"), Some(&b"// eigen thema"[..]));
        assert!(resources.get("templates/main.typ.j2").is_some(), "other files stay embedded");
    }
}
