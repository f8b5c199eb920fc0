//! A Backstage app as a source: what its `app-config.yaml` registers (`catalog.locations`),
//! judged by its `catalog.rules`, exactly as the catalog backend's
//! `DefaultCatalogRulesEnforcer` and `ConfigLocationEntityProvider` do.
//!
//! - Config files: `app-config.yaml`, then `app-config.local.yaml` when it exists (the
//!   files Backstage reads without `--config`), or the files configured. A later file wins:
//!   mappings merge key by key, anything else (a list, a string) is replaced whole, so the
//!   last file with `catalog.locations` gives all of them.
//! - `$include` (a YAML or JSON file, with an optional `#a.b` fragment), `$file` (a file's
//!   text) and `$env` (a variable; unset leaves the key out), relative to the file that
//!   holds them and confined to the app's folder, and `${VAR}` in strings (`$${` is a
//!   literal `${`; an unset variable leaves the value out).
//! - `type: file` targets are relative to `packages/backend` when the app has one (where
//!   the backend runs, which is why create-app writes `../../examples/entities.yaml`), else
//!   to the app's folder; globs are allowed; nothing outside the app's folder is read.
//!   `type: url` targets are listed, not fetched.
//! - Rules: `catalog.rules` (default: allow `Component`, `API` and `Location`), then each
//!   location's own `rules`, which match only the entities read straight from its target
//!   when that names one file (Backstage compares the target exactly). An entity is
//!   allowed when some rule matches its location and its kind (letter case aside) and
//!   `spec.type` where the rule names one. One entity not allowed fails the location that
//!   read it: Backstage then stores none of that location's entities.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::GlobBuilder;

use super::location::{self, Walks};
use crate::catalog::yaml::{self, DocContent, Node, Pos, Value};
use crate::catalog::{Diagnostic, Entity, FileReport, Finding};
use crate::confine::{self, Refusal};
use crate::error::Error;

/// The config files Backstage reads when none is named.
pub const DEFAULT_CONFIG: &[&str] = &["app-config.yaml", "app-config.local.yaml"];

/// Largest config file read.
const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// How deep `$include`s may nest.
const MAX_INCLUDE_DEPTH: usize = 16;

/// What a rule allows: a kind, and maybe a `spec.type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    /// Compared without letter case.
    pub kind: String,
    /// Compared exactly, when set.
    pub spec_type: Option<String>,
}

/// Which locations a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LocationMatcher {
    kind: String,
    exact: Option<String>,
    pattern: Option<String>,
}

/// One rule: what it allows, and where (`None`: everywhere).
#[derive(Debug, Clone)]
struct Rule {
    allow: Vec<Allow>,
    locations: Option<Vec<LocationMatcher>>,
}

/// One entry of `catalog.locations`.
#[derive(Debug, Clone)]
pub struct AppLocation {
    /// `file` or `url`.
    pub kind: String,
    /// As written (after `$env` and `${…}`).
    pub target: String,
    /// Where the entry is: the config file and position.
    pub at: (PathBuf, Pos),
}

/// A Backstage app's catalog configuration.
#[derive(Debug, Clone)]
pub struct App {
    /// The app's folder, as configured.
    pub dir: PathBuf,
    /// The config files read, in order.
    pub files: Vec<PathBuf>,
    /// `catalog.locations`.
    pub locations: Vec<AppLocation>,
    rules: Vec<Rule>,
    /// Where `catalog.rules` is, when set (hints point there).
    pub rules_at: Option<(PathBuf, Pos)>,
    /// Where `type: file` targets are relative to (under `dir`), `/`-separated.
    base: String,
}

/// Whether `dir` holds a Backstage app: an `app-config.yaml` with a `catalog:` key.
pub fn is_app(dir: &Path) -> bool {
    let file = dir.join(DEFAULT_CONFIG[0]);
    let Ok(text) = std::fs::read_to_string(file) else {
        return false;
    };
    yaml::parse_stream(&text)
        .into_iter()
        .next()
        .is_some_and(|d| matches!(d.content, DocContent::Node(n) if n.get("catalog").is_some()))
}

/// A config value being read: the node, and the file it came from.
struct Read {
    node: Node,
    file: PathBuf,
}

