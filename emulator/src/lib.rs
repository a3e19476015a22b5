//! A local stand-in for Alibaba Cloud OpenAPI, built from the same YAML specs as the generated client:
//! every operation in the spec tree is served, RPC and RESTful alike, with no code per operation.
//!
//! - The signature version decided by the credential sent (`Authorization` header: ACS3, the legacy ROA
//!   signature `acs <id>:<sig>` or Log Service's `LOG <id>:<sig>`; V1's signing parameters: V1), then
//!   routing: RPC calls at `/` by `x-acs-action` / `x-acs-version` (ACS3) or the `Action` / `Version`
//!   parameters (V1); RESTful ones by method and path template (and fixed query, and host label), the
//!   `x-acs-action` header naming the operation when sent.
//! - Authentication as strict as the gateway: V1, ACS3 (HMAC-SHA256 and HMAC-SM3), legacy ROA and Log
//!   Service signatures, recomputed with the runtime's signing functions from the request as received;
//!   the timestamp window, nonces and STS tokens.
//! - Validation from the spec: each parameter rebuilt from the query and form body per its style
//!   (dotted `repeat-list`/`flat`, `json`, `simple`), and for RESTful operations from the path, headers,
//!   host name and JSON body, then checked with the generator's own rules (required members at any
//!   depth, types, enums, ranges, lengths, item counts), then the rules between parameters; a parameter
//!   in another form than its style's is refused.
//! - Answers: the documented example with a fresh request id (a RESTful answer's whole-body and header
//!   fields as such), or a scripted [`Scenario`] (progress, throttling, faults, paging by page number or
//!   token, completed from the spec's `paginator:`); refusals in the product's dialect (RPC's `Code`,
//!   RESTful `code`, Log Service's `errorCode`); every [`Exchange`] is recorded, with its credentials
//!   blotted out, the most recent kept within a count and a byte budget.
//!
//! ```no_run
//! # async fn demo() -> Result<(), acs_emulator::Error> {
//! use acs_emulator::{Config, Scenario};
//! let config = Config::builder()
//!     .specs_dir("specs")
//!     .access_key("LTAI-test", "test-secret")
//!     .scenario("DescribePreCheckStatus", Scenario::server_error_once())
//!     .build()?;
//! let running = acs_emulator::start(config).await?;
//! println!("point the client at {}", running.url());
//! # Ok(()) }
//! ```

mod api_error;
mod auth;
mod catalog;
pub mod clock;
mod config;
mod documented;
mod error;
mod error_body;
mod handler;
mod incoming;
mod journal;
mod keys;
mod record;
mod redact;
mod restful;
mod scenario;
mod server;
mod validate;

pub use auth::sm3;
pub use config::{
    Config, ConfigBuilder, DEFAULT_MAX_EXCHANGE_BYTES, DEFAULT_MAX_EXCHANGES, DEFAULT_MAX_SKEW,
};
pub use error::Error;
pub use keys::StsToken;
pub use record::Exchange;
pub use scenario::{Paging, ProgressScript, Reply, Scenario, ScenarioFile, Step};
pub use server::{Running, start};
