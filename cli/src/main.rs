//! `acs`: calls any operation compiled into the generated `acs-sdk` crate from the shell, by module and
//! action, with its parameters as wire-named JSON; lists the operations; shows the exact request a call
//! would send (`--dry-run`); and prints the RAM policy that allows given operations (`ram-policy`). It
//! knows no operation itself: everything comes from the SDK's registry, and calling, signing and
//! decoding are the runtime's.
//!
//! Exit status: 0 success, 1 the call failed, 2 the command must change (see [`failure::Failure`]).

mod args;
mod call;
mod failure;
mod input;
mod list;
mod lookup;
mod output;
mod ram_policy;

use std::process::ExitCode;

use args::Request;

fn main() -> ExitCode {
    let command = args::command().subcommand(ram_policy::command());
    let matches = match command.try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            // Help and version go to standard output with status 0, usage errors to standard error
            // with status 2; clap knows which.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let result = match matches.subcommand_matches(ram_policy::NAME) {
        Some(m) => ram_policy::run(m),
        None => match args::request(&matches) {
            Request::List { module } => list::run(module.as_deref()),
            Request::Call(call) => call::run(&call),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("acs: {failure}");
            failure.exit_code()
        }
    }
}
