//! The spec model of the workflows an operation supports beyond one call: `paginator:` (every page of a
//! list operation) and `waiters:` (polling until a job ends). Re-exported by [`super::model`].

use serde::Deserialize;

/// `paginator:` how a list operation pages, by page number (`page`) or by token (`token`). Request
/// parameters are wire names; places in the response are dotted paths of wire names (`Items.Job`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginatorSpec {
    /// The request parameter with the page number.
    #[serde(default)]
    pub page: Option<String>,
    /// The number of the first page (0 or 1; default 1).
    #[serde(default)]
    pub first: Option<i64>,
    /// The request parameter with the page token.
    #[serde(default)]
    pub token: Option<String>,
    /// Where the response has the next page's token (default: the `token` parameter's name).
    #[serde(default)]
    pub next: Option<String>,
    /// The request parameter with the offset of the first item to return (offset paging: the next
    /// page's offset is the previous offset plus the items received).
    #[serde(default)]
    pub offset: Option<String>,
    /// The request parameter with the page size.
    #[serde(default)]
    pub size: Option<String>,
    /// Where the response has the list.
    pub items: String,
    /// Where the response has the total number of items.
    #[serde(default)]
    pub total: Option<String>,
    /// Where the response has the total number of pages.
    #[serde(default)]
    pub pages: Option<String>,
}

impl PaginatorSpec {
    /// The number of the first page: `first`, or 1 when the spec leaves it out. The one place this
    /// default is decided; the generated paginator, the loader's checks and the emulator all read it.
    pub fn first_page(&self) -> i64 {
        self.first.unwrap_or(1)
    }

    /// Where the answer has the next page's token: `next`, or the token parameter's own name.
    pub fn next_field(&self) -> Option<&str> {
        self.next.as_deref().or(self.token.as_deref())
    }
}

/// One waiter: where the answer says how a long-running job stands, and what its statuses mean. Places
/// are dotted paths of wire names into the response.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterSpec {
    /// What the waiter waits for.
    pub description: String,
    /// Where the job's status is.
    pub status: String,
    /// Statuses that mean success.
    pub success: Vec<String>,
    /// Statuses that mean failure.
    #[serde(default)]
    pub failure: Vec<String>,
    /// Where a completion percentage is.
    #[serde(default)]
    pub progress: Option<String>,
    /// Progress as two counts, where the answer has no percentage (a node pool's healthy nodes of its
    /// total).
    #[serde(default)]
    pub counts: Option<WaiterCountsSpec>,
    /// The job's items, when the answer lists them.
    #[serde(default)]
    pub items: Option<WaiterItemsSpec>,
}

/// `waiters.<Name>.counts`: where the answer counts what is done and how much there is in all.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterCountsSpec {
    /// Where the number done is.
    pub done: String,
    /// Where the total is.
    pub total: String,
}

/// `waiters.<Name>.items`: the list of a job's items, and within each item (paths relative to it) its
/// name, status, message and repair method.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterItemsSpec {
    /// Where the list is.
    pub list: String,
    /// Where the total number of items is (default: the list's length).
    #[serde(default)]
    pub total: Option<String>,
    /// The item's name.
    pub name: String,
    /// The item's status.
    pub status: String,
    /// What went wrong.
    #[serde(default)]
    pub message: Option<String>,
    /// How to repair it.
    #[serde(default)]
    pub repair: Option<String>,
    /// Item statuses that count as done.
    #[serde(default)]
    pub done: Vec<String>,
    /// Item statuses reported as failed.
    #[serde(default)]
    pub failed: Vec<String>,
    /// Item statuses reported as warnings.
    #[serde(default)]
    pub warning: Vec<String>,
}
