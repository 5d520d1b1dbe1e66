//! The hot path of the forensic search: SHA-256 and HMAC-SHA256 on
//! precomputed midstates, with no allocation.
//!
//! A SigV4 check is `HMAC(kSigning, STS)` where the string to sign ends
//! with `hex(SHA-256(canonical request))`. Three things make it cheap to
//! repeat millions of times:
//! * a canonical-request variant shares a prefix with the base text, so
//!   hashing resumes from the base's state at the last 64-byte boundary
//!   before the first differing byte ([`PrefixStates`]);
//! * the HMAC key is fixed per scope, so the `key ^ ipad` and `key ^ opad`
//!   blocks are compressed once ([`KeyedMac`]);
//! * the string to sign is fixed up to the request hash, so its first full
//!   blocks are compressed once too ([`StsMac`]).
//!
//! Everything is built on `sha2::compress256`, the raw block function.

use sha2::compress256;
use sha2::digest::generic_array::GenericArray;

const IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// A SHA-256 state after a whole number of 64-byte blocks.
#[derive(Clone, Copy, Debug)]
pub struct Midstate {
    state: [u32; 8],
    /// Bytes absorbed so far (a multiple of 64).
    len: u64,
}

impl Default for Midstate {
    fn default() -> Self {
        Midstate { state: IV, len: 0 }
    }
}

#[inline]
fn block(state: &mut [u32; 8], chunk: &[u8]) {
    compress256(state, std::slice::from_ref(GenericArray::from_slice(chunk)));
}

impl Midstate {
    /// Absorbs `data`, whose length must be a multiple of 64.
    pub fn absorb(&mut self, data: &[u8]) {
        debug_assert_eq!(data.len() % 64, 0);
        for chunk in data.chunks_exact(64) {
            block(&mut self.state, chunk);
        }
        self.len += data.len() as u64;
    }

    /// Finishes the hash with `tail` (any length) and the SHA-256 padding.
    #[inline]
    pub fn finish(mut self, tail: &[u8]) -> [u8; 32] {
        let full = tail.len() / 64 * 64;
        for chunk in tail[..full].chunks_exact(64) {
            block(&mut self.state, chunk);
        }
        let rest = &tail[full..];
        let bits = (self.len + tail.len() as u64) * 8;
        let mut buf = [0u8; 128];
        buf[..rest.len()].copy_from_slice(rest);
        buf[rest.len()] = 0x80;
        let end = if rest.len() < 56 { 64 } else { 128 };
        buf[end - 8..end].copy_from_slice(&bits.to_be_bytes());
        for chunk in buf[..end].chunks_exact(64) {
            block(&mut self.state, chunk);
        }
        let mut out = [0u8; 32];
        for (o, w) in out.chunks_exact_mut(4).zip(self.state) {
            o.copy_from_slice(&w.to_be_bytes());
        }
        out
    }
}

/// SHA-256 states of a base text at every 64-byte boundary, so a variant
/// that differs from byte `p` on is hashed from block `p / 64`.
#[derive(Clone, Debug)]
pub struct PrefixStates {
    base: Vec<u8>,
    states: Vec<Midstate>,
}

impl PrefixStates {
    pub fn new(base: &[u8]) -> Self {
        let mut states = Vec::with_capacity(base.len() / 64 + 1);
        let mut m = Midstate::default();
        states.push(m);
        for chunk in base.chunks_exact(64) {
            m.absorb(chunk);
            states.push(m);
        }
        PrefixStates {
            base: base.to_vec(),
            states,
        }
    }

    pub fn base(&self) -> &[u8] {
        &self.base
    }

    /// Re-bases on `text`, reusing the buffers (no allocation once warm).
    pub fn reset(&mut self, text: &[u8]) {
        self.base.clear();
        self.base.extend_from_slice(text);
        self.states.clear();
        let mut m = Midstate::default();
        self.states.push(m);
        for chunk in text.chunks_exact(64) {
            m.absorb(chunk);
            self.states.push(m);
        }
    }

    /// How many leading bytes `text` shares with the base.
    #[inline]
    pub fn shared(&self, text: &[u8]) -> usize {
        common_prefix(&self.base, text)
    }

    /// SHA-256 of `text`, which shares `shared` leading bytes with the base.
    #[inline]
    pub fn hash_from(&self, text: &[u8], shared: usize) -> [u8; 32] {
        let k = (shared / 64).min(self.states.len() - 1);
        self.states[k].finish(&text[k * 64..])
    }

    /// SHA-256 of `text`, reusing the base's midstate for the shared prefix.
    #[inline]
    pub fn hash(&self, text: &[u8]) -> [u8; 32] {
        self.hash_from(text, self.shared(text))
    }
}

/// Length of the common prefix, eight bytes at a time.
#[inline]
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let x = u64::from_ne_bytes(a[i..i + 8].try_into().expect("8 bytes"));
        let y = u64::from_ne_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        if x != y {
            break;
        }
        i += 8;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// HMAC-SHA256 with the key's inner and outer blocks already compressed.
#[derive(Clone, Copy, Debug)]
pub struct KeyedMac {
    inner: Midstate,
    outer: Midstate,
}

