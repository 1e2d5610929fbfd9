//! Figures: computed from raw values, checked against what the report states, and named in prose;
//! the published 2020 numbers as the reference.

use std::path::Path;

use super::support::*;

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
        edition.indicators.as_mut().unwrap().ambition.as_mut().unwrap().closure_rule = rule;
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

/// Before any activity has started (all wit) the summary still prints, without a share of the
/// started ones (there is none to divide by); prose that names that share is an error at its line.
#[test]
fn a_summary_where_nothing_has_started_prints_without_a_share() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("activity-list"), dir.path());
    let activities = "title: Samenvatting\nlegend: {groen: Op koers., oranje: Problemen., rood: Zorg., wit: Niet gestart.}\n\
        pillars:\n  - {id: school, label: School}\n  - {id: werk, label: Werk, counts: {wit: {gelijk: 2}}}\n\
        activities:\n  - {name: Huiswerkklas, pillar: school, status: wit}\n";
    std::fs::write(dir.path().join("content/2021/activities.yaml"), activities).unwrap();
    let school = std::fs::read_to_string(dir.path().join("content/2021/school.yaml")).unwrap();
    let without_share: String =
        school.lines().filter(|line| !line.contains("share_green_of_started")).collect::<Vec<_>>().join("\n") + "\n";
    std::fs::write(dir.path().join("content/2021/school.yaml"), &without_share).unwrap();
    let (output, text) = build_text(dir.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(text.contains("Niet gestart"), "{text}");
    std::fs::write(dir.path().join("content/2021/school.yaml"), school).unwrap();
    let messages = stderr(&koers(dir.path(), &["check", "--content", "content"]));
    assert!(messages.contains("`{{ activities.share_green_of_started }}`, but there is no such figure"), "{messages}");
}

#[test]
fn broken_activity_summaries_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("activity-errors"));
}

#[test]
fn broken_key_figures_are_located_errors() {
    insta::assert_snapshot!(assert_invalid("indicator-errors"));
}

/// A value prints with the digits it is written with, in every unit (9300000 in millions is
/// "€ 9,3 mln.", `4.0` percent "4,0%"); a `decimals` that would hide a written digit is a
/// warning at its line, and one that hides only zeros is not.
#[test]
fn numbers_print_as_written_and_a_decimals_that_hides_a_digit_is_warned_about() {
    let school = "title: School\nintro: Intro.\nsections:\n  - heading: Geld\n    body: |\n      \
        Krediet {{ school.krediet }}, fonds {{ school.fonds }}, {{ school.aandeel }} en {{ school.rond }};\n      \
        afgerond {{ school.afgerond }} en {{ school.nul }}.\nfigures:\n  \
        krediet: {value: 9300000, unit: euro_millions}\n  fonds: {value: 2200000000, unit: euro_billions}\n  \
        aandeel: {value: 4.0, unit: percent}\n  rond: {value: 4, unit: percent}\n  \
        afgerond: {value: 9300000, unit: euro_millions, decimals: 0}\n  \
        nul: {value: 4.0, unit: percent, decimals: 0}\n";
    let dir = project(&[("content/2021/school.yaml", school.as_bytes())]);
    let (output, text) = build_text(dir.path(), &[]);
    assert!(text.contains("Krediet € 9,3 mln., fonds € 2,2 mld., 4,0% en 4%; afgerond € 9 mln. en 4%."), "{text}");
    insta::assert_snapshot!(stderr(&output));
}

