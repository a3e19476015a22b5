//! [`Wire`] for the scalar types of generated fields, decoded leniently:
//!
//! | type | accepts |
//! |---|---|
//! | `String` | strings; numbers and booleans as their text |
//! | `i32`/`i64` | integers (also `30.0`); strings holding them (`"30"`); `""` is absent; out-of-range or fractional values are errors |
//! | `f64` | numbers; numeric strings; `""` is absent |
//! | `bool` | booleans; `"true"`/`"false"` (any case), `"1"`/`"0"`, `1`/`0`; `""` is absent |
//! | `Timestamp` | per its [`Hint`]: epoch numbers or numeric strings, or any ISO-8601 string, kept as sent |
//! | `serde_json::Value` | anything (`any` in specs); numbers keep their form (`16` stays `16`) |
//! | `JsonString<T>` | a string carrying JSON, or the JSON inline |
//!
//! `null` is always absent. Services do not always send what their documentation says, and one odd field
//! must not make a whole response undecodable; values that would lose information are still refused.

use std::borrow::Cow;
use std::str::FromStr;

use serde_json::{Map, Number, Value};

use super::{DecodeError, Hint, Reader, Token, View, Wire};
use crate::json_string::JsonString;
use crate::timestamp::{Timestamp, TimestampFormat};

fn unexpected(expected: &str, found: Token) -> DecodeError {
    DecodeError::new(format!("expected {expected}, found {}", found.describe()))
}

impl Wire for String {
    fn decode(r: &mut Reader<'_>, _: Hint) -> Result<Option<Self>, DecodeError> {
        match r.peek()? {
            Token::Null => r.null().map(|()| None),
            Token::String => r.string().map(|s| Some(s.into_owned())),
            Token::Number => r.number().map(|n| Some(n.to_owned())),
            Token::Bool => r.boolean().map(|b| Some(b.to_string())),
            other => Err(unexpected("a string", other)),
        }
    }

    fn view(&self) -> View<'_> {
        View::Str(self)
    }
}

/// Decodes a string enum: its text (numbers and booleans as their text) through `From<&str>`. What
/// `string_enum_impls!` calls, so no closure is compiled per enum.
pub fn decode_enum<E: for<'a> From<&'a str>>(
    r: &mut Reader<'_>,
    _: Hint,
) -> Result<Option<E>, DecodeError> {
    // Borrowed text where the body has no escapes: a known variant allocates nothing.
    let text: Cow<'_, str> = match r.peek()? {
        Token::Null => return r.null().map(|()| None),
        Token::String => r.string()?,
        Token::Number => Cow::Borrowed(r.number()?),
        Token::Bool => Cow::Borrowed(if r.boolean()? { "true" } else { "false" }),
        other => return Err(unexpected("a string", other)),
    };
    Ok(Some(E::from(&text)))
}

/// The HTTP status the documentation gives for `code` in a generated error enum's `CODES` table.
pub fn documented_status(codes: &[(&str, u16)], code: &str) -> Option<u16> {
    codes
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, status)| *status)
}

/// Reads an integer from a number or a numeric string, refusing fractions and values beyond `i64`.
fn integer(r: &mut Reader<'_>) -> Result<Option<i64>, DecodeError> {
    let text: Cow<'_, str> = match r.peek()? {
        Token::Null => return r.null().map(|()| None),
        Token::Number => Cow::Borrowed(r.number()?),
        Token::String => {
            let s = r.string()?;
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            let numeric = t.bytes().any(|b| b.is_ascii_digit())
                && t.bytes()
                    .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
            if !numeric {
                return Err(DecodeError::new(format!(
                    "expected an integer, found the string {s:?}"
                )));
            }
            Cow::Owned(t.to_owned())
        }
        other => return Err(unexpected("an integer", other)),
    };
    if let Ok(i) = text.parse::<i64>() {
        return Ok(Some(i));
    }
    let out_of_range = || DecodeError::new(format!("integer {text} is out of range"));
    if text.parse::<i128>().is_ok() {
        return Err(out_of_range());
    }
    // ±2^63 are exact in f64, so these comparisons are exact and the cast below cannot saturate.
    let limit = 2f64.powi(63);
    match text.parse::<f64>() {
        Ok(f) if f.is_infinite() => Err(out_of_range()),
        Ok(f) if f.fract() == 0.0 && (f < -limit || f >= limit) => Err(out_of_range()),
        Ok(f) if f.is_finite() && f.fract() == 0.0 => Ok(Some(f as i64)),
        _ => Err(DecodeError::new(format!(
            "expected an integer, found {text}"
        ))),
    }
}

