//! koers checks its own laid-out pages: after Typst has laid out the report and before it is
//! exported, every run of text is placed on its page and checked. Text off the page or cut off
//! by a clipping box, text printed over other text, and content text that is on no page at all
//! are errors: a reader would miss it, so the build must not pass with exit 0. A nearly empty
//! page inside a chapter, a chapter that ends on a nearly empty page (or on a page of its
//! footnotes only), or with an empty right column koers could not balance, is a warning. Each
//! names its page, the nearest heading above it and its chapter's content file.

use std::collections::BTreeMap;

use typst::foundations::{Label, NativeElement, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::layout::Transform;
use typst::model::HeadingElem;
use typst::syntax::{LinkedNode, Source, SyntaxKind, ast};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use super::frames::{MIN_SIZE, Run, collect};
use super::{balance, bodies};
use crate::diag::{Diagnostic, Location, excerpt};
use crate::project::{MAIN_PATH, TypstSources, chapter_path};

/// How far a glyph box may stray before it counts (points), for rounding and overhanging accents.
const TOLERANCE: f64 = 0.5;

/// The share of the smaller of two runs that must be covered by the other to count as overprint.
const OVERPRINT_SHARE: f64 = 0.25;

/// Checks the laid-out `document`; `origins` map generated chapter sources to their content
/// files, so a problem is reported at the file it was written in; `balanced` are the chapters
/// whose last page koers balanced.
pub fn check(
    document: &PagedDocument,
    sources: &TypstSources,
    origins: &[(String, String)],
    balanced: &[String],
) -> Vec<Diagnostic> {
    let landmarks = Landmarks::new(document, origins);
    let mut problems = Vec::new();
    let mut printed = String::new();
    for (index, page) in document.pages().iter().enumerate() {
        let (page_problems, runs) = check_page(page);
        for problem in page_problems {
            let (place, location) = landmarks.place(index + 1, problem.x, problem.y);
            problems.push(Diagnostic::error(location, format!("{place}: {}", problem.what)).with_hint(problem.hint));
        }
        for run in &runs {
            printed.push_str(&normalised(&run.text));
        }
    }
    problems.extend(missing(&printed, sources, origins));
    problems.extend(unfinished_chapters(document, balanced, &landmarks));
    problems
}

/// The pages (1-based) with text off the page or out of its box, unreadable or printed over
/// other text.
pub fn troubled_pages(document: &PagedDocument) -> Vec<usize> {
    let pages = document.pages().iter().enumerate();
    pages.filter(|(_, page)| !check_page(page).0.is_empty()).map(|(index, _)| index + 1).collect()
}

/// What is wrong on a page, and where on it (its first text, in points).
struct PageProblem {
    what: String,
    hint: &'static str,
    x: f64,
    y: f64,
}

/// One page's problems, and its text runs.
fn check_page(page: &typst_layout::Page) -> (Vec<PageProblem>, Vec<Run>) {
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
        &lost,
        "run off the page or out of their box",
        "a block too large for its page or column; shorten it or split it up",
    ));
    let lost_images: Vec<&Run> = images.iter().filter(outside).collect();
    if let Some(first) = lost_images.first() {
        let what = match lost_images.len() {
            1 => "an image runs off the page or out of its box".to_owned(),
            count => format!("{count} images run off the page or out of their box"),
        };
        let hint = "a photo or chart too large for its page or column";
        problems.push(PageProblem { what, hint, x: first.left, y: first.top });
    }
    let unreadable: Vec<&Run> = runs.iter().filter(|run| run.unreadable && !run.text.trim().is_empty()).collect();
    problems.extend(page_problem(
        &unreadable,
        &format!("too small to read (under {MIN_SIZE} pt) or transparent"),
        "a template override that hides text; content must stay readable",
    ));
    problems.extend(overprints(&runs));
    (problems, runs)
}

/// One problem for the runs of a page that fail the same way, quoting the first.
fn page_problem(runs: &[&Run], what: &str, hint: &'static str) -> Option<PageProblem> {
    let first = runs.first()?;
    let what = format!("{} of text {what}, e.g. “{}”", lines(runs.len()), excerpt(&first.text, 60));
    Some(PageProblem { what, hint, x: first.left, y: first.top })
}

/// Where a page is in the report, for messages: the nearest heading above a place on it, and
/// the content file of the chapter it belongs to.
struct Landmarks<'a> {
    /// Every heading in reading order: page, column (0 left, 1 right), top, text.
    headings: Vec<(usize, usize, f64, String)>,
    /// Chapters by the page their text starts on, in order.
    chapters: Vec<(usize, String)>,
    origins: &'a [(String, String)],
    page_width: f64,
}

