//! Rendering template text with handlebars (HTML escaping off), with the helpers templates
//! need: case conversions, `parseRepoUrl`, `pick`, comparisons, and the filters Backstage
//! templates use; Backstage's own syntax goes to [`super::nunjucks`].

use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson,
};
use heck::{ToKebabCase, ToLowerCamelCase, ToSnakeCase, ToTitleCase, ToUpperCamelCase};
use serde_json::{Value, json};

use super::syntax;

/// A rendering problem at a 1-based line of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderFailure {
    pub line: Option<usize>,
    pub message: String,
}

/// A handlebars registry with portal's helpers, and Backstage's own language.
pub struct Renderer {
    hb: Handlebars<'static>,
    nunjucks: super::nunjucks::Nunjucks,
}

type HelperFn = fn(&[Value]) -> Result<Value, String>;

struct Func(HelperFn);

impl HelperDef for Func {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let args: Vec<Value> = h.params().iter().map(|p| p.value().clone()).collect();
        (self.0)(&args)
            .map(ScopedJson::Derived)
            .map_err(|m| RenderErrorReason::Other(format!("{}: {m}", h.name())).into())
    }
}

impl Default for Renderer {
    fn default() -> Self {
        Self::new()
    }
}

impl Renderer {
    pub fn new() -> Self {
        let mut hb = Handlebars::new();
        hb.register_escape_fn(handlebars::no_escape);
        hb.set_strict_mode(false);
        let helpers: &[(&str, HelperFn)] = &[
            ("lower", |a| text(a, |s| s.to_lowercase())),
            ("upper", |a| text(a, |s| s.to_uppercase())),
            ("trim", |a| text(a, |s| s.trim().to_string())),
            ("capitalize", |a| text(a, capitalize)),
            ("title", |a| text(a, |s| s.to_title_case())),
            ("kebab-case", |a| text(a, |s| s.to_kebab_case())),
            ("snake_case", |a| text(a, |s| s.to_snake_case())),
            ("camelCase", |a| text(a, |s| s.to_lower_camel_case())),
            ("PascalCase", |a| text(a, |s| s.to_upper_camel_case())),
            ("urlencode", |a| {
                text(a, |s| {
                    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
                })
            }),
            ("replace", |a| {
                Ok(Value::String(
                    as_text(arg(a, 0)).replace(&as_text(arg(a, 1)), &as_text(arg(a, 2))),
                ))
            }),
            ("dump", |a| {
                serde_json::to_string(arg(a, 0))
                    .map(Value::String)
                    .map_err(|e| e.to_string())
            }),
            ("default", |a| {
                Ok(if truthy(arg(a, 0)) {
                    arg(a, 0).clone()
                } else {
                    arg(a, 1).clone()
                })
            }),
            ("join", |a| {
                Ok(Value::String(join(arg(a, 0), &as_text(arg(a, 1)))))
            }),
            ("first", |a| {
                Ok(arg(a, 0)
                    .as_array()
                    .and_then(|l| l.first())
                    .cloned()
                    .unwrap_or(Value::Null))
            }),
            ("last", |a| {
                Ok(arg(a, 0)
                    .as_array()
                    .and_then(|l| l.last())
                    .cloned()
                    .unwrap_or(Value::Null))
            }),
            ("length", |a| Ok(json!(length(arg(a, 0))))),
            ("int", |a| {
                Ok(as_text(arg(a, 0))
                    .trim()
                    .parse::<i64>()
                    .map_or(json!(0), |n| json!(n)))
            }),
            ("eq", |a| Ok(Value::Bool(loose_eq(arg(a, 0), arg(a, 1))))),
            ("ne", |a| Ok(Value::Bool(!loose_eq(arg(a, 0), arg(a, 1))))),
            ("not", |a| Ok(Value::Bool(!truthy(arg(a, 0))))),
            ("and", |a| {
                Ok(if truthy(arg(a, 0)) {
                    arg(a, 1).clone()
                } else {
                    arg(a, 0).clone()
                })
            }),
            ("or", |a| {
                Ok(if truthy(arg(a, 0)) {
                    arg(a, 0).clone()
                } else {
                    arg(a, 1).clone()
                })
            }),
            ("concat", |a| {
                Ok(Value::String(a.iter().map(as_text).collect()))
            }),
            ("add", |a| {
                Ok(match (arg(a, 0).as_f64(), arg(a, 1).as_f64()) {
                    (Some(x), Some(y)) => json!(x + y),
                    _ => Value::String(format!("{}{}", as_text(arg(a, 0)), as_text(arg(a, 1)))),
                })
            }),
            ("noop", |_| Ok(Value::String(String::new()))),
            ("ifelse", |a| {
                Ok(if truthy(arg(a, 0)) {
                    arg(a, 1).clone()
                } else {
                    arg(a, 2).clone()
                })
            }),
            ("is", |a| {
                Ok(Value::Bool(is_test(arg(a, 0), &as_text(arg(a, 1)))))
            }),
            ("pick", |a| {
                Ok(arg(a, 0)
                    .get(as_text(arg(a, 1)))
                    .cloned()
                    .unwrap_or(Value::Null))
            }),
            ("parseRepoUrl", |a| parse_repo_url(&as_text(arg(a, 0)))),
            ("projectSlug", |a| {
                let r = parse_repo_url(&as_text(arg(a, 0)))?;
                Ok(Value::String(format!(
                    "{}/{}",
                    as_text(&r["owner"]),
                    as_text(&r["repo"])
                )))
            }),
            ("parseEntityRef", |a| {
                Ok(parse_entity_ref(&as_text(arg(a, 0))))
            }),
            ("entityName", |a| {
                Ok(parse_entity_ref(&as_text(arg(a, 0)))["name"].clone())
            }),
        ];
        for (name, f) in helpers {
            hb.register_helper(name, Box::new(Func(*f)));
        }
        Renderer {
            hb,
            nunjucks: super::nunjucks::Nunjucks::new(),
        }
    }

