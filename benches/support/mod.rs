//! Helpers shared by the bench targets: the synthetic-organisation generator, the
//! peak-RSS measuring helper and the Markdown report.

pub mod measure;
pub mod report;
pub mod synth;
