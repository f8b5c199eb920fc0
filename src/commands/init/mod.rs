//! `portal init`: a catalog-info.yaml for the repository it runs in, from what the
//! repository says about itself (`init::infer`), each inference with where it came from;
//! on a terminal it asks what it could not infer, with `create`'s prompts. `--check`
//! reports drift between an existing descriptor and what would be inferred now.

mod check;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::catalog::{Entity, LoadOptions, load_text};
use crate::cli::{GlobalArgs, InitArgs};
use crate::confine::Dir;
use crate::error::{Error, exit};
use crate::init::{self, Choices, Findings};
use crate::output::escape;
use crate::scaffold::{self, Given, Guard};

/// The descriptor `init` writes, beside the repository's root.
const FILE: &str = "catalog-info.yaml";

pub fn run(global: &GlobalArgs, args: &InitArgs) -> Result<ExitCode, Error> {
    let interactive =
        !args.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let root = Dir::new(Path::new("."))
        .map_err(|why| Error::Usage(format!("this folder cannot be read: {why}")))?;
    let catalog = super::load(global)?;
    let found = init::infer(
        &root,
        init::origin_url(root.real()).as_deref(),
        &catalog.entities,
    );
    let existing = [FILE, "catalog-info.yml"]
        .into_iter()
        .find(|f| Path::new(f).symlink_metadata().is_ok());
    if args.check {
        let Some(file) = existing else {
            return Err(Error::Usage(format!(
                "--check compares an existing {FILE} with what would be inferred, and this folder has none: run `portal init` to write one"
            )));
        };
        return check::run(file, &found, args.json);
    }
    if let Some(file) = existing {
        return Err(Error::Usage(format!(
            "{file} exists, and `portal init` never replaces a descriptor: `portal init --check` compares it with what it would infer now"
        )));
    }
    let choices = choose(&found, args, &catalog.entities, interactive)?;
    let text = init::descriptor(&found, &choices).map_err(|missing| Error::Problems {
        head: format!("cannot write {FILE} without {missing}"),
        items: Vec::new(),
        findings: false,
        hint: Some(
            "give it with --set owner=group:NAME, or run `portal init` on a terminal to choose one"
                .into(),
        ),
    })?;
    check_text(&text)?;
    report(&found, args.json)?;
    let mut out = crate::output::stdout();
    if args.dry_run {
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if interactive {
        eprintln!("\n{}", escape::escape(&text));
        let write = inquire::Confirm::new(&format!("Write {FILE}?"))
            .with_default(true)
            .prompt()
            .map_err(|_| Error::Cancelled)?;
        if !write {
            return Err(Error::Cancelled);
        }
    }
    write_new(&text)?;
    let apis = found.apis.len();
    eprintln!(
        "wrote {FILE}: a Component{}",
        match apis {
            0 => String::new(),
            1 => " and the API it provides".into(),
            n => format!(" and the {n} APIs it provides"),
        }
    );
    Ok(ExitCode::from(exit::OK))
}

/// The fields as the user gives or chooses them: `--set`, then the prompts (on a
/// terminal) for what was not inferred, through `create`'s questions and pickers.
fn choose(
    found: &Findings,
    args: &InitArgs,
    catalog: &[Entity],
    interactive: bool,
) -> Result<Choices, Error> {
    let mut properties = Map::new();
    let mut required = vec!["name", "type", "lifecycle"];
    let text = |title: &str| json!({"type": "string", "title": title});
    properties.insert("name".into(), text("Name"));
    properties.insert("type".into(), text("Type"));
    let mut owner = text("Owner");
    owner["ui:field"] = json!("OwnerPicker");
    owner["ui:options"] = json!({"catalogFilter": {"kind": ["Group", "User"]}});
    if let Some(u) = &found.unresolved_owner {
        owner["description"] = json!(format!(
            "{} names {}, which is no Group or User of the catalog",
            u.from, u.value
        ));
    }
    properties.insert("owner".into(), owner);
    required.push("owner");
    properties.insert(
        "lifecycle".into(),
        json!({
            "type": "string",
            "title": "Lifecycle",
            "enum": ["experimental", "production", "deprecated"],
            "default": init::DEFAULT_LIFECYCLE,
        }),
    );
    if catalog.iter().any(|e| e.kind == "System") {
        let mut system = text("System");
        system["ui:field"] = json!("EntityPicker");
        system["ui:options"] = json!({"catalogFilter": {"kind": "System"}});
        properties.insert("system".into(), system);
    }
    let parameters = json!([{
        "title": "The repository's descriptor",
        "required": required,
        "properties": properties,
    }]);
    // What was inferred is an answer already: only the rest is asked.
    let mut values = Map::new();
    values.insert("name".into(), json!(found.name.value));
    values.insert("type".into(), json!(found.kind.value));
    if let Some(o) = &found.owner {
        values.insert("owner".into(), json!(o.value));
    }
    let mut given = Given {
        values,
        sets: Vec::new(),
    };
    for s in &args.sets {
        let (k, v) = s
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("--set `{s}`: write key=value")))?;
        given.sets.push((k.trim().to_string(), v.to_string()));
    }
    let guard = Guard::new(catalog, Some(Path::new(".")), true);
    let mut prompter = super::create::prompt::Prompter::new();
    let asker: Option<&mut dyn scaffold::Asker> = if interactive {
        Some(&mut prompter)
    } else {
        None
    };
    let answers = scaffold::answers(&parameters, &given, catalog, &guard, asker).map_err(|p| {
        if p == [scaffold::CANCELLED] {
            return Error::Cancelled;
        }
        Error::Problems {
            head: format!(
                "{} problem(s) with the fields, nothing was written",
                p.len()
            ),
            items: p,
            findings: false,
            hint: Some(
                "give a field with --set KEY=VALUE (name, owner, type, lifecycle, system)".into(),
            ),
        }
    })?;
    let field = |k: &str| answers.get(k).and_then(Value::as_str).map(str::to_string);
    Ok(Choices {
        name: field("name"),
        owner: field("owner"),
        kind: field("type"),
        lifecycle: field("lifecycle"),
        system: field("system").filter(|s| !s.is_empty()),
    })
}

