//! A parameters page whose properties come as alternatives: `oneOf`, `anyOf` or `allOf` at
//! the top of the page, which Backstage's form shows as a choice between the branches'
//! titles. Which branches the answers take (from the values given, else asked), and the
//! check Backstage's backend makes on the answers (`jsonschema.validate(values, page)`):
//! exactly one `oneOf` branch holds, at least one `anyOf` branch, every `allOf` branch.

use serde_json::{Map, Value, json};

use super::params::{Question, check};
use super::{Asker, Given, Guard};

const KEYWORDS: [&str; 3] = ["oneOf", "anyOf", "allOf"];

/// The parameters with each page's chosen branches folded into it (their properties and
/// `required`), so the questions are the page's and its branches'. A branch is taken when
/// the values given hold its required keys (or, without any, one of its properties); with
/// none taken, an asker is asked which one (an `Err` cancels); without an asker none is
/// taken, and [`problems`] says what to give.
pub(super) fn fold<'b>(
    parameters: &Value,
    given: &Given,
    mut asker: Option<&mut (dyn Asker + 'b)>,
    guard: &Guard,
) -> Result<Value, String> {
    let given_keys: Vec<&String> = given
        .values
        .keys()
        .chain(given.sets.iter().map(|(k, _)| k))
        .collect();
    let fold_page = |page: &Value, asker: &mut Option<&mut (dyn Asker + 'b)>| {
        let mut page = page.clone();
        for keyword in KEYWORDS {
            let Some(branches) = page[keyword].as_array().cloned() else {
                continue;
            };
            let mut chosen: Vec<usize> = if keyword == "allOf" {
                (0..branches.len()).collect()
            } else {
                (0..branches.len())
                    .filter(|&i| taken(&branches[i], &given_keys))
                    .collect()
            };
            if chosen.is_empty()
                && let Some(a) = asker.as_deref_mut()
            {
                chosen.extend(ask(&page, &branches, a, guard)?);
            }
            for i in chosen {
                merge(&mut page, &branches[i]);
            }
        }
        Ok::<_, String>(page)
    };
    match parameters {
        Value::Array(pages) => pages
            .iter()
            .map(|p| fold_page(p, &mut asker))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        page @ Value::Object(_) => fold_page(page, &mut asker),
        other => Ok(other.clone()),
    }
}

/// Whether the values given take this branch.
fn taken(branch: &Value, given: &[&String]) -> bool {
    let required = strings(&branch["required"]);
    let props = branch["properties"].as_object();
    if required.is_empty() {
        props.is_some_and(|p| p.keys().any(|k| given.contains(&k)))
    } else {
        required.iter().all(|r| given.contains(&r))
    }
}

/// Asks which branch: a choice of their titles ("Option N" without one, as the form).
fn ask(
    page: &Value,
    branches: &[Value],
    asker: &mut dyn Asker,
    guard: &Guard,
) -> Result<Option<usize>, String> {
    let titles: Vec<String> = (0..branches.len()).map(|i| title(branches, i)).collect();
    let page_title = page["title"].as_str().unwrap_or("the form").to_string();
    let q = Question {
        key: "form".into(),
        page: page_title.clone(),
        required: true,
        schema: json!({"type": "string", "title": format!("{page_title}: which one?"), "enum": titles}),
    };
    let picked = asker.ask(&q, None, guard)?;
    Ok(picked
        .as_ref()
        .and_then(Value::as_str)
        .and_then(|t| titles.iter().position(|x| x == t)))
}

fn title(branches: &[Value], i: usize) -> String {
    branches[i]["title"]
        .as_str()
        .map_or_else(|| format!("Option {}", i + 1), str::to_string)
}

