//! Scaffolding from Backstage Software Templates: templates, their questions, the plan of
//! what would be written, and the careful write. Interactive prompting is not here: the
//! command passes an `Asker`, so this core never touches the terminal.

mod branches;
pub mod cases;
mod filters;
pub mod guard;
pub mod isolate;
mod jsexpr;
mod jsmethods;
mod jsvalue;
pub mod nunjucks;
pub mod params;
pub mod plan;
pub(crate) mod render;
pub(crate) mod skeleton;
pub mod staging;
pub mod template;
pub mod upgrade;
pub mod write;

use serde_json::{Map, Value};

use crate::catalog::Entity;
use crate::query::resolve::{Resolved, resolve};
pub use guard::Guard;
use params::{Question, check, coerce};

/// What an `Asker` returns when the user cancels (Ctrl-C, Esc): the command exits 130.
pub const CANCELLED: &str = "cancelled";

/// Asks one question interactively. `Ok(None)` leaves an optional question unanswered.
pub trait Asker {
    /// Asks `q`, offering `choices` for an entity picker; `Err` cancels. An answer must
    /// pass `check` and `guard` before the prompt takes it.
    fn ask(
        &mut self,
        q: &Question,
        choices: Option<&[PickerChoice]>,
        guard: &Guard,
    ) -> Result<Option<Value>, String>;
}

/// An entity offered by an `OwnerPicker` or `EntityPicker`.
#[derive(Debug, Clone)]
pub struct PickerChoice {
    /// The entity's reference.
    pub entity_ref: String,
    /// What the picker shows.
    pub label: String,
}

/// Answers given up front: `--values FILE` and `--set key=value`.
#[derive(Debug, Default, Clone)]
pub struct Given {
    /// Values read from `--values`.
    pub values: Map<String, Value>,
    /// `--set key=value` pairs, in order, applied after `values`.
    pub sets: Vec<(String, String)>,
}

/// Every answer, or every problem with them (all at once).
pub fn answers(
    parameters: &Value,
    given: &Given,
    catalog: &[Entity],
    guard: &Guard,
    mut asker: Option<&mut dyn Asker>,
) -> Result<Map<String, Value>, Vec<String>> {
    let original = parameters;
    let folded =
        branches::fold(parameters, given, asker.as_deref_mut(), guard).map_err(|e| vec![e])?;
    let parameters = &folded;
    let mut answers = Map::new();
    let mut problems = Vec::new();
    let mut done: Vec<String> = Vec::new();
    // Made once, and only for a template whose pages have an `if`.
    let mut renderer: Option<render::Renderer> = None;
    loop {
        // Questions depend on earlier answers (`dependencies`), so list them again each time.
        let Some(q) = params::questions(parameters, &answers)
            .into_iter()
            .find(|q| !done.contains(&q.key))
        else {
            break;
        };
        done.push(q.key.clone());
        if let Some(cond) = params::page_condition(parameters, &q.key) {
            if let Err(why) = params::condition_is_plain(cond) {
                problems.push(format!(
                    "the `if` of the page asking `{}` is refused: {why}; a page's condition may compare answers, with `and`, `or`, `not` and `in`",
                    q.key
                ));
                continue;
            }
            let ctx = serde_json::json!({ "parameters": &answers });
            match renderer
                .get_or_insert_with(render::Renderer::new)
                .evaluate(cond, &ctx)
            {
                Ok(v) if !render::truthy(&v) => continue,
                Ok(_) => {}
                Err(e) => {
                    problems.push(format!(
                        "the `if` of the page asking `{}`: {}",
                        q.key, e.message
                    ));
                    continue;
                }
            }
        }
        let choices = picker_choices(&q, catalog);
        let provided = match given.sets.iter().rev().find(|(k, _)| *k == q.key) {
            Some((_, raw)) => match coerce(&q, raw) {
                Ok(v) => Some(v),
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            },
            None => given.values.get(&q.key).cloned(),
        };
        let value = match (provided, asker.as_deref_mut()) {
            (Some(v), _) => Some(v),
            (None, Some(a)) => match a.ask(&q, choices.as_deref(), guard) {
                Ok(v) => v,
                Err(e) => return Err(vec![e]),
            },
            (None, None) => q.schema.get("default").cloned(),
        };
        let Some(mut value) = value.filter(|v| !v.is_null() && *v != Value::String(String::new()))
        else {
            if q.required {
                problems.push(format!(
                    "`{}` ({}) is required: give it with --set {}=… or in --values",
                    q.key,
                    q.title(),
                    q.key
                ));
            }
            continue;
        };
        if let (Some(choices), Some(s)) = (&choices, value.as_str()) {
            match pick(choices, catalog, s) {
                Ok(r) => value = Value::String(r),
                Err(e) => {
                    problems.push(format!("{}: {e}", q.label()));
                    continue;
                }
            }
        }
        let mut found = check(&q, &value);
        if found.is_empty() {
            found = guard.check(&q, &value);
        }
        if found.is_empty() {
            answers.insert(q.key.clone(), value);
        } else {
            problems.extend(found);
        }
    }
    let known: Vec<String> = params::questions(parameters, &answers)
        .into_iter()
        .map(|q| q.key)
        .collect();
    for key in given.values.keys().chain(given.sets.iter().map(|(k, _)| k)) {
        if !known.contains(key) {
            problems.push(format!(
                "`{key}` is not a parameter of this template (it has: {})",
                known.join(", ")
            ));
        }
    }
    if problems.is_empty() {
        problems = branches::problems(original, &answers);
    }
    if problems.is_empty() {
        Ok(answers)
    } else {
        Err(problems)
    }
}

