//! Any bytes as the series shared by two editions (`content/series.yaml`), whose indicators,
//! baselines and a multi-year chart read from it: validation, resolution per edition, figures
//! and charts must end in a PDF source or located errors, never a panic or a hang.
#![no_main]

mod project;

use std::sync::OnceLock;

use koers::pipeline::{Timings, prepare};
use libfuzzer_sys::fuzz_target;
use project::{Project, REPORT};

const INDICATORS: &str = "title: Indicatoren\nareas: [{id: g4, label: G4}, {id: zuid, label: Zuid}]\n\
ambition: {subject: zuid, comparator: g4, closure_target: 25}\nindicators:\n\
  - {id: werkloosheid, label: Werkloos, polarity: lower, baseline: {period: \"2011\"}}\n\
  - {id: havo_vwo, label: Havo/vwo}\n";

const SCHOOL: &str = "title: School\nintro: Intro.\nkey_figures: true\nsections:\n\
  - body: Nu {{ indicators.werkloosheid.zuid }}, vorig jaar {{ previous.indicators.werkloosheid.zuid }}.\n\
    chart: {kind: line, title: Werkloos, history: {series: werkloosheid, areas: [zuid, g4]}}\n";

fn project() -> &'static Project {
    static PROJECT: OnceLock<Project> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let earlier = REPORT.replace("year: 2021", "year: 2020");
        let files = [
            ("content/2020/report.yaml", earlier.as_str()),
            ("content/2020/school.yaml", "title: School\nintro: Intro.\nkey_figures: true\n"),
            ("content/2020/indicators.yaml", INDICATORS),
            ("content/2021/report.yaml", REPORT),
            ("content/2021/school.yaml", SCHOOL),
            ("content/2021/indicators.yaml", INDICATORS),
            ("content/series.yaml", "series: []\n"),
        ];
        Project::new(&files, "content/series.yaml")
    })
}

fuzz_target!(|data: &[u8]| {
    let project = project();
    std::fs::write(&project.fuzzed, data).unwrap();
    // Errors are fine; a panic or a hang is the bug.
    let _ = prepare(&project.settings, &mut Timings::default());
});
