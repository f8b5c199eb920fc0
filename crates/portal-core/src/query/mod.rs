//! Answering questions about the catalog: finding entities by forgiving references,
//! Backstage's filter syntax, fuzzy search, and summaries of API definitions.

pub mod api;
pub mod filter;
pub mod resolve;
pub mod search;
