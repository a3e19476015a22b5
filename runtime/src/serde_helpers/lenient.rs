//! Lenient scalar decoding for `Option<String | i32 | i64 | f64 | bool>` response fields:
//! `#[serde(default, deserialize_with = "acs_runtime::serde_helpers::lenient::deserialize")]`.
//!
//! | field | accepts |
//! |---|---|
//! | `String` | strings; numbers and booleans as their text |
//! | `i32`/`i64` | integers (also `30.0`); strings holding them (`"30"`); `""` is `None`; out-of-range or fractional values are errors |
//! | `f64` | numbers; numeric strings; `""` is `None` |
//! | `bool` | booleans; `"true"`/`"false"` (any case), `"1"`/`"0"`, `1`/`0`; `""` is `None` |
//!
//! `null` is always `None`. Arrays and objects are always errors.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::timestamp::kind_of;

/// A scalar type that [`deserialize`] can decode leniently.
pub trait LenientScalar: Sized {
    /// Converts a JSON value; `Ok(None)` means "no value", `Err` carries a message for the serde error.
    fn from_lenient(value: Value) -> Result<Option<Self>, String>;
}

/// Deserializes an optional scalar leniently; see the module documentation for what each type accepts.
pub fn deserialize<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: LenientScalar,
{
    let value = Value::deserialize(d)?;
    T::from_lenient(value).map_err(serde::de::Error::custom)
}

impl LenientScalar for String {
    fn from_lenient(value: Value) -> Result<Option<Self>, String> {
        match value {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            Value::Number(n) => Ok(Some(n.to_string())),
            Value::Bool(b) => Ok(Some(b.to_string())),
            other => Err(format!("expected a string, found {}", kind_of(&other))),
        }
    }
}

/// Reads an integer from a number or a numeric string, refusing fractions and values beyond `i64`.
fn integer(value: Value) -> Result<Option<i64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(Some(i))
            } else if n.is_u64() {
                Err(format!("integer {n} is out of range"))
            } else {
                whole(n.as_f64().unwrap_or(f64::NAN), &n.to_string()).map(Some)
            }
        }
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if let Ok(i) = t.parse::<i64>() {
                return Ok(Some(i));
            }
            match t.parse::<f64>() {
                // Digits only (possibly with a fraction or exponent); "inf"/"NaN" text is not a number here.
                Ok(f) if t.bytes().any(|b| b.is_ascii_digit()) => whole(f, t).map(Some),
                _ => Err(format!("expected an integer, found the string {s:?}")),
            }
        }
        other => Err(format!("expected an integer, found {}", kind_of(&other))),
    }
}

/// A float that is a whole number within `i64`, as `i64`.
fn whole(f: f64, text: &str) -> Result<i64, String> {
    // ±2^63 are exact in f64, so these comparisons are exact and the cast below cannot saturate.
    let limit = 2f64.powi(63);
    if !f.is_finite() || f.fract() != 0.0 {
        Err(format!("expected an integer, found {text}"))
    } else if f < -limit || f >= limit {
        Err(format!("integer {text} is out of range"))
    } else {
        Ok(f as i64)
    }
}

impl LenientScalar for i64 {
    fn from_lenient(value: Value) -> Result<Option<Self>, String> {
        integer(value)
    }
}

impl LenientScalar for i32 {
    fn from_lenient(value: Value) -> Result<Option<Self>, String> {
        match integer(value)? {
            None => Ok(None),
            Some(i) => i32::try_from(i)
                .map(Some)
                .map_err(|_| format!("integer {i} is out of range for a 32-bit field")),
        }
    }
}

impl LenientScalar for f64 {
    fn from_lenient(value: Value) -> Result<Option<Self>, String> {
        match value {
            Value::Null => Ok(None),
            Value::Number(n) => n
                .as_f64()
                .map(Some)
                .ok_or_else(|| format!("number {n} is out of range")),
            Value::String(s) => {
                let t = s.trim();
                if t.is_empty() {
                    return Ok(None);
                }
                match t.parse::<f64>() {
                    Ok(f) if f.is_finite() => Ok(Some(f)),
                    _ => Err(format!("expected a number, found the string {s:?}")),
                }
            }
            other => Err(format!("expected a number, found {}", kind_of(&other))),
        }
    }
}

