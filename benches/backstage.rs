//! `cargo bench --bench backstage`: a running Backstage (the real backend of
//! ../shared/backstage-backend, installed in `target/backstage-backend` by the tests) serving
//! the synthetic organisation at about 20,000 entities, and `portal sync` of it:
//!
//! - a full sync, and a sync with nothing changed (the etag listing), with peak memory;
//! - a query answered from the snapshot (`portal list --kind component --json`), against the
//!   same query through the server's API (every page of `by-query?filter=kind=component`,
//!   fetched by Node's own `fetch`, as a client of the API would), in the same run.
//!
//! The server is kept up across runs when `PORTAL_BENCH_BACKSTAGE=URL` names it (its ingestion
//! of 20,000 entities takes minutes); otherwise it is started, and stopped at the end.
//! Arguments after `--`: `--runs N` (default 5), `--repos N` (default 9,000).

#[allow(dead_code)]
mod support;

use support::{measure, report};

use std::env;
use std::io::BufRead;
use std::process::{Command, Stdio};

use measure::HELPER_FLAG;
use report::Row;

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");
const TOKEN: &str = "portal-bench-token";

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Every page of `by-query?filter=…` through the server's API, by Node's `fetch`.
const NODE_QUERY: &str = r#"
const [base, token, filter, fields] = process.argv.slice(1);
let cursor, n = 0;
(async () => {
  for (;;) {
    const f = fields ? `&fields=${fields}` : '';
    const q = (cursor ? `cursor=${encodeURIComponent(cursor)}` : `${filter ? `filter=${encodeURIComponent(filter)}&` : ''}limit=500`) + f;
    const r = await fetch(`${base}/api/catalog/entities/by-query?${q}`, { headers: { Authorization: `Bearer ${token}` } });
    const page = await r.json();
    n += page.items.length;
    cursor = page.pageInfo && page.pageInfo.nextCursor;
    if (!cursor) break;
  }
  process.stdout.write(`${n}\n`);
})();
"#;

/// What `portal who-owns REF` answers, through the server's API: the entity, its owner, the
/// owner's parent groups and members, and what the owner owns (three requests and a page
/// of the owned, as Backstage's own entity page asks for them).
const NODE_WHO_OWNS: &str = r#"
const [base, token, kind, ns, name] = process.argv.slice(1);
const h = { Authorization: `Bearer ${token}` };
const get = async p => (await fetch(`${base}/api/catalog/${p}`, { headers: h })).json();
const page = async filter => {
  let cursor, items = [];
  for (;;) {
    const q = cursor ? `cursor=${encodeURIComponent(cursor)}` : `filter=${encodeURIComponent(filter)}&limit=500`;
    const r = await get(`entities/by-query?${q}`);
    items = items.concat(r.items);
    cursor = r.pageInfo && r.pageInfo.nextCursor;
    if (!cursor) return items;
  }
};
(async () => {
  const e = await get(`entities/by-name/${kind}/${ns}/${name}`);
  const owner = e.relations.find(r => r.type === 'ownedBy').targetRef;
  const [ok, ons, oname] = owner.split(/[:/]/);
  const group = await get(`entities/by-name/${ok}/${ons}/${oname}`);
  const [members, owned] = await Promise.all([
    page(`kind=user,relations.memberof=${owner}`),
    page(`relations.ownedby=${owner}`),
  ]);
  let parent = group, chain = 0;
  for (;;) {
    const p = (parent.relations || []).find(r => r.type === 'childOf');
    if (!p) break;
    const [pk, pns, pname] = p.targetRef.split(/[:/]/);
    parent = await get(`entities/by-name/${pk}/${pns}/${pname}`);
    chain++;
  }
  process.stdout.write(`${owner} ${chain} ${members.length} ${owned.length}\n`);
})();
"#;

