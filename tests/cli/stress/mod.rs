//! Stress editions: a deterministic generator of valid editions with every kind of block at
//! lengths from tiny to extreme, each built and required to say nothing, so that a page-check
//! problem (text over text, off the page, on no page, a nearly empty page), a typesetting limit
//! or any warning fails. A fixed sample runs with the suite; `many_generated_editions` (ignored) runs hundreds:
//! `KOERS_STRESS_EDITIONS=500 KOERS_STRESS_SEED=1 cargo test --test cli many_generated -- --ignored --nocapture`
//! (with `KOERS_STRESS_KEEP=1` the folder of each failing edition is kept and named).

mod generator;

use std::time::Instant;

use super::support::{koers, stderr};
use generator::{Rng, Shape, generate};

/// Builds the edition of `seed`: it must build without an error or a warning; a failure is its
/// shape and what koers said.
fn build(seed: u64, verbose: bool) -> Option<(Shape, String)> {
    let ((dir, shape), start) = (generate(seed), Instant::now());
    let output = koers(dir.path(), &["build", "--content", "content", "-o", "out/r.pdf"]);
    let messages = stderr(&output);
    let problem = |line: &str| line.contains("warning:") || line.contains("error:") || line.contains("panicked");
    let ok = output.status.success() && !messages.lines().any(problem);
    let kept =
        std::env::var_os("KOERS_STRESS_KEEP").filter(|_| !ok).map(|_| format!("kept in {}\n", dir.keep().display()));
    let failure = format!("exit code {:?}\n{}{messages}", output.status.code(), kept.unwrap_or_default());
    let seconds = start.elapsed().as_secs_f64();
    let result = if ok { format!("ok in {seconds:.1} s") } else { format!("FAILED: {}", first_problem(&failure)) };
    verbose.then(|| println!("seed {seed}: {result}"));
    (!ok).then_some((shape, failure))
}

/// The line of a failure that says what went wrong.
fn first_problem(failure: &str) -> &str {
    failure.lines().find(|l| l.contains("error") || l.contains("warning")).or(failure.lines().next()).unwrap_or("")
}

/// Builds the editions of `seeds`, as many at once as there are cores; returns the failures.
fn run_all(seeds: &[u64], verbose: bool) -> Vec<(Shape, String)> {
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut failures: Vec<(Shape, String)> = std::thread::scope(|scope| {
        let run = |job: usize| {
            seeds.iter().skip(job).step_by(jobs).filter_map(|&seed| build(seed, verbose)).collect::<Vec<_>>()
        };
        let workers: Vec<_> = (0..jobs).map(|job| scope.spawn(move || run(job))).collect();
        workers.into_iter().flat_map(|worker| worker.join().unwrap()).collect()
    });
    failures.sort_by_key(|(shape, _)| shape.seed);
    failures
}

fn describe(failures: &[(Shape, String)]) -> String {
    failures.iter().map(|(shape, failure)| format!("seed {}: {shape:?}\n{failure}\n", shape.seed)).collect()
}

/// A named extreme and whether a shape reaches it.
type Extreme = (String, Box<dyn Fn(&Shape) -> bool>);

/// The extremes `seeds` fail to reach together, by name; `crowded` is how many milestones of one
/// year count as a crowded timeline. Checked before building, so that a change of the generator
/// that loses an extreme fails instead of quietly testing less.
fn unreached(seeds: &[u64], crowded: usize) -> Vec<String> {
    let shapes: Vec<Shape> = seeds.iter().map(|&seed| Shape::new(seed, &mut Rng::new(seed))).collect();
    let extremes: Vec<Extreme> = vec![
        ("a one-word intro".into(), Box::new(|s| s.intro_words == 1)),
        ("a 900-word intro".into(), Box::new(|s| s.intro_words == 900)),
        ("a chapter without sections".into(), Box::new(|s| s.sections == 0)),
        ("40 sections".into(), Box::new(|s| s.sections == 40)),
        ("80 table rows".into(), Box::new(|s| s.table_rows == 80)),
        ("40 milestones".into(), Box::new(|s| s.milestones == 40)),
        (format!("{crowded} milestones in one year"), Box::new(move |s| s.in_one_year >= crowded)),
        ("12 callouts".into(), Box::new(|s| s.callouts == 12)),
        ("a 3000-word voorwoord".into(), Box::new(|s| s.voorwoord_words == 3000)),
        ("3 chapters".into(), Box::new(|s| s.chapters.len() == 3)),
        ("5 chapters".into(), Box::new(|s| s.chapters.len() == 5)),
        ("7 chapters".into(), Box::new(|s| s.chapters.len() == 7)),
        ("long words".into(), Box::new(|s| s.long_words)),
        ("long words in titles".into(), Box::new(|s| s.long_title_words)),
        ("long titles".into(), Box::new(|s| s.long_titles)),
        ("key figures".into(), Box::new(|s| s.key_figures)),
    ];
    extremes.into_iter().filter(|(_, reached)| !shapes.iter().any(reached)).map(|(name, _)| name).collect()
}

