//! portal's core: everything that never prints and never exits. It reads Backstage catalog
//! files from folders and git repositories, judges them as Backstage does, builds the
//! relation graph, answers queries, and plans and writes projects from templates. The
//! `portal` binary formats its answers; nothing here depends on it (docs/architecture.md).
//!
//! - [`catalog`]: the entity model and Backstage's rules, one file at a time;
//! - [`source`]: what to read (folders, git trees, Locations, the index, `portal sync`);
//! - [`graph`]: relations, ownership and the cross-entity checks;
//! - [`query`]: filters, search, resolving a name to an entity;
//! - [`scaffold`]: templates, answers, the plan and writing it;
//! - [`docs`]: TechDocs: an entity's documentation, found and laid out as TechDocs does;
//! - [`plugins`]: external `portal-NAME` commands, their metadata, and the entity cards;
//! - [`child`]: a child process with a time limit and bounded output;
//! - [`config`]: `portal.yaml`; [`confine`]: the one confinement rule; [`error`]: the one
//!   error type; [`par`]: the small parallel map the scan and the output share.

#![warn(missing_docs)]

pub mod catalog;
pub mod child;
pub mod config;
pub mod confine;
pub mod docs;
pub mod error;
pub mod graph;
pub mod html;
pub mod init;
pub mod par;
pub mod plugins;
pub mod query;
pub mod scaffold;
pub mod source;

pub use error::Error;
