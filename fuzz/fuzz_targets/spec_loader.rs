//! `cargo fuzz run spec_loader`: arbitrary bytes as an operation spec file, loaded and generated (see
//! `acs_fuzz::spec_loader`). Built without `cargo fuzz`, a binary that replays and mutates inputs.

#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| acs_fuzz::spec_loader::check(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    acs_fuzz::driver::main(
        "spec_loader",
        acs_fuzz::spec_loader::check,
        acs_fuzz::spec_loader::DICTIONARY,
    )
}
