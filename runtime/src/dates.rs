//! Conversions between [`Timestamp`] and the instant types of the `time`, `jiff` and `chrono` crates, each
//! behind the cargo feature of the same name, so an application can work in the date library it already
//! uses while the runtime itself needs none (it parses and formats the wire forms in `civil`).
//!
//! | feature  | to the crate                                       | from the crate             |
//! |----------|----------------------------------------------------|----------------------------|
//! | `time`   | [`Timestamp::to_time`] → `time::OffsetDateTime`    | [`Timestamp::from_time`]   |
//! | `jiff`   | [`Timestamp::to_jiff`] → `jiff::Timestamp`         | [`Timestamp::from_jiff`]   |
//! | `chrono` | [`Timestamp::to_chrono`] → `chrono::DateTime<Utc>` | [`Timestamp::from_chrono`] |
//!
//! `TryFrom<&Timestamp>` is implemented for each target type as well, with the same meaning as the `to_*`
//! getter.
//!
//! Everything goes through Unix milliseconds ([`Timestamp::unix_millis`]), the finest unit any wire format
//! carries, so a round trip keeps milliseconds exactly. Reading yields the UTC instant whatever offset an
//! ISO-8601 value was written with (`2022-03-16T16:01:34.5+08:00` becomes `2022-03-16T08:01:34.500Z`).
//! Writing truncates sub-millisecond parts toward negative infinity, so 0.4 ms before the epoch is written
//! as -1 ms (`1969-12-31T23:59:59.999Z`), the same rounding down [`Timestamp::from_unix_millis`] applies
//! to whole seconds; then the instant is written in the [`TimestampFormat`] the caller names, because the
//! wire format is the API spec's choice, not the date type's.

// Without any of the features the module is empty, so a default build carries no unused code.
#![cfg(any(feature = "time", feature = "jiff", feature = "chrono"))]

use std::fmt;

use crate::error::text;
use crate::{Timestamp, TimestampFormat};

/// Why a [`Timestamp`] could not be converted to the date type of the `time`, `jiff` or `chrono` crate:
/// its wire value cannot be read in its [`TimestampFormat`], or it names an instant the type cannot hold.
///
/// The wire value came from a service, so the error keeps it only with control characters escaped and its
/// length bounded: `Display` and `Debug` can go to a terminal or a log as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    wire: String,
    format: TimestampFormat,
    target: &'static str,
    out_of_range: bool,
}

impl TimestampError {
    fn new(ts: &Timestamp, target: &'static str, out_of_range: bool) -> Self {
        TimestampError {
            // Cleaned once here so every accessor and formatter is safe; an id-sized bound is plenty for
            // a timestamp, and a longer value is quoted only in part.
            wire: text::clean(&ts.as_wire_text(), text::MAX_ID),
            format: ts.format(),
            target,
            out_of_range,
        }
    }

    /// The wire value as received, with control characters escaped and cut to at most 256 bytes.
    pub fn wire(&self) -> &str {
        &self.wire
    }

    /// The wire format the value was to be read in.
    pub fn format(&self) -> TimestampFormat {
        self.format
    }

    /// The type the conversion was to, such as `time::OffsetDateTime`.
    pub fn target(&self) -> &'static str {
        self.target
    }

    /// `true` when the wire value was read but its instant lies outside the range of the target type;
    /// `false` when the value cannot be read in its format (or does not fit `i64` milliseconds).
    pub fn is_out_of_range(&self) -> bool {
        self.out_of_range
    }
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.out_of_range {
            write!(
                f,
                "the timestamp \"{}\" is outside the range of {}",
                self.wire, self.target
            )
        } else {
            let format = match self.format {
                TimestampFormat::EpochMillis => "epoch milliseconds",
                TimestampFormat::EpochSeconds => "epoch seconds",
                TimestampFormat::Iso8601 => "an ISO-8601 date-time",
            };
            write!(
                f,
                "cannot convert the timestamp \"{}\" to {}: it is not {format}",
                self.wire, self.target
            )
        }
    }
}

