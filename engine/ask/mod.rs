//! The state of an interactive troubleshooting session: what is known, what was asked in which
//! order, and which question is worth asking next. No input or output happens here.

pub mod answer;
pub mod file;
pub mod reach;

use crate::check::Program;
use crate::facts::Incident;
use crate::infer::{evaluate, Evaluation};
use crate::plan::{self, Step};
use crate::render::{self, Report};
use crate::value::Value;

pub use answer::{parse, Input};

/// One answer given in the session; `None` is "don't know".
#[derive(Clone, Debug, PartialEq)]
pub struct Answered {
    pub fact: usize,
    pub value: Option<Value>,
}

/// The next question: the fact to ask, what its answers would do, and its expected information.
#[derive(Clone, Debug)]
pub struct Question {
    pub fact: usize,
    pub step: Step,
    /// Expected reduction of the uncertainty about the cause, in bits.
    pub bits: f64,
    /// The later question whose answer these bits count together with this one's, if any.
    pub partner: Option<usize>,
    /// The chance that the person at hand answers it (`reach`).
    pub chance: f64,
}

/// Why a session stops asking, for the person and for the result: what the stop rested on.
#[derive(Clone, Debug)]
pub struct Stop {
    /// `confident`: the leading cause is likely and well supported; `nothing_worth_asking`: no
    /// question left is worth its time (or none is left); `stopped`: the person stopped while a
    /// question was still worth asking.
    pub reason: &'static str,
    /// The leading cause and its probability, if any cause leads.
    pub lead: Option<(usize, f64)>,
    /// The fired rules that raise the leading cause's odds, with their ratios.
    pub rests_on: Vec<(usize, f64)>,
    /// One sentence saying all of that.
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Session {
    /// Every known value: the facts the session started from plus the answers.
    pub incident: Incident,
    /// Answers given in this session, in order (what `back` takes back).
    pub history: Vec<Answered>,
    /// Where the starting facts came from, if anywhere.
    pub facts_from: Option<String>,
    /// When the session started (RFC 3339, UTC).
    pub started_at: String,
}

impl Session {
    /// A session that starts from `incident`'s facts (all unknown for a fresh one).
    pub fn new(incident: Incident, facts_from: Option<String>) -> Self {
        Self { incident, history: Vec::new(), facts_from, started_at: crate::output::timestamp() }
    }

    pub fn evaluation(&self, p: &Program) -> Evaluation {
        evaluate(p, &self.incident.values)
    }

    /// Facts not to ask again: those answered "don't know".
    fn skipped(&self, p: &Program) -> Vec<bool> {
        let mut skip = vec![false; p.kb.facts.len()];
        for a in self.history.iter().filter(|a| a.value.is_none()) {
            skip[a.fact] = true;
        }
        skip
    }

    /// The question most worth its cost now, or `None` when none is (time to show the plan).
    /// Also `None` once the leading cause reaches `settings.ask_confident_at` (see `confident`).
    pub fn next(&self, p: &Program, ev: &Evaluation) -> Option<Question> {
        if self.confident(p, ev).is_some() {
            return None;
        }
        let who = reach::Reach::learn(p, &self.history).all(p);
        plan::next_question(p, ev, &self.incident.values, &self.skipped(p), &who).map(|(step, bits, partner)| {
            Question { fact: step.target, chance: who.answer[step.target], step, bits, partner }
        })
    }

    /// The leading cause and its probability when it reaches `settings.ask_confident_at` and
    /// rests on more than one weak observation (its supporting ratios multiply to at least
    /// `settings.ask_stop_support`): the plan's first steps then test it. A lead that one weak
    /// rule gave, or that only the prior and rule-outs gave, keeps the questions going.
    pub fn confident(&self, p: &Program, ev: &Evaluation) -> Option<(usize, f64)> {
        let lead = *ev.ranking(p).first()?;
        let support: f64 = support(ev, lead).iter().map(|&(_, r)| r).product();
        (ev.probabilities[lead] >= p.kb.settings.ask_confident_at && support >= p.kb.settings.ask_stop_support)
            .then_some((lead, ev.probabilities[lead]))
    }

