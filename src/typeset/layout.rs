//! The layouts after the first: a cover that ran over its page flows on, a chapter that would end
//! on a nearly empty page is set tighter, every chapter's last page is balanced, and a chapter
//! whose export trips a Typst bug is laid out again with its blocks allowed to break. Each is a
//! decision in `/layout.json` that the theme reads; Typst lays out again only what it changes.

use typst::diag::SourceResult;
use typst_layout::PagedDocument;

use super::world::KoersWorld;
use super::{Job, Typeset, TypesetTimings, balance, checked_and_exported, pages, to_diagnostic};
use crate::diag::{Diagnostic, Location};
use crate::project::{LAYOUT_PATH, LayoutDecisions};

/// How many times a chapter's export error is met by laying it out unkept before it stands.
const MAX_UNKEPT_RETRIES: usize = 3;

/// The report laid out from the start with the blocks of the `unkept` chapters allowed to
/// break, and balanced anew.
fn relaid_unkept(
    world: &mut KoersWorld,
    unkept: Vec<String>,
) -> SourceResult<(PagedDocument, Vec<String>, LayoutDecisions)> {
    let base = LayoutDecisions { unkept, ..Default::default() };
    world.set_source(LAYOUT_PATH, &base.source());
    let first = relaid(world, &mut 3)?;
    Ok(self::balanced(world, first, base))
}

