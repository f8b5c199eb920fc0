//! The built-in kinds, their `spec` schemas, and the relations their fields create.

use super::Finding;
use super::schema::{Checker, Field, Shape, opt, req};
use super::yaml::{Node, Value};

/// The `apiVersion`s of Backstage's own kinds.
pub const BACKSTAGE_VERSIONS: &[&str] = &["backstage.io/v1alpha1", "backstage.io/v1beta1"];
/// The only `apiVersion` of a `Template` that the scaffolder runs.
pub const TEMPLATE_VERSION: &str = "scaffolder.backstage.io/v1beta3";

/// A built-in kind: its name, accepted `apiVersion`s and `spec` fields.
pub struct KindSchema {
    /// The kind's name, as Backstage spells it.
    pub kind: &'static str,
    /// The `apiVersion`s it accepts.
    pub versions: &'static [&'static str],
    /// Its `spec` fields, by Backstage's JSON schema.
    pub spec: &'static [Field],
}

use Shape::{NonEmpty, NonEmptyList};

/// In the order Backstage tries its validators.
pub const KINDS: &[KindSchema] = &[
    KindSchema {
        kind: "API",
        versions: BACKSTAGE_VERSIONS,
        spec: &[
            req("type", NonEmpty),
            req("lifecycle", NonEmpty),
            req("owner", NonEmpty),
            req("definition", NonEmpty),
            opt("system", NonEmpty),
        ],
    },
    KindSchema {
        kind: "Component",
        versions: BACKSTAGE_VERSIONS,
        spec: &[
            req("type", NonEmpty),
            req("lifecycle", NonEmpty),
            req("owner", NonEmpty),
            opt("system", NonEmpty),
            opt("subcomponentOf", NonEmpty),
            opt("providesApis", NonEmptyList),
            opt("consumesApis", NonEmptyList),
            opt("dependsOn", NonEmptyList),
        ],
    },
    KindSchema {
        kind: "Resource",
        versions: BACKSTAGE_VERSIONS,
        spec: &[
            req("type", NonEmpty),
            req("owner", NonEmpty),
            opt("dependsOn", NonEmptyList),
            opt("system", NonEmpty),
        ],
    },
    KindSchema {
        kind: "Group",
        versions: BACKSTAGE_VERSIONS,
        spec: &[
            req("type", NonEmpty),
            opt("profile", Shape::Profile),
            opt("parent", NonEmpty),
            req("children", NonEmptyList),
            opt("members", NonEmptyList),
        ],
    },
    KindSchema {
        kind: "Location",
        versions: BACKSTAGE_VERSIONS,
        spec: &[
            opt("type", NonEmpty),
            opt("target", NonEmpty),
            opt("targets", NonEmptyList),
            opt("presence", Shape::OneOf(&["required", "optional"])),
        ],
    },
    KindSchema {
        kind: "User",
        versions: BACKSTAGE_VERSIONS,
        spec: &[
            opt("profile", Shape::Profile),
            req("memberOf", NonEmptyList),
        ],
    },
    KindSchema {
        kind: "System",
        versions: BACKSTAGE_VERSIONS,
        spec: &[
            req("owner", NonEmpty),
            opt("domain", NonEmpty),
            opt("type", NonEmpty),
        ],
    },
    KindSchema {
        kind: "Domain",
        versions: BACKSTAGE_VERSIONS,
        spec: &[
            req("owner", NonEmpty),
            opt("subdomainOf", NonEmpty),
            opt("type", NonEmpty),
        ],
    },
    KindSchema {
        kind: "Template",
        versions: &[TEMPLATE_VERSION],
        spec: &[
            req("type", NonEmpty),
            opt("owner", NonEmpty),
            opt("lifecycle", NonEmpty),
        ],
    },
];

/// The schema for exactly this `kind` (case-sensitive, as Backstage matches it).
pub fn schema_for(kind: &str) -> Option<&'static KindSchema> {
    KINDS.iter().find(|k| k.kind == kind)
}

/// A built-in kind written with different letter case, for hints (`component` → `Component`).
pub fn case_insensitive_match(kind: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|k| k.kind.eq_ignore_ascii_case(kind))
        .map(|k| k.kind)
}

/// Checks `spec` against the kind's schema.
pub fn check_spec(schema: &KindSchema, spec: &Node, c: &mut Checker) {
    c.fields(spec, "spec", schema.spec);
    if schema.kind == "Template" {
        check_template(spec, c);
    }
}

