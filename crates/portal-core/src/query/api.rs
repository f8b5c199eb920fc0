//! A summary of an API's definition: title, version, and its operations or channels, for
//! OpenAPI (and Swagger), AsyncAPI, gRPC and GraphQL definitions.

use serde::Serialize;

use crate::catalog::yaml::{self, DocContent, Node};

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
/// What an API's definition says about itself.
pub struct ApiSummary {
    /// `openapi`, `asyncapi`, `graphql`, `grpc`, else the API's `spec.type`.
    pub format: String,
    /// The format's version the definition declares (`3.0.1` for `openapi: 3.0.1`).
    pub format_version: Option<String>,
    /// `info.title`, when the definition has one.
    pub title: Option<String>,
    /// `info.version`, when the definition has one.
    pub version: Option<String>,
    /// The operations, channels, RPCs or root fields.
    pub operations: Vec<Operation>,
}

impl ApiSummary {
    /// `openapi 3.0.3`: the format and its version, as one label.
    pub fn format_label(&self) -> String {
        match &self.format_version {
            Some(v) => format!("{} {v}", self.format),
            None => self.format.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
/// One operation of an API.
pub struct Operation {
    /// `GET`… for OpenAPI; `PUBLISH`, `SUBSCRIBE`, `SEND`, `RECEIVE` or `CHANNEL` for
    /// AsyncAPI; `rpc` for gRPC; `query`, `mutation`, `subscription` for GraphQL.
    pub method: String,
    /// The path, channel, RPC or field name.
    pub path: String,
    /// `summary`, else `operationId` (OpenAPI).
    pub summary: Option<String>,
}

impl std::fmt::Display for Operation {
    /// `GET /pets — List pets`, `SUBSCRIBE orders/created`, `rpc GetBalance`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(s) = &self.summary {
            write!(f, " — {s}")?;
        }
        Ok(())
    }
}

fn op(method: impl Into<String>, path: impl Into<String>, summary: Option<String>) -> Operation {
    Operation {
        method: method.into(),
        path: path.into(),
        summary,
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Summarises a definition of the given `spec.type`.
pub fn summarize(api_type: &str, definition: &str) -> ApiSummary {
    match api_type.to_lowercase().as_str() {
        "grpc" => lines_starting(definition, "grpc", "rpc "),
        "graphql" => graphql(definition),
        _ => structured(api_type, definition),
    }
}

fn structured(api_type: &str, definition: &str) -> ApiSummary {
    let doc = yaml::parse_stream(definition)
        .into_iter()
        .find_map(|d| match d.content {
            DocContent::Node(n) => Some(n),
            _ => None,
        });
    let Some(doc) = doc else {
        return ApiSummary {
            format: api_type.to_string(),
            ..ApiSummary::default()
        };
    };
    let text = |n: Option<&Node>| n.and_then(|n| n.as_str().map(str::to_string));
    let info = doc.get("info");
    let mut summary = ApiSummary {
        format: api_type.to_string(),
        title: text(info.and_then(|i| i.get("title"))),
        version: text(info.and_then(|i| i.get("version"))),
        format_version: None,
        operations: Vec::new(),
    };
    if let Some(v) = text(doc.get("openapi")).or_else(|| text(doc.get("swagger"))) {
        summary.format = "openapi".into();
        summary.format_version = Some(v);
        for path in doc
            .get("paths")
            .and_then(Node::as_map)
            .into_iter()
            .flat_map(|m| m.iter())
        {
            for op in path.value.as_map().into_iter().flat_map(|m| m.iter()) {
                if METHODS.contains(&op.key.as_str()) {
                    let what =
                        text(op.value.get("summary")).or_else(|| text(op.value.get("operationId")));
                    summary.operations.push(self::op(
                        op.key.to_uppercase(),
                        path.key.clone(),
                        what,
                    ));
                }
            }
        }
    } else if let Some(v) = text(doc.get("asyncapi")) {
        summary.format = "asyncapi".into();
        summary.format_version = Some(v);
        for ch in doc
            .get("channels")
            .and_then(Node::as_map)
            .into_iter()
            .flat_map(|m| m.iter())
        {
            let actions: Vec<&str> = ["publish", "subscribe"]
                .into_iter()
                .filter(|a| ch.value.get(a).is_some())
                .collect();
            let name = text(ch.value.get("address")).unwrap_or_else(|| ch.key.clone());
            if actions.is_empty() {
                summary.operations.push(op("CHANNEL", name.clone(), None));
            }
            for a in actions {
                summary
                    .operations
                    .push(op(a.to_uppercase(), name.clone(), None));
            }
        }
        for o in doc
            .get("operations")
            .and_then(Node::as_map)
            .into_iter()
            .flat_map(|m| m.iter())
        {
            let action = text(o.value.get("action"))
                .unwrap_or_default()
                .to_uppercase();
            summary
                .operations
                .push(op(action, o.key.clone(), text(o.value.get("summary"))));
        }
    }
    summary
}

fn lines_starting(definition: &str, format: &str, prefix: &str) -> ApiSummary {
    let mut s = ApiSummary {
        format: format.into(),
        ..ApiSummary::default()
    };
    for line in definition.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("service ") {
            s.title
                .get_or_insert_with(|| rest.trim_end_matches('{').trim().to_string());
        }
        if let Some(rest) = line.strip_prefix(prefix) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            s.operations.push(op(prefix.trim(), name, None));
        }
        if let Some(rest) = line.strip_prefix("package ") {
            s.version
                .get_or_insert_with(|| rest.trim_end_matches(';').to_string());
        }
    }
    s
}

fn graphql(definition: &str) -> ApiSummary {
    let mut s = ApiSummary {
        format: "graphql".into(),
        ..ApiSummary::default()
    };
    let mut current: Option<String> = None;
    for line in definition.lines().map(str::trim) {
        for root in ["Query", "Mutation", "Subscription"] {
            if line.starts_with(&format!("type {root}")) {
                current = Some(root.to_string());
            }
        }
        if line.starts_with('}') {
            current = None;
        } else if let Some(root) = &current {
            let field: String = line
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !field.is_empty() && !line.starts_with("type ") {
                s.operations.push(op(root.to_lowercase(), field, None));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi() {
        let s = summarize(
            "openapi",
            "openapi: 3.0.3\ninfo: {title: Pets, version: 1.2.0}\npaths:\n  /pets:\n    get: {summary: List pets}\n    post: {operationId: addPet}\n    parameters: []\n",
        );
        assert_eq!(
            (s.format.as_str(), s.format_version.as_deref()),
            ("openapi", Some("3.0.3"))
        );
        assert_eq!(s.format_label(), "openapi 3.0.3");
        assert_eq!(s.title.as_deref(), Some("Pets"));
        assert_eq!(
            s.operations,
            [
                op("GET", "/pets", Some("List pets".into())),
                op("POST", "/pets", Some("addPet".into()))
            ]
        );
        assert_eq!(s.operations[0].to_string(), "GET /pets — List pets");
    }

    #[test]
    fn asyncapi_grpc_graphql() {
        let s = summarize(
            "asyncapi",
            "asyncapi: 2.6.0\ninfo: {title: Orders, version: '1'}\nchannels:\n  orders/created:\n    subscribe: {}\n",
        );
        assert_eq!(s.operations, [op("SUBSCRIBE", "orders/created", None)]);
        assert_eq!(s.operations[0].to_string(), "SUBSCRIBE orders/created");
        let s = summarize(
            "grpc",
            "package ledger.v1;\nservice Ledger {\n  rpc GetBalance(Req) returns (Res);\n}\n",
        );
        assert_eq!(
            (s.title.as_deref(), s.operations.as_slice()),
            (Some("Ledger"), [op("rpc", "GetBalance", None)].as_slice())
        );
        let s = summarize(
            "graphql",
            "type Query {\n  pets: [Pet]\n}\ntype Pet { id: ID }\n",
        );
        assert_eq!(s.operations, [op("query", "pets", None)]);
    }
}
