//! Help data of operations for command-line tools: each operation's text and each parameter's flag,
//! kind, documented values (wire value, the SDK's variant name and what the value means) and
//! documentation, generated from the specs into the product crates behind their `help` feature (library
//! users do not compile the text twice). Texts are the rustdoc Markdown of the doc comments; a tool
//! renders them for its medium.

/// The help of one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationHelp {
    /// The action (`DescribePreCheckStatus`).
    pub action: &'static str,
    /// One line.
    pub summary: &'static str,
    /// The whole documentation.
    pub doc: &'static str,
    /// The request parameters, in the spec's order.
    pub params: &'static [ParamHelp],
}

/// The help of one request parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamHelp {
    /// The wire name (`DtsJobId`).
    pub name: &'static str,
    /// The flag, without dashes (`dts-job-id`).
    pub flag: &'static str,
    /// What one value is.
    pub kind: Kind,
    /// Whether the parameter holds a list of such values.
    pub list: bool,
    /// Whether the parameter must be given.
    pub required: bool,
    /// The documented values, for an enum, in the spec's order.
    pub values: &'static [EnumValue],
    /// The documentation.
    pub doc: &'static str,
}

/// One documented value of an enum parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumValue {
    /// The value as sent on the wire (`01`).
    pub value: &'static str,
    /// The name of the SDK enum's variant for it (`Precheck`), which a tool may accept in its place.
    pub variant: &'static str,
    /// What the value means (Markdown, like [`ParamHelp::doc`]); empty when the spec says nothing.
    pub doc: &'static str,
}

/// What one value of a parameter is, as a command line writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Text (also enums: see [`ParamHelp::values`]).
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A point in time, as the wire writes it (epoch number or ISO-8601 text).
    Timestamp,
    /// A JSON object or any JSON value.
    Json,
}
