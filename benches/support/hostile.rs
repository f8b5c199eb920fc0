//! Small or bounded inputs that once cost minutes or gigabytes (docs/security.md, "Bounded
//! cost"), written into a folder: shared by `cargo bench --bench hostile` and the
//! wall-clock guards of `tests/cli/bounds.rs`.

use std::fs;
use std::path::Path;

/// One input: its name, what it is, and how to write it into an empty folder.
pub struct Input {
    pub name: &'static str,
    pub what: &'static str,
    pub write: fn(&Path, Scale),
}

/// How large to make each input: `Full` as measured in docs/security.md, `Test` smaller
/// where a debug build would take long, with the same shape.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // The bench uses `Full`, the tests `Test`.
pub enum Scale {
    Full,
    Test,
}

impl Scale {
    fn pick(self, full: usize, test: usize) -> usize {
        match self {
            Scale::Full => full,
            Scale::Test => test,
        }
    }
}

pub const INPUTS: &[Input] = &[
    Input {
        name: "comments",
        what: "`-` then 100,000 comment lines",
        write: comments,
    },
    Input {
        name: "indented-comments",
        what: "an item, 100,000 blank lines, then 100,000 indented comments",
        write: indented_comments,
    },
    Input {
        name: "dashes",
        what: "`- - - …` with 200,000 items",
        write: dashes,
    },
    Input {
        name: "aliases",
        what: "one 20 MB scalar and 99 aliases to it",
        write: aliases,
    },
    Input {
        name: "invalid-documents",
        what: "an 8.6 MB file of small invalid documents",
        write: invalid_documents,
    },
    Input {
        name: "items",
        what: "64 MB of one-letter block items",
        write: items,
    },
    Input {
        name: "flow",
        what: "64 MB of one flow sequence",
        write: flow,
    },
    Input {
        name: "globs",
        what: "a Location with 100,000 × `./c/*.yaml` over 100 files",
        write: globs,
    },
    Input {
        name: "template",
        what: "a template of 20,000 files in 100 folders",
        write: template,
    },
    Input {
        name: "placeholders",
        what: "200 × `$text: ./big.txt` (16 MiB) in one descriptor",
        write: placeholders,
    },
];

fn descriptor(dir: &Path, text: &str) {
    fs::write(dir.join("catalog-info.yaml"), text).expect("write a hostile input");
}

fn comments(dir: &Path, _: Scale) {
    descriptor(dir, &format!("-\n{}", "# c\n".repeat(100_000)));
}

fn indented_comments(dir: &Path, _: Scale) {
    let text = format!(
        "- a\n{}#c\n{}",
        "\n".repeat(100_000),
        "  #c\n".repeat(100_000)
    );
    descriptor(dir, &text);
}

fn dashes(dir: &Path, _: Scale) {
    descriptor(dir, &format!("{}x\n", "- ".repeat(200_000)));
}

fn aliases(dir: &Path, scale: Scale) {
    let big = "x".repeat(scale.pick(20 << 20, 1 << 20));
    let aliases: String = (0..99).map(|i| format!("    a{i}: *big\n")).collect();
    descriptor(
        dir,
        &format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: big\n  description: &big {big}\n  annotations:\n{aliases}spec:\n  type: service\n  lifecycle: production\n  owner: team\n"
        ),
    );
}

fn invalid_documents(dir: &Path, scale: Scale) {
    let doc = "---\nkind: x\n";
    descriptor(
        dir,
        &doc.repeat(scale.pick(8_600_000, 2_000_000) / doc.len()),
    );
}

fn items(dir: &Path, scale: Scale) {
    descriptor(dir, &"- a\n".repeat(scale.pick(16_000_000, 4_000_000)));
}

fn flow(dir: &Path, scale: Scale) {
    descriptor(
        dir,
        &format!("[{}]\n", "a,".repeat(scale.pick(32_000_000, 8_000_000))),
    );
}

fn globs(dir: &Path, _: Scale) {
    fs::create_dir_all(dir.join("c")).expect("mkdir");
    for i in 0..100 {
        let text = format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: c{i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team\n"
        );
        fs::write(dir.join(format!("c/c{i}.yaml")), text).expect("write");
    }
    let targets: String = (0..100_000).map(|_| "    - ./c/*.yaml\n").collect();
    descriptor(
        dir,
        &format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: all\nspec:\n  targets:\n{targets}"
        ),
    );
}

fn placeholders(dir: &Path, _: Scale) {
    fs::write(dir.join("big.txt"), "x".repeat(16 << 20)).expect("write");
    let keys: String = (0..200)
        .map(|i| format!("    k{i}:\n      $text: ./big.txt\n"))
        .collect();
    descriptor(
        dir,
        &format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: p\n  annotations:\n{keys}spec:\n  type: service\n  lifecycle: production\n  owner: team\n"
        ),
    );
}

/// The command that plans the `template` input's project (nothing written).
pub const CREATE: &[&str] = &[
    "create",
    "--template",
    "tpl",
    "--no-input",
    "--no-git",
    "--set",
    "name=x",
    "--output",
    "made",
    "--dry-run",
    "--json",
];

fn template(dir: &Path, _: Scale) {
    let yaml = "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: big}\nspec:\n  type: service\n  parameters:\n    - properties:\n        name: {type: string}\n  steps:\n    - id: fetch\n      action: fetch:plain\n      input: {url: ./skeleton}\n";
    fs::create_dir_all(dir.join("tpl")).expect("mkdir");
    fs::write(dir.join("tpl/template.yaml"), yaml).expect("write");
    for i in 0..20_000 {
        let file = dir.join(format!("tpl/skeleton/d{}/f{i}.txt", i % 100));
        fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
        fs::write(file, "x").expect("write");
    }
}
