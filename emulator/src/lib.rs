//! A local stand-in for Alibaba Cloud OpenAPI, built from the same YAML specs as the generated client:
//! every operation in the spec tree is served, with no code per operation.
//!
//! - The signature version decided by the credential sent (`Authorization` header: ACS3; V1's signing
//!   parameters: V1), then routing at `/` by `x-acs-action` / `x-acs-version` (ACS3) or the `Action` /
//!   `Version` parameters (V1).
//! - Authentication as strict as the gateway: V1 and ACS3 (HMAC-SHA256 and HMAC-SM3), recomputed with the
//!   runtime's signing functions from the request as received; the timestamp window, nonces and STS tokens.
//! - Validation from the spec: each parameter rebuilt from the query and form body per its style
//!   (dotted `repeat-list`/`flat`, `json`, `simple`) and checked with the generator's own rules (required
//!   members at any depth, types, enums, ranges, lengths, item counts), then the rules between parameters;
//!   a parameter in another form than its style's is refused.
//! - Answers: the documented example with a fresh `RequestId`, or a scripted [`Scenario`] (progress,
//!   throttling, faults, paging by page number or token, completed from the spec's `paginator:`); every
//!   [`Exchange`] is recorded, with its credentials blotted out, the most recent kept within a count and
//!   a byte budget.
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
mod error;
mod handler;
mod incoming;
mod journal;
mod keys;
mod record;
mod redact;
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
