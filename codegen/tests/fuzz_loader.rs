//! Hostile YAML for the spec loader, beyond `robustness.rs` (which mangles whole lines of real specs):
//! byte-level mutations, duplicated keys, alias bombs, very long lines and deep nesting. Every input must
//! end in a spec set or in diagnostics, without a panic and within a time bound; every input the loader
//! and validator accept must generate. The same checks run unbounded in `fuzz/` (`spec_loader` target).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use acs_codegen::{Diagnostics, emit, ir, spec};

/// A small seeded generator (xorshift64), so a failing round reproduces from its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// How long one input may take. Real files load in milliseconds and the largest inputs here (a file at
/// the size cap, half a million lines) in under a second in a debug build; the bound only has to tell
/// "bounded" from "grows faster than the input" (the quadratic case below takes hours at the cap), with
/// room for a 2-core machine running the whole workspace's tests at once.
const PER_INPUT: Duration = Duration::from_secs(10);

/// A valid product file for the hostile operation files.
const PRODUCT: &str = "code: Demo\ntitle: Demo\nmodule: demo\nversion: \"2020-01-01\"\nendpoints:\n  fallback: demo.aliyuncs.com\n";

/// The smallest operation the validator accepts; hostile parts are appended to it.
const MINIMAL: &str = "name: Op\nsummary: s\nresponse:\n  fields: []\n";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A spec file: its path and its text.
type File = (PathBuf, String);

/// Every product of a spec tree: its product file and its operation files.
fn products(tree: &str) -> Vec<(File, Vec<File>)> {
    let root = workspace().join(tree);
    let mut out = Vec::new();
    let mut folders: Vec<PathBuf> = fs::read_dir(&root)
        .expect("spec tree")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let mut product = None;
        let mut operations = Vec::new();
        let mut files: Vec<PathBuf> = fs::read_dir(&folder)
            .expect("product folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for path in files {
            let text = fs::read_to_string(&path).expect("spec text");
            if path.ends_with(spec::load::PRODUCT_FILE) {
                product = Some((path, text));
            } else {
                operations.push((path, text));
            }
        }
        out.push((product.expect("a product file"), operations));
    }
    out
}

/// Loads `files` as one tree, validates it and, when it is accepted, lowers and emits it (emitting
/// re-parses every printed file as Rust). Returns the diagnostics of a refused tree, after checking each
/// says something; panics when an accepted tree does not emit or the whole took longer than [`PER_INPUT`].
fn pipeline(files: Vec<(PathBuf, String)>, what: &str) -> Option<Diagnostics> {
    let started = Instant::now();
    let refused = match spec::load_files(files) {
        Err(problems) => Some(problems),
        Ok(set) => match acs_codegen::check(&set) {
            Err(problems) => Some(problems),
            Ok(()) => {
                emit::emit_crate(&ir::lower(&set))
                    .unwrap_or_else(|e| panic!("{what}: accepted specs failed to emit: {e}"));
                None
            }
        },
    };
    let took = started.elapsed();
    assert!(took < PER_INPUT, "{what}: took {took:?}");
    if let Some(problems) = &refused {
        assert!(
            !problems.is_empty(),
            "{what}: refused with no problem listed"
        );
        for d in problems.iter() {
            assert!(
                !d.message.trim().is_empty(),
                "{what}: a diagnostic without a message: {d:?}"
            );
        }
    }
    refused
}

/// One operation file in the demo product.
fn demo(op: &str) -> Vec<(PathBuf, String)> {
    vec![
        ("specs/demo/_product.yaml".into(), PRODUCT.to_owned()),
        ("specs/demo/Op.yaml".into(), op.to_owned()),
    ]
}

/// Characters a byte-level mutation puts in: YAML indicators, whitespace YAML treats specially, control
/// characters, a byte order mark, line and paragraph separators, multi-byte text.
const CHARS: &[char] = &[
    ':', '-', ' ', '\t', '\n', '\r', '"', '\'', '[', ']', '{', '}', '&', '*', '!', '?', '|', '>',
    '%', '@', '`', '#', ',', '~', '\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{a0}',
    '\u{2028}', '\u{feff}', 'é', '中', '😀', 'x', '0', '9', '.',
];

