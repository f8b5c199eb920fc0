//! The index: what the last scan of the same sources read, kept so that the next scan
//! reads again only what changed.
//!
//! It is a cache, never a source of truth. Each record carries the stamps (see `stamp`)
//! of everything its content came from, and is used only when all of them still match:
//!
//! - a folder source's walk: the stamp of every folder entered and of every ignore file
//!   that shaped it, and the descriptors it found;
//! - a descriptor: its stamp, the stamps of the files its placeholders read, and its
//!   report (documents, entities, diagnostics);
//! - a git source: the commit its ref pointed at, and everything read from that commit.
//!
//! One file per scan (working folder and sources), written whole to a temporary file and
//! renamed into place, so a reader sees the old index or the new one, never a mix, and two
//! processes writing at once leave one of their two complete indexes. The file starts with
//! a header (format, build, key, length, CRC-32 of the body); a file that does not check
//! out is reported in one line and rebuilt.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::git::{TreeKey, TreeScan};
use super::stamp::Stamp;
use crate::catalog::FileReport;

/// Bumped whenever the encoding or the meaning of a record changes.
pub const FORMAT: u32 = 1;

const MAGIC: &[u8; 8] = b"portalix";

/// Larger than any index portal writes (the 2,000-repository organisation's is 4 MiB).
const MAX_BYTES: u64 = 1 << 30;

/// How much of a file is read to check its header before the rest.
const HEAD_BYTES: u64 = 64 * 1024;

/// At most this many indexes are kept (one per working folder and sources); the least
/// recently written go first.
const KEEP: usize = 64;

/// The settings a scan's records depend on; records made under others are dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub patterns: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub extra_kinds: Vec<String>,
    pub follow_locations: bool,
}

/// A folder source's walk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WalkRecord {
    pub root: PathBuf,
    /// Every folder entered, and the files whose stamps decide what the walk skips.
    pub stamps: Vec<(PathBuf, Stamp)>,
    /// Paths whose kind alone matters (a `.git` above the root is a folder or a file).
    pub kinds: Vec<(PathBuf, super::stamp::Kind)>,
    /// The descriptors found, in order.
    pub found: Vec<PathBuf>,
}

/// One descriptor file and what reading it gave.
#[derive(Debug, Serialize, Deserialize)]
pub struct FileRecord {
    /// The path as shown.
    pub path: PathBuf,
    /// The source folder it was found from.
    pub root: PathBuf,
    pub stamp: Stamp,
    /// The folder `/`-rooted placeholder paths were resolved from.
    pub repo_root: PathBuf,
    /// The files its placeholders read, with their stamps.
    pub deps: Vec<(PathBuf, Stamp)>,
    pub report: FileReport,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct TreeRecord {
    pub key: TreeKey,
    pub scan: TreeScan,
}

/// The records of one scan, as read back (written through `SnapshotRef`).
#[derive(Debug, Default)]
pub struct Snapshot {
    pub settings: Settings,
    pub walks: Vec<WalkRecord>,
    pub files: Vec<FileRecord>,
    pub trees: Vec<TreeRecord>,
}

/// A snapshot to write, borrowing its records.
pub struct SnapshotRef<'a> {
    pub settings: &'a Settings,
    pub walks: Vec<&'a WalkRecord>,
    pub files: Vec<&'a FileRecord>,
    pub trees: Vec<&'a TreeRecord>,
}

/// The first section of the body: everything but the descriptors' records, which follow
/// in sections of their own, so that they decode on every core.
#[derive(Serialize)]
struct HeadRef<'a> {
    settings: &'a Settings,
    walks: &'a [&'a WalkRecord],
    trees: &'a [&'a TreeRecord],
}

#[derive(Deserialize)]
struct Head {
    settings: Settings,
    walks: Vec<WalkRecord>,
    trees: Vec<TreeRecord>,
}

/// The previous scan's records, ready to look up (and take).
#[derive(Debug, Default)]
pub struct Previous {
    pub walks: HashMap<PathBuf, WalkRecord>,
    pub files: HashMap<PathBuf, FileRecord>,
    pub trees: HashMap<TreeKey, TreeScan>,
}

