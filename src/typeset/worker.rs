//! Typst in a worker process: the same binary, started with [`WORKER_ENV`] set, typesets the jobs
//! it reads on stdin and answers on stdout. koers kills it when it passes its [`Limits`] (time,
//! resident memory), so a loop or a huge allocation in a template override, or a panic inside
//! Typst, costs one located error, never the build machine or a running `watch`. The worker keeps
//! its Typst world between jobs, so watch mode still recompiles only what an edit touched.

use std::io::{self, BufReader, BufWriter, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};

use super::wire::{Reader, Writer};
use super::{Conformance, Job, Limits, PdfSettings, Typeset, TypesetTimings};
use crate::diag::{Diagnostic, Location, Severity, Warned};
use crate::project::TypstSources;
use crate::resources::Resources;

/// Set (to anything) in the environment of a worker process.
pub const WORKER_ENV: &str = "KOERS_TYPESET_WORKER";

/// How often the limits are checked while the worker runs.
const POLL: Duration = Duration::from_millis(20);

/// A running worker and its pipes.
pub struct Worker {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Worker {
    fn spawn() -> io::Result<Self> {
        let mut child = Command::new(own_binary()?)
            .env(WORKER_ENV, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let input = BufWriter::new(child.stdin.take().expect("stdin is piped"));
        let output = BufReader::new(child.stdout.take().expect("stdout is piped"));
        Ok(Self { child, input, output })
    }
}

/// The running binary. On Linux `/proc/self/exe`, which still names it after the file was replaced
/// (a rebuild or an upgrade while `koers watch` runs), where the path would name the new one or
/// nothing.
fn own_binary() -> io::Result<std::path::PathBuf> {
    let this_process = std::path::Path::new("/proc/self/exe");
    if cfg!(target_os = "linux") && this_process.exists() {
        return Ok(this_process.to_path_buf());
    }
    std::env::current_exe()
}

/// Typesets `job` in the worker in `slot` (started if there is none), within `limits`.
pub fn typeset(
    slot: &mut Option<Worker>,
    limits: &Limits,
    job: &Job<'_>,
    timings: &mut TypesetTimings,
) -> Warned<Typeset> {
    let failed =
        |what: &str, error: io::Error| Warned::failed(vec![Diagnostic::error(None, format!("{what}: {error}"))]);
    // A worker that has died since its last job (killed from outside) is replaced.
    if slot.as_mut().is_some_and(|worker| !matches!(worker.child.try_wait(), Ok(None))) {
        *slot = None;
    }
    if slot.is_none() {
        match Worker::spawn() {
            Ok(worker) => *slot = Some(worker),
            Err(error) => return failed("cannot start the typesetting process", error),
        }
    }
    let worker = slot.as_mut().expect("started above");
    let sent = write_job(&mut Writer(&mut worker.input), job, limits.pages).and_then(|()| worker.input.flush());
    let started = Instant::now();
    let (answer, exceeded) = match sent {
        Ok(()) => watch_over(worker, limits, started),
        Err(error) => (Err(error), None),
    };
    match answer {
        Ok((result, times)) => {
            *timings = times;
            result
        }
        Err(error) => {
            timings.compile = started.elapsed();
            let status = slot.take().and_then(|mut worker| {
                let _ = worker.child.kill();
                worker.child.wait().ok()
            });
            Warned::failed(vec![match exceeded {
                Some(limit) => blame_overrides(limit, job.resources),
                None => Diagnostic::error(
                    None,
                    format!(
                        "the typesetting process stopped without an answer ({}): {error}",
                        status.map_or("unknown status".to_owned(), |status| status.to_string())
                    ),
                ),
            }])
        }
    }
}

/// A limit passed by a project with its own templates: the first of them is the likely cause
/// (content is never code), so the problem is located there and the others are named.
fn blame_overrides(limit: Diagnostic, resources: &Resources) -> Diagnostic {
    let templates: Vec<&str> =
        resources.overrides().map(|(name, _)| name).filter(|name| name.starts_with("templates/")).collect();
    match templates.split_first() {
        Some((first, rest)) => {
            let mut located = Diagnostic { location: Some(Location::file(first)), ..limit };
            if !rest.is_empty() {
                located = located.with_hint(format!("the project also overrides {}", rest.join(", ")));
            }
            located
        }
        None => limit,
    }
}

type Answer = (Warned<Typeset>, TypesetTimings);

/// Reads the worker's answer while checking its time and memory; kills it at the first limit it
/// passes, and says which.
fn watch_over(worker: &mut Worker, limits: &Limits, started: Instant) -> (io::Result<Answer>, Option<Diagnostic>) {
    let pid = worker.child.id();
    let child = &mut worker.child;
    let output = &mut worker.output;
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_answer(&mut Reader(output)));
        let mut exceeded = None;
        while !reader.is_finished() {
            std::thread::sleep(POLL);
            if started.elapsed() > Duration::from_secs(limits.seconds) {
                exceeded = Some(
                    Diagnostic::error(None, format!("the report took longer than {} s to typeset", limits.seconds))
                        .with_hint("look for a loop in a template override; raise the limit with --max-typeset-seconds if the report really needs it"),
                );
            } else if resident_mib(pid).is_some_and(|mib| mib > limits.memory_mib) {
                exceeded = Some(
                    Diagnostic::error(None, format!("typesetting needed more than {} MiB of memory", limits.memory_mib))
                    .with_hint("look for a huge string or array in a template override; raise the limit with --max-typeset-memory"),
                );
            }
            if exceeded.is_some() {
                let _ = child.kill();
                break;
            }
        }
        let answer = reader.join().unwrap_or_else(|_| Err(io::Error::other("the reader failed")));
        match exceeded {
            Some(limit) => (Err(io::Error::other("stopped at a limit")), Some(limit)),
            None => (answer, None),
        }
    })
}

