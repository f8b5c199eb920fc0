//! Entity references, `[<kind>:][<namespace>/]<name>`, parsed by Backstage's rules.

use std::fmt;

use serde::{Serialize, Serializer};

/// A part of a reference: up to 24 bytes kept inline, so that the hundreds of thousands of
/// relation targets of a large catalog are neither allocated one by one nor chased through
/// pointers when the graph looks them up (docs/dependencies.md).
pub type Part = compact_str::CompactString;

/// A fully qualified, lower-cased reference: how Backstage stores and compares them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityRef {
    /// The kind, lower-cased.
    pub kind: Part,
    /// The namespace, lower-cased.
    pub namespace: Part,
    /// The name, lower-cased.
    pub name: Part,
}

impl EntityRef {
    /// A reference from its parts, lower-cased as Backstage compares them.
    pub fn new(kind: &str, namespace: &str, name: &str) -> Self {
        EntityRef {
            kind: lower(kind),
            namespace: lower(namespace),
            name: lower(name),
        }
    }
}

/// `s` lower-cased as `str::to_lowercase` does, without a copy when it already is.
fn lower(s: &str) -> Part {
    if s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Part::from(s.to_lowercase())
    } else {
        Part::from(s)
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}/{}", self.kind, self.namespace, self.name)
    }
}

impl Serialize for EntityRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The parts of a reference string, before defaults are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefParts<'a> {
    /// The kind before `:`, if written.
    pub kind: Option<&'a str>,
    /// The namespace before `/`, if written.
    pub namespace: Option<&'a str>,
    /// The name.
    pub name: &'a str,
}

/// Why a reference does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The string is empty.
    Empty,
    /// The form is not `[<kind>:][<namespace>/]<name>`, or a part is empty.
    Malformed,
    /// No kind, and the field has no default kind.
    MissingKind,
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RefError::Empty => "an entity reference must not be empty",
            RefError::Malformed => "an entity reference must have the form [<kind>:][<namespace>/]<name>, with no empty part",
            RefError::MissingKind => "this field has no default kind, so the reference must start with one (for example `component:` or `resource:`)",
        })
    }
}

/// Splits a reference string: a `:` before the first `/` ends the kind, the first `/` ends
/// the namespace, and the rest, whatever it holds, is the name.
pub fn split_ref(s: &str) -> Result<RefParts<'_>, RefError> {
    let slash = s.find('/');
    let colon = s.find(':').filter(|c| slash.is_none_or(|sl| *c < sl));
    let kind = colon.map(|c| &s[..c]);
    let name_start = match (colon, slash) {
        (_, Some(sl)) => sl + 1,
        (Some(c), None) => c + 1,
        (None, None) => 0,
    };
    let namespace = slash.map(|sl| &s[colon.map_or(0, |c| c + 1)..sl]);
    let name = &s[name_start..];
    if kind == Some("") || namespace == Some("") || name.is_empty() {
        return Err(RefError::Malformed);
    }
    Ok(RefParts {
        kind,
        namespace,
        name,
    })
}

/// Parses a reference with the field's default kind and the referring entity's namespace.
pub fn parse_ref(
    s: &str,
    default_kind: Option<&str>,
    default_namespace: &str,
) -> Result<EntityRef, RefError> {
    if s.is_empty() {
        return Err(RefError::Empty);
    }
    let parts = split_ref(s)?;
    let kind = parts.kind.or(default_kind).ok_or(RefError::MissingKind)?;
    let namespace = parts.namespace.unwrap_or(default_namespace);
    Ok(EntityRef::new(kind, namespace, parts.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_lower_cased_as_to_lowercase_does_inline_or_not() {
        for s in [
            "svc",
            "Svc",
            "ÄRGER",
            "İstanbul",
            "a-very-long-name-past-twenty-four-bytes",
        ] {
            assert_eq!(lower(s).as_str(), s.to_lowercase(), "{s}");
        }
        let r = EntityRef::new("Component", "Default", "Payments-API");
        assert_eq!(r.to_string(), "component:default/payments-api");
        assert!(!r.name.is_heap_allocated());
    }

    fn p(s: &str, kind: Option<&str>, ns: &str) -> String {
        parse_ref(s, kind, ns).map_or_else(|e| format!("{e:?}"), |r| r.to_string())
    }

    #[test]
    fn backstage_reference_forms() {
        for s in [
            "team-a",
            "group:team-a",
            "group:default/team-a",
            "default/team-a",
            "Group:Default/Team-A",
        ] {
            assert_eq!(
                p(s, Some("Group"), "default"),
                "group:default/team-a",
                "{s}"
            );
        }
        assert_eq!(
            p("team-a", Some("Group"), "payments"),
            "group:payments/team-a"
        );
        assert_eq!(
            p("user:jdoe", Some("Group"), "payments"),
            "user:payments/jdoe"
        );
        assert_eq!(p("a/b/c", Some("Group"), "default"), "group:a/b/c");
        assert_eq!(p("a:b:c", None, "default"), "a:default/b:c");
        assert_eq!(p("k:n/s/x", None, "default"), "k:n/s/x");
        assert_eq!(p("x/y:z", Some("Group"), "default"), "group:x/y:z");
        assert_eq!(
            p("Team A!", Some("Group"), "default"),
            "group:default/team a!"
        );
    }

    #[test]
    fn broken_references() {
        for s in ["group:", ":x", "x/", "/x", "a:/x"] {
            assert_eq!(p(s, Some("Group"), "default"), "Malformed", "{s}");
        }
        assert_eq!(p("", Some("Group"), "default"), "Empty");
        assert_eq!(p("other-service", None, "default"), "MissingKind");
    }
}
