//! The one integration-test binary: runs `koers` on fixture content folders (tests/fixtures/*)
//! and checks what a user sees: exit codes, error text (snapshotted), and the PDF itself, read
//! back by parsing it. Capabilities with many cases have a module of their own.

mod hardening;
mod layout;
mod structure;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KOERS: &str = env!("CARGO_BIN_EXE_koers");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Runs koers in `dir` (so paths in messages are short and stable).
fn koers(dir: &Path, args: &[&str]) -> Output {
    Command::new(KOERS).args(args).current_dir(dir).output().expect("the koers binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Builds a fixture into a temporary PDF; returns the run and the PDF's bytes.
fn build_pdf(dir: &Path, extra: &[&str]) -> (Output, Vec<u8>) {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    let mut args = vec!["build", "--content", "content", "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = koers(dir, &args);
    assert!(output.status.success(), "build failed:\n{}", stderr(&output));
    (output, std::fs::read(&pdf).unwrap())
}

/// Builds a fixture; returns the run and the PDF's text with whitespace normalised.
fn build_text(dir: &Path, extra: &[&str]) -> (Output, String) {
    let (output, bytes) = build_pdf(dir, extra);
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("the PDF parses");
    (output, normalise(&text))
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
        // Timelines: the pillar's label and its milestones.
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

/// Copies a folder tree (content fixtures into a fresh place).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
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
fn check_accepts_a_valid_edition() {
    let output = koers(&fixture("minimal"), &["check", "--content", "content", "--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("edition 2021 is fine"));
}

/// Each invalid fixture fails `check` and `build` with exit code 1 and the same located messages.
fn assert_invalid(name: &str) -> String {
    let dir = fixture(name);
    let check = koers(&dir, &["check", "--content", "content"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    let build = koers(&dir, &["build", "--content", "content", "-o", pdf.to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    assert!(!pdf.exists(), "a failed build must not write a PDF");
    let messages = stderr(&check);
    assert_eq!(stderr(&build).replace("no PDF written", "check failed"), messages);
    messages
}

#[test]
fn yaml_syntax_error_is_located() {
    insta::assert_snapshot!(assert_invalid("yaml-syntax"));
}

#[test]
fn unknown_key_is_located_with_a_suggestion() {
    insta::assert_snapshot!(assert_invalid("unknown-key"));
}

#[test]
fn wrong_type_is_located() {
    insta::assert_snapshot!(assert_invalid("wrong-type"));
}

#[test]
fn missing_field_is_located() {
    insta::assert_snapshot!(assert_invalid("missing-field"));
}

#[test]
fn all_problems_of_a_run_are_reported_at_once() {
    insta::assert_snapshot!(assert_invalid("several-problems"));
}

#[test]
fn a_missing_edition_is_a_usage_error() {
    let output = koers(&fixture("minimal"), &["check", "--content", "content", "--edition", "1999"]);
    assert_eq!(output.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&output));
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
    for file in ["main.typ", "pillars/school.typ", "templates/theme.typ"] {
        assert!(emit.join(file).is_file(), "{file} not emitted");
    }
    let school = std::fs::read_to_string(emit.join("pillars/school.typ")).unwrap();
    assert!(school.contains(r#"#chapter("School", id: "school", headline: none)"#), "{school}");
}

#[test]
fn typst_cannot_read_outside_the_generated_project() {
    // The fixture overrides pillar.typ.j2 with `#read("/etc/passwd")`; templates are checked by
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
fn empty_texts_and_impossible_years_are_located() {
    insta::assert_snapshot!(assert_invalid("impossible-values"));
}

#[test]
fn a_runaway_template_runs_out_of_fuel() {
    let started = std::time::Instant::now();
    insta::assert_snapshot!(assert_invalid("runaway-template"));
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

/// Starts `koers watch` with `args` in `dir`; returns the process and the lines it prints,
/// stdout and stderr merged, as they come.
fn start_watch(dir: &Path, args: &[&str]) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = Command::new(KOERS)
        .arg("watch")
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let forward = |stream: Box<dyn std::io::Read + Send>, sender: std::sync::mpsc::Sender<String>| {
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        })
    };
    forward(Box::new(stdout), sender.clone());
    forward(Box::new(stderr), sender);
    (child, receiver)
}

/// The text of the PDF at `path`, whitespace normalised.
fn pdf_text(path: &Path) -> String {
    normalise(&pdf_extract::extract_text_from_mem(&std::fs::read(path).unwrap()).unwrap())
}

/// Waits (at most 90 s: the rest of the suite typesets reports on the same cores meanwhile) for a
/// line containing `needle`; returns every line seen on the way.
fn wait_for_line(lines: &std::sync::mpsc::Receiver<String>, needle: &str) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(_) => break,
        }
    }
    panic!("no line with {needle:?} within 90 s; saw: {seen:#?}");
}

#[test]
fn watch_rebuilds_on_edits_and_survives_errors() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    let pdf = dir.path().join("out.pdf");
    let report = dir.path().join("content/2021/report.yaml");
    let school = dir.path().join("content/2021/school.yaml");
    let (mut child, lines) = start_watch(dir.path(), &["--content", "content", "-o", pdf.to_str().unwrap()]);

    wait_for_line(&lines, "rebuilt");
    assert!(pdf_text(&pdf).contains("meer gezinnen dan ooit"));

    let original = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, original.replace("meer gezinnen dan ooit", "een gewijzigde zin")).unwrap();
    wait_for_line(&lines, "rebuilt");
    assert!(pdf_text(&pdf).contains("De wijkteams bereikten dit jaar een gewijzigde zin"));

    let good_school = std::fs::read_to_string(&school).unwrap();
    std::fs::write(&school, "title: \"kapot\n").unwrap();
    // stdout and stderr are separate pipes: the two lines may arrive in either order.
    let mut seen = wait_for_line(&lines, "build failed");
    if !seen.iter().any(|line| line.contains("unclosed quote")) {
        seen.extend(wait_for_line(&lines, "unclosed quote"));
    }
    assert!(seen.iter().any(|line| line.contains("content/2021/school.yaml:1:8: error: unclosed quote")), "{seen:#?}");
    assert!(pdf_text(&pdf).contains("een gewijzigde zin"), "the last good PDF is kept");

    std::fs::write(&school, good_school.replace("Scholen", "Alle scholen")).unwrap();
    wait_for_line(&lines, "rebuilt");
    assert!(pdf_text(&pdf).contains("Alle scholen breidden"));

    child.kill().unwrap();
    child.wait().unwrap();
}

/// Watch keeps the earlier editions' figures between rebuilds, but never stale ones: after last
/// year's value changes, the next rebuild shows the new value.
#[test]
fn watch_takes_last_years_figures_as_they_are_now() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("vorig-jaar"), dir.path());
    let pdf = dir.path().join("out.pdf");
    let (mut child, lines) = start_watch(dir.path(), &["--edition", "2021", "-o", pdf.to_str().unwrap()]);
    wait_for_line(&lines, "rebuilt");
    assert!(pdf_text(&pdf).contains("vorig jaar 702: 48 meer."));

    let last_year = dir.path().join("content/2020/werk.yaml");
    let original = std::fs::read_to_string(&last_year).unwrap();
    std::fs::write(&last_year, original.replace("count: 702", "count: 710")).unwrap();
    let this_year = dir.path().join("content/2021/werk.yaml");
    let original = std::fs::read_to_string(&this_year).unwrap();
    std::fs::write(&this_year, original.replace("Garanties voor jongeren.", "Garanties voor alle jongeren.")).unwrap();
    wait_for_line(&lines, "rebuilt");
    assert!(pdf_text(&pdf).contains("vorig jaar 710: 40 meer."), "{}", pdf_text(&pdf));

    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn build_all_builds_every_edition() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("two-editions"), dir.path());
    let output = koers(dir.path(), &["build", "--all", "--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("2 of 2 editions built"));
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

/// Writes a copy of the minimal fixture with `school.yaml` replaced by `school`, runs `check`,
/// and returns the exit code and what the user sees (the temporary path made relative).
fn check_with_school(school: &[u8]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    std::fs::write(dir.path().join("content/2021/school.yaml"), school).unwrap();
    let output = koers(dir.path(), &["check", "--content", "content"]);
    (output.status.code(), stderr(&output))
}

#[test]
fn hostile_and_broken_files_give_located_errors_not_panics() {
    let deep = format!("title: x\nintro: y\nsections: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    // Aliases inside a field that takes a list: each expands, until the budget stops it.
    let flood = format!("title: School\nintro: x\nsections: [&s {{body: x}}, {}]\n", vec!["*s"; 2_000].join(", "));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("tabs", b"title: School\nintro: x\nsections:\n\t- heading: y\n".to_vec()),
        ("empty file", Vec::new()),
        ("byte-order mark", b"\xef\xbb\xbftitle: School\nintro: Met BOM.\n".to_vec()),
        ("invalid UTF-8", b"title: School\nintro: caf\xe9\n".to_vec()),
        ("deep nesting", deep.into_bytes()),
        ("alias flood", flood.into_bytes()),
        ("a list where a text belongs", b"title: [School]\nintro: x\n".to_vec()),
        ("a mapping at the top is missing", b"- title: School\n".to_vec()),
        ("Markdown table in prose", b"title: School\nintro: |\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n".to_vec()),
        ("two documents", b"title: School\nintro: x\n---\ntitle: Werk\nintro: y\n".to_vec()),
    ];
    let mut report = String::new();
    for (name, bytes) in cases {
        let (code, messages) = check_with_school(&bytes);
        let expected = if name == "byte-order mark" { Some(0) } else { Some(1) };
        assert_eq!(code, expected, "{name}: {messages}");
        assert!(!messages.contains("panicked"), "{name}: {messages}");
        report.push_str(&format!("## {name} (exit {})\n{messages}\n", code.unwrap()));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let big = vec![b'#'; 100 * 1024 * 1024];
    let started = std::time::Instant::now();
    let (code, messages) = check_with_school(&big);
    assert_eq!(code, Some(1));
    assert!(messages.contains("content/2021/school.yaml: error: the file is 104857600 bytes"), "{messages}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn stated_figures_that_disagree_with_the_computation_are_located_warnings() {
    let dir = fixture("table-checks");
    let check = koers(&dir, &["check", "--content", "content"]);
    assert_eq!(check.status.code(), Some(0), "warnings alone do not fail a check");
    let strict = koers(&dir, &["check", "--content", "content", "--deny-warnings"]);
    assert_eq!(strict.status.code(), Some(1), "--deny-warnings makes them fail");
    insta::assert_snapshot!(stderr(&check));
}

#[test]
fn malformed_tables_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("table-errors"));
}

#[test]
fn a_duplicate_table_id_is_located() {
    insta::assert_snapshot!(assert_invalid("duplicate-table"));
}

#[test]
fn a_negative_count_is_located() {
    insta::assert_snapshot!(assert_invalid("negative-count"));
}

#[test]
fn a_template_error_names_the_template_and_line() {
    insta::assert_snapshot!(assert_invalid("template-error"));
}

#[test]
fn a_font_that_is_not_bundled_is_a_warning_and_fails_with_deny_warnings() {
    let dir = fixture("unknown-font");
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    let lenient = koers(&dir, &["build", "--content", "content", "-o", pdf.to_str().unwrap()]);
    let strict = koers(
        &dir,
        &["build", "--content", "content", "-o", pdf.to_str().unwrap(), "--deny-warnings", "--pdf-standard", "none"],
    );
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    insta::assert_snapshot!(format!(
        "without --deny-warnings (exit {:?}):\n{}",
        lenient.status.code(),
        stderr(&lenient)
    ));
}

#[test]
fn prose_naming_an_unknown_figure_is_a_located_error() {
    insta::assert_snapshot!(assert_invalid("unknown-figure"));
}

#[test]
fn check_finds_the_known_errors_of_the_printed_2020_report() {
    // Each as a note at its YAML line (acknowledged with `known_issue`), nothing else.
    let output = koers(Path::new(env!("CARGO_MANIFEST_DIR")), &["check"]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stderr(&output));
}

#[test]
fn broken_figure_definitions_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("figure-errors"));
}

#[test]
fn figures_that_cannot_be_computed_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("figure-derivation-errors"));
}

#[test]
fn the_published_2020_figures_are_computed_from_their_raw_inputs() {
    let edition_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/2020");
    let files = koers::content::load_edition(&edition_dir).output.unwrap();
    assert!(files.unreadable.is_empty(), "{:?}", files.unreadable);
    let edition = koers::model::validate(files, None).output.unwrap();
    let figures = koers::figures::compute(&edition, None).output.unwrap();
    let shown = |name: &str| figures.named.get(name).unwrap_or_else(|| panic!("no figure {name}")).text();
    for (name, published) in [
        ("woningvoorraad.corporatievoorraad.percentage", "49%"),
        ("woningvoorraad.corporatievoorraad.nieuwbouw.percentage", "46%"),
        ("woningvoorraad.corporatievoorraad.renovatie_37_500.percentage", "50%"),
        ("woningvoorraad.basisbeheer_particuliere_voorraad.percentage", "65%"),
        ("woningvoorraad.grondige_aanpak_particuliere_voorraad.percentage", "73%"),
        ("woningvoorraad.grondige_aanpak_particuliere_voorraad.sloop_nieuwbouw.percentage", "23%"),
        ("woningvoorraad.grondige_aanpak_particuliere_voorraad.samenvoegen_en_vergroten.percentage", "87%"),
        ("school.techniek_verschil_met_doel_verkleind", "72%"),
        ("school.zorg_verschil_met_doel_verkleind", "55%"),
        ("werk.sroi_aandeel_zuid", "33,2%"),
        ("werk.sroi_participatiewet_aandeel_zuid", "37,3%"),
        ("werk.heronderzoeken_signalen_aandeel_zuid", "70,9%"),
        ("werk.heronderzoeken_signalen_aandeel_zuid_2019", "72,6%"),
        ("thuisbasis.bevolkingsgroei", "254"),
        ("thuisbasis.schulden_trajecten", "1.831"),
        ("activities.share_green_of_started", "63%"),
        // Printed as "0,12%"; a change of a percentage is in procentpunt (inventory §9 #19).
        ("werk.bijstand_aandeel_zuid_verandering", "0,12 procentpunt"),
        ("activities.total", "103"),
        ("activities.groen", "63"),
        ("werk.adb_garanties", "702"),
        ("werk.sroi_corporaties_regio", "253"),
        ("werk.sroi_corporaties_zuid", "36"),
        ("indicators.aandeel_bevolking.nederland", "1,19%"),
        ("indicators.aandeel_bevolking.rotterdam", "31,9%"),
    ] {
        assert_eq!(shown(name), published, "{name}");
    }
}

/// The key figures of 2020 under both readings of the ambition (inventory §5 C3): measured
/// against the G4 as it is now, only the new early school leavers reach a quarter of the gap;
/// measured as Zuid's own progress against the 2011 gap, nine do (streefniveau exactly 25,0%).
#[test]
fn the_2020_key_figures_reach_the_ambition_under_each_rule() {
    use koers::model::indicators::ClosureRule;
    let edition_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/2020");
    let files = koers::content::load_edition(&edition_dir).output.unwrap();
    let mut edition = koers::model::validate(files, None).output.unwrap();
    let mut reached_under = |rule| {
        edition.indicators.as_mut().unwrap().closure_rule = rule;
        let figures = koers::figures::compute(&edition, None).output.unwrap();
        let indicators = edition.indicators.as_ref().unwrap();
        let key_figures = figures.key_figures.unwrap();
        let reached: Vec<String> = indicators
            .rows
            .iter()
            .zip(&key_figures.rows)
            .filter(|(_, assessment)| assessment.reached())
            .map(|(row, _)| row.id.clone())
            .collect();
        (reached, key_figures.assessed, key_figures.without_result)
    };
    let (reached, assessed, without_result) = reached_under(ClosureRule::GapNow);
    assert_eq!(reached, ["nieuwe_vsv"]);
    // Kwetsbare meergezinswoningen has no G4 value: no result.
    assert_eq!((assessed, without_result), (10, 1));
    let (reached, _, _) = reached_under(ClosureRule::GapAtBaseline);
    assert_eq!(
        reached,
        [
            "inkomen",
            "huishoudens_uitkering",
            "kinderen_sociaal_minimum",
            "middelbaar_opgeleid",
            "havo_vwo_klas_3",
            "nieuwe_vsv",
            "referentieniveau_fundamenteel",
            "referentieniveau_streefniveau",
            "woz_waarde"
        ]
    );
}

#[test]
fn key_figures_are_assessed_printed_and_named_in_prose() {
    let (output, text) = build_text(&fixture("key-figures"), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!(stderr(&output).lines().filter(|l| !l.starts_with("wrote")).collect::<Vec<_>>().join("\n"));
    for expected in [
        "Kerncijfers",
        "Rotterdam Zuid Focuswijken",
        "650.597 207.256 80.361",
        "31,9% 100,0% 38,8%",
        // Cell by cell: text extraction does not keep rows together.
        "(€ 22.900) 2)",
        "(x) 2)",
        "Dat geldt voor 1 van de 1 beoordeelde indicatoren; 1 zonder uitslag.",
        "1) Voorlopig cijfer.",
        "Zuid liep 63% van de achterstand in; dat is bij 1 van de 1 indicatoren genoeg (1 zonder uitslag).",
    ] {
        assert!(text.contains(expected), "missing: {expected}");
    }
}

/// Listed activities are counted: 4 of 6 started are groen (67%); oranje → groen and wit → rood
/// went vooruit, groen → oranje achteruit; a pillar may give its printed counts instead.
#[test]
fn the_activity_summary_is_counted_from_the_activities() {
    let (output, text) = build_text(&fixture("activity-list"), &[]);
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    assert!(text.contains("Van de 6 gestarte activiteiten loopt 67% zoals verwacht; 2"), "{text}");
    assert!(text.contains("gingen vooruit"), "{text}");
    // School's rows: groen 1 vooruit + 1 gelijk, oranje 1 achteruit, rood 1 vooruit (empty cells
    // for zero, as printed), each with its subtotal.
    assert!(text.contains("Groen 1 1 2 Oranje 1 1 Rood 1 1"), "{text}");
}

#[test]
fn broken_activity_summaries_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("activity-errors"));
}

