//! [`RetryConfig`] and the retry policy: which failures are retried, exponential backoff with full jitter
//! and a cap, and the service's `x-acs-retry-after` / `Retry-After` hints.
//!
//! Units of the hints: `x-acs-retry-after` is read as **milliseconds** when it is a bare integer, because
//! Alibaba's runtimes (Darabonba/Tea) express every retry delay, including the throttling time left, in
//! milliseconds; an explicit unit (`1500ms`, `2s`) or a decimal (`1.5`, read as seconds) is honoured too.
//! The standard `Retry-After` header is seconds, as RFC 9110 defines it. A hint longer than the
//! configured [`RetryConfig::max_backoff`] is not waited for: the throttling error is returned at once,
//! with [`Error::retry_after`] set, so the caller decides instead of a call silently hanging.

use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::error::Error;

/// How a call is retried: at most `max_attempts` attempts, and before attempt `n + 1` a random delay
/// between zero and `min(max_backoff, initial_backoff * 2^(n-1))` ("full jitter"), unless the service said
/// how long to wait.
///
/// The defaults are aws-sdk-rust's standard mode: 3 attempts, 1 s initial backoff, 20 s cap. Alibaba's
/// flow control counts requests per second, so a first retry spread over the next second mostly lands
/// in a fresh window, and full jitter keeps many clients throttled together from retrying in lockstep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig::standard()
    }
}

impl RetryConfig {
    /// 3 attempts, 1 s initial backoff, 20 s cap.
    pub fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// One attempt, never retried.
    pub fn disabled() -> Self {
        RetryConfig::standard().with_max_attempts(1)
    }

    /// At most `n` attempts in all (at least 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The ceiling of the first retry's random delay; it doubles for each later retry.
    pub fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// The cap of any delay, and the longest service `retry-after` hint that is waited for.
    pub fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// The maximum number of attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The first retry's delay ceiling.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The cap of every delay.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The delay before attempt `failed_attempt + 1` after `e`, or `None` when it must not be retried:
    /// attempts exhausted, an error that retrying cannot fix (authentication, permission, validation,
    /// other 4xx), or a service hint longer than [`RetryConfig::max_backoff`].
    pub(crate) fn delay_after(&self, failed_attempt: u32, e: &Error) -> Option<Duration> {
        if failed_attempt >= self.max_attempts || !e.is_retryable() {
            return None;
        }
        match e.retry_after() {
            Some(hint) if hint > self.max_backoff => None,
            Some(hint) => Some(hint),
            None => Some(self.backoff(failed_attempt, random_fraction())),
        }
    }

    /// Full jitter: `fraction` (in `0..=1`) of the capped exponential ceiling.
    fn backoff(&self, failed_attempt: u32, fraction: f64) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << failed_attempt.saturating_sub(1).min(20))
            .min(self.max_backoff);
        ceiling.mul_f64(fraction.clamp(0.0, 1.0))
    }
}

/// A uniform random number in `0..=1` from the system generator (0.5 if it fails: a jitter source is not
/// worth failing a call for).
fn random_fraction() -> f64 {
    crate::sign::random_hex(4)
        .ok()
        .and_then(|h| u32::from_str_radix(&h, 16).ok())
        .map_or(0.5, |r| f64::from(r) / f64::from(u32::MAX))
}

/// The service's hint of how long to wait: `x-acs-retry-after` first, then `Retry-After`.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    text("x-acs-retry-after")
        .and_then(|v| parse_hint(v, Unit::Millis))
        .or_else(|| text("retry-after").and_then(|v| parse_hint(v, Unit::Seconds)))
}

/// What a bare integer means.
#[derive(Clone, Copy)]
enum Unit {
    Millis,
    Seconds,
}

/// Parses `1500`, `1500ms`, `2s` or `1.5` (seconds); `None` for anything else (e.g. an HTTP date, negative
/// or absurd values).
fn parse_hint(value: &str, bare: Unit) -> Option<Duration> {
    let v = value.trim().to_ascii_lowercase();
    let (number, unit) = if let Some(n) = v.strip_suffix("ms") {
        (n.trim(), Unit::Millis)
    } else if let Some(n) = v.strip_suffix('s') {
        (n.trim(), Unit::Seconds)
    } else if v.contains('.') {
        (v.as_str(), Unit::Seconds)
    } else {
        (v.as_str(), bare)
    };
    let n: f64 = number.parse().ok()?;
    let secs = match unit {
        Unit::Millis => n / 1000.0,
        Unit::Seconds => n,
    };
    // A day is far beyond any throttling window; larger values are treated as garbage.
    (n.is_finite() && (0.0..=86_400.0).contains(&secs)).then(|| Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn hints_and_units() {
        assert_eq!(
            parse_hint("1500", Unit::Millis),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(parse_hint("2", Unit::Seconds), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_hint(" 250ms ", Unit::Seconds),
            Some(Duration::from_millis(250))
        );
        assert_eq!(parse_hint("3s", Unit::Millis), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_hint("1.5", Unit::Millis),
            Some(Duration::from_millis(1500))
        );
        for bad in [
            "",
            "-1",
            "soon",
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "1e9",
            "NaN",
        ] {
            assert_eq!(parse_hint(bad, Unit::Seconds), None, "{bad:?}");
        }
        let mut h = HeaderMap::new();
        h.insert("retry-after", "2".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("x-acs-retry-after", "300".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(300)));
    }

    #[test]
    fn full_jitter_is_capped_and_grows() {
        let c = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        assert_eq!(c.backoff(1, 1.0), Duration::from_millis(100));
        assert_eq!(c.backoff(2, 1.0), Duration::from_millis(200));
        assert_eq!(c.backoff(3, 1.0), Duration::from_millis(350));
        assert_eq!(c.backoff(60, 1.0), Duration::from_millis(350));
        assert_eq!(c.backoff(2, 0.0), Duration::ZERO);
        assert_eq!(c.backoff(2, 0.5), Duration::from_millis(100));
    }

    #[test]
    fn what_is_retried() {
        let c = RetryConfig::standard().with_max_attempts(3);
        let unavailable = Error::new(ErrorKind::Service, "x")
            .with_status(503)
            .with_code(Some("ServiceUnavailable".into()));
        assert!(c.delay_after(1, &unavailable).is_some());
        assert!(
            c.delay_after(3, &unavailable).is_none(),
            "attempts exhausted"
        );
        assert!(
            RetryConfig::disabled()
                .delay_after(1, &unavailable)
                .is_none()
        );
        let forbidden = Error::new(ErrorKind::Service, "x")
            .with_status(403)
            .with_code(Some("Forbidden.RAM".into()));
        assert!(c.delay_after(1, &forbidden).is_none());
        let throttled = Error::new(ErrorKind::Throttling, "x")
            .with_retry_after(Some(Duration::from_millis(40)));
        assert_eq!(
            c.delay_after(1, &throttled),
            Some(Duration::from_millis(40))
        );
        let too_long =
            Error::new(ErrorKind::Throttling, "x").with_retry_after(Some(Duration::from_secs(60)));
        assert!(c.delay_after(1, &too_long).is_none());
        for attempt in 1..3 {
            let d = c.delay_after(attempt, &Error::new(ErrorKind::Timeout, "t"));
            assert!(d.is_some_and(|d| d <= Duration::from_secs(20)));
        }
    }
}
