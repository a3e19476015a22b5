//! Spec → IR for one operation: its parameters (setter names, doc facts), rules, output, error codes,
//! RAM action, paginator and waiters.

use std::collections::BTreeMap;

use super::docs;
use super::lower::{
    error_variants, field_doc, lower_field, range_fact, response_fields, rust_names, scalar_text,
};
use super::names::{Taken, camel, legal_ident, unraw};
use super::{ErrorCode, Operation, Param, Rule, RuleKind, Struct};
use crate::spec::model::{
    ConstraintKind, FieldSpec, LocationSpec, MethodSpec, OperationSpec, ShapeSpec, StyleSpec,
};

/// The fluent builder's own methods, which parameter setters must not take.
const BUILDER_METHODS: &[&str] = &["new", "send", "config_override", "as_input", "set_input"];

fn lower_params(fields: &[FieldSpec]) -> Vec<Param> {
    let mut methods = Taken::with(BUILDER_METHODS);
    fields
        .iter()
        .zip(rust_names(fields))
        .map(|(f, rust)| {
            let mut extra = Vec::new();
            extra.push(if f.required {
                "Required.".to_owned()
            } else {
                "Optional.".to_owned()
            });
            extra.extend(range_fact(f));
            if let Some(d) = f.default.as_ref().and_then(scalar_text) {
                extra.push(format!("Default: {}.", docs::code(&d)));
            }
            if f.idempotency_token {
                extra.push(
                    "Filled with a random token when left empty; retries reuse it.".to_owned(),
                );
            }
            match f.style {
                Some(StyleSpec::Simple) => extra.push(
                    "Several values are sent as one parameter, separated by commas.".to_owned(),
                ),
                Some(StyleSpec::Json) => {
                    extra.push("Sent as one parameter holding compact JSON.".to_owned())
                }
                Some(StyleSpec::RepeatList | StyleSpec::Flat) => extra.push(format!(
                    "Sent flattened: {}, {}, ….",
                    docs::code(&format!("{}.1", f.name)),
                    docs::code(&format!("{}.2", f.name))
                )),
                None => {}
            }
            match f.location {
                LocationSpec::Form => extra.push("Sent in the form body.".to_owned()),
                LocationSpec::Path => extra.push(format!(
                    "Sent in the path, in place of {}.",
                    docs::code(&format!("{{{}}}", f.name))
                )),
                LocationSpec::Header => {
                    extra.push(format!("Sent as the header {}.", docs::code(&f.name)))
                }
                LocationSpec::Host => {
                    extra.push("Sent as the first label of the host name.".to_owned())
                }
                LocationSpec::Body => extra.push("Sent as the request body.".to_owned()),
                LocationSpec::Query => {}
            }
            let setter = methods.claim(&rust);
            // `_2fa` gives `set_2fa`, not `set__2fa`, which is not snake_case.
            let stem = unraw(&rust).trim_start_matches('_');
            let option_setter = methods.claim(&legal_ident(&format!("set_{stem}")));
            let field = lower_field(f, rust, field_doc(f, extra));
            Param {
                example: f
                    .example
                    .as_ref()
                    .and_then(|e| example_literal(e, &field.ty)),
                field,
                setter,
                option_setter,
            }
        })
        .collect()
}

/// `example` as an expression of what the setter of a field of type `ty` takes (one item for a list,
/// whose setter appends), if it fits: text and enum values as string literals (enums convert from
/// `&str`), whole numbers in range, finite numbers with a decimal point, booleans.
fn example_literal(example: &crate::spec::model::Scalar, ty: &super::Type) -> Option<String> {
    use super::Type;
    let text = super::lower::scalar_text(example)?;
    let text = text.trim();
    match ty {
        Type::List(inner) => example_literal(example, inner),
        Type::String | Type::Enum(_) => Some(format!("{text:?}")),
        Type::I32 => text.parse::<i32>().ok().map(|n| n.to_string()),
        // Suffixed: a list's setter takes `impl Into<i64>`, where a bare literal would be an `i32`.
        Type::I64 => text.parse::<i64>().ok().map(|n| format!("{n}i64")),
        Type::F64 => text
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(|n| format!("{n:?}")),
        Type::Bool => text.parse::<bool>().ok().map(|b| b.to_string()),
        _ => None,
    }
}

