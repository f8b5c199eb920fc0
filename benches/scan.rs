//! `cargo bench --bench scan`: times `portal validate` and `portal list --json` on a synthetic
//! organisation against a `find | xargs cat` baseline, with a warm file cache, and reports
//! peak RSS; then times the index: a first `list --json` (no index), a second one (nothing
//! changed), and one after a descriptor changed.
//!
//! Arguments after `--`: `--repos N` (2000), `--seed N` (42), `--runs N` (5),
//! `--generate-only DIR` (write the org to DIR, print its counts, stop) and `--scale`
//! (also time 500, 1000 and 2000 repositories). Unknown arguments, such as the `--bench`
//! cargo passes, are ignored.

mod support;

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process;
use std::time::Instant;

use support::measure::{self, Exit, HELPER_FLAG, Sample};
use support::report::{self, Row, ScaleRow};
use support::synth::{self, Counts, Params};

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");
const SCALE_SIZES: &[usize] = &[500, 1000, 2000];
/// The least number of timed runs of a command faster than 150 ms (and of the index's
/// first run).
const FAST_RUNS: usize = 21;

struct Options {
    params: Params,
    runs: usize,
    generate_only: Option<PathBuf>,
    scale: bool,
}

impl Options {
    fn parse(args: &[String]) -> Options {
        let mut options = Options {
            params: Params::default(),
            runs: 5,
            generate_only: None,
            scale: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next().cloned())
                    .unwrap_or_else(|| usage(flag))
            };
            match flag {
                "--repos" => options.params.repos = number(flag, &value()),
                "--seed" => options.params.seed = number(flag, &value()) as u64,
                "--runs" => options.runs = number(flag, &value()).max(1),
                "--generate-only" => options.generate_only = Some(PathBuf::from(value())),
                "--scale" => options.scale = true,
                _ => {}
            }
        }
        options
    }
}

fn number(flag: &str, text: &str) -> usize {
    text.parse().unwrap_or_else(|_| usage(flag))
}

fn usage(flag: &str) -> ! {
    eprintln!("scan: {flag} needs a number or a path");
    eprintln!(
        "usage: cargo bench --bench scan -- [--repos N] [--seed N] [--runs N] [--generate-only DIR] [--scale]"
    );
    process::exit(2)
}

/// One command to time, and the exit codes that count as success.
struct Case {
    label: String,
    slug: &'static str,
    argv: Vec<String>,
    ok_codes: &'static [i32],
    /// Done before each run (the warm-up included), outside the timing.
    before: Before,
}

enum Before {
    Nothing,
    /// Deletes the index folder: every run is a first run.
    ClearIndex,
    /// Rewrites one descriptor's `description` (a new value each run).
    EditDescriptor(PathBuf),
}

/// Where portal keeps its index during the bench (never the user's own cache).
fn cache_dir() -> PathBuf {
    support::target_dir().join("synth-cache")
}

fn portal_env() -> Vec<(String, String)> {
    vec![("PORTAL_CACHE_DIR".into(), cache_dir().display().to_string())]
}

/// The descriptor the bench edits.
fn edited_descriptor(tree: &Path) -> PathBuf {
    tree.join("repo-0000").join("catalog-info.yaml")
}

/// `text` with the first `description:` line's value replaced by `value`.
fn with_description(text: &str, value: &str) -> String {
    let mut done = false;
    let mut out = String::with_capacity(text.len() + value.len());
    for line in text.split_inclusive('\n') {
        match line.split_once("description: ") {
            Some((indent, _)) if !done && indent.trim().is_empty() => {
                out.push_str(&format!("{indent}description: {value}\n"));
                done = true;
            }
            _ => out.push_str(line),
        }
    }
    out
}

