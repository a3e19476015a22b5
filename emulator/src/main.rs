//! `acs-emulator`: serves every operation of a spec tree on 127.0.0.1 and prints its URL on the first line
//! of standard output, then runs until interrupted. See the crate's README for the scenario file format.

use std::process::ExitCode;

use acs_emulator::{Config, StsToken};

const USAGE: &str =
    "usage: acs-emulator [--specs DIR] [--port N] --access-key ID:SECRET [--access-key ...]
                    [--sts ID:SECRET:TOKEN[:EXPIRES_EPOCH_SECONDS]] [--scenarios FILE] [--log]

  --specs DIR        the spec tree to serve (default: specs)
  --port N           the port on 127.0.0.1 (default 0: any free port)
  --access-key K:S   accept AccessKey K with secret S (repeatable)
  --sts K:S:T[:E]    accept the STS credential K/S with SecurityToken T, expiring at E (repeatable)
  --scenarios FILE   play the scenarios of a YAML or JSON file (repeatable)
  --log              print one line per exchange to standard error (never credentials)

The URL (http://127.0.0.1:PORT) is printed alone on the first line of standard output.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let config = match parse(&args).and_then(|b| b.build()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("acs-emulator: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("acs-emulator: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        match acs_emulator::start(config).await {
            Ok(running) => {
                println!("{}", running.url());
                running.wait().await;
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("acs-emulator: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

/// The builder the arguments describe. Values that hold secrets are never echoed in errors.
fn parse(args: &[String]) -> Result<acs_emulator::ConfigBuilder, acs_emulator::Error> {
    let bad = |m: String| acs_emulator::Error::Config(m);
    let mut builder = Config::builder().specs_dir("specs");
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if flag == "--log" {
            builder = builder.log(true);
            continue;
        }
        let value = it
            .next()
            .ok_or_else(|| bad(format!("{flag} needs a value")))?;
        builder = match flag.as_str() {
            "--specs" => builder.specs_dir(value),
            "--port" => builder.port(
                value
                    .parse()
                    .map_err(|_| bad(format!("--port {value} is not a port number")))?,
            ),
            "--access-key" => {
                let (id, secret) = value
                    .split_once(':')
                    .filter(|(i, s)| !i.is_empty() && !s.is_empty())
                    .ok_or_else(|| bad("--access-key takes ID:SECRET".to_owned()))?;
                builder.access_key(id, secret)
            }
            "--sts" => {
                let parts: Vec<&str> = value.splitn(4, ':').collect();
                let (id, secret, token) = match parts.as_slice() {
                    [i, s, t, ..] if !i.is_empty() && !s.is_empty() && !t.is_empty() => {
                        (*i, *s, *t)
                    }
                    _ => return Err(bad("--sts takes ID:SECRET:TOKEN[:EXPIRES]".to_owned())),
                };
                let mut sts = StsToken::new(id, secret, token);
                if let Some(expires) = parts.get(3) {
                    let at = expires
                        .parse()
                        .map_err(|_| bad("--sts: EXPIRES is not a number of seconds".to_owned()))?;
                    sts = sts.expires_at(at);
                }
                builder.sts_token(sts)
            }
            "--scenarios" => builder.scenarios_file(value),
            other => return Err(bad(format!("unknown argument {other}"))),
        };
    }
    Ok(builder)
}
