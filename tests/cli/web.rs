//! The web edition and the data beside the PDF: pages read back as documents (well-formed, so an
//! XML parser reads them, which is stricter than a browser), checked for what assistive technology
//! and a reader rely on, and the numbers compared with the PDF and the CSV files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{copy_tree, fixture, koers, normalise, stderr};

/// Builds the edition of `dir` into a fresh folder; returns it (report.pdf, report/, report-data/).
pub(crate) fn build_all_formats(dir: &Path, extra: &[&str]) -> tempfile::TempDir {
    crate::support::build_into_temporary(dir, extra).1
}

pub(crate) fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Every file under `root` by relative path.
pub(crate) fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
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

pub(crate) fn pages(site: &Path) -> Vec<(String, String)> {
    files(site)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect()
}

pub(crate) fn text_of(node: roxmltree::Node) -> String {
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
            let path = percent_encoding::percent_decode_str(path).decode_utf8().unwrap();
            if !path.is_empty() && !site.join(&*path).exists() {
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
    // In the CSV, a heading or cell a spreadsheet would run is kept as text.
    let csv = fs::read_to_string(out.path().join("report-data/grafiek-1.csv")).unwrap();
    assert!(csv.starts_with("Categorie,<i>reeks</i>,'@SUM(A1)\r\n"), "{csv}");
    assert!(
        school.contains(r#"<a href="https://www.nprz.nl/?a=1&amp;b=&quot;2&quot;">"#) || !school.contains("nprz.nl")
    );
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
    let index = fs::read_to_string(out.join("zuid-op-koers-2021/index.html")).unwrap();
    assert!(!index.contains(".pdf") && !index.contains("-data"), "no links to what this build did not write");
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
    fs::remove_file(out.join("zuid-op-koers-2021/.koers")).unwrap();
    let refused = koers(project.path(), &["build", "--content", "content"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("holds files koers did not write (there is no .koers file)"),
        "{}",
        stderr(&refused)
    );
}

/// A GET request to the preview server, by hand (HTTP/1.0, so the server closes after answering).
fn get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
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
    // Each file with the type of its own name, whatever the query says.
    let csv = get(port, "/zuid-op-koers-2021-data/figures.csv?.html");
    assert!(csv.contains("Content-Type: text/csv; charset=utf-8") && csv.contains("nosniff"), "{csv}");
    // A request naming another host (DNS rebinding) is not answered with the preview.
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    std::io::Write::write_all(&mut stream, b"GET / HTTP/1.0\r\nHost: evil.example\r\n\r\n").unwrap();
    let mut answer = String::new();
    std::io::Read::read_to_string(&mut stream, &mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.0 421"), "{answer}");

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

#[test]
fn a_name_that_would_take_another_outputs_place_is_refused_and_odd_names_are_linked_encoded() {
    // A chapter listed as `index` would replace the cover page.
    let project = tempfile::tempdir().unwrap();
    copy_tree(&fixture("photos"), project.path());
    let edition = project.path().join("content/2021");
    fs::rename(edition.join("school.yaml"), edition.join("index.yaml")).unwrap();
    let report = fs::read_to_string(edition.join("report.yaml")).unwrap();
    fs::write(edition.join("report.yaml"), format!("{report}chapters: [index]\n")).unwrap();
    let refused = koers(project.path(), &["check", "--content", "content"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("content/2021/index.yaml: error: the web edition has a page index.html of its own"),
        "{}",
        stderr(&refused)
    );

    // Two tables whose data files would have one name.
    let project = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), project.path());
    let school = project.path().join("content/2021/school.yaml");
    let table = "    figure_table:\n      title: Voortgang\n      columns: [Wat]\n      rows:\n        - {labels: [a], figures: []}\n";
    let text = fs::read_to_string(&school)
        .unwrap()
        .replace("\n      - meer scholen\n", &format!("\n      - meer scholen\n{table}  - body: Nog een.\n{table}"));
    fs::write(&school, text).unwrap();
    let refused = koers(project.path(), &["check", "--content", "content"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains(
            "the table “Voortgang” would write the data file tabel-school-voortgang.csv, which another table writes"
        ),
        "{}",
        stderr(&refused)
    );

    // A photo and a PDF with spaces and # in their names are linked percent-encoded.
    let project = tempfile::tempdir().unwrap();
    copy_tree(&fixture("photos"), project.path());
    let edition = project.path().join("content/2021");
    fs::rename(edition.join("images/kunstenpand.png"), edition.join("images/kunst pand #1.png")).unwrap();
    let school = fs::read_to_string(edition.join("school.yaml"))
        .unwrap()
        .replace("images/kunstenpand.png", "'images/kunst pand #1.png'");
    fs::write(edition.join("school.yaml"), school).unwrap();
    let built = koers(project.path(), &["build", "--content", "content", "-o", "out/rapport #2.pdf"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let site = project.path().join("out/rapport #2");
    let html = fs::read_to_string(site.join("school.html")).unwrap();
    assert!(html.contains(r#"src="photos&#x2f;images&#x2f;kunst%20pand%20%231.png""#), "{html}");
    assert!(html.contains("..&#x2f;rapport%20%232.pdf"), "the PDF is linked by its real name");
    let problems: Vec<String> =
        pages(&site).iter().flat_map(|(name, html)| structure_problems(name, html, &site)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_style_sheet_override_brings_the_fonts_it_names_or_is_refused_at_its_file() {
    let project = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), project.path());
    fs::create_dir_all(project.path().join("templates/web")).unwrap();
    let css = "@font-face { font-family: \"Lato\"; src: url(\"fonts/Lato-Bold.ttf\"); }\n";
    fs::write(project.path().join("templates/web/style.css"), css).unwrap();
    let built = koers(project.path(), &["build", "--content", "content", "--format", "html"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let fonts: Vec<String> = files(&project.path().join("out/zuid-op-koers-2021/fonts")).into_keys().collect();
    assert_eq!(fonts, ["Lato-Bold.ttf"], "only the fonts the style sheet names");
    fs::write(project.path().join("templates/web/style.css"), "src: url(\"fonts/Nope.ttf\");\n").unwrap();
    let refused = koers(project.path(), &["build", "--content", "content", "--format", "html"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused)
            .contains("templates/web/style.css: error: names the font fonts/Nope.ttf, which is not in assets/fonts/"),
        "{}",
        stderr(&refused)
    );
}
