//! A child process with a time limit and bounded output: run in a process group of its
//! own, so that on a timeout the whole group (git and the helpers it started: `ssh`,
//! `git-remote-https`, credential helpers; a plugin's shell and what it started) is
//! killed, not only the first process. Used for git (`source::sync`) and for plugins.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// What the child wrote, and how it ended.
#[derive(Debug)]
pub struct Output {
    /// How it ended.
    pub status: ExitStatus,
    /// Its standard output, when captured, at most the limit.
    pub stdout: Vec<u8>,
    /// Its standard error, when captured, at most the limit.
    pub stderr: Vec<u8>,
    /// Whether it wrote more than the limit (the rest was read and dropped).
    pub truncated: bool,
}

/// Why a child gave no output.
#[derive(Debug)]
pub enum Failure {
    /// It could not be started.
    Spawn(std::io::Error),
    /// It ran past the time limit and was killed with its group.
    TimedOut(Duration),
    /// Waiting for it failed.
    Wait(std::io::Error),
}

/// What to give the child and take from it.
pub struct Options {
    /// Written to its standard input, which is then closed; `None`: as the command set it.
    pub stdin: Option<Vec<u8>>,
    /// Capture its standard output (else it is inherited, or as the command set it).
    pub stdout: bool,
    /// Capture its standard error.
    pub stderr: bool,
    /// Bytes kept of each captured stream.
    pub limit: usize,
    /// How long it may run.
    pub timeout: Duration,
}

/// Runs `cmd` as `options` say. A stream past the limit is drained (so the child never
/// blocks on a full pipe) but not kept.
pub fn run_with(mut cmd: Command, options: Options) -> Result<Output, Failure> {
    cmd.process_group(0);
    if options.stdin.is_some() {
        cmd.stdin(Stdio::piped());
    }
    if options.stdout {
        cmd.stdout(Stdio::piped());
    }
    if options.stderr {
        cmd.stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().map_err(Failure::Spawn)?;
    if let (Some(mut pipe), Some(bytes)) = (child.stdin.take(), options.stdin) {
        // On its own thread: a child that does not read its input must not block us.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let limit = options.limit;
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        let (tx, rx) = mpsc::channel();
        if let Some(mut pipe) = pipe {
            std::thread::spawn(move || {
                let mut kept = Vec::new();
                let mut truncated = false;
                let mut buf = [0u8; 8192];
                loop {
                    match pipe.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let room = limit.saturating_sub(kept.len());
                            kept.extend_from_slice(&buf[..n.min(room)]);
                            truncated |= n > room;
                        }
                    }
                }
                let _ = tx.send((kept, truncated));
            });
        } else {
            let _ = tx.send((Vec::new(), false));
        }
        rx
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let kill = |child: &mut std::process::Child| {
        if let Ok(pid) = i32::try_from(child.id()) {
            let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
        }
        let _ = child.kill();
        let _ = child.wait();
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() < options.timeout => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Ok(None) => {
                kill(&mut child);
                return Err(Failure::TimedOut(options.timeout));
            }
            Err(e) => {
                kill(&mut child);
                return Err(Failure::Wait(e));
            }
        }
    };
    // Something the child started outside its group may hold the pipes open: wait for them
    // only as long as the time left, and then a little.
    let left = options
        .timeout
        .saturating_sub(start.elapsed())
        .max(Duration::from_millis(100));
    let (stdout, t1) = out.recv_timeout(left).unwrap_or_default();
    let (stderr, t2) = err.recv_timeout(left).unwrap_or_default();
    Ok(Output {
        status,
        stdout,
        stderr,
        truncated: t1 || t2,
    })
}

/// Runs `cmd` (its stderr captured, up to 1 MiB; stdout as the command set it) for at most
/// `limit`; past it, kills its process group and says so.
pub fn run(cmd: Command, limit: Duration) -> Result<Output, String> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    run_with(
        cmd,
        Options {
            stdin: None,
            stdout: false,
            stderr: true,
            limit: 1 << 20,
            timeout: limit,
        },
    )
    .map_err(|f| match f {
        Failure::Spawn(e) => format!("cannot run `{program}` (is it installed?): {e}"),
        Failure::TimedOut(limit) => format!(
            "`{program}` did not finish within {} s, and was stopped; if the server is slow or the repository large, raise PORTAL_GIT_TIMEOUT (seconds)",
            limit.as_secs()
        ),
        Failure::Wait(e) => format!("cannot wait for `{program}`: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }

    fn opts(timeout_ms: u64, stdin: Option<&str>) -> Options {
        Options {
            stdin: stdin.map(|s| s.as_bytes().to_vec()),
            stdout: true,
            stderr: true,
            limit: 16,
            timeout: Duration::from_millis(timeout_ms),
        }
    }

    #[test]
    fn output_is_bounded_and_input_given() {
        let out = run_with(sh("cat; echo err >&2; exit 3"), opts(5000, Some("hello"))).unwrap();
        assert_eq!(out.stdout, b"hello");
        assert_eq!(out.stderr, b"err\n");
        assert_eq!(out.status.code(), Some(3));
        let out = run_with(sh("yes | head -c 100000"), opts(5000, None)).unwrap();
        assert_eq!(out.stdout.len(), 16);
        assert!(out.truncated);
    }

    #[test]
    fn a_hanging_group_is_killed_at_the_timeout() {
        let start = Instant::now();
        // The shell's child holds the pipe: killing the group ends both.
        let r = run_with(sh("sleep 30 & sleep 30"), opts(300, None));
        assert!(matches!(r, Err(Failure::TimedOut(_))), "{r:?}");
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}
