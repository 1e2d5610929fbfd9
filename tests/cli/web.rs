//! The web edition and the data beside the PDF: pages read back as documents (well-formed, so an
//! XML parser reads them, which is stricter than a browser), checked for what assistive technology
//! and a reader rely on, and the numbers compared with the PDF and the CSV files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{copy_tree, fixture, koers, normalise, stderr};

/// Builds the edition of `dir` into a fresh folder; returns it (report.pdf, report/, report-data/).
fn build_all_formats(dir: &Path, extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    let mut args = vec!["build", "--content", "content", "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = koers(dir, &args);
    assert!(output.status.success(), "build failed:\n{}", stderr(&output));
    out
}

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every file under `root` by relative path.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let name = entry.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (name, fs::read(entry.path()).unwrap())
        })
        .collect()
}

fn pages(site: &Path) -> Vec<(String, String)> {
    files(site)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect()
}

fn text_of(node: roxmltree::Node) -> String {
    normalise(&node.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap()).collect::<String>())
}

/// What WCAG asks of a page's structure, checked on the parsed document; returns the problems.
fn structure_problems(name: &str, html: &str, site: &Path) -> Vec<String> {
    let document = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
    )
    .unwrap_or_else(|error| panic!("{name} is not well-formed: {error}"));
    let mut problems = Vec::new();
    let mut problem = |text: String| problems.push(format!("{name}: {text}"));
    let root = document.root_element();
    if root.attribute("lang") != Some("nl") {
        problem("no lang=\"nl\"".into());
    }
    let elements: Vec<roxmltree::Node> = document.descendants().filter(|n| n.is_element()).collect();
    fn named<'a, 'input>(
        elements: &'a [roxmltree::Node<'a, 'input>],
        tag: &'a str,
    ) -> impl Iterator<Item = &'a roxmltree::Node<'a, 'input>> + 'a {
        elements.iter().filter(move |n| n.tag_name().name() == tag)
    }
    let named = |tag: &'static str| named(&elements, tag);
    for landmark in ["header", "nav", "main", "footer"] {
        if named(landmark).count() != 1 {
            problem(format!("{} <{landmark}> landmarks", named(landmark).count()));
        }
    }
    let ids: BTreeSet<&str> = elements.iter().filter_map(|n| n.attribute("id")).collect();
    match named("a").next() {
        Some(skip) if skip.attribute("href").is_some_and(|href| ids.contains(&href[1..])) => {}
        _ => problem("the first link is not a skip link to the main content".into()),
    }
    if named("h1").count() != 1 {
        problem(format!("{} h1 headings", named("h1").count()));
    }
    let mut level = 1;
    for heading in elements.iter().filter(|n| matches!(n.tag_name().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")) {
        let this: usize = heading.tag_name().name()[1..].parse().unwrap();
        if this > level + 1 {
            problem(format!("heading level skipped before “{}”", text_of(*heading)));
        }
        level = this;
    }
    for table in named("table") {
        if !table.children().any(|n| n.has_tag_name("caption") && !text_of(n).is_empty()) {
            problem("a table without a caption".into());
        }
    }
    for cell in named("th") {
        if cell.attribute("scope").is_none() {
            problem(format!("header cell “{}” without scope", text_of(*cell)));
        }
    }
    for image in named("img") {
        if image.attribute("alt").is_none_or(str::is_empty) {
            problem("an image without alt text".into());
        }
    }
    for svg in named("svg").filter(|svg| svg.parent_element().is_some_and(|p| !p.has_tag_name("svg"))) {
        let labels = svg.attribute("aria-labelledby").unwrap_or_default();
        let label: Vec<String> = labels
            .split_whitespace()
            .filter_map(|id| elements.iter().find(|n| n.attribute("id") == Some(id)))
            .map(|n| text_of(*n))
            .collect();
        if svg.attribute("role") != Some("img") || label.len() != 2 || label.iter().any(String::is_empty) {
            problem(format!("a chart without role=img and its title and description: {labels:?}"));
        }
    }
    for script in named("script").chain(named("iframe")).chain(named("object")).chain(named("embed")) {
        problem(format!("a <{}> element", script.tag_name().name()));
    }
    for element in &elements {
        for attribute in element.attributes() {
            if attribute.name().starts_with("on") || attribute.name() == "style" {
                problem(format!("an attribute {}", attribute.name()));
            }
            if !matches!(attribute.name(), "href" | "src") {
                continue;
            }
            let target = attribute.value();
            let external =
                target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:");
            let in_prose = element.has_tag_name("a") && element.ancestors().any(|n| n.has_tag_name("main"));
            if external && in_prose {
                continue;
            }
            if external || target.contains(':') || target.starts_with("//") || target.starts_with('/') {
                problem(format!("{} leads outside the site: {target}", attribute.name()));
                continue;
            }
            let path = target.split('#').next().unwrap();
            if !path.is_empty() && !site.join(path).exists() {
                problem(format!("{} {target} does not exist", attribute.name()));
            }
        }
    }
    problems
}

