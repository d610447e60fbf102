//! Progress on stderr for work that runs longer than about a second: a line that updates in
//! place when stderr is a terminal, a line every few seconds when it is not (a log), nothing for
//! quick work. The engine only counts; the clock is here.

use std::cell::Cell;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Work shorter than this shows nothing.
const QUIET_FOR: Duration = Duration::from_secs(1);
/// Between two lines when stderr is not a terminal.
const LOG_EVERY: Duration = Duration::from_secs(5);

pub struct Progress {
    what: &'static str,
    started: Instant,
    last: Cell<Option<Instant>>,
    terminal: bool,
}

impl Progress {
    pub fn new(what: &'static str) -> Self {
        Progress {
            what,
            started: Instant::now(),
            last: Cell::new(None),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// `done` of `total` units of work.
    pub fn tick(&self, done: u64, total: u64, unit: &str) {
        let now = Instant::now();
        if now.duration_since(self.started) < QUIET_FOR {
            return;
        }
        let due = match self.last.get() {
            None => true,
            Some(t) if self.terminal => now.duration_since(t) >= Duration::from_millis(200),
            Some(t) => now.duration_since(t) >= LOG_EVERY,
        };
        if !due {
            return;
        }
        self.last.set(Some(now));
        let percent = if total > 0 {
            100.0 * done as f64 / total as f64
        } else {
            0.0
        };
        let line = format!(
            "{}: {done} of {total} {unit} ({percent:.0}%), {:.1} s",
            self.what,
            now.duration_since(self.started).as_secs_f64()
        );
        let mut err = std::io::stderr();
        let _ = if self.terminal {
            write!(err, "\r{line}\x1b[K")
        } else {
            writeln!(err, "{line}")
        };
    }

    /// Ends the updating line, if one was shown.
    pub fn finish(&self) {
        if self.terminal && self.last.get().is_some() {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// A sink that reports the rounds of long talks.
pub struct TalksProgress<'a> {
    pub progress: &'a Progress,
    pub rounds: u32,
    pub events: u64,
}

impl pactum_core::talks::Sink for TalksProgress<'_> {
    fn event(&mut self, event: &pactum_core::talks::Event) {
        self.events += 1;
        // The clock is read once every 4,096 events, not at each.
        if self.events.is_multiple_of(4096)
            && let pactum_core::talks::Event::Offer { round, .. } = event
        {
            self.progress
                .tick(u64::from(*round), u64::from(self.rounds), "rounds");
        }
    }
}