#[test]
fn broken_key_figures_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("indicator-errors"));
}

/// Every 2020 chart: Lato by name in every text, Dutch numbers, and an alt text that carries the
/// chart's key numbers.
#[test]
fn the_2020_charts_are_drawn_from_the_figures_with_dutch_alt_texts() {
    let edition_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/2020");
    let files = koers::content::load_edition(&edition_dir).output.unwrap();
    let edition = koers::model::validate(files, None).output.unwrap();
    let figures = koers::figures::compute(&edition, None).output.unwrap();
    let charts = koers::charts::draw_all(&edition, &figures).output.unwrap();
    let alt = |n: usize| charts[&format!("chart-{n}")].alt.clone();
    let expected: [(usize, &[&str]); 7] = [
        (1, &["% nieuwe voortijdig schoolverlaters 62%", "WOZ-waarde van woningen −67%", "De ambitie is 25%"]),
        (2, &["Ringdiagram", "Sport, bewegen en Gezondheid 42%", "Beroepsleven 2%"]),
        (3, &["Techniek steeg van 23,6% in 2011/2012 naar 31,8% in 2018/2019", "doel zorg: 2020 15%"]),
        (
            4,
            &[
                "Aandeel Zuid steeg van 40% in 2011 naar 40,24% in 2020",
                "streven: 2011 40%, 2020 37,9%, 2022 37,4%, 2031 31,8%",
            ],
        ),
        (5, &["Haven 100", "Techniek 277", "Zorg 280", "totaal 702"]),
        (6, &["Corporatievoorraad: totaal 49% (2.050 van 4.200)", "Samenvoegen en vergroten 87% (952 van 1.100)"]),
        (7, &["Zuid 27,9%", "Focuswijken 22,9%", "Rotterdam 30%"]),
    ];
    assert_eq!(charts.len(), expected.len());
    for (n, numbers) in expected {
        for number in numbers {
            assert!(alt(n).contains(number), "chart {n}: {number:?} not in {:?}", alt(n));
        }
        let svg = &charts[&format!("chart-{n}")].svg;
        let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
        for text in document.descendants().filter(|node| node.has_tag_name("text")) {
            assert_eq!(text.attribute("font-family"), Some("Lato"), "chart {n}");
            let content = text.text().unwrap_or_default();
            assert!(!content.contains('.') || !content.contains('%'), "chart {n}: {content:?}");
        }
    }
}