/// Bits of YAML syntax a mutation inserts whole: anchors, aliases, tags, merge keys, explicit keys,
/// directives, document markers, special scalars.
const TOKENS: &[&str] = &[
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "!custom ",
    "<<: *a",
    "? ",
    "--- ",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "\n- ",
    ": ",
    "~",
    "null",
    ".inf",
    "-.nan",
    "0x1F",
    "1e999",
    "0o17",
    "\"\\ud800\"",
    "\"\\x00\"",
    "'",
    "|\n",
    ">-\n",
    "{a: [b, {c: d}]}",
    "2020-01-01T00:00:00Z",
    "yes",
    "=",
];

/// `text` with one to four byte-level changes, always at character boundaries (a `&str` cannot hold
/// anything else; invalid UTF-8 is refused by `load_dir` before YAML is parsed).
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(7) {
            0 if at < chars.len() => chars[at] = CHARS[rng.below(CHARS.len())],
            1 => chars.insert(at, CHARS[rng.below(CHARS.len())]),
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                chars.splice(at..at, token.chars());
            }
            3 => {
                let end = (at + 1 + rng.below(16)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            4 => {
                let end = (at + 1 + rng.below(64)).min(chars.len());
                let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                chars.splice(at..at, copy);
            }
            5 => chars.truncate(at),
            _ => {
                // Swap two lines: valid lines in the wrong place (keys under other parents).
                let text: String = chars.iter().collect();
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.len() > 1 {
                    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                    lines.swap(a, b);
                }
                chars = lines.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}

/// How many mutated files `byte_mutations_end_in_specs_or_diagnostics` loads.
const ROUNDS: usize = 300;

/// Byte-level mutations of real operation files (the catalogue's and the fixtures'), each loaded with its
/// product file: no panic, refusals say something, acceptances generate, and each load is bounded.
#[test]
fn byte_mutations_end_in_specs_or_diagnostics() {
    let mut all = products("specs");
    all.extend(products("tests/fixtures/specs"));
    let mut rng = Rng(0x0f0e_5eed_1234_5678);
    let (mut refused, mut accepted) = (0, 0);
    for round in 0..ROUNDS {
        let (product, operations) = &all[rng.below(all.len())];
        if operations.is_empty() {
            continue;
        }
        let (path, text) = &operations[rng.below(operations.len())];
        let mutated = mutate(text, &mut rng);
        let what = format!("round {round}, {}", path.display());
        match pipeline(vec![product.clone(), (path.clone(), mutated)], &what) {
            Some(_) => refused += 1,
            None => accepted += 1,
        }
    }
    eprintln!("{refused} refused, {accepted} accepted");
    // Both outcomes must be common, or the mutations prove nothing (all noise, or all harmless).
    assert!(refused > ROUNDS / 5, "only {refused} of {ROUNDS} refused");
    assert!(
        accepted > ROUNDS / 20,
        "only {accepted} of {ROUNDS} accepted"
    );
}

/// A key written twice in one mapping is refused with the line of the second, for the keys of a
/// struct; the spec does not silently keep one of them.
#[test]
fn duplicated_struct_keys_are_refused_where_they_are() {
    let cases = [
        (format!("{MINIMAL}name: Other\n"), 5, "duplicate field `name`"),
        (
            "name: Op\nsummary: s\nrequest:\n  - name: A\n    type: string\n    type: integer\nresponse:\n  fields: []\n".to_owned(),
            4,
            "duplicate field `type`",
        ),
        (
            "name: Op\nsummary: s\nrequest:\n  - name: A\n    type: string\nrequest_examples:\n  - title: t\n    input: {A: x, A: y}\nresponse:\n  fields: []\n".to_owned(),
            8,
            "duplicate entry",
        ),
    ];
    for (text, line, message) in cases {
        let problems = pipeline(demo(&text), message).expect("refused");
        let d = problems.iter().next().expect("one diagnostic");
        assert!(d.message.contains(message), "{d}");
        // The library reports the start of the mapping that holds the duplicate, which is as close as
        // its events get; never line 0 (unknown) for a syntax-level problem.
        assert!(
            d.line > 0 && d.line <= line,
            "{message}: line {} in {d}",
            d.line
        );
    }
}

/// Duplicate names in the maps of a spec (`shapes`, `enums`, `waiters`, `endpoints.regional`) must be
/// refused too: YAML requires unique keys, and keeping the last one drops a whole definition without a
/// word.
#[test]
fn duplicated_map_keys_are_refused() {
    let op_with = |tail: &str| format!("{MINIMAL}{tail}");
    let cases = [
        (
            "shapes",
            demo(&op_with(
                "shapes:\n  A:\n    fields: []\n  A:\n    fields:\n      - name: X\n        type: string\n",
            )),
        ),
        (
            "enums",
            demo(&op_with(
                "enums:\n  E:\n    values: [{value: a}]\n  E:\n    values: [{value: b}]\n",
            )),
        ),
        (
            "endpoints.regional",
            vec![
                (
                    "specs/demo/_product.yaml".into(),
                    "code: Demo\ntitle: Demo\nmodule: demo\nversion: \"2020-01-01\"\nendpoints:\n  regional:\n    cn-hangzhou: a.aliyuncs.com\n    cn-hangzhou: b.aliyuncs.com\n  fallback: demo.aliyuncs.com\n".to_owned(),
                ),
                ("specs/demo/Op.yaml".into(), MINIMAL.to_owned()),
            ],
        ),
    ];
    for (what, files) in cases {
        assert!(
            pipeline(files, what).is_some(),
            "{what}: a key written twice was accepted (the first definition is lost)"
        );
    }
}

/// Billion laughs: nine anchors, each a list of nine aliases of the one before (9^9 strings once
/// expanded), where the spec takes arbitrary YAML (a request example's input, a field's example) and
/// where it takes typed values. Refused, quickly, by the YAML library's repetition limit.
#[test]
fn alias_bombs_are_bounded() {
    let mut anchors = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let aliases = vec![format!("*a{}", i - 1); 9].join(", ");
        anchors.push_str(&format!("a{i}: &a{i} [{aliases}]\n"));
    }
    let indented = |spaces: usize| {
        anchors
            .lines()
            .map(|l| format!("{}{l}\n", " ".repeat(spaces)))
            .collect::<String>()
    };
    let cases = [
        (
            "request example input",
            format!(
                "name: Op\nsummary: s\nrequest_examples:\n  - title: t\n    input:\n{}response:\n  fields: []\n",
                indented(6)
            ),
        ),
        (
            "field example",
            format!(
                "name: Op\nsummary: s\nrequest:\n  - name: A\n    type: any\n    example:\n{}response:\n  fields: []\n",
                indented(6)
            ),
        ),
        (
            // The anchors in an example's input, the bomb where a list of fields is expected.
            "typed list",
            format!(
                "name: Op\nsummary: s\nrequest_examples:\n  - title: t\n    input:\n{}request: *a8\nresponse:\n  fields: []\n",
                indented(6)
            ),
        ),
    ];
    for (what, text) in cases {
        let problems = pipeline(demo(&text), what).expect("refused");
        let d = problems.iter().next().expect("one diagnostic");
        assert!(
            d.message.contains("repetition limit") || d.message.contains("invalid type"),
            "{what}: {d}"
        );
    }
}

/// A description of a megabyte on one line loads; a file over the size cap is refused before parsing,
/// with a message that says why.
#[test]
fn long_lines_and_large_files_are_bounded() {
    let long = format!(
        "name: Op\nsummary: {}\nresponse:\n  fields: []\n",
        "word ".repeat(200_000)
    );
    assert!(pipeline(demo(&long), "a 1 MB line").is_none());
    let huge = format!(
        "{MINIMAL}description: {}\n",
        "x".repeat(spec::load::MAX_FILE_BYTES)
    );
    let problems = pipeline(demo(&huge), "over the cap").expect("refused");
    let d = problems.iter().next().expect("one diagnostic");
    assert!(d.message.contains("limited to"), "{d}");
    let many_lines = format!("{MINIMAL}description: |\n{}", "  line\n".repeat(500_000));
    let _ = pipeline(demo(&many_lines), "half a million lines");
}

/// Brackets inside text do not count as nesting, and documentation full of them is rendered in time that
/// grows with its length: Markdown links are looked for at every `[`, and a search that ran to the end of
/// the text from each one once made these 200,000 brackets take about 50 s (debug build).
#[test]
fn brackets_in_text_are_rendered_in_linear_time() {
    let brackets = format!(
        "name: Op\nsummary: \"{}\"\ndescription: |\n  {}\nresponse:\n  fields: []\n",
        "[{".repeat(100_000),
        "[".repeat(100_000)
    );
    assert!(pipeline(demo(&brackets), "brackets in text").is_none());
}

/// Nesting far past the limit, in every form the pre-check knows (block indentation, `- ` items, flow
/// brackets, flow mappings), is refused before the YAML library sees it, with its position.
#[test]
fn deep_nesting_is_refused_before_parsing() {
    const DEPTH: usize = 100_000;
    let block: String = (0..200)
        .map(|i| format!("{}k{i}:\n", " ".repeat(2 * i)))
        .collect();
    let cases = [
        ("block mappings", format!("{MINIMAL}x:\n{block}")),
        (
            "block items",
            format!("{MINIMAL}x:\n  {}a\n", "- ".repeat(DEPTH)),
        ),
        (
            "flow lists",
            format!("{MINIMAL}x: {}{}\n", "[".repeat(DEPTH), "]".repeat(DEPTH)),
        ),
        (
            "flow mappings",
            format!(
                "{MINIMAL}x: {}1{}\n",
                "{a: ".repeat(DEPTH),
                "}".repeat(DEPTH)
            ),
        ),
        (
            "flow over lines",
            format!("{MINIMAL}x:\n{}", "  [\n".repeat(DEPTH)),
        ),
    ];
    for (what, text) in cases {
        let problems = pipeline(demo(&text), what).expect("refused");
        let d = problems.iter().next().expect("one diagnostic");
        assert!(d.message.contains("nests deeper"), "{what}: {d}");
        assert!(d.line >= 5, "{what}: at line {}", d.line);
    }
    // Just under the limit is not refused for its depth.
    let shallow = format!("{MINIMAL}x: {}{}\n", "[".repeat(60), "]".repeat(60));
    let problems = pipeline(demo(&shallow), "60 levels").expect("x is unknown");
    assert!(
        problems.iter().all(|d| !d.message.contains("nests deeper")),
        "{problems}"
    );
}

/// The pre-check skips a flow collection that follows a node property (a tag `!t` or an anchor `&a`) or
/// an explicit key (`? `): the YAML library then parses the nesting itself, in time that grows with the
/// square of the depth (release build: 40,000 levels 3.4 s; a file at the 4 MiB cap holds two million).
#[test]
fn deep_nesting_behind_a_tag_an_anchor_or_an_explicit_key_is_refused_before_parsing() {
    const DEPTH: usize = 20_000;
    let nest = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let cases = [
        ("tag", format!("{MINIMAL}x: !t {nest}\n")),
        ("anchor", format!("{MINIMAL}x: &a {nest}\n")),
        ("explicit key", format!("{MINIMAL}? {nest}\n: 1\n")),
        ("item with a tag", format!("{MINIMAL}x:\n  - !t {nest}\n")),
        ("document with a tag", format!("--- !t {nest}\n")),
    ];
    for (what, text) in cases {
        let started = Instant::now();
        let problem = spec::load::parse_yaml::<spec::model::OperationSpec>(
            Path::new("specs/demo/Op.yaml"),
            &text,
        )
        .expect_err("refused");
        assert!(
            problem.message.contains("nests deeper"),
            "{what}: parsed for {:?} before being refused with: {problem}",
            started.elapsed()
        );
    }
}