fn permissions(node: &Node, path: &str, c: &mut Checker) {
    if let Some(p) = node.get("backstage:permissions") {
        let path = format!("{path}.backstage:permissions");
        if c.map(p, &path).is_some() {
            c.fields(p, &path, &[opt("tags", Shape::StrList)]);
        }
    }
}

/// The parts of the v1beta3 Template schema beyond plain fields.
fn check_template(spec: &Node, c: &mut Checker) {
    match spec.get("steps") {
        None => c.fields(spec, "spec", &[req("steps", Shape::Map)]),
        Some(steps) => {
            for (i, step) in c
                .seq(steps, "spec.steps")
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let path = format!("spec.steps[{i}]");
                if c.map(step, &path).is_some() {
                    c.fields(
                        step,
                        &path,
                        &[
                            opt("id", Shape::Str),
                            opt("name", Shape::Str),
                            req("action", Shape::Str),
                            opt("input", Shape::Map),
                            opt("if", Shape::StrOrBool),
                        ],
                    );
                    permissions(step, &path, c);
                }
            }
        }
    }
    if let Some(params) = spec.get("parameters") {
        match &params.value {
            Value::Map(_) => permissions(params, "spec.parameters", c),
            Value::Seq(pages) => {
                for (i, page) in pages.iter().enumerate() {
                    let path = format!("spec.parameters[{i}]");
                    if c.map(page, &path).is_some() {
                        permissions(page, &path, c);
                    }
                }
            }
            _ => c.wrong_type(params, "spec.parameters", "a mapping or a list of mappings"),
        }
    }
    if let Some(secrets) = spec.get("secrets")
        && c.map(secrets, "spec.secrets").is_some()
    {
        c.fields(secrets, "spec.secrets", &[opt("schema", Shape::Map)]);
    }
    if let Some(p) = spec.get("presentation")
        && c.map(p, "spec.presentation").is_some()
        && let Some(b) = p.get("buttonLabels")
    {
        let path = "spec.presentation.buttonLabels";
        if c.map(b, path).is_some() {
            let labels = ["backButtonText", "createButtonText", "reviewButtonText"];
            c.fields(b, path, &labels.map(|l| opt(l, Shape::Str)));
        }
    }
    if let Some(r) = spec.get("EXPERIMENTAL_recovery")
        && c.map(r, "spec.EXPERIMENTAL_recovery").is_some()
    {
        c.fields(
            r,
            "spec.EXPERIMENTAL_recovery",
            &[opt("EXPERIMENTAL_strategy", Shape::Str)],
        );
    }
    for key in ["formDecorators", "EXPERIMENTAL_formDecorators"] {
        let Some(list) = spec.get(key) else { continue };
        let path = format!("spec.{key}");
        for (i, item) in c.seq(list, &path).unwrap_or_default().iter().enumerate() {
            let path = format!("{path}[{i}]");
            if c.map(item, &path).is_some() {
                c.fields(
                    item,
                    &path,
                    &[opt("id", Shape::Str), opt("input", Shape::Map)],
                );
            }
        }
    }
    if let Some(output) = spec.get("output") {
        check_template_output(output, c);
    }
}

fn check_template_output(output: &Node, c: &mut Checker) {
    let Some(map) = c.map(output, "spec.output") else {
        return;
    };
    for entry in map.iter() {
        let path = format!("spec.output.{}", entry.key);
        let item_fields: &[Field] = match entry.key.as_str() {
            "links" => &[
                opt("if", Shape::StrOrBool),
                opt("url", NonEmpty),
                opt("entityRef", NonEmpty),
                opt("title", NonEmpty),
                opt("icon", NonEmpty),
            ],
            "text" => &[
                opt("if", Shape::StrOrBool),
                opt("title", NonEmpty),
                opt("icon", NonEmpty),
                opt("content", Shape::Str),
            ],
            _ => {
                c.string(&entry.value, &path, false);
                continue;
            }
        };
        for (i, item) in c
            .seq(&entry.value, &path)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let path = format!("{path}[{i}]");
            if c.map(item, &path).is_some() {
                c.fields(item, &path, item_fields);
            }
        }
    }
}

/// A spec field that names other entities: `(kind, field, default kind, relation, reverse)`.
pub struct RelationField {
    /// The kind whose spec has the field.
    pub kind: &'static str,
    /// The field's path in `spec`.
    pub field: &'static str,
    /// The kind a reference without one defaults to.
    pub default_kind: Option<&'static str>,
    /// The relation it creates from the entity.
    pub relation: &'static str,
    /// The relation it creates back from the target.
    pub reverse: &'static str,
}

