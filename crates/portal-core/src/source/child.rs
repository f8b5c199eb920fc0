//! A child process with a time limit: run in a process group of its own, so that on a
//! timeout the whole group (git and the helpers it started: `ssh`, `git-remote-https`,
//! credential helpers) is killed, not only the first process.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// What the child wrote on stderr, and how it ended.
pub struct Output {
    pub status: ExitStatus,
    pub stderr: Vec<u8>,
}

/// Runs `cmd` (its stderr piped, stdout not) for at most `limit`; past it, kills its
/// process group and says so.
pub fn run(mut cmd: Command, limit: Duration) -> Result<Output, String> {
    cmd.process_group(0);
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run `{program}` (is it installed?): {e}"))?;
    let mut pipe = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(p) = pipe.as_mut() {
            // Bounded: a child that writes without end is stopped by the timeout.
            let _ = p.take(1 << 20).read_to_end(&mut bytes);
        }
        bytes
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                if let Ok(pid) = i32::try_from(child.id()) {
                    let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
                }
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`{program}` did not finish within {} s, and was stopped; if the server is slow or the repository large, raise PORTAL_GIT_TIMEOUT (seconds)",
                    limit.as_secs()
                ));
            }
            Err(e) => return Err(format!("cannot wait for `{program}`: {e}")),
        }
    };
    let stderr = reader.join().unwrap_or_default();
    Ok(Output { status, stderr })
}
