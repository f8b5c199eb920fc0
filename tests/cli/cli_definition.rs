//! The command line is defined once; completions, the man page and the CLI reference are
//! generated from it and checked in. Set `PORTAL_BLESS=1` to regenerate them.

use std::path::Path;

use clap::CommandFactory;
use portal::cli::Cli;

use crate::support::repo_path;

#[test]
fn the_cli_definition_is_consistent() {
    Cli::command().debug_assert();
}

/// Compares `generated` with the checked-in file, or rewrites it when blessing.
fn check_generated(rel: &str, generated: &[u8]) {
    let path = repo_path(rel);
    if std::env::var_os("PORTAL_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the folder");
        std::fs::write(&path, generated).expect("write the generated file");
        return;
    }
    let current = std::fs::read(&path).unwrap_or_default();
    assert!(
        current == generated,
        "{rel} is stale: run `PORTAL_BLESS=1 cargo test --test cli cli_definition` and commit the result"
    );
}

#[test]
fn completions_are_up_to_date() {
    use clap_complete::Shell;
    for (shell, file) in [
        (Shell::Bash, "portal.bash"),
        (Shell::Zsh, "_portal"),
        (Shell::Fish, "portal.fish"),
        (Shell::PowerShell, "_portal.ps1"),
        (Shell::Elvish, "portal.elv"),
    ] {
        let out = assert_cmd::Command::cargo_bin("portal")
            .expect("the binary")
            .args(["completions", &shell.to_string()])
            .output()
            .expect("run portal");
        assert!(out.status.success());
        assert!(!out.stdout.is_empty());
        check_generated(&format!("completions/{file}"), &out.stdout);
    }
}

#[test]
fn the_man_page_is_up_to_date() {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .expect("render the man page");
    check_generated("completions/portal.1", &out);
}

#[test]
fn the_cli_reference_is_up_to_date() {
    let mut cmd = Cli::command().term_width(100);
    let mut doc = String::from(
        "# portal command-line reference\n\nGenerated from the CLI definition (`src/cli.rs`) by `tests/cli/cli_definition.rs`; do not edit.\n\n",
    );
    doc.push_str(&format!(
        "## portal\n\n```text\n{}\n```\n\n",
        cmd.render_long_help().to_string().trim_end()
    ));
    for sub in cmd.get_subcommands_mut() {
        if sub.is_hide_set() {
            continue;
        }
        let name = sub.get_name().to_string();
        let help = sub
            .clone()
            .bin_name(format!("portal {name}"))
            .render_long_help()
            .to_string();
        doc.push_str(&format!(
            "## portal {name}\n\n```text\n{}\n```\n\n",
            help.trim_end()
        ));
    }
    check_generated("docs/cli-reference.md", doc.trim_end().as_bytes());
    assert!(Path::new(&repo_path("docs/cli-reference.md")).exists());
}

/// A short flag means one thing in every command that has it (`-o` is `--owner`, `-n`
/// `--namespace`, and so on), so muscle memory from `list` is right in `create`.
#[test]
fn short_flags_mean_the_same_everywhere() {
    let mut meaning: std::collections::BTreeMap<char, (String, String)> = Default::default();
    let cli = Cli::command();
    let mut clashes = Vec::new();
    for sub in cli.get_subcommands() {
        for arg in sub.get_arguments() {
            let (Some(short), Some(long)) = (arg.get_short(), arg.get_long()) else {
                continue;
            };
            match meaning.get(&short) {
                Some((l, first)) if l != long => clashes.push(format!(
                    "-{short}: --{l} in `{first}`, --{long} in `{}`",
                    sub.get_name()
                )),
                Some(_) => {}
                None => {
                    meaning.insert(short, (long.to_string(), sub.get_name().to_string()));
                }
            }
        }
    }
    assert!(clashes.is_empty(), "{clashes:#?}");
}

/// Every command's help lists the options shared by all commands under their own heading,
/// after its own.
#[test]
fn global_options_have_their_own_heading() {
    let env = crate::support::TestEnv::new();
    for cmd in ["list", "create", "validate"] {
        let run = env.run([cmd, "--help"]);
        run.success();
        let own = run.stdout.find("\nOptions:").expect("its own options");
        let global = run
            .stdout
            .find("\nGlobal options:")
            .unwrap_or_else(|| panic!("no Global options heading in {cmd}:\n{}", run.stdout));
        assert!(own < global, "{}", run.stdout);
        let shared = &run.stdout[global..];
        for flag in [
            "-C <DIR>",
            "--source <PATH>",
            "--color <COLOR>",
            "--verbose",
        ] {
            assert!(
                shared.contains(flag),
                "{flag} under Global options in {cmd}"
            );
        }
        assert!(
            !run.stdout[own..global].contains("--source <PATH>"),
            "{}",
            run.stdout
        );
    }
}
