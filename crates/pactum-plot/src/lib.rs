//! pactum's plots: what the engine knows, drawn with `plotters` as SVG or PNG from the binary
//! alone — the font (DejaVu Sans, `fonts/`) is bundled and text in PNGs is rasterised by
//! `ab_glyph`, so no system font library, browser or network is involved.
//!
//! [`figure`] gathers a figure's data from analyses, records and tournament reports; the
//! drawing modules (`space`, `trace`, `timeline`, `tournament`) draw one [`Figure`] each on any
//! plotters backend; [`render`] picks the backend and encodes. The same figure and size give
//! the same bytes: nothing here reads a clock or draws at random.

pub mod figure;
mod space;
mod style;
mod timeline;
mod tournament;
mod trace;

pub use figure::Figure;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The bundled font: DejaVu Sans (Bitstream Vera licence, `fonts/LICENSE-DejaVu.txt`).
const FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// The file types a figure can be written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

impl Format {
    /// The format a file name asks for, by its extension.
    pub fn of_path(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".svg") {
            Some(Format::Svg)
        } else if lower.ends_with(".png") {
            Some(Format::Png)
        } else {
            None
        }
    }
}

/// The largest picture drawn, per side: a PNG of 8000 × 8000 is 192 MB of pixels already.
pub const MAX_SIDE: u32 = 8000;

/// A size that cannot be drawn, or a drawing that failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlotError(pub String);

impl std::fmt::Display for PlotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PlotError {}

/// The size a figure is drawn at unless the caller asks for another: wide enough for three
/// utility planes side by side, or for the timeline's text.
pub fn default_size(figure: &Figure) -> (u32, u32) {
    match figure {
        Figure::Space(s) => {
            let pairs = pactum_core::analysis::plane::pairs(s.parties.len())
                .len()
                .max(1);
            let columns = pairs.min(3) as u32;
            let rows = pairs.div_ceil(3) as u32;
            if pairs == 1 {
                (820, 740)
            } else {
                (540 * columns + 40, 520 * rows + 90)
            }
        }
        Figure::Trace(t) => (960, 260 + 170 * t.parties.len().clamp(1, 6) as u32),
        Figure::Timeline(t) => (1200, 120 + 40 * t.moments.len().max(1) as u32),
        Figure::Tournament(t) => (1200, (200 + 56 * t.scores.len() as u32).max(440)),
    }
}

/// Draws `figure` at `size` (width, height in pixels; SVG user units) as `format`.
pub fn render(figure: &Figure, format: Format, size: (u32, u32)) -> Result<Vec<u8>, PlotError> {
    let (w, h) = size;
    if !(100..=MAX_SIDE).contains(&w) || !(100..=MAX_SIDE).contains(&h) {
        return Err(PlotError(format!(
            "a picture of {w} × {h} cannot be drawn: each side must be between 100 and {MAX_SIDE}"
        )));
    }
    // Both backends measure text with the font (SVG to lay labels out).
    register_font();
    match format {
        Format::Svg => {
            let mut text = String::new();
            {
                let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
                draw(&root, figure)?;
                root.present().map_err(fault)?;
            }
            Ok(text.into_bytes())
        }
        Format::Png => {
            let mut pixels = vec![0u8; w as usize * h as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
                draw(&root, figure)?;
                root.present().map_err(fault)?;
            }
            encode_png(&pixels, w, h)
        }
    }
}

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, figure: &Figure) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(fault)?;
    match figure {
        Figure::Space(f) => space::draw(root, f),
        Figure::Trace(f) => trace::draw(root, f),
        Figure::Timeline(f) => timeline::draw(root, f),
        Figure::Tournament(f) => tournament::draw(root, f),
    }
}

/// A failure of the drawing library, as a message.
fn fault(e: impl std::fmt::Display) -> PlotError {
    PlotError(format!("drawing failed: {e}"))
}

fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The font is compiled in and parsed by a test, so a failure here is a build defect.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

fn encode_png(pixels: &[u8], w: u32, h: u32) -> Result<Vec<u8>, PlotError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(fault)?;
    writer.write_image_data(pixels).map_err(fault)?;
    writer.finish().map_err(fault)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_parses() {
        assert!(plotters::style::register_font("sans-serif", FontStyle::Normal, FONT).is_ok());
    }

    #[test]
    fn sizes_out_of_range_are_refused() {
        let f = Figure::Timeline(figure::TimelineFigure {
            title: "t".into(),
            moments: vec![],
        });
        assert!(render(&f, Format::Svg, (50, 400)).is_err());
        assert!(render(&f, Format::Png, (400, MAX_SIDE + 1)).is_err());
        assert!(render(&f, Format::Svg, (400, 400)).is_ok());
    }
}
