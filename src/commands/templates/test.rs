//! `portal templates test [TEMPLATE…]`: a CI gate for a templates repository. Each case
//! of each template (`scaffold::cases`) is rendered as `create` renders it, every
//! catalog file it makes is validated with Backstage's rules, and the output is compared
//! with the case's expected files; `--update` rewrites those instead.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use serde_json::json;

use crate::catalog::yaml::Pos;
use crate::catalog::{Diagnostic, Finding};
use crate::cli::{GlobalArgs, TemplatesTestArgs, ValidateFormat};
use crate::error::{Error, exit};
use crate::output::{diagnostics, escape};
use crate::scaffold::cases::{self, Case, Difference};
use crate::scaffold::isolate;
use crate::scaffold::plan::{Plan, PlanError};
use crate::scaffold::template::{Files, Template, from_path};
use crate::scaffold::upgrade::Ready;

/// How one case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Passed,
    Failed,
    Updated,
}

/// One case, as the summary lists it.
#[derive(Serialize)]
struct CaseReport {
    template: String,
    case: String,
    status: Status,
    files: usize,
}

#[derive(Serialize)]
struct Summary {
    templates: usize,
    cases: Vec<CaseReport>,
    passed: usize,
    failed: usize,
    updated: usize,
    errors: usize,
    warnings: usize,
}

pub fn run(global: &GlobalArgs, args: &TemplatesTestArgs) -> Result<ExitCode, Error> {
    let templates = chosen(global, &args.templates)?;
    let mut found = Vec::new();
    let mut reports = Vec::new();
    for ready in &templates {
        let template = &ready.template;
        let dir = folder(template);
        // A template of a git source is tested from its commit, checked out: its
        // findings name the folder as the catalog shows it, and nothing is written back.
        let in_git = ready
            .version
            .reference
            .is_some()
            .then(|| template.file.as_deref().and_then(Path::parent))
            .flatten();
        if let Some(shown) = in_git.filter(|_| args.update) {
            return Err(Error::Usage(format!(
                "{} is read from git at {} ({}), so its expected files cannot be updated here: run `portal templates test --update` in a working copy of that repository",
                escape::escape(&template.name),
                escape::escape(ready.version.reference.as_deref().unwrap_or_default()),
                shown.display()
            )));
        }
        let first = found.len();
        let cases = match cases::cases(template) {
            Ok(c) => c,
            Err(e) => {
                found.push(error(
                    "template-test",
                    e,
                    template_file(template),
                    None,
                    None,
                ));
                reports.push(CaseReport {
                    template: template.name.clone(),
                    case: "-".into(),
                    status: Status::Failed,
                    files: 0,
                });
                continue;
            }
        };
        for case in &cases {
            let before = found.len();
            let (files, status) = match render(template, case, &dir, &mut found) {
                Some(plan) if args.update && found.len() == before => {
                    cases::write_expected(&plan, case, &dir.join("tests")).map_err(Error::Usage)?;
                    (plan.files.len(), Status::Updated)
                }
                Some(plan) => {
                    compare(&plan, case, &mut found);
                    let failed = found[before..].iter().any(Diagnostic::is_error);
                    let status = if failed {
                        Status::Failed
                    } else {
                        Status::Passed
                    };
                    (plan.files.len(), status)
                }
                None => (0, Status::Failed),
            };
            reports.push(CaseReport {
                template: template.name.clone(),
                case: case.name.clone(),
                status,
                files,
            });
        }
        if let Some(shown) = in_git {
            for d in &mut found[first..] {
                if let Ok(rest) = d.file.strip_prefix(&dir) {
                    d.file = shown.join(rest);
                }
                if d.hint.as_deref().is_some_and(|h| h.contains("--update")) {
                    d.hint = Some("if the change is meant, run `portal templates test --update` in a working copy of the repository, and commit it".into());
                }
            }
        }
    }
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    let summary = Summary {
        templates: templates.len(),
        passed: count(Status::Passed),
        failed: count(Status::Failed),
        updated: count(Status::Updated),
        errors: found.iter().filter(|d| d.is_error()).count(),
        warnings: found.iter().filter(|d| !d.is_error()).count(),
        cases: reports,
    };
    let mut out = crate::output::stdout();
    match args.format {
        ValidateFormat::Human => human(&mut out, &summary, &found)?,
        ValidateFormat::Json => diagnostics::json_with(&mut out, &summary, &found)?,
        ValidateFormat::Github => diagnostics::github(&mut out, &found)?,
        ValidateFormat::Sarif => diagnostics::sarif(&mut out, &found)?,
    }
    out.flush()?;
    Ok(ExitCode::from(if summary.failed > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    }))
}

