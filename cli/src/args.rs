//! The command line, built with clap's builder API (no derive macro, so no proc-macro to compile): the
//! `call` and `list` subcommands, their help text, and what they ask for as plain values. The typed
//! subcommands of each module are built from the catalogue in `typed`.

use clap::{Arg, ArgMatches, Command};

use crate::{client, flags, format};

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `acs list [module]`.
    List {
        /// Only this module's operations.
        module: Option<String>,
    },
    /// `acs call <module> <Action> ...`.
    Call(CallArgs),
}

/// The arguments of `acs call`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallArgs {
    /// The product module, e.g. `dts`.
    pub module: String,
    /// The action, e.g. `DescribePreCheckStatus`.
    pub action: String,
    /// `--input` as given: JSON, `@file` or `-`.
    pub input: String,
    /// `--profile`: the CLI profile the credentials chain reads.
    pub profile: Option<String>,
    /// `--endpoint`, overriding the product's endpoint rules.
    pub endpoint: Option<String>,
    /// `--region`, overriding `ALIBABA_CLOUD_REGION_ID` and the CLI profile.
    pub region: Option<String>,
    /// `--dry-run`: print the request instead of sending it.
    pub dry_run: bool,
    /// `--output` as given (one or two words).
    pub output: Vec<String>,
    /// `--query` as given.
    pub query: Option<String>,
    /// `--no-check-values`.
    pub no_check: bool,
}

const ABOUT: &str = "Call any Alibaba Cloud operation of the catalogue from the shell.";

