//! Any bytes as a chapter file of an otherwise valid edition: loading, validation, figures,
//! charts and templates must end in a PDF source or located errors, never a panic or a hang.
#![no_main]

mod project;

use std::sync::OnceLock;

use koers::pipeline::{Timings, prepare};
use libfuzzer_sys::fuzz_target;
use project::{Project, REPORT};

fn project() -> &'static Project {
    static PROJECT: OnceLock<Project> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let files = [("content/2021/report.yaml", REPORT), ("content/2021/school.yaml", "title: School\nintro: Intro.\n")];
        Project::new(&files, "content/2021/school.yaml")
    })
}

fuzz_target!(|data: &[u8]| {
    let project = project();
    std::fs::write(&project.fuzzed, data).unwrap();
    // Errors are fine; a panic or a hang is the bug.
    let _ = prepare(&project.settings, &mut Timings::default());
});
