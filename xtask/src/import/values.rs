//! Values written in the metadata as free text (examples, defaults, bounds) turned into values of the
//! field's type, or kept as words when they do not fit: the metadata types `"4312****"` as an int64 example
//! and `"1"` as a string for every number.

use super::json::Json;
use super::yaml::Node;

/// The kind of value a field holds, which decides how its example and default are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text, maybe limited to an enum's values.
    Text,
    /// A 32-bit integer.
    Int32,
    /// A 64-bit integer.
    Long,
    /// A floating-point number.
    Double,
    /// `true` or `false`.
    Bool,
    /// An ISO-8601 date-time, written as text.
    Timestamp,
    /// Lists, objects, maps and arbitrary JSON: an example is shown as text.
    Composite,
}

impl Kind {
    /// Whether `range` applies.
    pub fn numeric(self) -> bool {
        matches!(self, Kind::Int32 | Kind::Long | Kind::Double)
    }
}

/// Inclusive bounds.
pub type Bounds = (Option<f64>, Option<f64>);

/// `raw` as a value of `kind`: `Ok(None)` when it is empty, `Err(text)` when it does not fit the type,
/// the enum's `values` or the `bounds` (the caller keeps the text in the description).
pub fn convert(
    raw: &Json,
    kind: Kind,
    values: Option<&[String]>,
    bounds: Bounds,
) -> Result<Option<Node>, String> {
    let Some(text) = raw.scalar_text() else {
        return match raw {
            Json::Null => Ok(None),
            // An object or list written as JSON: text for a composite field, a misfit otherwise.
            other if kind == Kind::Composite => Ok(Some(Node::Str(other.canonical(&[])))),
            other => Err(other.canonical(&[])),
        };
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let within =
        |n: f64| bounds.0.is_none_or(|min| n >= min) && bounds.1.is_none_or(|max| n <= max);
    match kind {
        // White space around a text example is noise of the page (`"cn-hangzhou\t"`); enum values are
        // compared as they are.
        Kind::Text => match values {
            Some(values) if !values.contains(&text) => Err(text),
            Some(_) => Ok(Some(Node::Str(text))),
            None => Ok(Some(Node::str(trimmed))),
        },
        Kind::Composite => Ok(Some(Node::str(trimmed))),
        Kind::Int32 | Kind::Long => {
            let n = trimmed.parse::<i64>().map_err(|_| text.clone())?;
            let fits = kind == Kind::Long || i32::try_from(n).is_ok();
            if fits && within(n as f64) {
                Ok(Some(Node::Num(n.to_string())))
            } else {
                Err(text)
            }
        }
        Kind::Double => match trimmed.parse::<f64>() {
            Ok(n) if n.is_finite() && within(n) => Ok(Some(Node::Num(number(n)))),
            _ => Err(text),
        },
        // The loader's test of an ISO-8601 value: a date first (`2021-06-10…`).
        Kind::Timestamp => {
            let b = trimmed.as_bytes();
            let dateish = b.len() >= 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b[..4].iter().all(u8::is_ascii_digit);
            if dateish {
                Ok(Some(Node::str(trimmed)))
            } else {
                Err(text)
            }
        }
        Kind::Bool => match trimmed.to_ascii_lowercase().as_str() {
            "true" => Ok(Some(Node::Bool(true))),
            "false" => Ok(Some(Node::Bool(false))),
            _ => Err(text),
        },
    }
}

/// A bound written as text or as a number; `None` when it is neither.
pub fn bound(raw: &Json) -> Option<f64> {
    raw.scalar_text()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// An inclusive bound of an integer of `kind` as the spec writes it: the whole number the text says
/// (read exactly, not through a float, so `-9223372036854775808` stays that number), a fraction rounded
/// inwards (`low` rounds up), and clamped to the type, beyond which a bound says nothing.
pub fn integer_bound(raw: &Json, kind: Kind, low: bool) -> Option<i64> {
    let text = raw.scalar_text()?;
    let text = text.trim();
    let n: i128 = match text.parse::<i128>() {
        Ok(n) => n,
        Err(_) => {
            let f = text.parse::<f64>().ok().filter(|f| f.is_finite())?;
            let whole = if low { f.ceil() } else { f.floor() };
            // Saturates beyond i128, which the clamp below narrows anyway.
            whole as i128
        }
    };
    let (min, max) = match kind {
        Kind::Int32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
    };
    i64::try_from(n.clamp(min, max)).ok()
}

/// A count (length, number of items) written as text or as a number.
pub fn count(raw: &Json) -> Option<u32> {
    raw.scalar_text()?.trim().parse::<u32>().ok()
}

/// A number as YAML writes and reads back the same: whole numbers that fit 64 bits without a fraction
/// (`1`, not `1.0`); others in exponent form (`1e21`), because the digits Rust prints for a large float
/// (`-9223372036854776000`) are an integer no YAML reader of the spec takes.
pub fn number(n: f64) -> String {
    // 2^63: every whole float below it in magnitude is an i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if n.fract() == 0.0 && n.abs() < LIMIT {
        format!("{}", n as i64)
    } else if n.fract() == 0.0 {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Json {
        Json::String(text.to_owned())
    }

    #[test]
    fn text_examples_become_typed_values_or_stay_text() {
        let none = (None, None);
        assert_eq!(
            convert(&s("500018"), Kind::Long, None, none),
            Ok(Some(Node::Num("500018".into())))
        );
        assert_eq!(
            convert(&s("4312****"), Kind::Long, None, none),
            Err("4312****".into())
        );
        assert_eq!(
            convert(&s("10000000000"), Kind::Int32, None, none),
            Err("10000000000".into())
        );
        assert_eq!(
            convert(&s("0"), Kind::Int32, None, (Some(1.0), None)),
            Err("0".into())
        );
        assert_eq!(
            convert(&s("16"), Kind::Double, None, none),
            Ok(Some(Node::Num("16".into())))
        );
        assert_eq!(
            convert(&s("0.5"), Kind::Double, None, none),
            Ok(Some(Node::Num("0.5".into())))
        );
        assert_eq!(
            convert(&s("True"), Kind::Bool, None, none),
            Ok(Some(Node::Bool(true)))
        );
        assert_eq!(
            convert(&s("yes"), Kind::Bool, None, none),
            Err("yes".into())
        );
        assert_eq!(convert(&s(" "), Kind::Long, None, none), Ok(None));
        let values = ["a".to_owned()];
        assert_eq!(
            convert(&s("b"), Kind::Text, Some(&values), none),
            Err("b".into())
        );
        assert_eq!(
            convert(&s("a"), Kind::Text, Some(&values), none),
            Ok(Some(Node::str("a")))
        );
        let json: Json = serde_json::from_str(r#"{"k":[1]}"#).expect("json");
        assert_eq!(
            convert(&json, Kind::Composite, None, none),
            Ok(Some(Node::str(r#"{"k":[1]}"#)))
        );
        assert_eq!(
            convert(&s("2021-06-10T00:00:00Z"), Kind::Timestamp, None, none),
            Ok(Some(Node::str("2021-06-10T00:00:00Z")))
        );
        assert_eq!(
            convert(&s("yesterday"), Kind::Timestamp, None, none),
            Err("yesterday".into())
        );
        assert_eq!(
            convert(&Json::Bool(true), Kind::Text, None, none),
            Ok(Some(Node::str("true")))
        );
    }

    #[test]
    fn bounds_and_counts_are_read_from_text() {
        assert_eq!(bound(&s("10000000000")), Some(1e10));
        assert_eq!(number(1e10), "10000000000");
        assert_eq!(
            number(-9_223_372_036_854_775_808.0),
            "-9.223372036854776e18"
        );
        assert_eq!(number(0.5), "0.5");
        // Integer bounds are exact, rounded inwards and clamped to the type.
        let min = Json::Number((-9_223_372_036_854_775_808_i64).into());
        assert_eq!(integer_bound(&min, Kind::Long, true), Some(i64::MIN));
        assert_eq!(
            integer_bound(&s("9223372036854775807"), Kind::Long, false),
            Some(i64::MAX)
        );
        assert_eq!(
            integer_bound(&s("9223372036854775808"), Kind::Long, false),
            Some(i64::MAX)
        );
        assert_eq!(
            integer_bound(&s("1e30"), Kind::Int32, false),
            Some(i64::from(i32::MAX))
        );
        assert_eq!(integer_bound(&s("0.5"), Kind::Int32, true), Some(1));
        assert_eq!(integer_bound(&s("9.5"), Kind::Int32, false), Some(9));
        assert_eq!(integer_bound(&s("x"), Kind::Int32, false), None);
        assert_eq!(bound(&s("x")), None);
        assert_eq!(count(&s("51")), Some(51));
        assert_eq!(count(&s("-1")), None);
    }
}
