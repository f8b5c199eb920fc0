//! Summarises repeated timings (median, min, peak RSS) and prints them as Markdown tables.

use super::measure::{Exit, Sample};

/// One command's summary over its timed runs.
pub struct Row {
    pub label: String,
    pub median_ms: f64,
    pub min_ms: f64,
    pub peak_rss_mib: f64,
    /// Distinct exit statuses seen, e.g. `0` or `1`.
    pub exits: String,
    /// Whether any run failed (wrong exit code or a signal).
    pub failed: bool,
}

impl Row {
    pub fn new(label: &str, samples: &[Sample], failed: bool) -> Row {
        let mut ms: Vec<f64> = samples
            .iter()
            .map(|s| s.wall.as_secs_f64() * 1000.0)
            .collect();
        ms.sort_by(f64::total_cmp);
        let mut exits: Vec<Exit> = samples.iter().map(|s| s.exit).collect();
        exits.sort();
        exits.dedup();
        Row {
            label: label.to_string(),
            median_ms: median(&ms),
            min_ms: ms.first().copied().unwrap_or(f64::NAN),
            peak_rss_mib: samples.iter().map(|s| s.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0,
            exits: exits
                .iter()
                .map(Exit::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            failed,
        }
    }
}

/// The median of sorted values (the mean of the middle two for an even count).
fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Escapes the pipes a Markdown table cell cannot hold, even inside backticks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The main table; the first row is the baseline the ratios refer to.
pub fn print_table(rows: &[Row]) {
    let baseline = rows.first().map_or(f64::NAN, |row| row.median_ms);
    println!("| command | median ms | min ms | × baseline | peak RSS MiB | exit |");
    println!("|---|---:|---:|---:|---:|---|");
    for row in rows {
        let exits = if row.failed {
            format!("FAILED ({})", row.exits)
        } else {
            row.exits.clone()
        };
        println!(
            "| `{}` | {:.1} | {:.1} | {:.2} | {:.1} | {} |",
            cell(&row.label),
            row.median_ms,
            row.min_ms,
            row.median_ms / baseline,
            row.peak_rss_mib,
            exits
        );
    }
}

/// The index's rows (their labels say `first run`, `second run` or `changed`), each as a
/// ratio to the first run of `list --json` in the same run.
pub fn print_index_table(rows: &[Row]) {
    let Some(first) = rows.iter().find(|row| row.label.contains("first run")) else {
        return;
    };
    println!("| command | median ms | min ms | × first run | peak RSS MiB |");
    println!("|---|---:|---:|---:|---:|");
    for row in rows.iter().filter(|row| {
        row.label.contains("first run")
            || row.label.contains("second run")
            || row.label.contains("changed")
    }) {
        println!(
            "| `{}` | {:.1} | {:.1} | {:.2} | {:.1} |",
            cell(&row.label),
            row.median_ms,
            row.min_ms,
            row.median_ms / first.median_ms,
            row.peak_rss_mib
        );
    }
}

/// One tree size in the scaling table.
pub struct ScaleRow {
    pub repos: usize,
    pub files: usize,
    pub entities: usize,
    pub rows: Vec<Row>,
}

/// Medians per tree size, plus time per entity, which stays flat if growth is linear.
pub fn print_scale_table(sizes: &[ScaleRow]) {
    let Some(first) = sizes.first() else { return };
    let labels: Vec<&str> = first.rows.iter().map(|row| row.label.as_str()).collect();
    let header: Vec<String> = labels
        .iter()
        .map(|label| format!("`{}` ms (µs/entity)", cell(label)))
        .collect();
    println!("| repos | files | entities | {} |", header.join(" | "));
    println!("|---:|---:|---:|{}", "---:|".repeat(labels.len()));
    for size in sizes {
        let cells: Vec<String> = size
            .rows
            .iter()
            .map(|row| {
                let per_entity = row.median_ms * 1000.0 / size.entities as f64;
                let flag = if row.failed { " FAILED" } else { "" };
                format!("{:.1} ({per_entity:.1}){flag}", row.median_ms)
            })
            .collect();
        println!(
            "| {} | {} | {} | {} |",
            size.repos,
            size.files,
            size.entities,
            cells.join(" | ")
        );
    }
}