#[test]
fn the_2020_edition_and_the_three_editions_publish_a_web_edition_that_holds_its_structure() {
    for (dir, extra) in [(bundled(), vec![]), (fixture("three-editions"), vec!["--edition", "2021"])] {
        let out = build_all_formats(&dir, &extra);
        let site = out.path().join("report");
        let pages = pages(&site);
        assert!(pages.len() >= 3, "{pages:?}");
        let problems: Vec<String> =
            pages.iter().flat_map(|(name, html)| structure_problems(name, html, &site)).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        // The style sheet names only the bundled fonts, and they are there.
        let css = fs::read_to_string(site.join("style.css")).unwrap();
        assert!(!css.contains("http") && !css.contains("@import"), "the style sheet loads nothing from outside");
        for font in css.split("url(\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]) {
            assert!(site.join(font).is_file(), "{font} is not in the site");
        }
    }
}

#[test]
fn content_that_tries_html_prints_as_text_in_the_web_edition() {
    let out = build_all_formats(&fixture("html-injection"), &["--deny-warnings"]);
    let site = out.path().join("report");
    let mut all_text = String::new();
    for (name, html) in pages(&site) {
        let problems = structure_problems(&name, &html, &site);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let document = roxmltree::Document::parse_with_options(
            &html,
            roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
        )
        .unwrap();
        all_text.push_str(&text_of(document.root_element()));
        for element in document.descendants().filter(|n| n.is_element()) {
            let tag = element.tag_name().name();
            assert!(!matches!(tag, "script" | "style" | "b" | "i" | "u"), "{name}: a <{tag}> from content");
            if tag == "img" {
                assert_eq!(element.attribute("src"), Some("photos/images/kunstenpand.png"));
            }
        }
    }
    for written in [
        "Proef <script>alert(1)</script>",
        "Rapportage \"><img src=x onerror=alert(2)>",
        "<a href=\"javascript:alert(3)\">link</a>",
        "voorzitter' onclick='alert(4)",
        "School </title><script>alert(5)</script>",
        "Tekst met <script> en <!-- commentaar --> erin.",
        "Grafiek <script>alert(8)</script>",
        "<b onmouseover=\"alert(9)\">2019</b>",
        "Bron </figure><script>alert(10)</script>",
    ] {
        assert!(all_text.contains(written), "“{written}” is not printed as written");
    }
    let school = fs::read_to_string(site.join("school.html")).unwrap();
    assert!(school.contains(r#"alt="Foto&quot; onerror=&quot;alert(6)""#), "the alt text stays one attribute");
    assert!(
        school.contains(r#"<a href="https://www.nprz.nl/?a=1&amp;b=&quot;2&quot;">"#) || !school.contains("nprz.nl")
    );
}

/// A Dutch number as printed ("€ 30.100", "17,5%", "ongeveer 8") as a value.
fn dutch_value(text: &str) -> Option<f64> {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '−')).collect();
    let digits = digits.replace('−', "-").replace(',', ".");
    digits.parse().ok()
}

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| headers.iter().map(String::from).zip(record.unwrap().iter().map(String::from)).collect())
        .collect()
}

