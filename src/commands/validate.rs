//! `portal validate [PATH…]`: Backstage's verdict on every document, plus portal's checks.

use std::io::Write;
use std::process::ExitCode;

use crate::catalog::Severity;
use crate::cli::{GlobalArgs, ValidateArgs, ValidateFormat};
use crate::error::{Error, exit};
use crate::graph::checks;
use crate::output::diagnostics;

/// Rules that are portal's own: warnings, or errors under `--strict`.
pub const PORTAL_RULES: &[&str] = &[
    "dangling-reference",
    "owner-kind",
    "overwritten-entity",
    "conflicting-entity",
    "dependency-cycle",
    "location-target-missing",
];

pub fn run(global: &GlobalArgs, args: &ValidateArgs) -> Result<ExitCode, Error> {
    let mut catalog = super::scan(global, &args.paths, !args.no_follow)?;
    catalog.diagnostics.extend(checks::check(&catalog.entities));
    // The one place `--strict` acts: portal's own rules become errors.
    for d in &mut catalog.diagnostics {
        if args.strict && PORTAL_RULES.contains(&&*d.rule) {
            d.severity = Severity::Error;
        }
    }
    catalog.sort();
    if catalog.files == 0 {
        eprintln!(
            "{} no catalog files found; portal looks for catalog-info.yaml and catalog-info.yml (more patterns in portal.yaml)",
            console::style("warning:").for_stderr().yellow().bold()
        );
    }
    let mut out = crate::output::stdout();
    match args.format {
        ValidateFormat::Human => diagnostics::human(&mut out, &catalog)?,
        ValidateFormat::Json => diagnostics::json(&mut out, &catalog)?,
        ValidateFormat::Github => diagnostics::github(&mut out, &catalog)?,
        ValidateFormat::Sarif => diagnostics::sarif(&mut out, &catalog)?,
    }
    out.flush()?;
    let code = if catalog.errors() > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    };
    // Not freed, as a query's catalog is not (see `load`): the process ends here.
    std::mem::forget(catalog);
    Ok(ExitCode::from(code))
}
