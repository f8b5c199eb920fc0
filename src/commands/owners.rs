//! `portal owners`: what each owner owns, what has no owner or a missing one, and the
//! groups that own nothing. `--fail-on-unowned` makes it a CI gate.

use std::io::Write;
use std::process::ExitCode;

use console::style;

use crate::cli::{GlobalArgs, OwnersArgs};
use crate::error::{Error, exit};
use crate::graph::Graph;
use crate::graph::ownership::report;
use crate::output::escape::escape;

use super::show::party;

pub fn run(global: &GlobalArgs, args: &OwnersArgs) -> Result<ExitCode, Error> {
    let catalog = super::load(global)?;
    let graph = Graph::new(&catalog.entities);
    let r = report(&graph);
    let mut out = crate::output::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &r).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        if r.owners.is_empty()
            && r.unowned.is_empty()
            && r.missing_owner.is_empty()
            && r.idle_groups.is_empty()
        {
            writeln!(out, "nothing in this catalog has an owner, or needs one")?;
        }
        for line in &r.owners {
            writeln!(
                out,
                "{} owns {}",
                style(party(&line.owner)).bold(),
                line.owns.len()
            )?;
            for o in &line.owns {
                writeln!(out, "  {}", escape(&o.to_string()))?;
            }
        }
        let section =
            |out: &mut dyn Write, title: &str, items: Vec<String>| -> std::io::Result<()> {
                if !items.is_empty() {
                    writeln!(out, "\n{}", style(title).yellow().bold())?;
                    for i in items {
                        writeln!(out, "  {}", escape(&i))?;
                    }
                }
                Ok(())
            };
        section(
            &mut out,
            "no owner",
            r.unowned.iter().map(ToString::to_string).collect(),
        )?;
        section(
            &mut out,
            "owner not in the catalog",
            r.missing_owner
                .iter()
                .map(|(e, o)| format!("{e} → {o}"))
                .collect(),
        )?;
        section(
            &mut out,
            "groups that own nothing",
            r.idle_groups.iter().map(ToString::to_string).collect(),
        )?;
    }
    out.flush()?;
    let failing = args.fail_on_unowned && !(r.unowned.is_empty() && r.missing_owner.is_empty());
    Ok(ExitCode::from(if failing {
        exit::FINDINGS
    } else {
        exit::OK
    }))
}
