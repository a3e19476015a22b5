//! Serde helpers that generated response types name in `#[serde(deserialize_with = "…")]` attributes:
//! lenient scalars, string-or-number enums and timestamps in their declared wire format.
//!
//! Services do not always send what their documentation says (numbers as strings, `""` for "no value"),
//! and one odd field must not make a whole response undecodable, so these accept every reasonable form
//! while still rejecting values that would lose information (out-of-range or fractional integers).

pub mod lenient;

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Deserializes an enum's wire string: a string as is, or a number as its decimal text (some services send
/// numeric codes unquoted). Generated enums call this from their `Deserialize` impls.
pub fn string_enum<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(V)
}

/// Shared body of the three timestamp helpers.
fn timestamp<'de, D: Deserializer<'de>>(
    d: D,
    format: crate::TimestampFormat,
) -> Result<Option<crate::Timestamp>, D::Error> {
    use serde::Deserialize;
    let value = serde_json::Value::deserialize(d)?;
    crate::timestamp::from_value(value, format).map_err(de::Error::custom)
}

/// `deserialize_with` helper for `Option<Timestamp>` fields sent as epoch milliseconds.
pub mod epoch_millis {
    use serde::Deserializer;

    use crate::{Timestamp, TimestampFormat};

    /// Accepts a number or a numeric string (kept as sent); `null` and `""` are `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        super::timestamp(d, TimestampFormat::EpochMillis)
    }
}

/// `deserialize_with` helper for `Option<Timestamp>` fields sent as epoch seconds.
pub mod epoch_seconds {
    use serde::Deserializer;

    use crate::{Timestamp, TimestampFormat};

    /// Accepts a number or a numeric string (kept as sent); `null` and `""` are `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        super::timestamp(d, TimestampFormat::EpochSeconds)
    }
}

/// `deserialize_with` helper for `Option<Timestamp>` fields sent as ISO-8601 strings.
pub mod iso8601 {
    use serde::Deserializer;

    use crate::{Timestamp, TimestampFormat};

    /// Accepts any string, kept verbatim (even one that does not parse: then
    /// [`Timestamp::unix_millis`] is `None`); `null` and `""` are `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        super::timestamp(d, TimestampFormat::Iso8601)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Timestamp, TimestampFormat};
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, Deserialize, Serialize)]
    struct Times {
        #[serde(default, deserialize_with = "super::epoch_millis::deserialize")]
        ms: Option<Timestamp>,
        #[serde(default, deserialize_with = "super::epoch_seconds::deserialize")]
        secs: Option<Timestamp>,
        #[serde(default, deserialize_with = "super::iso8601::deserialize")]
        iso: Option<Timestamp>,
    }

    #[test]
    fn timestamps_round_trip_unchanged() {
        let body = json!({"ms": "1647417694000", "secs": 1647417694, "iso": "2022-03-16T08:01:34.000+00:00"});
        let t: Times = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(serde_json::to_value(&t).unwrap(), body);
        for ts in [&t.ms, &t.secs, &t.iso] {
            assert_eq!(ts.as_ref().unwrap().unix_millis(), Some(1_647_417_694_000));
        }
        assert_eq!(t.iso.unwrap().format(), TimestampFormat::Iso8601);
    }

    #[test]
    fn timestamps_missing_null_empty() {
        let t: Times = serde_json::from_value(json!({"ms": null, "secs": ""})).unwrap();
        assert!(t.ms.is_none() && t.secs.is_none() && t.iso.is_none());
        let e = serde_json::from_value::<Times>(json!({"ms": "later"})).unwrap_err();
        assert!(e.to_string().contains("epoch"), "{e}");
    }

    #[derive(Debug, Deserialize)]
    struct E {
        #[serde(deserialize_with = "super::string_enum")]
        v: String,
    }

    #[test]
    fn string_enum_takes_strings_and_numbers() {
        let f = |v| serde_json::from_value::<E>(json!({ "v": v })).map(|e| e.v);
        assert_eq!(f(json!("Running")).unwrap(), "Running");
        assert_eq!(f(json!(3)).unwrap(), "3");
        assert_eq!(f(json!(-3)).unwrap(), "-3");
        assert_eq!(f(json!(1.5)).unwrap(), "1.5");
        assert!(f(json!([1])).is_err());
        assert!(f(json!({})).is_err());
    }
}
