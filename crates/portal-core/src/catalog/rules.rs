//! Backstage's acceptance rules for one document, stage by stage (`oracle/RULES.md`).
//!
//! The stages run in Backstage's order: envelope, placeholders, policies (schema,
//! namespace default, foreign root fields, field formats), kind, location, relations,
//! and the stitching check. The first stage with an error stops processing, as in
//! Backstage; unlike Backstage, every error of that stage is reported, not only the first.

use std::collections::HashSet;

use super::diagnostic::Finding;
use super::entity::{Entity, Relation};
use super::entity_ref::{EntityRef, RefError, parse_ref};
use super::formats;
use super::kinds::{self, RELATION_FIELDS};
use super::placeholder::Resolver;
use super::schema::{Checker, Shape, article, opt};
use super::yaml::{Map, Node, Pos, Value};

/// What processing needs to know beyond the document.
pub struct Rules<'a> {
    /// Kinds that plugins add, declared in `portal.yaml`.
    pub extra_kinds: &'a [String],
    pub resolver: Resolver<'a>,
}

/// The result for one document: an entity when it is accepted, and every finding.
#[derive(Debug, Default)]
pub struct Outcome {
    pub entity: Option<Entity>,
    pub findings: Vec<Finding>,
    /// The entity reference, once the envelope is valid.
    pub entity_ref: Option<EntityRef>,
}

/// Annotations the catalog sets on every entity read from a URL location.
const LOCATION_ANNOTATIONS: &[&str] = &[
    "backstage.io/managed-by-location",
    "backstage.io/managed-by-origin-location",
    "backstage.io/view-url",
    "backstage.io/edit-url",
    "backstage.io/source-location",
];

const ROOT_KEYS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "spec",
    "relations",
    "status",
];

