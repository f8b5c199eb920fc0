//! Any bytes, read as portal reads a descriptor, must give diagnostics and never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use portal::catalog::{self, LoadOptions};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The YAML layer alone, then the whole judgement of one file.
    let _ = catalog::yaml::parse_stream(&text);
    let opts = LoadOptions {
        extra_kinds: vec!["Template".into()],
    };
    let report = catalog::load_text(
        &text,
        Path::new("fuzz/catalog-info.yaml"),
        Path::new("fuzz"),
        &opts,
    );
    // Every diagnostic has a position inside the text: lines are 1-based, and YAML
    // breaks lines at `\r\n`, `\n` and a lone `\r`.
    let breaks = text.replace("\r\n", "\n").matches(['\n', '\r']).count();
    let lines = breaks + 1;
    for d in &report.diagnostics {
        assert!(d.pos.line >= 1, "line 0 in {d:?}");
        assert!(d.pos.line as usize <= lines, "line past the end in {d:?}");
    }
    // What the index keeps of the file comes back from its encoding exactly as it went in
    // (compared by Debug: a NaN in a document is not equal to itself).
    let bytes = postcard::to_stdvec(&report).expect("a report encodes");
    let back: catalog::FileReport = postcard::from_bytes(&bytes).expect("and decodes");
    assert_eq!(format!("{back:?}"), format!("{report:?}"));
});
