//! The spec model: exactly what the YAML files say, nothing Rust-specific.
//!
//! Every struct rejects unknown keys, so a typo in a spec is an error with a position instead of a field
//! that silently disappears. `specs/README.md` documents each key; keep the two in step.

use std::collections::BTreeMap;

use serde::Deserialize;

pub use super::workflows::{PaginatorSpec, WaiterItemsSpec, WaiterSpec};

/// A scalar written in YAML (examples and defaults): kept as the author wrote it, checked later against
/// the field's type.
pub type Scalar = serde_yaml::Value;

/// `specs/<product>/_product.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSpec {
    /// Alibaba's product code, such as `Dbs`.
    pub code: String,
    /// Human title, such as `Database Backup (DBS)`.
    pub title: String,
    /// Rust module and cargo feature name.
    pub module: String,
    /// API version, such as `2019-03-06`.
    pub version: String,
    /// Module documentation.
    #[serde(default)]
    pub description: String,
    /// Endpoint rules.
    pub endpoints: EndpointsSpec,
    /// The API style: `rpc` (the default: an action at `/`) or `roa` (RESTful: a method and a path per
    /// operation).
    #[serde(default)]
    pub protocol: ProtocolSpec,
    /// How requests are signed when it is not Alibaba's common scheme: `log` for Log Service's own.
    #[serde(default)]
    pub signature: SignatureSpec,
    /// The product's RAM service code (`dts`, `yundun-sas`): an operation without its own `ram` table is
    /// authorized by the RAM action `<ram_code>:<Action>`, Alibaba's naming rule for RAM actions.
    #[serde(default)]
    pub ram_code: Option<String>,
    /// Shapes shared by several operations.
    #[serde(default, deserialize_with = "unique_keys")]
    pub shapes: BTreeMap<String, ShapeSpec>,
    /// Enums shared by several operations.
    #[serde(default, deserialize_with = "unique_keys")]
    pub enums: BTreeMap<String, EnumSpec>,
}

/// A product's API style.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum ProtocolSpec {
    /// Remote procedure calls: every operation is an action posted to `/`.
    #[default]
    #[serde(rename = "rpc")]
    Rpc,
    /// RESTful: each operation has its own method and path template.
    #[serde(rename = "roa")]
    Roa,
}

/// How a product's requests are signed.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum SignatureSpec {
    /// Alibaba's common scheme: ACS3-HMAC-SHA256, or the legacy V1 signature the client may choose.
    #[default]
    #[serde(rename = "acs")]
    Acs,
    /// Log Service's `LOG` scheme (`authorization: LOG <ak>:<signature>`, `x-log-*` headers).
    #[serde(rename = "log")]
    Log,
}

/// Where a product's API is served.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointsSpec {
    /// Region id to host, checked first.
    #[serde(default, deserialize_with = "unique_keys")]
    pub regional: BTreeMap<String, String>,
    /// Host for every other region; may contain `{region_id}`.
    #[serde(default)]
    pub fallback: Option<String>,
    /// Host when no region is given, for a product whose fallback needs one (STS: `sts.aliyuncs.com`).
    #[serde(default)]
    pub global: Option<String>,
}