impl Rules<'_> {
    /// Runs every stage on a document's root node.
    pub fn process(&self, mut root: Node) -> Outcome {
        let mut out = Outcome::default();
        if !matches!(root.value, Value::Map(_)) {
            out.findings.push(
                Finding::error(
                    "not-a-mapping",
                    root.pos,
                    format!(
                        "a catalog document must be a mapping, but this one is {}",
                        article(&root)
                    ),
                )
                .hint(
                    "start the document with `apiVersion:`, `kind:`, `metadata:` and `spec:` keys",
                ),
            );
            return out;
        }
        let mut c = Checker::default();
        envelope(&root, &mut c);
        if c.has_errors() {
            out.findings = c.findings;
            return out;
        }
        default_annotations(&mut root);
        let (kind, namespace, name) = identity(&root);
        let entity_ref = EntityRef::new(&kind, &namespace, &name);
        out.entity_ref = Some(entity_ref.clone());

        // Preprocessing: placeholders.
        let mut findings = Vec::new();
        self.resolver.resolve(&mut root, &mut findings);
        let failed = findings
            .iter()
            .any(|f| f.severity == super::diagnostic::Severity::Error);
        out.findings = findings;
        if failed {
            return out;
        }
        drop_proto_keys(&mut root);

        for stage in [schema_policy, foreign_root_fields, field_formats] {
            let mut c = Checker::default();
            stage(&root, &mut c);
            if c.has_errors() {
                out.findings.extend(c.findings);
                return out;
            }
        }

        let mut c = Checker::default();
        self.kind(&root, &kind, &mut c);
        if c.has_errors() {
            out.findings.extend(c.findings);
            return out;
        }
        // Portal's own: fields Backstage ignores (plugin kinds have no schema here).
        if let Some(spec) = root.get("spec")
            && kinds::schema_for(&kind).is_some()
        {
            out.findings.extend(kinds::unknown_fields(&kind, spec));
        }

        let mut c = Checker::default();
        if kind == "Location" {
            location(&root, &mut c);
        }
        let relations = relations(&root, &kind, &namespace, &mut c);
        if c.has_errors() {
            out.findings.extend(c.findings);
            return out;
        }

        let mut c = Checker::default();
        stitch(&root, &relations, &mut c);
        if c.has_errors() {
            out.findings.extend(c.findings);
            return out;
        }

        let api_version = root
            .get("apiVersion")
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_string();
        out.entity = Some(Entity {
            api_version,
            kind,
            namespace,
            name,
            pos: root.pos,
            node: root.into(),
            relations,
            file: Default::default(),
            doc: 0,
            served: None,
            reference: Default::default(),
        });
        out
    }

    /// Stage 4: exactly one kind validator must apply and pass.
    fn kind(&self, root: &Node, kind: &str, c: &mut Checker) {
        let api_version = root
            .get("apiVersion")
            .and_then(Node::as_str)
            .unwrap_or_default();
        let spec = root.get("spec");
        if let Some(schema) = kinds::schema_for(kind) {
            if schema.versions.contains(&api_version) {
                match spec {
                    None => c.push(
                        Finding::error(
                            "missing-field",
                            root.pos,
                            format!("a {kind} needs a `spec`"),
                        )
                        .hint(format!("add a `spec:` mapping with the {kind} fields")),
                    ),
                    Some(spec) => kinds::check_spec(schema, spec, c),
                }
                return;
            }
            let pos = root.get("apiVersion").map_or(root.pos, |n| n.pos);
            c.push(
                Finding::error(
                    "unknown-kind",
                    pos,
                    format!("`apiVersion: {api_version}` is not a version Backstage knows for kind {kind}"),
                )
                .hint(format!("use {}", schema.versions.join(" or "))),
            );
            return;
        }
        if self.extra_kinds.iter().any(|k| k == kind) {
            if spec.is_none() {
                // Backstage's first built-in validator rejects a missing spec for every kind.
                c.push(
                    Finding::error(
                        "missing-field",
                        root.pos,
                        format!("a {kind} needs a `spec`"),
                    )
                    .hint("add a `spec:` mapping"),
                );
            }
            return;
        }
        let pos = root.get("kind").map_or(root.pos, |n| n.pos);
        let hint = match kinds::case_insensitive_match(kind) {
            Some(right) => format!("kinds are case-sensitive: write `{right}`"),
            None => format!(
                "the built-in kinds are {}; if a Backstage plugin adds `{kind}`, declare it in portal.yaml under `kinds:`",
                kinds::KINDS
                    .iter()
                    .map(|k| k.kind)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        c.push(
            Finding::error(
                "unknown-kind",
                pos,
                format!(
                    "no Backstage processor recognizes kind `{kind}` (apiVersion `{api_version}`)"
                ),
            )
            .hint(hint),
        );
    }
}

/// What a document without `kind` looks like when it is another tool's file saved where a
/// descriptor is expected, and what to do with it: judged by its top-level keys.
fn looks_like(map: &Map) -> Option<&'static str> {
    if map.get("kind").is_some() {
        return None;
    }
    let has = |k: &str| map.get(k).is_some();
    let any = |ks: &[&str]| ks.iter().any(|k| has(k));
    if any(&[
        "app",
        "backend",
        "organization",
        "integrations",
        "techdocs",
        "auth",
        "proxy",
    ]) || (has("catalog") && !has("apiVersion"))
    {
        Some(
            "this looks like a Backstage app config (app-config.yaml), not a catalog descriptor: save it as app-config.yaml, or point portal at the app with `- backstage-app: DIR` in portal.yaml to read the catalog it registers",
        )
    } else if has("jobs") && any(&["on", "name", "permissions"]) {
        Some(
            "this looks like a GitHub Actions workflow, not a catalog descriptor: it belongs in .github/workflows/",
        )
    } else if has("stages") || (has("image") && any(&["script", "before_script", "variables"])) {
        Some(
            "this looks like a GitLab CI file, not a catalog descriptor: save it as .gitlab-ci.yml",
        )
    } else if any(&["openapi", "swagger", "asyncapi"]) {
        Some(
            "this looks like an API definition, not a catalog descriptor: describe it with a `kind: API` entity whose `spec.definition` is `$text: ./this-file`",
        )
    } else if has("services") && any(&["version", "volumes", "networks"]) {
        Some(
            "this looks like a Docker Compose file, not a catalog descriptor: save it as compose.yaml",
        )
    } else if has("site_name") {
        Some(
            "this looks like an MkDocs configuration, not a catalog descriptor: save it as mkdocs.yml",
        )
    } else {
        None
    }
}

