//! [`CachingProvider`]: remembers credentials until shortly before they expire, so a client asks its
//! source (a file, the metadata service, STS) once per credential lifetime rather than once per request.
//!
//! The rules follow `alibabacloud_credentials/provider/refreshable.py` (`RefreshCachedSupplier`) and the
//! providers that feed it (`ram_role_arn.py`, `oidc.py`, `uri.py`, `ecs_ram_role.py`: each sets the
//! "stale time" to `expiration - 15 * 60`):
//!
//! - Credentials are refreshed [`DEFAULT_REFRESH_BEFORE`] (15 minutes) before they expire.
//! - One caller refreshes; the others do not start refreshes of their own ("single flight"). While it
//!   runs, callers whose cached credentials are still valid get them at once; callers without valid
//!   credentials wait for its outcome, success or failure, and share it.
//! - A failed refresh keeps serving the cached credentials while they are valid (the official library
//!   does this for the ECS role, `StaleValueBehavior.ALLOW`), logs the failure (without secrets), keeps it
//!   for [`CachingProvider::last_refresh_error`], and tries again after a back-off of 1 s to
//!   `max(10 s, 100 ms · 2^(failures-1))` with jitter (`_max_stale_failure_jitter` in refreshable.py).
//!
//! One deliberate difference: credentials that arrive with less than the margin left (a 900-second
//! STS session, the shortest allowed, has exactly the margin) are used for half of what is left before
//! the next refresh. The official library refreshes them at every call instead, which under load
//! would be one STS call per request.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::Credentials;
use super::provider::{CredentialsFuture, ProvideCredentials};
use crate::error::{Error, ErrorKind};

/// How long before expiry credentials are refreshed by default: 15 minutes, the official library's
/// margin (`expiration - 15 * 60` in `ram_role_arn.py`, `oidc.py`, `uri.py` and `ecs_ram_role.py`).
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(15 * 60);

/// The shortest and longest pause after a failed refresh (refreshable.py: `jitter_time(now, 1000,
/// max(10 * 1000, (1 << failures - 1) * 100))` milliseconds).
const MIN_RETRY_PAUSE: Duration = Duration::from_secs(1);
const BASE_RETRY_CEILING: Duration = Duration::from_secs(10);

/// What the cache holds; behind a plain mutex, never held across an await.
#[derive(Default)]
struct State {
    cached: Option<Credentials>,
    /// When to refresh the cached credentials; `None` for credentials that never expire.
    refresh_at: Option<SystemTime>,
    /// After a failed refresh: no new attempt before this, while the cached credentials are valid.
    retry_at: Option<SystemTime>,
    failures: u32,
    /// Counts finished refreshes, so a caller that waited can tell one ran meanwhile.
    generation: u64,
    /// The last refresh's failure (kind and secret-free message), cleared by a success.
    last_error: Option<(ErrorKind, String)>,
}

impl State {
    /// The cached credentials when no refresh is due now.
    fn current(&self, now: SystemTime) -> Option<Credentials> {
        let c = self.cached.as_ref()?;
        let due = self.refresh_at.is_some_and(|at| now >= at);
        let pausing = self.retry_at.is_some_and(|at| now < at) && valid(c, now);
        (!due || pausing).then(|| c.clone())
    }

    /// The cached credentials if they have not expired, whether or not a refresh is due.
    fn valid(&self, now: SystemTime) -> Option<Credentials> {
        self.cached.as_ref().filter(|c| valid(c, now)).cloned()
    }
}

fn valid(c: &Credentials, now: SystemTime) -> bool {
    c.expiry().is_none_or(|exp| now < exp)
}

/// Caches another provider's credentials; clones share the cache. Credentials without an expiry are kept
/// for good; expiring ones are fetched again 15 minutes (see [`CachingProvider::refresh_before`]) before
/// their expiry, by one caller at a time. See the module documentation for the rules.
#[derive(Clone)]
pub struct CachingProvider {
    inner: Arc<dyn ProvideCredentials>,
    state: Arc<Mutex<State>>,
    /// Held by the one caller that refreshes.
    gate: Arc<tokio::sync::Mutex<()>>,
    refresh_before: Duration,
}

impl CachingProvider {
    /// Caches `inner`'s credentials.
    pub fn new(inner: impl ProvideCredentials + 'static) -> Self {
        CachingProvider::from_arc(Arc::new(inner))
    }

