//! Where a scenario comes from: a bundled name, a native `.toml` file, a GENIUS or GeniusWeb
//! folder, or explicit domain and profile files. Reading files happens here, with bounded
//! sizes; parsing is `pactum-formats`'. The binary, the Python bindings and any other edge load
//! scenarios through this one crate, so they accept the same sources with the same messages.
//!
//! Every failure is a [`LoadError`]: the message as the binary prints it (each diagnostic
//! rendered against its text, with file, line and column) and the diagnostics themselves, for
//! callers that report them in their own way.

use pactum_core::scenario::Scenario;
use pactum_formats::{Diagnostic, bundled, genius, geniusweb, scenario_toml};
use std::path::{Path, PathBuf};

/// Why a scenario could not be loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    /// The whole message, ending in a newline, as `pactum` prints it on stderr.
    pub rendered: String,
    /// The diagnostics behind it (empty for a file that could not be read at all).
    pub diagnostics: Vec<Diagnostic>,
}

impl From<String> for LoadError {
    fn from(rendered: String) -> Self {
        LoadError {
            rendered,
            diagnostics: Vec::new(),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.rendered.trim_end())
    }
}

impl std::error::Error for LoadError {}

fn failed(diagnostics: Vec<Diagnostic>, texts: &[(String, String)], what: &str) -> LoadError {
    LoadError {
        rendered: render(&diagnostics, texts, what),
        diagnostics,
    }
}

/// Renders diagnostics against the texts they point into, with a closing count.
pub fn render(diagnostics: &[Diagnostic], texts: &[(String, String)], what: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let text = texts
            .iter()
            .find(|(f, _)| *f == d.file)
            .map_or("", |(_, t)| t.as_str());
        out.push_str(&d.render(text));
        out.push('\n');
    }
    let n = diagnostics.len();
    out + &format!(
        "error: {n} problem{} in {what}\n",
        if n == 1 { "" } else { "s" }
    )
}

/// The largest GENIUS or GeniusWeb file pactum reads: 64 MiB (a GeniusWeb issue of 1.2 million
/// values is 15 MB).
pub const MAX_FORMAT_BYTES: u64 = 64 << 20;

/// Reads at most `limit` bytes of `path`, refusing a larger file (or a device such as
/// `/dev/zero`, which never ends) at once instead of reading it whole.
pub fn read_bounded(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let name = path.display();
    let file =
        std::fs::File::open(path).map_err(|e| format!("error: cannot read {name}: {e}\n"))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("error: cannot read {name}: {e}\n"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "error: {name}: larger than the {} MiB {what} may have\n  expected a smaller file (docs/reliability.md lists the limits)\n",
            limit >> 20
        ));
    }
    Ok(bytes)
}

fn read_text(path: &Path) -> Result<(String, String), String> {
    let bytes = read_bounded(path, MAX_FORMAT_BYTES, "a GENIUS or GeniusWeb file")?;
    Ok((
        path.display().to_string(),
        String::from_utf8_lossy(&bytes).into_owned(),
    ))
}

fn has_extension(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|x| x.eq_ignore_ascii_case(ext))
}

/// GENIUS XML or GeniusWeb JSON from a list of files, decided by their extensions.
pub fn load_files(name: &str, paths: &[PathBuf]) -> Result<Scenario, LoadError> {
    let files: Vec<(String, String)> = paths
        .iter()
        .map(|p| read_text(p))
        .collect::<Result<_, _>>()?;
    from_texts(name, &files)
}

/// A scenario from `(file name, text)` pairs already in memory: one native `.toml` file, or a
/// GENIUS (`.xml`) or GeniusWeb (`.json`) domain with its profiles, told apart by the names'
/// extensions.
pub fn from_texts(name: &str, files: &[(String, String)]) -> Result<Scenario, LoadError> {
    let ends = |f: &(String, String), ext: &str| has_extension(Path::new(&f.0), ext);
    let json = files.iter().filter(|f| ends(f, "json")).count();
    let xml = files.iter().filter(|f| ends(f, "xml")).count();
    let toml = files.iter().filter(|f| ends(f, "toml")).count();
    let result = match (toml, xml, json) {
        (1, 0, 0) if files.len() == 1 => {
            let (file, text) = &files[0];
            return match scenario_toml::load(file, text.as_bytes()) {
                Ok(loaded) => Ok(loaded.scenario),
                Err(d) => Err(failed(d, files, file)),
            };
        }
        (0, 0, j) if j > 0 => geniusweb::load_files(name, files),
        (0, x, 0) if x > 0 => genius::load_files(name, files),
        _ => {
            return Err(format!(
                "error: {name}: expected one .toml scenario, GENIUS .xml files or GeniusWeb .json files (found {toml} .toml, {xml} .xml and {json} .json)\n"
            )
            .into());
        }
    };
    result.map_err(|d| failed(d, files, name))
}

