//! `portal open ENTITY [WHAT]`: the entity's repository, docs, CI, a link or a card's link,
//! in the browser (`$BROWSER`, else `xdg-open` or `open`); `--print` prints the URL,
//! `--edit` opens the descriptor in `$VISUAL`/`$EDITOR`. Only http(s) URLs are ever opened:
//! a hostile catalog must not make `open` start a program.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::catalog::Entity;
use crate::cli::{GlobalArgs, OpenArgs};
use crate::error::Error;
use crate::output::escape::{escape, path as shown_path};
use crate::plugins::cards::{self, Card, Value, web_url};

/// A URL the entity's cards and links offer.
#[derive(Debug, Clone)]
struct Target {
    /// The card's id (`github`, `links`…).
    card: &'static str,
    /// The card's title.
    title: &'static str,
    /// The item's label (`actions`, a link's title…).
    label: String,
    url: String,
    /// A link's icon and type.
    tags: Vec<String>,
}

fn targets(cards: &[Card]) -> Vec<Target> {
    cards
        .iter()
        .flat_map(|c| {
            c.items.iter().filter_map(move |i| match &i.value {
                Value::Url(u) => Some(Target {
                    card: c.id,
                    title: c.title,
                    label: i.label.clone(),
                    url: u.clone(),
                    tags: i
                        .icon
                        .iter()
                        .chain(&i.kind)
                        .map(|t| t.to_lowercase())
                        .collect(),
                }),
                _ => None,
            })
        })
        .collect()
}

/// The target `what` names: `source`, `docs` and `ci` by what they mean, else a card's id,
/// a label or a link's title, exactly, then as a prefix, then fuzzily.
fn pick<'t>(targets: &'t [Target], what: &str) -> Option<&'t Target> {
    let w = what.trim().to_lowercase();
    let find =
        |card: &str, label: &str| targets.iter().find(|t| t.card == card && t.label == label);
    let tagged = |words: &[&str]| {
        targets.iter().find(|t| {
            t.card == "links"
                && (t.tags.iter().any(|g| words.contains(&g.as_str()))
                    || words
                        .iter()
                        .any(|w| t.label.to_lowercase().split_whitespace().any(|x| x == *w)))
        })
    };
    let meaning = match w.as_str() {
        "source" | "repo" | "repository" | "code" => find("source", "source")
            .or_else(|| find("source", "view"))
            .or_else(|| find("github", "repository"))
            .or_else(|| find("gitlab", "repository")),
        "docs" | "documentation" | "techdocs" => {
            tagged(&["docs", "doc", "documentation", "techdocs"])
        }
        "ci" | "build" | "builds" => find("github", "actions")
            .or_else(|| find("gitlab", "pipelines"))
            .or_else(|| find("jenkins", "job"))
            .or_else(|| tagged(&["ci", "build", "builds", "pipeline", "pipelines"])),
        "edit" => find("source", "edit"),
        _ => None,
    };
    if meaning.is_some() {
        return meaning;
    }
    let names = |t: &Target| {
        [
            t.label.to_lowercase(),
            format!("{} {}", t.card, t.label.to_lowercase()),
            t.card.to_string(),
            t.title.to_lowercase(),
        ]
    };
    targets
        .iter()
        .find(|t| names(t).contains(&w))
        .or_else(|| {
            targets
                .iter()
                .find(|t| names(t).iter().any(|n| n.starts_with(&w)))
        })
        .or_else(|| {
            targets
                .iter()
                .find(|t| names(t).iter().any(|n| n.contains(&w)))
        })
        .or_else(|| {
            targets
                .iter()
                .map(|t| {
                    let all = names(t);
                    let words = all.iter().flat_map(|n| n.split_whitespace());
                    let best = all
                        .iter()
                        .map(String::as_str)
                        .chain(words)
                        .map(|n| strsim::jaro_winkler(n, &w))
                        .fold(0.0, f64::max);
                    (best, t)
                })
                .filter(|(s, _)| *s > 0.85)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, t)| t)
        })
}

/// The cards `open` chooses from: the built-in ones (no plugin is run).
fn entity_cards(global: &GlobalArgs, e: &Entity, local: bool) -> Result<Vec<Card>, Error> {
    let config = crate::config::Config::load(&global.sources)?;
    let repo = local.then(|| super::show::checkout_of(&e.file)).flatten();
    Ok(cards::builtin(e, &config.integrations, repo.as_deref()))
}

