//! `timeline`: the scenario's events before and during the talks, one row each, placed on a
//! day axis where the source lets them be placed (day 0 opens the talks).

use crate::figure::TimelineFigure;
use crate::style::{self, FONT};
use crate::{PlotError, fault};
use plotters::coord::Shift;
use plotters::prelude::*;

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    f: &TimelineFigure,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let (width, _) = root.dim_in_pixel();
    root.draw(&Text::new(
        style::cut(
            &format!("Timeline — {}", f.title),
            style::chars_for(width, style::TITLE),
        ),
        (16, 10),
        (FONT, style::TITLE).into_font().color(&style::INK),
    ))
    .map_err(fault)?;
    if f.moments.is_empty() {
        root.draw(&Text::new(
            "the scenario records no events",
            (16, 50),
            (FONT, style::CAPTION).into_font().color(&style::FAINT),
        ))
        .map_err(fault)?;
        return Ok(());
    }
    let days: Vec<i64> = f.moments.iter().filter_map(|m| m.day).collect();
    let first = days.iter().copied().min().unwrap_or(0).min(0);
    let last = days.iter().copied().max().unwrap_or(0).max(0);
    // The day axis takes the left third; the words the rest.
    let (axis_left, axis_right) = (30i32, (width as i32 / 3).max(200));
    let x_of = |day: i64| {
        if last == first {
            (axis_left + axis_right) / 2
        } else {
            axis_left
                + ((day - first) as f64 / (last - first) as f64 * f64::from(axis_right - axis_left))
                    as i32
        }
    };
    let top = 64;
    let row = 40;
    let bottom = top + row * f.moments.len() as i32;
    // Day 0: the talks open.
    let zero = x_of(0);
    root.draw(&PathElement::new(
        vec![(zero, top - 10), (zero, bottom)],
        style::FAINT.stroke_width(1),
    ))
    .map_err(fault)?;
    root.draw(&Text::new(
        "talks open (day 0)",
        (zero + 4, top - 22),
        (FONT, style::SMALL).into_font().color(&style::FAINT),
    ))
    .map_err(fault)?;
    // Day ticks: every day when there are few, else the ends and day 0.
    let ticks: Vec<i64> = if last - first <= 10 {
        (first..=last).collect()
    } else {
        vec![first, 0, last]
    };
    for day in ticks {
        let x = x_of(day);
        root.draw(&PathElement::new(
            vec![(x, bottom), (x, bottom + 5)],
            style::FAINT.stroke_width(1),
        ))
        .map_err(fault)?;
        root.draw(&Text::new(
            format!("{day}"),
            (x - 4, bottom + 8),
            (FONT, style::SMALL).into_font().color(&style::FAINT),
        ))
        .map_err(fault)?;
    }
    root.draw(&Text::new(
        "day",
        (axis_left, bottom + 24),
        (FONT, style::SMALL).into_font().color(&style::FAINT),
    ))
    .map_err(fault)?;
    let chars = style::chars_for(
        (width as i32 - axis_right - 24).max(100) as u32,
        style::LABEL,
    );
    for (k, m) in f.moments.iter().enumerate() {
        let y = top + row * k as i32 + row / 2;
        let colour = if m.caucus.is_some() {
            style::series(1)
        } else {
            style::series(0)
        };
        match m.day {
            Some(day) => {
                let x = x_of(day);
                root.draw(&PathElement::new(
                    vec![(x, y), (axis_right + 10, y)],
                    RGBColor(220, 220, 220).stroke_width(1),
                ))
                .map_err(fault)?;
                root.draw(&Circle::new((x, y), 6, colour.filled()))
                    .map_err(fault)?;
            }
            None => {
                root.draw(&Text::new(
                    "undated",
                    (axis_left, y - 7),
                    (FONT, style::SMALL).into_font().color(&style::FAINT),
                ))
                .map_err(fault)?;
            }
        }
        let mut words = m.when.clone();
        if let Some(p) = &m.caucus {
            words.push_str(&format!(" — the mediator meets {p} alone"));
        }
        words.push_str(": ");
        words.push_str(&m.summary);
        let lines = style::wrap(&words, chars, 2);
        let first_y = if lines.len() > 1 { y - 17 } else { y - 8 };
        for (k, line) in lines.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (axis_right + 16, first_y + 17 * k as i32),
                (FONT, style::LABEL).into_font().color(&style::INK),
            ))
            .map_err(fault)?;
        }
    }
    Ok(())
}
