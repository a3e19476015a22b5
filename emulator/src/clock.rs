//! The emulator's clock, and UTC timestamps in the one format both signature versions use,
//! `YYYY-MM-DDTHH:MM:SSZ`: the runtime's signing-date functions, so client and emulator agree on the format.
//! The legacy ROA and Log Service signatures date requests with an HTTP `date` header instead
//! (`Thu, 06 Feb 2020 07:32:54 GMT`, RFC 1123), read by [`parse_http_date`].

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the UNIX epoch, now (0 if the system clock is before 1970).
pub fn now_epoch() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Formats `epoch` seconds as `YYYY-MM-DDTHH:MM:SSZ`, the form of `x-acs-date` and V1's `Timestamp`.
pub fn format_iso8601(epoch: i64) -> String {
    acs_runtime::sign::format_signing_date(epoch)
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` into seconds since the UNIX epoch; `None` for any other shape or an
/// impossible date. Strict on purpose: the gateway rejects other forms with `InvalidTimeStamp.Format`.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    acs_runtime::sign::parse_signing_date(text)
}

/// Parses an RFC 1123 date (`Thu, 06 Feb 2020 07:32:54 GMT`, the form every HTTP client writes) into
/// seconds since the UNIX epoch; `None` for any other shape or an impossible date. The weekday is not
/// checked against the date: it adds nothing a signature does not already cover.
pub fn parse_http_date(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = text.split_ascii_whitespace();
    let weekday = parts.next()?;
    let (day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let shaped = parts.next().is_none()
        && weekday.len() == 4
        && weekday.ends_with(',')
        && digits(day, 2)
        && digits(year, 4)
        && zone == "GMT";
    if !shaped {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    parse_iso8601(&format!("{year}-{month:02}-{day}T{time}Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_http_dates() {
        assert_eq!(
            parse_http_date("Tue, 23 Feb 2016 12:46:24 GMT"),
            Some(1_456_231_584)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        for bad in [
            "",
            "Tue, 23 Feb 2016 12:46:24",
            "Tue, 23 Feb 2016 12:46:24 UTC",
            "Tue 23 Feb 2016 12:46:24 GMT",
            "Tue, 3 Feb 2016 12:46:24 GMT",
            "Tue, 30 Feb 2016 12:46:24 GMT",
            "Tue, 23 Fev 2016 12:46:24 GMT",
            "Tue, 23 Feb 2016 12:46 GMT",
            "Tue, 23 Feb 2016 12:46:24 GMT extra",
            "2016-02-23T12:46:24Z",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn round_trips_known_dates() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601("2016-02-23T12:46:24Z"), Some(1_456_231_584));
        assert_eq!(parse_iso8601("2024-02-29T23:59:59Z"), Some(1_709_251_199));
        for t in [0, 1_456_231_584, 1_709_251_199, 4_102_444_800] {
            assert_eq!(parse_iso8601(&format_iso8601(t)), Some(t));
        }
        assert_eq!(format_iso8601(1_456_231_584), "2016-02-23T12:46:24Z");
    }

    #[test]
    fn rejects_other_shapes() {
        for bad in [
            "",
            "2016-02-23 12:46:24Z",
            "2016-02-23T12:46:24",
            "2016-02-23T12:46:24.000Z",
            "2023-02-29T00:00:00Z",
            "2016-13-01T00:00:00Z",
            "2016-02-23T24:00:00Z",
            "+016-02-23T12:46:24Z",
            "２016-02-23T12:46:2Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }
}
