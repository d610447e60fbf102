//! Formatting of numbers for people: no trailing zeros, no `-0`.

/// Formats a value with at most `decimals` decimals and no trailing zeros.
pub fn trim(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let mut text = format!("{value:.decimals$}");
    if text.contains('.') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    if text == "-0" { "0".to_string() } else { text }
}

/// A utility for display: always three decimals, so columns line up.
pub fn utility(value: f64) -> String {
    let text = format!("{value:.3}");
    if text == "-0.000" {
        "0.000".to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_trailing_zeros() {
        assert_eq!(trim(50.0, 6), "50");
        assert_eq!(trim(2.5, 6), "2.5");
        assert_eq!(trim(-0.0, 3), "0");
        assert_eq!(trim(0.125, 2), "0.12");
        assert_eq!(utility(0.5), "0.500");
    }
}
