//! Building a PDF: what a reader gets (text, tags, language, metadata, fonts), reproducibly, and
//! never at the cost of the last good PDF.

use std::path::Path;
use std::process::Command;

use super::support::*;

#[test]
fn a_minimal_edition_builds_a_pdf_with_its_title_and_text() {
    let (output, text) = build_text(&fixture("minimal"), &["--deny-warnings"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("wrote "), "{output:?}");
    assert!(text.contains("Proefeditie"), "{text}");
    assert!(text.contains("Voortgangsrapportage 2021"), "{text}");
    assert!(text.contains("De wijkteams bereikten dit jaar meer gezinnen dan ooit."), "{text}");
    assert!(text.contains("Scholen breidden de dagprogrammering verder uit."), "{text}");
    assert!(text.contains("Anna de Proef"), "{text}");
}

#[test]
fn typst_syntax_in_content_prints_literally() {
    let (_, text) = build_text(&fixture("injection"), &["--deny-warnings"]);
    for literal in [
        r#"Kop #read("/etc/passwd") *bold* _x_ @NPRZ010 <label> $x$ // comment \ " ]"#,
        r#"Intro #read("/etc/passwd") @NPRZ010 <label> $x$ // comment ] \ ""#,
        // Section headings print in capitals (house style); still literally.
        "SECTIE #SET TEXT(RED) [X] = Y",
        r#"Tekst #read("/etc/passwd") en @NPRZ010 en <label> en $x$ en // comment en ] en \ en "."#,
        "#emph[niet schuin] #{ 1 + 1 }",
        r#"lijstpunt met #image("/etc/hostname")"#,
    ] {
        assert!(text.contains(literal), "missing literally: {literal}\nin: {text}");
    }
}

#[test]
fn the_bundled_2020_edition_builds_without_typst_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (output, text) = build_text(root, &[]);
    let warnings = stderr(&output);
    // No warning from Typst; ours: the seed has no publication date, and the printed report's
    // known arithmetic errors as notes (see the check snapshot).
    assert!(!warnings.contains("typst/"), "{warnings}");
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
    assert!(warnings.contains("no `published` date"), "{warnings}");
    assert_eq!(warnings.matches("note:").count(), 11, "{warnings}");
    for expected in [
        "Zuid op Koers",
        "Voortgangsrapportage 2020",
        "Ahmed Aboutaleb",
        "1. Bewoners op Zuid: onnodige achterstanden",
        "2. School",
        "3. Werk",
        "Coronacrisis leidt tot nieuwe stijging bijstandsbestand Zuid",
        "4. Wonen",
        "5. Veiligheid en ondermijning",
        // The woningvoorraad table: group totals (4.200, 720, 1.330; 1.400, 395) and every
        // percentage are computed by koers. (Text extraction follows the content stream, which
        // is not row by row, so figures are checked one by one.)
        "Voortgang aanpak woningvoorraad",
        "4.200 720 1.330",
        // The key figures: data with baselines, the computed population shares, the legend.
        "Indicatoren school, werk en wonen",
        "17.407.585 2.427.349 650.597 207.256 80.361",
        "1,19% 8,54% 31,9% 100% 38,8%",
        "(€ 20.100) 5)",
        "€ 30.100",
        "(4,3%) 8)",
        "(x) 5)",
        "Dat geldt voor 1 van de 10 beoordeelde indicatoren; 1 zonder uitslag.",
        // Chapter 2: the BRIDGE in- and uitstroom table, Totaal Techniek computed.
        "uitstroom techniek en zorg, Zuid",
        // Chapter 3: tables of declared figures with computed totals.
        "Tabel: SROI plaatsingen woningbouwcorporaties 2020",
        // (pdf-extract reads a hyphen as a soft hyphen and a space, so the title is cut there.)
        "garanties per sector, schooljaar 2020/2021",
        "Totaal 253 36",
        "Totaal 702",
        "precies 500 van de in totaal 1.506 vervulde plekken",
        // Timelines: the chapter's label and its milestones.
        "BEWONERS",
        "Opening Kunstenpand",
        "ONDERMIJNING EN VEILIGHEID",
        "Start pilot wijk",
        // Callouts: big numbers are figures; sidebars and the pull quote.
        "1.324",
        "SCHULDEN. ETF",
        "3.404",
        "TAAL. Gestarte taaltrajecten",
        "2.030 taaltrajecten (1.373 non",
        "STADIONPARK EN FEYENOORD CITY",
        "WIJKRECHTSPRAAK",
        "AANPAK OP ZUID ALS LANDELIJK VOORBEELD",
        "Een wereld in wijken te winnen",
        "1.773",
        "VRIJWILLIGERSWERK Bijna duizend",
        // The indicators appendix, each indicator's status computed.
        "DEEL II: INDICATOREN",
        "Zuid heeft 62% van de achterstand t.o.v. G4 ingelopen (ambitie 25%): ge",
        "Geen uitslag: een waarde van Zuid of G4 ontbreekt.",
        // Chapter 6: the activity summary with computed totals, and prose naming its share.
        "6. Organisatie en financiën",
        "Tabel: Samenvatting vooruitgang 2020",
        "In 2020 is € 928.879 besteed, dit valt binnen het budget van € 1.040.000.",
        "63% van de gestarte projecten",
        // ... and prose that names them: {{ woningvoorraad.corporatievoorraad.ambition }} etc.
        "vierjaarsdoelstelling om 4.200 woningen aan te pakken",
        "voor 49% gerealiseerd",
        // Declared figures computed from raw inputs and named in prose.
        "totaal 1.831 trajecten",
        "voor techniek met 72% verkleind en voor zorg is dit 55%",
        "1.400*",
        "395",
        "325** 627**",
        "49%",
        "46%",
        "50%",
        "65%",
        "73%",
        "23%",
        "87%",
    ] {
        assert!(text.contains(expected), "missing: {expected}");
    }
}

