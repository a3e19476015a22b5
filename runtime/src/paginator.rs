//! Paginators: every page (or every item) of a list operation as a [`Stream`], from a description the
//! generated code gives as data ([`Paging`]) and one generic loop written here.
//!
//! Alibaba's list operations page in three ways: by page number (`PageNumber`, `PageNum`, `PageNo`,
//! `CurrentPage`, with a page size, starting at 0 or 1 depending on the product), by token (`NextToken`
//! sent back as it came, with `MaxResults`), or by item offset (Log Service's `offset` and `size`: the
//! next page's offset is the previous one plus the items received). The paginator asks for one page
//! after another and stops on the first of: an empty page; the documented total of items or pages
//! reached (with offsets: the offset reaching the total); no next token, or a token seen before (a server
//! that would send us round in circles); and, as a guard against a server that never ends, a maximum
//! number of pages, which ends the stream with an error rather than silently truncating the listing.

use std::any::Any;
use std::collections::BTreeSet;
use std::marker::PhantomData;
use std::pin::Pin;

use futures_util::stream::{self, Stream, StreamExt, TryStreamExt};

use crate::client::Client;
use crate::codec::{Reader, Shape, View, clone_fields};
use crate::config::CallConfig;
use crate::error::{Error, ErrorKind};
use crate::operation::{Operation, OperationInfo};

/// How one operation pages: wire names of its parameters and dotted paths into its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The request parameter with the page number (page-number paging).
    pub page: Option<&'static str>,
    /// The number of the first page.
    pub first: i64,
    /// The request parameter with the page token (token paging).
    pub token: Option<&'static str>,
    /// Dotted path of the next page's token in the output (token paging).
    pub next: &'static str,
    /// The request parameter with the offset of the page's first item (offset paging): the first page
    /// starts at the input's offset (0 when unset), each next one after the items received.
    pub offset: Option<&'static str>,
    /// The request parameter with the page size, if there is one.
    pub size: Option<&'static str>,
    /// Dotted path of the list in the output, such as `Items.RestoreTaskDetail`.
    pub items: &'static str,
    /// Dotted path of the total number of items, or `""`.
    pub total: &'static str,
    /// Dotted path of the total number of pages, or `""`.
    pub pages: &'static str,
}

/// An operation whose answers come in pages; generated for every list operation whose spec declares a
/// paginator (its [`OperationInfo::paging`] says how).
pub trait Paged: Operation + Clone + Send + 'static {
    /// One item of the list.
    type Item: Clone + Send + 'static;
}

/// A stream of pages or items; each element is a result, and an error ends the stream.
pub type PageStream<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>;

/// How many pages a paginator fetches at most unless told otherwise ([`Paginator::max_pages`]).
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// Pages of a list operation; made by a fluent builder's `into_paginator()`.
pub struct Paginator<I: Paged> {
    inner: DynPaginator,
    _input: PhantomData<fn() -> I>,
}

impl<I: Paged> std::fmt::Debug for Paginator<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl<I: Paged> Paginator<I> {
    /// A paginator that sends `input` (from its page, or the first) with `config`.
    pub fn new(client: Client, input: I, config: CallConfig) -> Self {
        Paginator {
            inner: DynPaginator::new(client, I::INFO, Box::new(input), config),
            _input: PhantomData,
        }
    }

    /// Asks for `size` items per page (the operation's page-size parameter; an operation without one
    /// ignores it). A size the operation does not accept fails the first call, as the plain call would.
    pub fn page_size(self, size: i64) -> Self {
        Paginator {
            inner: self.inner.page_size(size),
            _input: PhantomData,
        }
    }

    /// Fetches at most `pages` pages; a listing that goes on past them ends with an error.
    pub fn max_pages(self, pages: usize) -> Self {
        Paginator {
            inner: self.inner.max_pages(pages),
            _input: PhantomData,
        }
    }

    /// The items of every page, one by one, instead of the pages.
    pub fn items(self) -> ItemPaginator<I> {
        ItemPaginator(self)
    }

    /// Starts paging: a stream of pages.
    pub fn send(self) -> PageStream<I::Output> {
        self.inner
            .send()
            .map(|page| page.and_then(typed::<I::Output>))
            .boxed()
    }
}

