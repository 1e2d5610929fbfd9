//! koers checks its own laid-out pages: after Typst has laid out the report and before it is
//! exported, every run of text is placed on its page and checked. Text off the page or cut off
//! by a clipping box, text printed over other text, and content text that is on no page at all
//! are errors: a reader would miss it, so the build must not pass with exit 0.

use std::collections::BTreeMap;

use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::syntax::{LinkedNode, Source, SyntaxKind, ast};
use typst::visualize::Paint;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Location, excerpt};
use crate::project::TypstSources;

/// A run of text as printed: where its glyphs sit on the page, in points. An image is placed as
/// a run without text (a photo or chart that runs off the page hides what it shows).
struct Run {
    text: String,
    left: f64,
    right: f64,
    /// From the top of the x-height to the baseline: two lines overprint where these overlap.
    top: f64,
    baseline: f64,
    /// The box of the clipping group around it, if any: text outside it is cut off.
    clip: Option<[f64; 4]>,
    /// Printed too small to read, or in a colour without any opacity.
    unreadable: bool,
}

/// The smallest type a reader can read, in points (the house style's smallest is 6,2 pt).
const MIN_SIZE: f64 = 4.0;

/// How far a glyph box may stray before it counts (points), for rounding and overhanging accents.
const TOLERANCE: f64 = 0.5;

/// The share of the smaller of two runs that must be covered by the other to count as overprint.
const OVERPRINT_SHARE: f64 = 0.25;

/// Checks the laid-out `document`; `origins` map generated chapter sources to their content
/// files, so text missing from the pages is reported at the file it was written in.
pub fn check(document: &PagedDocument, sources: &TypstSources, origins: &[(String, String)]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut printed = String::new();
    for (index, page) in document.pages().iter().enumerate() {
        let (page_problems, runs) = check_page(page, index + 1);
        problems.extend(page_problems);
        for run in &runs {
            printed.push_str(&normalised(&run.text));
        }
    }
    problems.extend(missing(&printed, sources, origins));
    problems
}

/// The pages (1-based) with text off the page or out of its box, unreadable or printed over
/// other text.
pub fn troubled_pages(document: &PagedDocument) -> Vec<usize> {
    let pages = document.pages().iter().enumerate();
    pages.filter(|(index, page)| !check_page(page, index + 1).0.is_empty()).map(|(index, _)| index + 1).collect()
}

/// One page's problems, and its text runs.
fn check_page(page: &typst_layout::Page, page_number: usize) -> (Vec<Diagnostic>, Vec<Run>) {
    let mut problems = Vec::new();
    let (mut runs, mut images) = (Vec::new(), Vec::new());
    collect(&page.frame, Transform::identity(), None, &mut runs, &mut images);
    let (width, height) = (page.frame.width().to_pt(), page.frame.height().to_pt());
    let outside = |run: &&Run| {
        let [left, top, right, bottom] = run.clip.unwrap_or([0.0, 0.0, width, height]);
        run.left < left.max(0.0) - TOLERANCE
            || run.right > right.min(width) + TOLERANCE
            || run.top < top.max(0.0) - TOLERANCE
            || run.baseline > bottom.min(height) + TOLERANCE
    };
    let lost: Vec<&Run> = runs.iter().filter(outside).collect();
    problems.extend(page_problem(
        page_number,
        &lost,
        "run off the page or out of their box",
        "a block too large for its page or column; shorten it or split it up",
    ));
    let lost_images: Vec<&Run> = images.iter().filter(outside).collect();
    if !lost_images.is_empty() {
        let message = match lost_images.len() {
            1 => format!("page {page_number}: an image runs off the page or out of its box"),
            count => format!("page {page_number}: {count} images run off the page or out of their box"),
        };
        problems.push(Diagnostic::error(None, message).with_hint("a photo or chart too large for its page or column"));
    }
    let unreadable: Vec<&Run> = runs.iter().filter(|run| run.unreadable && !run.text.trim().is_empty()).collect();
    problems.extend(page_problem(
        page_number,
        &unreadable,
        &format!("too small to read (under {MIN_SIZE} pt) or transparent"),
        "a template override that hides text; content must stay readable",
    ));
    problems.extend(overprints(&runs, page_number));
    (problems, runs)
}

