//! `portal create [TEMPLATE]`: ask the template's questions (or take the answers given),
//! plan the files, check the new catalog-info.yaml, and write the project in one move.

mod picker;
pub(super) mod prompt;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use console::style;
use serde_json::{Map, Value, json};

use crate::catalog::{LoadOptions, load_text};
use crate::cli::{CreateArgs, GlobalArgs};
use crate::error::Error;
use crate::output::escape;
use crate::scaffold::isolate;
use crate::scaffold::plan::{Plan, PlannedFile, StepStatus};
use crate::scaffold::template::{Origin, Template, from_path};
use crate::scaffold::write::{self, GitOutcome};
use crate::scaffold::{self, Given, params};

pub fn run(global: &GlobalArgs, args: &CreateArgs) -> Result<ExitCode, Error> {
    let interactive =
        !args.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let (catalog, origins) = super::scan_with_origins(global, &[], true)?;
    let given = given(args)?;
    let ready = super::templates::ready(choose(args, &catalog.entities, interactive)?, &origins)?;
    let template = &ready.template;
    // Checked before the first question: a folder that cannot be written to.
    let named = params::questions(&template.spec()["parameters"], &Map::new())
        .iter()
        .any(|q| q.key == "name");
    if let Some(target) = args
        .output
        .clone()
        .or_else(|| (!named).then(|| PathBuf::from(&template.name)))
    {
        refuse_non_empty(&target, args.force)?;
    }
    let guard = scaffold::Guard::new(&catalog.entities, args.output.as_deref(), args.force);
    let mut asker = prompt::Prompter::new();
    let asker: Option<&mut dyn scaffold::Asker> = if interactive { Some(&mut asker) } else { None };
    let answers = scaffold::answers(
        &template.spec()["parameters"],
        &given,
        &catalog.entities,
        &guard,
        asker,
    )
    .map_err(|problems| {
        if problems == [scaffold::CANCELLED] {
            return Error::Cancelled;
        }
        Error::Problems {
            head: format!(
                "{} problem(s) with the answers for {}, nothing was written",
                problems.len(),
                template.name
            ),
            items: problems,
            findings: false,
            hint: None,
        }
    })?;
    let target = args.output.clone().unwrap_or_else(|| {
        PathBuf::from(
            answers
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(&template.name),
        )
    });
    // Made in a child copy of portal whose memory and time are bounded.
    let mut plan = isolate::plan(template, &answers, &json!({}))
        .map_err(|e| Error::Usage(format!("template {}: {e}", template.name)))?;
    plan.files
        .push(answers_file(template, &answers, &ready.version));
    plan.files.extend(builtin_copy(template));
    plan.files.sort_by(|a, b| a.path.cmp(&b.path));
    check_descriptors(&plan, &target)?;
    refuse_non_empty(&target, args.force)?;
    refuse_taken(&plan, &target, &catalog.entities)?;
    write::mark_overwrites(&mut plan, &target);
    let mut out = std::io::stdout().lock();
    if args.dry_run {
        print_plan(&mut out, &plan, &target, args.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let bar = progress(plan.files.len());
    let cleaned = write::apply(&plan, &target, &|n| bar.set_position(n as u64))
        .map_err(|e| Error::Usage(e.0))?;
    bar.finish_and_clear();
    for stale in cleaned {
        eprintln!(
            "removed {}, left by an interrupted `portal create` (its process is gone)",
            stale.display()
        );
    }
    let git = if args.no_git {
        None
    } else {
        Some(
            write::git_init(
                &target,
                &format!("Create {} from {}", target.display(), template.entity_ref),
            )
            .map_err(|e| Error::Usage(e.0))?,
        )
    };
    summary(&mut out, &plan, &target, git.as_ref(), args.json)?;
    Ok(ExitCode::SUCCESS)
}

/// A target folder that holds something is refused unless `--force`.
fn refuse_non_empty(target: &Path, force: bool) -> Result<(), Error> {
    if write::is_non_empty(target) && !force {
        return Err(Error::Usage(format!(
            "{} exists and is not empty; nothing was written (choose another --output, or --force to write into it)",
            target.display()
        )));
    }
    Ok(())
}

/// An entity the new catalog-info.yaml defines that the catalog already has elsewhere is
/// refused, with where it is defined (the project's own folder, written again with
/// `--force`, is not elsewhere).
fn refuse_taken(
    plan: &Plan,
    target: &Path,
    catalog: &[crate::catalog::Entity],
) -> Result<(), Error> {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let target_abs = abs(target);
    let mut taken = Vec::new();
    for report in rendered_descriptors(plan, target) {
        for new in &report.entities {
            let r = new.entity_ref();
            for old in catalog
                .iter()
                .filter(|e| e.entity_ref() == r && !abs(&e.file).starts_with(&target_abs))
            {
                taken.push(format!(
                    "{r} is already defined in {}:{}",
                    old.file.display(),
                    old.pos.line
                ));
            }
        }
    }
    if taken.is_empty() {
        return Ok(());
    }
    Err(Error::Problems {
        head: "the new project's catalog-info.yaml defines what the catalog already has; nothing was written".into(),
        items: taken,
        findings: false,
        hint: Some("choose another name".into()),
    })
}

/// Each planned catalog-info.yaml, judged as `portal validate` judges it, at its place
/// in the target.
pub(super) fn rendered_descriptors<'p>(
    plan: &'p Plan,
    target: &'p Path,
) -> impl Iterator<Item = crate::catalog::FileReport> + 'p {
    plan.files
        .iter()
        .filter(|f| is_descriptor(&f.path))
        .map(move |f| {
            load_text(
                &String::from_utf8_lossy(&f.contents),
                &target.join(&f.path),
                target,
                &LoadOptions::default(),
            )
        })
}

