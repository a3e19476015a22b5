//! Waiters: poll an operation until its answer says a long-running job succeeded or failed, with backoff,
//! a maximum wait and progress reported as it happens, from a description generated code gives as data
//! ([`Waiting`]) and one polling loop written here.
//!
//! The result is typed ([`WaitOutcome`]): success, failure with the items that failed or warned (name,
//! status, message, repair method), or a timeout with the last answer. A call that fails ends the wait
//! with its error; transient failures are retried by the client's own retry policy before that.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::codec::{Shape, View, clone_fields};
use crate::config::CallConfig;
use crate::error::{Error, ErrorKind};
use crate::operation::{Operation, OperationInfo};
use crate::paginator::{number, text, view_at};

/// A condition an operation can be polled for: where its answer says how the job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    /// The waiter's name (`PreCheckFinished`; the method is `wait_until_pre_check_finished`).
    pub name: &'static str,
    /// What it waits for, one sentence.
    pub doc: &'static str,
    /// Dotted path of the job's status in the answer.
    pub status: &'static str,
    /// Statuses that mean the job succeeded.
    pub success: &'static [&'static str],
    /// Statuses that mean the job failed.
    pub failure: &'static [&'static str],
    /// Dotted path of a completion percentage, or `""`.
    pub progress: &'static str,
    /// Where the answer counts what is done and the total, for progress without a percentage.
    pub counts: Option<&'static WaitCounts>,
    /// The job's items, when the answer lists them.
    pub items: Option<&'static WaitItems>,
}

/// Where an answer counts a job's progress: dotted paths of the number done and of the total (a node
/// pool's healthy nodes and all its nodes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitCounts {
    /// Dotted path of the number done.
    pub done: &'static str,
    /// Dotted path of the total.
    pub total: &'static str,
}

/// Where the answer lists a job's items (precheck items, for example) and what their statuses mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitItems {
    /// Dotted path of the list.
    pub list: &'static str,
    /// Dotted path of the total number of items in the answer, or `""` (the list's length).
    pub total: &'static str,
    /// Within an item: its name.
    pub name: &'static str,
    /// Within an item: its status.
    pub status: &'static str,
    /// Within an item: what went wrong, or `""`.
    pub message: &'static str,
    /// Within an item: how to repair it, or `""`.
    pub repair: &'static str,
    /// Item statuses that count as done.
    pub done: &'static [&'static str],
    /// Item statuses reported as failed.
    pub failed: &'static [&'static str],
    /// Item statuses reported as warnings.
    pub warning: &'static [&'static str],
}

/// How a job stands after one poll.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Progress {
    /// The job's status, as the service wrote it.
    pub status: Option<String>,
    /// How far the job is, 0 to 100: the answer's percentage, else the share of items done.
    pub percent: Option<f64>,
    /// Items done.
    pub done: usize,
    /// Items in all (0 when the answer lists none).
    pub total: usize,
    /// Polls so far, this one included.
    pub polls: u32,
    /// Time since the wait began.
    pub elapsed: Duration,
}

/// Whether an item failed or only warned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The item failed.
    Failed,
    /// The item passed with a warning.
    Warning,
}

/// One item that failed or warned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemReport {
    /// The item's name.
    pub name: String,
    /// Its status, as the service wrote it.
    pub status: String,
    /// Failed or warning.
    pub severity: Severity,
    /// What went wrong (may be empty).
    pub message: String,
    /// How to repair it (may be empty).
    pub repair: String,
}

/// How a wait ended.
#[derive(Debug)]
pub enum WaitOutcome<O> {
    /// The job succeeded; items that warned are listed.
    Success {
        /// The last answer.
        output: O,
        /// Items that passed with a warning.
        warnings: Vec<ItemReport>,
    },
    /// The job failed.
    Failure {
        /// The last answer.
        output: O,
        /// Items that failed or warned.
        items: Vec<ItemReport>,
    },
    /// The maximum wait passed first.
    TimedOut {
        /// The last answer.
        last: Option<O>,
        /// How long the wait lasted.
        waited: Duration,
    },
}

impl<O> WaitOutcome<O> {
    fn map<P>(self, f: impl FnOnce(O) -> Result<P, Error>) -> Result<WaitOutcome<P>, Error> {
        Ok(match self {
            WaitOutcome::Success { output, warnings } => WaitOutcome::Success {
                output: f(output)?,
                warnings,
            },
            WaitOutcome::Failure { output, items } => WaitOutcome::Failure {
                output: f(output)?,
                items,
            },
            WaitOutcome::TimedOut { last, waited } => WaitOutcome::TimedOut {
                last: last.map(f).transpose()?,
                waited,
            },
        })
    }
}