/// One problem for the runs of a page that fail the same way, quoting the first.
fn page_problem(page: usize, runs: &[&Run], what: &str, hint: &str) -> Option<Diagnostic> {
    let first = runs.first()?;
    let message = format!("page {page}: {} of text {what}, e.g. “{}”", lines(runs.len()), excerpt(&first.text, 60));
    Some(Diagnostic::error(None, message).with_hint(hint))
}

/// Walks a frame and its groups, placing each text run and each image on the page.
fn collect(frame: &Frame, ts: Transform, clip: Option<[f64; 4]>, runs: &mut Vec<Run>, images: &mut Vec<Run>) {
    for (position, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(position.x, position.y));
        match item {
            FrameItem::Group(group) => {
                let inner = here.pre_concat(group.transform);
                let clip = match &group.clip {
                    Some(_) => {
                        let [a, b] = [Point::zero(), Point::new(group.frame.width(), group.frame.height())]
                            .map(|corner| corner.transform(inner));
                        Some([a.x.to_pt(), a.y.to_pt(), b.x.to_pt(), b.y.to_pt()])
                    }
                    None => clip,
                };
                collect(&group.frame, inner, clip, runs, images);
            }
            FrameItem::Image(_, size, _) if here.kx.get() == 0.0 && here.ky.get() == 0.0 => {
                let [a, b] = [Point::zero(), Point::new(size.x, size.y)].map(|corner| corner.transform(here));
                images.push(Run {
                    text: String::new(),
                    left: a.x.to_pt(),
                    right: b.x.to_pt(),
                    top: a.y.to_pt(),
                    baseline: b.y.to_pt(),
                    clip,
                    unreadable: false,
                });
            }
            // Rotated or skewed text (none in the house style) has no upright box to check.
            FrameItem::Text(text) if here.kx.get() == 0.0 && here.ky.get() == 0.0 => {
                let start = Point::zero().transform(here);
                let size = text.size.to_pt() * here.sy.get();
                let width = text.width().to_pt() * here.sx.get();
                let transparent =
                    matches!(&text.fill, Paint::Solid(colour) if colour.alpha().is_some_and(|a| a <= 0.05));
                runs.push(Run {
                    text: text.text.to_string(),
                    left: start.x.to_pt(),
                    right: start.x.to_pt() + width,
                    top: start.y.to_pt() - 0.55 * size,
                    baseline: start.y.to_pt(),
                    clip,
                    unreadable: size < MIN_SIZE || transparent,
                });
            }
            _ => {}
        }
    }
}

/// Runs on one page whose boxes cover each other, as one problem for the page.
fn overprints(runs: &[Run], page: usize) -> Option<Diagnostic> {
    let mut order: Vec<&Run> = runs.iter().filter(|run| !run.text.trim().is_empty()).collect();
    order.sort_by(|a, b| a.top.total_cmp(&b.top));
    let mut involved = vec![false; order.len()];
    let mut first = None;
    for (i, a) in order.iter().enumerate() {
        for (j, b) in order.iter().enumerate().skip(i + 1).take_while(|(_, b)| b.top < a.baseline) {
            let across = a.right.min(b.right) - a.left.max(b.left) - 2.0 * TOLERANCE;
            let down = a.baseline.min(b.baseline) - a.top.max(b.top);
            let area = |run: &Run| (run.right - run.left) * (run.baseline - run.top);
            if across > 0.0 && down > 0.0 && across * down > OVERPRINT_SHARE * area(a).min(area(b)) {
                (involved[i], involved[j]) = (true, true);
                first.get_or_insert((a, b));
            }
        }
    }
    let (a, b) = first?;
    Some(
        Diagnostic::error(
            None,
            format!(
                "page {page}: {} of text printed over each other, e.g. “{}” and “{}”",
                lines(involved.iter().filter(|hit| **hit).count()),
                excerpt(&a.text, 60),
                excerpt(&b.text, 60)
            ),
        )
        .with_hint("a block taller than the room it was given; shorten it or split it up"),
    )
}

fn lines(count: usize) -> String {
    if count == 1 { "1 line".to_owned() } else { format!("{count} lines") }
}