fn cases(tree: &Path, counts: &Counts) -> Vec<Case> {
    let tree = tree.display().to_string();
    let find = format!(
        "find '{tree}' -name node_modules -prune -o -name target -prune -o -name catalog-info.yaml -print | xargs cat > /dev/null"
    );
    let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let hot = counts.most_depended_on.as_str();
    let query = |label: &str, slug: &'static str, args: &[&str]| {
        let mut argv = strings(&[PORTAL, "--source", &tree]);
        argv.extend(strings(args));
        Case {
            label: label.to_string(),
            slug,
            argv,
            ok_codes: &[0, 1],
            before: Before::Nothing,
        }
    };
    // The full scans read every file: they run without the index.
    let full = |label: &str, slug: &'static str, args: &[&str]| {
        let mut args = args.to_vec();
        args.push("--no-cache");
        query(label, slug, &args)
    };
    // `portal create` renders into a scratch folder, with no catalog to scan.
    let scratch = support::target_dir().join("synth-create");
    let empty = scratch.join("empty");
    let _ = fs::create_dir_all(&empty);
    let out = scratch.join("out").display().to_string();
    let empty = empty.display().to_string();
    vec![
        Case {
            label: "find | xargs cat (baseline)".into(),
            slug: "baseline",
            argv: strings(&["sh", "-c", &find]),
            ok_codes: &[0],
            before: Before::Nothing,
        },
        Case {
            label: "portal validate --no-cache".into(),
            slug: "validate",
            argv: strings(&[PORTAL, "validate", "--no-cache", &tree]),
            ok_codes: &[0, 1],
            before: Before::Nothing,
        },
        full("portal list --json --no-cache", "list", &["list", "--json"]),
        full(&format!("portal show {hot}"), "show", &["show", hot]),
        full(
            &format!("portal who-owns {hot}"),
            "who-owns",
            &["who-owns", hot],
        ),
        full(&format!("portal graph {hot}"), "graph", &["graph", hot]),
        full(
            &format!("portal graph {hot} --reverse --depth 10"),
            "graph-reverse",
            &[
                "graph",
                hot,
                "--reverse",
                "--depth",
                "10",
                "--format",
                "json",
            ],
        ),
        Case {
            label: "portal list --json, first run (no index)".into(),
            before: Before::ClearIndex,
            ..query("", "index-first", &["list", "--json"])
        },
        query(
            "portal list --json, second run (nothing changed)",
            "index-second",
            &["list", "--json"],
        ),
        Case {
            label: "portal list --json, one descriptor changed".into(),
            before: Before::EditDescriptor(edited_descriptor(Path::new(&tree))),
            ..query("", "index-changed", &["list", "--json"])
        },
        Case {
            label: "portal validate, second run".into(),
            slug: "index-validate",
            argv: strings(&[PORTAL, "validate", &tree]),
            ok_codes: &[0, 1],
            before: Before::Nothing,
        },
        query(
            &format!("portal show {hot}, second run"),
            "index-show",
            &["show", hot],
        ),
        Case {
            label: "portal create rust-service --no-input --no-git".into(),
            slug: "create",
            argv: strings(&[
                PORTAL,
                "--source",
                &empty,
                "create",
                "rust-service",
                "--no-input",
                "--no-git",
                "--force",
                "--output",
                &out,
                "--set",
                "name=bench-service",
                "--set",
                "owner=team-a",
            ]),
            ok_codes: &[0],
            before: Before::Nothing,
        },
    ]
}

/// After a descriptor changed, `list --json` must show the change (the index must not
/// answer from what it held); the descriptor is restored after.
fn check_change_seen(tree: &Path) -> bool {
    let path = edited_descriptor(tree);
    let original = fs::read_to_string(&path).expect("reading the edited descriptor");
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let marker = format!("changed by the bench at {stamp}");
    fs::write(&path, with_description(&original, &marker)).expect("editing a descriptor");
    let output = process::Command::new(PORTAL)
        .envs(portal_env())
        .args(["--source", &tree.display().to_string(), "list", "--json"])
        .output()
        .expect("running portal list");
    fs::write(&path, &original).expect("restoring the edited descriptor");
    let ok = String::from_utf8_lossy(&output.stdout).contains(&marker);
    println!(
        "`portal list --json` after a descriptor changed shows the change: {}",
        if ok { "yes" } else { "NO" }
    );
    ok
}