/// Reads config files inside the app's folder.
struct Reader {
    root: confine::Dir,
}

impl Reader {
    fn error(file: &Path, pos: Pos, message: String) -> Error {
        Error::ConfigAt {
            path: file.to_path_buf(),
            line: pos.line,
            col: pos.col,
            message,
        }
    }

    /// The first document of `rel` (relative to the app's folder), shown as `shown`.
    fn document(&self, rel: &str, shown: &Path, at: Option<(&Path, Pos)>) -> Result<Node, Error> {
        let fail = |message: String| match at {
            Some((file, pos)) => Reader::error(file, pos, message),
            None => Error::Config(message),
        };
        let bytes = self
            .root
            .read(rel, MAX_CONFIG_BYTES)
            .map_err(|why| fail(format!("cannot read {}: {why}", shown.display())))?;
        let text = String::from_utf8_lossy(&bytes);
        match yaml::parse_stream(&text)
            .into_iter()
            .next()
            .map(|d| d.content)
        {
            None | Some(DocContent::Empty) => Ok(Node {
                value: Value::Null,
                pos: Pos::new(1, 1),
            }),
            Some(DocContent::Error(e)) => Err(Reader::error(shown, e.pos, e.message)),
            Some(DocContent::Node(n)) => Ok(n),
        }
    }