/// The content text of the generated sources (every string in markup, `#"…";`) that is on no
/// page, reported at the content file of its chapter.
fn missing(printed: &str, sources: &TypstSources, origins: &[(String, String)]) -> Vec<Diagnostic> {
    let origin = |path: &str| -> Option<Location> {
        origins.iter().find(|(generated, _)| generated == path).map(|(_, file)| Location::file(file))
    };
    let mut lost: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut cursor = 0;
    for (path, text) in &sources.files {
        let source = Source::detached(text.as_str());
        let mut strings = Vec::new();
        markup_strings(&LinkedNode::new(source.root()), false, &mut strings);
        for (string, in_note) in strings {
            // A note is printed at the foot of its page, away from the text around its mark: it
            // is looked for on its own, and the text goes on where the mark is.
            let mut note_cursor = cursor;
            let at = if in_note { &mut note_cursor } else { &mut cursor };
            if !is_printed(printed, &normalised(&string), at) {
                lost.entry(path.clone()).or_default().push(string);
            }
        }
    }
    lost.into_iter()
        .map(|(path, strings)| {
            let location = origin(&path).or_else(|| Some(Location::file(format!("typst{path}"))));
            let mut diagnostic = Diagnostic::error(
                location,
                format!(
                    "{} of this file's texts are on no page of the report, e.g. “{}”",
                    strings.len(),
                    excerpt(&strings[0], 60)
                ),
            );
            diagnostic =
                diagnostic.with_hint("a block too large for its page or column, or a template that leaves it out");
            diagnostic
        })
        .collect()
}

/// The shortest piece of a text looked for on its own: a paragraph may be split over columns
/// and pages, with running heads and other blocks printed in between.
const PIECE: usize = 24;

/// The least a text must go on right where the previous one ended to count as continuing there
/// (a short text cut by a page break: its start ends one page, its rest opens the next, with the
/// running footer and header printed in between).
const CONTINUED: usize = 4;

/// The most digits of a footnote's mark (note 1000 and on are not expected).
const MARK: usize = 3;

/// Whether `wanted` is in `printed` as a sequence of pieces of at least [`PIECE`] bytes (or its
/// rest, if shorter), or continues the previous text for at least [`CONTINUED`] bytes before a
/// break. `cursor` is where the previous text ended: the next one usually follows, so a piece is
/// looked for after it first.
fn is_printed(printed: &str, wanted: &str, cursor: &mut usize) -> bool {
    let mut rest = wanted;
    while !rest.is_empty() {
        let here = printed.get(*cursor..).unwrap_or("");
        let same = common_prefix(rest, here);
        if same >= rest.len() || same >= PIECE || (same >= CONTINUED && *cursor > 0) {
            *cursor += same;
            rest = &rest[same..];
            continue;
        }
        // The mark of a footnote (its number) may stand between a text and the one before it;
        // right after it, even a short start counts as continuing there.
        let mark = here.bytes().take(MARK).take_while(u8::is_ascii_digit).count();
        let after_mark = common_prefix(rest, &here[mark..]);
        if mark > 0 && *cursor > 0 && after_mark > 0 {
            *cursor += mark + after_mark;
            rest = &rest[after_mark..];
            continue;
        }
        let mut probe = rest.len().min(PIECE);
        while !rest.is_char_boundary(probe) {
            probe += 1;
        }
        let piece = &rest[..probe];
        match here.find(piece).map(|found| found + *cursor).or_else(|| printed.find(piece)) {
            Some(found) => *cursor = found,
            // Its first letters end a column where the previous text ended ("… ook het" + the
            // notes, footer and header + "garanties in …"): the rest is looked for after them.
            None if same > 0 && *cursor > 0 => {
                *cursor += same;
                rest = &rest[same..];
            }
            None => return false,
        }
    }
    true
}

/// The length in bytes of the longest common prefix of two texts, at a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices().zip(b.chars()).find(|((_, x), y)| x != y).map_or(a.len().min(b.len()), |((at, _), _)| at)
}

/// Strings embedded in markup (`#"…";`): the texts a source prints, each with whether it is in
/// a footnote (`in_note`: whether `node` is).
fn markup_strings(node: &LinkedNode<'_>, in_note: bool, out: &mut Vec<(String, bool)>) {
    if node.kind() == SyntaxKind::Str
        && node.parent_kind() == Some(SyntaxKind::Markup)
        && let Some(string) = node.cast::<ast::Str>()
    {
        out.push((string.get().to_string(), in_note));
    }
    let is_note = node
        .cast::<ast::FuncCall>()
        .is_some_and(|call| matches!(call.callee(), ast::Expr::Ident(name) if name.as_str() == "footnote"));
    for child in node.children() {
        markup_strings(&child, in_note || is_note, out);
    }
}