/// Checks and exports the layout; when Typst's PDF export fails inside a chapter with "tags
/// weren't properly closed" (typst/typst#8776: a block kept whole moved past a page break near a
/// footnote), lays the report out again with that chapter's tables, callouts and boxes allowed
/// to break, balances it anew, and warns that it did.
pub(super) fn exported_around_tag_bug(
    world: &mut KoersWorld,
    job: &Job<'_>,
    mut document: PagedDocument,
    mut balanced: Vec<String>,
    mut decisions: LayoutDecisions,
    timings: &mut TypesetTimings,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Typeset, Vec<Diagnostic>> {
    let mut retries = 0;
    loop {
        // The page check's warnings of the layout that is exported (or fails for good) only.
        let mut found = Vec::new();
        let result = checked_and_exported(world, job, &document, &balanced, &decisions, timings, &mut found);
        let errors = match result {
            Ok(typeset) => {
                warnings.extend(found);
                return Ok(typeset);
            }
            Err(errors) => errors,
        };
        let chapter = errors.iter().find_map(|error| {
            let at = error.location.as_ref()?;
            let id = at.path.strip_prefix("typst/chapters/")?.strip_suffix(".typ")?;
            error.message.contains("tags weren't properly closed").then(|| id.to_owned())
        });
        let Some(chapter) = chapter.filter(|c| !decisions.unkept.contains(c) && retries < MAX_UNKEPT_RETRIES) else {
            warnings.extend(found);
            return Err(errors);
        };
        retries += 1;
        let started = std::time::Instant::now();
        let unkept = [decisions.unkept.clone(), vec![chapter.clone()]].concat();
        (document, balanced, decisions) = relaid_unkept(world, unkept)
            .map_err(|errors| errors.iter().map(|e| to_diagnostic(world, e)).collect::<Vec<_>>())?;
        timings.balance += started.elapsed();
        let origin = job.origins.iter().find(|(path, _)| *path == crate::project::chapter_path(&chapter));
        warnings.push(
            Diagnostic::warning(
                origin.map(|(_, file)| Location::file(file)),
                "Typst could not export this chapter with its tables, callouts and boxes kept whole (a Typst bug, \
                 typst/typst#8776); they may now break across columns",
            )
            .with_hint("a small change of the text before a table or callout near a footnote usually avoids it"),
        );
    }
}

/// [`balanced`], and then, for chapters whose last page keeps an empty right column because a
/// block kept whole (a table, callout or box) is too tall to share the page, the report laid out
/// and balanced again with those chapters' blocks allowed to break across columns; kept only if
/// it leaves fewer such pages and no page with a problem.
pub(super) fn laid_out(world: &mut KoersWorld, first: PagedDocument) -> (PagedDocument, Vec<String>, LayoutDecisions) {
    let (document, balanced, decisions) = self::balanced(world, first, LayoutDecisions::default());
    let empty_columns = |document: &PagedDocument, balanced: &[String]| -> Vec<String> {
        let last = balance::last_pages(document, balanced).into_iter();
        last.filter(|page| page.empty_column).map(|page| page.chapter).collect()
    };
    let empty = empty_columns(&document, &balanced);
    if empty.is_empty() || !pages::troubled_pages(&document).is_empty() {
        return (document, balanced, decisions);
    }
    if let Ok((again, balanced_again, decisions_again)) = relaid_unkept(world, empty.clone()) {
        let fewer = empty_columns(&again, &balanced_again).len() < empty.len();
        if fewer && pages::troubled_pages(&again).is_empty() {
            return (again, balanced_again, decisions_again);
        }
    }
    world.set_source(LAYOUT_PATH, &decisions.source());
    (document, balanced, decisions)
}

/// The document laid out again where the first layout asks for it (see [`balance`]): a cover
/// that ran over its page flows on in three columns, and every chapter's last page is balanced
/// where that works: a chapter whose balanced text does not end where planned gets more room
/// (see [`balance::TRIES`]), then stays plain; when nothing balances, the plain layout stands.
/// Returns the layout, the chapters balanced in it and the decisions it was laid out with.
/// `base` holds the decisions `first` was laid out with (chapters unkept).
pub(super) fn balanced(
    world: &mut KoersWorld,
    first: PagedDocument,
    base: LayoutDecisions,
) -> (PagedDocument, Vec<String>, LayoutDecisions) {
    let (mut decisions, mut layouts) = (base.clone(), 1);
    let plain = if balance::cover_spills(&first) {
        decisions.cover_flows = true;
        world.set_source(LAYOUT_PATH, &decisions.source());
        match relaid(world, &mut layouts) {
            Ok(document) => document,
            Err(_) => {
                world.set_source(LAYOUT_PATH, &base.source());
                return (first, Vec::new(), base);
            }
        }
    } else {
        first
    };
    let plain = tightened(world, plain, &mut decisions, &mut layouts);
    let mut plans = balance::plan(&plain);
    // Pages with problems fail the build anyway: no second layout for them.
    if plans.is_empty() || !pages::troubled_pages(&plain).is_empty() {
        return (plain, Vec::new(), decisions);
    }
    // A chapter that missed its plan gets more room, up to its last try, then stays plain; the
    // layout after that shows whether the others hold.
    for _ in 0..=balance::TRIES {
        if plans.is_empty() {
            break;
        }
        decisions.balancing_room = plans.iter().map(|plan| (plan.chapter.clone(), plan.room_pt)).collect();
        world.set_source(LAYOUT_PATH, &decisions.source());
        let Ok(document) = relaid(world, &mut layouts) else { break };
        // Text the balancing room leaves no space for runs over: a problem on a page that had none.
        let troubled = pages::troubled_pages(&document);
        let missed = balance::missed(&plans, &document, &troubled);
        if missed.is_empty() && troubled.is_empty() && document.pages().len() <= plain.pages().len() {
            return (document, plans.into_iter().map(|plan| plan.chapter).collect(), decisions);
        }
        if missed.is_empty() {
            break;
        }
        // The chapters that missed get more room, or stay plain after their last try.
        plans = plans
            .iter()
            .filter_map(|plan| match missed.iter().find(|(chapter, _)| *chapter == plan.chapter) {
                Some((_, over)) => balance::loosened(plan, *over),
                None => Some(plan.clone()),
            })
            .collect();
    }
    decisions.balancing_room.clear();
    world.set_source(LAYOUT_PATH, &decisions.source());
    (plain, Vec::new(), decisions)
}

/// The layout with every chapter that ends on a nearly empty page set a little tighter, and
/// those that still do tighter again (see `chapter-body`), each step kept if it leaves fewer
/// such pages and no page with a problem; else the layout before it.
fn tightened(
    world: &mut KoersWorld,
    plain: PagedDocument,
    decisions: &mut LayoutDecisions,
    layouts: &mut usize,
) -> PagedDocument {
    let tight = tightened_to(world, plain, decisions, layouts, |decisions| &mut decisions.tight);
    tightened_to(world, tight, decisions, layouts, |decisions| &mut decisions.tighter)
}

/// `document` with the chapters that end on a nearly empty page added to the list `level` of
/// the decisions, if that leaves fewer such pages and no page with a problem.
fn tightened_to(
    world: &mut KoersWorld,
    document: PagedDocument,
    decisions: &mut LayoutDecisions,
    layouts: &mut usize,
    level: fn(&mut LayoutDecisions) -> &mut Vec<String>,
) -> PagedDocument {
    let spilled = |document: &PagedDocument| -> Vec<String> {
        balance::last_pages(document, &[]).into_iter().filter(|page| page.spilled).map(|page| page.chapter).collect()
    };
    let before = spilled(&document);
    let new: Vec<String> = before.iter().filter(|id| !level(decisions).contains(id)).cloned().collect();
    if new.is_empty() || !pages::troubled_pages(&document).is_empty() {
        return document;
    }
    level(decisions).extend(new.iter().cloned());
    world.set_source(LAYOUT_PATH, &decisions.source());
    match relaid(world, layouts) {
        Ok(tighter) if spilled(&tighter).len() < before.len() && pages::troubled_pages(&tighter).is_empty() => tighter,
        _ => {
            level(decisions).retain(|id| !new.contains(id));
            world.set_source(LAYOUT_PATH, &decisions.source());
            document
        }
    }
}

/// The report laid out again after a change of `/layout.json`; `layouts` counts the layouts of
/// this build so far. Typst reuses what earlier layouts cached. From the third layout on, what
/// only older layouts used is dropped first, so that a large report laid out four times does not
/// hold four caches (a 53-page stress edition: 4,6 GiB, now 3,4); the second layout keeps
/// everything, so a watch rebuild still reuses the last build's balanced chapters.
fn relaid(world: &KoersWorld, layouts: &mut usize) -> SourceResult<PagedDocument> {
    *layouts += 1;
    if *layouts > 2 {
        comemo::evict(1);
    }
    typst::compile::<PagedDocument>(world).output
}
