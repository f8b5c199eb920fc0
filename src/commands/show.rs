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
use crate::plugins::CardOutput;
use crate::plugins::cards::{self, Card, Value as CardValue};
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
    /// The built-in cards (docs/plugins.md); empty with `--no-cards`.
    cards: Vec<Card>,
    /// What the plugins' cards printed; empty with `--no-cards`.
    #[serde(rename = "pluginCards")]
    plugin_cards: Vec<CardOutput>,
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
    /// For an entity of a `backstage:` source: the server's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    server: Option<String>,
}

/// A definition left out: `file:line:column` of its name, and its document.
#[derive(Clone, Serialize)]
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
        .also_defined_in(e.entity_ref())
        .iter()
        .map(|d| Place::of(d, &origins))
        .collect();
    if !args.no_cards {
        let config = crate::config::Config::load(&global.sources)?;
        let local = !origins.contains_key(&e.file);
        let repo = local.then(|| checkout_of(&e.file)).flatten();
        shown.cards = cards::builtin(e, &config.integrations, repo.as_deref());
        shown.plugin_cards = plugin_cards(e, &graph, origins.get(&e.file), &shown, &config)?;
    }
    let mut out = crate::output::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &shown).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        human(&mut out, e, &shown)?;
        write_cards(&mut out, &shown)?;
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
    let n = graph.find(e.entity_ref()).expect("every entity is a node");
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
            server: e.served.as_ref().map(|s| s.url.clone()),
        },
        also_defined_in: Vec::new(),
        relations,
        api,
        cards: Vec::new(),
        plugin_cards: Vec::new(),
    }
}

/// The git checkout that holds `file` on disk: the nearest folder up with `.git`.
pub fn checkout_of(file: &std::path::Path) -> Option<std::path::PathBuf> {
    let real = std::fs::canonicalize(file).ok()?;
    crate::source::codeowners::root_for(real.parent()?, &[])
}

/// The cards of the plugins that claim one of `e`'s annotations, run all at once with
/// the entity's `show --json` on their input.
fn plugin_cards(
    e: &Entity,
    graph: &Graph<'_>,
    origin: Option<&crate::source::Origin>,
    shown: &Shown,
    config: &crate::config::Config,
) -> Result<Vec<CardOutput>, Error> {
    let keys: Vec<&str> = e
        .metadata()
        .and_then(|m| m.get("annotations"))
        .and_then(|a| a.as_map())
        .map(|a| a.iter().map(|x| x.key.as_str()).collect())
        .unwrap_or_default();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let found = super::plugins::installed();
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let builtins = super::plugins::builtins();
    let meta = super::plugins::described(&found);
    let claimed: Vec<(&crate::plugins::Plugin, &crate::plugins::Metadata)> = found
        .iter()
        .zip(&meta)
        .filter(|(p, _)| !builtins.contains(&p.name))
        .filter_map(|(p, m)| Some((p, m.as_ref().ok()?)))
        .filter(|(_, m)| m.annotations.iter().any(|a| keys.contains(&a.as_str())))
        .collect();
    if claimed.is_empty() {
        return Ok(Vec::new());
    }
    // The plugin reads what `show --json` prints (without cards).
    let mut input = describe(e, graph, origin, true);
    input.also_defined_in = shown.also_defined_in.clone();
    let json = serde_json::to_vec(&input).map_err(std::io::Error::from)?;
    Ok(crate::plugins::run_cards(
        &claimed,
        &json,
        &super::plugins::contract(),
        config.card_timeout,
    ))
}

/// The cards, after what `show` has said: each titled, its items aligned.
fn write_cards(out: &mut impl Write, s: &Shown) -> std::io::Result<()> {
    for card in &s.cards {
        writeln!(
            out,
            "\n{}  {}",
            style(card.title).bold(),
            style(format!("({})", card.id)).dim()
        )?;
        let width = card
            .items
            .iter()
            .map(|i| i.label.chars().count())
            .max()
            .unwrap_or(0)
            .clamp(8, 24);
        for item in &card.items {
            let label = cut(&item.label, 40);
            let pad = width.saturating_sub(label.chars().count());
            let value = match &item.value {
                CardValue::Url(u) => style(cut(u, MAX_VALUE).into_owned())
                    .underlined()
                    .to_string(),
                CardValue::Command(c) => format!("$ {}", cut(c, MAX_VALUE)),
                CardValue::Text(t) => cut(t, MAX_VALUE).into_owned(),
            };
            writeln!(out, "  {}{}  {value}", style(label).cyan(), " ".repeat(pad))?;
        }
        for p in &card.problems {
            writeln!(out, "  {} {}", style("!").yellow().bold(), escape(p))?;
        }
    }
    for card in &s.plugin_cards {
        let head = format!(
            "{}  {}",
            style(escape(&card.title)).bold(),
            style(format!("(plugin {})", escape(&card.plugin))).dim()
        );
        match (&card.output, &card.error) {
            (Some(text), _) => {
                writeln!(out, "\n{head}")?;
                for line in text.lines() {
                    writeln!(out, "  {}", cut(line, MAX_VALUE))?;
                }
            }
            (None, e) => {
                writeln!(
                    out,
                    "\n{head}: {}",
                    style(escape(e.as_deref().unwrap_or("no output"))).yellow()
                )?;
            }
        }
    }
    Ok(())
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
    match &s.defined_in.server {
        Some(url) => field(
            out,
            "from",
            format!(
                "the Backstage at {url}{}",
                e.metadata()
                    .and_then(|m| m.get("annotations"))
                    .and_then(|a| a.as_map())
                    .and_then(|a| a.get("backstage.io/view-url"))
                    .and_then(|v| v.as_str())
                    .map(|v| format!(" (view: {v})"))
                    .unwrap_or_default()
            ),
        )?,
        None => field(
            out,
            "defined in",
            format!("{}:{}", s.defined_in.file, s.defined_in.line),
        )?,
    }
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
