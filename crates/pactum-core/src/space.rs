//! The outcome space: the product of the issues' values, indexed in mixed radix.
//!
//! Outcome `index = Σ digit_i · stride_i`, with the last issue varying fastest, so enumeration
//! in index order is an odometer. Nothing here materialises the space.

/// The largest space the engine enumerates outcome by outcome. Larger spaces are refused with
/// their size (see `pactum analyze --fix`).
pub const ENUMERATION_LIMIT: u64 = 100_000_000;

/// An outcome's index in its [`OutcomeSpace`]: 128 bits, so that the talks reach the ANAC 2014
/// domains (10^30 outcomes) and generated spaces of 10^25 without enumerating them.
pub type OutcomeIndex = u128;

/// Every outcome of a list of issues, given each issue's number of values (its radix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeSpace {
    radices: Vec<u32>,
    strides: Vec<u128>,
    size: u128,
}

/// The space's size does not fit in 128 bits, or an issue has no values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpaceError {
    /// An issue has no values.
    EmptyIssue {
        /// Index of the issue.
        issue: usize,
    },
    /// The number of outcomes exceeds `u128::MAX` (about 3.4 × 10^38).
    TooLarge {
        /// The number of outcomes, saturating at `u128::MAX`.
        size: u128,
    },
}

/// Size of the product of `radices`, saturating at `u128::MAX`.
pub fn product_size(radices: impl IntoIterator<Item = u64>) -> u128 {
    radices
        .into_iter()
        .fold(1u128, |acc, r| acc.saturating_mul(u128::from(r)))
}

/// The exact product of `radices` as a decimal string, however large: outcome counts beyond
/// `u128` (an ANAC 2014 domain has 10^40 outcomes) are written exactly, not saturated.
pub fn product_decimal(radices: impl IntoIterator<Item = u64>) -> String {
    // Little-endian limbs of 10^9: limb·r + carry stays below 2^128 for any u64 radix.
    const BASE: u128 = 1_000_000_000;
    let mut limbs: Vec<u128> = vec![1];
    for r in radices {
        let mut carry = 0u128;
        for limb in &mut limbs {
            let x = *limb * u128::from(r) + carry;
            *limb = x % BASE;
            carry = x / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
        while limbs.len() > 1 && limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    let mut out = limbs.last().map_or_else(String::new, |l| l.to_string());
    for limb in limbs.iter().rev().skip(1) {
        out.push_str(&format!("{limb:09}"));
    }
    out
}

impl OutcomeSpace {
    /// The space of issues with `radices` values each; an error when an issue has none or the
    /// size does not fit in 128 bits.
    pub fn new(radices: Vec<u32>) -> Result<Self, SpaceError> {
        if let Some(issue) = radices.iter().position(|&r| r == 0) {
            return Err(SpaceError::EmptyIssue { issue });
        }
        let mut strides = vec![1u128; radices.len()];
        for i in (0..radices.len().saturating_sub(1)).rev() {
            strides[i] = strides[i + 1]
                .checked_mul(u128::from(radices[i + 1]))
                .ok_or(SpaceError::TooLarge { size: u128::MAX })?;
        }
        let size = match (strides.first(), radices.first()) {
            (Some(&s), Some(&r)) => s
                .checked_mul(u128::from(r))
                .ok_or(SpaceError::TooLarge { size: u128::MAX })?,
            _ => 1,
        };
        Ok(Self {
            radices,
            strides,
            size,
        })
    }

    /// Number of outcomes.
    pub fn size(&self) -> u128 {
        self.size
    }

    /// The number of outcomes when it fits in 64 bits: the spaces the talks enumerate.
    pub fn size_u64(&self) -> Option<u64> {
        u64::try_from(self.size).ok()
    }

    /// Number of values of each issue.
    pub fn radices(&self) -> &[u32] {
        &self.radices
    }

    /// Number of issues.
    pub fn issue_count(&self) -> usize {
        self.radices.len()
    }

    /// Index of an outcome. Digits must be within their radices.
    pub fn encode(&self, digits: &[u32]) -> OutcomeIndex {
        debug_assert_eq!(digits.len(), self.radices.len());
        digits
            .iter()
            .zip(&self.strides)
            .map(|(&d, &s)| u128::from(d) * s)
            .sum()
    }

    /// Writes the digits of outcome `index` (< size) into `digits`.
    pub fn decode_into(&self, index: OutcomeIndex, digits: &mut [u32]) {
        debug_assert!(index < self.size.max(1));
        // 64-bit division is several times faster than 128-bit, and every space the talks
        // enumerate fits in 64 bits: the offer protocols decode on their hot path.
        if let Ok(mut rest) = u64::try_from(index)
            && self.size <= u128::from(u64::MAX)
        {
            for ((d, &s), &r) in digits.iter_mut().zip(&self.strides).zip(&self.radices) {
                let s = s as u64;
                *d = ((rest / s) % u64::from(r)) as u32;
                rest %= s;
            }
            return;
        }
        let mut rest = index;
        for ((d, &s), &r) in digits.iter_mut().zip(&self.strides).zip(&self.radices) {
            *d = ((rest / s) % u128::from(r)) as u32;
            rest %= s;
        }
    }

    /// The digits of outcome `index` (< size).
    pub fn decode(&self, index: OutcomeIndex) -> Vec<u32> {
        let mut digits = vec![0; self.radices.len()];
        self.decode_into(index, &mut digits);
        digits
    }

    /// An odometer over outcomes `start..end`.
    pub fn odometer(&self, start: OutcomeIndex, end: OutcomeIndex) -> Odometer<'_> {
        let end = end.min(self.size);
        let start = start.min(end);
        Odometer {
            space: self,
            digits: self.decode(start.min(self.size.saturating_sub(1))),
            next: start,
            end,
            first: true,
        }
    }
}

/// Visits outcomes in index order, changing only the digits that roll over.
pub struct Odometer<'a> {
    space: &'a OutcomeSpace,
    digits: Vec<u32>,
    next: OutcomeIndex,
    end: OutcomeIndex,
    first: bool,
}

