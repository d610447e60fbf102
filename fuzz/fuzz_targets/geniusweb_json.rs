//! The GeniusWeb reader: the input is split into a domain and a profile at the first NUL byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (domain, profile) = text.split_once('\0').unwrap_or((&text, ""));
    let files = vec![("domain.json".to_string(), domain.to_string()), ("party.json".to_string(), profile.to_string())];
    let _ = pactum_formats::geniusweb::load_files("fuzz", &files);
});
