//! Backstage's template syntax (nunjucks with `${{ … }}` for values, `{% if %}`,
//! `{% for %}`, `{% raw %}` and filters), translated into handlebars, which renders it.
//!
//! `${{ values.name | lower }}` becomes `{{lower @root.values.name}}`, `{% if a == "b" %}`
//! becomes `{{#if (eq @root.a "b")}}`, and so on. What cannot be translated (macros, `set`,
//! unknown filters) is an error naming the line: a file is never rendered half-way.
//! In a file that uses Backstage syntax, a bare `{{` is plain text, as in Backstage.
//! Every block tag is preceded by `{{noop}}` so that handlebars never treats its line as
//! "standalone" and drops the line break: nunjucks keeps it (unless `-` trims it).

use std::collections::HashMap;
use std::fmt;

/// A translation error, at a 1-based line of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Filters (helpers) a Backstage expression may use.
pub const FILTERS: &[&str] = &[
    "lower",
    "upper",
    "trim",
    "capitalize",
    "title",
    "replace",
    "dump",
    "default",
    "d",
    "join",
    "first",
    "last",
    "length",
    "string",
    "int",
    "parseRepoUrl",
    "parseEntityRef",
    "pick",
    "projectSlug",
    "entityName",
    "kebab-case",
    "snake_case",
    "camelCase",
    "PascalCase",
    "kebabCase",
    "snakeCase",
    "pascalCase",
    "urlencode",
    "safe",
];

/// Tests an expression may use with `is`.
pub const TESTS: &[&str] = &[
    "defined",
    "undefined",
    "none",
    "null",
    "string",
    "number",
    "boolean",
    "mapping",
    "iterable",
    "truthy",
    "falsy",
];

/// Whether `text` uses Backstage's syntax at all.
pub fn is_backstage(text: &str) -> bool {
    text.contains("${{") || text.contains("{%") || find_comment(text).is_some()
}

/// A nunjucks comment opener `{#`, but not handlebars' `{{#if`.
fn find_comment(text: &str) -> Option<usize> {
    text.match_indices("{#")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || text.as_bytes()[i - 1] != b'{')
}

