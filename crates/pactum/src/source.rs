//! The command line's way of naming a scenario (`SCENARIO`, or `--domain` with `--profile`s);
//! reading it is `pactum-files`', shared with the other edges.

use pactum_core::scenario::Scenario;
pub use pactum_files::{read_bounded, render};
use pactum_formats::scenario_toml;

#[derive(clap::Args, Clone, Debug, Default)]
pub struct ScenarioArgs {
    /// A scenario file (.toml), a GENIUS or GeniusWeb folder, or a bundled scenario name
    /// (default: abu-dhabi-trilateral).
    pub scenario: Option<String>,
    /// A GENIUS XML or GeniusWeb JSON domain file, with one --profile per party, instead of SCENARIO.
    #[arg(long, requires = "profile", conflicts_with = "scenario")]
    pub domain: Option<String>,
    /// A party's profile file (GENIUS XML or GeniusWeb JSON); the party id is its file name. Repeatable.
    #[arg(long, requires = "domain")]
    pub profile: Vec<String>,
}

/// The scenario `args` names; the error as printed.
pub fn load(args: &ScenarioArgs, allow_oversize: bool) -> Result<Scenario, String> {
    let source = match &args.domain {
        Some(domain) => pactum_files::Source::Files {
            domain: domain.clone(),
            profiles: args.profile.clone(),
        },
        None => pactum_files::Source::Named(args.scenario.clone()),
    };
    pactum_files::load(&source, allow_oversize).map_err(|e| e.rendered)
}

/// A native scenario with the text it was read from, for rendering warnings.
pub fn load_native(name: &str) -> Result<(scenario_toml::Loaded, String), String> {
    pactum_files::load_native(name).map_err(|e| e.rendered)
}
