//! Content and overrides come from pull requests: each attack of the hardening review (links out
//! of the project, outputs over sources, budgets, panics, hidden text, odd numbers and files) is
//! refused with a located message and a non-zero exit, never a leak, hang, crash or lost file.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use super::support::{fixture, koers, project, stderr};

/// Runs koers in `dir`; returns the exit code and stderr with the temporary folder made `$DIR`.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = koers(dir, args);
    let text = stderr(&output).replace(&dir.display().to_string(), "$DIR");
    assert!(!text.contains("panicked"), "{text}");
    (output.status.code(), text)
}

/// Runs each case and collects `## name (exit N)` and what the user saw, for one snapshot.
fn report(cases: impl IntoIterator<Item = (String, Option<i32>, String)>, expected: Option<i32>) -> String {
    let mut out = String::new();
    for (name, code, messages) in cases {
        assert_eq!(code, expected, "{name}: {messages}");
        out.push_str(&format!("## {name} (exit {})\n{messages}\n", code.unwrap_or(-1)));
    }
    out
}

fn build(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["build", "--content", "content", "-o", "out/report.pdf"];
    args.extend_from_slice(extra);
    run(dir, &args)
}

const SCHOOL_HEAD: &str = "title: School\nintro: Leerlingen op Zuid.\n";

fn school(rest: &str) -> Vec<u8> {
    format!("{SCHOOL_HEAD}{rest}").into_bytes()
}

#[cfg(unix)]
#[test]
fn links_and_special_files_are_refused_never_followed() {
    use std::os::unix::fs::symlink;
    let secret = tempfile::tempdir().unwrap();
    fs::write(secret.path().join("config"), "token = GEHEIM-CI-TOKEN\n").unwrap();
    fs::write(secret.path().join("school.yaml"), format!("{SCHOOL_HEAD}# GEHEIM\n")).unwrap();
    fs::write(secret.path().join("series.yaml"), "series: []\ngeheim: GEHEIM\n").unwrap();
    let reader = b"#import \"/templates/theme.typ\": *\n#read(\"/assets/config\")\n";
    let mut cases = Vec::new();
    let mut case = |name: &str, prepare: &dyn Fn(&Path)| {
        let dir = project(&[]);
        prepare(dir.path());
        let (code, messages) = build(dir.path(), &[]);
        assert!(!messages.contains("GEHEIM"), "{name}: {messages}");
        assert!(!dir.path().join("out/report.pdf").exists(), "{name}");
        cases.push((name.to_owned(), code, messages));
    };
    case("assets is a link to a folder outside", &|dir| {
        symlink(secret.path(), dir.join("assets")).unwrap();
        fs::create_dir_all(dir.join("templates")).unwrap();
        fs::write(dir.join("templates/chapter.typ.j2"), reader).unwrap();
    });
    case("a link inside templates", &|dir| {
        fs::create_dir_all(dir.join("templates")).unwrap();
        symlink(secret.path().join("config"), dir.join("templates/theme.typ")).unwrap();
    });
    case("series.yaml is a link", &|dir| {
        symlink(secret.path().join("series.yaml"), dir.join("content/series.yaml")).unwrap()
    });
    case("school.yaml is a link", &|dir| {
        fs::remove_file(dir.join("content/2021/school.yaml")).unwrap();
        symlink(secret.path().join("school.yaml"), dir.join("content/2021/school.yaml")).unwrap();
    });
    case("report.yaml is a link", &|dir| {
        let report = dir.join("content/2021/report.yaml");
        fs::rename(&report, secret.path().join("report.yaml")).unwrap();
        symlink(secret.path().join("report.yaml"), report).unwrap();
    });
    case("report.yaml is a folder", &|dir| {
        let report = dir.join("content/2021/report.yaml");
        fs::remove_file(&report).unwrap();
        fs::create_dir(report).unwrap();
    });
    case("the content folder is a link", &|dir| {
        let elsewhere = secret.path().join("content");
        fs::rename(dir.join("content"), &elsewhere).unwrap();
        symlink(&elsewhere, dir.join("content")).unwrap();
    });
    case("an override named to climb out of --emit-typst", &|dir| {
        fs::create_dir_all(dir.join("templates")).unwrap();
        fs::write(dir.join("templates/..\\..\\uit-de-map.typ"), "// uit de map").unwrap();
    });
    case("a photo path with a backslash", &|dir| {
        let photo = "sections:\n  - body: Tekst.\n    photo: {path: \"images\\\\foto.png\", alt: Een foto}\n";
        fs::write(dir.join("content/2021/school.yaml"), school(photo)).unwrap();
    });
    case("a photo is a pipe", &|dir| {
        let status = std::process::Command::new("mkfifo").arg(dir.join("content/2021/foto.jpg")).status().unwrap();
        assert!(status.success());
        let photo = "sections:\n  - body: Tekst.\n    photo: {path: foto.jpg, alt: Een foto}\n";
        fs::write(dir.join("content/2021/school.yaml"), school(photo)).unwrap();
    });
    let cases: Vec<_> = cases
        .into_iter()
        .map(|(name, code, messages)| match name.as_str() {
            // The content folder is named on the command line: a usage error.
            "the content folder is a link" => (name, code.map(|code| code - 1), messages),
            _ => (name, code, messages),
        })
        .collect();
    insta::assert_snapshot!(report(cases, Some(1)));
}

