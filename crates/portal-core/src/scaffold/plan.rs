//! Scaffolding is a plan, then a write. This module computes the plan: it runs the
//! template's steps that can run locally (`fetch:template`, `fetch:template:file`,
//! `fetch:plain`, `fetch:plain:file`, `fs:rename`, `fs:delete`, `catalog:write`, `debug:log`) against an in-memory file
//! set, and lists the server-side ones (`publish:*`, `catalog:register`…) with what to do
//! instead. Nothing here touches the disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

mod catalog;
mod fetch;

use super::render::{RenderFailure, Renderer, truthy};
use super::skeleton::LIMITS;
use super::template::Template;

/// The files planned so far, by path: a later step replaces an earlier one's file.
type Files = BTreeMap<PathBuf, PlannedFile>;

/// A file the plan writes.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedFile {
    /// Relative to the output folder.
    pub path: PathBuf,
    #[serde(skip)]
    /// The bytes to write.
    pub contents: Vec<u8>,
    /// Their length.
    pub size: usize,
    /// Whether a file is already there (only possible with `--force`).
    pub overwrites: bool,
}

/// What became of one step.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepReport {
    /// The step's `id`.
    pub id: String,
    /// The step's `name`.
    pub name: String,
    /// The step's `action`, such as `fetch:template`.
    pub action: String,
    /// Whether it ran.
    pub status: StepStatus,
    /// Why it did not run, or what it logged.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
/// What became of a step.
pub enum StepStatus {
    /// It ran locally.
    Ran,
    /// Its `if` was false.
    Skipped,
    /// A server-side action: shown, not run; `note` says what to do instead.
    NotRunLocally,
    /// An action portal does not know.
    Unknown,
}

/// The whole plan.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The template's reference.
    pub template: String,
    /// Every file to write, by path.
    pub files: Vec<PlannedFile>,
    /// Every step, in order.
    pub steps: Vec<StepReport>,
}

