//! More than one edition: `koers new`, last year's figures as `previous.*`, the shared series, and
//! `watch` across edits.

use std::path::Path;

use super::support::*;

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
    assert!(text.contains("3. Wonen") && !text.contains("Veiligheid"), "three chapters: {text}");
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
