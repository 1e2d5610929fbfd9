//! The virtual Typst project a report is made of: the generated sources, the charts and the photos,
//! each at its path in Typst's world. `render` fills it, `typeset` serves it to Typst, `output`
//! writes parts of it out; all three name paths here, so a path is spelled once.

use std::sync::Arc;

/// The Typst entry point of every report.
pub const MAIN_PATH: &str = "/main.typ";

/// What koers decided about the layout after laying the report out once (see `typeset`): the
/// room that balances chapters' last pages and whether the cover flows on. The render stage writes it empty.
pub const LAYOUT_PATH: &str = "/layout.json";

/// The decisions `/layout.json` holds: read by the theme's cover, chapter bodies and blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayoutDecisions {
    /// The cover did not fit its page: it is set in three columns that continue on the next.
    pub cover_flows: bool,
    /// The room (in pt) left empty at the foot of each chapter's last page, across both
    /// columns, that balances it, by chapter id.
    pub balancing_room: Vec<(String, f64)>,
    /// Chapters whose tables, callouts and boxes may break across columns: Typst's PDF export
    /// failed with them kept whole (typst/typst#8776).
    pub unkept: Vec<String>,
    /// Chapters set a little tighter (leading, paragraph spacing, photos) because they would end
    /// on a nearly empty page.
    pub tight: Vec<String>,
    /// Chapters set tighter still, because a little tighter was not enough.
    pub tighter: Vec<String>,
}

impl LayoutDecisions {
    /// `/layout.json`: `{"-cover": "flows", "-unkept": ["werk"], "-tight": ["wonen"], "-tighter":
    /// ["wijk"], "school": 312.500}` (a chapter id never starts with `-`).
    pub fn source(&self) -> String {
        let cover = self.cover_flows.then(|| "\"-cover\": \"flows\"".to_owned());
        let list = |key: &str, ids: &[String]| {
            let ids: Vec<String> = ids.iter().map(|id| format!("{id:?}")).collect();
            (!ids.is_empty()).then(|| format!("\"{key}\": [{}]", ids.join(", ")))
        };
        let lists = [list("-unkept", &self.unkept), list("-tight", &self.tight), list("-tighter", &self.tighter)];
        let lists = lists.into_iter().flatten();
        let rooms = self.balancing_room.iter().map(|(id, room)| format!("{id:?}: {room:.3}"));
        format!("{{{}}}\n", cover.into_iter().chain(lists).chain(rooms).collect::<Vec<_>>().join(", "))
    }
}

/// Generated Typst sources by virtual path (`/main.typ`, `/chapters/school.typ`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypstSources {
    pub files: Vec<(String, String)>,
    /// The charts as SVG, by virtual path (`/charts/chart-1.svg`), in document order.
    pub charts: Vec<(String, String)>,
    /// The photos, by virtual path (`/photos/images/x.jpg`).
    pub photos: Vec<(String, Arc<[u8]>)>,
}

/// A folder's files by relative path (`index.html`, `fonts/Lato-Regular.ttf`): the web edition or
/// the data, written as one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSet(pub std::collections::BTreeMap<String, Vec<u8>>);

/// Where a chapter's generated Typst source lives.
pub fn chapter_path(id: &str) -> String {
    format!("/chapters/{id}.typ")
}

/// Where a chart's SVG lives.
pub fn chart_path(id: &str) -> String {
    format!("/charts/{id}.svg")
}

/// Where a photo lives, by its path relative to the edition folder (`images/x.jpg`).
pub fn photo_path(relative: &str) -> String {
    format!("/photos/{}", relative.trim_start_matches("./"))
}

/// Where a template or asset (`templates/theme.typ`) lives: at the same path from the root, so a
/// project's override is found where the bundled file is.
pub fn resource_path(name: &str) -> String {
    format!("/{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_decisions_are_json_the_theme_reads() {
        let decisions = LayoutDecisions {
            cover_flows: true,
            balancing_room: vec![("school".to_owned(), 312.5)],
            unkept: vec!["werk".to_owned(), "wonen".to_owned()],
            tight: vec!["thuisbasis".to_owned()],
            tighter: vec!["veiligheid".to_owned()],
        };
        assert_eq!(
            decisions.source(),
            "{\"-cover\": \"flows\", \"-unkept\": [\"werk\", \"wonen\"], \"-tight\": [\"thuisbasis\"], \
             \"-tighter\": [\"veiligheid\"], \"school\": 312.500}\n"
        );
        assert_eq!(LayoutDecisions::default().source(), "{}\n");
    }
}