#[cfg(unix)]
#[test]
fn outputs_never_go_through_a_linked_folder_of_the_project() {
    use std::os::unix::fs::symlink;
    let victim = tempfile::tempdir().unwrap();
    let dir = project(&[]);
    symlink(victim.path(), dir.path().join("out")).unwrap();
    let (code, messages) = run(dir.path(), &["build", "--content", "content", "-o", "out/report.pdf"]);
    assert_eq!(code, Some(2), "{messages}");
    assert!(messages.contains("the folder $DIR/out on the way is a symbolic link"), "{messages}");
    fs::create_dir_all(dir.path().join("typst")).unwrap();
    symlink(victim.path(), dir.path().join("typst/chapters")).unwrap();
    let (code, messages) =
        run(dir.path(), &["build", "--content", "content", "-o", "report.pdf", "--emit-typst", "typst"]);
    assert_eq!(code, Some(1), "{messages}");
    assert!(
        messages.contains("typst/chapters/school.typ: error: the folder $DIR/typst/chapters on the way"),
        "{messages}"
    );
    assert_eq!(fs::read_dir(victim.path()).unwrap().count(), 0, "nothing was written through the links");
}

#[test]
fn overrides_are_counted_and_sized_before_they_are_read() {
    let dir = project(&[]);
    fs::create_dir_all(dir.path().join("assets")).unwrap();
    for i in 0..5 {
        // Sparse: 30 MiB each on paper, nothing on disk.
        fs::File::create(dir.path().join(format!("assets/groot-{i}.png"))).unwrap().set_len(30 << 20).unwrap();
    }
    let (code, messages) = build(dir.path(), &[]);
    assert_eq!(code, Some(1), "{messages}");
    assert!(messages.contains("hold 5 files of 157286400 bytes; at most 1000 files and 134217728 bytes"), "{messages}");
    let dir = project(&[]);
    fs::create_dir_all(dir.path().join("templates/veel")).unwrap();
    for i in 0..1001 {
        fs::write(dir.path().join(format!("templates/veel/{i}.typ")), "").unwrap();
    }
    let (code, messages) = build(dir.path(), &[]);
    assert_eq!(code, Some(1), "{messages}");
    assert!(messages.contains("hold 1001 files"), "{messages}");
}

#[cfg(unix)]
#[test]
fn koers_new_copies_no_link_into_the_new_edition() {
    let secret = tempfile::tempdir().unwrap();
    fs::write(secret.path().join("werk.yaml"), "title: Werk\nintro: GEHEIM\n").unwrap();
    let dir = project(&[]);
    std::os::unix::fs::symlink(secret.path().join("werk.yaml"), dir.path().join("content/2021/werk.yaml")).unwrap();
    let (code, messages) = run(dir.path(), &["new", "2022", "--content", "content"]);
    assert_eq!(code, Some(2), "{messages}");
    assert!(messages.contains("content/2021/werk.yaml: error: is a symbolic link"), "{messages}");
    assert!(!dir.path().join("content/2022").exists());
}