fn is_descriptor(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "catalog-info.yaml" || n == "catalog-info.yml")
}

/// The template named, given by path, or chosen from a list.
fn choose(
    args: &CreateArgs,
    entities: &[crate::catalog::Entity],
    interactive: bool,
) -> Result<Template, Error> {
    if let Some(path) = &args.template {
        return from_path(path).map_err(Error::Usage);
    }
    let all = super::templates::available_in(entities);
    match &args.name {
        Some(name) => all
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name) || t.entity_ref.eq_ignore_ascii_case(name))
            .cloned()
            .ok_or_else(|| Error::NotFound {
                message: format!("no template named `{name}`"),
                hint: Some(format!(
                    "the templates are: {} (see `portal templates`)",
                    names(&all)
                )),
            }),
        None if interactive => prompt::choose_template(&all),
        None => Err(Error::Usage(format!(
            "name a template (one of: {}), or run `portal create` on a terminal to choose",
            names(&all)
        ))),
    }
}

fn names(all: &[Template]) -> String {
    all.iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `--values FILE` and `--set key=value`.
fn given(args: &CreateArgs) -> Result<Given, Error> {
    given_from(args.values.as_deref(), &args.sets)
}

/// The answers of `--values FILE` and `--set key=value`.
pub(super) fn given_from(values: Option<&Path>, sets: &[String]) -> Result<Given, Error> {
    let mut given = Given::default();
    if let Some(file) = values {
        let text = std::fs::read_to_string(file).map_err(|e| {
            Error::Usage(format!(
                "--values {}: cannot read it ({e}); give the path of a YAML or JSON file of answers, relative to the current folder",
                file.display()
            ))
        })?;
        given.values =
            params::answers_from_yaml(&text).map_err(|(pos, message)| Error::ConfigAt {
                path: file.to_path_buf(),
                line: pos.line,
                col: pos.col,
                message,
            })?;
    }
    for s in sets {
        let (k, v) = s
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("--set `{s}`: write key=value")))?;
        given.sets.push((k.trim().to_string(), v.to_string()));
    }
    Ok(given)
}

