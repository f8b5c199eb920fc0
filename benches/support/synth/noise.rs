//! Writes the clutter a real checkout carries (`node_modules/`, `target/`, an ignored
//! `dist/`), each with `catalog-info.yaml` files of its own that a correct scanner skips.

use std::io;

use super::plan::{Lang, Repo};
use super::rng::Rng;
use super::tree::Tree;
use super::words;

/// Which kinds of clutter one repository has, and whether its `.gitignore` lists them.
pub struct Noise {
    pub node_modules: bool,
    pub target: bool,
    pub dist: bool,
    pub ignore_node_modules: bool,
    pub ignore_target: bool,
}

impl Noise {
    pub fn roll(lang: Lang, rng: &mut Rng) -> Self {
        Noise {
            node_modules: lang == Lang::Node || rng.chance(25),
            target: lang == Lang::Rust && rng.chance(90),
            dist: (lang == Lang::Node && rng.chance(70)) || rng.chance(15),
            ignore_node_modules: rng.chance(85),
            ignore_target: rng.chance(85),
        }
    }
}

pub fn write(
    tree: &mut Tree,
    noise: &Noise,
    descriptor: &str,
    repo: &Repo,
    rng: &mut Rng,
) -> io::Result<()> {
    if noise.node_modules {
        node_modules(tree, rng)?;
    }
    if noise.target {
        target(tree, descriptor, repo, rng)?;
    }
    if noise.dist {
        dist(tree, descriptor, rng)?;
    }
    Ok(())
}

/// `count` distinct items of `items`, in random order.
fn distinct<'a>(items: &[&'a str], count: usize, rng: &mut Rng) -> Vec<&'a str> {
    let mut picked = items.to_vec();
    rng.shuffle(&mut picked);
    picked.truncate(count);
    picked
}

fn node_modules(tree: &mut Tree, rng: &mut Rng) -> io::Result<()> {
    tree.dir("node_modules")?;
    tree.file(
        "node_modules/.package-lock.json",
        "{\n  \"lockfileVersion\": 3\n}\n",
    )?;
    let count = rng.between(4, 14);
    for package in distinct(words::NPM_PACKAGES, count, rng) {
        npm_package(tree, &format!("node_modules/{package}"), package, true, rng)?;
    }
    Ok(())
}

fn npm_package(
    tree: &mut Tree,
    dir: &str,
    package: &str,
    may_nest: bool,
    rng: &mut Rng,
) -> io::Result<()> {
    tree.dir(&format!("{dir}/lib"))?;
    tree.file(
        &format!("{dir}/package.json"),
        format!("{{\n  \"name\": \"{package}\",\n  \"main\": \"index.js\"\n}}\n"),
    )?;
    tree.file(
        &format!("{dir}/index.js"),
        "module.exports = require('./lib/m0.js');\n",
    )?;
    tree.file(&format!("{dir}/README.md"), format!("# {package}\n"))?;
    for module in 0..rng.between(2, 10) {
        tree.file(
            &format!("{dir}/lib/m{module}.js"),
            format!("module.exports = {};\n", rng.below(100)),
        )?;
    }
    if package == "@backstage/create-app" {
        scaffolder_template(tree, dir)?;
    } else if rng.chance(25) {
        tree.noise_descriptor(
            &format!("{dir}/catalog-info.yaml"),
            &npm_descriptor(package),
        )?;
    }
    if may_nest && rng.chance(10) {
        let nested = rng.pick(words::NPM_PACKAGES);
        tree.dir(&format!("{dir}/node_modules"))?;
        npm_package(
            tree,
            &format!("{dir}/node_modules/{nested}"),
            nested,
            false,
            rng,
        )?;
    }
    Ok(())
}

/// A published package's own descriptor: valid, but not part of this org.
fn npm_descriptor(package: &str) -> String {
    let name = format!("npm-{}", package.trim_start_matches('@').replace('/', "-"));
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\n  annotations:\n    synth.example/noise: node_modules\nspec:\n  type: library\n  lifecycle: production\n  owner: npm-maintainers\n"
    )
}

