//! Writes each named file's YAML documents as the `yaml` npm package's `toJSON()` would give
//! them: one JSON line per file, `{"file": PATH, "docs": [JSON text or "ERR", …]}`.
//! The differential check (`differential/run.sh`) compares these lines with the package's.
//!
//! ```sh
//! cargo run -p backstage-yaml --example dump -- a.yaml b.yaml > dump.jsonl
//! ```

use std::io::Write;

fn main() {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for file in std::env::args().skip(1) {
        let bytes = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("dump: {file}: {err}");
                std::process::exit(2);
            }
        };
        let docs = backstage_yaml::dump(&String::from_utf8_lossy(&bytes));
        let line = serde_json::json!({ "file": file, "docs": docs });
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}
