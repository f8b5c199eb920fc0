//! Paths shown as a person would write them from the working folder: a descriptor reached
//! from a `portal.yaml` two folders up is `catalog-info.yaml`, not
//! `../../services/payments/catalog-info.yaml`.

use std::path::{Component, Path, PathBuf};

/// `path` (as the scan reached it) relative to the working folder, its leading `..`
/// folded against that folder; unchanged when the working folder is unknown.
pub fn from_cwd(path: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) => relative_to(path, &cwd),
        Err(_) => path.to_path_buf(),
    }
}

/// `path` relative to `cwd` (an absolute, physical folder, as `getcwd` gives it). Only
/// leading `..` are folded, against `cwd`'s own names, so no link is crossed lexically.
pub fn relative_to(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute() {
        return match path.strip_prefix(cwd) {
            Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
            _ => path.to_path_buf(),
        };
    }
    let mut rest = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .peekable();
    let mut up = 0;
    while rest
        .next_if(|c| matches!(c, Component::ParentDir))
        .is_some()
    {
        up += 1;
    }
    let names: Vec<_> = cwd.components().collect();
    if up == 0 {
        return rest.collect();
    }
    if up >= names.len() {
        return path.to_path_buf();
    }
    // The folders climbed out of, re-entered by the rest of the path as far as it goes.
    let mut left = names[names.len() - up..].iter().peekable();
    while left.peek().is_some() && rest.peek() == left.peek().copied() {
        left.next();
        rest.next();
    }
    let mut out: PathBuf = left.map(|_| Component::ParentDir).collect();
    out.extend(rest);
    if out.as_os_str().is_empty() {
        return PathBuf::from(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(p: &str) -> String {
        relative_to(Path::new(p), Path::new("/org/acme/services/payments"))
            .display()
            .to_string()
    }

    #[test]
    fn leading_parents_are_folded_against_the_working_folder() {
        assert_eq!(
            rel("../../services/payments/catalog-info.yaml"),
            "catalog-info.yaml"
        );
        assert_eq!(
            rel("../../services/orders/catalog-info.yaml"),
            "../orders/catalog-info.yaml"
        );
        assert_eq!(rel("../../catalog-info.yaml"), "../../catalog-info.yaml");
        assert_eq!(rel("./catalog-info.yaml"), "catalog-info.yaml");
        assert_eq!(rel("api/catalog-info.yaml"), "api/catalog-info.yaml");
        assert_eq!(rel("/org/acme/services/payments/a.yaml"), "a.yaml");
        assert_eq!(rel("/elsewhere/a.yaml"), "/elsewhere/a.yaml");
        // Inner `..` may follow a link: left as they are.
        assert_eq!(rel("../../web/../x.yaml"), "../../web/../x.yaml");
        // More `..` than the folder has names: unchanged.
        assert_eq!(rel("../../../../../x.yaml"), "../../../../../x.yaml");
    }
}