impl Wire for i64 {
    fn decode(r: &mut Reader<'_>, _: Hint) -> Result<Option<Self>, DecodeError> {
        integer(r)
    }

    fn view(&self) -> View<'_> {
        View::Int(*self)
    }
}

impl Wire for i32 {
    fn decode(r: &mut Reader<'_>, _: Hint) -> Result<Option<Self>, DecodeError> {
        match integer(r)? {
            None => Ok(None),
            Some(i) => i32::try_from(i).map(Some).map_err(|_| {
                DecodeError::new(format!("integer {i} is out of range for a 32-bit field"))
            }),
        }
    }

    fn view(&self) -> View<'_> {
        View::Int(i64::from(*self))
    }
}

impl Wire for f64 {
    fn decode(r: &mut Reader<'_>, _: Hint) -> Result<Option<Self>, DecodeError> {
        let (text, quoted): (Cow<'_, str>, bool) = match r.peek()? {
            Token::Null => return r.null().map(|()| None),
            Token::Number => (Cow::Borrowed(r.number()?), false),
            Token::String => {
                let s = r.string()?;
                if s.trim().is_empty() {
                    return Ok(None);
                }
                (Cow::Owned(s.trim().to_owned()), true)
            }
            other => return Err(unexpected("a number", other)),
        };
        // Rust also parses "inf" and "NaN"; a service's "NaN" is not a number we can send back.
        let numeric = text.bytes().any(|b| b.is_ascii_digit())
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
        match text.parse::<f64>() {
            Ok(f) if numeric && f.is_finite() => Ok(Some(f)),
            Ok(_) if numeric => Err(DecodeError::new(format!("number {text} is out of range"))),
            _ if quoted => Err(DecodeError::new(format!(
                "expected a number, found the string {text:?}"
            ))),
            _ => Err(DecodeError::new(format!("expected a number, found {text}"))),
        }
    }

    fn view(&self) -> View<'_> {
        View::Float(*self)
    }
}

impl Wire for bool {
    fn decode(r: &mut Reader<'_>, _: Hint) -> Result<Option<Self>, DecodeError> {
        match r.peek()? {
            Token::Null => r.null().map(|()| None),
            Token::Bool => r.boolean().map(Some),
            Token::Number => match r.number()? {
                "0" => Ok(Some(false)),
                "1" => Ok(Some(true)),
                n => Err(DecodeError::new(format!(
                    "expected a boolean, found the number {n}"
                ))),
            },
            Token::String => {
                let s = r.string()?;
                let t = s.trim();
                if t.is_empty() {
                    Ok(None)
                } else if t.eq_ignore_ascii_case("true") || t == "1" {
                    Ok(Some(true))
                } else if t.eq_ignore_ascii_case("false") || t == "0" {
                    Ok(Some(false))
                } else {
                    Err(DecodeError::new(format!(
                        "expected a boolean, found the string {s:?}"
                    )))
                }
            }
            other => Err(unexpected("a boolean", other)),
        }
    }

    fn view(&self) -> View<'_> {
        View::Bool(*self)
    }
}

/// A JSON number as `serde_json` keeps it: integers exactly, others as `f64` (`16` stays `16`, `16.0`
/// stays `16.0`).
fn number(text: &str) -> Result<Number, DecodeError> {
    Number::from_str(text).map_err(|_| DecodeError::new(format!("number {text} is out of range")))
}

