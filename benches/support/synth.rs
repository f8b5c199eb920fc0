//! A deterministic synthetic organisation: thousands of fake repositories with Backstage
//! descriptors, realistic references and the clutter a scanner must skip. The benches time
//! `portal` against it; the same seed always gives byte-identical trees.

mod noise;
mod plan;
mod repo;
mod rng;
mod tree;
mod words;
mod yaml;

use std::fmt;
use std::fs;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use plan::{Kind, Org};
use rng::Rng;
use tree::{Tally, Tree};

/// The marker written last into a generated tree; a tree without it is incomplete.
pub const MARKER: &str = ".synth-org";
/// Bump when the generator's output changes, so old trees are regenerated.
const FORMAT: &str = "synth-org v2";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub repos: usize,
    pub seed: u64,
    /// TechDocs pages per repository (`mkdocs.yml`, `docs/index.md` and more); 0: none,
    /// and the tree is the one the scan bench has always timed.
    pub docs: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            repos: 2000,
            seed: 42,
            docs: 0,
        }
    }
}

impl Params {
    fn marker_header(&self) -> String {
        let docs = match self.docs {
            0 => String::new(),
            n => format!("docs={n}\n"),
        };
        format!("{FORMAT}\nrepos={}\nseed={}\n{docs}", self.repos, self.seed)
    }
}

/// What a generated tree contains.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Repositories, including `org/`.
    pub repos: usize,
    pub files: usize,
    /// `catalog-info.yaml` files a scanner must read.
    pub descriptors: usize,
    /// `catalog-info.yaml` files under `node_modules/`, `target/` and `dist/`.
    pub noise_descriptors: usize,
    pub components: usize,
    pub apis: usize,
    pub resources: usize,
    pub systems: usize,
    pub groups: usize,
    pub users: usize,
    /// A full reference, such as `component:auth-service`.
    pub most_depended_on: String,
    pub most_depended_on_by: usize,
}

impl Counts {
    pub fn entities(&self) -> usize {
        self.components + self.apis + self.resources + self.systems + self.groups + self.users
    }

    fn to_marker(&self) -> String {
        let c = self;
        format!(
            "repos_total={}\nfiles={}\ndescriptors={}\nnoise_descriptors={}\ncomponents={}\napis={}\nresources={}\nsystems={}\ngroups={}\nusers={}\nmost_depended_on={}\nmost_depended_on_by={}\n",
            c.repos,
            c.files,
            c.descriptors,
            c.noise_descriptors,
            c.components,
            c.apis,
            c.resources,
            c.systems,
            c.groups,
            c.users,
            c.most_depended_on,
            c.most_depended_on_by
        )
    }

    fn from_marker(text: &str) -> Option<Counts> {
        let field = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
        };
        let number = |key: &str| field(key)?.parse::<usize>().ok();
        Some(Counts {
            repos: number("repos_total")?,
            files: number("files")?,
            descriptors: number("descriptors")?,
            noise_descriptors: number("noise_descriptors")?,
            components: number("components")?,
            apis: number("apis")?,
            resources: number("resources")?,
            systems: number("systems")?,
            groups: number("groups")?,
            users: number("users")?,
            most_depended_on: field("most_depended_on")?.to_string(),
            most_depended_on_by: number("most_depended_on_by")?,
        })
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "repos:             {} (including org/)", self.repos)?;
        writeln!(f, "files:             {}", self.files)?;
        writeln!(
            f,
            "descriptors:       {} catalog-info.yaml to read",
            self.descriptors
        )?;
        writeln!(
            f,
            "noise descriptors: {} catalog-info.yaml to skip",
            self.noise_descriptors
        )?;
        writeln!(
            f,
            "entities:          {} ({} components, {} APIs, {} resources, {} systems, {} groups, {} users)",
            self.entities(),
            self.components,
            self.apis,
            self.resources,
            self.systems,
            self.groups,
            self.users
        )?;
        write!(
            f,
            "most depended-on:  {} ({} dependents)",
            self.most_depended_on, self.most_depended_on_by
        )
    }
}