/// Text compared as printed: lower case (the theme sets some in capitals), without spaces and
/// hyphens (line breaks and hyphenation add or remove them).
fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{2011}'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, left: f64, right: f64, baseline: f64) -> Run {
        Run { text: text.into(), left, right, top: baseline - 5.0, baseline, clip: None, unreadable: false }
    }

    #[test]
    fn runs_that_cover_each_other_overprint_and_neighbours_do_not() {
        let lines = [run("eerste regel", 0.0, 100.0, 10.0), run("tweede regel", 0.0, 100.0, 22.0)];
        assert!(overprints(&lines, 1).is_none(), "lines one under the other");
        let side = [run("links", 0.0, 50.0, 10.0), run("rechts", 50.2, 100.0, 10.0)];
        assert!(overprints(&side, 1).is_none(), "runs side by side on one line");
        let over = [run("rij 65", 0.0, 100.0, 10.0), run("rij 66", 0.0, 100.0, 11.0), run("rij 67", 0.0, 100.0, 12.0)];
        let problem = overprints(&over, 3).unwrap();
        assert_eq!(problem.message, "page 3: 3 lines of text printed over each other, e.g. “rij 65” and “rij 66”");
    }

    #[test]
    fn a_text_split_over_pages_is_printed_and_a_lost_one_is_not() {
        let printed = normalised(
            "Eerste kolom met het begin van een lange alinea die doorloopt ZUID OP KOERS 7 en hier eindigt de alinea.",
        );
        let mut cursor = 0;
        let wanted = normalised("Het begin van een lange alinea die doorloopt en hier eindigt de alinea.");
        assert!(is_printed(&printed, &wanted, &mut cursor));
        assert!(!is_printed(&printed, &normalised("Deze laatste zin staat nergens."), &mut cursor));
        assert!(is_printed(&printed, &normalised("kolom"), &mut cursor), "a short text anywhere");
        // A short text cut by a page break, the footer and the next page's header in between.
        let printed = normalised("het aandeel is gedaald, in de focus Zuid op Koers 14 WONEN wijken van 26%");
        let mut cursor = normalised("het aandeel is gedaald").len();
        assert!(is_printed(&printed, &normalised(", in de focuswijken van "), &mut cursor));
        let mut cursor = normalised("het aandeel is gedaald").len();
        assert!(!is_printed(&printed, &normalised(", in de stad van "), &mut cursor), "only its start is printed");
        // A text cut by a page break right after a footnote's mark: the notes, footer and
        // header in between.
        let printed = normalised("gestegen.357 op. 357 Een noot. Zuid 39 WONEN Door banen garanties bij woningen en");
        let mut cursor = normalised("gestegen.").len();
        assert!(is_printed(&printed, &normalised(" op. Door banen garanties bij woningen en"), &mut cursor));
        // Three letters end the column, without a mark.
        let printed = normalised("programma ook het 52 Een noot. Zuid 7 VOORWOORD garanties in op Zuid van. Bewoners");
        let mut cursor = normalised("programma ook").len();
        assert!(is_printed(&printed, &normalised(" het garanties in op Zuid van. Bewoners"), &mut cursor));
        let mut cursor = normalised("programma ook").len();
        assert!(!is_printed(&printed, &normalised(" het gemeentehuis staat in de wijk Feijenoord"), &mut cursor));
    }

    #[test]
    fn markup_strings_are_the_printed_texts() {
        let source = Source::detached(
            "#chapter(\"Titel\", id: \"school\")[#\"Een tekst\";#footnote[#\"Een noot.\";]#\".\";]\n#\"Nog een\";",
        );
        let mut strings = Vec::new();
        markup_strings(&LinkedNode::new(source.root()), false, &mut strings);
        let expected = [("Een tekst", false), ("Een noot.", true), (".", false), ("Nog een", false)];
        assert_eq!(strings, expected.map(|(text, note)| (text.to_owned(), note)));
        assert_eq!(normalised("Kwaliteits-\nsprong OP Zuid"), normalised("kwaliteitssprong op zuid"));
    }
}