/// The descriptor must pass `portal validate`'s rules before it is written.
fn check_text(text: &str) -> Result<(), Error> {
    let report = load_text(
        text,
        Path::new(FILE),
        Path::new("."),
        &LoadOptions::default(),
    );
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{}:{}: {}", FILE, d.pos.line, d.pos.col, d.message))
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    Err(Error::Problems {
        head: format!("the {FILE} portal would write is not valid, nothing was written"),
        items: errors,
        findings: false,
        hint: Some("give the field it names with --set KEY=VALUE".into()),
    })
}

/// Each inference and where it came from: on stderr, or as JSON on stdout.
fn report(found: &Findings, json: bool) -> Result<(), Error> {
    if json {
        let mut out = crate::output::stdout();
        serde_json::to_writer_pretty(&mut out, found).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let mut lines = vec![
        (
            "name".to_string(),
            found.name.value.clone(),
            found.name.from.clone(),
        ),
        (
            "type".to_string(),
            found.kind.value.clone(),
            format!(
                "{}, {} confidence",
                found.kind.from,
                format!("{:?}", found.confidence).to_lowercase()
            ),
        ),
    ];
    if let Some(o) = &found.owner {
        lines.push(("owner".into(), o.value.clone(), o.from.clone()));
    }
    for (k, v) in &found.annotations {
        lines.push((k.clone(), v.value.clone(), v.from.clone()));
    }
    for api in &found.apis {
        lines.push((
            format!("API {}", api.name),
            api.kind.to_string(),
            api.path.clone(),
        ));
    }
    for (field, value, from) in lines {
        eprintln!(
            "inferred {}: {} (from {})",
            escape::escape(&field),
            escape::escape(&value),
            escape::escape(&from)
        );
    }
    Ok(())
}

/// Writes the new descriptor whole, and only if none appeared meanwhile.
fn write_new(text: &str) -> Result<(), Error> {
    crate::confine::create_new(Path::new(FILE), text.as_bytes())
        .map_err(|e| Error::Usage(format!("cannot write {FILE}: {e}; nothing was written")))
}
