//! `portal show REF`: everything about one entity.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use console::style;
use serde::Serialize;
use serde_json::Value;

use crate::catalog::{Definition, Entity, EntityRef};
use crate::cli::{GlobalArgs, ShowArgs};
use crate::error::Error;
use crate::graph::Graph;
use crate::graph::ownership::Party;
use crate::output::entities::api_json;
use crate::output::escape::{cut, escape};
use crate::output::relative;
use crate::output::table::{layout_width, packed};

/// Characters of one value `show` prints; `--json` has it whole.
const MAX_VALUE: usize = 10_000;
use crate::query::api::{ApiSummary, summarize};

/// `portal show --json` (docs/json.md).
#[derive(Serialize)]
struct Shown {
    entity: Value,
    owner: Option<Party>,
    system: Option<EntityRef>,
    domain: Option<EntityRef>,
    #[serde(rename = "definedIn")]
    defined_in: Location,
    /// The other definitions of the same reference, which Backstage ignores.
    #[serde(rename = "alsoDefinedIn")]
    also_defined_in: Vec<Place>,
    relations: BTreeMap<&'static str, Vec<EntityRef>>,
    api: Option<ApiInfo>,
}

#[derive(Serialize)]
struct Location {
    file: String,
    line: u32,
    doc: usize,
    /// For git sources: the repository (URL without credentials, or local path).
    #[serde(skip_serializing_if = "Option::is_none")]
    repository: Option<String>,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<String>,
    /// The descriptor's path inside the repository.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
}

/// A definition left out: `file:line:column` of its name, and its document.
#[derive(Serialize)]
struct Place {
    file: String,
    line: u32,
    column: u32,
    doc: usize,
}

impl Place {
    fn of(d: &Definition, origins: &crate::source::Origins) -> Place {
        Place {
            file: shown_file(&d.file, origins.get(&d.file)),
            line: d.pos.line,
            column: d.pos.col,
            doc: d.doc,
        }
    }
}

#[derive(Serialize)]
struct ApiInfo {
    definition: ApiSummary,
    providers: Vec<EntityRef>,
    consumers: Vec<EntityRef>,
}

pub fn run(global: &GlobalArgs, args: &ShowArgs) -> Result<ExitCode, Error> {
    let (catalog, origins) = super::load_with_origins(global)?;
    let e = super::find_one(&catalog.entities, &args.entity)?;
    let graph = Graph::new(&catalog.entities);
    let mut shown = describe(e, &graph, origins.get(&e.file), args.json);
    shown.also_defined_in = catalog
        .also_defined_in(&e.entity_ref())
        .iter()
        .map(|d| Place::of(d, &origins))
        .collect();
    let mut out = crate::output::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &shown).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        human(&mut out, e, &shown)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// What `show` says about `e`; the entity itself (as the API returns it) only for JSON.
fn describe(
    e: &Entity,
    graph: &Graph<'_>,
    origin: Option<&crate::source::Origin>,
    json: bool,
) -> Shown {
    let n = graph.find(&e.entity_ref()).expect("every entity is a node");
    let first = |n, kind: &str, target_kind: &str| {
        graph
            .related(n, kind)
            .into_iter()
            .find(|t| graph.entity_ref(*t).kind == target_kind)
    };
    let system = first(n, "partOf", "system");
    let domain =
        first(n, "partOf", "domain").or_else(|| system.and_then(|s| first(s, "partOf", "domain")));
    let mut relations: BTreeMap<&'static str, Vec<EntityRef>> = BTreeMap::new();
    for (kind, t) in graph.relations(n) {
        relations
            .entry(kind)
            .or_default()
            .push(graph.entity_ref(t).clone());
    }
    let api = (e.kind == "API").then(|| ApiInfo {
        definition: summarize(
            e.spec_str("type").unwrap_or_default(),
            e.spec_str("definition").unwrap_or_default(),
        ),
        providers: relations.get("apiProvidedBy").cloned().unwrap_or_default(),
        consumers: relations.get("apiConsumedBy").cloned().unwrap_or_default(),
    });
    Shown {
        entity: if json {
            api_json(e, graph, origin)
        } else {
            Value::Null
        },
        owner: graph
            .related(n, "ownedBy")
            .first()
            .map(|o| Party::of(graph, *o)),
        system: system.map(|s| graph.entity_ref(s).clone()),
        domain: domain.map(|d| graph.entity_ref(d).clone()),
        defined_in: Location {
            file: shown_file(&e.file, origin),
            line: e.pos.line,
            doc: e.doc,
            repository: origin.map(|o| o.repo.clone()),
            reference: origin.map(|o| o.reference.clone()),
            commit: origin.map(|o| o.commit.clone()),
            path: origin.map(|o| o.path.clone()),
        },
        also_defined_in: Vec::new(),
        relations,
        api,
    }
}

