//! Tournament results in a SQLite file: one row per negotiation, committed in batches inside
//! transactions, with a manifest that identifies the plan, so that a run killed at any moment
//! resumes with only the missing negotiations, shards of one plan merge, and a file of another
//! plan (or no pactum file at all) is refused and never overwritten.
//!
//! Tables:
//! - `manifest(key, value)`: `format` (`pactum.tournament_db`), `format_version`, `engine`
//!   (the pactum version), `plan` (the plan's hash), `config` (the plan as JSON), `scenarios`
//!   (each scenario's id and content hash), `negotiations` (how many the plan has), `shard`;
//! - `negotiations(id, scenario, scenario_hash, strategies, repetition, seed, agreement, round,
//!   welfare, error, row)`: `id` is the negotiation's place in the plan, `row` the whole
//!   `pactum.tournament_row` JSON, the other columns copies for SQL queries.

use rusqlite::{Connection, OpenFlags, params};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::Path;

/// What the manifest's `format` says.
pub const FORMAT: &str = "pactum.tournament_db";
/// The layout of the tables; a file of another version is refused.
pub const FORMAT_VERSION: u32 = 1;

/// Why a store cannot be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// The file is not a SQLite database, or not one of pactum's.
    Foreign { path: String, reason: String },
    /// The file holds results of another plan.
    OtherPlan { path: String },
    /// The file exists and `--resume` was not asked for.
    Exists { path: String },
    /// Two shards disagree about a negotiation.
    Conflict { id: u64 },
    /// SQLite failed.
    Sqlite {
        path: String,
        error: rusqlite::Error,
    },
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Foreign { path, reason } => write!(
                f,
                "{path} is not a pactum tournament database ({reason}); it is left as it is"
            ),
            StoreError::OtherPlan { path } => write!(
                f,
                "{path} holds the results of another tournament (another config, scenario or engine version); it is left as it is"
            ),
            StoreError::Exists { path } => write!(
                f,
                "{path} already exists; add --resume to run only the negotiations it lacks, or choose a new file"
            ),
            StoreError::Conflict { id } => write!(
                f,
                "negotiation {id} differs between the files merged: they are not shards of one run"
            ),
            StoreError::Sqlite { path, error } => write!(f, "{path}: {error}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// The identity of a plan: what the manifest records and compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The pactum version that ran it.
    pub engine: String,
    /// The plan's configuration as JSON (canonical: written by pactum).
    pub config: String,
    /// `(scenario id, content hash)` per scenario, in plan order.
    pub scenarios: Vec<(String, String)>,
    /// Negotiations in the whole plan.
    pub negotiations: u64,
}

impl Manifest {
    /// The hash that identifies the plan: the same engine, config and scenarios give the same.
    pub fn plan_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.engine.as_bytes());
        h.update([0]);
        h.update(self.config.as_bytes());
        for (id, hash) in &self.scenarios {
            h.update([0]);
            h.update(id.as_bytes());
            h.update([0]);
            h.update(hash.as_bytes());
        }
        h.update(self.negotiations.to_le_bytes());
        hex(&h.finalize())
    }
}

/// A content hash of text (a scenario's canonical JSON).
pub fn content_hash(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One stored negotiation.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// Its place in the plan.
    pub id: u64,
    pub scenario: String,
    pub scenario_hash: String,
    /// `{party: spec}` as JSON.
    pub strategies: String,
    pub repetition: u32,
    pub seed: u64,
    pub agreement: bool,
    pub round: u32,
    pub welfare: f64,
    pub error: Option<String>,
    /// The `pactum.tournament_row` JSON.
    pub row: String,
}

/// An open results file.
pub struct Store {
    conn: Connection,
    path: String,
}

fn sqlite(path: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |error| StoreError::Sqlite {
        path: path.to_string(),
        error,
    }
}

const SCHEMA: &str = "
    CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE negotiations (
        id INTEGER PRIMARY KEY,
        scenario TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        strategies TEXT NOT NULL,
        repetition INTEGER NOT NULL,
        seed TEXT NOT NULL,
        agreement INTEGER NOT NULL,
        round INTEGER NOT NULL,
        welfare REAL NOT NULL,
        error TEXT,
        row TEXT NOT NULL
    );