/// Asks the server to read `refs` again, and waits until each serves its new description.
const NODE_REFRESH: &str = r#"
const [base, token, ...pairs] = process.argv.slice(1);
const h = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
(async () => {
  const want = [];
  for (let i = 0; i < pairs.length; i += 2) want.push([pairs[i], pairs[i + 1]]);
  for (const [ref] of want) {
    await fetch(`${base}/api/catalog/refresh`, { method: 'POST', headers: h, body: JSON.stringify({ entityRef: ref }) });
  }
  const start = Date.now();
  for (const [ref, text] of want) {
    const [kind, rest] = ref.split(':');
    const [ns, name] = rest.split('/');
    for (;;) {
      const r = await fetch(`${base}/api/catalog/entities/by-name/${kind}/${ns}/${name}`, { headers: h });
      const e = await r.json();
      if (e.metadata && e.metadata.description === text) break;
      if (Date.now() - start > 600000) { console.error(`${ref} never changed`); process.exit(1); }
      await new Promise(res => setTimeout(res, 200));
    }
  }
})();
"#;

/// Edits the description of the first `n` components of the organisation (one per file),
/// and has the server take the edits; returns when it serves them.
fn change_components(root: &std::path::Path, n: usize, round: usize, url: &str) {
    // The organisation's repositories, each with its descriptor at the top.
    let mut files: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path().join("catalog-info.yaml"))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut args = vec![
        "-e".to_string(),
        NODE_REFRESH.to_string(),
        url.to_string(),
        TOKEN.to_string(),
    ];
    let mut done = 0;
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if !text.starts_with("apiVersion: backstage.io/v1alpha1\nkind: Component\n") {
            continue;
        }
        let Some(name) = text
            .lines()
            .find_map(|l| l.strip_prefix("  name: "))
            .map(str::to_string)
        else {
            continue;
        };
        let Some(old) = text.lines().find(|l| l.starts_with("  description: ")) else {
            continue;
        };
        let new = format!("bench edit {round} of {name}");
        std::fs::write(
            &file,
            text.replacen(old, &format!("  description: {new}"), 1),
        )
        .unwrap();
        args.push(format!("component:default/{name}"));
        args.push(new);
        done += 1;
        if done == n {
            break;
        }
    }
    let status = Command::new("node").args(&args).status().expect("node");
    assert!(status.success(), "the server did not take the edits");
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == HELPER_FLAG) {
        measure::helper_main(&args[1..]);
    }
    let runs = arg(&args, "--runs", 5);
    let repos = arg(&args, "--repos", 9_000);
    let target = support::target_dir();
    let root = target.join("synth-backstage-org");
    let params = support::synth::Params {
        repos,
        ..Default::default()
    };
    let (counts, reused) = support::synth::ensure(&root, params).expect("the organisation");
    println!(
        "organisation: {} repositories, {} entities ({})",
        counts.repos,
        counts.entities(),
        if reused { "reused" } else { "generated" }
    );
    let mut server = None;
    let url = match env::var("PORTAL_BENCH_BACKSTAGE") {
        Ok(url) => url,
        Err(_) => {
            let harness = target.join("backstage-backend");
            assert!(
                harness.join("node_modules").is_dir(),
                "the harness is not installed in {}: run `cargo test --test cli backstage` once (it installs it)",
                harness.display()
            );
            let started = std::time::Instant::now();
            let mut child = Command::new("node")
                .arg(harness.join("start.js"))
                .args(["--port", "0", "--token", TOKEN, "--per-file", "--catalog"])
                .arg(&root)
                .stdout(Stdio::piped())
                // Its log (processing errors of the generated files) is not the figures.
                .stderr(Stdio::null())
                .spawn()
                .expect("node start.js");
            let mut line = String::new();
            std::io::BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .expect("the ready line");
            let url = line
                .strip_prefix("ready ")
                .expect("ready URL")
                .trim()
                .to_string();
            println!(
                "backend ready in {:.0} s at {url}",
                started.elapsed().as_secs_f64()
            );
            server = Some(child);
            url
        }
    };
    let work = target.join("bench-backstage");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(
        work.join("portal.yaml"),
        format!("sources:\n  - backstage: {url}\n    token: env:BACKSTAGE_TOKEN\n"),
    )
    .unwrap();
    let cache = work.join("cache");
    let vars = [
        ("PORTAL_CACHE_DIR".to_string(), cache.display().to_string()),
        ("BACKSTAGE_TOKEN".to_string(), TOKEN.to_string()),
    ];
    let log = work.join("stderr.log");
    let portal = |rest: &[&str]| -> Vec<String> {
        [PORTAL, "-C", &work.display().to_string()]
            .iter()
            .chain(rest)
            .map(|s| s.to_string())
            .collect()
    };
    let sync = portal(&["sync"]);
    let query = portal(&["list", "--kind", "component", "--json"]);
    let node: Vec<String> = ["node", "-e", NODE_QUERY, &url, TOKEN, "kind=component"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let names = portal(&["list", "--kind", "component", "--format", "names"]);
    let node_names: Vec<String> = [
        "node",
        "-e",
        NODE_QUERY,
        &url,
        TOKEN,
        "kind=component",
        "kind,metadata.namespace,metadata.name",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // The component with the most owners' members in the organisation's bench queries.
    let owned = "identity-sync-legacy";
    let who_owns = portal(&["who-owns", owned]);
    let node_who_owns: Vec<String> = [
        "node",
        "-e",
        NODE_WHO_OWNS,
        &url,
        TOKEN,
        "component",
        "default",
        owned,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let snapshot = cache.join("backstage");
    let timed = |argv: &[String], before: &dyn Fn()| {
        (0..runs)
            .map(|_| {
                before();
                measure::run(argv, &vars, &log)
            })
            .collect::<Vec<_>>()
    };
    let full = timed(&sync, &|| {
        let _ = std::fs::remove_dir_all(&snapshot);
    });
    let again = timed(&sync, &|| {});
    let round = std::cell::Cell::new(0);
    let changed = timed(&sync, &|| {
        round.set(round.get() + 1);
        change_components(&root, 10, round.get(), &url);
    });
    // The listing a sync by etags makes, through the API by Node: the server's own share
    // of a sync with nothing changed.
    let listing: Vec<String> = [
        "node",
        "-e",
        NODE_QUERY,
        &url,
        TOKEN,
        "",
        "metadata.uid,metadata.etag,kind,metadata.namespace,metadata.name",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let listed = timed(&listing, &|| {});
    // The queries, each against the same question through the API: warm the index first.
    for (ours, theirs, what) in [
        (&query, &node, "`list --kind component --json`"),
        (
            &names,
            &node_names,
            "`list --kind component --format names`",
        ),
        (&who_owns, &node_who_owns, "`who-owns identity-sync-legacy`"),
    ] {
        measure::run(ours, &vars, &log);
        measure::run(theirs, &vars, &log);
        let through_api = timed(theirs, &|| {});
        let from_snapshot = timed(ours, &|| {});
        println!();
        report::print_table(&[
            Row::new(
                &format!("{what} through the server's API (node fetch)"),
                &through_api,
                false,
            ),
            Row::new(
                &format!("portal {what} (the snapshot)"),
                &from_snapshot,
                false,
            ),
        ]);
    }
    println!();
    report::print_table(&[
        Row::new("portal sync, full", &full, false),
        Row::new("portal sync, nothing changed (etags)", &again, false),
        Row::new("portal sync, 10 entities changed (etags)", &changed, false),
        Row::new(
            "the etag listing alone, through the API (node fetch)",
            &listed,
            false,
        ),
    ]);
    println!(
        "\n{}",
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .join("\n")
    );
    if let Some(mut child) = server {
        let _ = child.kill();
        let _ = child.wait();
    }
}
