//! `cargo fuzz run importer`: arbitrary bytes as Alibaba's `api-docs.json`, imported into a scratch
//! workspace (see `acs_fuzz::importer`). Built without `cargo fuzz`, a binary that replays and mutates
//! inputs.

#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| acs_fuzz::importer::check(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    acs_fuzz::driver::main(
        "importer",
        acs_fuzz::importer::check,
        acs_fuzz::importer::DICTIONARY,
    )
}
