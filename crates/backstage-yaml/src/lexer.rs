//! The lexer of the JavaScript `yaml` package (v2, `parse/lexer.ts`), line for line.
//!
//! It splits the source into lexemes: slices of the input, plus three control strings
//! that mark the start of a document, the unexpected end of a flow collection, and the
//! scalar that follows. Its quirks are Backstage's quirks, so it is a faithful port
//! rather than a fresh design. Offsets are byte offsets; every decision compares against
//! ASCII characters (or the byte-order mark), so they match the JavaScript UTF-16 logic.

/// Start of a document.
pub const DOCUMENT: &str = "\x02";
/// Unexpected end of a flow collection.
pub const FLOW_END: &str = "\x18";
/// The next lexeme is a scalar.
pub const SCALAR: &str = "\x1f";
/// The byte-order mark, emitted on its own outside documents.
pub const BOM: &str = "\u{feff}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Stream,
    BlockStart,
    Doc,
    Flow,
}

fn is_empty(ch: Option<u8>) -> bool {
    matches!(ch, None | Some(b' ' | b'\n' | b'\r' | b'\t'))
}

fn is_flow_indicator(ch: Option<u8>) -> bool {
    matches!(ch, Some(b',' | b'[' | b']' | b'{' | b'}'))
}

fn is_not_anchor_char(ch: Option<u8>) -> bool {
    matches!(
        ch,
        None | Some(b' ' | b',' | b'[' | b']' | b'{' | b'}' | b'\n' | b'\r' | b'\t')
    )
}

fn is_tag_char(ch: u8) -> bool {
    ch.is_ascii_alphanumeric() || b"-#;/?:@&=+$_.!~*'()".contains(&ch)
}

/// Most lexemes read from one file. A legitimate descriptor has a few thousand; a 60 MB
/// file of one-character items has ninety million, and its syntax tree would take
/// gigabytes. Reading stops here, and the document is reported as too large.
pub const MAX_LEXEMES: usize = 1_500_000;

/// Splits `src` into the lexemes `yaml`'s parser consumes.
pub fn lex(src: &str) -> Vec<&str> {
    lex_bounded(src).0
}

/// [`lex`], stopping after [`MAX_LEXEMES`]: the lexemes, and the offset where it stopped.
pub fn lex_bounded(src: &str) -> (Vec<&str>, Option<usize>) {
    let mut lexer = Lexer {
        src,
        buf: src.as_bytes(),
        pos: 0,
        block_scalar_indent: -1,
        block_scalar_keep: false,
        flow_key: false,
        flow_level: 0,
        indent_next: 0,
        indent_value: 0,
        out: Vec::new(),
        line_end: std::cell::Cell::new((usize::MAX, usize::MAX)),
    };
    let mut next = State::Stream;
    let mut stalled = 0;
    while lexer.pos < lexer.buf.len() {
        if lexer.out.len() >= MAX_LEXEMES {
            return (lexer.out, Some(lexer.pos));
        }
        let before = (lexer.pos, lexer.out.len());
        next = lexer.parse_next(next);
        // Every state consumes input; this guard only protects against a porting slip.
        if (lexer.pos, lexer.out.len()) == before {
            stalled += 1;
            if stalled > 8 {
                let rest = lexer.slice(lexer.pos, lexer.buf.len());
                lexer.out.push(rest);
                break;
            }
        } else {
            stalled = 0;
        }
    }
    (lexer.out, None)
}

struct Lexer<'a> {
    src: &'a str,
    buf: &'a [u8],
    pos: usize,
    block_scalar_indent: i64,
    block_scalar_keep: bool,
    flow_key: bool,
    flow_level: usize,
    indent_next: i64,
    indent_value: i64,
    out: Vec<&'a str>,
    /// `(from, end)`: no line break in `from..end`, and `end` is one or the end of the
    /// text. `get_line` is called for every token, and a 60 MB one-line flow collection
    /// must not be scanned to its end each time.
    line_end: std::cell::Cell<(usize, usize)>,
}

impl<'a> Lexer<'a> {
    /// `buffer[i]`, `undefined` outside the text.
    fn at(&self, i: i64) -> Option<u8> {
        usize::try_from(i)
            .ok()
            .and_then(|i| self.buf.get(i).copied())
    }

    fn char_at(&self, n: usize) -> Option<u8> {
        self.buf.get(self.pos + n).copied()
    }

