//! Seeded random streams. Every random choice in the engine draws from a [`Stream`], derived
//! from a master seed and a stream id, so a run's randomness never depends on threads or timing.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// The generator's name as written into results records.
pub const ALGORITHM: &str = "chacha8";

/// One seeded random stream (ChaCha8), identified by a master seed and a stream id.
pub struct Stream(ChaCha8Rng);

impl Stream {
    /// The stream `stream` of master seed `seed`: 2^64 independent streams per seed.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Self(rng)
    }

    /// The next raw 64 random bits of the stream.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n` (n > 0), without modulo bias (Lemire's method).
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0)");
        loop {
            let x = self.next_u64();
            let m = u128::from(x) * u128::from(n);
            let low = m as u64;
            if low >= n.wrapping_neg() % n {
                return (m >> 64) as u64;
            }
        }
    }

    /// Uniform in `0..n` (n > 0) for 128-bit `n`: [`Stream::below`] when `n` fits in 64 bits
    /// (the same draws, so small spaces sample as before), else rejection from the smallest
    /// power of two above `n` (fewer than two tries on average).
    pub fn below_wide(&mut self, n: u128) -> u128 {
        assert!(n > 0, "below_wide(0)");
        if let Ok(small) = u64::try_from(n) {
            return u128::from(self.below(small));
        }
        let bits = 128 - (n - 1).leading_zeros();
        let mask = if bits == 128 {
            u128::MAX
        } else {
            (1u128 << bits) - 1
        };
        loop {
            let x = ((u128::from(self.next_u64()) << 64) | u128::from(self.next_u64())) & mask;
            if x < n {
                return x;
            }
        }
    }

    /// Uniform in `[0, 1)` with 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_streams_differ() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut s = Stream::new(7, 1);
                move |_| s.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut s = Stream::new(7, 1);
                move |_| s.next_u64()
            })
            .collect();
        let c: Vec<u64> = (0..4)
            .map({
                let mut s = Stream::new(7, 2);
                move |_| s.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut s = Stream::new(1, 0);
        for _ in 0..1000 {
            assert!(s.below(3) < 3);
            let u = s.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
