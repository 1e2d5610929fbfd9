//! The Typst `World`: the only door through which Typst sees anything. It serves the generated
//! sources, the theme, the bundled assets and fonts, all from memory. There is no path to the
//! file system, so `read("/etc/passwd")` or `image("../x")` from a template or a theme override
//! finds nothing.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

use crate::diag::{Diagnostic, Location};
use crate::project::{MAIN_PATH, TypstSources, resource_path};
use crate::resources::Resources;

pub struct KoersWorld {
    library: LazyHash<Library>,
    fonts: FontStore,
    /// Identifies the fonts `fonts` was built from, so an update rebuilds it only when they change.
    fonts_fingerprint: u64,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

/// The file id of a path in the (only) virtual project root.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("koers only uses well-formed virtual paths");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl KoersWorld {
    /// `today` fixes `datetime.today()`, so a build never depends on the clock.
    pub fn new(sources: &TypstSources, resources: &Resources, today: NaiveDate) -> Self {
        let mut world = Self {
            library: LazyHash::new(Library::builder().build()),
            fonts: FontStore::new(),
            fonts_fingerprint: 0,
            main: file_id(MAIN_PATH),
            sources: HashMap::new(),
            files: HashMap::new(),
            today: None,
        };
        world.fonts = load_fonts(resources);
        world.fonts_fingerprint = fonts_fingerprint(resources);
        world.update(sources, resources, today);
        world
    }

    /// Brings the world up to date for the next build. Sources whose text is unchanged are kept
    /// as they are and changed ones are edited in place, so Typst's incremental compiler redoes
    /// only what an edit touched.
    pub fn update(&mut self, sources: &TypstSources, resources: &Resources, today: NaiveDate) {
        let fingerprint = fonts_fingerprint(resources);
        if fingerprint != self.fonts_fingerprint {
            self.fonts = load_fonts(resources);
            self.fonts_fingerprint = fingerprint;
        }

        let mut texts: Vec<(FileId, String)> = Vec::new();
        self.files.clear();
        for (name, bytes) in resources.under("templates/").chain(resources.under("assets/")) {
            let id = file_id(&resource_path(name));
            if name.ends_with(".typ") {
                texts.push((id, String::from_utf8_lossy(bytes).into_owned()));
            }
            self.files.insert(id, Bytes::new(bytes.to_vec()));
        }
        texts.extend(sources.files.iter().map(|(path, text)| (file_id(path), text.clone())));
        for (path, svg) in &sources.charts {
            self.files.insert(file_id(path), Bytes::new(svg.clone().into_bytes()));
        }
        for (path, bytes) in &sources.photos {
            self.files.insert(file_id(path), Bytes::new(bytes.to_vec()));
        }

        let mut previous = std::mem::take(&mut self.sources);
        for (id, text) in texts {
            let source = match previous.remove(&id) {
                Some(mut source) => {
                    if source.text() != text {
                        source.replace(&text);
                    }
                    source
                }
                None => Source::new(id, text),
            };
            self.sources.insert(id, source);
        }
        self.today = Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8);
    }

    /// Replaces one generated source: the layout decisions between two layouts of one build.
    pub fn set_source(&mut self, path: &str, text: &str) {
        let id = file_id(path);
        match self.sources.get_mut(&id) {
            Some(source) if source.text() != text => {
                source.replace(text);
            }
            Some(_) => {}
            None => {
                self.sources.insert(id, Source::new(id, text.to_owned()));
            }
        }
    }

    /// A readable name for a file, for diagnostics.
    pub fn name(&self, id: FileId) -> String {
        id.vpath().get_with_slash().to_string()
    }
}

/// The bundled fonts, then Typst's own (for glyphs the bundled ones lack).
fn load_fonts(resources: &Resources) -> FontStore {
    let mut fonts = FontStore::new();
    for (name, bytes) in resources.under("assets/fonts/") {
        if name.ends_with(".ttf") || name.ends_with(".otf") {
            fonts.extend(Font::iter(Bytes::new(bytes.to_vec())).map(|font| {
                let info = font.info().clone();
                (font, info)
            }));
        }
    }
    fonts.extend(typst_kit::fonts::embedded());
    fonts
}

/// The font files under `assets/fonts/` that hold no font Typst can read (a corrupt override,
/// a file with the wrong extension): errors, since the text would silently fall back to another
/// font.
pub fn unreadable_fonts(resources: &Resources) -> Vec<Diagnostic> {
    resources
        .under("assets/fonts/")
        .filter(|(name, _)| name.ends_with(".ttf") || name.ends_with(".otf"))
        .filter(|(_, bytes)| Font::iter(Bytes::new(bytes.to_vec())).next().is_none())
        .map(|(name, _)| {
            Diagnostic::error(Some(Location::file(name)), "is not a font Typst can read")
                .with_hint("replace it by the TrueType or OpenType file itself, or remove the override")
        })
        .collect()
}

/// Whether some font of the report (the bundled and overriding ones, then Typst's own) has a
/// glyph for a character.
pub fn printable_characters(resources: &Resources) -> impl Fn(char) -> bool {
    let own = resources.under("assets/fonts/").flat_map(|(_, bytes)| Font::iter(Bytes::new(bytes.to_vec())));
    let coverage: Vec<_> = own
        .map(|font| font.info().coverage.clone())
        .chain(typst_kit::fonts::embedded().map(|(_, info)| info.coverage))
        .collect();
    move |c| coverage.iter().any(|covered| covered.contains(c as u32))
}

fn fonts_fingerprint(resources: &Resources) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for (name, bytes) in resources.under("assets/fonts/") {
        std::hash::Hash::hash(&(name, bytes), &mut hasher);
    }
    std::hash::Hasher::finish(&hasher)
}

impl World for KoersWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::Other(Some(
        format!(
            "`{}` is not part of the report; Typst sees only the generated sources, templates/ and assets/",
            id.vpath().get_with_slash()
        )
        .into(),
    ))
}
