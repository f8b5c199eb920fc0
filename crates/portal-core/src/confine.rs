//! The one confinement rule. Every path that untrusted input names (a placeholder, a
//! Location target, a CODEOWNERS file, a template's `url`, a planned file, a git tree
//! entry) is resolved here, against a root, and is read or written only if it stays inside
//! that root: after `.` and `..` are folded, and after symbolic links are resolved.
//!
//! - [`join`] is the lexical half: a `/`-separated path of plain names relative to the
//!   root, or a [`Refusal`]. Git trees need nothing more (they are read from the object
//!   database, and their links are never followed).
//! - [`Dir`] is the half on disk: a root folder, canonical, in which a relative path is
//!   resolved through its symbolic links and must still lie inside.
//! - [`read_regular`] reads a file without ever blocking: FIFOs, devices and sockets are
//!   refused before they are opened, and nothing is read from `/proc`, `/sys` or `/dev`.
//! - [`check_write`] says whether a file may be written at a path below a folder: no
//!   symbolic link on the way, no folder where a file goes, no file where a folder goes.

use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Folders whose files are not files: reading them can block, never end, or reveal the
/// running process (`/proc/self/environ`).
const SPECIAL: &[&str] = &["/proc", "/sys", "/dev"];

/// Why a path was not read or written.
#[derive(Debug)]
pub enum Refusal {
    /// It leaves its root (by `..`, by a symbolic link, or by naming another host with
    /// `//`).
    Outside,
    /// It lies in `/proc`, `/sys` or `/dev`.
    Special,
    /// It names nothing.
    Missing,
    /// It is a folder where a file is wanted.
    Folder,
    /// A device, FIFO or socket.
    NotRegular,
    /// A symbolic link (where links are not followed at all).
    Link,
    /// Larger than the limit, in bytes.
    TooLarge(u64),
    /// Any other I/O error.
    Io(std::io::Error),
}

impl Refusal {
    /// Whether this is the confinement rule itself (not a missing or unreadable file).
    pub fn is_escape(&self) -> bool {
        matches!(self, Refusal::Outside | Refusal::Special)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Outside => f.write_str("it leads outside its root"),
            Refusal::Special => f.write_str("it is in /proc, /sys or /dev"),
            Refusal::Missing => f.write_str("no such file"),
            Refusal::Folder => f.write_str("it is a folder"),
            Refusal::NotRegular => {
                f.write_str("it is not a regular file (a device, FIFO or socket)")
            }
            Refusal::Link => f.write_str("it is a symbolic link"),
            Refusal::TooLarge(limit) => write!(f, "it is larger than {}", size(*limit)),
            Refusal::Io(e) => write!(f, "{e}"),
        }
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}

impl From<std::io::Error> for Refusal {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => Refusal::Missing,
            _ => Refusal::Io(e),
        }
    }
}

/// `target` resolved against `base`, both relative to a root: a `/`-separated path of plain
/// names (no `.`, no `..`, no empty part), `""` for the root itself. A target that starts
/// with one `/` is taken from the root; one that starts with `//` names another host in
/// Backstage, and is refused, as is any `..` that would climb above the root and any NUL.
pub fn join(base: &str, target: &str) -> Result<String, Refusal> {
    if target.starts_with("//") || target.contains('\0') || base.contains('\0') {
        return Err(Refusal::Outside);
    }
    let mut parts: Vec<&str> = Vec::new();
    let start = match target.strip_prefix('/') {
        Some(rest) => rest,
        None => {
            push_all(&mut parts, base)?;
            target
        }
    };
    push_all(&mut parts, start)?;
    Ok(parts.join("/"))
}

/// `target` as a child of the root, the way Backstage's `resolveSafeChildPath` takes a
/// template's `url` or a step's `targetPath`: like [`join`] from the root, except that a
/// target starting with `/` names a host path, not one of the root's, and is refused.
pub fn child(target: &str) -> Result<String, Refusal> {
    if target.starts_with('/') || target.starts_with('\\') {
        return Err(Refusal::Outside);
    }
    join("", target)
}

fn push_all<'a>(parts: &mut Vec<&'a str>, path: &'a str) -> Result<(), Refusal> {
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(Refusal::Outside)?;
            }
            name => parts.push(name),
        }
    }
    Ok(())
}