pub(super) fn lower_operation(
    spec: &OperationSpec,
    method: String,
    module: String,
    shapes: &BTreeMap<&str, &ShapeSpec>,
    ram_code: Option<&str>,
) -> Operation {
    let action = spec.name.clone();
    let mut authorization = Vec::new();
    // Without the operation's own RAM table, the product's RAM code names the action by Alibaba's rule.
    let ram_action = spec
        .ram
        .as_ref()
        .map(|r| r.action.clone())
        .or_else(|| ram_code.map(|code| format!("{code}:{action}")));
    if let (None, Some(a)) = (&spec.ram, &ram_action) {
        authorization.push(format!(
            "# Authorization\n\nRAM action {} (the product's RAM code and the action's name).",
            docs::code(a)
        ));
    }
    if let Some(ram) = &spec.ram {
        let mut line = format!("RAM action {}", docs::code(&ram.action));
        let mut details = Vec::new();
        if let Some(level) = &ram.access_level {
            details.push(format!("access level: {}", docs::text(level)));
        }
        if let Some(resource) = &ram.resource_type {
            details.push(format!("resource type: {}", docs::text(resource)));
        }
        if !details.is_empty() {
            line.push_str(&format!(" ({})", details.join("; ")));
        }
        line.push('.');
        authorization.push(format!("# Authorization\n\n{line}"));
    }
    let errors_doc = if spec.errors.is_empty() {
        String::new()
    } else {
        let rows = spec
            .errors
            .iter()
            .map(|e| {
                format!(
                    "- HTTP {} {}: {}",
                    e.status,
                    docs::code(&e.code),
                    docs::one_line(&e.message)
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        format!("# Documented errors\n\n{rows}")
    };
    let rules: Vec<Rule> = spec
        .constraints
        .iter()
        .map(|c| Rule {
            kind: match c.kind {
                ConstraintKind::AtMostOne => RuleKind::AtMostOne,
                ConstraintKind::AtLeastOne => RuleKind::AtLeastOne,
                ConstraintKind::ExactlyOne => RuleKind::ExactlyOne,
            },
            params: c.fields.clone(),
            note: c.description.clone(),
        })
        .collect();
    let rules_doc = if rules.is_empty() {
        String::new()
    } else {
        let rows = spec
            .constraints
            .iter()
            .map(|c| {
                let which = match c.kind {
                    ConstraintKind::AtMostOne => "at most one of",
                    ConstraintKind::AtLeastOne => "at least one of",
                    ConstraintKind::ExactlyOne => "exactly one of",
                };
                let names = c
                    .fields
                    .iter()
                    .map(|f| docs::code(f))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("- Give {which} {names}. {}", docs::one_line(&c.description))
            })
            .collect::<Vec<_>>()
            .join("\n");
        format!("# Parameter rules\n\nChecked before anything is sent:\n{rows}")
    };
    let doc = docs::paragraphs(
        [
            docs::text(&spec.summary),
            docs::text(&spec.description),
            spec.documentation
                .as_ref()
                .map(|u| format!("Reference: <{u}>"))
                .unwrap_or_default(),
            rules_doc,
        ]
        .into_iter()
        .chain(authorization)
        .chain([errors_doc]),
    );
    // Type names follow the generator's UpperCamelCase rule, so `GetDBListFromAgent` gives
    // `GetDbListFromAgentInput`; the action itself goes on the wire as written.
    let stem = camel(&action);
    Operation {
        method,
        module,
        input: format!("{stem}Input"),
        builder: format!("{stem}FluentBuilder"),
        doc,
        params: lower_params(&spec.request),
        rules,
        output: Struct {
            sent: false,
            name: format!("{stem}Output"),
            doc: docs::paragraphs([
                format!("The response of {}.", docs::code(&action)),
                docs::text(&spec.response.description),
            ]),
            fields: response_fields(&spec.response.fields),
        },
        errors: spec
            .errors
            .iter()
            // Variants are assigned in spec order, a taken name numbered (see `error_variants`).
            .zip(error_variants(spec.errors.iter().map(|e| e.code.as_str())))
            .map(|(e, variant)| ErrorCode {
                status: e.status,
                code: e.code.clone(),
                variant,
                doc: docs::paragraphs([
                    format!(
                        "HTTP {} {}: {}",
                        e.status,
                        docs::code(&e.code),
                        docs::text(&e.message)
                    ),
                    docs::text(&e.description),
                ]),
            })
            .collect(),
        error_enum: format!("{stem}ErrorCode"),
        http_method: match spec.method {
            MethodSpec::Post => "POST",
            MethodSpec::Get => "GET",
            MethodSpec::Put => "PUT",
            MethodSpec::Delete => "DELETE",
            MethodSpec::Patch => "PATCH",
        }
        .to_owned(),
        path: spec.path.clone(),
        deprecated: spec.deprecated.clone(),
        anonymous: spec.anonymous,
        ram_action,
        paginator: spec
            .paginator
            .as_ref()
            .and_then(|p| super::paging::lower(p, &spec.response.fields, shapes)),
        waiters: spec
            .waiters
            .iter()
            .map(|(name, w)| super::paging::lower_waiter(name, w))
            .collect(),
        action,
    }
}
