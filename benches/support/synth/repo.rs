//! Writes one fake repository: `.git`, `.gitignore`, the descriptor, a README and a few
//! source files, then hands over to the noise writer for build output and dependencies.

use std::io;

use super::noise::{self, Noise};
use super::plan::{Lang, Org, Repo};
use super::rng::Rng;
use super::tree::Tree;
use super::{words, yaml};

pub fn write(tree: &mut Tree, org: &Org, repo: &Repo, rng: &mut Rng) -> io::Result<()> {
    let descriptor = yaml::repo_descriptor(org, repo, rng);
    let noise = Noise::roll(repo.lang, rng);
    git(tree, rng)?;
    tree.file(".gitignore", gitignore(repo.lang, &noise))?;
    tree.descriptor("catalog-info.yaml", &descriptor)?;
    tree.file(
        "README.md",
        format!(
            "# {}\n\nOwned by the team named in catalog-info.yaml.\n",
            repo.name
        ),
    )?;
    sources(tree, repo, rng)?;
    noise::write(tree, &noise, &descriptor, repo, rng)
}

/// The `org/` repository: only people and teams.
pub fn write_org(tree: &mut Tree, org: &Org, rng: &mut Rng) -> io::Result<()> {
    git(tree, rng)?;
    tree.descriptor("catalog-info.yaml", &yaml::org_descriptor(org))?;
    tree.file(
        "README.md",
        "# org\n\nGroups and users of ACME Engineering.\n",
    )
}

/// Just enough of a `.git` folder for tools that look for one.
fn git(tree: &mut Tree, rng: &mut Rng) -> io::Result<()> {
    tree.dir(".git/refs/heads")?;
    tree.file(".git/HEAD", "ref: refs/heads/main\n")?;
    tree.file(
        ".git/config",
        "[core]\n\trepositoryformatversion = 0\n\tbare = false\n",
    )?;
    tree.file(".git/refs/heads/main", format!("{}\n", rng.hex(40)))
}

/// Always ignores `dist/`; usually, but not always, the dependency and build folders too,
/// so a scanner cannot rely on `.gitignore` alone to skip `node_modules/` and `target/`.
fn gitignore(lang: Lang, noise: &Noise) -> String {
    let mut text = String::from("# build output\ndist/\n*.log\n.env\n");
    if noise.ignore_node_modules && (noise.node_modules || lang == Lang::Node) {
        text.push_str("node_modules/\n");
    }
    if noise.ignore_target && lang == Lang::Rust {
        text.push_str("/target\n");
    }
    if lang == Lang::Python {
        text.push_str("__pycache__/\n.venv/\n");
    }
    text
}

fn sources(tree: &mut Tree, repo: &Repo, rng: &mut Rng) -> io::Result<()> {
    let modules = rng.between(1, 5);
    match repo.lang {
        Lang::Rust => rust_sources(tree, &repo.name, modules, rng),
        Lang::Python => python_sources(tree, modules, rng),
        Lang::Node => node_sources(tree, &repo.name, modules, rng),
    }
}

fn rust_sources(tree: &mut Tree, name: &str, modules: usize, rng: &mut Rng) -> io::Result<()> {
    tree.dir("src")?;
    tree.file(
        "Cargo.toml",
        format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"),
    )?;
    tree.file("src/main.rs", "fn main() {\n    println!(\"hello\");\n}\n")?;
    for module in 0..modules {
        let module = format!("{}{}", rng.pick(words::RS_MODULES), module);
        tree.file(
            &format!("src/{module}.rs"),
            format!(
                "//! {module}\n\npub fn run() -> u32 {{\n    {}\n}}\n",
                rng.below(1000)
            ),
        )?;
    }
    Ok(())
}

