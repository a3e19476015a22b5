//! Every request form against the emulator serving the fixture tree `tests/fixtures/specs/` (every style,
//! both locations, nested shapes, maps, `any`, a GET-only operation, rules between parameters): each case
//! of [`cases`] is a request (method, query, form body) and the exact answer it must get (status, code and
//! message, or acceptance), and is sent twice, signed with ACS3 and with V1, which must answer alike. The
//! request example of the fixture flattens to the pairs its spec lists.

#[path = "../support/mod.rs"]
mod support;

mod cases;

use acs_emulator::Running;
use cases::{Case, VERSION};
use support::wire::{self, form_specs};
use support::*;

async fn send_acs3(emu: &Running, case: &Case) -> Answer {
    let mut req = Acs3::new(case.action, VERSION, &[]);
    req.method = case.method.to_owned();
    req.query = case.query.clone();
    let form = &case.form;
    if !form.is_empty() {
        req.body = wire::form_body(form);
        req.extra_headers = pairs(&[("content-type", "application/x-www-form-urlencoded")]);
    }
    req.send(emu).await
}

async fn send_v1(emu: &Running, case: &Case) -> Answer {
    let form = &case.form;
    // Only a POST's body holds parameters, so only a POST's form is signed.
    let signed: &[(String, String)] = if case.method == "POST" { form } else { &[] };
    let query = v1_query(case.method, case.action, VERSION, &case.query, signed);
    let url = format!(
        "{}/?{}",
        emu.url(),
        acs_runtime::sign::canonical_query(&query)
    );
    let mut headers = Vec::new();
    if !form.is_empty() {
        headers = pairs(&[("content-type", "application/x-www-form-urlencoded")]);
    }
    send(case.method, &url, &headers, wire::form_body(form)).await
}

/// What differs from the case's expectation, if anything.
fn mismatch(case: &Case, a: &Answer) -> Option<String> {
    let got = match a.status {
        200 if a.json["RequestId"].is_string() => None,
        status => Some((
            status,
            a.code().to_owned(),
            a.json["Message"].as_str().unwrap_or("").to_owned(),
        )),
    };
    let want = case.expect.clone();
    (got != want).then(|| format!("want {want:?}\n   got {got:?} {:#}", a.json))
}

#[tokio::test]
async fn every_case_is_answered_as_the_gateway_would_with_both_signatures() {
    let emu = start(config().specs_dir(form_specs())).await;
    let all = cases::all();
    let mut failures = Vec::new();
    for case in &all {
        let answers = [
            ("ACS3", send_acs3(&emu, case).await),
            ("V1", send_v1(&emu, case).await),
        ];
        for (signing, answer) in answers {
            if let Some(what) = mismatch(case, &answer) {
                failures.push(format!("{signing} {}: {what}", case.what));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} requests:\n{}",
        failures.len(),
        2 * all.len(),
        failures.join("\n")
    );
    assert!(
        all.len() >= 60,
        "the table covers every refusal ({})",
        all.len()
    );
}

#[test]
fn the_request_example_flattens_to_the_pairs_it_lists() {
    let ops = wire::operations(&form_specs());
    let mut checked = 0;
    for op in &ops {
        for ex in &op.spec.request_examples {
            let input = serde_json::to_value(&ex.input).expect("JSON");
            let (mut query, mut form) = wire::flatten(&op.spec, &input);
            let (mut want_query, mut want_form) = (ex.query.clone(), ex.form.clone());
            for list in [&mut query, &mut form, &mut want_query, &mut want_form] {
                list.sort();
            }
            assert_eq!(
                (query, form),
                (want_query, want_form),
                "{}: {}",
                op.spec.name,
                ex.title
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
}