impl Previous {
    pub fn new(snapshot: Snapshot) -> Previous {
        Previous {
            walks: snapshot
                .walks
                .into_iter()
                .map(|w| (w.root.clone(), w))
                .collect(),
            files: snapshot
                .files
                .into_iter()
                .map(|f| (f.path.clone(), f))
                .collect(),
            trees: snapshot
                .trees
                .into_iter()
                .map(|t| (t.key, t.scan))
                .collect(),
        }
    }
}

/// Where one scan's index lives, and what identifies it.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: PathBuf,
    /// The working folder and the sources, as given.
    key: String,
    /// This build of portal: an index written by another is not read.
    build: String,
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub snapshot: Option<Snapshot>,
    /// Why an index that was there could not be used, in one line.
    pub notice: Option<String>,
    /// Why the index could not be read at all (the cache folder is not usable); not worth
    /// a notice on every run, since writing fails as well and `-v` tells.
    pub read_error: Option<String>,
}

impl IndexFile {
    /// The index of the scan `key` describes, in `dir`.
    pub fn new(dir: &Path, key: String) -> IndexFile {
        let name = format!("{:08x}.idx", crc32fast::hash(key.as_bytes()));
        IndexFile {
            path: dir.join(name),
            key,
            build: build_id(),
        }
    }

    pub fn load(&self) -> Loaded {
        use crate::confine::Refusal;
        use std::io::Read;
        let io_error = |e: std::io::Error| Loaded {
            read_error: Some(e.to_string()),
            ..Loaded::default()
        };
        // Something else in its place (a FIFO would block for ever) is not read. Another
        // portal renaming its new index into place between the look and the open reads as
        // a swap: looked at again, the new file is a regular one.
        let open = || crate::confine::open_regular(&self.path, MAX_BYTES);
        let opened = (0..3)
            .map(|_| open())
            .find(|r| !matches!(r, Err(Refusal::NotRegular)))
            .unwrap_or_else(open);
        let file = match opened {
            Ok(file) => file,
            Err(Refusal::Missing) => return Loaded::default(),
            Err(Refusal::TooLarge(_)) => return self.unusable("is too large to be an index"),
            Err(Refusal::Io(e)) => return io_error(e),
            Err(_) => return self.unusable("is not a regular file"),
        };
        // The header first: a large file that is not this build's index is not read whole.
        // Sized once from the file's length: growing by doubling touched (and had the
        // kernel zero) about twice the index in memory.
        let len = file.metadata().map_or(0, |m| m.len().min(MAX_BYTES));
        let mut bytes = Vec::new();
        let mut file = file.take(MAX_BYTES + 1);
        if let Err(e) = (&mut file).take(HEAD_BYTES).read_to_end(&mut bytes) {
            return io_error(e);
        }
        // (The build text portal writes is far shorter than `HEAD_BYTES`.)
        if let Err(why) = self.head(&mut Reader(&bytes)) {
            return self.unusable(&why);
        }
        bytes.reserve_exact(
            usize::try_from(len)
                .unwrap_or(0)
                .saturating_sub(bytes.len())
                + 1,
        );
        if let Err(e) = file.read_to_end(&mut bytes) {
            return io_error(e);
        }
        match self.decode(&std::sync::Arc::new(bytes)) {
            Ok(snapshot) => Loaded {
                snapshot,
                ..Loaded::default()
            },
            Err(why) => self.unusable(&why),
        }
    }

    /// Checks the fixed start of the header: the magic, the format and the build.
    fn head(&self, r: &mut Reader<'_>) -> Result<(), String> {
        if r.take(MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err("is not a portal index".into());
        }
        let format = r.u32().ok_or("is truncated")?;
        let build = r.text().ok_or("is truncated")?;
        let version = build.split(' ').next().unwrap_or_default();
        if format != FORMAT {
            return Err(format!(
                "was written by another version of portal (index format {format}, not {FORMAT})"
            ));
        }
        if build != self.build {
            return Err(if version == env!("CARGO_PKG_VERSION") {
                "was written by another build of portal".into()
            } else {
                format!("was written by another version of portal ({version})")
            });
        }
        Ok(())
    }

    fn unusable(&self, why: &str) -> Loaded {
        Loaded {
            notice: Some(format!(
                "the index {} {why}; rebuilding it",
                self.path.display()
            )),
            ..Loaded::default()
        }
    }

