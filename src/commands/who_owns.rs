//! `portal who-owns TARGET`: the owner of an entity, a file or a folder, with its members
//! and parent groups; or what a Group or User owns. For paths, CODEOWNERS is consulted too.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use console::style;
use serde::Serialize;

use crate::catalog::{Entity, EntityRef};
use crate::cli::{GlobalArgs, WhoOwnsArgs};
use crate::config::{Config, Source};
use crate::error::Error;
use crate::graph::Graph;
use crate::graph::ownership::{OwnerInfo, owner_info, owners_of};
use crate::output::escape::{self, escape};
use crate::output::warn;
use crate::query::covering::{covering, covering_in_tree};
use crate::query::resolve::{Resolved, is_reference, party_refs, resolve};
use crate::source::Origins;
use crate::source::codeowners::{self, CodeOwners, InTree};

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
    /// Whether the entity is a Group or User (the answer is what it owns).
    #[serde(skip)]
    party: bool,
}

pub fn run(global: &GlobalArgs, args: &WhoOwnsArgs) -> Result<ExitCode, Error> {
    let (catalog, origins) = super::load_with_origins(global)?;
    let graph = Graph::new(&catalog.entities);
    let config = Config::load(&global.sources)?;
    let cache = crate::config::cache_dir().ok();
    let in_tree = if is_reference(&args.target) {
        None
    } else {
        codeowners::git_target(&config.sources, cache.as_deref(), &args.target).map_err(
            |message| Error::NotFound {
                message,
                hint: Some("give a path of the source's tree as `REPOSITORY#REF:PATH`, or a path in the repository's folder that the ref holds".into()),
            },
        )?
    };
    let answer = match in_tree {
        Some(t) => for_tree_path(&catalog.entities, &graph, &origins, &t, &args.target)?,
        None => answer(&catalog.entities, &graph, &config.sources, &args.target)?,
    };
    let mut out = crate::output::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &answer).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        human(&mut out, &answer)?;
    }
    out.flush()?;
    for o in answer.entities.iter().filter(|o| o.party) {
        for info in o.owners.iter().filter(|i| !i.owner.exists) {
            warn(&format!(
                "{} is not defined in the catalog, only referenced; add a descriptor for it",
                info.owner.entity_ref
            ));
        }
    }
    if answer.agree == Some(false) {
        warn(&format!(
            "CODEOWNERS and the catalog disagree about who owns {}",
            args.target
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// What `target` names: an entity (or a Group or User only referenced), or a path. A
/// reference with a kind is never a path.
fn answer(
    entities: &[Entity],
    graph: &Graph<'_>,
    sources: &[Source],
    target: &str,
) -> Result<Answer, Error> {
    let path = Path::new(target);
    if is_reference(target) {
        return for_reference(entities, graph, target);
    }
    let looks_like_path = target.contains(['/', '\\']) || target.starts_with('.');
    let names_entity = !matches!(resolve(entities, target), Resolved::Unknown(_));
    if looks_like_path && !names_entity && !path.exists() {
        // `./nowhere` is a path that is not there, not an entity to suggest names for.
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
        });
    }
    if path.exists() && (looks_like_path || !names_entity) {
        for_path(entities, graph, sources, path)
    } else {
        for_reference(entities, graph, target)
    }
}

/// The entity `target` names, or the Group or User it names that relations refer to but
/// no descriptor defines.
fn for_reference(entities: &[Entity], graph: &Graph<'_>, target: &str) -> Result<Answer, Error> {
    let undefined = || {
        party_refs(target)
            .iter()
            .find_map(|r| graph.find(r).filter(|n| graph.is_missing(*n)))
    };
    let owned = match resolve(entities, target) {
        Resolved::Unknown(_) if let Some(n) = undefined() => Owned {
            entity_ref: graph.entity_ref(n).clone(),
            owners: vec![owner_info(graph, n)],
            party: true,
        },
        _ => owned(super::find_one(entities, target)?, graph),
    };
    Ok(Answer {
        target: target.to_string(),
        entities: vec![owned],
        codeowners: None,
        agree: None,
    })
}

/// For a Group or User: itself (what it owns); otherwise its owners.
fn owned(e: &Entity, graph: &Graph<'_>) -> Owned {
    let n = graph.find(e.entity_ref()).expect("every entity is a node");
    let party = matches!(e.kind.as_str(), "Group" | "User");
    let owners = if party { vec![n] } else { owners_of(graph, n) };
    Owned {
        entity_ref: e.entity_ref().clone(),
        owners: owners.into_iter().map(|o| owner_info(graph, o)).collect(),
        party,
    }
}

/// The entities `path` belongs to (`query::covering`), and CODEOWNERS.
fn for_path(
    entities: &[Entity],
    graph: &Graph<'_>,
    sources: &[Source],
    path: &Path,
) -> Result<Answer, Error> {
    let abs = std::fs::canonicalize(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let found = covering(entities, &abs, abs.is_dir());
    if found.is_empty() {
        return Err(Error::NotFound {
            message: format!("nothing in {} is in the catalog", path.display()),
            hint: Some("no descriptor with an owner is in this folder or below it, nor in a folder above it; `portal list` shows what the catalog holds".into()),
        });
    }
    let owned: Vec<Owned> = found.iter().map(|e| owned(e, graph)).collect();
    // CODEOWNERS at the root of the repository, or of the folder source, the path is in.
    let roots: Vec<PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Dir(d) | Source::App { dir: d, .. } => std::fs::canonicalize(d).ok(),
            _ => None,
        })
        .collect();
    let codeowners =
        codeowners::root_for(&abs, &roots).and_then(|root| codeowners::owners_of(&root, &abs));
    let target = path.to_string_lossy().into_owned();
    Ok(with_codeowners(target, owned, codeowners))
}

