//! The composer of the JavaScript `yaml` package (v2, `compose/*.ts`): CST documents
//! into nodes with tags, anchors and errors.
//!
//! Every error `yaml` reports for a document is reported here, at the same offset; its
//! warnings are not (Backstage ignores them). Scalars resolve by the core schema, or by
//! the YAML 1.1 schema in a document that declares `%YAML 1.1`, as `yaml` does.

use super::cst::{Item, Src, T, Token};
use super::scalars::{self, Schema, Sv};

/// Deepest nesting of collections the composer accepts; `yaml` overflows its call stack
/// somewhat deeper, and rejects the document then.
pub const MAX_DEPTH: usize = super::MAX_DEPTH;

/// A composed node.
#[derive(Debug, Clone)]
pub struct Ast {
    pub kind: Kind,
    pub anchor: Option<String>,
    /// `range[0]` and `range[2]`: the start, and the end including trailing comments.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// A scalar and whether it was plain (for `<<` merge keys).
    Scalar(Sv, bool),
    Alias(String),
    Map(Vec<Pair>),
    Seq(Vec<Ast>),
    /// `!!set` and `!!omap`: JavaScript `Set` and `Map` objects, with no own keys.
    Opaque(Vec<Pair>),
}

#[derive(Debug, Clone)]
pub struct Pair {
    pub key: Ast,
    pub value: Option<Ast>,
}

/// One composed document.
#[derive(Debug)]
pub struct Doc {
    pub offset: usize,
    pub contents: Ast,
    pub schema: Schema,
    /// Errors with their byte offsets, in `yaml`'s order.
    pub errors: Vec<(usize, String)>,
    /// For an error about something left open (a quote, a bracket), where it opened:
    /// `(index in errors, byte offset)`. `yaml` reports these where it gave up, often at
    /// the end of the file; people need the opening.
    pub opened: Vec<(usize, usize)>,
}

/// The `%YAML` and `%TAG` state of the stream (`doc/directives.ts`).
#[derive(Debug, Clone)]
struct Directives {
    version11: bool,
    explicit: bool,
    tags: Vec<(String, String)>,
    at_next_document: bool,
}

fn default_tags() -> Vec<(String, String)> {
    vec![
        ("!".into(), "!".into()),
        ("!!".into(), "tag:yaml.org,2002:".into()),
    ]
}

impl Directives {
    fn new() -> Self {
        Directives {
            version11: false,
            explicit: false,
            tags: default_tags(),
            at_next_document: false,
        }
    }

    /// `atDocument`: the directives of the next document; resets the stream's for 1.2.
    fn at_document(&mut self) -> Directives {
        let res = Directives {
            at_next_document: false,
            ..self.clone()
        };
        if self.version11 {
            self.at_next_document = true;
        } else {
            *self = Directives::new();
        }
        res
    }

    /// `add`: one directive line; errors go to `errors` (warnings are dropped).
    fn add(&mut self, line: &str, offset: usize, errors: &mut Vec<(usize, String)>) {
        if self.at_next_document {
            *self = Directives {
                version11: true,
                ..Directives::new()
            };
        }
        let parts: Vec<&str> = js_trim(line)
            .split([' ', '\t'])
            .filter(|p| !p.is_empty())
            .collect();
        let (name, rest) = parts.split_first().map_or(("", &[][..]), |(n, r)| (*n, r));
        match name {
            "%TAG" => {
                if rest.len() != 2 {
                    errors.push((
                        offset,
                        "%TAG directive should contain exactly two parts".into(),
                    ));
                    if rest.len() < 2 {
                        return;
                    }
                }
                let (handle, prefix) = (rest[0].to_string(), rest[1].to_string());
                match self.tags.iter_mut().find(|(h, _)| *h == handle) {
                    Some(entry) => entry.1 = prefix,
                    None => self.tags.push((handle, prefix)),
                }
            }
            "%YAML" => {
                self.explicit = true;
                if rest.len() != 1 {
                    errors.push((
                        offset,
                        "%YAML directive should contain exactly one part".into(),
                    ));
                    return;
                }
                match rest[0] {
                    "1.1" => self.version11 = true,
                    "1.2" => self.version11 = false,
                    v => {
                        let valid = v.split_once('.').is_some_and(|(a, b)| {
                            !a.is_empty()
                                && !b.is_empty()
                                && a.bytes().all(|c| c.is_ascii_digit())
                                && b.bytes().all(|c| c.is_ascii_digit())
                        });
                        if !valid {
                            errors.push((offset + 6, format!("Unsupported YAML version {v}")));
                        }
                    }
                }
            }
            _ => {} // unknown directives are only warnings
        }
    }

    /// `tagName`: resolves a tag's handle; `None` when it cannot be resolved.
    fn tag_name(&self, source: &str, on_error: &mut impl FnMut(String)) -> Option<String> {
        if source == "!" {
            return Some("!".into());
        }
        if !source.starts_with('!') {
            on_error(format!("Not a valid tag: {source}"));
            return None;
        }
        if let Some(rest) = source.strip_prefix("!<") {
            let verbatim = rest.get(..rest.len().saturating_sub(1)).unwrap_or_default();
            if verbatim == "!" || verbatim == "!!" {
                on_error(format!(
                    "Verbatim tags aren't resolved, so {source} is invalid."
                ));
                return None;
            }
            if !source.ends_with('>') {
                on_error("Verbatim tags must end with a >".into());
            }
            return Some(verbatim.to_string());
        }
        let split = source.rfind('!').map_or(0, |i| i + 1);
        let (handle, suffix) = source.split_at(split);
        if suffix.is_empty() {
            on_error(format!("The {source} tag has no suffix"));
        }
        if let Some((_, prefix)) = self.tags.iter().find(|(h, _)| h == handle) {
            return match percent_decode(suffix) {
                Some(s) => Some(format!("{prefix}{s}")),
                None => {
                    on_error("URIError: URI malformed".into());
                    None
                }
            };
        }
        if handle == "!" {
            return Some(source.to_string());
        }
        on_error(format!("Could not resolve tag: {source}"));
        None
    }
}

