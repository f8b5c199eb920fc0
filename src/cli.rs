//! The whole command line, in one place. Doc comments are the help text.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::complete::{
    complete_entity, complete_entity_or_path, complete_kind, complete_lifecycle,
    complete_namespace, complete_owner, complete_system, complete_tag, complete_template,
    complete_type,
};

/// A developer portal in your terminal: what exists, who owns it, what depends on what,
/// and whether your Backstage catalog files are valid, read offline from local folders.
#[derive(Debug, Parser)]
#[command(name = "portal", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Run as if portal was started in DIR.
    #[arg(short = 'C', value_name = "DIR", global = true)]
    pub chdir: Option<PathBuf>,
    /// A folder to scan for descriptors, or one descriptor file (repeatable); replaces
    /// portal.yaml's sources.
    #[arg(long = "source", short = 's', value_name = "PATH", global = true)]
    pub sources: Vec<PathBuf>,
    /// When to use colour (a plugin's calls back get the decision as PORTAL_COLOR).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, env = "PORTAL_COLOR")]
    pub color: ColorChoice,
    /// Fetch git sources (`portal sync`) before reading them; without it, they are read
    /// from the cache and the network is never used.
    #[arg(long, global = true)]
    pub refresh: bool,
    /// Read every file again, neither reading nor writing the index of the last scan.
    #[arg(
        long,
        global = true,
        env = "PORTAL_NO_CACHE",
        value_parser = no_cache_value
    )]
    pub no_cache: bool,
    /// Read only local files: leave out the backstage and git sources of portal.yaml.
    #[arg(long, global = true)]
    pub no_remote: bool,
    /// Say on stderr how the index served the scan (what was read again, and why).
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check catalog files exactly as Backstage would, plus cross-entity checks.
    Validate(ValidateArgs),
    /// List entities, filtered, as a table, JSON, YAML or names.
    List(ListArgs),
    /// Fuzzy search over names, titles, descriptions, tags, owners, types and systems.
    Search(SearchArgs),
    /// Everything about one entity: owner, system, relations, where it is defined.
    Show(ShowArgs),
    /// Who owns an entity, a file or a folder; what a group or user owns.
    WhoOwns(WhoOwnsArgs),
    /// The dependency neighbourhood of an entity, or the whole graph.
    Graph(GraphArgs),
    /// The ownership report: what each owner owns, and what nobody does.
    Owners(OwnersArgs),
    /// Scaffold a new project from a template, interactively or from given answers.
    Create(CreateArgs),
    /// Carry a template's later changes into this project (made by `portal create`).
    Upgrade(UpgradeArgs),
    /// Write a catalog-info.yaml for this repository, from what it says about itself.
    Init(InitArgs),
    /// List the templates `portal create` offers.
    Templates(TemplatesArgs),
    /// Read an entity's TechDocs in the terminal: a page, or the index and the navigation.
    Docs(DocsArgs),
    /// Open an entity's repository, docs, CI, a link or a card's link in the browser.
    Open(OpenArgs),
    /// The installed plugins (`portal-NAME` on PATH), and which entities their cards miss.
    Plugins(PluginsArgs),
    /// Clone or fetch the git sources of portal.yaml into the cache.
    Sync(SyncArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(hide = true)]
    Man,
    /// A plugin: `portal NAME ARGS…` runs `portal-NAME ARGS…` from PATH.
    #[command(external_subcommand)]
    External(Vec<OsString>),
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders to validate [default: the configured sources].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
    /// Treat portal's own checks (missing references, cycles, duplicates…) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Do not follow Location entities to the files they name.
    #[arg(long)]
    pub no_follow: bool,
    /// Succeed when no catalog file is found (an error otherwise, so CI never passes on
    /// nothing).
    #[arg(long)]
    pub allow_empty: bool,
    /// Check the docs of every entity that has them too (`portal docs check`).
    #[arg(long)]
    pub docs: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// `file:line:col: error[rule]: message`, the source line and a hint.
    Human,
    /// One JSON object (see docs/json.md).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only entities of this kind (case-insensitive; repeatable, or comma-separated).
    #[arg(long, short = 'k', value_name = "KIND", value_delimiter = ',', add = ArgValueCompleter::new(complete_kind))]
    pub kind: Vec<String>,
    /// Only entities whose `spec.type` is TYPE (repeatable, or comma-separated).
    #[arg(long = "type", short = 't', value_name = "TYPE", value_delimiter = ',', add = ArgValueCompleter::new(complete_type))]
    pub type_: Vec<String>,
    /// Only entities owned by OWNER (`team-a`, `group:team-a`, `user:jdoe`; repeatable, or comma-separated).
    #[arg(long, short = 'o', value_name = "OWNER", value_delimiter = ',', add = ArgValueCompleter::new(complete_owner))]
    pub owner: Vec<String>,
    /// Only entities with this `spec.lifecycle` (repeatable, or comma-separated).
    #[arg(long, short = 'l', value_name = "LIFECYCLE", value_delimiter = ',', add = ArgValueCompleter::new(complete_lifecycle))]
    pub lifecycle: Vec<String>,
    /// Only entities with this tag (repeatable, or comma-separated).
    #[arg(long, value_name = "TAG", value_delimiter = ',', add = ArgValueCompleter::new(complete_tag))]
    pub tag: Vec<String>,
    /// Only entities that are part of SYSTEM (repeatable, or comma-separated).
    #[arg(long, value_name = "SYSTEM", value_delimiter = ',', add = ArgValueCompleter::new(complete_system))]
    pub system: Vec<String>,
    /// Only entities in NAMESPACE (repeatable, or comma-separated).
    #[arg(long, short = 'n', value_name = "NAMESPACE", value_delimiter = ',', add = ArgValueCompleter::new(complete_namespace))]
    pub namespace: Vec<String>,
    /// Backstage's filter syntax: `kind=component,spec.type=service` (all must hold);
    /// repeat for alternatives.
    #[arg(long, value_name = "FILTER")]
    pub filter: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Shorthand for `--format json`: entities in the shape of Backstage's catalog API.
    #[arg(long, conflicts_with_all = ["yaml", "format"])]
    pub json: bool,
    /// Shorthand for `--format yaml`.
    #[arg(long, conflicts_with = "format")]
    pub yaml: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table fitted to the terminal.
    Table,
    /// A JSON array in the shape of Backstage's catalog API (docs/json.md).
    Json,
    /// The same as YAML documents.
    Yaml,
    /// One entity reference a line, for shell loops.
    Names,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for: a few letters of a name, a tag, an owner…
    pub query: String,
    /// Only entities of this kind (case-insensitive; repeatable, or comma-separated).
    #[arg(long, short = 'k', value_name = "KIND", value_delimiter = ',', add = ArgValueCompleter::new(complete_kind))]
    pub kind: Vec<String>,
    /// At most this many results (1 or more).
    #[arg(long, default_value_t = 20, value_parser = at_least_one)]
    pub limit: usize,
    /// Search the docs of every entity too (`portal docs search`), as Backstage's search
    /// page covers the catalog and TechDocs.
    #[arg(long)]
    pub docs: bool,
    /// Print results as JSON, with their scores.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entity: `payments`, `component:payments` or `component:default/payments`.
    #[arg(add = ArgValueCompleter::new(complete_entity))]
    pub entity: String,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// Leave out the entity cards (built-in and plugins'); no plugin is run.
    #[arg(long)]
    pub no_cards: bool,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The entity: `payments`, `component:payments` or `component:default/payments`.
    #[arg(add = ArgValueCompleter::new(complete_entity))]
    pub entity: String,
    /// What to open: `source`, `docs`, `ci`, a link's title or a card's link (`github`,
    /// `actions`, `kubernetes`…), fuzzy-matched [default: a list to choose from].
    #[arg(value_name = "WHAT", conflicts_with = "edit")]
    pub what: Option<String>,
    /// Print the URL instead of opening it.
    #[arg(long)]
    pub print: bool,
    /// Open the descriptor in $VISUAL or $EDITOR, at the entity's line.
    #[arg(long)]
    pub edit: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PluginsArgs {
    #[command(subcommand)]
    pub action: Option<PluginsAction>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PluginsAction {
    /// List the plugins on PATH, with their descriptions, versions and cards (the default).
    List(PluginsListArgs),
    /// For each card, built-in or a plugin's, the entities that lack the annotations it
    /// needs (Backstage's "missing annotation" warnings, across the catalog).
    Doctor(PluginsDoctorArgs),
}

#[derive(Debug, Args)]
pub struct PluginsListArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PluginsDoctorArgs {
    /// Only entities of these kinds (repeatable or comma-separated) [default: Component].
    #[arg(long, short = 'k', value_delimiter = ',', add = ArgValueCompleter::new(complete_kind))]
    pub kind: Vec<String>,
    /// Only these cards (their ids, or plugin names; repeatable or comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub card: Vec<String>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WhoOwnsArgs {
    /// An entity reference, or a file or folder path.
    #[arg(add = ArgValueCompleter::new(complete_entity_or_path))]
    pub target: String,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The entity at the centre [default: the whole graph].
    #[arg(add = ArgValueCompleter::new(complete_entity))]
    pub entity: Option<String>,
    /// How many relations away to go.
    #[arg(long, short = 'd', default_value_t = 2)]
    pub depth: usize,
    /// Follow relations backwards: who depends on it (the blast radius).
    #[arg(long, short = 'r')]
    pub reverse: bool,
    /// Relations to follow, comma-separated [default: dependsOn,consumesApi,providesApi,partOf].
    #[arg(long, value_delimiter = ',', hide_default_value = true, default_values_t = ["dependsOn".to_string(), "consumesApi".into(), "providesApi".into(), "partOf".into()])]
    pub relations: Vec<String>,
    /// Output format [default: tree with an entity, dot without].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<GraphFormat>,
    /// List every dependency cycle instead.
    #[arg(long, conflicts_with_all = ["entity", "reverse", "depth"])]
    pub cycles: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// An indented tree (needs an entity).
    Tree,
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// Nodes and edges as JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct OwnersArgs {
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
    /// Exit with 1 when an entity has no owner, or an owner that does not exist.
    #[arg(long)]
    pub fail_on_unowned: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// A field, `key=value`: name, owner, type, lifecycle or system (repeatable; wins over
    /// what is inferred).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Never prompt: write what was inferred, and fail on what is missing (implied when
    /// stdin is not a terminal).
    #[arg(long)]
    pub no_input: bool,
    /// Print the descriptor, and write nothing.
    #[arg(long, conflicts_with = "check")]
    pub dry_run: bool,
    /// Compare the existing catalog-info.yaml with what would be inferred now, for CI:
    /// exit 1 on drift.
    #[arg(long)]
    pub check: bool,
    /// Print the inferences (and for --check, the drift) as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
// The doc comments are clap's help text, where `<name>` is a placeholder, not HTML.
#[allow(rustdoc::invalid_html_tags)]
pub struct CreateArgs {
    /// The template, by name (`rust-service`); without it, choose from a list.
    #[arg(value_name = "TEMPLATE", add = ArgValueCompleter::new(complete_template))]
    pub name: Option<String>,
    /// Use the template at PATH: a folder holding template.yaml, or the file itself.
    #[arg(long, value_name = "PATH", conflicts_with = "name")]
    pub template: Option<PathBuf>,
    /// Where to create the project [default: ./<name>]. (No `-o`: in the catalog commands
    /// `-o` is `--owner`.)
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Answers from a YAML or JSON file.
    #[arg(long, value_name = "FILE")]
    pub values: Option<PathBuf>,
    /// One answer, `key=value` (repeatable; wins over --values).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Never prompt; missing answers take their defaults (implied when stdin is not a terminal).
    #[arg(long)]
    pub no_input: bool,
    /// Print what would be written, and write nothing. (No `-n`: in the catalog commands
    /// `-n` is `--namespace`.)
    #[arg(long)]
    pub dry_run: bool,
    /// Write into an existing, non-empty folder; the files the plan names are replaced.
    #[arg(long)]
    pub force: bool,
    /// Do not make the project a git repository.
    #[arg(long)]
    pub no_git: bool,
    /// Print the plan or the result as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// Write the changes: clean updates and merges, and conflicts with conflict markers
    /// [default: print the plan only].
    #[arg(long, conflicts_with_all = ["plan", "all"])]
    pub apply: bool,
    /// Print the plan only, writing nothing (the default).
    #[arg(long)]
    pub plan: bool,
    /// Every project in the catalog made from a template: whether its upgrade is clean.
    #[arg(long, conflicts_with_all = ["template", "values", "sets"])]
    pub all: bool,
    /// The template as it is now [default: where .portal/answers.yaml says it came from].
    #[arg(long, value_name = "PATH")]
    pub template: Option<PathBuf>,
    /// Answers to the template's new questions, from a YAML or JSON file.
    #[arg(long, value_name = "FILE")]
    pub values: Option<PathBuf>,
    /// An answer to a new question (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub sets: Vec<String>,
    /// Never prompt; a new question without an answer is an error.
    #[arg(long)]
    pub no_input: bool,
    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct DocsArgs {
    #[command(subcommand)]
    pub action: Option<DocsAction>,
    /// The entity whose docs to read (its `backstage.io/techdocs-ref`).
    #[arg(value_name = "ENTITY", required = true, add = ArgValueCompleter::new(complete_entity))]
    pub entity: Option<String>,
    /// The page: a path under docs_dir (`guides/setup.md`, `.md` optional) or a nav title,
    /// fuzzy-matched [default: the index page, then the navigation].
    #[arg(value_name = "PAGE")]
    pub page: Option<String>,
    /// Print the navigation only.
    #[arg(long)]
    pub list: bool,
    /// Print the page's Markdown source.
    #[arg(long, conflicts_with = "list")]
    pub raw: bool,
    /// Print the site (and the page's source) as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write to standard output even on a terminal, without $PAGER.
    #[arg(long)]
    pub no_pager: bool,
}

#[derive(Debug, Subcommand)]
pub enum DocsAction {
    /// Check docs sites as a CI gate: nav entries, links, anchors, images, pages left out.
    Check(DocsCheckArgs),
    /// Full-text search across the docs of every entity, ranked (BM25).
    Search(DocsSearchArgs),
    /// Serve the docs as HTML on 127.0.0.1, reloading in the browser when a page changes.
    Serve(DocsServeArgs),
}

#[derive(Debug, Args)]
pub struct DocsServeArgs {
    /// Open this entity's docs first [default: the list of every entity with docs].
    #[arg(value_name = "ENTITY", add = ArgValueCompleter::new(complete_entity))]
    pub entity: Option<String>,
    /// The port on 127.0.0.1 (0: one the system chooses).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Open the URL in the browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct DocsSearchArgs {
    /// The words to look for.
    pub query: String,
    /// Only docs of entities of this kind (repeatable, or comma-separated).
    #[arg(long, short = 'k', value_name = "KIND", value_delimiter = ',', add = ArgValueCompleter::new(complete_kind))]
    pub kind: Vec<String>,
    /// Only docs of entities owned by OWNER (repeatable, or comma-separated).
    #[arg(long, short = 'o', value_name = "OWNER", value_delimiter = ',', add = ArgValueCompleter::new(complete_owner))]
    pub owner: Vec<String>,
    /// Only docs of entities that are part of SYSTEM (repeatable, or comma-separated).
    #[arg(long, value_name = "SYSTEM", value_delimiter = ',', add = ArgValueCompleter::new(complete_system))]
    pub system: Vec<String>,
    /// Only docs of entities with this tag (repeatable, or comma-separated).
    #[arg(long, value_name = "TAG", value_delimiter = ',', add = ArgValueCompleter::new(complete_tag))]
    pub tag: Vec<String>,
    /// At most this many pages (1 or more).
    #[arg(long, default_value_t = 20, value_parser = at_least_one)]
    pub limit: usize,
    /// Print the pages as JSON, with their scores and snippets.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DocsCheckArgs {
    /// The entities whose docs to check [default: every entity with docs].
    #[arg(value_name = "ENTITY", add = ArgValueCompleter::new(complete_entity))]
    pub entities: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
    /// Treat warnings (pages left out of the nav) as errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TemplatesArgs {
    #[command(subcommand)]
    pub action: Option<TemplatesAction>,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Render each template's test cases (tests/ beside template.yaml), validate the
    /// catalog files they make, and compare the output with the expected files.
    Test(TemplatesTestArgs),
}

#[derive(Debug, Args)]
pub struct TemplatesTestArgs {
    /// Templates to test: a folder holding template.yaml, the file, or a template's name
    /// [default: every template in the configured sources].
    #[arg(value_name = "TEMPLATE")]
    pub templates: Vec<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
    /// Rewrite each case's expected files from what it renders now (creating
    /// tests/CASE/ for a case that has none).
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

/// `PORTAL_NO_CACHE`'s value (the flag itself takes none): clap's own message would name
/// only `--no-cache`, which the user did not type.
fn no_cache_value(value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        // What clap's `BoolishValueParser` takes.
        "y" | "yes" | "t" | "true" | "on" | "1" => Ok(true),
        "n" | "no" | "f" | "false" | "off" | "0" => Ok(false),
        _ => Err(format!(
            "PORTAL_NO_CACHE={value} is not a yes or a no; set it to 1 (or true, yes, on) to scan without the index, or unset it"
        )),
    }
}

/// A count of 1 or more (`search --limit`).
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a number; give a count of 1 or more")),
    }
}