    /// The snapshot in `buffer`, the whole file; `None` when it is another scan's (a name
    /// collision). The entities' documents keep ranges of `buffer`
    /// ([`LazyNode`](crate::catalog::lazy::LazyNode)), decoded when read.
    fn decode(&self, buffer: &std::sync::Arc<Vec<u8>>) -> Result<Option<Snapshot>, String> {
        let mut r = Reader(buffer);
        self.head(&mut r)?;
        let key = r.text().ok_or("is truncated")?;
        let len = r.u64().ok_or("is truncated")?;
        let crc = r.u32().ok_or("is truncated")?;
        let body = r.0;
        if (body.len() as u64) < len {
            return Err("is truncated".into());
        }
        if body.len() as u64 > len || crc32fast::hash(body) != crc {
            return Err("is corrupt (checksum mismatch)".into());
        }
        if key != self.key {
            return Ok(None);
        }
        let corrupt = |e: postcard::Error| format!("is corrupt ({e})");
        let mut sections = Vec::new();
        let mut r = Reader(body);
        while !r.0.is_empty() {
            let len = r.u64().and_then(|n| usize::try_from(n).ok());
            sections.push(
                len.and_then(|n| r.take(n))
                    .ok_or("is corrupt (a bad section)")?,
            );
        }
        let Some((head, files)) = sections.split_first() else {
            return Err("is corrupt (no sections)".into());
        };
        let head: Head = postcard::from_bytes(head).map_err(corrupt)?;
        let chunks = crate::par::map(files.to_vec(), 2, |bytes| {
            crate::catalog::lazy::decoding(buffer, || {
                postcard::from_bytes::<Vec<FileRecord>>(bytes)
            })
        });
        let mut files = Vec::new();
        for chunk in chunks {
            files.extend(chunk.map_err(corrupt)?);
        }
        Ok(Some(Snapshot {
            settings: head.settings,
            walks: head.walks,
            files,
            trees: head.trees,
        }))
    }

    /// Writes `snapshot` in place of the index, atomically; prunes old indexes.
    pub fn save(&self, snapshot: &SnapshotRef<'_>) -> std::io::Result<()> {
        let head = HeadRef {
            settings: snapshot.settings,
            walks: &snapshot.walks,
            trees: &snapshot.trees,
        };
        let threads = crate::par::threads();
        let chunk = snapshot.files.len().div_ceil(threads).max(1);
        let mut sections = vec![postcard::to_stdvec(&head).map_err(std::io::Error::other)?];
        for files in snapshot.files.chunks(chunk) {
            sections.push(postcard::to_stdvec(files).map_err(std::io::Error::other)?);
        }
        let mut body = Vec::with_capacity(sections.iter().map(|s| s.len() + 8).sum());
        for section in &sections {
            body.extend_from_slice(&(section.len() as u64).to_le_bytes());
            body.extend_from_slice(section);
        }
        let mut bytes = Vec::with_capacity(body.len() + 256);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        push_text(&mut bytes, &self.build);
        push_text(&mut bytes, &self.key);
        bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
        bytes.extend_from_slice(&body);
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".portal-index")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(&bytes)?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        prune(dir);
        Ok(())
    }
}

/// Removes the least recently written indexes beyond [`KEEP`], and temporary files a
/// killed process left (older than an hour).
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut indexes = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(modified) = entry.metadata().and_then(|m| m.modified()) else {
            continue;
        };
        if name.ends_with(".idx") {
            indexes.push((modified, entry.path()));
        } else if name.starts_with(".portal-index")
            && name.ends_with(".tmp")
            && now
                .duration_since(modified)
                .is_ok_and(|age| age.as_secs() > 3600)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    if indexes.len() > KEEP {
        indexes.sort();
        for (_, path) in &indexes[..indexes.len() - KEEP] {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// This build: the version, and the executable's size and modification time, so that a
/// rebuilt portal (whose rules may differ) does not trust an index an older one wrote.
fn build_id() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok());
    let stamp = exe.map_or_else(String::new, |m| {
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        format!("{}-{mtime}", m.len())
    });
    format!("{} {stamp}", env!("CARGO_PKG_VERSION"))
}

fn push_text(bytes: &mut Vec<u8>, text: &str) {
    bytes.extend_from_slice(&u32::try_from(text.len()).unwrap_or(u32::MAX).to_le_bytes());
    bytes.extend_from_slice(text.as_bytes());
}

