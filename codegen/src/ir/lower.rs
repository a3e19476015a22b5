//! Spec → IR: Rust names, Rust types and doc text for everything the spec declares.
//!
//! Runs only on a spec set that passed validation, so references resolve; where one does not (a bug in
//! validation), the type falls back to `String` rather than panicking.

use std::collections::BTreeMap;

use super::docs;
use super::names::{Taken, camel, legal_ident, snake, unraw};
use super::{
    Crate, Enum, Field, Limits, Location, Product, Struct, Style, TimestampFormat, Type, Variant,
};
use crate::spec::model::{
    EnumSpec, FieldSpec, LocationSpec, OperationSpec, Scalar, ShapeSpec, StyleSpec,
    TimestampFormatSpec, TypeName, TypeSpec,
};
use crate::spec::{ProductFiles, SpecSet};

/// Builds the IR of a validated spec set.
pub fn lower(set: &SpecSet) -> Crate {
    let mut products = lower_all(&set.products);
    products.sort_by(|a, b| a.module.cmp(&b.module));
    Crate { products }
}

/// Lowers each product, spread over the machine's cores: products are independent, and lowering is a
/// third of what a `cargo xtask gen` that finds every file in its cache still does.
fn lower_all(products: &[ProductFiles]) -> Vec<Product> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(products.len());
    if workers < 2 {
        return products.iter().map(lower_product).collect();
    }
    let next = AtomicUsize::new(0);
    let lowered: Vec<Vec<(usize, Product)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some((i, files)) = {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        products.get(i).map(|f| (i, f))
                    } {
                        mine.push((i, lower_product(files)));
                    }
                    mine
                })
            })
            .collect();
        // Lowering does not panic on a validated set; should a worker fail anyway, what it had not
        // returned is lowered again below, so no product is lost.
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut slots: Vec<Option<Product>> = products.iter().map(|_| None).collect();
    for (i, product) in lowered.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(product);
        }
    }
    slots
        .into_iter()
        .zip(products)
        .map(|(slot, files)| slot.unwrap_or_else(|| lower_product(files)))
        .collect()
}

fn lower_product(files: &ProductFiles) -> Product {
    let spec = &files.product.spec;
    let mut shapes: BTreeMap<&str, &ShapeSpec> =
        spec.shapes.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut enums: BTreeMap<&str, &EnumSpec> =
        spec.enums.iter().map(|(k, v)| (k.as_str(), v)).collect();
    for op in &files.operations {
        shapes.extend(op.spec.shapes.iter().map(|(k, v)| (k.as_str(), v)));
        enums.extend(op.spec.enums.iter().map(|(k, v)| (k.as_str(), v)));
    }
    let sent = sent_shapes(files, &shapes);
    let structs = shapes
        .iter()
        .map(|(name, shape)| Struct {
            sent: sent.contains(name),
            name: (*name).to_owned(),
            doc: if shape.description.trim().is_empty() {
                format!("The {} object.", docs::code(name))
            } else {
                docs::paragraphs([docs::text(&shape.description)])
            },
            fields: member_fields(name, &shape.fields, &shapes),
        })
        .collect();
    let enums = enums.iter().map(|(name, e)| lower_enum(name, e)).collect();
    let mut specs: Vec<&OperationSpec> = files.operations.iter().map(|o| &o.spec).collect();
    specs.sort_by(|a, b| a.name.cmp(&b.name));
    // The product client's own constructor and the shared types module are taken; operations whose
    // snake_case names meet them (or each other) get underscores appended, in action order.
    let mut methods = Taken::with(&["new"]);
    let mut modules = Taken::with(&["types"]);
    let operations = specs
        .into_iter()
        .map(|spec| {
            let method = methods.claim(&legal_ident(&snake(&spec.name)));
            let module = modules.claim(unraw(&method));
            super::operation::lower_operation(
                spec,
                method,
                module,
                &shapes,
                files.product.spec.ram_code.as_deref(),
            )
        })
        .collect();
    Product {
        module: spec.module.clone(),
        code: spec.code.clone(),
        version: spec.version.clone(),
        doc: docs::paragraphs([
            docs::text(&spec.title),
            docs::text(&spec.description),
            format!("API version {}.", docs::code(&spec.version)),
        ]),
        regional: spec
            .endpoints
            .regional
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        fallback: spec.endpoints.fallback.clone(),
        global: spec.endpoints.global.clone(),
        restful: spec.protocol == crate::spec::model::ProtocolSpec::Roa,
        log_signature: spec.signature == crate::spec::model::SignatureSpec::Log,
        structs,
        enums,
        operations,
    }
}