/// `.portal/answers.yaml`: the template and the answers, so a later run can re-apply it;
/// secret answers are left out, and named under `secretsNotWritten`.
pub(super) fn answers_file(
    template: &Template,
    answers: &Map<String, Value>,
    version: &crate::scaffold::upgrade::Version,
) -> PlannedFile {
    // A file as an absolute path, so `portal upgrade` finds it from the project.
    let origin = match template.origin {
        Origin::Builtin => "built-in".to_string(),
        _ => std::path::absolute(&template.location)
            .ok()
            .filter(|p| p.exists())
            .map_or_else(|| template.location.clone(), |p| p.display().to_string()),
    };
    // Secrets are never written: a later run asks for them again.
    let secret: Vec<String> = params::questions(&template.spec()["parameters"], answers)
        .into_iter()
        .filter(|q| q.is_secret())
        .map(|q| q.key)
        .collect();
    let values: Map<String, Value> = answers
        .iter()
        .filter(|(k, _)| !secret.contains(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut doc = json!({
        "template": template.entity_ref,
        "source": origin,
        "version": version,
        "values": values,
    });
    if !secret.is_empty() {
        doc["secretsNotWritten"] = json!(secret);
    }
    let text = format!(
        "# Written by `portal create`: the template and the answers it was given.\n{}\n",
        crate::output::yaml::to_yaml(&doc).trim_start_matches("---\n")
    );
    PlannedFile {
        path: PathBuf::from(".portal/answers.yaml"),
        size: text.len(),
        contents: text.into_bytes(),
        overwrites: false,
    }
}

/// A built-in template's copy, kept with the project as `upgrade`'s base.
fn builtin_copy(template: &Template) -> Option<PlannedFile> {
    let contents = crate::scaffold::upgrade::builtin_copy(template)?;
    Some(PlannedFile {
        path: PathBuf::from(crate::scaffold::upgrade::BUILTIN_COPY),
        size: contents.len(),
        contents,
        overwrites: false,
    })
}

/// The rendered descriptors must pass `portal validate`'s rules before anything is written.
fn check_descriptors(plan: &Plan, target: &Path) -> Result<(), Error> {
    let mut problems = Vec::new();
    for report in rendered_descriptors(plan, target) {
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.rule != "placeholder")
        {
            problems.push(format!(
                "{}:{}:{}: {}",
                d.file.display(),
                d.pos.line,
                d.pos.col,
                d.message
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::Problems {
        head: "the template would produce an invalid catalog-info.yaml; nothing was written".into(),
        items: problems,
        findings: true,
        hint: Some("fix the template's skeleton, or the answers it was given".into()),
    })
}

fn progress(len: usize) -> indicatif::ProgressBar {
    if len < 200 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn print_plan(out: &mut impl Write, plan: &Plan, target: &Path, json: bool) -> std::io::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, &json!({ "target": target, "plan": plan }))?;
        return writeln!(out);
    }
    writeln!(
        out,
        "{} {} file{} in {} (dry run: nothing written)",
        style("would write").bold(),
        plan.files.len(),
        if plan.files.len() == 1 { "" } else { "s" },
        escape::path(target)
    )?;
    for f in &plan.files {
        let note = if f.overwrites {
            style(" (replaces an existing file)").yellow().to_string()
        } else {
            String::new()
        };
        writeln!(
            out,
            "  {:>8}  {}{note}",
            human_size(f.size),
            escape::path(&f.path)
        )?;
    }
    steps(out, plan)
}

fn steps(out: &mut impl Write, plan: &Plan) -> std::io::Result<()> {
    for s in plan
        .steps
        .iter()
        .filter(|s| s.status != StepStatus::Ran || s.note.is_some())
    {
        let label = match s.status {
            StepStatus::Ran => style("log").dim(),
            StepStatus::Skipped => style("skipped").dim(),
            StepStatus::NotRunLocally => style("not run here").yellow(),
            StepStatus::Unknown => style("unknown action").red(),
        };
        writeln!(
            out,
            "  {label}  {} ({}): {}",
            escape::escape(&s.name),
            escape::escape(&s.action),
            escape::escape(s.note.as_deref().unwrap_or_default())
        )?;
    }
    Ok(())
}

fn summary(
    out: &mut impl Write,
    plan: &Plan,
    target: &Path,
    git: Option<&GitOutcome>,
    json: bool,
) -> std::io::Result<()> {
    let commit = match git {
        Some(GitOutcome::Committed(id)) => Some(id.clone()),
        _ => None,
    };
    if json {
        serde_json::to_writer_pretty(
            &mut *out,
            &json!({ "target": target, "plan": plan, "commit": commit }),
        )?;
        return writeln!(out);
    }
    writeln!(
        out,
        "{} {} with {} files",
        style("created").green().bold(),
        escape::path(target),
        plan.files.len()
    )?;
    match git {
        Some(GitOutcome::Committed(id)) => writeln!(
            out,
            "  git repository with a first commit ({})",
            id.get(..7).unwrap_or(id)
        )?,
        Some(GitOutcome::NoIdentity) => writeln!(
            out,
            "  git repository without a commit: set git's user.name and user.email, then `git commit`"
        )?,
        None => {}
    }
    steps(out, plan)?;
    // Validated from here, where the catalog its owner and system are in is configured.
    writeln!(
        out,
        "\nnext:\n  portal validate {}\n  cd {}",
        escape::path(target),
        escape::path(target)
    )
}

fn human_size(n: usize) -> String {
    if n < 1024 {
        format!("{n} B")
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}
