//! SVG photos are published by the web edition as they are, on the report's own site: opened
//! directly, an SVG runs its scripts and loads what it links to. So an SVG photo is accepted only
//! when it is a plain drawing: every node a known, inert SVG element in the SVG namespace, no
//! processing instructions or DTD, no event handlers or animations, no styles that could load
//! anything (`url(` only as `url(#id)`, no `@` rules, no CSS escapes), links only within the
//! file or to an embedded PNG, JPEG or GIF. A list of what is allowed, not of what is known to be
//! dangerous: what it does not know, it refuses.

const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";

/// The drawing elements a logo or an illustration uses; nothing that runs, animates, embeds
/// other documents or styles by rules.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "metadata",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "image",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
];

/// What in an SVG photo is not a plain drawing; `None` for raster images and plain drawings.
pub fn problem(bytes: &[u8]) -> Option<String> {
    if !std::str::from_utf8(&bytes[..bytes.len().min(256)]).is_ok_and(|start| start.contains("<svg")) {
        return None;
    }
    let Ok(text) = std::str::from_utf8(bytes) else { return Some("text that is not UTF-8".to_owned()) };
    // roxmltree refuses a DTD (whose entities could expand without end) unless allowed.
    let document = match roxmltree::Document::parse(text) {
        Ok(document) => document,
        Err(error) => return Some(format!("XML koers cannot read ({error})")),
    };
    for node in document.descendants() {
        if node.is_pi() {
            return Some("a processing instruction (<?…?>)".to_owned());
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if node.tag_name().namespace() != Some(SVG_NAMESPACE) || !ELEMENTS.contains(&name) {
            return Some(format!("a <{name}> element, which is not a plain drawing"));
        }
        for attribute in node.attributes() {
            if let Some(problem) = attribute_problem(attribute.name(), attribute.value()) {
                return Some(problem);
            }
        }
    }
    None
}

fn attribute_problem(name: &str, value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    if name.to_ascii_lowercase().starts_with("on") {
        return Some(format!("an event handler ({name})"));
    }
    if name == "href" {
        let inside = lower.starts_with('#')
            || ["data:image/png;", "data:image/jpeg;", "data:image/gif;"].iter().any(|kind| lower.starts_with(kind));
        return (!inside).then(|| format!("a link to {value}"));
    }
    if value.contains('\\') || value.contains('@') && name == "style" {
        return Some(format!("a style koers cannot read ({name}=\"{value}\")"));
    }
    // `url(` only as a reference inside the file: `url(#shadow)`.
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let outside = compact
        .match_indices("url(")
        .any(|(at, _)| !compact[at + 4..].trim_start_matches(['"', '\'']).starts_with('#'));
    outside.then(|| format!("a reference to another file ({name}=\"{value}\")"))
}

#[cfg(test)]
mod tests {
    use super::problem;

    fn svg(inner: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
             xmlns:html=\"http://www.w3.org/1999/xhtml\">{inner}</svg>"
        )
    }

    #[test]
    fn a_plain_drawing_is_accepted() {
        let drawing =
            svg("<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#00704a\"/></linearGradient></defs>\
             <title>Logo</title><circle r=\"3\" fill=\"url(#g)\" style=\"fill: url( '#g')\"/><use xlink:href=\"#g\"/>\
             <image href=\"data:image/png;base64,iVBORw0KGgo=\"/><!-- a comment --><text>Zuid</text>");
        assert_eq!(problem(drawing.as_bytes()), None);
        let declared = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{drawing}");
        assert_eq!(problem(declared.as_bytes()), None, "the XML declaration is no processing instruction");
        assert_eq!(problem(b"\x89PNG\r\n\x1a\n<svg><script/>"), None, "raster images are not read as XML");
    }

    #[test]
    fn anything_that_could_run_or_load_something_is_refused() {
        for hostile in [
            "<script>alert(1)</script>",
            "<svg:script xmlns:svg=\"http://www.w3.org/2000/svg\">alert(1)</svg:script>",
            "<circle onload=\"alert(1)\"/>",
            "<foreignObject><div/></foreignObject>",
            "<html:meta http-equiv=\"refresh\" content=\"0;url=https://example.org\"/>",
            "<a href=\"https://example.org\"><text>x</text></a>",
            "<set attributeName=\"href\" to=\"javascript:alert(1)\"/>",
            "<animate attributeName=\"href\" values=\"javascript:alert(1)\"/>",
            "<image xlink:href=\"https://example.org/x.png\"/>",
            "<use href=\"other.svg#x\"/>",
            "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>",
            "<style>@import url(https://example.org/x.css);</style>",
            "<rect style=\"fill: url( 'https://example.org/x.svg#p')\"/>",
            "<rect style=\"fill:\\75rl(https://example.org/x)\"/>",
            "<rect fill=\"url(https://example.org/x)\"/>",
            "<rect mask=\"url(https://example.org/x#m)\"/>",
            "<?xml-stylesheet href=\"https://example.org/x.css\"?><rect/>",
            "<rect/><?x > <script>alert(1)</script> ?>",
        ] {
            assert!(problem(svg(hostile).as_bytes()).is_some(), "{hostile}");
        }
        let entities = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\">]><svg>&a;</svg>";
        assert!(problem(entities.as_bytes()).is_some(), "a DTD is refused");
        assert!(problem(b"<svg><rect/></svg>").is_some(), "an element outside the SVG namespace is refused");
    }
}