/// `part: {share, of}` computes the count a percentage of a whole is (20% of 1.320 = 264), so a
/// document that states both has the count computed and the stated one checked.
#[test]
fn a_part_of_a_whole_is_computed_and_its_stated_value_checked() {
    let school = "title: School\nintro: Intro.\nsections:\n  - body: Van de {{ school.leerlingen }} \
        leerlingen is {{ school.aandeel }} ({{ school.deel }}) techniek.\nfigures:\n  \
        leerlingen: {count: 1320}\n  aandeel: {value: 20, unit: percent}\n  \
        deel: {part: {share: aandeel, of: leerlingen}, stated: 265}\n  \
        fout: {part: {share: leerlingen, of: leerlingen}}\n";
    let dir = project(&[("content/2021/school.yaml", school.as_bytes())]);
    let output = koers(dir.path(), &["check", "--content", "content"]);
    let messages = stderr(&output);
    assert!(messages.contains("`school.deel`: the report states 265, but 20% of 1.320 is 264"), "{messages}");
    assert!(
        messages.contains("`school.fout` is a part by `school.leerlingen`, which is not a percentage"),
        "{messages}"
    );
    let fixed = school
        .replace("stated: 265", "stated: 264")
        .replace("  fout: {part: {share: leerlingen, of: leerlingen}}\n", "");
    let dir = project(&[("content/2021/school.yaml", fixed.as_bytes())]);
    let (_, text) = build_text(dir.path(), &["--deny-warnings"]);
    assert!(text.contains("Van de 1.320 leerlingen is 20% (264) techniek."), "{text}");
}

