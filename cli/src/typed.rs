//! The typed subcommands, built at run time from the catalogue's data rather than generated as Rust per
//! operation: one command per module (`acs dts`), one subcommand per operation named by the kebab-case
//! of its action (`describe-pre-check-status`) with a flag per request parameter (see `flags`), and the
//! module's waiters under `wait`. Texts from the help tables are rendered for the terminal (`render`).
//! Running one turns its flags into the same wire-named input `acs call` decodes, then calls, pages
//! (`--all-pages`) or waits, and prints as `--output` and `--query` say.

use crate::catalog;
use acs_runtime::OperationInfo;
use acs_runtime::dynamic::Header;
use acs_runtime::help::{OperationHelp, ParamHelp};
use clap::{Arg, ArgAction, ArgMatches, Command};
use heck::ToKebabCase;

use crate::args::{CREDENTIALS, EXIT_STATUS, OUTPUT_HELP};
use crate::client;
use crate::failure::Failure;
use crate::{call, flags, format, input, lookup, pages, render, wait};

/// The subcommand name of an action: `DescribePreCheckStatus` → `describe-pre-check-status`.
pub fn kebab(action: &str) -> String {
    action.to_kebab_case()
}

/// A module's command with nothing under it: enough for `acs --help` to list it and for clap to suggest
/// it, at no cost (its product is not even read). The module asked for on the command line gets
/// [`module`] instead.
pub fn stub(header: &Header) -> Command {
    Command::new(header.module.to_owned()).about(about_text(
        header.module,
        header.product,
        header.version,
        header.operations,
    ))
}

/// The command of `module`: every operation and the `wait` subcommand. With `only`, just the
/// subcommand of that name gets its flags; the others keep their name and summary (all that the
/// module's help and clap's suggestions need), which keeps the start of `acs sas …` (900 operations)
/// as fast as that of a small module.
pub fn module(module: &str, ops: &[&'static OperationInfo], only: Option<&str>) -> Command {
    let full = |name: &str| only.is_none_or(|o| o == name);
    let mut cmd = Command::new(module.to_owned())
        .about(about(module, ops))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .disable_help_subcommand(true)
        .subcommands(ops.iter().map(|info| {
            let name = kebab(info.action);
            if full(&name) {
                operation(info, name)
            } else {
                Command::new(name).about(summary(info))
            }
        }));
    if let Some(w) = wait::command(ops, full(wait::NAME)) {
        cmd = cmd.subcommand(w);
    }
    cmd
}

fn about(module: &str, ops: &[&'static OperationInfo]) -> String {
    let (product, version) = ops
        .first()
        .map_or(("", ""), |o| (o.service.product, o.service.version));
    about_text(module, product, version, ops.len())
}

fn about_text(module: &str, product: &str, version: &str, count: usize) -> String {
    format!("{product} API {version}: {count} operations (`acs {module} <operation> --help`)")
}

/// The request parameters' help of `info`, or none when the catalogue has no help for it.
pub fn params(info: &OperationInfo) -> &'static [ParamHelp] {
    help(info).map_or(&[], |h| h.params)
}

fn help(info: &OperationInfo) -> Option<&'static OperationHelp> {
    catalog::help(info.service.module, info.action)
}

/// The one-line summary of `info`, as terminal text.
fn summary(info: &OperationInfo) -> String {
    help(info).map_or_else(|| info.action.to_owned(), |h| render::line(h.summary))
}

/// `--input`, optional on typed subcommands: flags may give everything.
pub fn input_arg() -> Arg {
    Arg::new("input")
        .long("input")
        .value_name("JSON|@FILE|-")
        .help("Parameters as a JSON object with the API's names (@FILE a file, - stdin); flags win")
}

/// The subcommand `name` of one operation.
fn operation(info: &'static OperationInfo, name: String) -> Command {
    let doc = help(info);
    let mut cmd = Command::new(name)
        .about(summary(info))
        .long_about(doc.map_or_else(|| info.action.to_owned(), |h| render::text(h.doc)))
        .after_help(format!(
            "Wire action: {} {} ({}). The decoded response is printed as JSON.\n\n{OUTPUT_HELP}\n\n\
             {CREDENTIALS}\n\n{EXIT_STATUS}",
            info.service.product, info.action, info.service.version
        ))
        .args(flags::param_args(params(info)))
        .arg(input_arg())
        .args(format::args())
        .arg(flags::no_check_arg())
        .args(client::args())
        .arg(client::dry_run_arg());
    let all_pages = Arg::new("all-pages")
        .long("all-pages")
        .action(ArgAction::SetTrue)
        .conflicts_with("dry-run");
    cmd = match info.paging {
        Some(p) => cmd
            .arg(all_pages.help(format!(
                "Fetch every page, printing the items ({}) as they arrive: one JSON array, or one per \
                 line with --output jsonl",
                p.items
            )))
            .arg(pages::max_pages_arg()),
        // Accepted but hidden, so using it says why it cannot work instead of "unexpected argument".
        None => cmd.arg(all_pages.hide(true)),
    };
    cmd
}

/// Runs `acs <module> …` as `m` (the module's matches) asks.
pub fn run(module: &str, m: &ArgMatches) -> Result<(), Failure> {
    let ops = lookup::module(module)?;
    match m.subcommand() {
        Some((wait::NAME, wm)) => wait::run(&ops, wm),
        Some((name, om)) => {
            let info = ops
                .iter()
                .copied()
                .find(|o| kebab(o.action) == name)
                .ok_or_else(|| Failure::Usage(format!("module `{module}` has no `{name}`")))?;
            run_operation(info, om)
        }
        None => Err(Failure::Usage(format!(
            "`acs {module}` needs an operation; `acs {module} --help` lists them"
        ))),
    }
}

fn run_operation(info: &'static OperationInfo, m: &ArgMatches) -> Result<(), Failure> {
    let all_pages = m.get_flag("all-pages");
    if all_pages && info.paging.is_none() {
        return Err(Failure::Usage(format!(
            "{} has no paginator: --all-pages only works with list operations",
            info.action
        )));
    }
    let spec = format::spec(m)?;
    let text = flags::wire_json(info, params(info), m)?;
    let input = input::decode(info, &text)?;
    let options = client::options(m);
    if all_pages {
        let max_pages = m.try_get_one::<u32>("max-pages").ok().flatten().copied();
        pages::run(info, input, &options, &spec, max_pages)
    } else {
        call::send(info, input, &options, &spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_become_kebab_case() {
        assert_eq!(kebab("DescribePreCheckStatus"), "describe-pre-check-status");
        assert_eq!(kebab("DescribeDBInstances"), "describe-db-instances");
    }

    #[test]
    fn operation_names_are_unique_in_each_module() {
        for module in ["dbs", "dts", "sas"] {
            let ops = lookup::module(module).expect("module");
            let mut names: Vec<String> = ops.iter().map(|o| kebab(o.action)).collect();
            names.sort();
            let count = names.len();
            names.dedup();
            assert_eq!(names.len(), count, "{module}");
            assert!(!names.iter().any(|n| n == wait::NAME), "{module}");
        }
    }
}