/// A descriptor's path as shown: relative to the working folder for a local file; a git
/// source's `REPOSITORY#REF:PATH` as it is.
fn shown_file(file: &std::path::Path, origin: Option<&crate::source::Origin>) -> String {
    match origin {
        Some(_) => file.to_string_lossy().into_owned(),
        None => relative::from_cwd(file).to_string_lossy().into_owned(),
    }
}

fn human(out: &mut impl Write, e: &Entity, s: &Shown) -> std::io::Result<()> {
    writeln!(
        out,
        "{} {}",
        style(e.entity_ref()).bold(),
        style(format!("({})", e.kind)).dim()
    )?;
    if let Some(title) = e.metadata_str("title") {
        writeln!(out, "{}", cut(title, MAX_VALUE))?;
    }
    if let Some(d) = e.metadata_str("description") {
        writeln!(out, "{}", cut(d.trim(), MAX_VALUE))?;
    }
    writeln!(out)?;
    let width = layout_width();
    let field = |out: &mut dyn Write, label: &str, value: String| -> std::io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "  {:<12}{}",
            style(label).cyan(),
            cut(&value, MAX_VALUE)
        )
    };
    if let Some(o) = &s.owner {
        field(out, "owner", party(o))?;
    }
    field(
        out,
        "system",
        s.system
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    )?;
    field(
        out,
        "domain",
        s.domain
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    )?;
    for key in ["type", "lifecycle"] {
        field(out, key, e.spec_str(key).unwrap_or_default().to_string())?;
    }
    let md = e.metadata();
    let tags: Vec<&str> = md
        .and_then(|m| m.get("tags"))
        .and_then(|t| t.as_seq())
        .map(|t| t.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default();
    field(out, "tags", tags.join(", "))?;
    for link in md
        .and_then(|m| m.get("links"))
        .and_then(|l| l.as_seq())
        .unwrap_or_default()
    {
        let url = link.get("url").and_then(|u| u.as_str()).unwrap_or_default();
        let title = link
            .get("title")
            .and_then(|t| t.as_str())
            .map(|t| format!("{t}  "))
            .unwrap_or_default();
        field(out, "link", format!("{title}{url}"))?;
    }
    field(
        out,
        "defined in",
        format!("{}:{}", s.defined_in.file, s.defined_in.line),
    )?;
    if !s.also_defined_in.is_empty() {
        writeln!(
            out,
            "  {}",
            style("also defined in (ignored, as Backstage ignores them)").cyan()
        )?;
        for p in &s.also_defined_in {
            let place = format!("{}:{}:{}", p.file, p.line, p.column);
            writeln!(out, "  {:<12}{}", "", cut(&place, MAX_VALUE))?;
        }
    }
    if let Some(api) = &s.api {
        writeln!(out, "\n{}", style("API").bold())?;
        let d = &api.definition;
        let about = [d.title.clone(), d.version.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        field(
            out,
            "definition",
            format!(
                "{}{}",
                d.format_label(),
                if about.is_empty() {
                    String::new()
                } else {
                    format!(": {about}")
                }
            ),
        )?;
        for op in &d.operations {
            writeln!(out, "  {:<12}{}", "", escape(&op.to_string()))?;
        }
        field(out, "providers", packed(&refs(&api.providers), 14, width))?;
        field(out, "consumers", packed(&refs(&api.consumers), 14, width))?;
    }
    if !s.relations.is_empty() {
        writeln!(out, "\n{}", style("relations").bold())?;
        for (kind, targets) in &s.relations {
            writeln!(
                out,
                "  {:<16}{}",
                style(kind).cyan(),
                packed(&refs(targets), 18, width)
            )?;
        }
    }
    let annotations = md
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.as_map());
    if let Some(a) = annotations.filter(|a| !a.is_empty()) {
        writeln!(out, "\n{}", style("annotations").bold())?;
        for entry in a.iter() {
            writeln!(
                out,
                "  {}: {}",
                style(escape(&entry.key)).cyan(),
                cut(entry.value.as_str().unwrap_or_default(), MAX_VALUE)
            )?;
        }
    }
    Ok(())
}

fn refs(list: &[EntityRef]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

/// `group:default/team-a (Team A <team-a@acme.example>)`, or `… (not in the catalog)`;
/// escaped for a terminal.
pub fn party(p: &Party) -> String {
    let mut s = p.entity_ref.to_string();
    match (&p.display_name, &p.email, p.exists) {
        (_, _, false) => s.push_str(" (not in the catalog)"),
        (Some(n), Some(e), _) => s.push_str(&format!(" ({n} <{e}>)")),
        (Some(n), None, _) => s.push_str(&format!(" ({n})")),
        (None, Some(e), _) => s.push_str(&format!(" <{e}>")),
        (None, None, _) => {}
    }
    escape(&s).into_owned()
}
