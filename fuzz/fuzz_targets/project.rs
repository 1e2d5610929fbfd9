//! A small valid edition in a temporary folder, one of whose files a fuzz target overwrites with
//! its input before running the pipeline.

use std::path::PathBuf;

use koers::settings::{Request, Settings, resolve};

pub const REPORT: &str = "year: 2021\ntitle: Proef\nsubtitle: Voortgangsrapportage\nauthor: Bureau\n\
published: 2022-05-01\ninleiding: Inleiding.\nvoorwoord:\n  lead: Lead.\n  text: Tekst.\n  signatories: []\n";

pub struct Project {
    _dir: tempfile::TempDir,
    pub settings: Settings,
    /// The file the fuzz input is written to.
    pub fuzzed: PathBuf,
}

impl Project {
    /// `files` relative to the project folder (e.g. `content/2021/school.yaml`,
    /// `templates/theme.typ`); `fuzzed` is one of them.
    pub fn new(files: &[(&str, &str)], fuzzed: &str) -> Project {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let content = dir.path().join("content");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let output = Some(dir.path().join("out/report.pdf"));
        let request = Request { content_dir: content, output, ..Request::default() };
        let settings = resolve(request).expect("the scaffold resolves");
        let fuzzed = dir.path().join(fuzzed);
        Project { _dir: dir, settings, fuzzed }
    }
}