#[test]
fn broken_chart_specs_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("chart-errors"));
}

#[test]
fn broken_timelines_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("timeline-errors"));
}

#[test]
fn emit_charts_writes_each_chart_as_svg() {
    let out = tempfile::tempdir().unwrap();
    let (output, text) =
        build_text(Path::new(env!("CARGO_MANIFEST_DIR")), &["--emit-charts", out.path().to_str().unwrap()]);
    assert!(output.status.success());
    let mut names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, (1..=7).map(|n| format!("grafiek-{n}.svg")).collect::<Vec<_>>());
    // Numbered by Typst in document order, with the caption under the chart (pdf-extract reads
    // the separator as a run of its own: "Grafiek 1 :").
    let text = text.replace(" :", ":");
    for caption in ["Grafiek 1: deel van de achterstand", "Grafiek 7: % woningen in eigendom van eigenaars"] {
        assert!(text.contains(caption), "missing: {caption}");
    }
}

/// The page (1-based) a chapter starts on: the first after the cover that shows its numbered
/// title (the cover's contents list it too; a headline may precede it).
fn chapter_page(pages: &[String], title: &str) -> usize {
    pages.iter().skip(1).position(|page| page.contains(title)).expect(title) + 2
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

/// Robustness: the 2020 edition (and the series it reads) with bytes flipped, deleted, duplicated
/// or swapped at random places in one file at a time always ends in a rendered edition or located errors, never a
/// panic. (The fuzz targets in `fuzz/` do this without end; this keeps a sample in `cargo test`.)
#[test]
fn mutated_content_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &dir.path().join("content"));
    let edition = dir.path().join("content/2020");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&edition).unwrap().map(|e| e.unwrap().path()).collect();
    files.push(dir.path().join("content/series.yaml"));
    files.sort();
    let request = koers::settings::Request { content_dir: dir.path().join("content"), ..Default::default() };
    let settings = koers::settings::resolve(request).unwrap();
    let mut state: u64 = 0x853c_49e6_748f_ea9b;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound.max(1) as u64) as usize
    };
    let (mut rendered, mut refused) = (0, 0);
    for _ in 0..120 {
        let file = &files[next(files.len())];
        let original = std::fs::read(file).unwrap();
        let mut bytes = original.clone();
        for _ in 0..1 + next(4) {
            let at = next(bytes.len());
            match next(4) {
                0 => bytes[at] = b"\t:{}[]&*!|>-#\"'\n 0\xff"[next(18)],
                1 => {
                    bytes.remove(at);
                }
                2 => {
                    let end = (at + next(40)).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(at..at, copy);
                }
                _ => {
                    let other = next(bytes.len());
                    bytes.swap(at, other);
                }
            }
        }
        std::fs::write(file, &bytes).unwrap();
        match koers::pipeline::prepare(&settings, &mut koers::pipeline::Timings::default()).output {
            Ok(_) => rendered += 1,
            Err(problems) => {
                refused += 1;
                assert!(problems.iter().all(|p| p.location.is_some()), "unlocated: {problems:?}");
            }
        }
        std::fs::write(file, &original).unwrap();
    }
    // Both outcomes occur, so the test exercises the checks and the renderer alike.
    assert!(rendered > 0 && refused > 0, "rendered {rendered}, refused {refused}");
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

