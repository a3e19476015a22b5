//! In-process costs: building and signing a request (ACS3 and V1) against one HMAC over the same string
//! to sign, and decoding every documented example into its output type against parsing it into
//! `serde_json::Value`.

use std::fmt::Write as _;

use acs_codegen::spec::samples::{SpecNames, sample_input};
use acs_runtime::codec::decode_into;
use acs_runtime::sign::{acs3, v1};
use acs_runtime::{CallConfig, Client, Credentials, SignatureVersion};
use acs_tests::{json_examples, operation, workspace_root};

use crate::timing::time;

const SECRET: &str = "bench-secret";

/// The benchmarked operation: DTS DescribePreCheckStatus with an input made from its spec.
pub fn dts_input() -> (&'static acs_runtime::OperationInfo, serde_json::Value) {
    let set = acs_codegen::spec::load_dir(&workspace_root().join("specs")).expect("specs");
    let product = set
        .products
        .iter()
        .find(|p| p.product.spec.module == "dts")
        .expect("dts");
    let op = product
        .operations
        .iter()
        .find(|o| o.spec.name == "DescribePreCheckStatus")
        .expect("DescribePreCheckStatus");
    let names = SpecNames {
        product: &product.product.spec,
        operation: &op.spec,
    };
    (
        operation("dts", "DescribePreCheckStatus"),
        sample_input(&op.spec, &names),
    )
}

/// Building and signing one request, per signature version, against the floor.
pub fn signing(out: &mut String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let client = Client::builder()
        .credentials(Credentials::new("LTAI-bench", SECRET))
        .endpoint("http://127.0.0.1:9")
        .build()
        .expect("client");
    let (info, sample) = dts_input();
    let mut input = (info.new_input)();
    decode_into(&sample.to_string(), &mut *input).expect("sample");
    out.push_str("### Building and signing a request (DTS `DescribePreCheckStatus`)\n\n");
    out.push_str("`Client::prepare` checks, flattens and signs the input as a call does, but sends nothing. The floor\n");
    out.push_str("is one HMAC (SHA-256 for ACS3, SHA-1 for V1) over a string of the same length as that request's\n");
    out.push_str("string to sign. µs per request, min / median / max.\n\n");
    out.push_str(
        "| signature | build + sign | floor: one HMAC | ratio (median) |\n|---|---|---|---:|\n",
    );
    let mut sizes = String::new();
    for version in [SignatureVersion::Acs3, SignatureVersion::V1] {
        let config = CallConfig::new().signature_version(version);
        let prepared = rt
            .block_on(client.prepare(info, &mut *input, &config))
            .expect("prepare");
        let full = time(|| rt.block_on(client.prepare(info, &mut *input, &config)));
        // The string to sign of this very request, rebuilt with the public signing functions.
        let floor = match version {
            SignatureVersion::Acs3 => {
                let names = acs3::signed_header_names(&prepared.headers);
                let canonical = acs3::canonical_request(
                    "POST",
                    "/",
                    &prepared.query,
                    &prepared.headers,
                    &names,
                    &acs_runtime::sign::sha256_hex(b""),
                );
                let sts = acs3::string_to_sign(&canonical);
                let _ = write!(
                    sizes,
                    "The request (every parameter of the operation set from its spec) has a {}-byte canonical \
                     request, hashed once before the HMAC; ",
                    canonical.len()
                );
                time(|| acs3::signature(SECRET, &sts))
            }
            _ => {
                let sts = v1::string_to_sign("POST", &prepared.query);
                let _ = writeln!(sizes, "its V1 string to sign has {} bytes.", sts.len());
                time(|| v1::signature(SECRET, &sts))
            }
        };
        let _ = writeln!(
            out,
            "| {version:?} | {full} | {floor} | {:.2}× |",
            full.median / floor.median
        );
    }
    out.push('\n');
    out.push_str(&sizes);
    out.push('\n');
}

/// Decoding every documented example, against parsing it into `serde_json::Value`.
pub fn decoding(out: &mut String) {
    out.push_str("### Decoding the documented examples\n\n");
    out.push_str("Typed: the body decoded into the operation's output type (the registry's constructor and\n");
    out.push_str("`codec::decode_into`, the client's decoder). Floor: `serde_json::from_str::<Value>` of the same\n");
    out.push_str("body. µs per body, min / median / max.\n\n");
    out.push_str("| operation | bytes | typed | floor: `Value` | ratio (median) |\n|---|---:|---|---|---:|\n");
    let (mut typed_total, mut floor_total) = (0.0, 0.0);
    for example in json_examples(&workspace_root().join("specs")) {
        let info = operation(&example.module, &example.action);
        let body = example.body.as_str();
        let typed = time(|| {
            let mut o = (info.new_output)();
            decode_into(body, &mut *o).map(|()| o)
        });
        let floor = time(|| serde_json::from_str::<serde_json::Value>(body));
        typed_total += typed.median;
        floor_total += floor.median;
        let _ = writeln!(
            out,
            "| {}::{} | {} | {typed} | {floor} | {:.2}× |",
            example.module,
            example.action,
            body.len(),
            typed.median / floor.median
        );
    }
    let _ = writeln!(
        out,
        "\nAll examples together: typed decoding takes {:.2}× the time of parsing into `Value`.\n",
        typed_total / floor_total
    );
}

/// `n` decodes of the DTS example, nothing else: the loop a profiler watches.
pub fn profile_decode(n: usize) {
    let info = operation("dts", "DescribePreCheckStatus");
    let body = json_examples(&workspace_root().join("specs"))
        .into_iter()
        .find(|e| e.action == "DescribePreCheckStatus")
        .expect("the DTS example")
        .body;
    for _ in 0..n {
        let mut o = (info.new_output)();
        decode_into(&body, &mut *o).expect("decodes");
        std::hint::black_box(o);
    }
}

/// `n` request builds and ACS3 signatures, nothing else: the loop a profiler watches.
pub fn profile_sign(n: usize) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let client = Client::builder()
        .credentials(Credentials::new("LTAI-bench", SECRET))
        .endpoint("http://127.0.0.1:9")
        .build()
        .expect("client");
    let (info, sample) = dts_input();
    let mut input = (info.new_input)();
    decode_into(&sample.to_string(), &mut *input).expect("sample");
    let config = CallConfig::new();
    for _ in 0..n {
        std::hint::black_box(
            rt.block_on(client.prepare(info, &mut *input, &config))
                .expect("prepare"),
        );
    }
}
