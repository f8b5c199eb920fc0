//! `catalog:write`: the entity its input gives, written into the workspace as YAML, as
//! Backstage's action writes it (`yaml.stringify`, ported in [`backstage_yaml::stringify`])
//! with the `backstage.io/source-template` annotation naming the template.

use serde_json::{Map, Value};

use super::{Files, PlanError, add, error, inside};

/// Plans the file `input.filePath` (default `catalog-info.yaml`); a file planned there
/// before is replaced, as `fs.outputFile` replaces it.
pub(super) fn catalog_write(
    entity_ref: &str,
    input: &Value,
    files: &mut Files,
) -> Result<(), PlanError> {
    let path = match &input["filePath"] {
        Value::Null => "catalog-info.yaml",
        Value::String(p) => p.as_str(),
        other => {
            return Err(error(format!(
                "catalog:write: `filePath` must be a string, not {}",
                kind_of(other)
            )));
        }
    };
    let Value::Object(entity) = &input["entity"] else {
        let is = match &input["entity"] {
            Value::Null => "is missing".to_string(),
            other => format!("must be a mapping (an entity), not {}", kind_of(other)),
        };
        return Err(error(format!(
            "catalog:write: `entity` {is}; give the step `input.entity` with the entity's apiVersion, kind, metadata and spec"
        )));
    };
    let target = inside(path)
        .filter(|p| !p.as_os_str().is_empty())
        .ok_or_else(|| {
            error(format!(
                "catalog:write: filePath `{path}` is not a file inside the output folder [output-confinement]; give a file path relative to it"
            ))
        })?;
    let text = backstage_yaml::stringify::stringify(&Value::Object(with_source(
        entity,
        &entity_ref.to_lowercase(),
    )?));
    add(files, target, text.into_bytes());
    Ok(())
}

/// `{...entity, metadata: {...entity.metadata, annotations: {...annotations,
/// "backstage.io/source-template": ref}}}`, keys in JavaScript's order.
fn with_source(
    entity: &Map<String, Value>,
    entity_ref: &str,
) -> Result<Map<String, Value>, PlanError> {
    let metadata = match entity.get("metadata") {
        None | Some(Value::Null) => {
            // Backstage reads `entity.metadata.annotations` and stops with a TypeError.
            return Err(error(
                "catalog:write: the entity has no `metadata`; give it at least `metadata.name`",
            ));
        }
        Some(m) => m,
    };
    // A text spreads into its UTF-16 units: past U+FFFF, into halves of a pair that no
    // Rust (or valid UTF-8) text can hold, so portal cannot write what Backstage writes.
    for (what, v) in [
        ("metadata", metadata),
        ("metadata.annotations", &metadata["annotations"]),
    ] {
        if v.as_str()
            .is_some_and(|t| t.chars().any(|c| c > '\u{FFFF}'))
        {
            return Err(error(format!(
                "catalog:write: `{what}` is a text with a character past U+FFFF (an emoji, say), which Backstage spreads into the two halves of its UTF-16 pair; portal cannot write those halves: give `{what}` as a mapping"
            )));
        }
    }
    let mut annotations = spread(&metadata["annotations"]);
    annotations.insert(
        "backstage.io/source-template".into(),
        Value::String(entity_ref.into()),
    );
    let mut metadata = spread(metadata);
    metadata.insert("annotations".into(), Value::Object(annotations));
    let mut out = entity.clone();
    out.insert("metadata".into(), Value::Object(metadata));
    Ok(out)
}

/// What JavaScript's `{...v}` makes of a value: a mapping's keys, a list's or a string's
/// indices (a string of characters up to U+FFFF: one UTF-16 unit each, see
/// [`with_source`]), nothing for anything else.
fn spread(v: &Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m.clone(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| (i.to_string(), x.clone()))
            .collect(),
        Value::String(s) => s
            .chars()
            .enumerate()
            .map(|(i, c)| (i.to_string(), Value::String(c.to_string())))
            .collect(),
        _ => Map::new(),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn written(input: Value) -> Result<String, PlanError> {
        let mut files = Files::new();
        catalog_write("template:default/Demo", &input, &mut files)?;
        let file = files.values().next().expect("one file");
        Ok(String::from_utf8(file.contents.clone()).expect("text"))
    }

    #[test]
    fn the_entity_is_written_with_the_template_that_made_it() {
        let out = written(json!({"entity": {
            "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": {"name": "pay"}, "spec": {"type": "service", "lifecycle": "production"}
        }}))
        .expect("written");
        assert_eq!(
            out,
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: pay\n  \
             annotations:\n    backstage.io/source-template: template:default/demo\n\
             spec:\n  type: service\n  lifecycle: production\n"
        );
    }

    #[test]
    fn bad_inputs_are_refused_with_the_reason() {
        let missing = written(json!({})).unwrap_err();
        assert!(
            missing
                .message
                .contains("`entity` is missing; give the step `input.entity`")
        );
        let no_metadata = written(json!({"entity": {"kind": "Component"}})).unwrap_err();
        assert!(no_metadata.message.contains("no `metadata`"));
        let outside = written(json!({"filePath": "../x.yaml", "entity": {"metadata": {}}}));
        assert!(
            outside
                .unwrap_err()
                .message
                .contains("[output-confinement]")
        );
        let list = written(json!({"entity": [1]})).unwrap_err();
        assert!(list.message.contains("not a list"));
    }

    #[test]
    fn a_text_spreads_into_its_utf16_units_or_is_refused_past_them() {
        let out = written(json!({"entity": {"metadata": "ab"}})).expect("written");
        assert!(out.contains("metadata:\n  \"0\": a\n  \"1\": b\n"), "{out}");
        let astral = written(json!({"entity": {"metadata": "a😀"}})).unwrap_err();
        assert!(astral.message.contains("past U+FFFF"), "{}", astral.message);
    }
}