    /// `rel` of the file `from` (shown), relative to the app's folder; refused outside it.
    fn relative(&self, from: &Path, target: &str, pos: Pos) -> Result<(String, PathBuf), Error> {
        let dir = from.parent().unwrap_or(Path::new(""));
        let base = self.root.relative_of(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        });
        let refused = |why: Refusal| {
            Reader::error(
                from,
                pos,
                format!(
                    "`{target}` is not read: {why}; config files may only include files of the app's folder"
                ),
            )
        };
        let base = base.ok_or_else(|| refused(Refusal::Outside))?;
        if target.starts_with('/') {
            return Err(refused(Refusal::Outside));
        }
        let rel = confine::join(&base, target).map_err(refused)?;
        Ok((rel.clone(), self.root.show(&rel)))
    }

    /// `node` with its transforms applied: `None` when it is left out (an unset `$env`).
    fn resolve(&self, node: Node, file: &Path, depth: usize) -> Result<Option<Read>, Error> {
        let file = file.to_path_buf();
        if let Value::String(s) = &node.value {
            return Ok(substitute(s, &|v| std::env::var(v).ok()).map(|s| Read {
                node: Node {
                    value: Value::String(s.into()),
                    pos: node.pos,
                },
                file,
            }));
        }
        let Some(map) = node.as_map() else {
            return Ok(Some(Read { node, file }));
        };
        let Some(entry) = map.iter().find(|e| e.key.starts_with('$')) else {
            return Ok(Some(Read { node, file }));
        };
        let (key, pos) = (entry.key.as_str(), entry.key_pos);
        if !matches!(key, "$include" | "$file" | "$env") {
            return Ok(Some(Read { node, file }));
        }
        if map.iter().count() > 1 {
            return Err(Reader::error(
                &file,
                pos,
                format!("`{key}` must be the only key of its mapping, as Backstage requires"),
            ));
        }
        let Some(arg) = entry.value.as_str() else {
            return Err(Reader::error(
                &file,
                entry.value.pos,
                format!("`{key}` takes a string"),
            ));
        };
        let string = |s: String| Node {
            value: Value::String(s.into()),
            pos: node.pos,
        };
        match key {
            "$env" => Ok(std::env::var(arg).ok().map(|v| Read {
                node: string(v),
                file,
            })),
            "$file" => {
                let (rel, shown) = self.relative(&file, arg, entry.value.pos)?;
                let bytes = self.root.read(&rel, MAX_CONFIG_BYTES).map_err(|why| {
                    Reader::error(
                        &file,
                        entry.value.pos,
                        format!("cannot read {}: {why}", shown.display()),
                    )
                })?;
                Ok(Some(Read {
                    node: string(String::from_utf8_lossy(&bytes).into_owned()),
                    file,
                }))
            }
            _ => {
                if depth >= MAX_INCLUDE_DEPTH {
                    return Err(Reader::error(
                        &file,
                        pos,
                        format!("`$include`s nest more than {MAX_INCLUDE_DEPTH} deep"),
                    ));
                }
                let (path, fragment) = match arg.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (arg, None),
                };
                let (rel, shown) = self.relative(&file, path, entry.value.pos)?;
                let mut included = self.document(&rel, &shown, Some((&file, entry.value.pos)))?;
                for part in fragment
                    .into_iter()
                    .flat_map(|f| f.split('.'))
                    .filter(|p| !p.is_empty())
                {
                    let Some(next) = included.get(part).cloned() else {
                        return Err(Reader::error(
                            &file,
                            entry.value.pos,
                            format!("{} has no `{}`", shown.display(), fragment.unwrap_or("")),
                        ));
                    };
                    included = next;
                }
                self.resolve(included, &shown, depth + 1)
            }
        }
    }

    /// The value at `path` (keys) below `read`, transforms applied at every step.
    fn get(&self, read: Read, path: &[&str]) -> Result<Option<Read>, Error> {
        let mut current = read;
        for key in path {
            let Some(next) = current.node.get(key).cloned() else {
                return Ok(None);
            };
            match self.resolve(next, &current.file, 0)? {
                Some(r) => current = r,
                None => return Ok(None),
            }
        }
        Ok(Some(current))
    }

    /// A string field of `item` (transforms applied).
    fn string(&self, item: &Read, key: &str) -> Result<Option<(String, Pos)>, Error> {
        let Some(node) = item.node.get(key).cloned() else {
            return Ok(None);
        };
        let pos = node.pos;
        let Some(read) = self.resolve(node, &item.file, 0)? else {
            return Ok(None);
        };
        match read.node.as_str() {
            Some(s) => Ok(Some((s.to_string(), pos))),
            None => Err(Reader::error(
                &item.file,
                pos,
                format!("`{key}` must be a string"),
            )),
        }
    }

    /// The items of a list value (each resolved).
    fn items(&self, read: Read, what: &str) -> Result<Vec<Read>, Error> {
        let Some(seq) = read.node.as_seq() else {
            return Err(Reader::error(
                &read.file,
                read.node.pos,
                format!("`{what}` must be a list"),
            ));
        };
        let mut out = Vec::new();
        for item in seq.iter().cloned() {
            out.extend(self.resolve(item, &read.file, 0)?);
        }
        Ok(out)
    }

    /// An `allow:` list: kinds, or (in `catalog.rules`) `{kind, spec.type}` mappings.
    fn allow(&self, rule: &Read) -> Result<Vec<Allow>, Error> {
        let Some(list) = self.get(
            Read {
                node: rule.node.clone(),
                file: rule.file.clone(),
            },
            &["allow"],
        )?
        else {
            return Err(Reader::error(
                &rule.file,
                rule.node.pos,
                "a rule needs `allow:`, a list of kinds".into(),
            ));
        };
        let mut out = Vec::new();
        for item in self.items(list, "allow")? {
            match &item.node.value {
                Value::String(kind) => out.push(Allow {
                    kind: kind.to_string(),
                    spec_type: None,
                }),
                Value::Map(_) => {
                    let Some((kind, _)) = self.string(&item, "kind")? else {
                        return Err(Reader::error(
                            &item.file,
                            item.node.pos,
                            "an `allow` mapping needs `kind:`".into(),
                        ));
                    };
                    let spec_type = self.string(&item, "spec.type")?.map(|(t, _)| t);
                    out.push(Allow { kind, spec_type });
                }
                _ => {
                    return Err(Reader::error(
                        &item.file,
                        item.node.pos,
                        "an `allow` entry is a kind, or a mapping with `kind:` (and `spec.type:`)"
                            .into(),
                    ));
                }
            }
        }
        Ok(out)
    }
}

