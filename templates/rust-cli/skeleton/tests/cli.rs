//! End-to-end tests: run the built binary as a user would.

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

const BIN: &str = "${{ values.binName | default(values.name, true) }}";

/// The binary, built by `cargo test`.
fn cli() -> Command {
    cargo_bin_cmd!("${{ values.binName | default(values.name, true) }}")
}

#[test]
fn says_hello() {
    cli()
        .arg("hello")
        .assert()
        .success()
        .stdout("Hello, world!\n");
    cli()
        .args(["hello", "Ada", "--shout"])
        .assert()
        .success()
        .stdout("HELLO, ADA!\n");
}

#[test]
fn counts_standard_input() {
    cli()
        .arg("count")
        .write_stdin("one two\nthree\n")
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^\s+2\s+3\s+14\n$").unwrap());
}

#[test]
fn a_missing_file_is_an_error() {
    cli()
        .args(["count", "missing.txt"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: cannot read missing.txt",
        ));
}

#[test]
fn prints_version_and_help() {
    cli()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("{BIN} {}\n", env!("CARGO_PKG_VERSION")));
    cli()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("hello").and(predicate::str::contains("count")));
}

#[test]
fn a_wrong_flag_is_a_usage_error() {
    cli().arg("--no-such-flag").assert().failure().code(2);
}
