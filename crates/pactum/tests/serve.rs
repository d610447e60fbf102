//! `pactum serve` over real HTTP on loopback: the API answers as the CLI does, refuses what it
//! should with the right status, and goes on serving while a slow request is cut off.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output};

#[path = "support/server.rs"]
mod server;
#[path = "../../pactum-formats/tests/support/shared.rs"]
mod support;
use server::serve;

/// One HTTP/1.1 request; the status and the body.
fn request(addr: &str, method: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    // A server refusing a large body may close before reading it all.
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    let status: u16 = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(out.len(), |k| k + 4);
    (status, out[split..].to_vec())
}

fn post(addr: &str, path: &str, body: &Value) -> (u16, Value) {
    let (status, bytes) = request(addr, "POST", path, body.to_string().as_bytes());
    (
        status,
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| json!({"raw": String::from_utf8_lossy(&bytes).to_string()})),
    )
}

fn cli(args: &[&str]) -> Value {
    let o: Output = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn the_api_answers_as_the_cli_does() {
    let server = serve(&[]);
    let a = &server.addr;
    let (status, list) = post(a, "/api/scenarios", &json!({}));
    assert_eq!(status, 405, "GET only: {list}");
    let (status, body) = request(a, "GET", "/api/scenarios", b"");
    assert_eq!(status, 200);
    let list: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(list["default"], "abu-dhabi-trilateral");
    assert!(list["scenarios"].as_array().unwrap().len() >= 5);

    let (status, analysis) = post(
        a,
        "/api/analyze",
        &json!({"scenario": {"name": "abu-dhabi-trilateral"}, "relax": ["russia.all_of_donbas"]}),
    );
    assert_eq!(status, 200, "{analysis}");
    assert_eq!(
        analysis,
        cli(&[
            "analyze",
            "--format",
            "json",
            "--relax",
            "russia.all_of_donbas"
        ])
    );
    // A changed fallback is the same as that scenario's analysis: Russia at 0.6 shrinks the zone.
    let (_, changed) = post(
        a,
        "/api/analyze",
        &json!({"scenario": {"name": "abu-dhabi-trilateral"}, "relax": ["russia.all_of_donbas"],
                "set": [{"party": "russia", "fallback": 0.6}]}),
    );
    assert!(
        changed["acceptable"].as_u64().unwrap() < 18,
        "{}",
        changed["acceptable"]
    );

    let (status, talks) = post(
        a,
        "/api/talks",
        &json!({"scenario": {"name": "car-purchase"}, "protocol": "alternating", "seed": 3}),
    );
    assert_eq!(status, 200, "{talks}");
    assert_eq!(
        talks,
        cli(&[
            "talks",
            "car-purchase",
            "--protocol",
            "alternating",
            "--seed",
            "3",
            "--format",
            "json"
        ])
    );
    let (_, valued) = post(
        a,
        "/api/talks",
        &json!({"scenario": {"name": "car-purchase"}, "protocol": "alternating", "seed": 3, "valued": true}),
    );
    let offers = valued["offers"].as_array().unwrap();
    let proposals = talks["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "proposal")
        .count();
    assert_eq!(offers.len(), proposals);

    let (status, plane) = post(
        a,
        "/api/plane",
        &json!({"scenario": {"name": "car-purchase"}}),
    );
    assert_eq!(status, 200);
    let counts = &plane["counts"];
    let total = counts["acceptable"].as_u64().unwrap()
        + counts["below_fallback"].as_u64().unwrap()
        + counts["across_red_line"].as_u64().unwrap();
    assert_eq!(total, 1224);
    let (status, page) = request(a, "GET", "/", b"");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("<script src=\"/app.js\""));
}

#[test]
fn bad_requests_get_the_status_and_the_diagnostics_the_cli_shows() {
    let server = serve(&["--body-limit", "1"]);
    let a = &server.addr;
    // A malformed scenario: 400 with file, line and column.
    let (status, e) = post(
        a,
        "/api/analyze",
        &json!({"scenario": {"files": [{"name": "broken.toml", "text": "[scenario]\nid = \"x\"\ntitle = 3\n"}]}}),
    );
    assert_eq!(status, 400, "{e}");
    let d = e["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`title`"))
        .unwrap_or_else(|| panic!("no diagnostic of `title`: {e}"));
    assert_eq!(d["file"], "broken.toml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(9))
    );
    assert!(e["error"].as_str().unwrap().contains("broken.toml:3:9"));
    // A body that is not the request: the field and where.
    let (status, e) = post(a, "/api/analyze", &json!({"scenari": {}}));
    assert_eq!(status, 400);
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("unknown field `scenari`")
    );
    let (status, _) = request(a, "POST", "/api/analyze", b"{not json");
    assert_eq!(status, 400);
    // Over the body limit (1 MiB here): 413.
    let big = vec![b' '; 2 << 20];
    let (status, _) = request(a, "POST", "/api/analyze", &big);
    assert_eq!(status, 413);
    // Well-formed but unanswerable: 422 naming what is wrong.
    let (status, e) = post(
        a,
        "/api/analyze",
        &json!({"scenario": {"name": "abu-dhabi-trilateral"}, "relax": ["nobody.nothing"]}),
    );
    assert_eq!(status, 422, "{e}");
    assert!(e["error"].as_str().unwrap().contains("nobody"));
    let (status, e) = post(
        a,
        "/api/talks",
        &json!({"scenario": {"name": "car-purchase"}, "protocol": "alternating", "strategies": {"buyer": "exec:sh -c 'touch /tmp/x'"}}),
    );
    assert_eq!(status, 400);
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("would start a program")
    );
    let (status, e) = post(
        a,
        "/api/analyze",
        &json!({"scenario": {"name": "car-purchase"}, "set": [{"party": "buyer", "issue": "price", "weight": -1}]}),
    );
    assert_eq!(status, 400, "{e}");
    let (status, _) = request(a, "GET", "/no/such/thing", b"");
    assert_eq!(status, 404);
}

