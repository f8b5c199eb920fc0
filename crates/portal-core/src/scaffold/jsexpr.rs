//! Backstage's operators: nunjitsu's grammar and JavaScript's arithmetic, where minijinja
//! has Python's. The two differ in what an operator does (`"x" * 3` is `NaN`, not `xxx`;
//! `"2" + 3` is `23`; `-1 % 3` is `-1`; `1 == "1"` is true; `1 < 2 < 3` compares `true`
//! with `3`) and in how tightly it binds (`~` is as loose as `+`; a filter is looser than a
//! unary minus; `not a + b` is `(not a) + b`; `a // b % c` floors `a / b % c`).
//!
//! minijinja has no hook for its operators, so an expression that uses one is parsed here
//! as nunjitsu (Backstage 4.2.0's engine) parses it, and written back with each operator a
//! call of [`OP`], which does what JavaScript does. An expression without one is left as
//! written; one this parser cannot read is left for minijinja to refuse.

use std::sync::Arc;

use minijinja::value::{Object, ObjectRepr, Rest, Value, ValueKind};
use minijinja::{Error, ErrorKind};

/// The function an operator becomes: `OP("+", a, b)`, `OP("neg", a)`.
pub(super) const OP: &str = "__portal_js_op";

/// What `x.length` becomes (`x|LENGTH`, a filter with JavaScript's answer, see
/// `nunjucks.rs`) before this pass, which reads it back as the postfix it was.
pub(super) const LENGTH: &str = "__portal_js_length";

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Name,
    Number,
    Str,
    Punct,
}

#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
}

const PUNCTS: [&str; 27] = [
    "===", "!==", "==", "!=", "<=", ">=", "**", "//", "+", "-", "*", "/", "%", "~", "<", ">", "|",
    ".", ",", ":", "(", ")", "[", "]", "{", "}", "=",
];

/// The operators this pass rewrites: an expression with none is left alone.
const OPERATORS: [&str; 16] = [
    "===", "!==", "==", "!=", "<=", ">=", "**", "//", "+", "-", "*", "/", "%", "~", "<", ">",
];

/// A character of a JavaScript name.
pub(super) fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn tokens(s: &str) -> Option<Vec<Tok<'_>>> {
    let mut out = Vec::new();
    let mut i = 0;
    let b = s.as_bytes();
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next()?;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let (kind, len) = if c == '"' || c == '\'' {
            let mut j = 1;
            loop {
                match b.get(j + i)? {
                    b'\\' => j += 2,
                    &q if q == c as u8 => break (Kind::Str, j + 1),
                    _ => j += 1,
                }
            }
        } else if c.is_ascii_digit() {
            let digits =
                |from: usize| from + rest[from..].bytes().take_while(u8::is_ascii_digit).count();
            let mut len = digits(0);
            if rest[len..].starts_with('.')
                && rest[len + 1..].starts_with(|c: char| c.is_ascii_digit())
            {
                len = digits(len + 1);
            }
            if rest[len..].starts_with(is_ident) {
                return None;
            }
            (Kind::Number, len)
        } else if is_ident(c) {
            (
                Kind::Name,
                rest.find(|c| !is_ident(c)).unwrap_or(rest.len()),
            )
        } else {
            (
                Kind::Punct,
                PUNCTS.iter().find(|p| rest.starts_with(*p))?.len(),
            )
        };
        out.push(Tok {
            kind,
            text: &s[i..i + len],
        });
        i += len;
    }
    Some(out)
}