/// `specs/<product>/<Operation>.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// The action name on the wire.
    pub name: String,
    /// One-line summary.
    pub summary: String,
    /// Longer text.
    #[serde(default)]
    pub description: String,
    /// Link to the reference page.
    #[serde(default)]
    pub documentation: Option<String>,
    /// The HTTP method: `POST` (the default) or `GET` for operations that accept only GET; a RESTful
    /// operation may also be `PUT`, `DELETE` or `PATCH`.
    #[serde(default)]
    pub method: MethodSpec,
    /// A RESTful operation's path template (`/clusters/{ClusterId}`): each `{Name}` is a request
    /// parameter with `location: path`. May end in fixed query parameters (`?type=log`).
    #[serde(default)]
    pub path: Option<String>,
    /// Why the operation is going away, when the documentation says it is.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// The operation is called without credentials: its request is not signed (STS's
    /// `AssumeRoleWithOIDC`).
    #[serde(default)]
    pub anonymous: bool,
    /// The RAM authorization table.
    #[serde(default)]
    pub ram: Option<RamSpec>,
    /// Request parameters in page order.
    #[serde(default)]
    pub request: Vec<FieldSpec>,
    /// Rules between request parameters.
    #[serde(default)]
    pub constraints: Vec<ConstraintSpec>,
    /// The response body.
    pub response: ResponseSpec,
    /// Shapes used by this operation.
    #[serde(default, deserialize_with = "unique_keys")]
    pub shapes: BTreeMap<String, ShapeSpec>,
    /// Enums used by this operation.
    #[serde(default, deserialize_with = "unique_keys")]
    pub enums: BTreeMap<String, EnumSpec>,
    /// Documented error codes.
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
    /// Documented example responses, verbatim.
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    /// Inputs with the exact parameters they must put on the wire.
    #[serde(default)]
    pub request_examples: Vec<RequestExampleSpec>,
    /// How the operation's answers come in pages, for a list operation.
    #[serde(default)]
    pub paginator: Option<PaginatorSpec>,
    /// Conditions the operation can be polled for, by UpperCamelCase name (`PreCheckFinished`).
    #[serde(default, deserialize_with = "unique_keys")]
    pub waiters: BTreeMap<String, WaiterSpec>,
}

/// The HTTP method of an operation.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum MethodSpec {
    /// POST: parameters in the query string or a form body.
    #[default]
    #[serde(rename = "POST")]
    Post,
    /// GET: every parameter in the query string.
    #[serde(rename = "GET")]
    Get,
    /// PUT (RESTful operations).
    #[serde(rename = "PUT")]
    Put,
    /// DELETE (RESTful operations).
    #[serde(rename = "DELETE")]
    Delete,
    /// PATCH (RESTful operations).
    #[serde(rename = "PATCH")]
    Patch,
}

/// An input of an operation and the parameters it puts on the wire, checked by the tests.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestExampleSpec {
    /// What the example shows.
    #[serde(default)]
    pub title: String,
    /// The input, with wire names (`{"Tag": [{"Key": "k"}]}`).
    pub input: serde_yaml::Value,
    /// The query parameters it gives, in order, values not percent-encoded.
    #[serde(default)]
    pub query: Vec<(String, String)>,
    /// The form body parameters it gives, in order.
    #[serde(default)]
    pub form: Vec<(String, String)>,
    /// A RESTful operation's path as sent, percent-encoded (`/clusters/c%2F1`); `/` when not given.
    #[serde(default)]
    pub path: Option<String>,
    /// Headers it sends, by lower-case name (`content-type`, a `header` parameter), checked among all
    /// the request's headers.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The body it sends, exactly (compact JSON, or a string parameter's text); none when not given.
    #[serde(default)]
    pub body: Option<String>,
}

/// The RAM authorization of an operation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RamSpec {
    /// The action used in policies, such as `dbs:DescribeRestoreTaskList`.
    pub action: String,
    /// `get`, `list`, `read`, ...
    #[serde(default)]
    pub access_level: Option<String>,
    /// The resource type, such as `All Resources`.
    #[serde(default)]
    pub resource_type: Option<String>,
    /// Condition keys.
    #[serde(default)]
    pub condition_keys: Vec<String>,
    /// Dependent actions.
    #[serde(default)]
    pub dependent_actions: Vec<String>,
}

/// The response of an operation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    /// What the response is.
    #[serde(default)]
    pub description: String,
    /// Top-level response elements in page order.
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
}

/// A named object type.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeSpec {
    /// What the object is.
    #[serde(default)]
    pub description: String,
    /// Its members.
    #[serde(default)]
    pub fields: Vec<FieldSpec>,
}

/// A string with a documented set of values.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumSpec {
    /// What the value means.
    #[serde(default)]
    pub description: String,
    /// The documented values.
    pub values: Vec<EnumValueSpec>,
}

/// One documented enum value.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    /// The value on the wire.
    pub value: String,
    /// The Rust variant name, when the value is not a usable identifier.
    #[serde(default)]
    pub name: Option<String>,
    /// What the value means.
    #[serde(default)]
    pub description: String,
}