/// `graph --reverse` of the most depended-on component must find exactly its dependents.
fn check_reverse(tree: &Path, counts: &Counts) -> bool {
    let output = process::Command::new(PORTAL)
        .args([
            "--source",
            &tree.display().to_string(),
            "graph",
            &counts.most_depended_on,
        ])
        .args([
            "--reverse",
            "--relations",
            "dependsOn",
            "--depth",
            "1",
            "--format",
            "json",
        ])
        .output()
        .expect("running portal graph");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let found = json["nodes"]
        .as_array()
        .map_or(0, |n| n.len().saturating_sub(1));
    let ok = found == counts.most_depended_on_by;
    println!(
        "
`portal graph {} --reverse --depth 1`: {found} direct dependents, the generator made {} ({})",
        counts.most_depended_on,
        counts.most_depended_on_by,
        if ok { "correct" } else { "WRONG" }
    );
    ok
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().is_some_and(|arg| arg == HELPER_FLAG) {
        measure::helper_main(&args[1..]);
    }
    let options = Options::parse(&args);
    if let Some(dir) = &options.generate_only {
        generate_only(dir, options.params);
        return;
    }
    print_machine(&options);
    let root = org_dir(options.params.repos, options.params.repos);
    let counts = prepare(&root, options.params);
    let rows = time_cases(&root, &counts, options.runs);
    println!(
        "\n## portal scan, {} repositories, {} files\n",
        counts.repos, counts.files
    );
    report::print_table(&rows);
    println!("\n## the index, same run\n");
    report::print_index_table(&rows);
    let mut failed = rows.iter().any(|row| row.failed);
    failed |= !check_reverse(&root, &counts);
    failed |= !check_change_seen(&root);
    if options.scale {
        let main = ScaleRow {
            repos: options.params.repos,
            files: counts.files,
            entities: counts.entities(),
            rows,
        };
        failed |= scale(&options, main);
    }
    if failed {
        eprintln!(
            "scan: some commands failed; their stderr is in {}",
            logs_dir().display()
        );
        process::exit(1);
    }
}

fn generate_only(dir: &Path, params: Params) {
    let start = Instant::now();
    let counts = synth::generate(dir, params)
        .unwrap_or_else(|error| panic!("generating {}: {error}", dir.display()));
    println!(
        "generated {} in {:.1} s (repos={}, seed={})",
        dir.display(),
        start.elapsed().as_secs_f64(),
        params.repos,
        params.seed
    );
    println!("{counts}");
}

fn logs_dir() -> PathBuf {
    support::target_dir().join("synth-bench-logs")
}

/// `target/synth-org` for the main size; other sizes get a folder of their own.
fn org_dir(repos: usize, main_repos: usize) -> PathBuf {
    let name = if repos == main_repos {
        "synth-org".to_string()
    } else {
        format!("synth-org-{repos}")
    };
    support::target_dir().join(name)
}

fn prepare(root: &Path, params: Params) -> Counts {
    let start = Instant::now();
    let (counts, reused) = synth::ensure(root, params)
        .unwrap_or_else(|error| panic!("preparing {}: {error}", root.display()));
    let how = if reused {
        "reused".to_string()
    } else {
        format!("generated in {:.1} s", start.elapsed().as_secs_f64())
    };
    eprintln!("synthetic org at {} ({how})", root.display());
    counts
}

fn print_machine(options: &Options) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|line| {
                Some(
                    line.strip_prefix("model name")?
                        .split(':')
                        .nth(1)?
                        .trim()
                        .to_string(),
                )
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    println!("## machine\n\n- nproc: {cpus}\n- cpu: {model}");
    let params = options.params;
    println!(
        "- parameters: repos={}, seed={}, runs={} (+1 warm-up each)",
        params.repos, params.seed, options.runs
    );
    println!("- portal: {PORTAL}");
}

