//! `acs <module> wait <waiter> <operation flags…>`: polls an operation with the runtime's `DynWaiter`
//! until its waiter's condition holds, drawing a progress bar on standard error (only when it is a
//! terminal: scripts and logs get no control characters), then prints the last answer on standard
//! output (JSON, or as `--output`/`--query` say) and the items that failed or warned as a table on
//! standard error.
//!
//! The exit status tells the three endings apart: 0 the job succeeded, 3 it failed, 1 the wait timed
//! out (or a call failed), so a script can tell "repair the job" from "try again later".

use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_runtime::codec::{self, View};
use acs_runtime::{CallConfig, DynWaiter, OperationInfo, Progress, WaitOutcome, Waiting};
use clap::builder::TypedValueParser;
use clap::{Arg, ArgMatches, Command};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{CREDENTIALS, EXIT_STATUS, OUTPUT_HELP};
use crate::failure::Failure;
use crate::format::{self, Spec};
use crate::typed::{self, kebab};
use crate::{client, emit, flags, input, render, table};

/// The subcommand's name under a module.
pub const NAME: &str = "wait";

/// Every waiter of `ops` with its subcommand name: the waiter's name in kebab-case, qualified by the
/// operation's (`describe-x.pre-check-finished`) when two operations of the module share it.
fn waiters(
    ops: &[&'static OperationInfo],
) -> Vec<(String, &'static OperationInfo, &'static Waiting)> {
    let all: Vec<(&'static OperationInfo, &'static Waiting)> = ops
        .iter()
        .flat_map(|info| info.waiters.iter().map(move |w| (*info, w)))
        .collect();
    all.iter()
        .map(|&(info, w)| {
            let shared = all.iter().filter(|(_, o)| o.name == w.name).count() > 1;
            let name = if shared {
                format!("{}.{}", kebab(info.action), kebab(w.name))
            } else {
                kebab(w.name)
            };
            (name, info, w)
        })
        .collect()
}

/// The `wait` command of a module, when any of its operations has a waiter; without `full`, only its
/// name and summary (for the module's help).
pub fn command(ops: &[&'static OperationInfo], full: bool) -> Option<Command> {
    let found = waiters(ops);
    if found.is_empty() {
        return None;
    }
    let about = "Poll an operation until its job ends, with a progress bar";
    if !full {
        return Some(Command::new(NAME).about(about));
    }
    let subcommands = found.into_iter().map(|(name, info, w)| {
        Command::new(name)
            .about(render::line(w.doc))
            .long_about(format!(
                "{}\n\nPolls {} until its {} is one of {} (success) or {} (failure), and prints the last \
                 answer as JSON. The operation's flags (or --input) say what to poll.",
                render::text(w.doc),
                info.action,
                w.status,
                w.success.join(", "),
                w.failure.join(", ")
            ))
            .after_help(format!("{OUTPUT_HELP}\n\n{CREDENTIALS}\n\n{EXIT_STATUS}"))
            .args(flags::param_args(typed::params(info)))
            .arg(typed::input_arg())
            .args(format::args())
            .arg(flags::no_check_arg())
            .args(client::args())
            .arg(
                Arg::new("max-wait")
                    .long("max-wait")
                    .value_name("SECS")
                    .default_value("1800")
                    .value_parser(seconds(false))
                    .help("Give up after this many seconds (exit status 1)"),
            )
            .arg(
                Arg::new("interval")
                    .long("interval")
                    .value_name("SECS")
                    .default_value("2")
                    .value_parser(seconds(true))
                    .help("First pause between polls, in seconds (fractions allowed); later ones grow"),
            )
    });
    Some(
        Command::new(NAME)
            .about(about)
            .subcommand_required(true)
            .arg_required_else_help(true)
            .subcommands(subcommands),
    )
}

/// A value parser of seconds as a duration: a finite number, not negative (and above zero if
/// `positive`, as a pause of nothing would poll in a busy loop).
fn seconds(positive: bool) -> impl TypedValueParser<Value = Duration> {
    clap::builder::StringValueParser::new().try_map(move |text| {
        let secs: f64 = text
            .trim()
            .parse()
            .map_err(|_| format!("`{text}` is not a number of seconds"))?;
        if !secs.is_finite() || secs < 0.0 || (positive && secs == 0.0) {
            return Err(format!("`{text}` is out of range"));
        }
        Duration::try_from_secs_f64(secs).map_err(|e| e.to_string())
    })
}

/// Runs `acs <module> wait …`; `m` is the matches of `wait`.
pub fn run(ops: &[&'static OperationInfo], m: &ArgMatches) -> Result<(), Failure> {
    let Some((name, wm)) = m.subcommand() else {
        return Err(Failure::Usage("`wait` needs a waiter name".to_owned()));
    };
    let Some((_, info, waiting)) = waiters(ops).into_iter().find(|(n, _, _)| n == name) else {
        return Err(Failure::Usage(format!("no waiter named `{name}`")));
    };
    let spec = format::spec(wm)?;
    let text = flags::wire_json(info, typed::params(info), wm)?;
    let input = input::decode(info, &text)?;
    let client = client::build(&client::options(wm), info)?;
    let runtime = client::runtime()?;
    let duration = |id: &str| wm.get_one::<Duration>(id).copied();
    let bar = progress_bar();
    let last_status: Arc<Mutex<Option<String>>> = Arc::default();
    let mut waiter = DynWaiter::new(client, info, input, CallConfig::default(), waiting)
        .on_progress({
            let bar = bar.clone();
            let last_status = last_status.clone();
            move |p| {
                show(&bar, p);
                if let Ok(mut s) = last_status.lock() {
                    s.clone_from(&p.status);
                }
            }
        });
    if let Some(d) = duration("max-wait") {
        waiter = waiter.max_wait(d);
    }
    if let Some(d) = duration("interval") {
        waiter = waiter.poll_interval(d);
    }
    let outcome = runtime.block_on(waiter.send());
    // The bar stays on screen as it last stood: how far the job got is worth keeping.
    bar.abandon();
    let status = last_status.lock().ok().and_then(|s| s.clone());
    let status = status.as_deref().unwrap_or("none");
    match outcome? {
        WaitOutcome::Success { output, warnings } => {
            answer(&spec, &*output)?;
            eprint!("{}", table::items(&warnings));
            Ok(())
        }
        WaitOutcome::Failure { output, items } => {
            answer(&spec, &*output)?;
            eprint!("{}", table::items(&items));
            Err(Failure::JobFailed(format!(
                "{}: {name} failed: {} is {status}",
                info.action, waiting.status
            )))
        }
        WaitOutcome::TimedOut { last, waited } => {
            if let Some(last) = last {
                answer(&spec, &*last)?;
            }
            Err(Failure::Failed(format!(
                "timed out after {:.1}s waiting for {name} ({} {}: {status})",
                waited.as_secs_f64(),
                info.action,
                waiting.status
            )))
        }
    }
}

/// Prints the last answer as `spec` says.
fn answer(spec: &Spec, output: &dyn codec::Shape) -> Result<(), Failure> {
    emit::value(spec, &codec::to_json(View::Shape(output)), None)
}

/// A bar of 0–100 on standard error; indicatif hides it when standard error is not a terminal.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(100);
    // ASCII only, so any terminal font draws it.
    if let Ok(style) = ProgressStyle::with_template("[{elapsed}] [{bar:30}] {pos:>3}% {msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Moves the bar to `p`: the job's percentage, its status and items done.
fn show(bar: &ProgressBar, p: &Progress) {
    // A percentage is between 0 and 100 (the runtime clamps it), so the conversion is exact enough.
    bar.set_position(p.percent.map_or(0, |x| x.round() as u64));
    let status = p.status.as_deref().unwrap_or("?");
    let message = if p.total > 0 {
        format!("{status}, {}/{} items", p.done, p.total)
    } else {
        status.to_owned()
    };
    bar.set_message(message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_module_has_its_waiters_by_kebab_name() {
        let ops = crate::lookup::module("dbs").expect("dbs");
        let names: Vec<String> = waiters(&ops).into_iter().map(|(n, _, _)| n).collect();
        assert!(
            names.contains(&"pre-check-finished".to_owned()),
            "{names:?}"
        );
    }

    #[test]
    fn seconds_take_fractions_and_refuse_nonsense() {
        let cmd = Command::new("t").arg(Arg::new("s").long("s").value_parser(seconds(true)));
        let parse = |v: &str| {
            cmd.clone()
                .try_get_matches_from(["t", "--s", v])
                .map(|m| m.get_one::<Duration>("s").copied())
        };
        assert_eq!(
            parse("0.05").ok().flatten(),
            Some(Duration::from_millis(50))
        );
        for bad in ["0", "-1", "x", "inf"] {
            assert_eq!(
                parse(bad).map_err(|e| e.exit_code()).err(),
                Some(2),
                "{bad}"
            );
        }
    }
}