/// Stage 1: `apiVersion`, `kind`, `metadata.name` and the optional namespace.
fn envelope(root: &Node, c: &mut Checker) {
    c.fields(
        root,
        "",
        &[
            opt("apiVersion", Shape::NonEmpty),
            opt("kind", Shape::NonEmpty),
            opt("metadata", Shape::Map),
        ],
    );
    let map = root.as_map().expect("checked by the caller");
    let required = ["apiVersion", "kind", "metadata"];
    if let Some(other) = looks_like(map) {
        // Another tool's file saved as a descriptor: one error that says what it is.
        let missing: Vec<String> = required
            .iter()
            .filter(|k| map.get(k).is_none())
            .map(|k| format!("`{k}`"))
            .collect();
        c.push(
            Finding::error(
                "missing-field",
                root.pos,
                format!(
                    "{} {} required but missing",
                    missing.join(", "),
                    if missing.len() == 1 { "is" } else { "are" }
                ),
            )
            .hint(other),
        );
        return;
    }
    for (key, example) in [
        ("apiVersion", "backstage.io/v1alpha1"),
        ("kind", "Component"),
        ("metadata", "{ name: my-service }"),
    ] {
        if map.get(key).is_none() {
            c.push(
                Finding::error(
                    "missing-field",
                    root.pos,
                    format!("`{key}` is required but missing"),
                )
                .hint(format!("add `{key}: {example}`")),
            );
        }
    }
    let Some(md) = map.get("metadata") else {
        return;
    };
    if md.as_map().is_none() {
        return;
    }
    match md.get("name") {
        None => c.push(
            Finding::error(
                "missing-field",
                md.pos,
                "`metadata.name` is required but missing",
            )
            .hint("add `name:` under `metadata:`"),
        ),
        Some(n) => c.string(n, "metadata.name", true),
    }
    if let Some(ns) = md.get("namespace") {
        c.string(ns, "metadata.namespace", true);
    }
    if c.has_errors() {
        return;
    }
    if let Some(a) = md.get("annotations")
        && a.is_truthy()
        && a.as_map().is_none()
    {
        c.wrong_type(a, "metadata.annotations", "a mapping");
    }
}

/// A falsy `metadata.annotations` (`null`, `""`, `0`, `false`) becomes an empty mapping,
/// as the catalog replaces it; the catalog then sets the two location annotations itself,
/// over any value the file gives them.
fn default_annotations(root: &mut Node) {
    let Value::Map(m) = &mut root.value else {
        return;
    };
    let Some(md) = m.entries.iter_mut().find(|e| e.key == "metadata") else {
        return;
    };
    let Value::Map(md) = &mut md.value.value else {
        return;
    };
    let Some(a) = md.entries.iter_mut().find(|e| e.key == "annotations") else {
        return;
    };
    if !a.value.is_truthy() {
        a.value.value = Value::Map(Map::default());
    }
    if let Value::Map(annotations) = &mut a.value.value {
        for e in &mut annotations.entries {
            if LOCATION_ANNOTATIONS[..2].contains(&e.key.as_str()) {
                e.value.value = Value::String("url:".into());
            }
        }
    }
}