impl std::error::Error for TimestampError {}

/// The instant of `ts` in Unix milliseconds, or the error for converting it to `target`.
fn wire_millis(ts: &Timestamp, target: &'static str) -> Result<i64, TimestampError> {
    ts.unix_millis()
        .ok_or_else(|| TimestampError::new(ts, target, false))
}

/// Unix nanoseconds rounded down to whole milliseconds. Every instant the three crates can hold (at most
/// about ±10⁶ years, `time` with `large-dates`) fits `i64` milliseconds; saturating, as
/// [`Timestamp::from_system_time`] does, only keeps this total.
#[cfg(any(feature = "time", feature = "jiff"))]
fn floor_millis(nanos: i128) -> i64 {
    let ms = nanos.div_euclid(1_000_000);
    i64::try_from(ms).unwrap_or(if ms < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(feature = "time")]
mod with_time {
    use time::OffsetDateTime;

    use super::{TimestampError, floor_millis, wire_millis};
    use crate::{Timestamp, TimestampFormat};

    const TARGET: &str = "time::OffsetDateTime";

    impl Timestamp {
        /// A timestamp for the instant `t`, written in `format` (see [`Timestamp::from_unix_millis`]).
        /// The offset of `t` does not matter, only its instant; sub-millisecond parts are truncated
        /// toward negative infinity. Requires the `time` feature.
        pub fn from_time(t: OffsetDateTime, format: TimestampFormat) -> Timestamp {
            Timestamp::from_unix_millis(floor_millis(t.unix_timestamp_nanos()), format)
        }

        /// The instant as a [`time::OffsetDateTime`] at UTC, with millisecond precision. Fails when the
        /// wire value cannot be read in its format or lies outside the range of `OffsetDateTime` (years
        /// -9999 to 9999 unless `time`'s `large-dates` feature is on). Requires the `time` feature.
        pub fn to_time(&self) -> Result<OffsetDateTime, TimestampError> {
            let ms = wire_millis(self, TARGET)?;
            // i64 milliseconds times 10⁶ is far inside i128.
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
                .map_err(|_| TimestampError::new(self, TARGET, true))
        }
    }

    /// Same as [`Timestamp::to_time`].
    impl TryFrom<&Timestamp> for OffsetDateTime {
        type Error = TimestampError;

        fn try_from(ts: &Timestamp) -> Result<Self, TimestampError> {
            ts.to_time()
        }
    }

    #[cfg(test)]
    mod tests {
        use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

        use super::super::tests::{CASES, Case, FORMATS, expected_ms, unreadable};
        use crate::{Timestamp, TimestampFormat};

        /// The case's instant built from its calendar fields, independently of the runtime's own
        /// calendar code; `whole_seconds` drops the milliseconds (what the epoch-seconds format keeps).
        fn expected(c: &Case, whole_seconds: bool) -> OffsetDateTime {
            let (y, mo, d, h, mi, s, milli) = c.fields;
            let date = Date::from_calendar_date(y, Month::try_from(mo).unwrap(), d).unwrap();
            let milli = if whole_seconds { 0 } else { milli };
            PrimitiveDateTime::new(date, Time::from_hms_milli(h, mi, s, milli).unwrap())
                .assume_utc()
        }

        #[test]
        fn time_round_trips_every_format() {
            for c in CASES {
                for format in FORMATS {
                    let ts = Timestamp::from_unix_millis(c.ms, format);
                    let dt = ts.to_time().unwrap();
                    let want = expected(c, format == TimestampFormat::EpochSeconds);
                    assert_eq!(dt, want, "{ts} ({format:?})");
                    assert_eq!(dt.offset(), UtcOffset::UTC);
                    assert_eq!(
                        dt.unix_timestamp_nanos() / 1_000_000,
                        i128::from(expected_ms(c, format))
                    );
                    assert_eq!(OffsetDateTime::try_from(&ts).unwrap(), dt);
                    let back = Timestamp::from_time(dt, format);
                    assert_eq!(back, ts, "{ts} ({format:?})");
                    assert_eq!(back.to_string(), ts.to_string());
                }
            }
            // Starting from wire forms a service sends, the same wire form comes back.
            let iso =
                Timestamp::from_wire_text("1900-01-01T00:00:00.001Z", TimestampFormat::Iso8601);
            assert_eq!(
                Timestamp::from_time(iso.to_time().unwrap(), TimestampFormat::Iso8601).to_string(),
                "1900-01-01T00:00:00.001Z"
            );
            let ms = Timestamp::from_wire_number(
                1_647_417_694_123i64.into(),
                TimestampFormat::EpochMillis,
            );
            assert_eq!(
                Timestamp::from_time(ms.to_time().unwrap(), TimestampFormat::EpochMillis),
                ms
            );
        }

        #[test]
        fn time_truncates_sub_millis_toward_negative_infinity() {
            let just_before_epoch = OffsetDateTime::from_unix_timestamp_nanos(-400_000).unwrap();
            let ts = Timestamp::from_time(just_before_epoch, TimestampFormat::Iso8601);
            assert_eq!(ts.to_string(), "1969-12-31T23:59:59.999Z");
            let later =
                OffsetDateTime::from_unix_timestamp_nanos(1_647_417_694_123_999_999).unwrap();
            assert_eq!(
                Timestamp::from_time(later, TimestampFormat::EpochMillis).unix_millis(),
                Some(1_647_417_694_123)
            );
            // The offset of the input does not change the instant written.
            let east = later.to_offset(UtcOffset::from_hms(8, 0, 0).unwrap());
            assert_eq!(
                Timestamp::from_time(east, TimestampFormat::Iso8601).to_string(),
                "2022-03-16T08:01:34.123Z"
            );
        }

        #[test]
        fn time_reads_an_offset_as_the_utc_instant() {
            let ts =
                Timestamp::from_wire_text("2022-03-16T16:01:34.5+08:00", TimestampFormat::Iso8601);
            let want = PrimitiveDateTime::new(
                Date::from_calendar_date(2022, Month::March, 16).unwrap(),
                Time::from_hms_milli(8, 1, 34, 500).unwrap(),
            )
            .assume_utc();
            let dt = ts.to_time().unwrap();
            assert_eq!(dt, want);
            assert_eq!(dt.offset(), UtcOffset::UTC);
            assert_eq!(dt.hour(), 8);
        }

        #[test]
        fn time_rejects_unreadable_and_out_of_range_values() {
            for ts in unreadable() {
                let err = ts.to_time().unwrap_err();
                assert!(!err.is_out_of_range(), "{err}");
                assert_eq!(err.target(), "time::OffsetDateTime");
                assert_eq!(err.format(), ts.format());
            }
            for ms in [i64::MAX, i64::MIN] {
                let ts = Timestamp::from_unix_millis(ms, TimestampFormat::EpochMillis);
                let err = OffsetDateTime::try_from(&ts).unwrap_err();
                assert!(err.is_out_of_range(), "{err}");
                assert_eq!(
                    err.to_string(),
                    format!("the timestamp \"{ms}\" is outside the range of time::OffsetDateTime")
                );
            }
        }
    }
}

#[cfg(feature = "jiff")]
mod with_jiff {
    use super::{TimestampError, floor_millis, wire_millis};
    use crate::{Timestamp, TimestampFormat};

    const TARGET: &str = "jiff::Timestamp";

    impl Timestamp {
        /// A timestamp for the instant `t`, written in `format` (see [`Timestamp::from_unix_millis`]);
        /// sub-millisecond parts are truncated toward negative infinity. For a `jiff::Zoned`, pass
        /// `zoned.timestamp()`. Requires the `jiff` feature.
        pub fn from_jiff(t: jiff::Timestamp, format: TimestampFormat) -> Timestamp {
            // Not `as_millisecond`, which truncates toward zero: 0.4 ms before the epoch must become -1 ms.
            Timestamp::from_unix_millis(floor_millis(t.as_nanosecond()), format)
        }

        /// The instant as a [`jiff::Timestamp`], with millisecond precision. Fails when the wire value
        /// cannot be read in its format or lies outside the range of `jiff::Timestamp` (years -9999 to
        /// 9999). Requires the `jiff` feature.
        pub fn to_jiff(&self) -> Result<jiff::Timestamp, TimestampError> {
            let ms = wire_millis(self, TARGET)?;
            jiff::Timestamp::from_millisecond(ms)
                .map_err(|_| TimestampError::new(self, TARGET, true))
        }
    }

    /// Same as [`Timestamp::to_jiff`].
    impl TryFrom<&Timestamp> for jiff::Timestamp {
        type Error = TimestampError;

        fn try_from(ts: &Timestamp) -> Result<Self, TimestampError> {
            ts.to_jiff()
        }
    }

    #[cfg(test)]
    mod tests {
        use jiff::civil::date;
        use jiff::tz::Offset;

        use super::super::tests::{CASES, Case, FORMATS, expected_ms, unreadable};
        use crate::{Timestamp, TimestampFormat};

        /// The case's instant built from its calendar fields, independently of the runtime's own
        /// calendar code; `whole_seconds` drops the milliseconds (what the epoch-seconds format keeps).
        fn expected(c: &Case, whole_seconds: bool) -> jiff::Timestamp {
            let (y, mo, d, h, mi, s, milli) = c.fields;
            let milli = if whole_seconds { 0 } else { milli };
            let n = |v: u8| i8::try_from(v).unwrap();
            let dt = date(i16::try_from(y).unwrap(), n(mo), n(d)).at(
                n(h),
                n(mi),
                n(s),
                i32::from(milli) * 1_000_000,
            );
            Offset::UTC.to_timestamp(dt).unwrap()
        }

        #[test]
        fn jiff_round_trips_every_format() {
            for c in CASES {
                for format in FORMATS {
                    let ts = Timestamp::from_unix_millis(c.ms, format);
                    let t = ts.to_jiff().unwrap();
                    assert_eq!(
                        t,
                        expected(c, format == TimestampFormat::EpochSeconds),
                        "{ts} ({format:?})"
                    );
                    assert_eq!(
                        t.as_nanosecond(),
                        i128::from(expected_ms(c, format)) * 1_000_000
                    );
                    assert_eq!(jiff::Timestamp::try_from(&ts).unwrap(), t);
                    let back = Timestamp::from_jiff(t, format);
                    assert_eq!(back, ts, "{ts} ({format:?})");
                    assert_eq!(back.to_string(), ts.to_string());
                }
            }
            let iso =
                Timestamp::from_wire_text("1900-01-01T00:00:00.001Z", TimestampFormat::Iso8601);
            assert_eq!(
                Timestamp::from_jiff(iso.to_jiff().unwrap(), TimestampFormat::Iso8601).to_string(),
                "1900-01-01T00:00:00.001Z"
            );
            let ms = Timestamp::from_wire_number(
                1_647_417_694_123i64.into(),
                TimestampFormat::EpochMillis,
            );
            assert_eq!(
                Timestamp::from_jiff(ms.to_jiff().unwrap(), TimestampFormat::EpochMillis),
                ms
            );
        }

        #[test]
        fn jiff_truncates_sub_millis_toward_negative_infinity() {
            let just_before_epoch = jiff::Timestamp::new(0, -400_000).unwrap();
            let ts = Timestamp::from_jiff(just_before_epoch, TimestampFormat::Iso8601);
            assert_eq!(ts.to_string(), "1969-12-31T23:59:59.999Z");
            let later = jiff::Timestamp::new(1_647_417_694, 123_999_999).unwrap();
            assert_eq!(
                Timestamp::from_jiff(later, TimestampFormat::EpochMillis).unix_millis(),
                Some(1_647_417_694_123)
            );
        }

        #[test]
        fn jiff_reads_an_offset_as_the_utc_instant() {
            let ts =
                Timestamp::from_wire_text("2022-03-16T16:01:34.5+08:00", TimestampFormat::Iso8601);
            let want = Offset::UTC
                .to_timestamp(date(2022, 3, 16).at(8, 1, 34, 500_000_000))
                .unwrap();
            assert_eq!(ts.to_jiff().unwrap(), want);
            // The same wall time read at +08:00 by jiff itself is the same instant.
            let east = Offset::constant(8)
                .to_timestamp(date(2022, 3, 16).at(16, 1, 34, 500_000_000))
                .unwrap();
            assert_eq!(ts.to_jiff().unwrap(), east);
        }

        #[test]
        fn jiff_rejects_unreadable_and_out_of_range_values() {
            for ts in unreadable() {
                let err = ts.to_jiff().unwrap_err();
                assert!(!err.is_out_of_range(), "{err}");
                assert_eq!(err.target(), "jiff::Timestamp");
            }
            for ms in [i64::MAX, i64::MIN] {
                let ts = Timestamp::from_unix_millis(ms, TimestampFormat::EpochMillis);
                let err = jiff::Timestamp::try_from(&ts).unwrap_err();
                assert!(err.is_out_of_range(), "{err}");
            }
        }
    }
}

#[cfg(feature = "chrono")]
mod with_chrono {
    use chrono::{DateTime, TimeZone, Utc};

    use super::{TimestampError, wire_millis};
    use crate::{Timestamp, TimestampFormat};

    const TARGET: &str = "chrono::DateTime<Utc>";

    impl Timestamp {
        /// A timestamp for the instant `t`, in any time zone, written in `format` (see
        /// [`Timestamp::from_unix_millis`]); sub-millisecond parts are truncated toward negative infinity,
        /// and a leap second counts as the second after it. Requires the `chrono` feature.
        pub fn from_chrono<Tz: TimeZone>(t: DateTime<Tz>, format: TimestampFormat) -> Timestamp {
            // Whole seconds rounded down plus the non-negative sub-second milliseconds: a floor, and no
            // overflow, since chrono's years (±262 143) span far fewer than i64::MAX milliseconds.
            Timestamp::from_unix_millis(t.timestamp_millis(), format)
        }

        /// The instant as a [`chrono::DateTime<Utc>`], with millisecond precision. Fails when the wire
        /// value cannot be read in its format or lies outside the range of `DateTime<Utc>` (years
        /// ±262 143). Requires the `chrono` feature.
        pub fn to_chrono(&self) -> Result<DateTime<Utc>, TimestampError> {
            let ms = wire_millis(self, TARGET)?;
            DateTime::from_timestamp_millis(ms)
                .ok_or_else(|| TimestampError::new(self, TARGET, true))
        }
    }

    /// Same as [`Timestamp::to_chrono`].
    impl TryFrom<&Timestamp> for DateTime<Utc> {
        type Error = TimestampError;

        fn try_from(ts: &Timestamp) -> Result<Self, TimestampError> {
            ts.to_chrono()
        }
    }

    #[cfg(test)]
    mod tests {
        use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

        use super::super::tests::{CASES, Case, FORMATS, expected_ms, unreadable};
        use crate::{Timestamp, TimestampFormat};

        /// The case's instant built from its calendar fields, independently of the runtime's own
        /// calendar code; `whole_seconds` drops the milliseconds (what the epoch-seconds format keeps).
        fn expected(c: &Case, whole_seconds: bool) -> DateTime<Utc> {
            let (y, mo, d, h, mi, s, milli) = c.fields;
            let milli = if whole_seconds { 0 } else { milli };
            NaiveDate::from_ymd_opt(y, mo.into(), d.into())
                .unwrap()
                .and_hms_milli_opt(h.into(), mi.into(), s.into(), milli.into())
                .unwrap()
                .and_utc()
        }

        #[test]
        fn chrono_round_trips_every_format() {
            for c in CASES {
                for format in FORMATS {
                    let ts = Timestamp::from_unix_millis(c.ms, format);
                    let dt = ts.to_chrono().unwrap();
                    assert_eq!(
                        dt,
                        expected(c, format == TimestampFormat::EpochSeconds),
                        "{ts} ({format:?})"
                    );
                    assert_eq!(dt.timestamp_millis(), expected_ms(c, format));
                    assert_eq!(DateTime::<Utc>::try_from(&ts).unwrap(), dt);
                    let back = Timestamp::from_chrono(dt, format);
                    assert_eq!(back, ts, "{ts} ({format:?})");
                    assert_eq!(back.to_string(), ts.to_string());
                }
            }
            let iso =
                Timestamp::from_wire_text("1900-01-01T00:00:00.001Z", TimestampFormat::Iso8601);
            assert_eq!(
                Timestamp::from_chrono(iso.to_chrono().unwrap(), TimestampFormat::Iso8601)
                    .to_string(),
                "1900-01-01T00:00:00.001Z"
            );
            let ms = Timestamp::from_wire_number(
                1_647_417_694_123i64.into(),
                TimestampFormat::EpochMillis,
            );
            assert_eq!(
                Timestamp::from_chrono(ms.to_chrono().unwrap(), TimestampFormat::EpochMillis),
                ms
            );
        }

        #[test]
        fn chrono_truncates_sub_millis_toward_negative_infinity() {
            let just_before_epoch = DateTime::from_timestamp(-1, 999_600_000).unwrap();
            let ts = Timestamp::from_chrono(just_before_epoch, TimestampFormat::Iso8601);
            assert_eq!(ts.to_string(), "1969-12-31T23:59:59.999Z");
            let later = DateTime::from_timestamp(1_647_417_694, 123_999_999).unwrap();
            assert_eq!(
                Timestamp::from_chrono(later, TimestampFormat::EpochMillis).unix_millis(),
                Some(1_647_417_694_123)
            );
            // Any time zone is accepted; only the instant is written.
            let east = later.with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap());
            assert_eq!(
                Timestamp::from_chrono(east, TimestampFormat::Iso8601).to_string(),
                "2022-03-16T08:01:34.123Z"
            );
        }

        #[test]
        fn chrono_reads_an_offset_as_the_utc_instant() {
            let ts =
                Timestamp::from_wire_text("2022-03-16T16:01:34.5+08:00", TimestampFormat::Iso8601);
            let want = NaiveDate::from_ymd_opt(2022, 3, 16)
                .unwrap()
                .and_hms_milli_opt(8, 1, 34, 500)
                .unwrap()
                .and_utc();
            assert_eq!(ts.to_chrono().unwrap(), want);
        }

        #[test]
        fn chrono_rejects_unreadable_and_out_of_range_values() {
            for ts in unreadable() {
                let err = ts.to_chrono().unwrap_err();
                assert!(!err.is_out_of_range(), "{err}");
                assert_eq!(err.target(), "chrono::DateTime<Utc>");
            }
            for ms in [i64::MAX, i64::MIN] {
                let ts = Timestamp::from_unix_millis(ms, TimestampFormat::EpochMillis);
                let err = DateTime::<Utc>::try_from(&ts).unwrap_err();
                assert!(err.is_out_of_range(), "{err}");
            }
        }
    }
}

