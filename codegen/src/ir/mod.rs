//! The IR: what the generated Rust will contain — names, types, docs — with no YAML and no tokens.
//!
//! [`fn@lower`] builds it from a validated spec set; the emitters read only this. Every list is in the order
//! it is emitted (items sorted by name, fields in page order), so output is deterministic.

pub mod docs;
pub mod lower;
pub mod names;
mod operation;
mod paging;

pub use lower::lower;

/// The whole generated crate.
#[derive(Clone, Debug, PartialEq)]
pub struct Crate {
    /// One module per product, sorted by module name.
    pub products: Vec<Product>,
}

/// One product: a module and a cargo feature.
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    /// Module and feature name, such as `dbs`.
    pub module: String,
    /// Alibaba's product code, such as `Dbs`.
    pub code: String,
    /// API version.
    pub version: String,
    /// Module documentation.
    pub doc: String,
    /// Region id to host, sorted by region id.
    pub regional: Vec<(String, String)>,
    /// Host for other regions; may contain `{region_id}`.
    pub fallback: Option<String>,
    /// Host when no region is given.
    pub global: Option<String>,
    /// RESTful (ROA): operations have their own method and path.
    pub restful: bool,
    /// Requests are signed with Log Service's `LOG` scheme.
    pub log_signature: bool,
    /// Object types, sorted by name.
    pub structs: Vec<Struct>,
    /// Enums, sorted by name.
    pub enums: Vec<Enum>,
    /// Operations, sorted by action.
    pub operations: Vec<Operation>,
}

/// A struct with named, optional fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// Type name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Fields in page order.
    pub fields: Vec<Field>,
    /// Whether requests send it (it is reachable from a request parameter), so users build it: it gets
    /// chainable setters, since `#[non_exhaustive]` forbids struct literals outside the crate.
    pub sent: bool,
}

/// One field of a struct or one request parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Rust name, snake_case, already mangled to be a legal, unique identifier (`r#type`, `name_2`).
    pub rust_name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Rust type, without the `Option` every field gets.
    pub ty: Type,
    /// Documentation.
    pub doc: String,
    /// Why the field is going away, when the documentation says it is.
    pub deprecated: Option<String>,
    /// A request value that must be given.
    pub required: bool,
    /// How a request parameter is flattened.
    pub style: Style,
    /// Where a request parameter travels.
    pub location: Location,
    /// Documented limits of a request value.
    pub limits: Limits,
    /// Filled automatically when empty.
    pub idempotency_token: bool,
}

/// How a request parameter holding a list or object is put on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// Dotted and 1-based; scalars as they are.
    #[default]
    Flat,
    /// One parameter holding compact JSON.
    Json,
    /// One parameter holding the items joined with commas.
    Simple,
}

/// Where a request parameter travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Location {
    /// The query string.
    #[default]
    Query,
    /// A form body.
    Form,
    /// A placeholder of the path template.
    Path,
    /// An HTTP header (request or response).
    Header,
    /// The host name's first label.
    Host,
    /// The whole body (request or response).
    Body,
}

/// Documented limits of a request value.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Limits {
    /// Smallest number.
    pub min: Option<f64>,
    /// Largest number.
    pub max: Option<f64>,
    /// Fewest characters.
    pub min_length: Option<u32>,
    /// Most characters.
    pub max_length: Option<u32>,
    /// Fewest items.
    pub min_items: Option<u32>,
    /// Most items.
    pub max_items: Option<u32>,
}

impl Limits {
    /// Whether no limit is set.
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

/// The Rust types fields can have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `acs_runtime::Timestamp` decoded from this wire format.
    Timestamp(TimestampFormat),
    /// `Vec<T>`.
    List(Box<Type>),
    /// A struct of the same product.
    Struct(String),
    /// An enum of the same product.
    Enum(String),
    /// `acs_runtime::JsonString<T>`.
    Json(Box<Type>),
    /// `BTreeMap<String, T>`: an object with arbitrary keys.
    Map(Box<Type>),
    /// `serde_json::Value`: arbitrary JSON.
    Any,
    /// `Box<T>`: a shape that contains itself needs the indirection.
    Boxed(Box<Type>),
}

/// Timestamp wire formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Milliseconds since the epoch.
    EpochMillis,
    /// Seconds since the epoch.
    EpochSeconds,
    /// ISO-8601 text.
    Iso8601,
}

/// A string enum with an `Unknown` variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    /// Type name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// The documented values, in spec order.
    pub variants: Vec<Variant>,
}

/// One documented enum value.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// Variant name.
    pub name: String,
    /// Wire value.
    pub value: String,
    /// Documentation.
    pub doc: String,
}