    /// A slice on character boundaries (moved forward if a byte offset falls inside one).
    fn slice(&self, from: usize, to: usize) -> &'a str {
        let len = self.src.len();
        let mut from = from.min(len);
        let mut to = to.min(len);
        while from < len && !self.src.is_char_boundary(from) {
            from += 1;
        }
        while to < len && !self.src.is_char_boundary(to) {
            to += 1;
        }
        self.src.get(from..to.max(from)).unwrap_or_default()
    }

    fn index_of(&self, ch: u8, from: i64) -> i64 {
        let from = usize::try_from(from.max(0)).unwrap_or(0);
        self.buf
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == ch))
            .map_or(-1, |i| to_i64(from + i))
    }

    fn at_line_end(&self) -> bool {
        let mut i = self.pos;
        let mut ch = self.buf.get(i).copied();
        while matches!(ch, Some(b' ' | b'\t')) {
            i += 1;
            ch = self.buf.get(i).copied();
        }
        match ch {
            None | Some(b'#' | b'\n') => true,
            Some(b'\r') => self.buf.get(i + 1) == Some(&b'\n'),
            _ => false,
        }
    }

    fn continue_scalar(&self, offset: i64) -> i64 {
        let mut ch = self.at(offset);
        if self.indent_next > 0 {
            let mut indent = 0;
            while ch == Some(b' ') {
                indent += 1;
                ch = self.at(indent + offset);
            }
            if ch == Some(b'\r') && self.at(indent + offset + 1) == Some(b'\n') {
                return offset + indent + 1;
            }
            return if ch == Some(b'\n') || indent >= self.indent_next {
                offset + indent
            } else {
                -1
            };
        }
        if matches!(ch, Some(b'-' | b'.')) {
            let dt = (self.at(offset), self.at(offset + 1), self.at(offset + 2));
            let marker = dt == (Some(b'-'), Some(b'-'), Some(b'-'))
                || dt == (Some(b'.'), Some(b'.'), Some(b'.'));
            if marker && is_empty(self.at(offset + 3)) {
                return -1;
            }
        }
        offset
    }

    /// The rest of the current line, without its line break (`getLine`).
    fn get_line(&self) -> &'a str {
        let (from, cached) = self.line_end.get();
        let end = if (from..=cached).contains(&self.pos) {
            cached
        } else {
            let end = self
                .buf
                .get(self.pos..)
                .and_then(|r| r.iter().position(|&b| b == b'\n'))
                .map_or(self.buf.len(), |i| self.pos + i);
            self.line_end.set((self.pos, end));
            end
        };
        if end >= self.buf.len() {
            return self.slice(self.pos, self.buf.len());
        }
        let end = if end > self.pos && self.buf.get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        self.slice(self.pos, end)
    }

    fn peek_is(&self, s: &[u8]) -> bool {
        self.buf.get(self.pos..self.pos + s.len()) == Some(s)
    }

    fn parse_next(&mut self, next: State) -> State {
        match next {
            State::Stream => self.parse_stream(),
            State::BlockStart => self.parse_block_start(),
            State::Doc => self.parse_document(),
            State::Flow => self.parse_flow_collection(),
        }
    }

    fn parse_stream(&mut self) -> State {
        let mut line = self.get_line();
        if let Some(rest) = line.strip_prefix(BOM) {
            self.push_count(BOM.len());
            line = rest;
        }
        let lb = line.as_bytes();
        if lb.first() == Some(&b'%') {
            let mut dir_end = lb.len();
            let mut cs = line.find('#');
            while let Some(c) = cs {
                if c > 0 && matches!(lb[c - 1], b' ' | b'\t') {
                    dir_end = c - 1;
                    break;
                }
                cs = line[c + 1..].find('#').map(|i| i + c + 1);
            }
            while dir_end > 0 && matches!(lb[dir_end - 1], b' ' | b'\t') {
                dir_end -= 1;
            }
            let n = self.push_count(dir_end) + self.push_spaces(true);
            self.push_count(lb.len().saturating_sub(n)); // possible comment
            // `yaml` calls pushNewline() here without consuming it: the next round does.
            return State::Stream;
        }
        if self.at_line_end() {
            let sp = self.push_spaces(true);
            self.push_count(lb.len().saturating_sub(sp));
            self.push_newline();
            return State::Stream;
        }
        self.out.push(DOCUMENT);
        self.parse_line_start()
    }

    fn parse_line_start(&mut self) -> State {
        let ch = self.char_at(0);
        if matches!(ch, Some(b'-' | b'.'))
            && (self.peek_is(b"---") || self.peek_is(b"..."))
            && is_empty(self.char_at(3))
        {
            let doc_start = self.peek_is(b"---");
            self.push_count(3);
            self.indent_value = 0;
            self.indent_next = 0;
            return if doc_start { State::Doc } else { State::Stream };
        }
        self.indent_value = to_i64(self.push_spaces(false));
        if self.indent_next > self.indent_value && !is_empty(self.char_at(1)) {
            self.indent_next = self.indent_value;
        }
        self.parse_block_start()
    }

    fn parse_block_start(&mut self) -> State {
        let ch0 = self.char_at(0);
        let ch1 = self.char_at(1);
        if matches!(ch0, Some(b'-' | b'?' | b':')) && is_empty(ch1) {
            let n = self.push_count(1) + self.push_spaces(true);
            self.indent_next = self.indent_value + 1;
            self.indent_value += to_i64(n);
            return State::BlockStart;
        }
        State::Doc
    }

    fn parse_document(&mut self) -> State {
        self.push_spaces(true);
        let line = self.get_line();
        let mut n = self.push_indicators();
        match line.as_bytes().get(n) {
            Some(b'#') | None => {
                if line.as_bytes().get(n) == Some(&b'#') {
                    self.push_count(line.len().saturating_sub(n));
                }
                self.push_newline();
                self.parse_line_start()
            }
            Some(b'{' | b'[') => {
                self.push_count(1);
                self.flow_key = false;
                self.flow_level = 1;
                State::Flow
            }
            Some(b'}' | b']') => {
                // this is an error
                self.push_count(1);
                State::Doc
            }
            Some(b'*') => {
                self.push_until(is_not_anchor_char);
                State::Doc
            }
            Some(b'"' | b'\'') => self.parse_quoted_scalar(),
            Some(b'|' | b'>') => {
                n += self.parse_block_scalar_header();
                n += self.push_spaces(true);
                self.push_count(line.len().saturating_sub(n));
                self.push_newline();
                self.parse_block_scalar()
            }
            _ => self.parse_plain_scalar(),
        }
    }

    fn parse_flow_collection(&mut self) -> State {
        let mut indent: i64 = -1;
        loop {
            let nl = self.push_newline();
            let mut sp = 0;
            if nl > 0 {
                sp = self.push_spaces(false);
                indent = to_i64(sp);
                self.indent_value = indent;
            }
            sp += self.push_spaces(true);
            if nl + sp == 0 {
                break;
            }
        }
        let line = self.get_line();
        let lb = line.as_bytes();
        let marker =
            (line.starts_with("---") || line.starts_with("...")) && is_empty(lb.get(3).copied());
        if (indent != -1 && indent < self.indent_next && lb.first() != Some(&b'#'))
            || (indent == 0 && marker)
        {
            // Allowing for the terminal ] or } at the same (rather than greater)
            // indent level as the initial [ or { is technically invalid, but
            // failing here would be surprising to users.
            let at_flow_end_marker = indent == self.indent_next - 1
                && self.flow_level == 1
                && matches!(lb.first(), Some(b']' | b'}'));
            if !at_flow_end_marker {
                // this is an error
                self.flow_level = 0;
                self.out.push(FLOW_END);
                return self.parse_line_start();
            }
        }
        let mut n = 0;
        while lb.get(n) == Some(&b',') {
            n += self.push_count(1);
            n += self.push_spaces(true);
            self.flow_key = false;
        }
        n += self.push_indicators();
        match lb.get(n) {
            None => State::Flow,
            Some(b'#') => {
                self.push_count(line.len().saturating_sub(n));
                State::Flow
            }
            Some(b'{' | b'[') => {
                self.push_count(1);
                self.flow_key = false;
                self.flow_level += 1;
                State::Flow
            }
            Some(b'}' | b']') => {
                self.push_count(1);
                self.flow_key = true;
                self.flow_level = self.flow_level.saturating_sub(1);
                if self.flow_level > 0 {
                    State::Flow
                } else {
                    State::Doc
                }
            }
            Some(b'*') => {
                self.push_until(is_not_anchor_char);
                State::Flow
            }
            Some(b'"' | b'\'') => {
                self.flow_key = true;
                self.parse_quoted_scalar()
            }
            Some(b':') => {
                let next = self.char_at(1);
                if self.flow_key || is_empty(next) || next == Some(b',') {
                    self.flow_key = false;
                    self.push_count(1);
                    self.push_spaces(true);
                    return State::Flow;
                }
                self.flow_key = false;
                self.parse_plain_scalar()
            }
            _ => {
                self.flow_key = false;
                self.parse_plain_scalar()
            }
        }
    }

    fn parse_quoted_scalar(&mut self) -> State {
        let quote = self.char_at(0).unwrap_or(b'"');
        let pos = to_i64(self.pos);
        let mut end = self.index_of(quote, pos + 1);
        if quote == b'\'' {
            while end != -1 && self.at(end + 1) == Some(b'\'') {
                end = self.index_of(b'\'', end + 2);
            }
        } else {
            while end != -1 {
                let mut n = 0;
                while self.at(end - 1 - n) == Some(b'\\') {
                    n += 1;
                }
                if n % 2 == 0 {
                    break;
                }
                end = self.index_of(b'"', end + 1);
            }
        }
        // Only looking for newlines within the quotes (`buffer.substring(0, end)`).
        let qb_end = end.max(0);
        let nl_in_qb = |from: i64| -> i64 {
            let i = self.index_of(b'\n', from);
            if i != -1 && i < qb_end { i } else { -1 }
        };
        let mut nl = nl_in_qb(pos);
        if nl != -1 {
            while nl != -1 {
                let cs = self.continue_scalar(nl + 1);
                if cs == -1 {
                    break;
                }
                nl = nl_in_qb(cs);
            }
            if nl != -1 {
                // this is an error caused by an unexpected unindent
                end = nl - if self.at(nl - 1) == Some(b'\r') { 2 } else { 1 };
            }
        }
        if end == -1 {
            end = to_i64(self.buf.len());
        }
        self.push_to_index(usize::try_from(end + 1).unwrap_or(0), false);
        if self.flow_level > 0 {
            State::Flow
        } else {
            State::Doc
        }
    }

    fn parse_block_scalar_header(&mut self) -> usize {
        self.block_scalar_indent = -1;
        self.block_scalar_keep = false;
        let mut i = self.pos;
        loop {
            i += 1;
            match self.buf.get(i).copied() {
                Some(b'+') => self.block_scalar_keep = true,
                Some(ch @ b'1'..=b'9') => self.block_scalar_indent = i64::from(ch - b'0') - 1,
                Some(b'-') => {}
                _ => break,
            }
        }
        self.push_until(|ch| is_empty(ch) || ch == Some(b'#'))
    }

    fn parse_block_scalar(&mut self) -> State {
        let pos = to_i64(self.pos);
        let mut nl = pos - 1; // may be -1 if this.pos === 0
        let mut indent: i64 = 0;
        let mut i = pos;
        loop {
            match self.at(i) {
                Some(b' ') => indent += 1,
                Some(b'\n') => {
                    nl = i;
                    indent = 0;
                }
                Some(b'\r') if self.at(i + 1) == Some(b'\n') => {}
                _ => break,
            }
            i += 1;
        }
        if indent >= self.indent_next {
            if self.block_scalar_indent == -1 {
                self.indent_next = indent;
            } else {
                self.indent_next = self.block_scalar_indent
                    + if self.indent_next == 0 {
                        1
                    } else {
                        self.indent_next
                    };
            }
            loop {
                let cs = self.continue_scalar(nl + 1);
                if cs == -1 {
                    break;
                }
                nl = self.index_of(b'\n', cs);
                if nl == -1 {
                    break;
                }
            }
            if nl == -1 {
                nl = to_i64(self.buf.len());
            }
        }
        // Trailing insufficiently indented tabs are invalid.
        // To catch that during parsing, we include them in the block scalar value.
        let mut i = nl + 1;
        let mut ch = self.at(i);
        while ch == Some(b' ') {
            i += 1;
            ch = self.at(i);
        }
        if ch == Some(b'\t') {
            while matches!(ch, Some(b'\t' | b' ' | b'\r' | b'\n')) {
                i += 1;
                ch = self.at(i);
            }
            nl = i - 1;
        } else if !self.block_scalar_keep {
            loop {
                let mut i = nl - 1;
                let mut ch = self.at(i);
                if ch == Some(b'\r') {
                    i -= 1;
                    ch = self.at(i);
                }
                let last_char = i; // Drop the line if last char not more indented
                while ch == Some(b' ') {
                    i -= 1;
                    ch = self.at(i);
                }
                if ch == Some(b'\n') && i >= pos && i + 1 + indent > last_char {
                    nl = i;
                } else {
                    break;
                }
            }
        }
        self.out.push(SCALAR);
        self.push_to_index(usize::try_from(nl + 1).unwrap_or(0), true);
        self.parse_line_start()
    }

    fn parse_plain_scalar(&mut self) -> State {
        let in_flow = self.flow_level > 0;
        let pos = to_i64(self.pos);
        let mut end = pos - 1;
        let mut i = pos - 1;
        loop {
            i += 1;
            let Some(mut ch) = self.at(i) else { break };
            if ch == b':' {
                let next = self.at(i + 1);
                if is_empty(next) || (in_flow && is_flow_indicator(next)) {
                    break;
                }
                end = i;
            } else if is_empty(Some(ch)) {
                let mut next = self.at(i + 1);
                if ch == b'\r' {
                    if next == Some(b'\n') {
                        i += 1;
                        ch = b'\n';
                        next = self.at(i + 1);
                    } else {
                        end = i;
                    }
                }
                if next == Some(b'#') || (in_flow && is_flow_indicator(next)) {
                    break;
                }
                if ch == b'\n' {
                    let cs = self.continue_scalar(i + 1);
                    if cs == -1 {
                        break;
                    }
                    i = i.max(cs - 2); // to advance, but still account for ' #'
                }
            } else {
                if in_flow && is_flow_indicator(Some(ch)) {
                    break;
                }
                end = i;
            }
        }
        self.out.push(SCALAR);
        self.push_to_index(usize::try_from(end + 1).unwrap_or(0), true);
        if in_flow { State::Flow } else { State::Doc }
    }

    fn push_count(&mut self, n: usize) -> usize {
        if n > 0 {
            let s = self.slice(self.pos, self.pos + n);
            self.out.push(s);
            self.pos += n;
            return n;
        }
        0
    }

    fn push_to_index(&mut self, i: usize, allow_empty: bool) -> usize {
        let s = if i > self.pos {
            self.slice(self.pos, i)
        } else {
            ""
        };
        if s.is_empty() {
            if allow_empty {
                self.out.push("");
            }
            return 0;
        }
        self.out.push(s);
        self.pos += s.len();
        s.len()
    }

    fn push_indicators(&mut self) -> usize {
        let mut n = 0;
        loop {
            match self.char_at(0) {
                Some(b'!') => {
                    n += self.push_tag();
                    n += self.push_spaces(true);
                }
                Some(b'&') => {
                    n += self.push_until(is_not_anchor_char);
                    n += self.push_spaces(true);
                }
                Some(b'-' | b'?' | b':') => {
                    let in_flow = self.flow_level > 0;
                    let ch1 = self.char_at(1);
                    if !(is_empty(ch1) || (in_flow && is_flow_indicator(ch1))) {
                        break;
                    }
                    if !in_flow {
                        self.indent_next = self.indent_value + 1;
                    } else if self.flow_key {
                        self.flow_key = false;
                    }
                    n += self.push_count(1);
                    n += self.push_spaces(true);
                }
                _ => break,
            }
        }
        n
    }

    fn push_tag(&mut self) -> usize {
        if self.char_at(1) == Some(b'<') {
            let mut i = self.pos + 2;
            let mut ch = self.buf.get(i).copied();
            while !is_empty(ch) && ch != Some(b'>') {
                i += 1;
                ch = self.buf.get(i).copied();
            }
            self.push_to_index(if ch == Some(b'>') { i + 1 } else { i }, false)
        } else {
            let hex = |c: Option<&u8>| c.is_some_and(u8::is_ascii_hexdigit);
            let mut i = self.pos + 1;
            while let Some(&ch) = self.buf.get(i) {
                if is_tag_char(ch) {
                    i += 1;
                } else if ch == b'%' && hex(self.buf.get(i + 1)) && hex(self.buf.get(i + 2)) {
                    i += 3;
                } else {
                    break;
                }
            }
            self.push_to_index(i, false)
        }
    }

    fn push_newline(&mut self) -> usize {
        match self.char_at(0) {
            Some(b'\n') => self.push_count(1),
            Some(b'\r') if self.char_at(1) == Some(b'\n') => self.push_count(2),
            _ => 0,
        }
    }

    fn push_spaces(&mut self, allow_tabs: bool) -> usize {
        let mut i = self.pos;
        while let Some(&ch) = self.buf.get(i) {
            if ch == b' ' || (allow_tabs && ch == b'\t') {
                i += 1;
            } else {
                break;
            }
        }
        let n = i - self.pos;
        if n > 0 {
            let s = self.slice(self.pos, i);
            self.out.push(s);
            self.pos = i;
        }
        n
    }

    fn push_until(&mut self, test: impl Fn(Option<u8>) -> bool) -> usize {
        let mut i = self.pos;
        while !test(self.buf.get(i).copied()) {
            i += 1;
        }
        self.push_to_index(i, false)
    }
}

pub fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexemes_of_a_small_map() {
        assert_eq!(
            lex("a: 1\n"),
            [DOCUMENT, SCALAR, "a", ":", " ", SCALAR, "1", "\n"]
        );
    }

    #[test]
    fn flow_and_quotes() {
        assert_eq!(
            lex("[a, 'b']"),
            [DOCUMENT, "[", SCALAR, "a", ",", " ", "'b'", "]"]
        );
    }
}
