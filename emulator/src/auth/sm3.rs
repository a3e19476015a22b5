//! SM3 (GB/T 32905-2016, the Chinese national hash standard) and HMAC-SM3, for verifying `ACS3-HMAC-SM3`
//! signatures (public so that tests can sign such requests). Written here rather than taken from a crate: the RustCrypto `sm3` crate brings the `digest`
//! trait stack (`digest`, `block-buffer`, `crypto-common`, `hybrid-array`, `typenum`, `const-oid`) plus
//! `hmac`, none of which the workspace otherwise uses, for about a hundred lines of a fixed algorithm whose
//! test vectors pin it down. Speed is irrelevant: the emulator hashes a few hundred bytes per request.

/// The initial value `IV` of the standard.
const IV: [u32; 8] = [
    0x7380_166f,
    0x4914_b2b9,
    0x1724_42d7,
    0xda8a_0600,
    0xa96f_30bc,
    0x1631_38aa,
    0xe38d_ee4d,
    0xb0fb_0e4e,
];

/// The block size in bytes, which HMAC also needs.
const BLOCK: usize = 64;

/// The SM3 digest of `data`.
pub fn digest(data: &[u8]) -> [u8; 32] {
    let mut state = IV;
    // Padding as in SHA-256: 0x80, zeros up to 56 mod 64, then the bit length as a big-endian u64.
    let mut message = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % BLOCK != BLOCK - 8 {
        message.push(0);
    }
    message.extend_from_slice(&bit_len.to_be_bytes());
    for block in message.chunks_exact(BLOCK) {
        compress(&mut state, block);
    }
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// HMAC (RFC 2104) with SM3 as the hash: the key is hashed when longer than a block, then padded with zeros.
pub fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block_key = [0u8; BLOCK];
    if key.len() > BLOCK {
        block_key[..32].copy_from_slice(&digest(key));
    } else {
        block_key[..key.len()].copy_from_slice(key);
    }
    let mut inner = Vec::with_capacity(BLOCK + message.len());
    inner.extend(block_key.iter().map(|b| b ^ 0x36));
    inner.extend_from_slice(message);
    let inner_hash = digest(&inner);
    let mut outer = Vec::with_capacity(BLOCK + 32);
    outer.extend(block_key.iter().map(|b| b ^ 0x5c));
    outer.extend_from_slice(&inner_hash);
    digest(&outer)
}

/// The compression function CF over one 64-byte block.
fn compress(state: &mut [u32; 8], block: &[u8]) {
    let mut w = [0u32; 68];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    for j in 16..68 {
        w[j] = p1(w[j - 16] ^ w[j - 9] ^ w[j - 3].rotate_left(15))
            ^ w[j - 13].rotate_left(7)
            ^ w[j - 6];
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for j in 0..64 {
        let (t, ff, gg) = if j < 16 {
            (0x79cc_4519u32, a ^ b ^ c, e ^ f ^ g)
        } else {
            (
                0x7a87_9d8au32,
                (a & b) | (a & c) | (b & c),
                (e & f) | (!e & g),
            )
        };
        // `j` is below 64, so the rotation amount fits; rotate_left reduces it modulo 32 as the standard does.
        let ss1 = a
            .rotate_left(12)
            .wrapping_add(e)
            .wrapping_add(t.rotate_left(j as u32))
            .rotate_left(7);
        let ss2 = ss1 ^ a.rotate_left(12);
        let tt1 = ff
            .wrapping_add(d)
            .wrapping_add(ss2)
            .wrapping_add(w[j] ^ w[j + 4]);
        let tt2 = gg.wrapping_add(h).wrapping_add(ss1).wrapping_add(w[j]);
        d = c;
        c = b.rotate_left(9);
        b = a;
        a = tt1;
        h = g;
        g = f.rotate_left(19);
        f = e;
        e = p0(tt2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s ^= v;
    }
}

fn p0(x: u32) -> u32 {
    x ^ x.rotate_left(9) ^ x.rotate_left(17)
}

fn p1(x: u32) -> u32 {
    x ^ x.rotate_left(15) ^ x.rotate_left(23)
}

#[cfg(test)]
mod tests {
    use super::*;
    use acs_runtime::sign::hex;

    #[test]
    fn standard_vectors() {
        // The two examples of GB/T 32905-2016, appendix A.
        assert_eq!(
            hex(&digest(b"abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            hex(&digest(&b"abcd".repeat(16))),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
        );
    }

    #[test]
    fn padding_edges_match_the_official_sdk() {
        // Computed with the sm3.py that alibabacloud-tea-openapi 0.4.6 signs with: the empty message, the
        // longest message whose padding fits its block (55 bytes), the shortest that needs another (56), and
        // several blocks.
        for (input, want) in [
            (
                b"".to_vec(),
                "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b",
            ),
            (
                b"a".repeat(55),
                "288337eef51eec62e7544d7270424c8dbe656254c99852870a73b2453a6a7fb1",
            ),
            (
                b"a".repeat(56),
                "ba00ebedaab54065a5fd4f9f56326016203166bcee3eed44ea868d59d67aa3c8",
            ),
            (
                b"a".repeat(1000),
                "f4bedca973227d45c5b822551d2e762d4cfb0e9af70b241452545727b5fb046f",
            ),
        ] {
            assert_eq!(hex(&digest(&input)), want, "{} bytes", input.len());
        }
    }

    #[test]
    fn hmac_matches_the_official_sdk() {
        // Python's hmac module over the SDK's Sm3 class, as its ACS3-HMAC-SM3 signer calls it; the long key
        // exercises hashing a key longer than a block.
        assert_eq!(
            hex(&hmac(
                b"key",
                b"The quick brown fox jumps over the lazy dog"
            )),
            "bd4a34077888162b210645b8ebf74b9af357303789357a27c7fc457244ebd398"
        );
        assert_eq!(
            hex(&hmac(&b"k".repeat(100), b"message")),
            "bc57f496747db83415b22960ff9bcfda46898d7b80f12871c024cf426d5434e2"
        );
        assert_eq!(
            hex(&hmac(b"", b"")),
            "0d23f72ba15e9c189a879aefc70996b06091de6e64d31b7a84004356dd915261"
        );
    }
}
