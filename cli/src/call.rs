//! `acs call`: one operation of the catalogue, called (or, with `--dry-run`, prepared and shown) with the
//! parameters of `--input`, through the runtime's dynamic entry points, so every operation compiled into
//! `acs-sdk` is reachable without any code of its own here. The typed subcommands end here too, once
//! their flags have become the same wire-named input.

use acs_runtime::CallConfig;
use acs_runtime::OperationInfo;
use acs_runtime::codec::{self, Shape, View};
use serde_json::Value;

use crate::args::CallArgs;
use crate::client::{self, Options};
use crate::failure::Failure;
use crate::format::{self, Spec};
use crate::{emit, input, lookup, typed, values};

/// Runs `acs call` and prints the decoded response (or the prepared request) as `--output` says.
pub fn run(args: &CallArgs) -> Result<(), Failure> {
    let info = lookup::operation(&args.module, &args.action)?;
    let spec = format::parse(&args.output, args.query.as_deref())?;
    let text = input::read(&args.input)?;
    let input = input::decode(info, &text)?;
    if !args.no_check
        && let Ok(Value::Object(object)) = serde_json::from_str::<Value>(&text)
    {
        values::check(typed::params(info), &object, |p| p.name.to_owned())?;
    }
    let options = Options {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint: args.endpoint.clone(),
        dry_run: args.dry_run,
        no_check: args.no_check,
    };
    send(info, input, &options, &spec)
}

/// Calls `info` with `input` (or prepares the request, for a dry run) and prints the result as `spec`
/// says.
pub fn send(
    info: &'static OperationInfo,
    mut input: Box<dyn Shape>,
    options: &Options,
    spec: &Spec,
) -> Result<(), Failure> {
    let client = client::build(options, info)?;
    let runtime = client::runtime()?;
    let config = CallConfig::default();
    if options.dry_run {
        let prepared = runtime.block_on(client.prepare(info, &mut *input, &config))?;
        return emit::value(spec, &prepared.to_json().to_string(), None);
    }
    let answer = runtime.block_on(client.invoke_dyn(info, &mut *input, &config))?;
    let json = codec::to_json(View::Shape(&*answer));
    emit::value(spec, &json, info.paging.map(|p| p.items))
}
