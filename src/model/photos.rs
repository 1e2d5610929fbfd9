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
    if let Some(problem) = svg_problem(&bytes) {
        return Err((
            format!("`{written}` is an SVG drawing with {problem}"),
            "the web edition publishes the file as it is: export it without scripts and links, or as PNG".to_owned(),
        ));
    }
    Ok(bytes)
}

/// What in an SVG photo could run or load something when the web edition publishes it: a script,
/// an event handler, embedded HTML, a link or style that reaches another file. `None` for raster
/// images and self-contained drawings.
fn svg_problem(bytes: &[u8]) -> Option<String> {
    if !std::str::from_utf8(&bytes[..bytes.len().min(256)]).is_ok_and(|start| start.contains("<svg")) {
        return None;
    }
    let Ok(text) = std::str::from_utf8(bytes) else { return Some("text that is not UTF-8".to_owned()) };
    // No DTD: its entities could expand without end, and a drawing needs none.
    let document = match roxmltree::Document::parse(text) {
        Ok(document) => document,
        Err(error) => return Some(format!("XML koers cannot read ({error})")),
    };
    let outside = |value: &str| {
        let value = value.trim().to_ascii_lowercase();
        !(value.starts_with('#')
            || ["data:image/png", "data:image/jpeg", "data:image/gif"].iter().any(|kind| value.starts_with(kind)))
    };
    let reaches_out = |css: &str| {
        let css = css.to_ascii_lowercase().replace(char::is_whitespace, "");
        css.contains("@import")
            || css.match_indices("url(").any(|(at, _)| !css[at + 4..].trim_start_matches(['"', '\'']).starts_with('#'))
    };
    for node in document.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        if ["script", "foreignobject", "iframe", "object", "embed", "handler"]
            .contains(&name.to_ascii_lowercase().as_str())
        {
            return Some(format!("a <{name}> element"));
        }
        if name == "style" && node.text().is_some_and(reaches_out) {
            return Some("a style that loads another file".to_owned());
        }
        for attribute in node.attributes() {
            let key = attribute.name().to_ascii_lowercase();
            if key.starts_with("on") {
                return Some(format!("an event handler ({})", attribute.name()));
            }
            if matches!(key.as_str(), "href" | "src") && outside(attribute.value()) {
                return Some(format!("a link to {}", attribute.value()));
            }
            if key == "style" && reaches_out(attribute.value()) {
                return Some("a style that loads another file".to_owned());
            }
        }
    }
    None
}

/// Recognises the formats Typst can place by their first bytes.
fn is_image(bytes: &[u8]) -> bool {
    let text_start = std::str::from_utf8(&bytes[..bytes.len().min(256)]).map(str::trim_start).unwrap_or("");
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(b"\xff\xd8\xff")
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || text_start.starts_with("<svg")
        || (text_start.starts_with("<?xml") && text_start.contains("<svg"))
}

#[cfg(test)]
mod tests {
    use super::{is_image, svg_problem};

    #[test]
    fn an_svg_that_could_run_or_load_something_is_refused() {
        let svg = |inner: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">{inner}</svg>"
            )
        };
        assert_eq!(svg_problem(svg("<circle r=\"3\" fill=\"url(#g)\"/><use href=\"#a\"/>").as_bytes()), None);
        assert_eq!(svg_problem(b"\x89PNG\r\n\x1a\n<svg><script/>"), None, "raster images are not read as XML");
        for hostile in [
            "<script>alert(1)</script>",
            "<SCRIPT>alert(1)</SCRIPT>",
            "<circle onload=\"alert(1)\"/>",
            "<foreignObject><div/></foreignObject>",
            "<image xlink:href=\"https://example.org/x.png\"/>",
            "<a href=\" javascript:alert(1)\"><text>x</text></a>",
            "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>",
            "<style>@import url(https://example.org/x.css);</style>",
            "<rect style=\"fill: url( 'https://example.org/x.svg#p')\"/>",
        ] {
            assert!(svg_problem(svg(hostile).as_bytes()).is_some(), "{hostile}");
        }
        let entities = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg>&a;</svg>";
        assert!(svg_problem(entities.as_bytes()).is_some(), "a DTD is refused");
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
