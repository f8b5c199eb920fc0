//! A running Backstage as a source. `portal sync` reads its catalog through the REST API
//! (`GET /api/catalog/entities/by-query`, cursor pagination) into a snapshot in the cache;
//! every command reads the snapshot, never the network. A second sync lists only each
//! entity's `metadata.uid` and `metadata.etag` (the `fields` projection) and fetches the
//! entities whose etag changed by reference (`POST /api/catalog/entities/by-refs`): catalog
//! backend 4.0.0 has no history API.
//!
//! The snapshot is a folder of the cache holding `catalog-info.yaml` (each entity as one
//! line of JSON, documents separated by `---`: a YAML stream the scan reads as any
//! descriptor file, so the index serves it) and `snapshot.json` (what was synced, when, and
//! each entity's etag). Both are written whole and renamed into place: an interrupted sync
//! leaves the previous snapshot as it was. The token is never written anywhere.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::config::{Server, TokenSource};

/// Bumped when the snapshot's meaning changes; an older one is synced again in full.
const FORMAT: u32 = 1;
/// The descriptor file of the snapshot (read by the scan).
pub const SNAPSHOT_FILE: &str = "catalog-info.yaml";
/// What was synced, when, and the etags.
const META_FILE: &str = "snapshot.json";
/// The last failure, beside the snapshot it leaves in use.
const STATUS_FILE: &str = "status.json";
/// Entities per page (measured in docs/performance.md).
pub const PAGE: usize = 500;
/// References per `by-refs` request, and requests of them in flight.
const REFS_BATCH: usize = 200;
const IN_FLIGHT: usize = 4;
/// Bytes of one response read.
const MAX_RESPONSE: u64 = 256 << 20;
/// Bytes of one entity, as JSON: larger is refused, never stored.
pub const MAX_ENTITY: usize = 4 << 20;
/// Entities of one snapshot.
const MAX_ENTITIES: usize = 2_000_000;
/// Attempts of one request on 429, 5xx or a broken connection.
const ATTEMPTS: u32 = 5;
/// How long a token command may take.
const TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

/// Where a server's snapshot lives in the cache.
pub fn snapshot_dir(cache: &Path, server: &Server) -> PathBuf {
    let key = format!("{}\n{}", server.url, server.filter.as_deref().unwrap_or(""));
    cache
        .join("backstage")
        .join(format!("{:08x}", crc32fast::hash(key.as_bytes())))
}

/// The snapshot's descriptor file, when a sync has written one.
pub fn snapshot_file(cache: &Path, server: &Server) -> Option<PathBuf> {
    let file = snapshot_dir(cache, server).join(SNAPSHOT_FILE);
    file.is_file().then_some(file)
}

/// The meta of the snapshot `file` is, when it is one (read once per run).
fn meta_of(file: &Path) -> Option<std::sync::Arc<Meta>> {
    type Known = BTreeMap<PathBuf, Option<std::sync::Arc<Meta>>>;
    static KNOWN: std::sync::Mutex<Known> = std::sync::Mutex::new(BTreeMap::new());
    if file.file_name()? != SNAPSHOT_FILE {
        return None;
    }
    let dir = file.parent()?;
    // Only the cache's own snapshots: the scan names them as `snapshot_dir` builds them.
    let snapshots = crate::config::cache_dir().ok()?.join("backstage");
    if dir.parent() != Some(snapshots.as_path()) {
        return None;
    }
    let mut known = KNOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    known
        .entry(dir.to_path_buf())
        .or_insert_with(|| {
            crate::confine::read_regular(&dir.join(META_FILE), 256 << 20)
                .ok()
                .and_then(|b| serde_json::from_slice::<Meta>(&b).ok())
                .filter(|m| m.format == FORMAT)
                .map(std::sync::Arc::new)
        })
        .clone()
}

/// The URL of the Backstage whose snapshot `file` is, when it is one.
pub fn server_of(file: &Path) -> Option<String> {
    meta_of(file).map(|m| m.url.clone())
}