fn python_sources(tree: &mut Tree, modules: usize, rng: &mut Rng) -> io::Result<()> {
    tree.dir("app")?;
    tree.dir("tests")?;
    tree.file(
        "pyproject.toml",
        "[project]\nname = \"app\"\nversion = \"0.1.0\"\n",
    )?;
    tree.file("app/__init__.py", "")?;
    for module in 0..modules {
        let module = format!("{}{}", rng.pick(words::PY_MODULES), module);
        tree.file(
            &format!("app/{module}.py"),
            format!(
                "\"\"\"{module}\"\"\"\n\n\ndef run():\n    return {}\n",
                rng.below(1000)
            ),
        )?;
    }
    tree.file("tests/test_app.py", "def test_run():\n    assert True\n")
}

fn node_sources(tree: &mut Tree, name: &str, modules: usize, rng: &mut Rng) -> io::Result<()> {
    tree.dir("src")?;
    tree.file(
        "package.json",
        format!("{{\n  \"name\": \"@acme/{name}\",\n  \"version\": \"1.0.0\"\n}}\n"),
    )?;
    tree.file("src/index.js", "export * from './app.js';\n")?;
    for module in 0..modules {
        tree.file(
            &format!("src/part{module}.js"),
            format!("export const value = {};\n", rng.below(1000)),
        )?;
    }
    Ok(())
}

/// TechDocs for the repository: `mkdocs.yml`, `docs/index.md` and `pages - 1` more pages
/// of generated prose (a few hundred words each, from the organisation's vocabulary), and
/// the first entity's `backstage.io/techdocs-ref: dir:.` when it has none. Written after
/// the rest, from a stream of its own, so the rest of the tree is the same as without.
pub fn write_docs(tree: &mut Tree, repo: &Repo, pages: usize, rng: &mut Rng) -> io::Result<()> {
    let path = tree.base_path().join("catalog-info.yaml");
    let descriptor = std::fs::read_to_string(&path)?;
    let first = descriptor.split("\n---").next().unwrap_or_default();
    if !first.contains("backstage.io/techdocs-ref") {
        let slug = format!("    github.com/project-slug: acme/{}\n", repo.name);
        let with = descriptor.replacen(
            &slug,
            &format!("{slug}    backstage.io/techdocs-ref: dir:.\n"),
            1,
        );
        std::fs::write(&path, with)?;
    }
    let mut nav = String::from("nav:\n  - Home: index.md\n");
    std::fs::create_dir_all(tree.base_path().join("docs"))?;
    for n in 1..pages {
        nav.push_str(&format!("  - Page {n}: page-{n}.md\n"));
    }
    tree.file("mkdocs.yml", format!("site_name: {}\n{nav}", repo.name))?;
    for n in 0..pages {
        let name = if n == 0 {
            "index.md".to_string()
        } else {
            format!("page-{n}.md")
        };
        tree.file(&format!("docs/{name}"), prose(repo, n, rng))?;
    }
    Ok(())
}

/// A page: a title, then sections of sentences made of the vocabulary; one page in twenty
/// is about rolling back (the benchmark's query).
fn prose(repo: &Repo, n: usize, rng: &mut Rng) -> String {
    let pick = |rng: &mut Rng, list: &[&str]| list[rng.below(list.len())].to_string();
    let mut out = format!("# {} page {n}\n\n", repo.name);
    for section in 0..rng.between(3, 6) {
        out.push_str(&format!("## Section {section}\n\n"));
        for _ in 0..rng.between(3, 8) {
            let mut sentence = Vec::new();
            for _ in 0..rng.between(8, 16) {
                sentence.push(match rng.below(4) {
                    0 => pick(rng, words::AREAS),
                    1 => pick(rng, words::COMPONENT_NOUNS),
                    2 => pick(rng, words::QUALIFIERS),
                    _ => pick(
                        rng,
                        &[
                            "the", "a", "to", "and", "of", "with", "for", "is", "when", "then",
                        ],
                    ),
                });
            }
            if rng.chance(5) {
                sentence.push("rollback".into());
            }
            out.push_str(&sentence.join(" "));
            out.push_str(".\n");
        }
        if rng.chance(30) {
            out.push_str("\n```sh\nmake deploy\n```\n");
        }
        out.push('\n');
    }
    out
}
