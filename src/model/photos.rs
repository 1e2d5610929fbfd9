//! Photos: a path inside the edition folder, a required alt text and a caption. The file is read
//! here, after the YAML names it, and refused at the path's line when it lies outside the edition
//! (`..`, an absolute path, a symlink), is missing, not a regular file, too large, or not a PNG,
//! JPEG, GIF or SVG.

use std::path::{Component, Path};
use std::sync::Arc;

use super::Checker;
use crate::content::files::PhotoFile;
use crate::content::yaml::location;
use crate::diag::Diagnostic;

/// Larger photos belong in a web version, not in a report PDF.
pub const MAX_PHOTO_BYTES: u64 = 20 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Photo {
    /// Where Typst finds it in the virtual project: `/photos/<path in the edition>`.
    pub virtual_path: String,
    pub bytes: Arc<[u8]>,
    pub alt: String,
    pub caption: Option<String>,
}

impl Checker<'_> {
    pub(super) fn photo(&mut self, file: PhotoFile) -> Option<Photo> {
        let alt = self.text("alt", file.alt);
        let caption = file.caption.map(|caption| self.text("caption", caption));
        let edition = self.path.parent().unwrap_or(Path::new("."));
        match read_photo(edition, &file.path.value) {
            Ok(bytes) => Some(Photo {
                virtual_path: crate::project::photo_path(&file.path.value),
                bytes: bytes.into(),
                alt,
                caption,
            }),
            Err((message, hint)) => {
                let at = Some(location(self.path, &file.path.referenced));
                self.problems.push(Diagnostic::error(at, message).with_hint(hint));
                None
            }
        }
    }
}

fn read_photo(edition: &Path, written: &str) -> Result<Vec<u8>, (String, String)> {
    let relative = Path::new(written);
    let inside = relative.components().all(|part| matches!(part, Component::Normal(_) | Component::CurDir));
    let slashed = written.replace('\\', "/");
    // Only where the slashed path is one inside the edition (`C:\foto.jpg` is not).
    let inside_slashed = !slashed.contains(':') && crate::read::is_plain_relative(slashed.trim_start_matches("./"));
    if written.contains('\\') && inside_slashed {
        return Err((
            format!("`{written}` separates its folders with a backslash"),
            format!("write `{slashed}`: koers paths use `/` on every system, Windows too"),
        ));
    }
    if !inside || !crate::read::is_plain_relative(written.trim_start_matches("./")) {
        return Err((
            format!("`{written}` is not a path inside the edition folder"),
            "give the photo's path relative to the edition folder, e.g. images/kunstenpand.jpg".to_owned(),
        ));
    }
    if let Some(on_disk) = crate::read::spelled_otherwise(edition, written) {
        return Err((
            format!("there is no photo `{written}`, only `{on_disk}`, which differs in case"),
            format!(
                "write `{on_disk}`: Windows and macOS open either spelling, Linux (where CI builds) only the exact one"
            ),
        ));
    }
    let path = edition.join(relative);
    let outside = match (path.canonicalize(), edition.canonicalize()) {
        (Ok(real), Ok(root)) => !real.starts_with(root),
        _ => {
            return Err((format!("there is no photo `{written}`"), "check the file name and its folder".to_owned()));
        }
    };
    if outside {
        return Err((
            format!("`{written}` leads outside the edition folder (a symbolic link)"),
            "copy the photo into the edition folder instead of linking to it".to_owned(),
        ));
    }
    let bytes = crate::read::regular_file(&path, MAX_PHOTO_BYTES).map_err(|problem| {
        (
            format!("`{written}`: {}", problem.message),
            "give a JPEG or PNG file, scaled to print size (300 dpi at its printed width is plenty)".to_owned(),
        )
    })?;
    if !is_image(&bytes) {
        return Err((
            format!("`{written}` is not a PNG, JPEG, GIF or SVG image"),
            "export the photo as JPEG or PNG".to_owned(),
        ));
    }
    // The web edition publishes the file under its name: a name that is not its format's
    // (`x.html` holding a GIF or an SVG) would make a browser read it as something else.
    if let Some((format, extensions)) = image_format(&bytes) {
        let extension = Path::new(written).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if !extensions.contains(&extension.as_str()) {
            return Err((
                format!("`{written}` is a {format} image, but its name does not end in .{}", extensions.join(" or .")),
                format!("rename it to end in .{}", extensions[0]),
            ));
        }
    }
    if let Some(problem) = super::drawing::problem(&bytes) {
        return Err((
            format!("`{written}` is an SVG drawing with {problem}"),
            "the web edition publishes the file as it is: export it without scripts and links, or as PNG".to_owned(),
        ));
    }
    Ok(bytes)
}

/// The format of an image Typst can place, recognised by its first bytes, with the file name
/// extensions it may have: `None` for anything else.
fn image_format(bytes: &[u8]) -> Option<(&'static str, &'static [&'static str])> {
    let text_start = std::str::from_utf8(&bytes[..bytes.len().min(256)]).map(str::trim_start).unwrap_or("");
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("PNG", &["png"]))
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some(("JPEG", &["jpg", "jpeg"]))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("GIF", &["gif"]))
    } else if text_start.starts_with("<svg") || (text_start.starts_with("<?xml") && text_start.contains("<svg")) {
        Some(("SVG", &["svg"]))
    } else {
        None
    }
}

fn is_image(bytes: &[u8]) -> bool {
    image_format(bytes).is_some()
}

#[cfg(test)]
mod tests {
    use super::{is_image, read_photo};

    #[test]
    fn a_photo_is_named_after_its_format() {
        let edition = tempfile::tempdir().unwrap();
        std::fs::write(edition.path().join("x.html"), b"GIF89a<script>alert(1)</script>").unwrap();
        std::fs::write(edition.path().join("Foto.JPEG"), b"\xff\xd8\xff\xe0").unwrap();
        let (message, hint) = read_photo(edition.path(), "x.html").unwrap_err();
        assert_eq!(message, "`x.html` is a GIF image, but its name does not end in .gif");
        assert_eq!(hint, "rename it to end in .gif");
        assert!(read_photo(edition.path(), "Foto.JPEG").is_ok(), "the extension in any case");
    }

    #[test]
    fn images_are_recognised_by_their_first_bytes() {
        assert!(is_image(b"\x89PNG\r\n\x1a\n...."));
        assert!(is_image(b"\xff\xd8\xff\xe0"));
        assert!(is_image(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
        assert!(!is_image(b"root:x:0:0:root:/root:/bin/bash"));
        assert!(!is_image(b""));
    }
}