/// A warm-up run, then `runs` timed runs, of every case.
fn time_cases(tree: &Path, counts: &Counts, runs: usize) -> Vec<Row> {
    fs::create_dir_all(logs_dir()).expect("creating the bench log folder");
    cases(tree, counts)
        .iter()
        .map(|case| time_case(case, runs))
        .collect()
}

fn time_case(case: &Case, runs: usize) -> Row {
    let log = logs_dir().join(format!("{}.stderr", case.slug));
    eprintln!("timing {} ({runs} runs)", case.label);
    let original = match &case.before {
        Before::EditDescriptor(path) => Some(fs::read_to_string(path).expect("a descriptor")),
        _ => None,
    };
    let mut run = 0;
    let mut once = || {
        run += 1;
        match (&case.before, &original) {
            (Before::ClearIndex, _) => {
                let _ = fs::remove_dir_all(cache_dir().join("index"));
            }
            (Before::EditDescriptor(path), Some(text)) => {
                let value = format!("edited by the bench, run {run}");
                fs::write(path, with_description(text, &value)).expect("editing a descriptor");
            }
            _ => {}
        }
        measure::run(&case.argv, &portal_env(), &log)
    };
    let warm_up = once();
    if !succeeded(case, &warm_up) {
        report_failure(case, &warm_up, &log);
        return Row::new(&case.label, &[warm_up], true);
    }
    // A command this fast varies by tens of percent from run to run on a small virtual
    // machine: more runs make its median stable. So does the index's first run, the
    // denominator of its figure.
    let first_run = matches!(case.before, Before::ClearIndex);
    let runs = if warm_up.wall.as_millis() < 150 || first_run {
        runs.max(FAST_RUNS)
    } else {
        runs
    };
    let samples: Vec<Sample> = (0..runs).map(|_| once()).collect();
    if let (Before::EditDescriptor(path), Some(text)) = (&case.before, &original) {
        fs::write(path, text).expect("restoring the edited descriptor");
    }
    let failure = samples.iter().find(|sample| !succeeded(case, sample));
    if let Some(sample) = failure {
        report_failure(case, sample, &log);
    }
    Row::new(&case.label, &samples, failure.is_some())
}

fn succeeded(case: &Case, sample: &Sample) -> bool {
    matches!(sample.exit, Exit::Code(code) if case.ok_codes.contains(&code))
}

fn report_failure(case: &Case, sample: &Sample, log: &Path) {
    let stderr = fs::read_to_string(log).unwrap_or_default();
    let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
    eprintln!(
        "scan: `{}` exited with {}; last lines of its stderr:",
        case.label, sample.exit
    );
    for line in tail.iter().rev() {
        eprintln!("    {line}");
    }
}

/// Times every case at each size in `SCALE_SIZES`, reusing the main run's timings for its
/// own size; returns whether anything failed.
fn scale(options: &Options, main: ScaleRow) -> bool {
    let mut main = Some(main);
    let mut sizes = Vec::new();
    for &repos in SCALE_SIZES {
        if repos == options.params.repos
            && let Some(main) = main.take()
        {
            sizes.push(main);
            continue;
        }
        let params = Params {
            repos,
            ..options.params
        };
        let root = org_dir(repos, options.params.repos);
        let counts = prepare(&root, params);
        let rows = time_cases(&root, &counts, options.runs);
        sizes.push(ScaleRow {
            repos,
            files: counts.files,
            entities: counts.entities(),
            rows,
        });
    }
    println!("\n## scaling (median ms, and µs per entity)\n");
    report::print_scale_table(&sizes);
    sizes
        .iter()
        .flat_map(|size| &size.rows)
        .any(|row| row.failed)
}
