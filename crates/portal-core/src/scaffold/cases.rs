//! A template's test cases, for `portal templates test`: the answer files in the `tests/`
//! folder beside its `template.yaml`, each with, optionally, the output it must render.
//!
//! ```text
//! template.yaml
//! tests/
//!   minimal.yaml       answers (YAML or JSON: .yaml, .yml, .json)
//!   minimal/           the expected output tree, exactly: every file, the same bytes
//!   full.json
//!   full.files/        expected files only: these must render the same bytes, the rest is free
//! ```
//!
//! A template without a `tests/` folder has one case, `defaults`: every question takes its
//! `default`, else the first of its `examples`. The answers are checked as `create` checks
//! them, against no catalog: a case is what Backstage's form would submit, the same in any
//! checkout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::plan::Plan;
use super::template::{Files, Template};
use super::{Given, Guard};
use crate::confine::Dir;

/// What a case's rendered files are compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// Nothing: the case must render, and its descriptors be valid.
    Nothing,
    /// `tests/<case>/`: the whole tree.
    Tree(PathBuf),
    /// `tests/<case>.files/`: the files it holds.
    Files(PathBuf),
}

/// One test case of a template.
#[derive(Debug, Clone)]
pub struct Case {
    /// The answer file's name without its extension (`defaults` for the implicit case).
    pub name: String,
    /// The answer file; `None` for the implicit case.
    pub answers: Option<PathBuf>,
    /// What the output must be.
    pub expected: Expected,
}

/// The most cases one template may have: each is a render.
pub const MAX_CASES: usize = 1_000;

/// The answer-file extensions, in the order they are looked for.
const ANSWER_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// The folder a template's cases are in, if it is on disk.
pub fn folder(template: &Template) -> Option<PathBuf> {
    match &template.files {
        Files::Dir(dir) => Some(dir.join("tests")),
        Files::Builtin(_) => None,
    }
}

/// The template's cases, sorted by name; the implicit `defaults` case when it has no
/// `tests/` folder or no answer file in it.
pub fn cases(template: &Template) -> Result<Vec<Case>, String> {
    let Some(dir) = folder(template).filter(|d| d.exists()) else {
        return Ok(vec![implicit()]);
    };
    own_folder(&dir)?;
    let mut found = Vec::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let (Some(stem), Some(ext)) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        if !ANSWER_EXTENSIONS.contains(&ext) {
            continue;
        }
        let tree = dir.join(stem);
        let files = dir.join(format!("{stem}.files"));
        for d in [&tree, &files] {
            if d.exists() {
                own_folder(d)?;
            }
        }
        let expected = match (tree.is_dir(), files.is_dir()) {
            (true, true) => {
                return Err(format!(
                    "case `{stem}` has both {} and {}: keep one (the whole tree, or some files)",
                    tree.display(),
                    files.display()
                ));
            }
            (true, false) => Expected::Tree(tree),
            (false, true) => Expected::Files(files),
            (false, false) => Expected::Nothing,
        };
        if found.len() == MAX_CASES {
            return Err(format!(
                "{} holds more than {MAX_CASES} cases (limit: cases per template); split the template's tests",
                dir.display()
            ));
        }
        found.push(Case {
            name: stem.to_string(),
            answers: Some(path),
            expected,
        });
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(twice) = found.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(format!(
            "case `{}` has two answer files in {}: keep one",
            twice[0].name,
            dir.display()
        ));
    }
    if found.is_empty() {
        return Ok(vec![implicit()]);
    }
    Ok(found)
}

/// A folder of the template's own: not a link (which could lead anywhere on the machine,
/// to be read as expected files or written by `--update`), not a file.
fn own_folder(dir: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(m) if m.file_type().is_symlink() => Err(format!(
            "{} is a symbolic link; a template's test cases are read only from folders of its own [template-confinement]",
            dir.display()
        )),
        Ok(_) => Err(format!("{} is not a folder", dir.display())),
        Err(e) => Err(format!("{}: {e}", dir.display())),
    }
}

fn implicit() -> Case {
    Case {
        name: "defaults".into(),
        answers: None,
        expected: Expected::Nothing,
    }
}

