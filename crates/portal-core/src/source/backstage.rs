//! A running Backstage as a source. `portal sync` reads its catalog through the REST API
//! (`GET /api/catalog/entities/by-query`, cursor pagination) into a snapshot in the cache;
//! every command reads the snapshot, never the network. A second sync lists only each
//! entity's `metadata.uid` and `metadata.etag` (the `fields` projection) and fetches the
//! entities whose etag changed by reference (`POST /api/catalog/entities/by-refs`): catalog
//! backend 4.0.0 has no history API.
//!
//! The snapshot is a folder of the cache:
//!
//! - shards, `entities-SEQ-CRC.yaml`, of at most `SHARD_ENTITIES` entities and
//!   `SHARD_BYTES` bytes each: each entity as one line of JSON without the `relations` and
//!   `status` the catalog fills in, documents separated by `---`. A YAML stream, read by the
//!   scan as any descriptor file, so the index serves it (and reads the shards in parallel);
//! - beside each shard, `served-SEQ-CRC.json`: what the server said of each entity beyond
//!   its descriptor (its relations and its two location annotations), applied by the scan;
//! - `etags-CRC.json`: each entity's etag and shard, for the next sync;
//! - `snapshot.json`, the meta: what was synced, when, and which of the files above make
//!   the snapshot.
//!
//! Entities are written shard by shard as pages arrive, so a sync holds one page and one
//! shard, not the catalog. Every file but the meta is named by its content and never
//! rewritten; the meta is written last, whole, and renamed into place. So an interrupted
//! sync (Ctrl-C, a server gone) leaves the previous snapshot as it was, and a sync that
//! changed a few entities rewrites only their shards (the index reads the others as they
//! were). The token is never written anywhere.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::catalog::{Entity, EntityRef, FileReport, Relation, Served};
use crate::config::{Server, TokenSource};

/// Bumped when the snapshot's meaning changes; an older one is synced again in full.
const FORMAT: u32 = 2;
/// What was synced, when, and the files of the snapshot.
const META_FILE: &str = "snapshot.json";
/// The last failure, beside the snapshot it leaves in use.
const STATUS_FILE: &str = "status.json";
/// Entities per page (measured in docs/performance.md).
pub const PAGE: usize = 500;
/// Entities of one shard, and its bytes: far inside what a descriptor file may hold
/// (`catalog::MAX_FILE_BYTES`, and the YAML reader's token budget), and small enough that
/// an edit rewrites little.
const SHARD_ENTITIES: usize = 1_000;
const SHARD_BYTES: usize = 2 << 20;
/// References per `by-refs` request, and requests of them in flight.
const REFS_BATCH: usize = 200;
const IN_FLIGHT: usize = 4;
/// Bytes of one response read.
const MAX_RESPONSE: u64 = 256 << 20;
/// Bytes of one entity, as JSON: larger is refused, never stored (a shard of one entity
/// this large still reads within the YAML reader's budget).
pub const MAX_ENTITY: usize = 1 << 20;
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

/// The snapshot's descriptor files (its shards), when a sync has written one.
pub fn snapshot_files(cache: &Path, server: &Server) -> Option<Vec<PathBuf>> {
    let dir = snapshot_dir(cache, server);
    let meta = meta(cache, server)?;
    Some(meta.shards.iter().map(|s| dir.join(s.file())).collect())
}

/// Whether `file` is a shard of one of the cache's own snapshots, by its path alone.
pub fn is_snapshot_file(file: &Path) -> bool {
    let named = file
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("entities-") && n.ends_with(".yaml"));
    named
        && crate::config::cache_dir().is_ok_and(|cache| {
            file.parent().and_then(Path::parent) == Some(cache.join("backstage").as_path())
        })
}

