//! `trace`: each party's utility of the texts on the table over the rounds, with what it
//! needed each round (its threshold) and its fallback, the agreement or the end marked.

use crate::figure::{Ending, TraceFigure};
use crate::style::{self, FONT};
use crate::{PlotError, fault};
use plotters::coord::Shift;
use plotters::prelude::*;

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &TraceFigure,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let all = f
        .parties
        .iter()
        .flat_map(|p| {
            p.utility
                .iter()
                .chain(&p.threshold)
                .map(|&(_, u)| u)
                .chain(p.fallback)
        })
        .filter(|u| u.is_finite());
    let (y0, y1) = style::padded(0.0, 1.0, all);
    let last = f.rounds.max(1);
    let title = match &f.ending {
        Some(Ending::Agreement { round, .. }) => {
            format!("{} — agreement in round {round}", f.title)
        }
        Some(Ending::NoDeal { round, reason }) => format!(
            "{} — no agreement (round {round}: {})",
            f.title,
            style::cut(reason, 50)
        ),
        None => f.title.clone(),
    };
    let (width, _) = root.dim_in_pixel();
    let mut chart = ChartBuilder::on(root)
        .caption(
            style::cut(&title, style::chars_for(width, style::CAPTION)),
            (FONT, style::CAPTION),
        )
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(56)
        .build_cartesian_2d(-0.3f64..(f64::from(last) + 0.3), y0..y1)
        .map_err(fault)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(228, 228, 228))
        // Whole rounds only.
        .x_labels((last as usize + 1).min(21))
        .x_label_formatter(&|r| {
            if (r - r.round()).abs() < 1e-9 && *r >= 0.0 {
                format!("{r:.0}")
            } else {
                String::new()
            }
        })
        .x_desc("round")
        .y_desc("utility of the text on the table")
        .label_style((FONT, style::SMALL))
        .axis_desc_style((FONT, style::LABEL))
        .draw()
        .map_err(fault)?;
    for (k, p) in f.parties.iter().enumerate() {
        let colour = style::series(k);
        let line: Vec<(f64, f64)> = p.utility.iter().map(|&(r, u)| (f64::from(r), u)).collect();
        chart
            .draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))
            .map_err(fault)?
            .label(format!("{}: utility", p.party))
            .legend(move |(a, b)| {
                PathElement::new(vec![(a - 8, b), (a + 8, b)], colour.stroke_width(2))
            });
        chart
            .draw_series(line.iter().map(|&q| Circle::new(q, 3, colour.filled())))
            .map_err(fault)?;
        if !p.threshold.is_empty() {
            let t: Vec<(f64, f64)> = p
                .threshold
                .iter()
                .map(|&(r, u)| (f64::from(r), u))
                .collect();
            chart
                .draw_series(DashedLineSeries::new(
                    t,
                    5,
                    4,
                    colour.mix(0.8).stroke_width(1),
                ))
                .map_err(fault)?
                .label(format!("{}: needed", p.party))
                .legend(move |(a, b)| {
                    PathElement::new(
                        vec![(a - 8, b), (a + 8, b)],
                        colour.mix(0.8).stroke_width(1),
                    )
                });
        }
        if !p.crossed.is_empty() {
            chart
                .draw_series(
                    p.crossed
                        .iter()
                        .map(|&(r, u)| Cross::new((f64::from(r), u), 6, colour.stroke_width(2))),
                )
                .map_err(fault)?
                .label(format!("{}: text crosses its red line", p.party))
                .legend(move |(a, b)| Cross::new((a, b), 4, colour.stroke_width(2)));
        }
        if let Some(v) = p.fallback {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(-0.3, v), (f64::from(last) + 0.3, v)],
                    2,
                    5,
                    colour.mix(0.6).stroke_width(1),
                ))
                .map_err(fault)?
                .label(format!("{}: fallback {}", p.party, style::utility(v)))
                .legend(move |(a, b)| {
                    PathElement::new(
                        vec![(a - 8, b), (a + 8, b)],
                        colour.mix(0.6).stroke_width(1),
                    )
                });
        }
    }
    if let Some(end) = &f.ending {
        let (round, text) = match end {
            Ending::Agreement { round, .. } => (*round, format!("agreement, round {round}")),
            Ending::NoDeal { round, .. } => (*round, format!("ended, round {round}")),
        };
        let r = f64::from(round);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(r, y0), (r, y1)],
                style::INK.stroke_width(2),
            )))
            .map_err(fault)?;
        // The label goes left of the line when the line is in the right half.
        let left = r > f64::from(last) / 2.0;
        let font = (FONT, style::SMALL).into_font().color(&style::INK);
        let font = if left {
            font.pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Right,
                plotters::style::text_anchor::VPos::Top,
            ))
        } else {
            font
        };
        chart
            .draw_series(std::iter::once(Text::new(
                format!(" {text} "),
                (r, y1),
                font,
            )))
            .map_err(fault)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(style::FAINT)
        .label_font((FONT, style::SMALL))
        .draw()
        .map_err(fault)?;
    Ok(())
}