/// JavaScript's `decodeURIComponent`, `None` where it throws.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// JavaScript's `String.prototype.trim`.
fn js_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// Composes every document of a parsed stream.
pub fn compose(tokens: Vec<Token<'_>>) -> Vec<Doc> {
    let mut c = Composer {
        directives: Directives::new(),
        at_directives: false,
        errors: Vec::new(),
        doc: None,
        docs: Vec::new(),
    };
    for token in tokens {
        c.next(token);
    }
    if let Some(mut doc) = c.doc.take() {
        doc.errors.append(&mut c.errors);
        c.docs.push(doc);
    }
    c.docs
}

struct Composer {
    directives: Directives,
    at_directives: bool,
    errors: Vec<(usize, String)>,
    doc: Option<Doc>,
    docs: Vec<Doc>,
}

impl Composer {
    fn next(&mut self, token: Token<'_>) {
        match token {
            Token::Directive { offset, source } => {
                self.directives.add(source, offset, &mut self.errors);
                self.at_directives = true;
            }
            Token::Document {
                offset,
                start,
                value,
                end,
            } => {
                let directives = self.directives.at_document();
                let mut ctx = Ctx {
                    at_key: false,
                    at_root: true,
                    schema: if directives.explicit && directives.version11 {
                        Schema::Yaml11
                    } else {
                        Schema::Core
                    },
                    directives,
                    errors: std::mem::take(&mut self.errors),
                    opened: Vec::new(),
                    depth: 0,
                };
                let (contents, doc_start) =
                    compose_doc(&mut ctx, offset, start, value.map(|b| *b), end);
                if self.at_directives && !doc_start {
                    ctx.error(offset, "Missing directives-end/doc-start indicator line");
                }
                let doc = Doc {
                    offset,
                    contents,
                    schema: ctx.schema,
                    errors: ctx.errors,
                    opened: ctx.opened,
                };
                if let Some(prev) = self.doc.replace(doc) {
                    self.docs.push(prev);
                }
                self.at_directives = false;
            }
            Token::Src(Src {
                ty: T::ByteOrderMark | T::Space | T::Comment | T::Newline,
                ..
            }) => {}
            Token::Error {
                offset,
                source,
                message,
            } => {
                let msg = if source.is_empty() {
                    message
                } else {
                    format!("{message}: {}", json_string(source))
                };
                match &mut self.doc {
                    Some(doc) if !self.at_directives => doc.errors.push((offset, msg)),
                    _ => self.errors.push((offset, msg)),
                }
            }
            Token::DocEnd {
                offset,
                source,
                end,
            } => {
                let Some(doc) = &mut self.doc else {
                    self.errors.push((
                        offset,
                        "Unexpected doc-end without preceding document".into(),
                    ));
                    return;
                };
                resolve_end(
                    end.as_deref(),
                    offset + source.len(),
                    true,
                    &mut self.errors,
                );
                doc.errors.append(&mut self.errors);
            }
            other => self.errors.push((
                other.offset(),
                format!("Unsupported token {}", other.type_name()),
            )),
        }
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// What composing needs along the way (`ComposeContext` plus the error sink).
struct Ctx {
    at_key: bool,
    at_root: bool,
    schema: Schema,
    directives: Directives,
    errors: Vec<(usize, String)>,
    opened: Vec<(usize, usize)>,
    depth: usize,
}

impl Ctx {
    fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.errors.push((offset, message.into()));
    }

    /// Records that the last error is about something opened at `offset`.
    fn opened_at(&mut self, offset: usize) {
        if let Some(i) = self.errors.len().checked_sub(1) {
            self.opened.push((i, offset));
        }
    }
}

/// The properties before a node (`resolveProps`).
#[derive(Debug, Default)]
struct Props<'a> {
    comma: Option<Src<'a>>,
    found: Option<Src<'a>>,
    comment: bool,
    has_newline: bool,
    anchor: Option<Src<'a>>,
    tag: Option<Src<'a>>,
    newline_after_prop: Option<Src<'a>>,
    end: usize,
    start: usize,
}

/// The token after a list of properties, as `resolveProps` looks at it.
#[derive(Debug, Clone, Copy)]
struct Next<'t> {
    name: &'static str,
    offset: usize,
    empty_scalar: bool,
    _t: std::marker::PhantomData<&'t ()>,
}

impl<'t> Next<'t> {
    fn of_token(t: &Token<'_>) -> Self {
        Next {
            name: t.type_name(),
            offset: t.offset(),
            empty_scalar: matches!(
                t,
                Token::FlowScalar {
                    ty: T::Scalar,
                    source: "",
                    ..
                }
            ),
            _t: std::marker::PhantomData,
        }
    }