impl Odometer<'_> {
    /// Moves to the next outcome. Returns its index and the position of the most significant
    /// digit that changed (0 on the first call), so callers can keep prefix sums per level.
    pub fn advance(&mut self) -> Option<(OutcomeIndex, usize)> {
        if self.next >= self.end {
            return None;
        }
        let index = self.next;
        self.next += 1;
        if self.first {
            self.first = false;
            return Some((index, 0));
        }
        let mut level = self.digits.len();
        while level > 0 {
            level -= 1;
            self.digits[level] += 1;
            if self.digits[level] < self.space.radices[level] {
                return Some((index, level));
            }
            self.digits[level] = 0;
        }
        Some((index, 0))
    }

    /// The digits of the current outcome.
    pub fn digits(&self) -> &[u32] {
        &self.digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_products_are_exact_beyond_u128() {
        assert_eq!(product_decimal([]), "1");
        assert_eq!(product_decimal([0, 5]), "0");
        assert_eq!(product_decimal([10; 40]), format!("1{}", "0".repeat(40)));
        let small = [7u64, 11, 1_000_003, 999_999_937, 3];
        assert_eq!(product_decimal(small), product_size(small).to_string());
        // 2^128 itself, which a u128 saturates below.
        assert_eq!(
            product_decimal([1u64 << 32; 4]),
            "340282366920938463463374607431768211456"
        );
    }
    use proptest::prelude::*;

    #[test]
    fn refuses_empty_issues_and_overflow() {
        assert_eq!(
            OutcomeSpace::new(vec![3, 0]),
            Err(SpaceError::EmptyIssue { issue: 1 })
        );
        assert!(matches!(
            OutcomeSpace::new(vec![u32::MAX; 5]),
            Err(SpaceError::TooLarge { .. })
        ));
        // 10^30 outcomes (the ANAC 2014 30issues domain) fit; 10^40 do not.
        assert_eq!(
            OutcomeSpace::new(vec![10; 30]).map(|s| s.size()),
            Ok(10u128.pow(30))
        );
        assert!(OutcomeSpace::new(vec![10; 40]).is_err());
        assert_eq!(OutcomeSpace::new(vec![]).map(|s| s.size()), Ok(1));
    }

    proptest! {
        #[test]
        fn encode_decode_round_trip(radices in prop::collection::vec(1u32..12, 0..40), seed in any::<u128>()) {
            let space = OutcomeSpace::new(radices.clone()).unwrap();
            let index = seed % space.size();
            let digits = space.decode(index);
            for (d, r) in digits.iter().zip(&radices) {
                prop_assert!(d < r);
            }
            prop_assert_eq!(space.encode(&digits), index);
        }

        #[test]
        fn odometer_visits_every_index_in_order(radices in prop::collection::vec(1u32..5, 1..5), a in 0u128..50, len in 0u128..80) {
            let space = OutcomeSpace::new(radices).unwrap();
            let start = a % space.size();
            let mut odo = space.odometer(start, start + len);
            let mut expected = start;
            while let Some((index, level)) = odo.advance() {
                prop_assert_eq!(index, expected);
                let decoded = space.decode(index);
                prop_assert_eq!(odo.digits(), decoded.as_slice());
                if index > start {
                    let before = space.decode(index - 1);
                    let first_changed = before.iter().zip(odo.digits()).position(|(x, y)| x != y).unwrap();
                    prop_assert_eq!(level, first_changed);
                }
                expected += 1;
            }
            prop_assert_eq!(expected, (start + len).min(space.size()));
        }
    }
}

/// The outcomes under study: for each issue, the values still in play (sorted ascending), after
/// fixing issues or filtering out values. Its own indices run `0..size()` in mixed radix over
/// the choice lists, last issue fastest, so sub-index order is the outcomes' lexicographic order.
///
/// A subspace of any size can be described (an ANAC 2014 space has 10^30 outcomes); only those
/// of at most `u64::MAX` outcomes can be walked with an odometer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subspace {
    choices: Vec<Vec<u32>>,
    strides: Vec<u128>,
    size: u128,
}

