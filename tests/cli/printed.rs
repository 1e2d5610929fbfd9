//! What the report prints from content it was not fitted to: chapters in the document's order,
//! footnotes, Dutch typography of numbers and titles, and a theme restyled by one token file.

use std::path::Path;

use super::support::*;

/// The theme is in parts: a project that overrides only `templates/theme/tokens.typ` (here, the
/// house green) restyles the report, and the other parts take the new token.
#[test]
fn overriding_one_part_of_the_theme_restyles_the_report() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    let (_, plain) = build_pdf(dir.path(), &[]);
    let tokens =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/theme/tokens.typ")).unwrap();
    assert!(tokens.contains("#let green = rgb(\"#00704a\")"));
    std::fs::create_dir_all(dir.path().join("templates/theme")).unwrap();
    let restyled = tokens.replace("#let green = rgb(\"#00704a\")", "#let green = rgb(\"#003b6f\")");
    std::fs::write(dir.path().join("templates/theme/tokens.typ"), restyled).unwrap();
    let (output, styled) = build_pdf(dir.path(), &["--deny-warnings"]);
    assert!(output.status.success());
    assert_ne!(plain, styled, "the override of tokens.typ changed nothing");
    std::fs::write(dir.path().join("templates/theme/tokens.typ"), tokens).unwrap();
    let (_, same) = build_pdf(dir.path(), &[]);
    assert_eq!(plain, same, "an override equal to the bundled tokens changes nothing");
}

/// Markdown footnotes in prose become the report's footnotes: numbered in order, the note at the
/// foot of the page, in the PDF's text.
#[test]
fn footnotes_in_prose_are_numbered_notes_on_the_page() {
    let school = "title: School\nintro: Intro.\nsections:\n  - heading: Kop\n    body: |\n      \
        De wet[^wet] geldt sinds 2011[^jaar].\n\n      \
        [^wet]: Kamerstukken II 2011/12, 32 847, nr. 4.\n\n      \
        [^jaar]: Het convenant is getekend op 20 september 2011.\n";
    let dir = project(&[("content/2021/school.yaml", school.as_bytes())]);
    let (_, text) = build_text(dir.path(), &["--deny-warnings"]);
    assert!(text.contains("De wet 1 geldt sinds 2011 2 ."), "{text}");
    assert!(text.contains("1 Kamerstukken II 2011/12, 32 847, nr. 4."), "{text}");
    assert!(text.contains("2 Het convenant is getekend op 20 september 2011."), "{text}");
}

