//! The generator of stress editions: a seed gives an edition folder and the shape it chose.

const PILLARS: [&str; 6] = ["thuisbasis", "school", "werk", "wonen", "veiligheid", "organisatie"];
/// Dutch filler, and words of 38-45 letters (wider than a column in capitals).
const WORDS: &str = "de het een en van op in met voor door naar bij meer dan ook nog wijk school werk wonen Zuid \
    bewoners leerlingen ouders partners gemeente woningen aanpak resultaat jaar nieuwe samenwerking jongeren wijkteam \
    huishoudens corporaties onderwijs veiligheid programma kinderen uitkering banen garanties focuswijken stad buurt \
    gezinnen scholen lerarentekort begeleiding trajecten ambitie voortgang bereikt gestart verbeterd gestegen gedaald";
const LONG_WORDS: &str = "Kwaliteitssprongbeleidsprogrammaonderdeel arbeidsmarktbemiddelingsondersteuningstraject \
    woningcorporatieherstructureringsopgaven jeugdgezondheidszorgcoördinatiecentrum \
    buitenschoolseopvangcapaciteitsuitbreiding leerlingvolgsysteemresultatenoverzicht";

/// xorshift64*: the same seed gives the same edition on any machine. The seed is multiplied by the
/// golden ratio's 64-bit fraction (and made odd), so that neighbouring seeds start far apart.
#[derive(Default)]
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    /// A number from `lo` to `hi`, both included.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        lo + (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % (hi - lo + 1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.between(1, 100) <= percent
    }
    /// `lo` or `hi` a quarter of the time each, else anything between: the extremes come up often.
    fn extreme(&mut self, lo: usize, hi: usize) -> usize {
        [lo, hi, self.between(lo, hi), self.between(lo, hi)][self.between(0, 3)]
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.between(0, items.len() - 1)]
    }
}

/// What the generator chose for an edition (printed with each failure); blocks are drawn per section.
#[derive(Debug, Clone, Default)]
pub(super) struct Shape {
    pub(super) seed: u64,
    pub(super) chapters: Vec<&'static str>,
    /// Words of the first chapter's intro (the others have 3-80).
    pub(super) intro_words: usize,
    pub(super) inleiding_words: usize,
    pub(super) voorwoord_words: usize,
    /// The chapter with `sections` sections (the others have 0-6).
    pub(super) busiest: &'static str,
    pub(super) sections: usize,
    /// Rows of the longest realisation table and of the longest figure table, callouts in a section.
    pub(super) table_rows: usize,
    pub(super) callouts: usize,
    /// The first chapter's timeline: milestones, how many of them in one year, words per text.
    pub(super) milestones: usize,
    pub(super) in_one_year: usize,
    pub(super) milestone_words: usize,
    /// Words of 38-45 letters in prose, and in titles, headings, labels and table cells.
    pub(super) long_words: bool,
    pub(super) long_title_words: bool,
    /// Titles, headings and labels of up to three times their usual number of words.
    pub(super) long_titles: bool,
    pub(super) key_figures: bool,
}

