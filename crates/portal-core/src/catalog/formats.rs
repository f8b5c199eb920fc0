//! The field formats Backstage's `FieldFormatEntityPolicy` enforces, and fixes to suggest.

/// 1–63 characters of `[a-z0-9]` runs joined by runs of `-`.
pub fn is_dns_label(s: &str) -> bool {
    (1..=63).contains(&s.len())
        && s.split('-').filter(|part| !part.is_empty()).all(|part| {
            part.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// 1–253 characters of dot-separated DNS labels.
pub fn is_dns_subdomain(s: &str) -> bool {
    (1..=253).contains(&s.len()) && s.split('.').all(is_dns_label)
}

/// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`, 1–63 characters.
pub fn is_object_name(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=63).contains(&b.len())
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// `suffix` or `prefix/suffix`, with at most one `/`.
fn prefix_and_or_suffix(s: &str, prefix: fn(&str) -> bool, suffix: fn(&str) -> bool) -> bool {
    let mut parts = s.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(only), None, None) => suffix(only),
        (Some(p), Some(sfx), None) => prefix(p) && suffix(sfx),
        _ => false,
    }
}

pub fn is_api_version(s: &str) -> bool {
    prefix_and_or_suffix(s, is_dns_subdomain, |n| {
        (1..=63).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

pub fn is_kind(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=63).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter().all(u8::is_ascii_alphanumeric)
}

/// Label and annotation keys: `name` or `prefix/name`.
pub fn is_label_key(s: &str) -> bool {
    prefix_and_or_suffix(s, is_dns_subdomain, is_object_name)
}

pub fn is_label_value(s: &str) -> bool {
    s.is_empty() || is_object_name(s)
}

/// `^[a-z0-9:+#]+(\-[a-z0-9:+#]+)*$`, 1–63 characters.
pub fn is_tag(s: &str) -> bool {
    let ok =
        |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b':' | b'+' | b'#');
    (1..=63).contains(&s.len()) && s.split('-').all(|p| !p.is_empty() && p.bytes().all(ok))
}

/// Parses as an absolute WHATWG URL, any scheme.
pub fn is_url(s: &str) -> bool {
    url::Url::parse(s).is_ok()
}

/// A name that would pass `is_object_name`, when one is obvious.
pub fn suggest_object_name(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .chars()
        .take(63)
        .collect::<String>();
    let out = out
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string();
    (is_object_name(&out) && out != s).then_some(out)
}

/// A lower-case, dash-separated form (for namespaces and tags), when one is obvious.
pub fn suggest_dns_label(s: &str, extra: &[char]) -> Option<String> {
    let mut out = String::new();
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(&c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(63).collect();
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty() && out != s).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in [
            "a",
            "A",
            "my-svc",
            "my_svc",
            "my.svc",
            "a..b_c",
            "1",
            &"x".repeat(63),
        ] {
            assert!(is_object_name(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a b", "ä", &"x".repeat(64), "a:b", "a/b"] {
            assert!(!is_object_name(bad), "{bad}");
        }
    }

    #[test]
    fn namespaces_and_versions() {
        assert!(is_dns_label("a--b"));
        assert!(!is_dns_label("Team"));
        assert!(!is_dns_label("a_b"));
        assert!(is_api_version("backstage.io/v1alpha1"));
        assert!(is_api_version("v1"));
        assert!(!is_api_version("a/b/c"));
        assert!(!is_api_version("Backstage.io/v1alpha1"));
        assert!(is_kind("Component") && !is_kind("1x") && !is_kind(""));
    }

    #[test]
    fn tags() {
        for ok in ["java", "c++", "c#", "lang:java", "a-b"] {
            assert!(is_tag(ok), "{ok}");
        }
        for bad in ["Java", "a--b", "a_b", "", "-a", &"x".repeat(64)] {
            assert!(!is_tag(bad), "{bad}");
        }
    }

    #[test]
    fn keys_and_urls() {
        assert!(is_label_key("backstage.io/techdocs-ref"));
        assert!(is_label_key("backstage.io/Managed-By-Location"));
        assert!(!is_label_key("Bad.io/x"));
        assert!(!is_label_key("a/b/c"));
        assert!(is_url("mailto:x@y"));
        assert!(!is_url("not a url"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest_object_name("my service!").as_deref(),
            Some("my-service")
        );
        assert_eq!(suggest_object_name("ok"), None);
        assert_eq!(suggest_dns_label("Team_A", &[]).as_deref(), Some("team-a"));
        assert_eq!(
            suggest_dns_label("Java", &[':', '+', '#']).as_deref(),
            Some("java")
        );
    }
}