/// For an entity of a snapshot: its `managed-by-location` and
/// `managed-by-origin-location` as the server gave them.
pub fn server_locations(file: &Path, entity_ref: &str) -> Option<(String, String)> {
    meta_of(file)?
        .locations
        .get(&entity_ref.to_lowercase())
        .cloned()
}

/// An entity of a snapshot that a local file also defines.
#[derive(Debug, Clone)]
pub struct Overlaid {
    /// Its reference.
    pub entity: crate::catalog::EntityRef,
    /// The local file it is taken from.
    pub local: PathBuf,
    /// The Backstage whose copy is left out.
    pub server: String,
}

/// Leaves out of `entities` every entity of a snapshot whose reference an entity of a local
/// source also has (the local checkout overrides the server), and says which.
pub fn overlay(entities: &mut Vec<crate::catalog::Entity>) -> Vec<Overlaid> {
    let local: std::collections::HashMap<crate::catalog::EntityRef, PathBuf> = entities
        .iter()
        .filter(|e| server_of(&e.file).is_none())
        .map(|e| (e.entity_ref(), e.file.clone()))
        .collect();
    if local.len() == entities.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    entities.retain(|e| {
        let Some(server) = server_of(&e.file) else {
            return true;
        };
        match local.get(&e.entity_ref()) {
            Some(file) => {
                out.push(Overlaid {
                    entity: e.entity_ref(),
                    local: file.clone(),
                    server,
                });
                false
            }
            None => true,
        }
    });
    out
}

/// What the last successful sync wrote.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meta {
    format: u32,
    /// The server's URL.
    pub url: String,
    /// The filter it was synced with.
    pub filter: Option<String>,
    /// When, in seconds since the epoch.
    pub synced_at: u64,
    /// `full` or `etags`.
    pub method: String,
    /// Entities in it.
    pub entities: usize,
    /// Each entity's etag and reference, by uid.
    etags: BTreeMap<String, (String, String)>,
    /// Each entity's `managed-by-location` and `managed-by-origin-location` as the server
    /// gave them, by lower-cased reference (in the descriptor file they would be taken, as
    /// Backstage takes them, for ones written by hand).
    #[serde(default)]
    locations: BTreeMap<String, (String, String)>,
}

/// The last failure to sync, when it is newer than the snapshot.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Failure {
    /// When, in seconds since the epoch.
    pub at: u64,
    /// Why, in one line.
    pub error: String,
}

/// The snapshot's meta, when there is a good one.
pub fn meta(cache: &Path, server: &Server) -> Option<Meta> {
    let dir = snapshot_dir(cache, server);
    let bytes = crate::confine::read_regular(&dir.join(META_FILE), 256 << 20).ok()?;
    serde_json::from_slice::<Meta>(&bytes)
        .ok()
        .filter(|m| m.format == FORMAT)
}

/// The last failure, if the last sync failed.
pub fn failure(cache: &Path, server: &Server) -> Option<Failure> {
    let dir = snapshot_dir(cache, server);
    let bytes = crate::confine::read_regular(&dir.join(STATUS_FILE), 1 << 20).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// `full` (every entity read) or `etags` (uids and etags listed, the changed fetched).
    pub method: &'static str,
    /// Entities in the snapshot now.
    pub entities: usize,
    /// Entities fetched whole.
    pub fetched: usize,
    /// Entities gone since the last sync.
    pub removed: usize,
    /// HTTP requests made.
    pub requests: usize,
}

/// Progress: entities read so far, and how many the server says there are.
pub type Progress<'a> = &'a (dyn Fn(usize, Option<usize>) + Sync);

