//! Hand-written runtime of the generated Alibaba Cloud OpenAPI clients: request signing (ACS3-HMAC-SHA256,
//! legacy V1), HTTP transport with retries and timeouts, credentials (default chain, files, ECS RAM role,
//! refreshing cache), endpoint resolution, validation, typed errors and the serde helpers generated
//! response types use. It knows nothing about any particular product or operation; generated code
//! implements [`Operation`] and calls [`Client::invoke`] or [`Client::invoke_with`].
//!
//! Each call runs in a `tracing` span named `acs.call` with the fields `operation`, `product`, `attempt`,
//! `request_id` and `latency_ms`. Secrets (AccessKeySecret, SecurityToken, metadata tokens) never appear
//! in `Debug`, `Display`, errors or traces, not even when the service quotes them back; text from the
//! service is shown with control characters escaped and its length bounded, and response bodies are read
//! up to a limit ([`DEFAULT_MAX_RESPONSE_BYTES`] unless configured).

mod builder;
mod call;
mod civil;
mod client;
pub mod codec;
mod config;
mod credentials;
mod dates;
mod decode_task;
pub mod dynamic;
mod endpoint;
mod error;
pub mod help;
mod json_string;
mod log_request;
mod operation;
pub mod ordered_json;
mod paginator;
mod prepared;
mod redact;
mod request;
mod response;
mod restful;
mod retry;
mod string_enum;
mod target;
mod timestamp;
mod transport;
mod validate;
mod waiter;

pub mod sign;

pub use builder::ClientBuilder;
pub use call::Call;
pub use client::{Client, ENV_REGION_ID};
pub use codec::DecodeError;
pub use config::{CallConfig, DEFAULT_MAX_RESPONSE_BYTES, SignatureVersion};
pub use credentials::{
    CachingProvider, CliProfileProvider, CloudSsoProvider, Credentials, CredentialsFuture,
    CredentialsUriProvider, DEFAULT_METADATA_ENDPOINT, DEFAULT_REFRESH_BEFORE,
    DEFAULT_ROLE_DURATION_SECONDS, DefaultChain, DefaultChainBuilder, ENV_ACCESS_KEY_ID,
    ENV_ACCESS_KEY_SECRET, ENV_CLI_PROFILE_DISABLED, ENV_CREDENTIALS_FILE, ENV_CREDENTIALS_URI,
    ENV_ECS_METADATA, ENV_ECS_METADATA_DISABLED, ENV_IMDSV1_DISABLED, ENV_OIDC_PROVIDER_ARN,
    ENV_OIDC_TOKEN_FILE, ENV_PROFILE, ENV_ROLE_ARN, ENV_ROLE_SESSION_NAME, ENV_SECURITY_TOKEN,
    ENV_STS_REGION, ENV_VPC_ENDPOINT_ENABLED, EcsRamRoleProvider, EnvProvider, ExternalProvider,
    GLOBAL_STS_ENDPOINT, IniFileProvider, JAPAN_STS_ENDPOINT, OidcRoleArnBuilder,
    OidcRoleArnProvider, ProvideCredentials, RamRoleArnBuilder, RamRoleArnProvider,
    RsaKeyPairBuilder, RsaKeyPairProvider, StaticProvider,
};
/// Why a [`Timestamp`] did not convert to a date type of `time`, `jiff` or `chrono`.
#[cfg(any(feature = "time", feature = "jiff", feature = "chrono"))]
pub use dates::TimestampError;
pub use endpoint::{EndpointRules, Service, Signing};
pub use error::{Error, ErrorKind};
/// The stream traits paginators and waiters give, re-exported so users need no dependency of their own
/// (`TryStreamExt::try_next` reads one element at a time).
pub use futures_util::{Stream, StreamExt, TryStreamExt};
pub use json_string::JsonString;
pub use operation::{Method, NewShape, Operation, OperationInfo};
pub use paginator::{
    DEFAULT_MAX_PAGES, DynPaginator, ItemPaginator, PageStream, Paged, Paginator, Paging,
};
pub use prepared::{PreparedRequest, REDACTED};
pub use retry::RetryConfig;
/// The JSON value type of `any` fields, re-exported so generated code needs no dependency of its own.
pub use serde_json;
pub use timestamp::{Timestamp, TimestampFormat};
pub use validate::Validator;
pub use waiter::{
    DEFAULT_MAX_INTERVAL, DEFAULT_MAX_WAIT, DEFAULT_POLL_INTERVAL, DynWaiter, ItemReport, Progress,
    Severity, WaitCounts, WaitFuture, WaitItems, WaitOutcome, Waiter, Waiting,
};