#[test]
fn the_pdf_is_tagged_dutch_titled_and_archivable() {
    use pdf_extract::{Document, Object};
    let (_, bytes) = build_pdf(&fixture("minimal"), &["--deny-warnings"]);
    let document = Document::load_mem(&bytes).expect("the PDF parses");
    let catalog = document.catalog().unwrap();
    let string = |object: &Object| String::from_utf8_lossy(object.as_str().unwrap()).into_owned();
    assert_eq!(string(catalog.get(b"Lang").unwrap()), "nl-NL");
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "no structure tree: the PDF is not tagged");
    let mark_info = document.dereference(catalog.get(b"MarkInfo").unwrap()).unwrap().1.as_dict().unwrap();
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    let info_ref = document.trailer.get(b"Info").unwrap();
    let info = document.dereference(info_ref).unwrap().1.as_dict().unwrap();
    let title = info.get(b"Title").unwrap().as_str().unwrap();
    // PDF text strings are UTF-16BE with a byte-order mark.
    let title: Vec<u16> = title[2..].chunks(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]])).collect();
    assert_eq!(String::from_utf16(&title).unwrap(), "Proefeditie – Voortgangsrapportage 2021");
    let viewer = document.dereference(catalog.get(b"ViewerPreferences").unwrap()).unwrap().1.as_dict().unwrap();
    assert!(
        viewer.get(b"DisplayDocTitle").unwrap().as_bool().unwrap(),
        "viewers must show the title, not the file name"
    );
    assert!(catalog.get(b"Outlines").is_ok(), "no bookmarks");
    let descriptors: Vec<_> = document
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(&b"FontDescriptor"[..]))
        .collect();
    assert!(!descriptors.is_empty());
    for descriptor in descriptors {
        let embedded = [&b"FontFile"[..], b"FontFile2", b"FontFile3"].iter().any(|key| descriptor.has(key));
        assert!(embedded, "a font is not embedded: {descriptor:?}");
    }
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
}

#[test]
fn drafts_can_drop_the_accessibility_standard() {
    let (_, bytes) = build_pdf(&fixture("minimal"), &["--pdf-standard", "a-2b"]);
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(!xmp.contains("pdfuaid"));
}

#[test]
fn the_2020_edition_builds_byte_identical_in_two_folders() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pdfs: Vec<Vec<u8>> = (0..2)
        .map(|_| {
            let dir = tempfile::tempdir().unwrap();
            copy_tree(&repository.join("content"), &dir.path().join("content"));
            let output = koers(dir.path(), &["build"]);
            assert!(output.status.success(), "{}", stderr(&output));
            std::fs::read(dir.path().join("out/zuid-op-koers-2020.pdf")).unwrap()
        })
        .collect();
    assert!(pdfs[0] == pdfs[1], "two builds of the same content differ");
}

