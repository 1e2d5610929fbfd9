//! Templates, theme and assets: embedded in the binary by `build.rs`, so `koers` works from any
//! folder, and overridable file by file from a project folder's own `templates/` and `assets/`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Location};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The folders that can be overridden, relative to the project folder.
pub const FOLDERS: [&str; 2] = ["templates", "assets"];

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

    /// The embedded files, each replaced or complemented by the project folder's own. Symlinks
    /// are not followed, so an override can never reach outside the project folder.
    pub fn with_overrides(project_root: &Path) -> Result<Self, Diagnostic> {
        let mut resources = Self::embedded();
        for folder in FOLDERS {
            let dir = project_root.join(folder);
            if !dir.is_dir() {
                continue;
            }
            for entry in WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.map_err(|error| {
                    Diagnostic::error(Some(Location::file(&dir)), format!("cannot read the override folder: {error}"))
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let relative = entry.path().strip_prefix(project_root).unwrap_or(entry.path());
                let name = relative.to_string_lossy().replace('\\', "/");
                let bytes = fs::read(entry.path()).map_err(|error| {
                    Diagnostic::error(Some(Location::file(entry.path())), format!("cannot read the file: {error}"))
                })?;
                resources.files.insert(name, Cow::Owned(bytes));
            }
        }
        Ok(resources)
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