    /// Renders `source`: Backstage's syntax with nunjucks' rules, else as handlebars.
    pub fn render(&self, source: &str, ctx: &Value) -> Result<String, RenderFailure> {
        if syntax::is_backstage(source) {
            return self.nunjucks.render(source, ctx);
        }
        self.hb
            .render_template(source, ctx)
            .map_err(|e| RenderFailure {
                line: e.line_no,
                message: e.reason().to_string(),
            })
    }

    /// Evaluates a value of a step's `input`: a string that is one `${{ expr }}` keeps the
    /// type of its value (a list stays a list), as in Backstage; other strings are
    /// rendered; lists and mappings are evaluated item by item.
    pub fn evaluate(&self, value: &Value, ctx: &Value) -> Result<Value, RenderFailure> {
        match value {
            Value::String(s) => {
                let t = s.trim();
                let single = t
                    .strip_prefix("${{")
                    .and_then(|r| r.strip_suffix("}}"))
                    .filter(|i| !i.contains("}}"));
                if let Some(inner) = single {
                    return self.nunjucks.evaluate(inner, ctx);
                }
                self.render(s, ctx).map(Value::String)
            }
            Value::Array(items) => items
                .iter()
                .map(|i| self.evaluate(i, ctx))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    out.insert(k.clone(), self.evaluate(v, ctx)?);
                }
                Ok(Value::Object(out))
            }
            other => Ok(other.clone()),
        }
    }
}

/// Nunjucks' `is` tests.
fn is_test(v: &Value, test: &str) -> bool {
    match test {
        "defined" => !v.is_null(),
        "undefined" | "none" | "null" => v.is_null(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "mapping" => v.is_object(),
        "iterable" => v.is_array() || v.is_string(),
        "truthy" => truthy(v),
        _ => !truthy(v),
    }
}

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Null)
}

/// JavaScript's `String(value)`, with `null` as the empty string.
fn as_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(l) => l.iter().map(as_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

fn text(args: &[Value], f: impl Fn(&str) -> String) -> Result<Value, String> {
    Ok(Value::String(f(&as_text(arg(args, 0)))))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect()
    })
}

/// JavaScript truthiness.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

fn loose_eq(a: &Value, b: &Value) -> bool {
    a == b
        || (!a.is_object()
            && !a.is_array()
            && as_text(a) == as_text(b)
            && !a.is_null()
            && !b.is_null())
}

fn length(v: &Value) -> usize {
    match v {
        Value::String(s) => s.chars().count(),
        Value::Array(l) => l.len(),
        Value::Object(m) => m.len(),
        _ => 0,
    }
}

fn join(v: &Value, sep: &str) -> String {
    match v {
        Value::Array(l) => l.iter().map(as_text).collect::<Vec<_>>().join(sep),
        other => as_text(other),
    }
}

