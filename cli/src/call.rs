//! `acs call`: one operation of the registry, called (or, with `--dry-run`, prepared and shown) with the
//! parameters of `--input`, through the runtime's dynamic entry points, so every operation compiled into
//! `acs-sdk` is reachable without any code of its own here.

use acs_runtime::codec::{self, View};
use acs_runtime::{CallConfig, Client, DefaultChain, ENV_ECS_METADATA_DISABLED};

use crate::args::CallArgs;
use crate::failure::Failure;
use crate::{input, lookup, output};

/// Runs `acs call` and prints the decoded response (or the prepared request) as JSON.
pub fn run(args: &CallArgs) -> Result<(), Failure> {
    let info = lookup::operation(&args.module, &args.action)?;
    let text = input::read(&args.input)?;
    let mut input = input::decode(info, &text)?;
    let client = client(args)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Failed(format!("cannot start the async runtime: {e}")))?;
    let config = CallConfig::default();
    let json = if args.dry_run {
        let prepared = runtime.block_on(client.prepare(info, &mut *input, &config))?;
        prepared.to_json().to_string()
    } else {
        let answer = runtime.block_on(client.invoke_dyn(info, &mut *input, &config))?;
        codec::to_json(View::Shape(&*answer))
    };
    output::print_json(&json)
}

/// A client with the command line's region and endpoint over the runtime's defaults. A bad `--endpoint`
/// is the command's fault, so building fails as a usage error.
fn client(args: &CallArgs) -> Result<Client, Failure> {
    let mut builder = Client::builder();
    if args.dry_run {
        builder = builder.default_chain(offline_chain());
    }
    if let Some(region) = &args.region {
        builder = builder.region(region);
    }
    if let Some(endpoint) = &args.endpoint {
        builder = builder.endpoint(endpoint);
    }
    builder.build().map_err(|e| Failure::Usage(e.to_string()))
}

/// The default chain over this process's environment, minus the ECS metadata service's own role lookup:
/// a dry run sends nothing, and off ECS that service would only delay the placeholder signature by its
/// timeouts. (A CLI profile or credentials file that names an ECS RAM role is still followed: it says
/// the user is on ECS.)
fn offline_chain() -> DefaultChain {
    // Variables that are not Unicode cannot configure the chain anyway; skipping them avoids the panic
    // of `std::env::vars`.
    let vars = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .filter(|(k, _)| k != ENV_ECS_METADATA_DISABLED)
        .chain([(ENV_ECS_METADATA_DISABLED.to_owned(), "true".to_owned())]);
    DefaultChain::builder().env_vars(vars).build()
}