/// The future a waiter's `send()` gives.
pub type WaitFuture<O> = Pin<Box<dyn Future<Output = Result<WaitOutcome<O>, Error>> + Send>>;

/// The first pause between polls unless told otherwise ([`Waiter::poll_interval`]).
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);
/// The longest pause between polls unless told otherwise ([`Waiter::max_interval`]).
pub const DEFAULT_MAX_INTERVAL: Duration = Duration::from_secs(30);
/// How long a waiter waits unless told otherwise ([`Waiter::max_wait`]).
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(30 * 60);

type OnProgress = Box<dyn FnMut(&Progress) + Send>;

/// Polls one operation until a condition holds; made by a fluent builder's `wait_until_<name>()`.
pub struct Waiter<I: Operation> {
    inner: DynWaiter,
    _input: PhantomData<fn() -> I>,
}

impl<I: Operation> std::fmt::Debug for Waiter<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl<I: Operation + Send + 'static> Waiter<I> {
    /// A waiter that sends `input` with `config` until `waiting`'s condition holds.
    pub fn new(client: Client, input: I, config: CallConfig, waiting: &'static Waiting) -> Self {
        Waiter {
            inner: DynWaiter::new(client, I::INFO, Box::new(input), config, waiting),
            _input: PhantomData,
        }
    }

    /// Calls `f` after every poll with how the job stands.
    pub fn on_progress(self, f: impl FnMut(&Progress) + Send + 'static) -> Self {
        self.with(|w| w.on_progress(f))
    }

    /// The first pause between polls; each later pause is half as long again, up to
    /// [`max_interval`](Self::max_interval).
    pub fn poll_interval(self, pause: Duration) -> Self {
        self.with(|w| w.poll_interval(pause))
    }

    /// The longest pause between polls.
    pub fn max_interval(self, pause: Duration) -> Self {
        self.with(|w| w.max_interval(pause))
    }

    /// How long to wait in all before [`WaitOutcome::TimedOut`].
    pub fn max_wait(self, wait: Duration) -> Self {
        self.with(|w| w.max_wait(wait))
    }

    fn with(self, f: impl FnOnce(DynWaiter) -> DynWaiter) -> Self {
        Waiter {
            inner: f(self.inner),
            _input: PhantomData,
        }
    }

    /// Starts polling.
    pub fn send(self) -> WaitFuture<I::Output> {
        let inner = self.inner.send();
        Box::pin(async move {
            inner.await?.map(|out| {
                let out: Box<dyn Any> = out;
                out.downcast::<I::Output>().map(|o| *o).map_err(|_| {
                    Error::new(
                        ErrorKind::Decode,
                        "the operation's description names another output type",
                    )
                })
            })
        })
    }
}

/// The waiter behind the typed one, over any operation: what tools that call operations by name
/// (`acs <module> wait …`) use.
pub struct DynWaiter {
    client: Client,
    info: &'static OperationInfo,
    input: Box<dyn Shape>,
    config: CallConfig,
    waiting: &'static Waiting,
    first: Duration,
    longest: Duration,
    max_wait: Duration,
    on_progress: Option<OnProgress>,
}

impl std::fmt::Debug for DynWaiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiter")
            .field("action", &self.info.action)
            .field("waiter", &self.waiting.name)
            .field("max_wait", &self.max_wait)
            .finish_non_exhaustive()
    }
}

impl DynWaiter {
    /// A waiter that sends `input` to `info`'s operation until `waiting`'s condition holds.
    pub fn new(
        client: Client,
        info: &'static OperationInfo,
        input: Box<dyn Shape>,
        config: CallConfig,
        waiting: &'static Waiting,
    ) -> Self {
        DynWaiter {
            client,
            info,
            input,
            config,
            waiting,
            first: DEFAULT_POLL_INTERVAL,
            longest: DEFAULT_MAX_INTERVAL,
            max_wait: DEFAULT_MAX_WAIT,
            on_progress: None,
        }
    }

    /// See [`Waiter::on_progress`].
    pub fn on_progress(mut self, f: impl FnMut(&Progress) + Send + 'static) -> Self {
        self.on_progress = Some(Box::new(f));
        self
    }