/// `path` as a relative path of plain names, or `None` when it has a root, a prefix, or a
/// `..` that climbs above its start. What a planned file or a git tree entry must be.
pub fn relative(path: &Path) -> Option<PathBuf> {
    let text = path.to_str()?;
    if path.is_absolute() || text.starts_with('/') {
        return None;
    }
    join("", text)
        .ok()
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// Whether one name of a git tree entry is a plain name: not empty, `.` or `..`, and
/// without `/` or NUL. Git itself refuses to check out any other (`hash-object
/// --literally` can still write them).
pub fn is_plain_name(name: &str) -> bool {
    !matches!(name, "" | "." | "..")
        && !name.contains(['/', '\0'])
        && !name.eq_ignore_ascii_case(".git")
}

/// A root folder on disk, resolved once.
#[derive(Debug, Clone)]
pub struct Dir {
    /// The root as the user reached it: what messages show.
    shown: PathBuf,
    /// The root with every symbolic link resolved.
    real: PathBuf,
}

impl Dir {
    /// The folder `path` as a root. A folder in `/proc`, `/sys` or `/dev` is refused.
    pub fn new(path: &Path) -> Result<Dir, Refusal> {
        let real = std::fs::canonicalize(path)?;
        if is_special(&real) {
            return Err(Refusal::Special);
        }
        if !real.is_dir() {
            return Err(Refusal::NotRegular);
        }
        Ok(Dir {
            shown: path.to_path_buf(),
            real,
        })
    }

    /// The folder shown as `shown` whose real path, `real`, is already canonical (saves
    /// resolving it again); refused as `new` refuses.
    pub fn with_real(shown: &Path, real: PathBuf) -> Result<Dir, Refusal> {
        if is_special(&real) {
            return Err(Refusal::Special);
        }
        if !real.is_dir() {
            return Err(Refusal::NotRegular);
        }
        Ok(Dir {
            shown: shown.to_path_buf(),
            real,
        })
    }

    /// The root as the user reached it.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// The root with its links resolved.
    pub fn real(&self) -> &Path {
        &self.real
    }

    /// How `rel` (relative to the root, from [`join`]) is shown to the user.
    pub fn show(&self, rel: &str) -> PathBuf {
        if rel.is_empty() {
            self.shown.clone()
        } else {
            normalize(&self.shown.join(rel))
        }
    }

    /// Where `path` (a path on disk, as shown or absolute) lies inside the root: its
    /// relative path for [`join`], or `None` when it is not inside.
    pub fn relative_of(&self, path: &Path) -> Option<String> {
        let real = std::fs::canonicalize(path).ok()?;
        let rel = real.strip_prefix(&self.real).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        Some(parts?.join("/"))
    }

    /// `rel` resolved on disk, symbolic links followed: the real path, which must lie
    /// inside the root and outside `/proc`, `/sys` and `/dev`.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf, Refusal> {
        let joined = if rel.is_empty() {
            self.real.clone()
        } else {
            self.real.join(rel)
        };
        let real = match std::fs::canonicalize(&joined) {
            Ok(real) => real,
            // A link that points out of the root at nothing is still a way out.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(match self.dangling_escape(rel) {
                    true => Refusal::Outside,
                    false => Refusal::Missing,
                });
            }
            Err(e) => return Err(e.into()),
        };
        if !real.starts_with(&self.real) {
            return Err(Refusal::Outside);
        }
        if is_special(&real) {
            return Err(Refusal::Special);
        }
        Ok(real)
    }

    /// Whether some prefix of `rel` is a symbolic link that leads out of the root.
    fn dangling_escape(&self, rel: &str) -> bool {
        let mut at = self.real.clone();
        for part in rel.split('/') {
            at.push(part);
            let Ok(meta) = std::fs::symlink_metadata(&at) else {
                return false;
            };
            if meta.file_type().is_symlink() {
                let Ok(target) = std::fs::read_link(&at) else {
                    return true;
                };
                let Some(parent) = at.parent() else {
                    return true;
                };
                let lexical = normalize(&parent.join(target));
                return !lexical.starts_with(&self.real);
            }
        }
        false
    }

    /// Reads the regular file `rel` inside the root, at most `limit` bytes.
    pub fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, Refusal> {
        let real = self.resolve(rel)?;
        read_regular(&real, limit)
    }

    /// Whether `rel` is a regular file inside the root (links resolved).
    pub fn is_file(&self, rel: &str) -> bool {
        self.resolve(rel)
            .and_then(|real| Ok(std::fs::symlink_metadata(real)?))
            .is_ok_and(|m| m.is_file())
    }
}