/// A scaffolder skeleton: its placeholders make it an invalid entity if a scanner reads it.
fn scaffolder_template(tree: &mut Tree, dir: &str) -> io::Result<()> {
    let skeleton = format!("{dir}/templates/default-app");
    tree.dir(&skeleton)?;
    tree.noise_descriptor(
        &format!("{skeleton}/catalog-info.yaml"),
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${{ values.name }}\nspec:\n  type: website\n  lifecycle: experimental\n  owner: ${{ values.owner }}\n",
    )
}

fn target(tree: &mut Tree, descriptor: &str, repo: &Repo, rng: &mut Rng) -> io::Result<()> {
    for dir in [
        "target/debug/deps",
        "target/debug/.fingerprint",
        "target/debug/build",
    ] {
        tree.dir(dir)?;
    }
    tree.file(
        "target/CACHEDIR.TAG",
        "Signature: 8a477f597d28d172789f06886806bc55\n",
    )?;
    tree.file("target/.rustc_info.json", "{\"rustc_fingerprint\":0}\n")?;
    tree.file("target/debug/.cargo-lock", "")?;
    let count = rng.between(15, 60);
    for krate in distinct(words::CRATES, count, rng) {
        compiled_crate(tree, krate, rng)?;
    }
    if rng.chance(20) {
        let package = format!("target/package/{}-0.1.0", repo.name);
        tree.dir(&package)?;
        tree.file(
            &format!("{package}/Cargo.toml"),
            "[package]\nversion = \"0.1.0\"\n",
        )?;
        tree.noise_descriptor(&format!("{package}/catalog-info.yaml"), descriptor)?;
    }
    Ok(())
}

/// The files cargo leaves behind for one compiled dependency. Only their names matter to a
/// scanner (which must not descend here at all), so most are empty: no data blocks to write.
fn compiled_crate(tree: &mut Tree, krate: &str, rng: &mut Rng) -> io::Result<()> {
    let hash = rng.hex(16);
    let stem = format!("{krate}-{hash}");
    tree.file(
        &format!("target/debug/deps/{stem}.d"),
        format!("{stem}: src/lib.rs\n"),
    )?;
    tree.file(&format!("target/debug/deps/lib{stem}.rlib"), "")?;
    tree.file(&format!("target/debug/deps/lib{stem}.rmeta"), "")?;
    let fingerprint = format!("target/debug/.fingerprint/{stem}");
    tree.dir(&fingerprint)?;
    for name in [
        "invoked.timestamp".to_string(),
        format!("lib-{krate}"),
        format!("lib-{krate}.json"),
        format!("dep-lib-{krate}"),
    ] {
        tree.file(&format!("{fingerprint}/{name}"), "")?;
    }
    if rng.chance(15) {
        let build = format!("target/debug/build/{krate}-{}", rng.hex(16));
        tree.dir(&build)?;
        tree.file(
            &format!("{build}/output"),
            "cargo:rerun-if-changed=build.rs\n",
        )?;
    }
    Ok(())
}

/// Bundler output: an exact copy of the descriptor that `.gitignore` hides.
fn dist(tree: &mut Tree, descriptor: &str, rng: &mut Rng) -> io::Result<()> {
    tree.dir("dist/assets")?;
    tree.noise_descriptor("dist/catalog-info.yaml", descriptor)?;
    tree.file("dist/index.js", "console.log('bundled');\n")?;
    tree.file("dist/index.js.map", "{\"version\":3,\"mappings\":\"\"}\n")?;
    tree.file(&format!("dist/assets/app-{}.js", rng.hex(8)), "export{};\n")?;
    tree.file(
        &format!("dist/assets/app-{}.css", rng.hex(8)),
        "body{margin:0}\n",
    )
}
