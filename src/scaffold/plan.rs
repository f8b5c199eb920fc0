//! Scaffolding is a plan, then a write. This module computes the plan: it runs the
//! template's steps that can run locally (`fetch:template`, `fetch:plain`,
//! `fetch:plain:file`, `fs:rename`, `fs:delete`, `debug:log`) against an in-memory file
//! set, and lists the server-side ones (`publish:*`, `catalog:register`…) with what to do
//! instead. Nothing here touches the disk.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::render::{RenderFailure, Renderer, truthy};
use super::template::Template;

/// A file the plan writes.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedFile {
    /// Relative to the output folder.
    pub path: PathBuf,
    #[serde(skip)]
    pub contents: Vec<u8>,
    pub size: usize,
    /// Whether a file is already there (only possible with `--force`).
    pub overwrites: bool,
}

/// What became of one step.
#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    pub id: String,
    pub name: String,
    pub action: String,
    pub status: StepStatus,
    /// Why it did not run, or what it logged.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
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
    pub template: String,
    pub files: Vec<PlannedFile>,
    pub steps: Vec<StepReport>,
}

/// Why no plan could be made: the file (template-relative) and line when known.
#[derive(Debug, Clone)]
pub struct PlanError {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: {}", self.message),
            (Some(file), None) => write!(f, "{file}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

fn fail(file: Option<&str>, e: RenderFailure) -> PlanError {
    PlanError {
        file: file.map(str::to_string),
        line: e.line,
        message: e.message,
    }
}

/// An expression in the template's own steps: the step names the place.
fn in_step(id: &str, part: &str, e: RenderFailure) -> PlanError {
    PlanError {
        file: Some("template.yaml".into()),
        line: None,
        message: format!("step `{id}`, its {part}: {}", e.message),
    }
}

fn error(message: impl Into<String>) -> PlanError {
    PlanError {
        file: None,
        line: None,
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
    let mut files: Vec<PlannedFile> = Vec::new();
    let mut reports = Vec::new();
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
        if let Some(cond) = step.get("if") {
            let v = renderer
                .evaluate(cond, &ctx)
                .map_err(|e| in_step(&report.id, "if", e))?;
            if !truthy(&v) || v == json!("false") {
                report.status = StepStatus::Skipped;
                report.note = Some("its `if` condition is false".into());
                reports.push(report);
                continue;
            }
        }
        let input = renderer
            .evaluate(&step["input"], &ctx)
            .map_err(|e| in_step(&report.id, "input", e))?;
        match action.as_str() {
            "fetch:template" => fetch_template(template, &renderer, &input, &mut files)?,
            "fetch:plain" => fetch_plain(template, &input, &mut files)?,
            "fetch:plain:file" => fetch_plain_file(template, &input, &mut files)?,
            "fs:delete" => fs_delete(&input, &mut files)?,
            "fs:rename" => fs_rename(&input, &mut files)?,
            "debug:log" => report.note = input["message"].as_str().map(str::to_string),
            "debug:wait" => {}
            other => {
                let (status, note) = not_local(other);
                report.status = status;
                report.note = Some(note);
            }
        }
        reports.push(report);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Plan {
        template: template.entity_ref.clone(),
        files,
        steps: reports,
    })
}

/// What a step that cannot run here is, and what to do instead.
fn not_local(action: &str) -> (StepStatus, String) {
    let family = action.split(':').next().unwrap_or_default();
    let instead = match family {
        "publish" => {
            "create the remote repository and push: `git remote add origin URL && git push -u origin main`"
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

fn target_path(input: &Value) -> Result<PathBuf, PlanError> {
    let t = input["targetPath"].as_str().unwrap_or("./");
    safe_relative(t).ok_or_else(|| error(format!("targetPath `{t}` leaves the output folder")))
}

/// A relative path that stays inside the output folder, normalised; `None` otherwise.
pub fn safe_relative(p: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in Path::new(p).components() {
        match c {
            Component::Normal(s) => out.push(s),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
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

fn local_url<'a>(input: &'a Value, action: &str) -> Result<&'a str, PlanError> {
    let url = input["url"]
        .as_str()
        .ok_or_else(|| error(format!("{action} needs an `input.url`")))?;
    if url::Url::parse(url).is_ok() {
        return Err(error(format!(
            "{action} fetches {url}; portal works offline and reads only folders of the template"
        )));
    }
    Ok(url)
}

fn fetch_template(
    template: &Template,
    renderer: &Renderer,
    input: &Value,
    files: &mut Vec<PlannedFile>,
) -> Result<(), PlanError> {
    let url = local_url(input, "fetch:template")?;
    let target = target_path(input)?;
    let values = json!({ "values": input["values"] });
    let verbatim = globs(input, "copyWithoutTemplating")?;
    let extension = match &input["templateFileExtension"] {
        Value::Bool(true) => Some(".njk".to_string()),
        Value::String(s) if !s.is_empty() => Some(if s.starts_with('.') {
            s.clone()
        } else {
            format!(".{s}")
        }),
        _ => None,
    };
    for (rel, bytes) in template.files_under(url).map_err(error)? {
        let shown = format!("{}/{rel}", url.trim_end_matches('/'));
        let rendered_path = renderer
            .render(&rel, &values)
            .map_err(|e| fail(Some(&shown), e))?;
        // A file or folder whose name renders empty is left out.
        if rendered_path.is_empty() || rendered_path.split('/').any(str::is_empty) {
            continue;
        }
        let copy_as_is = verbatim.is_match(&rel)
            || extension
                .as_ref()
                .is_some_and(|ext| !rel.ends_with(ext.as_str()));
        let mut out_path = rendered_path.clone();
        if let Some(stripped) = extension
            .as_ref()
            .and_then(|ext| out_path.strip_suffix(ext.as_str()))
        {
            out_path = stripped.to_string();
        }
        let contents = match (copy_as_is, String::from_utf8(bytes)) {
            (false, Ok(text)) => renderer
                .render(&text, &values)
                .map_err(|e| fail(Some(&shown), e))?
                .into_bytes(),
            (_, Ok(text)) => text.into_bytes(),
            (_, Err(e)) => e.into_bytes(),
        };
        let path = safe_relative(&out_path)
            .map(|p| target.join(p))
            .ok_or_else(|| {
                error(format!(
                    "`{shown}` renders to `{out_path}`, which leaves the output folder"
                ))
            })?;
        add(files, path, contents);
    }
    Ok(())
}

fn fetch_plain(
    template: &Template,
    input: &Value,
    files: &mut Vec<PlannedFile>,
) -> Result<(), PlanError> {
    let url = local_url(input, "fetch:plain")?;
    let target = target_path(input)?;
    for (rel, bytes) in template.files_under(url).map_err(error)? {
        let path = safe_relative(&rel)
            .map(|p| target.join(p))
            .ok_or_else(|| error(format!("`{rel}` leaves the output folder")))?;
        add(files, path, bytes);
    }
    Ok(())
}

fn fetch_plain_file(
    template: &Template,
    input: &Value,
    files: &mut Vec<PlannedFile>,
) -> Result<(), PlanError> {
    let url = local_url(input, "fetch:plain:file")?;
    let t = input["targetPath"]
        .as_str()
        .ok_or_else(|| error("fetch:plain:file needs an `input.targetPath`"))?;
    let path = safe_relative(t)
        .ok_or_else(|| error(format!("targetPath `{t}` leaves the output folder")))?;
    add(files, path, template.file(url).map_err(error)?);
    Ok(())
}

fn fs_delete(input: &Value, files: &mut Vec<PlannedFile>) -> Result<(), PlanError> {
    let set = globs(input, "files")?;
    files.retain(|f| !set.is_match(&f.path));
    Ok(())
}

fn fs_rename(input: &Value, files: &mut Vec<PlannedFile>) -> Result<(), PlanError> {
    for item in input["files"].as_array().into_iter().flatten() {
        let (Some(from), Some(to)) = (item["from"].as_str(), item["to"].as_str()) else {
            return Err(error("fs:rename needs `files: [{from, to}]`"));
        };
        let (from, to) = (safe_relative(from), safe_relative(to));
        let (Some(from), Some(to)) = (from, to) else {
            return Err(error("fs:rename paths must stay inside the output folder"));
        };
        let overwrite = item["overwrite"].as_bool().unwrap_or(false);
        if !overwrite && files.iter().any(|f| f.path == to) {
            return Err(error(format!("fs:rename: {} already exists", to.display())));
        }
        files.retain(|f| f.path != to || !overwrite);
        for f in files
            .iter_mut()
            .filter(|f| f.path == from || f.path.starts_with(&from))
        {
            let rest = f
                .path
                .strip_prefix(&from)
                .map(Path::to_path_buf)
                .unwrap_or_default();
            f.path = if rest.as_os_str().is_empty() {
                to.clone()
            } else {
                to.join(rest)
            };
        }
    }
    Ok(())
}

fn add(files: &mut Vec<PlannedFile>, path: PathBuf, contents: Vec<u8>) {
    files.retain(|f| f.path != path);
    files.push(PlannedFile {
        size: contents.len(),
        path,
        contents,
        overwrites: false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape() {
        assert_eq!(safe_relative("a/./b/../c"), Some(PathBuf::from("a/c")));
        assert_eq!(safe_relative("../x"), None);
        assert_eq!(safe_relative("/etc/passwd"), None);
        assert_eq!(safe_relative("a/../../x"), None);
    }

    #[test]
    fn server_side_and_unknown_actions_are_named() {
        assert_eq!(not_local("publish:github").0, StepStatus::NotRunLocally);
        assert_eq!(not_local("catalog:register").0, StepStatus::NotRunLocally);
        let (status, note) = not_local("acme:frobnicate");
        assert_eq!(status, StepStatus::Unknown);
        assert!(note.contains("acme:frobnicate"));
    }
}
