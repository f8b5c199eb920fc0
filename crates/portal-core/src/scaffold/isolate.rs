//! A template's plan made in a child process, so that a hostile template cannot take the
//! machine's memory or hang portal. The engine's fuel bounds the instructions of a render,
//! but one instruction can double a string (`{% set s = s ~ s %}`), and an allocator that
//! runs out aborts the process: no error can be returned from inside. So the plan is made
//! by a second copy of portal (`portal __render-plan`), which first limits its own address
//! space to [`MEMORY`], and is killed with its process group past [`TIMEOUT`]. A child
//! that dies of it is a clear error here, and the parent loses nothing.
//!
//! The parent sends the job as JSON on the child's standard input. The child answers
//! with one JSON line (the plan without file contents, or the error), then the files'
//! bytes one after the other, in the plan's order, each as long as its `size` says.

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::plan::{Plan, PlanError, PlannedFile, StepReport, error};
use super::skeleton::LIMITS;
use super::template::Template;
use crate::child::{self, Failure, Options};

/// The argument that makes portal a renderer: hidden, not a command a user types.
pub const ARG: &str = "__render-plan";

/// The address space a render may use: room for a plan at its limits (256 MiB read, 256
/// MiB written) several times over.
pub const MEMORY: u64 = 1 << 30;

/// How long a render may take. Fuel stops a long loop well before; this is for the rest.
pub const TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Serialize, Deserialize)]
struct Job {
    template: Template,
    answers: Map<String, Value>,
    user: Value,
}

#[derive(Serialize, Deserialize)]
enum Reply {
    Plan {
        template: String,
        files: Vec<(std::path::PathBuf, usize)>,
        steps: Vec<StepReport>,
    },
    Error(PlanError),
}

/// Makes the plan of [`plan`](super::plan::plan) in a child copy of the running
/// executable, which must be portal (its `main` calls [`serve`] on [`ARG`]).
pub fn plan(
    template: &Template,
    answers: &Map<String, Value>,
    user: &Value,
) -> Result<Plan, PlanError> {
    let exe = std::env::current_exe().map_err(|e| {
        error(format!(
            "cannot find portal's own executable to render with: {e}"
        ))
    })?;
    plan_in_child(&exe, template, answers, user)
}

/// Makes the plan in a child process: `exe` is portal's executable.
fn plan_in_child(
    exe: &Path,
    template: &Template,
    answers: &Map<String, Value>,
    user: &Value,
) -> Result<Plan, PlanError> {
    let job = serde_json::to_vec(&Job {
        template: template.clone(),
        answers: answers.clone(),
        user: user.clone(),
    })
    .map_err(|e| error(format!("cannot pass the template to the renderer: {e}")))?;
    let mut cmd = Command::new(exe);
    cmd.arg(ARG);
    let out = child::run_with(
        cmd,
        Options {
            stdin: Some(job),
            stdout: true,
            stderr: true,
            // The plan's bytes, and its list of files and steps.
            limit: usize::try_from(LIMITS.total_bytes).unwrap_or(usize::MAX) + (64 << 20),
            timeout: TIMEOUT,
        },
    )
    .map_err(|f| match f {
        Failure::Spawn(e) | Failure::Wait(e) => error(format!(
            "cannot run portal's renderer ({}): {e}",
            exe.display()
        )),
        Failure::TimedOut(t) => error(format!(
            "rendering the template did not finish within {} s, and was stopped [render-limit]; look for a loop that does not end",
            t.as_secs()
        )),
    })?;
    if !out.status.success() {
        return Err(died(&out));
    }
    if out.truncated {
        return Err(error(
            "the template's plan is larger than 256 MiB [render-limit]; a template writes less than that",
        ));
    }
    read_reply(&out.stdout)
}

/// Why the renderer ended without a plan, from how it ended and what it said.
fn died(out: &child::Output) -> PlanError {
    use std::os::unix::process::ExitStatusExt;
    let said = String::from_utf8_lossy(&out.stderr);
    // An allocation past the limit aborts with Rust's message; the kernel's OOM killer
    // sends SIGKILL.
    if said.contains("memory allocation") || out.status.signal() == Some(9) {
        return error(format!(
            "rendering the template needed more than {} MiB of memory, and was stopped [render-limit]; look for a value that grows without bound, such as a string doubled in a loop (`{{% set s = s ~ s %}}`)",
            MEMORY >> 20
        ));
    }
    let last = said.lines().last().unwrap_or_default().trim();
    error(format!(
        "portal's renderer failed ({}): {last}; this is a bug in portal, please report it with the template",
        out.status
    ))
}

