//! portal's integration tests: one binary driving the built `portal` over fixture trees.

mod app;
mod backstage;
mod bounds;
mod cli_definition;
mod conformance;
mod create;
mod create_safety;
mod discovery;
mod docs;
mod duplicates;
mod git;
mod git_safety;
mod hostile;
mod index;
mod list;
mod plugins;
mod prompts;
mod query;
mod readme;
mod render_oracle;
mod search_relevance;
mod security;
mod support;
mod terminal;
mod validate;
mod who_owns;