/// The resident memory of a process in MiB, where the system says (Linux).
fn resident_mib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// The worker's side: typesets each job it reads, until its input ends. After a panic inside
/// Typst the world is dropped and the next job starts from a fresh one.
pub fn serve() -> ExitCode {
    exit_with_parent();
    let mut input = Reader(BufReader::new(io::stdin().lock()));
    let mut output = Writer(BufWriter::new(io::stdout().lock()));
    let mut world = None;
    loop {
        let Ok((sources, resources, pdf, origins, pages)) = read_job(&mut input) else { return ExitCode::SUCCESS };
        let job = Job { sources: &sources, resources: &resources, pdf: &pdf, origins };
        let mut timings = TypesetTimings::default();
        let result = super::typeset_guarded(&mut world, &job, pages, &mut timings);
        super::Typesetter::evict(10);
        if write_answer(&mut output, &result, &timings).and_then(|()| output.0.flush()).is_err() {
            return ExitCode::SUCCESS;
        }
    }
}

/// Ends this worker when koers is gone (killed, so it never closed our input): a compile in
/// progress would otherwise go on without anyone to stop it at its limits.
fn exit_with_parent() {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200));
                if std::os::unix::process::parent_id() != parent {
                    std::process::exit(1);
                }
            }
        });
    }
}

fn write_job(out: &mut Writer<impl Write>, job: &Job<'_>, pages: usize) -> io::Result<()> {
    let pdf = job.pdf;
    out.text(&pdf.ident)?;
    out.text(&pdf.creator)?;
    for part in [pdf.date.year() as u64, u64::from(pdf.date.month()), u64::from(pdf.date.day())] {
        out.number(part)?;
    }
    out.number(match pdf.conformance {
        Conformance::ArchivalAccessible => 0,
        Conformance::Archival => 1,
        Conformance::None => 2,
    })?;
    out.number(pages as u64)?;
    let sources = job.sources;
    out.files(sources.files.iter().map(|(path, text)| (path.as_str(), text.as_bytes())))?;
    out.files(sources.charts.iter().map(|(path, svg)| (path.as_str(), svg.as_bytes())))?;
    out.files(sources.photos.iter().map(|(path, bytes)| (path.as_str(), &bytes[..])))?;
    let overrides: Vec<(&str, &[u8])> = job.resources.overrides().collect();
    out.files(overrides.into_iter())?;
    out.files(job.origins.iter().map(|(path, origin)| (path.as_str(), origin.as_bytes())))
}

type ReadJob = (TypstSources, Resources, PdfSettings, Vec<(String, String)>, usize);

fn read_job(input: &mut Reader<impl io::Read>) -> io::Result<ReadJob> {
    let invalid = || io::Error::new(io::ErrorKind::InvalidData, "malformed job");
    let ident = input.text()?;
    let creator = input.text()?;
    let (year, month, day) = (input.number()?, input.number()?, input.number()?);
    let date = NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32).ok_or_else(invalid)?;
    let conformance = match input.number()? {
        0 => Conformance::ArchivalAccessible,
        1 => Conformance::Archival,
        _ => Conformance::None,
    };
    let pages = usize::try_from(input.number()?).map_err(|_| invalid())?;
    let text = |files: Vec<(String, Vec<u8>)>| -> io::Result<Vec<(String, String)>> {
        files.into_iter().map(|(path, bytes)| Ok((path, String::from_utf8(bytes).map_err(|_| invalid())?))).collect()
    };
    let files = text(input.files()?)?;
    let charts = text(input.files()?)?;
    let photos = input.files()?.into_iter().map(|(path, bytes)| (path, bytes.into())).collect();
    let resources = Resources::embedded().with_files(input.files()?);
    let origins = text(input.files()?)?;
    let pdf = PdfSettings { ident, creator, date, conformance };
    Ok((TypstSources { files, charts, photos }, resources, pdf, origins, pages))
}

