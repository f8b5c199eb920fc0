//! The HTTP routes of ${{ values.name }} and the server loop around them.
//!
//! `main.rs` only reads the configuration and calls [`serve`]; everything
//! here is reachable from the tests in `tests/`.

use std::future::Future;
use std::io;

use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use tokio::net::TcpListener;

/// The port to listen on when the `PORT` environment variable is not set.
pub const DEFAULT_PORT: u16 = ${{ values.port }};

/// The body of `GET /health`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Health {
    pub status: &'static str,
    pub service: &'static str,
    pub version: &'static str,
}

/// All the routes of the service.
pub fn app() -> Router {
    Router::new()
        .route("/", get(index))
        .route("/health", get(health))
}

async fn index() -> &'static str {
    concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION"), "\n")
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        service: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Serves [`app`] on `listener` until `shutdown` completes, then lets the
/// requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    axum::serve(listener, app())
        .with_graceful_shutdown(shutdown)
        .await
}

/// The port to listen on, from the value of the `PORT` environment variable.
pub fn parse_port(env_value: Option<&str>) -> Result<u16, String> {
    match env_value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_PORT),
        Some(v) => v
            .parse()
            .map_err(|_| format!("PORT must be a port number (0-65535), not {v:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_port_defaults_and_parses() {
        assert_eq!(parse_port(None), Ok(DEFAULT_PORT));
        assert_eq!(parse_port(Some("")), Ok(DEFAULT_PORT));
        assert_eq!(parse_port(Some("9000")), Ok(9000));
        assert!(parse_port(Some("http")).is_err());
        assert!(parse_port(Some("70000")).is_err());
    }
}
