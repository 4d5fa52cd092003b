//! The fleet summary: counts gathered from each input's report as it streams past (never the
//! reports themselves), and the sorted tables people read at the end.

use crate::render::Report;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many failed inputs the summary names; the rest are counted.
pub const MAX_FAILED_NAMES: usize = 20;

/// What the summary needs of one report, taken in the worker so the report can be dropped.
#[derive(Debug, Default)]
pub struct Digest {
    top_cause: Option<(String, String)>,
    first_fix: Option<(String, String, f64)>,
    /// Facts a check step of the plan asks for.
    asked: Vec<String>,
    /// Facts that would decide pending rules.
    deciding: Vec<String>,
    /// The confirmed cause (`_meta.outcome`), and whether it was the top cause.
    confirmed: Option<(String, bool)>,
}

impl Digest {
    pub fn of(r: &Report) -> Self {
        Digest {
            top_cause: r.causes.first().map(|c| (c.id.clone(), c.title.clone())),
            first_fix: r
                .plan
                .iter()
                .find(|s| s.kind == "fix")
                .map(|s| (s.id.clone(), s.title.clone(), s.probability.unwrap_or(0.0))),
            asked: r.plan.iter().filter(|s| s.kind == "check").map(|s| s.id.clone()).collect(),
            deciding: r.missing_facts.iter().filter(|m| m.rules > 0).map(|m| m.id.clone()).collect(),
            confirmed: r.confirmed_cause.clone().map(|c| {
                let top = r.causes.first().is_some_and(|t| t.id == c);
                (c, top)
            }),
        }
    }
}

/// The running totals of a batch.
#[derive(Debug, Default)]
pub struct Summary {
    inputs: u64,
    failed: u64,
    failed_names: Vec<String>,
    causes: BTreeMap<String, (String, u64)>,
    fixes: BTreeMap<String, (String, u64, f64)>,
    facts: BTreeMap<String, (u64, u64)>,
    /// Per confirmed cause: inputs, and of them those whose top cause it was.
    confirmed: BTreeMap<String, (u64, u64)>,
}

impl Summary {
    pub fn add(&mut self, d: Digest) {
        self.inputs += 1;
        if let Some((id, title)) = d.top_cause {
            self.causes.entry(id).or_insert((title, 0)).1 += 1;
        }
        if let Some((id, title, p)) = d.first_fix {
            let e = self.fixes.entry(id).or_insert((title, 0, 0.0));
            e.1 += 1;
            e.2 += p;
        }
        for f in d.asked {
            self.facts.entry(f).or_default().0 += 1;
        }
        for f in d.deciding {
            self.facts.entry(f).or_default().1 += 1;
        }
        if let Some((c, top)) = d.confirmed {
            let e = self.confirmed.entry(c).or_default();
            e.0 += 1;
            e.1 += u64::from(top);
        }
    }

    pub fn fail(&mut self, name: &str) {
        self.inputs += 1;
        self.failed += 1;
        if self.failed_names.len() < MAX_FAILED_NAMES {
            self.failed_names.push(crate::render::sanitize_line(name));
        }
    }

    pub fn inputs(&self) -> u64 {
        self.inputs
    }

    pub fn failed(&self) -> u64 {
        self.failed
    }

    /// The tables, sorted: most inputs first, ties by id.
    pub fn finish(&self, planned: bool) -> FleetSummary {
        let evaluated = self.inputs - self.failed;
        let share = |n: u64| if evaluated == 0 { 0.0 } else { n as f64 / evaluated as f64 };
        let mut causes: Vec<CauseRow> = self
            .causes
            .iter()
            .map(|(id, (title, n))| CauseRow { id: id.clone(), title: title.clone(), inputs: *n, share: share(*n) })
            .collect();
        causes.sort_by(|a, b| b.inputs.cmp(&a.inputs).then_with(|| a.id.cmp(&b.id)));
        let mut first_fixes: Vec<FixRow> = self
            .fixes
            .iter()
            .map(|(id, (title, n, p))| FixRow {
                id: id.clone(),
                title: title.clone(),
                inputs: *n,
                share: share(*n),
                expected_fixed: (p * 10.0).round() / 10.0,
            })
            .collect();
        first_fixes.sort_by(|a, b| b.inputs.cmp(&a.inputs).then_with(|| a.id.cmp(&b.id)));
        let mut missing_facts: Vec<FactRow> =
            self.facts.iter().map(|(id, &(asked, deciding))| FactRow { id: id.clone(), asked, deciding }).collect();
        missing_facts.sort_by(|a, b| (b.asked, b.deciding).cmp(&(a.asked, a.deciding)).then_with(|| a.id.cmp(&b.id)));
        let mut confirmed_causes: Vec<ConfirmedRow> = self
            .confirmed
            .iter()
            .map(|(id, &(inputs, top))| ConfirmedRow { id: id.clone(), inputs, ranked_first: top })
            .collect();
        confirmed_causes.sort_by(|a, b| b.inputs.cmp(&a.inputs).then_with(|| a.id.cmp(&b.id)));
        FleetSummary {
            confirmed_inputs: confirmed_causes.iter().map(|c| c.inputs).sum(),
            confirmed_ranked_first: confirmed_causes.iter().map(|c| c.ranked_first).sum(),
            confirmed_causes,
            inputs: self.inputs,
            evaluated,
            failed: self.failed,
            failed_inputs: self.failed_names.clone(),
            failed_more: self.failed - self.failed_names.len() as u64,
            no_cause: evaluated - self.causes.values().map(|c| c.1).sum::<u64>(),
            planned,
            causes,
            first_fixes,
            missing_facts,
        }
    }
}