";

impl Store {
    /// Creates `path` for `manifest` (the file must not exist), or, with `resume`, opens the
    /// file of the same plan and shard. Anything else is refused and left as it is.
    pub fn open(
        path: &str,
        manifest: &Manifest,
        shard: (u64, u64),
        resume: bool,
    ) -> Result<Store, StoreError> {
        let exists = Path::new(path).exists();
        if exists && !resume {
            return Err(StoreError::Exists {
                path: path.to_string(),
            });
        }
        if exists {
            let store = Store::open_existing(path)?;
            if store.manifest_value("plan")?.as_deref() != Some(&manifest.plan_hash()) {
                return Err(StoreError::OtherPlan {
                    path: path.to_string(),
                });
            }
            let wanted = format!("{}/{}", shard.0, shard.1);
            if store.manifest_value("shard")?.as_deref() != Some(&wanted) {
                return Err(StoreError::OtherPlan {
                    path: path.to_string(),
                });
            }
            return Ok(store);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )
        .map_err(sqlite(path))?;
        // WAL: a reader never blocks the writer; a crash loses at most the open transaction.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite(path))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite(path))?;
        conn.execute_batch(&format!("BEGIN; {SCHEMA}"))
            .map_err(sqlite(path))?;
        let scenarios: Vec<serde_json::Value> = manifest
            .scenarios
            .iter()
            .map(|(id, hash)| serde_json::json!({"id": id, "hash": hash}))
            .collect();
        let entries = [
            ("format", FORMAT.to_string()),
            ("format_version", FORMAT_VERSION.to_string()),
            ("engine", manifest.engine.clone()),
            ("plan", manifest.plan_hash()),
            ("config", manifest.config.clone()),
            ("scenarios", serde_json::Value::Array(scenarios).to_string()),
            ("negotiations", manifest.negotiations.to_string()),
            ("shard", format!("{}/{}", shard.0, shard.1)),
        ];
        for (k, v) in entries {
            conn.execute(
                "INSERT INTO manifest (key, value) VALUES (?1, ?2)",
                params![k, v],
            )
            .map_err(sqlite(path))?;
        }
        conn.execute_batch("COMMIT").map_err(sqlite(path))?;
        Ok(Store {
            conn,
            path: path.to_string(),
        })
    }

    /// Opens a results file that must already be one of pactum's.
    pub fn open_existing(path: &str) -> Result<Store, StoreError> {
        let foreign = |reason: String| StoreError::Foreign {
            path: path.to_string(),
            reason,
        };
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|e| foreign(e.to_string()))?;
        let store = Store {
            conn,
            path: path.to_string(),
        };
        let format = store
            .manifest_value("format")
            .map_err(|e| foreign(e.to_string()))?;
        if format.as_deref() != Some(FORMAT) {
            return Err(foreign("no pactum manifest".into()));
        }
        let version = store
            .manifest_value("format_version")
            .map_err(|e| foreign(e.to_string()))?;
        if version.as_deref() != Some(&FORMAT_VERSION.to_string()) {
            return Err(foreign(format!(
                "format version {}, expected {FORMAT_VERSION}",
                version.unwrap_or_default()
            )));
        }
        Ok(store)
    }

    /// A manifest entry.
    pub fn manifest_value(&self, key: &str) -> Result<Option<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT value FROM manifest WHERE key = ?1")
            .map_err(sqlite(&self.path))?;
        let mut rows = stmt.query(params![key]).map_err(sqlite(&self.path))?;
        match rows.next().map_err(sqlite(&self.path))? {
            Some(row) => Ok(Some(row.get(0).map_err(sqlite(&self.path))?)),
            None => Ok(None),
        }
    }

    /// Sets a manifest entry that is not part of the plan's identity (`sources`).
    pub fn set_manifest_value(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO manifest (key, value) VALUES (?1, ?2)",
                params![key, value],
            )
            .map_err(sqlite(&self.path))?;
        Ok(())
    }

    /// The ids already stored.
    pub fn done(&self) -> Result<BTreeSet<u64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM negotiations")
            .map_err(sqlite(&self.path))?;
        let ids = stmt
            .query_map([], |r| r.get::<_, i64>(0))
            .map_err(sqlite(&self.path))?
            .collect::<Result<Vec<i64>, _>>()
            .map_err(sqlite(&self.path))?;
        Ok(ids.into_iter().map(|i| i as u64).collect())
    }

    /// Stores a batch in one transaction: all of it or none.
    pub fn insert(&mut self, batch: &[Stored]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(sqlite(&path))?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO negotiations (id, scenario, scenario_hash, strategies, repetition, seed, agreement, round, welfare, error, row) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .map_err(sqlite(&path))?;
            for s in batch {
                stmt.execute(params![
                    s.id as i64,
                    s.scenario,
                    s.scenario_hash,
                    s.strategies,
                    s.repetition,
                    s.seed.to_string(),
                    s.agreement,
                    s.round,
                    s.welfare,
                    s.error,
                    s.row
                ])
                .map_err(sqlite(&path))?;
            }
        }
        tx.commit().map_err(sqlite(&path))
    }

    /// Every stored negotiation, by id.
    pub fn rows(&self) -> Result<Vec<Stored>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, scenario, scenario_hash, strategies, repetition, seed, agreement, round, welfare, error, row FROM negotiations ORDER BY id",
            )
            .map_err(sqlite(&self.path))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Stored {
                    id: r.get::<_, i64>(0)? as u64,
                    scenario: r.get(1)?,
                    scenario_hash: r.get(2)?,
                    strategies: r.get(3)?,
                    repetition: r.get(4)?,
                    seed: r.get::<_, String>(5)?.parse().unwrap_or(0),
                    agreement: r.get(6)?,
                    round: r.get(7)?,
                    welfare: r.get(8)?,
                    error: r.get(9)?,
                    row: r.get(10)?,
                })
            })
            .map_err(sqlite(&self.path))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(sqlite(&self.path))?;
        Ok(rows)
    }
}

