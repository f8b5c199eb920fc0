//! `portal upgrade`: in a project `portal create` made, render the template's recorded
//! version and its version now with the same answers, and merge the difference into the
//! project (`scaffold::upgrade`). The plan is printed; `--apply` writes it.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::cli::{GlobalArgs, UpgradeArgs};
use crate::error::{Error, exit};
use crate::output::escape;
use crate::scaffold::isolate;
use crate::scaffold::plan::Plan;
use crate::scaffold::template::{Template, builtin, from_path};
use crate::scaffold::upgrade::{self, ANSWERS_FILE, Change, FileChange, Ready, Recorded, Version};
use crate::scaffold::{self, Given, Guard, params};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report<'a> {
    template: &'a str,
    from: &'a Version,
    to: &'a Version,
    files: &'a [FileChange],
    conflicts: usize,
    dropped_answers: &'a [String],
    applied: bool,
}

/// One project's upgrade, computed and not yet written.
struct Prepared {
    recorded: Recorded,
    from: Version,
    /// The template now and its version (a git source's checked out for as long as this).
    now: Ready,
    /// The answers for the template now; `None` when it has not changed.
    answers: Option<Map<String, Value>>,
    files: Vec<FileChange>,
    dropped: Vec<String>,
}

impl Prepared {
    fn conflicts(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.change == Change::Conflict)
            .count()
    }
}

pub fn run(global: &GlobalArgs, args: &UpgradeArgs) -> Result<ExitCode, Error> {
    if args.all {
        return all(global, args);
    }
    let project = Path::new(".");
    let interactive =
        !args.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let prepared = prepare(global, project, args, interactive)?;
    if args.apply && prepared.answers.is_some() {
        write(project, &prepared)?;
    }
    let mut out = crate::output::stdout();
    if args.json {
        write_json(&mut out, &prepared, args.apply)?;
    } else {
        human(&mut out, &prepared, args.apply)?;
    }
    if prepared.from.dirty {
        crate::output::warn(
            "the template had changes not committed when this project was made: its base is the commit, which may differ from what was rendered",
        );
    }
    Ok(ExitCode::from(if prepared.conflicts() > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    }))
}

/// The upgrade of the project in `project`: both renders and the merge, nothing written.
fn prepare(
    global: &GlobalArgs,
    project: &Path,
    args: &UpgradeArgs,
    interactive: bool,
) -> Result<Prepared, Error> {
    let recorded = upgrade::read_recorded(project).map_err(Error::Usage)?;
    let now = current(global, &recorded, args)?;
    let (new, to) = (&now.template, &now.version);
    let Some(from) = recorded.version.clone() else {
        return Err(Error::Usage(format!(
            "{ANSWERS_FILE} records no version of the template (the project was made by an older portal), so there is no base to merge from"
        )));
    };
    if from.content_hash == to.content_hash {
        return Ok(Prepared {
            recorded,
            from,
            now,
            answers: None,
            files: Vec::new(),
            dropped: Vec::new(),
        });
    }
    // A repository that moved: the recorded commit may be in the one the template is in now.
    let mut base = from.clone();
    if base.repository.as_ref().is_some_and(|r| !r.exists()) && to.repository.is_some() {
        base.repository.clone_from(&to.repository);
    }
    let old = old_template(project, &recorded, &base)?;
    let old_answers = answers(&old.template, &recorded.values, &Given::default(), None)
        .map_err(|p| problems("the template's old version", &p))?;
    let (kept, dropped) = still_asked(new, &recorded.values);
    let given = super::create::given_from(args.values.as_deref(), &args.sets)?;
    let mut prompter = super::create::prompt::Prompter::new();
    let asker: Option<&mut dyn scaffold::Asker> = if interactive {
        Some(&mut prompter)
    } else {
        None
    };
    let new_answers = answers(new, &kept, &given, asker).map_err(|p| {
        if p == [scaffold::CANCELLED] {
            return Error::Cancelled;
        }
        problems("the template now", &p)
    })?;
    let old_plan = render(&old.template, &old_answers, "its old version")?;
    let new_plan = render(new, &new_answers, "its version now")?;
    let files = upgrade::changes(&old_plan, &new_plan, project).map_err(Error::Usage)?;
    Ok(Prepared {
        recorded,
        from,
        now,
        answers: Some(new_answers),
        files,
        dropped,
    })
}

/// `--apply`: the files, then the new version and answers in `.portal/answers.yaml`, and
/// for a built-in template its new copy (the next upgrade's base).
fn write(project: &Path, p: &Prepared) -> Result<(), Error> {
    upgrade::apply(&p.files, project).map_err(Error::Usage)?;
    let answers = p.answers.clone().unwrap_or_default();
    let record = super::create::answers_file(&p.now.template, &answers, &p.now.version);
    upgrade::replace_builtin_copy(project, &p.now.template).map_err(Error::Usage)?;
    crate::confine::check_write(project, &record.path)
        .map_err(|b| Error::Usage(format!("{ANSWERS_FILE}: {b}")))?;
    crate::confine::replace(&project.join(&record.path), &record.contents)
        .map_err(|e| Error::Usage(format!("cannot write {ANSWERS_FILE}: {e}")))
}