/// The answers of a case: its file's values, or for the implicit case the first of each
/// question's `examples` where it has no `default`; checked as `create` checks them.
pub fn answers(template: &Template, case: &Case) -> Result<Map<String, Value>, Vec<String>> {
    let parameters = &template.spec()["parameters"];
    let values = match &case.answers {
        Some(file) => read_answers(file).map_err(|e| vec![e])?,
        None => examples(parameters),
    };
    let given = Given {
        values,
        sets: Vec::new(),
    };
    super::answers(parameters, &given, &[], &Guard::new(&[], None, true), None)
}

/// An answer file, read through the one confinement rule (a regular file inside the
/// `tests/` folder, at most [`ANSWERS_LIMIT`]), as YAML or JSON.
fn read_answers(file: &Path) -> Result<Map<String, Value>, String> {
    let (Some(dir), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str())) else {
        return Err(format!("{}: not an answer file", file.display()));
    };
    let bytes = Dir::new(dir)
        .and_then(|root| root.read(name, ANSWERS_LIMIT))
        .map_err(|why| format!("{}: {why} [template-confinement]", file.display()))?;
    super::params::answers_from_yaml(&String::from_utf8_lossy(&bytes))
        .map_err(|(pos, message)| format!("{}:{}:{}: {message}", file.display(), pos.line, pos.col))
}

/// An answer file holds a form's values: 1 MiB is far more than any.
const ANSWERS_LIMIT: u64 = 1 << 20;

/// The first of `examples` of every question without a `default`, across the pages.
fn examples(parameters: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    let answered = Map::new();
    for q in super::params::questions(parameters, &answered) {
        if q.schema.get("default").is_none()
            && let Some(first) = q.schema["examples"].as_array().and_then(|l| l.first())
        {
            out.insert(q.key.clone(), first.clone());
        }
    }
    out
}

/// How the rendered files differ from what the case expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Expected, not rendered.
    Missing(PathBuf),
    /// Rendered, not in the expected tree.
    Unexpected(PathBuf),
    /// Both, with other bytes: the expected file and the first line that differs.
    Changed {
        /// The file, relative to the output folder.
        path: PathBuf,
        /// The first line (1-based) that differs.
        line: usize,
        /// That line as expected.
        expected: String,
        /// That line as rendered.
        rendered: String,
    },
}

