//! Times one command and reads its peak RSS.
//!
//! The crate forbids `unsafe` code (`[lints.rust] unsafe_code = "forbid"` also covers bench
//! targets), so `libc::wait4` is out. Instead the bench re-executes itself as a tiny helper
//! that spawns the command, waits for it and asks `getrusage(RUSAGE_CHILDREN)` through nix's
//! safe wrapper: with exactly one child, that is the child's own peak (`ru_maxrss`, KiB on
//! Linux). The helper times only the child, so its own start-up is not counted.

use std::env;
use std::fs::File;
use std::path::Path;
use std::process::{self, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{UsageWho, getrusage};

/// The first argument that turns the bench binary into the measuring helper.
pub const HELPER_FLAG: &str = "--measure-child";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(code) => write!(f, "{code}"),
            Exit::Signal(signal) => write!(f, "signal {signal}"),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub wall: Duration,
    pub max_rss_kib: u64,
    pub exit: Exit,
}

/// Runs `argv` with the `vars` added to its environment (stdout to /dev/null, stderr to
/// `stderr_log`) under the helper.
pub fn run(argv: &[String], vars: &[(String, String)], stderr_log: &Path) -> Sample {
    let exe = env::current_exe().expect("locating the bench executable");
    let output = Command::new(exe)
        .arg(HELPER_FLAG)
        .arg(stderr_log)
        .args(vars.iter().map(|(k, v)| format!("{ENV_PREFIX}{k}={v}")))
        .args(argv)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .expect("starting the measuring helper");
    let report = String::from_utf8_lossy(&output.stdout);
    parse_report(&report).unwrap_or_else(|| {
        // Name the program and a few arguments, not all of them (a benchmark may pass
        // thousands of folders).
        let shown: Vec<&str> = argv.iter().take(4).map(String::as_str).collect();
        let more = argv.len().saturating_sub(shown.len());
        panic!(
            "the measuring helper reported {report:?} for `{}`{}: is `{}` installed and on PATH?",
            shown.join(" "),
            if more > 0 {
                format!(" (and {more} more arguments)")
            } else {
                String::new()
            },
            argv.first().map_or("", String::as_str)
        )
    })
}

/// Marks a helper argument that sets an environment variable (`--env=KEY=VALUE`).
const ENV_PREFIX: &str = "--env=";

/// The helper's side: `args` is `[stderr_log, --env=KEY=VALUE…, program, arguments…]`.
/// Prints one line, `<wall ns> <code|sN> <max rss KiB>`, and exits.
pub fn helper_main(args: &[String]) -> ! {
    let [log, rest @ ..] = args else {
        eprintln!("usage: {HELPER_FLAG} STDERR_LOG [--env=KEY=VALUE…] PROGRAM [ARG…]");
        process::exit(2);
    };
    let vars = rest
        .iter()
        .map_while(|arg| arg.strip_prefix(ENV_PREFIX)?.split_once('='))
        .collect::<Vec<_>>();
    let [program, arguments @ ..] = &rest[vars.len()..] else {
        eprintln!("usage: {HELPER_FLAG} STDERR_LOG [--env=KEY=VALUE…] PROGRAM [ARG…]");
        process::exit(2);
    };
    let log = File::create(log).expect("creating the stderr log");
    let start = Instant::now();
    let status = Command::new(program)
        .envs(vars)
        .args(arguments)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .status()
        .unwrap_or_else(|error| panic!("starting {program}: {error}"));
    let wall = start.elapsed();
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).expect("getrusage(RUSAGE_CHILDREN)");
    let exit = match exit_of(status) {
        Exit::Code(code) => code.to_string(),
        Exit::Signal(signal) => format!("s{signal}"),
    };
    println!("{} {exit} {}", wall.as_nanos(), usage.max_rss());
    process::exit(0)
}

fn exit_of(status: ExitStatus) -> Exit {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Exit::Code(code),
        (None, Some(signal)) => Exit::Signal(signal),
        (None, None) => unreachable!("a finished process has a code or a signal"),
    }
}

fn parse_report(report: &str) -> Option<Sample> {
    let mut fields = report.split_whitespace();
    let wall = Duration::from_nanos(fields.next()?.parse().ok()?);
    let exit = match fields.next()? {
        signal if signal.starts_with('s') => Exit::Signal(signal[1..].parse().ok()?),
        code => Exit::Code(code.parse().ok()?),
    };
    let max_rss_kib = fields.next()?.parse().ok()?;
    Some(Sample {
        wall,
        max_rss_kib,
        exit,
    })
}
