//! The command line: clap derive, and the one place that turns results into text and an exit
//! code (0 ok, 1 content or template errors, 2 usage errors).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{Diagnostic, render_report};
use crate::pipeline::{self, Timings};
use crate::settings::{self, Request, Settings};
use crate::typeset::{Conformance, Limits, Typesetter};
use crate::watch;

/// koers builds the Voortgangsrapportage of the Nationaal Programma Rotterdam Zuid
/// ("Zuid op Koers") as an accessible PDF from the YAML files of an edition.
#[derive(Debug, Parser)]
#[command(name = "koers", version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("KOERS_GIT_REVISION"), ")"))]
#[command(after_help = "Exit codes: 0 success, 1 problems in content or templates, 2 wrong usage.")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build an edition into a PDF (by default the newest, to out/zuid-op-koers-<year>.pdf).
    Build(BuildArgs),
    /// Load and validate an edition and its templates without typesetting; print every problem.
    Check(EditionArgs),
    /// Build, then rebuild on every change to content, templates or assets (Ctrl-C stops).
    Watch(WatchArgs),
    /// Start the edition for a year from the newest one before it: structure and figures
    /// copied, texts replaced by placeholders that `check` lists.
    New(NewArgs),
}

#[derive(Debug, Args)]
struct NewArgs {
    /// The year the new edition reports on.
    year: i32,
    /// The folder with one sub-folder per edition.
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
}

#[derive(Debug, Clone, Args)]
struct EditionArgs {
    /// The folder with one sub-folder per edition (content/2020/, ...).
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// The edition to use, by year; the newest if not given.
    #[arg(long, value_name = "YEAR")]
    edition: Option<i32>,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Debug, Args)]
struct WatchArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// Serve the web edition on localhost while watching; open pages reload after every rebuild
    /// and show the problems of a failed one.
    #[arg(long)]
    serve: bool,
    /// The port to serve on [default: the first free one of 3000-3005].
    #[arg(long, value_name = "PORT", requires = "serve")]
    port: Option<u16>,
}

