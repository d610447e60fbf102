//! The scenarios embedded in the binary, by name.

/// `(name, TOML text)` of every bundled scenario; the first is the default.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "abu-dhabi-trilateral",
        include_str!("../../../scenarios/abu-dhabi-trilateral.toml"),
    ),
    (
        "car-purchase",
        include_str!("../../../scenarios/car-purchase.toml"),
    ),
    (
        "supply-contract",
        include_str!("../../../scenarios/supply-contract.toml"),
    ),
    (
        "inheritance",
        include_str!("../../../scenarios/inheritance.toml"),
    ),
    (
        "pie-split",
        include_str!("../../../scenarios/pie-split.toml"),
    ),
];

pub const DEFAULT: &str = "abu-dhabi-trilateral";

pub fn get(name: &str) -> Option<&'static str> {
    SCENARIOS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

pub fn names() -> Vec<&'static str> {
    SCENARIOS.iter().map(|(n, _)| *n).collect()
}