    pub(crate) fn from_arc(inner: Arc<dyn ProvideCredentials>) -> Self {
        CachingProvider {
            inner,
            state: Arc::new(Mutex::new(State::default())),
            gate: Arc::new(tokio::sync::Mutex::new(())),
            refresh_before: DEFAULT_REFRESH_BEFORE,
        }
    }

    /// How long before expiry to fetch new credentials (default [`DEFAULT_REFRESH_BEFORE`]).
    pub fn refresh_before(mut self, d: Duration) -> Self {
        self.refresh_before = d;
        self
    }

    /// Forgets the cached credentials, so the next call asks the source again.
    pub async fn invalidate(&self) {
        let _refreshing = self.gate.lock().await;
        let mut s = self.lock();
        let generation = s.generation;
        *s = State {
            generation,
            ..State::default()
        };
    }

    /// Why the last refresh failed, if it did and nothing succeeded since: the message of its error
    /// (never a secret). While this is set, still-valid cached credentials are being served.
    pub fn last_refresh_error(&self) -> Option<String> {
        self.lock().last_error.as_ref().map(|(_, m)| m.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is always left consistent (plain assignments), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn get(&self) -> Result<Credentials, Error> {
        let seen = {
            let s = self.lock();
            if let Some(c) = s.current(SystemTime::now()) {
                return Ok(c);
            }
            s.generation
        };
        let _refreshing = match self.gate.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                // Someone is refreshing: valid credentials need not wait for it.
                if let Some(c) = self.lock().valid(SystemTime::now()) {
                    return Ok(c);
                }
                self.gate.lock().await
            }
        };
        {
            let s = self.lock();
            if let Some(c) = s.current(SystemTime::now()) {
                return Ok(c);
            }
            if s.generation != seen
                && let Some((kind, message)) = &s.last_error
            {
                // The refresh this caller waited for failed: share its outcome rather than repeat it.
                return Err(Error::new(*kind, message.clone()));
            }
        }
        let result = self.inner.provide().await;
        let now = SystemTime::now();
        let mut s = self.lock();
        s.generation += 1;
        match result {
            Ok(c) => {
                s.refresh_at = c.expiry().map(|exp| self.refresh_time(now, exp));
                s.cached = Some(c.clone());
                s.retry_at = None;
                s.failures = 0;
                s.last_error = None;
                Ok(c)
            }
            Err(e) => {
                s.last_error = Some((e.kind(), e.message().to_owned()));
                match s.valid(now) {
                    Some(c) => {
                        s.failures = s.failures.saturating_add(1);
                        s.retry_at = Some(now + retry_pause(s.failures));
                        tracing::warn!(
                            error = %e,
                            failures = s.failures,
                            "credentials refresh failed; using the cached ones until they expire"
                        );
                        Ok(c)
                    }
                    None => Err(e),
                }
            }
        }
    }

    /// When to refresh credentials fetched at `now` that expire at `exp`.
    fn refresh_time(&self, now: SystemTime, exp: SystemTime) -> SystemTime {
        let left = exp.duration_since(now).unwrap_or_default();
        if left > self.refresh_before {
            exp - self.refresh_before
        } else {
            now + left / 2
        }
    }
}

/// The pause before the next attempt after `failures` failed refreshes in a row: random between 1 s and
/// `max(10 s, 100 ms · 2^(failures-1))`, as refreshable.py's `_max_stale_failure_jitter`.
fn retry_pause(failures: u32) -> Duration {
    let exponential = Duration::from_millis(100).saturating_mul(1u32 << (failures - 1).min(20));
    let ceiling = exponential.max(BASE_RETRY_CEILING);
    let fraction = crate::sign::random_hex(4)
        .ok()
        .and_then(|h| u32::from_str_radix(&h, 16).ok())
        .map_or(0.5, |r| f64::from(r) / f64::from(u32::MAX));
    MIN_RETRY_PAUSE + (ceiling - MIN_RETRY_PAUSE).mul_f64(fraction)
}

impl ProvideCredentials for CachingProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.get())
    }
}

impl fmt::Debug for CachingProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachingProvider")
            .field("inner", &self.inner)
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
#[path = "cache_tests.rs"]
mod tests;