impl Shape {
    pub(super) fn new(seed: u64, rng: &mut Rng) -> Self {
        let count = rng.pick(&[3, 5, 6, 7]);
        let mut chapters = PILLARS.to_vec();
        while chapters.len() > count.min(6) {
            chapters.remove(rng.between(0, chapters.len() - 1));
        }
        if count == 7 {
            chapters.insert(rng.between(0, 6), "bewoners");
        }
        let milestones = rng.extreme(1, 40);
        Shape {
            seed,
            busiest: rng.pick(&chapters),
            chapters,
            intro_words: [1, 900, rng.between(2, 150), rng.between(2, 150)][rng.between(0, 3)],
            inleiding_words: rng.extreme(1, 300),
            voorwoord_words: rng.extreme(20, 3000),
            sections: rng.extreme(0, 40),
            table_rows: rng.extreme(1, 80),
            callouts: rng.extreme(1, 12),
            milestones,
            in_one_year: rng.extreme(1, milestones),
            milestone_words: rng.extreme(1, 25),
            long_words: rng.chance(50),
            long_title_words: rng.chance(30),
            long_titles: rng.chance(50),
            key_figures: rng.chance(50),
        }
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Writes the files of one edition. Texts are written as YAML double-quoted strings (Rust's
/// `{:?}`: the words here need no escapes but `\n`), blocks in flow style.
#[derive(Default)]
struct Generator {
    rng: Rng,
    shape: Shape,
    notes: usize,
    tables: usize,
    /// The chapter being written and the figures it declared, `f_1` and on.
    chapter: &'static str,
    figures: Vec<String>,
    files: Vec<(String, String)>,
}

impl Generator {
    /// Declares a figure (`count: 12`, `sum: [f_1, f_2]`) and returns its name.
    fn figure(&mut self, definition: String) -> String {
        self.figures.push(format!("  f_{}: {{{definition}}}\n", self.figures.len() + 1));
        format!("f_{}", self.figures.len())
    }

    /// A count of 0 to `most` (often one of the two).
    fn count(&mut self, most: usize) -> String {
        let value = self.rng.extreme(0, most);
        self.figure(format!("count: {value}"))
    }

    fn maybe(&mut self, percent: usize, write: impl FnOnce(&mut Self) -> String) -> String {
        if self.rng.chance(percent) { write(self) } else { String::new() }
    }

    fn word(&mut self, long: bool) -> &'static str {
        let words = if long && self.rng.chance(6) { LONG_WORDS } else { WORDS };
        self.rng.pick(&words.split_whitespace().collect::<Vec<_>>())
    }

    /// `lo`-`hi` words and `suffix`, quoted, the first word capitalised: a title, heading or label.
    fn label(&mut self, lo: usize, hi: usize, suffix: &str) -> String {
        let hi = if self.shape.long_titles && self.rng.chance(25) { hi * 3 } else { hi };
        let words: Vec<&str> = (0..self.rng.between(lo, hi)).map(|_| self.word(self.shape.long_title_words)).collect();
        format!("{:?}", capitalise(&words.join(" ")) + suffix)
    }

    fn title(&mut self, lo: usize, hi: usize) -> String {
        self.label(lo, hi, "")
    }

    /// `n` words in sentences of 3-16 words.
    fn sentences(&mut self, n: usize) -> String {
        let mut text = String::new();
        for i in 0..n.max(1) {
            let word = self.word(self.shape.long_words);
            text += &if text.is_empty() || text.ends_with(". ") { capitalise(word) } else { word.into() };
            text += if i + 1 == n.max(1) { "." } else { [" ", ". "][self.rng.chance(10) as usize] };
        }
        text
    }

    /// Markdown of about `n` words: paragraphs with bold, italic and footnotes (each note
    /// referenced once, labels unique in the edition), and now and then a list.
    fn prose(&mut self, n: usize) -> String {
        let (mut paragraphs, mut notes) = (Vec::new(), Vec::new());
        let mut left = n.max(1);
        while left > 0 {
            let size = left.min(self.rng.between(8, 140));
            left -= size;
            let mut words: Vec<String> = self.sentences(size).split(' ').map(str::to_owned).collect();
            // Bold and italic one word in 40; a footnote one in 400 (a dense report: the 2020
            // edition has none, the ten-year evaluation of School 7 in 5 pages). Typst lays out
            // the notes of two-column text in quadratic time (see BENCHMARKS.md): at one in 40 a
            // 38-page chapter took 23 s and 7 GiB.
            for word in &mut words {
                match self.rng.between(0, 399) {
                    0..=9 => *word = format!("**{word}**"),
                    10..=19 => *word = format!("*{word}*"),
                    20 => {
                        self.notes += 1;
                        let length = self.rng.between(2, 40);
                        let note = self.sentences(length);
                        notes.push(format!("[^n{}]: {note}", self.notes));
                        *word += &format!("[^n{}]", self.notes);
                    }
                    _ => {}
                }
            }
            paragraphs.push(words.join(" "));
            let marker = self.rng.pick(&["-", "1."]);
            let items = if left > 0 && self.rng.chance(12) { self.rng.between(1, 6) } else { 0 };
            let lengths: Vec<usize> = (0..items).map(|_| self.rng.between(1, 25)).collect();
            let list: Vec<String> = lengths.into_iter().map(|n| self.sentences(n)).collect();
            paragraphs.extend((items > 0).then(|| format!("{marker} {}", list.join(&format!("\n{marker} ")))));
        }
        paragraphs.extend(notes);
        paragraphs.join("\n\n")
    }

    /// Quoted prose of `lo`-`hi` words (often one of the two).
    fn text(&mut self, lo: usize, hi: usize) -> String {
        let words = self.rng.extreme(lo, hi);
        format!("{:?}", self.prose(words))
    }
}

/// A section and its blocks, indented for a chapter's `sections:`.
impl Generator {
    /// A heading, a lead, a body naming a figure, and now and then a block of each kind.
    fn section(&mut self) -> String {
        let mut s = self.maybe(80, |g| format!("    heading: {}\n", g.title(1, 12)));
        s += &self.maybe(30, |g| format!("    lead: {}\n", g.text(1, 80)));
        s += &self.maybe(85, |g| {
            let (figure, words) = (g.count(99_999), g.rng.pick(&[1, 20, 80, 200, 400, 900]));
            let prose = g.prose(words);
            format!("    body: {:?}\n", format!("Het aantal is {{{{ {}.{figure} }}}}.\n\n{prose}", g.chapter))
        });
        for kind in 0..7 {
            let n = self.rng.extreme(1, 20);
            s += &self.maybe(10, |g| g.block(kind, n));
        }
        format!("  - {}", if s.is_empty() { "body: Tekst.\n" } else { &s[4..] })
    }

    /// A block of a kind (0-6) whose size grows with `n` (1-20).
    fn block(&mut self, kind: usize, n: usize) -> String {
        let title = self.title(1, 12);
        match kind {
            0 => self.table(n),
            1 => self.figure_table(n),
            2 => self.callouts(n % 4 + 1),
            3 => format!("    sidebar: {{title: {title}, body: {}}}\n", self.text(1, 30 * n)),
            4 => format!("    quote: {{text: {}, source: {title}}}\n", self.text(1, 10 * n)),
            5 => {
                let (name, w, h) = (self.files.len(), self.rng.pick(&[20, 400, 3000]), self.rng.pick(&[20, 300, 4000]));
                let svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\"/>\n");
                self.files.push((format!("images/foto_{name}.svg"), svg));
                let caption = self.maybe(70, |g| format!(", caption: {}", g.title(1, 20)));
                format!("    photo: {{path: images/foto_{name}.svg, alt: {title}{caption}}}\n")
            }
            _ => {
                let subsection =
                    |g: &mut Self| format!("      - {{heading: {}, body: {}}}\n", g.title(1, 10), g.text(1, 300));
                format!("    subsections:\n{}", (0..n % 4 + 1).map(|_| subsection(self)).collect::<String>())
            }
        }
    }

    /// A realisation table of `rows` printed rows, now and then a group of parts.
    fn table(&mut self, rows: usize) -> String {
        self.tables += 1;
        let years: &[usize] = self.rng.pick(&[&[2021][..], &[2019, 2020], &[2019, 2020, 2021]]);
        let row = |g: &mut Self, n: usize| {
            let (label, ambition) =
                (g.label(1, 6, &format!(" {n}")), g.rng.between(1, 9) * g.rng.pick(&[1, 100, 10_000]));
            let realised: Vec<usize> = years.iter().map(|_| g.rng.between(0, ambition / years.len())).collect();
            format!("{{label: {label}, ambition: {ambition}, realised: {realised:?}}}")
        };
        let (mut lines, mut printed) = (Vec::new(), 0);
        while printed < rows {
            let group = rows - printed > 2 && self.rng.chance(20);
            let parts = if group { self.rng.between(2, 5).min(rows - printed - 1) } else { 0 };
            let group = (1..=parts).map(|part| row(self, printed + part)).collect::<Vec<_>>().join(", ");
            let label = self.label(1, 6, &format!(" {printed}"));
            lines.push(if parts == 0 { row(self, printed) } else { format!("{{label: {label}, parts: [{group}]}}") });
            printed += parts + 1;
        }
        let (id, title, rows) = (self.tables, self.title(2, 12), lines.join(",\n        "));
        format!(
            "    table: {{id: tabel_{id}, title: {title}, ambition_label: Ambitie, years: {years:?}, \
            rows: [\n        {rows}]}}\n"
        )
    }

    /// A figure table of `rows` rows, one or two text columns and one to three of figures.
    fn figure_table(&mut self, rows: usize) -> String {
        let (labels, numbers) = (self.rng.between(1, 2), self.rng.between(1, 3));
        let columns: Vec<String> = (0..labels + numbers).map(|_| self.title(1, 4)).collect();
        let (mut lines, mut sums) = (Vec::new(), vec![Vec::new(); numbers]);
        for _ in 0..rows {
            let cells: Vec<String> =
                (0..labels).map(|_| if self.rng.chance(15) { "\"\"".into() } else { self.title(1, 5) }).collect();
            let figures: Vec<String> = (0..numbers).map(|_| self.count(99_999_999)).collect();
            sums.iter_mut().zip(&figures).for_each(|(sum, figure)| sum.push(figure.clone()));
            lines.push(format!("{{labels: [{}], figures: [{}]}}", cells.join(", "), figures.join(", ")));
        }
        let totals: Vec<String> = sums.iter().map(|sum| self.figure(format!("sum: [{}]", sum.join(", ")))).collect();
        let total = format!(
            "{{labels: [Totaal{}], figures: [{}], total: true}}",
            ", \"\"".repeat(labels - 1),
            totals.join(", ")
        );
        lines.extend(self.rng.chance(60).then_some(total));
        let (title, columns, rows) = (self.title(2, 12), columns.join(", "), lines.join(",\n        "));
        let source = self.maybe(50, |g| format!(", source: {}", g.title(2, 20)));
        format!("    figure_table: {{title: {title}, columns: [{columns}]{source}, rows: [\n        {rows}]}}\n")
    }

    /// `n` callouts: a big number, or two side by side.
    fn callouts(&mut self, n: usize) -> String {
        let callout = |g: &mut Self| {
            let label = g.word(g.shape.long_title_words).to_uppercase();
            let number = if g.rng.chance(25) {
                let (a, b, intro) = (g.count(5000), g.count(5000), g.title(2, 10));
                format!("intro: {intro}, compare: {{categories: [\"2019\", \"2020\"], figures: [{a}, {b}]}}")
            } else {
                format!("figure: {}", g.count(9_999_999))
            };
            format!("      - {{label: \"{label}.\", {number}, text: {}}}\n", g.text(1, 60))
        };
        format!("    callouts:\n{}", (0..n).map(|_| callout(self)).collect::<String>())
    }
}

/// The files of an edition.
impl Generator {
    /// A timeline of `n` milestones, `crowded` of them in one year: years, spans and days.
    fn timeline(&mut self, n: usize, crowded: usize, words: usize, label: &str) -> String {
        let busy = self.rng.between(2010, 2021);
        let milestones: Vec<String> = (0..n)
            .map(|i| {
                let year = if i < crowded { busy } else { self.rng.between(2010, 2021) };
                let when = match self.rng.between(0, 4) {
                    0 => format!("date: {year}-{:02}-{:02}", self.rng.between(1, 12), self.rng.between(1, 28)),
                    1 if i >= crowded && year < 2021 => format!("year: \"{year}-{}\"", year + 1),
                    _ => format!("year: \"{year}\""),
                };
                let scope = self.rng.pick(&["", "", ", scope: within", ", scope: across"]);
                format!("    - {{{when}, text: {}{scope}}}\n", self.title(1, words))
            })
            .collect();
        format!("timeline:\n  label: {label}\n  from: 2010\n  to: 2021\n  milestones:\n{}", milestones.concat())
    }

