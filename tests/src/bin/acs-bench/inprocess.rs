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

/// The build-and-sign figures, for the targets and for the call benchmark's account of a call's CPU.
pub struct Signing {
    /// ACS3 build + sign, µs (median).
    pub acs3_us: f64,
}

/// Building and signing one request, per signature version, against the floor.
pub fn signing(out: &mut String) -> Signing {
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
    out.push_str(
        "Build + sign: what a call does before it sends (`Client::build_and_sign`: check and flatten the\n\
         input, resolve endpoint and credentials, fresh date and nonce, encode the query, hash the canonical\n\
         request, sign, write the URL and headers). Dry run: `Client::prepare`, the same plus the\n\
         `PreparedRequest` it shows (decoded parameters, sorted headers). The floor is one HMAC (SHA-256 for\n\
         ACS3, SHA-1 for V1) over a string of the same length as that request's string to sign. µs per\n\
         request, min / median / max of seven batches.\n\n",
    );
    out.push_str(
        "| signature | build + sign | dry run (`prepare`) | floor: one HMAC | ratio (median) |\n|---|---|---|---|---:|\n",
    );
    let mut sizes = String::new();
    let mut medians = Vec::new();
    let mut canonical_len = 0;
    for version in [SignatureVersion::Acs3, SignatureVersion::V1] {
        let config = CallConfig::new().signature_version(version);
        let prepared = rt
            .block_on(client.prepare(info, &mut *input, &config))
            .expect("prepare");
        let full = time(|| rt.block_on(client.build_and_sign(info, &mut *input, &config)));
        let dry = time(|| rt.block_on(client.prepare(info, &mut *input, &config)));
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
                canonical_len = canonical.len();
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
            "| {version:?} | {full} | {dry} | {floor} | {:.2}× |",
            full.median / floor.median
        );
        medians.push((full.median, floor.median));
    }
    out.push('\n');
    out.push_str(&sizes);
    out.push('\n');
    let (acs3, acs3_floor) = medians[0];
    let (v1, v1_floor) = medians[1];
    let ratio = acs3 / acs3_floor;
    let _ = writeln!(
        out,
        "- Target: ACS3 build + sign ≤ 3× one HMAC: {}.",
        if ratio <= 3.0 {
            format!("**met** ({ratio:.2}×)")
        } else {
            format!(
                "**missed** ({ratio:.2}×, {:.2} µs for a target of {:.2} µs)",
                acs3 / 1000.0,
                3.0 * acs3_floor / 1000.0
            )
        }
    );
    // "As fast as": within 5 %, the spread of these medians from one run to the next.
    let v1_vs = v1 / acs3;
    let v1_len = v1_string_len(&rt, &client, info, &mut *input);
    let _ = writeln!(
        out,
        "- Target: V1 as fast as ACS3 (its build + sign within 5 % of ACS3's): {} (V1 {:.2} µs, {v1_vs:.2}× ACS3's \
         {:.2} µs; against its own floor, one HMAC-SHA1 over its {}-byte string to sign, {:.2}×).\n",
        if v1_vs <= 1.05 {
            "**met**"
        } else {
            "**missed**"
        },
        v1 / 1000.0,
        acs3 / 1000.0,
        v1_len,
        v1 / v1_floor
    );
    // Why: what the protocol itself hashes, in SHA-256 compressions, against the floor's.
    let blocks = |bytes: usize| (bytes + 9).div_ceil(64);
    // The floor: the key's inner and outer blocks, then the string to sign and the inner digest.
    let floor_blocks = 2 + blocks(ACS3_STRING_TO_SIGN) + 1;
    let call_blocks = blocks(canonical_len) + floor_blocks;
    if ratio > 3.0 {
        let _ = writeln!(
            out,
            "Why ACS3 misses: the protocol hashes the {canonical_len}-byte canonical request ({} SHA-256 \
             blocks) before the HMAC, which is the floor's own {floor_blocks} blocks (key, string to sign, outer \
             digest), so hashing alone is about {:.1}× the floor and leaves about {:.1}× for everything else: \
             checking and flattening the input, the nonce (16 bytes from the operating system, one `getrandom` \
             system call), the date, the credentials, encoding and sorting the query, and writing the URL and \
             headers. The profile (callgrind, `acs-bench --profile-sign`, instructions per request, 2026-12-07): \
             about 50k in all, of which SHA-256 27k (callgrind runs ring's AVX code; natively the SHA \
             extensions make it cheaper, the floor's too), allocation about 7k, formatting the date and the \
             `Authorization` header about 3k, hex 2k, checking and flattening the input about 1.5k, encoding \
             the query about 1k; none of the rest is above 1k.\n",
            blocks(canonical_len),
            call_blocks as f64 / floor_blocks as f64,
            3.0 - call_blocks as f64 / floor_blocks as f64
        );
    }
    if v1_vs > 1.05 {
        let _ = writeln!(
            out,
            "Why V1 misses: not its hashing. Its floor, one HMAC-SHA1 over its {v1_len}-byte string to sign, \
             takes {:.2} µs ({:.2}× ACS3's floor; SHA-1 with the CPU's SHA extensions, through the `sha1` \
             crate, where ring's SHA-1 is portable software). What costs more is text: V1 puts its eight \
             common parameters (`Action`, `Format`, `Version`, `AccessKeyId`, `SignatureMethod`, `Timestamp`, \
             `SignatureVersion`, `SignatureNonce`) in the query, where ACS3 sends them as headers, so they are \
             percent-encoded and sorted with the operation's own; it percent-encodes the whole canonical query \
             a second time into its string to sign; and its signature is base64, percent-encoded again into \
             the URL. The profile (`acs-bench --profile-sign-v1`) has the encoding and the sort as its largest \
             costs after hashing.\n",
            v1_floor / 1000.0,
            v1_floor / acs3_floor,
        );
    }
    Signing {
        acs3_us: acs3 / 1000.0,
    }
}

