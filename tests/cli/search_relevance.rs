//! The relevance test set (`tests/fixtures/search/relevance.tsv`) over its catalog: each
//! query's first results, in order, and what it must never find.

use crate::support::repo_path;

#[test]
fn the_relevance_test_set_holds() {
    let dir = repo_path("tests/fixtures/search");
    let table = std::fs::read_to_string(dir.join("relevance.tsv")).expect("the test set");
    let source = dir.to_str().expect("a UTF-8 path").to_string();
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (query, flags, first) = (cols[0], cols[1], cols[2]);
        let never: Vec<&str> = cols
            .get(3)
            .map(|c| c.split(' ').collect())
            .unwrap_or_default();
        let mut cmd = assert_cmd::Command::cargo_bin("portal").expect("the binary");
        cmd.args(["--no-cache", "-s", &source, "search", query, "--json"]);
        cmd.args(flags.split_whitespace());
        let out = cmd.output().expect("run portal");
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let got: Vec<String> = hits
            .as_array()
            .expect("a list")
            .iter()
            .map(|h| h["ref"].as_str().unwrap_or_default().to_string())
            .collect();
        cases += 1;
        let mut at = 0;
        for group in first.split(' ') {
            let mut want: Vec<&str> = group.split('=').collect();
            let end = (at + want.len()).min(got.len());
            let mut have: Vec<&str> = got[at..end].iter().map(String::as_str).collect();
            want.sort_unstable();
            have.sort_unstable();
            if want != have {
                failures.push(format!(
                    "`{query}` {flags}: expected {want:?} at {at}, got {got:?}"
                ));
                break;
            }
            at = end;
        }
        for n in never {
            if got.iter().any(|g| g == n) {
                failures.push(format!(
                    "`{query}` {flags}: {n} must not be found, got {got:?}"
                ));
            }
        }
    }
    assert!(cases >= 9);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