/// The fleet summary as data: what `--summary-out x.json` writes and the templates read.
#[derive(Clone, Debug, Serialize)]
pub struct FleetSummary {
    pub inputs: u64,
    pub evaluated: u64,
    pub failed: u64,
    /// The first failed inputs' names, in input order.
    pub failed_inputs: Vec<String>,
    /// How many more failed than are named.
    pub failed_more: u64,
    /// Evaluated inputs with every cause ruled out.
    pub no_cause: u64,
    /// Whether plans were made (false with `--no-plan`: no fix or check counts then).
    pub planned: bool,
    /// How many inputs have each cause as their most probable one.
    pub causes: Vec<CauseRow>,
    /// How many inputs have each remedy as the first fix step of their plan, and the sum of that
    /// step's probability of solving it: the machines it is expected to fix.
    pub first_fixes: Vec<FixRow>,
    /// Unknown facts: in how many inputs' plans a check step asks for each (its answer would
    /// change the plan), and in how many it would decide pending rules.
    pub missing_facts: Vec<FactRow>,
    /// Inputs whose `_meta.outcome` names the confirmed cause, and of them those whose most
    /// probable cause it was.
    pub confirmed_inputs: u64,
    pub confirmed_ranked_first: u64,
    /// How many inputs had each confirmed cause, and how often it ranked first.
    pub confirmed_causes: Vec<ConfirmedRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConfirmedRow {
    pub id: String,
    pub inputs: u64,
    pub ranked_first: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct CauseRow {
    pub id: String,
    pub title: String,
    pub inputs: u64,
    pub share: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct FixRow {
    pub id: String,
    pub title: String,
    pub inputs: u64,
    pub share: f64,
    pub expected_fixed: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct FactRow {
    pub id: String,
    pub asked: u64,
    pub deciding: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(cause: &str, fix: Option<(&str, f64)>, asked: &[&str], deciding: &[&str]) -> Digest {
        Digest {
            top_cause: Some((cause.into(), String::new())),
            first_fix: fix.map(|(id, p)| (id.into(), String::new(), p)),
            asked: asked.iter().map(|s| s.to_string()).collect(),
            deciding: deciding.iter().map(|s| s.to_string()).collect(),
            confirmed: None,
        }
    }

    #[test]
    fn tables_are_sorted_by_count_then_id_and_failures_capped() {
        let mut s = Summary::default();
        s.add(digest("b", Some(("r2", 0.5)), &["x"], &["x", "y"]));
        s.add(digest("a", Some(("r1", 0.25)), &[], &["y"]));
        s.add(digest("b", Some(("r2", 0.25)), &["z"], &["y"]));
        s.add(Digest::default());
        for i in 0..MAX_FAILED_NAMES + 3 {
            s.fail(&format!("bad{i}\u{1b}[2J"));
        }
        let f = s.finish(true);
        assert_eq!((f.inputs, f.evaluated, f.failed, f.failed_more), (27, 4, 23, 3));
        assert_eq!(f.failed_inputs.len(), MAX_FAILED_NAMES);
        assert_eq!(f.failed_inputs[0], "bad0[2J", "names are made safe for a terminal");
        let causes: Vec<_> = f.causes.iter().map(|c| (c.id.as_str(), c.inputs, c.share)).collect();
        assert_eq!(causes, [("b", 2, 0.5), ("a", 1, 0.25)]);
        assert_eq!(f.no_cause, 1);
        let fixes: Vec<_> = f.first_fixes.iter().map(|r| (r.id.as_str(), r.inputs, r.expected_fixed)).collect();
        assert_eq!(fixes, [("r2", 2, 0.8), ("r1", 1, 0.3)]);
        let facts: Vec<_> = f.missing_facts.iter().map(|r| (r.id.as_str(), r.asked, r.deciding)).collect();
        assert_eq!(facts, [("x", 1, 1), ("z", 1, 0), ("y", 0, 3)]);
    }
}