/// Why no plan could be made: the file (template-relative) and line when known.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanError {
    /// The template file, relative to the template's folder.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub col: Option<u32>,
    /// What is wrong and what to do.
    pub message: String,
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.file, self.line, self.col) {
            (Some(file), Some(line), Some(col)) => {
                write!(f, "{file}:{line}:{col}: {}", self.message)
            }
            (Some(file), Some(line), None) => write!(f, "{file}:{line}: {}", self.message),
            (Some(file), None, _) => write!(f, "{file}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

fn fail(file: Option<&str>, e: RenderFailure) -> PlanError {
    PlanError {
        file: file.map(str::to_string),
        line: e.line,
        col: None,
        message: e.message,
    }
}

/// An expression in the template's own steps: the step names the place.
fn in_step(id: &str, part: &str, e: RenderFailure) -> PlanError {
    PlanError {
        file: Some("template.yaml".into()),
        line: None,
        col: None,
        message: format!("step `{id}`, its {part}: {}", e.message),
    }
}

/// An action's error that names no place, placed at its step.
fn located(e: PlanError, id: &str) -> PlanError {
    if e.file.is_some() {
        return e;
    }
    let failure = RenderFailure {
        line: None,
        message: e.message,
    };
    in_step(id, "input", failure)
}

/// An error that names no file.
pub(crate) fn error(message: impl Into<String>) -> PlanError {
    PlanError {
        file: None,
        line: None,
        col: None,
        message: message.into(),
    }
}

/// Runs the template's steps with `answers` (the parameters) into a plan.
pub fn plan(
    template: &Template,
    answers: &Map<String, Value>,
    user: &Value,
) -> Result<Plan, PlanError> {
    let renderer = Renderer::new();
    let ctx = json!({ "parameters": answers, "user": user, "steps": {} });
    let mut files = Files::new();
    let mut reports = Vec::new();
    // The steps that run on Backstage's server: their outputs are not known here.
    let mut server: Vec<String> = Vec::new();
    let steps = template.spec()["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (i, step) in steps.iter().enumerate() {
        let action = step["action"].as_str().unwrap_or_default().to_string();
        let id = step["id"]
            .as_str()
            .map_or_else(|| format!("step-{}", i + 1), str::to_string);
        let name = step["name"].as_str().unwrap_or(&action).to_string();
        let mut report = StepReport {
            id,
            name,
            action: action.clone(),
            status: StepStatus::Ran,
            note: None,
        };
        // A step that uses what a server step gave cannot run here: that output is unknown
        // (and so is what the server step's own `if` would have been).
        let needs = server_output_used(&[&step["input"], &step["if"], &step["each"]], &server);
        let local = LOCAL.contains(&action.as_str());
        if !local {
            server.push(report.id.clone());
        }
        if let (true, Some(other)) = (local, &needs) {
            report.status = StepStatus::NotRunLocally;
            report.note = Some(format!(
                "it uses the output of step `{other}`, which runs on the Backstage server; run the template in Backstage for this step"
            ));
            reports.push(report);
            continue;
        }
        let each = step.get("each").filter(|e| !e.is_null());
        // Backstage renders a step's `if` once without `each`, and for every item with it.
        // (A server step's `if` on another's output is the server's to decide.)
        let skipped = step.get("if") == Some(&Value::Bool(false))
            || (each.is_none()
                && server_output_used(&[&step["if"]], &server).is_none()
                && !holds(&renderer, step.get("if"), &ctx, &report.id)?);
        if skipped {
            report.status = StepStatus::Skipped;
            report.note = Some("its `if` condition is false".into());
            reports.push(report);
            continue;
        }
        if !local {
            // Its input is read for the hint; one built on a server step's output (which
            // portal does not have) may not evaluate, and then gives no hint.
            let input = match renderer.evaluate(&step["input"], &ctx) {
                Err(_) if needs.is_some() => Value::Null,
                input => input.map_err(|e| in_step(&report.id, "input", e))?,
            };
            let (status, note) = not_local(&action, &input);
            report.status = status;
            report.note = Some(note);
            reports.push(report);
            continue;
        }
        let contexts = match each {
            None => vec![ctx.clone()],
            Some(e) => each_contexts(&renderer, e, &ctx, &report.id)?,
        };
        // Every item's `if` and input are rendered before any runs, as in Backstage.
        let mut runs = Vec::new();
        for c in &contexts {
            let run = each.is_none() || holds(&renderer, step.get("if"), c, &report.id)?;
            let input = renderer
                .evaluate(&step["input"], c)
                .map_err(|e| in_step(&report.id, "input", e))?;
            runs.push((run, input));
        }
        let mut notes = Vec::new();
        let mut ran = 0;
        for (_, input) in runs.iter().filter(|(run, _)| *run) {
            let logged = run_local(&action, template, i, &renderer, input, &mut files)
                .map_err(|e| located(e, &report.id))?;
            notes.extend(logged);
            ran += 1;
        }
        if each.is_some() {
            notes.push(format!("ran for {ran} of {} items (`each`)", runs.len()));
            if ran == 0 {
                report.status = StepStatus::Skipped;
            }
        }
        report.note = (!notes.is_empty()).then(|| notes.join("; "));
        reports.push(report);
    }
    within_limits(&files)?;
    Ok(Plan {
        template: template.entity_ref.clone(),
        files: files.into_values().collect(),
        steps: reports,
    })
}

/// The first of the `server` steps whose output one of `parts` (of a step: its input,
/// `if`, `each`) uses: `steps.ID.`, `steps['ID']`, `steps["ID"]`.
fn server_output_used(parts: &[&Value], server: &[String]) -> Option<String> {
    let text: Vec<String> = parts.iter().map(|v| v.to_string()).collect();
    let text = text.join(" ");
    server
        .iter()
        .find(|id| {
            [
                format!("steps.{id}."),
                format!("steps['{id}']"),
                format!("steps[\\\"{id}\\\"]"),
            ]
            .iter()
            .any(|p| text.contains(p.as_str()))
        })
        .cloned()
}

/// The actions portal runs here; any other is listed as not run.
const LOCAL: [&str; 9] = [
    "fetch:template",
    "fetch:template:file",
    "fetch:plain",
    "fetch:plain:file",
    "catalog:write",
    "fs:delete",
    "fs:rename",
    "debug:log",
    "debug:wait",
];

/// Runs a local action (the template's step `i`, its rendered input) against the planned
/// files; what it logged, if anything.
fn run_local(
    action: &str,
    template: &Template,
    i: usize,
    renderer: &Renderer,
    input: &Value,
    files: &mut Files,
) -> Result<Option<String>, PlanError> {
    match action {
        "fetch:template" => fetch::fetch_template(template, i, renderer, input, files)?,
        "fetch:plain" => fetch::fetch_plain(template, i, input, files)?,
        "fetch:plain:file" => fetch::fetch_plain_file(template, i, input, files)?,
        "fetch:template:file" => fetch::fetch_template_file(template, i, renderer, input, files)?,
        "catalog:write" => catalog::catalog_write(&template.entity_ref, input, files)?,
        "fs:delete" => fs_delete(input, files)?,
        "fs:rename" => fs_rename(input, files)?,
        "debug:log" => return Ok(input["message"].as_str().map(str::to_string)),
        _ => {}
    }
    Ok(None)
}

/// Whether a step's `if` (absent: true) holds in `ctx`.
fn holds(
    renderer: &Renderer,
    cond: Option<&Value>,
    ctx: &Value,
    id: &str,
) -> Result<bool, PlanError> {
    let Some(cond) = cond else {
        return Ok(true);
    };
    let v = renderer
        .evaluate(cond, ctx)
        .map_err(|e| in_step(id, "if", e))?;
    Ok(truthy(&v))
}

/// The context of each item of a step's `each`: `each: {key, value}` added, the keys of a
/// list its indices as text, as JavaScript's `Object.entries` gives them.
fn each_contexts(
    renderer: &Renderer,
    each: &Value,
    ctx: &Value,
    id: &str,
) -> Result<Vec<Value>, PlanError> {
    let items = renderer
        .evaluate(each, ctx)
        .map_err(|e| in_step(id, "each", e))?;
    let refuse = |message: String| {
        in_step(
            id,
            "each",
            RenderFailure {
                line: None,
                message,
            },
        )
    };
    let entries: Vec<(String, Value)> = match items {
        Value::Array(list) => list
            .into_iter()
            .enumerate()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        // `Object.entries`: array indices first, then the keys as written.
        Value::Object(map) => backstage_yaml::stringify::js_key_order(&map)
            .into_iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        Value::Null => {
            return Err(refuse(format!(
                "{each} cannot be resolved to a value (Backstage stops there too)"
            )));
        }
        _ => {
            return Err(refuse(
                "it must give a list or a mapping, as in Backstage".into(),
            ));
        }
    };
    if entries.len() > LIMITS.files {
        return Err(refuse(format!(
            "{} items, more than {} (limit: files per template)",
            entries.len(),
            LIMITS.files
        )));
    }
    Ok(entries
        .into_iter()
        .map(|(key, value)| {
            let mut c = ctx.clone();
            c["each"] = json!({ "key": key, "value": value });
            c
        })
        .collect())
}

/// What a step that cannot run here is, and what to do instead.
fn not_local(action: &str, input: &Value) -> (StepStatus, String) {
    let family = action.split(':').next().unwrap_or_default();
    let push;
    let instead = match family {
        "publish" => {
            push = publish_hint(action, input);
            push.as_str()
        }
        "catalog" => {
            "register the new catalog-info.yaml in Backstage, or add the folder to portal's sources"
        }
        "github" | "gitlab" | "bitbucket" | "bitbucketCloud" | "bitbucketServer" | "azure"
        | "gitea" | "gerrit" => {
            "do it in the hosting service's web interface or CLI once the repository exists"
        }
        "http" | "confluence" | "argocd" | "kubernetes" | "roadiehq" | "aws" | "sentry"
        | "pagerduty" | "jira" => {
            "it calls a service from the Backstage backend; run it from Backstage, or do it by hand"
        }
        _ => {
            return (
                StepStatus::Unknown,
                format!("portal does not know the action `{action}`; it was not run"),
            );
        }
    };
    (
        StepStatus::NotRunLocally,
        format!("runs on the Backstage server; {instead}"),
    )
}

/// How to do by hand what a `publish:*` step does, with the repository it names.
fn publish_hint(action: &str, input: &Value) -> String {
    let branch = input["defaultBranch"].as_str().unwrap_or("main");
    let parsed = input["repoUrl"]
        .as_str()
        .and_then(|u| super::render::parse_repo_url(u).ok());
    let Some(r) = parsed else {
        return format!(
            "create the remote repository and push: `git remote add origin URL && git push -u origin {branch}`"
        );
    };
    let (host, owner, repo) = (
        r["host"].as_str().unwrap_or_default(),
        r["owner"].as_str().unwrap_or_default(),
        r["repo"].as_str().unwrap_or_default(),
    );
    let path = if owner.is_empty() {
        repo.to_string()
    } else {
        format!("{owner}/{repo}")
    };
    let url = format!("https://{host}/{path}.git");
    let mut hint = format!(
        "create {host}/{path}, then push: `git remote add origin {url} && git push -u origin {branch}`"
    );
    if action == "publish:github" && host == "github.com" {
        let visibility = input["repoVisibility"].as_str().unwrap_or("private");
        hint.push_str(&format!(
            " (or, with GitHub's CLI: `gh repo create {path} --{visibility} --source . --push`)"
        ));
    }
    hint
}

fn target_path(input: &Value) -> Result<PathBuf, PlanError> {
    let t = input["targetPath"].as_str().unwrap_or("./");
    inside(t).ok_or_else(|| {
        error(format!(
            "targetPath `{t}` leaves the output folder [output-confinement]; give a path relative to it"
        ))
    })
}

/// A path that stays inside the output folder, normalised (`""` for the folder itself);
/// `None` otherwise. The rule is [`crate::confine::child`].
pub fn inside(p: &str) -> Option<PathBuf> {
    crate::confine::child(p).ok().map(PathBuf::from)
}

/// The whole plan against the template limits (each step was checked as it read).
fn within_limits(files: &Files) -> Result<(), PlanError> {
    if files.len() > LIMITS.files {
        return Err(error(format!(
            "the plan has {} files, more than {} (limit: files per template)",
            files.len(),
            LIMITS.files
        )));
    }
    let bytes: u64 = files.values().map(|f| f.size as u64).sum();
    if bytes > LIMITS.total_bytes {
        return Err(error(format!(
            "the plan writes {} MiB, more than {} MiB (limit: total bytes per template)",
            bytes >> 20,
            LIMITS.total_bytes >> 20
        )));
    }
    Ok(())
}

fn globs(input: &Value, key: &str) -> Result<GlobSet, PlanError> {
    let mut b = GlobSetBuilder::new();
    for p in input[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        let p = p.trim_start_matches("./");
        b.add(Glob::new(p).map_err(|e| error(format!("`{key}` pattern `{p}`: {e}")))?);
        // `dir` also means everything below it, as in Backstage.
        if let Ok(g) = Glob::new(&format!("{}/**", p.trim_end_matches('/'))) {
            b.add(g);
        }
    }
    b.build().map_err(|e| error(e.to_string()))
}

fn fs_delete(input: &Value, files: &mut Files) -> Result<(), PlanError> {
    let set = globs(input, "files")?;
    files.retain(|path, _| !set.is_match(path));
    Ok(())
}

fn fs_rename(input: &Value, files: &mut Files) -> Result<(), PlanError> {
    for item in input["files"].as_array().into_iter().flatten() {
        let (Some(from), Some(to)) = (item["from"].as_str(), item["to"].as_str()) else {
            return Err(error("fs:rename needs `files: [{from, to}]`"));
        };
        let (from, to) = (inside(from), inside(to));
        let (Some(from), Some(to)) = (from, to) else {
            return Err(error(
                "fs:rename paths must stay inside the output folder [output-confinement]",
            ));
        };
        let overwrite = item["overwrite"].as_bool().unwrap_or(false);
        if !overwrite && files.contains_key(&to) {
            return Err(error(format!("fs:rename: {} already exists", to.display())));
        }
        files.remove(&to);
        let moving: Vec<PathBuf> = files
            .keys()
            .filter(|p| p.starts_with(&from))
            .cloned()
            .collect();
        for old in moving {
            let Some(mut f) = files.remove(&old) else {
                continue;
            };
            let rest = old
                .strip_prefix(&from)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            f.path = if rest.as_os_str().is_empty() {
                to.clone()
            } else {
                to.join(rest)
            };
            files.insert(f.path.clone(), f);
        }
    }
    Ok(())
}

/// Plans `path`; a file an earlier step planned there is replaced. Constant time per
/// file: a 20,000-file template used to take 8.5 s here, searching a list each time.
fn add(files: &mut Files, path: PathBuf, contents: Vec<u8>) {
    let file = PlannedFile {
        size: contents.len(),
        path: path.clone(),
        contents,
        overwrites: false,
    };
    files.insert(path, file);
}

/// A plan of `(path, text)` files, for tests.
#[cfg(test)]
pub(crate) fn of(files: &[(&str, &str)]) -> Plan {
    Plan {
        template: "template:default/t".into(),
        files: files
            .iter()
            .map(|(p, c)| PlannedFile {
                path: PathBuf::from(p),
                contents: c.as_bytes().to_vec(),
                size: c.len(),
                overwrites: false,
            })
            .collect(),
        steps: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        assert_eq!(inside("a/./b/../c"), Some(PathBuf::from("a/c")));
        assert_eq!(inside("./"), Some(PathBuf::new()));
        assert_eq!(inside("//etc"), None);
        assert_eq!(inside("../x"), None);
        assert_eq!(inside("/etc/passwd"), None);
        assert_eq!(inside("a/../../x"), None);
    }

    #[test]
    fn each_gives_one_context_per_item_or_says_why_not() {
        let r = Renderer::new();
        let ctx = json!({"parameters": {"l": ["a", "b"], "m": {"x": 1}, "s": "text"}});
        let items = each_contexts(&r, &json!("${{ parameters.l }}"), &ctx, "s").expect("a list");
        assert_eq!(items[1]["each"], json!({"key": "1", "value": "b"}));
        let items = each_contexts(&r, &json!("${{ parameters.m }}"), &ctx, "s").expect("a mapping");
        assert_eq!(items[0]["each"], json!({"key": "x", "value": 1}));
        let text = each_contexts(&r, &json!("${{ parameters.s }}"), &ctx, "s").unwrap_err();
        assert!(
            text.message.contains("must give a list or a mapping"),
            "{}",
            text.message
        );
        let missing = each_contexts(&r, &json!("${{ steps.x.output.y }}"), &ctx, "s").unwrap_err();
        assert!(
            missing.message.contains("cannot be resolved"),
            "{}",
            missing.message
        );
    }

    #[test]
    fn a_step_on_a_server_step_s_output_is_named_not_run() {
        let server = vec!["fetch-id".to_string(), "parse".to_string()];
        let uses = |step: Value| {
            let parts = [&step["input"], &step["if"], &step["each"]];
            server_output_used(&parts, &server)
        };
        let input = json!({"input": {"message": "${{ steps.parse.output.result | string }}"}});
        assert_eq!(uses(input).as_deref(), Some("parse"));
        let quoted = json!({"if": "${{ steps['fetch-id'].output.ok }}"});
        assert_eq!(uses(quoted).as_deref(), Some("fetch-id"));
        let double = json!({"each": "${{ steps[\"parse\"].output.items }}"});
        assert_eq!(uses(double).as_deref(), Some("parse"));
        let other = json!({"input": {"m": "${{ steps.local.output.x }} steps.parser.x"}});
        assert_eq!(uses(other), None);
    }

    #[test]
    fn server_side_and_unknown_actions_are_named() {
        assert_eq!(
            not_local("publish:github", &Value::Null).0,
            StepStatus::NotRunLocally
        );
        assert_eq!(
            not_local("catalog:register", &Value::Null).0,
            StepStatus::NotRunLocally
        );
        let (_, note) = not_local(
            "publish:github",
            &serde_json::json!({"repoUrl": "github.com?owner=acme&repo=pay", "repoVisibility": "internal"}),
        );
        assert!(
            note.contains(
                "git remote add origin https://github.com/acme/pay.git && git push -u origin main"
            ) && note.contains("gh repo create acme/pay --internal --source . --push"),
            "{note}"
        );
        let (_, note) = not_local(
            "publish:gitlab",
            &serde_json::json!({"repoUrl": "gitlab.example.com?owner=group&repo=svc", "defaultBranch": "trunk"}),
        );
        assert!(
            note.contains("https://gitlab.example.com/group/svc.git && git push -u origin trunk")
                && !note.contains("gh repo"),
            "{note}"
        );
        let (status, note) = not_local("acme:frobnicate", &Value::Null);
        assert_eq!(status, StepStatus::Unknown);
        assert!(note.contains("acme:frobnicate"));
    }
}
