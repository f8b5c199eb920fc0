//! Rendering template text as Backstage does: every text goes to [`super::nunjucks`]
//! (Backstage's language on minijinja), and a step's `input` is evaluated value by value.

use serde_json::{Value, json};

/// A rendering problem at a 1-based line of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderFailure {
    pub line: Option<usize>,
    pub message: String,
}

/// Backstage's template language, with its filters.
#[derive(Default)]
pub struct Renderer {
    nunjucks: super::nunjucks::Nunjucks,
}

impl Renderer {
    pub fn new() -> Self {
        Renderer {
            nunjucks: super::nunjucks::Nunjucks::new(),
        }
    }

    /// The same language with nunjucks' `trimBlocks` (the newline after a tag is dropped)
    /// and `lstripBlocks` (the spaces before a tag that starts its line are dropped), and
    /// with `cookiecutterCompat`'s `{{ }}` for values, as `fetch:template` sets them from
    /// its input.
    pub fn variant(&self, trim: bool, lstrip: bool, cookiecutter: bool) -> Self {
        Renderer {
            nunjucks: self.nunjucks.variant(trim, lstrip, cookiecutter),
        }
    }

    /// Renders `source` with nunjucks' rules: text outside `${{ }}`, `{% %}` and `{# #}`
    /// is left as it is (a Helm chart's `{{ }}` too).
    pub fn render(&self, source: &str, ctx: &Value) -> Result<String, RenderFailure> {
        self.nunjucks.render(source, ctx)
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

/// Whether a step's (or a page's) `if` holds: Backstage's `isTruthy`, JavaScript's
/// truthiness but for a list, which must not be empty. The text `"false"` is true, as in
/// Backstage.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(_) => true,
    }
}

/// The hosts Backstage knows without any `integrations` configuration, and their kind.
const DEFAULT_INTEGRATIONS: &[(&str, &str)] = &[
    ("github.com", "github"),
    ("gitlab.com", "gitlab"),
    ("bitbucket.org", "bitbucketCloud"),
    ("dev.azure.com", "azure"),
];

