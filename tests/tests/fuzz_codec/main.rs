//! Hostile JSON for the response codec, run by `cargo test`: seeded mutations of every documented JSON
//! example of the catalogue, decoded into the generated output type of its operation (through
//! `decode_with_envelope`, as responses are) and into its input type (through `decode_into`), and
//! random JSON with deep nesting, huge numbers, lone surrogates, odd escapes and truncation.
//!
//! What must hold for every text: no panic; a refusal carries a message and a path; a value that
//! decodes encodes (`to_json`) to JSON that decodes again to the same value and the same text; the
//! codec is exactly as strict as JSON (a text `serde_json` refuses is refused, and `Value`s agree); a
//! truncated document is refused; an error caused by one hostile value points at that value. The same
//! checks run unbounded in `fuzz/` (`codec` target).
//!
//! Split by what is generated: [`support`] (the generator, the examples and the checks every text gets),
//! [`mutated`] (the documented examples, mutated), [`random`] (random documents) and [`values`]
//! (timestamps and numbers kept as received).

mod mutated;
mod random;
mod support;
mod values;
