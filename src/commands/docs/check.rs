//! `portal docs check [ENTITY…]`: every docs problem, in `validate`'s formats and with its
//! exit codes (docs/docs.md#checking).

use std::io::Write;
use std::process::ExitCode;

use crate::catalog::Entity;
use crate::cli::{DocsCheckArgs, GlobalArgs, ValidateFormat};
use crate::docs;
use crate::error::Error;
use crate::output::diagnostics;

pub fn run(global: &GlobalArgs, args: &DocsCheckArgs) -> Result<ExitCode, Error> {
    let (catalog, origins) = crate::commands::load_with_origins(global)?;
    let super::Reading {
        config, sources, ..
    } = super::reading(global, origins)?;
    let chosen: Vec<&Entity> = if args.entities.is_empty() {
        catalog
            .entities
            .iter()
            .filter(|e| docs::has_docs(e))
            .collect()
    } else {
        args.entities
            .iter()
            .map(|n| crate::commands::find_one(&catalog.entities, n))
            .collect::<Result<_, _>>()?
    };
    let (diagnostics, summary) =
        docs::check::diagnostics(&catalog.entities, &chosen, &sources, &config, args.strict);
    let mut out = crate::output::stdout();
    match args.format {
        ValidateFormat::Human => {
            diagnostics::human_list(&mut out, &diagnostics)?;
            writeln!(
                out,
                "{} in {} docs {} ({} {})",
                diagnostics::verdict(summary.errors, summary.warnings),
                summary.sites,
                diagnostics::plural(summary.sites, "site"),
                summary.pages,
                diagnostics::plural(summary.pages, "page"),
            )?;
        }
        ValidateFormat::Json => diagnostics::json_with(&mut out, &summary, &diagnostics)?,
        ValidateFormat::Github => diagnostics::github(&mut out, &diagnostics)?,
        ValidateFormat::Sarif => diagnostics::sarif(&mut out, &diagnostics)?,
    }
    out.flush()?;
    Ok(if summary.errors > 0 {
        ExitCode::from(crate::error::exit::FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}
