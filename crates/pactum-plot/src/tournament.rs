//! `tournament`: each strategy's mean utility with its 95% confidence interval, ranked, and a
//! heat map of what the row strategy got against the column strategy.

use crate::figure::TournamentFigure;
use crate::style::{self, FONT};
use crate::{PlotError, fault};
use plotters::coord::Shift;
use plotters::prelude::*;

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &TournamentFigure,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let (width, _) = root.dim_in_pixel();
    let (left, right) = root.split_horizontally(width as i32 / 2);
    bars(&left, f)?;
    heat(&right, f)
}

fn bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &TournamentFigure,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    // Segmented integer ranges are inclusive: 0..n-1 gives n rows.
    let n = f.scores.len().max(1);
    let highs = f
        .scores
        .iter()
        .filter_map(|s| Some(s.mean? + s.ci95.unwrap_or(0.0)));
    let (_, hi) = style::padded(0.0, 0.0, highs.chain([1.0]));
    let names: Vec<String> = f
        .scores
        .iter()
        .map(|s| style::cut(&s.strategy, 26))
        .collect();
    let mut chart = ChartBuilder::on(area)
        .caption(
            style::cut(&format!("{} — mean utility, 95% CI", f.title), 60),
            (FONT, style::CAPTION),
        )
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(170)
        .build_cartesian_2d(0.0..hi, (0..n - 1).into_segmented())
        .map_err(fault)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(228, 228, 228))
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => (n - 1)
                .checked_sub(*k)
                .and_then(|i| Some(format!("{}. {}", f.scores.get(i)?.rank, names[i])))
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_desc("mean utility")
        .label_style((FONT, style::SMALL))
        .axis_desc_style((FONT, style::LABEL))
        .draw()
        .map_err(fault)?;
    for (k, s) in f.scores.iter().enumerate() {
        let Some(mean) = s.mean else { continue };
        // Best at the top: row n-1-k.
        let slot = n - 1 - k;
        let colour = style::series(k);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(slot)),
                    (mean, SegmentValue::Exact(slot + 1)),
                ],
                colour.mix(0.75).filled(),
            )))
            .map_err(fault)?;
        if let Some(ci) = s.ci95 {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![
                        ((mean - ci).max(0.0), SegmentValue::CenterOf(slot)),
                        (mean + ci, SegmentValue::CenterOf(slot)),
                    ],
                    style::INK.stroke_width(2),
                )))
                .map_err(fault)?;
        }
        chart
            .draw_series(std::iter::once(Text::new(
                style::utility(mean),
                (
                    mean + s.ci95.unwrap_or(0.0) + hi * 0.01,
                    SegmentValue::CenterOf(slot),
                ),
                (FONT, style::SMALL),
            )))
            .map_err(fault)?;
    }
    Ok(())
}

fn heat<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &TournamentFigure,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let n = f.scores.len();
    let met = f.head_to_head.iter().flatten().any(Option::is_some);
    if n == 0 || !met {
        area.draw(&Text::new(
            "no bilateral negotiations: no head-to-head table",
            (20, 40),
            (FONT, style::LABEL).into_font().color(&style::FAINT),
        ))
        .map_err(fault)?;
        return Ok(());
    }
    let names: Vec<String> = f
        .scores
        .iter()
        .map(|s| style::cut(&s.strategy, 16))
        .collect();
    let mut chart = ChartBuilder::on(area)
        .caption(
            "row strategy's mean utility against the column's",
            (FONT, style::CAPTION),
        )
        .margin(14)
        .x_label_area_size(40)
        .y_label_area_size(130)
        .build_cartesian_2d((0..n - 1).into_segmented(), (0..n - 1).into_segmented())
        .map_err(fault)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(n)
        .y_labels(n)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => names.get(*k).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => (n - 1)
                .checked_sub(*k)
                .and_then(|i| names.get(i).cloned())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .label_style((FONT, style::SMALL))
        .draw()
        .map_err(fault)?;
    let values: Vec<f64> = f.head_to_head.iter().flatten().flatten().copied().collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    for (a, row) in f.head_to_head.iter().enumerate() {
        for (b, cell) in row.iter().enumerate() {
            let slot = n - 1 - a;
            let (fill, text) = match cell {
                Some(v) => {
                    let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
                    // White to the palette's blue.
                    let mix = |full: u8| (255.0 - t * (255.0 - f64::from(full))) as u8;
                    (RGBColor(mix(0), mix(114), mix(178)), style::utility(*v))
                }
                None => (RGBColor(245, 245, 245), "–".to_string()),
            };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [
                        (SegmentValue::Exact(b), SegmentValue::Exact(slot)),
                        (SegmentValue::Exact(b + 1), SegmentValue::Exact(slot + 1)),
                    ],
                    fill.filled(),
                )))
                .map_err(fault)?;
            let ink = match cell {
                Some(v) if hi > lo && (v - lo) / (hi - lo) > 0.6 => WHITE,
                _ => style::INK,
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    text,
                    (SegmentValue::CenterOf(b), SegmentValue::CenterOf(slot)),
                    (FONT, style::SMALL).into_font().color(&ink),
                )))
                .map_err(fault)?;
        }
    }
    Ok(())
}
