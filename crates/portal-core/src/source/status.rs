//! What the last `portal sync` of each remote did, kept beside its clone
//! (`<cache>/<name>.status.json`): when a ref last synced, and whether (and why) the last
//! attempt failed. Queries read it to say "failed to sync" rather than "never synced", and
//! to warn that a source is older than its last attempt.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::git::cache_name;
use crate::config::Remote;

/// The status file is portal's own, but it is read with a bound all the same.
const MAX_STATUS_BYTES: u64 = 1024 * 1024;

/// What the syncs of one ref of one remote did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    /// When a sync of this ref last succeeded, in seconds since the Unix epoch.
    pub last_success: Option<u64>,
    /// When the last sync failed, if the last sync failed (cleared by a success).
    pub last_failure: Option<u64>,
    /// Why the last sync failed (credentials removed).
    pub error: Option<String>,
}

impl SyncStatus {
    /// Whether the most recent sync failed.
    pub fn failed(&self) -> bool {
        self.last_failure.is_some()
    }
}

/// A remote source with what its syncs did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteState {
    /// The source as configured.
    pub remote: Remote,
    /// Its ref's status; the default when it was never synced.
    pub status: SyncStatus,
}

fn file(cache: &Path, url: &str) -> PathBuf {
    cache.join(format!("{}.status.json", cache_name(url)))
}

fn key(reference: Option<&str>) -> String {
    reference.unwrap_or("HEAD").to_string()
}

fn read_all(path: &Path) -> BTreeMap<String, SyncStatus> {
    let Ok(f) = std::fs::File::open(path) else {
        return BTreeMap::new();
    };
    let mut text = String::new();
    if f.take(MAX_STATUS_BYTES).read_to_string(&mut text).is_err() {
        return BTreeMap::new();
    }
    // A status that cannot be read is as good as none: it only words a message.
    serde_json::from_str(&text).unwrap_or_default()
}

/// The status of `remote`'s ref in `cache`; the default when nothing was recorded.
pub fn read(cache: &Path, remote: &Remote) -> SyncStatus {
    read_all(&file(cache, &remote.url))
        .remove(&key(remote.reference.as_deref()))
        .unwrap_or_default()
}

/// Seconds since the Unix epoch, now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Records the outcome of syncing `reference` of `url` at `at`. Called with the clone's
/// lock held; written to a temporary file and renamed, so a reader never sees half of it.
/// Failing to record is not a failure of the sync.
pub(crate) fn record(
    cache: &Path,
    url: &str,
    reference: Option<&str>,
    result: &Result<String, String>,
    at: u64,
) {
    let path = file(cache, url);
    let mut all = read_all(&path);
    let entry = all.entry(key(reference)).or_default();
    match result {
        Ok(_) => {
            entry.last_success = Some(at);
            entry.last_failure = None;
            entry.error = None;
        }
        Err(e) => {
            entry.last_failure = Some(at);
            entry.error = Some(e.chars().take(2000).collect());
        }
    }
    let Ok(text) = serde_json::to_vec_pretty(&all) else {
        return;
    };
    let _ = crate::confine::replace(&path, &text);
}

/// How long ago `then` was, from `now`, in words: "just now", "5 minutes ago", "3 hours
/// ago", "2 days ago".
pub fn ago(then: u64, now: u64) -> String {
    let s = now.saturating_sub(then);
    let (n, unit) = match s {
        0..60 => return "just now".into(),
        60..3600 => (s / 60, "minute"),
        3600..86_400 => (s / 3600, "hour"),
        _ => (s / 86_400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn remote(url: &str, reference: Option<&str>) -> Remote {
        Remote {
            url: url.into(),
            reference: reference.map(Into::into),
            path: None,
        }
    }

    #[test]
    fn a_failure_is_kept_until_a_success_clears_it() {
        let dir = tempfile::tempdir().unwrap();
        let url = "https://example.com/acme/catalog.git";
        record(dir.path(), url, Some("main"), &Ok("abc".into()), 100);
        record(dir.path(), url, Some("main"), &Err("no route".into()), 200);
        let s = read(dir.path(), &remote(url, Some("main")));
        assert_eq!(s.last_success, Some(100));
        assert_eq!(s.last_failure, Some(200));
        assert_eq!(s.error.as_deref(), Some("no route"));
        assert!(s.failed());
        // Other refs of the same URL are their own.
        assert_eq!(read(dir.path(), &remote(url, None)), SyncStatus::default());
        record(dir.path(), url, Some("main"), &Ok("def".into()), 300);
        let s = read(dir.path(), &remote(url, Some("main")));
        assert_eq!(
            (s.last_success, s.last_failure, s.error),
            (Some(300), None, None)
        );
    }

    #[test]
    fn a_status_that_cannot_be_read_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let url = "https://example.com/x.git";
        std::fs::write(file(dir.path(), url), "{not json").unwrap();
        assert_eq!(read(dir.path(), &remote(url, None)), SyncStatus::default());
    }

    #[test]
    fn ages_are_in_words() {
        assert_eq!(ago(100, 130), "just now");
        assert_eq!(ago(0, 60), "1 minute ago");
        assert_eq!(ago(0, 7300), "2 hours ago");
        assert_eq!(ago(0, 3 * 86_400 + 5), "3 days ago");
        assert_eq!(ago(10, 5), "just now");
    }
}
