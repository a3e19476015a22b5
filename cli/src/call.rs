//! `acs call`: one operation of the registry, called (or, with `--dry-run`, prepared and shown) with the
//! parameters of `--input`, through the runtime's dynamic entry points, so every operation compiled into
//! `acs-sdk` is reachable without any code of its own here. The typed subcommands end here too, once
//! their flags have become the same wire-named input.

use acs_runtime::CallConfig;
use acs_runtime::OperationInfo;
use acs_runtime::codec::{self, Shape, View};

use crate::args::CallArgs;
use crate::client::{self, Options};
use crate::failure::Failure;
use crate::{input, lookup, output};

/// Runs `acs call` and prints the decoded response (or the prepared request) as JSON.
pub fn run(args: &CallArgs) -> Result<(), Failure> {
    let info = lookup::operation(&args.module, &args.action)?;
    let text = input::read(&args.input)?;
    let input = input::decode(info, &text)?;
    let options = Options {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint: args.endpoint.clone(),
        dry_run: args.dry_run,
    };
    send(info, input, &options)
}

/// Calls `info` with `input` (or prepares the request, for a dry run) and prints the result as JSON.
pub fn send(
    info: &'static OperationInfo,
    mut input: Box<dyn Shape>,
    options: &Options,
) -> Result<(), Failure> {
    let client = client::build(options)?;
    let runtime = client::runtime()?;
    let config = CallConfig::default();
    let json = if options.dry_run {
        let prepared = runtime.block_on(client.prepare(info, &mut *input, &config))?;
        prepared.to_json().to_string()
    } else {
        let answer = runtime.block_on(client.invoke_dyn(info, &mut *input, &config))?;
        codec::to_json(View::Shape(&*answer))
    };
    output::print_json(&json)
}