/// Backstage's `parseRepoUrl`: `github.com?owner=acme&repo=payments` (the RepoUrlPicker
/// form) or an ordinary URL such as `https://github.com/acme/payments`.
pub fn parse_repo_url(s: &str) -> Result<Value, String> {
    if s.is_empty() {
        return Err("an empty repository URL".into());
    }
    let with_scheme = if s.contains("://") {
        s.to_string()
    } else {
        format!("https://{s}")
    };
    let u =
        url::Url::parse(&with_scheme).map_err(|e| format!("`{s}` is not a repository URL: {e}"))?;
    let host = u.host_str().unwrap_or_default().to_string();
    let q: std::collections::HashMap<String, String> = u.query_pairs().into_owned().collect();
    let segments: Vec<&str> = u
        .path_segments()
        .map(|p| p.filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let owner = q
        .get("owner")
        .cloned()
        .or_else(|| segments.first().map(|x| (*x).to_string()))
        .unwrap_or_default();
    let repo = q
        .get("repo")
        .cloned()
        .or_else(|| {
            segments
                .get(1)
                .map(|x| x.trim_end_matches(".git").to_string())
        })
        .ok_or_else(|| {
            format!("`{s}` names no repository (expected host?owner=…&repo=… or host/owner/repo)")
        })?;
    let mut out = json!({ "host": host, "owner": owner, "repo": repo });
    for key in ["organization", "workspace", "project"] {
        if let Some(v) = q.get(key) {
            out[key] = Value::String(v.clone());
        }
    }
    Ok(out)
}

/// `group:default/team-a` → `{kind, namespace, name}` (kind and namespace may be absent).
pub(super) fn parse_entity_ref(s: &str) -> Value {
    match crate::catalog::entity_ref::split_ref(s) {
        Ok(p) => {
            json!({ "kind": p.kind, "namespace": p.namespace.unwrap_or("default"), "name": p.name })
        }
        Err(_) => json!({ "kind": null, "namespace": "default", "name": s }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(src: &str, values: Value) -> String {
        Renderer::new()
            .render(src, &json!({ "values": values }))
            .expect("renders")
    }

    #[test]
    fn handlebars_helpers() {
        let v = json!({"name": "My Service", "owner": "group:default/team-a", "tags": ["a", "b"], "html": "<b>"});
        assert_eq!(
            render(
                "{{kebab-case values.name}} {{snake_case values.name}} {{camelCase values.name}} {{PascalCase values.name}}",
                v.clone()
            ),
            "my-service my_service myService MyService"
        );
        assert_eq!(
            render(
                "{{entityName values.owner}} {{join values.tags \", \"}} {{values.html}}",
                v.clone()
            ),
            "team-a a, b <b>"
        );
        assert_eq!(
            render("{{#if (eq values.name \"My Service\")}}yes{{/if}}", v),
            "yes"
        );
    }

    #[test]
    fn line_breaks_follow_nunjucks() {
        let src = "a: 1\n  {%- if values.d %}\n  d: x\n  {%- endif %}\n  b: 2\n{% if values.e %}\ne\n{% endif %}\nend\n";
        assert_eq!(render(src, json!({"d": ""})), "a: 1\n  b: 2\n\nend\n");
        assert_eq!(
            render(src, json!({"d": "y", "e": true})),
            "a: 1\n  d: x\n  b: 2\n\ne\n\nend\n"
        );
    }

    #[test]
    fn backstage_syntax_renders_through_nunjucks() {
        let v =
            json!({"name": "Pay", "repoUrl": "github.com?owner=acme&repo=pay", "description": ""});
        assert_eq!(
            render(
                "${{ values.name | lower }}/${{ values.repoUrl | parseRepoUrl | pick('owner') }}",
                v.clone()
            ),
            "pay/acme"
        );
        assert_eq!(
            render(
                "{%- if values.description %}d: ${{ values.description }}{% else %}none{% endif %}",
                v.clone()
            ),
            "none"
        );
        assert_eq!(
            render("${{ values.name | dump }} {{ left alone }}", v),
            "\"Pay\" {{ left alone }}"
        );
    }

    #[test]
    fn single_expressions_keep_their_type() {
        let r = Renderer::new();
        let ctx = json!({"parameters": {"tags": ["x"], "n": 3}});
        assert_eq!(
            r.evaluate(&json!("${{ parameters.tags }}"), &ctx).unwrap(),
            json!(["x"])
        );
        assert_eq!(
            r.evaluate(
                &json!({"a": "${{ parameters.n }}", "b": "n=${{ parameters.n }}"}),
                &ctx
            )
            .unwrap(),
            json!({"a": 3, "b": "n=3"})
        );
    }

    #[test]
    fn repo_urls() {
        assert_eq!(
            parse_repo_url("github.com?owner=acme&repo=pay").unwrap()["repo"],
            "pay"
        );
        assert_eq!(
            parse_repo_url("https://gitlab.com/acme/pay.git").unwrap()["owner"],
            "acme"
        );
        assert!(parse_repo_url("").is_err());
    }
}