/// The templates named (a folder, a file, or a name `portal templates` lists), or every
/// template of the configured sources.
fn chosen(global: &GlobalArgs, named: &[String]) -> Result<Vec<Ready>, Error> {
    if named.is_empty() {
        let (catalog, origins) = super::super::load_with_origins(global)?;
        let from_catalog: Vec<Template> = super::available_in(&catalog.entities)
            .into_iter()
            .filter(|t| matches!(t.files, Files::Dir(_)))
            .collect();
        if !from_catalog.is_empty() {
            return from_catalog
                .into_iter()
                .map(|t| super::ready(t, &origins))
                .collect();
        }
        // A templates repository often registers its templates elsewhere: its
        // `template.yaml` files, then.
        let found: Vec<Ready> = crate::scaffold::template::find_in(Path::new("."))
            .iter()
            .filter_map(|f| from_path(f).ok())
            .map(Ready::at_hand)
            .collect();
        if found.is_empty() {
            return Err(Error::NotFound {
                message: "no templates found in the configured sources, nor a template.yaml below this folder".into(),
                hint: Some(
                    "run it in a templates repository (its Template entities are found as catalog files are), or name a template: `portal templates test path/to/template`"
                        .into(),
                ),
            });
        }
        return Ok(found);
    }
    let mut all = None;
    let mut out = Vec::new();
    for name in named {
        let path = Path::new(name);
        if path.exists() {
            out.push(Ready::at_hand(from_path(path).map_err(Error::Usage)?));
            continue;
        }
        let (all, origins) = match &mut all {
            Some(a) => a,
            None => {
                let (catalog, origins) = super::super::load_with_origins(global)?;
                all.insert((super::available_in(&catalog.entities), origins))
            }
        };
        let Some(t) = all
            .iter()
            .find(|t| t.name == *name || t.entity_ref == *name)
        else {
            return Err(Error::Usage(format!(
                "no template `{}`: give a folder holding template.yaml, the file, or a name `portal templates` lists",
                escape::escape(name)
            )));
        };
        out.push(super::ready(t.clone(), origins)?);
    }
    Ok(out)
}

/// The template's folder, where its `tests/` are (none for a built-in).
fn folder(template: &Template) -> PathBuf {
    match &template.files {
        Files::Dir(d) => d.clone(),
        Files::Builtin(prefix) => PathBuf::from(format!("(built-in)/{}", prefix)),
    }
}

fn template_file(template: &Template) -> PathBuf {
    template
        .file
        .clone()
        .unwrap_or_else(|| folder(template).join("template.yaml"))
}

/// An error of `rule` in `file`, at `pos` (its start when not known).
fn error(
    rule: &'static str,
    message: String,
    file: PathBuf,
    pos: Option<Pos>,
    hint: Option<String>,
) -> Diagnostic {
    let finding = Finding::error(rule, pos.unwrap_or(Pos { line: 1, col: 1 }), message);
    match hint {
        Some(h) => finding.hint(h),
        None => finding,
    }
    .at(file, None, None)
}