/// A path inside a git source (`REPOSITORY#REF:PATH`, or a path in a local repository
/// source's folder): the source's entities that cover it, and the CODEOWNERS of its tree.
fn for_tree_path(
    entities: &[Entity],
    graph: &Graph<'_>,
    origins: &Origins,
    t: &InTree,
    target: &str,
) -> Result<Answer, Error> {
    let found = covering_in_tree(
        entities,
        origins,
        t.opened.origin_repo(),
        t.opened.reference(),
        &t.rel,
        t.is_dir,
    );
    if found.is_empty() {
        return Err(Error::NotFound {
            message: format!(
                "nothing in {} is in the catalog",
                t.opened.shown_path(&t.rel).display()
            ),
            hint: Some("no descriptor with an owner is at this path of the source's ref, below it, or in a folder above it; `portal list` shows what the catalog holds".into()),
        });
    }
    let owned: Vec<Owned> = found.iter().map(|e| owned(e, graph)).collect();
    let codeowners = codeowners::owners_in_tree(&t.opened, &t.rel, t.is_dir);
    Ok(with_codeowners(target.to_string(), owned, codeowners))
}

/// The answer for a path, with whether CODEOWNERS agrees with the catalog.
fn with_codeowners(target: String, owned: Vec<Owned>, codeowners: Option<CodeOwners>) -> Answer {
    let agree = codeowners.as_ref().map(|c| {
        let names: Vec<String> = c.owners.iter().map(|o| codeowners::owner_name(o)).collect();
        owned.iter().flat_map(|o| &o.owners).any(|info| {
            std::iter::once(&info.owner.entity_ref.name)
                .chain(info.members.iter().map(|m| &m.entity_ref.name))
                .any(|n| names.iter().any(|x| x == n.as_str()))
        })
    });
    Answer {
        target,
        entities: owned,
        codeowners,
        agree,
    }
}

fn human(out: &mut impl Write, a: &Answer) -> std::io::Result<()> {
    for o in &a.entities {
        if o.party {
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
    for o in a.entities.iter().filter(|o| !o.party) {
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
