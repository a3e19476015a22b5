//! [`Call`]: the future a fluent builder's `send()` returns. The call itself runs in one type-erased
//! future, compiled once in the runtime; `Call<T>` only turns its output back into `T`. Generated code so
//! holds no `async fn` per operation (each would be a state machine for the compiler to check).

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::client::Client;
use crate::codec::Shape;
use crate::config::CallConfig;
use crate::error::{Error, ErrorKind};
use crate::operation::{Operation, OperationInfo};

/// The type-erased call.
type Erased = Pin<Box<dyn Future<Output = Result<Box<dyn Shape>, Error>> + Send>>;

/// A call in flight; `.await` gives the decoded output or the error.
pub struct Call<T> {
    inner: Erased,
    action: &'static str,
    _output: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("action", &self.action)
            .finish_non_exhaustive()
    }
}

impl<T: Shape> Future for Call<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let action = self.action;
        self.inner.as_mut().poll(cx).map(|result| {
            let output: Box<dyn Any> = result?;
            output.downcast::<T>().map(|o| *o).map_err(|_| {
                Error::new(
                    ErrorKind::Decode,
                    "the operation's description names another output type",
                )
                .with_operation(action)
            })
        })
    }
}

impl Client {
    /// Starts a call of `input` with `config`; what generated builders' `send()` returns.
    pub fn call<O: Operation>(&self, input: O, config: CallConfig) -> Call<O::Output> {
        Call {
            inner: self.clone().call_erased(O::INFO, Box::new(input), config),
            action: O::INFO.action,
            _output: PhantomData,
        }
    }

    fn call_erased(
        self,
        info: &'static OperationInfo,
        mut input: Box<dyn Shape>,
        config: CallConfig,
    ) -> Erased {
        Box::pin(async move { self.invoke_dyn(info, &mut *input, &config).await })
    }
}