/// The case's plan, or why there is none (added to `found`); the catalog files it makes
/// are validated into `found` too.
fn render(
    template: &Template,
    case: &Case,
    dir: &Path,
    found: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    let at = case
        .answers
        .clone()
        .unwrap_or_else(|| template_file(template));
    let answers = match cases::answers(template, case) {
        Ok(a) => a,
        Err(problems) => {
            let hint = match case.answers {
                Some(_) => "fix the answer file, as `portal create --values` would take it",
                None => {
                    "give the questions a `default` or `examples`, or add a case: tests/NAME.yaml with the answers"
                }
            };
            for p in problems {
                found.push(error(
                    "template-test-answers",
                    format!("case `{}`: {p}", case.name),
                    at.clone(),
                    None,
                    Some(hint.into()),
                ));
            }
            return None;
        }
    };
    let plan = match isolate::plan(template, &answers, &json!({})) {
        Ok(p) => p,
        Err(e) => {
            found.push(render_error(template, case, dir, e));
            return None;
        }
    };
    // What the case renders is named as its own folder, which is on no disk: a snippet
    // of the expected tree would not be the rendered text.
    let shown = dir.join("tests").join(format!("{} (rendered)", case.name));
    for report in super::super::create::rendered_descriptors(&plan, &shown) {
        found.extend(
            report
                .diagnostics
                .into_iter()
                .filter(|d| d.rule != "placeholder")
                .map(|mut d| {
                    d.message = format!("case `{}` renders: {}", case.name, d.message);
                    d
                }),
        );
    }
    Some(plan)
}

/// A plan error, at the template file it names (relative to the template's folder).
fn render_error(template: &Template, case: &Case, dir: &Path, e: PlanError) -> Diagnostic {
    let file = match &e.file {
        Some(f) if Path::new(f).starts_with(dir) || Path::new(f).is_absolute() => PathBuf::from(f),
        Some(f) => crate::confine::normalize(&dir.join(f)),
        None => template_file(template),
    };
    let pos = e.line.map(|l| Pos::new(l, e.col.map_or(1, |c| c as usize)));
    error(
        "template-render",
        format!("case `{}`: {}", case.name, e.message),
        file,
        pos,
        None,
    )
}

/// Each difference from the expected files, at the expected file.
fn compare(plan: &Plan, case: &Case, found: &mut Vec<Diagnostic>) {
    let dir = match &case.expected {
        cases::Expected::Tree(d) | cases::Expected::Files(d) => d.clone(),
        cases::Expected::Nothing => return,
    };
    let hint = Some("if the change is meant, run `portal templates test --update`".to_string());
    let differences = match cases::compare(plan, case) {
        Ok(d) => d,
        Err(e) => {
            found.push(error("template-test", e, dir, None, None));
            return;
        }
    };
    for d in differences {
        let (file, pos, message) = match d {
            Difference::Missing(p) => (
                dir.join(&p),
                None,
                format!("case `{}` renders no {}", case.name, escape::path(&p)),
            ),
            Difference::Unexpected(p) => (
                dir.clone(),
                None,
                format!(
                    "case `{}` renders {}, which the expected tree does not have",
                    case.name,
                    escape::path(&p)
                ),
            ),
            Difference::Changed {
                path,
                line,
                expected,
                rendered,
            } => (
                dir.join(&path),
                Some(Pos::new(line, 1)),
                format!(
                    "case `{}` renders line {line} as `{}`, expected `{}`",
                    case.name,
                    escape::escape(&rendered),
                    escape::escape(&expected)
                ),
            ),
        };
        found.push(error(
            "template-test-expected",
            message,
            file,
            pos,
            hint.clone(),
        ));
    }
}

/// `1 file`, `2 files`.
fn counted(n: usize, word: &str) -> String {
    format!("{n} {}", diagnostics::plural(n, word))
}

/// A line per case, the findings, then the totals.
fn human(out: &mut impl Write, summary: &Summary, found: &[Diagnostic]) -> std::io::Result<()> {
    use console::style;
    for c in &summary.cases {
        let status = match c.status {
            Status::Passed => style("ok     ").green(),
            Status::Failed => style("FAILED ").red().bold(),
            Status::Updated => style("updated").cyan(),
        };
        writeln!(
            out,
            "{status} {} / {} ({})",
            escape::escape(&c.template),
            escape::escape(&c.case),
            counted(c.files, "file")
        )?;
    }
    if !found.is_empty() {
        writeln!(out)?;
        diagnostics::human_list(out, found)?;
    }
    let updated = match summary.updated {
        0 => String::new(),
        n => format!(", {n} updated"),
    };
    writeln!(
        out,
        "{}: {} passed, {} failed{updated} ({} in {})",
        diagnostics::verdict(summary.errors, summary.warnings),
        summary.passed,
        summary.failed,
        counted(summary.cases.len(), "case"),
        counted(summary.templates, "template"),
    )?;
    out.flush()
}
