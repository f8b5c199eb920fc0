//! The one rule for text put into HTML: `& < > " '` as `&amp; &lt; &gt; &quot; &#39;`, as
//! nunjucks' `escape` writes them (the docs preview and templates use it).

/// Escapes `text` for HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