fn lower_enum(name: &str, e: &EnumSpec) -> Enum {
    let listed = e
        .values
        .iter()
        .map(|v| {
            format!(
                "- {}: {}",
                docs::code(&v.value),
                docs::one_line(&v.description)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Enum {
        name: name.to_owned(),
        doc: docs::paragraphs([
            docs::text(&e.description),
            format!("Documented values:\n{listed}"),
            "Values the documentation does not list are kept in `Unknown` and written back unchanged.".to_owned(),
        ]),
        variants: e
            .values
            .iter()
            .map(|v| Variant {
                name: v.name.clone().unwrap_or_else(|| camel(&v.value)),
                value: v.value.clone(),
                doc: docs::paragraphs([
                    format!("{}: {}", docs::code(&v.value), docs::text(&v.description)),
                ]),
            })
            .collect(),
    }
}

pub(super) fn lower_type(t: &TypeSpec) -> Type {
    match t.ty {
        TypeName::String => match &t.enum_name {
            Some(e) => Type::Enum(e.clone()),
            None => Type::String,
        },
        TypeName::Integer => Type::I32,
        TypeName::Long => Type::I64,
        TypeName::Boolean => Type::Bool,
        TypeName::Double => Type::F64,
        TypeName::Timestamp => Type::Timestamp(match t.format {
            Some(TimestampFormatSpec::EpochSeconds) => TimestampFormat::EpochSeconds,
            Some(TimestampFormatSpec::Iso8601) => TimestampFormat::Iso8601,
            Some(TimestampFormatSpec::EpochMillis) | None => TimestampFormat::EpochMillis,
        }),
        TypeName::Array => Type::List(Box::new(
            t.items.as_deref().map(lower_type).unwrap_or(Type::String),
        )),
        TypeName::Object => t.shape.clone().map(Type::Struct).unwrap_or(Type::String),
        TypeName::Json => Type::Json(Box::new(
            t.content.as_deref().map(lower_type).unwrap_or(Type::String),
        )),
        TypeName::Map => Type::Map(Box::new(
            t.values.as_deref().map(lower_type).unwrap_or(Type::Any),
        )),
        TypeName::Any => Type::Any,
    }
}

pub(super) fn scalar_text(s: &Scalar) -> Option<String> {
    match s {
        Scalar::String(s) => Some(s.clone()),
        Scalar::Number(n) => Some(n.to_string()),
        Scalar::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The doc paragraphs every field gets: description, deprecation, wire name and example.
pub(super) fn field_doc(f: &FieldSpec, extra: Vec<String>) -> String {
    let mut facts = vec![format!("Wire name: {}.", docs::code(&f.name))];
    facts.extend(extra);
    if let Some(example) = f.example.as_ref().and_then(scalar_text) {
        facts.push(format!("Example: {}.", docs::code(&example)));
    }
    let unit = match (f.ty, f.format) {
        (TypeName::Timestamp, Some(TimestampFormatSpec::EpochMillis)) => {
            "Sent as milliseconds since the UNIX epoch."
        }
        (TypeName::Timestamp, Some(TimestampFormatSpec::EpochSeconds)) => {
            "Sent as seconds since the UNIX epoch."
        }
        (TypeName::Timestamp, Some(TimestampFormatSpec::Iso8601)) => {
            "Sent as an ISO-8601 date-time string."
        }
        (TypeName::Json, _) => {
            "Sent as a string that carries JSON; `parse()` gives the typed content."
        }
        _ => "",
    };
    docs::paragraphs([
        docs::text(&f.description),
        f.deprecated
            .as_ref()
            .map(|d| format!("**Deprecated:** {}", docs::text(d)))
            .unwrap_or_default(),
        unit.to_owned(),
        facts.join(" "),
    ])
}

/// The variant names of an operation's error codes, in spec order. Each is the code's UpperCamelCase,
/// dots and any other character that is not an ASCII letter or digit read as word breaks
/// (`InvalidSecurityToken.Expired` → `InvalidSecurityTokenExpired`); a code that does not start with a
/// letter gets `Code` in front, a leading minus spelt out (`-101` → `CodeMinus101`, `404` → `Code404`);
/// a code without letters or digits is `Code` and its 1-based position. A name already taken, by an
/// earlier code or by `Unknown` (the variant for undocumented codes), gets the first free number from 2
/// (`BIZ_ERROR`, `BIZ.ERROR` → `BizError`, `BizError2`), so every code is typed and a code keeps its name
/// when later ones are added.
pub fn error_variants<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::BTreeSet::from(["Unknown".to_owned()]);
    let free = |name: &String, taken: &std::collections::BTreeSet<String>| {
        !taken.contains(name) && super::names::type_name_problem(name).is_none()
    };
    codes
        .into_iter()
        .enumerate()
        .map(|(i, code)| {
            let base = error_variant(code).unwrap_or_else(|| format!("Code{}", i + 1));
            // `Self` (the one UpperCamelCase keyword) is not free either; numbering always ends.
            let name = std::iter::once(base.clone())
                .chain((2..).map(|n| format!("{base}{n}")))
                .find(|c| free(c, &taken))
                .unwrap_or(base);
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// The variant an error code gives on its own (see [`error_variants`]); `None` without letters or digits.
fn error_variant(code: &str) -> Option<String> {
    let words: String = code
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let name = camel(&words);
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(name);
    }
    let sign = if code.trim_start().starts_with('-') {
        "Minus"
    } else {
        ""
    };
    Some(format!("Code{sign}{name}"))
}

/// Rust field names for the fields of one struct: the spec's `rust_name`, else the snake_case wire name
/// made legal; a name already used in the struct gets underscores appended.
pub(super) fn rust_names(fields: &[FieldSpec]) -> Vec<String> {
    let mut taken = Taken::default();
    fields
        .iter()
        .map(|f| {
            let base = match &f.rust_name {
                Some(name) => legal_ident(name),
                None => legal_ident(&snake(&f.name)),
            };
            taken.claim(&base)
        })
        .collect()
}

pub(super) fn response_fields(fields: &[FieldSpec]) -> Vec<Field> {
    fields
        .iter()
        .zip(rust_names(fields))
        .map(|(f, rust)| {
            let mut field = lower_field(f, rust, field_doc(f, range_fact(f)));
            // A response's documented range is information, not something to check.
            field.limits = Limits::default();
            field
        })
        .collect()
}

/// The members of shape `owner`: like response fields, but keeping the request rules (`required`, limits)
/// for when the shape is sent, and boxing an object field whose shape leads back to `owner`.
fn member_fields(
    owner: &str,
    fields: &[FieldSpec],
    shapes: &BTreeMap<&str, &ShapeSpec>,
) -> Vec<Field> {
    fields
        .iter()
        .zip(rust_names(fields))
        .map(|(f, rust)| {
            let mut field = lower_field(f, rust, field_doc(f, range_fact(f)));
            if let (TypeName::Object, Some(target)) = (f.ty, f.shape.as_deref())
                && reaches(target, owner, shapes)
            {
                field.ty = Type::Boxed(Box::new(field.ty));
            }
            field
        })
        .collect()
}

/// The shapes requests send: those reachable from any request parameter, through lists, maps and objects.
fn sent_shapes<'a>(
    files: &'a ProductFiles,
    shapes: &BTreeMap<&'a str, &'a ShapeSpec>,
) -> std::collections::BTreeSet<&'a str> {
    fn named(t: &TypeSpec) -> Option<&str> {
        match t.ty {
            TypeName::Object => t.shape.as_deref(),
            TypeName::Array => t.items.as_deref().and_then(named),
            TypeName::Map => t.values.as_deref().and_then(named),
            _ => None,
        }
    }
    let mut stack: Vec<&str> = files
        .operations
        .iter()
        .flat_map(|o| &o.spec.request)
        .filter_map(|f| {
            let t = f.type_spec();
            named(&t).map(|n| shapes.get_key_value(n).map(|(k, _)| *k))?
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        if let Some(shape) = shapes.get(name) {
            for f in &shape.fields {
                let t = f.type_spec();
                if let Some((k, _)) = named(&t).and_then(|n| shapes.get_key_value(n)) {
                    stack.push(k);
                }
            }
        }
    }
    seen
}

/// Whether shape `from` contains shape `to` through object fields (lists and maps already give an
/// indirection, so they do not count).
fn reaches(from: &str, to: &str, shapes: &BTreeMap<&str, &ShapeSpec>) -> bool {
    let mut stack = vec![from];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = stack.pop() {
        if name == to {
            return true;
        }
        if !seen.insert(name) {
            continue;
        }
        if let Some(shape) = shapes.get(name) {
            stack.extend(
                shape
                    .fields
                    .iter()
                    .filter(|f| f.ty == TypeName::Object)
                    .filter_map(|f| f.shape.as_deref()),
            );
        }
    }
    false
}

/// The documented limits of a field, as facts for its doc.
pub(super) fn range_fact(f: &FieldSpec) -> Vec<String> {
    let mut facts: Vec<String> = f
        .range
        .map(|r| range_text(r.min, r.max))
        .into_iter()
        .collect();
    let counted = |what: &str, min: Option<u32>, max: Option<u32>| match (min, max) {
        (Some(a), Some(b)) => format!("{a} to {b} {what}."),
        (Some(a), None) => format!("At least {a} {what}."),
        (None, Some(b)) => format!("At most {b} {what}."),
        (None, None) => String::new(),
    };
    facts.push(counted("characters", f.min_length, f.max_length));
    facts.push(counted("items", f.min_items, f.max_items));
    facts.retain(|f| !f.is_empty());
    facts
}

/// The field's type, wire rules and limits; `doc` is built by the caller.
pub(super) fn lower_field(f: &FieldSpec, rust_name: String, doc: String) -> Field {
    Field {
        rust_name,
        wire_name: f.name.clone(),
        ty: lower_type(&f.type_spec()),
        doc,
        deprecated: f.deprecated.clone(),
        required: f.required,
        style: match f.style {
            Some(StyleSpec::Simple) => Style::Simple,
            Some(StyleSpec::Json) => Style::Json,
            Some(StyleSpec::RepeatList | StyleSpec::Flat) | None => Style::Flat,
        },
        location: match f.location {
            LocationSpec::Query => Location::Query,
            LocationSpec::Form => Location::Form,
            LocationSpec::Path => Location::Path,
            LocationSpec::Header => Location::Header,
            LocationSpec::Host => Location::Host,
            LocationSpec::Body => Location::Body,
        },
        limits: Limits {
            min: f.range.and_then(|r| r.min),
            max: f.range.and_then(|r| r.max),
            min_length: f.min_length,
            max_length: f.max_length,
            min_items: f.min_items,
            max_items: f.max_items,
        },
        idempotency_token: f.idempotency_token,
    }
}

fn range_text(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("Valid values: {a} to {b}."),
        (Some(a), None) => format!("Valid values: {a} or more."),
        (None, Some(b)) => format!("Valid values: {b} or less."),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::error_variants;

    #[test]
    fn every_error_code_gets_a_variant_name() {
        let names = |codes: &[&str]| error_variants(codes.iter().copied());
        assert_eq!(
            names(&[
                "InvalidSecurityToken.Expired",
                "-101",
                "404",
                "Throttling.User"
            ]),
            [
                "InvalidSecurityTokenExpired",
                "CodeMinus101",
                "Code404",
                "ThrottlingUser"
            ]
        );
        for code in ["-101", "404", "9x", "-1.2", "...", "Self", "错误"] {
            for name in names(&[code]) {
                assert!(
                    crate::ir::names::type_name_problem(&name).is_none(),
                    "{code}: {name}"
                );
            }
        }
    }

    #[test]
    fn colliding_and_empty_codes_are_numbered_in_spec_order() {
        let names = |codes: &[&str]| error_variants(codes.iter().copied());
        assert_eq!(
            names(&[
                "BIZ_GET_TOPIC_STATUS_ERROR",
                "BIZ.GET.TOPIC.STATUS.ERROR",
                "Ab_Cd",
                "Ab.Cd",
                "Ab-Cd",
                "...",
                "Unknown",
                "self",
                "Code6",
            ]),
            [
                "BizGetTopicStatusError",
                "BizGetTopicStatusError2",
                "AbCd",
                "AbCd2",
                "AbCd3",
                "Code6",
                "Unknown2",
                "Self2",
                "Code62",
            ]
        );
    }
}
