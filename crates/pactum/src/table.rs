//! Tables and prose for the terminal: as wide as the terminal when stdout is one, 110 columns
//! when it is piped (so saved output does not depend on the terminal), or `--width N`.

use comfy_table::{ContentArrangement, Table, presets};
use std::sync::atomic::{AtomicU16, Ordering};

/// The width when stdout is not a terminal.
pub const PIPED_WIDTH: u16 = 110;
/// The narrowest width tables are laid out for.
pub const MIN_WIDTH: u16 = 40;

static WIDTH: AtomicU16 = AtomicU16::new(PIPED_WIDTH);

/// The width tables and prose are laid out for.
pub fn width() -> u16 {
    WIDTH.load(Ordering::Relaxed)
}

/// Chooses the width: `--width N`, else the terminal's when stdout is one, else 110.
pub fn choose_width(asked: Option<u16>) {
    let w = asked.or_else(terminal_width).unwrap_or(PIPED_WIDTH);
    WIDTH.store(w.max(MIN_WIDTH), Ordering::Relaxed);
}

/// The columns of the terminal on stdout, if stdout is a terminal.
fn terminal_width() -> Option<u16> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize it is given; stdout is an open descriptor.
    let rc = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (rc == 0 && size.ws_col > 0).then_some(size.ws_col)
}

pub fn new(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width())
        .set_header(header.to_vec());
    t
}

/// Every prose line of a text report longer than the width, wrapped; table lines (drawn to the
/// width already) are left as they are.
pub fn fit(text: &str) -> String {
    let w = width() as usize;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let drawn = body.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c));
        if !drawn && body.chars().count() > w {
            out.push_str(&wrap(body, w));
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `text` wrapped at the chosen width.
pub fn prose(text: &str) -> String {
    text.lines()
        .map(|line| wrap(line, width() as usize))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A heading line with a rule under it.
pub fn heading(out: &mut String, title: &str) {
    let title = prose(title);
    let longest = title.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    out.push('\n');
    out.push_str(&title);
    out.push('\n');
    out.push_str(&"─".repeat(longest));
    out.push('\n');
}

/// Wraps `text` at `width` characters, on word boundaries.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += n;
    }
    out
}
