//! A minimal hand-written `tracing` subscriber that records every span (name and fields) and every event
//! (level and fields) at every level, TRACE included, as text, so tests can look at what a call logs.
//!
//! It is installed per thread, while other tests of the same binary run on other threads. With only one
//! dispatcher registered, tracing-core computes the interest of a callsite first reached on another
//! thread from that thread's subscriber alone, caches "never" for everyone, and the capture silently
//! misses the event. So the first install also sets a process-wide subscriber that enables nothing but
//! keeps every callsite's interest at "sometimes", which makes each event ask the current thread's.

// Each test binary that includes this file uses a different part of it.
#![allow(dead_code)]

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

/// A span's id, name and every field recorded on it.
pub type SpanRecord = (u64, String, Vec<(String, String)>);

/// Every span and event seen, as text.
#[derive(Default)]
pub struct Captured {
    spans: Mutex<Vec<SpanRecord>>,
    events: Mutex<Vec<Vec<(String, String)>>>,
    next_id: AtomicU64,
}

/// The subscriber; clones share what they capture.
#[derive(Clone, Default)]
pub struct Capture(Arc<Captured>);

impl Capture {
    /// Installs a new capture as this thread's default subscriber until the guard is dropped.
    pub fn install() -> (Capture, tracing::dispatcher::DefaultGuard) {
        static UNDECIDED: Once = Once::new();
        UNDECIDED.call_once(|| {
            // Fails only if a global subscriber exists already, which then plays the same part.
            let _ = tracing::dispatcher::set_global_default(tracing::Dispatch::new(Undecided));
        });
        let capture = Capture::default();
        let guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(capture.clone()));
        (capture, guard)
    }

    pub fn spans(&self) -> Vec<SpanRecord> {
        self.0.spans.lock().unwrap().clone()
    }

    /// Every event's fields, its level first (as the field `level`).
    pub fn events(&self) -> Vec<Vec<(String, String)>> {
        self.0.events.lock().unwrap().clone()
    }

    /// Everything captured, as one text to search.
    pub fn text(&self) -> String {
        format!("{:?} {:?}", self.spans(), self.events())
    }
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    // Strings are kept as they are (not Debug-escaped), so a test sees exactly what a log line would.
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.0.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let name = span.metadata().name().to_owned();
        self.0.spans.lock().unwrap().push((id, name, fields));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.0.spans.lock().unwrap();
        if let Some((_, _, fields)) = spans.iter_mut().find(|(id, _, _)| *id == span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = vec![("level".to_owned(), event.metadata().level().to_string())];
        event.record(&mut Fields(&mut fields));
        self.0.events.lock().unwrap().push(fields);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Enables nothing and decides nothing: every callsite stays "sometimes" interesting.
struct Undecided;

impl Subscriber for Undecided {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }

    fn enabled(&self, _: &Metadata<'_>) -> bool {
        false
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