const fn rf(
    kind: &'static str,
    field: &'static str,
    default_kind: Option<&'static str>,
    relation: &'static str,
    reverse: &'static str,
) -> RelationField {
    RelationField {
        kind,
        field,
        default_kind,
        relation,
        reverse,
    }
}

/// Every field Backstage turns into relations, in the order it processes them.
pub const RELATION_FIELDS: &[RelationField] = &[
    rf("Component", "owner", Some("Group"), "ownedBy", "ownerOf"),
    rf(
        "Component",
        "subcomponentOf",
        Some("Component"),
        "partOf",
        "hasPart",
    ),
    rf(
        "Component",
        "providesApis",
        Some("API"),
        "providesApi",
        "apiProvidedBy",
    ),
    rf(
        "Component",
        "consumesApis",
        Some("API"),
        "consumesApi",
        "apiConsumedBy",
    ),
    rf("Component", "dependsOn", None, "dependsOn", "dependencyOf"),
    rf(
        "Component",
        "dependencyOf",
        None,
        "dependencyOf",
        "dependsOn",
    ),
    rf("Component", "system", Some("System"), "partOf", "hasPart"),
    rf("API", "owner", Some("Group"), "ownedBy", "ownerOf"),
    rf("API", "system", Some("System"), "partOf", "hasPart"),
    rf("Resource", "owner", Some("Group"), "ownedBy", "ownerOf"),
    rf("Resource", "dependsOn", None, "dependsOn", "dependencyOf"),
    rf(
        "Resource",
        "dependencyOf",
        None,
        "dependencyOf",
        "dependsOn",
    ),
    rf("Resource", "system", Some("System"), "partOf", "hasPart"),
    rf("User", "memberOf", Some("Group"), "memberOf", "hasMember"),
    rf("Group", "parent", Some("Group"), "childOf", "parentOf"),
    rf("Group", "children", Some("Group"), "parentOf", "childOf"),
    rf("Group", "members", Some("User"), "hasMember", "memberOf"),
    rf("System", "owner", Some("Group"), "ownedBy", "ownerOf"),
    rf("System", "domain", Some("Domain"), "partOf", "hasPart"),
    rf("Domain", "owner", Some("Group"), "ownedBy", "ownerOf"),
    rf("Domain", "subdomainOf", Some("Domain"), "partOf", "hasPart"),
    rf("Template", "owner", Some("Group"), "ownedBy", "ownerOf"),
];

/// The relation type named `name`, when it is one Backstage's built-in processors create
/// (in either direction).
pub fn relation_type(name: &str) -> Option<&'static str> {
    RELATION_FIELDS.iter().find_map(|f| {
        if f.relation == name {
            Some(f.relation)
        } else if f.reverse == name {
            Some(f.reverse)
        } else {
            None
        }
    })
}

/// The reverse of a relation type (`ownedBy` → `ownerOf`).
pub fn reverse_of(relation: &str) -> Option<&'static str> {
    RELATION_FIELDS
        .iter()
        .find(|f| f.relation == relation)
        .map(|f| f.reverse)
}

/// `spec` fields a Template has besides those its schema checks here (Backstage's
/// `Template.v1beta3` schema; `EXPERIMENTAL_` ones are also accepted by prefix).
const TEMPLATE_FIELDS: &[&str] = &["parameters", "secrets", "presentation", "steps", "output"];

/// Whether `field` is one Backstage knows in a `spec` of `kind`: in its schema, or turned
/// into a relation.
fn known_field(kind: &str, field: &str) -> bool {
    schema_for(kind).is_some_and(|s| s.spec.iter().any(|f| f.name == field))
        || RELATION_FIELDS
            .iter()
            .any(|f| f.kind == kind && f.field == field)
        || (kind == "Template"
            && (TEMPLATE_FIELDS.contains(&field) || field.starts_with("EXPERIMENTAL_")))
}

/// The fields of `kind`'s `spec`, for suggestions.
fn fields_of(kind: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = schema_for(kind)
        .map(|s| s.spec.iter().map(|f| f.name).collect())
        .unwrap_or_default();
    for f in RELATION_FIELDS.iter().filter(|f| f.kind == kind) {
        if !out.contains(&f.field) {
            out.push(f.field);
        }
    }
    if kind == "Template" {
        out.extend(TEMPLATE_FIELDS);
    }
    out
}

