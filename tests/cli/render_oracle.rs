//! Templates rendered by portal and by Backstage's own scaffolder
//! (`@backstage/plugin-scaffolder-backend` 4.2.0 in ../shared/render-oracle, copied into
//! `target/` and installed there with `npm ci` once): the two output trees must be equal,
//! byte for byte. Each folder of `tests/fixtures/render-probes` is a template with its
//! `values.json`, one construct per line; each file of `tests/fixtures/builtin-answers`,
//! `TEMPLATE.CASE.json`, answers one of portal's built-in templates, which Backstage must
//! render as portal does (an organisation can copy them into its Backstage unchanged).

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{TestEnv, repo_path};

fn oracle() -> PathBuf {
    static INSTALLED: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    INSTALLED
        .get_or_init(|| crate::support::npm_installed("render-oracle"))
        .clone()
}

/// Every rendered file below `root`, but portal's own `.portal/`.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = crate::create::snapshot(root);
    files.retain(|path, _| !path.starts_with(".portal"));
    files
}

/// `node render.js TEMPLATE OUT --values VALUES`: the oracle's render.
fn oracle_render(template: &Path, values: &Path, out: &Path) -> Command {
    let mut cmd = Command::new("node");
    cmd.arg(oracle().join("render.js"))
        .arg(template)
        .arg(out)
        .arg("--values")
        .arg(values);
    cmd
}

/// Renders `template.yaml` with `values` in the oracle into `out`.
fn backstage(template: &Path, values: &Path, out: &Path) {
    let status = oracle_render(template, values, out)
        .status()
        .expect("node render.js");
    assert!(
        status.success(),
        "the oracle rendered {}",
        template.display()
    );
}

/// The two trees are the same, file by file.
fn same_trees(case: &str, theirs: &Path, ours: &Path) {
    let (want, got) = (tree(theirs), tree(ours));
    assert!(!want.is_empty(), "{case}: the oracle wrote nothing");
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "{case}: the files"
    );
    for (path, bytes) in &want {
        assert_eq!(
            String::from_utf8_lossy(&got[path]),
            String::from_utf8_lossy(bytes),
            "{case}: {}",
            path.display()
        );
    }
}

/// Every entry of the fixture folder `dir`, sorted.
fn entries(dir: &str) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(repo_path(dir))
        .expect("the fixtures")
        .map(|e| e.expect("a fixture").path())
        .collect();
    all.sort();
    all
}

/// `portal create TEMPLATE… --values VALUES --output OUT --no-input --no-git`.
fn create(
    env: &TestEnv,
    template: &[&std::ffi::OsStr],
    values: &Path,
    out: &Path,
) -> crate::support::Run {
    let mut args: Vec<&std::ffi::OsStr> = vec!["create".as_ref()];
    args.extend_from_slice(template);
    args.extend([
        "--values".as_ref(),
        values.as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
        "--no-input".as_ref(),
        "--no-git".as_ref(),
    ]);
    env.run(args)
}

/// [`create`], which must succeed.
fn portal(env: &TestEnv, template: &[&std::ffi::OsStr], values: &Path, out: &Path) {
    create(env, template, values, out).success();
}

#[test]
fn backstage_renders_the_built_in_templates_as_portal_does() {
    let cases = entries("tests/fixtures/builtin-answers");
    assert!(cases.len() >= 8, "two cases for each built-in");
    for case in cases {
        let file = case.file_name().and_then(|f| f.to_str()).expect("a name");
        let template = file.split('.').next().expect("TEMPLATE.CASE.json");
        // Apart: what the oracle wrote is not in the catalog portal reads.
        let apart = TestEnv::new();
        let theirs = apart.path().join("backstage");
        let env = TestEnv::new();
        backstage(
            &repo_path(&format!("templates/{template}/template.yaml")),
            &case,
            &theirs,
        );
        let ours = env.path().join("portal");
        portal(&env, &[template.as_ref()], &case, &ours);
        same_trees(file, &theirs, &ours);
    }
}

#[test]
fn portal_renders_the_probes_as_backstage_does_byte_for_byte() {
    let names = entries("tests/fixtures/render-probes");
    assert!(!names.is_empty());
    for probe in names {
        // Apart: what the oracle wrote is not in the catalog portal reads.
        let apart = TestEnv::new();
        let theirs = apart.path().join("backstage");
        let env = TestEnv::new();
        backstage(
            &probe.join("template.yaml"),
            &probe.join("values.json"),
            &theirs,
        );
        let ours = env.path().join("portal");
        let template = ["--template".as_ref(), probe.as_os_str()];
        portal(&env, &template, &probe.join("values.json"), &ours);
        same_trees(&probe.display().to_string(), &theirs, &ours);
    }
}

/// What became of one corpus template in each renderer.
struct Verdict {
    template: PathBuf,
    /// The oracle's error, if it failed.
    theirs: Result<(), String>,
    /// portal's error, if it failed.
    ours: Result<(), String>,
    /// The files that differ when both rendered.
    differences: Vec<String>,
}