/// The catalog's location processor deep-merges the entity with `lodash.merge`, which
/// skips a `__proto__` key whose value is a mapping or a list (a scalar one is kept).
fn drop_proto_keys(root: &mut Node) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &mut node.value {
            Value::Map(m) => {
                m.entries.retain(|e| {
                    e.key != "__proto__" || !matches!(e.value.value, Value::Map(_) | Value::Seq(_))
                });
                stack.extend(m.entries.iter_mut().map(|e| &mut e.value));
            }
            Value::Seq(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

fn identity(root: &Node) -> (String, String, String) {
    let s = |n: Option<&Node>| n.and_then(Node::as_str).unwrap_or_default().to_string();
    let md = root.get("metadata");
    let namespace = s(md.and_then(|m| m.get("namespace")));
    (
        s(root.get("kind")),
        if namespace.is_empty() {
            "default".into()
        } else {
            namespace
        },
        s(md.and_then(|m| m.get("name"))),
    )
}

/// Policy 3a: the entity schema.
fn schema_policy(root: &Node, c: &mut Checker) {
    let map = root.as_map().expect("checked by the caller");
    for entry in map.iter() {
        if !ROOT_KEYS.contains(&entry.key.as_str()) {
            c.push(
                Finding::error(
                    "unknown-field",
                    entry.key_pos,
                    format!("`{}` is not allowed at the top level of an entity", entry.key),
                )
                .hint("only apiVersion, kind, metadata and spec may appear here; move it under `spec:` or `metadata:`"),
            );
        }
    }
    if let Some(spec) = map.get("spec") {
        c.map(spec, "spec");
    }
    let Some(md) = map.get("metadata") else {
        return;
    };
    c.fields(
        md,
        "metadata",
        &[
            opt("uid", Shape::NonEmpty),
            opt("etag", Shape::NonEmpty),
            opt("title", Shape::NonEmpty),
            opt("description", Shape::Str),
        ],
    );
    for key in ["labels", "annotations"] {
        let Some(node) = md.get(key) else { continue };
        let path = format!("metadata.{key}");
        if let Some(m) = c.map(node, &path) {
            for e in m.iter() {
                // ajv's `^.+$` does not match a key that is empty or holds a line break.
                if !e.key.is_empty() && !e.key.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
                    c.string(&e.value, &format!("{path}.{}", e.key), false);
                }
            }
        }
    }
    if let Some(tags) = md.get("tags") {
        c.shape(tags, "metadata.tags", Shape::NonEmptyList);
    }
    if let Some(links) = md.get("links") {
        for (i, link) in c
            .seq(links, "metadata.links")
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let path = format!("metadata.links[{i}]");
            if c.map(link, &path).is_some() {
                c.fields(
                    link,
                    &path,
                    &[
                        super::schema::req("url", Shape::NonEmpty),
                        opt("title", Shape::NonEmpty),
                        opt("icon", Shape::NonEmpty),
                        opt("type", Shape::NonEmpty),
                    ],
                );
            }
        }
    }
}

/// Policy 3c: `relations` and `status` belong to the catalog, not to files.
fn foreign_root_fields(root: &Node, c: &mut Checker) {
    for entry in root.as_map().expect("checked by the caller").iter() {
        if matches!(entry.key.as_str(), "relations" | "status") {
            c.push(
                Finding::error(
                    "unknown-field",
                    entry.key_pos,
                    format!(
                        "`{}` is filled in by the catalog and must not be written in a descriptor",
                        entry.key
                    ),
                )
                .hint(format!("remove `{}`; Backstage derives it", entry.key)),
            );
        }
    }
}

