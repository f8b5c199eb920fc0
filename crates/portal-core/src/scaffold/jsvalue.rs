//! Lists and mappings as JavaScript has them, for the template engine: always true in a
//! condition (an empty list is truthy in JavaScript, and so in Backstage's `{% if %}`, `not`,
//! `and`, `or`), and a list's `length`. minijinja has no hook for the truthiness of its own
//! lists, so the values reaching a template are wrapped: the context, and what the filters
//! that build lists return. (A list written in the template, `[]`, is minijinja's own; an
//! empty one is rewritten to one of these, see `nunjucks.rs`.)

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, Value, ValueKind};

#[derive(Debug)]
struct JsList(Vec<Value>);

impl Object for JsList {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        if key.as_str() == Some("length") {
            return Some(Value::from(self.0.len()));
        }
        self.0.get(key.as_usize()?).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.0.len())
    }

    fn is_true(self: &Arc<Self>) -> bool {
        true
    }
}

#[derive(Debug)]
struct JsMap(Vec<(Value, Value)>);

impl Object for JsMap {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.0.iter().map(|(k, _)| k.clone()).collect())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.0.len())
    }

    fn is_true(self: &Arc<Self>) -> bool {
        true
    }
}

/// A JSON value for the engine, its lists and mappings JavaScript's.
pub(super) fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Array(items) => {
            Value::from_object(JsList(items.iter().map(from_json).collect()))
        }
        // In JavaScript's key order (array indices first), as `for … in` walks an object.
        serde_json::Value::Object(map) => Value::from_object(JsMap(
            backstage_yaml::stringify::js_key_order(map)
                .into_iter()
                .map(|(k, v)| (Value::from(k.as_str()), from_json(v)))
                .collect(),
        )),
        other => Value::from_serialize(other),
    }
}

/// A value the engine made, its lists and mappings (at every depth) made JavaScript's.
pub(super) fn wrap(v: Value) -> Value {
    match v.kind() {
        ValueKind::Seq | ValueKind::Iterable if v.downcast_object_ref::<JsList>().is_none() => {
            let items = v
                .try_iter()
                .map(|i| i.map(wrap).collect())
                .unwrap_or_default();
            Value::from_object(JsList(items))
        }
        ValueKind::Map if v.downcast_object_ref::<JsMap>().is_none() => {
            let pairs = entries(&v).into_iter().map(|(k, item)| (k, wrap(item)));
            Value::from_object(JsMap(pairs.collect()))
        }
        _ => v,
    }
}

/// A mapping's keys and values, in its order (nothing for anything else).
pub(super) fn entries(v: &Value) -> Vec<(Value, Value)> {
    v.try_iter()
        .map(|keys| {
            keys.map(|k| {
                let item = v.get_item(&k).unwrap_or(Value::UNDEFINED);
                (k, item)
            })
            .collect()
        })
        .unwrap_or_default()
}

/// Whether `a` and `b` are the same list or mapping (JavaScript's `===` of objects).
pub(super) fn same_object(a: &Value, b: &Value) -> bool {
    match (a.downcast_object::<JsList>(), b.downcast_object::<JsList>()) {
        (Some(x), Some(y)) => Arc::ptr_eq(&x, &y),
        _ => match (a.downcast_object::<JsMap>(), b.downcast_object::<JsMap>()) {
            (Some(x), Some(y)) => Arc::ptr_eq(&x, &y),
            _ => false,
        },
    }
}