/// Approximate and bounded figures: a qualifier prints with the figure in prose and tables, a
/// range prints "6 tot 10", arithmetic on an approximate figure is "ongeveer" unless the figure
/// says otherwise, and what cannot be computed or drawn with a range is a located error.
#[test]
fn qualifiers_and_ranges_print_with_their_figures_and_arithmetic_knows_them() {
    let figures = "figures:\n  scholen: {count: 30, qualifier: ruim}\n  locaties: {count: 100, qualifier: ongeveer}\n  \
        uren: {range: [6, 10]}\n  samen: {sum: [scholen, locaties]}\n  \
        minstens: {sum: [scholen, locaties], qualifier: ten minste}\n  budget: {value: 6000000, unit: euro_millions, qualifier: ruim}\n";
    let body = "Er zijn {{ school.scholen }} scholen op {{ school.locaties }} locaties, samen {{ school.samen }} \
        ({{ school.minstens }}), met {{ school.uren }} uur per week en {{ school.budget }}.";
    let table = "    figure_table:\n      title: Scholen\n      columns: [Wat, Aantal]\n      rows:\n        \
        - {labels: [Scholen], figures: [scholen]}\n        - {labels: [Uren], figures: [uren]}\n";
    let chart = "    chart:\n      kind: bars\n      title: Scholen\n      categories: [Scholen, Locaties]\n      \
        series: [{name: Aantal, figures: [scholen, locaties]}]\n";
    let school = format!(
        "title: School\nintro: Intro.\nsections:\n  - heading: Scholen\n    body: {body}\n{table}{chart}{figures}"
    );
    let dir = project(&[("content/2021/school.yaml", school.as_bytes())]);
    let (output, text) = build_text(dir.path(), &["--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = normalise(&text);
    assert!(
        text.contains("Er zijn ruim 30 scholen op ongeveer 100 locaties, samen ongeveer 130 (ten minste 130), met 6 tot 10 uur per week en ruim € 6 mln."),
        "{text}"
    );
    assert!(text.contains("Scholen ruim 30") && text.contains("Uren 6 tot 10"), "{text}");

    let misspelled = school.replace("qualifier: ongeveer", "qualifier: ongeveeer") + "  omgekeerd: {range: [10, 6]}\n";
    let (code, written) = check_with_school(misspelled.as_bytes());
    assert_eq!(code, Some(1), "{written}");
    let computed = school.replace("minstens: {sum: [scholen, locaties]", "minstens: {sum: [scholen, uren]");
    let (code, computed) = check_with_school(computed.as_bytes());
    assert_eq!(code, Some(1), "{computed}");
    let drawn = school.replace("figures: [scholen, locaties]}", "figures: [scholen, uren]}");
    let (code, drawn) = check_with_school(drawn.as_bytes());
    assert_eq!(code, Some(1), "{drawn}");
    insta::assert_snapshot!(format!("{written}\n{computed}\n{drawn}"));
}

/// Targets per indicator, without the gap ambition: each indicator is judged against the target
/// due next on the straight path from its baseline (reached / on the path / behind / missed), the
/// key-figures table and prose print it, and no "0 van de 0" legend appears. A target koers
/// cannot judge is a located error.
#[test]
fn targets_are_judged_on_course_with_or_without_the_gap_ambition() {
    let indicators = "title: Doelen\nareas: [{id: zuid, label: Zuid}]\nindicators:\n\
        - {id: cito, label: Cito, unit: number, polarity: higher, period: '2020', values: {zuid: 532}, \
           baseline: {period: '2010', values: {zuid: 528}}, targets: [{value: 531.2, year: 2020}]}\n\
        - {id: techniek, label: Techniek, unit: percent, polarity: higher, period: '2020', values: {zuid: 31.8}, \
           baseline: {period: '2011', values: {zuid: 23.6}}, targets: [{value: 35, year: 2030}]}\n\
        - {id: bijstand, label: Bijstand, unit: percent, polarity: lower, period: '2020', values: {zuid: 37.8}, \
           baseline: {period: '2014', values: {zuid: 37.9}}, targets: [{value: 37.4, year: 2018}, {value: 31.8, year: 2022, source: Uitvoeringsplan 2019-2022}]}\n\
        - {id: nulgroepen, label: Nulgroepen, unit: count, period: '2016', values: {zuid: 52}, \
           baseline: {period: '2012', values: {zuid: 30}}, targets: [{value: 70, year: 2014, direction: at_least}]}\n";
    let school = "title: School\nintro: Intro.\nkey_figures: true\nsections:\n  - body: >-\n      \
        Cito {{ indicators.cito.on_course }}, techniek {{ indicators.techniek.on_course }} naar \
        {{ indicators.techniek.target }} in {{ indicators.techniek.target_year }}, bijstand \
        {{ indicators.bijstand.on_course }}, nulgroepen {{ indicators.nulgroepen.on_course }}.\n";
    let report = std::fs::read_to_string(fixture("minimal").join("content/2021/report.yaml")).unwrap()
        + "appendix: {title: Bijlage, text: Alle indicatoren.}\n";
    let dir = project(&[
        ("content/2021/indicators.yaml", indicators.as_bytes()),
        ("content/2021/school.yaml", school.as_bytes()),
        ("content/2021/report.yaml", report.as_bytes()),
    ]);
    let (output, text) = build_text(dir.path(), &["--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = normalise(&text);
    assert!(
        text.contains(
            "Cito gehaald, techniek op koers naar 35% in 2030, bijstand achter op koers, nulgroepen niet gehaald."
        ),
        "{text}"
    );
    assert!(text.contains("Doel 2022: 31,8% (achter op koers)"), "{text}");
    assert!(
        text.contains("Doel uit: Uitvoeringsplan 2019-2022."),
        "the appendix names where the target is set: {text}"
    );
    assert!(!text.contains("beoordeelde indicatoren"), "a legend without an ambition: {text}");

    // With the ambition, the targets print beside the gap assessment and its legend.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("key-figures"), dir.path());
    let path = dir.path().join("content/2021/indicators.yaml");
    let with_target = std::fs::read_to_string(&path).unwrap().replace(
        "    baseline: {period: 2011/2012, note: basis, values: {stad: 35, zuid: 27, focus: 23}}",
        "    baseline: {period: 2011/2012, note: basis, values: {stad: 35, zuid: 27, focus: 23}}\n    \
         targets: [{value: 35, period: 2029/2030}]",
    );
    std::fs::write(&path, with_target).unwrap();
    let (_, text) = build_text(dir.path(), &[]);
    let text = normalise(&text);
    assert!(text.contains("Doel 2030 voor Zuid: 35% (op koers)") && text.contains("beoordeelde indicatoren"), "{text}");

    let unjudgeable = indicators
        .replace("polarity: higher, period: '2020'", "period: '2020'")
        .replace("{value: 37.4, year: 2018}", "{value: 37.4, period: later}")
        .replace("direction: at_least", "direction: omhoog")
        .replace("baseline: {period: '2014', values: {zuid: 37.9}}, ", "");
    let dir = project(&[
        ("content/2021/indicators.yaml", unjudgeable.as_bytes()),
        ("content/2021/school.yaml", b"title: School\nintro: Intro.\nkey_figures: true\nsections: []\n"),
    ]);
    insta::assert_snapshot!(stderr(&koers(dir.path(), &["check", "--content", "content"])));
}