/// Translates a whole template text into handlebars.
pub fn translate(text: &str) -> Result<String, SyntaxError> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    let mut line = 1;
    let mut blocks: Vec<(&'static str, usize)> = Vec::new();
    let mut locals: Vec<String> = Vec::new();
    // `{% set x = … %}` becomes an alias, guarded by the conditions of the enclosing ifs.
    let mut aliases: HashMap<String, Expr> = HashMap::new();
    let mut branches: Vec<Branch> = Vec::new();
    while !rest.is_empty() {
        let next = [rest.find("${{"), rest.find("{%"), find_comment(rest)]
            .into_iter()
            .flatten()
            .min();
        let Some(at) = next else {
            out.push_str(&escape_text(rest));
            break;
        };
        out.push_str(&escape_text(&rest[..at]));
        line += rest[..at].matches('\n').count();
        let tag = &rest[at..];
        let (close, kind) = if tag.starts_with("${{") {
            ("}}", Tag::Value)
        } else if tag.starts_with("{%") {
            ("%}", Tag::Block)
        } else {
            ("#}", Tag::Comment)
        };
        let open_len = if kind == Tag::Value { 3 } else { 2 };
        let Some(end) = tag[open_len..].find(close).map(|e| e + open_len) else {
            return Err(SyntaxError {
                line,
                message: format!("`{}` is never closed with `{close}`", &tag[..open_len]),
            });
        };
        let inner = &tag[open_len..end];
        let consumed = end + close.len();
        let (trim_left, inner) = strip_dash_start(inner);
        let (trim_right, inner) = strip_dash_end(inner);
        let (l, r) = (
            if trim_left { "~" } else { "" },
            if trim_right { "~" } else { "" },
        );
        match kind {
            Tag::Comment => {}
            Tag::Value => {
                let e = substitute(parse(inner, line)?, &aliases, &locals);
                out.push_str(&format!("{{{{{l}{}{r}}}}}", e.top(&locals)));
            }
            Tag::Block => {
                let words: Vec<&str> = inner.split_whitespace().collect();
                match words.first().copied() {
                    Some("if") => {
                        let e = substitute(
                            parse(
                                inner.trim_start().strip_prefix("if").unwrap_or_default(),
                                line,
                            )?,
                            &aliases,
                            &locals,
                        );
                        out.push_str(&format!("{{{{{l}noop}}}}{{{{#if {}{r}}}}}", e.sub(&locals)));
                        blocks.push(("if", line));
                        branches.push(Branch {
                            seen: vec![e.clone()],
                            active: e,
                        });
                    }
                    Some("elif" | "elseif") => {
                        let cond = inner
                            .trim_start()
                            .trim_start_matches("elseif")
                            .trim_start_matches("elif");
                        let e = substitute(parse(cond, line)?, &aliases, &locals);
                        expect_block(&blocks, "if", line)?;
                        out.push_str(&format!(
                            "{{{{{l}noop}}}}{{{{else if {}{r}}}}}",
                            e.sub(&locals)
                        ));
                        if let Some(b) = branches.last_mut() {
                            b.active = Expr::Call("and".into(), vec![none_of(&b.seen), e.clone()]);
                            b.seen.push(e);
                        }
                    }
                    Some("else") => {
                        if blocks.last().is_none() {
                            return Err(SyntaxError {
                                line,
                                message: "`{% else %}` outside a block".into(),
                            });
                        }
                        out.push_str(&format!("{{{{{l}noop}}}}{{{{else{r}}}}}"));
                        if let (Some(("if", _)), Some(b)) = (blocks.last(), branches.last_mut()) {
                            b.active = none_of(&b.seen);
                        }
                    }
                    Some("endif") => {
                        expect_block(&blocks, "if", line)?;
                        blocks.pop();
                        branches.pop();
                        out.push_str(&format!("{{{{{l}noop}}}}{{{{/if{r}}}}}"));
                    }
                    Some("for") => {
                        let (var, list) = parse_for(inner, line)?;
                        let e = substitute(parse(list, line)?, &aliases, &locals);
                        out.push_str(&format!(
                            "{{{{{l}noop}}}}{{{{#each {} as |{var}|{r}}}}}",
                            e.sub(&locals)
                        ));
                        locals.push(var.to_string());
                        blocks.push(("for", line));
                    }
                    Some("endfor") => {
                        expect_block(&blocks, "for", line)?;
                        blocks.pop();
                        locals.pop();
                        out.push_str(&format!("{{{{{l}noop}}}}{{{{/each{r}}}}}"));
                    }
                    Some("set") => {
                        if blocks.iter().any(|(k, _)| *k == "for") {
                            return Err(SyntaxError {
                                line,
                                message:
                                    "`{% set %}` inside a `for` loop is not supported by portal"
                                        .into(),
                            });
                        }
                        let body = inner.trim_start().strip_prefix("set").unwrap_or_default();
                        let (name, value) = body.split_once('=').ok_or_else(|| SyntaxError {
                            line,
                            message: "expected `{% set name = value %}`".into(),
                        })?;
                        let name = name.trim().to_string();
                        let value = substitute(parse(value, line)?, &aliases, &locals);
                        let guard = branches
                            .iter()
                            .map(|b| b.active.clone())
                            .reduce(|a, b| Expr::Call("and".into(), vec![a, b]));
                        let new = match guard {
                            Some(g) => Expr::Call(
                                "ifelse".into(),
                                vec![g, value, aliases.get(&name).cloned().unwrap_or(Expr::Null)],
                            ),
                            None => value,
                        };
                        aliases.insert(name, new);
                    }
                    Some("raw") => {
                        let body_start = &rest[at + consumed..];
                        let Some((body, after)) = split_endraw(body_start) else {
                            return Err(SyntaxError {
                                line,
                                message: "`{% raw %}` is never closed with `{% endraw %}`".into(),
                            });
                        };
                        out.push_str(&escape_all(body));
                        line += rest[at..at + consumed].matches('\n').count()
                            + body.matches('\n').count();
                        let skip = body_start.len() - after.len();
                        rest = &rest[at + consumed + skip..];
                        continue;
                    }
                    other => {
                        return Err(SyntaxError {
                            line,
                            message: format!(
                                "`{{% {} %}}` is not supported by portal (it understands if/elif/else, for and raw)",
                                other.unwrap_or("")
                            ),
                        });
                    }
                }
            }
        }
        line += tag[..consumed].matches('\n').count();
        rest = &rest[at + consumed..];
    }
    if let Some((kind, l)) = blocks.pop() {
        return Err(SyntaxError {
            line: l,
            message: format!("`{{% {kind} %}}` is never closed"),
        });
    }
    Ok(out)
}

