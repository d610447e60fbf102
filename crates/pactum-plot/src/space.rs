//! `space`: each pair of negotiators' utility plane — the outcomes (acceptable or not, binned
//! when there are many), the frontier, the bargaining points, the fallbacks, and a record's
//! offers and ending.

use crate::figure::{Ending, SpaceFigure};
use crate::style::{self, FONT};
use crate::{PlotError, fault};
use pactum_core::analysis::plane::{BINS, Cloud, Verdict, pairs};
use plotters::coord::Shift;
use plotters::prelude::*;

/// How each verdict is drawn, in drawing order (the acceptable outcomes on top).
const KINDS: [(Verdict, RGBColor, u32, &str); 3] = [
    (
        Verdict::AcrossRedLine,
        style::UNACCEPTABLE,
        3,
        "across a red line",
    ),
    (
        Verdict::BelowFallback,
        style::BELOW_FALLBACK,
        3,
        "below a fallback only",
    ),
    (
        Verdict::Acceptable,
        style::ACCEPTABLE,
        4,
        "acceptable to all",
    ),
];

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &SpaceFigure,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let (_, height) = root.dim_in_pixel();
    let header = 70.min(height as i32 / 4);
    let (top, body) = root.split_vertically(header);
    let (width, _) = root.dim_in_pixel();
    top.draw(&Text::new(
        style::cut(&f.title, style::chars_for(width, style::TITLE)),
        (16, 10),
        (FONT, style::TITLE).into_font().color(&style::INK),
    ))
    .map_err(fault)?;
    top.draw(&Text::new(
        style::cut(&summary(f), style::chars_for(width, style::LABEL)),
        (16, 42),
        (FONT, style::LABEL).into_font().color(&style::FAINT),
    ))
    .map_err(fault)?;
    let pairs = pairs(f.parties.len());
    if pairs.is_empty() {
        body.draw(&Text::new(
            "one negotiator: no utility plane to draw",
            (16, 20),
            (FONT, style::CAPTION).into_font(),
        ))
        .map_err(fault)?;
        return Ok(());
    }
    let columns = pairs.len().min(3);
    let rows = pairs.len().div_ceil(3);
    let areas = body.split_evenly((rows, columns));
    for (k, (&(x, y), area)) in pairs.iter().zip(&areas).enumerate() {
        plane(area, f, k, x, y)?;
    }
    Ok(())
}

/// The line under the title: how many outcomes, how many acceptable, how many were drawn.
fn summary(f: &SpaceFigure) -> String {
    let p = &f.plane;
    let [ok, below, across] = p.counts;
    let mut s = if p.sampled {
        format!(
            "{} outcomes; a seeded sample of {} drawn: {ok} acceptable, {below} below a fallback only, {across} across a red line",
            p.outcomes, p.seen
        )
    } else {
        format!(
            "{} outcomes: {ok} acceptable, {below} below a fallback only, {across} across a red line",
            p.outcomes
        )
    };
    s.push_str(&format!("; {} on the Pareto frontier", f.frontier.len()));
    match &f.ending {
        Some(Ending::Agreement { round, .. }) => {
            s.push_str(&format!("; agreement in round {round}"))
        }
        Some(Ending::NoDeal { round, reason }) => s.push_str(&format!(
            "; no agreement (round {round}: {})",
            style::cut(reason, 60)
        )),
        None => {}
    }
    s
}