/// The kinds a picker offers: `allowedKinds`, or the kinds of its `catalogFilter`.
fn picker_kinds(q: &Question) -> Option<Vec<String>> {
    let field = q.field()?;
    let opts = q.options();
    let strings = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(l) => l
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut kinds = strings(&opts["allowedKinds"]);
    let filters: Vec<&Value> = match &opts["catalogFilter"] {
        Value::Array(l) => l.iter().collect(),
        v @ Value::Object(_) => vec![v],
        _ => Vec::new(),
    };
    for f in filters {
        kinds.extend(strings(&f["kind"]));
    }
    match field {
        "OwnerPicker" | "MyGroupsPicker" if kinds.is_empty() => {
            Some(vec!["Group".into(), "User".into()])
        }
        "OwnerPicker" | "EntityPicker" | "MyGroupsPicker" | "MultiEntityPicker" => Some(kinds),
        _ => None,
    }
}

/// The catalog entities a picker offers (empty kinds: every entity).
pub fn picker_choices(q: &Question, catalog: &[Entity]) -> Option<Vec<PickerChoice>> {
    let kinds = picker_kinds(q)?;
    let mut out: Vec<PickerChoice> = catalog
        .iter()
        .filter(|e| kinds.is_empty() || kinds.iter().any(|k| k.eq_ignore_ascii_case(&e.kind)))
        .map(|e| {
            let title = e
                .spec()
                .and_then(|s| s.get("profile"))
                .and_then(|p| p.get("displayName"))
                .and_then(|d| d.as_str())
                .or(e.metadata_str("title"));
            let r = e.entity_ref().to_string();
            PickerChoice {
                label: title.map_or_else(|| r.clone(), |t| format!("{r}  ({t})")),
                entity_ref: r,
            }
        })
        .collect();
    out.sort_by(|a, b| a.entity_ref.cmp(&b.entity_ref));
    out.dedup_by(|a, b| a.entity_ref == b.entity_ref);
    Some(out)
}

/// A typed name checked against the picker's entities; the full reference when found.
fn pick(choices: &[PickerChoice], catalog: &[Entity], typed: &str) -> Result<String, String> {
    if choices.is_empty() {
        // Nothing to check against (no catalog here): keep what was typed.
        return Ok(typed.to_string());
    }
    let allowed: Vec<Entity> = catalog
        .iter()
        .filter(|e| {
            choices
                .iter()
                .any(|c| c.entity_ref == e.entity_ref().to_string())
        })
        .cloned()
        .collect();
    match resolve(&allowed, typed) {
        Resolved::One(e) => Ok(e.entity_ref().to_string()),
        Resolved::Ambiguous(list) => Err(format!(
            "`{typed}` could be {}",
            list.iter()
                .map(|e| e.entity_ref().to_string())
                .collect::<Vec<_>>()
                .join(" or ")
        )),
        Resolved::Unknown(near) => Err(format!(
            "`{typed}` is not in the catalog{}",
            if near.is_empty() {
                let mut kinds: Vec<&str> = choices
                    .iter()
                    .filter_map(|c| c.entity_ref.split(':').next())
                    .collect();
                kinds.dedup();
                format!(
                    "; `portal list --kind {}` shows what it can be",
                    kinds.join(",")
                )
            } else {
                format!(
                    "; did you mean {}?",
                    near.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        )),
    }
}
