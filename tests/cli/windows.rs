//! Content written on Windows: CRLF line endings and a UTF-8 byte order mark change nothing (the
//! same PDF, the same error positions), and what works on Windows or macOS only because their file
//! names ignore case (or take `\` between folders) is refused on every system, with the spelling
//! to use, before CI on Linux finds it.

use std::fs;
use std::path::Path;

use super::support::{copy_tree, fixture, koers, project, stderr};

/// Rewrites every `.yaml` file under `dir` as a Windows editor saves it: CRLF and a BOM.
fn save_as_on_windows(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            save_as_on_windows(&path);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let text = fs::read_to_string(&path).unwrap();
            assert!(!text.contains('\r'), "{} is already CRLF", path.display());
            fs::write(&path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
        }
    }
}

fn copies(name: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let (unix, windows) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    copy_tree(&fixture(name), unix.path());
    copy_tree(&fixture(name), windows.path());
    save_as_on_windows(windows.path());
    (unix, windows)
}

#[test]
fn content_saved_with_crlf_and_a_byte_order_mark_builds_the_same_pdf() {
    // school-evaluatie has block scalars, footnotes and lists over many lines; photos a photo.
    for name in ["school-evaluatie", "photos"] {
        let (unix, windows) = copies(name);
        let pdfs: Vec<Vec<u8>> = [unix.path(), windows.path()]
            .iter()
            .map(|dir| {
                let output = koers(dir, &["build", "--content", "content", "-o", "out/report.pdf"]);
                assert!(output.status.success(), "{name}: {}", stderr(&output));
                fs::read(dir.join("out/report.pdf")).unwrap()
            })
            .collect();
        assert!(pdfs[0] == pdfs[1], "{name}: the CRLF/BOM copy gives another PDF");
    }
}

#[test]
fn errors_in_crlf_files_are_at_the_same_line_and_column() {
    for name in ["several-problems", "unknown-figure", "yaml-syntax"] {
        let (unix, windows) = copies(name);
        let [unix_messages, windows_messages] = [unix.path(), windows.path()].map(|dir| {
            let output = koers(dir, &["check", "--content", "content"]);
            assert_eq!(output.status.code(), Some(1), "{name}");
            stderr(&output)
        });
        assert!(unix_messages.contains(".yaml:"), "{name}: {unix_messages}");
        assert_eq!(windows_messages, unix_messages, "{name}");
    }
}

#[test]
fn names_that_only_windows_or_macos_would_open_are_refused_with_their_spelling() {
    let photo = |path: &str| {
        format!(
            "title: School\nintro: Leerlingen op Zuid.\nsections:\n  - body: Tekst.\n    photo: {{path: \"{path}\", alt: Een foto}}\n"
        )
    };
    let school = fs::read(fixture("minimal").join("content/2021/school.yaml")).unwrap();
    let png = fs::read(fixture("photos").join("content/2021/images/kunstenpand.png")).unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(String::from_utf8_lossy(&school).encode_utf16().flat_map(u16::to_le_bytes));
    // Name, files written over the minimal project, files removed from it.
    type Case<'a> = (&'a str, Vec<(&'a str, Vec<u8>)>, &'a [&'a str]);
    let cases: Vec<Case> = vec![
        (
            "a chapter file named School.yaml",
            vec![("content/2021/School.yaml", school.clone())],
            &["content/2021/school.yaml"],
        ),
        (
            "a chapter file ending in .YAML",
            vec![("content/2021/school.YAML", school.clone())],
            &["content/2021/school.yaml"],
        ),
        ("school.yaml beside School.yaml", vec![("content/2021/School.yaml", school.clone())], &[]),
        (
            "a photo written with other capitals",
            vec![
                ("content/2021/images/kunstenpand.png", png.clone()),
                ("content/2021/school.yaml", photo("Images/Kunstenpand.PNG").into_bytes()),
            ],
            &[],
        ),
        (
            "a photo path with backslashes",
            vec![
                ("content/2021/images/kunstenpand.png", png.clone()),
                ("content/2021/school.yaml", photo("images\\\\kunstenpand.png").into_bytes()),
            ],
            &[],
        ),
        ("a chapter file saved as UTF-16", vec![("content/2021/school.yaml", utf16.clone())], &[]),
        (
            "a chapter file saved as UTF-16 without a byte order mark",
            vec![("content/2021/school.yaml", utf16[2..].to_vec())],
            &[],
        ),
        ("a Templates folder", vec![("Templates/chapter.typ.j2", b"{{ kapot".to_vec())], &[]),
        (
            "templates that differ only in case",
            vec![("templates/Chapter.typ.j2", b"x".to_vec()), ("templates/chapter.typ.j2", b"x".to_vec())],
            &[],
        ),
    ];
    let mut seen = String::new();
    for (name, files, removed) in cases {
        let dir = project(&[]);
        for path in removed {
            fs::remove_file(dir.path().join(path)).unwrap();
        }
        for (path, bytes) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        let output = koers(dir.path(), &["build", "--content", "content", "-o", "out/report.pdf"]);
        let messages = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {messages}");
        assert!(!dir.path().join("out/report.pdf").exists(), "{name}");
        seen.push_str(&format!("## {name}\n{messages}\n"));
    }
    insta::assert_snapshot!(seen);
}

/// The case check lists the folders of a photo's path: never one that is a link, which could lie
/// outside the project (its names would be told in the hint).
#[cfg(unix)]
#[test]
fn the_case_check_lists_no_folder_behind_a_link() {
    let school = "title: School\nintro: Leerlingen.\nsections:\n  - body: Tekst.\n    photo: {path: images/PASSWD, alt: Een foto}\n";
    let dir = project(&[("content/2021/school.yaml", school.as_bytes())]);
    std::os::unix::fs::symlink("/etc", dir.path().join("content/2021/images")).unwrap();
    let output = koers(dir.path(), &["check", "--content", "content"]);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{messages}");
    assert!(messages.contains("content/2021/school.yaml:5:19: error: there is no photo `images/PASSWD`"), "{messages}");
    assert!(!messages.contains("passwd"), "a name from outside the project: {messages}");
}
