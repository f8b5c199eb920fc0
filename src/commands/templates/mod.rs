//! `portal templates`: the templates `portal create` offers, built-in and from the catalog;
//! `portal templates test` in `test`.

mod test;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::{GlobalArgs, TemplatesAction, TemplatesArgs};
use crate::error::Error;
use crate::output::escape;
use crate::output::table::Rows;
use crate::scaffold::template::{Origin, Template};
use crate::scaffold::upgrade::{self, InGit, Ready};
use crate::source::{Origins, git};

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

/// `template` ready to render: a catalog template of a git source (a local repository
/// read at a ref, or a synced remote) has its skeleton in the object database, not on
/// disk, so its folder is checked out of it; any other is used where it is.
pub fn ready(template: Template, origins: &Origins) -> Result<Ready, Error> {
    let origin = template
        .file
        .as_ref()
        .filter(|_| template.origin == Origin::Catalog)
        .and_then(|f| origins.get(f));
    let Some(origin) = origin else {
        return Ok(Ready::at_hand(template));
    };
    let repository = if origin.remote {
        crate::config::cache_dir()?.join(git::cache_name(&origin.repo))
    } else {
        PathBuf::from(&origin.repo)
    };
    let at = InGit {
        repository,
        reference: origin.reference.clone(),
        commit: origin.commit.clone(),
        file: origin.path.clone(),
    };
    upgrade::from_git(&template, &at).map_err(|e| {
        Error::Usage(format!(
            "template {} ({}): {e}",
            escape::escape(&template.name),
            escape::escape(&template.location)
        ))
    })
}

pub fn available_in(entities: &[crate::catalog::Entity]) -> Vec<Template> {
    let mut all = crate::scaffold::template::builtin();
    all.extend(crate::scaffold::template::from_catalog(entities));
    all
}