/// The conditions of an open `if`: those of its branches so far, and the one under which
/// the current branch runs.
struct Branch {
    seen: Vec<Expr>,
    active: Expr,
}

/// `not (a or b or …)`: none of the earlier branches ran.
fn none_of(seen: &[Expr]) -> Expr {
    let any = seen
        .iter()
        .cloned()
        .reduce(|a, b| Expr::Call("or".into(), vec![a, b]))
        .unwrap_or(Expr::Bool(false));
    Expr::Call("not".into(), vec![any])
}

/// Replaces references to `set` variables by their definitions.
fn substitute(e: Expr, aliases: &HashMap<String, Expr>, locals: &[String]) -> Expr {
    match e {
        Expr::Path(parts) if !locals.contains(&parts[0]) && aliases.contains_key(&parts[0]) => {
            let mut out = aliases[&parts[0]].clone();
            for p in &parts[1..] {
                out = Expr::Call("lookup".into(), vec![out, Expr::Str(p.clone())]);
            }
            out
        }
        Expr::Call(name, args) => Expr::Call(
            name,
            args.into_iter()
                .map(|a| substitute(a, aliases, locals))
                .collect(),
        ),
        other => other,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Value,
    Block,
    Comment,
}

fn expect_block(blocks: &[(&str, usize)], kind: &str, line: usize) -> Result<(), SyntaxError> {
    match blocks.last() {
        Some((k, _)) if *k == kind => Ok(()),
        _ => Err(SyntaxError {
            line,
            message: format!("this closes or continues a `{kind}` block that is not open"),
        }),
    }
}

fn strip_dash_start(s: &str) -> (bool, &str) {
    match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    }
}

fn strip_dash_end(s: &str) -> (bool, &str) {
    match s.strip_suffix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    }
}

fn parse_for(inner: &str, line: usize) -> Result<(&str, &str), SyntaxError> {
    let body = inner.trim_start().strip_prefix("for").unwrap_or_default();
    let (var, list) = body.split_once(" in ").ok_or_else(|| SyntaxError {
        line,
        message: "expected `{% for x in list %}`".into(),
    })?;
    let var = var.trim();
    if var.is_empty() || !var.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(SyntaxError {
            line,
            message: format!("`{var}` is not a loop variable portal understands"),
        });
    }
    Ok((var, list))
}