/// The meta of the snapshot whose shard `file` is (read once per run).
fn meta_of(file: &Path) -> Option<std::sync::Arc<Meta>> {
    type Known = BTreeMap<PathBuf, Option<std::sync::Arc<Meta>>>;
    static KNOWN: std::sync::Mutex<Known> = std::sync::Mutex::new(BTreeMap::new());
    if !is_snapshot_file(file) {
        return None;
    }
    let dir = file.parent()?;
    let mut known = KNOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    known
        .entry(dir.to_path_buf())
        .or_insert_with(|| read_meta(dir).map(std::sync::Arc::new))
        .clone()
}

/// For the entities read from a shard of a snapshot: what the server said of each beyond
/// its descriptor. Their relations become the server's (of Backstage's built-in types; a
/// type only a server's own processor makes has no meaning here and is left out), and each
/// is marked as served by it.
pub fn apply_served(file: &Path, report: &mut FileReport) {
    let Some(meta) = meta_of(file) else {
        return;
    };
    let sidecar = file.with_file_name(
        file.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .replacen("entities-", "served-", 1)
            .replace(".yaml", ".json"),
    );
    let served: BTreeMap<String, ServedEntity> =
        crate::confine::read_regular(&sidecar, crate::catalog::MAX_FILE_BYTES)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
    for e in &mut report.entities {
        let given = served.get(&e.entity_ref().to_string());
        if let Some(given) = given {
            e.relations = given
                .relations
                .iter()
                .filter_map(|(kind, target)| {
                    Some(Relation {
                        kind: crate::catalog::kinds::relation_type(kind)?,
                        target: crate::catalog::entity_ref::parse_ref(target, None, "default")
                            .ok()?,
                        pos: e.pos,
                    })
                })
                .collect();
        }
        e.served = Some(Box::new(Served {
            url: meta.url.clone(),
            location: given.and_then(|g| g.location.clone()),
            origin: given.and_then(|g| g.origin.clone()),
        }));
    }
}

/// An entity of a snapshot that a local file also defines.
#[derive(Debug, Clone)]
pub struct Overlaid {
    /// Its reference.
    pub entity: EntityRef,
    /// The local file it is taken from.
    pub local: PathBuf,
    /// The Backstage whose copy is left out.
    pub server: String,
}

/// Leaves out of `entities` every entity of a snapshot whose reference an entity of a local
/// source also has (the local checkout overrides the server), and says which.
pub fn overlay(entities: &mut Vec<Entity>) -> Vec<Overlaid> {
    let local: HashMap<EntityRef, PathBuf> = entities
        .iter()
        .filter(|e| e.served.is_none())
        .map(|e| (e.entity_ref().clone(), e.file.clone()))
        .collect();
    if local.len() == entities.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    entities.retain(|e| {
        let Some(served) = &e.served else {
            return true;
        };
        match local.get(e.entity_ref()) {
            Some(file) => {
                out.push(Overlaid {
                    entity: e.entity_ref().clone(),
                    local: file.clone(),
                    server: served.url.clone(),
                });
                false
            }
            None => true,
        }
    });
    out
}

/// What the server said of one entity beyond its descriptor.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ServedEntity {
    /// `(type, targetRef)`, as the server computed them.
    relations: Vec<(String, String)>,
    location: Option<String>,
    origin: Option<String>,
}

/// One shard of a snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Shard {
    /// `SEQ-CRC`: the files are `entities-SEQ-CRC.yaml` and `served-SEQ-CRC.json`.
    name: String,
    entities: usize,
}

impl Shard {
    fn file(&self) -> String {
        format!("entities-{}.yaml", self.name)
    }
    fn sidecar(&self) -> String {
        format!("served-{}.json", self.name)
    }
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
    /// The shards, in order.
    shards: Vec<Shard>,
    /// The etags file.
    etags: String,
    /// The number the next shard written takes.
    next: u64,
}

/// Each entity's etag and shard, by uid (or by reference, for a server that gives no uid).
type Etags = BTreeMap<String, (String, String)>;

