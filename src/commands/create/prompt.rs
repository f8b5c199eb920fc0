//! The template's questions as inquire prompts: Text with the schema's checks shown
//! inline, Select for enums and pickers (fuzzy-filtered with nucleo), Confirm, number
//! prompts with bounds, MultiSelect, Password.

use std::cell::{Cell, RefCell};

use inquire::validator::Validation;
use inquire::{
    Confirm, CustomType, InquireError, MultiSelect, Password, PasswordDisplayMode, Select, Text,
};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use serde_json::Value;

use crate::error::Error;
use crate::output::escape::escape;
use crate::scaffold::params::{Question, check};
use crate::scaffold::template::Template;
use crate::scaffold::{Asker, CANCELLED, Guard, PickerChoice};

pub struct Prompter;

impl Prompter {
    /// Prompts without colour when colour is off (`NO_COLOR`, `--color never`).
    pub fn new() -> Self {
        if !console::colors_enabled_stderr() {
            inquire::set_global_render_config(inquire::ui::RenderConfig::empty());
        }
        Prompter
    }
}

const NONE: &str = "(none)";

thread_local! {
    static MATCHER: RefCell<Matcher> = RefCell::new(Matcher::new(Config::DEFAULT));
}

/// Fuzzy filtering for every Select, with the same matcher as `portal search`.
fn fuzzy<T>(input: &str, _: &T, text: &str, _: usize) -> Option<i64> {
    if input.is_empty() {
        return Some(0);
    }
    let pattern = Pattern::parse(input, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    MATCHER.with(|m| {
        pattern
            .score(Utf32Str::new(text, &mut buf), &mut m.borrow_mut())
            .map(i64::from)
    })
}

fn cancelled(e: InquireError) -> String {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => CANCELLED.into(),
        other => format!("the prompt failed: {other}"),
    }
}

/// Shown when a filter matches nothing; choosing it asks again.
const NO_MATCH: &str = "(nothing matches the filter: backspace to change it)";

/// A scorer that ranks with `score` and, when nothing else matches a non-empty filter,
/// shows the `NO_MATCH` line (the last option) instead of an empty list. inquire scores
/// the options in order, so the count is known when the last one is scored.
fn with_no_match<'s, T>(
    score: impl Fn(&str, &T, &str, usize) -> Option<i64> + 's,
    last: usize,
) -> impl Fn(&str, &T, &str, usize) -> Option<i64> + 's {
    let matched = Cell::new(0usize);
    move |input, option, text, index| {
        if index == 0 {
            matched.set(0);
        }
        if index == last {
            return (!input.is_empty() && matched.get() == 0).then_some(i64::MIN);
        }
        let s = score(input, option, text, index);
        if s.is_some() {
            matched.set(matched.get() + 1);
        }
        s
    }
}

/// Rows of options a Select shows: fewer on a short terminal, so the prompt, the options
/// and the help line fit (80×10 shows seven).
fn page_size() -> usize {
    let (rows, _) = console::Term::stderr().size();
    usize::from(rows).saturating_sub(3).clamp(3, 7)
}

/// `portal create` with no template: choose one (`picker`: the description of the
/// highlighted template on the help line).
pub fn choose_template(all: &[Template]) -> Result<Template, Error> {
    match super::picker::pick(all).map_err(|e| Error::Usage(format!("the prompt failed: {e}")))? {
        super::picker::Picked::Chosen(i) => Ok(all[i].clone()),
        super::picker::Picked::Cancelled => Err(Error::Cancelled),
    }
}

impl Asker for Prompter {
    fn ask(
        &mut self,
        q: &Question,
        choices: Option<&[PickerChoice]>,
        guard: &Guard,
    ) -> Result<Option<Value>, String> {
        // The template wrote these: shown escaped, as every human output is.
        let title = format!(
            "{}{}",
            escape(&q.title()),
            if q.required { "" } else { " (optional)" }
        );
        let help = q.help().map(|h| escape(&h).into_owned());
        if let Some(choices) = choices.filter(|c| !c.is_empty()) {
            return pick(&title, help.as_deref(), q, choices);
        }
        if let Some(options) = q.choices() {
            return if q.kind() == "array" {
                multi(&title, help.as_deref(), q, &options)
            } else {
                select(&title, help.as_deref(), q, &options)
            };
        }
        match q.kind() {
            "boolean" => {
                let mut p = Confirm::new(&title)
                    .with_default(q.schema["default"].as_bool().unwrap_or(false));
                if let Some(h) = &help {
                    p = p.with_help_message(h);
                }
                p.prompt().map(|b| Some(Value::Bool(b))).map_err(cancelled)
            }
            "integer" | "number" => number(&title, help.as_deref(), q, guard),
            _ if q.widget() == Some("password") => {
                let mut p = Password::new(&title)
                    .without_confirmation()
                    .with_display_mode(PasswordDisplayMode::Masked);
                if let Some(h) = &help {
                    p = p.with_help_message(h);
                }
                p.prompt()
                    .map(|s| (!s.is_empty()).then_some(Value::String(s)))
                    .map_err(cancelled)
            }
            _ => text(&title, help.as_deref(), q, guard),
        }
    }
}

/// Everything wrong with an answer: the schema's checks, then the guard's.
fn problems(q: &Question, guard: &Guard, v: &Value) -> Vec<String> {
    let found = check(q, v);
    if found.is_empty() {
        guard.check(q, v)
    } else {
        found
    }
}