/// An expression as nunjitsu builds it; its operands as minijinja text.
enum Expr {
    Text(String),
    Op(&'static str, Vec<Expr>),
    Compare(Box<Expr>, Vec<(&'static str, Expr)>),
    Not(Box<Expr>),
    Logic(&'static str, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Box<Expr>, bool),
    Is(Box<Expr>, String, bool),
    If(Box<Expr>, Box<Expr>, Option<Box<Expr>>),
    Filter(Box<Expr>, String),
}

fn quoted(op: &str) -> String {
    format!("\"{op}\"")
}

impl Expr {
    fn emit(&self) -> String {
        match self {
            Expr::Text(t) => t.clone(),
            Expr::Op(op, args) => {
                let args: Vec<String> = args.iter().map(Expr::emit).collect();
                format!("{OP}({}, {})", quoted(op), args.join(", "))
            }
            Expr::Compare(left, ops) => ops.iter().fold(left.emit(), |acc, (op, right)| {
                format!("{OP}({}, {acc}, {})", quoted(op), right.emit())
            }),
            Expr::Not(e) => format!("(not {})", e.emit()),
            // minijinja folds `and` of two constants to `false` where the left one is false
            // (`0 and 1` is `false`; JavaScript's and minijinja's own at run time: `0`), so
            // its left operand is a call, which is not folded.
            Expr::Logic("and", l, r) => format!("({OP}(\"id\", {}) and {})", l.emit(), r.emit()),
            Expr::Logic(op, l, r) => format!("({} {op} {})", l.emit(), r.emit()),
            Expr::In(l, r, negate) => {
                let not = if *negate { "not " } else { "" };
                format!("({} {not}in {})", l.emit(), r.emit())
            }
            Expr::Is(l, test, negate) => {
                let not = if *negate { "not " } else { "" };
                format!("({} is {not}{test})", l.emit())
            }
            Expr::If(body, cond, otherwise) => match otherwise {
                Some(e) => format!("({} if {} else {})", body.emit(), cond.emit(), e.emit()),
                None => format!("({} if {})", body.emit(), cond.emit()),
            },
            Expr::Filter(input, filter) => format!("({})|{filter}", input.emit()),
        }
    }

    /// nunjitsu's `not`: of the leftmost operand of arithmetic or a comparison.
    fn not(self) -> Expr {
        match self {
            Expr::Op(op, mut args) if args.len() == 2 && !matches!(op, "**" | "floor") => {
                let left = args.remove(0).not();
                args.insert(0, left);
                Expr::Op(op, args)
            }
            Expr::Compare(left, ops) => Expr::Compare(Box::new(left.not()), ops),
            other => Expr::Not(Box::new(other)),
        }
    }
}

struct Parser<'a> {
    toks: &'a [Tok<'a>],
    at: usize,
    depth: usize,
}

/// Deeper than this and the expression is left for minijinja (and its own limit).
const MAX_DEPTH: usize = 64;

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a str> {
        self.toks.get(self.at).map(|t| t.text)
    }

    fn peek_kind(&self) -> Option<Kind> {
        self.toks.get(self.at).map(|t| t.kind)
    }

    fn eat(&mut self, s: &str) -> bool {
        // A name is matched as a name, an operator as an operator: `"in"` is neither.
        let hit = self
            .toks
            .get(self.at)
            .is_some_and(|t| t.text == s && t.kind != Kind::Str);
        self.at += usize::from(hit);
        hit
    }

    fn expect(&mut self, s: &str) -> Option<()> {
        self.eat(s).then_some(())
    }

    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn inline_if(&mut self) -> Option<Expr> {
        self.nested(|p| {
            let body = p.or()?;
            if !p.eat("if") {
                return Some(body);
            }
            let cond = p.or()?;
            let otherwise = if p.eat("else") {
                Some(Box::new(p.or()?))
            } else {
                None
            };
            Some(Expr::If(Box::new(body), Box::new(cond), otherwise))
        })
    }

    fn or(&mut self) -> Option<Expr> {
        let mut left = self.and()?;
        while self.eat("or") {
            left = Expr::Logic("or", Box::new(left), Box::new(self.and()?));
        }
        Some(left)
    }

    fn and(&mut self) -> Option<Expr> {
        let mut left = self.not()?;
        while self.eat("and") {
            left = Expr::Logic("and", Box::new(left), Box::new(self.not()?));
        }
        Some(left)
    }

    fn not(&mut self) -> Option<Expr> {
        if self.eat("not") {
            return self.nested(|p| p.not()).map(Expr::not);
        }
        self.membership()
    }

    fn membership(&mut self) -> Option<Expr> {
        let mut left = self.test()?;
        loop {
            let negate = self.peek() == Some("not")
                && self.toks.get(self.at + 1).map(|t| t.text) == Some("in");
            if negate {
                self.at += 2;
            } else if !self.eat("in") {
                return Some(left);
            }
            left = Expr::In(Box::new(left), Box::new(self.test()?), negate);
        }
    }

    fn test(&mut self) -> Option<Expr> {
        let left = self.equality()?;
        if !self.eat("is") {
            return Some(left);
        }
        let negate = self.eat("not");
        if self.peek_kind() != Some(Kind::Name) {
            return None;
        }
        let mut test = self.peek()?.to_string();
        self.at += 1;
        if self.eat("(") {
            test.push_str(&format!("({})", self.arguments(")")?));
        }
        Some(Expr::Is(Box::new(left), test, negate))
    }

    fn comparison(
        &mut self,
        ops: &[&'static str],
        operand: fn(&mut Self) -> Option<Expr>,
    ) -> Option<Expr> {
        let left = operand(self)?;
        let mut chain = Vec::new();
        while let Some(op) = ops.iter().find(|op| self.peek() == Some(op)) {
            self.at += 1;
            chain.push((*op, operand(self)?));
        }
        Some(if chain.is_empty() {
            left
        } else {
            Expr::Compare(Box::new(left), chain)
        })
    }

    fn equality(&mut self) -> Option<Expr> {
        self.comparison(&["==", "===", "!=", "!=="], Self::relational)
    }

    fn relational(&mut self) -> Option<Expr> {
        self.comparison(&["<", "<=", ">", ">="], Self::additive)
    }

    fn additive(&mut self) -> Option<Expr> {
        let mut left = self.multiply()?;
        while let Some(op) = ["+", "-", "~"]
            .into_iter()
            .find(|op| self.peek() == Some(op))
        {
            self.at += 1;
            left = Expr::Op(op, vec![left, self.multiply()?]);
        }
        Some(left)
    }

    /// nunjitsu's multiplicative level: a flat, left-to-right sequence of `*`, `/` and
    /// `%`, where `//` floors all that precedes it in its `/` group.
    fn multiply(&mut self) -> Option<Expr> {
        let (first, ops) = self.sequence("*", Self::divide)?;
        Some(materialize(first, ops))
    }

    fn sequence(
        &mut self,
        op: &'static str,
        next: fn(&mut Self) -> Option<Sequence>,
    ) -> Option<Sequence> {
        let (first, mut ops) = next(self)?;
        while self.eat(op) {
            let (right, more) = next(self)?;
            ops.push((if op == "*" { "*" } else { "/" }, right));
            ops.extend(more);
        }
        Some((first, ops))
    }

    fn divide(&mut self) -> Option<Sequence> {
        self.sequence("/", Self::floor_divide)
    }

    fn floor_divide(&mut self) -> Option<Sequence> {
        let (mut first, mut ops) = self.modulo()?;
        while self.eat("//") {
            let (right, more) = self.modulo()?;
            ops.push(("/", right));
            ops.extend(more);
            first = Expr::Op("floor", vec![materialize(first, ops)]);
            ops = Vec::new();
        }
        Some((first, ops))
    }

    fn modulo(&mut self) -> Option<Sequence> {
        let first = self.power()?;
        let mut ops = Vec::new();
        while self.eat("%") {
            ops.push(("%", self.power()?));
        }
        Some((first, ops))
    }

    fn power(&mut self) -> Option<Expr> {
        let mut left = self.filter()?;
        while self.eat("**") {
            left = Expr::Op("**", vec![left, self.filter()?]);
        }
        Some(left)
    }

    fn filter(&mut self) -> Option<Expr> {
        let mut e = self.unary()?;
        while self.eat("|") {
            if self.peek_kind() != Some(Kind::Name) {
                return None;
            }
            let mut name = self.peek()?.to_string();
            self.at += 1;
            while self.eat(".") {
                name.push('.');
                name.push_str(self.peek()?);
                self.at += 1;
            }
            if self.eat("(") {
                let start = self.at;
                let args = self.arguments(")")?;
                let keyword = self.toks[start..self.at]
                    .windows(2)
                    .any(|w| w[0].kind == Kind::Name && w[1].text == "=");
                if keyword && !KEYWORD_FILTERS.contains(&name.as_str()) {
                    e = Expr::Text(refusal(&name));
                    continue;
                }
                name.push_str(&format!("({args})"));
            }
            e = Expr::Filter(Box::new(e), name);
        }
        Some(e)
    }

    fn unary(&mut self) -> Option<Expr> {
        for (sign, op) in [("-", "neg"), ("+", "pos")] {
            if self.eat(sign) {
                // nunjitsu refuses `--x`; so does this parser (minijinja will too).
                if self.peek() == Some(sign) {
                    return None;
                }
                return self.nested(|p| p.unary()).map(|e| Expr::Op(op, vec![e]));
            }
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Option<Expr> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".") {
                if self.peek_kind() != Some(Kind::Name) {
                    return None;
                }
                e = Expr::Text(format!("{}.{}", atom(&e), self.peek()?));
                self.at += 1;
            } else if self.eat("[") {
                let sub = self.nested(|p| p.subscript())?;
                e = Expr::Text(format!("{}[{sub}]", atom(&e)));
            } else if self.eat("(") {
                let args = self.nested(|p| p.arguments(")"))?;
                e = Expr::Text(format!("{}({args})", atom(&e)));
            } else if self.peek() == Some("|")
                && self.toks.get(self.at + 1).map(|t| t.text) == Some(LENGTH)
            {
                self.at += 2;
                e = Expr::Text(format!("{}|{LENGTH}", atom(&e)));
            } else {
                return Some(e);
            }
        }
    }

    fn subscript(&mut self) -> Option<String> {
        let mut parts = Vec::new();
        let mut part = String::new();
        loop {
            if self.eat("]") {
                parts.push(part);
                return Some(parts.join(":"));
            }
            if self.eat(":") {
                parts.push(std::mem::take(&mut part));
                continue;
            }
            if !part.is_empty() {
                return None;
            }
            part = self.inline_if()?.emit();
        }
    }

    /// A call's or a literal's comma-separated items up to `close`, each rewritten:
    /// `name=value` for a keyword, `key: value` in a mapping.
    fn arguments(&mut self, close: &str) -> Option<String> {
        let mut items = Vec::new();
        while !self.eat(close) {
            if !items.is_empty() {
                self.expect(",")?;
                if self.eat(close) {
                    break;
                }
            }
            let keyword = self.peek_kind() == Some(Kind::Name)
                && self.toks.get(self.at + 1).map(|t| t.text) == Some("=");
            let mut item = String::new();
            if keyword {
                item = format!("{}=", self.peek()?);
                self.at += 2;
            }
            item.push_str(&self.inline_if()?.emit());
            if close == "}" {
                self.expect(":")?;
                item.push_str(": ");
                item.push_str(&self.inline_if()?.emit());
            }
            items.push(item);
        }
        Some(items.join(", "))
    }

    fn primary(&mut self) -> Option<Expr> {
        let tok = *self.toks.get(self.at)?;
        self.at += 1;
        match tok.text {
            "(" => {
                let e = self.nested(|p| p.inline_if())?;
                self.expect(")")?;
                Some(Expr::Text(format!("({})", e.emit())))
            }
            "[" => Some(Expr::Text(format!(
                "[{}]",
                self.nested(|p| p.arguments("]"))?
            ))),
            "{" => Some(Expr::Text(format!(
                "{{{}}}",
                self.nested(|p| p.arguments("}"))?
            ))),
            _ if tok.kind == Kind::Name => Some(Expr::Text(name(tok.text).to_string())),
            _ if tok.kind != Kind::Punct => Some(Expr::Text(tok.text.to_string())),
            _ => None,
        }
    }
}

/// The filters nunjitsu gives keyword arguments to by name; every other one gets them
/// as one more argument, an object, which its code then reads as whatever it expected
/// there (`indent(width=2)` indents by nothing, `sum(start=10)` is NaN).
const KEYWORD_FILTERS: [&str; 2] = ["int", "sort"];

/// The function that stops a render with a message ([`refuse`]).
pub(super) const REFUSE: &str = "__portal_refuse";

/// A call that refuses a filter's keyword arguments, where Backstage would render them as
/// an object in the next argument's place.
fn refusal(filter: &str) -> String {
    let message = format!(
        "`{filter}` with a keyword argument: Backstage passes it to `{filter}` as one object in the place of the next argument, which portal does not reproduce; give the arguments by position"
    );
    format!("{REFUSE}({})", serde_json::Value::from(message))
}

/// What [`REFUSE`] does: an error with its message.
pub(super) fn refuse(message: &str) -> Result<Value, Error> {
    Err(Error::new(ErrorKind::InvalidOperation, message.to_string()))
}

/// A name as minijinja must read it: nunjitsu's `null` is `none`; Python's `True`,
/// `False` and `None`, literals to minijinja, are variables to nunjitsu (undefined).
fn name(n: &str) -> &str {
    match n {
        "null" => "none",
        "True" | "False" | "None" => UNDEFINED,
        other => other,
    }
}

/// A name no context has: undefined.
const UNDEFINED: &str = "__portal_js_undefined";

type Sequence = (Expr, Vec<(&'static str, Expr)>);

fn materialize(first: Expr, ops: Vec<(&'static str, Expr)>) -> Expr {
    ops.into_iter()
        .fold(first, |left, (op, right)| Expr::Op(op, vec![left, right]))
}

/// An operand as the target of `.x`, `[i]` or `(…)`: parenthesised unless a plain one.
fn atom(e: &Expr) -> String {
    match e {
        Expr::Text(t) => t.clone(),
        other => format!("({})", other.emit()),
    }
}

/// The expression of `toks` with nunjitsu's operators made calls of [`OP`] and its
/// literal names minijinja's ([`name`]); `None` when it has neither or is not an
/// expression this parser reads.
fn rewritten(toks: &[Tok<'_>]) -> Option<String> {
    let rewrites = |t: &Tok<'_>| match t.kind {
        // `=`: a keyword argument, refused to most filters.
        Kind::Punct => OPERATORS.contains(&t.text) || t.text == "=",
        Kind::Name => name(t.text) != t.text || t.text == "and",
        _ => false,
    };
    if !toks.iter().any(rewrites) {
        return None;
    }
    let mut p = Parser {
        toks,
        at: 0,
        depth: 0,
    };
    let e = p.inline_if()?;
    (p.at == toks.len()).then(|| e.emit())
}

/// The inside of a `${{ … }}` (`statement` false) or a `{% … %}`, its expression rewritten
/// ([`rewritten`]): all of a value's; what follows `if`, `elif`, `set x =` and `for … in`.
/// Whitespace control (`-` at either end) is kept.
pub(super) fn rewrite(inner: &str, statement: bool) -> Option<String> {
    let lead = usize::from(inner.starts_with('-'));
    let trail = usize::from(inner.len() > lead && inner.ends_with('-'));
    let body = &inner[lead..inner.len() - trail];
    let toks = tokens(body)?;
    // The first token of the expression: past the tag's keyword, `=` or `in`.
    let first = if statement {
        let keyword = toks.first().filter(|t| t.kind == Kind::Name)?;
        let past = |hit: &dyn Fn(&Tok<'_>) -> bool| toks.iter().position(hit).map(|i| i + 1);
        match keyword.text {
            "if" | "elif" | "elseif" => 1,
            "set" => past(&|t| t.kind == Kind::Punct && t.text == "=")?,
            "for" => past(&|t| t.kind == Kind::Name && t.text == "in")?,
            _ => return None,
        }
    } else {
        0
    };
    let expr = rewritten(&toks[first..])?;
    // Where the expression starts in `body`: the end of the token before it.
    let start = toks[..first].last().map_or(0, |t| {
        t.text.as_ptr() as usize - body.as_ptr() as usize + t.text.len()
    });
    Some(format!(
        "{}{} {expr} {}",
        &inner[..lead],
        &body[..start],
        &inner[inner.len() - trail..]
    ))
}

/// JavaScript's `NaN`: false in a condition (minijinja's own is true), printed `NaN`.
#[derive(Debug)]
struct NaN;

impl Object for NaN {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn is_true(self: &Arc<Self>) -> bool {
        false
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NaN")
    }
}

/// A number as the engine holds it: an integer when it is one, [`NaN`] for NaN.
pub(super) fn number(n: f64) -> Value {
    if n.is_nan() {
        Value::from_object(NaN)
    } else if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 && !is_negative_zero(n) {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

/// `-0`, which divides to `-Infinity`, so kept as a float (printed `0`).
fn is_negative_zero(n: f64) -> bool {
    n == 0.0 && n.is_sign_negative()
}

/// Whether `v` is JavaScript's `NaN`.
pub(super) fn is_nan(v: &Value) -> bool {
    v.downcast_object_ref::<NaN>().is_some()
}

/// A value as JavaScript's `ToPrimitive` leaves it.
#[derive(Debug, PartialEq)]
enum Prim {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
}

fn primitive(v: &Value) -> Prim {
    match v.kind() {
        ValueKind::Undefined => Prim::Undefined,
        ValueKind::None => Prim::Null,
        ValueKind::Bool => Prim::Bool(v.is_true()),
        ValueKind::Number => Prim::Number(f64::try_from(v.clone()).unwrap_or(f64::NAN)),
        ValueKind::String => Prim::Str(v.as_str().unwrap_or_default().to_string()),
        _ if is_nan(v) => Prim::Number(f64::NAN),
        ValueKind::Seq | ValueKind::Iterable => Prim::Str(
            v.try_iter()
                .map(|items| {
                    items
                        .map(|x| match primitive(&x) {
                            Prim::Undefined | Prim::Null => String::new(),
                            p => to_string(p),
                        })
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default(),
        ),
        ValueKind::Map => Prim::Str("[object Object]".into()),
        _ => Prim::Str(v.to_string()),
    }
}

fn is_primitive(v: &Value) -> bool {
    matches!(
        v.kind(),
        ValueKind::Undefined
            | ValueKind::None
            | ValueKind::Bool
            | ValueKind::Number
            | ValueKind::String
    ) || is_nan(v)
}

/// JavaScript's `Number(text)`: white space around, decimal, `0x`/`0o`/`0b`, `Infinity`.
fn text_number(s: &str) -> f64 {
    let t = s.trim();
    if t.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = t.strip_prefix(prefix) {
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return f64::NAN;
            }
            return digits.chars().fold(0.0, |n, c| {
                n * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
            });
        }
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" {
        return if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    // Rust reads `inf` and `nan`, JavaScript does not; both read the rest alike.
    let decimal = unsigned
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'));
    if decimal && unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        t.parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

fn to_number(p: Prim) -> f64 {
    match p {
        Prim::Undefined => f64::NAN,
        Prim::Null => 0.0,
        Prim::Bool(b) => f64::from(u8::from(b)),
        Prim::Number(n) => n,
        Prim::Str(s) => text_number(&s),
    }
}

fn to_string(p: Prim) -> String {
    match p {
        Prim::Undefined => "undefined".into(),
        Prim::Null => "null".into(),
        Prim::Bool(b) => b.to_string(),
        Prim::Number(n) => backstage_yaml::stringify::js_number(n),
        Prim::Str(s) => s,
    }
}

/// JavaScript's `String(v)` of a value (`undefined`, `null`, `a,b`, `[object Object]`),
/// as an operator or a filter converts it; printing differs (nothing for the first two).
pub(super) fn text(v: &Value) -> String {
    to_string(primitive(v))
}

/// JavaScript's `Number(v)`: NaN for what is not a number.
pub(super) fn to_js_number(v: &Value) -> f64 {
    to_number(primitive(v))
}

/// JavaScript's `ToInt32(Math.trunc(Number(v)))`: NaN and infinities are 0.
pub(super) fn to_int32(v: &Value) -> i64 {
    let n = to_number(primitive(v));
    if !n.is_finite() {
        return 0;
    }
    // Modulo 2^32, then into the signed range.
    let m = n.trunc().rem_euclid(4_294_967_296.0);
    let m = if m >= 2_147_483_648.0 {
        m - 4_294_967_296.0
    } else {
        m
    };
    m as i64
}

/// JavaScript's `===`: primitives by value, a list or mapping only to itself.
fn strict_equal(a: &Value, b: &Value) -> bool {
    if is_primitive(a) && is_primitive(b) {
        return match (primitive(a), primitive(b)) {
            (Prim::Number(x), Prim::Number(y)) => x == y,
            (x, y) => x == y,
        };
    }
    super::jsvalue::same_object(a, b)
}

/// JavaScript's `==`, as nunjitsu has it.
fn loose_equal(a: &Value, b: &Value) -> bool {
    if strict_equal(a, b) {
        return true;
    }
    if !is_primitive(a) && !is_primitive(b) {
        return false;
    }
    primitive_loose_equal(primitive(a), primitive(b))
}

fn primitive_loose_equal(a: Prim, b: Prim) -> bool {
    use Prim::*;
    match (a, b) {
        (Undefined | Null, Undefined | Null) => true,
        (Undefined | Null, _) | (_, Undefined | Null) => false,
        (Number(x), Number(y)) => x == y,
        (Str(x), Str(y)) => x == y,
        (Bool(x), y) => primitive_loose_equal(Number(f64::from(u8::from(x))), y),
        (x, Bool(y)) => primitive_loose_equal(x, Number(f64::from(u8::from(y)))),
        (Number(x), Str(y)) => x == text_number(&y),
        (Str(x), Number(y)) => text_number(&x) == y,
    }
}

/// JavaScript's relational comparison: texts by UTF-16 units, else numbers (NaN: none).
fn order(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (primitive(a), primitive(b)) {
        (Prim::Str(x), Prim::Str(y)) => Some(x.encode_utf16().cmp(y.encode_utf16())),
        (x, y) => to_number(x).partial_cmp(&to_number(y)),
    }
}

/// JavaScript's `**`, which differs from `powf` where the exponent is NaN or the base is
/// ±1 and the exponent infinite: NaN. V8 computes the rest with its own `pow` (fdlibm's),
/// which is exact where the result is a whole number up to 2^53 but differs from Rust's in
/// the last digit of others (`7 ** -2`), so those are refused.
fn power(x: f64, y: f64) -> Result<f64, Error> {
    if y.is_nan() || (x.abs() == 1.0 && y.is_infinite()) {
        return Ok(f64::NAN);
    }
    let r = x.powf(y);
    let exact =
        !r.is_finite() || r == 0.0 || (r.fract() == 0.0 && r.abs() <= 9_007_199_254_740_992.0);
    if exact || y == 0.0 {
        return Ok(r);
    }
    Err(Error::new(
        ErrorKind::InvalidOperation,
        format!(
            "`{} ** {}` is not a whole number below 2^53: Backstage computes such a power with V8's own pow, whose last digits portal does not reproduce; compute it outside the template",
            backstage_yaml::stringify::js_number(x),
            backstage_yaml::stringify::js_number(y)
        ),
    ))
}

/// What an operator does in Backstage's templates (nunjitsu's runtime, JavaScript's rules).
/// (`none` as the second operand is a value, so the operands come as a list: one or two.)
pub(super) fn op(name: &str, a: Value, rest: Rest<Value>) -> Result<Value, Error> {
    let Some(b) = rest.0.into_iter().next() else {
        if name == "id" {
            return Ok(a);
        }
        let n = to_number(primitive(&a));
        return match name {
            "neg" => Ok(number(-n)),
            "pos" => Ok(number(n)),
            "floor" => Ok(number(n.floor())),
            _ => Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("no operator {name}"),
            )),
        };
    };
    use std::cmp::Ordering::*;
    let bool_of = |b: bool| Ok(Value::from(b));
    match name {
        "~" => Ok(Value::from(
            to_string(primitive(&a)) + &to_string(primitive(&b)),
        )),
        "+" => match (primitive(&a), primitive(&b)) {
            (x @ Prim::Str(_), y) | (x, y @ Prim::Str(_)) => {
                Ok(Value::from(to_string(x) + &to_string(y)))
            }
            (x, y) => Ok(number(to_number(x) + to_number(y))),
        },
        "==" => bool_of(loose_equal(&a, &b)),
        "!=" => bool_of(!loose_equal(&a, &b)),
        "===" => bool_of(strict_equal(&a, &b)),
        "!==" => bool_of(!strict_equal(&a, &b)),
        "<" => bool_of(order(&a, &b) == Some(Less)),
        "<=" => bool_of(matches!(order(&a, &b), Some(Less | Equal))),
        ">" => bool_of(order(&a, &b) == Some(Greater)),
        ">=" => bool_of(matches!(order(&a, &b), Some(Greater | Equal))),
        _ => {
            let (x, y) = (to_number(primitive(&a)), to_number(primitive(&b)));
            let n = match name {
                "-" => x - y,
                "*" => x * y,
                "/" => x / y,
                "%" => x % y,
                "**" => power(x, y)?,
                _ => {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!("no operator {name}"),
                    ));
                }
            };
            Ok(number(n))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expression(source: &str) -> Option<String> {
        rewritten(&tokens(source)?)
    }

    #[test]
    fn an_expression_without_an_operator_is_left_alone() {
        assert_eq!(expression("values.name | upper"), None);
        assert_eq!(expression("\"a + b\""), None);
    }

    #[test]
    fn operators_bind_as_in_nunjitsu() {
        let e = |s: &str| expression(s).unwrap().replace(OP, "op");
        assert_eq!(e("1 + 2 ~ 3"), r#"op("~", op("+", 1, 2), 3)"#);
        assert_eq!(e("-3 | abs"), r#"(op("neg", 3))|abs"#);
        assert_eq!(e("6 // 4 % 3"), r#"op("floor", op("%", op("/", 6, 4), 3))"#);
        assert_eq!(e("not a + b"), r#"op("+", (not a), b)"#);
        assert_eq!(e("1 < 2 < 3"), r#"op("<", op("<", 1, 2), 3)"#);
        assert_eq!(
            e("x.y[i - 1](k=2 * 3)"),
            r#"x.y[op("-", i, 1)](k=op("*", 2, 3))"#
        );
        assert_eq!(e("{\"a\": 1 + 1}.a"), r#"{"a": op("+", 1, 1)}.a"#);
        assert_eq!(
            e("-x|__portal_js_length"),
            r#"op("neg", x|__portal_js_length)"#
        );
    }

    #[test]
    fn tags_keep_their_keyword_and_whitespace_control() {
        let r = |s: &str, st| rewrite(s, st).map(|x| x.replace(OP, "op"));
        assert_eq!(
            r("- if a * 2 -", true).as_deref(),
            Some(r#"- if op("*", a, 2) -"#)
        );
        assert_eq!(
            r(" set k = n + 1 ", true).as_deref(),
            Some(r#" set k = op("+", n, 1) "#)
        );
        assert_eq!(r(" for x in xs ", true), None);
        assert_eq!(r(" macro f(a=1+1) ", true), None);
        assert_eq!(r(" 1 + 1 ", false).as_deref(), Some(r#" op("+", 1, 1) "#));
    }

    #[test]
    fn what_cannot_be_read_is_left_for_minijinja() {
        assert_eq!(expression("--x + 1"), None);
        assert_eq!(expression("1 +"), None);
        assert_eq!(expression("(".repeat(100).as_str()), None);
    }

    #[test]
    fn numbers_from_text_as_javascript_reads_them() {
        assert_eq!(text_number(" 42 "), 42.0);
        assert_eq!(text_number("0x1F"), 31.0);
        assert_eq!(text_number("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(text_number(".5"), 0.5);
        assert!(text_number("inf").is_nan());
        assert!(text_number("1_000").is_nan());
        assert!(text_number("-0x10").is_nan());
    }

    #[test]
    fn javascript_arithmetic() {
        let n = |v: Value| primitive(&v);
        let two = || Value::from("2");
        assert!(is_nan(
            &op("*", Value::from("x"), Rest(vec![Value::from(3)])).unwrap()
        ));
        assert_eq!(
            n(op("*", two(), Rest(vec![Value::from(3)])).unwrap()),
            Prim::Number(6.0)
        );
        assert_eq!(
            n(op("+", two(), Rest(vec![Value::from(3)])).unwrap()),
            Prim::Str("23".into())
        );
        assert_eq!(
            n(op("%", Value::from(-1), Rest(vec![Value::from(3)])).unwrap()),
            Prim::Number(-1.0)
        );
        assert_eq!(
            n(op("==", Value::from(1), Rest(vec![Value::from("1")])).unwrap()),
            Prim::Bool(true)
        );
        assert_eq!(
            n(op("===", Value::from(1), Rest(vec![Value::from("1")])).unwrap()),
            Prim::Bool(false)
        );
        assert_eq!(
            n(op("<", Value::from("10"), Rest(vec![Value::from("9")])).unwrap()),
            Prim::Bool(true)
        );
        assert!(
            !op("*", Value::from("x"), Rest(vec![Value::from(3)]))
                .unwrap()
                .is_true()
        );
        let two = |y: f64| op("**", Value::from(2), Rest(vec![Value::from(y)]));
        assert_eq!(n(two(10.0).unwrap()), Prim::Number(1024.0));
        let err = two(0.5).unwrap_err().to_string();
        assert!(err.contains("`2 ** 0.5` is not a whole number"), "{err}");
    }
}
