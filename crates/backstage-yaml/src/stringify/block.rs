//! Block scalars, `|` and `>` (`blockString`), for strings of more than one line.

use super::fold::{Fold, fold};
use super::scalar::quoted;
use super::*;

/// `lineLengthOverLimit`: a line longer than the width left after the indent.
fn line_length_over_limit(s: &[u16], indent: usize) -> bool {
    let limit = LINE_WIDTH as isize - indent as isize;
    let len = s.len() as isize;
    if len <= limit {
        return false;
    }
    let mut start = 0isize;
    for (i, &c) in s.iter().enumerate() {
        if c == NL {
            if i as isize - start > limit {
                return true;
            }
            start = i as isize + 1;
            if len - start <= limit {
                return false;
            }
        }
    }
    true
}

/// Appends `indent` spaces after every run of newlines in `s` that `keep` accepts
/// (given the run's end), as `s.replace(/\n+/g, "$&" + indent)` does.
fn indent_newline_runs(s: &[u16], indent: usize, keep: impl Fn(usize) -> bool) -> Units {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == NL {
            let run = s[i..].iter().take_while(|&&c| c == NL).count();
            out.extend_from_slice(&s[i..i + run]);
            if keep(i + run) {
                out.extend(spaces(indent));
            }
            i += run;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// `blockString`: a `|` or `>` block scalar, or a quoted one where a block cannot be.
pub(super) fn block(value: &[u16], ctx: &mut Ctx) -> Units {
    let trailing_blank = {
        let t = value
            .iter()
            .rev()
            .take_while(|&&c| c == SP || c == TAB)
            .count();
        t > 0 && t < value.len() && value[value.len() - 1 - t] == NL
    };
    if trailing_blank {
        return quoted(value, ctx);
    }
    let indent = if ctx.indent > 0 {
        ctx.indent
    } else if ctx.force_block_indent || contains_document_marker(value) {
        2
    } else {
        0
    };
    let literal = !line_length_over_limit(value, indent);
    if value.is_empty() {
        return units(if literal { "|\n" } else { ">\n" });
    }
    // Chomping, from the white space at the end.
    let end_start = value.len()
        - value
            .iter()
            .rev()
            .take_while(|&&c| c == NL || c == TAB || c == SP)
            .count();
    let mut end: Units = value[end_start..].to_vec();
    let end_nl = end.iter().position(|&c| c == NL);
    let chomp = match end_nl {
        None => "-",
        Some(p) if end_start == 0 || p != end.len() - 1 => "+",
        Some(_) => "",
    };
    let mut value: Units = value[..end_start].to_vec();
    if !end.is_empty() {
        if end.last() == Some(&NL) {
            end.pop();
        }
        let len = end.len();
        end = indent_newline_runs(&end, indent, |run_end| run_end < len);
    }
    // The indent indicator, from the white space at the start.
    let mut start_with_space = false;
    let mut start_end = 0;
    let mut start_nl: Option<usize> = None;
    while start_end < value.len() {
        match value[start_end] {
            SP => start_with_space = true,
            NL => start_nl = Some(start_end),
            _ => break,
        }
        start_end += 1;
    }
    // `startNlPos < startEnd ? startNlPos + 1 : startEnd` with `startNlPos` -1 when
    // there is no newline: always the first branch.
    let start_len = start_nl.map_or(0, |p| p + 1);
    let mut start: Units = value[..start_len].to_vec();
    if !start.is_empty() {
        value = value[start_len..].to_vec();
        start = indent_newline_runs(&start, indent, |_| true);
    }
    let mut header = units(if start_with_space {
        if indent > 0 { "2" } else { "1" }
    } else {
        ""
    });
    header.extend(units(chomp));
    if !literal {
        let folded = folded_value(&value);
        let folded = indent_newline_runs(&folded, indent, |_| true);
        let mut text = start.clone();
        text.extend(folded);
        text.extend(end.iter().copied());
        let mut overflow = false;
        let body = fold(
            &text,
            indent,
            Fold::Block,
            Some(ctx.indent),
            Some(&mut overflow),
        );
        if !overflow {
            let mut out = units(">");
            out.extend(header);
            out.push(NL);
            out.extend(spaces(indent));
            out.extend(body);
            return out;
        }
    }
    let value = indent_newline_runs(&value, indent, |_| true);
    let mut out = units("|");
    out.extend(header);
    out.push(NL);
    out.extend(spaces(indent));
    out.extend(start);
    out.extend(value);
    out.extend(end);
    out
}

/// The text of a folded block before folding:
/// `value.replace(/\n+/g, '\n$&').replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2')`
/// (a newline more for every run; more-indented lines are kept apart, not folded).
fn folded_value(value: &[u16]) -> Units {
    let mut doubled = Vec::with_capacity(value.len() + 8);
    let mut i = 0;
    while i < value.len() {
        if value[i] == NL {
            let run = value[i..].iter().take_while(|&&c| c == NL).count();
            doubled.extend(std::iter::repeat_n(NL, run + 1));
            i += run;
        } else {
            doubled.push(value[i]);
            i += 1;
        }
    }
    let s = doubled;
    let ws = |c: u16| c == NL || c == TAB || c == SP;
    let mut out = Vec::with_capacity(s.len());
    let mut p = 0;
    while p < s.len() {
        // `^` (only at 0) then `\n`, each followed by a line starting with a tab or space.
        let line_start = if p == 0 && in_set(s[0], "\t ") {
            Some(0)
        } else if s[p] == NL && s.get(p + 1).is_some_and(|&c| in_set(c, "\t ")) {
            Some(p + 1)
        } else {
            None
        };
        let Some(line) = line_start else {
            out.push(s[p]);
            p += 1;
            continue;
        };
        let q = line
            + s[line..]
                .iter()
                .take_while(|&&c| !is_line_terminator(c))
                .count();
        out.extend_from_slice(&s[line..q]);
        let r = q + s[q..].iter().take_while(|&&c| ws(c)).count();
        if r > q && s[r - 1] == NL {
            out.extend_from_slice(&s[q..r - 1]);
            p = r;
        } else {
            p = q;
        }
    }
    out
}
