//! The registry's tests: every entry parses with its defaults, specs print back, bad specs say
//! what was expected.

use super::*;

#[test]
fn every_entry_parses_with_its_defaults_and_prints_back() {
    for e in REGISTRY {
        let spec = StrategySpec::parse(e.name).unwrap();
        assert_eq!(spec.to_string(), e.name);
        let explicit = format!(
            "{}{}{}",
            e.name,
            if e.params.is_empty() { "" } else { ":" },
            e.params
                .iter()
                .map(|p| format!("{}={}", p.name, p.default))
                .collect::<Vec<_>>()
                .join(",")
        );
        let parsed = StrategySpec::parse(&explicit).unwrap();
        assert_eq!(parsed.to_string(), explicit);
        assert_eq!(StrategySpec::parse(&parsed.to_string()), Ok(parsed));
        for p in e.params {
            assert!(
                p.admits(p.default),
                "{}.{} default out of range",
                e.name,
                p.name
            );
        }
    }
}

#[test]
fn bad_specs_say_what_was_expected() {
    let err = |spec: &str| StrategySpec::parse(spec).unwrap_err().to_string();
    assert!(err("bulware").contains("expected one of boulware, linear"));
    assert!(err("bulware").contains("equilibrium"));
    assert!(err("linear:x=1").contains("no parameter `x`; expected e"));
    assert!(err("hardliner:x=1").contains("expected none"));
    assert!(err("linear:e=0").contains("expected > 0"));
    assert!(err("random:p=2").contains("expected 0 to 1"));
    assert!(err("linear:e").contains("key=value"));
    assert!(err("linear:e=inf").contains("finite number"));
    assert!(err("linear:e=1,e=2").contains("given twice"));
    // A window is a count: 0.5 is refused, not truncated.
    assert!(err("nash:window=0.5").contains("a whole number ≥ 1"));
    assert!(err("equilibrium:other=0").contains("> 0 and ≤ 1"));
}

#[test]
fn lists_keep_each_specs_own_parameters() {
    assert_eq!(
        split_list("nash:e=2,window=64, boa:model=smith,accept=combi(t=0.9),boulware,,exec:a b"),
        vec![
            "nash:e=2,window=64",
            "boa:model=smith,accept=combi(t=0.9)",
            "boulware",
            "exec:a b"
        ]
    );
    for spec in split_list("nash:e=2,window=64,boa:model=smith,oms=bestn(n=2,limit=9)") {
        assert!(StrategySpec::parse(&spec).is_ok(), "{spec}");
    }
}

#[test]
fn the_generated_table_lists_every_entry() {
    let md = markdown();
    for e in REGISTRY {
        assert!(md.contains(&format!("| `{}` |", e.name)), "{}", e.name);
    }
}
