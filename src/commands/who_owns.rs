//! `portal who-owns TARGET`: the owner of an entity, a file or a folder, with its members
//! and parent groups; or what a Group or User owns. For paths, CODEOWNERS is consulted too.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use console::style;
use serde::Serialize;

use crate::catalog::{Entity, EntityRef};
use crate::cli::{GlobalArgs, WhoOwnsArgs};
use crate::error::Error;
use crate::graph::Graph;
use crate::graph::ownership::{OwnerInfo, owner_info, owners_of};
use crate::output::escape::{self, escape};
use crate::query::resolve::{Resolved, resolve};
use crate::source::codeowners::{self, CodeOwners};

use super::show::party;

/// `portal who-owns --json` (docs/json.md).
#[derive(Serialize)]
struct Answer {
    target: String,
    /// The entities the target names or lies in.
    entities: Vec<Owned>,
    /// For paths: the CODEOWNERS rule that covers it.
    codeowners: Option<CodeOwners>,
    /// For paths with both: whether CODEOWNERS names the catalog owner (or one of its members).
    agree: Option<bool>,
}

#[derive(Serialize)]
struct Owned {
    #[serde(rename = "ref")]
    entity_ref: EntityRef,
    owners: Vec<OwnerInfo>,
}

pub fn run(global: &GlobalArgs, args: &WhoOwnsArgs) -> Result<ExitCode, Error> {
    let catalog = super::load(global)?;
    let graph = Graph::new(&catalog.entities);
    let path = Path::new(&args.target);
    let looks_like_path = args.target.contains(['/', '\\']) || args.target.starts_with('.');
    let names_entity = !matches!(
        resolve(&catalog.entities, &args.target),
        Resolved::Unknown(_)
    );
    if looks_like_path && !names_entity && !path.exists() {
        // `./nowhere` is a path that is not there, not an entity to suggest names for.
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        });
    }
    let answer = if path.exists() && (looks_like_path || !names_entity) {
        for_path(&catalog.entities, &graph, path)?
    } else {
        let e = super::find_one(&catalog.entities, &args.target)?;
        Answer {
            target: args.target.clone(),
            entities: vec![owned(e, &graph)],
            codeowners: None,
            agree: None,
        }
    };
    let mut out = crate::output::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &answer).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        human(&mut out, &catalog.entities, &answer)?;
    }
    out.flush()?;
    if answer.agree == Some(false) {
        eprintln!(
            "{} CODEOWNERS and the catalog disagree about who owns {}",
            style("warning:").for_stderr().yellow().bold(),
            escape(&args.target)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// For a Group or User: itself (what it owns); otherwise its owners.
fn owned(e: &Entity, graph: &Graph<'_>) -> Owned {
    let n = graph.find(&e.entity_ref()).expect("every entity is a node");
    let owners = if matches!(e.kind.as_str(), "Group" | "User") {
        vec![n]
    } else {
        owners_of(graph, n)
    };
    Owned {
        entity_ref: e.entity_ref(),
        owners: owners.into_iter().map(|o| owner_info(graph, o)).collect(),
    }
}

/// The entities whose descriptor folder is the nearest ancestor of `path` (or whose
/// `backstage.io/source-location` is a `dir:` covering it), and CODEOWNERS.
fn for_path(entities: &[Entity], graph: &Graph<'_>, path: &Path) -> Result<Answer, Error> {
    let abs = std::fs::canonicalize(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut best: Option<(usize, Vec<&Entity>)> = None;
    for e in entities {
        for dir in covered_dirs(e) {
            if !abs.starts_with(&dir) {
                continue;
            }
            let depth = dir.components().count();
            match &mut best {
                Some((d, list)) if *d == depth => list.push(e),
                Some((d, _)) if *d > depth => {}
                _ => best = Some((depth, vec![e])),
            }
        }
    }
    let Some((_, mut found)) = best else {
        return Err(Error::NotFound {
            message: format!("no catalog entity covers {}", path.display()),
            hint: Some("a path belongs to the entity whose catalog-info.yaml is in the nearest folder above it".into()),
        });
    };
    found.dedup_by(|a, b| a.entity_ref() == b.entity_ref());
    let owned: Vec<Owned> = found.iter().map(|e| owned(e, graph)).collect();
    let codeowners =
        codeowners::repo_root(&abs).and_then(|root| codeowners::owners_of(&root, &abs));
    let agree = codeowners.as_ref().map(|c| {
        let names: Vec<String> = c.owners.iter().map(|o| codeowners::owner_name(o)).collect();
        owned.iter().flat_map(|o| &o.owners).any(|info| {
            std::iter::once(&info.owner.entity_ref.name)
                .chain(info.members.iter().map(|m| &m.entity_ref.name))
                .any(|n| names.contains(n))
        })
    });
    Ok(Answer {
        target: path.to_string_lossy().into_owned(),
        entities: owned,
        codeowners,
        agree,
    })
}

fn covered_dirs(e: &Entity) -> Vec<PathBuf> {
    let Some(dir) = e.file.parent().and_then(|d| {
        std::fs::canonicalize(if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        })
        .ok()
    }) else {
        return Vec::new();
    };
    let mut out = vec![dir.clone()];
    let source = e
        .metadata()
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.get("backstage.io/source-location"))
        .and_then(|s| s.as_str());
    if let Some(rel) = source.and_then(|s| s.strip_prefix("dir:"))
        && let Ok(p) = std::fs::canonicalize(dir.join(rel))
    {
        out.push(p);
    }
    out
}

fn human(out: &mut impl Write, entities: &[Entity], a: &Answer) -> std::io::Result<()> {
    for o in &a.entities {
        let kind = entities
            .iter()
            .find(|e| e.entity_ref() == o.entity_ref)
            .map_or("", |e| e.kind.as_str());
        if matches!(kind, "Group" | "User") {
            for info in &o.owners {
                writeln!(
                    out,
                    "{} owns {} {}",
                    style(party(&info.owner)).bold(),
                    info.owns.len(),
                    if info.owns.len() == 1 {
                        "entity"
                    } else {
                        "entities"
                    }
                )?;
                for r in &info.owns {
                    writeln!(out, "  {r}")?;
                }
                details(out, info, false)?;
            }
            continue;
        }
        if o.owners.is_empty() {
            writeln!(out, "{} has no owner", style(&o.entity_ref).bold())?;
        }
    }
    // Entities with the same owner (a component and its API) are told together.
    let mut groups: Vec<(&OwnerInfo, Vec<String>)> = Vec::new();
    for o in a
        .entities
        .iter()
        .filter(|o| !is_party(entities, &o.entity_ref))
    {
        for info in &o.owners {
            match groups
                .iter_mut()
                .find(|(i, _)| i.owner.entity_ref == info.owner.entity_ref)
            {
                Some((_, refs)) => refs.push(o.entity_ref.to_string()),
                None => groups.push((info, vec![o.entity_ref.to_string()])),
            }
        }
    }
    for (info, refs) in groups {
        let verb = if refs.len() == 1 { "is" } else { "are" };
        writeln!(
            out,
            "{} {verb} owned by {}",
            style(refs.join(", ")).bold(),
            style(party(&info.owner)).bold()
        )?;
        details(out, info, true)?;
    }
    if let Some(c) = &a.codeowners {
        writeln!(
            out,
            "  {:<15}{} ({}:{}: {})",
            style("CODEOWNERS").cyan(),
            escape(&c.owners.join(" ")),
            escape::path(&c.file),
            c.line,
            escape(&c.pattern)
        )?;
    }
    Ok(())
}

fn is_party(entities: &[Entity], r: &EntityRef) -> bool {
    entities
        .iter()
        .any(|e| e.entity_ref() == *r && matches!(e.kind.as_str(), "Group" | "User"))
}

fn details(out: &mut impl Write, info: &OwnerInfo, also: bool) -> std::io::Result<()> {
    if !info.parent_chain.is_empty() {
        let chain: Vec<String> = info
            .parent_chain
            .iter()
            .map(|p| p.entity_ref.to_string())
            .collect();
        writeln!(
            out,
            "  {:<15}{}",
            style("parent groups").cyan(),
            chain.join(" → ")
        )?;
    }
    for (i, m) in info.members.iter().enumerate() {
        writeln!(
            out,
            "  {:<15}{}",
            style(if i == 0 { "members" } else { "" }).cyan(),
            party(m)
        )?;
    }
    if also && !info.owns_by_kind.is_empty() {
        let counts: Vec<String> = info
            .owns_by_kind
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        writeln!(out, "  {:<15}{}", style("owns").cyan(), counts.join(", "))?;
    }
    Ok(())
}