    fn of_src(s: &Src<'_>) -> Self {
        Next {
            name: s.ty.name(),
            offset: s.offset,
            empty_scalar: s.ty == T::Scalar && s.source.is_empty(),
            _t: std::marker::PhantomData,
        }
    }
}

struct PropsOpts<'n> {
    flow: Option<&'static str>,
    indicator: T,
    next: Option<Next<'n>>,
    offset: usize,
    parent_indent: i64,
    start_on_newline: bool,
}

fn resolve_props<'a>(tokens: &[Src<'a>], o: &PropsOpts<'_>, ctx: &mut Ctx) -> Props<'a> {
    let mut at_newline = o.start_on_newline;
    let mut has_space = o.start_on_newline;
    let mut p = Props::default();
    let mut req_space = false;
    let mut tab: Option<&Src<'a>> = None;
    let mut start = None;
    for token in tokens {
        if req_space {
            if !matches!(token.ty, T::Space | T::Newline | T::Comma) {
                ctx.error(
                    token.offset,
                    "Tags and anchors must be separated from the next token by white space",
                );
            }
            req_space = false;
        }
        if let Some(t) = tab.take()
            && at_newline
            && !matches!(token.ty, T::Comment | T::Newline)
        {
            ctx.error(t.offset, "Tabs are not allowed as indentation");
        }
        match token.ty {
            T::Space => {
                // At the doc level, tabs at line start may be parsed
                // as leading white space rather than indentation.
                // In a flow collection, only the parser handles indent.
                let next_is_flow = o.next.is_some_and(|n| n.name == "flow-collection");
                if o.flow.is_none()
                    && (o.indicator != T::DocStart || !next_is_flow)
                    && token.source.contains('\t')
                {
                    tab = Some(token);
                }
                has_space = true;
            }
            T::Comment => {
                if !has_space {
                    ctx.error(
                        token.offset,
                        "Comments must be separated from other tokens by white space characters",
                    );
                }
                p.comment = true;
                at_newline = false;
            }
            T::Newline => {
                at_newline = true;
                p.has_newline = true;
                if p.anchor.is_some() || p.tag.is_some() {
                    p.newline_after_prop = Some(token.clone());
                }
                has_space = true;
            }
            T::Anchor => {
                if p.anchor.is_some() {
                    ctx.error(token.offset, "A node can have at most one anchor");
                }
                p.anchor = Some(token.clone());
                start.get_or_insert(token.offset);
                at_newline = false;
                has_space = false;
                req_space = true;
            }
            T::Tag => {
                if p.tag.is_some() {
                    ctx.error(token.offset, "A node can have at most one tag");
                }
                p.tag = Some(token.clone());
                start.get_or_insert(token.offset);
                at_newline = false;
                has_space = false;
                req_space = true;
            }
            ty if ty == o.indicator => {
                if p.anchor.is_some() || p.tag.is_some() {
                    ctx.error(
                        token.offset,
                        format!(
                            "Anchors and tags must be after the {} indicator",
                            token.source
                        ),
                    );
                }
                if p.found.is_some() {
                    ctx.error(
                        token.offset,
                        format!(
                            "Unexpected {} in {}",
                            token.source,
                            o.flow.unwrap_or("collection")
                        ),
                    );
                }
                p.found = Some(token.clone());
                at_newline = matches!(o.indicator, T::SeqItemInd | T::ExplicitKeyInd);
                has_space = false;
            }
            T::Comma if o.flow.is_some() => {
                if p.comma.is_some() {
                    ctx.error(
                        token.offset,
                        format!("Unexpected , in {}", o.flow.unwrap_or_default()),
                    );
                }
                p.comma = Some(token.clone());
                at_newline = false;
                has_space = false;
            }
            ty => {
                ctx.error(token.offset, format!("Unexpected {} token", ty.name()));
                at_newline = false;
                has_space = false;
            }
        }
    }
    p.end = tokens
        .last()
        .map_or(o.offset, |t| t.offset + t.source.len());
    if req_space
        && let Some(next) = o.next
        && !matches!(next.name, "space" | "newline" | "comma")
        && !(next.name == "scalar" && next.empty_scalar)
    {
        ctx.error(
            next.offset,
            "Tags and anchors must be separated from the next token by white space",
        );
    }
    if let Some(t) = tab
        && ((at_newline && t.indent <= o.parent_indent)
            || o.next
                .is_some_and(|n| matches!(n.name, "block-map" | "block-seq")))
    {
        ctx.error(t.offset, "Tabs are not allowed as indentation");
    }
    p.start = start.unwrap_or(p.end);
    p
}