/// One operation: input, output, fluent builder and client method.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The action on the wire.
    pub action: String,
    /// Client method, snake_case, unique in the product client.
    pub method: String,
    /// Module and file name, unique in the product module.
    pub module: String,
    /// Input type name.
    pub input: String,
    /// Fluent builder type name.
    pub builder: String,
    /// Method documentation.
    pub doc: String,
    /// Request parameters in page order.
    pub params: Vec<Param>,
    /// Rules between parameters.
    pub rules: Vec<Rule>,
    /// The output struct (named `<Action>Output`).
    pub output: Struct,
    /// Documented error codes, in spec order.
    pub errors: Vec<ErrorCode>,
    /// Name of the enum of documented error codes.
    pub error_enum: String,
    /// The HTTP method, upper case (`POST`, `GET`, `PUT`, `DELETE`, `PATCH`).
    pub http_method: String,
    /// A RESTful operation's path template (`/clusters/{ClusterId}`).
    pub path: Option<String>,
    /// Why the operation is going away, when the documentation says it is.
    pub deprecated: Option<String>,
    /// Called without credentials: the request is not signed.
    pub anonymous: bool,
    /// The RAM action that authorizes it, such as `dbs:DescribeRestoreTaskList`.
    pub ram_action: Option<String>,
    /// How the answers come in pages, for a list operation.
    pub paginator: Option<Paginator>,
    /// Conditions the operation can be polled for, sorted by name.
    pub waiters: Vec<Waiter>,
}

/// One waiter: its names, and where and how the answer says how the job stands (paths as the runtime
/// reads them; empty when absent).
#[derive(Clone, Debug, PartialEq)]
pub struct Waiter {
    /// The spec's name (`PreCheckFinished`).
    pub name: String,
    /// The builder method (`wait_until_pre_check_finished`).
    pub method: String,
    /// What it waits for.
    pub doc: String,
    /// Where the status is.
    pub status: String,
    /// Success statuses.
    pub success: Vec<String>,
    /// Failure statuses.
    pub failure: Vec<String>,
    /// Where a percentage is.
    pub progress: String,
    /// Where the numbers done and in all are, for progress without a percentage.
    pub counts: Option<(String, String)>,
    /// The job's items.
    pub items: Option<WaiterItems>,
}

/// Where a waiter finds a job's items and what their statuses mean.
#[derive(Clone, Debug, PartialEq)]
pub struct WaiterItems {
    /// The list.
    pub list: String,
    /// The total.
    pub total: String,
    /// Within an item: name, status, message, repair.
    pub name: String,
    /// See `name`.
    pub status: String,
    /// See `name`.
    pub message: String,
    /// See `name`.
    pub repair: String,
    /// Statuses of items done.
    pub done: Vec<String>,
    /// Statuses of items failed.
    pub failed: Vec<String>,
    /// Statuses of items that warn.
    pub warning: Vec<String>,
}

/// How a list operation pages: wire names of request parameters, dotted paths into the output (empty
/// when absent), and the Rust type of one listed item.
#[derive(Clone, Debug, PartialEq)]
pub struct Paginator {
    /// The page-number parameter.
    pub page: Option<String>,
    /// The number of the first page.
    pub first: i64,
    /// The token parameter.
    pub token: Option<String>,
    /// Where the output has the next token.
    pub next: String,
    /// The offset parameter (offset paging: the next page starts after the items received).
    pub offset: Option<String>,
    /// The page-size parameter.
    pub size: Option<String>,
    /// Where the output has the list.
    pub items: String,
    /// The type of one item.
    pub item: Type,
    /// Where the output has the total number of items.
    pub total: String,
    /// Where the output has the number of pages.
    pub pages: String,
}

/// A request parameter and its fluent-builder methods.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Name, type, docs and wire rules.
    pub field: Field,
    /// The setter taking a value (`page_size`), unique in the builder.
    pub setter: String,
    /// The setter taking an `Option` (`set_page_size`), unique in the builder.
    pub option_setter: String,
    /// The documented example as a Rust expression the setter takes (`"dbs1hvb0wwwXXXXX"`, `30`,
    /// `true`), for the builder's usage example; none for types without a literal form or an example
    /// that does not fit.
    pub example: Option<String>,
}

/// A rule between parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Which rule.
    pub kind: RuleKind,
    /// Wire names of the parameters.
    pub params: Vec<String>,
    /// The page's wording.
    pub note: String,
}

/// The rules between parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    /// Two or more is an error.
    AtMostOne,
    /// One at least.
    AtLeastOne,
    /// Exactly one.
    ExactlyOne,
}

/// A documented error.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorCode {
    /// HTTP status.
    pub status: u16,
    /// Code, such as `Throttling.User`.
    pub code: String,
    /// Variant name, such as `ThrottlingUser`.
    pub variant: String,
    /// Documentation.
    pub doc: String,
}
