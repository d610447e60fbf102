//! `pactum plot` end to end: valid SVG with the elements each figure promises, PNGs that decode
//! at the size asked for, the same bytes for the same input, and bad input refused with exit 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../../pactum-formats/tests/support/shared.rs"]
mod support;

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .output()
        .expect("run pactum")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-plot-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Draws `args` into `file` and returns its bytes.
fn plot(file: &Path, args: &[&str]) -> Vec<u8> {
    let mut all = vec!["plot"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", s(file)]);
    let o = pactum(&all);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    std::fs::read(file).unwrap()
}

/// The SVG parsed as XML (every event read without error), with its texts and element counts.
struct Svg {
    texts: Vec<String>,
    circles: usize,
    rects: usize,
    lines: usize,
}

fn svg(bytes: &[u8]) -> Svg {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(bytes).expect("SVG is UTF-8");
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut texts, mut circles, mut rects, mut lines) = (Vec::new(), 0, 0, 0);
    let mut root = None;
    let mut depth = 0i32;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                root.get_or_insert(name.clone());
                match name.as_str() {
                    "circle" => circles += 1,
                    "rect" => rects += 1,
                    "polyline" | "line" | "path" => lines += 1,
                    _ => {}
                }
                depth += 1;
            }
            Event::Text(t) => texts.push(t.xml10_content().into_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(depth > 0);
    assert_eq!(root.as_deref(), Some("svg"), "the root element is <svg>");
    Svg {
        texts,
        circles,
        rects,
        lines,
    }
}

impl Svg {
    fn has(&self, needle: &str) -> bool {
        self.texts.iter().any(|t| t.contains(needle))
    }
}

#[test]
fn the_flagships_space_shows_every_outcome_the_fallbacks_and_why_none_is_acceptable() {
    let dir = scratch("flagship");
    let bytes = plot(&dir.join("space.svg"), &[]);
    let svg = svg(&bytes);
    // 108 outcomes, each a circle (plus the legend's markers).
    assert!(svg.circles >= 108, "{} circles", svg.circles);
    for label in [
        "russia × ukraine",
        "utility of russia",
        "utility of ukraine",
        "across a red line",
        "fallback",
        "108 outcomes: 0 acceptable",
    ] {
        assert!(svg.has(label), "no `{label}` in {:?}", svg.texts);
    }
    // Relaxing the blocking red lines opens a zone: acceptable outcomes, a frontier, Nash.
    let relaxed = svg_of(&plot(
        &dir.join("relaxed.svg"),
        &[
            "--relax",
            "russia.all_of_donbas",
            "--relax",
            "ukraine.no_withdrawal",
        ],
    ));
    for label in ["acceptable to all", "Pareto frontier", "Nash"] {
        assert!(relaxed.has(label), "no `{label}` in {:?}", relaxed.texts);
    }
    assert!(relaxed.lines > svg.lines, "the frontier is drawn as a line");
}

fn svg_of(bytes: &[u8]) -> Svg {
    svg(bytes)
}

#[test]
fn three_negotiators_give_three_planes_with_the_projected_frontier() {
    let dir = scratch("three");
    let svg = svg(&plot(&dir.join("s.svg"), &["supply-contract"]));
    let captions: Vec<&String> = svg.texts.iter().filter(|t| t.contains(" × ")).collect();
    assert_eq!(captions.len(), 3, "{captions:?}");
    for label in [
        "Pareto frontier (projected)",
        "Nash",
        "Kalai–Smorodinsky",
        "egalitarian",
        "utilitarian",
    ] {
        assert!(svg.has(label), "no `{label}`");
    }
}