/// `--all`: every project of the catalog made from a template (a folder of an entity's
/// file that holds `.portal/answers.yaml`), with whether its upgrade would be clean.
/// Nothing is written, nothing is asked.
fn all(global: &GlobalArgs, args: &UpgradeArgs) -> Result<ExitCode, Error> {
    let catalog = super::load(global)?;
    let mut projects: Vec<&Path> = catalog
        .entities
        .iter()
        .filter_map(|e| e.file.parent())
        .filter(|d| d.join(ANSWERS_FILE).is_file())
        .collect();
    projects.sort();
    projects.dedup();
    let mut rows = Vec::new();
    let mut trouble = false;
    for project in projects {
        let (state, detail) = match prepare(global, project, args, false) {
            Ok(p) if p.answers.is_none() => ("up to date", String::new()),
            Ok(p) if p.conflicts() > 0 => {
                trouble = true;
                let names: Vec<String> = p
                    .files
                    .iter()
                    .filter(|f| f.change == Change::Conflict)
                    .map(|f| escape::path(&f.path).to_string())
                    .collect();
                ("conflicts", names.join(", "))
            }
            Ok(p) => ("clean", format!("{} file(s)", p.files.len())),
            Err(e) => {
                trouble = true;
                ("cannot upgrade", e.to_string())
            }
        };
        rows.push((project.display().to_string(), state, detail));
    }
    let mut out = crate::output::stdout();
    if args.json {
        let listed: Vec<Value> = rows
            .iter()
            .map(|(p, s, d)| json!({"project": p, "state": s, "detail": d}))
            .collect();
        serde_json::to_writer_pretty(&mut out, &listed).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let mut table = crate::output::table::Rows::new(&["PROJECT", "UPGRADE", "DETAIL"])
            .shrink("DETAIL")
            .optional(&["DETAIL"]);
        for (p, s, d) in &rows {
            table.row([p.clone(), s.to_string(), d.clone()]);
        }
        table.write(&mut out)?;
        if rows.is_empty() {
            writeln!(
                out,
                "no project in the catalog records a template (.portal/answers.yaml)"
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if trouble {
        exit::FINDINGS
    } else {
        exit::OK
    }))
}

/// The template as it is now: `--template`; for one of a git source, the catalog's
/// Template of that reference (at the commit its source's ref points at now: for a
/// remote, as last synced); else the folder the recorded version names in its
/// repository, else the recorded source file, else the built-in of that name.
fn current(global: &GlobalArgs, recorded: &Recorded, args: &UpgradeArgs) -> Result<Ready, Error> {
    let path_given = |path: &Path| from_path(path).map(Ready::at_hand).map_err(Error::Usage);
    if let Some(path) = args.template.as_ref().filter(|_| !args.all) {
        return path_given(path);
    }
    if recorded
        .version
        .as_ref()
        .is_some_and(|v| v.reference.is_some())
    {
        return in_catalog(global, recorded);
    }
    if let Some(Version {
        repository: Some(repo),
        path: Some(path),
        ..
    }) = &recorded.version
    {
        let dir = repo.join(path);
        if let Some(file) = ["template.yaml", "template.yml"]
            .iter()
            .map(|n| dir.join(n))
            .find(|f| f.is_file())
        {
            return path_given(&file);
        }
    }
    if recorded.source != "built-in" && Path::new(&recorded.source).is_file() {
        return path_given(Path::new(&recorded.source));
    }
    let name = recorded.template.rsplit('/').next().unwrap_or_default();
    if recorded.source == "built-in"
        && let Some(t) = builtin().into_iter().find(|t| t.name == name)
    {
        return Ok(Ready::at_hand(t));
    }
    Err(Error::Usage(format!(
        "cannot find the template {} this project was made from (it came from {}); give it with --template PATH",
        escape::escape(&recorded.template),
        escape::escape(&recorded.source)
    )))
}

/// The catalog's Template `recorded` names, of a git source, checked out of it.
fn in_catalog(global: &GlobalArgs, recorded: &Recorded) -> Result<Ready, Error> {
    let (catalog, origins) = super::load_with_origins(global)?;
    let found = crate::scaffold::template::from_catalog(&catalog.entities)
        .into_iter()
        .find(|t| t.entity_ref.eq_ignore_ascii_case(&recorded.template));
    let Some(template) = found else {
        return Err(Error::Usage(format!(
            "the template {} this project was made from is not in the catalog now (it was read from {}); run `portal sync` if its source is a remote, check portal.yaml's sources, or give the template with --template PATH",
            escape::escape(&recorded.template),
            escape::escape(&recorded.source),
        )));
    };
    super::templates::ready(template, &origins)
}

/// The template's recorded version: checked out of its repository, or for a built-in
/// read from the copy the project keeps.
fn old_template(
    project: &Path,
    recorded: &Recorded,
    from: &Version,
) -> Result<upgrade::Checkout, Error> {
    if recorded.source == "built-in" {
        return upgrade::old_builtin(project, from).map_err(|e| {
            Error::Usage(format!(
                "{} is built into portal and has changed since this project was made: {e}",
                escape::escape(&recorded.template)
            ))
        });
    }
    upgrade::old_template(from).map_err(|e| {
        Error::Usage(format!(
            "cannot render the version of {} this project was made from: {e}",
            escape::escape(&recorded.template)
        ))
    })
}

/// The recorded answers the template still asks, and the names of those it does not.
fn still_asked(
    template: &Template,
    values: &Map<String, Value>,
) -> (Map<String, Value>, Vec<String>) {
    let asked: Vec<String> = params::questions(&template.spec()["parameters"], values)
        .into_iter()
        .map(|q| q.key)
        .collect();
    let (kept, dropped): (Vec<_>, Vec<_>) = values.iter().partition(|(k, _)| asked.contains(k));
    (
        kept.into_iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        dropped.into_iter().map(|(k, _)| k.clone()).collect(),
    )
}

/// The answers for `template`: `values`, then the answers given, then the prompts.
fn answers(
    template: &Template,
    values: &Map<String, Value>,
    given: &Given,
    asker: Option<&mut dyn scaffold::Asker>,
) -> Result<Map<String, Value>, Vec<String>> {
    let mut all = values.clone();
    all.extend(given.values.clone());
    let given = Given {
        values: all,
        sets: given.sets.clone(),
    };
    scaffold::answers(
        &template.spec()["parameters"],
        &given,
        &[],
        &Guard::new(&[], None, true),
        asker,
    )
}

fn problems(what: &str, problems: &[String]) -> Error {
    Error::Problems {
        head: format!(
            "{} problem(s) with the answers for {what}, nothing was changed",
            problems.len()
        ),
        items: problems.to_vec(),
        findings: false,
        hint: None,
    }
}

fn render(template: &Template, answers: &Map<String, Value>, which: &str) -> Result<Plan, Error> {
    isolate::plan(template, answers, &json!({}))
        .map_err(|e| Error::Usage(format!("the template ({which}) does not render: {e}")))
}

fn short(v: &Version) -> String {
    match &v.commit {
        Some(c) => format!("{}{}", &c[..c.len().min(7)], if v.dirty { "+" } else { "" }),
        None => format!("#{}", &v.content_hash[..v.content_hash.len().min(7)]),
    }
}

fn human(out: &mut impl Write, p: &Prepared, applied: bool) -> std::io::Result<()> {
    use console::style;
    if p.answers.is_none() {
        writeln!(
            out,
            "{} has not changed since this project was made: nothing to upgrade",
            escape::escape(&p.recorded.template)
        )?;
        return out.flush();
    }
    writeln!(
        out,
        "{}: {} → {}",
        escape::escape(&p.recorded.template),
        short(&p.from),
        short(&p.now.version)
    )?;
    for f in &p.files {
        let label = match f.change {
            Change::Updated => style("updated ").green(),
            Change::Merged => style("merged  ").green(),
            Change::Conflict => style("conflict").red().bold(),
            Change::Added => style("added   ").green(),
            Change::Removed => style("removed ").yellow(),
        };
        let note = f
            .note
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        writeln!(out, "  {label}  {}{note}", escape::path(&f.path))?;
    }
    if p.files.is_empty() {
        writeln!(
            out,
            "  the template's changes are all in this project already"
        )?;
    }
    if !p.dropped.is_empty() {
        let names: Vec<String> = p
            .dropped
            .iter()
            .map(|d| escape::escape(d).into_owned())
            .collect();
        writeln!(out, "the template no longer asks: {}", names.join(", "))?;
    }
    let conflicts: Vec<String> = p
        .files
        .iter()
        .filter(|f| f.change == Change::Conflict)
        .map(|f| escape::path(&f.path).to_string())
        .collect();
    let written = p.files.len() - conflicts.len();
    let next = match (applied, conflicts.is_empty()) {
        (false, true) => {
            format!("{written} file(s) change cleanly; run `portal upgrade --apply` to write them")
        }
        (false, false) => format!(
            "{} conflict(s); `portal upgrade --apply` writes the clean changes, and the conflicts with markers (<<<<<<<) to resolve",
            conflicts.len()
        ),
        (true, true) => {
            format!("upgraded: {written} file(s) changed, {ANSWERS_FILE} records the new version")
        }
        (true, false) => format!(
            "upgraded with {} conflict(s) left in {}: resolve them (look for <<<<<<<), then commit",
            conflicts.len(),
            conflicts.join(", ")
        ),
    };
    writeln!(out, "{next}")?;
    out.flush()
}

fn write_json(out: &mut impl Write, p: &Prepared, applied: bool) -> std::io::Result<()> {
    let report = Report {
        template: &p.recorded.template,
        from: &p.from,
        to: &p.now.version,
        files: &p.files,
        conflicts: p.conflicts(),
        dropped_answers: &p.dropped,
        applied: applied && p.answers.is_some(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)?;
    out.flush()
}