impl Wire for Timestamp {
    fn decode(r: &mut Reader<'_>, hint: Hint) -> Result<Option<Self>, DecodeError> {
        let declared = match hint {
            Hint::Timestamp(format) => Some(format),
            Hint::None => None,
        };
        match r.peek()? {
            Token::Null => r.null().map(|()| None),
            Token::Number => {
                let n = number(r.number()?)?;
                match declared.unwrap_or(TimestampFormat::EpochMillis) {
                    TimestampFormat::Iso8601 => Err(DecodeError::new(format!(
                        "expected an ISO-8601 timestamp string, found the number {n}"
                    ))),
                    format => Ok(Some(Timestamp::from_wire_number(n, format))),
                }
            }
            Token::String => {
                let s = r.string()?;
                if s.trim().is_empty() {
                    return Ok(None);
                }
                let epoch = s.trim().parse::<f64>().is_ok_and(f64::is_finite);
                // Without a declared format, numbers are epoch milliseconds and other text ISO-8601.
                let format = declared.unwrap_or(if epoch {
                    TimestampFormat::EpochMillis
                } else {
                    TimestampFormat::Iso8601
                });
                if format != TimestampFormat::Iso8601 && !epoch {
                    return Err(DecodeError::new(format!(
                        "expected an epoch timestamp, found the string {s:?}"
                    )));
                }
                Ok(Some(Timestamp::from_wire_text(s.into_owned(), format)))
            }
            other => Err(unexpected("a timestamp", other)),
        }
    }

    fn view(&self) -> View<'_> {
        match self.wire_number() {
            Some(n) => View::Number(n),
            None => View::Str(self.wire_text().unwrap_or_default()),
        }
    }
}

/// Reads any JSON value into a `serde_json::Value`, numbers as written.
pub(crate) fn json_value(r: &mut Reader<'_>) -> Result<Value, DecodeError> {
    Ok(match r.peek()? {
        Token::Null => {
            r.null()?;
            Value::Null
        }
        Token::Bool => Value::Bool(r.boolean()?),
        Token::Number => Value::Number(number(r.number()?)?),
        Token::String => Value::String(r.string()?.into_owned()),
        Token::Array => {
            let mut items = Vec::new();
            r.array(&mut |r, _| {
                items.push(json_value(r)?);
                Ok(())
            })?;
            Value::Array(items)
        }
        Token::Object => {
            let mut map = Map::new();
            r.object(&mut |r, key| {
                let value = json_value(r)?;
                map.insert(key.to_owned(), value);
                Ok(())
            })?;
            Value::Object(map)
        }
    })
}

/// Arbitrary JSON (`any`). Unlike other types, `null` is a value here, so it round-trips.
impl Wire for Value {
    fn decode(r: &mut Reader<'_>, _: Hint) -> Result<Option<Self>, DecodeError> {
        json_value(r).map(Some)
    }

    fn view(&self) -> View<'_> {
        View::Json(self)
    }
}

