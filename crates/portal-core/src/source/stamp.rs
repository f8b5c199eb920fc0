//! What a file or folder looked like when portal read it: enough to see that it changed
//! since, without reading it again.
//!
//! A stamp is the size, the modification and change times, the inode and the device, as
//! `stat` gives them. Any write to a file changes its change time (which nothing but the
//! kernel can set), and any entry added to, removed from or renamed in a folder changes the
//! folder's modification time.
//!
//! A stamp taken within [`RACY`] of the start of a scan proves nothing: the file may be
//! written again within the same tick of a coarse file-system clock, leaving the same stamp
//! on different content. Such stamps are not trusted, and what was read with them is read
//! again next time (git calls these entries "racily clean").

use std::fs::Metadata;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// How recent a modification time must be for its stamp not to be trusted: the coarsest
/// timestamp granularity among common file systems (FAT's 2 seconds).
pub const RACY: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Missing,
    /// `stat` failed for another reason (a folder without permission on the way).
    Unknown,
    File,
    Dir,
    Other,
}

/// A file's or folder's `stat`, reduced to what tells a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub kind: Kind,
    len: u64,
    /// Seconds and nanoseconds since the epoch.
    mtime: (i64, u32),
    ctime: (i64, u32),
    ino: u64,
    dev: u64,
}

impl Stamp {
    const fn bare(kind: Kind) -> Stamp {
        Stamp {
            kind,
            len: 0,
            mtime: (0, 0),
            ctime: (0, 0),
            ino: 0,
            dev: 0,
        }
    }

    /// The stamp of `path`, following symbolic links (as reading it does).
    pub fn of(path: &Path) -> Stamp {
        Stamp::from_result(std::fs::metadata(path))
    }

    /// The stamp of `path` itself, not following a symbolic link (as walking does).
    pub fn of_link(path: &Path) -> Stamp {
        Stamp::from_result(std::fs::symlink_metadata(path))
    }

    pub fn from_result(meta: std::io::Result<Metadata>) -> Stamp {
        match meta {
            Ok(m) => Stamp::from_metadata(&m),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Stamp::bare(Kind::Missing),
            Err(_) => Stamp::bare(Kind::Unknown),
        }
    }

    pub fn from_metadata(m: &Metadata) -> Stamp {
        let kind = if m.is_file() {
            Kind::File
        } else if m.is_dir() {
            Kind::Dir
        } else {
            Kind::Other
        };
        let mut stamp = Stamp {
            kind,
            len: m.len(),
            mtime: m.modified().map(split).unwrap_or((0, 0)),
            ..Stamp::bare(kind)
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            stamp.ctime = (m.ctime(), u32::try_from(m.ctime_nsec()).unwrap_or(0));
            stamp.ino = m.ino();
            stamp.dev = m.dev();
        }
        #[cfg(not(unix))]
        {
            stamp.ctime = m.created().map(split).unwrap_or((0, 0));
        }
        stamp
    }

    /// The file's identity (device and inode) however it is reached, where the platform
    /// tells it.
    pub fn identity(&self) -> Option<(u64, u64)> {
        (self.kind != Kind::Missing && self.kind != Kind::Unknown && self.ino != 0)
            .then_some((self.dev, self.ino))
    }

    /// Whether the stamp can vouch for the content read with it, in a scan that started at
    /// `start`: it is known, and was not modified within [`RACY`] of the start.
    pub fn trusted(&self, start: SystemTime) -> bool {
        match self.kind {
            Kind::Unknown => false,
            Kind::Missing => true,
            _ => start
                .checked_sub(RACY)
                .is_some_and(|limit| self.mtime < split(limit)),
        }
    }
}

fn split(t: SystemTime) -> (i64, u32) {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (
            i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            d.subsec_nanos(),
        ),
        Err(e) => {
            let d = e.duration();
            (
                -i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_changes_the_stamp_and_a_recent_one_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        assert_eq!(Stamp::of(&path).kind, Kind::Missing);
        assert!(Stamp::of(&path).trusted(SystemTime::now()));
        std::fs::write(&path, "one").unwrap();
        let first = Stamp::of(&path);
        assert_eq!(first.kind, Kind::File);
        assert!(!first.trusted(SystemTime::now()), "written just now");
        let old = SystemTime::now() - Duration::from_secs(3600);
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(old).unwrap();
        let backdated = Stamp::of(&path);
        assert!(backdated.trusted(SystemTime::now()));
        // Same size, same modification time: the change time still tells.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, "two").unwrap();
        f.set_modified(old).unwrap();
        assert_ne!(Stamp::of(&path), backdated);
    }
}
