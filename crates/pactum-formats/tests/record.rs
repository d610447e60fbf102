//! The talks record reads back to what was written, number for number: found by the
//! `talks_record` fuzz target, whose crashing inputs are kept under `tests/regressions/`.

use pactum_formats::record::{read_jsonl, write_jsonl};

#[test]
fn a_record_reads_back_bit_for_bit() {
    // 0.12142857142857412 read back as ...413 before serde_json's `float_roundtrip` was enabled.
    let bytes = include_bytes!("regressions/record-float-roundtrip.jsonl");
    let text = String::from_utf8_lossy(bytes);
    let events = read_jsonl("record-float-roundtrip.jsonl", &text).expect("events");
    let again = read_jsonl("again.jsonl", &write_jsonl(&events)).expect("events");
    assert_eq!(events, again);
}

#[test]
fn a_line_that_is_not_an_event_is_located() {
    let text = "{\"event\":\"deadline\",\"round\":3}\n{\"event\":\"nonsense\"}\n";
    let d = read_jsonl("r.jsonl", text).unwrap_err();
    assert_eq!((d.file.as_str(), d.line), ("r.jsonl", 2));
    assert!(
        d.message.contains("not a talks-record event"),
        "{}",
        d.message
    );
    assert!(d.expected.unwrap().contains("one JSON event per line"));
}
