//! Colours, text sizes and small layout helpers shared by the figures.

use plotters::style::RGBColor;

/// Okabe–Ito's palette, distinguishable with the common colour-vision deficiencies.
pub const SERIES: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
];

/// The colour of the `k`-th series (parties, proposers, strategies).
pub fn series(k: usize) -> RGBColor {
    SERIES[k % SERIES.len()]
}

/// The proposers' colours on the plane: none of the verdicts' green, orange or grey.
pub const PROPOSERS: [RGBColor; 4] = [
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(60, 60, 60),
];

pub const ACCEPTABLE: RGBColor = RGBColor(0, 158, 115);
pub const UNACCEPTABLE: RGBColor = RGBColor(150, 150, 150);
pub const BELOW_FALLBACK: RGBColor = RGBColor(230, 159, 0);
pub const FRONTIER: RGBColor = RGBColor(0, 90, 160);
pub const INK: RGBColor = RGBColor(30, 30, 30);
pub const FAINT: RGBColor = RGBColor(110, 110, 110);

pub const TITLE: u32 = 20;
pub const CAPTION: u32 = 17;
pub const LABEL: u32 = 14;
pub const SMALL: u32 = 12;

pub const FONT: &str = "sans-serif";

/// `lo..hi` widened to include `extra` and padded by 4% each side (a point on the edge stays
/// visible); a degenerate range becomes one unit wide.
pub fn padded(lo: f64, hi: f64, extra: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (lo, hi);
    for x in extra {
        if x.is_finite() {
            lo = lo.min(x);
            hi = hi.max(x);
        }
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        lo -= 0.5;
        hi += 0.5;
    }
    let pad = (hi - lo) * 0.04;
    (lo - pad, hi + pad)
}

/// About how many characters of text at `size` pixels fit across `width` pixels, margins
/// left (DejaVu Sans averages about 0.5 em a character).
pub fn chars_for(width: u32, size: u32) -> usize {
    ((f64::from(width) - 32.0) / (f64::from(size) * 0.5)).max(10.0) as usize
}

/// `text` broken into lines of at most `chars` characters at spaces, at most `lines` of them
/// (the last cut with an ellipsis when the text goes on).
pub fn wrap(text: &str, chars: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (k, word) in words.iter().enumerate() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > chars {
            out.push(std::mem::take(&mut line));
            if out.len() == lines {
                let rest = words[k..].join(" ");
                let last = out.pop().unwrap_or_default();
                out.push(cut(&format!("{last} {rest}"), chars));
                return out;
            }
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(cut(&line, chars));
    }
    out
}

/// `text` cut to `chars` characters, with an ellipsis when cut.
pub fn cut(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut s: String = text.chars().take(chars.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// A utility as the tables print it: three decimals, trailing zeros dropped.
pub fn utility(u: f64) -> String {
    pactum_core::number::trim(u, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_pad_and_cover_extras() {
        let (lo, hi) = padded(0.2, 0.8, [0.9, f64::NAN]);
        assert!(lo < 0.2 && hi > 0.9);
        assert_eq!(padded(f64::INFINITY, f64::NEG_INFINITY, []), (0.0, 1.0));
        let (lo, hi) = padded(0.5, 0.5, []);
        assert!(lo < 0.5 && hi > 0.5);
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(
            wrap("one two three four", 9, 3),
            vec!["one two", "three", "four"]
        );
        assert_eq!(wrap("one two three four", 9, 1), vec!["one two …"]);
        assert!(wrap("one two three four five six", 9, 2)[1].ends_with('…'));
    }
}