#[test]
fn the_output_never_replaces_a_source_a_device_or_a_file_koers_did_not_write() {
    let dir = project(&[("notes.txt", b"mijn aantekeningen\n"), ("templates/.keep", b"")]);
    let mut cases = Vec::new();
    for (name, args) in [
        ("-o a content file", vec!["-o", "content/2021/report.yaml"]),
        ("-o a new file in the content folder", vec!["-o", "content/2021/report.pdf"]),
        ("-o into templates", vec!["-o", "templates/x.pdf"]),
        ("-o a device", vec!["-o", "/dev/null"]),
        ("-o a folder", vec!["-o", "content"]),
        ("-o a file that is not a PDF", vec!["-o", "notes.txt"]),
        ("--emit-typst into the content folder", vec!["--emit-typst", "content/2021"]),
    ] {
        let mut all = vec!["build", "--content", "content"];
        all.extend(args);
        let (code, messages) = run(dir.path(), &all);
        cases.push((name.to_owned(), code, messages));
    }
    insta::assert_snapshot!(report(cases, Some(2)));
    assert_eq!(fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mijn aantekeningen\n");
    assert!(fs::read_to_string(dir.path().join("content/2021/report.yaml")).unwrap().starts_with("year: 2021"));
    // A PDF koers wrote before is replaced, as always.
    let (code, messages) = build(dir.path(), &[]);
    assert_eq!(code, Some(0), "{messages}");
    let (code, messages) = build(dir.path(), &[]);
    assert_eq!(code, Some(0), "{messages}");
}

#[test]
fn numbers_and_dates_that_would_print_wrong_are_located_errors() {
    let figures = |body: &str| school(&format!("figures:\n{body}sections:\n  - body: Tekst.\n"));
    let cases = [
        ("decimals: 300000000", figures("  a: {value: 1.5, decimals: 300000000}\n")),
        ("decimals: 2^64-1", figures("  a: {value: 1.5, decimals: 18446744073709551615}\n")),
        ("a count beyond 2^53", figures("  a: {count: 9007199254740993}\n")),
        (
            "two counts of 2^64-1",
            figures("  a: {count: 18446744073709551615}\n  b: {count: 18446744073709551615}\n  c: {sum: [a, b]}\n"),
        ),
        (
            "a sum beyond 2^53",
            figures("  a: {count: 9007199254740000}\n  b: {count: 9007199254740000}\n  c: {sum: [a, b]}\n"),
        ),
        ("a value of 1e-320", figures("  a: {value: 5}\n  b: {value: 1e-320}\n")),
        (
            "a share of a millionth",
            figures("  a: {value: 9000000000}\n  b: {value: 0.000001}\n  c: {share: {part: a, of: b}}\n"),
        ),
        ("a share of 200%", figures("  a: {count: 200}\n  b: {count: 100}\n  c: {share: {part: a, of: b}}\n")),
        ("an infinite value", figures("  a: {value: .inf}\n")),
    ];
    let mut seen = Vec::new();
    for (name, school) in cases {
        let dir = project(&[("content/2021/school.yaml", &school)]);
        let started = Instant::now();
        let (code, messages) = run(dir.path(), &["check", "--content", "content"]);
        assert!(started.elapsed() < Duration::from_secs(10), "{name} took {:?}", started.elapsed());
        seen.push((name.to_owned(), code, messages));
    }
    let dates = [
        ("published: 0000-01-01", "published: 2022-05-01", "published: 0000-01-01"),
        ("published in the year 9999", "published: 2022-05-01", "published: 9999-12-31"),
    ];
    for (name, from, to) in dates {
        let report = fs::read_to_string(fixture("minimal").join("content/2021/report.yaml")).unwrap().replace(from, to);
        let dir = project(&[("content/2021/report.yaml", report.as_bytes())]);
        let (code, messages) = run(dir.path(), &["check", "--content", "content"]);
        seen.push((name.to_owned(), code, messages));
    }
    let series = |period: &str| {
        format!(
            "series:\n  - id: x\n    unit: percent\n    observations:\n      - {{period: \"{period}\", since: 2021, values: {{zuid: 5}}}}\n"
        )
    };
    for period in ["2019/2018", "0000"] {
        let dir = project(&[("content/series.yaml", series(period).as_bytes())]);
        let (code, messages) = run(dir.path(), &["check", "--content", "content"]);
        seen.push((format!("period {period}"), code, messages));
    }
    insta::assert_snapshot!(report(seen, Some(1)));
}

#[test]
fn impossible_years_and_build_dates_are_usage_errors() {
    let dir = project(&[]);
    let mut cases = Vec::new();
    for year in ["99999", "2150", "1999"] {
        let (code, messages) = run(dir.path(), &["new", year, "--content", "content"]);
        cases.push((format!("koers new {year}"), code, messages));
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(["build", "--content", "content"])
        .env("SOURCE_DATE_EPOCH", "253402300800")
        .current_dir(dir.path())
        .output()
        .unwrap();
    cases.push(("SOURCE_DATE_EPOCH in the year 10000".to_owned(), output.status.code(), stderr(&output)));
    insta::assert_snapshot!(report(cases, Some(2)));
    assert!(!dir.path().join("content/2150").exists());
}

#[test]
fn prose_that_would_print_raw_or_link_anywhere_is_a_located_error() {
    let body = |text: &str| school(&format!("sections:\n  - body: \"{text}\"\n"));
    let cases = [
        ("javascript link", body("Zie [de site](javascript:alert(1)).")),
        ("file link", body("Zie [de map](file:///etc/passwd).")),
        ("data link", body("Zie [dit](data:text/html;base64,PHNjcmlwdD4=).")),
        ("UNC path", body("Zie [de schijf](\\\\\\\\server\\\\share).")),
        ("empty link", body("Zie [niets]().")),
        ("a footnote never referenced", body("Een bewering.\\n\\n[^1]: Kamerstukken 2011.")),
        ("footnote without its note", body("Een bewering[^1].")),
        ("a filter in a reference", body("Er waren {{ school.x | round }} leerlingen.")),
        ("a space in a reference", body("Er waren {{ school. x }} leerlingen.")),
        ("arithmetic in a reference", body("Er waren {{ 7*7 }} leerlingen.")),
        ("direction control in a title", "title: \"School \u{202e}lanoitan\"\nintro: x\n".as_bytes().to_vec()),
        ("emoji in a title", "title: \"School \u{1f600}\"\nintro: x\n".as_bytes().to_vec()),
        ("Chinese and Thai in a body", body("Scholen \u{5b66}\u{6821} en \u{e42}\u{e23}\u{e07}.")),
        ("a word of 100.000 characters", body(&"x".repeat(100_000))),
        (
            "a list nested 200 deep",
            school(&format!(
                "sections:\n  - body: |\n{}",
                (0..200).map(|d| format!("      {}- diep\n", "  ".repeat(d))).collect::<String>()
            )),
        ),
    ];
    let mut seen = Vec::new();
    for (name, school) in cases {
        let dir = project(&[("content/2021/school.yaml", &school)]);
        let (code, messages) = run(dir.path(), &["check", "--content", "content"]);
        // Even a draft without the PDF standards' checks refuses them.
        let (build_code, build_messages) = build(dir.path(), &["--pdf-standard", "none"]);
        assert_eq!(build_code, code, "{name}: {build_messages}");
        seen.push((name.to_owned(), code, messages));
    }
    insta::assert_snapshot!(report(seen, Some(1)));
}

#[test]
fn overrides_that_loop_allocate_or_paginate_without_end_are_stopped_at_a_named_limit() {
    let theme = |code: &str| format!("#import \"/templates/theme.typ\": *\n{code}\n").into_bytes();
    let cases = [
        ("a for loop without end", theme("#for i in range(300000000) { }"), vec!["--max-typeset-seconds", "3"]),
        (
            "a huge string, forty times",
            theme("#let parts = range(40).map(i => \"x\" * 100000000)\n#parts.len()"),
            vec!["--max-typeset-memory", "1024"],
        ),
        ("20.000 page breaks", theme("#for i in range(20000) { pagebreak() }"), vec!["--max-pages", "500"]),
    ];
    let mut seen = Vec::new();
    for (name, template, limits) in cases {
        let dir = project(&[("templates/chapter.typ.j2", &template)]);
        let started = Instant::now();
        let (code, messages) = build(dir.path(), &limits);
        assert!(started.elapsed() < Duration::from_secs(60), "{name} took {:?}", started.elapsed());
        seen.push((name.to_owned(), code, messages));
    }
    let big = vec![b' '; 2 * 1024 * 1024];
    let dir = project(&[("templates/chapter.typ.j2", &big)]);
    let (code, messages) = build(dir.path(), &[]);
    seen.push(("a 2 MiB template".to_owned(), code, messages));
    insta::assert_snapshot!(report(seen, Some(1)));
}

#[test]
fn a_corrupt_font_override_is_an_error_not_a_silent_fallback() {
    let dir = project(&[("assets/fonts/Lato-Regular.ttf", b"geen lettertype")]);
    let (code, messages) = build(dir.path(), &[]);
    assert_eq!(code, Some(1), "{messages}");
    insta::assert_snapshot!(messages);
}

#[test]
fn watch_goes_on_after_a_typesetting_limit_and_an_edition_moved_away_and_back() {
    use super::support::{pdf_text, start_watch, wait_for_line};
    let dir = project(&[]);
    let pdf = dir.path().join("out.pdf");
    let args = ["--content", "content", "-o", pdf.to_str().unwrap(), "--max-typeset-seconds", "3"];
    let (mut child, lines) = start_watch(dir.path(), &args);
    wait_for_line(&lines, "rebuilt");

    let looping = "#import \"/templates/theme.typ\": *\n#for i in range(300000000) { }\n";
    fs::create_dir_all(dir.path().join("templates")).unwrap();
    fs::write(dir.path().join("templates/chapter.typ.j2"), looping).unwrap();
    let mut seen = wait_for_line(&lines, "build failed");
    if !seen.iter().any(|line| line.contains("took longer than 3 s")) {
        seen.extend(wait_for_line(&lines, "took longer than 3 s"));
    }
    fs::remove_file(dir.path().join("templates/chapter.typ.j2")).unwrap();
    wait_for_line(&lines, "rebuilt");
    assert!(pdf_text(&pdf).contains("meer gezinnen dan ooit"));

    let edition = dir.path().join("content/2021");
    let away = tempfile::tempdir().unwrap();
    fs::rename(&edition, away.path().join("2021")).unwrap();
    wait_for_line(&lines, "build failed");
    let report = away.path().join("2021/report.yaml");
    let text = fs::read_to_string(&report).unwrap().replace("meer gezinnen dan ooit", "een terugkeer");
    fs::write(&report, text).unwrap();
    fs::rename(away.path().join("2021"), &edition).unwrap();
    wait_for_line(&lines, "rebuilt");
    assert!(pdf_text(&pdf).contains("een terugkeer"));

    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_panic_inside_typst_is_an_error_at_its_chapter_not_a_crash() {
    // typst/typst#5263: measuring an infinite space trips an assertion inside Typst.
    let theme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/theme.typ")).unwrap();
    let panicking =
        format!("{theme}\n#let chapter-body(id: none, content) = {{ context measure(h(calc.inf * 1pt)); content }}\n");
    let dir = project(&[("templates/theme.typ", panicking.as_bytes())]);
    let (code, messages) = build(dir.path(), &[]);
    assert_eq!(code, Some(1), "{messages}");
    insta::assert_snapshot!(messages);
}

/// The processes whose parent is `pid` (from /proc), with their state letter.
#[cfg(target_os = "linux")]
fn children(pid: u32) -> Vec<(u32, char)> {
    let mut found = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else { continue };
        // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
        let Some((head, rest)) = stat.rsplit_once(')') else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let child = head.split_whitespace().next().and_then(|p| p.parse().ok());
        if let (Some(child), [state, ppid, ..]) = (child, fields.as_slice())
            && ppid.parse() == Ok(pid)
        {
            found.push((child, state.chars().next().unwrap_or('?')));
        }
    }
    found
}

#[cfg(target_os = "linux")]
#[test]
fn a_killed_build_leaves_no_typesetting_worker_running() {
    let looping = "#import \"/templates/theme.typ\": *\n#for i in range(300000000) { }\n";
    let dir = project(&[("templates/chapter.typ.j2", looping.as_bytes())]);
    let mut koers = std::process::Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(["build", "--content", "content", "-o", "out/report.pdf", "--max-typeset-seconds", "100"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let worker = loop {
        if let Some((worker, _)) = children(koers.id()).first() {
            break *worker;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no worker started");
        std::thread::sleep(Duration::from_millis(50));
    };
    std::thread::sleep(Duration::from_millis(500));
    koers.kill().unwrap();
    koers.wait().unwrap();
    let gone = || {
        fs::read_to_string(format!("/proc/{worker}/stat"))
            .map_or(true, |stat| stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')))
    };
    let killed = Instant::now();
    while !gone() {
        assert!(killed.elapsed() < Duration::from_secs(5), "the worker {worker} runs on after koers was killed");
        std::thread::sleep(Duration::from_millis(50));
    }
}
