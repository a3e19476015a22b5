//! `cargo fuzz run codec`: arbitrary bytes as a response body and as a request input of a generated
//! operation (see `acs_fuzz::codec`). Built without `cargo fuzz`, a binary that replays and mutates inputs.

#![cfg_attr(fuzzing, no_main)]

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| acs_fuzz::codec::check(data));

#[cfg(not(fuzzing))]
fn main() -> std::process::ExitCode {
    acs_fuzz::driver::main("codec", acs_fuzz::codec::check, acs_fuzz::codec::DICTIONARY)
}