/// The kinds of type a field can have.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum TypeName {
    /// Text, or an enum with `enum:`.
    String,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    Long,
    /// true or false.
    Boolean,
    /// 64-bit float.
    Double,
    /// A point in time with a wire `format`.
    Timestamp,
    /// A list of `items`.
    Array,
    /// A named `shape`.
    Object,
    /// A string carrying JSON of type `content`.
    Json,
    /// An object with arbitrary keys whose values are `values`.
    Map,
    /// Arbitrary JSON.
    Any,
}

impl TypeName {
    /// The spelling used in specs.
    pub fn as_str(self) -> &'static str {
        match self {
            TypeName::String => "string",
            TypeName::Integer => "integer",
            TypeName::Long => "long",
            TypeName::Boolean => "boolean",
            TypeName::Double => "double",
            TypeName::Timestamp => "timestamp",
            TypeName::Array => "array",
            TypeName::Object => "object",
            TypeName::Json => "json",
            TypeName::Map => "map",
            TypeName::Any => "any",
        }
    }
}

/// How a timestamp travels.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum TimestampFormatSpec {
    /// Milliseconds since the UNIX epoch, as a number.
    #[serde(rename = "epoch-millis")]
    EpochMillis,
    /// Seconds since the UNIX epoch, as a number.
    #[serde(rename = "epoch-seconds")]
    EpochSeconds,
    /// An ISO-8601 / RFC 3339 string.
    #[serde(rename = "iso8601")]
    Iso8601,
}

/// How a request parameter that holds a list or an object is sent (Alibaba's parameter styles).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum StyleSpec {
    /// `Name.1=a&Name.2=b`, `Tag.1.Key=k`: dotted and 1-based (`repeatList`).
    #[serde(rename = "repeat-list")]
    RepeatList,
    /// The same dotted flattening (`flat`).
    #[serde(rename = "flat")]
    Flat,
    /// One parameter holding the value's compact JSON (`json`).
    #[serde(rename = "json")]
    Json,
    /// One parameter holding the items joined with commas (`simple`).
    #[serde(rename = "simple")]
    Simple,
}

/// Where a request parameter travels.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum LocationSpec {
    /// The query string.
    #[default]
    #[serde(rename = "query")]
    Query,
    /// An `application/x-www-form-urlencoded` body (`formData`).
    #[serde(rename = "form")]
    Form,
    /// RESTful: a `{Name}` of the path template, percent-encoded whole.
    #[serde(rename = "path")]
    Path,
    /// RESTful: an HTTP header named as the parameter; in a response, a header read into the field.
    #[serde(rename = "header")]
    Header,
    /// RESTful: the first label of the host name (`{project}.<endpoint>`).
    #[serde(rename = "host")]
    Host,
    /// RESTful: the whole body: compact JSON for objects, lists and maps, the text itself for a string;
    /// in a response, the whole body decoded into the field (a top-level array, or text that is not JSON).
    #[serde(rename = "body")]
    Body,
}

/// The type keys of a field, also used alone for `items` and `content`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSpec {
    /// The kind of type.
    #[serde(rename = "type")]
    pub ty: TypeName,
    /// Element type of an array.
    #[serde(default)]
    pub items: Option<Box<TypeSpec>>,
    /// Shape of an object.
    #[serde(default)]
    pub shape: Option<String>,
    /// Enum of a string.
    #[serde(default, rename = "enum")]
    pub enum_name: Option<String>,
    /// Wire format of a timestamp.
    #[serde(default)]
    pub format: Option<TimestampFormatSpec>,
    /// Type inside a JSON-carrying string.
    #[serde(default)]
    pub content: Option<Box<TypeSpec>>,
    /// Type of a map's values.
    #[serde(default)]
    pub values: Option<Box<TypeSpec>>,
}