impl Subspace {
    /// The product of `choices` (its size saturates at `u128::MAX`).
    pub fn new(choices: Vec<Vec<u32>>) -> Self {
        let size = product_size(choices.iter().map(|c| c.len() as u64));
        let mut strides = vec![1u128; choices.len()];
        for i in (0..choices.len().saturating_sub(1)).rev() {
            strides[i] = strides[i + 1].saturating_mul(choices[i + 1].len() as u128);
        }
        Self {
            choices,
            strides,
            size,
        }
    }

    /// Every value of every issue with these radices.
    pub fn full(radices: &[u32]) -> Self {
        Self::new(radices.iter().map(|&r| (0..r).collect()).collect())
    }

    /// Number of outcomes, saturating at `u128::MAX`.
    pub fn size(&self) -> u128 {
        self.size
    }

    /// The exact size as a decimal string, beyond `u128` too.
    pub fn size_decimal(&self) -> String {
        product_decimal(self.choices.iter().map(|c| c.len() as u64))
    }

    /// The size, when it is small enough to enumerate outcome by outcome
    /// ([`ENUMERATION_LIMIT`]).
    pub fn enumerable(&self) -> Option<u64> {
        u64::try_from(self.size)
            .ok()
            .filter(|&n| n <= ENUMERATION_LIMIT)
    }

    /// For each issue, the digits still in play.
    pub fn choices(&self) -> &[Vec<u32>] {
        &self.choices
    }

    /// The choice positions of sub-index `index`.
    pub fn positions(&self, index: u64, positions: &mut [usize]) {
        let mut rest = u128::from(index);
        for ((p, &s), c) in positions.iter_mut().zip(&self.strides).zip(&self.choices) {
            *p = ((rest / s) % c.len().max(1) as u128) as usize;
            rest %= s;
        }
    }

    /// The outcome (digits per issue) at sub-index `index`.
    pub fn digits(&self, index: u64) -> Vec<u32> {
        let mut positions = vec![0; self.choices.len()];
        self.positions(index, &mut positions);
        positions
            .iter()
            .zip(&self.choices)
            .map(|(&p, c)| c.get(p).copied().unwrap_or(0))
            .collect()
    }

    /// An odometer over sub-indices `start..end`, yielding outcome digits.
    pub fn odometer(&self, start: u64, end: u64) -> SubOdometer<'_> {
        let end = u128::from(end).min(self.size) as u64;
        let start = start.min(end);
        let mut positions = vec![0; self.choices.len()];
        self.positions(start, &mut positions);
        let digits = positions
            .iter()
            .zip(&self.choices)
            .map(|(&p, c)| c.get(p).copied().unwrap_or(0))
            .collect();
        SubOdometer {
            space: self,
            positions,
            digits,
            next: start,
            end,
            first: true,
        }
    }
}

/// Visits the outcomes of a [`Subspace`] in sub-index order, changing only the values that roll
/// over.
pub struct SubOdometer<'a> {
    space: &'a Subspace,
    positions: Vec<usize>,
    digits: Vec<u32>,
    next: u64,
    end: u64,
    first: bool,
}

impl SubOdometer<'_> {
    /// Moves to the next outcome; returns the most significant issue whose value changed (0 on
    /// the first call), or `None` at the end.
    pub fn advance(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        self.next += 1;
        if self.first {
            self.first = false;
            return Some(0);
        }
        let mut level = self.positions.len();
        while level > 0 {
            level -= 1;
            self.positions[level] += 1;
            if self.positions[level] < self.space.choices[level].len() {
                self.digits[level] = self.space.choices[level][self.positions[level]];
                return Some(level);
            }
            self.positions[level] = 0;
            self.digits[level] = self.space.choices[level][0];
        }
        Some(0)
    }

    /// The digits of the current outcome.
    pub fn digits(&self) -> &[u32] {
        &self.digits
    }

    /// The sub-index of the current outcome.
    pub fn index(&self) -> u64 {
        self.next.saturating_sub(1)
    }

    /// For each issue, the position of the current value in its choice list.
    pub fn positions(&self) -> &[usize] {
        &self.positions
    }
}

#[cfg(test)]
mod subspace_tests {
    use super::*;

    #[test]
    fn subspace_odometer_visits_the_product_in_order() {
        let sub = Subspace::new(vec![vec![1, 3], vec![0], vec![2, 0, 1]]);
        assert_eq!(sub.size(), 6);
        let mut odo = sub.odometer(1, 5);
        let mut seen = Vec::new();
        while odo.advance().is_some() {
            seen.push(odo.digits().to_vec());
        }
        assert_eq!(
            seen,
            vec![vec![1, 0, 0], vec![1, 0, 1], vec![3, 0, 2], vec![3, 0, 0]]
        );
        assert_eq!(Subspace::new(vec![vec![], vec![1]]).size(), 0);
        let huge = Subspace::full(&[10; 30]);
        assert_eq!(huge.size(), 10u128.pow(30));
        assert_eq!(huge.enumerable(), None);
        assert_eq!(Subspace::full(&[3, 4]).digits(7), vec![1, 3]);
    }
}