    /// Why the session stops now.
    pub fn stop(&self, p: &Program, ev: &Evaluation) -> Stop {
        let lead = ev.ranking(p).first().map(|&c| (c, ev.probabilities[c]));
        let rests_on = lead.map_or_else(Vec::new, |(c, _)| support(ev, c));
        let evidence = if rests_on.is_empty() {
            "no rule that fired supports it (only its prior and what was ruled out)".to_string()
        } else {
            let rules: Vec<String> = rests_on.iter().map(|&(r, x)| format!("`{}` ×{x}", p.rules[r].id)).collect();
            format!("it rests on {}", rules.join(", "))
        };
        let (reason, text) = match (self.confident(p, ev), lead) {
            (None, lead) if self.next(p, ev).is_some() => (
                "stopped",
                match lead {
                    Some((c, pr)) => format!(
                        "Stopped while questions were left; `{}` leads at {:.0}% and {evidence}",
                        p.kb.causes[c].id,
                        pr * 100.0
                    ),
                    None => "Stopped while questions were left".to_string(),
                },
            ),
            (Some((c, pr)), _) => (
                "confident",
                format!(
                    "`{}` leads at {:.0}%, enough to start on the plan, which tests it first; {evidence}",
                    p.kb.causes[c].id,
                    pr * 100.0
                ),
            ),
            (None, Some((c, pr))) => (
                "nothing_worth_asking",
                format!(
                    "No question left is worth its time; `{}` leads at {:.0}% and {evidence}",
                    p.kb.causes[c].id,
                    pr * 100.0
                ),
            ),
            (None, None) => ("nothing_worth_asking", "No question left is worth its time".to_string()),
        };
        Stop { reason, lead, rests_on, text }
    }

    pub fn answer(&mut self, fact: usize, value: Option<Value>) {
        self.incident.values[fact] = value.clone();
        self.history.push(Answered { fact, value });
    }

    /// Takes back the last answer; returns its fact, or `None` when nothing was answered yet.
    pub fn back(&mut self) -> Option<usize> {
        let last = self.history.pop()?;
        self.incident.values[last.fact] = None;
        Some(last.fact)
    }

    /// The report of the session so far: causes, evidence and the plan, as `eval` gives them.
    pub fn report(&self, p: &Program) -> Report {
        let ev = self.evaluation(p);
        let plan = plan::rank(p, &ev, &self.incident.values);
        render::build(p, &self.incident, &ev, &plan)
    }

    /// Questions answered so far (with "don't know" counted).
    pub fn asked(&self) -> usize {
        self.history.len()
    }
}

/// The fired rules that raise `cause`'s odds, with their ratios, strongest first.
pub fn support(ev: &Evaluation, cause: usize) -> Vec<(usize, f64)> {
    let mut out: Vec<(usize, f64)> =
        ev.contributions[cause].iter().filter(|c| c.ratio > 1.0).map(|c| (c.rule, c.ratio)).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The leading causes, most probable first: (cause index, probability).
pub fn leading(p: &Program, ev: &Evaluation, n: usize) -> Vec<(usize, f64)> {
    ev.ranking(p).into_iter().take(n).map(|c| (c, ev.probabilities[c])).collect()
}

/// Why a question is asked: what it may save against what it costs, and which causes its
/// answers separate.
pub fn why(p: &Program, q: &Question) -> String {
    let fact = &p.kb.facts[q.fact];
    let step = &q.step;
    let together =
        q.partner.map_or(String::new(), |f| format!(" together with a later question on `{}`", p.kb.facts[f].id));
    let route = reach::Route::of(fact);
    let mut out = format!(
        "An answer is expected with chance {:.0}%: the person reporting knows it with chance {:.0}%, else it takes {}.\n",
        q.chance * 100.0,
        fact.known * 100.0,
        route.name()
    );
    out += &format!(
        "Asking `{}` costs about {:.0} min. Its answer is expected to save {:.1} min of trying fixes and to narrow the causes by {:.2} bits{together} (worth {:.1} min more in later questions).\n",
        fact.id,
        step.cost_minutes,
        step.saving,
        q.bits,
        q.bits * p.kb.settings.ask_minutes_per_bit
    );
    if let Some((condition, _)) = &fact.ask_if {
        out.push_str(&format!("It follows up on an earlier answer: it is asked only once `{condition}` holds.\n"));
    }
    out.push_str("Depending on the answer:\n");
    for o in &step.outcomes {
        let lead = o.leading_cause.map_or("a cause the knowledge base does not know".to_string(), |c| {
            format!("{} leads at {:.0}%", p.kb.causes[c].id, o.leading_probability * 100.0)
        });
        out.push_str(&format!("  - {} (likely {:.0}%): {}\n", o.answer, o.probability * 100.0, lead));
    }
    out
}