/// One request parameter, response element or shape member.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Wire name.
    pub name: String,
    /// Rust field name override.
    #[serde(default)]
    pub rust_name: Option<String>,
    /// The kind of type.
    #[serde(rename = "type")]
    pub ty: TypeName,
    /// Element type of an array.
    #[serde(default)]
    pub items: Option<Box<TypeSpec>>,
    /// Shape of an object.
    #[serde(default)]
    pub shape: Option<String>,
    /// Enum of a string.
    #[serde(default, rename = "enum")]
    pub enum_name: Option<String>,
    /// Wire format of a timestamp.
    #[serde(default)]
    pub format: Option<TimestampFormatSpec>,
    /// Type inside a JSON-carrying string.
    #[serde(default)]
    pub content: Option<Box<TypeSpec>>,
    /// Type of a map's values.
    #[serde(default)]
    pub values: Option<Box<TypeSpec>>,
    /// Whether a request parameter (or a member of an object sent in a request) must be given.
    #[serde(default)]
    pub required: bool,
    /// The page's text.
    #[serde(default)]
    pub description: String,
    /// The page's example value.
    #[serde(default)]
    pub example: Option<Scalar>,
    /// The documented default.
    #[serde(default)]
    pub default: Option<Scalar>,
    /// Inclusive numeric bounds.
    #[serde(default)]
    pub range: Option<RangeSpec>,
    /// Fewest characters of a string.
    #[serde(default)]
    pub min_length: Option<u32>,
    /// Most characters of a string.
    #[serde(default)]
    pub max_length: Option<u32>,
    /// Fewest items of an array.
    #[serde(default)]
    pub min_items: Option<u32>,
    /// Most items of an array.
    #[serde(default)]
    pub max_items: Option<u32>,
    /// Why the field is going away.
    #[serde(default)]
    pub deprecated: Option<String>,
    /// A client token filled automatically.
    #[serde(default)]
    pub idempotency_token: bool,
    /// How a list or object parameter is sent.
    #[serde(default)]
    pub style: Option<StyleSpec>,
    /// Where the parameter travels.
    #[serde(default)]
    pub location: LocationSpec,
}

impl FieldSpec {
    /// The field's type keys on their own, as for `items` and `content`.
    pub fn type_spec(&self) -> TypeSpec {
        TypeSpec {
            ty: self.ty,
            items: self.items.clone(),
            shape: self.shape.clone(),
            enum_name: self.enum_name.clone(),
            format: self.format,
            content: self.content.clone(),
            values: self.values.clone(),
        }
    }
}

/// Inclusive numeric bounds.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeSpec {
    /// Smallest allowed value.
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest allowed value.
    #[serde(default)]
    pub max: Option<f64>,
}

/// A rule between request parameters.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstraintSpec {
    /// Which rule.
    pub kind: ConstraintKind,
    /// Wire names of the parameters it concerns.
    pub fields: Vec<String>,
    /// The page's wording.
    #[serde(default)]
    pub description: String,
}

/// The rules between parameters.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKind {
    /// Giving two or more is an error.
    AtMostOne,
    /// At least one must be given.
    AtLeastOne,
    /// Exactly one must be given.
    ExactlyOne,
}

/// A documented error code.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// HTTP status.
    pub status: u16,
    /// Error code, such as `Throttling.User`.
    pub code: String,
    /// Error message.
    #[serde(default)]
    pub message: String,
    /// What it means.
    #[serde(default)]
    pub description: String,
}

/// A documented example response.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    /// The page's heading for it.
    #[serde(default)]
    pub title: String,
    /// `json` or `xml`.
    pub format: ExampleFormat,
    /// HTTP status.
    #[serde(default = "default_status")]
    pub status: u16,
    /// The body, verbatim.
    pub body: String,
    /// Why the documented body contradicts the declared response, when it does: it is then kept as
    /// documentation and not decoded by the tests. Set only when true (the loader checks).
    #[serde(default)]
    pub unfit: Option<String>,
}

fn default_status() -> u16 {
    200
}

/// The formats of example bodies.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExampleFormat {
    /// A JSON body.
    Json,
    /// An XML body.
    Xml,
}

/// A map whose keys must each be given once. YAML requires unique keys, but a deserializer into a map
/// keeps the last of two silently, which would drop a whole shape or enum without a word; serde's own
/// structs and `Value`s already refuse duplicates.
fn unique_keys<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "`{key}` is given twice; YAML keys are unique"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique(std::marker::PhantomData))
}
