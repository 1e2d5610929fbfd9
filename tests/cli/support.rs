//! What the tests share: running koers on a fixture or a copy of one, reading the PDF it wrote,
//! and following `koers watch` line by line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const KOERS: &str = env!("CARGO_BIN_EXE_koers");

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Runs koers in `dir` (so paths in messages are short and stable).
pub fn koers(dir: &Path, args: &[&str]) -> Output {
    Command::new(KOERS).args(args).current_dir(dir).output().expect("the koers binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Builds a fixture into a fresh folder (report.pdf, report/, report-data/); returns the run and
/// the folder.
pub fn build_into_temporary(dir: &Path, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    let mut args = vec!["build", "--content", "content", "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = koers(dir, &args);
    assert!(output.status.success(), "build failed:\n{}", stderr(&output));
    (output, out)
}

/// Builds a fixture into a temporary PDF; returns the run and the PDF's bytes.
pub fn build_pdf(dir: &Path, extra: &[&str]) -> (Output, Vec<u8>) {
    let (output, out) = build_into_temporary(dir, extra);
    (output, std::fs::read(out.path().join("report.pdf")).unwrap())
}

/// Builds a fixture; returns the run and the PDF's text with whitespace normalised.
pub fn build_text(dir: &Path, extra: &[&str]) -> (Output, String) {
    let (output, bytes) = build_pdf(dir, extra);
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("the PDF parses");
    (output, normalise(&text))
}

pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Copies a folder tree (content fixtures into a fresh place).
pub fn copy_tree(from: &Path, to: &Path) {
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

/// Each invalid fixture fails `check` and `build` with exit code 1 and the same located messages.
pub fn assert_invalid(name: &str) -> String {
    let dir = fixture(name);
    let check = koers(&dir, &["check", "--content", "content"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("report.pdf");
    let build = koers(&dir, &["build", "--content", "content", "-o", pdf.to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    assert!(!pdf.exists(), "a failed build must not write a PDF");
    let messages = stderr(&check);
    assert_eq!(stderr(&build).replace("nothing written", "check failed"), messages);
    messages
}

/// Starts `koers watch` with `args` in `dir`; returns the process and the lines it prints,
/// stdout and stderr merged, as they come.
pub fn start_watch(dir: &Path, args: &[&str]) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
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
pub fn pdf_text(path: &Path) -> String {
    normalise(&pdf_extract::extract_text_from_mem(&std::fs::read(path).unwrap()).unwrap())
}

/// Waits (at most 90 s: the rest of the suite typesets reports on the same cores meanwhile) for a
/// line containing `needle`; returns every line seen on the way.
pub fn wait_for_line(lines: &std::sync::mpsc::Receiver<String>, needle: &str) -> Vec<String> {
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

/// Writes a copy of the minimal fixture with `school.yaml` replaced by `school`, runs `check`,
/// and returns the exit code and what the user sees (the temporary path made relative).
pub fn check_with_school(school: &[u8]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    std::fs::write(dir.path().join("content/2021/school.yaml"), school).unwrap();
    let output = koers(dir.path(), &["check", "--content", "content"]);
    (output.status.code(), stderr(&output))
}

/// The page (1-based) a chapter starts on: the first after the cover that shows its numbered
/// title (the cover's contents list it too; a headline may precede it).
pub fn chapter_page(pages: &[String], title: &str) -> usize {
    pages.iter().skip(1).position(|page| page.contains(title)).expect(title) + 2
}

/// A copy of the minimal fixture (`content/2021/report.yaml` and `school.yaml`) in a temporary
/// project folder, with `files` (relative path, bytes) written over it.
pub fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    for (path, bytes) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// A character as printed: where (pt from the page's top left), how large, which.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub text: String,
}

/// Every page's characters with their places, read back from the PDF (pdf-extract's output
/// device), with each page's width.
pub fn glyphs(pdf: &[u8]) -> Vec<(f64, Vec<Glyph>)> {
    struct Collect {
        pages: Vec<(f64, Vec<Glyph>)>,
        height: f64,
    }
    impl pdf_extract::OutputDev for Collect {
        fn begin_page(
            &mut self,
            _: u32,
            media: &pdf_extract::MediaBox,
            _: Option<(f64, f64, f64, f64)>,
        ) -> Result<(), pdf_extract::OutputError> {
            self.height = media.ury - media.lly;
            self.pages.push((media.urx - media.llx, Vec::new()));
            Ok(())
        }
        fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
            Ok(())
        }
        fn output_character(
            &mut self,
            trm: &pdf_extract::Transform,
            _: f64,
            _: f64,
            size: f64,
            text: &str,
        ) -> Result<(), pdf_extract::OutputError> {
            // The font size, scaled by the rendering matrix.
            let size = size * trm.m22.abs().max(trm.m11.abs());
            let glyph = Glyph { x: trm.m31, y: self.height - trm.m32, size, text: text.to_owned() };
            if let Some((_, page)) = self.pages.last_mut() {
                page.push(glyph);
            }
            Ok(())
        }
        fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
            Ok(())
        }
        fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
            Ok(())
        }
        fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
            Ok(())
        }
    }
    let document = pdf_extract::Document::load_mem(pdf).expect("the PDF parses");
    let mut collect = Collect { pages: Vec::new(), height: 0.0 };
    pdf_extract::output_doc(&document, &mut collect).expect("the PDF's text reads");
    collect.pages
}