/// Templates of the corpus whose verdicts differ for a reason `docs/templates.md` gives.
const CORPUS_DIFFERENCES: &[(&str, &str)] = &[
    // Backstage (offline) cannot resolve `each: ${{ steps.parse.output.result }}`: the
    // output of a server-side step (`http:backstage:request`) that portal lists as not run
    // here, and Backstage runs on its server.
    (
        "delete-entities/template.yaml",
        "a server-side step's output",
    ),
    // A parameters page with `if:`: later scaffolders show or hide the page; 4.2.0's router
    // reads `if` as JSON Schema's keyword and refuses the template. portal does what
    // Backstage's own sample (and later scaffolders) mean.
    (
        "conditional-parameters-demo/template.yaml",
        "pages with `if`",
    ),
];

/// Renders one corpus template with `values` in the oracle and in portal.
fn corpus_verdict(env: &TestEnv, n: usize, template: &Path, values: &Path) -> Verdict {
    let apart = TestEnv::new();
    let theirs = apart.path().join("backstage");
    let oracle_run = oracle_render(template, values, &theirs)
        .output()
        .expect("node render.js");
    let out = PathBuf::from(format!("out-{n}"));
    let run = create(
        env,
        &["--template".as_ref(), template.as_os_str()],
        values,
        &out,
    );
    let last_line = |s: &str| s.lines().last().unwrap_or_default().to_string();
    let theirs_ok = oracle_run.status.success();
    let mut differences = Vec::new();
    if theirs_ok && run.code == 0 {
        let (want, got) = (tree(&theirs), tree(&env.path().join(&out)));
        let paths: std::collections::BTreeSet<_> = want.keys().chain(got.keys()).collect();
        differences = paths
            .into_iter()
            .filter(|p| want.get(*p) != got.get(*p))
            .map(|p| p.display().to_string())
            .collect();
    }
    Verdict {
        template: template.to_path_buf(),
        theirs: if theirs_ok {
            Ok(())
        } else {
            Err(last_line(&String::from_utf8_lossy(&oracle_run.stderr)))
        },
        ours: if run.code == 0 {
            Ok(())
        } else {
            Err(last_line(&run.stderr))
        },
        differences,
    }
}

/// Every public template of the corpus (`../shared/corpus/templates`), answered as a tester
/// would answer its form (the defaults, the first choice, a value its schema takes), is
/// rendered by Backstage's scaffolder and by portal: where Backstage renders it, portal
/// renders the same tree byte for byte; where Backstage fails (a skeleton the corpus kept no
/// copy of, a URL, a folder outside the template's), portal refuses it too.
#[test]
fn portal_renders_the_corpus_templates_as_backstage_does() {
    let Some(corpus) = crate::conformance::corpus() else {
        eprintln!("no corpus: public templates not checked against the oracle");
        return;
    };
    let mut templates: Vec<PathBuf> = crate::create::walk(&corpus.join("templates"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| !p.components().any(|c| c.as_os_str() == "skeleton"))
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("kind: Template")))
        .collect();
    templates.sort();
    assert!(templates.len() >= 40, "the corpus has its templates");
    oracle();
    let workers = 3;
    let verdicts: Vec<Verdict> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let mine: Vec<(usize, PathBuf)> = templates
                    .iter()
                    .cloned()
                    .enumerate()
                    .filter(|(i, _)| i % workers == w)
                    .collect();
                scope.spawn(move || {
                    let env = crate::create::env();
                    mine.into_iter()
                        .map(|(i, template)| {
                            let values = env.path().join(format!("values-{i}.json"));
                            let answers = answer(&template);
                            std::fs::write(&values, answers.to_string()).expect("values");
                            corpus_verdict(&env, i, &template, &values)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker"))
            .collect()
    });
    let mut same = 0;
    let mut both_fail = 0;
    let mut wrong = Vec::new();
    for v in &verdicts {
        let name = v
            .template
            .strip_prefix(&corpus)
            .unwrap_or(&v.template)
            .display()
            .to_string();
        let excused = CORPUS_DIFFERENCES.iter().find(|(t, _)| name.ends_with(t));
        match (&v.theirs, &v.ours, excused) {
            (Ok(()), Ok(()), _) if v.differences.is_empty() => same += 1,
            (Ok(()), Ok(()), _) => wrong.push(format!("{name}: differs in {:?}", v.differences)),
            (Err(_), Err(_), _) => both_fail += 1,
            (_, _, Some((_, why))) => eprintln!("{name}: differs as documented ({why})"),
            (Err(t), Ok(()), None) => wrong.push(format!("{name}: only Backstage fails: {t}")),
            (Ok(()), Err(o), None) => wrong.push(format!("{name}: only portal fails: {o}")),
        }
    }
    eprintln!("corpus templates: {same} rendered the same, {both_fail} refused by both");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(same >= 10, "only {same} corpus templates rendered the same");
}

/// The answers a tester would give the template's form, as `portal create` takes them.
fn answer(template: &Path) -> serde_json::Value {
    let Ok(t) = portal::scaffold::template::from_path(template) else {
        return serde_json::json!({});
    };
    portal::scaffold::answers(
        &t.spec()["parameters"],
        &Default::default(),
        &[],
        &Default::default(),
        Some(&mut crate::create::AutoAnswer),
    )
    .map(serde_json::Value::Object)
    .unwrap_or_else(|_| serde_json::json!({}))
}