pub fn load_folder(path: &Path) -> Result<Scenario, LoadError> {
    let name = path.display().to_string();
    let entries = std::fs::read_dir(path)
        .map_err(|e| format!("error: cannot read the folder {name}: {e}\n"))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let xml: Vec<PathBuf> = paths
        .iter()
        .filter(|p| has_extension(p, "xml"))
        .cloned()
        .collect();
    let json: Vec<PathBuf> = paths
        .iter()
        .filter(|p| has_extension(p, "json"))
        .cloned()
        .collect();
    match (xml.is_empty(), json.is_empty()) {
        (false, _) => load_files(&name, &xml),
        (true, false) => load_files(&name, &json),
        (true, true) => Err(format!(
            "error: the folder {name} holds no .xml (GENIUS) or .json (GeniusWeb) file\n"
        )
        .into()),
    }
}

/// A native scenario with the text it was read from, for rendering warnings.
pub fn load_native(name: &str) -> Result<(scenario_toml::Loaded, String), LoadError> {
    let path = Path::new(name);
    let (file, bytes) = if path.is_file() {
        (
            name.to_string(),
            read_bounded(
                path,
                scenario_toml::MAX_FILE_BYTES as u64,
                "a scenario file",
            )?,
        )
    } else if let Some(text) = bundled::get(name) {
        (format!("<bundled>/{name}.toml"), text.as_bytes().to_vec())
    } else {
        return Err(format!(
            "error: no file and no bundled scenario named `{name}`\n  expected a path to a .toml scenario, a GENIUS or GeniusWeb folder, or one of: {}\n",
            bundled::names().join(", ")
        )
        .into());
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    match scenario_toml::load(&file, &bytes) {
        Ok(loaded) => Ok((loaded, text)),
        Err(d) => Err(failed(d, &[(file.clone(), text)], &file)),
    }
}

/// What names a scenario: a name or path, or a domain file with one profile file per party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A folder, a `.toml` file or a bundled name (`None`: the default scenario).
    Named(Option<String>),
    /// A GENIUS XML or GeniusWeb JSON domain file and its profiles.
    Files {
        domain: String,
        profiles: Vec<String>,
    },
}

/// Any scenario: a folder, explicit files, a `.toml` file or a bundled name. A native scenario
/// whose outcome space is too large to enumerate is refused unless `allow_oversize` (for
/// analysis, which can fix issues or merge issue by issue).
pub fn load(source: &Source, allow_oversize: bool) -> Result<Scenario, LoadError> {
    let name = match source {
        Source::Files { domain, profiles } => {
            let mut paths = vec![PathBuf::from(domain)];
            paths.extend(profiles.iter().map(PathBuf::from));
            let name = Path::new(domain)
                .parent()
                .map_or_else(|| domain.clone(), |p| p.display().to_string());
            return load_files(if name.is_empty() { domain } else { &name }, &paths);
        }
        Source::Named(name) => name.as_deref().unwrap_or(bundled::DEFAULT),
    };
    let path = Path::new(name);
    if path.is_dir() {
        return load_folder(path);
    }
    if path.is_file() && (has_extension(path, "xml") || has_extension(path, "json")) {
        return Err(format!(
            "error: {name} is one file of a GENIUS or GeniusWeb scenario\n  expected its folder, or --domain DOMAIN --profile PROFILE...\n"
        )
        .into());
    }
    let (loaded, text) = load_native(name)?;
    match loaded.oversize {
        Some(d) if !allow_oversize => {
            let file = d.file.clone();
            Err(failed(vec![d], &[(file.clone(), text)], &file))
        }
        _ => Ok(loaded.scenario),
    }
}
