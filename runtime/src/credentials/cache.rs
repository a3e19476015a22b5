//! [`CachingProvider`]: remembers credentials until shortly before they expire, so a client asks its
//! source (a file, the metadata service) once per credential lifetime rather than once per request.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;

use super::Credentials;
use super::provider::{CredentialsFuture, ProvideCredentials};

/// How long before expiry credentials are refreshed by default. Five minutes, as Alibaba's SDKs do: long
/// enough that a request signed just before the refresh still arrives while the token is valid.
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

/// Caches another provider's credentials; clones share the cache. Credentials without an expiry are kept
/// for good; expiring ones are fetched again five minutes (see
/// [`CachingProvider::refresh_before`]) before their expiry. Concurrent callers
/// wait for one refresh instead of each starting their own. When a refresh fails but the cached
/// credentials have not expired yet, those are used and the failure is logged (without secrets).
#[derive(Clone)]
pub struct CachingProvider {
    inner: Arc<dyn ProvideCredentials>,
    cached: Arc<Mutex<Option<Credentials>>>,
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
            cached: Arc::new(Mutex::new(None)),
            refresh_before: DEFAULT_REFRESH_BEFORE,
        }
    }

    /// How long before expiry to fetch new credentials.
    pub fn refresh_before(mut self, d: Duration) -> Self {
        self.refresh_before = d;
        self
    }

    /// Forgets the cached credentials, so the next call asks the source again.
    pub async fn invalidate(&self) {
        *self.cached.lock().await = None;
    }

    async fn get(&self) -> Result<Credentials, crate::Error> {
        let mut cached = self.cached.lock().await;
        let now = SystemTime::now();
        if let Some(c) = cached.as_ref() {
            let fresh = c.expiry().is_none_or(|exp| now + self.refresh_before < exp);
            if fresh {
                return Ok(c.clone());
            }
        }
        match self.inner.provide().await {
            Ok(c) => {
                *cached = Some(c.clone());
                Ok(c)
            }
            Err(e) => match cached.as_ref() {
                Some(c) if c.expiry().is_some_and(|exp| now < exp) => {
                    tracing::warn!(error = %e, "credentials refresh failed; using the cached ones until they expire");
                    Ok(c.clone())
                }
                _ => Err(e),
            },
        }
    }
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
mod tests {
    use super::*;
    use crate::error::{Error, ErrorKind};
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Hands out `id-N` credentials valid for `lifetime`, or fails once `fail_after` calls were made.
    #[derive(Debug)]
    struct Counting {
        calls: Arc<AtomicU32>,
        lifetime: Option<Duration>,
        fail_after: u32,
    }

    impl ProvideCredentials for Counting {
        fn provide(&self) -> CredentialsFuture<'_> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                if n > self.fail_after {
                    return Err(Error::new(ErrorKind::Credentials, "source down"));
                }
                let c = Credentials::new(format!("id-{n}"), "s");
                Ok(match self.lifetime {
                    Some(l) => c.with_expiry(SystemTime::now() + l),
                    None => c,
                })
            })
        }
    }

    fn run<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(f)
    }

    #[test]
    fn caches_until_the_refresh_window() {
        run(async {
            let calls = Arc::new(AtomicU32::new(0));
            let forever = CachingProvider::new(Counting {
                calls: calls.clone(),
                lifetime: None,
                fail_after: 10,
            });
            let clone = forever.clone();
            assert_eq!(forever.provide().await.unwrap().access_key_id(), "id-1");
            assert_eq!(clone.provide().await.unwrap().access_key_id(), "id-1");
            assert_eq!(calls.load(Ordering::SeqCst), 1, "clones share the cache");
            forever.invalidate().await;
            assert_eq!(clone.provide().await.unwrap().access_key_id(), "id-2");

            // An hour of validity is outside the 5-minute window; 2 minutes is inside it.
            let calls = Arc::new(AtomicU32::new(0));
            let hour = CachingProvider::new(Counting {
                calls: calls.clone(),
                lifetime: Some(Duration::from_secs(3600)),
                fail_after: 10,
            });
            hour.provide().await.unwrap();
            hour.provide().await.unwrap();
            assert_eq!(calls.load(Ordering::SeqCst), 1);
            let calls = Arc::new(AtomicU32::new(0));
            let short = CachingProvider::new(Counting {
                calls: calls.clone(),
                lifetime: Some(Duration::from_secs(120)),
                fail_after: 10,
            });
            assert_eq!(short.provide().await.unwrap().access_key_id(), "id-1");
            assert_eq!(short.provide().await.unwrap().access_key_id(), "id-2");
        });
    }

    #[test]
    fn a_failed_refresh_keeps_unexpired_credentials() {
        run(async {
            let calls = Arc::new(AtomicU32::new(0));
            let p = CachingProvider::new(Counting {
                calls: calls.clone(),
                lifetime: Some(Duration::from_secs(120)),
                fail_after: 1,
            });
            assert_eq!(p.provide().await.unwrap().access_key_id(), "id-1");
            // The refresh fails, the cached credentials are still valid for two minutes.
            assert_eq!(p.provide().await.unwrap().access_key_id(), "id-1");
            assert_eq!(calls.load(Ordering::SeqCst), 2);

            let expired = CachingProvider::new(Counting {
                calls: Arc::new(AtomicU32::new(0)),
                lifetime: Some(Duration::ZERO),
                fail_after: 1,
            });
            expired.provide().await.unwrap();
            let e = expired.provide().await.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Credentials);
        });
    }
}
