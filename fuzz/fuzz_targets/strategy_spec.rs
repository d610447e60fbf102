//! Strategy specs (`--strategy PARTY=NAME:k=v,...`, a scenario's `strategy`): any text parses to a
//! spec that prints back to itself, or is refused with a message.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(spec) = pactum_core::talks::StrategySpec::parse(&text) {
        let printed = spec.to_string();
        assert_eq!(pactum_core::talks::StrategySpec::parse(&printed).ok(), Some(spec));
    }
});
