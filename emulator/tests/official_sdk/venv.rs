//! The Python virtual environment holding Alibaba's official SDK at the versions pinned in
//! `emulator/python/requirements.txt`: the one `ACS_EMULATOR_PYTHON_VENV` names (`.ci/run` makes it), else
//! one under the workspace's `target/` directory. Made with `python3 -m venv` when missing, reused when
//! present, and (re)installed with pip whenever an installed version differs from its pin. Any failure is
//! the test's failure, with the reason: never a silent skip.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::process::Command;

/// The environment variable that names an existing (or to-be-made) virtual environment.
pub const VENV_VAR: &str = "ACS_EMULATOR_PYTHON_VENV";

/// pip downloads about 20 MB (53 packages); bounded so a hung index fails the test instead of hanging it.
const INSTALL_LIMIT: Duration = Duration::from_secs(15 * 60);
const QUICK_LIMIT: Duration = Duration::from_secs(120);

pub fn python_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python")
}

pub fn driver() -> PathBuf {
    python_dir().join("official_sdk_driver.py")
}

fn requirements() -> PathBuf {
    python_dir().join("requirements.txt")
}

/// The interpreter of the virtual environment, ready: the pinned packages are installed.
pub async fn ready_python() -> PathBuf {
    let dir = std::env::var_os(VENV_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("official-python-sdk"));
    let python = if cfg!(windows) {
        dir.join("Scripts").join("python.exe")
    } else {
        dir.join("bin").join("python")
    };
    if !python.exists() {
        let mut venv = Command::new("python3");
        venv.arg("-m").arg("venv").arg(&dir);
        run(
            venv,
            QUICK_LIMIT,
            "python3 -m venv (Python 3 with its venv module is needed)",
        )
        .await;
    }
    if pins_hold(&python).await {
        return python;
    }
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--timeout",
        "60",
        "-r",
    ])
    .arg(requirements());
    run(
        pip,
        INSTALL_LIMIT,
        "pip install -r emulator/python/requirements.txt",
    )
    .await;
    assert!(
        pins_hold(&python).await,
        "the official Python SDK in {} still differs from emulator/python/requirements.txt after pip install",
        dir.display()
    );
    python
}

/// Whether every pinned version is the installed one.
async fn pins_hold(python: &Path) -> bool {
    let mut check = Command::new(python);
    check.arg(driver()).arg("check").arg(requirements());
    output(check, QUICK_LIMIT)
        .await
        .is_ok_and(|o| o.status.success())
}

/// Runs `cmd` to completion within `limit`; panics, naming `what` and quoting the end of its output, if it
/// cannot start, times out or fails.
async fn run(cmd: Command, limit: Duration, what: &str) {
    match output(cmd, limit).await {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "{what} failed ({}), so the official Python SDK cannot be installed:\n{}\n{}",
            o.status,
            tail(&o.stdout),
            tail(&o.stderr)
        ),
        Err(why) => panic!("{what}: {why}, so the official Python SDK cannot be installed"),
    }
}

async fn output(mut cmd: Command, limit: Duration) -> Result<std::process::Output, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    tokio::time::timeout(limit, child.wait_with_output())
        .await
        .map_err(|_| format!("still running after {} s", limit.as_secs()))?
        .map_err(|e| format!("cannot wait for it: {e}"))
}

fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let start = text.len().saturating_sub(3000);
    let start = (start..text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    text[start..].to_owned()
}
