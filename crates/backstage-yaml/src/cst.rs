//! The concrete-syntax-tree parser of the JavaScript `yaml` package (v2, `parse/parser.ts`).
//!
//! It folds the lexemes into documents, block and flow collections and scalars, keeping
//! every space, comment and indicator. Where the input is broken it builds what `yaml`
//! builds, error tokens included, so that the composer reports the same errors.

use super::lexer::{self, to_i64};

/// The type of a lexeme (`cst.tokenType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    ByteOrderMark,
    DocMode,
    FlowErrorEnd,
    Scalar,
    DocStart,
    DocEnd,
    Newline,
    SeqItemInd,
    ExplicitKeyInd,
    MapValueInd,
    FlowMapStart,
    FlowMapEnd,
    FlowSeqStart,
    FlowSeqEnd,
    Comma,
    Space,
    Comment,
    DirectiveLine,
    Alias,
    Anchor,
    Tag,
    SingleQuotedScalar,
    DoubleQuotedScalar,
    BlockScalarHeader,
}

impl T {
    pub fn name(self) -> &'static str {
        match self {
            T::ByteOrderMark => "byte-order-mark",
            T::DocMode => "doc-mode",
            T::FlowErrorEnd => "flow-error-end",
            T::Scalar => "scalar",
            T::DocStart => "doc-start",
            T::DocEnd => "doc-end",
            T::Newline => "newline",
            T::SeqItemInd => "seq-item-ind",
            T::ExplicitKeyInd => "explicit-key-ind",
            T::MapValueInd => "map-value-ind",
            T::FlowMapStart => "flow-map-start",
            T::FlowMapEnd => "flow-map-end",
            T::FlowSeqStart => "flow-seq-start",
            T::FlowSeqEnd => "flow-seq-end",
            T::Comma => "comma",
            T::Space => "space",
            T::Comment => "comment",
            T::DirectiveLine => "directive-line",
            T::Alias => "alias",
            T::Anchor => "anchor",
            T::Tag => "tag",
            T::SingleQuotedScalar => "single-quoted-scalar",
            T::DoubleQuotedScalar => "double-quoted-scalar",
            T::BlockScalarHeader => "block-scalar-header",
        }
    }
}

fn token_type(source: &str) -> Option<T> {
    Some(match source {
        lexer::BOM => T::ByteOrderMark,
        lexer::DOCUMENT => T::DocMode,
        lexer::FLOW_END => T::FlowErrorEnd,
        lexer::SCALAR => T::Scalar,
        "---" => T::DocStart,
        "..." => T::DocEnd,
        "" | "\n" | "\r\n" => T::Newline,
        "-" => T::SeqItemInd,
        "?" => T::ExplicitKeyInd,
        ":" => T::MapValueInd,
        "{" => T::FlowMapStart,
        "}" => T::FlowMapEnd,
        "[" => T::FlowSeqStart,
        "]" => T::FlowSeqEnd,
        "," => T::Comma,
        _ => match source.as_bytes().first()? {
            b' ' | b'\t' => T::Space,
            b'#' => T::Comment,
            b'%' => T::DirectiveLine,
            b'*' => T::Alias,
            b'&' => T::Anchor,
            b'!' => T::Tag,
            b'\'' => T::SingleQuotedScalar,
            b'"' => T::DoubleQuotedScalar,
            b'|' | b'>' => T::BlockScalarHeader,
            _ => return None,
        },
    })
}

/// A lexeme with its type and place.
#[derive(Debug, Clone)]
pub struct Src<'a> {
    pub ty: T,
    pub offset: usize,
    pub indent: i64,
    pub source: &'a str,
}

/// An item of a collection.
#[derive(Debug, Clone, Default)]
pub struct Item<'a> {
    pub start: Vec<Src<'a>>,
    pub key: Option<Box<Token<'a>>>,
    pub sep: Option<Vec<Src<'a>>>,
    pub value: Option<Box<Token<'a>>>,
    pub explicit_key: bool,
}

impl<'a> Item<'a> {
    fn start(start: Vec<Src<'a>>) -> Self {
        Item {
            start,
            ..Item::default()
        }
    }

    fn pair(start: Vec<Src<'a>>, key: Option<Token<'a>>, sep: Vec<Src<'a>>) -> Self {
        Item {
            start,
            key: key.map(Box::new),
            sep: Some(sep),
            ..Item::default()
        }
    }
}

/// A CST node.
#[derive(Debug, Clone)]
pub enum Token<'a> {
    /// A stream-level byte-order mark, space, comment or newline.
    Src(Src<'a>),
    Directive {
        offset: usize,
        source: &'a str,
    },
    Error {
        offset: usize,
        source: &'a str,
        message: String,
    },
    Document {
        offset: usize,
        start: Vec<Src<'a>>,
        value: Option<Box<Token<'a>>>,
        end: Option<Vec<Src<'a>>>,
    },
    DocEnd {
        offset: usize,
        source: &'a str,
        end: Option<Vec<Src<'a>>>,
    },
    /// Alias, plain, single- or double-quoted scalar.
    FlowScalar {
        ty: T,
        offset: usize,
        indent: i64,
        source: &'a str,
        end: Option<Vec<Src<'a>>>,
    },
    BlockScalar {
        offset: usize,
        indent: i64,
        props: Vec<Token<'a>>,
        source: &'a str,
    },
    BlockMap {
        offset: usize,
        indent: i64,
        items: Vec<Item<'a>>,
    },
    BlockSeq {
        offset: usize,
        indent: i64,
        items: Vec<Item<'a>>,
    },
    FlowCollection {
        offset: usize,
        indent: i64,
        start: Src<'a>,
        items: Vec<Item<'a>>,
        end: Vec<Src<'a>>,
    },
}

