//! Writes files under one repository at a time and counts what it wrote, so that the
//! generator can report exact numbers without walking the tree again.

use std::fs;
use std::io;
use std::ops::AddAssign;
use std::path::{Path, PathBuf};

/// What a writer has written so far.
#[derive(Default, Clone, Copy)]
pub struct Tally {
    pub files: usize,
    pub descriptors: usize,
    pub noise_descriptors: usize,
}

impl AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.files += other.files;
        self.descriptors += other.descriptors;
        self.noise_descriptors += other.noise_descriptors;
    }
}

pub struct Tree {
    base: PathBuf,
    pub tally: Tally,
}

impl Tree {
    pub fn new() -> Self {
        Tree {
            base: PathBuf::new(),
            tally: Tally::default(),
        }
    }

    /// Makes `dir` (created if needed) the base of the relative paths that follow.
    /// The folder being written.
    pub fn base_path(&self) -> &Path {
        &self.base
    }

    pub fn enter(&mut self, dir: &Path) -> io::Result<()> {
        fs::create_dir_all(dir)?;
        self.base = dir.to_path_buf();
        Ok(())
    }

    pub fn dir(&self, rel: &str) -> io::Result<()> {
        fs::create_dir_all(self.base.join(rel))
    }

    /// Writes a file; its folder must exist already.
    pub fn file(&mut self, rel: &str, body: impl AsRef<[u8]>) -> io::Result<()> {
        fs::write(self.base.join(rel), body)?;
        self.tally.files += 1;
        Ok(())
    }

    /// A `catalog-info.yaml` that a scanner must find.
    pub fn descriptor(&mut self, rel: &str, body: &str) -> io::Result<()> {
        self.file(rel, body)?;
        self.tally.descriptors += 1;
        Ok(())
    }

    /// A `catalog-info.yaml` that a correct scanner must skip.
    pub fn noise_descriptor(&mut self, rel: &str, body: &str) -> io::Result<()> {
        self.file(rel, body)?;
        self.tally.noise_descriptors += 1;
        Ok(())
    }
}