/// Cases shared by the tests of every feature.
#[cfg(test)]
mod tests {
    use crate::{Timestamp, TimestampFormat};

    /// An instant in Unix milliseconds and its UTC calendar fields (year, month, day, hour, minute,
    /// second, millisecond), written out by hand so each crate's test can build the expected value on
    /// its own.
    pub(super) struct Case {
        pub(super) ms: i64,
        pub(super) fields: (i32, u8, u8, u8, u8, u8, u16),
    }

    pub(super) const CASES: &[Case] = &[
        Case {
            ms: 1_647_417_694_123,
            fields: (2022, 3, 16, 8, 1, 34, 123),
        },
        Case {
            ms: 0,
            fields: (1970, 1, 1, 0, 0, 0, 0),
        },
        // Before 1970, with milliseconds: the seconds round down (to :58), not toward zero.
        Case {
            ms: -1_500,
            fields: (1969, 12, 31, 23, 59, 58, 500),
        },
        Case {
            ms: -2_208_988_799_999,
            fields: (1900, 1, 1, 0, 0, 0, 1),
        },
        // A leap day.
        Case {
            ms: 951_782_400_999,
            fields: (2000, 2, 29, 0, 0, 0, 999),
        },
    ];

    pub(super) const FORMATS: [TimestampFormat; 3] = [
        TimestampFormat::EpochMillis,
        TimestampFormat::EpochSeconds,
        TimestampFormat::Iso8601,
    ];