/// The items of every page of a list operation; made by [`Paginator::items`].
pub struct ItemPaginator<I: Paged>(Paginator<I>);

impl<I: Paged> std::fmt::Debug for ItemPaginator<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ItemPaginator").field(&self.0).finish()
    }
}

impl<I: Paged> ItemPaginator<I> {
    /// Starts paging: a stream of items.
    pub fn send(self) -> PageStream<I::Item> {
        let items = I::INFO.paging.map_or("", |p| p.items);
        self.0
            .send()
            .map_ok(move |page| stream::iter(items_of::<I::Item>(&page, items)).map(Ok))
            .try_flatten()
            .boxed()
    }
}

/// The paginator behind the typed one, over inputs and outputs of any operation: what tools that call
/// operations by name (`acs … --all-pages`) use.
pub struct DynPaginator {
    client: Client,
    info: &'static OperationInfo,
    input: Box<dyn Shape>,
    config: CallConfig,
    max_pages: usize,
    problem: Option<Error>,
}

impl std::fmt::Debug for DynPaginator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &self.info.action)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl DynPaginator {
    /// A paginator over `info`'s pages, starting from `input`; an operation without a paginator gives a
    /// stream of one configuration error.
    pub fn new(
        client: Client,
        info: &'static OperationInfo,
        input: Box<dyn Shape>,
        config: CallConfig,
    ) -> Self {
        let problem = info.paging.is_none().then(|| {
            Error::new(ErrorKind::Config, "the operation has no paginator")
                .with_operation(info.action)
        });
        DynPaginator {
            client,
            info,
            input,
            config,
            max_pages: DEFAULT_MAX_PAGES,
            problem,
        }
    }

    /// See [`Paginator::page_size`].
    pub fn page_size(mut self, size: i64) -> Self {
        if let Some(Err(e)) = self
            .info
            .paging
            .and_then(|p| p.size)
            .map(|p| set(&mut *self.input, p, &size.to_string()))
        {
            self.problem.get_or_insert(e);
        }
        self
    }

    /// See [`Paginator::max_pages`].
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// Starts paging: a stream of pages.
    pub fn send(self) -> PageStream<Box<dyn Shape>> {
        let (Some(paging), None) = (self.info.paging, self.problem.as_ref()) else {
            let e = self
                .problem
                .unwrap_or_else(|| Error::new(ErrorKind::Config, "no paginator"));
            return stream::once(async move { Err(e) }).boxed();
        };
        let page = paging
            .page
            .map(|p| number(view_at(&*self.input, p)).unwrap_or(paging.first));
        let token = paging
            .token
            .and_then(|t| text(view_at(&*self.input, t)).map(str::to_owned));
        let offset = paging
            .offset
            .map(|o| number(view_at(&*self.input, o)).unwrap_or(0));
        let state = State {
            client: self.client,
            info: self.info,
            paging,
            input: self.input,
            config: self.config,
            max_pages: self.max_pages,
            fetched: 0,
            items: 0,
            page,
            offset,
            seen: token.iter().fold(SeenTokens::default(), |mut seen, t| {
                seen.insert(t);
                seen
            }),
            token,
            done: false,
        };
        stream::try_unfold(state, State::next).boxed()
    }
}

/// `page` as the operation's own output type.
fn typed<T: Shape>(page: Box<dyn Shape>) -> Result<T, Error> {
    let page: Box<dyn Any> = page;
    page.downcast::<T>().map(|p| *p).map_err(|_| {
        Error::new(
            ErrorKind::Decode,
            "the operation's description names another output type",
        )
    })
}

/// Where a paginator is between pages.
struct State {
    client: Client,
    info: &'static OperationInfo,
    paging: &'static Paging,
    input: Box<dyn Shape>,
    config: CallConfig,
    max_pages: usize,
    fetched: usize,
    /// Items received so far.
    items: i64,
    /// The page to ask for next (page-number paging).
    page: Option<i64>,
    /// The offset of the next page's first item (offset paging).
    offset: Option<i64>,
    /// The token to send next (token paging; `None` for the first page).
    token: Option<String>,
    /// Every token sent.
    seen: SeenTokens,
    done: bool,
}