impl<'a> Token<'a> {
    pub fn type_name(&self) -> &'static str {
        match self {
            Token::Src(s) => s.ty.name(),
            Token::Directive { .. } => "directive",
            Token::Error { .. } => "error",
            Token::Document { .. } => "document",
            Token::DocEnd { .. } => "doc-end",
            Token::FlowScalar { ty, .. } => ty.name(),
            Token::BlockScalar { .. } => "block-scalar",
            Token::BlockMap { .. } => "block-map",
            Token::BlockSeq { .. } => "block-seq",
            Token::FlowCollection { .. } => "flow-collection",
        }
    }

    pub fn offset(&self) -> usize {
        match self {
            Token::Src(s) => s.offset,
            Token::Directive { offset, .. }
            | Token::Error { offset, .. }
            | Token::Document { offset, .. }
            | Token::DocEnd { offset, .. }
            | Token::FlowScalar { offset, .. }
            | Token::BlockScalar { offset, .. }
            | Token::BlockMap { offset, .. }
            | Token::BlockSeq { offset, .. }
            | Token::FlowCollection { offset, .. } => *offset,
        }
    }

    /// `token.indent`, for the tokens that have one (`'indent' in token`).
    pub fn indent(&self) -> Option<i64> {
        match self {
            Token::Src(s) => Some(s.indent),
            Token::FlowScalar { indent, .. }
            | Token::BlockScalar { indent, .. }
            | Token::BlockMap { indent, .. }
            | Token::BlockSeq { indent, .. }
            | Token::FlowCollection { indent, .. } => Some(*indent),
            _ => None,
        }
    }

    fn set_indent(&mut self, value: i64) {
        if let Token::FlowScalar { indent, .. }
        | Token::BlockScalar { indent, .. }
        | Token::BlockMap { indent, .. }
        | Token::BlockSeq { indent, .. }
        | Token::FlowCollection { indent, .. } = self
        {
            *indent = value;
        }
    }

    /// `token.source`, for the tokens that have one.
    pub fn source(&self) -> Option<&'a str> {
        match self {
            Token::Src(s) => Some(s.source),
            Token::Directive { source, .. }
            | Token::Error { source, .. }
            | Token::DocEnd { source, .. }
            | Token::FlowScalar { source, .. }
            | Token::BlockScalar { source, .. } => Some(source),
            _ => None,
        }
    }

    fn is_flow_token(&self) -> bool {
        matches!(
            self,
            Token::FlowScalar { .. } | Token::FlowCollection { .. }
        )
    }

    fn is_block_collection(&self) -> bool {
        matches!(self, Token::BlockMap { .. } | Token::BlockSeq { .. })
    }

    /// `token.end` when it is an array (`Array.isArray(token.end)`).
    fn end_array(&mut self) -> Option<&mut Vec<Src<'a>>> {
        match self {
            Token::FlowScalar { end, .. } | Token::Document { end, .. } => end.as_mut(),
            Token::FlowCollection { end, .. } => Some(end),
            _ => None,
        }
    }

    /// Pushes onto `token.end`, creating it when missing.
    fn push_end(&mut self, st: Src<'a>) {
        match self {
            Token::FlowScalar { end, .. }
            | Token::Document { end, .. }
            | Token::DocEnd { end, .. } => end.get_or_insert_with(Vec::new).push(st),
            Token::FlowCollection { end, .. } => end.push(st),
            _ => {}
        }
    }

    fn items_mut(&mut self) -> Option<&mut Vec<Item<'a>>> {
        match self {
            Token::BlockMap { items, .. }
            | Token::BlockSeq { items, .. }
            | Token::FlowCollection { items, .. } => Some(items),
            _ => None,
        }
    }
}

fn includes_token(list: &[Src<'_>], ty: T) -> bool {
    list.iter().any(|t| t.ty == ty)
}

fn find_non_empty_index(list: &[Src<'_>]) -> Option<usize> {
    list.iter()
        .position(|t| !matches!(t.ty, T::Space | T::Comment | T::Newline))
}

/// `getFirstKeyStartProps`: removes and returns the props after the last line start.
fn first_key_start_props<'a>(prev: &mut Vec<Src<'a>>) -> Vec<Src<'a>> {
    if prev.is_empty() {
        return Vec::new();
    }
    let mut i = prev.len();
    let mut found = None;
    while i > 0 {
        i -= 1;
        if matches!(
            prev[i].ty,
            T::DocStart | T::ExplicitKeyInd | T::MapValueInd | T::SeqItemInd | T::Newline
        ) {
            found = Some(i);
            break;
        }
    }
    let mut i = found.map_or(0, |i| i + 1);
    while prev.get(i).is_some_and(|t| t.ty == T::Space) {
        i += 1;
    }
    prev.split_off(i.min(prev.len()))
}

