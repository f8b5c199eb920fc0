//! `portal templates`: the templates `portal create` offers, built-in and from the catalog;
//! `portal templates test` in `test`.

mod test;

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::{GlobalArgs, TemplatesAction, TemplatesArgs};
use crate::error::Error;
use crate::output::table::Rows;
use crate::scaffold::template::{Origin, Template};

#[derive(Serialize)]
struct Listed<'a> {
    name: &'a str,
    #[serde(rename = "ref")]
    entity_ref: &'a str,
    title: Option<&'a str>,
    description: Option<&'a str>,
    origin: Origin,
    location: &'a str,
}

pub fn run(global: &GlobalArgs, args: &TemplatesArgs) -> Result<ExitCode, Error> {
    if let Some(TemplatesAction::Test(test_args)) = &args.action {
        return test::run(global, test_args);
    }
    let all = available(global)?;
    let mut out = crate::output::stdout();
    if args.json {
        let listed: Vec<Listed<'_>> = all
            .iter()
            .map(|t| Listed {
                name: &t.name,
                entity_ref: &t.entity_ref,
                title: t.title.as_deref(),
                description: t.description.as_deref(),
                origin: t.origin,
                location: &t.location,
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &listed).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let mut t = Rows::new(&["NAME", "TITLE", "FROM", "DESCRIPTION"])
            .shrink("DESCRIPTION")
            .optional(&["FROM", "TITLE", "DESCRIPTION"]);
        for tpl in &all {
            let from = match tpl.origin {
                Origin::Builtin => "built-in".to_string(),
                _ => tpl.location.clone(),
            };
            t.row([
                tpl.name.clone(),
                tpl.title.clone().unwrap_or_default(),
                from,
                tpl.description.clone().unwrap_or_default(),
            ]);
        }
        t.write(&mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Built-in templates, then the catalog's Template entities.
pub fn available(global: &GlobalArgs) -> Result<Vec<Template>, Error> {
    let catalog = super::load(global)?;
    Ok(available_in(&catalog.entities))
}

pub fn available_in(entities: &[crate::catalog::Entity]) -> Vec<Template> {
    let mut all = crate::scaffold::template::builtin();
    all.extend(crate::scaffold::template::from_catalog(entities));
    all
}
