//! The JSON documents built from the engine's results.

use pactum_core::analysis::pipeline::{Options, analyze};
use pactum_formats::output::{Analysis, analysis_json, analysis_json_streamed};
use pactum_formats::{bundled, scenario_toml};

#[test]
fn the_analysis_written_as_it_is_made_is_the_document_held_whole() {
    // `pactum analyze --format json` writes the frontier deal by deal (ParetoDeals); the web
    // app and the Python bindings keep the whole document. Byte for byte the same, at every
    // listing limit, on every bundled scenario.
    for name in bundled::names() {
        let s = scenario_toml::load_str(name, bundled::get(name).unwrap())
            .unwrap()
            .scenario;
        let report = analyze(&s, &Options::default()).unwrap();
        for limit in [None, Some(0), Some(1), Some(3)] {
            let view = Analysis::of(&report, limit);
            let whole = serde_json::to_string_pretty(&analysis_json(&s, &view)).unwrap();
            let streamed =
                serde_json::to_string_pretty(&analysis_json_streamed(&s, &view)).unwrap();
            assert_eq!(whole, streamed, "{name}, limit {limit:?}");
            let back: pactum_schema::Analysis = serde_json::from_str(&streamed).unwrap();
            let listed = limit
                .unwrap_or(usize::MAX)
                .min(report.frontier.pareto.len());
            assert_eq!(back.pareto.len(), listed, "{name}");
        }
    }
}