const AFTER_HELP: &str = "\
Typed: acs <module> <operation> --flags (`acs dts --help` lists the operations); by action:
acs call <module> <Action> --input JSON. Calling commands take:
  --output json|jsonl|table|cols=A,B[,..] [rows=PATH]   how to print (aliyun's table form too)
  --query JMESPATH                                     select from the JSON result first
  --all-pages [--max-pages N]                          list operations: every page, items written
                                                       as they arrive
  --no-check-values                                    send undocumented enum values and regions
  --profile, --region, --endpoint, --dry-run           where and as whom to call
Enum flags take a documented wire value or its name (--job-code precheck sends 01). Undocumented
values, and regions missing from the product's endpoint table, are refused before sending.

Exit status: 0 success, 1 the call failed, 2 the command must change, 3 an awaited job failed.";

/// What `--output` and `--query` do, for the `after_help` of calling commands.
pub const OUTPUT_HELP: &str = "\
Output: --output json (default: indented on a terminal, one line otherwise), jsonl (one value per
line; with --all-pages one item per line), table (aligned columns), or cols=A,B[,..] [rows=PATH] (the
aliyun CLI's table: JMESPath columns of the rows PATH selects). --query JMESPATH is applied to the JSON
first (with --all-pages, to each item). A bad format or query is refused before anything is sent.";

/// The exit statuses of every calling command, for their `after_help`.
pub const EXIT_STATUS: &str = "\
Exit status:
  0  success (wait: the job succeeded)
  1  the call failed: service error, throttling, transport, timeout, credentials;
     --all-pages: a page failed or the listing went past --max-pages (items so far are printed);
     wait: timed out before the job ended
  2  usage error: bad arguments, unknown operation, --input that does not parse or fit,
     a bad --output or --query, a request refused before sending (missing or invalid parameters,
     an undocumented enum value, a region the product has no endpoint for)
  3  wait: the awaited job failed (its failed items are listed on standard error)";

/// Where credentials come from, for the `after_help` of calling commands.
pub const CREDENTIALS: &str = "\
Credentials come from --profile (that profile of ~/.aliyun/config.json alone, in any of its modes), else
the default chain: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and
ALIBABA_CLOUD_SECURITY_TOKEN; OIDC (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
ALIBABA_CLOUD_OIDC_TOKEN_FILE); ~/.aliyun/config.json (ALIBABA_CLOUD_PROFILE, else its current profile);
~/.alibabacloud/credentials.ini (ALIBABA_CLOUD_CREDENTIALS_FILE); the ECS RAM role; then
ALIBABA_CLOUD_CREDENTIALS_URI.";

const CALL_AFTER_HELP: &str = "\
Credentials come from --profile (that profile of ~/.aliyun/config.json alone, in any of its modes), else
the default chain: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and
ALIBABA_CLOUD_SECURITY_TOKEN; OIDC (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
ALIBABA_CLOUD_OIDC_TOKEN_FILE); ~/.aliyun/config.json (ALIBABA_CLOUD_PROFILE, else its current profile);
~/.alibabacloud/credentials.ini (ALIBABA_CLOUD_CREDENTIALS_FILE); the ECS RAM role; then
ALIBABA_CLOUD_CREDENTIALS_URI.
--dry-run never asks the ECS metadata service and signs with <AccessKeyId> if nothing is found.

The decoded response is printed on standard output as JSON: indented when standard output is a
terminal, on one line otherwise (pipes, files); --output and --query change that (below). Values of
enum parameters must be documented ones unless --no-check-values is given, and the region one the
product's endpoint table lists (or give --endpoint). --input reads at most 16 MiB.

Exit status:
  0  success
  1  the call failed: service error, throttling, transport, timeout, credentials
  2  usage error: bad arguments, unknown operation, --input that does not parse or fit,
     a bad --output or --query, a request refused before sending (missing or invalid parameters,
     an undocumented enum value, a region the product has no endpoint for)
  (3 is only given by `acs <module> wait`: the awaited job failed.)

Example:
  acs call dts DescribePreCheckStatus --input '{\"DtsJobId\":\"i03e3zty16i****\",\"JobCode\":\"01\",\"StructType\":\"before\"}' \\
      --query 'JobProgress[].[Item,State]'";

/// The `acs` command and its subcommands.
pub fn command() -> Command {
    Command::new("acs")
        .about(ABOUT)
        .after_help(AFTER_HELP)
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .disable_help_subcommand(true)
        .subcommand(call())
        .subcommand(
            Command::new("list")
                .about(
                    "List the operations: module, action, version, method, RAM action, deprecated",
                )
                .arg(
                    Arg::new("module")
                        .value_name("MODULE")
                        .help("Only the operations of this module (e.g. dbs)"),
                ),
        )
}

fn call() -> Command {
    Command::new("call")
        .about("Call one operation and print its decoded response as JSON")
        .after_help(format!("{CALL_AFTER_HELP}\n\n{OUTPUT_HELP}"))
        .arg(
            Arg::new("module")
                .value_name("MODULE")
                .required(true)
                .help("The product module, as `acs list` shows it (e.g. dts)"),
        )
        .arg(
            Arg::new("action")
                .value_name("ACTION")
                .required(true)
                .help("The operation (e.g. DescribePreCheckStatus)"),
        )
        .arg(
            Arg::new("input")
                .long("input")
                .value_name("JSON|@FILE|-")
                .default_value("{}")
                .help(
                    "Parameters as a JSON object with the API's names; @FILE reads a file, - stdin",
                ),
        )
        .args(format::args())
        .arg(flags::no_check_arg())
        .args(client::args())
        .arg(client::dry_run_arg())
}

/// What `matches` (from [`command`]) asks for.
pub fn request(matches: &ArgMatches) -> Request {
    let text = |m: &ArgMatches, id: &str| m.get_one::<String>(id).cloned();
    match matches.subcommand() {
        Some(("call", m)) => Request::Call(CallArgs {
            module: text(m, "module").unwrap_or_default(),
            action: text(m, "action").unwrap_or_default(),
            input: text(m, "input").unwrap_or_else(|| "{}".to_owned()),
            profile: text(m, "profile"),
            endpoint: text(m, "endpoint"),
            region: text(m, "region"),
            dry_run: m.get_flag("dry-run"),
            output: format::given(m).0,
            query: text(m, "query"),
            no_check: m.get_flag(crate::values::NO_CHECK),
        }),
        _ => Request::List {
            module: matches
                .subcommand_matches("list")
                .and_then(|m| text(m, "module")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Request, clap::Error> {
        command().try_get_matches_from(args).map(|m| request(&m))
    }

    #[test]
    fn the_command_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn call_arguments_and_defaults() {
        let r = parse(&["acs", "call", "dts", "DescribePreCheckStatus"]).expect("parses");
        assert_eq!(
            r,
            Request::Call(CallArgs {
                module: "dts".into(),
                action: "DescribePreCheckStatus".into(),
                input: "{}".into(),
                profile: None,
                endpoint: None,
                region: None,
                dry_run: false,
                output: Vec::new(),
                query: None,
                no_check: false,
            })
        );
        let r = parse(&[
            "acs",
            "call",
            "dbs",
            "X",
            "--input",
            "@f.json",
            "--endpoint",
            "http://127.0.0.1:1",
            "--region",
            "cn-hangzhou",
            "--dry-run",
            "--profile",
            "work",
        ])
        .expect("parses");
        let Request::Call(c) = r else { panic!("{r:?}") };
        assert_eq!(
            (
                c.input.as_str(),
                c.endpoint.as_deref(),
                c.region.as_deref(),
                c.dry_run,
                c.profile.as_deref()
            ),
            (
                "@f.json",
                Some("http://127.0.0.1:1"),
                Some("cn-hangzhou"),
                true,
                Some("work")
            )
        );
    }

    #[test]
    fn list_with_and_without_module() {
        assert_eq!(
            parse(&["acs", "list"]).expect("parses"),
            Request::List { module: None }
        );
        assert_eq!(
            parse(&["acs", "list", "dbs"]).expect("parses"),
            Request::List {
                module: Some("dbs".into())
            }
        );
    }

    #[test]
    fn usage_errors_exit_2_and_help_0() {
        for args in [
            &["acs"][..],
            &["acs", "call", "dts"],
            &["acs", "call", "dts", "A", "--inptu", "{}"],
            &["acs", "frobnicate"],
        ] {
            let e = parse(args).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{args:?}: {e}");
        }
        let e = parse(&["acs", "call", "--help"]).unwrap_err();
        assert_eq!(e.exit_code(), 0);
        assert!(e.to_string().contains("Exit status:"), "{e}");
    }
}
