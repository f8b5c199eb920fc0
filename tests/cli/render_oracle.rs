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
        both_render(&probe, &probe.display().to_string());
    }
}

/// The template folder `dir` (its `template.yaml` and `values.json`) rendered by the
/// oracle and by portal, to the same tree.
fn both_render(dir: &Path, case: &str) {
    // Apart: what the oracle wrote is not in the catalog portal reads.
    let apart = TestEnv::new();
    let theirs = apart.path().join("backstage");
    let env = TestEnv::new();
    backstage(
        &dir.join("template.yaml"),
        &dir.join("values.json"),
        &theirs,
    );
    let ours = env.path().join("portal");
    let template = ["--template".as_ref(), dir.as_os_str()];
    portal(&env, &template, &dir.join("values.json"), &ours);
    same_trees(case, &theirs, &ours);
}

/// A seeded generator of expressions in Backstage's template language: JavaScript's
/// operators, conversions and nunjitsu's precedence over numbers, texts that are and are
/// not numbers, lists, mappings, null and undefined.
struct Expressions(u64);

impl Expressions {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11
    }

    fn chance(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 53) as f64
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next() as usize % from.len()]
    }

    fn expr(&mut self, depth: u32) -> String {
        const ATOMS: &[&str] = &[
            "0",
            "1",
            "2",
            "7",
            "3.5",
            "0.1",
            "-1",
            "\"2\"",
            "\"x\"",
            "\"\"",
            "\" 3 \"",
            "\"0x10\"",
            "\"1e3\"",
            "\"a\"",
            "\"B\"",
            "\"10\"",
            "\"9\"",
            "none",
            "null",
            "true",
            "false",
            "values.n",
            "values.s",
            "values.list",
            "values.emap",
            "values.missing",
            "[1]",
            "[1, 2]",
            "[]",
            "{}",
            "\"😀\"",
            "values.list[0]",
            "values.list.length",
            "(\"a\" | upper)",
            "(values.s | int)",
            "(\"3.7\" | float)",
        ];
        const OPS: &[&str] = &[
            "+", "-", "*", "/", "//", "%", "~", "==", "!=", "===", "!==", "<", ">", "<=", ">=",
            "and", "or",
        ];
        if depth == 0 || self.chance() < 0.3 {
            let atom = self.pick(ATOMS).to_string();
            return match self.chance() {
                // `--1` is refused by both.
                c if c < 0.1 && !atom.starts_with('-') => format!("-{atom}"),
                c if c < 0.2 => format!("(not {atom})"),
                _ => atom,
            };
        }
        let c = self.chance();
        if c < 0.7 {
            let (l, op, r) = (self.expr(depth - 1), self.pick(OPS), self.expr(depth - 1));
            format!("{l} {op} {r}")
        } else if c < 0.8 {
            format!("({})", self.expr(depth - 1))
        } else if c < 0.9 {
            let (a, b, e) = (
                self.expr(depth - 1),
                self.expr(depth - 1),
                self.expr(depth - 1),
            );
            format!("({a} if {b} else {e})")
        } else {
            let filter = self.pick(&["abs", "int", "float", "round"]);
            format!("({}) | {filter}", self.expr(depth - 1))
        }
    }

    /// One line: the expression printed, tested in `if`/`elif`, or `set`.
    fn line(&mut self, i: usize) -> String {
        let not = if self.chance() < 0.15 { "not " } else { "" };
        let x = format!("{not}{}", self.expr(3));
        match self.chance() {
            c if c < 0.6 => format!("{i}: ${{{{ {x} }}}}"),
            c if c < 0.8 => {
                let y = self.expr(2);
                format!("{i}: {{% if {x} %}}y{{% elif {y} %}}e{{% else %}}n{{% endif %}}")
            }
            _ => format!("{i}: {{%- set v = {x} -%}} ${{{{ v }}}}"),
        }
    }
}

#[test]
fn portal_evaluates_generated_expressions_as_backstage_does() {
    let probe = repo_path("tests/fixtures/render-probes/arithmetic");
    let env = TestEnv::new();
    let template = env.path().join("generated");
    std::fs::create_dir_all(template.join("skeleton")).expect("a template folder");
    std::fs::copy(probe.join("values.json"), template.join("values.json")).expect("values");
    // The arithmetic probe's first step alone: its values, one skeleton file.
    let yaml = std::fs::read_to_string(probe.join("template.yaml")).expect("the probe");
    let first_step = yaml.split("    - id: twice").next().expect("a first step");
    std::fs::write(template.join("template.yaml"), first_step).expect("template.yaml");
    let mut generator = Expressions(0x005E_ED0F_BAC5_7A6E);
    let lines: Vec<String> = (0..600).map(|i| generator.line(i)).collect();
    std::fs::write(template.join("skeleton/out.txt"), lines.join("\n") + "\n").expect("out.txt");
    both_render(&template, "600 generated expressions");
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
