//! Request validation from the spec, as the service would answer: a missing required parameter is
//! `MissingParameter`; a value that does not parse as its type, is outside its enum or its range is
//! `InvalidParameter`; a broken rule between parameters gets the spec's own wording. The first problem is
//! reported, as the gateway does.

use acs_codegen::spec::model::{
    ConstraintKind, FieldSpec, RangeSpec, StyleSpec, TimestampFormatSpec, TypeName, TypeSpec,
};

use crate::api_error::{self, ApiError};
use crate::catalog::Operation;
use crate::incoming::Incoming;

/// Checks every request parameter of `op` in `req`, then the constraints between them.
pub(crate) fn validate(op: &Operation, req: &Incoming) -> Result<(), ApiError> {
    for field in &op.spec.request {
        match values_of(req, field) {
            None if field.required => return Err(api_error::missing_parameter(&field.name)),
            None => {}
            Some(values) => {
                let whole = field.type_spec();
                // The values of a repeated list (`Name.1`, `Name.2`) are items; any other value is the whole
                // parameter (a comma-separated array is split by `check`).
                let repeated =
                    field.ty == TypeName::Array && field.style != Some(StyleSpec::Simple);
                let ty = match field.items.as_deref() {
                    Some(items) if repeated => items,
                    _ => &whole,
                };
                for value in values {
                    check(op, &field.name, ty, field.range, value)?;
                }
            }
        }
    }
    for rule in &op.spec.constraints {
        let given: Vec<&str> = rule
            .fields
            .iter()
            .filter(|name| {
                op.spec
                    .request
                    .iter()
                    .find(|f| &f.name == *name)
                    .is_some_and(|f| values_of(req, f).is_some())
            })
            .map(String::as_str)
            .collect();
        let too_many = matches!(
            rule.kind,
            ConstraintKind::AtMostOne | ConstraintKind::ExactlyOne
        ) && given.len() > 1;
        let too_few = matches!(
            rule.kind,
            ConstraintKind::AtLeastOne | ConstraintKind::ExactlyOne
        ) && given.is_empty();
        let wording = if rule.description.is_empty() {
            format!("Check the parameters {}.", rule.fields.join(", "))
        } else {
            rule.description.clone()
        };
        if too_many {
            return Err(ApiError::new(
                400,
                "InvalidParameter",
                format!(
                    "The parameters {} cannot be used together. {wording}",
                    given.join(" and ")
                ),
            ));
        }
        if too_few {
            return Err(ApiError::new(
                400,
                "MissingParameter",
                format!(
                    "One of the parameters {} is required. {wording}",
                    rule.fields.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// The values sent for `field`, or `None` when it is absent or empty: one value for a scalar, the items of
/// a comma-separated array, or the `Name.1`, `Name.2`, ... values of a repeated-list array.
fn values_of<'r>(req: &'r Incoming, field: &FieldSpec) -> Option<Vec<&'r str>> {
    let name = field.name.as_str();
    if field.ty == TypeName::Array && field.style != Some(StyleSpec::Simple) {
        let prefix = format!("{name}.");
        let listed: Vec<&str> = req
            .params()
            .filter(|(k, v)| {
                k.strip_prefix(&prefix)
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                    && !v.is_empty()
            })
            .map(|(_, v)| v)
            .collect();
        // A repeated list sent as one JSON-ish value is accepted unchecked: clients differ here.
        return if listed.is_empty() {
            req.param(name)
                .filter(|v| !v.trim().is_empty())
                .map(|_| Vec::new())
        } else {
            Some(listed)
        };
    }
    let value = req.param(name).filter(|v| !v.trim().is_empty())?;
    Some(vec![value])
}

/// Checks one value of parameter `name` against its type keys.
fn check(
    op: &Operation,
    name: &str,
    ty: &TypeSpec,
    range: Option<RangeSpec>,
    value: &str,
) -> Result<(), ApiError> {
    let invalid = |why: String| Err(api_error::invalid_parameter(name, &why));
    match ty.ty {
        TypeName::String => {
            if let Some(values) = ty.enum_name.as_deref().and_then(|e| op.enum_values(e))
                && !values.contains(&value)
            {
                return invalid(format!(
                    "The value `{value}` is not one of: {}.",
                    values.join(", ")
                ));
            }
            Ok(())
        }
        TypeName::Integer | TypeName::Long => {
            let parsed = if ty.ty == TypeName::Integer {
                value.trim().parse::<i32>().map(i64::from).ok()
            } else {
                value.trim().parse::<i64>().ok()
            };
            let Some(n) = parsed else {
                return invalid(format!("The value `{value}` is not an {}.", ty.ty.as_str()));
            };
            if let Some(r) = range
                && (r.min.is_some_and(|m| (n as f64) < m) || r.max.is_some_and(|m| (n as f64) > m))
            {
                let bound = |b: Option<f64>| b.map_or_else(|| "∞".to_owned(), |b| b.to_string());
                return invalid(format!(
                    "The value {n} is outside the range {} to {}.",
                    bound(r.min),
                    bound(r.max)
                ));
            }
            Ok(())
        }
        TypeName::Boolean => {
            if value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") {
                Ok(())
            } else {
                invalid(format!("The value `{value}` is not true or false."))
            }
        }
        TypeName::Double => match value.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(()),
            _ => invalid(format!("The value `{value}` is not a number.")),
        },
        TypeName::Timestamp => match ty.format {
            Some(TimestampFormatSpec::EpochMillis | TimestampFormatSpec::EpochSeconds) => {
                if value.trim().parse::<i64>().is_ok() {
                    Ok(())
                } else {
                    invalid(format!("The value `{value}` is not a UNIX timestamp."))
                }
            }
            _ => Ok(()),
        },
        TypeName::Array => {
            let Some(items) = ty.items.as_deref() else {
                return Ok(());
            };
            for item in value.split(',').filter(|s| !s.is_empty()) {
                check(op, name, items, None, item)?;
            }
            Ok(())
        }
        TypeName::Json => {
            if serde_json::from_str::<serde_json::Value>(value).is_ok() {
                Ok(())
            } else {
                invalid("The value is not valid JSON.".to_owned())
            }
        }
        // Objects travel as JSON text or flattened keys depending on the client; the service accepts both.
        TypeName::Object | TypeName::Map | TypeName::Any => Ok(()),
    }
}