impl<T: Send + Sync + 'static> Wire for JsonString<T> {
    fn decode(r: &mut Reader<'_>, _: Hint) -> Result<Option<Self>, DecodeError> {
        match r.peek()? {
            Token::Null => r.null().map(|()| None),
            Token::String => Ok(Some(JsonString::from_raw(r.string()?.into_owned()))),
            // Some services send the JSON inline instead of in a string: keep it, and write it back inline.
            _ => Ok(Some(JsonString::from_inline(json_value(r)?))),
        }
    }

    fn view(&self) -> View<'_> {
        match self.inline_value() {
            Some(value) => View::Json(value),
            None => View::Str(self.raw()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::from_json;
    use super::*;

    fn one<T: Wire>(text: &str) -> Result<Option<T>, DecodeError> {
        from_json::<T>(text)
    }

    #[test]
    fn accepts_the_documented_forms() {
        assert_eq!(one::<String>("10").unwrap().as_deref(), Some("10"));
        assert_eq!(one::<String>("true").unwrap().as_deref(), Some("true"));
        assert_eq!(one::<String>(r#""""#).unwrap().as_deref(), Some(""));
        assert_eq!(one::<i32>(r#""30""#).unwrap(), Some(30));
        assert_eq!(one::<i32>("30.0").unwrap(), Some(30));
        assert_eq!(one::<i64>(r#"" 12 ""#).unwrap(), Some(12));
        assert_eq!(one::<i64>("5000000000").unwrap(), Some(5_000_000_000));
        assert_eq!(one::<i64>(r#""-8""#).unwrap(), Some(-8));
        assert_eq!(one::<f64>(r#""1.5""#).unwrap(), Some(1.5));
        assert_eq!(one::<f64>("2").unwrap(), Some(2.0));
        assert_eq!(one::<bool>(r#""FALSE""#).unwrap(), Some(false));
        assert_eq!(one::<bool>("1").unwrap(), Some(true));
        assert_eq!(one::<bool>(r#""0""#).unwrap(), Some(false));
    }

    #[test]
    fn null_and_empty_are_absent() {
        assert_eq!(one::<String>("null").unwrap(), None);
        assert_eq!(one::<i32>(r#""""#).unwrap(), None);
        assert_eq!(one::<i64>("null").unwrap(), None);
        assert_eq!(one::<f64>(r#""  ""#).unwrap(), None);
        assert_eq!(one::<bool>(r#""""#).unwrap(), None);
        assert_eq!(one::<Timestamp>(r#""""#).unwrap(), None);
    }

    #[test]
    fn refuses_lossy_or_wrong_values() {
        type Fails = fn(&str) -> bool;
        let cases: [(&str, Fails); 15] = [
            ("3000000000", |t| one::<i32>(t).is_err()),
            (r#""3000000000""#, |t| one::<i32>(t).is_err()),
            ("1.5", |t| one::<i32>(t).is_err()),
            (r#""1.5""#, |t| one::<i32>(t).is_err()),
            (r#""abc""#, |t| one::<i32>(t).is_err()),
            (r#""NaN""#, |t| one::<i32>(t).is_err()),
            ("18446744073709551615", |t| one::<i64>(t).is_err()),
            ("1e300", |t| one::<i64>(t).is_err()),
            (r#""fast""#, |t| one::<f64>(t).is_err()),
            (r#""inf""#, |t| one::<f64>(t).is_err()),
            (r#""yes""#, |t| one::<bool>(t).is_err()),
            ("2", |t| one::<bool>(t).is_err()),
            ("[1]", |t| one::<String>(t).is_err()),
            ("{}", |t| one::<i32>(t).is_err()),
            ("[]", |t| one::<bool>(t).is_err()),
        ];
        for (text, fails) in cases {
            assert!(fails(text), "{text} should fail");
        }
        let e = one::<i32>("3000000000").unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
        let e = one::<f64>("1e400").unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
    }

    #[test]
    fn timestamps_keep_their_wire_form() {
        let mut r = Reader::new(r#""2022-03-16T08:01:34.000+00:00""#);
        let iso = Timestamp::decode(&mut r, Hint::Timestamp(TimestampFormat::Iso8601))
            .unwrap()
            .unwrap();
        assert_eq!(iso.unix_millis(), Some(1_647_417_694_000));
        assert_eq!(
            super::super::to_json(iso.view()),
            r#""2022-03-16T08:01:34.000+00:00""#
        );
        let mut r = Reader::new("1647417694");
        let secs = Timestamp::decode(&mut r, Hint::Timestamp(TimestampFormat::EpochSeconds))
            .unwrap()
            .unwrap();
        assert_eq!(secs.unix_millis(), Some(1_647_417_694_000));
        assert_eq!(super::super::to_json(secs.view()), "1647417694");
        let mut r = Reader::new(r#""later""#);
        let e =
            Timestamp::decode(&mut r, Hint::Timestamp(TimestampFormat::EpochMillis)).unwrap_err();
        assert!(e.to_string().contains("epoch"), "{e}");
        let mut r = Reader::new("5");
        assert!(Timestamp::decode(&mut r, Hint::Timestamp(TimestampFormat::Iso8601)).is_err());
        // Undeclared: numbers are milliseconds, other text ISO-8601.
        let guessed: Vec<Timestamp> = from_json(r#"[1, "2", "2022-03-16T08:01:34Z"]"#)
            .unwrap()
            .unwrap();
        assert_eq!(guessed[1].format(), TimestampFormat::EpochMillis);
        assert_eq!(guessed[2].format(), TimestampFormat::Iso8601);
    }

    #[test]
    fn any_keeps_numbers_as_written() {
        let text = r#"{"a":16,"b":16.0,"c":-3,"d":[true,null,"x"],"e":{}}"#;
        let v: Value = from_json(text).unwrap().unwrap();
        assert_eq!(super::super::to_json(v.view()), text);
    }

    #[test]
    fn json_strings_keep_their_form() {
        let text: JsonString<Vec<i32>> = from_json(r#""[1, 2]""#).unwrap().unwrap();
        assert!(!text.is_inline());
        assert_eq!(text.raw(), "[1, 2]");
        let inline: JsonString<Vec<i32>> = from_json("[1,2]").unwrap().unwrap();
        assert!(inline.is_inline());
        assert_eq!(super::super::to_json(inline.view()), "[1,2]");
        assert_eq!(super::super::to_json(text.view()), r#""[1, 2]""#);
    }
}
