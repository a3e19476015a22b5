//! [`Timestamp`]: a point in time as a service sent it, kept in its wire form so it serializes back
//! unchanged, with conversions to Unix milliseconds and [`SystemTime`].

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::civil;

/// How a service writes a timestamp on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// Milliseconds since the Unix epoch, as a number or a numeric string.
    EpochMillis,
    /// Seconds since the Unix epoch, as a number or a numeric string.
    EpochSeconds,
    /// An ISO-8601 / RFC 3339 string such as `2022-03-16T08:01:34.000+00:00`.
    Iso8601,
}

/// The wire value, exactly as received (a number stays a number, a string the same string).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Wire {
    Number(serde_json::Number),
    Text(String),
}

/// A timestamp that remembers its [`TimestampFormat`] and its exact wire form.
///
/// Serializing writes the wire form back unchanged; [`Timestamp::unix_millis`] interprets it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    wire: Wire,
    format: TimestampFormat,
}

impl Timestamp {
    /// A timestamp for `ms` milliseconds since the epoch, written in `format`: a number for the epoch
    /// formats (seconds are rounded down), `YYYY-MM-DDTHH:MM:SS[.mmm]Z` for ISO-8601.
    pub fn from_unix_millis(ms: i64, format: TimestampFormat) -> Self {
        let wire = match format {
            TimestampFormat::EpochMillis => Wire::Number(ms.into()),
            TimestampFormat::EpochSeconds => Wire::Number(ms.div_euclid(1000).into()),
            TimestampFormat::Iso8601 => Wire::Text(civil::format_utc_millis(ms)),
        };
        Timestamp { wire, format }
    }

    /// A timestamp from a [`SystemTime`], see [`Timestamp::from_unix_millis`]. Times beyond the range of
    /// `i64` milliseconds saturate.
    pub fn from_system_time(t: SystemTime, format: TimestampFormat) -> Self {
        let ms = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Err(e) => i64::try_from(e.duration().as_millis()).map_or(i64::MIN, |v| -v),
        };
        Self::from_unix_millis(ms, format)
    }

    /// A timestamp from a string exactly as a service would send it, e.g. `"2022-03-16T08:01:34Z"` or
    /// `"1647417694000"`; it is kept verbatim and interpreted only by [`Timestamp::unix_millis`].
    pub fn from_wire_text(text: impl Into<String>, format: TimestampFormat) -> Self {
        Timestamp {
            wire: Wire::Text(text.into()),
            format,
        }
    }

    /// A timestamp from a JSON number exactly as a service would send it.
    pub fn from_wire_number(number: serde_json::Number, format: TimestampFormat) -> Self {
        Timestamp {
            wire: Wire::Number(number),
            format,
        }
    }

    /// The wire format this timestamp was declared with.
    pub fn format(&self) -> TimestampFormat {
        self.format
    }

    /// Milliseconds since the Unix epoch, or `None` if the wire value cannot be read in its format (or does
    /// not fit).
    pub fn unix_millis(&self) -> Option<i64> {
        match (&self.wire, self.format) {
            (Wire::Text(s), TimestampFormat::Iso8601) => civil::parse_iso8601_millis(s),
            (Wire::Number(_), TimestampFormat::Iso8601) => None,
            (wire, TimestampFormat::EpochMillis) => epoch_value(wire),
            (wire, TimestampFormat::EpochSeconds) => epoch_value(wire)?.checked_mul(1000),
        }
    }

    /// The same instant as a [`SystemTime`], or `None` when [`Timestamp::unix_millis`] is `None`.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let ms = self.unix_millis()?;
        let magnitude = Duration::from_millis(ms.unsigned_abs());
        if ms >= 0 {
            UNIX_EPOCH.checked_add(magnitude)
        } else {
            UNIX_EPOCH.checked_sub(magnitude)
        }
    }

    /// The wire number, when the service sent a number.
    pub(crate) fn wire_number(&self) -> Option<&serde_json::Number> {
        match &self.wire {
            Wire::Number(n) => Some(n),
            Wire::Text(_) => None,
        }
    }

    /// The wire string, when the service sent a string.
    pub(crate) fn wire_text(&self) -> Option<&str> {
        match &self.wire {
            Wire::Number(_) => None,
            Wire::Text(s) => Some(s),
        }
    }

    /// The wire text: the string as received, or the number's decimal text.
    pub fn as_wire_text(&self) -> String {
        match &self.wire {
            Wire::Number(n) => n.to_string(),
            Wire::Text(s) => s.clone(),
        }
    }
}

/// Reads an epoch number (or numeric string) as a whole `i64`; fractional values are rounded down.
fn epoch_value(wire: &Wire) -> Option<i64> {
    match wire {
        Wire::Number(n) => n.as_i64().or_else(|| float_to_i64(n.as_f64()?)),
        Wire::Text(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| float_to_i64(s.parse::<f64>().ok()?))
        }
    }
}

fn float_to_i64(f: f64) -> Option<i64> {
    // The bounds are exact powers of two, so the comparison is exact and the cast cannot saturate.
    let f = f.floor();
    (f.is_finite() && f >= -(2f64.powi(63)) && f < 2f64.powi(63)).then_some(f as i64)
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.wire {
            Wire::Number(n) => write!(f, "{n}"),
            Wire::Text(s) => f.write_str(s),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.wire {
            Wire::Number(n) => n.serialize(s),
            Wire::Text(t) => s.serialize_str(t),
        }
    }
}

