//! `acs-bench`: the runtime's per-call costs, printed as a Markdown section for `cargo xtask bench`.
//!
//! Each figure is paired with a floor measured in the same run: signing against one HMAC over the same
//! string to sign, decoding against parsing the same body into `serde_json::Value`, and whole calls
//! against raw reqwest POSTs of the same request to the same loopback server. Nothing is asserted; the
//! ratios are the result.

mod calls;
mod inprocess;
mod timing;

fn main() {
    // Raw reqwest (the floor of the call benchmark) needs a process-wide TLS provider even for http.
    // Deprecated in rustls 0.23.48 (no post-quantum key exchange); ring is the project's provider.
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let _ = provider.install_default();
    // `acs-bench --profile… N`: only N sequential calls, decodes or signatures, for a profiler (e.g.
    // callgrind) to watch.
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, n] = args.as_slice() {
        let n = n.parse().unwrap_or(1000);
        match flag.as_str() {
            "--profile" => calls::profile(n, false),
            "--profile-raw" => calls::profile(n, true),
            "--profile-decode" => inprocess::profile_decode(n),
            "--profile-sign" => inprocess::profile_sign(n, acs_runtime::SignatureVersion::Acs3),
            "--profile-sign-v1" => inprocess::profile_sign(n, acs_runtime::SignatureVersion::V1),
            _ => eprintln!(
                "usage: acs-bench [--profile | --profile-raw | --profile-decode | --profile-sign | --profile-sign-v1 N]"
            ),
        }
        return;
    }
    let mut out = String::new();
    out.push_str("## Runtime (`acs-bench`)\n\n");
    let load_before = calls::load_average();
    let signing = inprocess::signing(&mut out);
    let decode_us = inprocess::decoding(&mut out);
    calls::calls(&mut out, signing.acs3_us, decode_us, &load_before);
    print!("{out}");
}