/// The tokens a listing has sent, remembered by their SHA-256 digest: a token can be tens of kilobytes
/// and a listing ten thousand pages long, and recognising a repeat needs no more than the digest (a
/// collision of SHA-256 is not a risk worth the 300 MB the tokens themselves would take).
#[derive(Default)]
pub(crate) struct SeenTokens(BTreeSet<[u8; 32]>);

impl SeenTokens {
    /// Remembers `token`; `false` when it was seen before.
    pub(crate) fn insert(&mut self, token: &str) -> bool {
        let digest = ring::digest::digest(&ring::digest::SHA256, token.as_bytes());
        let mut key = [0u8; 32];
        key.copy_from_slice(digest.as_ref());
        self.0.insert(key)
    }

    /// The bytes held for the tokens themselves (the set's own nodes aside).
    #[cfg(test)]
    pub(crate) fn retained_bytes(&self) -> usize {
        self.0.len() * 32
    }
}

impl State {
    async fn next(mut self) -> Result<Option<(Box<dyn Shape>, Self)>, Error> {
        if self.done {
            return Ok(None);
        }
        let paging = self.paging;
        if self.fetched >= self.max_pages {
            return Err(Error::new(
                ErrorKind::Pagination,
                format!(
                    "the listing did not end after {} pages; raise the paginator's max_pages to read further",
                    self.max_pages
                ),
            )
            .with_operation(self.info.action));
        }
        if let (Some(p), Some(n)) = (paging.page, self.page) {
            // A listing longer than the page number's documented maximum cannot be read further by
            // paging: say so as a paging error, not as the caller's invalid parameter.
            if self.fetched > 0
                && let Some(max) = page_maximum(&*self.input, p)
                && n as f64 > max
            {
                return Err(Error::new(
                    ErrorKind::Pagination,
                    format!(
                        "the listing goes on past page {}, the largest `{p}` the operation accepts; \
                         narrow it (filters) or ask for larger pages to read the rest",
                        n - 1
                    ),
                )
                .with_operation(self.info.action));
            }
            set(&mut *self.input, p, &n.to_string())?;
        }
        if let (Some(o), Some(n)) = (paging.offset, self.offset) {
            set(&mut *self.input, o, &n.to_string())?;
        }
        if let (Some(t), Some(token)) = (paging.token, &self.token) {
            let json = serde_json::Value::String(token.clone()).to_string();
            set(&mut *self.input, t, &json)?;
        }
        // Each page is sent from a copy: the call fills the idempotency token in what it sends, and a
        // token kept for the next page would make the service answer the first page again.
        let mut sent = (self.info.new_input)();
        clone_fields(&*self.input, &mut *sent);
        let out = self
            .client
            .invoke_dyn(self.info, &mut *sent, &self.config)
            .await?;
        self.fetched += 1;
        let count = match view_at(&*out, paging.items) {
            Some(View::List(list)) => list.count(),
            _ => 0,
        };
        let received = i64::try_from(count).unwrap_or(i64::MAX);
        self.items = self.items.saturating_add(received);
        let reached =
            |path: &str, have: i64| number(view_at(&*out, path)).is_some_and(|t| have >= t);
        let mut done = count == 0;
        if let Some(n) = self.offset {
            // The next page starts after the items received; the listing ends where the total does
            // (counted from the offset, which a caller may have started past 0).
            let next = n.saturating_add(received);
            done |= reached(paging.total, next);
            self.offset = Some(next);
        } else {
            done |= reached(paging.total, self.items);
        }
        if let Some(n) = self.page {
            done |= reached(paging.pages, n - paging.first + 1);
            self.page = Some(n + 1);
        }
        if paging.token.is_some() {
            match text(view_at(&*out, paging.next)).filter(|t| !t.is_empty()) {
                // A token sent before would fetch a page already given: the server goes round in circles.
                Some(next) if self.seen.insert(next) => self.token = Some(next.to_owned()),
                _ => done = true,
            }
        }
        self.done = done;
        Ok(Some((out, self)))
    }
}

