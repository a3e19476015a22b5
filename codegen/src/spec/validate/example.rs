//! Whether an example or default value written in a spec fits the field's type, enum and range.

use super::Namespace;
use crate::spec::model::{FieldSpec, Scalar, TimestampFormatSpec, TypeName};

/// Whether an example or default value fits the field.
pub(super) fn fits(value: &Scalar, f: &FieldSpec, ns: &Namespace<'_>) -> Result<(), String> {
    let text = match value {
        Scalar::String(s) => s.clone(),
        Scalar::Number(n) => n.to_string(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Null => return Err("it is empty".to_owned()),
        _ => return Err("it is not a single value".to_owned()),
    };
    let is_number = matches!(value, Scalar::Number(_));
    let integer = |bits: u32| -> Result<i64, String> {
        let n: i64 = text
            .parse()
            .map_err(|_| format!("`{text}` is not an integer"))?;
        if bits == 32 && i32::try_from(n).is_err() {
            return Err(format!(
                "{n} does not fit a 32-bit integer; use `type: long`"
            ));
        }
        Ok(n)
    };
    match f.ty {
        TypeName::String => {
            if let Some(e) = f.enum_name.as_deref().and_then(|e| ns.enums.get(e))
                && !e.item.values.iter().any(|v| v.value == text)
            {
                let listed: Vec<&str> = e.item.values.iter().map(|v| v.value.as_str()).collect();
                return Err(format!("`{text}` is not one of {}", listed.join(", ")));
            }
            Ok(())
        }
        TypeName::Integer | TypeName::Long => {
            if !is_number {
                return Err(format!(
                    "`{text}` is written as a string; write the number without quotes"
                ));
            }
            let n = integer(if f.ty == TypeName::Integer { 32 } else { 64 })? as f64;
            if let Some(r) = f.range
                && (r.min.is_some_and(|min| n < min) || r.max.is_some_and(|max| n > max))
            {
                return Err(format!(
                    "{n} is outside the range {}..={}",
                    show(r.min),
                    show(r.max)
                ));
            }
            Ok(())
        }
        TypeName::Boolean => match text.as_str() {
            "true" | "false" => Ok(()),
            _ => Err(format!("`{text}` is not true or false")),
        },
        TypeName::Double => {
            let n = text
                .parse::<f64>()
                .map_err(|_| format!("`{text}` is not a number"))?;
            if let Some(r) = f.range
                && (r.min.is_some_and(|min| n < min) || r.max.is_some_and(|max| n > max))
            {
                return Err(format!(
                    "{n} is outside the range {}..={}",
                    show(r.min),
                    show(r.max)
                ));
            }
            Ok(())
        }
        TypeName::Timestamp => match f.format {
            Some(TimestampFormatSpec::Iso8601) => {
                let b = text.as_bytes();
                let dateish = b.len() >= 10
                    && b[4] == b'-'
                    && b[7] == b'-'
                    && b[..4].iter().all(u8::is_ascii_digit);
                if dateish {
                    Ok(())
                } else {
                    Err(format!("`{text}` is not an ISO-8601 date-time"))
                }
            }
            _ => integer(64).map(|_| ()),
        },
        // Lists, objects, maps and JSON are shown as text; the page's examples are not always valid.
        TypeName::Array | TypeName::Object | TypeName::Json | TypeName::Map | TypeName::Any => {
            Ok(())
        }
    }
}

fn show(bound: Option<f64>) -> String {
    bound.map(|b| b.to_string()).unwrap_or_default()
}
