//! The web edition: the same view models as the PDF through HTML templates (`templates/web/`),
//! one page per chapter beside a cover page, the appendix and the colofon, with the bundled
//! fonts, a style sheet, the photos and every chart as inline SVG.
//!
//! Escaping is the template engine's: minijinja's HTML auto-escape prints every value escaped,
//! prose is printed by the templates' `prose` macros from its tree (never as ready markup), and
//! the only values marked safe are the charts' SVG, which plotters writes with its text escaped.
//! Nothing is loaded from outside the site and nothing runs: no scripts at all.

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;

use super::prose::ProseMarkup;
use super::{TEMPLATE_FUEL, data, template_error, view};
use crate::charts::DrawnChart;
use crate::diag::{Diagnostic, Location};
use crate::figures::Figures;
use crate::model::Edition;
use crate::nl::tie;
use crate::project::FileSet;
use crate::resources::Resources;

/// The web templates' folder among the templates.
const WEB: &str = "templates/web/";
/// The pages of the web edition besides the chapters'.
const RESERVED: [&str; 3] = ["index.html", "bijlage.html", "colofon.html"];

/// Where the site's pages and files lie relative to each other, and to the PDF and the data
/// beside the site's folder (`../zuid-op-koers-2020.pdf`).
#[derive(Debug, Serialize)]
struct SiteView {
    title: String,
    subtitle: String,
    year: i32,
    pages: Vec<PageLink>,
    pdf: Option<String>,
    data: Option<String>,
    date: String,
}

#[derive(Debug, Serialize)]
struct PageLink {
    file: String,
    title: String,
}

/// A chart as the web shows it: the SVG with its role and label, its data table and CSV.
#[derive(Debug, Serialize)]
struct WebChart {
    number: usize,
    anchor: String,
    svg: Value,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    csv: Option<String>,
}

/// Where the web edition finds the publications beside it, as written by this build.
#[derive(Debug, Clone, Default)]
pub struct Neighbours {
    /// The PDF's file name (`zuid-op-koers-2020.pdf`), when the build writes it.
    pub pdf: Option<String>,
    /// The data folder's name (`zuid-op-koers-2020-data`), when the build writes it.
    pub data: Option<String>,
}

