//! Any bytes as a chapter file of an otherwise valid edition: loading, validation, figures,
//! charts and templates must end in a PDF source or located errors, never a panic or a hang.
#![no_main]

use std::sync::OnceLock;

use koers::pipeline::{Timings, prepare};
use koers::settings::{Request, Settings, resolve};
use libfuzzer_sys::fuzz_target;

const REPORT: &str = "year: 2021\ntitle: Proef\nsubtitle: Voortgangsrapportage\nauthor: Bureau\n\
published: 2022-05-01\ninleiding: Inleiding.\nvoorwoord:\n  lead: Lead.\n  text: Tekst.\n  signatories: []\n";

struct Project {
    _dir: tempfile::TempDir,
    settings: Settings,
    chapter: std::path::PathBuf,
}

fn project() -> &'static Project {
    static PROJECT: OnceLock<Project> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let edition = dir.path().join("content/2021");
        std::fs::create_dir_all(&edition).unwrap();
        std::fs::write(edition.join("report.yaml"), REPORT).unwrap();
        let chapter = edition.join("school.yaml");
        std::fs::write(&chapter, "title: School\nintro: Intro.\n").unwrap();
        let request = Request { content_dir: dir.path().join("content"), ..Request::default() };
        let settings = resolve(request).expect("the scaffold resolves");
        Project { _dir: dir, settings, chapter }
    })
}

fuzz_target!(|data: &[u8]| {
    let project = project();
    std::fs::write(&project.chapter, data).unwrap();
    // Errors are fine; a panic or a hang is the bug.
    let _ = prepare(&project.settings, &mut Timings::default());
});
