//! [`Operation`]: what generated code implements for each API action — a static description
//! ([`OperationInfo`]) and the input's field table ([`Shape`]) — so the client can validate, encode, send
//! and decode it with code written once, here in the runtime.

use crate::codec::{Rule, Shape};
use crate::endpoint::Service;

/// One API action's input, ready to be sent by [`crate::Client::invoke`].
///
/// Everything about the request is data: [`Shape::fields`] says how each parameter is named, checked and
/// flattened, [`Operation::INFO`] which action of which product it is and the rules between parameters.
pub trait Operation: Shape + Default + Send + Sync + 'static {
    /// The decoded response body.
    type Output: Shape + Default + Send + 'static;

    /// What the action is.
    const INFO: &'static OperationInfo;
}

/// The static description of one API action.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OperationInfo {
    /// The product it belongs to (version and endpoints).
    pub service: &'static Service,
    /// The action name, e.g. `DescribePreCheckStatus`; sent as `x-acs-action`.
    pub action: &'static str,
    /// Rules between parameters, checked before sending.
    pub rules: &'static [Rule],
}