/// Syncs `server` into the cache: in full the first time, by etags after. On failure the
/// previous snapshot stays as it was, and the failure is recorded beside it.
pub fn sync(server: &Server, cache: &Path, progress: Progress<'_>) -> Result<Report, String> {
    let result = sync_inner(server, cache, progress);
    let dir = snapshot_dir(cache, server);
    match &result {
        Ok(_) => {
            let _ = std::fs::remove_file(dir.join(STATUS_FILE));
        }
        Err(e) => {
            let f = Failure {
                at: super::status::now(),
                error: e.clone(),
            };
            let _ = crate::confine::replace(
                &dir.join(STATUS_FILE),
                &serde_json::to_vec(&f).unwrap_or_default(),
            );
        }
    }
    result
}

fn sync_inner(server: &Server, cache: &Path, progress: Progress<'_>) -> Result<Report, String> {
    let token = token(server)?;
    let client = Client::new(server, token);
    let dir = snapshot_dir(cache, server);
    let previous = meta(cache, server).filter(|m| m.url == server.url && m.filter == server.filter);
    let (entities, report) = match previous {
        Some(previous) => incremental(&client, &dir, &previous, progress)?,
        None => {
            let mut entities = list(&client, None, progress)?;
            entities.retain(|e| !is_location(e));
            let n = entities.len();
            (
                entities,
                Report {
                    method: "full",
                    entities: n,
                    fetched: n,
                    removed: 0,
                    requests: 0,
                },
            )
        }
    };
    let mut report = report;
    report.requests = client.requests.load(std::sync::atomic::Ordering::Relaxed);
    save(&dir, server, &entities, report.method)?;
    Ok(report)
}

/// The token, from where portal.yaml says; never in a message.
fn token(server: &Server) -> Result<Option<String>, String> {
    match &server.token {
        None => Ok(None),
        Some(TokenSource::Env(name)) => match std::env::var(name) {
            Ok(t) if !t.trim().is_empty() => Ok(Some(t.trim().to_string())),
            _ => Err(format!(
                "the token variable {name} is not set; export it (an external access token of the Backstage, or the output of `backstage-cli auth print-token`)"
            )),
        },
        Some(TokenSource::Command(cmd)) => {
            let mut c = std::process::Command::new("sh");
            c.args(["-c", cmd]).stdin(std::process::Stdio::null());
            let out = crate::child::run_with(
                c,
                crate::child::Options {
                    stdin: None,
                    stdout: true,
                    stderr: true,
                    limit: 64 * 1024,
                    timeout: TOKEN_TIMEOUT,
                },
            )
            .map_err(|_| {
                format!("the token command `{cmd}` could not run or took longer than 30 s")
            })?;
            let t = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !out.status.success() || t.is_empty() {
                return Err(format!(
                    "the token command `{cmd}` failed (exit {}) or printed nothing",
                    out.status.code().unwrap_or(-1)
                ));
            }
            Ok(Some(t))
        }
    }
}

struct Client {
    agent: ureq::Agent,
    base: String,
    filter: Option<String>,
    token: Option<String>,
    requests: std::sync::atomic::AtomicUsize,
}