#[test]
fn source_date_epoch_dates_the_pdf() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    let output = Command::new(KOERS)
        .args(["build", "--content", "content", "-o", pdf.to_str().unwrap()])
        .current_dir(fixture("minimal"))
        .env("SOURCE_DATE_EPOCH", "1622505600")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(String::from_utf8_lossy(&bytes).contains("2021-06-01T00:00:00"), "the XMP date is not 1 June 2021");
}

#[test]
fn a_killed_build_leaves_the_old_pdf_or_a_complete_new_one() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    for delay_ms in (0..600).step_by(40) {
        std::fs::write(&pdf, b"the last good PDF").unwrap();
        let mut child = Command::new(KOERS)
            .args(["build", "-o", pdf.to_str().unwrap()])
            .current_dir(repository)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().ok(); // SIGKILL on Unix; the build may already have finished.
        child.wait().unwrap();
        let bytes = std::fs::read(&pdf).unwrap();
        let complete = bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF");
        assert!(bytes == b"the last good PDF" || complete, "after {delay_ms} ms: a partial PDF");
    }
}

#[test]
fn a_failed_build_keeps_the_previous_pdf() {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 the last good PDF").unwrap();
    let output = koers(&fixture("yaml-syntax"), &["build", "--content", "content", "-o", pdf.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read(&pdf).unwrap(), b"%PDF-1.7 the last good PDF");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1, "no temporary file left behind");
}