#[test]
fn a_space_too_large_is_refused_and_a_slow_answer_is_cut_off_while_others_are_served() {
    let Some(dir) = support::shared(
        "domains/negmas-tests/anac/y2014/10issuesDiscountedwithRV",
        "a_space_too_large_is_refused",
    ) else {
        return;
    };
    let server = serve(&["--time-limit", "0.05"]);
    let a = &server.addr;
    let name = dir.to_str().unwrap();
    // The talks prepare a bounded number of outcomes: 10^10 is refused with its size.
    let (status, e) = post(
        a,
        "/api/talks",
        &json!({"scenario": {"name": name}, "protocol": "alternating"}),
    );
    assert!(status == 422 || status == 503, "{status} {e}");
    if status == 422 {
        assert!(e["error"].as_str().unwrap().contains("outcomes"), "{e}");
    }
    // The plane of 10^10 outcomes samples 2^20 of them: more than 0.05 s here.
    let (status, e) = post(a, "/api/plane", &json!({"scenario": {"name": name}}));
    assert_eq!(status, 503, "{e}");
    assert!(e["error"].as_str().unwrap().contains("longer than 0.05 s"));
    // The server goes on answering.
    let (status, _) = request(a, "GET", "/api/scenarios", b"");
    assert_eq!(status, 200);
    let (status, _) = post(
        a,
        "/api/analyze",
        &json!({"scenario": {"name": "inheritance"}}),
    );
    assert_eq!(status, 200);
}

#[test]
fn a_what_if_on_a_million_outcomes_answers_within_a_second() {
    let Some(dir) = support::shared(
        "reference/negmas-0.16/opp_p3_i6_v10_s3",
        "a_what_if_on_a_million_outcomes_answers_within_a_second",
    ) else {
        return;
    };
    let server = serve(&[]);
    let a = &server.addr;
    let name = dir.to_str().unwrap();
    for relax in [json!([]), json!(["party1.fallback"])] {
        let body = json!({"scenario": {"name": name}, "relax": relax});
        let started = std::time::Instant::now();
        let (s1, analysis) = post(a, "/api/analyze", &body);
        let (s2, plane) = post(a, "/api/plane", &body);
        let took = started.elapsed();
        assert_eq!((s1, s2), (200, 200), "{analysis} {plane}");
        assert_eq!(plane["outcomes"], "1000000");
        assert!(
            took.as_secs_f64() < 1.0,
            "analysis and plane of 10^6 outcomes took {took:?}"
        );
        eprintln!("10^6 outcomes, relax {relax}: {took:?} for /api/analyze and /api/plane");
    }
}