impl Client {
    fn new(server: &Server, token: Option<String>) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)))
            .http_status_as_error(false)
            .user_agent(concat!("portal/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Client {
            agent,
            base: server.url.clone(),
            filter: server.filter.clone(),
            token,
            requests: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// `GET`s or `POST`s `path` (with `query`), retried with backoff on 429, 5xx and
    /// broken connections (honouring `Retry-After`), and parses the JSON answer.
    fn call(
        &self,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Value, String> {
        let mut url = url::Url::parse(&format!("{}{path}", self.base))
            .map_err(|e| format!("{}{path} is not a URL: {e}", self.base))?;
        for (k, v) in query {
            url.query_pairs_mut().append_pair(k, v);
        }
        let shown = format!("{}{path}", self.base);
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.requests
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let result = match body {
                None => {
                    let mut r = self
                        .agent
                        .get(url.as_str())
                        .header("Accept", "application/json");
                    if let Some(t) = &self.token {
                        r = r.header("Authorization", &format!("Bearer {t}"));
                    }
                    r.call()
                }
                Some(b) => {
                    let mut r = self
                        .agent
                        .post(url.as_str())
                        .header("Accept", "application/json")
                        .header("Content-Type", "application/json");
                    if let Some(t) = &self.token {
                        r = r.header("Authorization", &format!("Bearer {t}"));
                    }
                    r.send(serde_json::to_vec(b).unwrap_or_default().as_slice())
                }
            };
            let response = match result {
                Ok(r) => r,
                Err(e) if attempt < ATTEMPTS && retryable(&e) => {
                    std::thread::sleep(backoff(attempt, None));
                    continue;
                }
                Err(e) => return Err(format!("cannot reach {shown}: {}", transport(&e))),
            };
            let status = response.status().as_u16();
            if (status == 429 || (500..600).contains(&status)) && attempt < ATTEMPTS {
                let after = response
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(|s| Duration::from_secs(s.min(60)));
                std::thread::sleep(backoff(attempt, after));
                continue;
            }
            match status {
                200 => {}
                401 => {
                    return Err(format!(
                        "{shown} refused the token (401 Unauthorized): {}",
                        if self.token.is_some() {
                            "it is wrong or expired; get a new one (an external access token from backend.auth.externalAccess in the Backstage's app-config, or `backstage-cli auth print-token`)"
                        } else {
                            "this Backstage needs one; add `token: env:BACKSTAGE_TOKEN` to the source in portal.yaml"
                        }
                    ));
                }
                403 => {
                    return Err(format!(
                        "{shown} accepted the token but does not let it read the catalog (403 Forbidden): ask for the catalog.entity.read permission"
                    ));
                }
                404 => {
                    return Err(format!(
                        "{shown} is not there (404): is {} a Backstage with the catalog plugin? Give its base URL, without /api",
                        self.base
                    ));
                }
                other => return Err(format!("{shown} answered {other}")),
            }
            let mut body = response.into_body();
            let text = body
                .with_config()
                .limit(MAX_RESPONSE)
                .read_to_string()
                .map_err(|e| format!("{shown}: the answer could not be read whole ({e})"))?;
            return serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{shown}: the answer is not JSON{} ({e})",
                    if e.is_eof() { ", it was cut short" } else { "" }
                )
            });
        }
    }
}

fn retryable(e: &ureq::Error) -> bool {
    matches!(
        e,
        ureq::Error::Io(_) | ureq::Error::ConnectionFailed | ureq::Error::Timeout(_)
    )
}

fn transport(e: &ureq::Error) -> String {
    match e {
        ureq::Error::ConnectionFailed => "the connection failed (is the server up?)".into(),
        ureq::Error::HostNotFound => "the host is not found".into(),
        ureq::Error::Timeout(_) => "it did not answer in time".into(),
        other => other.to_string(),
    }
}

fn backoff(attempt: u32, after: Option<Duration>) -> Duration {
    after.unwrap_or_else(|| Duration::from_millis(250u64 << attempt.min(5)))
}