    fn chapter(&mut self, index: usize, name: &'static str) -> String {
        let shape = self.shape.clone();
        (self.chapter, self.figures) = (name, Vec::new());
        let mut s =
            format!("title: {}\n", self.title(1, 4)) + &self.maybe(30, |g| format!("headline: {}\n", g.title(3, 14)));
        let intro = if index == 0 { self.text(shape.intro_words, shape.intro_words) } else { self.text(3, 80) };
        s += &format!("intro: {intro}\n{}", if shape.key_figures && index == 1 { "key_figures: true\n" } else { "" });
        let label = name.to_uppercase();
        let (n, crowded, words) = match (index, self.rng.between(1, 12)) {
            (0, _) => (shape.milestones, shape.in_one_year, shape.milestone_words),
            (_, n) => (n * self.rng.chance(30) as usize, self.rng.between(1, n), self.rng.between(1, 12)),
        };
        s += &if n > 0 { self.timeline(n, crowded, words, &label) } else { String::new() };
        let sections = if name == shape.busiest { shape.sections } else { self.rng.pick(&[0, 1, 2, 3, 4, 6]) };
        let mut body: String = (0..sections).map(|_| self.section()).collect();
        // The longest tables and the most callouts go to the chapter after the busiest one, so that
        // the busiest has exactly its number of sections.
        let busiest = shape.chapters.iter().position(|chapter| *chapter == shape.busiest).unwrap();
        if index == (busiest + 1) % shape.chapters.len() {
            body += &format!("  - heading: {}\n{}", self.title(1, 6), self.table(shape.table_rows));
            body += &format!("  - heading: {}\n{}", self.title(1, 6), self.figure_table(shape.table_rows));
            body += &format!("  - heading: {}\n{}", self.title(1, 6), self.callouts(shape.callouts));
        }
        s += &if body.is_empty() { "sections: []\n".into() } else { format!("sections:\n{body}") };
        s + &if self.figures.is_empty() { String::new() } else { format!("figures:\n{}", self.figures.concat()) }
    }

