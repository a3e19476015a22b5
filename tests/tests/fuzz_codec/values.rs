//! Values the codec keeps as received: hostile timestamps, and numbers that must round-trip exactly.

use acs_runtime::codec::{self, Hint, Reader, View, Wire};
use acs_runtime::serde_json::{self, Value};
use acs_runtime::{Timestamp, TimestampFormat};

use super::support::*;

/// Timestamps decode leniently (numbers, numeric strings, any ISO-8601 text), so their readers get
/// hostile text: each accepted value converts without panicking and round-trips exactly.
#[test]
fn hostile_timestamps_convert_or_fail_cleanly() {
    let mut values: Vec<String> = [
        "0",
        "-1",
        "-0",
        "1.5",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "1e308",
        "1e999",
        "\"\"",
        "\"1700000000\"",
        "\"1e400\"",
        "\" -12.5 \"",
        "\"2022-03-16T08:01:34.000+00:00\"",
        "\"2022-02-29T00:00:00Z\"",
        "\"2024-02-29 23:59:60,5-2359\"",
        "\"0000-01-01T00:00:00+23:59\"",
        "\"9999-12-31T23:59:59.99999999999999999999Z\"",
        "\"2022-03-16T24:00:00Z\"",
        "\"2022-13-01\"",
        "\"2022-03-16T08:01:34.\"",
        "\"-001-01-01T00:00:00Z\"",
        "\"+2022-01-01\"",
        "\"２０２２-01-01\"",
        "\"2022-01-01T00:00:00+\"",
        "true",
        "[]",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    // Random texts made of the pieces of ISO-8601.
    let mut rng = Rng(0x7157_a3b0);
    for _ in 0..2000 {
        let mut s = String::from("\"");
        for _ in 0..rng.below(12) {
            s.push_str(rng.word(&[
                "2022",
                "9999",
                "0000",
                "-",
                "03",
                "00",
                "31",
                "29",
                "T",
                " ",
                ":",
                "60",
                "59",
                "24",
                ".",
                ",",
                "123456789",
                "Z",
                "+",
                "23:59",
                "99",
                "1e3",
                "é",
            ]));
        }
        s.push('"');
        values.push(s);
    }
    let hints = [
        Hint::None,
        Hint::Timestamp(TimestampFormat::EpochMillis),
        Hint::Timestamp(TimestampFormat::EpochSeconds),
        Hint::Timestamp(TimestampFormat::Iso8601),
    ];
    let mut read = 0;
    for text in &values {
        for hint in hints {
            let what = format!("{text} as {hint:?}");
            let decoded = Timestamp::decode(&mut Reader::new(text), hint);
            let Ok(Some(t)) = decoded else {
                if let Err(e) = decoded {
                    check_error(&e, text, &what);
                }
                continue;
            };
            let millis = t.unix_millis();
            read += usize::from(millis.is_some());
            let _ = (t.to_system_time(), t.as_wire_text(), t.to_string());
            let _ = (format!("{t:?}"), serde_json::to_string(&t));
            let once = codec::to_json(t.view());
            let again = Timestamp::decode(&mut Reader::new(&once), hint)
                .unwrap_or_else(|e| panic!("{what}: its own encoding {once} does not decode: {e}"));
            assert_eq!(again.as_ref(), Some(&t), "{what}: changed through {once}");
        }
    }
    assert!(read > 100, "only {read} timestamps were readable");
    // Made from milliseconds: an ISO-8601 timestamp of a four-digit year reads back the same instant.
    for _ in 0..2000 {
        // From 0000-01-01 (-62,167,219,200,000) to the end of 9999 (253,402,300,800,000 excluded).
        let ms = (rng.next() % 315_569_520_000_000) as i64 - 62_167_219_200_000;
        for format in [TimestampFormat::EpochMillis, TimestampFormat::Iso8601] {
            let t = Timestamp::from_unix_millis(ms, format);
            assert_eq!(t.unix_millis(), Some(ms), "{ms} as {format:?}: {t}");
        }
    }
}

/// A number the codec keeps as received (`any` fields, timestamps) is held in a `serde_json::Number`,
/// whose float parsing was off by one step of `f64` for some 17-digit numbers until serde_json's
/// `float_roundtrip` feature was switched on: every decode-encode round moved the value (found by
/// `mutated_examples_decode_or_fail_cleanly`: a mutated `RestoreTaskFinishTime`).
#[test]
fn numbers_kept_as_received_round_trip() {
    for text in ["1.2345678901234566e+42", "1.2345678901234566e42"] {
        let value: Value = codec::from_json(text).expect("JSON").expect("a value");
        let once = codec::to_json(View::Json(&value));
        let again: Value = codec::from_json(&once).expect("JSON").expect("a value");
        assert_eq!(once, codec::to_json(View::Json(&again)), "{text} moved");
        let stamp = Timestamp::decode(&mut Reader::new(text), Hint::None)
            .expect("a number")
            .expect("a timestamp");
        assert_eq!(stamp.to_string(), once, "{text} as a timestamp");
        assert_eq!(
            text.parse::<f64>().ok(),
            value.as_f64(),
            "{text} read as another number"
        );
    }
}