impl<'a> Landmarks<'a> {
    fn new(document: &PagedDocument, origins: &'a [(String, String)]) -> Self {
        let page_width = document.pages().first().map_or(0.0, |page| page.frame.width().to_pt());
        let introspector = document.introspector();
        let mut headings: Vec<_> = introspector
            .query(&Selector::Elem(HeadingElem::ELEM, None))
            .into_iter()
            .filter_map(|heading| {
                let position = heading.location().and_then(|at| introspector.position(at))?;
                let text = heading.to_packed::<HeadingElem>()?.body.plain_text().trim().to_owned();
                let (x, y) = (position.point.x.to_pt(), position.point.y.to_pt());
                (!text.is_empty()).then(|| (position.page.get(), usize::from(x > page_width / 2.0), y, text))
            })
            .collect();
        headings.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
        // Where chapters open (the theme's `chapter` labels its opening `<chapter>`, with the
        // chapter's id), else where their text starts (the appendix has no opening).
        let label = Label::new(PicoStr::intern("chapter")).expect("a label name is not empty");
        let mut chapters: Vec<(usize, String)> = introspector
            .query(&Selector::Label(label))
            .into_iter()
            .filter_map(|opening| {
                let Value::Str(id) = opening.to_packed::<MetadataElem>()?.value.clone() else { return None };
                let page = opening.location().and_then(|at| introspector.position(at))?.page.get();
                Some((page, id.to_string()))
            })
            .collect();
        for (page, chapter) in balance::chapter_starts(document) {
            if !chapters.iter().any(|(_, known)| *known == chapter) {
                chapters.push((page, chapter));
            }
        }
        chapters.sort();
        Self { headings, chapters, origins, page_width }
    }

    /// "page 7 (under “Jongeren”)", and the content file of the page's chapter.
    fn place(&self, page: usize, x: f64, y: f64) -> (String, Option<Location>) {
        let column = usize::from(x > self.page_width / 2.0);
        let above = self.headings.iter().rev().find(|(at_page, at_column, top, _)| {
            (*at_page, *at_column) < (page, column) || ((*at_page, *at_column) == (page, column) && *top <= y)
        });
        let place = match above {
            Some((.., heading)) => format!("page {page} (under “{}”)", excerpt(heading, 50)),
            None => format!("page {page}"),
        };
        let generated = match self.chapters.iter().rev().find(|(start, _)| *start <= page) {
            Some((_, chapter)) => chapter_path(chapter),
            None => MAIN_PATH.to_owned(),
        };
        let file = self.origins.iter().find(|(path, _)| *path == generated).map(|(_, file)| Location::file(file));
        (place, file)
    }
}

/// Warnings for chapters whose pages a reader would see as unfinished: a nearly empty page
/// inside the chapter, a nearly empty last page (the chapter spilled onto it), or an empty right
/// column koers could not balance.
fn unfinished_chapters(document: &PagedDocument, balanced: &[String], landmarks: &Landmarks<'_>) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let bodies = bodies::bodies(document);
    for page in balance::sparse_pages(document, &bodies) {
        let (place, location) = landmarks.place(page, 0.0, 0.0);
        let message = format!("{place}: a page inside the chapter is nearly empty");
        let hint = "a heading or block kept with a table, callout or photo that fits no column together with it; \
                    shorten that block or move it";
        warnings.push(Diagnostic::warning(location, message).with_hint(hint));
    }
    for last in balance::last_pages_of(&bodies, balanced) {
        let (place, location) = landmarks.place(last.page, last.end.0, last.end.1);
        let (left, right) = last.lines;
        if last.notes_only {
            let message = format!("{place}: the chapter's footnotes run over onto a page of their own");
            let hint =
                format!("shorten the chapter or its notes by a few lines so that they end on page {}", last.page - 1);
            warnings.push(Diagnostic::warning(location.clone(), message).with_hint(hint));
        } else if last.spilled {
            // Where the text ends is the top of its last line: a page of text has at least one.
            let spilled = lines((left + right).max(1));
            let message = format!("{place}: the chapter ends on a nearly empty page, with about {spilled} of its text");
            let hint = format!(
                "shorten the chapter by about {spilled} so that it ends on page {}, or give it more to say",
                last.page - 1
            );
            warnings.push(Diagnostic::warning(location.clone(), message).with_hint(hint));
        }
        if last.empty_column {
            let message = format!(
                "{place}: the chapter's last page has an empty right column beside about {} in the left",
                lines(left)
            );
            let hint = "koers could not end both columns level: a block kept whole (a table, callout, chart or \
                        photo) is taller than half the text; move it earlier in the chapter or add text after it";
            warnings.push(Diagnostic::warning(location, message).with_hint(hint));
        }
    }
    warnings
}

/// Runs on one page whose boxes cover each other, as one problem for the page.
fn overprints(runs: &[Run]) -> Option<PageProblem> {
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
    let what = format!(
        "{} of text printed over each other, e.g. “{}” and “{}”",
        lines(involved.iter().filter(|hit| **hit).count()),
        excerpt(&a.text, 60),
        excerpt(&b.text, 60)
    );
    let hint = "a block taller than the room it was given; shorten it or split it up";
    Some(PageProblem { what, hint, x: a.left, y: a.top })
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
        assert!(overprints(&lines).is_none(), "lines one under the other");
        let side = [run("links", 0.0, 50.0, 10.0), run("rechts", 50.2, 100.0, 10.0)];
        assert!(overprints(&side).is_none(), "runs side by side on one line");
        let over = [run("rij 65", 0.0, 100.0, 10.0), run("rij 66", 0.0, 100.0, 11.0), run("rij 67", 0.0, 100.0, 12.0)];
        let problem = overprints(&over).unwrap();
        assert_eq!(problem.what, "3 lines of text printed over each other, e.g. “rij 65” and “rij 66”");
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
