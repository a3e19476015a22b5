//! The IR: what the generated Rust will contain — names, types, docs — with no YAML and no tokens.
//!
//! [`lower`] builds it from a validated spec set; the emitters read only this. Every list is in the order
//! it is emitted (items sorted by name, fields in page order), so output is deterministic.

pub mod docs;
pub mod lower;
pub mod names;

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
}

/// One field of a struct or one request parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Rust name, snake_case.
    pub rust_name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Rust type, without the `Option` every field gets.
    pub ty: Type,
    /// Documentation.
    pub doc: String,
    /// Why the field is going away, when the documentation says it is.
    pub deprecated: Option<String>,
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
    /// Client method and file name, snake_case.
    pub method: String,
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
}

/// A request parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Name, type and docs.
    pub field: Field,
    /// Must be given.
    pub required: bool,
    /// Inclusive bounds for integers.
    pub range: Option<(Option<i64>, Option<i64>)>,
    /// Sent as one value joined with this separator (the type is then a list).
    pub joined: Option<String>,
    /// Filled automatically when empty.
    pub idempotency_token: bool,
}

/// A rule between parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Which rule.
    pub kind: RuleKind,
    /// (wire name, Rust name) of each parameter.
    pub params: Vec<(String, String)>,
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
    /// `is_*` method name, such as `is_throttling_user`.
    pub method: String,
    /// Constant name, such as `THROTTLING_USER`.
    pub constant: String,
    /// Documentation.
    pub doc: String,
}