fn split_endraw(s: &str) -> Option<(&str, &str)> {
    let mut from = 0;
    while let Some(i) = s[from..].find("{%") {
        let start = from + i;
        let end = s[start..].find("%}")? + start + 2;
        let inner = s[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if inner == "endraw" {
            return Some((&s[..start], &s[end..]));
        }
        from = end;
    }
    None
}

/// Text outside tags: a bare `{{` is literal in Backstage's syntax.
fn escape_text(s: &str) -> String {
    s.replace("{{", "\\{{")
}

/// Text inside `{% raw %}`: nothing is interpreted.
fn escape_all(s: &str) -> String {
    s.replace("{{", "\\{{")
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Path(Vec<String>),
    Str(String),
    Num(String),
    Bool(bool),
    Null,
    Call(String, Vec<Expr>),
}

impl Expr {
    /// The expression as a top-level handlebars mustache body.
    fn top(&self, locals: &[String]) -> String {
        match self {
            Expr::Call(name, args) => {
                let args: Vec<String> = args.iter().map(|a| a.sub(locals)).collect();
                format!("{name} {}", args.join(" "))
            }
            other => other.sub(locals),
        }
    }

    /// The expression as a handlebars parameter or subexpression.
    fn sub(&self, locals: &[String]) -> String {
        match self {
            Expr::Path(parts) => {
                let mut s = if locals.contains(&parts[0]) {
                    parts[0].clone()
                } else {
                    format!("@root.{}", parts[0])
                };
                for p in &parts[1..] {
                    if p.chars().all(|c| c.is_alphanumeric() || c == '_')
                        && !p.starts_with(|c: char| c.is_ascii_digit())
                    {
                        s.push('.');
                        s.push_str(p);
                    } else {
                        s.push_str(&format!(".[{p}]"));
                    }
                }
                s
            }
            Expr::Str(s) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
            Expr::Num(n) => n.clone(),
            Expr::Bool(b) => b.to_string(),
            Expr::Null => "null".into(),
            Expr::Call(..) => format!("({})", self.top(locals)),
        }
    }

    /// The path, when the expression is nothing but one.
    pub fn as_path(&self) -> Option<&[String]> {
        match self {
            Expr::Path(p) => Some(p),
            _ => None,
        }
    }
}

/// Parses a nunjucks expression: paths, literals, `|` filters with arguments, `==`, `!=`,
/// `and`, `or`, `not`, `~` and parentheses.
pub fn parse(src: &str, line: usize) -> Result<Expr, SyntaxError> {
    let tokens = tokenize(src).map_err(|m| SyntaxError { line, message: m })?;
    let mut p = Parser {
        tokens,
        pos: 0,
        line,
    };
    let e = p.ternary()?;
    if p.pos < p.tokens.len() {
        return Err(p.error(&format!(
            "unexpected `{}` in `{}`",
            p.tokens[p.pos],
            src.trim()
        )));
    }
    Ok(e)
}

fn tokenize(src: &str) -> Result<Vec<String>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' {
            let mut s = String::from('"');
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                s.push(chars[i]);
                i += 1;
            }
            if i >= chars.len() {
                return Err("a string is never closed".into());
            }
            i += 1;
            out.push(s);
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len() {
                let ch = chars[i];
                let dash_inside =
                    ch == '-' && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !(ch.is_alphanumeric() || ch == '_' || ch == '$' || dash_inside) {
                    break;
                }
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let three: String = chars[i..(i + 3).min(chars.len())].iter().collect();
            let op = if ["===", "!=="].contains(&three.as_str()) {
                three
            } else if ["==", "!=", "&&", "||"].contains(&two.as_str()) {
                two
            } else if "|().,[]~!+".contains(c) {
                c.to_string()
            } else {
                return Err(format!(
                    "`{c}` is not something portal understands in an expression"
                ));
            };
            i += op.chars().count();
            out.push(op);
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<String>,
    pos: usize,
    line: usize,
}

