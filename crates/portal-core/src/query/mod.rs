//! Answering questions about the catalog: finding entities by forgiving references,
//! Backstage's filter syntax, fuzzy search, summaries of API definitions, and the
//! entities a path belongs to.

pub mod api;
pub mod covering;
pub mod filter;
pub mod resolve;
pub mod search;