#[test]
fn emit_typst_writes_one_source_per_pillar_and_the_theme() {
    let out = tempfile::tempdir().unwrap();
    let emit = out.path().join("typst");
    let pdf = out.path().join("report.pdf");
    let output = koers(
        &fixture("minimal"),
        &["build", "--content", "content", "-o", pdf.to_str().unwrap(), "--emit-typst", emit.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    for file in ["main.typ", "chapters/school.typ", "templates/theme.typ"] {
        assert!(emit.join(file).is_file(), "{file} not emitted");
    }
    let school = std::fs::read_to_string(emit.join("chapters/school.typ")).unwrap();
    assert!(school.contains(r#"#chapter("School", id: "school", headline: none)"#), "{school}");
    // The layout the PDF was made with, not the empty one the templates start from: the Typst
    // CLI lays the emitted sources out as koers did, with the school chapter's columns balanced.
    let layout = std::fs::read_to_string(emit.join("layout.json")).unwrap();
    assert!(layout.starts_with("{\"school\": ") && layout.ends_with("}\n"), "{layout}");
}

#[test]
fn typst_cannot_read_outside_the_generated_project() {
    // The fixture overrides chapter.typ.j2 with `#read("/etc/passwd")`; templates are checked by
    // `check`, but only typesetting can tell what Typst may read.
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    let output = koers(&fixture("sandbox"), &["build", "--content", "content", "-o", pdf.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    assert!(!messages.contains("root:"), "{messages}");
    insta::assert_snapshot!(messages);
}

#[test]
fn build_all_builds_every_edition() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("two-editions"), dir.path());
    let output = koers(dir.path(), &["build", "--all", "--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("2 of 2 editions built"));
    // Without a terminal (as in CI) each edition still says what became of it.
    let messages = stderr(&output);
    assert!(messages.contains("wrote out/zuid-op-koers-2021.pdf") && messages.contains("2022.pdf"), "{messages}");
    for year in [2021, 2022] {
        let pdf = dir.path().join(format!("out/zuid-op-koers-{year}.pdf"));
        let text = pdf_text(&pdf);
        assert!(text.contains(&format!("Voortgangsrapportage {year}")), "{text}");
    }
}

#[test]
fn the_github_workflow_runs_the_readmes_commands() {
    #[derive(serde::Deserialize)]
    struct Workflow {
        jobs: std::collections::BTreeMap<String, Job>,
    }
    #[derive(serde::Deserialize)]
    struct Job {
        steps: Vec<Step>,
    }
    #[derive(serde::Deserialize)]
    struct Step {
        run: Option<String>,
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(".github/workflows/report.yml")).unwrap();
    let workflow: Workflow = serde_saphyr::from_str(&text).expect("the workflow is valid YAML");
    let runs: Vec<String> =
        workflow.jobs.values().flat_map(|job| &job.steps).filter_map(|step| step.run.clone()).collect();

    // The README's two commands, from its "The two commands" code block.
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let block = readme.split("## The two commands").nth(1).unwrap().split("```sh").nth(1).unwrap();
    let commands: Vec<&str> = block
        .split("```")
        .next()
        .unwrap()
        .lines()
        .filter_map(|line| line.split('#').next().map(str::trim))
        .filter(|line| !line.is_empty())
        .collect();
    assert_eq!(commands, ["cargo run -- build", "cargo test"]);
    for command in commands {
        assert!(runs.iter().any(|run| run.trim() == command), "the workflow does not run `{command}`: {runs:?}");
    }
    assert!(runs.iter().any(|run| run.trim() == "cargo run -- check --deny-warnings"));
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(ci.lines().any(|line| line.trim() == "cargo test"), ".ci/run must run the README's test command");
}

/// The cover's teasers print the page their chapter starts on, as Typst laid it out, and the back
/// page names the board, the bureau and the partners.
#[test]
fn teasers_point_to_their_chapters_pages_and_the_back_page_names_everyone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, bytes) = build_pdf(root, &[]);
    let pages: Vec<String> =
        pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap().iter().map(|page| normalise(page)).collect();
    for (tag, title) in [("SCHOOL", "2. School"), ("WERK", "3. Werk"), ("WONEN", "4. Wonen")] {
        let chapter_page = chapter_page(&pages, title);
        let teaser = format!("{tag} ");
        let cover = &pages[0];
        let after = &cover[cover.find(&teaser).expect(tag)..];
        let blz = after.split("blz. ").nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap();
        assert_eq!(blz, chapter_page.to_string(), "{tag}");
    }
    // The contents box on the cover lists every chapter with the page it starts on.
    for title in ["1. Bewoners op Zuid", "2. School", "3. Werk", "4. Wonen", "5. Veiligheid", "6. Organisatie"] {
        let chapter_page = chapter_page(&pages, title);
        let cover = &pages[0];
        let entry = &cover[cover.find(title).expect(title)..];
        let listed = entry
            .split_whitespace()
            .find_map(|word| word.parse::<usize>().ok().filter(|n| *n > 1))
            .expect("a page number after the title");
        assert_eq!(listed, chapter_page, "contents entry for {title}");
    }
    let back = pages.last().unwrap();
    for name in [
        "COLOFON",
        "Bert van Delden",
        "Burgemeester van Rotterdam, onafhankelijk voorzitter",
        "Fred Westerbeke",
        "Loes van der Wees",
        "@NationaalProgrammaRotterdamZuid",
        "PARTNERS ONDERWIJS",
        "Wartburg College",
        "De Droomplaats",
        "Like je Wijk",
    ] {
        assert!(back.contains(name), "back page lacks {name}");
    }
}

#[test]
fn a_photo_is_placed_with_its_alt_text_and_caption() {
    let (output, bytes) = build_pdf(&fixture("photos"), &[]);
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let text = normalise(&pdf_extract::extract_text_from_mem(&bytes).unwrap());
    assert!(text.contains("Bibliotheek Rotterdam in het Kunstenpand"), "{text}");
    let document = pdf_extract::Document::load_mem(&bytes).unwrap();
    let images = document
        .objects
        .values()
        .filter_map(|object| object.as_stream().ok())
        .filter(|stream| stream.dict.get(b"Subtype").and_then(|s| s.as_name()).is_ok_and(|name| name == b"Image"))
        .count();
    assert!(images >= 1, "no image in the PDF");
    // PDF/UA export (the default) refuses a figure without alt text; it is in the structure tree.
    let has_alt = document.objects.values().any(|o| o.as_dict().is_ok_and(|d| d.get(b"Alt").is_ok()));
    assert!(has_alt, "no /Alt in the PDF");
}

/// The 2012-2014 editions had three pillars (School, Werk, Wonen): an edition with those builds,
/// numbered 1 to 3.
#[test]
fn an_edition_with_three_pillars_builds() {
    let (output, text) = build_text(&fixture("three-pillars"), &["--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for chapter in ["1. School", "2. Werk", "3. Wonen", "Voortgangsrapportage 2013"] {
        assert!(text.contains(chapter), "missing: {chapter}");
    }
}

/// `build --all` in CI (no terminal): an edition that fails says why, here a warning denied.
#[test]
fn build_all_says_why_an_edition_failed_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("two-editions"), dir.path());
    let report = dir.path().join("content/2022/report.yaml");
    let text = std::fs::read_to_string(&report).unwrap();
    let text: String = text.lines().filter(|line| !line.starts_with("published:")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&report, text).unwrap();
    let output = koers(dir.path(), &["build", "--all", "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    assert!(messages.contains("content/2022/report.yaml: warning: no `published` date"), "{messages}");
    assert!(messages.contains("edition 2022 failed"), "{messages}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 of 2 editions built"));
}