fn plane<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &SpaceFigure,
    pair: usize,
    x: usize,
    y: usize,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let r = &f.plane.ranges;
    let extra = |k: usize| {
        f.fallbacks[k]
            .into_iter()
            .chain(f.offers.iter().map(move |o| o.utilities[k]))
            .chain(f.frontier.iter().map(move |u| u[k]))
    };
    let (x0, x1) = style::padded(r[x].0, r[x].1, extra(x));
    let (y0, y1) = style::padded(r[y].0, r[y].1, extra(y));
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("{} × {}", f.parties[x], f.parties[y]),
            (FONT, style::CAPTION),
        )
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(52)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(fault)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(228, 228, 228))
        .x_desc(format!("utility of {}", f.parties[x]))
        .y_desc(format!("utility of {}", f.parties[y]))
        .label_style((FONT, style::SMALL))
        .axis_desc_style((FONT, style::LABEL))
        .draw()
        .map_err(fault)?;

    // The outcomes.
    match &f.plane.cloud {
        Cloud::Points(points) => {
            for (verdict, colour, size, label) in KINDS {
                let here: Vec<_> = points.iter().filter(|p| p.verdict == verdict).collect();
                if here.is_empty() {
                    continue;
                }
                chart
                    .draw_series(here.iter().map(|p| {
                        Circle::new(
                            (p.utilities[x], p.utilities[y]),
                            size,
                            colour.mix(0.7).filled(),
                        )
                    }))
                    .map_err(fault)?
                    .label(label)
                    .legend(move |(a, b)| Circle::new((a, b), size, colour.filled()));
            }
        }
        Cloud::Density(grids) => {
            let g = &grids[pair];
            let grids = [&g.across_red_line, &g.below_fallback, &g.acceptable];
            let most = grids
                .iter()
                .flat_map(|v| v.iter())
                .copied()
                .max()
                .unwrap_or(0)
                .max(1);
            let (rx, ry) = (r[x], r[y]);
            let cell = |i: usize| {
                let (col, row) = (i % BINS, i / BINS);
                let wx = (rx.1 - rx.0) / BINS as f64;
                let wy = (ry.1 - ry.0) / BINS as f64;
                (
                    (rx.0 + col as f64 * wx, ry.0 + row as f64 * wy),
                    (rx.0 + (col + 1) as f64 * wx, ry.0 + (row + 1) as f64 * wy),
                )
            };
            // Opacity grows with the logarithm of the count, so one outcome still shows.
            let alpha =
                |c: u32| 0.18 + 0.82 * (1.0 + f64::from(c)).ln() / (1.0 + f64::from(most)).ln();
            for (counts, (_, colour, _, label)) in grids.into_iter().zip(KINDS) {
                if counts.iter().all(|&c| c == 0) {
                    continue;
                }
                chart
                    .draw_series(counts.iter().enumerate().filter(|(_, c)| **c > 0).map(
                        |(i, &c)| {
                            let (a, b) = cell(i);
                            Rectangle::new([a, b], colour.mix(alpha(c)).filled())
                        },
                    ))
                    .map_err(fault)?
                    .label(label)
                    .legend(move |(a, b)| {
                        Rectangle::new([(a - 4, b - 4), (a + 4, b + 4)], colour.filled())
                    });
            }
        }
    }

    // The fallbacks.
    let dashed = style::INK.mix(0.6).stroke_width(1);
    let mut labelled = false;
    for (k, horizontal) in [(x, false), (y, true)] {
        if let Some(v) = f.fallbacks[k] {
            let line = if horizontal {
                vec![(x0, v), (x1, v)]
            } else {
                vec![(v, y0), (v, y1)]
            };
            let s = chart
                .draw_series(DashedLineSeries::new(line, 6, 4, dashed))
                .map_err(fault)?;
            if !labelled {
                s.label("fallback")
                    .legend(move |(a, b)| PathElement::new(vec![(a - 8, b), (a + 8, b)], dashed));
                labelled = true;
            }
        }
    }

    // The frontier: a line when it is two parties' own, points when projected.
    if !f.frontier.is_empty() {
        let mut line: Vec<(f64, f64)> = f.frontier.iter().map(|u| (u[x], u[y])).collect();
        let frontier_style = style::FRONTIER.stroke_width(2);
        if f.parties.len() == 2 {
            line.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
            chart
                .draw_series(LineSeries::new(line.clone(), frontier_style))
                .map_err(fault)?
                .label("Pareto frontier")
                .legend(move |(a, b)| {
                    PathElement::new(vec![(a - 8, b), (a + 8, b)], frontier_style)
                });
            chart
                .draw_series(
                    line.iter()
                        .map(|&p| Circle::new(p, 3, style::FRONTIER.filled())),
                )
                .map_err(fault)?;
        } else {
            chart
                .draw_series(
                    line.iter()
                        .map(|&p| Circle::new(p, 3, style::FRONTIER.filled())),
                )
                .map_err(fault)?
                .label("Pareto frontier (projected)")
                .legend(|(a, b)| Circle::new((a, b), 3, style::FRONTIER.filled()));
        }
    }

    // The offers of a record, a line per proposer.
    let mut proposers: Vec<&str> = Vec::new();
    for o in &f.offers {
        if !proposers.contains(&o.from.as_str()) {
            proposers.push(&o.from);
        }
    }
    for (k, who) in proposers.iter().enumerate() {
        let colour = style::PROPOSERS[k % style::PROPOSERS.len()];
        let path: Vec<(f64, f64)> = f
            .offers
            .iter()
            .filter(|o| o.from == *who)
            .map(|o| (o.utilities[x], o.utilities[y]))
            .collect();
        chart
            .draw_series(LineSeries::new(
                path.clone(),
                colour.mix(0.7).stroke_width(1),
            ))
            .map_err(fault)?;
        chart
            .draw_series(
                path.iter().map(|&p| {
                    EmptyElement::at(p) + TriangleMarker::new((0, 0), 5, colour.filled())
                }),
            )
            .map_err(fault)?
            .label(format!("texts of {who}"))
            .legend(move |(a, b)| TriangleMarker::new((a, b), 5, colour.filled()));
    }

    // The bargaining points.
    let marks: [(RGBColor, u32); 4] = [
        (RGBColor(200, 30, 30), 7),
        (RGBColor(120, 40, 160), 6),
        (RGBColor(230, 140, 0), 6),
        (RGBColor(90, 60, 20), 6),
    ];
    // Nash last, so that it shows where solutions coincide.
    for (m, (colour, size)) in f.marked.iter().zip(marks).rev() {
        let p = (m.utilities[x], m.utilities[y]);
        chart
            .draw_series(std::iter::once(Cross::new(p, size, colour.stroke_width(3))))
            .map_err(fault)?
            .label(m.label)
            .legend(move |(a, b)| Cross::new((a, b), 5, colour.stroke_width(3)));
    }

    // The ending.
    match &f.ending {
        Some(Ending::Agreement { round, utilities }) => {
            let p = (utilities[x], utilities[y]);
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at(p)
                        + Circle::new((0, 0), 9, style::INK.stroke_width(3))
                        + Text::new(
                            format!("agreement, round {round}"),
                            (10, -18),
                            (FONT, style::SMALL),
                        ),
                ))
                .map_err(fault)?
                .label("agreement")
                .legend(|(a, b)| Circle::new((a, b), 5, style::INK.stroke_width(2)));
        }
        Some(Ending::NoDeal { round, .. }) => {
            // The talks end at the fallbacks: the disagreement point, where both are known.
            if let (Some(fx), Some(fy)) = (f.fallbacks[x], f.fallbacks[y]) {
                chart
                    .draw_series(std::iter::once(
                        EmptyElement::at((fx, fy))
                            + Cross::new((0, 0), 9, style::INK.stroke_width(3))
                            + Text::new(
                                format!("no agreement, round {round}"),
                                (10, 6),
                                (FONT, style::SMALL),
                            ),
                    ))
                    .map_err(fault)?
                    .label("no agreement: the fallbacks")
                    .legend(|(a, b)| Cross::new((a, b), 5, style::INK.stroke_width(2)));
            }
        }
        None => {}
    }

    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(style::FAINT)
        .label_font((FONT, style::SMALL))
        .draw()
        .map_err(fault)?;
    Ok(())
}