/// Whether `real` (a canonical path) lies in `/proc`, `/sys` or `/dev`.
fn is_special(real: &Path) -> bool {
    SPECIAL.iter().any(|s| real.starts_with(s))
}

/// Reads the regular file at `path`, at most `limit` bytes, without ever blocking: the
/// path is looked at before it is opened (a FIFO, device or socket is refused, and so is
/// anything in `/proc`, `/sys` or `/dev`), opened without waiting, and looked at again
/// through the open file.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    read_resolved(&std::fs::canonicalize(path)?, limit)
}

/// [`read_regular`] for a path already resolved (canonical, every link followed and
/// checked, as [`Dir::resolve`] and a resolved folder's plain entries are): it is not
/// resolved again, but still refused in `/proc`, `/sys` and `/dev`, and never followed if
/// it has become a link since.
pub fn read_resolved(real: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    if is_special(real) {
        return Err(Refusal::Special);
    }
    let file = open_regular(real, limit)?;
    // Bounded even if the file grows while it is read.
    let mut bytes = Vec::with_capacity(file.metadata()?.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge(limit));
    }
    Ok(bytes)
}

/// Opens the regular file at `path` (a path portal chose, such as its index; untrusted
/// paths go through `read_regular`) without ever blocking: looked at before it is opened
/// (a folder, FIFO, device or socket is refused, and so is a file over `limit` bytes),
/// opened without waiting or following a link, and looked at again through the open file.
pub fn open_regular(path: &Path, limit: u64) -> Result<std::fs::File, Refusal> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.is_dir() {
        return Err(Refusal::Folder);
    }
    if !meta.is_file() {
        return Err(Refusal::NotRegular);
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge(limit));
    }
    let file = open_nonblocking(path)?;
    let opened = file.metadata()?;
    if !opened.is_file() || !same_file(&meta, &opened) {
        // Swapped between the look and the open.
        return Err(Refusal::NotRegular);
    }
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

/// What stands in the way of writing a file at `rel` below the folder `base`.
#[derive(Debug, PartialEq, Eq)]
pub enum Blocked {
    /// `rel` is not a plain relative path.
    NotRelative,
    /// This existing part of the path is a symbolic link.
    Link(PathBuf),
    /// This existing part, which must be a folder, is not one.
    NotFolder(PathBuf),
    /// The file itself exists and is a folder (or something else that is not a file).
    NotFile(PathBuf),
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Blocked::NotRelative => f.write_str("the path is not a plain relative path"),
            Blocked::Link(p) => write!(f, "{} is a symbolic link", p.display()),
            Blocked::NotFolder(p) => {
                write!(f, "{} is a file where a folder is needed", p.display())
            }
            Blocked::NotFile(p) => write!(
                f,
                "{} is a folder (or not a regular file) where a file is needed",
                p.display()
            ),
        }
    }
}

/// Writes `bytes` to `file`, a file of portal's own (in its cache), whole: into a temporary
/// file beside it, renamed into place, so a reader sees the old file or the new one, never
/// half of one, and a write cut short leaves the old one. Its folder is made if need be.
pub fn replace(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `bytes` to `file`, a new file, whole: into a temporary file beside it (synced),
/// then linked into place only if `file` does not exist, even one that appeared meanwhile
/// (an `AlreadyExists` error then). Never replaces a file, never leaves half of one.
pub fn create_new(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(file).map_err(|e| e.error)?;
    Ok(())
}

/// Checks that a file may be written at `rel` below `base` without leaving it: every part
/// of the path that exists is a real folder (not a link), and the file, if it exists, is
/// a regular file (not a link, not a folder). Nothing is written.
pub fn check_write(base: &Path, rel: &Path) -> Result<(), Blocked> {
    let rel = relative(rel).ok_or(Blocked::NotRelative)?;
    let parts: Vec<Component<'_>> = rel.components().collect();
    let mut at = base.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        at.push(part.as_os_str());
        let shown = || rel.components().take(i + 1).collect::<PathBuf>();
        let meta = match std::fs::symlink_metadata(&at) {
            Ok(meta) => meta,
            Err(_) => return Ok(()),
        };
        if meta.file_type().is_symlink() {
            return Err(Blocked::Link(shown()));
        }
        let last = i + 1 == parts.len();
        if last && !meta.is_file() {
            return Err(Blocked::NotFile(shown()));
        }
        if !last && !meta.is_dir() {
            return Err(Blocked::NotFolder(shown()));
        }
    }
    Ok(())
}

