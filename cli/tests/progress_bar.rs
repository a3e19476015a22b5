//! The progress bar of `acs <module> wait`, drawn on a pseudo-terminal: with standard error attached to
//! a terminal the bar's drawing (percentages, bar characters, redraws) reaches it, and with standard
//! error on a pipe nothing of it does. The pty is opened with rustix's safe calls (the workspace forbids
//! unsafe code), not with an external program.

mod support;

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use acs_emulator::{ProgressScript, Scenario};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use tokio::process::Command;

use support::*;

/// A new pseudo-terminal: the controller side to read from and the terminal side to give the child.
fn pty() -> (File, File) {
    let controller = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
    grantpt(&controller).expect("grantpt");
    unlockpt(&controller).expect("unlockpt");
    let name = ptsname(&controller, Vec::new()).expect("ptsname");
    let path = name.to_str().expect("a UTF-8 path").to_owned();
    let terminal = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .expect("open the terminal side");
    (File::from(controller), terminal)
}

/// Everything written to the terminal until the last writer closed it.
fn drain(mut controller: File) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match controller.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => all.extend_from_slice(&buf[..n]),
                // Linux reports the closed terminal side as an error (EIO), not as an end of file.
                Err(_) => break,
            }
        }
        all
    })
}

async fn wait_with_stderr(emu: &acs_emulator::Running, stderr: Stdio) -> (i32, String) {
    let out = Command::new(BIN)
        .args(["dbs", "wait", "pre-check-finished", "--backup-plan-id", "x"])
        .args(["--interval", "0.05", "--endpoint"])
        .arg(emu.url())
        .env_clear()
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        // indicatif draws nothing for an unset or `dumb` TERM, as on a real dumb terminal.
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .kill_on_drop(true)
        // Not `output()`: it would replace the terminal with a pipe.
        .spawn()
        .expect("spawn acs")
        .wait_with_output();
    let out = tokio::time::timeout(Duration::from_secs(60), out)
        .await
        .expect("in time")
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().expect("exit status"), stderr)
}

fn scenario() -> Scenario {
    let script = ProgressScript::new("Status", "running", "finish").values(vec![10, 60, 100]);
    Scenario::progress(&script)
}

#[tokio::test]
async fn the_bar_is_drawn_on_a_terminal() {
    let emu = start(config().scenario("DescribePreCheckProgressList", scenario())).await;
    let (controller, terminal) = pty();
    let reader = drain(controller);
    // The child gets its own handle; ours is dropped at once so the terminal closes when the child ends.
    let (code, _) = wait_with_stderr(&emu, Stdio::from(terminal)).await;
    assert_eq!(code, 0);
    let drawn = reader.join().expect("reader");
    let text = String::from_utf8_lossy(&drawn);
    // The last state: 100 %, a full bar of `=`, the status; redrawn in place (carriage return or ANSI).
    assert!(text.contains("100%"), "{text:?}");
    assert!(text.contains(&format!("[{}]", "=".repeat(30))), "{text:?}");
    assert!(text.contains("finish, 1/1 items"), "{text:?}");
    assert!(text.contains('\r') || text.contains("\x1b["), "{text:?}");
}

#[tokio::test]
async fn no_bar_on_a_pipe() {
    let emu = start(config().scenario("DescribePreCheckProgressList", scenario())).await;
    let (code, stderr) = wait_with_stderr(&emu, Stdio::piped()).await;
    assert_eq!(code, 0);
    assert!(!stderr.contains('%'), "{stderr:?}");
    assert!(!stderr.contains("==="), "{stderr:?}");
    assert!(
        !stderr.contains('\r') && !stderr.contains("\x1b["),
        "{stderr:?}"
    );
}
