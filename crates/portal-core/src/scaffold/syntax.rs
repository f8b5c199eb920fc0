//! Which language a template text is in: Backstage's (nunjucks with `${{ … }}` for values,
//! `{% … %}` tags, `{# … #}` comments), rendered by [`super::nunjucks`], or the handlebars
//! of portal's built-in templates.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handlebars_blocks_are_not_comments() {
        assert!(!is_backstage("{{#if values.x}}a{{/if}}"));
        assert!(is_backstage("{# a comment #}"));
        assert!(is_backstage("a ${{ values.x }}"));
        assert!(is_backstage("{% if x %}{% endif %}"));
        assert!(!is_backstage("plain {{ helm }} text"));
    }
}