/// Reads the header's fields.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4)?.try_into().ok().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take(8)?.try_into().ok().map(u64::from_le_bytes)
    }

    fn text(&mut self) -> Option<&'a str> {
        let n = usize::try_from(self.u32()?).ok()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        Snapshot {
            settings: Settings {
                patterns: vec!["*.yaml".into()],
                ..Settings::default()
            },
            walks: vec![WalkRecord {
                root: "svc".into(),
                stamps: vec![("svc".into(), Stamp::of(Path::new("/")))],
                kinds: Vec::new(),
                found: vec!["svc/catalog-info.yaml".into()],
            }],
            ..Snapshot::default()
        }
    }

    fn save(file: &IndexFile, s: &Snapshot) {
        file.save(&SnapshotRef {
            settings: &s.settings,
            walks: s.walks.iter().collect(),
            files: s.files.iter().collect(),
            trees: s.trees.iter().collect(),
        })
        .unwrap();
    }

    #[test]
    fn what_is_saved_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = IndexFile::new(dir.path(), "key".into());
        assert!(file.load().snapshot.is_none());
        assert!(file.load().notice.is_none(), "no index is not a problem");
        save(&file, &snapshot());
        let loaded = file.load();
        assert!(loaded.notice.is_none());
        let back = loaded.snapshot.unwrap();
        assert_eq!(back.settings, snapshot().settings);
        assert_eq!(back.walks[0].found, snapshot().walks[0].found);
        assert_eq!(back.walks[0].stamps, snapshot().walks[0].stamps);
    }

    #[test]
    fn every_damage_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let file = IndexFile::new(dir.path(), "key".into());
        save(&file, &snapshot());
        let good = std::fs::read(&file.path).unwrap();
        let notice = |bytes: &[u8]| {
            std::fs::write(&file.path, bytes).unwrap();
            let loaded = file.load();
            assert!(loaded.snapshot.is_none());
            loaded.notice.unwrap()
        };
        assert!(notice(&good[..good.len() - 3]).contains("is truncated"));
        assert!(notice(&good[..5]).contains("is not a portal index"));
        assert!(notice(&good[..10]).contains("is truncated"));
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(notice(&flipped).contains("checksum mismatch"));
        let mut old = good.clone();
        old[8] = old[8].wrapping_add(1);
        assert!(notice(&old).contains("another version of portal"));
        let mut rebuilt = good.clone();
        let at = 8 + 4 + 4 + env!("CARGO_PKG_VERSION").len() + 1;
        rebuilt[at] = rebuilt[at].wrapping_add(1);
        assert!(notice(&rebuilt).contains("another build of portal"));
        let mut longer = good.clone();
        longer.push(0);
        assert!(notice(&longer).contains("checksum mismatch"));
        assert!(notice(b"").contains("is not a portal index"));
    }

    #[test]
    fn saving_keeps_the_newest_indexes_and_clears_stale_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let hours_ago =
            |h: u64| std::time::SystemTime::now() - std::time::Duration::from_secs(h * 3600);
        let touch = |name: &str, when| {
            let path = dir.path().join(name);
            std::fs::write(&path, b"x").unwrap();
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(when)
                .unwrap();
        };
        for i in 0..KEEP + 5 {
            touch(&format!("old{i:03}.idx"), hours_ago(100 + i as u64));
        }
        touch(".portal-index-stale.tmp", hours_ago(2));
        touch(".portal-index-busy.tmp", hours_ago(0));
        save(&IndexFile::new(dir.path(), "key".into()), &snapshot());
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.iter().filter(|n| n.ends_with(".idx")).count(), KEEP);
        // The new one stays; the six oldest (the highest numbers) go.
        assert!(
            names.iter().any(|n| n.len() == 12 && n.ends_with(".idx")),
            "{names:?}"
        );
        assert!(names.contains(&"old062.idx".to_string()));
        assert!(!names.contains(&"old063.idx".to_string()));
        assert!(!names.contains(&".portal-index-stale.tmp".to_string()));
        assert!(names.contains(&".portal-index-busy.tmp".to_string()));
    }

    #[test]
    fn another_scans_index_is_ignored_quietly() {
        let dir = tempfile::tempdir().unwrap();
        let mine = IndexFile::new(dir.path(), "mine".into());
        save(&mine, &snapshot());
        let theirs = IndexFile {
            key: "theirs".into(),
            ..mine.clone()
        };
        let loaded = theirs.load();
        assert!(loaded.snapshot.is_none() && loaded.notice.is_none());
    }
}