/// The branch's properties (the page's own win) and `required` added to the page.
fn merge(page: &mut Value, branch: &Value) {
    let Some(page_map) = page.as_object_mut() else {
        return;
    };
    if let Some(props) = branch["properties"].as_object() {
        let into = page_map
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(into) = into.as_object_mut() {
            for (k, v) in props {
                into.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    let required = strings(&branch["required"]);
    if !required.is_empty() {
        let into = page_map
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Some(list) = into.as_array_mut() {
            for r in required {
                if !list.iter().any(|x| x.as_str() == Some(r.as_str())) {
                    list.push(Value::String(r));
                }
            }
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the answers satisfy a branch: its required keys given, and each of its
/// properties that is given passing its schema.
fn holds(branch: &Value, answers: &Map<String, Value>) -> bool {
    let required = strings(&branch["required"])
        .iter()
        .all(|r| answers.get(r).is_some_and(|v| !v.is_null()));
    required
        && branch["properties"].as_object().is_none_or(|props| {
            props.iter().all(|(k, schema)| {
                answers.get(k).is_none_or(|v| {
                    let q = Question {
                        key: k.clone(),
                        page: String::new(),
                        required: false,
                        schema: schema.clone(),
                    };
                    check(&q, v).is_empty()
                })
            })
        })
}

/// What Backstage's backend refuses in the answers: a `oneOf` page that none or several of
/// its branches fit, an `anyOf` page none fits, an `allOf` page a branch does not fit.
pub(super) fn problems(parameters: &Value, answers: &Map<String, Value>) -> Vec<String> {
    let pages: Vec<&Value> = match parameters {
        Value::Array(pages) => pages.iter().collect(),
        page @ Value::Object(_) => vec![page],
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for page in pages {
        let page_title = page["title"].as_str().unwrap_or("the form");
        for keyword in KEYWORDS {
            let Some(branches) = page[keyword].as_array() else {
                continue;
            };
            let fit: Vec<usize> = (0..branches.len())
                .filter(|&i| holds(&branches[i], answers))
                .collect();
            let describe = |i: usize| {
                let keys = strings(&branches[i]["required"]);
                let title = title(branches, i);
                if keys.is_empty() {
                    title
                } else {
                    format!("{title} ({})", keys.join(", "))
                }
            };
            let all: Vec<String> = (0..branches.len()).map(describe).collect();
            let wrong = match keyword {
                "oneOf" => fit.len() != 1,
                "anyOf" => fit.is_empty(),
                _ => fit.len() != branches.len(),
            };
            if wrong {
                let fits = if fit.is_empty() {
                    "none of them".to_string()
                } else {
                    fit.iter()
                        .map(|&i| title(branches, i))
                        .collect::<Vec<_>>()
                        .join(" and ")
                };
                let need = match keyword {
                    "oneOf" => "exactly one",
                    "anyOf" => "at least one",
                    _ => "every one",
                };
                out.push(format!(
                    "{page_title}: the answers must fit {need} of {} (`{keyword}`), and fit {fits}; give the values of {need}",
                    all.join(", ")
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Value {
        json!({"title": "Environment", "type": "object", "oneOf": [
            {"title": "Lorem", "properties": {"lorem": {"type": "string"}}, "required": ["lorem"]},
            {"title": "Ipsum", "properties": {"ipsum": {"type": "string"}}, "required": ["ipsum"]}
        ]})
    }

    fn given(keys: &[(&str, &str)]) -> Given {
        Given {
            values: keys
                .iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect(),
            sets: Vec::new(),
        }
    }

    #[test]
    fn the_values_given_choose_the_branch() {
        let folded = fold(
            &json!([page()]),
            &given(&[("ipsum", "x")]),
            None,
            &Guard::default(),
        )
        .expect("folded");
        assert_eq!(
            folded[0]["properties"],
            json!({"ipsum": {"type": "string"}})
        );
        assert_eq!(folded[0]["required"], json!(["ipsum"]));
    }

    #[test]
    fn exactly_one_one_of_branch_must_fit() {
        let params = json!([page()]);
        let answers = |pairs: &[(&str, &str)]| given(pairs).values;
        assert!(problems(&params, &answers(&[("lorem", "a")])).is_empty());
        let none = problems(&params, &answers(&[]));
        assert!(
            none[0].contains("exactly one of Lorem (lorem), Ipsum (ipsum)"),
            "{none:?}"
        );
        assert!(none[0].contains("fit none of them"));
        let both = problems(&params, &answers(&[("lorem", "a"), ("ipsum", "b")]));
        assert!(both[0].contains("fit Lorem and Ipsum"), "{both:?}");
    }
}