/// Dutch typography of numbers and titles: an amount's abbreviation ends the sentence with one
/// full stop ("€ 2.200 mln.", not "mln.."); "€", the number and "mln." stay on one line; the
/// subtitle names the year once; a long cover title is never hyphenated.
#[test]
fn numbers_and_titles_follow_dutch_typography() {
    let report = std::fs::read_to_string(fixture("minimal").join("content/2021/report.yaml"))
        .unwrap()
        .replace("title: Proefeditie", "title: Kwaliteitssprongbeleidsprogramma Rotterdam-Zuid")
        .replace("subtitle: Voortgangsrapportage", "subtitle: Voortgang 2021");
    let school = "title: School\nintro: Intro.\nsections:\n  - body: Het budget is {{ school.budget }}.\n\
        figures:\n  budget: {value: 2200000000, unit: euro_millions}\n";
    let dir =
        project(&[("content/2021/report.yaml", report.as_bytes()), ("content/2021/school.yaml", school.as_bytes())]);
    let (_, text) = build_text(dir.path(), &["--deny-warnings"]);
    assert!(text.contains("Het budget is € 2.200 mln. "), "{text}");
    assert!(!text.contains("mln.."), "{text}");
    assert!(text.contains("Voortgang 2021") && !text.contains("2021 2021"), "{text}");
    assert!(text.contains("Kwaliteitssprongbeleidsprogramma"), "the cover title is hyphenated: {text}");
    let emitted = tempfile::tempdir().unwrap();
    let out = emitted.path().join("typst");
    let output = koers(
        dir.path(),
        &[
            "build",
            "--content",
            "content",
            "-o",
            emitted.path().join("r.pdf").to_str().unwrap(),
            "--emit-typst",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success());
    let chapter = std::fs::read_to_string(out.join("chapters/school.typ")).unwrap();
    assert!(chapter.contains("€\u{a0}2.200\u{a0}mln."), "{chapter}");
}

/// `chapters:` in report.yaml sets the chapters and their order, also beyond the five pillars: a
/// chapter `bewoners` is numbered where it is listed and takes the house green (the documented
/// fallback for a chapter without a colour of its own). A listed chapter without its file, and a
/// file that is not listed, are located errors.
#[test]
fn report_yaml_lists_the_chapters_in_the_documents_order_beyond_the_pillars() {
    let report = std::fs::read_to_string(fixture("minimal").join("content/2021/report.yaml")).unwrap()
        + "chapters: [bewoners, school]\n";
    let bewoners = "title: Bewoners aan het woord\nintro: Wat bewoners zeggen.\nsections:\n  - body: Tekst.\n";
    let dir = project(&[
        ("content/2021/report.yaml", report.as_bytes()),
        ("content/2021/bewoners.yaml", bewoners.as_bytes()),
    ]);
    let (_, text) = build_text(dir.path(), &["--deny-warnings"]);
    let (first, second) = (text.find("1. Bewoners aan het woord"), text.find("2. School"));
    assert!(first.is_some() && second.is_some() && first < second, "{text}");

    let listed = report.replace("[bewoners, school]", "[bewoners, school, rijksrol]");
    let dir = project(&[
        ("content/2021/report.yaml", listed.as_bytes()),
        ("content/2021/bewoners.yaml", bewoners.as_bytes()),
        ("content/2021/extra.yaml", b"title: Extra\nintro: x\nsections: []\n"),
    ]);
    let output = koers(dir.path(), &["check", "--content", "content"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&output));
}

/// A milestone may carry a day or a month instead of a year: placed at it on the axis (between the
/// milestones of its year before and after it), printed in Dutch before its text.
#[test]
fn a_dated_milestone_prints_its_day_in_dutch() {
    let school = "title: School\nintro: Intro.\ntimeline:\n  label: Tijdlijn\n  from: 2011\n  to: 2014\n  \
        milestones:\n    - {date: 2012-07-04, text: Convenant getekend}\n    - {year: \"2013\", text: Start}\n    \
        - {date: 2011-02, text: Advies}\n\
        sections:\n  - body: Tekst.\n";
    let dir = project(&[("content/2021/school.yaml", school.as_bytes())]);
    let (_, text) = build_text(dir.path(), &["--deny-warnings"]);
    assert!(text.contains("4 juli 2012 Convenant getekend"), "{text}");
    assert!(text.contains("februari 2011 Advies"), "{text}");
    let wrong = school.replace("2012-07-04", "2010-07-04").replace("{year: \"2013\", text: Start}", "{text: Start}");
    let dir = project(&[("content/2021/school.yaml", wrong.as_bytes())]);
    let messages = stderr(&koers(dir.path(), &["check", "--content", "content"]));
    assert!(messages.contains("2010-07-04 is not between 2011 and 2014, the years of the timeline"), "{messages}");
    assert!(messages.contains("a milestone needs either `year` or `date`"), "{messages}");
}

/// An edition written from a document koers was not fitted to (the ten-year evaluation of the
/// School pillar, seed 004): it builds with its approximate figures, ranges, footnotes and a
/// non-pillar chapter; the only warning is the publication date the seed does not give.
#[test]
fn an_edition_from_another_kind_of_document_builds_as_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("school-evaluatie"), dir.path());
    let (output, text) = build_text(dir.path(), &[]);
    insta::assert_snapshot!(
        stderr(&output).lines().filter(|line| !line.starts_with("wrote ")).collect::<Vec<_>>().join("\n")
    );
    let text = normalise(&text);
    for printed in [
        "telt ruim 30 basisscholen",
        "zo’n 25 besturen",
        "ongeveer 100 schoollocaties",
        "6 tot 10 uur",
        "30% tot 100% van de kinderen",
        "2. Wat is er nog nodig?",
    ] {
        assert!(text.contains(printed), "{printed:?} not in: {text}");
    }
}