fn read_meta(dir: &Path) -> Option<Meta> {
    let bytes = crate::confine::read_regular(&dir.join(META_FILE), 16 << 20).ok()?;
    // The files it names are taken as plain names in `dir`, never as paths.
    let plain = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    serde_json::from_slice::<Meta>(&bytes)
        .ok()
        .filter(|m| m.format == FORMAT)
        .filter(|m| {
            m.shards.iter().all(|s| plain(&s.name))
                && m.etags
                    .strip_prefix("etags-")
                    .and_then(|n| n.strip_suffix(".json"))
                    .is_some_and(plain)
        })
}

/// The snapshot's meta, when there is a good one.
pub fn meta(cache: &Path, server: &Server) -> Option<Meta> {
    read_meta(&snapshot_dir(cache, server))
}

/// The last failure to sync, when it is newer than the snapshot.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Failure {
    /// When, in seconds since the epoch.
    pub at: u64,
    /// Why, in one line.
    pub error: String,
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
    /// Shards written (the others were kept as they were).
    pub shards_written: usize,
    /// Shards in the snapshot now.
    pub shards: usize,
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
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot make the snapshot folder {}: {e}", dir.display()))?;
    let old = read_meta(&dir);
    // Shard numbers go on from any earlier snapshot's, so no new file takes a live name.
    let next = old.as_ref().map_or(0, |m| m.next);
    let previous = old
        .filter(|m| m.url == server.url && m.filter == server.filter)
        .and_then(|m| {
            let etags = read_etags(&dir, &m)?;
            m.shards
                .iter()
                .all(|s| dir.join(s.file()).is_file())
                .then_some((m, etags))
        });
    let mut report = match previous {
        Some((meta, etags)) => incremental(&client, &dir, server, &meta, etags, progress)?,
        None => full(&client, &dir, server, next, progress)?,
    };
    report.requests = client.requests.load(std::sync::atomic::Ordering::Relaxed);
    Ok(report)
}