/// `ACS3-HMAC-SHA256\n` and 64 hex digits.
const ACS3_STRING_TO_SIGN: usize = 17 + 64;

/// The length of the V1 string to sign of the benchmarked request.
fn v1_string_len(
    rt: &tokio::runtime::Runtime,
    client: &Client,
    info: &'static acs_runtime::OperationInfo,
    input: &mut dyn acs_runtime::codec::Shape,
) -> usize {
    let config = CallConfig::new().signature_version(SignatureVersion::V1);
    let prepared = rt
        .block_on(client.prepare(info, input, &config))
        .expect("prepare");
    v1::string_to_sign("POST", &prepared.query).len()
}

/// Decoding every documented example, against parsing it into `serde_json::Value`: one row per product
/// (all its examples decoded in one timed round, so a catalogue of thousands of operations is timed in
/// seconds), and the body the call benchmark's server answers with (DTS `DescribePreCheckStatus`) alone.
///
/// Returns that body's median µs, for the call benchmark's account of a call's CPU.
pub fn decoding(out: &mut String) -> f64 {
    out.push_str("### Decoding the documented examples\n\n");
    out.push_str(
        "Typed: each body decoded into its operation's output type (the registry's constructor and\n\
         `codec::decode_into`, the client's decoder). Floor: `serde_json::from_str::<Value>` of the same\n\
         bodies. Per product, every example of the product in one timed round; µs per round, min /\n\
         median / max of seven.\n\n",
    );
    out.push_str(
        "| bodies | examples | bytes | typed µs | floor: `Value` µs | ratio (median) |\n|---|---:|---:|---|---|---:|\n",
    );
    let examples = json_examples(&workspace_root().join("specs"));
    let mut products: Vec<(String, Vec<(&'static acs_runtime::OperationInfo, &str)>)> = Vec::new();
    for e in &examples {
        let info = operation(&e.module, &e.action);
        match products.last_mut() {
            Some((module, bodies)) if *module == e.module => bodies.push((info, &e.body)),
            _ => products.push((e.module.clone(), vec![(info, &e.body)])),
        }
    }
    let (mut typed_total, mut floor_total) = (0.0, 0.0);
    let mut row = |label: &str, bodies: &[(&'static acs_runtime::OperationInfo, &str)]| {
        let typed = time(|| {
            for (info, body) in bodies {
                let mut o = (info.new_output)();
                let _ = std::hint::black_box(decode_into(body, &mut *o));
            }
        });
        let floor = time(|| {
            for (_, body) in bodies {
                let _ = std::hint::black_box(serde_json::from_str::<serde_json::Value>(body));
            }
        });
        let bytes: usize = bodies.iter().map(|(_, b)| b.len()).sum();
        let _ = writeln!(
            out,
            "| {label} | {} | {bytes} | {typed} | {floor} | {:.2}× |",
            bodies.len(),
            typed.median / floor.median
        );
        (typed, floor)
    };
    for (module, bodies) in &products {
        let (typed, floor) = row(&format!("`{module}`, every example"), bodies);
        typed_total += typed.median;
        floor_total += floor.median;
    }
    let call = examples
        .iter()
        .find(|e| e.module == "dts" && e.action == "DescribePreCheckStatus")
        .expect("the DTS example");
    let (call_typed, _) = row(
        "`dts::DescribePreCheckStatus` (the call benchmark's answer)",
        &[(operation("dts", "DescribePreCheckStatus"), &call.body)],
    );
    let _ = writeln!(
        out,
        "\nAll {} examples of {} products together: typed decoding takes {:.2}× the time of parsing into `Value`.\n",
        examples.len(),
        products.len(),
        typed_total / floor_total
    );
    call_typed.median / 1000.0
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

/// `n` request builds and signatures (`version`), nothing else: the loop a profiler watches.
pub fn profile_sign(n: usize, version: SignatureVersion) {
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
    let config = CallConfig::new().signature_version(version);
    for _ in 0..n {
        std::hint::black_box(
            rt.block_on(client.build_and_sign(info, &mut *input, &config))
                .expect("build and sign"),
        );
    }
}
