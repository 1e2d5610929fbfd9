//! Stress editions: a deterministic generator of valid editions with every kind of block at
//! lengths from tiny to extreme, each built with `--deny-warnings`, so that a page-check problem
//! (text over text, off the page, on no page), a typesetting limit or any warning fails. A fixed
//! sample runs with the suite; `many_generated_editions` (ignored) runs hundreds:
//! `KOERS_STRESS_EDITIONS=500 KOERS_STRESS_SEED=1 cargo test --test cli many_generated -- --ignored --nocapture`
//! (with `KOERS_STRESS_KEEP=1` the folder of each failing edition is kept and named).

mod generator;

use std::time::Instant;

use super::support::{koers, stderr};
use generator::{Rng, Shape, generate};

/// Builds the edition of `seed` with `--deny-warnings`; a failure is its shape and what koers said.
fn build(seed: u64, verbose: bool) -> Option<(Shape, String)> {
    let ((dir, shape), start) = (generate(seed), Instant::now());
    let output = koers(dir.path(), &["build", "--content", "content", "-o", "out/r.pdf", "--deny-warnings"]);
    let messages = stderr(&output);
    let ok = output.status.success() && !messages.contains("warning") && !messages.contains("error");
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

/// Seeds that together reach every extreme the generator has (checked first, so that a change of
/// the generator that loses one fails here instead of quietly testing less).
const SAMPLE: &[u64] = &[1, 2, 3, 4, 5, 6, 7, 8];

/// Generated editions that lay out without a problem today (of seeds 1-101, these and 4 more):
/// they must keep doing so.
const LAYING_OUT_TODAY: &[u64] = &[7, 29, 36, 41, 59, 85];

#[test]
fn generated_editions_that_lay_out_today_keep_doing_so() {
    let failures = run_all(LAYING_OUT_TODAY, false);
    assert!(failures.is_empty(), "{}", describe(&failures));
}

/// The acceptance test of the layout issue: every extreme at once. It fails today (91 of 101
/// generated editions are refused by the page check: text off the page or out of its box, text
/// over text, text on no page, more than 4 GiB to typeset), so it is run by hand until the layout
/// holds: `cargo test --test cli generated_editions_lay_out -- --ignored`.
#[test]
#[ignore = "fails today: the layout does not yet hold for the extremes (issue #15)"]
fn generated_editions_lay_out_without_a_problem() {
    let shapes: Vec<Shape> = SAMPLE.iter().map(|&seed| Shape::new(seed, &mut Rng::new(seed))).collect();
    let covered = |what: &str, test: &dyn Fn(&Shape) -> bool| assert!(shapes.iter().any(test), "no seed has {what}");
    covered("a one-word intro", &|s| s.intro_words == 1);
    covered("a 900-word intro", &|s| s.intro_words == 900);
    covered("a chapter without sections", &|s| s.sections == 0);
    covered("40 sections", &|s| s.sections == 40);
    covered("80 table rows", &|s| s.table_rows == 80);
    covered("40 milestones, 20 in one year", &|s| s.milestones == 40 && s.in_one_year >= 20);
    covered("12 callouts", &|s| s.callouts == 12);
    covered("a 3000-word voorwoord", &|s| s.voorwoord_words == 3000);
    for chapters in [3, 5, 7] {
        covered(&format!("{chapters} chapters"), &|s| s.chapters.len() == chapters);
    }
    covered("long words", &|s| s.long_words);
    covered("long titles", &|s| s.long_titles);
    covered("key figures", &|s| s.key_figures);
    let failures = run_all(SAMPLE, false);
    assert!(failures.is_empty(), "{}", describe(&failures));
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