/// A relative URL for a file name or path: every part percent-encoded (`foto #1.png` →
/// `foto%20%231.png`), the slashes kept.
pub fn url_path(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    path.split('/')
        .map(|part| percent_encoding::utf8_percent_encode(part, KEEP).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// Renders the web edition; it links to the PDF and the data in `neighbours`, beside its folder.
pub fn site(
    edition: &Edition,
    figures: &Figures,
    charts: &BTreeMap<String, DrawnChart>,
    resources: &Resources,
    neighbours: &Neighbours,
    edition_dir: &std::path::Path,
) -> Result<FileSet, Diagnostic> {
    let data_folder = neighbours.data.as_ref().map(|name| format!("../{}/", url_path(name)));
    let env = environment(resources, data_folder.as_deref())?;
    let mut pages = vec![PageLink { file: "index.html".to_owned(), title: "Inleiding".to_owned() }];
    pages.extend(edition.chapters.iter().map(|c| PageLink { file: format!("{}.html", c.id), title: c.title.clone() }));
    let document = view::document(edition, figures);
    if let Some(appendix) = &document.appendix {
        pages.push(PageLink { file: "bijlage.html".to_owned(), title: appendix.title.clone() });
    }
    if document.colofon.is_some() || document.partners.is_some() {
        pages.push(PageLink { file: "colofon.html".to_owned(), title: "Colofon".to_owned() });
    }
    // A chapter file named index.yaml, bijlage.yaml or colofon.yaml would take a page's place.
    for (at, link) in pages.iter().enumerate().skip(1) {
        if pages[..at].iter().any(|earlier| earlier.file == link.file)
            || (at <= edition.chapters.len() && RESERVED.contains(&link.file.as_str()))
        {
            let chapter = link.file.trim_end_matches(".html");
            return Err(Diagnostic::error(
                Some(Location::file(edition_dir.join(format!("{chapter}.yaml")))),
                format!("the web edition has a page {} of its own; a chapter cannot be named `{chapter}`", link.file),
            )
            .with_hint("rename the chapter file (and its entry in report.yaml's list of chapters)"));
        }
    }
    let site = SiteView {
        title: edition.title.clone(),
        // With the year, as on the PDF's cover, unless it names the year already.
        subtitle: match edition.subtitle.contains(&edition.year.to_string()) {
            true => edition.subtitle.clone(),
            false => format!("{} {}", edition.subtitle, edition.year).trim().to_owned(),
        },
        year: edition.year,
        pages,
        pdf: neighbours.pdf.as_ref().map(|name| format!("../{}", url_path(name))),
        data: data_folder.clone(),
        date: document.date.text.clone(),
    };
    let web_charts = web_charts(edition, charts, site.data.as_deref());
    let mut files = FileSet::default();
    let mut page = |file: &str, template: &str, context: Value| -> Result<(), Diagnostic> {
        let context = minijinja::context! { site => Serde(&site), file => file, ..context };
        let html = render(&env, template, context)?;
        files.0.insert(file.to_owned(), html.into_bytes());
        Ok(())
    };
    page("index.html", "index.html.j2", minijinja::context! { document => Serde(&document) })?;
    for chapter in &edition.chapters {
        let chapter_view = view::chapter(chapter, edition, figures, charts);
        let file = format!("{}.html", chapter.id);
        page(
            &file,
            "chapter.html.j2",
            minijinja::context! { chapter => Serde(chapter_view), charts => Serde(&web_charts) },
        )?;
    }
    if document.appendix.is_some() {
        page("bijlage.html", "appendix.html.j2", minijinja::context! { document => Serde(&document) })?;
    }
    if document.colofon.is_some() || document.partners.is_some() {
        page("colofon.html", "colofon.html.j2", minijinja::context! { document => Serde(&document) })?;
    }
    files.0.extend(static_files(edition, resources)?);
    Ok(files)
}

/// The charts by the path the chapter views name them by.
fn web_charts(
    edition: &Edition,
    charts: &BTreeMap<String, DrawnChart>,
    data_folder: Option<&str>,
) -> BTreeMap<String, WebChart> {
    edition
        .charts()
        .enumerate()
        .filter_map(|(at, chart)| {
            let drawn = charts.get(&chart.id)?;
            let number = at + 1;
            let anchor = format!("grafiek-{number}");
            // The SVG names its label by id; the label itself is printed by the template.
            let svg = drawn.svg.replacen(
                "<svg ",
                &format!(r#"<svg role="img" aria-labelledby="{anchor}-titel {anchor}-beschrijving" "#),
                1,
            );
            let rows = drawn
                .data
                .rows
                .iter()
                .map(|row| {
                    let cells = row.cells.iter().map(|cell| cell.map_or("–".to_owned(), |figure| figure.text()));
                    std::iter::once(row.label.clone()).chain(cells).collect()
                })
                .collect();
            let web = WebChart {
                number,
                anchor,
                svg: Value::from_safe_string(svg),
                columns: drawn.data.columns.clone(),
                rows,
                csv: data_folder.map(|folder| format!("{folder}{}", data::chart_file(number))),
            };
            Some((crate::project::chart_path(&chart.id), web))
        })
        .collect()
}

/// The style sheet, the fonts and the photos, at the paths the pages use.
fn static_files(edition: &Edition, resources: &Resources) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut files = Vec::new();
    let style = format!("{WEB}style.css");
    let css = resources.get(&style).ok_or_else(|| Diagnostic::error(Some(Location::file(&style)), "is missing"))?;
    files.push(("style.css".to_owned(), css.to_vec()));
    // The fonts the style sheet names (`url("fonts/Lato-Bold.ttf")`), from assets/fonts/: an
    // override of the style sheet brings the fonts it names.
    let css_text = String::from_utf8_lossy(css).into_owned();
    let fonts = css_text.split("url(\"fonts/").skip(1).filter_map(|rest| rest.split('"').next());
    for font in fonts {
        let path = format!("assets/fonts/{font}");
        let bytes = resources.get(&path).filter(|_| crate::read::is_plain_relative(font)).ok_or_else(|| {
            Diagnostic::error(
                Some(Location::file(&style)),
                format!("names the font fonts/{font}, which is not in assets/fonts/"),
            )
        })?;
        files.push((format!("fonts/{font}"), bytes.to_vec()));
    }
    let photos = edition.chapters.iter().flat_map(|c| &c.sections).filter_map(|s| s.photo.as_ref());
    files.extend(photos.map(|photo| (photo_file(&photo.virtual_path), photo.bytes.to_vec())));
    Ok(files)
}

/// A photo's path in the site, from its path in the Typst project (`/photos/images/x.jpg`).
fn photo_file(virtual_path: &str) -> String {
    virtual_path.trim_start_matches('/').to_owned()
}

fn environment(resources: &Resources, data_folder: Option<&str>) -> Result<Environment<'static>, Diagnostic> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(|out, state, value| {
        if value.downcast_object_ref::<ProseMarkup>().is_some() {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "prose is printed with the `prose.blocks` macro (import it from prose.html.j2)",
            ));
        }
        match value.as_str().filter(|_| !value.is_safe()) {
            // Dutch typography as in the PDF: a number stays on one line with its unit.
            Some(text) => minijinja::escape_formatter(out, state, &Value::from(tie(text).into_owned())),
            None => minijinja::escape_formatter(out, state, value),
        }
    });
    env.add_filter("photo_file", |path: String| url_path(&photo_file(&path)));
    // The data files' names, made where the data is written so a link cannot miss its file.
    env.add_global("data_folder", Value::from(data_folder.map(str::to_owned)));
    env.add_global("key_figures_csv", data::KEY_FIGURES_FILE);
    env.add_global("activities_csv", data::ACTIVITIES_FILE);
    env.add_function("realisation_csv", |id: String| url_path(&data::realisation_file(&id)));
    env.add_function("figure_table_csv", |chapter: String, title: String| {
        url_path(&data::figure_table_file(&chapter, &title))
    });
    for (name, bytes) in resources.under(WEB) {
        let Some(template_name) = name.strip_prefix(WEB).filter(|n| n.ends_with(".html.j2")) else { continue };
        let source = String::from_utf8(bytes.to_vec())
            .map_err(|_| Diagnostic::error(Some(Location::file(name)), "the template is not valid UTF-8"))?;
        env.add_template_owned(template_name.to_owned(), source).map_err(|error| web_template_error(&error))?;
    }
    Ok(env)
}

