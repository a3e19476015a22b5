//! Unit tests of [`CachingProvider`]: the refresh margin, single flight, and what a failed refresh does.

use super::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// Hands out `id-N` credentials valid for `lifetime`, or fails once `fail_after` calls were made; each
/// call takes `delay`.
#[derive(Debug)]
struct Counting {
    calls: Arc<AtomicU32>,
    lifetime: Option<Duration>,
    fail_after: u32,
    delay: Duration,
}

impl Counting {
    fn new(calls: &Arc<AtomicU32>, lifetime: Option<Duration>, fail_after: u32) -> Counting {
        Counting {
            calls: calls.clone(),
            lifetime,
            fail_after,
            delay: Duration::ZERO,
        }
    }
}

impl ProvideCredentials for Counting {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(self.delay).await;
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
        .enable_time()
        .build()
        .expect("runtime")
        .block_on(f)
}

#[test]
fn caches_until_the_refresh_window() {
    run(async {
        let calls = Arc::new(AtomicU32::new(0));
        let forever = CachingProvider::new(Counting::new(&calls, None, 10));
        let clone = forever.clone();
        assert_eq!(forever.provide().await.unwrap().access_key_id(), "id-1");
        assert_eq!(clone.provide().await.unwrap().access_key_id(), "id-1");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "clones share the cache");
        forever.invalidate().await;
        assert_eq!(clone.provide().await.unwrap().access_key_id(), "id-2");

        // An hour of validity is outside the 15-minute margin: cached.
        let calls = Arc::new(AtomicU32::new(0));
        let hour = CachingProvider::new(Counting::new(&calls, Some(Duration::from_secs(3600)), 10));
        hour.provide().await.unwrap();
        hour.provide().await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        // Less than the margin left on arrival: used for half of what is left, then refreshed.
        let calls = Arc::new(AtomicU32::new(0));
        let short =
            CachingProvider::new(Counting::new(&calls, Some(Duration::from_millis(400)), 10));
        assert_eq!(short.provide().await.unwrap().access_key_id(), "id-1");
        assert_eq!(short.provide().await.unwrap().access_key_id(), "id-1");
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(short.provide().await.unwrap().access_key_id(), "id-2");

        // A margin of its own.
        let calls = Arc::new(AtomicU32::new(0));
        let margin =
            CachingProvider::new(Counting::new(&calls, Some(Duration::from_secs(3600)), 10))
                .refresh_before(Duration::from_secs(3599));
        margin.provide().await.unwrap();
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(margin.provide().await.unwrap().access_key_id(), "id-2");
    });
}

#[test]
fn a_failed_refresh_keeps_unexpired_credentials_and_backs_off() {
    run(async {
        let calls = Arc::new(AtomicU32::new(0));
        let p = CachingProvider::new(Counting::new(&calls, Some(Duration::from_secs(120)), 1))
            .refresh_before(Duration::from_secs(119));
        assert_eq!(p.provide().await.unwrap().access_key_id(), "id-1");
        assert_eq!(p.last_refresh_error(), None);
        tokio::time::sleep(Duration::from_millis(1100)).await;
        // The refresh fails, the cached credentials are still valid for two minutes.
        assert_eq!(p.provide().await.unwrap().access_key_id(), "id-1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        assert_eq!(p.last_refresh_error().as_deref(), Some("source down"));
        // Within the back-off (at least a second) nobody asks the failing source again.
        for _ in 0..50 {
            assert_eq!(p.provide().await.unwrap().access_key_id(), "id-1");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        let expired = CachingProvider::new(Counting::new(
            &Arc::new(AtomicU32::new(0)),
            Some(Duration::ZERO),
            1,
        ));
        expired.provide().await.unwrap();
        let e = expired.provide().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert_eq!(expired.last_refresh_error().as_deref(), Some("source down"));
    });
}

#[test]
fn one_refresh_for_many_concurrent_callers() {
    run(async {
        // Nothing cached yet: a thousand callers, one fetch.
        let calls = Arc::new(AtomicU32::new(0));
        let p = CachingProvider::new(Counting {
            delay: Duration::from_millis(50),
            ..Counting::new(&calls, Some(Duration::from_secs(3600)), 10)
        });
        let all = (0..1000).map(|_| {
            let p = p.clone();
            tokio::spawn(async move { p.provide().await.map(|c| c.access_key_id().to_owned()) })
        });
        for got in futures_util::future::join_all(all).await {
            assert_eq!(got.expect("task").expect("credentials"), "id-1");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        // A source that fails while nothing valid is cached: the waiters share the one failure.
        let calls = Arc::new(AtomicU32::new(0));
        let p = CachingProvider::new(Counting {
            delay: Duration::from_millis(50),
            ..Counting::new(&calls, None, 0)
        });
        let all = (0..200).map(|_| {
            let p = p.clone();
            tokio::spawn(async move { p.provide().await.map(|_| ()) })
        });
        for got in futures_util::future::join_all(all).await {
            let e = got.expect("task").expect_err("the source fails");
            assert_eq!(e.message(), "source down");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    });
}

#[test]
fn the_retry_pause_follows_the_official_jitter() {
    for failures in 1..40 {
        let pause = retry_pause(failures);
        assert!(pause >= MIN_RETRY_PAUSE, "{failures}: {pause:?}");
        let ceiling = Duration::from_millis(100)
            .saturating_mul(1u32 << (failures - 1).min(20))
            .max(BASE_RETRY_CEILING);
        assert!(pause <= ceiling, "{failures}: {pause:?}");
    }
}