pub fn run(global: &GlobalArgs, args: &OpenArgs) -> Result<ExitCode, Error> {
    let (catalog, origins) = super::load_with_origins(global)?;
    let e = super::find_one(&catalog.entities, &args.entity)?;
    if args.edit {
        return edit(e, origins.contains_key(&e.file));
    }
    let cards = entity_cards(global, e, !origins.contains_key(&e.file))?;
    let targets = targets(&cards);
    let r = e.entity_ref();
    if targets.is_empty() {
        return Err(Error::Usage(format!(
            "{r} has nothing to open: no link in metadata.links and no annotation a card makes a link from; `portal plugins doctor` lists what cards need"
        )));
    }
    let target = match &args.what {
        Some(what) => pick(&targets, what).ok_or_else(|| {
            let choices: Vec<String> = targets.iter().map(|t| format!("`{}`", t.label)).collect();
            Error::Usage(format!(
                "{r} has no `{what}` to open; it has {}, and `source`, `docs` or `ci` where those exist",
                choices.join(", ")
            ))
        })?,
        None if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() && !args.print => {
            choose(&targets)?
        }
        None => {
            let choices: Vec<String> = targets.iter().map(|t| t.label.clone()).collect();
            return Err(Error::Usage(format!(
                "say what to open: `portal open {} WHAT`, WHAT one of {}",
                args.entity,
                choices.join(", ")
            )));
        }
    };
    // Checked again where it is used: nothing but http(s) is ever handed to a program.
    let url = web_url(&target.url).ok_or_else(|| {
        Error::Usage(format!(
            "`{}` is not an http(s) URL, so it is not opened",
            target.url
        ))
    })?;
    if args.print {
        let mut out = crate::output::stdout();
        writeln!(out, "{}", escape(&url))?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    browse(&url)?;
    eprintln!("opened {}", escape(&url));
    Ok(ExitCode::SUCCESS)
}

fn choose(targets: &[Target]) -> Result<&Target, Error> {
    let options: Vec<String> = targets
        .iter()
        .map(|t| format!("{} {}  {}", t.title, escape(&t.label), escape(&t.url)))
        .collect();
    let picked = inquire::Select::new("open", options.clone())
        .prompt()
        .map_err(|e| match e {
            inquire::InquireError::OperationCanceled
            | inquire::InquireError::OperationInterrupted => Error::Cancelled,
            other => Error::Usage(format!("cannot ask which to open: {other}")),
        })?;
    let i = options.iter().position(|o| *o == picked).unwrap_or(0);
    Ok(&targets[i])
}

/// Opens `url` with `$BROWSER` (a `:`-separated list; `%s` stands for the URL), else the
/// platform's opener.
fn browse(url: &str) -> Result<(), Error> {
    let mut tried = Vec::new();
    let browsers = std::env::var("BROWSER").unwrap_or_default();
    let mut commands: Vec<Vec<String>> = browsers
        .split(':')
        .filter(|b| !b.trim().is_empty())
        .map(|b| {
            let words: Vec<String> = b.split_whitespace().map(str::to_string).collect();
            if words.iter().any(|w| w.contains("%s")) {
                words.iter().map(|w| w.replace("%s", url)).collect()
            } else {
                words.into_iter().chain([url.to_string()]).collect()
            }
        })
        .collect();
    let opener = if cfg!(target_os = "macos") {
        vec!["open".to_string(), url.to_string()]
    } else if cfg!(windows) {
        vec!["explorer".to_string(), url.to_string()]
    } else {
        vec!["xdg-open".to_string(), url.to_string()]
    };
    commands.push(opener);
    for argv in commands {
        let Some((program, rest)) = argv.split_first() else {
            continue;
        };
        match std::process::Command::new(program)
            .args(rest)
            .stdin(std::process::Stdio::null())
            .status()
        {
            Ok(s) if s.success() => return Ok(()),
            Ok(s) => tried.push(format!(
                "`{program}` exited with {}",
                s.code().unwrap_or(-1)
            )),
            Err(e) => tried.push(format!("`{program}`: {e}")),
        }
    }
    Err(Error::Usage(format!(
        "cannot open a browser ({}); set $BROWSER, or print the URL with --print",
        tried.join("; ")
    )))
}

/// Opens the descriptor in `$VISUAL` or `$EDITOR`, at the entity's line.
fn edit(e: &Entity, from_git: bool) -> Result<ExitCode, Error> {
    if from_git {
        return Err(Error::Usage(format!(
            "{} comes from a git source read at a commit ({}); edit it in a checkout of that repository",
            e.entity_ref(),
            e.file.display()
        )));
    }
    let editor = ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .ok_or_else(|| {
            Error::Usage("set $EDITOR (or $VISUAL) to the editor to open the descriptor in".into())
        })?;
    let words: Vec<&str> = editor.split_whitespace().collect();
    let (program, given) = words.split_first().expect("a non-empty editor");
    let file = e.file.to_string_lossy().into_owned();
    let line = e.pos.line;
    let name = std::path::Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(program);
    // How each family of editors takes a line: `code -g FILE:LINE`, `subl FILE:LINE`,
    // and `+LINE FILE` for vi, nano, emacs, helix, kakoune and most others.
    let at: Vec<String> = match name {
        "code" | "codium" | "code-insiders" | "cursor" => {
            vec!["-g".into(), format!("{file}:{line}")]
        }
        "subl" | "zed" | "hx" | "helix" => vec![format!("{file}:{line}")],
        _ => vec![format!("+{line}"), file.clone()],
    };
    let status = std::process::Command::new(program)
        .args(given)
        .args(&at)
        .status()
        .map_err(|err| {
            Error::Usage(format!(
                "cannot start the editor `{program}`: {err}; check $EDITOR"
            ))
        })?;
    if !status.success() {
        return Err(Error::Usage(format!(
            "the editor `{program}` exited with {} on {}",
            status.code().unwrap_or(-1),
            shown_path(&e.file)
        )));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(card: &'static str, label: &str, tags: &[&str]) -> Target {
        Target {
            card,
            title: "T",
            label: label.into(),
            url: format!("https://x.example/{card}/{label}"),
            tags: tags.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn what_is_picked() {
        let ts = vec![
            t("github", "repository", &[]),
            t("github", "actions", &[]),
            t("github", "pull requests", &[]),
            t("links", "Runbook", &["docs"]),
            t("links", "Payments dashboard", &["dashboard"]),
        ];
        assert_eq!(pick(&ts, "source").unwrap().label, "repository");
        assert_eq!(pick(&ts, "ci").unwrap().label, "actions");
        assert_eq!(pick(&ts, "docs").unwrap().label, "Runbook");
        assert_eq!(pick(&ts, "pull").unwrap().label, "pull requests");
        assert_eq!(pick(&ts, "dashbord").unwrap().label, "Payments dashboard");
        assert!(pick(&ts, "kubernetes").is_none());
    }
}
