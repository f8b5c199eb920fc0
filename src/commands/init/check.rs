//! `portal init --check`: the drift between the existing descriptor and what the
//! repository says now (`init::drift`), as `validate` reports findings; exit 1 on drift.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use crate::error::{Error, exit};
use crate::init::{self, Findings};
use crate::output::diagnostics;

#[derive(Serialize)]
struct Summary<'a> {
    file: &'a str,
    drift: usize,
    inferred: &'a Findings,
}

pub fn run(file: &str, found: &Findings, json: bool) -> Result<ExitCode, Error> {
    let bytes = crate::confine::read_regular(Path::new(file), crate::catalog::MAX_FILE_BYTES)
        .map_err(|why| Error::Usage(format!("{file}: {why}")))?;
    let text = String::from_utf8_lossy(&bytes);
    let drift = init::drift(&text, Path::new(file), found);
    let mut out = crate::output::stdout();
    if json {
        let summary = Summary {
            file,
            drift: drift.len(),
            inferred: found,
        };
        diagnostics::json_with(&mut out, &summary, &drift)?;
    } else {
        diagnostics::human_list(&mut out, &drift)?;
        match drift.len() {
            0 => writeln!(out, "{file} agrees with what the repository says")?,
            n => writeln!(
                out,
                "{n} difference(s) between {file} and what the repository says now"
            )?,
        }
    }
    out.flush()?;
    Ok(ExitCode::from(if drift.is_empty() {
        exit::OK
    } else {
        exit::FINDINGS
    }))
}
