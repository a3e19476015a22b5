//! UTC calendar arithmetic (Howard Hinnant's days-from-civil algorithms), so the crate can format the
//! `x-acs-date` header and parse ISO-8601 timestamps without a date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// Days since 1970-01-01 for a proleptic Gregorian date. `month` is 1..=12, `day` 1..=31.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // day is 1..=31 and month 1..=12 by construction, so the conversions cannot fail.
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

/// Number of days in `month` of `year`.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn format_utc_seconds(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Formats Unix milliseconds as `YYYY-MM-DDTHH:MM:SSZ`, or `YYYY-MM-DDTHH:MM:SS.mmmZ` when there are
/// milliseconds.
pub(crate) fn format_utc_millis(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let frac = ms.rem_euclid(1000);
    let base = format_utc_seconds(secs);
    if frac == 0 {
        base
    } else {
        format!("{}.{frac:03}Z", base.trim_end_matches('Z'))
    }
}

/// Formats Unix seconds as an HTTP date, `Thu, 06 Feb 2020 07:32:54 GMT` (the `date` header of the
/// legacy ROA and Log Service signatures).
pub(crate) fn format_http_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let month = MONTHS[(m as usize).clamp(1, 12) - 1];
    format!(
        "{weekday}, {d:02} {month} {y:04} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ`, the `x-acs-date` format.
pub(crate) fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    format_utc_seconds(secs)
}

/// Parses the ISO-8601 forms Alibaba services send into Unix milliseconds:
/// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `…:SS`, `…:SS.fff` (any number of fraction digits), with `T` or a space
/// between date and time, followed by `Z`, `±HH:MM`, `±HHMM`, `±HH` or nothing (taken as UTC).
pub(crate) fn parse_iso8601_millis(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    let mut p = Cursor { b, i: 0 };
    let year = i64::from(p.digits(4)?);
    p.expect(b'-')?;
    let month = p.digits(2)?;
    p.expect(b'-')?;
    let day = p.digits(2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let (mut hour, mut minute, mut second, mut millis) = (0, 0, 0, 0i64);
    if matches!(p.peek(), Some(b'T' | b't' | b' ')) {
        p.i += 1;
        hour = p.digits(2)?;
        p.expect(b':')?;
        minute = p.digits(2)?;
        if p.peek() == Some(b':') {
            p.i += 1;
            second = p.digits(2)?;
            if matches!(p.peek(), Some(b'.' | b',')) {
                p.i += 1;
                let start = p.i;
                let mut scale = 100;
                while let Some(c) = p.peek().filter(u8::is_ascii_digit) {
                    millis += i64::from(c - b'0') * scale;
                    scale /= 10;
                    p.i += 1;
                }
                if p.i == start {
                    return None;
                }
            }
        }
        // 60 allows a leap second, which we fold into the next minute like most parsers.
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
    }
    let offset_secs: i64 = match p.peek() {
        None => 0,
        Some(b'Z' | b'z') => {
            p.i += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            p.i += 1;
            let oh = i64::from(p.digits(2)?);
            let om = match p.peek() {
                Some(b':') => {
                    p.i += 1;
                    i64::from(p.digits(2)?)
                }
                Some(_) => i64::from(p.digits(2)?),
                None => 0,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if sign == b'+' { o } else { -o }
        }
        Some(_) => return None,
    };
    if p.i != b.len() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
        - offset_secs;
    secs.checked_mul(1000)?.checked_add(millis)
}

/// A tiny byte cursor for the parser above.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let c = self.peek().filter(u8::is_ascii_digit)?;
            v = v * 10 + u32::from(c - b'0');
            self.i += 1;
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        assert_eq!(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        // The example of tea-openapi's `get_date_utcstring`.
        let secs = days_from_civil(2020, 2, 6) * 86_400 + 7 * 3600 + 32 * 60 + 54;
        assert_eq!(format_http_date(secs), "Thu, 06 Feb 2020 07:32:54 GMT");
    }

    #[test]
    fn round_trips_days() {
        for days in [-719_468, -1, 0, 1, 10_957, 19_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn formats_the_published_date() {
        // 2023-10-26T10:22:32Z, the x-acs-date of the published V3 example.
        assert_eq!(format_utc_seconds(1_698_315_752), "2023-10-26T10:22:32Z");
        assert_eq!(format_utc_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            format_utc_millis(1_647_417_694_005),
            "2022-03-16T08:01:34.005Z"
        );
        assert_eq!(format_utc_millis(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(now_utc().len(), 20);
    }

    #[test]
    fn parses_alibaba_forms() {
        let base = 1_647_417_694_000;
        assert_eq!(
            parse_iso8601_millis("2022-03-16T08:01:34.000+00:00"),
            Some(base)
        );
        assert_eq!(parse_iso8601_millis("2022-03-16T08:01:34Z"), Some(base));
        assert_eq!(
            parse_iso8601_millis("2022-03-16T16:01:34+08:00"),
            Some(base)
        );
        assert_eq!(parse_iso8601_millis("2022-03-16T16:01:34+0800"), Some(base));
        assert_eq!(parse_iso8601_millis("2022-03-16T00:01:34-08"), Some(base));
        assert_eq!(parse_iso8601_millis("2022-03-16 08:01:34"), Some(base));
        assert_eq!(
            parse_iso8601_millis("2022-03-16T08:01:34.5Z"),
            Some(base + 500)
        );
        assert_eq!(
            parse_iso8601_millis("2022-03-16T08:01:34.123456Z"),
            Some(base + 123)
        );
        assert_eq!(
            parse_iso8601_millis("2022-03-16T08:01Z"),
            Some(base - 34_000)
        );
        assert_eq!(parse_iso8601_millis("2022-03-16"), Some(base - 28_894_000));
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            "2022",
            "2022-13-01",
            "2022-02-30",
            "2022-03-16T24:00:00Z",
            "2022-03-16T08:01:34Zjunk",
            "2022-03-16T08:01:34.Z",
            "yesterday",
            "2022-03-16T08:01:34+25:00",
            "２０２２-03-16",
        ] {
            assert_eq!(parse_iso8601_millis(bad), None, "{bad:?}");
        }
    }
}
