//! JSON values written as YAML documents, with saphyr's emitter.

use std::borrow::Cow;

use saphyr::{Scalar, Yaml, YamlEmitter};
use serde_json::Value;

/// A `---`-prefixed YAML document for `value`.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    let mut emitter = YamlEmitter::new(&mut out);
    emitter.multiline(true);
    // Writing into a String cannot fail.
    let _ = emitter.dump(&convert(value));
    out
}

fn convert(value: &Value) -> Yaml<'_> {
    match value {
        Value::Null => Yaml::Value(Scalar::Null),
        Value::Bool(b) => Yaml::Value(Scalar::Boolean(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Value(Scalar::Integer(i)),
            None => Yaml::Value(Scalar::FloatingPoint(n.as_f64().unwrap_or(f64::NAN).into())),
        },
        Value::String(s) => Yaml::Value(Scalar::String(Cow::Borrowed(s))),
        Value::Array(items) => Yaml::Sequence(items.iter().map(convert).collect()),
        Value::Object(map) => Yaml::Mapping(
            map.iter()
                .map(|(k, v)| (Yaml::Value(Scalar::String(Cow::Borrowed(k))), convert(v)))
                .collect(),
        ),
    }
}
