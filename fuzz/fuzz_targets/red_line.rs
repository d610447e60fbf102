//! The red-line parser and compiler never panic, whatever the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pactum_formats::{bundled, scenario_toml};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(ast) = pactum_core::redline::parse(text) {
        let scenario = scenario_toml::load_str("s", bundled::get("abu-dhabi-trilateral").unwrap_or("")).map(|l| l.scenario);
        if let Ok(s) = scenario {
            if let Ok(c) = pactum_core::redline::compile(&ast, &s.issues) {
                let _ = c.holds(&[0, 1, 2, 0]);
            }
        }
    }
});