#[derive(Debug, Args)]
struct BuildArgs {
    #[command(flatten)]
    edition: EditionArgs,
    /// Build every edition under the content folder, in parallel, each to its default path.
    #[arg(long, conflicts_with_all = ["edition", "output", "emit_typst", "emit_charts"])]
    all: bool,
    /// Where to write the PDF [default: out/zuid-op-koers-<year>.pdf]; the web edition and the
    /// data go in folders beside it (out/zuid-op-koers-<year>/ and out/zuid-op-koers-<year>-data/).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// What to write: the PDF, the web edition (html), the data behind the numbers (CSV and
    /// datapackage.json), or all three; several may be given, separated by commas.
    #[arg(long, value_name = "FORMAT", value_delimiter = ',', default_value = "all")]
    format: Vec<FormatArg>,
    /// Also write the generated Typst sources (and the theme) to this folder.
    #[arg(long, value_name = "DIR")]
    emit_typst: Option<PathBuf>,
    /// Also write each chart as a standalone SVG (grafiek-1.svg, …) to this folder.
    #[arg(long, value_name = "DIR")]
    emit_charts: Option<PathBuf>,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Which PDF standards to enforce; the default makes the PDF archivable and accessible and
    /// refuses to write one that is not. `a-2b` or `none` are for quick drafts.
    #[arg(long, value_name = "STANDARD", default_value = "a-2a-ua-1")]
    pdf_standard: PdfStandardArg,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Budgets for typesetting, which runs in a process of its own (see "Security" in the README).
#[derive(Debug, Args)]
struct LimitArgs {
    /// Stop typesetting after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::default().seconds)]
    max_typeset_seconds: u64,
    /// Stop typesetting when it needs more memory than this, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().memory_mib)]
    max_typeset_memory: u64,
    /// Refuse a report with more pages than this.
    #[arg(long, value_name = "PAGES", default_value_t = Limits::default().pages)]
    max_pages: usize,
}

impl LimitArgs {
    fn typesetter(&self) -> Typesetter {
        Typesetter::isolated(Limits {
            seconds: self.max_typeset_seconds,
            memory_mib: self.max_typeset_memory,
            pages: self.max_pages,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// the PDF
    Pdf,
    /// the web edition
    Html,
    /// the data: figures.csv, a CSV per table and chart, datapackage.json
    Data,
    /// all three
    All,
}

fn formats(args: &[FormatArg]) -> settings::Formats {
    let wants = |format: FormatArg| args.iter().any(|arg| *arg == format || *arg == FormatArg::All);
    settings::Formats { pdf: wants(FormatArg::Pdf), html: wants(FormatArg::Html), data: wants(FormatArg::Data) }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PdfStandardArg {
    /// PDF/A-2a and PDF/UA-1 (archivable and accessible)
    #[value(name = "a-2a-ua-1")]
    A2aUa1,
    /// PDF/A-2b (archivable; no accessibility checks)
    #[value(name = "a-2b")]
    A2b,
    /// no standard enforced
    None,
}

impl From<PdfStandardArg> for Conformance {
    fn from(arg: PdfStandardArg) -> Self {
        match arg {
            PdfStandardArg::A2aUa1 => Conformance::ArchivalAccessible,
            PdfStandardArg::A2b => Conformance::Archival,
            PdfStandardArg::None => Conformance::None,
        }
    }
}

const EXIT_PROBLEMS: u8 = 1;
const EXIT_USAGE: u8 = 2;

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(EXIT_USAGE) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
        Command::Watch(args) => watch(&args),
        Command::New(args) => new(&args),
    }
}

fn new(args: &NewArgs) -> ExitCode {
    match crate::scaffold::new_edition(&args.content, args.year) {
        Ok(created) => {
            let path = |path: &std::path::Path| crate::diag::display_path(path);
            println!(
                "created {} from {}: {} texts to write; still {}'s:",
                path(&created.dir),
                path(&created.from),
                created.placeholders,
                created.from_year
            );
            for file in &created.checklist {
                let counts = [
                    (file.texts, "texts to write"),
                    (file.figures, "figures"),
                    (file.stated, "stated values"),
                    (file.tables, "realisation tables (a column per year)"),
                ];
                let mut parts: Vec<String> =
                    counts.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{what}: {n}")).collect();
                if file.activities {
                    parts.push("the status of every activity".to_owned());
                }
                println!("  {}: {}", path(&file.path), parts.join(", "));
            }
            if created.series_indicators > 0 {
                println!(
                    "  {}: the {} values of {} indicators, as observations with `since: {}`",
                    path(&created.series_file),
                    args.year,
                    created.series_indicators,
                    args.year
                );
            }
            if let Some(to) = created.plan_ended {
                println!("  the plan period ends in {to}: set `plan:` in report.yaml to the new plan");
            }
            println!(
                "set `published:` in report.yaml; `koers check --edition {}` lists the texts still to write",
                args.year
            );
            ExitCode::SUCCESS
        }
        Err(problem) => usage_error(problem),
    }
}

fn resolve(args: &EditionArgs, request: Request) -> Result<Settings, ExitCode> {
    let source_date_epoch = std::env::var(settings::SOURCE_DATE_EPOCH).ok().filter(|value| !value.is_empty());
    let request = Request { content_dir: args.content.clone(), edition: args.edition, source_date_epoch, ..request };
    settings::resolve(request).map_err(usage_error)
}

fn build_settings(args: &BuildArgs) -> Result<Settings, ExitCode> {
    let request = Request {
        output: args.output.clone(),
        formats: formats(&args.format),
        emit_typst: args.emit_typst.clone(),
        emit_charts: args.emit_charts.clone(),
        conformance: args.pdf_standard.into(),
        ..Request::default()
    };
    resolve(&args.edition, request)
}

fn build(args: &BuildArgs) -> ExitCode {
    if args.all {
        return build_all(args);
    }
    let started = Instant::now();
    let settings = match build_settings(args) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let mut timings = Timings::default();
    let result = pipeline::build(&settings, args.edition.deny_warnings, &mut args.limits.typesetter(), &mut timings);
    if args.timings {
        print_timings(&timings);
    }
    match &result.output {
        Ok(built) => {
            eprint!("{}", render_report(&result.warnings));
            println!("wrote {} in {:.2} s", written(&settings, built), started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(_) => fail(&result.diagnostics(), "nothing written"),
    }
}

fn build_all(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let editions = match crate::content::discover_editions(&args.edition.content) {
        Ok(editions) if !editions.is_empty() => editions,
        Ok(_) => return usage_error(Diagnostic::error(None, "there is no edition in this content folder")),
        Err(problem) => return usage_error(problem),
    };
    let mut all = Vec::new();
    for (year, _) in editions {
        let edition = EditionArgs { edition: Some(year), ..args.edition.clone() };
        let request = Request { conformance: args.pdf_standard.into(), ..Request::default() };
        match resolve(&edition, request) {
            Ok(settings) => all.push(settings),
            Err(code) => return code,
        }
    }
    let bar = indicatif::ProgressBar::new(all.len() as u64)
        .with_style(indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} editions").expect("valid template"));
    let typesetter = || args.limits.typesetter();
    let failed = pipeline::build_all(&all, args.edition.deny_warnings, typesetter, |settings, result, elapsed| {
        let seconds = elapsed.as_secs_f64();
        let report = render_report(&result.diagnostics());
        let line = match &result.output {
            Ok(built) => {
                format!("{report}wrote {} in {seconds:.2} s", written(settings, built))
            }
            Err(_) => format!("{report}edition {} failed after {seconds:.2} s", settings.year),
        };
        // A hidden bar (no terminal: CI, a pipe) prints nothing, so each edition's outcome goes
        // to stderr itself there.
        if bar.is_hidden() {
            eprintln!("{line}");
        } else {
            bar.println(line);
        }
        bar.inc(1);
    });
    bar.finish_and_clear();
    println!("{} of {} editions built in {:.2} s", all.len() - failed, all.len(), started.elapsed().as_secs_f64());
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(EXIT_PROBLEMS) }
}

/// What a build wrote: "out/x.pdf (21 pages, 486 KiB), out/x/ (9 files), out/x-data/ (12 files)".
fn written(settings: &Settings, built: &pipeline::Built) -> String {
    let folder = |path: &std::path::Path, files: usize| format!("{}/ ({files} files)", path.display());
    let pdf = built.pdf.as_ref().map(|pdf| {
        format!("{} ({} pages, {} KiB)", settings.output.display(), pdf.pages, pdf.pdf.len().div_ceil(1024))
    });
    let site = built.site.as_ref().map(|files| folder(&settings.site_dir, files.0.len()));
    let data = built.data.as_ref().map(|files| folder(&settings.data_dir, files.0.len()));
    pdf.into_iter().chain(site).chain(data).collect::<Vec<_>>().join(", ")
}

fn usage_error(problem: Diagnostic) -> ExitCode {
    eprint!("{}", render_report(&[problem]));
    ExitCode::from(EXIT_USAGE)
}

fn watch(watch_args: &WatchArgs) -> ExitCode {
    let args = &watch_args.build;
    if args.all {
        return usage_error(Diagnostic::error(None, "watch follows one edition; leave out --all"));
    }
    let settings = match build_settings(args) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    if watch_args.serve && !settings.formats.html {
        return usage_error(Diagnostic::error(None, "--serve shows the web edition; add html to --format"));
    }
    let preview = match watch_args.serve.then(|| crate::preview::Preview::start(watch_args.port)).transpose() {
        Ok(preview) => preview,
        Err(problem) => return usage_error(problem),
    };
    match &preview {
        Some(preview) => {
            println!("watching {}, serving {} (Ctrl-C stops)", settings.edition_dir.display(), preview.address())
        }
        None => println!("watching {} (Ctrl-C stops)", settings.edition_dir.display()),
    }
    let result = watch::watch(&settings, args.edition.deny_warnings, args.limits.typesetter(), |round| {
        let milliseconds = round.elapsed.as_secs_f64() * 1000.0;
        let report = render_report(&round.result.diagnostics());
        eprint!("{report}");
        if let Some(preview) = &preview {
            preview.show(&settings, &round.result, &report);
        }
        match &round.result.output {
            Ok(built) => {
                println!("rebuilt {} in {milliseconds:.0} ms", written(&settings, built));
            }
            Err(_) => {
                println!(
                    "build failed after {milliseconds:.0} ms; the last good outputs are kept; waiting for changes"
                );
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => fail(&[problem], "watch stopped"),
    }
}

fn check(args: &EditionArgs) -> ExitCode {
    let settings = match resolve(args, Request::default()) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let prepared = pipeline::prepare(&settings, &mut Timings::default());
    match &prepared.output {
        Ok(_) if args.deny_warnings && prepared.warnings.iter().any(Diagnostic::is_denied_warning) => {
            fail(&prepared.warnings, "check failed")
        }
        Ok(prepared_edition) => {
            eprint!("{}", render_report(&prepared.warnings));
            let chapters = prepared_edition.edition.chapters.len();
            let noun = if chapters == 1 { "chapter" } else { "chapters" };
            println!("edition {} is fine: {chapters} {noun}, templates render", prepared_edition.edition.year);
            ExitCode::SUCCESS
        }
        Err(_) => fail(&prepared.diagnostics(), "check failed"),
    }
}

fn fail(problems: &[Diagnostic], what: &str) -> ExitCode {
    eprint!("{}", render_report(problems));
    eprintln!("{what}");
    ExitCode::from(EXIT_PROBLEMS)
}

fn print_timings(timings: &Timings) {
    let total = timings.total().as_secs_f64().max(f64::EPSILON);
    for (stage, duration) in &timings.0 {
        let seconds = duration.as_secs_f64();
        println!("{stage:>14}  {:>8.1} ms  {:>5.1}%", seconds * 1000.0, seconds / total * 100.0);
    }
    println!("{:>14}  {:>8.1} ms", "total", total * 1000.0);
}