/// `getPrevProps`.
fn prev_props<'t, 'a>(parent: &'t mut Token<'a>) -> Option<&'t mut Vec<Src<'a>>> {
    match parent {
        Token::Document { start, .. } => Some(start),
        Token::BlockMap { items, .. } => {
            let it = items.last_mut()?;
            Some(match &mut it.sep {
                Some(sep) => sep,
                None => &mut it.start,
            })
        }
        Token::BlockSeq { items, .. } => items.last_mut().map(|it| &mut it.start),
        _ => None,
    }
}

fn fix_flow_seq_items(fc: &mut Token<'_>) {
    let Token::FlowCollection { start, items, .. } = fc else {
        return;
    };
    if start.ty != T::FlowSeqStart {
        return;
    }
    for it in items {
        let Some(sep) = &it.sep else { continue };
        if it.value.is_some()
            || includes_token(&it.start, T::ExplicitKeyInd)
            || includes_token(sep, T::MapValueInd)
        {
            continue;
        }
        if it.key.is_some() {
            it.value = it.key.take();
        }
        it.key = None;
        let sep = it.sep.take().unwrap_or_default();
        match it.value.as_deref_mut() {
            Some(v @ (Token::FlowScalar { .. } | Token::FlowCollection { .. })) => match v {
                Token::FlowScalar { end, .. } => end.get_or_insert_with(Vec::new).extend(sep),
                Token::FlowCollection { end, .. } => end.extend(sep),
                _ => {}
            },
            _ => it.start.extend(sep),
        }
    }
}

/// Deepest parser stack kept; deeper input is dropped and its offset recorded, so that
/// the CST (and so every later recursion) stays shallow.
const MAX_STACK: usize = super::MAX_DEPTH + 16;

/// The CST of a stream, and where nesting went deeper than the parser keeps.
pub struct Parsed<'a> {
    pub tokens: Vec<Token<'a>>,
    pub too_deep: Vec<usize>,
    /// The deepest the parser stack went.
    pub max_depth: usize,
    /// Where reading stopped after [`lexer::MAX_LEXEMES`], if it did.
    pub too_large: Option<usize>,
}

/// Parses `src` into top-level CST tokens.
pub fn parse(src: &str) -> Parsed<'_> {
    let mut p = Parser {
        at_new_line: true,
        at_scalar: false,
        indent: 0,
        offset: 0,
        on_key_line: false,
        stack: Vec::new(),
        source: "",
        ty: T::DocMode,
        out: Vec::new(),
        too_deep: Vec::new(),
        max_depth: 0,
    };
    let (lexemes, too_large) = lexer::lex_bounded(src);
    for lexeme in lexemes {
        p.next(lexeme);
    }
    while !p.stack.is_empty() {
        p.pop(None);
    }
    Parsed {
        tokens: p.out,
        too_deep: p.too_deep,
        max_depth: p.max_depth,
        too_large,
    }
}

struct Parser<'a> {
    at_new_line: bool,
    at_scalar: bool,
    indent: i64,
    offset: usize,
    on_key_line: bool,
    stack: Vec<Token<'a>>,
    source: &'a str,
    ty: T,
    out: Vec<Token<'a>>,
    too_deep: Vec<usize>,
    max_depth: usize,
}

enum Top {
    None,
    Document,
    FlowScalar,
    BlockScalar,
    BlockMap,
    BlockSeq,
    FlowCollection,
    DocEnd,
    Other,
}

impl<'a> Parser<'a> {
    fn next(&mut self, source: &'a str) {
        self.source = source;
        if self.at_scalar {
            self.at_scalar = false;
            self.step();
            self.offset += source.len();
            return;
        }
        match token_type(source) {
            None => {
                let message = format!("Not a YAML token: {source}");
                let error = Token::Error {
                    offset: self.offset,
                    source,
                    message,
                };
                self.pop(Some(error));
                self.offset += source.len();
            }
            Some(T::Scalar) => {
                self.at_new_line = false;
                self.at_scalar = true;
                self.ty = T::Scalar;
            }
            Some(ty) => {
                self.ty = ty;
                self.step();
                match ty {
                    T::Newline => {
                        self.at_new_line = true;
                        self.indent = 0;
                    }
                    T::Space => {
                        if self.at_new_line && source.starts_with(' ') {
                            self.indent += to_i64(source.len());
                        }
                    }
                    T::ExplicitKeyInd | T::MapValueInd | T::SeqItemInd => {
                        if self.at_new_line {
                            self.indent += to_i64(source.len());
                        }
                    }
                    T::DocMode | T::FlowErrorEnd => return,
                    _ => self.at_new_line = false,
                }
                self.offset += source.len();
            }
        }
    }

    fn push_stack(&mut self, token: Token<'a>) {
        if self.stack.len() >= MAX_STACK {
            if self.too_deep.len() < 64 {
                self.too_deep.push(self.offset);
            }
            return;
        }
        self.stack.push(token);
        self.max_depth = self.max_depth.max(self.stack.len());
    }

