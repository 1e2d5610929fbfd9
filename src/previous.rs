//! The previous edition's figures, so a new edition can name last year's values as `previous.*`.
//! Each earlier edition is computed from its own content (and its predecessor's, and so on), and
//! remembered by a fingerprint of what it depends on, so `build --all` and `watch` compute each
//! once.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Mutex;

use crate::{content, figures, model};

/// The figures of the edition before the one in `edition_dir`, computed from its own content (and
/// its predecessor's, and so on), so a new edition can name last year's values as `previous.*`.
/// `None` when there is no earlier edition or it does not validate (its own `check` says why).
pub fn figures(edition_dir: &Path, year: i32) -> Option<figures::Figures> {
    let content_dir = edition_dir.parent()?;
    let earlier = content::discover_editions(content_dir).ok()?.into_iter().filter(|(edition, _)| *edition < year);
    let series = read_for_fingerprint(&content_dir.join(content::SERIES_FILE));
    let (mut figures, mut key) = (None, 0);
    for (_, dir) in earlier {
        key = fingerprint(&dir, &series, key);
        figures = EARLIER_EDITIONS.get_or_compute(key, || edition_figures(&dir, figures.as_ref()));
    }
    figures
}

/// One earlier edition's figures, given its predecessor's.
fn edition_figures(dir: &Path, previous: Option<&figures::Figures>) -> Option<figures::Figures> {
    let files = content::load_edition(dir).output.ok()?;
    if !files.unreadable.is_empty() {
        return None;
    }
    let edition = model::validate(files, None).output.ok()?;
    figures::compute(&edition, previous).output.ok()
}

/// What an earlier edition's figures depend on: its content files (not its photos), the series,
/// and (through `before`, the fingerprint of its predecessor) every edition before it.
fn fingerprint(dir: &Path, series: &[u8], before: u64) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    (before, series).hash(&mut hasher);
    let entries = walkdir::WalkDir::new(dir).min_depth(1).max_depth(1).sort_by_file_name().into_iter().flatten();
    for entry in entries.filter(|entry| entry.path().extension().is_some_and(|e| e == "yaml" || e == "yml")) {
        (entry.file_name(), read_for_fingerprint(entry.path())).hash(&mut hasher);
    }
    hasher.finish()
}

/// A file's bytes under the content policy, or what refused it (so a file that becomes readable
/// changes the fingerprint too).
fn read_for_fingerprint(path: &Path) -> Vec<u8> {
    crate::read::regular_file(path, content::yaml::MAX_FILE_BYTES)
        .unwrap_or_else(|problem| problem.to_string().into_bytes())
}

/// Earlier editions' figures by fingerprint: `build --all` needs each edition's chain of
/// predecessors once per later edition, and a watch session needs them every round.
static EARLIER_EDITIONS: Memo = Memo(Mutex::new(BTreeMap::new()));

struct Memo(Mutex<BTreeMap<u64, Option<figures::Figures>>>);

impl Memo {
    /// Enough for every edition of the programme, several times over; then it starts afresh.
    const CAPACITY: usize = 64;

    fn get_or_compute(&self, key: u64, compute: impl FnOnce() -> Option<figures::Figures>) -> Option<figures::Figures> {
        if let Some(found) = self.0.lock().ok().and_then(|memo| memo.get(&key).cloned()) {
            return found;
        }
        let figures = compute();
        if let Ok(mut memo) = self.0.lock() {
            if memo.len() >= Self::CAPACITY {
                memo.clear();
            }
            memo.insert(key, figures.clone());
        }
        figures
    }
}
