//! A small fluent helper: build a fixture tree in a temporary folder, run the built
//! `portal` binary in it with a clean environment, and look at what it printed.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct TestEnv {
    dir: TempDir,
    env: Vec<(String, String)>,
}

/// What a run printed, and how it exited.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Parses stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            dir: tempfile::Builder::new()
                .prefix("portal-test")
                .tempdir()
                .expect("a temporary folder"),
            env: Vec::new(),
        }
    }

    /// Writes `contents` to `path` (relative to the fixture root), creating folders.
    pub fn file(self, path: &str, contents: &str) -> Self {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("a parent folder")).expect("create folders");
        std::fs::write(&full, contents).expect("write a fixture file");
        self
    }

    /// Copies the example organisation shipped in the repository.
    pub fn example(self) -> Self {
        copy_tree(&repo_path("examples/acme"), self.dir.path());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `portal ARGS…` in the fixture root.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.run_in(".", args)
    }

    /// Runs `portal ARGS…` in the fixture root with `vars` added to its environment.
    pub fn run_with<I, S>(&self, vars: &[(&str, &str)], args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.run_in_with(".", vars, args)
    }

    /// Runs `portal ARGS…` in a sub-folder of the fixture root.
    pub fn run_in<I, S>(&self, sub: &str, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.run_in_with(sub, &[], args)
    }

    fn run_in_with<I, S>(&self, sub: &str, vars: &[(&str, &str)], args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::cargo_bin("portal").expect("the portal binary");
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .current_dir(self.dir.path().join(sub))
            .args(args)
            .timeout(std::time::Duration::from_secs(60));
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run portal");
        let run = Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "portal panicked:\n{}",
            run.stderr
        );
        run
    }
}

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The npm project `../shared/NAME` (read-only in CI), copied to `target/NAME` and installed
/// there with `npm ci`; kept across runs while its lock file is the same. Call it once per
/// run (behind a `OnceLock`): two installs into one folder break each other.
pub fn npm_installed(name: &str) -> PathBuf {
    let shared = repo_path(&format!("../shared/{name}"));
    let dir = repo_path(&format!("target/{name}"));
    let lock = std::fs::read(shared.join("package-lock.json"))
        .unwrap_or_else(|e| panic!("../shared/{name}/package-lock.json: {e}"));
    let installed = std::fs::read(dir.join("package-lock.json")).ok();
    if installed.as_deref() != Some(lock.as_slice()) || !dir.join("node_modules").is_dir() {
        let _ = std::fs::remove_dir_all(&dir);
        let status = std::process::Command::new("cp")
            .args(["-r"])
            .arg(&shared)
            .arg(&dir)
            .status()
            .expect("cp");
        assert!(status.success(), "copying ../shared/{name}");
        let status = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("npm ci (Node and npm are needed)");
        assert!(status.success(), "npm ci of ../shared/{name}");
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read a fixture folder") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// A valid Component descriptor.
pub fn component(name: &str, owner: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {name}\nspec:\n  type: service\n  lifecycle: production\n  owner: {owner}\n"
    )
}

/// A valid Group descriptor.
pub fn group(name: &str) -> String {
    format!(
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {name}\nspec:\n  type: team\n  children: []\n"
    )
}