#[test]
fn every_key_figure_prints_identically_in_the_pdf_the_web_table_and_figures_csv() {
    let out = build_all_formats(&bundled(), &[]);
    let pdf = fs::read(out.path().join("report.pdf")).unwrap();
    let pdf_text = normalise(&pdf_extract::extract_text_from_mem(&pdf).unwrap()).replace('\u{a0}', " ");
    let figures = read_csv(&out.path().join("report-data/figures.csv"));
    let printed: BTreeSet<String> = figures.iter().map(|row| row["tekst"].replace('\u{a0}', " ")).collect();
    let html = fs::read_to_string(out.path().join("report/thuisbasis.html")).unwrap();
    let document = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
    )
    .unwrap();
    let table = document.descendants().find(|n| n.has_tag_name("table") && n.attribute("class") == Some("kerncijfers"));
    let values: Vec<String> = table
        .expect("the key-figures table")
        .descendants()
        .filter(|n| n.attribute("class") == Some("waarde"))
        .map(|n| text_of(n).replace('\u{a0}', " "))
        .collect();
    assert!(values.len() > 100, "{values:?}");
    for value in &values {
        let bare = value.trim_start_matches('(').trim_end_matches(')');
        if bare == "x" {
            continue;
        }
        assert!(pdf_text.contains(value.as_str()), "{value} is in the web table, not in the PDF");
        assert!(printed.contains(bare), "{bare} is in the web table, not in figures.csv");
    }
}

#[test]
fn every_figure_content_names_is_in_figures_csv_with_its_provenance() {
    let out = build_all_formats(&bundled(), &[]);
    let figures = read_csv(&out.path().join("report-data/figures.csv"));
    let rows: BTreeMap<&str, &BTreeMap<String, String>> =
        figures.iter().map(|row| (row["naam"].as_str(), row)).collect();
    let mut named = BTreeSet::new();
    for entry in fs::read_dir(bundled().join("content/2020")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap_or_default();
        for reference in text.split("{{").skip(1).map(|rest| rest[..rest.find("}}").unwrap()].trim()) {
            let qualified = if reference.contains('.') { reference.to_owned() } else { format!("{stem}.{reference}") };
            named.insert(qualified);
        }
    }
    assert!(named.len() > 50, "{named:?}");
    for name in &named {
        let row = rows.get(name.as_str()).unwrap_or_else(|| panic!("{name} is printed but not in figures.csv"));
        assert!(!row["tekst"].is_empty() && !row["afleiding"].is_empty(), "{name}: {row:?}");
        assert!(row["waarde"].parse::<f64>().is_ok(), "{name}: the value is not a number with a decimal point");
        for input in row["invoer"].split_whitespace() {
            assert!(rows.contains_key(input), "{name} is computed from {input}, which figures.csv does not list");
        }
    }
    // A stated value that disagrees is marked, as `koers check` warns about it.
    let taal = rows["thuisbasis.taal_afgerond"];
    assert_eq!((taal["waarde"].as_str(), taal["vermeld"].as_str()), ("2030", "2020"));
    assert!(taal["controle"].starts_with("wijkt af (bekend:"), "{taal:?}");
    assert_eq!(taal["invoer"].split_whitespace().count(), 2, "{taal:?}");
    // The data package describes every file and every column.
    let package: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("report-data/datapackage.json")).unwrap()).unwrap();
    let resources = package["resources"].as_array().unwrap();
    let data_files: BTreeSet<String> = files(&out.path().join("report-data")).into_keys().collect();
    let described: BTreeSet<String> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_owned())
        .chain(["datapackage.json".to_owned()])
        .collect();
    assert_eq!(described, data_files);
    for resource in resources {
        let path = out.path().join("report-data").join(resource["path"].as_str().unwrap());
        let header: Vec<String> =
            csv::Reader::from_path(&path).unwrap().headers().unwrap().iter().map(String::from).collect();
        let fields: Vec<String> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(header, fields, "{path:?}");
        for (field, row) in resource["schema"]["fields"].as_array().unwrap().iter().zip(0..) {
            if field["type"] == "number" || field["type"] == "integer" {
                for record in read_csv(&path) {
                    let cell = &record[&fields[row]];
                    assert!(cell.is_empty() || cell.parse::<f64>().is_ok(), "{path:?}: {cell} is not a number");
                }
            }
        }
    }
}

