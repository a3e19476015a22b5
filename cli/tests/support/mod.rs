//! Shared by the CLI's tests: the `acs` binary run as a subprocess with a scrubbed environment (nothing
//! but what the test gives it, and an empty home directory, so no credentials or profile of the machine
//! leak in), and the emulator started in-process on the repository's specs.

// Each test binary includes this module and uses a different part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use acs_emulator::{ConfigBuilder, Running};
use serde_json::Value;
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_acs");
pub const KEY_ID: &str = "LTAI-cli-test";
/// Distinctive, so a test can search every output for it.
pub const SECRET: &str = "cli-secret-Qv7pZ2xK";

/// No run of the binary may take longer than this; the runtime's own timeouts are far shorter.
const RUN_LIMIT: Duration = Duration::from_secs(90);

pub fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// The emulator's configuration for the repository's specs, accepting the test key.
pub fn config() -> ConfigBuilder {
    acs_emulator::Config::builder()
        .specs_dir(specs_dir())
        .access_key(KEY_ID, SECRET)
}

pub async fn start(builder: ConfigBuilder) -> Running {
    acs_emulator::start(builder.build().expect("emulator config"))
        .await
        .expect("emulator starts")
}

/// One run of `acs` to prepare: arguments, environment variables, standard input.
#[derive(Debug, Clone, Default)]
pub struct Acs {
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Option<String>,
    /// Files to write under the new home directory: relative path and text.
    home_files: Vec<(String, String)>,
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Acs {
    pub fn new(args: &[&str]) -> Acs {
        Acs {
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            ..Acs::default()
        }
    }

    pub fn arg(mut self, arg: impl Into<String>) -> Acs {
        self.args.push(arg.into());
        self
    }

    pub fn env(mut self, name: &str, value: &str) -> Acs {
        self.env.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The test key in the environment variables of the default credentials chain.
    pub fn credentials(self, secret: &str) -> Acs {
        self.env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
    }

    /// Writes `text` to `path` (relative, e.g. `.aliyun/config.json`) in the run's home directory.
    pub fn home_file(mut self, path: &str, text: &str) -> Acs {
        self.home_files.push((path.to_owned(), text.to_owned()));
        self
    }

    pub fn stdin(mut self, text: &str) -> Acs {
        self.stdin = Some(text.to_owned());
        self
    }

    /// Runs the binary with only the given variables and `HOME` set to a new, empty directory.
    pub async fn run(self) -> Run {
        let home = Home::new();
        for (path, text) in &self.home_files {
            let file = home.0.join(path);
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir).expect("create home subdirectory");
            }
            std::fs::write(&file, text).expect("write home file");
        }
        let mut cmd = Command::new(BIN);
        cmd.args(&self.args)
            .env_clear()
            .env("HOME", &home.0)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd.spawn().expect("spawn acs");
        if let (Some(text), Some(mut pipe)) = (self.stdin, child.stdin.take()) {
            pipe.write_all(text.as_bytes()).await.expect("write stdin");
            drop(pipe);
        }
        let out = tokio::time::timeout(RUN_LIMIT, child.wait_with_output())
            .await
            .expect("acs finishes in time")
            .expect("acs runs");
        Run {
            code: out.status.code().expect("an exit status, not a signal"),
            stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        }
    }
}

impl Run {
    /// Asserts the exit status, showing both outputs when it differs.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "{self:#?}");
        self
    }

    /// Asserts a failure: `code`, nothing on stdout, one line on stderr containing every `part`.
    pub fn assert_failure(&self, code: i32, parts: &[&str]) {
        self.assert_code(code);
        assert_eq!(self.stdout, "", "{self:#?}");
        assert!(self.stderr.starts_with("acs: "), "{self:#?}");
        assert_eq!(self.stderr.trim_end().lines().count(), 1, "{self:#?}");
        for part in parts {
            assert!(self.stderr.contains(part), "{part:?} in {self:#?}");
        }
    }

    /// Standard output as one line of JSON (standard output is a pipe here, so compact).
    pub fn json(&self) -> Value {
        assert_eq!(self.stdout.lines().count(), 1, "one line: {self:#?}");
        serde_json::from_str(&self.stdout).expect("JSON on stdout")
    }
}

/// An empty home directory under the target's temporary directory, removed when dropped.
struct Home(PathBuf);

impl Home {
    fn new() -> Home {
        static COUNT: AtomicU32 = AtomicU32::new(0);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "acs-cli-home-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create home");
        Home(dir)
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
