//! Render stage: the view models ([`view`], shared by every publication) through minijinja
//! templates into Typst sources, one virtual file per chapter so an edit recompiles only what
//! changed; [`web`] renders the same views into the web edition and [`data`] writes the numbers
//! behind them as CSV.
//!
//! Escaping is not optional: the Typst formatter prints every value as a Typst string literal
//! (`#"…";`) and the `typst` filter turns values into Typst literals; only prose, converted to
//! markup by [`markup`] from its resolved tree ([`prose`]), is printed as it is.

pub mod data;
pub mod escape;
pub mod markup;
pub mod prose;
pub mod view;
pub mod web;

use std::collections::BTreeMap;

use crate::charts::DrawnChart;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value};

use crate::diag::{Diagnostic, Location, Warned};
use crate::figures::Figures;
use crate::model::Edition;
use crate::nl::tie;
use crate::project::{LAYOUT_PATH, LayoutDecisions, MAIN_PATH, TypstSources, chapter_path, chart_path};
use crate::resources::Resources;

/// Template budget (minijinja fuel, roughly one unit per instruction): far above what a report
/// needs, low enough that a runaway loop stops within seconds instead of hanging the build.
const TEMPLATE_FUEL: u64 = 20_000_000;

/// Renders the edition into Typst sources with the templates in `resources`.
pub fn render(
    edition: &Edition,
    figures: &Figures,
    charts: &BTreeMap<String, DrawnChart>,
    resources: &Resources,
) -> Warned<TypstSources> {
    sources(edition, figures, charts, resources).into()
}

fn sources(
    edition: &Edition,
    figures: &Figures,
    charts: &BTreeMap<String, DrawnChart>,
    resources: &Resources,
) -> Result<TypstSources, Diagnostic> {
    let env = environment(resources)?;
    let mut files = vec![
        (MAIN_PATH.to_owned(), render_template(&env, "main.typ.j2", view::document(edition, figures))?),
        (LAYOUT_PATH.to_owned(), LayoutDecisions::default().source()),
    ];
    for chapter in &edition.chapters {
        let source = render_template(&env, "chapter.typ.j2", view::chapter(chapter, edition, figures, charts))?;
        files.push((chapter_path(&chapter.id), source));
    }
    let charts = edition
        .charts()
        .filter_map(|chart| charts.get(&chart.id).map(|drawn| (chart_path(&chart.id), drawn.svg.clone())))
        .collect();
    let photos = edition
        .chapters
        .iter()
        .flat_map(|chapter| &chapter.sections)
        .filter_map(|section| section.photo.as_ref())
        .map(|photo| (photo.virtual_path.clone(), photo.bytes.clone()))
        .collect();
    Ok(TypstSources { files, charts, photos })
}

fn environment(resources: &Resources) -> Result<Environment<'static>, Diagnostic> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_auto_escape_callback(|_| AutoEscape::Custom("typst".into()));
    env.set_formatter(|out, _state, value| {
        if let Some(prose) = value.downcast_object_ref::<prose::ProseMarkup>() {
            out.write_str(&prose.typst).map_err(Error::from)
        } else if value.is_safe() {
            write!(out, "{value}").map_err(Error::from)
        } else {
            out.write_str(&escape::markup_text(&tie(&value.to_string()))).map_err(Error::from)
        }
    });
    env.add_filter("typst", |value: Value| {
        Value::from_safe_string(escape::typst_value(&value, &|text| tie(text).into_owned()))
    });
    for (name, bytes) in resources.under("templates/") {
        let Some(template_name) = name.strip_prefix("templates/").filter(|n| n.ends_with(".typ.j2")) else {
            continue;
        };
        let source = String::from_utf8(bytes.to_vec())
            .map_err(|_| Diagnostic::error(Some(Location::file(name)), "the template is not valid UTF-8"))?;
        env.add_template_owned(template_name.to_owned(), source).map_err(|error| template_error(&error))?;
    }
    Ok(env)
}

fn render_template(env: &Environment<'_>, name: &str, context: impl serde::Serialize) -> Result<String, Diagnostic> {
    let template = env.get_template(name).map_err(|error| template_error(&error))?;
    template.render(minijinja::value::Serde(context)).map_err(|error| template_error(&error))
}

/// A template problem at `templates/<name>:<line>`.
fn template_error(error: &Error) -> Diagnostic {
    let location = error.name().map(|name| Location::new(format!("templates/{name}"), error.line().unwrap_or(0), 0));
    let message = match error.detail() {
        Some(detail) => format!("{}: {detail}", error.kind()),
        None => error.kind().to_string(),
    };
    let diagnostic = Diagnostic::error(location, format!("template: {message}"));
    match error.kind() {
        ErrorKind::OutOfFuel => diagnostic.with_hint("the template ran too long; look for a loop that does not end"),
        ErrorKind::UndefinedError => diagnostic.with_hint("the template uses a value the report does not have"),
        _ => diagnostic,
    }
}
