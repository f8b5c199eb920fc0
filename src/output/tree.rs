//! A dependency tree for the terminal, in the style of `cargo tree`: repeated nodes are
//! marked `(*)`, cycles `(cycle)`, and nodes cut by the depth limit `…`.

use std::io::Write;

use console::style;

use super::escape::escape;
use crate::graph::Graph;
use crate::graph::walk::{Mark, TreeNode};

pub fn write(out: &mut impl Write, g: &Graph<'_>, root: &TreeNode) -> std::io::Result<()> {
    writeln!(out, "{}", label(g, root))?;
    children(out, g, root, "")
}

fn children(
    out: &mut impl Write,
    g: &Graph<'_>,
    node: &TreeNode,
    prefix: &str,
) -> std::io::Result<()> {
    let n = node.children.len();
    for (i, child) in node.children.iter().enumerate() {
        let last = i + 1 == n;
        let branch = if last { "└── " } else { "├── " };
        let via = child
            .via
            .map(|v| format!("{} ", style(v).dim()))
            .unwrap_or_default();
        writeln!(out, "{prefix}{branch}{via}{}", label(g, child))?;
        let deeper = format!("{prefix}{}", if last { "    " } else { "│   " });
        children(out, g, child, &deeper)?;
    }
    Ok(())
}

fn label(g: &Graph<'_>, node: &TreeNode) -> String {
    let r = escape(g.ref_text(node.node)).into_owned();
    let mut s = if g.is_missing(node.node) {
        format!("{} {}", style(r).red(), style("(not in the catalog)").red())
    } else {
        r
    };
    match node.mark {
        Mark::None => {}
        Mark::Repeated => s.push_str(&format!(" {}", style("(*)").dim())),
        Mark::Cycle => s.push_str(&format!(" {}", style("(cycle)").red().bold())),
        Mark::Truncated => s.push_str(&format!(" {}", style("…").dim())),
    }
    s
}
