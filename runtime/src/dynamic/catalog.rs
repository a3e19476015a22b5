//! Reads one product's catalogue text (written by the generator, format in [`super`]) into the same
//! static descriptions generated code has: a [`Service`], an [`OperationInfo`] per operation whose
//! inputs and outputs are catalogue [`Object`]s, and each operation's [`OperationHelp`].
//!
//! Everything read is leaked on purpose: the descriptions must be `&'static` like generated ones, and a
//! process reads a product at most once. Names and texts without escapes borrow from the catalogue
//! text itself, so reading a product allocates little beyond its tables.

use std::collections::BTreeMap;
use std::fmt;

use super::object::{Kind, Object, TypeDef};
use crate::codec::{Field, Rule, RuleKind, Shape, parse_field};
use crate::endpoint::{EndpointRules, Service, Signing};
use crate::help::{EnumValue, OperationHelp, ParamHelp};
use crate::operation::{Method, NewShape, OperationInfo};
use crate::paginator::Paging;
use crate::waiter::{WaitCounts, WaitItems, Waiting};

/// The first line of every catalogue: the format and its version.
pub const MAGIC: &str = "acs-catalog 1";

/// The separator of the items of a list inside one column.
const LIST: char = '\u{1f}';

/// A catalogue that does not read: a bug of the generator or a catalogue of another version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "catalogue line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for CatalogError {}

/// What a catalogue's second line says about its product, read without reading the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The module (`dts`).
    pub module: &'static str,
    /// The product code (`Dts`).
    pub product: &'static str,
    /// The API version.
    pub version: &'static str,
    /// How many operations it has.
    pub operations: usize,
}

/// One product read from its catalogue.
#[derive(Debug)]
pub struct Product {
    /// The product: module, code, version, endpoints, signing.
    pub service: &'static Service,
    /// Every operation, in the catalogue's order (sorted by action).
    pub operations: Vec<&'static OperationInfo>,
    /// Every operation's help, in the same order.
    pub help: Vec<&'static OperationHelp>,
}

impl Product {
    /// The operation `action`.
    pub fn find(&self, action: &str) -> Option<&'static OperationInfo> {
        self.operations.iter().copied().find(|o| o.action == action)
    }

    /// The help of operation `action`.
    pub fn help(&self, action: &str) -> Option<&'static OperationHelp> {
        self.help.iter().copied().find(|h| h.action == action)
    }
}

fn error(line: usize, message: impl Into<String>) -> CatalogError {
    CatalogError {
        line,
        message: message.into(),
    }
}

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

fn leak_slice<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

