//! `pactum report … --html FILE.html`: one self-contained page to send to a principal — the
//! briefing, the analysis, the pictures and the talks of a scenario, or a tournament's ranking
//! and pictures. Styles and pictures (SVG) are inline; nothing is fetched from anywhere.

use crate::run_talks::{self, TalksArgs};
use crate::{Failure, bad_analysis, source};
use pactum_core::analysis;
use pactum_formats::output;
use pactum_plot::figure::{self, Figure};
use pactum_plot::{Format, default_size, render};

const STYLE: &str = "body{font:15px/1.45 'DejaVu Sans',system-ui,sans-serif;color:#1e1e1e;max-width:1200px;margin:1.5rem auto;padding:0 1rem}\
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}\
pre{font:12.5px/1.35 'DejaVu Sans Mono',monospace;white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:.6rem}\
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{color:#666;font-size:.9rem}\
nav a{margin-right:1rem}";

/// `text` safe inside HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn svg(figure: &Figure) -> Result<String, Failure> {
    let bytes = render(figure, Format::Svg, default_size(figure))
        .map_err(|e| Failure::Internal(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| Failure::Internal(e.to_string()))?;
    // Inline SVG needs no XML declaration.
    Ok(match text.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map_or(text.clone(), |(_, s)| s.to_string()),
        None => text,
    })
}

fn page(title: &str, sections: &[(&str, String)]) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<nav>",
        escape(title),
        escape(title)
    );
    for (k, (heading, _)) in sections.iter().enumerate() {
        out.push_str(&format!("<a href=\"#s{k}\">{}</a>", escape(heading)));
    }
    out.push_str("</nav>\n");
    for (k, (heading, body)) in sections.iter().enumerate() {
        out.push_str(&format!(
            "<section id=\"s{k}\">\n<h2>{}</h2>\n{body}\n</section>\n",
            escape(heading)
        ));
    }
    out.push_str(&format!(
        "<footer><p>Written by pactum {}: every number above is the engine's, on the scenario as given.</p></footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    ));
    out
}

fn figure_html(svg: String, caption: &str) -> String {
    format!(
        "<figure>{svg}<figcaption>{}</figcaption></figure>",
        escape(caption)
    )
}

fn pre(text: &str) -> String {
    format!("<pre>{}</pre>", escape(text))
}

/// The page of a scenario: briefing, analysis with the utility space, the talks with their
/// trace, the timeline.
pub fn scenario(name: Option<String>, relax: &[String]) -> Result<String, Failure> {
    let args = source::ScenarioArgs {
        scenario: name.clone(),
        ..Default::default()
    };
    let s = source::load(&args, true).map_err(Failure::BadInput)?;
    let options = analysis::pipeline::Options {
        relax: relax.to_vec(),
        ..Default::default()
    };
    let report = analysis::pipeline::analyze(&s, &options).map_err(bad_analysis)?;
    let analysis_text = crate::report::analysis(&s, &output::Analysis::of(&report, Some(20)));
    let talks_args = TalksArgs {
        source: args.clone(),
        relax: relax.to_vec(),
        quiet: true,
        ..Default::default()
    };
    let talks_text = run_talks::run(TalksArgs {
        source: args.clone(),
        relax: relax.to_vec(),
        quiet: true,
        ..Default::default()
    })?;
    let (_, events) = run_talks::record_of(&s, &talks_args)?;
    let plane = analysis::plane::plane(&report.problem, 1);
    let space =
        Figure::Space(figure::space(&s, &report, plane, Some(&events)).map_err(Failure::Internal)?);
    let trace = Figure::Trace(
        figure::trace(&s.title, Some((&s, &report.problem)), &events).map_err(Failure::Internal)?,
    );
    let timeline = Figure::Timeline(figure::timeline(&s));
    let sections = vec![
        ("Briefing", pre(&crate::briefing::render(&s))),
        (
            "Is there a deal?",
            figure_html(
                svg(&space)?,
                "Every outcome by what the constraints in force say of it, the Pareto frontier, the bargaining solutions, the fallbacks, and the texts of the talks below.",
            ) + &pre(&analysis_text),
        ),
        (
            "The talks",
            figure_html(
                svg(&trace)?,
                "Each party's utility of the text on the table, what it needed each round, and its fallback.",
            ) + &pre(&talks_text),
        ),
        (
            "Timeline",
            figure_html(svg(&timeline)?, "The events before and during the talks."),
        ),
    ];
    Ok(page(&s.title, &sections))
}

/// The page of a tournament: the ranking and the head-to-head map, and the text report.
pub fn tournament(db: &str, text: &str) -> Result<String, Failure> {
    let results = crate::tournament::results(db)?;
    let report = crate::tournament::document(&results)?;
    let t = crate::plot::tournament_figure(db, &results, &report);
    let name = t.title.clone();
    let fig = Figure::Tournament(t);
    let sections = vec![
        (
            "Ranking",
            figure_html(
                svg(&fig)?,
                "Mean utility with its 95% confidence interval; what the row strategy got against the column strategy.",
            ),
        ),
        ("Report", pre(text)),
    ];
    Ok(page(&format!("Tournament {name}"), &sections))
}