fn write_answer(out: &mut Writer<impl Write>, result: &Warned<Typeset>, timings: &TypesetTimings) -> io::Result<()> {
    for time in [timings.compile, timings.balance, timings.check, timings.export] {
        out.number(time.as_nanos() as u64)?;
    }
    match &result.output {
        Ok(typeset) => {
            out.number(0)?;
            out.bytes(&typeset.pdf)?;
            out.number(typeset.pages as u64)?;
            out.text(&typeset.layout)?;
        }
        Err(problems) => {
            out.number(1)?;
            write_diagnostics(out, problems)?;
        }
    }
    write_diagnostics(out, &result.warnings)
}

fn read_answer(input: &mut Reader<impl io::Read>) -> io::Result<Answer> {
    let mut time = || input.number().map(Duration::from_nanos);
    let timings = TypesetTimings { compile: time()?, balance: time()?, check: time()?, export: time()? };
    let output = match input.number()? {
        0 => {
            let pdf = input.bytes()?;
            let pages = input.number()? as usize;
            Ok(Typeset { pdf, pages, layout: input.text()? })
        }
        _ => Err(read_diagnostics(input)?),
    };
    Ok((Warned { output, warnings: read_diagnostics(input)? }, timings))
}

fn write_diagnostics(out: &mut Writer<impl Write>, diagnostics: &[Diagnostic]) -> io::Result<()> {
    out.number(diagnostics.len() as u64)?;
    for diagnostic in diagnostics {
        out.number(match diagnostic.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Note => 2,
        })?;
        let location = diagnostic.location.clone().unwrap_or_else(|| Location::new("", 0, 0));
        out.text(&location.path)?;
        out.number(location.line as u64)?;
        out.number(location.col as u64)?;
        out.text(&diagnostic.message)?;
        out.number(diagnostic.hints.len() as u64)?;
        for hint in &diagnostic.hints {
            out.text(hint)?;
        }
    }
    Ok(())
}

fn read_diagnostics(input: &mut Reader<impl io::Read>) -> io::Result<Vec<Diagnostic>> {
    let count = input.number()?;
    (0..count)
        .map(|_| {
            let severity = match input.number()? {
                0 => Severity::Error,
                1 => Severity::Warning,
                _ => Severity::Note,
            };
            let (path, line, col) = (input.text()?, input.number()? as usize, input.number()? as usize);
            let location = (!path.is_empty()).then_some(Location { path, line, col });
            let message = input.text()?;
            let hints = (0..input.number()?).map(|_| input.text()).collect::<io::Result<_>>()?;
            Ok(Diagnostic { severity, location, message, hints })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_and_its_answer_cross_the_pipe_unchanged() {
        let sources = TypstSources {
            files: vec![("/main.typ".into(), "= Kop".into())],
            charts: vec![("/charts/a.svg".into(), "<svg/>".into())],
            photos: vec![("/photos/x.png".into(), vec![1, 2, 3].into())],
        };
        let resources = Resources::embedded().with_files(vec![("templates/theme.typ".into(), b"// eigen".to_vec())]);
        let date = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        let pdf = PdfSettings { ident: "id".into(), creator: "koers".into(), date, conformance: Conformance::Archival };
        let origins = vec![("/chapters/school.typ".to_owned(), "content/2021/school.yaml".to_owned())];
        let job = Job { sources: &sources, resources: &resources, pdf: &pdf, origins: origins.clone() };
        let mut bytes = Writer(Vec::new());
        write_job(&mut bytes, &job, 7).unwrap();
        let (read_sources, read_resources, read_pdf, read_origins, pages) =
            read_job(&mut Reader(&bytes.0[..])).unwrap();
        assert_eq!(read_sources, sources);
        assert_eq!(read_resources.get("templates/theme.typ"), Some(&b"// eigen"[..]));
        assert_eq!(
            (read_pdf.date, read_pdf.conformance, read_origins, pages),
            (date, Conformance::Archival, origins, 7)
        );

        let problem = Diagnostic::error(Some(Location::new("typst/main.typ", 3, 4)), "fout").with_hint("hint");
        let timings = TypesetTimings::default();
        let mut bytes = Writer(Vec::new());
        let failed = Warned::failed(vec![problem.clone()]).with_warnings(vec![Diagnostic::note(None, "n")]);
        write_answer(&mut bytes, &failed, &timings).unwrap();
        let (result, _) = read_answer(&mut Reader(&bytes.0[..])).unwrap();
        assert_eq!((result.output.unwrap_err(), result.warnings), (vec![problem], vec![Diagnostic::note(None, "n")]));
    }
}