#[test]
fn a_record_draws_its_texts_on_the_space_and_its_rounds_on_the_trace() {
    let dir = scratch("record");
    let record = dir.join("talks.jsonl");
    let o = pactum(&[
        "talks",
        "car-purchase",
        "--protocol",
        "alternating",
        "--record",
        s(&record),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let space = svg(&plot(
        &dir.join("space.svg"),
        &["car-purchase", "--record", s(&record)],
    ));
    assert!(space.has("texts of buyer") && space.has("texts of dealer"));
    assert!(space.has("agreement"), "{:?}", space.texts);
    // From the record alone: what each party said of the texts it answered.
    let alone = svg(&plot(&dir.join("trace.svg"), &[s(&record)]));
    assert!(alone.has("buyer: utility") && alone.has("dealer: needed"));
    assert!(alone.has("round"));
    // With the scenario: every party's utility of every text, and the fallbacks.
    let known = svg(&plot(
        &dir.join("trace2.svg"),
        &[s(&record), "--scenario", "car-purchase"],
    ));
    assert!(known.has("buyer: fallback") && known.has("Buying a car"));
    // The record against the wrong scenario is refused, naming the round.
    let o = pactum(&[
        "plot",
        s(&record),
        "--scenario",
        "inheritance",
        "-o",
        s(&dir.join("x.svg")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not read against scenario `inheritance`"));
    assert!(!dir.join("x.svg").exists(), "nothing written");
}

#[test]
fn the_timeline_lists_the_reports_events_around_the_opening() {
    let dir = scratch("timeline");
    let svg = svg(&plot(&dir.join("t.svg"), &["--kind", "timeline"]));
    assert!(svg.has("talks open (day 0)"));
    assert!(svg.has("the mediator meets russia alone"));
    assert!(svg.has("undated"));
}

#[test]
fn a_tournament_draws_scores_with_intervals_and_a_head_to_head_map() {
    let dir = scratch("tournament");
    let db = dir.join("r.sqlite");
    let o = pactum(&[
        "tournament",
        "car-purchase",
        "--strategies",
        "boulware,conceder,linear",
        "--protocol",
        "alternating",
        "--db",
        s(&db),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = svg(&plot(&dir.join("t.svg"), &[s(&db)]));
    for label in [
        "boulware",
        "conceder",
        "linear",
        "95% CI",
        "against the column",
    ] {
        assert!(svg.has(label), "no `{label}` in {:?}", svg.texts);
    }
    // 3 bars and 9 cells at least.
    assert!(svg.rects >= 12, "{} rects", svg.rects);
}

#[test]
fn pngs_decode_at_the_size_asked_and_every_plot_is_the_same_bytes_twice() {
    let dir = scratch("png");
    let a = plot(&dir.join("a.png"), &["--size", "640x480"]);
    let b = plot(&dir.join("b.png"), &["--size", "640x480"]);
    assert_eq!(a, b, "same input, same bytes");
    let decoder = png::Decoder::new(std::io::Cursor::new(&a));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    assert_eq!((info.width, info.height), (640, 480));
    // Not blank: the picture has ink.
    let mut reader = png::Decoder::new(std::io::Cursor::new(&a))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut pixels).unwrap();
    let dark = pixels.chunks(3).filter(|p| p[0] < 100).count();
    assert!(dark > 1000, "{dark} dark pixels");
    for kind in ["space", "trace", "timeline"] {
        let x = plot(&dir.join(format!("{kind}1.svg")), &["--kind", kind]);
        let y = plot(&dir.join(format!("{kind}2.svg")), &["--kind", kind]);
        assert_eq!(x, y, "{kind}");
    }
}

#[test]
fn spaces_too_large_to_walk_are_sampled_by_seed() {
    let Some(dir) = support::shared(
        "domains/negmas-tests/anac/y2014/10issuesDiscountedwithRV",
        "spaces_too_large_to_walk_are_sampled_by_seed",
    ) else {
        return;
    };
    let out = scratch("sampled");
    let one = plot(&out.join("a.svg"), &[s(&dir), "--seed", "3"]);
    let again = plot(&out.join("b.svg"), &[s(&dir), "--seed", "3"]);
    let other = plot(&out.join("c.svg"), &[s(&dir), "--seed", "4"]);
    assert_eq!(one, again);
    assert_ne!(one, other, "another seed, another sample");
    let svg = svg(&one);
    assert!(
        svg.has("a seeded sample of 1048576 drawn"),
        "{:?}",
        svg.texts
    );
    assert!(svg.has("Pareto frontier"));
}

#[test]
fn bad_requests_are_refused_with_exit_2_and_nothing_written() {
    let dir = scratch("bad");
    let cases: &[(&[&str], &str)] = &[
        (&["-o", "x.gif"], "must end in .svg or .png"),
        (&["--size", "10x10", "-o", "x.svg"], "between 100 and 8000"),
        (&["--size", "big", "-o", "x.svg"], "expected WIDTHxHEIGHT"),
        (&["--kind", "tournament", "-o", "x.svg"], "results file"),
        (&["no-such-scenario", "-o", "x.svg"], "no-such-scenario"),
        (&["--relax", "nobody.nothing", "-o", "x.svg"], "nobody"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["plot"];
        all.extend_from_slice(args);
        let o = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(&all)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(expected),
            "{args:?}: {} lacks `{expected}`",
            stderr(&o)
        );
    }
    // A malformed record: file, line and column.
    let record = dir.join("bad.jsonl");
    std::fs::write(
        &record,
        "{\"event\":\"deadline\",\"round\":1}\n{\"event\": 3}\n",
    )
    .unwrap();
    let o = pactum(&["plot", s(&record), "-o", s(&dir.join("x.svg"))]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("bad.jsonl:2:"), "{}", stderr(&o));
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name() != "bad.jsonl")
        .collect();
    assert!(left.is_empty(), "nothing written: {left:?}");
}

/// A page to send must stand alone: no scripts, no sources or links to fetch, only the SVG
/// namespace as an address.
fn self_contained(html: &str) {
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.contains("<script"), "no scripts");
    for attr in ["src=", "href=\"http", "url("] {
        assert!(!html.contains(attr), "nothing fetched: found `{attr}`");
    }
    let addresses: Vec<&str> = html
        .match_indices("http")
        .map(|(k, _)| &html[k..(k + 40).min(html.len())])
        .filter(|a| !a.starts_with("http://www.w3.org/2000/svg"))
        .collect();
    assert!(addresses.is_empty(), "addresses: {addresses:?}");
}

#[test]
fn the_html_report_of_a_scenario_is_one_self_contained_page() {
    let dir = scratch("html");
    let page = dir.join("flagship.html");
    let o = pactum(&["report", "--html", s(&page)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    self_contained(&html);
    assert_eq!(html.matches("<svg").count(), 3, "space, trace, timeline");
    for needle in [
        "Briefing",
        "Is there a deal?",
        "What blocks a deal",
        "russia.all_of_donbas",
        "The talks",
        "Timeline",
        "Kostyukov",
    ] {
        assert!(html.contains(needle), "no `{needle}`");
    }
    // The same page twice.
    let again = dir.join("again.html");
    pactum(&["report", "--html", s(&again)]);
    assert_eq!(html, std::fs::read_to_string(&again).unwrap());
    // A tournament's page.
    let db = dir.join("r.sqlite");
    let o = pactum(&[
        "tournament",
        "inheritance",
        "--strategies",
        "boulware,conceder",
        "--protocol",
        "alternating",
        "--db",
        s(&db),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tour = dir.join("t.html");
    let o = pactum(&["report", s(&db), "--html", s(&tour)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&tour).unwrap();
    self_contained(&html);
    assert!(html.contains("<svg") && html.contains("boulware") && html.contains("Ranking"));
    // Refusals.
    let o = pactum(&["report", "--html", s(&dir.join("x.txt"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must end in .html"));
    let o = pactum(&["report", "car-purchase"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--html"), "{}", stderr(&o));
}

#[test]
fn the_readme_pictures_are_what_the_current_binary_draws() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = scratch("readme-pictures");
    let o = Command::new("bash")
        .arg(root.join("docs/pictures/make.sh"))
        .arg(&out)
        .env("PACTUM", env!("CARGO_BIN_EXE_pactum"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut compared = 0;
    for entry in std::fs::read_dir(&out).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let committed = root.join("docs/pictures").join(&name);
        assert_eq!(
            std::fs::read(entry.path()).unwrap(),
            std::fs::read(&committed).unwrap_or_default(),
            "{name} differs from the committed picture: run docs/pictures/make.sh and commit it"
        );
        assert!(
            readme.contains(&format!("docs/pictures/{name}")),
            "the README shows {name}"
        );
        compared += 1;
    }
    assert_eq!(compared, 5);
    // And every picture the README shows is one the script draws.
    for (k, _) in readme.match_indices("](docs/pictures/") {
        let rest = &readme[k + 2..];
        let path = &rest[..rest.find(')').unwrap()];
        assert!(
            out.join(Path::new(path).file_name().unwrap()).exists(),
            "the README shows {path}, which docs/pictures/make.sh does not draw"
        );
    }
}
