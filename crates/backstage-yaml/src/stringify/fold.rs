//! `foldFlowLines`: long lines broken at spaces, so that they keep within 80 columns.

use super::*;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Fold {
    Flow,
    Block,
    Quoted,
}

/// `foldFlowLines`: breaks the text at spaces so that lines keep within 80 columns.
pub(super) fn fold(
    text: &[u16],
    indent: usize,
    mode: Fold,
    indent_at_start: Option<usize>,
    on_overflow: Option<&mut bool>,
) -> Units {
    let end_step = (1 + MIN_CONTENT_WIDTH).max((1 + LINE_WIDTH).saturating_sub(indent));
    if text.len() <= end_step {
        return text.to_vec();
    }
    let at = |i: usize| text.get(i).copied();
    let mut folds: Vec<usize> = Vec::new();
    let mut escaped_folds = std::collections::HashSet::new();
    let mut end = LINE_WIDTH as isize - indent as isize;
    if let Some(start) = indent_at_start {
        if start > LINE_WIDTH - 2usize.max(MIN_CONTENT_WIDTH) {
            folds.push(0);
        } else {
            end = (LINE_WIDTH - start) as isize;
        }
    }
    let mut split: Option<usize> = None;
    let mut prev: Option<u16> = None;
    let mut overflow = false;
    let mut i: isize = -1;
    let mut esc_start: isize = -1;
    let mut esc_end: isize = -1;
    let end_step = end_step as isize;
    if mode == Fold::Block {
        i = more_indented_lines(text, i, indent);
        if i != -1 {
            end = i + end_step;
        }
    }
    loop {
        i += 1;
        let Some(mut ch) = at(i as usize) else { break };
        if mode == Fold::Quoted && ch == u16::from(b'\\') {
            esc_start = i;
            i += match at(i as usize + 1) {
                Some(0x78) => 3,
                Some(0x75) => 5,
                Some(0x55) => 9,
                _ => 1,
            };
            esc_end = i;
        }
        if ch == NL {
            if mode == Fold::Block {
                i = more_indented_lines(text, i, indent);
            }
            end = i + indent as isize + end_step;
            split = None;
        } else {
            if ch == SP && prev.is_some_and(|p| p != SP && p != NL && p != TAB) {
                // A space between two others can become a newline and the indent.
                let next = at(i as usize + 1);
                if next.is_some_and(|n| n != SP && n != NL && n != TAB) {
                    split = Some(i as usize);
                }
            }
            if i >= end {
                if let Some(s) = split.filter(|&s| s > 0) {
                    folds.push(s);
                    end = s as isize + end_step;
                    split = None;
                } else if mode == Fold::Quoted {
                    // White space collected at the end may stretch past the width.
                    while prev == Some(SP) || prev == Some(TAB) {
                        prev = Some(ch);
                        i += 1;
                        ch = at(i as usize).unwrap_or(0);
                        overflow = true;
                    }
                    // Fold before a newline escape, but never inside an escape.
                    let j = if i > esc_end + 1 {
                        i - 2
                    } else {
                        esc_start - 1
                    };
                    if escaped_folds.contains(&j) {
                        return text.to_vec();
                    }
                    folds.push(j.max(0) as usize);
                    escaped_folds.insert(j);
                    end = j + end_step;
                    split = None;
                } else {
                    overflow = true;
                }
            }
        }
        prev = Some(ch);
    }
    if overflow && let Some(flag) = on_overflow {
        *flag = true;
    }
    if folds.is_empty() {
        return text.to_vec();
    }
    let mut res: Units = text[..folds[0].min(text.len())].to_vec();
    for (k, &f) in folds.iter().enumerate() {
        let stop = folds
            .get(k + 1)
            .copied()
            .filter(|&n| n != 0)
            .unwrap_or(text.len())
            .min(text.len());
        if f == 0 {
            res = vec![NL];
            res.extend(spaces(indent));
            res.extend_from_slice(&text[..stop]);
        } else {
            if mode == Fold::Quoted && escaped_folds.contains(&(f as isize)) {
                res.push(text[f]);
                res.push(u16::from(b'\\'));
            }
            res.push(NL);
            res.extend(spaces(indent));
            res.extend_from_slice(&text[(f + 1).min(stop)..stop]);
        }
    }
    res
}

/// `consumeMoreIndentedLines`: from the start of a line (`i + 1`), the index of the last
/// newline of the more-indented lines there, which are never folded.
fn more_indented_lines(text: &[u16], mut i: isize, indent: usize) -> isize {
    let at = |i: isize| text.get(i as usize).copied();
    let mut end = i;
    let mut start = i + 1;
    let mut ch = at(start);
    while ch == Some(SP) || ch == Some(TAB) {
        if i < start + indent as isize {
            i += 1;
            ch = at(i);
        } else {
            loop {
                i += 1;
                ch = at(i);
                if ch.is_none() || ch == Some(NL) {
                    break;
                }
            }
            end = i;
            start = i + 1;
            ch = at(start);
        }
    }
    end
}
