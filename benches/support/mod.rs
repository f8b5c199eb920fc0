//! Helpers shared by the bench targets: the synthetic-organisation generator, the
//! peak-RSS measuring helper and the Markdown report.

pub mod measure;
pub mod report;
pub mod synth;

/// `target/`, where the benches keep what they generate: the folder above the portal
/// binary's profile folder (`target/release`); cargo honours `CARGO_TARGET_DIR` for both.
pub fn target_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_BIN_EXE_portal"))
        .parent()
        .and_then(std::path::Path::parent)
        .expect("the portal binary lives in target/PROFILE")
        .to_path_buf()
}