/// Merges shards of one plan into `out` (which must not exist): every negotiation once.
pub fn merge(inputs: &[String], out: &str) -> Result<u64, StoreError> {
    if Path::new(out).exists() {
        return Err(StoreError::Exists {
            path: out.to_string(),
        });
    }
    let stores: Vec<Store> = inputs
        .iter()
        .map(|p| Store::open_existing(p))
        .collect::<Result<_, _>>()?;
    let Some(first) = stores.first() else {
        return Ok(0);
    };
    let plan = first.manifest_value("plan")?;
    for (s, p) in stores.iter().zip(inputs) {
        if s.manifest_value("plan")? != plan {
            return Err(StoreError::OtherPlan { path: p.clone() });
        }
    }
    let manifest = Manifest {
        engine: first.manifest_value("engine")?.unwrap_or_default(),
        config: first.manifest_value("config")?.unwrap_or_default(),
        scenarios: serde_json::from_str::<Vec<serde_json::Value>>(
            &first.manifest_value("scenarios")?.unwrap_or_default(),
        )
        .unwrap_or_default()
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap_or_default().to_string(),
                v["hash"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect(),
        negotiations: first
            .manifest_value("negotiations")?
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
    };
    if Some(manifest.plan_hash()) != plan {
        return Err(StoreError::Foreign {
            path: inputs[0].clone(),
            reason: "its manifest does not match its plan hash".into(),
        });
    }
    let mut all: std::collections::BTreeMap<u64, Stored> = std::collections::BTreeMap::new();
    for s in &stores {
        for row in s.rows()? {
            match all.get(&row.id) {
                Some(seen) if seen != &row => return Err(StoreError::Conflict { id: row.id }),
                _ => {
                    all.insert(row.id, row);
                }
            }
        }
    }
    let mut merged = Store::open(out, &manifest, (0, 1), false)?;
    // Where the scenarios were read from, for `tournament replay` of the merged file (the
    // shards of one config name the same sources).
    if let Some(sources) = first.manifest_value("sources")? {
        merged.set_manifest_value("sources", &sources)?;
    }
    let rows: Vec<Stored> = all.into_values().collect();
    for batch in rows.chunks(BATCH) {
        merged.insert(batch)?;
    }
    Ok(rows.len() as u64)
}

/// Negotiations per transaction: large enough that committing costs little against running
/// them, small enough that a kill loses little.
pub const BATCH: usize = 4096;