/// Removes `.` and folds `..` lexically, keeping the path relative when it was.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn create_new_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("catalog-info.yaml");
        super::create_new(&file, b"new\n").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"new\n");
        let e = super::create_new(&file, b"other\n").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&file).unwrap(), b"new\n");
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    use super::*;

    #[test]
    fn joins_stay_inside() {
        assert_eq!(join("a/b", "./c.txt").unwrap(), "a/b/c.txt");
        assert_eq!(join("a/b", "../c.txt").unwrap(), "a/c.txt");
        assert_eq!(join("a/b", "/c.txt").unwrap(), "c.txt");
        assert_eq!(join("a", "x/./y/../z").unwrap(), "a/x/z");
        assert_eq!(join("", ".").unwrap(), "");
        for bad in [
            "../x",
            "../../../../etc/shadow",
            "//etc/shadow",
            "/../etc",
            "x/../../y",
            "a\0b",
        ] {
            assert!(matches!(join("", bad), Err(Refusal::Outside)), "{bad}");
        }
        assert!(join("a/b", "../../../etc/passwd").is_err());
    }

    #[test]
    fn children_never_name_host_paths() {
        assert_eq!(child("./skeleton").unwrap(), "skeleton");
        assert_eq!(child("./").unwrap(), "");
        assert_eq!(child("a/../b").unwrap(), "b");
        for bad in [
            "/etc/shadow",
            "//etc",
            "../../../../etc",
            "a/../../x",
            "\\\\host\\x",
        ] {
            assert!(matches!(child(bad), Err(Refusal::Outside)), "{bad}");
        }
    }

    #[test]
    fn relative_paths_are_plain() {
        assert_eq!(relative(Path::new("a/./b")), Some(PathBuf::from("a/b")));
        assert_eq!(relative(Path::new("/etc/x")), None);
        assert_eq!(relative(Path::new("../x")), None);
        assert_eq!(relative(Path::new("a/../../x")), None);
        assert_eq!(relative(Path::new("")), None);
        assert!(!is_plain_name(".."));
        assert!(!is_plain_name("/tmp/pwned"));
        assert!(!is_plain_name("a/b"));
        assert!(!is_plain_name(".GIT"));
        assert!(is_plain_name("README.md"));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_root_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s3cret").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("ok.txt"), "fine").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.path().join("link"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("dir")).unwrap();
        std::os::unix::fs::symlink("/nonexistent/x", root.path().join("dangling")).unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", root.path().join("env")).unwrap();
        let dir = Dir::new(root.path()).unwrap();
        assert_eq!(dir.read("ok.txt", 100).unwrap(), b"fine");
        assert!(matches!(dir.read("link", 100), Err(Refusal::Outside)));
        assert!(matches!(dir.read("dir/secret", 100), Err(Refusal::Outside)));
        assert!(matches!(dir.read("dangling", 100), Err(Refusal::Outside)));
        assert!(matches!(dir.read("env", 100), Err(Refusal::Outside)));
        assert!(matches!(dir.read("missing", 100), Err(Refusal::Missing)));
        assert!(matches!(dir.read("ok.txt", 2), Err(Refusal::TooLarge(2))));
        assert!(matches!(
            Dir::new(Path::new("/proc/self")),
            Err(Refusal::Special)
        ));
        assert!(matches!(
            read_regular(Path::new("/proc/self/environ"), 100),
            Err(Refusal::Special)
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 100),
            Err(Refusal::Special)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn writes_never_pass_a_link() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("src")).unwrap();
        std::fs::write(root.path().join("file"), "").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("sub")).unwrap();
        let ok = |p: &str| check_write(root.path(), Path::new(p));
        assert_eq!(ok("src/main.rs"), Ok(()));
        assert_eq!(ok("new/deep/file"), Ok(()));
        assert_eq!(ok("file"), Ok(()));
        assert_eq!(ok("sub/x"), Err(Blocked::Link("sub".into())));
        assert_eq!(ok("file/x"), Err(Blocked::NotFolder("file".into())));
        assert_eq!(ok("src"), Err(Blocked::NotFile("src".into())));
        assert_eq!(ok("../x"), Err(Blocked::NotRelative));
    }
}