/// Every entity (or, with `fields`, only those fields), page by page along the cursor.
fn list(
    client: &Client,
    fields: Option<&str>,
    progress: Progress<'_>,
) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    let mut seen = std::collections::HashSet::new();
    let mut total = None;
    loop {
        let mut query = vec![("limit", PAGE.to_string())];
        match &cursor {
            Some(c) => query.push(("cursor", c.clone())),
            None => {
                if let Some(f) = &client.filter {
                    query.push(("filter", f.clone()));
                }
            }
        }
        if let Some(f) = fields {
            query.push(("fields", f.to_string()));
        }
        let page = client.call("/api/catalog/entities/by-query", &query, None)?;
        let items = page
            .get("items")
            .and_then(Value::as_array)
            .ok_or("the by-query answer has no `items` array: is this a Backstage catalog?")?;
        total = page
            .get("totalItems")
            .and_then(Value::as_u64)
            .map(|t| t as usize)
            .or(total);
        for item in items {
            let size = serde_json::to_vec(item).map_or(0, |v| v.len());
            if size > MAX_ENTITY {
                return Err(format!(
                    "entity {} is {} MiB, over portal's limit of {} MiB: it is left on the server and the sync stopped",
                    entity_ref(item).unwrap_or_else(|| "(unnamed)".into()),
                    size >> 20,
                    MAX_ENTITY >> 20
                ));
            }
        }
        out.extend(items.iter().cloned());
        progress(out.len(), total);
        if out.len() > MAX_ENTITIES {
            return Err(format!(
                "more than {MAX_ENTITIES} entities: the sync stopped"
            ));
        }
        let next = page
            .get("pageInfo")
            .and_then(|p| p.get("nextCursor"))
            .and_then(Value::as_str)
            .map(str::to_string);
        match next {
            None => return Ok(out),
            Some(_) if items.is_empty() => {
                return Err("the server gave a next cursor with an empty page: its cursor never ends, so the sync stopped".into());
            }
            Some(c) if !seen.insert(c.clone()) => {
                return Err(format!(
                    "the server's cursor came back to one it gave before after {} entities: it never ends, so the sync stopped",
                    out.len()
                ));
            }
            Some(c) => cursor = Some(c),
        }
    }
}

/// `kind:namespace/name`, lower-cased kind as Backstage writes references.
fn entity_ref(e: &Value) -> Option<String> {
    let kind = e.get("kind")?.as_str()?;
    let md = e.get("metadata")?;
    let name = md.get("name")?.as_str()?;
    let ns = md
        .get("namespace")
        .and_then(Value::as_str)
        .unwrap_or("default");
    Some(format!("{}:{ns}/{name}", kind.to_lowercase()))
}

/// Lists uids and etags, and fetches what changed.
fn incremental(
    client: &Client,
    dir: &Path,
    previous: &Meta,
    progress: Progress<'_>,
) -> Result<(Vec<Value>, Report), String> {
    let stamps = list(
        client,
        Some("metadata.uid,metadata.etag,kind,metadata.namespace,metadata.name"),
        progress,
    )?;
    let old = read_entities(&dir.join(SNAPSHOT_FILE))?;
    let mut by_uid: BTreeMap<String, Value> = old
        .into_iter()
        .filter_map(|e| Some((uid(&e)?, e)))
        .collect();
    let mut keep = Vec::new();
    let mut wanted = Vec::new();
    for s in stamps.iter().filter(|s| !is_location(s)) {
        let (Some(u), Some(r)) = (uid(s), entity_ref(s)) else {
            continue;
        };
        let etag = s
            .pointer("/metadata/etag")
            .and_then(Value::as_str)
            .unwrap_or("");
        match (previous.etags.get(&u), by_uid.remove(&u)) {
            (Some((old_etag, _)), Some(e)) if old_etag == etag && !etag.is_empty() => keep.push(e),
            _ => wanted.push(r),
        }
    }
    let removed = by_uid.len();
    let fetched = fetch_refs(client, &wanted)?;
    let n = fetched.len();
    keep.extend(fetched);
    let report = Report {
        method: "etags",
        entities: keep.len(),
        fetched: n,
        removed,
        requests: 0,
    };
    Ok((keep, report))
}

/// Locations are the server's bookkeeping of where it reads: following one would make
/// portal read paths (or URLs) a server named, so they are never kept.
fn is_location(e: &Value) -> bool {
    e.get("kind").and_then(Value::as_str) == Some("Location")
}