/// `text` with the generator's escapes (`\\`, `\n`, `\t`, `\r`, `\u` for the list separator) undone;
/// borrowed when there is none.
pub fn unescape(text: &'static str) -> &'static str {
    if !text.contains('\\') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') => out.push(LIST),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Box::leak(out.into_boxed_str())
}

fn list(text: &'static str) -> &'static [&'static str] {
    if text.is_empty() {
        return &[];
    }
    leak_slice(text.split(LIST).map(unescape).collect())
}

fn optional(text: &'static str) -> Option<&'static str> {
    (!text.is_empty()).then(|| unescape(text))
}

/// Reads the product line of `text` only.
pub fn header(text: &'static str) -> Result<Header, CatalogError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#'));
    match lines.next() {
        Some((_, MAGIC)) => {}
        other => {
            let n = other.map_or(1, |(i, _)| i + 1);
            return Err(error(n, format!("expected `{MAGIC}`")));
        }
    }
    let (i, line) = lines.next().unwrap_or((0, ""));
    let n = i + 1;
    let columns: Vec<&'static str> = line.split('\t').collect();
    match columns.as_slice() {
        ["product", module, product, version, _, _, count] => Ok(Header {
            module,
            product,
            version,
            operations: count
                .parse()
                .map_err(|_| error(n, format!("bad operation count `{count}`")))?,
        }),
        _ => Err(error(n, "expected the product line")),
    }
}

/// A type's fields as written, resolved once every type is known.
struct RawType {
    def: &'static TypeDef,
    fields: Vec<(usize, &'static str, &'static str)>,
}

/// One operation as read, before its types are resolved.
struct RawOp {
    line: usize,
    action: &'static str,
    method: Method,
    path: Option<&'static str>,
    ram_action: Option<&'static str>,
    deprecated: bool,
    anonymous: bool,
    summary: &'static str,
    doc: &'static str,
    input: usize,
    output: usize,
    params: Vec<ParamHelp>,
    rules: Vec<Rule>,
    paging: Option<&'static Paging>,
    waiters: Vec<Waiting>,
}

/// Where the next `field`, `param` and `value` lines go.
#[derive(Clone, Copy, PartialEq)]
enum Filling {
    Nothing,
    Type(usize),
}

fn method(line: usize, text: &str) -> Result<Method, CatalogError> {
    Ok(match text {
        "POST" => Method::Post,
        "GET" => Method::Get,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        "PATCH" => Method::Patch,
        other => return Err(error(line, format!("unknown method `{other}`"))),
    })
}

fn help_kind(line: usize, text: &str) -> Result<crate::help::Kind, CatalogError> {
    use crate::help::Kind as K;
    Ok(match text {
        "Text" => K::Text,
        "Integer" => K::Integer,
        "Number" => K::Number,
        "Boolean" => K::Boolean,
        "Timestamp" => K::Timestamp,
        "Json" => K::Json,
        other => return Err(error(line, format!("unknown help kind `{other}`"))),
    })
}

fn rule_kind(line: usize, text: &str) -> Result<RuleKind, CatalogError> {
    Ok(match text {
        "at_most_one" => RuleKind::AtMostOne,
        "at_least_one" => RuleKind::AtLeastOne,
        "exactly_one" => RuleKind::ExactlyOne,
        other => return Err(error(line, format!("unknown rule `{other}`"))),
    })
}

/// Parses a field's type: `s` text, `e` enum, `i` i32, `l` i64, `f` f64, `b` bool, `t` timestamp, `j`
/// JSON text, `a` any JSON, `[T` a list, `{T` a map, `@Name` an object type of the product.
fn kind(
    line: usize,
    text: &str,
    types: &BTreeMap<&str, &'static TypeDef>,
) -> Result<&'static Kind, CatalogError> {
    // Shared kinds for the scalars: most fields are one of them.
    static SCALARS: [Kind; 9] = [
        Kind::Text,
        Kind::Enum,
        Kind::I32,
        Kind::I64,
        Kind::F64,
        Kind::Bool,
        Kind::Timestamp,
        Kind::JsonText,
        Kind::Any,
    ];
    let mut chars = text.chars();
    let scalar = |i: usize| Ok(&SCALARS[i]);
    match chars.next() {
        Some('s') => scalar(0),
        Some('e') => scalar(1),
        Some('i') => scalar(2),
        Some('l') => scalar(3),
        Some('f') => scalar(4),
        Some('b') => scalar(5),
        Some('t') => scalar(6),
        Some('j') => scalar(7),
        Some('a') => scalar(8),
        Some('[') => Ok(leak(Kind::List(kind(line, chars.as_str(), types)?))),
        Some('{') => Ok(leak(Kind::Map(kind(line, chars.as_str(), types)?))),
        Some('@') => types
            .get(chars.as_str())
            .map(|def| leak(Kind::Object(def)))
            .ok_or_else(|| error(line, format!("no type named `{}`", chars.as_str()))),
        _ => Err(error(line, format!("unknown type `{text}`"))),
    }
}

/// The operation being read, which `line` adds to.
fn last(ops: &mut [RawOp], line: usize) -> Result<&mut RawOp, CatalogError> {
    ops.last_mut()
        .ok_or_else(|| error(line, "an operation's line before any `op`"))
}

fn constructor(def: &'static TypeDef) -> NewShape {
    leak(move || Box::new(Object::new(def)) as Box<dyn Shape>)
}