/// A portal-own warning for each `spec` field of a built-in kind that Backstage does not
/// know: it accepts the entity and ignores the field, so the relation or setting the
/// author meant does not exist (`subComponentOf`, `apiConsumedBy`, `dependsOn` on a
/// System). With "did you mean" where a field of this kind, or of another, is close.
pub fn unknown_fields(kind: &str, spec: &Node) -> Vec<Finding> {
    let Some(map) = spec.as_map() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in map.iter() {
        let field = entry.key.as_str();
        if known_field(kind, field) {
            continue;
        }
        let hint = suggestion(kind, field).unwrap_or_else(|| {
            format!(
                "a {kind}'s spec has {}; remove the field, or move it under `metadata.annotations` if a plugin reads it",
                fields_of(kind)
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        out.push(
            Finding::warning(
                "unknown-spec-field",
                entry.key_pos,
                format!(
                    "`spec.{field}` is not a field of {kind}; Backstage accepts it and ignores it, so it has no effect"
                ),
            )
            .hint(hint),
        );
    }
    out
}

/// What `field` on a `kind` was probably meant to be.
fn suggestion(kind: &str, field: &str) -> Option<String> {
    let own = fields_of(kind);
    let close = |candidates: &[&'static str]| -> Option<&'static str> {
        if let Some(f) = candidates.iter().find(|f| f.eq_ignore_ascii_case(field)) {
            return Some(f);
        }
        let limit = (field.len() / 3).max(1);
        candidates
            .iter()
            .map(|f| {
                (
                    strsim::levenshtein(&f.to_lowercase(), &field.to_lowercase()),
                    *f,
                )
            })
            .filter(|(d, _)| *d <= limit)
            .min()
            .map(|(_, f)| f)
    };
    if let Some(f) = close(&own) {
        return Some(format!("did you mean `{f}`?"));
    }
    // A relation's name written as a field: say which field creates it, and where.
    if let Some(f) = RELATION_FIELDS
        .iter()
        .find(|f| f.kind == kind && f.relation == field)
    {
        return Some(format!(
            "`{field}` is the relation Backstage derives from `spec.{}`; write that field",
            f.field
        ));
    }
    // A field of another kind.
    let owners: Vec<&str> = KINDS
        .iter()
        .filter(|k| k.kind != kind)
        .filter(|k| {
            fields_of(k.kind)
                .iter()
                .any(|f| f.eq_ignore_ascii_case(field))
        })
        .map(|k| k.kind)
        .collect();
    if !owners.is_empty() {
        let owners = match owners.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => owners.join(""),
        };
        return Some(format!(
            "`{field}` is a field of {owners}, not of {kind}; Backstage derives nothing from it here"
        ));
    }
    if let Some(f) = RELATION_FIELDS.iter().find(|f| f.reverse == field) {
        return Some(match f.kind == kind {
            true => format!(
                "`{field}` is a relation Backstage derives, not a field; did you mean `spec.{}`?",
                f.field
            ),
            false => format!(
                "`{field}` is a relation Backstage derives, not a field: list this {kind} under `spec.{}` of each {} instead",
                f.field, f.kind
            ),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::yaml;

    fn spec(text: &str) -> Node {
        match yaml::parse_stream(text).remove(0).content {
            yaml::DocContent::Node(n) => n,
            _ => panic!("a mapping"),
        }
    }

    #[test]
    fn every_field_backstage_knows_is_known() {
        for k in KINDS {
            for f in k.spec {
                assert!(known_field(k.kind, f.name), "{}.{}", k.kind, f.name);
            }
        }
        for f in RELATION_FIELDS {
            assert!(known_field(f.kind, f.field), "{}.{}", f.kind, f.field);
        }
        let template = spec(
            "type: x\nsteps: []\nparameters: []\nsecrets: {}\npresentation: {}\noutput: {}\nEXPERIMENTAL_recovery: {}\nEXPERIMENTAL_formDecorators: []\n",
        );
        assert!(unknown_fields("Template", &template).is_empty());
    }

    #[test]
    fn unknown_fields_are_found_at_their_key_with_a_suggestion() {
        let found = unknown_fields(
            "Resource",
            &spec("type: db\nowner: a\nlifecycle: production\ndependson: []\n"),
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].pos.line, 3);
        assert_eq!(
            found[0].hint.as_deref(),
            Some(
                "`lifecycle` is a field of API, Component and Template, not of Resource; Backstage derives nothing from it here"
            )
        );
        assert_eq!(found[1].hint.as_deref(), Some("did you mean `dependsOn`?"));
    }
}