/// Backstage's `parseRepoUrl` (`@backstage/plugin-scaffolder-node`): the RepoUrlPicker's
/// form `host?owner=…&repo=…` and nothing else; which parameters are required depends on
/// the host's kind of integration. A host Backstage would need configured is taken as
/// GitHub-like (owner and repo), since portal has no `integrations` configuration.
pub fn parse_repo_url(s: &str) -> Result<Value, String> {
    let invalid = |why: &str| format!("Invalid repo URL passed to publisher, got {s}, {why}");
    let parsed = url::Url::parse(&format!("https://{s}"))
        .map_err(|e| invalid(&format!("TypeError: {e}")))?;
    let host = match (parsed.host_str(), parsed.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => return Err(invalid("no host")),
    };
    let param = |name: &str| {
        parsed
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let kind = DEFAULT_INTEGRATIONS
        .iter()
        .find(|(h, _)| *h == host)
        .map_or("github", |(_, k)| k);
    let required: &[&str] = match kind {
        "bitbucketCloud" => &["workspace", "project", "repo"],
        "azure" => &["project", "repo"],
        "gitlab" if param("project").is_some_and(|p| !p.is_empty()) => &[],
        _ => &["repo", "owner"],
    };
    if let Some(missing) = required
        .iter()
        .find(|p| param(p).is_none_or(|v| v.is_empty()))
    {
        return Err(format!(
            "Invalid repo URL passed to publisher: {parsed}, missing {missing}"
        ));
    }
    let mut out = serde_json::Map::new();
    out.insert("host".into(), json!(host));
    for key in ["owner", "repo", "organization", "workspace", "project"] {
        if let Some(v) = param(key) {
            out.insert(key.into(), json!(v.trim_matches('/')));
        }
    }
    Ok(Value::Object(out))
}

/// Backstage's `parseEntityRef` (`@backstage/catalog-model`): `[kind:][namespace/]name`,
/// the kind and namespace taken from the defaults when absent; a reference without a kind
/// and no default kind is an error, as there.
pub fn parse_entity_ref(
    reference: &str,
    default_kind: Option<&str>,
    default_namespace: Option<&str>,
) -> Result<Value, String> {
    if reference.is_empty() {
        return Err("Entity reference must not be empty".into());
    }
    let slash = reference.find('/');
    let colon = reference.find(':').filter(|&c| slash.is_none_or(|s| c < s));
    let kind = colon.map(|c| &reference[..c]);
    let namespace = slash.map(|s| &reference[colon.map_or(0, |c| c + 1)..s]);
    let name = &reference[colon.map_or(0, |c| c + 1).max(slash.map_or(0, |s| s + 1))..];
    if kind == Some("") || namespace == Some("") || name.is_empty() {
        return Err(format!(
            "Entity reference \"{reference}\" was not on the form [<kind>:][<namespace>/]<name>"
        ));
    }
    let textual = serde_json::to_string(reference).unwrap_or_default();
    let kind = kind.or(default_kind).filter(|k| !k.is_empty()).ok_or_else(|| {
        format!(
            "Entity reference {textual} had missing or empty kind (e.g. did not start with \"component:\" or similar)"
        )
    })?;
    let namespace = namespace
        .or(default_namespace.filter(|n| !n.is_empty()))
        .unwrap_or("default");
    Ok(json!({ "kind": kind, "namespace": namespace, "name": name }))
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
    fn line_breaks_follow_nunjucks() {
        let src = "a: 1\n  {%- if values.d %}\n  d: x\n  {%- endif %}\n  b: 2\n{% if values.e %}\ne\n{% endif %}\nend\n";
        assert_eq!(render(src, json!({"d": ""})), "a: 1\n  b: 2\n\nend\n");
        assert_eq!(
            render(src, json!({"d": "y", "e": true})),
            "a: 1\n  d: x\n  b: 2\n\ne\n\nend\n"
        );
        // trimBlocks and lstripBlocks: a line holding only a tag leaves nothing.
        let blocks = Renderer::new().variant(true, true, false);
        let ctx = json!({"values": {"e": true}});
        assert_eq!(
            blocks
                .render("a\n  {% if values.e %}\n  e\n  {% endif %}\nb\n", &ctx)
                .unwrap(),
            "a\n  e\nb\n"
        );
    }

    #[test]
    fn every_text_is_backstage_syntax_and_the_rest_is_left_alone() {
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
        // A Helm chart's braces are text; handlebars' `{{#if` opens a nunjucks comment.
        assert_eq!(
            render("{{ .Values.image }} {{- .x }}", v.clone()),
            "{{ .Values.image }} {{- .x }}"
        );
        assert!(Renderer::new().render("{{#if x}}{{/if}}", &v).is_err());
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
    fn repo_urls_as_backstage_parses_them() {
        assert_eq!(
            parse_repo_url("github.com?owner=acme&repo=pay").unwrap(),
            json!({"host": "github.com", "owner": "acme", "repo": "pay"})
        );
        assert_eq!(
            parse_repo_url("git.acme.example:8443?repo=/pay/&owner=acme").unwrap(),
            json!({"host": "git.acme.example:8443", "owner": "acme", "repo": "pay"})
        );
        // gitlab.com takes a project instead of an owner; bitbucket.org needs a workspace.
        assert!(parse_repo_url("gitlab.com?project=42&repo=pay").is_ok());
        let e = parse_repo_url("bitbucket.org?project=p&repo=pay").unwrap_err();
        assert!(e.ends_with("missing workspace"), "{e}");
        // A full URL is not the picker's form: its host is `https`.
        let e = parse_repo_url("https://github.com/acme/pay").unwrap_err();
        assert!(e.ends_with("missing repo"), "{e}");
        assert!(parse_repo_url("github.com?repo=pay&owner=").is_err());
        assert!(parse_repo_url("").is_err());
    }

    #[test]
    fn entity_refs_as_backstage_parses_them() {
        let r = |s, k| parse_entity_ref(s, k, None);
        assert_eq!(
            r("group:default/team-a", None).unwrap(),
            json!({"kind": "group", "namespace": "default", "name": "team-a"})
        );
        assert_eq!(
            r("team-a", Some("group")).unwrap(),
            json!({"kind": "group", "namespace": "default", "name": "team-a"})
        );
        assert_eq!(r("User:ns/jane", None).unwrap()["namespace"], "ns");
        // A slash before the colon: the rest is the name.
        assert_eq!(
            r("ns/a:b", Some("component")).unwrap(),
            json!({"kind": "component", "namespace": "ns", "name": "a:b"})
        );
        assert!(
            r("team-a", None)
                .unwrap_err()
                .contains("missing or empty kind")
        );
        assert!(
            r("group:", None)
                .unwrap_err()
                .contains("was not on the form")
        );
        assert!(r("", None).is_err());
    }
}