/// Policy 3d: field formats, in Backstage's order.
fn field_formats(root: &Node, c: &mut Checker) {
    fn get_str(n: Option<&Node>) -> Option<&str> {
        n.and_then(Node::as_str)
    }
    if let Some(v) = root.get("apiVersion")
        && !get_str(Some(v)).is_some_and(formats::is_api_version)
    {
        c.push(
            Finding::error(
                "invalid-api-version",
                v.pos,
                format!("`apiVersion: {}` is not a valid API version", display(v)),
            )
            .hint(
                "use `backstage.io/v1alpha1` (or `scaffolder.backstage.io/v1beta3` for a Template)",
            ),
        );
    }
    if let Some(v) = root.get("kind")
        && !get_str(Some(v)).is_some_and(formats::is_kind)
    {
        c.push(
            Finding::error(
                "invalid-kind",
                v.pos,
                format!("`kind: {}` is not a valid kind", display(v)),
            )
            .hint("a kind is a letter followed by letters and digits, at most 63 characters"),
        );
    }
    let Some(md) = root.get("metadata").and_then(Node::as_map) else {
        return;
    };
    if let Some(v) = md.get("name") {
        let s = v.as_str().unwrap_or_default();
        if !formats::is_object_name(s) {
            let mut hint =
                "a name is 1–63 characters of [a-zA-Z0-9] separated by -, _ or .".to_string();
            if let Some(fix) = formats::suggest_object_name(s) {
                hint.push_str(&format!("; for example `{fix}`"));
            }
            c.push(
                Finding::error(
                    "invalid-name",
                    v.pos,
                    format!("`metadata.name: {s}` is not a valid entity name"),
                )
                .hint(hint),
            );
        }
    }
    if let Some(v) = md.get("namespace") {
        let s = v.as_str().unwrap_or_default();
        if !formats::is_dns_label(s) {
            let mut hint = "a namespace is 1–63 characters of [a-z0-9] separated by -".to_string();
            if let Some(fix) = formats::suggest_dns_label(s, &[]) {
                hint.push_str(&format!("; for example `{fix}`"));
            }
            c.push(
                Finding::error(
                    "invalid-namespace",
                    v.pos,
                    format!("`metadata.namespace: {s}` is not a valid namespace"),
                )
                .hint(hint),
            );
        }
    }
    key_value_formats(md, "labels", c);
    key_value_formats(md, "annotations", c);
    if let Some(tags) = md.get("tags").and_then(Node::as_seq) {
        for (i, tag) in tags.iter().enumerate() {
            let s = tag.as_str().unwrap_or_default();
            if !formats::is_tag(s) {
                let mut hint = "a tag is 1–63 characters of [a-z0-9:+#] separated by single dashes"
                    .to_string();
                if let Some(fix) = formats::suggest_dns_label(s, &[':', '+', '#']) {
                    hint.push_str(&format!("; for example `{fix}`"));
                }
                c.push(
                    Finding::error(
                        "invalid-tag",
                        tag.pos,
                        format!("tag `{s}` (metadata.tags[{i}]) is not a valid tag"),
                    )
                    .hint(hint),
                );
            }
        }
    }
    if let Some(links) = md.get("links").and_then(Node::as_seq) {
        for (i, link) in links.iter().enumerate() {
            link_formats(link, i, c);
        }
    }
}

fn key_value_formats(md: &Map, key: &str, c: &mut Checker) {
    let Some(m) = md.get(key).and_then(Node::as_map) else {
        return;
    };
    let what = if key == "labels" {
        "label"
    } else {
        "annotation"
    };
    for e in m.iter() {
        if !formats::is_label_key(&e.key) {
            c.push(
                Finding::error(
                    if key == "labels" { "invalid-label" } else { "invalid-annotation" },
                    e.key_pos,
                    format!("`{}` is not a valid {what} key", e.key),
                )
                .hint("a key is `name` or `prefix/name`: the prefix a lower-case DNS name (example.com), the name 1–63 characters of [a-zA-Z0-9-_.]"),
            );
            continue;
        }
        let valid = match key {
            "labels" => e.value.as_str().is_some_and(formats::is_label_value),
            _ => e.value.as_str().is_some(),
        };
        if !valid {
            let expected = if key == "labels" {
                "empty, or 1–63 characters of [a-zA-Z0-9] separated by -, _ or ."
            } else {
                "a string"
            };
            c.push(
                Finding::error(
                    if key == "labels" {
                        "invalid-label"
                    } else {
                        "invalid-annotation"
                    },
                    e.value.pos,
                    format!(
                        "the value of {what} `{}` is not valid: it must be {expected}",
                        e.key
                    ),
                )
                .hint(if key == "labels" {
                    "use an annotation for free text"
                } else {
                    "quote the value"
                }),
            );
        }
    }
}

