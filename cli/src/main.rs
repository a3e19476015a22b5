//! `acs`: calls any operation of the catalogue from the shell: typed, as
//! `acs <module> <operation> --flags` (subcommands built at run time from the catalogue's help data), or
//! by action with its parameters as wire-named JSON (`acs call`); fetches every page of a listing
//! (`--all-pages`); waits for a long-running job with a progress bar (`acs <module> wait`); lists the
//! operations; shows the exact request a call would send (`--dry-run`); prints the RAM policy that allows
//! given operations (`ram-policy`); and prints shell completions. Results are printed as JSON, JSON Lines
//! or tables, optionally through a JMESPath `--query` (`format`, `emit`), and help text from the specs
//! is rendered for the terminal (`render`). It knows no operation itself and compiles none: everything
//! comes from the embedded catalogue (`catalog`), the typed crates' twin as data, and calling, signing,
//! paging, waiting and decoding are the runtime's.
//!
//! Exit status: 0 success, 1 the call failed or a wait timed out, 2 the command must change, 3 an awaited
//! job failed (see [`failure::Failure`]).

mod args;
mod call;
mod catalog;
mod client;
mod completions;
mod emit;
mod failure;
mod flags;
mod format;
mod input;
mod list;
mod lookup;
mod ordered;
mod output;
mod pages;
mod ram_policy;
mod region;
mod render;
mod table;
mod typed;
mod values;
mod wait;

use std::process::ExitCode;

use args::Request;
use clap::Command;

/// Which modules and operations get their full command (flags and all): building all of them costs
/// time at every start, so only the module and operation named on the command line are, unless the
/// whole tree is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope<'a> {
    /// Every module (completions).
    All,
    /// The module named by the first word (none, if it is not a module), and in it the operation (or
    /// `wait`) named by the second.
    Only(Option<&'a str>, Option<&'a str>),
}

/// The `acs` command: the fixed subcommands and one per product of the catalogue. Only the products
/// whose commands are built in full are read; the others need just their header.
fn command(scope: Scope<'_>) -> Command {
    let mut root = args::command()
        .subcommand(ram_policy::command())
        .subcommand(completions::command());
    for header in catalog::headers() {
        let module = header.module;
        root = root.subcommand(match scope {
            Scope::All => typed::module(module, &catalog::module(module), None),
            Scope::Only(Some(word), second) if word == module => {
                typed::module(module, &catalog::module(module), Some(second.unwrap_or("")))
            }
            Scope::Only(..) => typed::stub(header),
        });
    }
    root
}

fn main() -> ExitCode {
    // The first two words pick what to build; clap still parses everything.
    let words: Vec<Option<String>> = std::env::args_os()
        .skip(1)
        .take(2)
        .map(|a| a.into_string().ok())
        .collect();
    let word = |i: usize| words.get(i).and_then(Option::as_deref);
    let scope = match word(0) {
        Some(completions::NAME) => Scope::All,
        first => Scope::Only(first, word(1)),
    };
    let matches = match command(scope).try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            if let Some(failure) = unknown_command(&e, scope, word(0), word(1)) {
                eprintln!("acs: {failure}");
                return failure.exit_code();
            }
            // Help and version go to standard output with status 0, usage errors to standard error
            // with status 2; clap knows which.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let result = match matches.subcommand() {
        Some((ram_policy::NAME, m)) => ram_policy::run(m),
        Some((completions::NAME, m)) => completions::run(m, command(Scope::All)),
        Some(("call" | "list", _)) | None => match args::request(&matches) {
            Request::List { module } => list::run(module.as_deref()),
            Request::Call(call) => call::run(&call),
        },
        Some((module, m)) => typed::run(module, m),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("acs: {failure}");
            failure.exit_code()
        }
    }
}

/// Our own error for a mistyped command or operation, in place of clap's, whose suggestions list every
/// name sharing a few letters (49 of them for `acs dts describe-dts-job`, the right one last); `first`
/// and `second` are the first two words of the command line.
fn unknown_command(
    e: &clap::Error,
    scope: Scope<'_>,
    first: Option<&str>,
    second: Option<&str>,
) -> Option<failure::Failure> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::InvalidSubcommand {
        return None;
    }
    let Some(ContextValue::String(name)) = e.get(ContextKind::InvalidSubcommand) else {
        return None;
    };
    let root = command(scope);
    let names = |cmd: &Command| -> Vec<String> {
        cmd.get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect()
    };
    let (module, known) = match first.and_then(|f| root.find_subcommand(f)) {
        // The module's operation is the second word; a mistake deeper down (a waiter) is clap's to tell.
        Some(m) if second == Some(name.as_str()) => (Some(m.get_name()), names(m)),
        Some(_) => return None,
        None => (None, names(&root)),
    };
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    Some(lookup::unknown_command(name, module, &known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_tree_is_consistent() {
        // Every module, operation, waiter and flag of the catalogue: duplicate flags, bad defaults and
        // conflicting names would all show here.
        command(Scope::All).debug_assert();
    }

    #[test]
    fn only_the_named_module_and_operation_are_built() {
        let cmd = command(Scope::Only(Some("dts"), Some("describe-pre-check-status")));
        let count = |name: &str| {
            cmd.find_subcommand(name)
                .map(|c| c.get_subcommands().count())
        };
        assert!(count("dts").is_some_and(|n| n > 100), "{:?}", count("dts"));
        assert_eq!(count("dbs"), Some(0));
        let args = |op: &str| {
            cmd.find_subcommand("dts")
                .and_then(|m| m.find_subcommand(op))
                .map(|c| c.get_arguments().count())
        };
        assert!(args("describe-pre-check-status").is_some_and(|n| n > 5));
        assert_eq!(args("describe-dts-jobs"), Some(0));
        command(Scope::Only(Some("dbs"), Some("wait"))).debug_assert();
    }
}
