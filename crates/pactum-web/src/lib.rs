//! `pactum serve`: a local web app for the mediator in the room, and the JSON API it uses.
//!
//! The server binds 127.0.0.1 only and embeds its page (`assets/`), so it works without a
//! network. Every answer is computed on a blocking thread under a time limit, at most
//! [`Limits::concurrent`] at a time; a request over the body limit gets 413, a malformed body
//! or scenario 400 with the same diagnostics the CLI prints, a question the engine cannot
//! answer (a space too large, an unknown red line) 422, a busy server or a slow answer 503. A
//! panic in the engine is a 500 for that request alone: the server goes on serving.

pub mod api;
pub mod request;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use request::Refusal;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

const INDEX: &str = include_str!("../assets/index.html");
const SCRIPT: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/app.css");

/// How much the server takes on.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest request body (a GENIUS domain with its profiles is a few hundred KB).
    pub body_bytes: usize,
    /// Longest an answer may take.
    pub seconds: f64,
    /// Answers computed at once; more get 503 at once rather than queueing behind a slow one.
    pub concurrent: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 16 << 20,
            seconds: 20.0,
            concurrent: 4,
        }
    }
}

/// What the server knows.
pub struct Served {
    /// The scenario named on the command line, opened first by the page.
    pub scenario: Option<String>,
    pub limits: Limits,
    permits: Semaphore,
}

impl Served {
    pub fn new(scenario: Option<String>, limits: Limits) -> Arc<Served> {
        Arc::new(Served {
            scenario,
            limits,
            permits: Semaphore::new(limits.concurrent.max(1)),
        })
    }
}

/// The app's routes.
pub fn router(served: Arc<Served>) -> Router {
    let limit = served.limits.body_bytes;
    Router::new()
        .route(
            "/",
            get(|| async { page(INDEX, "text/html; charset=utf-8") }),
        )
        .route(
            "/app.js",
            get(|| async { page(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/app.css",
            get(|| async { page(STYLE, "text/css; charset=utf-8") }),
        )
        .route("/api/scenarios", get(scenarios))
        .route("/api/scenario", post(scenario))
        .route("/api/analyze", post(analyze))
        .route("/api/plane", post(plane))
        .route("/api/talks", post(talks))
        .fallback(|| async { failure(StatusCode::NOT_FOUND, "no such page or API".into(), None) })
        .layer(DefaultBodyLimit::max(limit))
        .with_state(served)
}

fn page(body: &'static str, kind: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            // Nothing from elsewhere: the page is whole in itself.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'",
            ),
        ],
        body,
    )
        .into_response()
}

fn failure(status: StatusCode, message: String, diagnostics: Option<Value>) -> Response {
    let mut body = json!({"error": message});
    if let Some(d) = diagnostics {
        body["diagnostics"] = d;
    }
    (status, axum::Json(body)).into_response()
}

fn refused(r: Refusal) -> Response {
    match r {
        Refusal::Scenario {
            message,
            diagnostics,
        } => failure(
            StatusCode::BAD_REQUEST,
            message,
            Some(serde_json::to_value(diagnostics).unwrap_or(Value::Null)),
        ),
        Refusal::Bad(m) => failure(StatusCode::BAD_REQUEST, m, None),
        Refusal::Unanswerable(m) => failure(StatusCode::UNPROCESSABLE_ENTITY, m, None),
    }
}

/// The body read as `T`, or a 400 naming the line, column and what serde expected.
fn body<T: serde::de::DeserializeOwned>(bytes: &Bytes) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "the request body, line {} column {}: {e}",
            e.line(),
            e.column()
        )
    })
}

fn malformed(message: String) -> Response {
    failure(StatusCode::BAD_REQUEST, message, None)
}

/// Runs `work` on a blocking thread under the limits; its panic is this request's 500.
async fn compute(
    served: &Served,
    work: impl FnOnce() -> Result<Value, Refusal> + Send + 'static,
) -> Response {
    let Ok(_permit) = served.permits.try_acquire() else {
        return failure(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the server is answering {} requests already; try again in a moment",
                served.limits.concurrent
            ),
            None,
        );
    };
    let seconds = served.limits.seconds;
    let task = tokio::task::spawn_blocking(work);
    match tokio::time::timeout(Duration::from_secs_f64(seconds), task).await {
        Err(_) => failure(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the answer took longer than {seconds} s; fix an issue (`fix`) or relax fewer constraints to make the space smaller"
            ),
            None,
        ),
        Ok(Err(_)) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            "pactum failed on this request (a panic); please report it with the request".into(),
            None,
        ),
        Ok(Ok(Err(r))) => refused(r),
        Ok(Ok(Ok(v))) => axum::Json(v).into_response(),
    }
}

async fn scenarios(State(served): State<Arc<Served>>) -> Response {
    axum::Json(api::scenarios(served.scenario.as_deref())).into_response()
}

async fn scenario(State(served): State<Arc<Served>>, bytes: Bytes) -> Response {
    match body::<request::WhatIf>(&bytes) {
        Ok(b) => compute(&served, move || api::scenario(&b)).await,
        Err(m) => malformed(m),
    }
}

async fn analyze(State(served): State<Arc<Served>>, bytes: Bytes) -> Response {
    match body::<request::WhatIf>(&bytes) {
        Ok(b) => compute(&served, move || api::analyze(&b)).await,
        Err(m) => malformed(m),
    }
}

async fn plane(State(served): State<Arc<Served>>, bytes: Bytes) -> Response {
    match body::<request::WhatIf>(&bytes) {
        Ok(b) => compute(&served, move || api::plane(&b, 1)).await,
        Err(m) => malformed(m),
    }
}

async fn talks(State(served): State<Arc<Served>>, bytes: Bytes) -> Response {
    match body::<request::TalksRequest>(&bytes) {
        Ok(b) => compute(&served, move || api::talks(&b)).await,
        Err(m) => malformed(m),
    }
}

/// Serves on 127.0.0.1:`port` (0: a free port) until the process ends; `ready` is told the
/// URL once the socket listens.
pub fn run(port: u16, served: Arc<Served>, ready: impl FnOnce(&str)) -> Result<(), std::io::Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        let url = format!("http://{}/", listener.local_addr()?);
        ready(&url);
        axum::serve(listener, router(served)).await
    })
}
