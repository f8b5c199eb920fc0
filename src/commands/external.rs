//! `portal NAME ARGS…` for a NAME that is not built in: runs `portal-NAME ARGS…` from
//! PATH with the environment contract (docs/plugins.md), its exit code passed through.

use std::ffi::OsString;
use std::process::ExitCode;

use crate::error::Error;
use crate::plugins;

pub fn run(args: &[OsString]) -> Result<ExitCode, Error> {
    let Some((name, rest)) = args.split_first() else {
        return Err(Error::Usage("no command given; see `portal --help`".into()));
    };
    let name = name.to_str().ok_or_else(|| {
        Error::Usage(format!(
            "`{}` is not a command: its name is not UTF-8",
            name.to_string_lossy()
        ))
    })?;
    let Some(path) = plugins::find(name, std::env::var_os("PATH").as_deref()) else {
        return Err(unknown(name));
    };
    let mut cmd = std::process::Command::new(&path);
    cmd.args(rest).envs(super::plugins::contract());
    run_replacing(cmd, &path)
}

/// Replaces portal with the plugin (Unix): its exit code, signals and terminal are its own.
#[cfg(unix)]
fn run_replacing(
    mut cmd: std::process::Command,
    path: &std::path::Path,
) -> Result<ExitCode, Error> {
    use std::os::unix::process::CommandExt;
    let e = cmd.exec();
    Err(Error::Usage(format!(
        "cannot run the plugin {}: {e}",
        crate::output::escape::path(path)
    )))
}

#[cfg(not(unix))]
fn run_replacing(
    mut cmd: std::process::Command,
    path: &std::path::Path,
) -> Result<ExitCode, Error> {
    let status = cmd.status().map_err(|e| {
        Error::Usage(format!(
            "cannot run the plugin {}: {e}",
            crate::output::escape::path(path)
        ))
    })?;
    Ok(ExitCode::from(
        status.code().unwrap_or(1).clamp(0, 255) as u8
    ))
}

/// `no such command`, with the nearest built-in command or plugin.
fn unknown(name: &str) -> Error {
    let mut names = super::plugins::builtins();
    names.extend(super::plugins::installed().into_iter().map(|p| p.name));
    let nearest = names
        .iter()
        .map(|n| (strsim::jaro_winkler(n, name), n))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| format!("did you mean `portal {n}`? "))
        .unwrap_or_default();
    Error::Usage(format!(
        "no such command: `{name}`; {nearest}`portal --help` lists the commands, and a plugin is an executable named portal-{name} on PATH (`portal plugins` lists them)"
    ))
}
