//! Progress on stderr for work that runs longer than about a second: an `indicatif` bar (done of
//! total, rate, ETA) when stderr is a terminal, a line every few seconds when it is not (a log),
//! nothing for quick work. The engine only counts; the clock is here.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::cell::{Cell, OnceCell};
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
    /// The bar, once work has run past [`QUIET_FOR`] on a terminal.
    bar: OnceCell<ProgressBar>,
}

impl Progress {
    pub fn new(what: &'static str) -> Self {
        Progress {
            what,
            started: Instant::now(),
            last: Cell::new(None),
            terminal: std::io::stderr().is_terminal(),
            bar: OnceCell::new(),
        }
    }

    fn bar(&self, total: u64, unit: &str) -> &ProgressBar {
        self.bar.get_or_init(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            // A template of literal text and indicatif's own keys: it always parses.
            if let Ok(style) = ProgressStyle::with_template(&format!(
                "{}: {{bar:30}} {{human_pos}}/{{human_len}} {unit} ({{percent}}%), {{per_sec:0}}, {{elapsed}} gone, ETA {{eta}}",
                self.what
            )) {
                bar.set_style(style);
            }
            bar
        })
    }

    /// `done` of `total` units of work.
    pub fn tick(&self, done: u64, total: u64, unit: &str) {
        let now = Instant::now();
        if now.duration_since(self.started) < QUIET_FOR {
            return;
        }
        if self.terminal {
            let bar = self.bar(total, unit);
            bar.set_length(total);
            bar.set_position(done);
            self.last.set(Some(now));
            return;
        }
        let due = match self.last.get() {
            None => true,
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
        let seconds = now.duration_since(self.started).as_secs_f64();
        let rate = done as f64 / seconds.max(1e-9);
        let eta = if done > 0 && total > done {
            format!(", about {:.0} s to go", (total - done) as f64 / rate)
        } else {
            String::new()
        };
        let line = format!(
            "{}: {done} of {total} {unit} ({percent:.0}%), {rate:.0} {unit}/s, {seconds:.1} s{eta}",
            self.what,
        );
        let _ = writeln!(std::io::stderr(), "{line}");
    }

    /// Ends the bar, if one was shown, leaving its last state on screen.
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish();
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