    fn source_token(&self) -> Src<'a> {
        Src {
            ty: self.ty,
            offset: self.offset,
            indent: self.indent,
            source: self.source,
        }
    }

    fn top_kind(&self) -> Top {
        match self.stack.last() {
            None => Top::None,
            Some(Token::Document { .. }) => Top::Document,
            Some(Token::FlowScalar { .. }) => Top::FlowScalar,
            Some(Token::BlockScalar { .. }) => Top::BlockScalar,
            Some(Token::BlockMap { .. }) => Top::BlockMap,
            Some(Token::BlockSeq { .. }) => Top::BlockSeq,
            Some(Token::FlowCollection { .. }) => Top::FlowCollection,
            Some(Token::DocEnd { .. }) => Top::DocEnd,
            Some(_) => Top::Other,
        }
    }

    fn step(&mut self) {
        let top = self.top_kind();
        if self.ty == T::DocEnd && !matches!(top, Top::DocEnd) {
            while !self.stack.is_empty() {
                self.pop(None);
            }
            self.push_stack(Token::DocEnd {
                offset: self.offset,
                source: self.source,
                end: None,
            });
            return;
        }
        match top {
            Top::None => self.stream(),
            Top::Document => self.document(),
            Top::FlowScalar => self.scalar(),
            Top::BlockScalar => self.block_scalar(),
            Top::BlockMap => self.block_map(),
            Top::BlockSeq => self.block_sequence(),
            Top::FlowCollection => self.flow_collection(),
            Top::DocEnd => self.document_end(),
            Top::Other => self.pop(None),
        }
    }

    fn pop(&mut self, error: Option<Token<'a>>) {
        let token = match error {
            Some(e) => e,
            None => match self.stack.pop() {
                Some(t) => t,
                None => {
                    self.out.push(Token::Error {
                        offset: self.offset,
                        source: "",
                        message: "Tried to pop an empty stack".into(),
                    });
                    return;
                }
            },
        };
        let Some(top) = self.stack.last_mut() else {
            self.out.push(token);
            return;
        };
        let mut token = token;
        match &token {
            Token::BlockScalar { .. } => {
                // Block scalars use their parent rather than header indent
                let indent = match &*top {
                    Token::Document { .. } => 0,
                    other => other.indent().unwrap_or(0),
                };
                token.set_indent(indent);
            }
            Token::FlowCollection { .. } if matches!(top, Token::Document { .. }) => {
                // Ignore all indent for top-level flow collections
                token.set_indent(0);
            }
            _ => {}
        }
        if matches!(token, Token::FlowCollection { .. }) {
            fix_flow_seq_items(&mut token);
        }
        // Whether `yaml` reaches its trailing-empty-item check after attaching the token.
        let reaches_check = match &*top {
            Token::Document { .. } | Token::BlockSeq { .. } => true,
            Token::BlockMap { items, .. } => items
                .last()
                .is_some_and(|it| it.value.is_none() && it.sep.is_some()),
            _ => false,
        };
        let moved = if reaches_check && token.is_block_collection() {
            take_trailing_empty_item(&mut token)
        } else {
            None
        };
        match top {
            Token::Document { value, end, .. } => {
                *value = Some(Box::new(token));
                if let Some(start) = moved {
                    *end = Some(start);
                }
            }
            Token::BlockScalar { props, .. } => props.push(token),
            Token::BlockMap { items, .. } => {
                let Some(it) = items.last_mut() else {
                    items.push(Item::pair(Vec::new(), Some(token), Vec::new()));
                    self.on_key_line = true;
                    return;
                };
                if it.value.is_some() {
                    items.push(Item::pair(Vec::new(), Some(token), Vec::new()));
                    self.on_key_line = true;
                    return;
                } else if it.sep.is_some() {
                    it.value = Some(Box::new(token));
                } else {
                    it.key = Some(Box::new(token));
                    it.sep = Some(Vec::new());
                    self.on_key_line = !it.explicit_key;
                    return;
                }
                if let Some(start) = moved {
                    items.push(Item::start(start));
                }
            }
            Token::BlockSeq { items, .. } => {
                match items.last_mut() {
                    Some(it) if it.value.is_none() => it.value = Some(Box::new(token)),
                    _ => items.push(Item {
                        value: Some(Box::new(token)),
                        ..Item::default()
                    }),
                }
                if let Some(start) = moved {
                    items.push(Item::start(start));
                }
            }
            Token::FlowCollection { items, .. } => match items.last_mut() {
                Some(it) if it.value.is_none() => {
                    if it.sep.is_some() {
                        it.value = Some(Box::new(token));
                    } else {
                        it.key = Some(Box::new(token));
                        it.sep = Some(Vec::new());
                    }
                }
                _ => items.push(Item::pair(Vec::new(), Some(token), Vec::new())),
            },
            _ => {
                self.pop(None);
                self.pop(Some(token));
            }
        }
    }

    fn stream(&mut self) {
        match self.ty {
            T::DirectiveLine => self.out.push(Token::Directive {
                offset: self.offset,
                source: self.source,
            }),
            T::ByteOrderMark | T::Space | T::Comment | T::Newline => {
                let st = self.source_token();
                self.out.push(Token::Src(st));
            }
            T::DocMode | T::DocStart => {
                let mut start = Vec::new();
                if self.ty == T::DocStart {
                    start.push(self.source_token());
                }
                self.push_stack(Token::Document {
                    offset: self.offset,
                    start,
                    value: None,
                    end: None,
                });
            }
            ty => self.out.push(Token::Error {
                offset: self.offset,
                source: self.source,
                message: format!("Unexpected {} token in YAML stream", ty.name()),
            }),
        }
    }

    fn document(&mut self) {
        let st = self.source_token();
        let Some(Token::Document { start, value, .. }) = self.stack.last_mut() else {
            return;
        };
        if value.is_some() {
            return self.line_end();
        }
        match self.ty {
            T::DocStart => {
                if find_non_empty_index(start).is_some() {
                    self.pop(None);
                    self.step();
                } else {
                    start.push(st);
                }
                return;
            }
            T::Anchor | T::Tag | T::Space | T::Comment | T::Newline => {
                start.push(st);
                return;
            }
            _ => {}
        }
        match self.start_block_value() {
            Some(bv) => self.push_stack(bv),
            None => self.out.push(Token::Error {
                offset: self.offset,
                source: self.source,
                message: format!("Unexpected {} token in YAML document", self.ty.name()),
            }),
        }
    }

    fn scalar(&mut self) {
        if self.ty != T::MapValueInd {
            return self.line_end();
        }
        let st = self.source_token();
        let n = self.stack.len();
        let start = match n.checked_sub(2).and_then(|i| self.stack.get_mut(i)) {
            Some(parent) => prev_props(parent)
                .map(first_key_start_props)
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let Some(mut scalar) = self.stack.pop() else {
            return;
        };
        let (offset, indent) = (scalar.offset(), scalar.indent().unwrap_or(0));
        let mut sep = match &mut scalar {
            Token::FlowScalar { end, .. } => end.take().unwrap_or_default(),
            _ => Vec::new(),
        };
        sep.push(st);
        self.on_key_line = true;
        self.push_stack(Token::BlockMap {
            offset,
            indent,
            items: vec![Item::pair(start, Some(scalar), sep)],
        });
    }

    fn block_scalar(&mut self) {
        let st = self.source_token();
        let source = self.source;
        let Some(Token::BlockScalar {
            props, source: src, ..
        }) = self.stack.last_mut()
        else {
            return;
        };
        match self.ty {
            T::Space | T::Comment | T::Newline => props.push(Token::Src(st)),
            T::Scalar => {
                *src = source;
                // block-scalar source includes trailing newline
                self.at_new_line = true;
                self.indent = 0;
                self.pop(None);
            }
            _ => {
                self.pop(None);
                self.step();
            }
        }
    }

    /// Moves the last item's `start` onto the previous item's value `end`, when that
    /// comment belongs to it (the indented-comment case of `blockMap`/`blockSequence`).
    fn absorb_indented_comment(&mut self, st: &Src<'a>) -> bool {
        let Some(items) = self.stack.last_mut().and_then(Token::items_mut) else {
            return false;
        };
        let n = items.len();
        if n < 2 {
            return false;
        }
        let has_end = items[n - 2]
            .value
            .as_deref_mut()
            .and_then(Token::end_array)
            .is_some();
        if !has_end {
            return false;
        }
        let Some(last) = items.pop() else {
            return false;
        };
        if let Some(end) = items
            .last_mut()
            .and_then(|it| it.value.as_deref_mut())
            .and_then(Token::end_array)
        {
            end.extend(last.start);
            end.push(st.clone());
        }
        true
    }

    fn block_map(&mut self) {
        let st = self.source_token();
        let ty = self.ty;
        let Some(Token::BlockMap { items, indent, .. }) = self.stack.last_mut() else {
            return;
        };
        let map_indent = *indent;
        if items.is_empty() {
            items.push(Item::default());
        }
        let n = items.len();
        match ty {
            T::Newline => {
                self.on_key_line = false;
                let it = &mut items[n - 1];
                if let Some(value) = it.value.as_deref_mut() {
                    match value.end_array() {
                        Some(end) if end.last().is_some_and(|t| t.ty == T::Comment) => {
                            end.push(st);
                        }
                        _ => items.push(Item::start(vec![st])),
                    }
                } else if let Some(sep) = &mut it.sep {
                    sep.push(st);
                } else {
                    it.start.push(st);
                }
                return;
            }
            T::Space | T::Comment => {
                let it = &mut items[n - 1];
                if it.value.is_some() {
                    items.push(Item::start(vec![st]));
                } else if let Some(sep) = &mut it.sep {
                    sep.push(st);
                } else {
                    let indented =
                        self.ty == T::Comment && self.indent > map_indent && only_blank(&it.start);
                    if indented && self.absorb_indented_comment(&st) {
                        return;
                    }
                    if let Some(Token::BlockMap { items, .. }) = self.stack.last_mut()
                        && let Some(it) = items.last_mut()
                    {
                        it.start.push(st);
                    }
                }
                return;
            }
            _ => {}
        }
        if self.indent >= map_indent {
            self.block_map_item(st, map_indent);
            return;
        }
        self.pop(None);
        self.step();
    }

    /// The part of `blockMap` for tokens at or beyond the map's indentation.
    fn block_map_item(&mut self, st: Src<'a>, map_indent: i64) {
        let ty = self.ty;
        let (offset, indent) = (self.offset, self.indent);
        let at_map_indent = !self.on_key_line && indent == map_indent;
        let on_key_line = &mut self.on_key_line;
        let Some(Token::BlockMap { items, .. }) = self.stack.last_mut() else {
            return;
        };
        let n = items.len();
        let it = &mut items[n - 1];
        let at_next_item =
            at_map_indent && (it.sep.is_some() || it.explicit_key) && ty != T::SeqItemInd;
        // For empty nodes, assign newline-separated not indented empty tokens to following node
        let mut start: Vec<Src<'a>> = Vec::new();
        if at_next_item
            && it.value.is_none()
            && let Some(sep) = &mut it.sep
        {
            let mut nl = Vec::new();
            for (i, t) in sep.iter().enumerate() {
                match t.ty {
                    T::Newline => nl.push(i),
                    T::Space => {}
                    T::Comment => {
                        if t.indent > map_indent {
                            nl.clear();
                        }
                    }
                    _ => nl.clear(),
                }
            }
            if nl.len() >= 2 {
                start = sep.split_off(nl[1]);
            }
        }
        match ty {
            T::Anchor | T::Tag => {
                if at_next_item || it.value.is_some() {
                    start.push(st);
                    items.push(Item::start(start));
                    *on_key_line = true;
                } else if let Some(sep) = &mut it.sep {
                    sep.push(st);
                } else {
                    it.start.push(st);
                }
            }
            T::ExplicitKeyInd => {
                *on_key_line = true;
                if it.sep.is_none() && !it.explicit_key {
                    it.start.push(st);
                    it.explicit_key = true;
                } else if at_next_item || it.value.is_some() {
                    start.push(st);
                    items.push(Item {
                        start,
                        explicit_key: true,
                        ..Item::default()
                    });
                } else {
                    self.push_stack(Token::BlockMap {
                        offset,
                        indent,
                        items: vec![Item {
                            start: vec![st],
                            explicit_key: true,
                            ..Item::default()
                        }],
                    });
                }
            }
            T::MapValueInd => {
                *on_key_line = true;
                let push = map_value_in_block_map(items, st, start, at_next_item);
                if let Some(new_items) = push {
                    self.push_stack(Token::BlockMap {
                        offset,
                        indent,
                        items: new_items,
                    });
                }
            }
            T::Alias | T::Scalar | T::SingleQuotedScalar | T::DoubleQuotedScalar => {
                let fs = self.flow_scalar();
                let Some(Token::BlockMap { items, .. }) = self.stack.last_mut() else {
                    return;
                };
                let n = items.len();
                let it = &mut items[n - 1];
                if at_next_item || it.value.is_some() {
                    items.push(Item::pair(start, Some(fs), Vec::new()));
                    self.on_key_line = true;
                } else if it.sep.is_some() {
                    self.push_stack(fs);
                } else {
                    it.key = Some(Box::new(fs));
                    it.sep = Some(Vec::new());
                    self.on_key_line = true;
                }
            }
            _ => {
                let explicit_key = it.explicit_key;
                let sep_without_newline = it
                    .sep
                    .as_ref()
                    .is_some_and(|s| !includes_token(s, T::Newline));
                let Some(bv) = self.start_block_value() else {
                    self.pop(None);
                    self.step();
                    return;
                };
                if matches!(bv, Token::BlockSeq { .. }) {
                    if !explicit_key && sep_without_newline {
                        let error = Token::Error {
                            offset: self.offset,
                            source: self.source,
                            message: "Unexpected block-seq-ind on same line with key".into(),
                        };
                        self.pop(Some(error));
                        return;
                    }
                } else if at_map_indent
                    && let Some(Token::BlockMap { items, .. }) = self.stack.last_mut()
                {
                    items.push(Item::start(start));
                }
                self.push_stack(bv);
            }
        }
    }

    fn block_sequence(&mut self) {
        let st = self.source_token();
        let ty = self.ty;
        let Some(Token::BlockSeq { items, indent, .. }) = self.stack.last_mut() else {
            return;
        };
        let seq_indent = *indent;
        if items.is_empty() {
            items.push(Item::default());
        }
        let n = items.len();
        let it = &mut items[n - 1];
        match ty {
            T::Newline => {
                if let Some(value) = it.value.as_deref_mut() {
                    match value.end_array() {
                        Some(end) if end.last().is_some_and(|t| t.ty == T::Comment) => {
                            end.push(st);
                        }
                        _ => items.push(Item::start(vec![st])),
                    }
                } else {
                    it.start.push(st);
                }
                return;
            }
            T::Space | T::Comment => {
                if it.value.is_some() {
                    items.push(Item::start(vec![st]));
                } else {
                    let indented =
                        self.ty == T::Comment && self.indent > seq_indent && only_blank(&it.start);
                    if indented && self.absorb_indented_comment(&st) {
                        return;
                    }
                    if let Some(Token::BlockSeq { items, .. }) = self.stack.last_mut()
                        && let Some(it) = items.last_mut()
                    {
                        it.start.push(st);
                    }
                }
                return;
            }
            T::Anchor | T::Tag if !(it.value.is_some() || self.indent <= seq_indent) => {
                it.start.push(st);
                return;
            }
            T::SeqItemInd if self.indent == seq_indent => {
                if it.value.is_some() || includes_token(&it.start, T::SeqItemInd) {
                    items.push(Item::start(vec![st]));
                } else {
                    it.start.push(st);
                }
                return;
            }
            _ => {}
        }
        if self.indent > seq_indent
            && let Some(bv) = self.start_block_value()
        {
            self.push_stack(bv);
            return;
        }
        self.pop(None);
        self.step();
    }

    fn flow_collection(&mut self) {
        let st = self.source_token();
        let ty = self.ty;
        if ty == T::FlowErrorEnd {
            loop {
                self.pop(None);
                if !matches!(self.stack.last(), Some(Token::FlowCollection { .. })) {
                    break;
                }
            }
            return;
        }
        let Some(Token::FlowCollection { items, end, .. }) = self.stack.last_mut() else {
            return;
        };
        if end.is_empty() {
            let it = items.last_mut();
            match ty {
                T::Comma | T::ExplicitKeyInd => {
                    match it {
                        Some(it) if it.sep.is_none() => it.start.push(st),
                        _ => items.push(Item::start(vec![st])),
                    }
                    return;
                }
                T::MapValueInd => {
                    match it {
                        Some(it) if it.value.is_none() => match &mut it.sep {
                            Some(sep) => sep.push(st),
                            None => {
                                it.key = None;
                                it.sep = Some(vec![st]);
                            }
                        },
                        _ => items.push(Item::pair(Vec::new(), None, vec![st])),
                    }
                    return;
                }
                T::Space | T::Comment | T::Newline | T::Anchor | T::Tag => {
                    match it {
                        Some(it) if it.value.is_none() => match &mut it.sep {
                            Some(sep) => sep.push(st),
                            None => it.start.push(st),
                        },
                        _ => items.push(Item::start(vec![st])),
                    }
                    return;
                }
                T::Alias | T::Scalar | T::SingleQuotedScalar | T::DoubleQuotedScalar => {
                    let fs = self.flow_scalar();
                    let Some(Token::FlowCollection { items, .. }) = self.stack.last_mut() else {
                        return;
                    };
                    match items.last_mut() {
                        Some(it) if it.value.is_none() => {
                            if it.sep.is_some() {
                                self.push_stack(fs);
                            } else {
                                it.key = Some(Box::new(fs));
                                it.sep = Some(Vec::new());
                            }
                        }
                        _ => items.push(Item::pair(Vec::new(), Some(fs), Vec::new())),
                    }
                    return;
                }
                T::FlowMapEnd | T::FlowSeqEnd => {
                    end.push(st);
                    return;
                }
                _ => {}
            }
            match self.start_block_value() {
                Some(bv) => self.push_stack(bv),
                None => {
                    self.pop(None);
                    self.step();
                }
            }
            return;
        }
        let n = self.stack.len();
        let fc_indent = self.stack[n - 1].indent().unwrap_or(0);
        let parent = n.checked_sub(2).and_then(|i| self.stack.get(i));
        let parent_is_block_map = matches!(parent, Some(Token::BlockMap { .. }));
        let parent_is_flow = matches!(parent, Some(Token::FlowCollection { .. }));
        let leave = match parent {
            Some(Token::BlockMap { indent, items, .. }) => {
                (ty == T::MapValueInd && *indent == fc_indent)
                    || (ty == T::Newline && items.last().is_some_and(|it| it.sep.is_none()))
            }
            _ => false,
        };
        if parent_is_block_map && leave {
            self.pop(None);
            self.step();
        } else if ty == T::MapValueInd && !parent_is_flow {
            let start = match n.checked_sub(2).and_then(|i| self.stack.get_mut(i)) {
                Some(parent) => prev_props(parent)
                    .map(first_key_start_props)
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let Some(mut fc) = self.stack.pop() else {
                return;
            };
            fix_flow_seq_items(&mut fc);
            let mut sep = match &mut fc {
                Token::FlowCollection { end, .. } if end.len() > 1 => end.split_off(1),
                _ => Vec::new(),
            };
            sep.push(st);
            let (offset, indent) = (fc.offset(), fc.indent().unwrap_or(0));
            self.on_key_line = true;
            self.push_stack(Token::BlockMap {
                offset,
                indent,
                items: vec![Item::pair(start, Some(fc), sep)],
            });
        } else {
            self.line_end();
        }
    }

    fn flow_scalar(&self) -> Token<'a> {
        Token::FlowScalar {
            ty: self.ty,
            offset: self.offset,
            indent: self.indent,
            source: self.source,
            end: None,
        }
    }

    /// `startBlockValue`, with the stack top as the parent.
    fn start_block_value(&mut self) -> Option<Token<'a>> {
        let (offset, indent) = (self.offset, self.indent);
        match self.ty {
            T::Alias | T::Scalar | T::SingleQuotedScalar | T::DoubleQuotedScalar => {
                Some(self.flow_scalar())
            }
            T::BlockScalarHeader => Some(Token::BlockScalar {
                offset,
                indent,
                props: vec![Token::Src(self.source_token())],
                source: "",
            }),
            T::FlowMapStart | T::FlowSeqStart => Some(Token::FlowCollection {
                offset,
                indent,
                start: self.source_token(),
                items: Vec::new(),
                end: Vec::new(),
            }),
            T::SeqItemInd => Some(Token::BlockSeq {
                offset,
                indent,
                items: vec![Item::start(vec![self.source_token()])],
            }),
            T::ExplicitKeyInd => {
                self.on_key_line = true;
                let st = self.source_token();
                let mut start = self
                    .stack
                    .last_mut()
                    .and_then(prev_props)
                    .map(first_key_start_props)
                    .unwrap_or_default();
                start.push(st);
                Some(Token::BlockMap {
                    offset,
                    indent,
                    items: vec![Item {
                        start,
                        explicit_key: true,
                        ..Item::default()
                    }],
                })
            }
            T::MapValueInd => {
                self.on_key_line = true;
                let st = self.source_token();
                let start = self
                    .stack
                    .last_mut()
                    .and_then(prev_props)
                    .map(first_key_start_props)
                    .unwrap_or_default();
                Some(Token::BlockMap {
                    offset,
                    indent,
                    items: vec![Item::pair(start, None, vec![st])],
                })
            }
            _ => None,
        }
    }

    fn document_end(&mut self) {
        if self.ty == T::DocMode {
            return;
        }
        let st = self.source_token();
        if let Some(top) = self.stack.last_mut() {
            top.push_end(st);
        }
        if self.ty == T::Newline {
            self.pop(None);
        }
    }

    fn line_end(&mut self) {
        match self.ty {
            T::Comma | T::DocStart | T::DocEnd | T::FlowSeqEnd | T::FlowMapEnd | T::MapValueInd => {
                self.pop(None);
                self.step();
            }
            ty => {
                if ty == T::Newline {
                    self.on_key_line = false;
                }
                // all other values are errors
                let st = self.source_token();
                if let Some(top) = self.stack.last_mut() {
                    top.push_end(st);
                }
                if ty == T::Newline {
                    self.pop(None);
                }
            }
        }
    }
}

