//! The talks record: the event log every protocol emits.

use serde::Serialize;

/// One answer to a proposed text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Response {
    pub party: String,
    pub accept: bool,
    /// The party's utility of the text (undiscounted).
    pub utility: f64,
    /// What the party needed this round: the larger of its aspiration and its fallback, in
    /// undiscounted terms.
    pub threshold: f64,
    /// Own red lines the text crosses (by id).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub red_lines: Vec<String>,
    /// Issues the party objects to (by id).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objections: Vec<String>,
}

/// One entry of the record. Rounds count from 1; the caucus phase is round 0.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The mediator meets a party privately and learns what it discloses.
    Caucus {
        round: u32,
        mediator: String,
        party: String,
        /// When and where, from the scenario's timeline, if the meeting is there.
        #[serde(skip_serializing_if = "Option::is_none")]
        when: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        place: Option<String>,
        disclosed: Vec<String>,
    },
    /// The mediator puts a complete text on the table.
    Proposal {
        round: u32,
        from: String,
        /// Value id per issue, in issue order.
        text: Vec<(String, String)>,
        /// What the mediator changed since the last text (issue ids).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        revised: Vec<String>,
    },
    Answer {
        round: u32,
        #[serde(flatten)]
        response: Response,
    },
    Agreement {
        round: u32,
        text: Vec<(String, String)>,
    },
    Deadline {
        round: u32,
    },
    Breakdown {
        round: u32,
        reason: String,
    },
}

/// A round as a whole: the text and every answer, for compact display and JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Round {
    pub round: u32,
    pub text: Vec<(String, String)>,
    pub revised: Vec<String>,
    pub responses: Vec<Response>,
}