fn read_reply(bytes: &[u8]) -> Result<Plan, PlanError> {
    let broken = || error("portal's renderer answered with a broken plan; this is a bug in portal");
    let mut reader = bytes;
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line).map_err(|_| broken())?;
    match serde_json::from_slice::<Reply>(&line).map_err(|_| broken())? {
        Reply::Error(e) => Err(e),
        Reply::Plan {
            template,
            files,
            steps,
        } => {
            let mut planned = Vec::with_capacity(files.len());
            for (path, size) in files {
                let (contents, rest) = reader.split_at_checked(size).ok_or_else(broken)?;
                reader = rest;
                planned.push(PlannedFile {
                    path,
                    contents: contents.to_vec(),
                    size,
                    overwrites: false,
                });
            }
            Ok(Plan {
                template,
                files: planned,
                steps,
            })
        }
    }
}

/// The child's side: limits its memory, reads the job from `input`, makes the plan and
/// writes the reply to `output`. Returns the process's exit code.
pub fn serve(input: impl Read, mut output: impl Write) -> u8 {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    // The allocator reserves its address space when the process starts, so a limit set
    // now would leave it none: set it, and start again under it (the same input and
    // output, the same process).
    let limited = getrlimit(Resource::RLIMIT_AS).is_ok_and(|(soft, _)| soft <= MEMORY);
    if !limited {
        use std::os::unix::process::CommandExt;
        if setrlimit(Resource::RLIMIT_AS, MEMORY, MEMORY).is_err() {
            return 3;
        }
        let Ok(exe) = std::env::current_exe() else {
            return 3;
        };
        let _ = Command::new(exe).arg(ARG).exec();
        return 3;
    }
    let Ok(job) = serde_json::from_reader::<_, Job>(input) else {
        return 3;
    };
    let result = super::plan::plan(&job.template, &job.answers, &job.user);
    let reply = match &result {
        Ok(p) => Reply::Plan {
            template: p.template.clone(),
            files: p.files.iter().map(|f| (f.path.clone(), f.size)).collect(),
            steps: p.steps.clone(),
        },
        Err(e) => Reply::Error(e.clone()),
    };
    let written = serde_json::to_writer(&mut output, &reply)
        .map_err(std::io::Error::other)
        .and_then(|()| output.write_all(b"\n"))
        .and_then(|()| {
            for f in result.iter().flat_map(|p| &p.files) {
                output.write_all(&f.contents)?;
            }
            output.flush()
        });
    if written.is_err() { 3 } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_carries_the_files_bytes_after_its_line() {
        let reply = Reply::Plan {
            template: "template:default/t".into(),
            files: vec![("a".into(), 3), ("b/c".into(), 0), ("d".into(), 2)],
            steps: Vec::new(),
        };
        let mut bytes = serde_json::to_vec(&reply).unwrap();
        bytes.extend_from_slice(b"\nabc\n{");
        let plan = read_reply(&bytes).unwrap();
        let got: Vec<_> = plan
            .files
            .iter()
            .map(|f| (f.path.to_str().unwrap(), f.contents.as_slice()))
            .collect();
        assert_eq!(got, [("a", &b"abc"[..]), ("b/c", b""), ("d", b"\n{")]);
        // Bytes missing at the end: a broken plan, not a short file.
        let short = &bytes[..bytes.len() - 1];
        assert!(read_reply(short).unwrap_err().message.contains("broken"));
        assert!(read_reply(b"not json\n").is_err());
    }

    #[test]
    fn an_error_reply_is_the_plan_error() {
        let reply = Reply::Error(PlanError {
            file: Some("skeleton/x".into()),
            line: Some(3),
            col: None,
            message: "unknown filter".into(),
        });
        let bytes = serde_json::to_vec(&reply).unwrap();
        let e = read_reply(&bytes).unwrap_err();
        assert_eq!(e.to_string(), "skeleton/x:3: unknown filter");
    }
}
