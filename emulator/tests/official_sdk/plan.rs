//! What to call: every operation of the spec tree (read with codegen's loader, as the emulator reads it),
//! each with the parameters a valid call needs, derived from the spec alone: the required fields, plus the
//! first field of each `at_least_one` / `exactly_one` group, each given its documented example when the
//! spec's own type, enum and range accept it, else a value made from those.

use std::collections::BTreeMap;
use std::path::Path;

use acs_codegen::spec::model::{
    ConstraintKind, EnumSpec, FieldSpec, RangeSpec, Scalar, StyleSpec, TimestampFormatSpec,
    TypeName, TypeSpec,
};

/// One operation and the wire parameters of a valid call.
#[derive(Clone, Debug)]
pub struct Operation {
    pub product: String,
    pub version: String,
    pub action: String,
    pub params: BTreeMap<String, String>,
}

/// Every operation below `specs`, in spec-tree order.
pub fn operations(specs: &Path) -> Vec<Operation> {
    let set = acs_codegen::spec::load_dir(specs).expect("the specs load");
    let mut out = Vec::new();
    for product in &set.products {
        let p = &product.product.spec;
        for op in &product.operations {
            let op = &op.spec;
            let mut enums = p.enums.clone();
            enums.extend(op.enums.clone());
            let mut chosen: Vec<&FieldSpec> = op.request.iter().filter(|f| f.required).collect();
            for rule in &op.constraints {
                let needs_one = matches!(
                    rule.kind,
                    ConstraintKind::AtLeastOne | ConstraintKind::ExactlyOne
                );
                let given = chosen.iter().any(|f| rule.fields.contains(&f.name));
                if needs_one && !given {
                    let first = rule
                        .fields
                        .iter()
                        .find_map(|name| op.request.iter().find(|f| &f.name == name))
                        .expect("a constraint names request fields");
                    chosen.push(first);
                }
            }
            let mut params = BTreeMap::new();
            for field in chosen {
                params.extend(wire_values(field, &enums));
            }
            out.push(Operation {
                product: p.code.clone(),
                version: p.version.clone(),
                action: op.name.clone(),
                params,
            });
        }
    }
    out
}

/// The wire parameters for one field: `Name=value`, or `Name.1=value` for a repeated list.
fn wire_values(field: &FieldSpec, enums: &BTreeMap<String, EnumSpec>) -> Vec<(String, String)> {
    let ty = field.type_spec();
    let example = field.example.as_ref().and_then(scalar_text);
    if field.ty == TypeName::Array && field.style != Some(StyleSpec::Simple) {
        let items = field.items.as_deref().unwrap_or(&ty);
        let value = value_for(items, example.as_deref(), field.range, enums);
        return vec![(format!("{}.1", field.name), value)];
    }
    vec![(
        field.name.clone(),
        value_for(&ty, example.as_deref(), field.range, enums),
    )]
}

/// The example when the type accepts it, else a value the type accepts.
fn value_for(
    ty: &TypeSpec,
    example: Option<&str>,
    range: Option<RangeSpec>,
    enums: &BTreeMap<String, EnumSpec>,
) -> String {
    let in_range = |n: i64| {
        let n = n as f64;
        range.is_none_or(|r| r.min.is_none_or(|m| n >= m) && r.max.is_none_or(|m| n <= m))
    };
    match ty.ty {
        TypeName::String => {
            let values: Option<Vec<&str>> = ty
                .enum_name
                .as_deref()
                .and_then(|e| enums.get(e))
                .map(|e| e.values.iter().map(|v| v.value.as_str()).collect());
            match (values, example) {
                (Some(v), Some(x)) if v.contains(&x) => x.to_owned(),
                (Some(v), _) => v.first().copied().unwrap_or("").to_owned(),
                (None, Some(x)) if !x.is_empty() => x.to_owned(),
                (None, _) => "sample".to_owned(),
            }
        }
        TypeName::Integer | TypeName::Long => {
            let fits =
                |n: i64| in_range(n) && (ty.ty == TypeName::Long || i32::try_from(n).is_ok());
            example
                .and_then(|x| x.trim().parse::<i64>().ok())
                .filter(|n| fits(*n))
                .or_else(|| {
                    range
                        .and_then(|r| r.min)
                        .map(|m| m as i64)
                        .filter(|n| fits(*n))
                })
                .unwrap_or(1)
                .to_string()
        }
        TypeName::Boolean => match example {
            Some(x) if x.eq_ignore_ascii_case("true") || x.eq_ignore_ascii_case("false") => {
                x.to_owned()
            }
            _ => "true".to_owned(),
        },
        TypeName::Double => example
            .filter(|x| x.trim().parse::<f64>().is_ok_and(f64::is_finite))
            .unwrap_or("1.5")
            .to_owned(),
        TypeName::Timestamp => match ty.format {
            Some(TimestampFormatSpec::EpochMillis | TimestampFormatSpec::EpochSeconds) => example
                .filter(|x| x.trim().parse::<i64>().is_ok())
                .unwrap_or("1700000000")
                .to_owned(),
            _ => example.unwrap_or("2024-01-01T00:00:00Z").to_owned(),
        },
        // A comma-separated list: the example's items (each checked as an item), else one item.
        TypeName::Array => match (example, ty.items.as_deref()) {
            (Some(x), Some(items)) if !x.is_empty() => x
                .split(',')
                .map(|item| value_for(items, Some(item), None, enums))
                .collect::<Vec<_>>()
                .join(","),
            (Some(x), None) if !x.is_empty() => x.to_owned(),
            (_, Some(items)) => value_for(items, None, range, enums),
            (_, None) => "sample".to_owned(),
        },
        TypeName::Json => example
            .filter(|x| serde_json::from_str::<serde_json::Value>(x).is_ok())
            .unwrap_or("{}")
            .to_owned(),
        TypeName::Object | TypeName::Map | TypeName::Any => "{}".to_owned(),
    }
}

fn scalar_text(value: &Scalar) -> Option<String> {
    match value {
        Scalar::String(s) => Some(s.clone()),
        Scalar::Number(n) => Some(n.to_string()),
        Scalar::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