#[test]
fn every_chart_csv_holds_the_numbers_its_svg_draws() {
    for (dir, extra) in [(bundled(), vec![]), (fixture("three-editions"), vec!["--edition", "2021"])] {
        let out = build_all_formats(&dir, &extra);
        let mut charts = 0;
        for (name, html) in pages(&out.path().join("report")) {
            let document = roxmltree::Document::parse_with_options(
                &html,
                roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
            )
            .unwrap();
            for figure in
                document.descendants().filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("grafiek")))
            {
                charts += 1;
                let svg = figure.children().find(|n| n.has_tag_name("svg")).expect("inline SVG");
                let drawn: String = svg
                    .descendants()
                    .filter(|n| n.is_text())
                    .map(|n| n.text().unwrap().trim())
                    .collect::<Vec<_>>()
                    .join(" | ");
                let link = figure.descendants().rfind(|n| n.has_tag_name("a")).unwrap().attribute("href").unwrap();
                let mut reader = csv::Reader::from_path(out.path().join("report").join(link)).unwrap();
                let csv: Vec<Vec<String>> =
                    reader.records().map(|record| record.unwrap().iter().map(String::from).collect()).collect();
                let rows: Vec<Vec<String>> = figure
                    .descendants()
                    .filter(|n| n.has_tag_name("tbody"))
                    .flat_map(|body| body.children().filter(|n| n.has_tag_name("tr")))
                    .map(|row| row.children().filter(|n| n.is_element()).map(text_of).collect())
                    .collect();
                assert_eq!(rows.len(), csv.len(), "{name}: {link}");
                // A line chart labels each series at its first and last point only.
                let description = figure.descendants().find(|n| n.attribute("hidden").is_some()).map(text_of);
                let line = description.is_some_and(|text| text.starts_with("Lijndiagram"));
                let labelled = |row: usize, column: usize| {
                    let filled: Vec<usize> = (0..csv.len()).filter(|r| !csv[*r][column].is_empty()).collect();
                    !line || filled.first() == Some(&row) || filled.last() == Some(&row)
                };
                for (at, (shown, record)) in rows.iter().zip(&csv).enumerate() {
                    assert_eq!(shown[0], record[0], "{name}: {link}");
                    for (column, (text, value)) in shown[1..].iter().zip(&record[1..]).enumerate() {
                        if value.is_empty() {
                            assert_eq!(text, "–");
                            continue;
                        }
                        let value: f64 = value.parse().unwrap();
                        let printed = dutch_value(text).unwrap_or_else(|| panic!("{text}"));
                        let decimals =
                            text.split(',').nth(1).map_or(0, |d| d.chars().filter(char::is_ascii_digit).count());
                        assert!(
                            (printed - value).abs() <= 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9,
                            "{name} {link}: {text} vs {value}"
                        );
                        let printed_plain = text.replace('\u{a0}', " ");
                        assert!(
                            !labelled(at, column + 1) || drawn.replace('\u{a0}', " ").contains(printed_plain.as_str()),
                            "{name} {link}: {text} is in the data but not drawn: {drawn}"
                        );
                    }
                }
            }
        }
        assert!(charts > 0);
    }
}

#[test]
fn the_same_content_gives_the_same_site_and_data_byte_for_byte() {
    let first = build_all_formats(&bundled(), &[]);
    let second = build_all_formats(&bundled(), &[]);
    for folder in ["report", "report-data"] {
        let (a, b) = (files(&first.path().join(folder)), files(&second.path().join(folder)));
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (name, bytes) in &a {
            assert!(bytes == &b[name], "{folder}/{name} differs between two builds");
        }
    }
}