    /// The milliseconds of `c` that survive being written in `format`.
    pub(super) fn expected_ms(c: &Case, format: TimestampFormat) -> i64 {
        match format {
            TimestampFormat::EpochSeconds => c.ms.div_euclid(1000) * 1000,
            _ => c.ms,
        }
    }

    /// Wire values no conversion can read.
    pub(super) fn unreadable() -> Vec<Timestamp> {
        vec![
            Timestamp::from_wire_text("not a date", TimestampFormat::Iso8601),
            Timestamp::from_wire_text("2022-02-30T00:00:00Z", TimestampFormat::Iso8601),
            Timestamp::from_wire_number(1_647_417_694.into(), TimestampFormat::Iso8601),
            Timestamp::from_wire_text("soon", TimestampFormat::EpochMillis),
            // Seconds whose milliseconds overflow i64.
            Timestamp::from_wire_number(u64::MAX.into(), TimestampFormat::EpochSeconds),
        ]
    }

    /// The error names the wire value, but only with control characters escaped: a service must not be
    /// able to write raw escapes into a log through it.
    #[test]
    fn dates_error_quotes_the_wire_value_safely() {
        let ts = Timestamp::from_wire_text("bad\n\u{1b}[31mred", TimestampFormat::Iso8601);
        let errors: Vec<super::TimestampError> = vec![
            #[cfg(feature = "time")]
            ts.to_time().unwrap_err(),
            #[cfg(feature = "jiff")]
            ts.to_jiff().unwrap_err(),
            #[cfg(feature = "chrono")]
            ts.to_chrono().unwrap_err(),
        ];
        for err in errors {
            let shown = err.to_string();
            assert!(
                !shown.contains('\n') && !shown.contains('\u{1b}'),
                "{shown:?}"
            );
            assert!(shown.contains(r"bad\n\u{1b}[31mred"), "{shown:?}");
            assert!(
                shown.ends_with("it is not an ISO-8601 date-time"),
                "{shown:?}"
            );
            assert_eq!(err.wire(), r"bad\n\u{1b}[31mred");
        }
        let long =
            Timestamp::from_wire_text("9".repeat(10_000) + "x", TimestampFormat::EpochMillis);
        #[cfg(feature = "time")]
        let err = long.to_time().unwrap_err();
        #[cfg(all(not(feature = "time"), feature = "jiff"))]
        let err = long.to_jiff().unwrap_err();
        #[cfg(all(not(feature = "time"), not(feature = "jiff")))]
        let err = long.to_chrono().unwrap_err();
        assert!(err.wire().len() <= 256, "{}", err.wire().len());
    }
}