/// Photo paths outside the edition (`..`, absolute, a symbolic link out), missing or not an
/// image are located errors; the link is made here, as git would store it as a plain file on some
/// systems.
#[test]
fn photo_paths_outside_the_edition_or_not_images_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("photo-errors"), dir.path());
    std::os::unix::fs::symlink("/etc/hostname", dir.path().join("content/2021/images/koppeling.png")).unwrap();
    let check = koers(dir.path(), &["check", "--content", "content"]);
    assert_eq!(check.status.code(), Some(1));
    let messages = stderr(&check);
    assert!(!messages.contains("panicked"));
    insta::assert_snapshot!(messages);
}

/// `koers new` starts next year's edition from this year's: `check` then lists every text still
/// to write, and the list shrinks as texts are written.
#[test]
fn new_scaffolds_the_next_edition_and_check_lists_its_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &dir.path().join("content"));
    let created = koers(dir.path(), &["new", "2021"]);
    assert!(created.status.success(), "{}", stderr(&created));
    let said = String::from_utf8_lossy(&created.stdout).into_owned();
    assert!(said.starts_with("created content/2021 from content/2020: "), "{said}");
    let made: usize = said.split(": ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(made > 40, "every yearly text of 2020 becomes a placeholder: {made}");
    // The checklist: per file what is still 2020's, adding up to the texts to write.
    let per_file: usize = said
        .lines()
        .filter_map(|line| line.split("texts to write: ").nth(1))
        .map(|rest| rest.split(',').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(per_file, made, "{said}");
    assert!(
        said.contains("content/2021/wonen.yaml: texts to write: 7, figures: 7, stated values: 11, realisation tables"),
        "{said}"
    );
    assert!(said.contains("content/2021/activities.yaml: stated values: 9, the status of every activity"), "{said}");
    assert!(said.contains("content/series.yaml: the 2021 values of 13 indicators, as observations with `since: 2021`"));
    let left = |dir: &Path| -> usize {
        let check = koers(dir, &["check", "--edition", "2021"]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        stderr(&check)
            .lines()
            .filter(|line| line.contains("still to write"))
            .map(|line| line.split(": warning: ").nth(1).unwrap().split(' ').next().unwrap().parse::<usize>().unwrap())
            .sum()
    };
    assert_eq!(left(dir.path()), made);
    let strict = koers(dir.path(), &["check", "--edition", "2021", "--deny-warnings"]);
    assert_eq!(strict.status.code(), Some(1));
    // Write the Werk intro.
    let werk = dir.path().join("content/2021/werk.yaml");
    let text = std::fs::read_to_string(&werk).unwrap();
    let first = text.lines().find(|line| line.contains("[TE SCHRIJVEN]")).unwrap().to_owned();
    std::fs::write(&werk, text.replacen(&first, "  In 2021 herstelde de arbeidsmarkt op Zuid.", 1)).unwrap();
    assert_eq!(left(dir.path()), made - 1);
    // The year is set, the old publication date gone; starting it twice is refused.
    let report = std::fs::read_to_string(dir.path().join("content/2021/report.yaml")).unwrap();
    assert!(report.contains("\nyear: 2021\n") && !report.lines().any(|line| line.starts_with("published:")));
    let again = koers(dir.path(), &["new", "2021"]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    // A year after the plan period: the checklist says so.
    let later = koers(dir.path(), &["new", "2023"]);
    let said = String::from_utf8_lossy(&later.stdout).into_owned();
    assert!(said.contains("the plan period ends in 2022: set `plan:`"), "{said}");
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

/// Starting next year's edition changes nothing in this year's: its PDF stays byte-identical.
#[test]
fn adding_an_edition_leaves_the_earlier_one_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &dir.path().join("content"));
    let pdf = dir.path().join("out/2020.pdf");
    let build = |dir: &Path| {
        let output = koers(dir, &["build", "--edition", "2020", "-o", pdf.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        std::fs::read(&pdf).unwrap()
    };
    let before = build(dir.path());
    assert!(koers(dir.path(), &["new", "2021"]).status.success());
    assert_eq!(build(dir.path()), before);
}

/// A later edition names the earlier one's figures as `previous.*`: "vorig jaar" values and
/// year-on-year changes without retyping; the earlier edition knows nothing of the later one.
#[test]
fn a_later_edition_takes_last_years_figures_from_the_earlier_one() {
    let (output, text) = build_text(&fixture("vorig-jaar"), &["--edition", "2021", "--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(text.contains("waren er 750 AanDeBak"), "{text}");
    assert!(text.contains("vorig jaar 702: 48 meer."), "{text}");
    // The earliest edition has no previous one: naming it is a located error with the reason.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("vorig-jaar"), dir.path());
    let werk = dir.path().join("content/2020/werk.yaml");
    let text = std::fs::read_to_string(&werk).unwrap();
    std::fs::write(&werk, text.replace("{{ werk.adb_garanties }} Aan", "{{ previous.werk.adb_garanties }} Aan"))
        .unwrap();
    let check = koers(dir.path(), &["check", "--edition", "2020"]);
    assert_eq!(check.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&check));
}

/// Three editions (2013 with three pillars, 2020, 2021) share one `series.yaml`: each takes the
/// latest values it could publish, its own baseline and ambition, and the later ones compare
/// themselves with the edition before without anything typed twice.
#[test]
fn editions_share_series_and_compare_themselves_with_the_one_before() {
    let editions = fixture("three-editions");
    let (output, text) = build_text(&editions, &["--edition", "2021", "--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // On course then (2020, from its own figures) and now.
    assert!(text.contains("Vorig jaar haalden 0 van de 3 indicatoren de ambitie, dit jaar 2 van de 3."), "{text}");
    // Last year's value is the 2020 edition's; the change is computed from it.
    assert!(text.contains("was 10,0%, vorig jaar 9,5%: 0,5 procentpunt hoger."), "{text}");
    // koers computes each indicator's change since the previous edition.
    assert!(text.contains("Het streefniveau taal steeg met 4,9 procentpunt."), "{text}");
    // Each activity's trend from its status in the 2020 edition, not retyped as `previous`.
    assert!(text.contains("Van de gestarte activiteiten is 60% groen, vorig jaar 50%; 1 activiteit ging vooruit."));
    assert!(text.contains("Het 3e jaar van het Uitvoeringsplan 2019-2022."), "{text}");
    // Check reminds of the indicators still showing last year's period.
    let check = koers(&editions, &["check", "--edition", "2021"]);
    assert!(
        stderr(&check).contains("note: 1 of 4 indicators shows the same period as the previous edition: havo_vwo"),
        "{}",
        stderr(&check)
    );
    // The PDF's description (the inleiding) shows figures as the page does, not their names.
    let (_, bytes) = build_pdf(&editions, &["--edition", "2021"]);
    let metadata = String::from_utf8_lossy(&bytes);
    assert!(metadata.contains(">Het 3e jaar van het Uitvoeringsplan 2019-2022.</rdf:li>"), "{metadata}");
    // No new havo/vwo value by 2021: the latest published one; the baseline revised in 2021.
    assert!(text.contains("% leerlingen in 3 havo/vwo (2019/2020)"), "{text}");
    assert!(text.contains("(12,4%)") && !text.contains("(12,0%)"), "{text}");
    // The appendix sets each indicator beside the previous edition: its period, values and result.
    assert!(text.contains("% werkloos (2020; vorige editie 2019; basis 2011)"), "{text}");
    assert!(text.contains("vorige editie 6,0% 9,5%"), "{text}");
    assert!(text.contains("Vorige editie: 13% ingelopen."), "{text}");

    // A multi-year chart from the series: every period each edition sees, as it saw them.
    let chart_labels = |year: &str| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_str().unwrap();
        let pdf = dir.path().join("x.pdf");
        let args = ["build", "--edition", year, "--emit-charts", out, "-o", pdf.to_str().unwrap()];
        assert!(koers(&editions, &args).status.success());
        let svg = std::fs::read_to_string(dir.path().join("grafiek-1.svg")).unwrap();
        let document = roxmltree::Document::parse(&svg).unwrap();
        let texts = document.descendants().filter(|node| node.has_tag_name("text"));
        texts.filter_map(|node| node.text()).map(|text| text.trim().to_owned()).collect::<Vec<_>>()
    };
    let labels = chart_labels("2021");
    for label in ["2011", "2012", "2019", "2020", "12,4%", "10,0%", "Zuid", "G4"] {
        assert!(labels.iter().any(|l| l == label), "2021 chart lacks {label}: {labels:?}");
    }
    let labels = chart_labels("2020");
    assert!(labels.iter().any(|l| l == "12,0%") && !labels.iter().any(|l| l == "2020"), "{labels:?}");

    let (output, text) = build_text(&editions, &["--edition", "2020", "--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(text.contains("% werkloos (2019)") && text.contains("(12,0%)"), "the published baseline: {text}");
    assert!(text.contains("ten minste 25% van de achterstand"), "{text}");
    assert!(text.contains("vorige editie 8,5% 12,5%"), "the 2013 edition's values: {text}");

    let (output, text) = build_text(&editions, &["--edition", "2013", "--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(text.contains("3. Wonen") && !text.contains("Veiligheid"), "three pillars: {text}");
    // Each edition its own plan period, named in prose as figures.
    assert!(text.contains("Het 2e jaar van het Uitvoeringsplan 2012-2014."), "{text}");
    assert!(text.contains("% werkloos (2012)") && text.contains("ten minste 10% van de achterstand"), "{text}");
}

/// A `previous` status written in a new edition that disagrees with the previous edition's is
/// a warning at the activity: last year's status is not typed twice.
#[test]
fn a_previous_status_that_disagrees_with_last_years_edition_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("three-editions"), dir.path());
    let activities = dir.path().join("content/2021/activities.yaml");
    let text = std::fs::read_to_string(&activities).unwrap();
    let text = text.replace(
        "{name: Zorgpad, pillar: werk, status: oranje}",
        "{name: Zorgpad, pillar: werk, status: oranje, previous: rood}",
    );
    std::fs::write(&activities, text).unwrap();
    let check = koers(dir.path(), &["check", "--edition", "2021"]);
    assert!(
        stderr(&check).contains(
            "content/2021/activities.yaml:17:12: warning: `Zorgpad` was oranje in the previous edition, but `previous` says rood"
        ),
        "{}",
        stderr(&check)
    );
}

/// What the 2021 edition added (its folder, its observations and a revision in the shared
/// series) leaves the 2013 and 2020 PDFs byte-identical.
#[test]
fn adding_a_years_values_to_the_series_leaves_earlier_editions_byte_identical() {
    let build = |dir: &Path, year: &str| {
        let pdf = dir.join(format!("{year}.pdf"));
        let output = koers(dir, &["build", "--edition", year, "-o", pdf.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        std::fs::read(pdf).unwrap()
    };
    let before = tempfile::tempdir().unwrap();
    copy_tree(&fixture("three-editions"), before.path());
    std::fs::remove_dir_all(before.path().join("content/2021")).unwrap();
    let series = before.path().join("content/series.yaml");
    let full = std::fs::read_to_string(&series).unwrap();
    let without_2021: Vec<&str> = full.lines().filter(|line| !line.contains("since: 2021")).collect();
    assert_eq!(full.lines().count() - without_2021.len(), 4, "three observations and a revision of 2021");
    std::fs::write(&series, without_2021.join("\n")).unwrap();
    let after = tempfile::tempdir().unwrap();
    copy_tree(&fixture("three-editions"), after.path());
    for year in ["2013", "2020"] {
        assert_eq!(build(before.path(), year), build(after.path(), year), "{year}");
    }
}

/// Mistakes in the shared series are located errors, in series.yaml or where an edition names it.
#[test]
fn broken_series_are_located_errors() {
    let check = koers(&fixture("series-errors"), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&check));
}

/// An edition whose year lies outside its plan period (a plan copied by `koers new` into the
/// next plan's first year) is warned about, as is a realisation table counting years outside it.
#[test]
fn an_edition_outside_its_plan_period_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &dir.path().join("content"));
    let report = dir.path().join("content/2020/report.yaml");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replace("plan: {from: 2019, to: 2022}", "plan: {from: 2021, to: 2024}")).unwrap();
    let check = koers(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let said = stderr(&check);
    assert!(said.contains("warning: the 2020 edition lies outside its plan period 2021-2024"), "{said}");
    assert!(
        said.contains("warning: table `woningvoorraad` counts 2019, 2020, outside the plan period 2021-2024"),
        "{said}"
    );
    let strict = koers(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(strict.status.code(), Some(1));
}
