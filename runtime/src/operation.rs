//! [`Operation`]: what generated code implements for each API action — a static description
//! ([`OperationInfo`]) and the input's field table ([`Shape`]) — so the client can validate, encode, send
//! and decode it with code written once, here in the runtime. The same descriptions, listed by the
//! generated crate's registry, let tools call any operation from wire-named JSON.

use crate::codec::{Rule, Shape};
use crate::endpoint::Service;
use crate::paginator::Paging;
use crate::waiter::Waiting;

/// One API action's input, ready to be sent by [`crate::Client::invoke`].
///
/// Everything about the request is data: [`Shape::fields`] says how each parameter is named, checked and
/// flattened, [`Operation::INFO`] which action of which product it is and the rules between parameters.
pub trait Operation: Shape + Default {
    /// The decoded response body.
    type Output: Shape + Default;

    /// What the action is.
    const INFO: &'static OperationInfo;
}

/// The HTTP method an operation is called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// POST: parameters in the query string and, where declared, a form body. Most operations.
    Post,
    /// GET: every parameter in the query string, for operations that accept only GET.
    Get,
    /// PUT (RESTful operations).
    Put,
    /// DELETE (RESTful operations).
    Delete,
    /// PATCH (RESTful operations).
    Patch,
}

impl Method {
    /// `POST`, `GET`, `PUT`, `DELETE` or `PATCH`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
        }
    }
}

/// Makes a new, empty input or output of one operation: `&acs_runtime::codec::boxed::<T>` for a
/// generated type; a closure over a type read from a catalogue for [`crate::dynamic`] operations, which
/// is why this is a reference to a function object and not a plain `fn` pointer.
pub type NewShape = &'static (dyn Fn() -> Box<dyn Shape> + Send + Sync);

/// The static description of one API action: enough to validate, send and decode it, and to list it.
#[derive(Clone, Copy)]
pub struct OperationInfo {
    /// The product it belongs to (module, code, version and endpoints).
    pub service: &'static Service,
    /// The action name, e.g. `DescribePreCheckStatus`.
    pub action: &'static str,
    /// POST, or GET for operations that accept only GET; any method for a RESTful operation.
    pub method: Method,
    /// A RESTful (ROA) operation's path template, `/clusters/{ClusterId}`, each `{Name}` filled from the
    /// input's `path` parameter of that name; possibly ending in fixed query parameters (`?type=log`).
    /// `None` for an RPC operation, which is sent to `/`.
    pub path: Option<&'static str>,
    /// Rules between parameters, checked before sending.
    pub rules: &'static [Rule],
    /// The RAM action that authorizes the call (`dts:DescribePreCheckStatus`), when documented.
    pub ram_action: Option<&'static str>,
    /// Whether the documentation marks the operation deprecated.
    pub deprecated: bool,
    /// Whether the operation is called without credentials: its request is not signed (STS's
    /// `AssumeRoleWithOIDC`, whose caller has a token and no keys yet).
    pub anonymous: bool,
    /// A new, empty input.
    pub new_input: NewShape,
    /// A new, empty output, which a response body is decoded into.
    pub new_output: NewShape,
    /// How the answers come in pages, for a list operation.
    pub paging: Option<&'static Paging>,
    /// The conditions this operation can be polled for, by name.
    pub waiters: &'static [Waiting],
}

/// The operation's product, action and what it is called with; the constructors print as nothing.
impl std::fmt::Debug for OperationInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperationInfo")
            .field("service", &self.service)
            .field("action", &self.action)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("rules", &self.rules)
            .field("ram_action", &self.ram_action)
            .field("deprecated", &self.deprecated)
            .field("anonymous", &self.anonymous)
            .field("paging", &self.paging)
            .field("waiters", &self.waiters)
            .finish_non_exhaustive()
    }
}

impl OperationInfo {
    /// The waiter called `name` (`PreCheckFinished`), if the operation has one.
    pub fn waiter(&self, name: &str) -> Option<&'static Waiting> {
        self.waiters.iter().find(|w| w.name == name)
    }
}