impl LenientScalar for bool {
    fn from_lenient(value: Value) -> Result<Option<Self>, String> {
        match value {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(b)),
            Value::Number(n) => match n.as_i64() {
                Some(0) => Ok(Some(false)),
                Some(1) => Ok(Some(true)),
                _ => Err(format!("expected a boolean, found the number {n}")),
            },
            Value::String(s) => {
                let t = s.trim();
                if t.is_empty() {
                    Ok(None)
                } else if t.eq_ignore_ascii_case("true") || t == "1" {
                    Ok(Some(true))
                } else if t.eq_ignore_ascii_case("false") || t == "0" {
                    Ok(Some(false))
                } else {
                    Err(format!("expected a boolean, found the string {s:?}"))
                }
            }
            other => Err(format!("expected a boolean, found {}", kind_of(&other))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, Default)]
    #[serde(default)]
    struct R {
        #[serde(deserialize_with = "deserialize")]
        s: Option<String>,
        #[serde(deserialize_with = "deserialize")]
        i: Option<i32>,
        #[serde(deserialize_with = "deserialize")]
        l: Option<i64>,
        #[serde(deserialize_with = "deserialize")]
        f: Option<f64>,
        #[serde(deserialize_with = "deserialize")]
        b: Option<bool>,
    }

    fn r(v: Value) -> Result<R, serde_json::Error> {
        serde_json::from_value(v)
    }

    #[test]
    fn accepts_the_documented_forms() {
        let x =
            r(json!({"s": 10, "i": "30", "l": 5_000_000_000i64, "f": "1.5", "b": "true"})).unwrap();
        assert_eq!(x.s.as_deref(), Some("10"));
        assert_eq!(x.i, Some(30));
        assert_eq!(x.l, Some(5_000_000_000));
        assert_eq!(x.f, Some(1.5));
        assert_eq!(x.b, Some(true));

        let x = r(json!({"s": "x", "i": 7, "l": "-8", "f": 2, "b": false})).unwrap();
        assert_eq!(
            (x.s.as_deref(), x.i, x.l, x.f, x.b),
            (Some("x"), Some(7), Some(-8), Some(2.0), Some(false))
        );

        let x = r(json!({"s": true, "i": 30.0, "l": " 12 ", "b": "FALSE"})).unwrap();
        assert_eq!(
            (x.s.as_deref(), x.i, x.l, x.b),
            (Some("true"), Some(30), Some(12), Some(false))
        );

        let x = r(json!({"b": 1})).unwrap();
        assert_eq!(x.b, Some(true));
        let x = r(json!({"b": "0"})).unwrap();
        assert_eq!(x.b, Some(false));
    }

    #[test]
    fn null_empty_and_missing_are_none() {
        let x = r(json!({"s": null, "i": "", "l": null, "f": "", "b": ""})).unwrap();
        assert!(x.s.is_none() && x.i.is_none() && x.l.is_none() && x.f.is_none() && x.b.is_none());
        let x = r(json!({})).unwrap();
        assert!(x.s.is_none() && x.i.is_none());
        // An empty string is still a string.
        assert_eq!(r(json!({"s": ""})).unwrap().s.as_deref(), Some(""));
    }

    #[test]
    fn refuses_lossy_or_wrong_values() {
        for bad in [
            json!({"i": 3_000_000_000i64}),
            json!({"i": "3000000000"}),
            json!({"i": 1.5}),
            json!({"i": "1.5"}),
            json!({"i": "abc"}),
            json!({"i": "NaN"}),
            json!({"l": 18_446_744_073_709_551_615u64}),
            json!({"l": 1e300}),
            json!({"f": "fast"}),
            json!({"f": "inf"}),
            json!({"b": "yes"}),
            json!({"b": 2}),
            json!({"s": [1]}),
            json!({"i": {}}),
            json!({"b": []}),
        ] {
            assert!(r(bad.clone()).is_err(), "{bad} should fail");
        }
        let e = r(json!({"i": 3_000_000_000i64})).unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
    }
}
