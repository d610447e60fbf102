//! The native scenario reader returns a scenario or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(diagnostics) = pactum_formats::scenario_toml::load("fuzz.toml", data) {
        for d in diagnostics {
            let _ = d.render(&String::from_utf8_lossy(data));
        }
    }
});