    /// See [`Waiter::poll_interval`].
    pub fn poll_interval(mut self, pause: Duration) -> Self {
        self.first = pause;
        self
    }

    /// See [`Waiter::max_interval`].
    pub fn max_interval(mut self, pause: Duration) -> Self {
        self.longest = pause;
        self
    }

    /// See [`Waiter::max_wait`].
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// Starts polling.
    pub fn send(mut self) -> WaitFuture<Box<dyn Shape>> {
        Box::pin(async move {
            let started = Instant::now();
            let mut pause = self.first;
            let mut polls = 0u32;
            loop {
                // Every poll sends a copy: the call fills the idempotency token in what it sends, and a
                // token kept for the next poll would make the service answer the first poll again.
                let mut sent = (self.info.new_input)();
                clone_fields(&*self.input, &mut *sent);
                let out = self
                    .client
                    .invoke_dyn(self.info, &mut *sent, &self.config)
                    .await?;
                polls += 1;
                let progress = progress(self.waiting, &*out, polls, started.elapsed());
                if let Some(f) = self.on_progress.as_mut() {
                    f(&progress);
                }
                let status = progress.status.as_deref().unwrap_or("");
                if self.waiting.success.contains(&status) {
                    let mut warnings = reports(self.waiting, &*out);
                    warnings.retain(|r| r.severity == Severity::Warning);
                    return Ok(WaitOutcome::Success {
                        output: out,
                        warnings,
                    });
                }
                if self.waiting.failure.contains(&status) {
                    let items = reports(self.waiting, &*out);
                    return Ok(WaitOutcome::Failure { output: out, items });
                }
                let elapsed = started.elapsed();
                if elapsed >= self.max_wait {
                    return Ok(WaitOutcome::TimedOut {
                        last: Some(out),
                        waited: elapsed,
                    });
                }
                // The last pause ends at the deadline, so the final poll sees the job as it is then.
                tokio::time::sleep(pause.min(self.max_wait - elapsed)).await;
                pause = (pause + pause / 2).min(self.longest.max(self.first));
            }
        })
    }
}

/// How the job stands in `out`.
fn progress(waiting: &Waiting, out: &dyn Shape, polls: u32, elapsed: Duration) -> Progress {
    let status = text(view_at(out, waiting.status)).map(str::to_owned);
    let (mut done, mut total) = (0, 0);
    if let Some(items) = waiting.items {
        let mut listed = 0;
        each_item(out, items.list, |item| {
            listed += 1;
            let s = text(view_at(item, items.status)).unwrap_or("");
            if items.done.contains(&s) {
                done += 1;
            }
        });
        total = number(view_at(out, items.total))
            .and_then(|t| usize::try_from(t).ok())
            .unwrap_or(listed)
            .max(done);
    }
    if let Some(counts) = waiting.counts {
        let count = |path| {
            number(view_at(out, path))
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0)
        };
        total = count(counts.total);
        done = count(counts.done).min(total);
    }
    let stated = match view_at(out, waiting.progress) {
        Some(View::Float(f)) => Some(f),
        // Percentages are small whole numbers: exact in f64.
        other => number(other).map(|n| n as f64),
    };
    let counted = (total > 0).then(|| done as f64 * 100.0 / total as f64);
    Progress {
        status,
        percent: stated.or(counted).map(|p| p.clamp(0.0, 100.0)),
        done,
        total,
        polls,
        elapsed,
    }
}

/// The items of `out` that failed or warned.
fn reports(waiting: &Waiting, out: &dyn Shape) -> Vec<ItemReport> {
    let Some(items) = waiting.items else {
        return Vec::new();
    };
    let mut found = Vec::new();
    each_item(out, items.list, |item| {
        let field = |path: &str| text(view_at(item, path)).unwrap_or("").to_owned();
        let status = field(items.status);
        let severity = if items.failed.contains(&status.as_str()) {
            Severity::Failed
        } else if items.warning.contains(&status.as_str()) {
            Severity::Warning
        } else {
            return;
        };
        found.push(ItemReport {
            name: field(items.name),
            status,
            severity,
            message: field(items.message),
            repair: field(items.repair),
        });
    });
    found
}

/// Calls `each` with every object of the list at `path`.
fn each_item(out: &dyn Shape, path: &str, mut each: impl FnMut(&dyn Shape)) {
    if let Some(View::List(list)) = view_at(out, path) {
        for i in 0..list.count() {
            if let Some(View::Shape(item)) = list.item(i) {
                each(item);
            }
        }
    }
}