/// The `map-value-ind` case of `blockMap`; returns the items of a new block map to push.
fn map_value_in_block_map<'a>(
    items: &mut Vec<Item<'a>>,
    st: Src<'a>,
    start: Vec<Src<'a>>,
    at_next_item: bool,
) -> Option<Vec<Item<'a>>> {
    let n = items.len();
    let it = &mut items[n - 1];
    if it.explicit_key {
        match &mut it.sep {
            None => {
                if includes_token(&it.start, T::Newline) {
                    it.key = None;
                    it.sep = Some(vec![st]);
                } else {
                    let start = first_key_start_props(&mut it.start);
                    return Some(vec![Item::pair(start, None, vec![st])]);
                }
            }
            Some(_) if it.value.is_some() => {
                items.push(Item::pair(Vec::new(), None, vec![st]));
            }
            Some(sep) if includes_token(sep, T::MapValueInd) => {
                return Some(vec![Item::pair(start, None, vec![st])]);
            }
            Some(sep)
                if it.key.as_deref().is_some_and(Token::is_flow_token)
                    && !includes_token(sep, T::Newline) =>
            {
                let key_start = first_key_start_props(&mut it.start);
                let key = it.key.take();
                let mut sep = it.sep.take().unwrap_or_default();
                sep.push(st);
                return Some(vec![Item {
                    start: key_start,
                    key,
                    sep: Some(sep),
                    ..Item::default()
                }]);
            }
            Some(sep) => {
                // Not actually at next item, when `start` is not empty.
                sep.extend(start);
                sep.push(st);
            }
        }
    } else {
        match &mut it.sep {
            None => {
                it.key = None;
                it.sep = Some(vec![st]);
            }
            Some(_) if it.value.is_some() || at_next_item => {
                items.push(Item::pair(start, None, vec![st]));
            }
            Some(sep) if includes_token(sep, T::MapValueInd) => {
                return Some(vec![Item::pair(Vec::new(), None, vec![st])]);
            }
            Some(sep) => sep.push(st),
        }
    }
    None
}

