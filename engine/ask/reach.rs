//! Who can answer: the chance that the person at hand answers a question, from what the fact
//! says (`known`: they know it without running anything; its route: asking the user, a check on
//! the client, on the server, at its console) and from what this session's answers tell about
//! what this person can reach: after a "don't know" to a console check, console checks lose weight.

use super::Answered;
use crate::kb::{AnsweredBy, Fact};
use crate::program::Program;

/// Where finding a fact out takes the person who does not know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Ask the user who saw it.
    User,
    /// Run a check on the client.
    Client,
    /// Run a check on the server (admin rights, remote access).
    Server,
    /// Run a check at the server's console.
    Console,
    /// Only `fixplan probe` or a collector measures it.
    Probe,
}

impl Route {
    pub fn of(f: &Fact) -> Self {
        match f.answered_by {
            AnsweredBy::User => Self::User,
            AnsweredBy::Client => Self::Client,
            AnsweredBy::Server if f.cost.console => Self::Console,
            AnsweredBy::Server => Self::Server,
            AnsweredBy::Probe => Self::Probe,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::User => "asking the user",
            Self::Client => "a check on the client",
            Self::Server => "a check on the server",
            Self::Console => "a check at the server's console",
            Self::Probe => "a network probe",
        }
    }

    fn slot(self) -> Option<usize> {
        match self {
            Self::User => Some(0),
            Self::Client => Some(1),
            Self::Server => Some(2),
            Self::Console => Some(3),
            Self::Probe => None,
        }
    }
}

/// Beta counts, per route, of this person finding a fact out when they do not know it.
#[derive(Clone, Debug)]
pub struct Reach {
    found: [f64; 4],
    not_found: [f64; 4],
}

impl Reach {
    /// The knowledge base's prior chances (`settings.ask_can_run`), updated by `history`.
    pub fn learn(p: &Program, history: &[Answered]) -> Self {
        let s = &p.kb.settings.ask_can_run;
        let prior = [s.user, s.client, s.server, s.console];
        let mut r = Self { found: prior.map(|x| x * s.weight), not_found: prior.map(|x| (1.0 - x) * s.weight) };
        for a in history {
            let fact = &p.kb.facts[a.fact];
            let route = Route::of(fact);
            // The routes are rungs: a person who cannot run a check on the client will not run one
            // on the server or at its console either, and one who reached the console reached
            // the server. So a "don't know" counts on its rung and every harder one, an answer
            // on its rung and every easier check rung.
            let rungs = match (route, a.value.is_some()) {
                (Route::Client, false) => vec![Route::Client, Route::Server, Route::Console],
                (Route::Server, false) => vec![Route::Server, Route::Console],
                (Route::Server, true) => vec![Route::Server, Route::Client],
                (Route::Console, true) => vec![Route::Console, Route::Server, Route::Client],
                (route, _) => vec![route],
            };
            for slot in rungs.iter().filter_map(|r| r.slot()) {
                if a.value.is_some() {
                    // The answer came from running the check with the chance that the person
                    // did not simply know it.
                    let (k, run) = (fact.known, r.mean(slot));
                    let answered = k + (1.0 - k) * run;
                    if answered > 0.0 {
                        r.found[slot] += (1.0 - k) * run / answered;
                    }
                } else {
                    // "Don't know": they neither knew it nor could find it out.
                    r.not_found[slot] += 1.0;
                }
            }
        }
        r
    }

    fn mean(&self, slot: usize) -> f64 {
        let n = self.found[slot] + self.not_found[slot];
        if n > 0.0 {
            self.found[slot] / n
        } else {
            0.0
        }
    }

    /// The chance that someone who does not know a fact on `route` finds it out.
    pub fn can_find_out(&self, route: Route) -> f64 {
        route.slot().map_or(0.0, |s| self.mean(s))
    }

    /// For fact `f`: the chance of an answer, and the chance that getting it means running the
    /// check (the person did not know it already).
    pub fn chances(&self, p: &Program, f: usize) -> (f64, f64) {
        let fact = &p.kb.facts[f];
        let runs = (1.0 - fact.known) * self.can_find_out(Route::of(fact));
        (fact.known + runs, runs)
    }

    /// `chances` for every fact of the knowledge base.
    pub fn all(&self, p: &Program) -> crate::plan::Answerable {
        let (answer, runs) = (0..p.kb.facts.len()).map(|f| self.chances(p, f)).unzip();
        crate::plan::Answerable { answer, runs }
    }
}
