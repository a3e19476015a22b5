//! The client a command calls with: the options every calling subcommand shares (`--profile`,
//! `--region`, `--endpoint`, `--no-check-values`, and `--dry-run` where offered), read from its matches,
//! and the client and async runtime built from them. `acs call`, the typed subcommands and `wait` all go
//! through here, so they pick credentials, region and endpoint the same way, and their configuration
//! errors name the options to change (`--endpoint`, `--region`) rather than the library's methods.

use acs_runtime::{Client, DefaultChain, ENV_ECS_METADATA_DISABLED, OperationInfo};
use clap::{Arg, ArgAction, ArgMatches};

use crate::failure::Failure;
use crate::region::{self, Source};
use crate::values;

/// Where and as whom to call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `--profile`: the CLI profile of `~/.aliyun/config.json` the credentials chain reads.
    pub profile: Option<String>,
    /// `--region`, overriding `ALIBABA_CLOUD_REGION_ID` and the CLI profile.
    pub region: Option<String>,
    /// `--endpoint`, overriding the product's endpoint rules.
    pub endpoint: Option<String>,
    /// `--dry-run`: print the request instead of sending it.
    pub dry_run: bool,
    /// `--no-check-values`: send undocumented enum values and unlisted regions.
    pub no_check: bool,
}

/// `--profile`, `--region` and `--endpoint`.
pub fn args() -> [Arg; 3] {
    [
        Arg::new("profile")
            .long("profile")
            .value_name("NAME")
            .help("CLI profile of ~/.aliyun/config.json to take credentials and region from")
            .long_help(
                "CLI profile of ~/.aliyun/config.json to take credentials and region from, in any \
                 of its modes; a named profile wins over credentials in the environment \
                 (default: the default chain, ALIBABA_CLOUD_PROFILE, else the file's current profile)",
            ),
        Arg::new("region")
            .long("region")
            .value_name("REGION")
            .help("Region whose endpoint to use (default: ALIBABA_CLOUD_REGION_ID)"),
        Arg::new("endpoint")
            .long("endpoint")
            .value_name("URL")
            .help("Host or URL to send to instead of the product's endpoint"),
    ]
}

/// `--dry-run`.
pub fn dry_run_arg() -> Arg {
    Arg::new("dry-run")
        .long("dry-run")
        .action(ArgAction::SetTrue)
        .help("Print the request instead of sending it (credentials redacted)")
}

/// Whether the switch `id` is on in `m`; a switch the command does not define is off.
pub fn flag(m: &ArgMatches, id: &str) -> bool {
    m.try_get_one::<bool>(id)
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false)
}

/// The options of `m`; an option the command does not define counts as not given.
pub fn options(m: &ArgMatches) -> Options {
    let text = |id: &str| m.try_get_one::<String>(id).ok().flatten().cloned();
    Options {
        profile: text("profile"),
        region: text("region"),
        endpoint: text("endpoint"),
        dry_run: flag(m, "dry-run"),
        no_check: flag(m, values::NO_CHECK),
    }
}

/// A client for `info` with the command line's profile, region and endpoint over the runtime's
/// defaults. A bad `--endpoint`, and a region the product has no endpoint for (unless `--endpoint` or
/// `--no-check-values` is given), are the command's fault: usage errors, before anything is sent.
pub fn build(options: &Options, info: &OperationInfo) -> Result<Client, Failure> {
    let client = client(options)?;
    if options.endpoint.is_none() && !options.no_check {
        let source = if options.region.is_some() {
            Source::Flag
        } else {
            Source::Default
        };
        region::check(info.service, client.region(), source, options.dry_run)?;
    }
    Ok(client)
}

fn client(options: &Options) -> Result<Client, Failure> {
    let mut builder = Client::builder();
    if options.dry_run || options.profile.is_some() {
        builder = builder.default_chain(chain(options));
    }
    if let Some(region) = &options.region {
        builder = builder.region(region);
    }
    if let Some(endpoint) = &options.endpoint {
        builder = builder.endpoint(endpoint);
    }
    builder.build().map_err(|e| {
        let message = e.to_string();
        match &options.endpoint {
            // The runtime's advice names its own switch; the CLI has none (no credentials in clear text).
            Some(_) if message.contains("invalid endpoint") => Failure::Usage(format!(
                "--endpoint: {}",
                e.message()
                    .replace("use https or allow_insecure_http(true)", "use https")
            )),
            _ => Failure::Usage(message),
        }
    })
}

/// A single-threaded async runtime: one command makes one call (or one sequence of calls) at a time.
pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Failed(format!("cannot start the async runtime: {e}")))
}

/// The default chain over this process's environment; with `--profile`, that profile of `config.json`
/// alone, in whatever mode, so a profile the user names wins over credentials in the environment (the
/// official chain reads environment keys first, which silently overrode `--profile`). For a dry run the
/// ECS metadata service is switched off (`ALIBABA_CLOUD_ECS_METADATA_DISABLED`): a dry run sends nothing,
/// and off ECS that service would only delay the placeholder signature by its timeouts.
fn chain(options: &Options) -> DefaultChain {
    let mut overrides: Vec<(String, String)> = Vec::new();
    if options.dry_run {
        overrides.push((ENV_ECS_METADATA_DISABLED.to_owned(), "true".to_owned()));
    }
    // Variables that are not Unicode cannot configure the chain anyway; skipping them avoids the panic
    // of `std::env::vars`.
    let vars = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .filter(|(k, _)| !overrides.iter().any(|(o, _)| o == k))
        .chain(overrides.clone());
    let builder = DefaultChain::builder().env_vars(vars);
    match &options.profile {
        Some(profile) => builder.profile(profile),
        None => builder,
    }
    .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Command;

    #[test]
    fn options_are_read_when_defined_and_default_when_not() {
        let cmd = Command::new("x").args(args()).arg(dry_run_arg());
        let m = cmd
            .try_get_matches_from(["x", "--profile", "p", "--region", "r", "--dry-run"])
            .expect("parses");
        let o = options(&m);
        assert_eq!(
            (
                o.profile.as_deref(),
                o.region.as_deref(),
                o.endpoint,
                o.dry_run
            ),
            (Some("p"), Some("r"), None, true)
        );
        let m = Command::new("y")
            .try_get_matches_from(["y"])
            .expect("parses");
        assert_eq!(options(&m), Options::default());
    }

    #[test]
    fn a_bad_endpoint_names_the_option_and_no_library_switch() {
        let options = Options {
            endpoint: Some("http://example.com".to_owned()),
            dry_run: true,
            ..Options::default()
        };
        let info = crate::catalog::find("dbs", "DescribeRestoreTaskList").expect("registered");
        let e = build(&options, info).expect_err("refused");
        assert_eq!(e.status(), 2);
        let text = e.to_string();
        assert!(
            text.starts_with("--endpoint: invalid endpoint: plain http"),
            "{text}"
        );
        assert!(!text.contains("allow_insecure_http"), "{text}");
    }
}