/// The trailing-empty-item check at the end of `pop`: a last item holding only spaces,
/// newlines and less-indented comments moves to the parent.
fn take_trailing_empty_item<'a>(token: &mut Token<'a>) -> Option<Vec<Src<'a>>> {
    let token_indent = token.indent().unwrap_or(0);
    let items = token.items_mut()?;
    let last = items.last()?;
    let ok = last.sep.is_none()
        && last.value.is_none()
        && !last.start.is_empty()
        && find_non_empty_index(&last.start).is_none()
        && (token_indent == 0
            || last
                .start
                .iter()
                .all(|st| st.ty != T::Comment || st.indent < token_indent));
    if !ok {
        return None;
    }
    items.pop().map(|it| it.start)
}

/// `atIndentedComment`'s test that an item's `start` holds only newlines and spaces. Read
/// from the end, where a comment or an indicator was last pushed: an indented comment
/// after blank lines is absorbed (taking `start` with it) or pushed (ending the next scan
/// at once), so a run of comments costs linear time, where copying `start` for each one,
/// as the port first did, was quadratic (100,000 comment lines took 35 s).
fn only_blank(start: &[Src<'_>]) -> bool {
    start
        .iter()
        .rev()
        .all(|st| matches!(st.ty, T::Newline | T::Space))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_document() {
        let tokens = parse("a: 1\n").tokens;
        assert_eq!(tokens.len(), 1);
        let Token::Document { value, .. } = &tokens[0] else {
            panic!("{tokens:?}")
        };
        assert!(matches!(value.as_deref(), Some(Token::BlockMap { .. })));
    }
}