/// Reuses the tree at `root` if it was generated with `params`, else (re)generates it.
/// Returns the counts and whether the tree was reused.
pub fn ensure(root: &Path, params: Params) -> io::Result<(Counts, bool)> {
    if let Ok(marker) = fs::read_to_string(root.join(MARKER))
        && let Some(rest) = marker.strip_prefix(&params.marker_header())
        && let Some(counts) = Counts::from_marker(rest)
    {
        return Ok((counts, true));
    }
    Ok((generate(root, params)?, false))
}

/// Writes a fresh tree at `root`. An existing tree there is removed only if it carries the
/// marker (so a typo cannot wipe an unrelated folder); any other non-empty folder is an error.
pub fn generate(root: &Path, params: Params) -> io::Result<Counts> {
    clear(root)?;
    let org = plan::plan(params.repos, params.seed);
    let tally = write_all(root, &org, params.seed, params.docs)?;
    let counts = count(&org, tally);
    fs::write(
        root.join(MARKER),
        params.marker_header() + &counts.to_marker(),
    )?;
    Ok(counts)
}

fn clear(root: &Path) -> io::Result<()> {
    let Ok(mut entries) = fs::read_dir(root) else {
        return fs::create_dir_all(root);
    };
    if entries.next().is_none() {
        return Ok(());
    }
    if !root.join(MARKER).exists() {
        let message = format!(
            "{} is not empty and is not a synthetic org (no {MARKER}); not touching it",
            root.display()
        );
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, message));
    }
    fs::remove_dir_all(root)?;
    fs::create_dir_all(root)
}

/// Writes `org/` and every repository, spreading the repositories over one thread per core.
fn write_all(root: &Path, org: &Org, seed: u64, docs: usize) -> io::Result<Tally> {
    let mut tree = Tree::new();
    tree.enter(&root.join("org"))?;
    repo::write_org(&mut tree, org, &mut Rng::derive(seed, 0))?;
    let next = AtomicUsize::new(0);
    let workers = thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 8);
    let mut total = tree.tally;
    thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| scope.spawn(|| write_worker(root, org, seed, docs, &next)))
            .collect();
        for handle in handles {
            total += handle.join().expect("a writer thread panicked")?;
        }
        Ok(total)
    })
}

fn write_worker(
    root: &Path,
    org: &Org,
    seed: u64,
    docs: usize,
    next: &AtomicUsize,
) -> io::Result<Tally> {
    let mut tree = Tree::new();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(repo) = org.repos.get(index) else {
            return Ok(tree.tally);
        };
        tree.enter(&root.join(&repo.name))?;
        repo::write(
            &mut tree,
            org,
            repo,
            &mut Rng::derive(seed, index as u64 + 1),
        )?;
        if docs > 0 {
            repo::write_docs(
                &mut tree,
                repo,
                docs,
                &mut Rng::derive(seed ^ 0xD0C5, index as u64 + 1),
            )?;
        }
    }
}

fn count(org: &Org, tally: Tally) -> Counts {
    let of_kind = |kind: Kind| org.entities.iter().filter(|e| e.kind == kind).count();
    let mut dependents = vec![0usize; org.entities.len()];
    for target in org.entities.iter().flat_map(|e| &e.depends_on) {
        dependents[*target] += 1;
    }
    let top = (0..dependents.len()).max_by_key(|&e| (dependents[e], std::cmp::Reverse(e)));
    Counts {
        repos: org.repos.len() + 1,
        files: tally.files,
        descriptors: tally.descriptors,
        noise_descriptors: tally.noise_descriptors,
        components: of_kind(Kind::Component),
        apis: of_kind(Kind::Api),
        resources: of_kind(Kind::Resource),
        systems: of_kind(Kind::System),
        groups: org.groups.len(),
        users: org.users.len(),
        most_depended_on: top.map_or_else(String::new, |e| entity_ref(&org.entities[e])),
        most_depended_on_by: top.map_or(0, |e| dependents[e]),
    }
}

fn entity_ref(entity: &plan::Entity) -> String {
    let kind = format!("{:?}", entity.kind).to_lowercase();
    format!("{kind}:{}", entity.name)
}