fn link_formats(link: &Node, i: usize, c: &mut Checker) {
    let url = link.get("url");
    if !url.and_then(Node::as_str).is_some_and(formats::is_url) {
        let pos = url.map_or(link.pos, |u| u.pos);
        c.push(
            Finding::error(
                "invalid-link",
                pos,
                format!(
                    "`metadata.links[{i}].url` {} is not an absolute URL",
                    url.map(display)
                        .map_or_else(String::new, |u| format!("`{u}`"))
                ),
            )
            .hint("write the full URL with its scheme, such as https://example.com/docs"),
        );
    }
    for field in ["title", "icon"] {
        if let Some(v) = link.get(field)
            && v.as_str().is_none_or(|s| js_trim(s).is_empty())
        {
            c.push(
                Finding::error(
                    "invalid-link",
                    v.pos,
                    format!("`metadata.links[{i}].{field}` must not be blank"),
                )
                .hint(format!("give the link a {field}, or remove the key")),
            );
        }
    }
}

/// JavaScript's `String.prototype.trim` (Unicode white space and line terminators).
fn js_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

fn display(n: &Node) -> String {
    match &n.value {
        Value::String(s) => s.to_string(),
        _ => article(n),
    }
}

/// Stage 5: a Location's type must be one the catalog may read (only `url`).
fn location(root: &Node, c: &mut Checker) {
    let Some(t) = root.get("spec").and_then(|s| s.get("type")) else {
        return;
    };
    let ty = t.as_str().unwrap_or_default();
    if ty != "url" {
        c.push(
            Finding::error(
                "location-type",
                t.pos,
                format!("a Location read from a repository must have `type: url` (or no type), not `{ty}`"),
            )
            .hint("remove `type:`; targets are then read relative to this file, as Backstage reads them"),
        );
    }
}

/// Stage 6: the relations each reference field creates.
fn relations(root: &Node, kind: &str, namespace: &str, c: &mut Checker) -> Vec<Relation> {
    let mut out = Vec::new();
    let Some(spec) = root.get("spec").and_then(Node::as_map) else {
        return out;
    };
    for f in RELATION_FIELDS.iter().filter(|f| f.kind == kind) {
        let Some(value) = spec.get(f.field) else {
            continue;
        };
        if !value.is_truthy() {
            continue;
        }
        let targets: Vec<&Node> = match &value.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![value],
        };
        for target in targets {
            match reference(target, f.default_kind, namespace) {
                Ok(r) => out.push(Relation {
                    kind: f.relation,
                    target: r,
                    pos: target.pos,
                }),
                Err(e) => c.push(reference_finding(target, &format!("spec.{}", f.field), &e)),
            }
        }
    }
    out
}

/// A reference given as a string, or (in `dependencyOf`) as a `{kind, namespace, name}` mapping.
fn reference(
    node: &Node,
    default_kind: Option<&str>,
    namespace: &str,
) -> Result<EntityRef, RefError> {
    if !node.is_truthy() {
        return Err(RefError::Empty);
    }
    if let Some(s) = node.as_str() {
        return parse_ref(s, default_kind, namespace);
    }
    let part = |key: &str| -> Result<Option<String>, RefError> {
        match node.get(key) {
            None => Ok(None),
            Some(Node {
                value: Value::String(s),
                ..
            }) => Ok(Some(s.to_string())),
            Some(Node {
                value: Value::Null, ..
            }) if key != "name" => Ok(None),
            Some(_) => Err(RefError::Malformed),
        }
    };
    let kind = part("kind")?
        .or(default_kind.map(str::to_string))
        .filter(|k| !k.is_empty());
    let Some(kind) = kind else {
        return Err(RefError::MissingKind);
    };
    let ns = part("namespace")?.unwrap_or_else(|| namespace.to_string());
    let name = part("name")?.unwrap_or_default();
    if ns.is_empty() || name.is_empty() {
        return Err(RefError::Malformed);
    }
    Ok(EntityRef::new(&kind, &ns, &name))
}

fn reference_finding(node: &Node, path: &str, e: &RefError) -> Finding {
    let shown = match &node.value {
        Value::String(s) => format!("`{s}`"),
        _ => article(node),
    };
    let mut f = Finding::error(
        "invalid-reference",
        node.pos,
        format!("{shown} in `{path}` is not a valid entity reference: {e}"),
    );
    if *e == RefError::MissingKind
        && let Some(s) = node.as_str()
    {
        f = f.hint(format!("write `component:{s}` or `resource:{s}`"));
    }
    f
}