fn text(
    title: &str,
    help: Option<&str>,
    q: &Question,
    guard: &Guard,
) -> Result<Option<Value>, String> {
    let question = q.clone();
    let guard = guard.clone();
    let mut p = Text::new(title).with_validator(move |s: &str| {
        if s.is_empty() {
            return Ok(if question.required {
                Validation::Invalid("this answer is required".into())
            } else {
                Validation::Valid
            });
        }
        let found = problems(&question, &guard, &Value::String(s.to_string()));
        Ok(match found.first() {
            Some(p) => Validation::Invalid(p.clone().into()),
            None => Validation::Valid,
        })
    });
    let default = q.schema["default"].as_str().map(str::to_string);
    if let Some(d) = &default {
        p = p.with_default(d);
    }
    if let Some(h) = help {
        p = p.with_help_message(h);
    }
    p.prompt()
        .map(|s| (!s.is_empty()).then_some(Value::String(s)))
        .map_err(cancelled)
}

fn number(
    title: &str,
    help: Option<&str>,
    q: &Question,
    guard: &Guard,
) -> Result<Option<Value>, String> {
    let question = q.clone();
    let guard = guard.clone();
    let integer = q.kind() == "integer";
    let mut p = CustomType::<f64>::new(title)
        .with_error_message(if integer {
            "type a whole number"
        } else {
            "type a number"
        })
        .with_validator(move |n: &f64| {
            let v = if integer && n.fract() == 0.0 {
                Value::from(*n as i64)
            } else {
                serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number)
            };
            Ok(match problems(&question, &guard, &v).first() {
                Some(p) => Validation::Invalid(p.clone().into()),
                None => Validation::Valid,
            })
        });
    if let Some(d) = q.schema["default"].as_f64() {
        p = p.with_default(d);
    }
    if let Some(h) = help {
        p = p.with_help_message(h);
    }
    let n = p.prompt().map_err(cancelled)?;
    Ok(Some(if integer {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }))
}

fn select(
    title: &str,
    help: Option<&str>,
    q: &Question,
    options: &[(Value, String)],
) -> Result<Option<Value>, String> {
    let mut labels: Vec<String> = options
        .iter()
        .map(|(_, l)| escape(l).into_owned())
        .collect();
    if !q.required {
        labels.push(NONE.into());
    }
    // An optional question starts on "(none)" unless the template gives a default. (No
    // "nothing matches" line here: hiding it would move inquire's cursor to the top.)
    let start = options
        .iter()
        .position(|(v, _)| Some(v) == q.schema.get("default"))
        .unwrap_or(if q.required { 0 } else { labels.len() - 1 });
    let mut p = Select::new(title, labels)
        .with_scorer(&fuzzy)
        .with_page_size(page_size())
        .with_starting_cursor(start);
    if let Some(h) = help {
        p = p.with_help_message(h);
    }
    let picked = p.raw_prompt().map_err(cancelled)?;
    Ok(options.get(picked.index).map(|(v, _)| v.clone()))
}

fn multi(
    title: &str,
    help: Option<&str>,
    q: &Question,
    options: &[(Value, String)],
) -> Result<Option<Value>, String> {
    let labels: Vec<String> = options
        .iter()
        .map(|(_, l)| escape(l).into_owned())
        .collect();
    let defaults: Vec<usize> = q.schema["default"]
        .as_array()
        .map(|d| {
            options
                .iter()
                .enumerate()
                .filter(|(_, (v, _))| d.contains(v))
                .map(|(i, _)| i)
                .collect()
        })
        .unwrap_or_default();
    let hint = match help {
        Some(h) => format!("{h} (space to select, → all, ← none, enter to confirm)"),
        None => "space to select, → all, ← none, enter to confirm".to_string(),
    };
    let p = MultiSelect::new(title, labels)
        .with_default(&defaults)
        .with_page_size(page_size())
        .with_help_message(&hint);
    let picked = p.raw_prompt().map_err(cancelled)?;
    Ok(Some(Value::Array(
        picked
            .iter()
            .filter_map(|o| options.get(o.index).map(|(v, _)| v.clone()))
            .collect(),
    )))
}

/// OwnerPicker and EntityPicker: a fuzzy Select over the catalog's entities. An optional
/// one starts on "(none)", first in the list (inquire puts the cursor on the first line
/// once it has filtered).
fn pick(
    title: &str,
    help: Option<&str>,
    q: &Question,
    choices: &[PickerChoice],
) -> Result<Option<Value>, String> {
    let offset = usize::from(!q.required);
    let mut labels: Vec<String> = Vec::with_capacity(choices.len() + 2);
    if !q.required {
        labels.push(NONE.into());
    }
    labels.extend(choices.iter().map(|c| escape(&c.label).into_owned()));
    labels.push(NO_MATCH.into());
    let scorer = with_no_match(fuzzy, labels.len() - 1);
    loop {
        let picked = Select::new(title, labels.clone())
            .with_scorer(&scorer)
            .with_page_size(page_size())
            .with_help_message(help.unwrap_or("type to filter, ↑↓ to move, enter to choose"))
            .raw_prompt()
            .map_err(cancelled)?;
        if labels[picked.index] == NO_MATCH {
            continue;
        }
        return Ok(picked
            .index
            .checked_sub(offset)
            .and_then(|i| choices.get(i))
            .map(|c| Value::String(c.entity_ref.clone())));
    }
}