/// The documented maximum of the page-number parameter `name`, if it has one.
fn page_maximum(input: &dyn Shape, name: &str) -> Option<f64> {
    input
        .fields()
        .iter()
        .find(|f| f.name == name)
        .and_then(|f| f.limits.max())
}

/// Sets the parameter with wire name `name` of `input` from JSON text.
fn set(input: &mut dyn Shape, name: &str, json: &str) -> Result<(), Error> {
    let Some(index) = input.fields().iter().position(|f| f.name == name) else {
        return Err(Error::new(
            ErrorKind::Config,
            format!("the paginator names a parameter `{name}` the input does not have"),
        ));
    };
    let hint = input.fields()[index].hint;
    let mut result = Ok(());
    input.slots_mut(&mut |slots| {
        if let Some(slot) = slots.get_mut(index) {
            result = slot.decode_into(&mut Reader::new(json), hint);
            // Some pages type their page number as text (the wire carries the same digits either way).
            if result.is_err() && json.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
                result = slot.decode_into(&mut Reader::new(&format!("\"{json}\"")), hint);
            }
        }
    });
    result.map_err(|e| {
        Error::new(
            ErrorKind::Validation,
            format!("the paginator cannot set `{name}` to {json}: {e}"),
        )
    })
}

/// The value at the dotted `path` of `shape`, if every step is set. A step goes into an object, or
/// through a list of objects into its first one: a waiter polls a listing filtered to the one resource
/// it waits for (`Snapshots.Snapshot.Status` of `DescribeSnapshots` with one snapshot id).
pub(crate) fn view_at<'a>(shape: &'a dyn Shape, path: &str) -> Option<View<'a>> {
    if path.is_empty() {
        return None;
    }
    let mut here = shape;
    let mut steps = path.split('.').peekable();
    while let Some(step) = steps.next() {
        let index = here.fields().iter().position(|f| f.name == step)?;
        let value = here.slot(index)?.view()?;
        match (steps.peek(), value) {
            (None, v) => return Some(v),
            (Some(_), View::Shape(inner)) => here = inner,
            (Some(_), View::List(list)) => match list.item(0)? {
                View::Shape(inner) => here = inner,
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// A whole number from a view: services send counts as numbers or as numeric text, and percentages
/// sometimes with their sign (`"100%"`, ECS's snapshot progress).
pub(crate) fn number(view: Option<View<'_>>) -> Option<i64> {
    match view? {
        View::Int(n) => Some(n),
        View::Number(n) => n.as_i64(),
        View::Str(s) => s.trim().trim_end_matches('%').trim_end().parse().ok(),
        _ => None,
    }
}

pub(crate) fn text(view: Option<View<'_>>) -> Option<&str> {
    match view? {
        View::Str(s) => Some(s),
        _ => None,
    }
}

/// A copy of the list at `path` of `page`, as items of type `T` (none when absent or of another type).
fn items_of<T: Clone + 'static>(page: &dyn Shape, path: &str) -> Vec<T> {
    let (parent, last) = match path.rsplit_once('.') {
        Some((parent, last)) => match view_at(page, parent) {
            Some(View::Shape(inner)) => (inner, last),
            _ => return Vec::new(),
        },
        None => (page, path),
    };
    let Some(index) = parent.fields().iter().position(|f| f.name == last) else {
        return Vec::new();
    };
    parent
        .slot(index)
        .and_then(|slot| slot.as_any().downcast_ref::<Option<Vec<T>>>())
        .and_then(Option::clone)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::SeenTokens;

    #[test]
    fn tokens_are_remembered_by_digest() {
        let mut seen = SeenTokens::default();
        let long = |i: usize| format!("{i:08}{}", "t".repeat(30 * 1024));
        for i in 0..1_000 {
            assert!(seen.insert(&long(i)), "token {i} is new");
        }
        assert!(!seen.insert(&long(7)), "a repeat is recognised");
        assert!(seen.insert("short"));
        // 1,001 tokens of 30 KB held as 32-byte digests: 32 KB, not 30 MB.
        assert_eq!(seen.retained_bytes(), 1_001 * 32);
    }
}
