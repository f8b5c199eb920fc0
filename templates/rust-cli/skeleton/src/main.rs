mod cli;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {% raw %}{err:#}{% endraw %}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let mut out = io::stdout().lock();
    match cli.command {
        Command::Hello { name, shout } => {
            let greeting = format!("Hello, {name}!");
            let greeting = if shout {
                greeting.to_uppercase()
            } else {
                greeting
            };
            writeln!(out, "{greeting}")?;
        }
        Command::Count { files } => {
            if files.is_empty() {
                let counts = count(io::stdin().lock())?;
                writeln!(out, "{counts}")?;
            }
            let mut total = Counts::default();
            for path in &files {
                let counts = if path == Path::new("-") {
                    count(io::stdin().lock())?
                } else {
                    let file = File::open(path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    count(BufReader::new(file))
                        .with_context(|| format!("cannot read {}", path.display()))?
                };
                writeln!(out, "{counts} {}", path.display())?;
                total = total + counts;
            }
            if files.len() > 1 {
                writeln!(out, "{total} total")?;
            }
        }
    }
    Ok(())
}

/// Lines, words and bytes, as `wc` counts them.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    lines: usize,
    words: usize,
    bytes: usize,
}

impl std::ops::Add for Counts {
    type Output = Counts;
    fn add(self, o: Counts) -> Counts {
        Counts {
            lines: self.lines + o.lines,
            words: self.words + o.words,
            bytes: self.bytes + o.bytes,
        }
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:>7} {:>7} {:>7}", self.lines, self.words, self.bytes)
    }
}

fn count(mut input: impl BufRead) -> io::Result<Counts> {
    let mut counts = Counts::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = input.read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(counts);
        }
        counts.bytes += n;
        counts.lines += usize::from(line.ends_with(b"\n"));
        counts.words += line
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_like_wc() {
        let c = count(&b"one two\nthree\n\nfour"[..]).unwrap();
        let expected = Counts {
            lines: 3,
            words: 4,
            bytes: 19,
        };
        assert_eq!(c, expected);
        assert_eq!(count(&b""[..]).unwrap(), Counts::default());
    }
}