    fn report(&mut self) -> String {
        let shape = self.shape.clone();
        let (title, chapters) = (self.title(1, 4), shape.chapters.join(", "));
        let mut s = format!(
            "year: 2021\ntitle: {title}\nsubtitle: Voortgangsrapportage\nauthor: Stressbureau\n\
            published: 2022-05-01\nplan: {{from: 2019, to: 2022}}\nchapters: [{chapters}]\n"
        );
        s += &format!("inleiding: {}\n", self.text(shape.inleiding_words, shape.inleiding_words));
        s += &self.maybe(50, |g| format!("voorgeschiedenis: {{title: {}, text: {}}}\n", g.title(1, 6), g.text(1, 600)));
        let (lead, text) = (self.text(1, 120), self.text(shape.voorwoord_words, shape.voorwoord_words));
        let signatories: Vec<String> = (0..self.rng.between(1, 5))
            .map(|_| format!("{{name: {}, role: {}}}", self.title(2, 4), self.title(1, 12)))
            .collect();
        s + &format!("voorwoord:\n  lead: {lead}\n  text: {text}\n  signatories: [{}]\n", signatories.join(", "))
    }

    /// Key figures: 1-30 indicators in percent, Zuid behind the city at the baseline (a gap to close).
    fn indicators(&mut self) -> String {
        let mut s = format!(
            "title: {}\nareas: [{{id: stad, label: Rotterdam}}, {{id: zuid, label: Zuid}}]\n\
            ambition: {{subject: zuid, comparator: stad, closure_target: 25}}\n\
            footnotes: [{{id: basis, text: Basismeting.}}]\nindicators:\n",
            self.title(1, 8)
        );
        for i in 0..self.rng.extreme(1, 30) {
            let (label, polarity) = (self.title(1, 12), self.rng.pick(&["higher", "lower"]));
            let (stad, gap, now) = (self.rng.between(30, 70), self.rng.between(1, 25), self.rng.between(0, 100));
            let zuid = if polarity == "higher" { stad - gap } else { stad + gap };
            let baseline = format!("{{period: \"2011\", note: basis, values: {{stad: {stad}, zuid: {zuid}}}}}");
            s += &format!(
                "  - {{id: ind_{i}, label: {label}, period: \"2021\", unit: percent, polarity: {polarity}, \
                values: {{stad: {now}, zuid: {}}}, baseline: {baseline}}}\n",
                self.rng.between(0, 100)
            );
        }
        s
    }
}

/// Writes the edition of `seed` as `content/2021/` in a fresh project folder.
pub(super) fn generate(seed: u64) -> (tempfile::TempDir, Shape) {
    let mut rng = Rng::new(seed);
    let shape = Shape::new(seed, &mut rng);
    let mut g = Generator { rng, shape: shape.clone(), ..Default::default() };
    let mut files = vec![("report.yaml".to_owned(), g.report())];
    files.extend(shape.chapters.iter().enumerate().map(|(i, name)| (format!("{name}.yaml"), g.chapter(i, name))));
    files.extend(shape.key_figures.then(|| ("indicators.yaml".to_owned(), g.indicators())));
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files.iter().chain(&g.files) {
        let path = dir.path().join("content/2021").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (dir, shape)
}
