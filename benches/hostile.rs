//! `cargo bench --bench hostile`: the cost of each hostile input of docs/security.md
//! ("Bounded cost"), as wall time and peak RSS, against a baseline measured in the same
//! run: `cat` of the same files (reading the bytes once). With `PORTAL_BEFORE=BIN`, the
//! same commands are also timed with that binary (an older build), for a before/after.
//!
//! Arguments after `--`: `--only NAME` (one input). Unknown arguments, such as the
//! `--bench` cargo passes, are ignored.

#[path = "support/hostile.rs"]
mod hostile;
#[path = "support/measure.rs"]
mod measure;

use std::env;
use std::path::Path;

use hostile::{INPUTS, Scale};
use measure::{HELPER_FLAG, Sample};

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

/// The commands timed on every input (`list --json` writes what aliases expand to).
const COMMANDS: &[&[&str]] = &[
    &["validate", "--format", "json"],
    &["validate"],
    &["list"],
    &["list", "--json"],
];

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().is_some_and(|arg| arg == HELPER_FLAG) {
        measure::helper_main(&args[1..]);
    }
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    let before = env::var("PORTAL_BEFORE").ok();
    println!(
        "| input | command | baseline ms | ms | × baseline | peak RSS MiB | exit |{}",
        if before.is_some() {
            " before ms | before RSS MiB |"
        } else {
            ""
        }
    );
    println!(
        "|---|---|---:|---:|---:|---:|---:|{}",
        if before.is_some() { "---:|---:|" } else { "" }
    );
    for input in INPUTS.iter().filter(|i| only.is_none_or(|o| o == i.name)) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        (input.write)(dir.path(), Scale::Full);
        let baseline = run(dir.path(), &cat_argv(dir.path()));
        let commands: &[&[&str]] = if input.name == "template" {
            &[hostile::CREATE]
        } else {
            COMMANDS
        };
        for command in commands {
            let after = run(dir.path(), &argv(PORTAL, command));
            let mut row = format!(
                "| {} | `portal {}` | {:.0} | {:.0} | {:.1} | {:.0} | {} |",
                input.what,
                command.join(" "),
                ms(&baseline),
                ms(&after),
                ms(&after) / ms(&baseline).max(0.001),
                mib(&after),
                after.exit
            );
            if let Some(bin) = &before {
                let old = run(dir.path(), &argv(bin, command));
                row.push_str(&format!(" {:.0} | {:.0} |", ms(&old), mib(&old)));
            }
            println!("{row}");
        }
    }
}

fn argv(bin: &str, command: &[&str]) -> Vec<String> {
    std::iter::once(bin.to_string())
        .chain(["--no-cache".to_string(), "--color".into(), "never".into()])
        .chain(command.iter().map(|s| s.to_string()))
        .collect()
}

/// `cat` of every file of the input: the cost of reading its bytes once.
fn cat_argv(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walk(dir);
    files.sort();
    std::iter::once("cat".to_string()).chain(files).collect()
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the input").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path.display().to_string());
        }
    }
    out
}

/// One run, in the input's folder, with a cache folder of its own.
fn run(dir: &Path, argv: &[String]) -> Sample {
    let log = dir.join("stderr.log");
    let mut argv = argv.to_vec();
    argv.insert(1, format!("-C{}", dir.display()));
    if argv[0] == "cat" {
        argv.remove(1);
    }
    let vars = [
        (
            "PORTAL_CACHE_DIR".to_string(),
            dir.join(".cache").display().to_string(),
        ),
        ("NO_COLOR".to_string(), "1".to_string()),
    ];
    measure::run(&argv, &vars, &log)
}

fn ms(s: &Sample) -> f64 {
    s.wall.as_secs_f64() * 1000.0
}

fn mib(s: &Sample) -> f64 {
    s.max_rss_kib as f64 / 1024.0
}