/// `resolveEnd`: checks the tokens after a node; returns the offset after them.
fn resolve_end(
    end: Option<&[Src<'_>]>,
    mut offset: usize,
    req_space: bool,
    errors: &mut Vec<(usize, String)>,
) -> usize {
    let Some(end) = end else {
        return offset;
    };
    let mut has_space = false;
    for token in end {
        match token.ty {
            T::Space => has_space = true,
            T::Comment => {
                if req_space && !has_space {
                    errors.push((
                        token.offset,
                        "Comments must be separated from other tokens by white space characters"
                            .into(),
                    ));
                }
            }
            T::Newline => has_space = true,
            ty => errors.push((
                token.offset,
                format!("Unexpected {} at node end", ty.name()),
            )),
        }
        offset += token.source.len();
    }
    offset
}

fn compose_doc(
    ctx: &mut Ctx,
    offset: usize,
    start: Vec<Src<'_>>,
    value: Option<Token<'_>>,
    end: Option<Vec<Src<'_>>>,
) -> (Ast, bool) {
    let next = value
        .as_ref()
        .map(Next::of_token)
        .or_else(|| end.as_ref().and_then(|e| e.first()).map(Next::of_src));
    let props = resolve_props(
        &start,
        &PropsOpts {
            flow: None,
            indicator: T::DocStart,
            next,
            offset,
            parent_indent: 0,
            start_on_newline: true,
        },
        ctx,
    );
    let doc_start = props.found.is_some();
    if doc_start
        && matches!(value, Some(Token::BlockMap { .. } | Token::BlockSeq { .. }))
        && !props.has_newline
    {
        ctx.error(
            props.end,
            "Block collection cannot start on same line with directives-end marker",
        );
    }
    let contents = match value {
        Some(v) => compose_node(ctx, v, &props),
        None => compose_empty_node(ctx, props.end, Some(&start), None, &props),
    };
    resolve_end(end.as_deref(), contents.end, false, &mut ctx.errors);
    (contents, doc_start)
}

fn compose_node(ctx: &mut Ctx, token: Token<'_>, props: &Props<'_>) -> Ast {
    let offset = token.offset();
    let node = match token {
        Token::FlowScalar {
            ty: T::Alias,
            offset,
            source,
            end,
            ..
        } => {
            let node = compose_alias(ctx, offset, source, end.as_deref());
            if props.anchor.is_some() || props.tag.is_some() {
                ctx.error(offset, "An alias node must not specify any properties");
            }
            Some(node)
        }
        t @ (Token::FlowScalar { .. } | Token::BlockScalar { .. }) => {
            let mut node = compose_scalar(ctx, t, props.tag.as_ref());
            node.anchor = props.anchor.as_ref().map(anchor_name);
            Some(node)
        }
        t @ (Token::BlockMap { .. } | Token::BlockSeq { .. } | Token::FlowCollection { .. }) => {
            if ctx.depth >= MAX_DEPTH {
                ctx.error(offset, "Maximum call stack size exceeded");
                None
            } else {
                ctx.depth += 1;
                let mut node = compose_collection(ctx, t, props);
                ctx.depth -= 1;
                node.anchor = props.anchor.as_ref().map(anchor_name);
                Some(node)
            }
        }
        Token::Error { message, .. } => {
            ctx.error(offset, message);
            None
        }
        other => {
            ctx.error(
                offset,
                format!("Unsupported token (type: {})", other.type_name()),
            );
            None
        }
    };
    let node = node.unwrap_or_else(|| compose_empty_node(ctx, offset, None, None, props));
    if props.anchor.is_some() && node.anchor.as_deref() == Some("") {
        ctx.error(
            props.anchor.as_ref().map_or(offset, |a| a.offset),
            "Anchor cannot be an empty string",
        );
    }
    node
}

fn anchor_name(anchor: &Src<'_>) -> String {
    anchor.source.get(1..).unwrap_or_default().to_string()
}

fn compose_empty_node(
    ctx: &mut Ctx,
    offset: usize,
    before: Option<&[Src<'_>]>,
    pos: Option<usize>,
    props: &Props<'_>,
) -> Ast {
    let token = Token::FlowScalar {
        ty: T::Scalar,
        offset: empty_scalar_position(offset, before, pos),
        indent: -1,
        source: "",
        end: None,
    };
    let mut node = compose_scalar(ctx, token, props.tag.as_ref());
    if let Some(anchor) = &props.anchor {
        let name = anchor_name(anchor);
        if name.is_empty() {
            ctx.error(anchor.offset, "Anchor cannot be an empty string");
        }
        node.anchor = Some(name);
    }
    if props.comment {
        node.end = props.end;
    }
    node
}

fn empty_scalar_position(
    mut offset: usize,
    before: Option<&[Src<'_>]>,
    pos: Option<usize>,
) -> usize {
    let Some(before) = before else {
        return offset;
    };
    let pos = pos.unwrap_or(before.len()).min(before.len());
    let mut i = pos;
    while i > 0 {
        i -= 1;
        let st = &before[i];
        if matches!(st.ty, T::Space | T::Comment | T::Newline) {
            offset = offset.saturating_sub(st.source.len());
            continue;
        }
        // Technically, an empty scalar is immediately after the last non-empty
        // node, but it's more useful to place it after any whitespace.
        let mut j = i + 1;
        while let Some(st) = before.get(j).filter(|st| st.ty == T::Space) {
            offset += st.source.len();
            j += 1;
        }
        break;
    }
    offset
}

fn compose_alias(ctx: &mut Ctx, offset: usize, source: &str, end: Option<&[Src<'_>]>) -> Ast {
    let name = source.get(1..).unwrap_or_default().to_string();
    if name.is_empty() {
        ctx.error(offset, "Alias cannot be an empty string");
    }
    let value_end = offset + source.len();
    let end = resolve_end(end, value_end, true, &mut ctx.errors);
    Ast {
        kind: Kind::Alias(name),
        anchor: None,
        start: offset,
        end,
    }
}

// ------------------------------------------------------------------ scalars --

fn compose_scalar(ctx: &mut Ctx, token: Token<'_>, tag: Option<&Src<'_>>) -> Ast {
    let plain_token = matches!(token, Token::FlowScalar { ty: T::Scalar, .. });
    let (value, plain, start, end) = match &token {
        Token::BlockScalar { .. } => {
            let r = scalars::resolve_block_scalar(&token, ctx.at_root, &mut ctx.errors);
            (r.value, false, r.start, r.end)
        }
        Token::FlowScalar {
            ty,
            offset,
            source,
            end,
            ..
        } => {
            let before = ctx.errors.len();
            let (value, _) = scalars::resolve_flow_scalar(*ty, *offset, source, &mut ctx.errors);
            for i in before..ctx.errors.len() {
                if ctx.errors[i].1.starts_with("Missing closing") {
                    ctx.opened.push((i, *offset));
                }
            }
            let value_end = offset + source.len();
            let end = resolve_end(end.as_deref(), value_end, true, &mut ctx.errors);
            (value, *ty == T::Scalar, *offset, end)
        }
        _ => (String::new(), true, token.offset(), token.offset()),
    };
    let tag_name = tag.and_then(|t| {
        let mut msgs = Vec::new();
        let name = ctx.directives.tag_name(t.source, &mut |m| msgs.push(m));
        for m in msgs {
            ctx.error(t.offset, m);
        }
        name
    });
    let err_offset = tag.map_or(start, |t| t.offset);
    let sv = match tag_name {
        Some(name) => match scalars::resolve_tagged(ctx.schema, &name, &value, ctx.at_key) {
            Ok(sv) => sv,
            Err(msg) => {
                ctx.error(err_offset, msg);
                Sv::Str(value)
            }
        },
        None if plain_token => scalars::resolve_plain(ctx.schema, &value, ctx.at_key),
        None => Sv::Str(value),
    };
    Ast {
        kind: Kind::Scalar(sv, plain),
        anchor: None,
        start,
        end,
    }
}

// -------------------------------------------------------------- collections --

fn compose_collection(ctx: &mut Ctx, token: Token<'_>, props: &Props<'_>) -> Ast {
    let tag_name = props.tag.as_ref().and_then(|t| {
        let mut msgs = Vec::new();
        let name = ctx.directives.tag_name(t.source, &mut |m| msgs.push(m));
        for m in msgs {
            ctx.error(t.offset, m);
        }
        name
    });
    if matches!(token, Token::BlockSeq { .. }) {
        let last_prop = match (&props.anchor, &props.tag) {
            (Some(a), Some(t)) => Some(if a.offset > t.offset { a } else { t }),
            (a, t) => a.as_ref().or(t.as_ref()),
        };
        if let Some(last) = last_prop
            && props
                .newline_after_prop
                .as_ref()
                .is_none_or(|nl| nl.offset < last.offset)
        {
            ctx.error(last.offset, "Missing newline after block sequence props");
        }
    }
    let is_map = match &token {
        Token::BlockMap { .. } => true,
        Token::FlowCollection { start, .. } => start.source == "{",
        _ => false,
    };
    let mut node = match token {
        Token::BlockMap {
            offset,
            indent,
            items,
        } => resolve_block_map(ctx, offset, indent, items),
        Token::BlockSeq {
            offset,
            indent,
            items,
        } => resolve_block_seq(ctx, offset, indent, items),
        Token::FlowCollection {
            offset,
            indent,
            start,
            items,
            end,
        } => resolve_flow_collection(ctx, offset, indent, &start, items, end),
        other => compose_empty_node(ctx, other.offset(), None, None, props),
    };
    let Some(name) = tag_name else {
        return node;
    };
    let tag_offset = props.tag.as_ref().map_or(node.start, |t| t.offset);
    let custom = match name.strip_prefix("tag:yaml.org,2002:") {
        Some("set") if is_map => Some("set"),
        Some("omap") if !is_map => Some("omap"),
        Some("pairs") if !is_map => Some("pairs"),
        _ => None,
    };
    match custom {
        Some("set") => {
            if let Kind::Map(pairs) = &mut node.kind {
                let all_null = pairs.iter().all(|p| {
                    p.value.as_ref().is_none_or(|v| {
                        matches!(v.kind, Kind::Scalar(Sv::Null, _)) && v.anchor.is_none()
                    })
                });
                if !all_null {
                    ctx.error(tag_offset, "Set items must all have null values");
                } else {
                    node.kind = Kind::Opaque(std::mem::take(pairs));
                }
            }
        }
        Some(kind @ ("omap" | "pairs")) => {
            let pairs = resolve_pairs(ctx, &mut node, tag_offset);
            if kind == "omap" {
                let mut seen: Vec<Sv> = Vec::new();
                for p in &pairs {
                    if let Kind::Scalar(sv, _) = &p.key.kind {
                        if seen.iter().any(|s| s.js_strict_eq(sv)) {
                            ctx.error(
                                tag_offset,
                                format!(
                                    "Ordered maps must not include duplicate keys: {}",
                                    sv.display()
                                ),
                            );
                        } else {
                            seen.push(sv.clone());
                        }
                    }
                }
                node.kind = Kind::Opaque(pairs);
            } else {
                node.kind = Kind::Seq(
                    pairs
                        .into_iter()
                        .map(|p| Ast {
                            start: p.key.start,
                            end: p.value.as_ref().map_or(p.key.end, |v| v.end),
                            kind: Kind::Map(vec![p]),
                            anchor: None,
                        })
                        .collect(),
                );
            }
        }
        _ => {}
    }
    node
}

/// `resolvePairs` of the YAML 1.1 `!!pairs`/`!!omap` tags: a sequence of one-pair maps.
fn resolve_pairs(ctx: &mut Ctx, node: &mut Ast, tag_offset: usize) -> Vec<Pair> {
    let Kind::Seq(items) = &mut node.kind else {
        ctx.error(tag_offset, "Expected a sequence for this tag");
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in std::mem::take(items) {
        match item.kind {
            Kind::Map(mut pairs) => {
                if pairs.len() > 1 {
                    ctx.error(tag_offset, "Each pair must have its own sequence indicator");
                }
                let pair = if pairs.is_empty() {
                    Pair {
                        key: null_ast(item.start),
                        value: None,
                    }
                } else {
                    pairs.swap_remove(0)
                };
                out.push(pair);
            }
            kind => out.push(Pair {
                key: Ast {
                    kind,
                    anchor: item.anchor,
                    start: item.start,
                    end: item.end,
                },
                value: None,
            }),
        }
    }
    out
}

fn null_ast(offset: usize) -> Ast {
    Ast {
        kind: Kind::Scalar(Sv::Null, true),
        anchor: None,
        start: offset,
        end: offset,
    }
}

/// The scalar keys of one mapping so far, for `yaml`'s `mapIncludes` (a scalar key equal,
/// by `===`, to an earlier one) in constant time: `yaml` scans every earlier key, which
/// makes a mapping with a million keys take hours.
#[derive(Default)]
struct KeySet(std::collections::HashSet<KeyId>);

/// A scalar as `===` compares it: `0 === -0`, `NaN` equals nothing, and dates, buffers
/// and the merge key are objects or symbols, equal to nothing.
#[derive(PartialEq, Eq, Hash)]
enum KeyId {
    Null,
    Bool(bool),
    Num(u64),
    Str(String),
}

impl KeySet {
    /// Records `key`; true when an equal scalar key came before it.
    fn is_duplicate(&mut self, key: &Ast) -> bool {
        let Kind::Scalar(sv, _) = &key.kind else {
            return false;
        };
        let id = match sv {
            Sv::Null => KeyId::Null,
            Sv::Bool(b) => KeyId::Bool(*b),
            Sv::Num(n) if n.is_nan() => return false,
            Sv::Num(n) => KeyId::Num(if *n == 0.0 { 0 } else { n.to_bits() }),
            Sv::Str(s) => KeyId::Str(s.clone()),
            Sv::Date(_) | Sv::Binary(_) | Sv::Merge => return false,
        };
        !self.0.insert(id)
    }
}

fn contains_newline(key: Option<&Token<'_>>) -> bool {
    let Some(key) = key else {
        return false;
    };
    match key {
        Token::FlowScalar { source, end, .. } => {
            source.contains('\n')
                || end
                    .as_ref()
                    .is_some_and(|e| e.iter().any(|st| st.ty == T::Newline))
        }
        Token::FlowCollection { items, .. } => items.iter().any(|it| {
            it.start.iter().any(|st| st.ty == T::Newline)
                || it
                    .sep
                    .as_ref()
                    .is_some_and(|s| s.iter().any(|st| st.ty == T::Newline))
                || contains_newline(it.key.as_deref())
                || contains_newline(it.value.as_deref())
        }),
        _ => true,
    }
}

const START_COL_MSG: &str = "All mapping items must start at the same column";

fn resolve_block_map(ctx: &mut Ctx, bm_offset: usize, bm_indent: i64, items: Vec<Item<'_>>) -> Ast {
    ctx.at_root = false;
    let mut pairs: Vec<Pair> = Vec::new();
    let mut keys = KeySet::default();
    let mut offset = bm_offset;
    let mut comment_end: Option<usize> = None;
    for item in items {
        let Item {
            start,
            key,
            sep,
            value,
            ..
        } = item;
        let next = key
            .as_deref()
            .map(Next::of_token)
            .or_else(|| sep.as_ref().and_then(|s| s.first()).map(Next::of_src));
        let key_props = resolve_props(
            &start,
            &PropsOpts {
                flow: None,
                indicator: T::ExplicitKeyInd,
                next,
                offset,
                parent_indent: bm_indent,
                start_on_newline: true,
            },
            ctx,
        );
        let implicit_key = key_props.found.is_none();
        if implicit_key {
            if let Some(k) = key.as_deref() {
                if matches!(k, Token::BlockSeq { .. }) {
                    ctx.error(
                        offset,
                        "A block sequence may not be used as an implicit map key",
                    );
                } else if k.indent().is_some_and(|i| i != bm_indent) {
                    ctx.error(offset, START_COL_MSG);
                }
            }
            if key_props.anchor.is_none() && key_props.tag.is_none() && sep.is_none() {
                comment_end = Some(key_props.end);
                continue;
            }
            if key_props.newline_after_prop.is_some() || contains_newline(key.as_deref()) {
                let at = key
                    .as_deref()
                    .map(Token::offset)
                    .or_else(|| start.last().map(|s| s.offset))
                    .unwrap_or(offset);
                ctx.error(at, "Implicit keys need to be on a single line");
            }
        } else if key_props.found.as_ref().map(|f| f.indent) != Some(bm_indent) {
            ctx.error(offset, START_COL_MSG);
        }
        // key value
        let key_starts_line = key
            .as_deref()
            .is_none_or(|k| matches!(k, Token::BlockScalar { .. }));
        ctx.at_key = true;
        let key_start = key_props.end;
        let key_node = match key {
            Some(k) => compose_node(ctx, *k, &key_props),
            None => compose_empty_node(ctx, key_start, Some(&start), None, &key_props),
        };
        ctx.at_key = false;
        if keys.is_duplicate(&key_node) {
            ctx.error(key_start, duplicate_message(&key_node));
        }
        // value properties
        let sep = sep.unwrap_or_default();
        let value_props = resolve_props(
            &sep,
            &PropsOpts {
                flow: None,
                indicator: T::MapValueInd,
                next: value.as_deref().map(Next::of_token),
                offset: key_node.end,
                parent_indent: bm_indent,
                start_on_newline: key_starts_line,
            },
            ctx,
        );
        offset = value_props.end;
        if let Some(found) = &value_props.found {
            if implicit_key {
                if matches!(value.as_deref(), Some(Token::BlockMap { .. }))
                    && !value_props.has_newline
                {
                    ctx.error(
                        offset,
                        "Nested mappings are not allowed in compact mappings",
                    );
                }
                if key_props.start + 1024 < found.offset {
                    ctx.error(
                        key_node.start,
                        "The : indicator must be at most 1024 chars after the start of an implicit block mapping key",
                    );
                }
            }
            let value_node = match value {
                Some(v) => compose_node(ctx, *v, &value_props),
                None => compose_empty_node(ctx, offset, Some(&sep), None, &value_props),
            };
            offset = value_node.end;
            pairs.push(Pair {
                key: key_node,
                value: Some(value_node),
            });
        } else {
            // key with no value
            if implicit_key {
                ctx.error(
                    key_node.start,
                    "Implicit map keys need to be followed by map values",
                );
            }
            pairs.push(Pair {
                key: key_node,
                value: None,
            });
        }
    }
    if let Some(ce) = comment_end
        && ce < offset
    {
        ctx.error(ce, "Map comment with trailing content");
    }
    Ast {
        kind: Kind::Map(pairs),
        anchor: None,
        start: bm_offset,
        end: comment_end.unwrap_or(offset),
    }
}

fn duplicate_message(key: &Ast) -> String {
    match &key.kind {
        Kind::Scalar(sv, _) => format!(
            "Map keys must be unique: `{}` is defined twice in this mapping",
            sv.display()
        ),
        _ => "Map keys must be unique".into(),
    }
}

fn resolve_block_seq(ctx: &mut Ctx, bs_offset: usize, bs_indent: i64, items: Vec<Item<'_>>) -> Ast {
    ctx.at_root = false;
    ctx.at_key = false;
    let mut out = Vec::new();
    let mut offset = bs_offset;
    let mut comment_end = None;
    for Item { start, value, .. } in items {
        let props = resolve_props(
            &start,
            &PropsOpts {
                flow: None,
                indicator: T::SeqItemInd,
                next: value.as_deref().map(Next::of_token),
                offset,
                parent_indent: bs_indent,
                start_on_newline: true,
            },
            ctx,
        );
        if props.found.is_none() {
            if props.anchor.is_some() || props.tag.is_some() || value.is_some() {
                if matches!(value.as_deref(), Some(Token::BlockSeq { .. })) {
                    ctx.error(
                        props.end,
                        "All sequence items must start at the same column",
                    );
                } else {
                    ctx.error(offset, "Sequence item without - indicator");
                }
            } else {
                comment_end = Some(props.end);
                continue;
            }
        }
        let node = match value {
            Some(v) => compose_node(ctx, *v, &props),
            None => compose_empty_node(ctx, props.end, Some(&start), None, &props),
        };
        offset = node.end;
        out.push(node);
    }
    Ast {
        kind: Kind::Seq(out),
        anchor: None,
        start: bs_offset,
        end: comment_end.unwrap_or(offset),
    }
}

fn resolve_flow_collection(
    ctx: &mut Ctx,
    fc_offset: usize,
    fc_indent: i64,
    fc_start: &Src<'_>,
    items: Vec<Item<'_>>,
    fc_end: Vec<Src<'_>>,
) -> Ast {
    let is_map = fc_start.source == "{";
    let fc_name = if is_map { "flow map" } else { "flow sequence" };
    let at_root = ctx.at_root;
    ctx.at_root = false;
    ctx.at_key = false;
    let mut pairs: Vec<Pair> = Vec::new();
    let mut keys = KeySet::default();
    let mut seq: Vec<Ast> = Vec::new();
    let mut offset = fc_offset + fc_start.source.len();
    let n_items = items.len();
    for (i, item) in items.into_iter().enumerate() {
        let Item {
            start,
            key,
            sep,
            value,
            ..
        } = item;
        let next = key
            .as_deref()
            .map(Next::of_token)
            .or_else(|| sep.as_ref().and_then(|s| s.first()).map(Next::of_src));
        let props = resolve_props(
            &start,
            &PropsOpts {
                flow: Some(fc_name),
                indicator: T::ExplicitKeyInd,
                next,
                offset,
                parent_indent: fc_indent,
                start_on_newline: false,
            },
            ctx,
        );
        if props.found.is_none() {
            if props.anchor.is_none() && props.tag.is_none() && sep.is_none() && value.is_none() {
                if i == 0 && props.comma.is_some() {
                    let at = props.comma.as_ref().map_or(offset, |c| c.offset);
                    ctx.error(at, format!("Unexpected , in {fc_name}"));
                } else if i + 1 < n_items {
                    ctx.error(props.start, format!("Unexpected empty item in {fc_name}"));
                }
                offset = props.end;
                continue;
            }
            if !is_map && contains_newline(key.as_deref()) {
                let at = key.as_deref().map_or(offset, Token::offset);
                ctx.error(
                    at,
                    "Implicit keys of flow sequence pairs need to be on a single line",
                );
            }
        }
        if i == 0 {
            if let Some(c) = &props.comma {
                ctx.error(c.offset, format!("Unexpected , in {fc_name}"));
            }
        } else if props.comma.is_none() {
            ctx.error(props.start, format!("Missing , between {fc_name} items"));
        }
        if !is_map && sep.is_none() && props.found.is_none() {
            // item is a value in a seq
            let is_block = value.as_deref().is_some_and(is_block_token);
            let value_node = match value {
                Some(v) => compose_node(ctx, *v, &props),
                None => compose_empty_node(ctx, props.end, None, None, &props),
            };
            if is_block {
                ctx.error(value_node.start, BLOCK_MSG);
            }
            offset = value_node.end;
            seq.push(value_node);
            continue;
        }
        // item is a key+value pair
        ctx.at_key = true;
        let key_start = props.end;
        let key_is_block = key.as_deref().is_some_and(is_block_token);
        let key_node = match key {
            Some(k) => compose_node(ctx, *k, &props),
            None => compose_empty_node(ctx, key_start, Some(&start), None, &props),
        };
        if key_is_block {
            ctx.error(key_node.start, BLOCK_MSG);
        }
        ctx.at_key = false;
        let sep_tokens = sep.unwrap_or_default();
        let value_props = resolve_props(
            &sep_tokens,
            &PropsOpts {
                flow: Some(fc_name),
                indicator: T::MapValueInd,
                next: value.as_deref().map(Next::of_token),
                offset: key_node.end,
                parent_indent: fc_indent,
                start_on_newline: false,
            },
            ctx,
        );
        if let Some(found) = &value_props.found {
            if !is_map && props.found.is_none() {
                for st in &sep_tokens {
                    if st.offset == found.offset && st.ty == found.ty {
                        break;
                    }
                    if st.ty == T::Newline {
                        ctx.error(
                            st.offset,
                            "Implicit keys of flow sequence pairs need to be on a single line",
                        );
                        break;
                    }
                }
                if props.start + 1024 < found.offset {
                    ctx.error(
                        found.offset,
                        "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key",
                    );
                }
            }
        } else if let Some(v) = value.as_deref() {
            if v.source().is_some_and(|s| s.starts_with(':')) {
                ctx.error(v.offset(), format!("Missing space after : in {fc_name}"));
            } else {
                ctx.error(
                    value_props.start,
                    format!("Missing , or : between {fc_name} items"),
                );
            }
        }
        let value_is_block = value.as_deref().is_some_and(is_block_token);
        let value_node = match value {
            Some(v) => Some(compose_node(ctx, *v, &value_props)),
            None if value_props.found.is_some() => Some(compose_empty_node(
                ctx,
                value_props.end,
                Some(&sep_tokens),
                None,
                &value_props,
            )),
            None => None,
        };
        if let Some(v) = &value_node
            && value_is_block
        {
            ctx.error(v.start, BLOCK_MSG);
        }
        offset = value_node.as_ref().map_or(value_props.end, |v| v.end);
        if is_map {
            if keys.is_duplicate(&key_node) {
                ctx.error(key_start, duplicate_message(&key_node));
            }
            pairs.push(Pair {
                key: key_node,
                value: value_node,
            });
        } else {
            let start = key_node.start;
            let end = value_node.as_ref().map_or(key_node.end, |v| v.end);
            seq.push(Ast {
                kind: Kind::Map(vec![Pair {
                    key: key_node,
                    value: value_node,
                }]),
                anchor: None,
                start,
                end,
            });
        }
    }
    let expected_end = if is_map { "}" } else { "]" };
    let mut ee = fc_end;
    let ce = if ee.is_empty() {
        None
    } else {
        Some(ee.remove(0))
    };
    let mut ce_pos = offset;
    match ce {
        Some(ce) if ce.source == expected_end => ce_pos = ce.offset + ce.source.len(),
        ce => {
            let name = if is_map { "Flow map" } else { "Flow sequence" };
            let msg = if at_root {
                format!("{name} must end with a {expected_end}")
            } else {
                format!(
                    "{name} in block collection must be sufficiently indented and end with a {expected_end}"
                )
            };
            ctx.error(offset, msg);
            ctx.opened_at(fc_start.offset);
            if let Some(ce) = ce
                && ce.source.len() != 1
            {
                ee.insert(0, ce);
            }
        }
    }
    let end = if ee.is_empty() {
        ce_pos
    } else {
        resolve_end(Some(&ee), ce_pos, true, &mut ctx.errors)
    };
    Ast {
        kind: if is_map {
            Kind::Map(pairs)
        } else {
            Kind::Seq(seq)
        },
        anchor: None,
        start: fc_offset,
        end,
    }
}

const BLOCK_MSG: &str = "Block collections are not allowed within flow collections";

fn is_block_token(t: &Token<'_>) -> bool {
    matches!(t, Token::BlockMap { .. } | Token::BlockSeq { .. })
}