#[test]
fn formats_are_chosen_and_a_failed_build_replaces_none_of_them() {
    let project = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), project.path());
    let only_html = koers(project.path(), &["build", "--content", "content", "--format", "html"]);
    assert!(only_html.status.success(), "{}", stderr(&only_html));
    let out = project.path().join("out");
    let written: Vec<String> =
        fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(written, ["zuid-op-koers-2021"], "--format html writes the site only");
    let all = koers(project.path(), &["build", "--content", "content"]);
    assert!(all.status.success(), "{}", stderr(&all));
    let before: Vec<_> =
        ["zuid-op-koers-2021", "zuid-op-koers-2021-data"].iter().map(|f| files(&out.join(f))).collect();
    let pdf = fs::read(out.join("zuid-op-koers-2021.pdf")).unwrap();
    // A template problem in the web edition fails the build: nothing is replaced, no PDF either.
    fs::create_dir_all(project.path().join("templates/web")).unwrap();
    fs::write(
        project.path().join("templates/web/chapter.html.j2"),
        "{% extends \"page.html.j2\" %}{% block main %}{{ nope }}{% endblock %}",
    )
    .unwrap();
    fs::write(
        project.path().join("content/2021/school.yaml"),
        fs::read_to_string(fixture("minimal").join("content/2021/school.yaml")).unwrap().replace("halen", "bereiken"),
    )
    .unwrap();
    let failed = koers(project.path(), &["build", "--content", "content"]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).contains("templates/web/chapter.html.j2:1: error: template: undefined value"),
        "{}",
        stderr(&failed)
    );
    let after: Vec<_> = ["zuid-op-koers-2021", "zuid-op-koers-2021-data"].iter().map(|f| files(&out.join(f))).collect();
    assert!(before == after, "a failed build replaced the web edition or the data");
    assert_eq!(fs::read(out.join("zuid-op-koers-2021.pdf")).unwrap(), pdf, "a failed build replaced the PDF");
    let leftovers: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".koers"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A folder koers did not write is never replaced.
    fs::remove_dir_all(project.path().join("templates")).unwrap();
    fs::remove_file(out.join("zuid-op-koers-2021/index.html")).unwrap();
    let refused = koers(project.path(), &["build", "--content", "content"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("holds files koers did not write (there is no index.html)"),
        "{}",
        stderr(&refused)
    );
}

/// A GET request to the preview server, by hand (HTTP/1.0, so the server closes after answering).
fn get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn watch_serves_the_web_edition_and_shows_a_failed_rebuilds_problems_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    let school = dir.path().join("content/2021/school.yaml");
    // A port of its own: no other test serves.
    let port = 39_127;
    let (mut child, lines) =
        crate::support::start_watch(dir.path(), &["--content", "content", "--serve", "--port", &port.to_string()]);
    let seen = crate::support::wait_for_line(&lines, "rebuilt");
    assert!(seen.iter().any(|line| line.contains(&format!("serving http://127.0.0.1:{port}/"))), "{seen:#?}");
    let page = get(port, "/school.html");
    assert!(page.starts_with("HTTP/1.0 200") && page.contains("<h1>School</h1>"), "{page}");
    assert!(page.contains("EventSource"), "served pages reload after a rebuild");
    assert!(get(port, "/zuid-op-koers-2021.pdf").contains("%PDF-"), "the PDF is where the site links to it");
    assert!(get(port, "/zuid-op-koers-2021-data/figures.csv").starts_with("HTTP/1.0 200"));
    assert!(get(port, "/../content/2021/school.yaml").starts_with("HTTP/1.0 404"), "only what the build wrote");

    let good = fs::read_to_string(&school).unwrap();
    fs::write(&school, format!("{good}titel: <b>x</b>\n")).unwrap();
    crate::support::wait_for_line(&lines, "build failed");
    let page = get(port, "/school.html");
    assert!(page.contains("Bouwen mislukt"), "{page}");
    assert!(page.contains("content&#x2f;2021&#x2f;school.yaml:10:1: error: unknown field `titel`"), "{page}");
    assert!(!page.contains("<b>"), "the problems are escaped");
    assert!(get(port, "/style.css").starts_with("HTTP/1.0 200"), "the last good files are still served");

    fs::write(&school, good.replace("Scholen", "Alle scholen")).unwrap();
    crate::support::wait_for_line(&lines, "rebuilt");
    assert!(get(port, "/school.html").contains("Alle scholen"));
    child.kill().unwrap();
    child.wait().unwrap();
}