/// Deserializing a bare `Timestamp` (outside the `serde_helpers` functions, e.g. inside a `Vec`) guesses
/// the format: numbers and numeric strings are epoch milliseconds, other strings ISO-8601.
impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let format = match &value {
            serde_json::Value::String(s) if s.trim().parse::<f64>().is_err() => {
                TimestampFormat::Iso8601
            }
            _ => TimestampFormat::EpochMillis,
        };
        from_value(value, format)
            .map_err(serde::de::Error::custom)?
            .ok_or_else(|| serde::de::Error::custom("expected a timestamp, found null or \"\""))
    }
}

/// Turns a JSON value into a timestamp of `format`: null and `""` are `None`; epoch formats take numbers
/// or numeric strings; ISO-8601 takes any string (kept raw). Shared by the `serde_helpers` functions.
pub(crate) fn from_value(
    value: serde_json::Value,
    format: TimestampFormat,
) -> Result<Option<Timestamp>, String> {
    use serde_json::Value;
    match (value, format) {
        (Value::Null, _) => Ok(None),
        (Value::String(s), _) if s.trim().is_empty() => Ok(None),
        (Value::String(s), TimestampFormat::Iso8601) => {
            Ok(Some(Timestamp::from_wire_text(s, format)))
        }
        (Value::String(s), _) => {
            if epoch_value(&Wire::Text(s.clone())).is_some() {
                Ok(Some(Timestamp::from_wire_text(s, format)))
            } else {
                Err(format!(
                    "expected an epoch timestamp, found the string {s:?}"
                ))
            }
        }
        (Value::Number(n), TimestampFormat::Iso8601) => Err(format!(
            "expected an ISO-8601 timestamp string, found the number {n}"
        )),
        (Value::Number(n), _) => Ok(Some(Timestamp::from_wire_number(n, format))),
        (other, _) => Err(format!("expected a timestamp, found {}", kind_of(&other))),
    }
}

/// A short name of a JSON value's kind, for error messages.
pub(crate) fn kind_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_wire_form() {
        let iso = from_value(
            json!("2022-03-16T08:01:34.000+00:00"),
            TimestampFormat::Iso8601,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            serde_json::to_value(&iso).unwrap(),
            json!("2022-03-16T08:01:34.000+00:00")
        );
        assert_eq!(iso.unix_millis(), Some(1_647_417_694_000));
        assert_eq!(iso.to_string(), "2022-03-16T08:01:34.000+00:00");

        let ms = from_value(json!(1_647_417_694_000i64), TimestampFormat::EpochMillis)
            .unwrap()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&ms).unwrap(),
            json!(1_647_417_694_000i64)
        );
        assert_eq!(ms.unix_millis(), Some(1_647_417_694_000));

        let secs = from_value(json!("1647417694"), TimestampFormat::EpochSeconds)
            .unwrap()
            .unwrap();
        assert_eq!(serde_json::to_value(&secs).unwrap(), json!("1647417694"));
        assert_eq!(secs.unix_millis(), Some(1_647_417_694_000));
        assert_eq!(
            secs.to_system_time(),
            Some(UNIX_EPOCH + Duration::from_secs(1_647_417_694))
        );
    }

    #[test]
    fn empty_and_null_are_none_and_junk_is_an_error() {
        assert_eq!(
            from_value(json!(null), TimestampFormat::EpochMillis),
            Ok(None)
        );
        assert_eq!(from_value(json!(""), TimestampFormat::Iso8601), Ok(None));
        assert!(from_value(json!("soon"), TimestampFormat::EpochMillis).is_err());
        assert!(from_value(json!([1]), TimestampFormat::EpochSeconds).is_err());
        assert!(from_value(json!(5), TimestampFormat::Iso8601).is_err());
        // Unparseable ISO text is kept (the service sent it), it just has no instant.
        let odd = from_value(json!("not a date"), TimestampFormat::Iso8601)
            .unwrap()
            .unwrap();
        assert_eq!(odd.unix_millis(), None);
        assert_eq!(odd.to_system_time(), None);
    }

    #[test]
    fn constructors() {
        let t = Timestamp::from_unix_millis(1_647_417_694_000, TimestampFormat::Iso8601);
        assert_eq!(t.to_string(), "2022-03-16T08:01:34Z");
        assert_eq!(t.format(), TimestampFormat::Iso8601);
        let s = Timestamp::from_unix_millis(1_647_417_694_999, TimestampFormat::EpochSeconds);
        assert_eq!(s.to_string(), "1647417694");
        let before = Timestamp::from_unix_millis(-1500, TimestampFormat::EpochMillis);
        assert_eq!(
            before.to_system_time(),
            UNIX_EPOCH.checked_sub(Duration::from_millis(1500))
        );
        let st = UNIX_EPOCH + Duration::from_millis(42);
        assert_eq!(
            Timestamp::from_system_time(st, TimestampFormat::EpochMillis).unix_millis(),
            Some(42)
        );
        let huge = Timestamp::from_wire_number(u64::MAX.into(), TimestampFormat::EpochSeconds);
        assert_eq!(huge.unix_millis(), None);
    }

    #[test]
    fn bare_deserialize_guesses_format() {
        let v: Vec<Timestamp> =
            serde_json::from_value(json!([1, "2", "2022-03-16T08:01:34Z"])).unwrap();
        assert_eq!(v[0].format(), TimestampFormat::EpochMillis);
        assert_eq!(v[1].format(), TimestampFormat::EpochMillis);
        assert_eq!(v[2].format(), TimestampFormat::Iso8601);
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            json!([1, "2", "2022-03-16T08:01:34Z"])
        );
    }
}
