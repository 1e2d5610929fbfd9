//! Any bytes as a project's template or theme override (the first byte picks which): rendering,
//! typesetting (in process, so Typst's own failures surface here) and the page check must end
//! in a PDF or located errors, never a panic; libFuzzer's -timeout and -rss_limit_mb stand in for
//! the worker's deadline and memory ceiling.
#![no_main]

mod project;

use std::sync::OnceLock;

use koers::pipeline::{Timings, build};
use koers::typeset::Typesetter;
use libfuzzer_sys::fuzz_target;
use project::{Project, REPORT};

/// The files an override may replace, as the first byte of the input chooses.
const TARGETS: [&str; 4] =
    ["templates/chapter.typ.j2", "templates/main.typ.j2", "templates/theme.typ", "templates/theme/tokens.typ"];

fn projects() -> &'static [Project] {
    static PROJECTS: OnceLock<Vec<Project>> = OnceLock::new();
    PROJECTS.get_or_init(|| {
        let school = "title: School\nintro: Intro.\nsections:\n  - heading: Kop\n    body: Een **tekst** met [link](https://nprz.nl).\n";
        TARGETS
            .iter()
            .map(|target| {
                let files = [("content/2021/report.yaml", REPORT), ("content/2021/school.yaml", school), (target, "")];
                Project::new(&files, target)
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((choice, bytes)) = data.split_first() else { return };
    let project = &projects()[usize::from(*choice) % TARGETS.len()];
    std::fs::write(&project.fuzzed, bytes).unwrap();
    // Errors are fine; a panic, a hang or a runaway allocation is the bug.
    let _ = build(&project.settings, false, &mut Typesetter::in_process(100), &mut Timings::default());
    Typesetter::evict(0);
});
