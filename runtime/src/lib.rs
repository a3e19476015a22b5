//! Hand-written runtime of the generated Alibaba Cloud OpenAPI clients: request signing (ACS3-HMAC-SHA256,
//! legacy V1), HTTP transport, credentials, endpoint resolution, validation, errors and the serde helpers
//! generated response types use. It knows nothing about any particular product or operation; generated
//! code implements [`Operation`] and calls [`Client::invoke`].

mod builder;
mod civil;
mod client;
mod credentials;
mod endpoint;
mod error;
mod json_string;
mod operation;
mod query;
mod request;
mod response;
mod target;
mod timestamp;
mod validate;

pub mod serde_helpers;
pub mod sign;

pub use builder::ClientBuilder;
pub use client::{Client, ENV_REGION_ID};
pub use credentials::{Credentials, ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET, ENV_SECURITY_TOKEN};
pub use endpoint::{EndpointRules, Service};
pub use error::{Error, ErrorKind};
pub use json_string::JsonString;
pub use operation::Operation;
pub use query::{Query, QueryValue};
pub use timestamp::{Timestamp, TimestampFormat};
pub use validate::Validator;