fn uid(e: &Value) -> Option<String> {
    e.pointer("/metadata/uid")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// The entities `refs` name, `REFS_BATCH` per request, `IN_FLIGHT` requests at once.
fn fetch_refs(client: &Client, refs: &[String]) -> Result<Vec<Value>, String> {
    let batches: Vec<&[String]> = refs.chunks(REFS_BATCH).collect();
    let results: Vec<Result<Vec<Value>, String>> = std::thread::scope(|s| {
        let mut out = Vec::new();
        for group in batches.chunks(IN_FLIGHT) {
            let handles: Vec<_> = group
                .iter()
                .map(|batch| {
                    s.spawn(move || {
                        let body = serde_json::json!({ "entityRefs": batch });
                        let answer =
                            client.call("/api/catalog/entities/by-refs", &[], Some(&body))?;
                        let items = answer
                            .get("items")
                            .and_then(Value::as_array)
                            .ok_or("the by-refs answer has no `items` array")?;
                        let mut got = Vec::new();
                        for item in items.iter().filter(|i| !i.is_null()) {
                            if serde_json::to_vec(item).map_or(0, |v| v.len()) > MAX_ENTITY {
                                return Err(format!(
                                    "entity {} is over portal's limit of {} MiB: the sync stopped",
                                    entity_ref(item).unwrap_or_default(),
                                    MAX_ENTITY >> 20
                                ));
                            }
                            got.push(item.clone());
                        }
                        Ok(got)
                    })
                })
                .collect();
            for h in handles {
                out.push(
                    h.join()
                        .unwrap_or_else(|_| Err("a request thread failed".into())),
                );
            }
        }
        out
    });
    let mut all = Vec::new();
    for r in results {
        all.extend(r?);
    }
    Ok(all)
}

/// The entities of a snapshot file.
fn read_entities(file: &Path) -> Result<Vec<Value>, String> {
    let Ok(bytes) = crate::confine::read_regular(file, 16 << 30) else {
        return Ok(Vec::new());
    };
    let text = String::from_utf8_lossy(&bytes);
    Ok(text
        .lines()
        .filter(|l| *l != "---" && !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect())
}

/// Writes the snapshot and its meta, each whole and renamed into place.
fn save(
    dir: &Path,
    server: &Server,
    entities: &[Value],
    method: &'static str,
) -> Result<(), String> {
    let mut sorted: Vec<&Value> = entities.iter().filter(|e| !is_location(e)).collect();
    sorted.sort_by_cached_key(|e| entity_ref(e).unwrap_or_default());
    let mut text = Vec::new();
    let mut etags = BTreeMap::new();
    let mut locations = BTreeMap::new();
    for (i, e) in sorted.iter().enumerate() {
        if i > 0 {
            text.extend_from_slice(b"---\n");
        }
        // As a descriptor: what the catalog fills in (`relations`, `status`) is not part of
        // one, and portal derives the relations from the spec as Backstage does.
        let mut descriptor = (*e).clone();
        if let Some(m) = descriptor.as_object_mut() {
            m.remove("relations");
            m.remove("status");
        }
        // One line of JSON: a YAML document, and safe against a value that looks like `---`.
        text.extend_from_slice(&serde_json::to_vec(&descriptor).map_err(|e| e.to_string())?);
        text.push(b'\n');
        let annotation = |k: &str| {
            e.pointer(&format!("/metadata/annotations/{}", k.replace('/', "~1")))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        if let (Some(r), Some(at)) = (
            entity_ref(e),
            annotation("backstage.io/managed-by-location"),
        ) {
            let origin =
                annotation("backstage.io/managed-by-origin-location").unwrap_or_else(|| at.clone());
            locations.insert(r.to_lowercase(), (at, origin));
        }
        if let (Some(u), Some(r)) = (uid(e), entity_ref(e)) {
            let etag = e
                .pointer("/metadata/etag")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            etags.insert(u, (etag, r));
        }
    }
    let meta = Meta {
        format: FORMAT,
        url: server.url.clone(),
        filter: server.filter.clone(),
        synced_at: super::status::now(),
        method: method.to_string(),
        entities: entities.len(),
        etags,
        locations,
    };
    crate::confine::replace(&dir.join(SNAPSHOT_FILE), &text)
        .and_then(|_| {
            crate::confine::replace(
                &dir.join(META_FILE),
                &serde_json::to_vec(&meta).unwrap_or_default(),
            )
        })
        .map_err(|e| format!("cannot write the snapshot in {}: {e}", dir.display()))
}
