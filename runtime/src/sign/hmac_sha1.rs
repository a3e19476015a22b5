//! HMAC-SHA1 (RFC 2104) over RustCrypto's `sha1`, for the V1 and ROA signatures.
//!
//! Why not ring's `HMAC_SHA1_FOR_LEGACY_USE_ONLY`: ring computes SHA-1 in portable software, while
//! `sha1` uses the CPU's SHA extensions when it has them (detected at run time), which made one V1
//! signature over a typical query about 3× cheaper in `acs-bench`. The tests hold it to ring's result
//! and to RFC 2202's vectors.

use sha1::{Digest, Sha1};

/// SHA-1's block size: keys are padded (or, when longer, hashed) to it.
const BLOCK: usize = 64;

/// HMAC-SHA1 of `message` keyed with `key`.
pub(crate) fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..20].copy_from_slice(&Sha1::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|k| k ^ byte);
    let inner = Sha1::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha1::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::hmac_sha1;

    fn ring(key: &[u8], message: &[u8]) -> Vec<u8> {
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, key);
        ring::hmac::sign(&key, message).as_ref().to_vec()
    }

    #[test]
    fn rfc_2202_vectors() {
        let hex = |b: &[u8]| crate::sign::hex(b);
        assert_eq!(
            hex(&hmac_sha1(&[0x0b; 20], b"Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00"
        );
        assert_eq!(
            hex(&hmac_sha1(b"Jefe", b"what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        // A key longer than the block is hashed first.
        assert_eq!(
            hex(&hmac_sha1(
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112"
        );
    }

    #[test]
    fn agrees_with_ring_at_every_key_and_message_length_around_the_block() {
        // Lengths either side of the block and padding boundaries, for both key and message.
        for key_len in [0, 1, 19, 20, 63, 64, 65, 128, 200] {
            for msg_len in [0, 1, 55, 56, 63, 64, 65, 119, 120, 500] {
                let key: Vec<u8> = (0..key_len).map(|i| (i * 7 + 3) as u8).collect();
                let msg: Vec<u8> = (0..msg_len).map(|i| (i * 13 + 1) as u8).collect();
                assert_eq!(
                    hmac_sha1(&key, &msg).to_vec(),
                    ring(&key, &msg),
                    "key {key_len} bytes, message {msg_len} bytes"
                );
            }
        }
    }
}