impl Parser {
    fn error(&self, m: &str) -> SyntaxError {
        SyntaxError {
            line: self.line,
            message: m.to_string(),
        }
    }

    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.pos).map(String::as_str)
    }

    fn eat(&mut self, t: &str) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// `a if cond else b` (the `else` part is optional).
    fn ternary(&mut self) -> Result<Expr, SyntaxError> {
        let e = self.or()?;
        if !self.eat("if") {
            return Ok(e);
        }
        let cond = self.or()?;
        let otherwise = if self.eat("else") {
            self.ternary()?
        } else {
            Expr::Null
        };
        Ok(Expr::Call("ifelse".into(), vec![cond, e, otherwise]))
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.and()?;
        while self.eat("or") || self.eat("||") {
            e = Expr::Call("or".into(), vec![e, self.and()?]);
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.not()?;
        while self.eat("and") || self.eat("&&") {
            e = Expr::Call("and".into(), vec![e, self.not()?]);
        }
        Ok(e)
    }

    fn not(&mut self) -> Result<Expr, SyntaxError> {
        if self.eat("not") || self.eat("!") {
            return Ok(Expr::Call("not".into(), vec![self.not()?]));
        }
        self.compare()
    }

    fn compare(&mut self) -> Result<Expr, SyntaxError> {
        let e = self.concat()?;
        for (op, helper) in [("==", "eq"), ("===", "eq"), ("!=", "ne"), ("!==", "ne")] {
            if self.eat(op) {
                return Ok(Expr::Call(helper.into(), vec![e, self.concat()?]));
            }
        }
        Ok(e)
    }

    fn concat(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.test()?;
        loop {
            if self.eat("~") {
                e = Expr::Call("concat".into(), vec![e, self.test()?]);
            } else if self.eat("+") {
                e = Expr::Call("add".into(), vec![e, self.test()?]);
            } else {
                return Ok(e);
            }
        }
    }

    /// `x is defined`, `x is not string`…: nunjucks tests.
    fn test(&mut self) -> Result<Expr, SyntaxError> {
        let e = self.filtered()?;
        if !self.eat("is") {
            return Ok(e);
        }
        let negated = self.eat("not");
        let name = self
            .peek()
            .map(str::to_string)
            .ok_or_else(|| self.error("a test name must follow `is`"))?;
        if !TESTS.contains(&name.as_str()) {
            return Err(self.error(&format!(
                "the test `is {name}` is not one portal knows ({})",
                TESTS.join(", ")
            )));
        }
        self.pos += 1;
        let t = Expr::Call("is".into(), vec![e, Expr::Str(name)]);
        Ok(if negated {
            Expr::Call("not".into(), vec![t])
        } else {
            t
        })
    }

    fn filtered(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.postfix()?;
        while self.eat("|") {
            let name = self
                .peek()
                .map(str::to_string)
                .ok_or_else(|| self.error("a filter name must follow `|`"))?;
            if !FILTERS.contains(&name.as_str()) {
                return Err(self.error(&format!(
                    "the filter `{name}` is not one portal knows ({})",
                    FILTERS.join(", ")
                )));
            }
            self.pos += 1;
            let mut args = vec![e];
            if self.eat("(") && !self.eat(")") {
                loop {
                    args.push(self.or()?);
                    if self.eat(")") {
                        break;
                    }
                    if !self.eat(",") {
                        return Err(self.error("expected `,` or `)` in filter arguments"));
                    }
                }
            }
            let name = match name.as_str() {
                "d" => "default".to_string(),
                "kebabCase" => "kebab-case".into(),
                "snakeCase" => "snake_case".into(),
                "pascalCase" => "PascalCase".into(),
                "safe" | "string" => {
                    e = args.remove(0);
                    continue;
                }
                _ => name,
            };
            e = Expr::Call(name, args);
        }
        Ok(e)
    }

    /// `.name` and `[key]` after any primary: paths grow, other values use `lookup`.
    fn postfix(&mut self) -> Result<Expr, SyntaxError> {
        let mut e = self.primary()?;
        loop {
            let key = if self.eat(".") {
                let k = self
                    .peek()
                    .map(str::to_string)
                    .ok_or_else(|| self.error("a name must follow `.`"))?;
                self.pos += 1;
                k
            } else if self.eat("[") {
                let k = self
                    .peek()
                    .map(str::to_string)
                    .ok_or_else(|| self.error("an index must follow `[`"))?;
                self.pos += 1;
                if !self.eat("]") {
                    return Err(self.error("expected `]`"));
                }
                k.trim_start_matches('"').to_string()
            } else {
                return Ok(e);
            };
            e = match e {
                Expr::Path(mut p) => {
                    p.push(key);
                    Expr::Path(p)
                }
                other => Expr::Call("lookup".into(), vec![other, Expr::Str(key)]),
            };
        }
    }

    fn primary(&mut self) -> Result<Expr, SyntaxError> {
        let Some(t) = self.peek().map(str::to_string) else {
            return Err(self.error("an expression is missing"));
        };
        self.pos += 1;
        if t == "(" {
            let e = self.or()?;
            if !self.eat(")") {
                return Err(self.error("expected `)`"));
            }
            return Ok(e);
        }
        if let Some(s) = t.strip_prefix('"') {
            return Ok(Expr::Str(s.to_string()));
        }
        if t.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return Ok(Expr::Num(t));
        }
        match t.as_str() {
            "true" | "True" => return Ok(Expr::Bool(true)),
            "false" | "False" => return Ok(Expr::Bool(false)),
            "null" | "none" | "None" | "undefined" => return Ok(Expr::Null),
            _ => {}
        }
        if !t
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        {
            return Err(self.error(&format!("unexpected `{t}`")));
        }
        let path = vec![t];
        Ok(Expr::Path(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_filters() {
        assert_eq!(
            translate("name: ${{ values.name }}\n").unwrap(),
            "name: {{@root.values.name}}\n"
        );
        assert_eq!(
            translate("${{ values.name | lower }}").unwrap(),
            "{{lower @root.values.name}}"
        );
        assert_eq!(
            translate("${{ values.repoUrl | parseRepoUrl | pick('repo') }}").unwrap(),
            "{{pick (parseRepoUrl @root.values.repoUrl) \"repo\"}}"
        );
        assert_eq!(
            translate("${{values.name | replace(\"-\", \"_\") | upper}}").unwrap(),
            "{{upper (replace @root.values.name \"-\" \"_\")}}"
        );
        assert_eq!(
            translate("${{ values.items[0] }}").unwrap(),
            "{{@root.values.items.[0]}}"
        );
    }

    #[test]
    fn blocks_and_whitespace_control() {
        let t = translate("{%- if values.x == 'a' and not values.y %}A{% elif values.z %}Z{% else %}B{% endif -%}\n").unwrap();
        assert_eq!(
            t,
            "{{~noop}}{{#if (and (eq @root.values.x \"a\") (not @root.values.y))}}A{{noop}}{{else if @root.values.z}}Z{{noop}}{{else}}B{{noop}}{{/if~}}\n"
        );
        let t = translate("{% for t in values.tags %}- ${{ t }}\n{% endfor %}").unwrap();
        assert_eq!(
            t,
            "{{noop}}{{#each @root.values.tags as |t|}}- {{t}}\n{{noop}}{{/each}}"
        );
        assert_eq!(
            translate("${{ a if b else 'c' }}").unwrap(),
            "{{ifelse @root.b @root.a \"c\"}}"
        );
    }

    #[test]
    fn set_becomes_a_guarded_alias() {
        let t = translate(
            "{% if values.a %}{% set n = values.a %}{% else %}{% set n = 'b' %}{% endif %}${{ n }}",
        )
        .unwrap();
        assert!(
            t.ends_with(
                "{{ifelse (not @root.values.a) \"b\" (ifelse @root.values.a @root.values.a null)}}"
            ),
            "{t}"
        );
    }

    #[test]
    fn handlebars_blocks_are_not_comments() {
        assert!(!is_backstage("{{#if values.x}}a{{/if}}"));
        assert_eq!(
            translate("${{ values.a }} {{#if x}}").unwrap(),
            "{{@root.values.a}} \\{{#if x}}"
        );
    }

    #[test]
    fn raw_comments_and_literal_braces() {
        assert_eq!(
            translate("{# note #}a{% raw %}${{ github.sha }}{% endraw %}b").unwrap(),
            "a$\\{{ github.sha }}b"
        );
        assert_eq!(
            translate("x: {{ not.ours }} ${{ values.a }}").unwrap(),
            "x: \\{{ not.ours }} {{@root.values.a}}"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = translate("a\nb\n{% macro x() %}").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("not supported"));
        let e = translate("\n${{ values.a | frobnicate }}").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            translate("{% if x %}")
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(
            translate("${{ values.a ")
                .unwrap_err()
                .message
                .contains("never closed")
        );
    }
}