impl KeyedMac {
    pub fn new(key: &[u8]) -> Self {
        let mut k = [0u8; 64];
        if key.len() > 64 {
            k[..32].copy_from_slice(&Midstate::default().finish(key));
        } else {
            k[..key.len()].copy_from_slice(key);
        }
        let mut ipad = [0x36u8; 64];
        let mut opad = [0x5cu8; 64];
        for i in 0..64 {
            ipad[i] ^= k[i];
            opad[i] ^= k[i];
        }
        let mut inner = Midstate::default();
        inner.absorb(&ipad);
        let mut outer = Midstate::default();
        outer.absorb(&opad);
        KeyedMac { inner, outer }
    }

    #[inline]
    pub fn mac(&self, data: &[u8]) -> [u8; 32] {
        self.outer.finish(&self.inner.finish(data))
    }
}

/// The SigV4 signing key for a secret and scope (`AWS4` + secret, then
/// date, region, service, `aws4_request`), as a [`KeyedMac`].
pub fn signing_mac(secret: &[u8], date: &str, region: &str, service: &str) -> KeyedMac {
    let mut k = Vec::with_capacity(4 + secret.len());
    k.extend_from_slice(b"AWS4");
    k.extend_from_slice(secret);
    let k_date = KeyedMac::new(&k).mac(date.as_bytes());
    let k_region = KeyedMac::new(&k_date).mac(region.as_bytes());
    let k_service = KeyedMac::new(&k_region).mac(service.as_bytes());
    KeyedMac::new(&KeyedMac::new(&k_service).mac(b"aws4_request"))
}

/// HMAC of `prefix + hex(hash)` where `prefix` (the first three lines of
/// the string to sign) is absorbed once.
#[derive(Clone, Copy, Debug)]
pub struct StsMac {
    inner: Midstate,
    outer: Midstate,
    rest: [u8; 64],
    rest_len: usize,
}

impl StsMac {
    /// `prefix` is `AWS4-HMAC-SHA256\n<amz-date>\n<scope>\n`.
    pub fn new(key: &KeyedMac, prefix: &[u8]) -> Self {
        let full = prefix.len() / 64 * 64;
        let mut inner = key.inner;
        inner.absorb(&prefix[..full]);
        let mut rest = [0u8; 64];
        rest[..prefix.len() - full].copy_from_slice(&prefix[full..]);
        StsMac {
            inner,
            outer: key.outer,
            rest,
            rest_len: prefix.len() - full,
        }
    }

    /// The signature over the string to sign ending in `hex(request_hash)`.
    #[inline]
    pub fn sign_hash(&self, request_hash: &[u8; 32]) -> [u8; 32] {
        // rest_len < 64, so the tail fits; only the used part is read.
        let mut tail = [0u8; 128];
        tail[..self.rest_len].copy_from_slice(&self.rest[..self.rest_len]);
        hex_into(request_hash, &mut tail[self.rest_len..self.rest_len + 64]);
        let inner = self.inner.finish(&tail[..self.rest_len + 64]);
        self.outer.finish(&inner)
    }
}

/// Lowercase hex of 32 bytes into a 64-byte slice.
#[inline]
pub fn hex_into(bytes: &[u8; 32], out: &mut [u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = HEX[(b >> 4) as usize];
        out[2 * i + 1] = HEX[(b & 15) as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};

    #[test]
    fn midstate_hash_equals_sha256_for_every_length() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        for n in 0..data.len() {
            let want: [u8; 32] = Sha256::digest(&data[..n]).into();
            assert_eq!(Midstate::default().finish(&data[..n]), want, "len {n}");
        }
    }

    #[test]
    fn prefix_states_hash_any_variant() {
        let base = b"PUT\n/examplebucket/a%3D%3D.json\n\nhost:x\nx-amz-date:20130524T000000Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD".repeat(3);
        let p = PrefixStates::new(&base);
        for cut in [0, 10, 63, 64, 65, 128, 200, base.len()] {
            let mut v = base[..cut].to_vec();
            v.extend_from_slice(b"changed tail");
            let want: [u8; 32] = Sha256::digest(&v).into();
            assert_eq!(p.hash(&v), want);
        }
        let want: [u8; 32] = Sha256::digest(&base).into();
        assert_eq!(p.hash(&base), want);
    }

    #[test]
    fn keyed_mac_and_signing_key_match_reference() {
        for key in [&b"k"[..], &[7u8; 64][..], &[9u8; 100][..]] {
            let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
            m.update(b"some data to authenticate");
            let want: [u8; 32] = m.finalize().into_bytes().into();
            assert_eq!(KeyedMac::new(key).mac(b"some data to authenticate"), want);
        }
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let key = crate::sigv4::signing_key(secret, "20130524", "us-east-1", "s3");
        let fast = signing_mac(secret.as_bytes(), "20130524", "us-east-1", "s3");
        assert_eq!(fast.mac(b"x"), KeyedMac::new(&key).mac(b"x"));
        // The STS path equals the engine's `sign`.
        let prefix = "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n";
        let h = [0xabu8; 32];
        let sts = format!("{prefix}{}", hex::encode(h));
        let want = crate::sigv4::sign(&key, &sts);
        assert_eq!(
            hex::encode(StsMac::new(&fast, prefix.as_bytes()).sign_hash(&h)),
            want
        );
    }
}