fn render(env: &Environment<'_>, name: &str, context: Value) -> Result<String, Diagnostic> {
    let template = env.get_template(name).map_err(|error| web_template_error(&error))?;
    template.render(context).map_err(|error| web_template_error(&error))
}

/// A template problem at `templates/web/<name>:<line>`.
fn web_template_error(error: &Error) -> Diagnostic {
    let mut diagnostic = template_error(error);
    if let Some(location) = &mut diagnostic.location {
        location.path = location.path.replacen("templates/", WEB, 1);
    }
    diagnostic
}

/// The page `koers watch --serve` shows while the last rebuild failed: its problems as printed on
/// the terminal (`file:line:col`), escaped like every other text.
pub fn problems_page(title: &str, report: &str) -> String {
    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"/>\
        <title>Bouwen mislukt – {{ title }}</title></head>\n<body>\n<main>\n<h1>Bouwen mislukt</h1>\n\
        <p>De laatste wijziging bouwt niet; de vorige versie blijft staan. Deze pagina ververst zodra \
        het bouwen weer lukt.</p>\n<pre>{{ report }}</pre>\n</main>\n</body>\n</html>\n";
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.render_str(PAGE, minijinja::context! { title => title, report => report })
        .unwrap_or_else(|error| format!("<!DOCTYPE html><title>koers</title><pre>{}</pre>", error.kind()))
}
