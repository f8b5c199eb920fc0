//! Long human output through a pager on a terminal, as git and bat do: `$PAGER`, else
//! `less -R`; with `LESS=FRX` when `LESS` is unset, so a page that fits the screen is just
//! printed. Piped, or with `--no-pager`, or `PAGER=cat`, the text is written directly.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

/// Writes `text` to standard output, through the pager when it is a terminal.
pub fn show(text: &str, no_pager: bool) -> std::io::Result<()> {
    let pager = std::env::var("PAGER").unwrap_or_else(|_| "less -R".to_string());
    let direct = no_pager
        || !std::io::stdout().is_terminal()
        || pager.trim().is_empty()
        || pager.trim() == "cat";
    if !direct {
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(&pager).stdin(Stdio::piped());
        if std::env::var_os("LESS").is_none() {
            cmd.env("LESS", "FRX");
        }
        if let Ok(mut child) = cmd.spawn() {
            if let Some(mut stdin) = child.stdin.take() {
                // The reader quitting early (`q` in less) closes the pipe: not an error.
                let _ = stdin.write_all(text.as_bytes());
            }
            child.wait()?;
            return Ok(());
        }
        // No pager to run: print.
    }
    let mut out = super::stdout();
    out.write_all(text.as_bytes())?;
    out.flush()
}