/// Stage 7: Backstage's search index cannot hold keys that differ only in letter case.
fn stitch(root: &Node, relations: &[Relation], c: &mut Checker) {
    // Keys below the paths Backstage leaves out of the index are not checked.
    let skipped = |key: &str| {
        STITCH_SKIPPED.iter().any(|p| {
            key == *p
                || key
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    };
    let mut raw: Vec<(String, Pos)> = super::search::entries(root)
        .into_iter()
        .filter(|e| !skipped(&e.key))
        .map(|e| (e.key, e.pos))
        .collect();
    for a in LOCATION_ANNOTATIONS {
        raw.push((format!("metadata.annotations.{a}"), root.pos));
    }
    for special in ["metadata.name", "metadata.namespace", "metadata.uid"] {
        raw.push((special.to_string(), root.pos));
    }
    for r in relations {
        raw.push((format!("relations.{}", r.kind), root.pos));
    }
    let mut exact = HashSet::new();
    let mut by_lower: std::collections::HashMap<String, (String, Pos)> = Default::default();
    for (key, pos) in raw {
        if !exact.insert(key.clone()) {
            continue;
        }
        let lower = key.to_lowercase();
        if let Some((other, other_pos)) = by_lower.get(&lower) {
            // Point at a key the user wrote, not at one the catalog adds.
            let pos = if pos == root.pos { *other_pos } else { pos };
            c.push(
                Finding::error(
                    "case-conflict",
                    pos,
                    format!("`{key}` and `{other}` differ only in letter case; Backstage cannot index this entity"),
                )
                .hint("keep one spelling of the key"),
            );
        } else {
            by_lower.insert(lower, (key, pos));
        }
    }
}

const STITCH_SKIPPED: &[&str] = &[
    "attachments",
    "relations",
    "status",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "metadata.etag",
];

#[cfg(test)]
mod tests {

    use super::*;
    use crate::catalog::yaml::{DocContent, parse_stream};

    /// The rule ids of the errors for the first document of `text`.
    fn errors(text: &str) -> Vec<&'static str> {
        let rules = Rules {
            extra_kinds: &[],
            resolver: Resolver::new(&crate::catalog::files::Nothing),
        };
        let DocContent::Node(root) = parse_stream(text).remove(0).content else {
            panic!("not a document: {text}");
        };
        rules
            .process(root)
            .findings
            .iter()
            .filter(|f| f.severity == crate::catalog::Severity::Error)
            .map(|f| f.rule)
            .collect()
    }

    const GROUP: &str = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\nspec:\n  type: t\n  children: []\n";

    #[test]
    fn a_valid_group() {
        assert!(errors(GROUP).is_empty());
    }

    #[test]
    fn the_catalog_overwrites_the_location_annotations() {
        let text = GROUP.replace(
            "  name: g\n",
            "  name: g\n  annotations:\n    backstage.io/managed-by-location: 5\n",
        );
        assert!(errors(&text).is_empty());
        let text = GROUP.replace(
            "  name: g\n",
            "  name: g\n  annotations:\n    backstage.io/view-url: 5\n",
        );
        assert_eq!(errors(&text), ["wrong-type"]);
    }

    #[test]
    fn lodash_merge_drops_proto_keys_with_collection_values_only() {
        let with =
            |v: &str| GROUP.replace("kind: Group\n", &format!("kind: Group\n__proto__: {v}\n"));
        assert!(errors(&with("{a: 1}")).is_empty());
        assert!(errors(&with("[a]")).is_empty());
        assert_eq!(errors(&with("~")), ["unknown-field"]);
        let text = GROUP.replace(
            "  name: g\n",
            "  name: g\n  annotations:\n    __proto__: 1\n",
        );
        assert_eq!(errors(&text), ["wrong-type"]);
    }
}