/// Reads a whole product.
pub fn parse(text: &'static str) -> Result<Product, CatalogError> {
    let head = header(text)?;
    let mut service = Service {
        module: head.module,
        product: head.product,
        version: head.version,
        endpoints: EndpointRules {
            regional: &[],
            fallback: None,
            global: None,
        },
        signing: Signing::Acs,
    };
    let mut regional = Vec::new();
    let mut types: Vec<RawType> = Vec::new();
    let mut named: BTreeMap<&'static str, &'static TypeDef> = BTreeMap::new();
    let mut ops: Vec<RawOp> = Vec::new();
    let mut into: Filling = Filling::Nothing;
    for (index, line) in text.lines().enumerate() {
        let n = index + 1;
        if line.starts_with('#') || line == MAGIC {
            continue;
        }
        let columns: Vec<&'static str> = line.split('\t').collect();
        let new_type = |types: &mut Vec<RawType>, name: &'static str| {
            types.push(RawType {
                def: leak(TypeDef::new(name)),
                fields: Vec::new(),
            });
            types.len() - 1
        };
        match columns.as_slice() {
            ["product", _, _, _, restful, signing, _] => {
                let _ = restful;
                service.signing = match *signing {
                    "log" => Signing::Log,
                    "acs" => Signing::Acs,
                    other => return Err(error(n, format!("unknown signing `{other}`"))),
                };
            }
            ["region", id, host] => regional.push((*id, *host)),
            ["fallback", host] => service.endpoints.fallback = Some(host),
            ["global", host] => service.endpoints.global = Some(host),
            ["struct", name] => {
                let i = new_type(&mut types, name);
                named.insert(name, types[i].def);
                into = Filling::Type(i);
            }
            ["field", table, ty] => match into {
                Filling::Type(i) => types[i].fields.push((n, table, ty)),
                Filling::Nothing => return Err(error(n, "a field outside a type")),
            },
            ["op", action, verb, path, ram, flags] => {
                into = Filling::Nothing;
                ops.push(RawOp {
                    line: n,
                    action,
                    method: method(n, verb)?,
                    path: optional(path),
                    ram_action: optional(ram),
                    deprecated: flags.contains('d'),
                    anonymous: flags.contains('a'),
                    summary: "",
                    doc: "",
                    input: usize::MAX,
                    output: usize::MAX,
                    params: Vec::new(),
                    rules: Vec::new(),
                    paging: None,
                    waiters: Vec::new(),
                });
            }
            ["summary", text] => last(&mut ops, n)?.summary = unescape(text),
            ["doc", text] => last(&mut ops, n)?.doc = unescape(text),
            ["input", name] => {
                let i = new_type(&mut types, name);
                last(&mut ops, n)?.input = i;
                into = Filling::Type(i);
            }
            ["output", name] => {
                let i = new_type(&mut types, name);
                last(&mut ops, n)?.output = i;
                into = Filling::Type(i);
            }
            ["param", flag, kind, is_list, doc] => {
                let last = last(&mut ops, n)?;
                let field = match into {
                    Filling::Type(i) if i == last.input => types[i].fields.last(),
                    _ => None,
                };
                let Some((_, table, _)) = field else {
                    return Err(error(n, "a `param` not after an input field"));
                };
                let (name, required) =
                    parse_field(table).map_or(("", false), |f: Field| (f.name, f.required));
                last.params.push(ParamHelp {
                    name,
                    flag,
                    kind: help_kind(n, kind)?,
                    list: *is_list == "1",
                    required,
                    values: &[],
                    doc: unescape(doc),
                });
            }
            ["value", value, variant, doc] => {
                let last = last(&mut ops, n)?;
                let Some(param) = last.params.last_mut() else {
                    return Err(error(n, "a `value` before any `param`"));
                };
                let mut values = param.values.to_vec();
                values.push(EnumValue {
                    value: unescape(value),
                    variant,
                    doc: unescape(doc),
                });
                param.values = leak_slice(values);
            }
            ["rule", kind, fields, note] => {
                let kind = rule_kind(n, kind)?;
                last(&mut ops, n)?.rules.push(Rule {
                    kind,
                    fields: list(fields),
                    note: unescape(note),
                });
            }
            [
                "paging",
                page,
                first,
                token,
                next,
                offset,
                size,
                items,
                total,
                pages,
            ] => {
                let first = first
                    .parse()
                    .map_err(|_| error(n, format!("bad first page `{first}`")))?;
                last(&mut ops, n)?.paging = Some(leak(Paging {
                    page: optional(page),
                    first,
                    token: optional(token),
                    next: unescape(next),
                    offset: optional(offset),
                    size: optional(size),
                    items: unescape(items),
                    total: unescape(total),
                    pages: unescape(pages),
                }));
            }
            [
                "wait",
                name,
                doc,
                status,
                success,
                failure,
                progress,
                done,
                total,
            ] => {
                let counts = (!done.is_empty()).then(|| {
                    leak(WaitCounts {
                        done: unescape(done),
                        total: unescape(total),
                    })
                });
                last(&mut ops, n)?.waiters.push(Waiting {
                    name,
                    doc: unescape(doc),
                    status: unescape(status),
                    success: list(success),
                    failure: list(failure),
                    progress: unescape(progress),
                    counts,
                    items: None,
                });
            }
            [
                "items",
                l,
                total,
                name,
                status,
                message,
                repair,
                done,
                failed,
                warning,
            ] => {
                let last = last(&mut ops, n)?;
                let Some(waiter) = last.waiters.last_mut() else {
                    return Err(error(n, "`items` before any `wait`"));
                };
                waiter.items = Some(leak(WaitItems {
                    list: unescape(l),
                    total: unescape(total),
                    name: unescape(name),
                    status: unescape(status),
                    message: unescape(message),
                    repair: unescape(repair),
                    done: list(done),
                    failed: list(failed),
                    warning: list(warning),
                }));
            }
            [""] => {}
            [tag, ..] => {
                return Err(error(
                    n,
                    format!("unknown line `{tag}` with {} columns", columns.len()),
                ));
            }
            [] => {}
        }
    }
    regional.sort_unstable();
    service.endpoints.regional = leak_slice(regional);
    let service: &'static Service = leak(service);
    for t in &types {
        let mut fields = Vec::with_capacity(t.fields.len());
        let mut kinds = Vec::with_capacity(t.fields.len());
        for &(n, table, ty) in &t.fields {
            fields.push(parse_field(table).ok_or_else(|| error(n, "an empty field"))?);
            kinds.push(*kind(n, ty, &named)?);
        }
        t.def.define(leak_slice(fields), leak_slice(kinds));
    }
    let mut operations = Vec::with_capacity(ops.len());
    let mut help = Vec::with_capacity(ops.len());
    for op in ops {
        let (Some(input), Some(output)) = (types.get(op.input), types.get(op.output)) else {
            return Err(error(op.line, "an operation without its input and output"));
        };
        operations.push(leak(OperationInfo {
            service,
            action: op.action,
            method: op.method,
            path: op.path,
            rules: leak_slice(op.rules),
            ram_action: op.ram_action,
            deprecated: op.deprecated,
            anonymous: op.anonymous,
            new_input: constructor(input.def),
            new_output: constructor(output.def),
            paging: op.paging,
            waiters: leak_slice(op.waiters),
        }));
        help.push(leak(OperationHelp {
            action: op.action,
            summary: op.summary,
            doc: op.doc,
            params: leak_slice(op.params),
        }));
    }
    if operations.len() != head.operations {
        return Err(error(
            text.lines()
                .position(|l| l.starts_with("product\t"))
                .unwrap_or(0)
                + 1,
            format!(
                "the product line counts {} operations, the catalogue has {}",
                head.operations,
                operations.len()
            ),
        ));
    }
    Ok(Product {
        service,
        operations,
        help,
    })
}
