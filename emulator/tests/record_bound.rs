//! The record of exchanges is bounded by bytes as well as by count: large requests (bodies near the
//! 1 MiB limit, kept with their decoded parameters) drop the oldest exchanges first, the bytes kept stay
//! within the budget, the newest exchanges are kept in order, and no more are dropped than needed.

mod support;

use acs_emulator::{DEFAULT_MAX_EXCHANGE_BYTES, Running};
use support::*;

/// A form body of about `size` bytes whose `N` parameter is `n`.
fn body(n: usize, size: usize) -> Vec<u8> {
    format!("N={n}&Pad={}", "x".repeat(size)).into_bytes()
}

/// Sends `count` POSTs with bodies of about `size` bytes. They carry no credentials, and no action, so each is refused,
/// and each is recorded all the same, body and parameters included.
async fn post_many(emu: &Running, count: usize, size: usize) {
    let form = pairs(&[("content-type", "application/x-www-form-urlencoded")]);
    for n in 0..count {
        let answer = send("POST", &format!("{}/", emu.url()), &form, body(n, size)).await;
        assert_eq!(answer.status, 400, "{:#}", answer.json);
    }
}

/// The `N` of every kept exchange, oldest first.
fn kept(emu: &Running) -> Vec<usize> {
    (emu.exchanges().iter())
        .map(|x| x.param("N").and_then(|n| n.parse().ok()).expect("N"))
        .collect()
}

#[tokio::test]
async fn large_exchanges_stay_within_the_byte_budget_and_the_newest_are_kept() {
    const BUDGET: usize = 4 * 1024 * 1024;
    const SIZE: usize = 512 * 1024;
    let emu = start(config().max_exchange_bytes(BUDGET)).await;
    post_many(&emu, 40, SIZE).await;

    let exchanges = emu.exchanges();
    let bytes: usize = exchanges.iter().map(|x| x.retained_bytes()).sum();
    assert_eq!(
        bytes,
        emu.exchange_bytes(),
        "the budget counts what is kept"
    );
    assert!(bytes <= BUDGET, "{bytes} bytes kept, budget {BUDGET}");
    // Body and parameters each hold the padding: an exchange is over 1 MiB, and all of it counts.
    let one = exchanges[0].retained_bytes();
    assert!(one > 2 * SIZE, "{one}");
    let n = kept(&emu);
    assert_eq!(n.last(), Some(&39), "the newest is kept");
    let suffix: Vec<usize> = (40 - n.len()..40).collect();
    assert_eq!(n, suffix, "the newest, in order, the oldest dropped first");
    assert!(
        bytes + one > BUDGET,
        "only as many dropped as needed: {} kept, {bytes} bytes",
        n.len()
    );
}

#[tokio::test]
async fn the_default_budget_bounds_a_long_run_of_large_requests() {
    assert_eq!(DEFAULT_MAX_EXCHANGE_BYTES, 64 * 1024 * 1024);
    // 100 requests at nearly the 1 MiB body limit: with the count bound alone, all of them (over 200 MiB
    // with their parameters) would be kept.
    let emu = start(config()).await;
    post_many(&emu, 100, 1024 * 1024 - 1024).await;
    let bytes = emu.exchange_bytes();
    assert!(
        bytes <= DEFAULT_MAX_EXCHANGE_BYTES,
        "{bytes} bytes kept, budget {DEFAULT_MAX_EXCHANGE_BYTES}"
    );
    let n = kept(&emu);
    assert!(
        (20..100).contains(&n.len()),
        "{} kept of 100: bounded, yet many",
        n.len()
    );
    assert_eq!(n.last(), Some(&99), "the newest is kept");
    emu.clear_exchanges();
    assert_eq!((emu.exchanges().len(), emu.exchange_bytes()), (0, 0));
}
