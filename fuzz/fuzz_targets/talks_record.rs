//! The talks-record reader (`pactum replay`): any bytes give events or a located diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(events) = pactum_formats::record::read_jsonl("fuzz.jsonl", &text) {
        // What was read writes back and reads again to the same events.
        let again = pactum_formats::record::read_jsonl("again.jsonl", &pactum_formats::record::write_jsonl(&events));
        assert_eq!(again.ok(), Some(events));
    }
});