/// `${VAR}` replaced by the variable's value, `$${` by `${`; `None` when a variable is
/// unset (Backstage then leaves the value out).
fn substitute(s: &str, var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if !s.contains("${") {
        return Some(s.to_string());
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(tail) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("${")
            && let Some(end) = tail.find('}')
        {
            out.push_str(&var(tail[..end].trim())?);
            rest = &tail[end + 1..];
        } else {
            out.push('$');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Reads the app in `dir`: `config` names its config files (relative to `dir`), or the
/// default ones are read.
pub fn load(dir: &Path, config: &[String]) -> Result<App, Error> {
    let root = confine::Dir::new(dir).map_err(|why| {
        Error::Config(format!(
            "the Backstage app {} cannot be read: {why}",
            dir.display()
        ))
    })?;
    let reader = Reader { root };
    let names: Vec<String> = match config.is_empty() {
        true => DEFAULT_CONFIG
            .iter()
            .filter(|n| **n == DEFAULT_CONFIG[0] || reader.root.is_file(n))
            .map(|n| n.to_string())
            .collect(),
        false => config.to_vec(),
    };
    let mut files = Vec::new();
    let mut locations = None;
    let mut rules = None;
    for name in &names {
        let rel = confine::join("", name)
            .map_err(|why| Error::Config(format!("config file `{name}` is not read: {why}")))?;
        let shown = reader.root.show(&rel);
        let node = reader.document(&rel, &shown, None).map_err(|e| match e {
            Error::Config(m) => {
                Error::Config(format!("{m}; a Backstage app needs its config file"))
            }
            e => e,
        })?;
        files.push(shown.clone());
        let Some(top) = reader.resolve(node, &shown, 0)? else {
            continue;
        };
        // A later file replaces the lists whole.
        let catalog = reader.get(top, &["catalog"])?;
        let Some(catalog) = catalog else { continue };
        let copy = |r: &Read| Read {
            node: r.node.clone(),
            file: r.file.clone(),
        };
        if let Some(l) = reader.get(copy(&catalog), &["locations"])? {
            locations = Some(l);
        }
        if let Some(r) = reader.get(catalog, &["rules"])? {
            rules = Some(r);
        }
    }
    let base = ["packages/backend", ""]
        .into_iter()
        .find(|b| b.is_empty() || reader.root.resolve(b).is_ok_and(|p| p.is_dir()))
        .unwrap_or("")
        .to_string();
    let mut app = App {
        dir: dir.to_path_buf(),
        files,
        locations: Vec::new(),
        rules: Vec::new(),
        rules_at: None,
        base,
    };
    match rules {
        Some(list) => {
            app.rules_at = Some((list.file.clone(), list.node.pos));
            for rule in reader.items(list, "catalog.rules")? {
                let allow = reader.allow(&rule)?;
                let matchers = match reader.get(copy_read(&rule), &["locations"])? {
                    None => None,
                    Some(list) => {
                        let mut out = Vec::new();
                        for m in reader.items(list, "locations")? {
                            let Some((kind, _)) = reader.string(&m, "type")? else {
                                return Err(Reader::error(
                                    &m.file,
                                    m.node.pos,
                                    "a rule's location needs `type:`".into(),
                                ));
                            };
                            let exact = reader.string(&m, "exact")?.map(|(s, _)| s);
                            let pattern = reader.string(&m, "pattern")?.map(|(s, _)| s);
                            if exact.is_some() && pattern.is_some() {
                                return Err(Reader::error(&m.file, m.node.pos, "A catalog rule location cannot have both exact and pattern values".into()));
                            }
                            out.push(LocationMatcher {
                                kind,
                                exact,
                                pattern,
                            });
                        }
                        Some(out)
                    }
                };
                app.rules.push(Rule {
                    allow,
                    locations: matchers,
                });
            }
        }
        None => app.rules.push(Rule {
            allow: ["Component", "API", "Location"]
                .into_iter()
                .map(|k| Allow {
                    kind: k.into(),
                    spec_type: None,
                })
                .collect(),
            locations: None,
        }),
    }
    for item in match locations {
        Some(list) => reader.items(list, "catalog.locations")?,
        None => Vec::new(),
    } {
        let Some((kind, _)) = reader.string(&item, "type")? else {
            return Err(Reader::error(
                &item.file,
                item.node.pos,
                "a location needs `type:` (`file` or `url`)".into(),
            ));
        };
        let Some((target, _)) = reader.string(&item, "target")? else {
            return Err(Reader::error(
                &item.file,
                item.node.pos,
                "a location needs `target:`".into(),
            ));
        };
        let own = match reader.get(copy_read(&item), &["rules"])? {
            Some(list) => {
                let mut out = Vec::new();
                for rule in reader.items(list, "rules")? {
                    out.push(reader.allow(&rule)?);
                }
                out
            }
            None => Vec::new(),
        };
        let exact = app.absolute_target(&kind, &target);
        for allow in own {
            app.rules.push(Rule {
                allow,
                locations: Some(vec![LocationMatcher {
                    kind: kind.clone(),
                    exact: Some(exact.clone()),
                    pattern: None,
                }]),
            });
        }
        app.locations.push(AppLocation {
            kind,
            target,
            at: (item.file.clone(), item.node.pos),
        });
    }
    Ok(app)
}

fn copy_read(r: &Read) -> Read {
    Read {
        node: r.node.clone(),
        file: r.file.clone(),
    }
}

/// `path` made absolute and normalized, as Node's `path.resolve` would.
fn absolute(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    confine::normalize(&abs).display().to_string()
}

impl App {
    /// A location's target as the backend keeps it: a `file` one resolved to an absolute
    /// path from where the backend runs.
    fn absolute_target(&self, kind: &str, target: &str) -> String {
        match kind {
            "file" => absolute(&self.dir.join(&self.base).join(target)),
            _ => target.to_string(),
        }
    }

    /// The files the `file` locations name (each with its location's index), and findings
    /// about the targets: URLs (not fetched), no match, outside the app.
    pub fn files(&self) -> (Vec<(PathBuf, usize)>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut diagnostics = Vec::new();
        let Ok(root) = confine::Dir::new(&self.dir) else {
            return (files, diagnostics);
        };
        let mut walks = Walks::default();
        for (i, l) in self.locations.iter().enumerate() {
            let (file, pos) = (&l.at.0, l.at.1);
            let at = |f: Finding| f.at(file.clone(), None, None);
            if l.kind != "file" {
                diagnostics.push(at(Finding::warning(
                    "location-not-fetched",
                    pos,
                    format!(
                        "catalog location `{}` ({}) is not fetched; portal works offline",
                        l.target, l.kind
                    ),
                )
                .hint(
                    "clone that repository and add it as a source to include its entities",
                )));
                continue;
            }
            let found = match l.target.starts_with('/') {
                true => Err(Refusal::Outside),
                false => location::resolve(&root, &self.base, &l.target, &mut walks),
            };
            match found {
                Ok(matched) if matched.is_empty() => diagnostics.push(at(Finding::warning(
                    "location-target-missing",
                    pos,
                    format!(
                        "catalog location `{}` matches no file (looked in {})",
                        l.target,
                        root.show(&self.base).display()
                    ),
                )
                .hint("file targets are relative to packages/backend, where the backend runs (else to the app's folder); fix the path or remove the location"))),
                Ok(matched) => files.extend(matched.into_iter().map(|m| (m, i))),
                Err(why) => diagnostics.push(at(Finding::error(
                    "outside-root",
                    pos,
                    format!("catalog location `{}` is not read: {why}", l.target),
                )
                .hint("portal reads only files inside the app's folder; add the other folder as a source instead"))),
            }
        }
        (files, diagnostics)
    }

    /// Whether the rules allow `entity`, read from `target` (a `file` location).
    fn allows(&self, entity: &Entity, target: &str) -> bool {
        let spec_type = entity
            .spec()
            .and_then(|s| s.get("type"))
            .and_then(Node::as_str);
        self.rules.iter().any(|rule| {
            let here = rule.locations.as_ref().is_none_or(|ms| {
                ms.iter().any(|m| {
                    m.kind == "file"
                        && m.exact.as_ref().is_none_or(|e| e == target)
                        && m.pattern.as_ref().is_none_or(|p| {
                            GlobBuilder::new(p)
                                .case_insensitive(true)
                                .literal_separator(true)
                                .build()
                                .is_ok_and(|g| g.compile_matcher().is_match(target))
                        })
                })
            });
            here && rule.allow.iter().any(|a| {
                a.kind.eq_ignore_ascii_case(&entity.kind)
                    && a.spec_type.as_deref().is_none_or(|t| Some(t) == spec_type)
            })
        })
    }

    /// The kinds the rules allow anywhere, for messages.
    fn allowed_kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self
            .rules
            .iter()
            .filter(|r| r.locations.is_none())
            .flat_map(|r| r.allow.iter().map(|a| a.kind.clone()))
            .collect();
        kinds.dedup();
        kinds
    }

    /// Applies the rules to the reports read from this app (`direct`: the files read
    /// straight from a config location, with its index). A location with an entity not
    /// allowed fails whole: its entities are taken out, each with an error.
    pub fn enforce(&self, reports: &mut [&mut FileReport], direct: &HashMap<PathBuf, usize>) {
        #[derive(Hash, PartialEq, Eq, Clone)]
        enum Unit {
            Config(usize),
            File(PathBuf),
        }
        let unit_of = |file: &Path| match direct.get(file) {
            Some(i) => Unit::Config(*i),
            None => Unit::File(file.to_path_buf()),
        };
        // The first entity not allowed in each failed location.
        let mut failed: HashMap<Unit, (String, PathBuf, Pos)> = HashMap::new();
        for report in reports.iter() {
            for e in &report.entities {
                let unit = unit_of(&e.file);
                if failed.contains_key(&unit) {
                    continue;
                }
                let target = absolute(&e.file);
                if !self.allows(e, &target) {
                    let pos = e.node.get("kind").map_or(e.pos, |n| n.pos);
                    failed.insert(unit, (e.entity_ref().to_string(), e.file.clone(), pos));
                }
            }
        }
        if failed.is_empty() {
            return;
        }
        let rules_at = self
            .rules_at
            .as_ref()
            .map(|(f, p)| format!("`catalog.rules` ({}:{}:{})", f.display(), p.line, p.col))
            .unwrap_or_else(|| {
                format!(
                    "`catalog.rules` in {}",
                    self.files
                        .first()
                        .map(|f| f.display().to_string())
                        .unwrap_or_default()
                )
            });
        for report in reports.iter_mut() {
            let entities = std::mem::take(&mut report.entities);
            for e in entities {
                let unit = unit_of(&e.file);
                let Some((culprit, file, pos)) = failed.get(&unit) else {
                    report.entities.push(e);
                    continue;
                };
                let me = e.entity_ref().to_string();
                let origin = match &unit {
                    Unit::Config(i) => format!(
                        "file:{}",
                        self.absolute_target("file", &self.locations[*i].target)
                    ),
                    Unit::File(f) => format!("file:{}", absolute(f)),
                };
                let finding = if &me == culprit && &e.file == file {
                    Finding::error(
                        "not-allowed-kind",
                        *pos,
                        format!(
                            "Entity {me} at file:{}, originated at {origin}, is not of an allowed kind for that location",
                            absolute(&e.file)
                        ),
                    )
                    .hint(format!(
                        "the app allows {}; add `{}` to {rules_at}, or to this location's `rules:` in app-config",
                        match self.allowed_kinds() {
                            k if k.is_empty() => "no kind everywhere".to_string(),
                            k => k.join(", "),
                        },
                        e.kind
                    ))
                } else {
                    Finding::error(
                        "location-rejected",
                        e.node.get("kind").map_or(e.pos, |n| n.pos),
                        format!(
                            "{me} is left out: Backstage stores nothing from a location with an entity it does not allow ({culprit}, {}:{}:{})",
                            file.display(),
                            pos.line,
                            pos.col
                        ),
                    )
                    .hint("allow that kind, or move that entity to a location whose rules allow it")
                };
                report
                    .diagnostics
                    .push(finding.at(e.file.clone(), Some(e.doc), Some(me)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_substituted_and_an_unset_one_leaves_the_value_out() {
        let var = |v: &str| (v == "DIR").then(|| "examples".to_string());
        assert_eq!(
            substitute("${DIR}/a.yaml", &var).as_deref(),
            Some("examples/a.yaml")
        );
        assert_eq!(substitute("${ DIR }", &var).as_deref(), Some("examples"));
        assert_eq!(
            substitute("$${literal}", &var).as_deref(),
            Some("${literal}")
        );
        assert_eq!(substitute("a $ b", &var).as_deref(), Some("a $ b"));
        assert_eq!(substitute("x ${UNSET} y", &var), None);
    }
}