fn read_etags(dir: &Path, meta: &Meta) -> Option<Etags> {
    let bytes = crate::confine::read_regular(&dir.join(&meta.etags), 1 << 30).ok()?;
    serde_json::from_slice(&bytes).ok()
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
    fn call<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<T, String> {
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
            return serde_json::from_str(&text).map_err(|e| match e.classify() {
                serde_json::error::Category::Data => {
                    format!("{shown}: the answer is not a catalog answer ({e})")
                }
                _ => format!(
                    "{shown}: the answer is not JSON{} ({e})",
                    if e.is_eof() { ", it was cut short" } else { "" }
                ),
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

/// One page of `by-query`.
#[derive(Deserialize)]
struct Page<T> {
    items: Option<Vec<T>>,
    #[serde(rename = "pageInfo")]
    page_info: Option<PageInfo>,
    #[serde(rename = "totalItems")]
    total_items: Option<u64>,
}

#[derive(Deserialize)]
struct PageInfo {
    #[serde(rename = "nextCursor")]
    next_cursor: Option<String>,
}

/// Every entity (or, with `fields`, only those fields), page by page along the cursor:
/// each page is given to `each` as it arrives, and not kept.
fn pages<T: serde::de::DeserializeOwned>(
    client: &Client,
    fields: Option<&str>,
    progress: Progress<'_>,
    mut each: impl FnMut(Vec<T>) -> Result<(), String>,
) -> Result<(), String> {
    let mut cursor: Option<String> = None;
    let mut seen = HashSet::new();
    let mut total = None;
    let mut read = 0;
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
        let page: Page<T> = client.call("/api/catalog/entities/by-query", &query, None)?;
        let items = page
            .items
            .ok_or("the by-query answer has no `items` array: is this a Backstage catalog?")?;
        total = page.total_items.map(|t| t as usize).or(total);
        let n = items.len();
        read += n;
        each(items)?;
        progress(read, total);
        if read > MAX_ENTITIES {
            return Err(format!(
                "more than {MAX_ENTITIES} entities: the sync stopped"
            ));
        }
        match page.page_info.and_then(|p| p.next_cursor) {
            None => return Ok(()),
            Some(_) if n == 0 => {
                return Err("the server gave a next cursor with an empty page: its cursor never ends, so the sync stopped".into());
            }
            Some(c) if !seen.insert(c.clone()) => {
                return Err(format!(
                    "the server's cursor came back to one it gave before after {read} entities: it never ends, so the sync stopped"
                ));
            }
            Some(c) => cursor = Some(c),
        }
    }
}

/// An entity as the server gave it, made ready for a shard.
struct Item {
    /// Its line: the entity as JSON, without `relations` and `status`.
    line: Vec<u8>,
    /// Its uid, or its reference when the server gives no uid.
    key: String,
    etag: String,
    /// `kind:namespace/name`, lower-cased.
    reference: String,
    served: ServedEntity,
}

/// `raw`, an entity of an answer, as an `Item`; `None` for a Location (the server's
/// bookkeeping of where it reads: following one would make portal read paths or URLs a
/// server named, so they are never kept).
fn item(raw: &RawValue) -> Result<Option<Item>, String> {
    let size = raw.get().len();
    let mut e: Value = serde_json::from_str(raw.get())
        .map_err(|e| format!("an entity of the answer is not JSON ({e})"))?;
    let reference = entity_ref(&e);
    if size > MAX_ENTITY {
        return Err(format!(
            "entity {} is {:.1} MiB, over portal's limit of {} MiB: it is left on the server and the sync stopped",
            reference.as_deref().unwrap_or("(unnamed)"),
            size as f64 / f64::from(1u32 << 20),
            MAX_ENTITY >> 20
        ));
    }
    if is_location(&e) {
        return Ok(None);
    }
    let reference = reference.ok_or_else(|| {
        "the server gave an entity without a kind or a name: is this a Backstage catalog?"
            .to_string()
    })?;
    let text = |v: &Value, p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
    let relations = e
        .get("relations")
        .and_then(Value::as_array)
        .map(|rs| {
            rs.iter()
                .filter_map(|r| {
                    let kind = text(r, "/type")?;
                    // `targetRef`; servers before it gave `target` as parts.
                    let target = text(r, "/targetRef").or_else(|| {
                        Some(format!(
                            "{}:{}/{}",
                            text(r, "/target/kind")?.to_lowercase(),
                            text(r, "/target/namespace")?,
                            text(r, "/target/name")?
                        ))
                    })?;
                    Some((kind, target.to_lowercase()))
                })
                .collect()
        })
        .unwrap_or_default();
    let served = ServedEntity {
        relations,
        location: text(
            &e,
            "/metadata/annotations/backstage.io~1managed-by-location",
        ),
        origin: text(
            &e,
            "/metadata/annotations/backstage.io~1managed-by-origin-location",
        ),
    };
    let key = text(&e, "/metadata/uid").unwrap_or_else(|| reference.clone());
    let etag = text(&e, "/metadata/etag").unwrap_or_default();
    // As a descriptor: what the catalog fills in is not part of one.
    if let Some(m) = e.as_object_mut() {
        m.remove("relations");
        m.remove("status");
    }
    // One line of JSON: a YAML document, and safe against a value that looks like `---`.
    let line = serde_json::to_vec(&e).map_err(|e| e.to_string())?;
    Ok(Some(Item {
        line,
        key,
        etag,
        reference,
        served,
    }))
}

/// `kind:namespace/name`, lower-cased as Backstage writes references.
fn entity_ref(e: &Value) -> Option<String> {
    let kind = e.get("kind")?.as_str()?;
    let md = e.get("metadata")?;
    let name = md.get("name")?.as_str()?;
    let ns = md
        .get("namespace")
        .and_then(Value::as_str)
        .unwrap_or("default");
    Some(format!("{}:{ns}/{name}", kind.to_lowercase()).to_lowercase())
}

fn is_location(e: &Value) -> bool {
    e.get("kind")
        .and_then(Value::as_str)
        .is_some_and(|k| k.eq_ignore_ascii_case("location"))
}

/// Writes entities into new shards, closing one when it is full.
struct Packer<'a> {
    dir: &'a Path,
    next: u64,
    text: Vec<u8>,
    served: BTreeMap<String, ServedEntity>,
    keys: Vec<(String, String)>,
    written: Vec<Shard>,
    etags: Etags,
}

impl<'a> Packer<'a> {
    fn new(dir: &'a Path, next: u64) -> Packer<'a> {
        Packer {
            dir,
            next,
            text: Vec::new(),
            served: BTreeMap::new(),
            keys: Vec::new(),
            written: Vec::new(),
            etags: Etags::new(),
        }
    }

    fn push(&mut self, item: Item) -> Result<(), String> {
        if !self.keys.is_empty()
            && (self.keys.len() >= SHARD_ENTITIES
                || self.text.len() + item.line.len() > SHARD_BYTES)
        {
            self.close()?;
        }
        if !self.keys.is_empty() {
            self.text.extend_from_slice(b"---\n");
        }
        self.text.extend_from_slice(&item.line);
        self.text.push(b'\n');
        self.served.insert(item.reference, item.served);
        self.keys.push((item.key, item.etag));
        Ok(())
    }

    /// Writes the shard being filled, under a name no live file has.
    fn close(&mut self) -> Result<(), String> {
        if self.keys.is_empty() {
            return Ok(());
        }
        let name = format!("{:08}-{:08x}", self.next, crc32fast::hash(&self.text));
        self.next += 1;
        let shard = Shard {
            name,
            entities: self.keys.len(),
        };
        let served = serde_json::to_vec(&self.served).map_err(|e| e.to_string())?;
        write(&self.dir.join(shard.sidecar()), &served)?;
        write(&self.dir.join(shard.file()), &self.text)?;
        for (key, etag) in self.keys.drain(..) {
            self.etags.insert(key, (etag, shard.name.clone()));
        }
        self.text.clear();
        self.served.clear();
        self.written.push(shard);
        Ok(())
    }
}

fn write(file: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::confine::replace(file, bytes)
        .map_err(|e| format!("cannot write the snapshot file {}: {e}", file.display()))
}

/// Every entity, written shard by shard as the pages arrive.
fn full(
    client: &Client,
    dir: &Path,
    server: &Server,
    next: u64,
    progress: Progress<'_>,
) -> Result<Report, String> {
    let mut packer = Packer::new(dir, next);
    let mut seen = HashSet::new();
    pages::<Box<RawValue>>(client, None, progress, |items| {
        for raw in items {
            if let Some(item) = item(&raw)? {
                // A page boundary moving under a live catalog can give an entity twice.
                if seen.insert(item.key.clone()) {
                    packer.push(item)?;
                }
            }
        }
        Ok(())
    })?;
    packer.close()?;
    let n = packer.etags.len();
    let written = packer.written.len();
    let shards = std::mem::take(&mut packer.written);
    commit(dir, server, "full", shards, &packer.etags, packer.next)?;
    Ok(Report {
        method: "full",
        entities: n,
        fetched: n,
        removed: 0,
        shards_written: written,
        shards: written,
        requests: 0,
    })
}

/// What the listing of uids and etags gives of each entity.
#[derive(Deserialize)]
struct Stamped {
    kind: Option<String>,
    metadata: Option<StampedMeta>,
}

#[derive(Deserialize)]
struct StampedMeta {
    name: Option<String>,
    namespace: Option<String>,
    uid: Option<String>,
    etag: Option<String>,
}

/// Lists uids and etags, fetches what changed, and rewrites only the shards that hold a
/// changed or removed entity; nothing is written but the meta when nothing changed.
fn incremental(
    client: &Client,
    dir: &Path,
    server: &Server,
    meta: &Meta,
    mut etags: Etags,
    progress: Progress<'_>,
) -> Result<Report, String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut touched: HashSet<String> = HashSet::new();
    let mut wanted: Vec<String> = Vec::new();
    pages::<Stamped>(
        client,
        Some("metadata.uid,metadata.etag,kind,metadata.namespace,metadata.name"),
        progress,
        |items| {
            for s in items {
                let (Some(kind), Some(md)) = (s.kind, s.metadata) else {
                    continue;
                };
                if kind.eq_ignore_ascii_case("location") {
                    continue;
                }
                let Some(name) = md.name else { continue };
                let reference = format!(
                    "{kind}:{}/{name}",
                    md.namespace.as_deref().unwrap_or("default")
                )
                .to_lowercase();
                let key = md.uid.unwrap_or_else(|| reference.clone());
                let etag = md.etag.unwrap_or_default();
                if !seen.insert(key.clone()) {
                    continue;
                }
                match etags.get(&key) {
                    Some((old, _)) if *old == etag && !etag.is_empty() => {}
                    Some((_, shard)) => {
                        touched.insert(shard.clone());
                        wanted.push(reference);
                    }
                    None => wanted.push(reference),
                }
            }
            Ok(())
        },
    )?;
    let gone: Vec<String> = etags
        .keys()
        .filter(|k| !seen.contains(*k))
        .cloned()
        .collect();
    for key in &gone {
        if let Some((_, shard)) = etags.remove(key) {
            touched.insert(shard);
        }
    }
    let mut fetched: HashMap<String, Item> = HashMap::new();
    for raw in fetch_refs(client, &wanted)? {
        if let Some(item) = item(&raw)? {
            fetched.insert(item.key.clone(), item);
        }
    }
    let n_fetched = fetched.len();
    let mut report = Report {
        method: "etags",
        fetched: n_fetched,
        removed: gone.len(),
        requests: 0,
        ..Report::default()
    };
    if touched.is_empty() && fetched.is_empty() {
        report.entities = meta.entities;
        report.shards = meta.shards.len();
        commit(dir, server, "etags", meta.shards.clone(), &etags, meta.next)?;
        return Ok(report);
    }
    // The touched shards again: each kept entity as it was, each changed one replaced
    // where it stood, the removed left out; the new ones after.
    let mut packer = Packer::new(dir, meta.next);
    let mut shards = Vec::new();
    // The etags of the touched shards' entities are taken out: the packer gives back those
    // of the entities it writes again, so none is left naming a shard that is gone.
    let before: Etags = {
        let (out, keep): (Etags, Etags) = std::mem::take(&mut etags)
            .into_iter()
            .partition(|(_, (_, shard))| touched.contains(shard));
        etags = keep;
        out
    };
    for shard in &meta.shards {
        if !touched.contains(&shard.name) {
            shards.push(shard.clone());
            continue;
        }
        let text = crate::confine::read_regular(&dir.join(shard.file()), 1 << 30)
            .map_err(|e| format!("cannot read the snapshot file {}: {e:?}", shard.file()))?;
        let served: BTreeMap<String, ServedEntity> =
            crate::confine::read_regular(&dir.join(shard.sidecar()), 1 << 30)
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or_default();
        for line in text.split(|b| *b == b'\n') {
            if line.is_empty() || line == b"---" {
                continue;
            }
            let Ok(e) = serde_json::from_slice::<Value>(line) else {
                continue;
            };
            let Some(reference) = entity_ref(&e) else {
                continue;
            };
            let key = e
                .pointer("/metadata/uid")
                .and_then(Value::as_str)
                .map_or_else(|| reference.clone(), str::to_string);
            if let Some(item) = fetched.remove(&key) {
                packer.push(item)?;
            } else if seen.contains(&key)
                && let Some((etag, _)) = before.get(&key)
            {
                packer.push(Item {
                    line: line.to_vec(),
                    key: key.clone(),
                    etag: etag.clone(),
                    served: served.get(&reference).cloned().unwrap_or_default(),
                    reference,
                })?;
            }
        }
    }
    // The new ones, by reference.
    let mut new: Vec<Item> = fetched.into_values().collect();
    new.sort_by(|a, b| a.reference.cmp(&b.reference));
    for item in new {
        packer.push(item)?;
    }
    packer.close()?;
    for (key, v) in std::mem::take(&mut packer.etags) {
        etags.insert(key, v);
    }
    report.shards_written = packer.written.len();
    shards.append(&mut packer.written);
    report.entities = etags.len();
    report.shards = shards.len();
    commit(dir, server, "etags", shards, &etags, packer.next)?;
    Ok(report)
}

/// Makes `shards` the snapshot: the etags file, then the meta (renamed into place: the
/// one step that changes what a reader sees), then the files no longer part of it go.
fn commit(
    dir: &Path,
    server: &Server,
    method: &str,
    shards: Vec<Shard>,
    etags: &Etags,
    next: u64,
) -> Result<(), String> {
    let etags_bytes = serde_json::to_vec(etags).map_err(|e| e.to_string())?;
    let etags_file = format!("etags-{:08x}.json", crc32fast::hash(&etags_bytes));
    if !dir.join(&etags_file).is_file() {
        write(&dir.join(&etags_file), &etags_bytes)?;
    }
    let meta = Meta {
        format: FORMAT,
        url: server.url.clone(),
        filter: server.filter.clone(),
        synced_at: super::status::now(),
        method: method.to_string(),
        entities: shards.iter().map(|s| s.entities).sum(),
        shards,
        etags: etags_file,
        next,
    };
    write(
        &dir.join(META_FILE),
        &serde_json::to_vec(&meta).unwrap_or_default(),
    )?;
    let live: HashSet<String> = meta
        .shards
        .iter()
        .flat_map(|s| [s.file(), s.sidecar()])
        .chain([meta.etags.clone(), META_FILE.into(), STATUS_FILE.into()])
        .collect();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !live.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

/// The entities `refs` name, `REFS_BATCH` per request, `IN_FLIGHT` requests at once.
fn fetch_refs(client: &Client, refs: &[String]) -> Result<Vec<Box<RawValue>>, String> {
    #[derive(Deserialize)]
    struct Found {
        items: Option<Vec<Option<Box<RawValue>>>>,
    }
    let batches: Vec<&[String]> = refs.chunks(REFS_BATCH).collect();
    let mut all = Vec::new();
    for group in batches.chunks(IN_FLIGHT) {
        let results: Vec<Result<Vec<Box<RawValue>>, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = group
                .iter()
                .map(|batch| {
                    s.spawn(move || {
                        let body = serde_json::json!({ "entityRefs": batch });
                        let answer: Found =
                            client.call("/api/catalog/entities/by-refs", &[], Some(&body))?;
                        let items = answer
                            .items
                            .ok_or("the by-refs answer has no `items` array")?;
                        Ok(items.into_iter().flatten().collect())
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("a request thread failed".into()))
                })
                .collect()
        });
        for r in results {
            all.extend(r?);
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(s: &str) -> Box<RawValue> {
        RawValue::from_string(s.to_string()).unwrap()
    }

    #[test]
    fn an_item_is_the_descriptor_and_what_the_server_said_beside_it() {
        let e = raw(
            r#"{"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"Orders","uid":"u1","etag":"e1","annotations":{"backstage.io/managed-by-location":"url:https://x/a.yaml"}},"spec":{"owner":"team-a"},"relations":[{"type":"ownedBy","targetRef":"group:default/team-a"},{"type":"partOf","target":{"kind":"System","namespace":"default","name":"Shop"}}],"status":{"items":[]}}"#,
        );
        let it = item(&e).unwrap().unwrap();
        let line = String::from_utf8(it.line.clone()).unwrap();
        assert!(
            !line.contains("relations") && !line.contains("status"),
            "{line}"
        );
        assert!(!line.contains('\n'));
        assert!(line.starts_with(r#"{"apiVersion":"backstage.io/v1alpha1","kind":"Component""#));
        assert_eq!(it.reference, "component:default/orders");
        assert_eq!((it.key.as_str(), it.etag.as_str()), ("u1", "e1"));
        assert_eq!(
            it.served.relations,
            vec![
                ("ownedBy".to_string(), "group:default/team-a".to_string()),
                ("partOf".to_string(), "system:default/shop".to_string())
            ]
        );
        assert_eq!(it.served.location.as_deref(), Some("url:https://x/a.yaml"));
        assert_eq!(it.served.origin, None);
        // Locations are never kept; an entity over the limit stops the sync, named.
        let location = raw(r#"{"kind":"Location","metadata":{"name":"l"},"spec":{}}"#);
        assert!(item(&location).unwrap().is_none());
        let big = format!(
            r#"{{"kind":"Component","metadata":{{"name":"big"}},"spec":{{"x":"{}"}}}}"#,
            "a".repeat(MAX_ENTITY)
        );
        let err = item(&raw(&big)).err().unwrap();
        assert!(
            err.contains("component:default/big") && err.contains("1 MiB"),
            "{err}"
        );
        // Without a kind or a name it is not an entity.
        assert!(item(&raw(r#"{"metadata":{}}"#)).is_err());
    }

    #[test]
    fn a_meta_naming_paths_is_not_a_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let meta = |shard: &str, etags: &str| {
            let m = serde_json::json!({"format": FORMAT, "url": "u", "filter": null, "synced_at": 0,
                "method": "full", "entities": 0, "shards": [{"name": shard, "entities": 0}],
                "etags": etags, "next": 1});
            std::fs::write(dir.path().join(META_FILE), m.to_string()).unwrap();
            read_meta(dir.path()).is_some()
        };
        assert!(meta("00000000-1a2b3c4d", "etags-0badf00d.json"));
        assert!(!meta("../../etc/passwd", "etags-0badf00d.json"));
        assert!(!meta("00000000-1a2b3c4d", "../etags-0badf00d.json"));
        assert!(!meta("00000000-1a2b3c4d", "etags-../../x.json"));
    }

    #[test]
    fn shards_close_when_full_and_are_named_by_their_content() {
        let dir = tempfile::tempdir().unwrap();
        let mut packer = Packer::new(dir.path(), 7);
        for i in 0..SHARD_ENTITIES + 5 {
            let e = raw(&format!(
                r#"{{"kind":"Component","metadata":{{"name":"c{i}","uid":"u{i}","etag":"e"}},"spec":{{}}}}"#
            ));
            packer.push(item(&e).unwrap().unwrap()).unwrap();
        }
        packer.close().unwrap();
        let shards: Vec<(String, usize)> = packer
            .written
            .iter()
            .map(|s| (s.name.clone(), s.entities))
            .collect();
        assert_eq!(shards.len(), 2);
        assert_eq!((shards[0].1, shards[1].1), (SHARD_ENTITIES, 5));
        assert!(shards[0].0.starts_with("00000007-") && shards[1].0.starts_with("00000008-"));
        let text = std::fs::read(dir.path().join(packer.written[1].file())).unwrap();
        assert_eq!(
            packer.written[1].name,
            format!("00000008-{:08x}", crc32fast::hash(&text))
        );
        assert_eq!(
            text.split(|b| *b == b'\n').filter(|l| *l == b"---").count(),
            4
        );
        assert_eq!(packer.etags.len(), SHARD_ENTITIES + 5);
        assert_eq!(packer.etags["u1003"].1, packer.written[1].name);
        let served: BTreeMap<String, ServedEntity> = serde_json::from_slice(
            &std::fs::read(dir.path().join(packer.written[1].sidecar())).unwrap(),
        )
        .unwrap();
        assert!(served.contains_key("component:default/c1004"));
    }
}