/// The files below `dir`, relative to it, read as a skeleton is read (confined, bounded).
pub fn expected_files(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>, String> {
    Ok(super::skeleton::files_under(dir, ".")?
        .into_iter()
        .map(|(rel, bytes)| (PathBuf::from(rel), bytes))
        .collect())
}

/// How `plan` differs from what `case` expects.
pub fn compare(plan: &Plan, case: &Case) -> Result<Vec<Difference>, String> {
    let (dir, whole) = match &case.expected {
        Expected::Nothing => return Ok(Vec::new()),
        Expected::Tree(d) => (d, true),
        Expected::Files(d) => (d, false),
    };
    let want = expected_files(dir)?;
    let got: BTreeMap<&Path, &[u8]> = plan
        .files
        .iter()
        .map(|f| (f.path.as_path(), f.contents.as_slice()))
        .collect();
    let mut out = Vec::new();
    for (path, bytes) in &want {
        match got.get(path.as_path()) {
            None => out.push(Difference::Missing(path.clone())),
            Some(rendered) if rendered != bytes => {
                out.push(first_difference(path, bytes, rendered));
            }
            Some(_) => {}
        }
    }
    if whole {
        for path in got.keys().filter(|p| !want.contains_key(**p)) {
            out.push(Difference::Unexpected(path.to_path_buf()));
        }
    }
    Ok(out)
}

fn first_difference(path: &Path, want: &[u8], got: &[u8]) -> Difference {
    let (w, g) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    let mut wl = w.split_inclusive('\n');
    let mut gl = g.split_inclusive('\n');
    let mut line = 1;
    loop {
        match (wl.next(), gl.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (a, b) => {
                let show = |s: Option<&str>| {
                    s.map_or_else(
                        || "(end of file)".to_string(),
                        |s| s.trim_end_matches('\n').to_string(),
                    )
                };
                return Difference::Changed {
                    path: path.to_path_buf(),
                    line,
                    expected: show(a),
                    rendered: show(b),
                };
            }
        }
    }
}

/// Writes `case`'s expected files from `plan` (`--update`): a tree, `tests/<case>/`, is
/// replaced as a whole (written beside it, then moved into place; the implicit case and a
/// case without expectations get one); a `.files/` folder only in the files it holds. No
/// write passes a symbolic link.
pub fn write_expected(plan: &Plan, case: &Case, tests: &Path) -> Result<(), String> {
    let io = |e: std::io::Error, what: &Path| format!("cannot write {}: {e}", what.display());
    std::fs::create_dir_all(tests).map_err(|e| io(e, tests))?;
    let target = match &case.expected {
        Expected::Files(dir) => {
            own_folder(tests)?;
            own_folder(dir)?;
            let keep = expected_files(dir)?;
            for f in plan.files.iter().filter(|f| keep.contains_key(&f.path)) {
                crate::confine::check_write(dir, &f.path)
                    .map_err(|b| format!("{}: {b}", dir.join(&f.path).display()))?;
                crate::confine::replace(&dir.join(&f.path), &f.contents)
                    .map_err(|e| io(e, &dir.join(&f.path)))?;
            }
            return Ok(());
        }
        Expected::Tree(dir) => dir.clone(),
        Expected::Nothing => tests.join(&case.name),
    };
    for d in [tests, target.as_path()] {
        if d.exists() {
            own_folder(d)?;
        }
    }
    let staging = tempfile::Builder::new()
        .prefix(".portal-update-")
        .tempdir_in(tests)
        .map_err(|e| io(e, tests))?;
    for f in &plan.files {
        let path = staging.path().join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
        }
        std::fs::write(&path, &f.contents).map_err(|e| io(e, &path))?;
    }
    let old = tests.join(format!(".portal-old-{}", std::process::id()));
    if target.exists() {
        std::fs::rename(&target, &old).map_err(|e| io(e, &target))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, &target).map_err(|e| io(e, &target))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| io(e, &old))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::scaffold::plan::of as plan;

    #[test]
    fn a_tree_must_match_exactly_and_files_only_where_given() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "one\ntwo\n").unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), "b\n").unwrap();
        let rendered = plan(&[("a.txt", "one\nTWO\n"), ("c.txt", "c")]);
        let tree = Case {
            name: "t".into(),
            answers: None,
            expected: Expected::Tree(dir.path().to_path_buf()),
        };
        let found = compare(&rendered, &tree).unwrap();
        assert_eq!(
            found,
            [
                Difference::Changed {
                    path: "a.txt".into(),
                    line: 2,
                    expected: "two".into(),
                    rendered: "TWO".into()
                },
                Difference::Missing("sub/b.txt".into()),
                Difference::Unexpected("c.txt".into()),
            ]
        );
        let files = Case {
            expected: Expected::Files(dir.path().to_path_buf()),
            ..tree
        };
        // `c.txt` is free, the others still count.
        assert_eq!(compare(&rendered, &files).unwrap().len(), 2);
        let same = plan(&[("a.txt", "one\ntwo\n"), ("sub/b.txt", "b\n")]);
        assert!(compare(&same, &files).unwrap().is_empty());
    }

    #[test]
    fn a_shorter_file_differs_at_its_end() {
        let d = first_difference(Path::new("x"), b"a\nb\n", b"a\n");
        assert_eq!(
            d,
            Difference::Changed {
                path: "x".into(),
                line: 2,
                expected: "b".into(),
                rendered: "(end of file)".into()
            }
        );
    }

    #[test]
    fn examples_answer_questions_without_defaults() {
        let parameters = serde_json::json!([{
            "properties": {
                "name": {"type": "string", "examples": ["svc", "other"]},
                "port": {"type": "integer", "default": 80, "examples": [1]},
                "free": {"type": "string"}
            }
        }]);
        let got = examples(&parameters);
        assert_eq!(
            serde_json::Value::Object(got),
            serde_json::json!({"name": "svc"})
        );
    }
}
