//! The tournament config reader (`pactum tournament CONFIG.toml`): any bytes give a config or
//! located diagnostics, never a panic; a text taken for a config is one the reader judges.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = pactum_formats::tournament_config::is_config(&text);
    if let Err(diagnostics) = pactum_formats::tournament_config::read("fuzz.toml", &text) {
        assert!(!diagnostics.is_empty(), "a refusal names at least one problem");
        for d in diagnostics {
            let _ = d.render(&text);
        }
    }
});