/// Seeds that together reach every extreme, also 28 milestones in one year, and a cover that
/// flows on, with the last pages stress runs found wrong and koers now lays out: a nearly empty
/// last page (3, 4, 77; 74 under a 900-word intro, set tighter still), a last page's empty right
/// column (2, 108, 142), a photo's caption under the footer (70), footnotes on a page of their
/// own (103), a heading alone on its page (107) and a timeline label printed over another (256:
/// a long word hyphenated over more lines than counted) (about 20 s on 2 cores): the acceptance
/// test of the layout issue.
const SAMPLE: &[u64] = &[2, 3, 4, 7, 36, 70, 74, 77, 85, 97, 103, 107, 108, 120, 142, 256];

#[test]
fn generated_editions_lay_out_without_a_problem() {
    assert_eq!(unreached(SAMPLE, 28), Vec::<String>::new());
    let failures = run_all(SAMPLE, false);
    assert!(failures.is_empty(), "{}", describe(&failures));
}

/// Seed 32, with tables, callouts and boxes kept whole up to a full column (the theme before
/// koers let those over two thirds of it break, as a project's own theme may), lays a table kept
/// whole past a page break near a footnote, where Typst 0.15.1's PDF export stops with "tags
/// weren't properly closed" (typst/typst#8776, open). koers lays that chapter out again with its
/// blocks allowed to break and says so; the report is written.
#[test]
fn a_typst_export_bug_is_avoided_by_letting_the_chapters_blocks_break() {
    let (dir, _) = generate(32);
    let theme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/theme/blocks.typ")).unwrap();
    let rule = "height > size.height * 2 / 3";
    assert!(theme.contains(rule), "keep-together's rule changed: this test must keep blocks whole to a full column");
    std::fs::create_dir_all(dir.path().join("templates/theme")).unwrap();
    std::fs::write(dir.path().join("templates/theme/blocks.typ"), theme.replace(rule, "height > size.height")).unwrap();
    let output = koers(dir.path(), &["build", "--content", "content", "-o", "out/r.pdf"]);
    let messages = stderr(&output);
    assert!(output.status.success(), "{messages}");
    assert!(
        messages.contains(
            "content/2021/organisatie.yaml: warning: Typst could not export this chapter with its tables, callouts and \
             boxes kept whole (a Typst bug, typst/typst#8776)"
        ),
        "{messages}"
    );
    assert!(!messages.contains("error:"), "{messages}");
    let layout_problems = messages.lines().filter(|line| line.contains("warning:") && !line.contains("#8776")).count();
    assert_eq!(
        layout_problems, 0,
        "seed 32's nearly empty page is set tighter, its empty column balanced:\n{messages}"
    );
}

#[test]
#[ignore = "builds hundreds of editions: cargo test --test cli many_generated -- --ignored --nocapture"]
fn many_generated_editions() {
    let var = |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let (count, start) = (var("KOERS_STRESS_EDITIONS", 200), var("KOERS_STRESS_SEED", 1));
    let begun = Instant::now();
    let failures = run_all(&(start..start + count).collect::<Vec<_>>(), true);
    println!("{}", describe(&failures));
    println!("{count} editions, {} failed, in {:.0} s", failures.len(), begun.elapsed().as_secs_f64());
    let summary: Vec<_> = failures.iter().map(|(s, f)| format!("seed {}: {}", s.seed, first_problem(f))).collect();
    assert!(failures.is_empty(), "{} of {count} editions failed:\n{}", failures.len(), summary.join("\n"));
}
