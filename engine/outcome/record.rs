//! An outcome from what a person says about the plan they followed: "step 3 fixed it" (or a
//! remedy id), the cause when they know it, the remedies tried before. Shared by `fixplan
//! outcome` and the end of `fixplan ask`.

use super::Outcome;
use crate::diag::did_you_mean;
use crate::kb::Knowledge;
use crate::render::sanitize_terminal;

/// A step of the plan as shown: `Some(remedy)` for a fix, `None` for a check or escalate.
pub type Steps = Vec<Option<usize>>;

/// The steps of a plan, numbered from 1 as every report shows them.
pub fn steps_of(plan: &crate::plan::Plan) -> Steps {
    plan.steps.iter().map(|s| (s.kind == crate::plan::StepKind::Fix).then_some(s.target)).collect()
}

/// A step number of the plan, or a remedy id, to a remedy.
pub fn remedy(kb: &Knowledge, steps: &Steps, word: &str) -> Result<usize, String> {
    let word = word.trim();
    if let Ok(n) = word.parse::<usize>() {
        return match steps.get(n.wrapping_sub(1)) {
            Some(Some(r)) => Ok(*r),
            Some(None) => {
                Err(format!("step {n} of the plan is a check or an escalation, not a fix; give the fix step's number"))
            }
            None => Err(format!("the plan has {} step(s); there is no step {n}", steps.len())),
        };
    }
    kb.remedies.iter().position(|r| r.id.as_str() == word).ok_or_else(|| {
        let shown = sanitize_terminal(word);
        match did_you_mean(word, kb.remedies.iter().map(|r| r.id.as_str())) {
            Some(close) => format!("unknown remedy `{shown}`; did you mean `{close}`?"),
            None => format!("`{shown}` is neither a step number of the plan nor a remedy id"),
        }
    })
}

/// A cause id to its index, with the closest id when it is unknown.
pub fn cause(kb: &Knowledge, word: &str) -> Result<usize, String> {
    let word = word.trim();
    kb.cause_index(word).ok_or_else(|| {
        let shown = sanitize_terminal(word);
        match did_you_mean(word, kb.causes.iter().map(|c| c.id.as_str())) {
            Some(close) => format!("unknown cause `{shown}`; did you mean `{close}`?"),
            None => format!("unknown cause `{shown}`"),
        }
    })
}

/// The cause a remedy's fix names when it fixes exactly one, which is then the confirmed one.
pub fn only_cause(kb: &Knowledge, r: usize) -> Option<usize> {
    match kb.remedies[r].fixes.as_slice() {
        [(c, _)] => Some(*c),
        _ => None,
    }
}

/// What the person said.
#[derive(Clone, Debug, Default)]
pub struct Said {
    /// A step number or remedy id.
    pub fixed_by: Option<String>,
    pub cause: Option<String>,
    /// Step numbers or remedy ids; `None`: the fix steps before the one that fixed it.
    pub tried: Option<Vec<String>>,
    pub not_fixed: bool,
}

/// Builds the outcome, with the time it was recorded.
pub fn build(kb: &Knowledge, steps: &Steps, said: &Said) -> Result<Outcome, String> {
    if said.not_fixed && said.fixed_by.is_some() {
        return Err("a step fixed it, or nothing did: give `fixed by` or `not fixed`, not both".into());
    }
    let fixed_by = said.fixed_by.as_deref().map(|w| remedy(kb, steps, w)).transpose()?;
    let mut tried = Vec::new();
    match &said.tried {
        Some(words) => {
            for w in words {
                tried.push(remedy(kb, steps, w)?);
            }
        }
        // "Step 3 fixed it": the fixes listed before it were tried and did not.
        None => {
            if let Some(n) = said.fixed_by.as_deref().and_then(|w| w.trim().parse::<usize>().ok()) {
                tried.extend(steps.iter().take(n.saturating_sub(1)).flatten());
            }
        }
    }
    tried.retain(|&r| Some(r) != fixed_by);
    tried.dedup();
    let cause = match &said.cause {
        Some(w) => Some(cause(kb, w)?),
        None => fixed_by.and_then(|r| only_cause(kb, r)),
    };
    let o = Outcome { cause, fixed_by, tried, not_fixed: said.not_fixed, at: Some(crate::output::timestamp()) };
    if o.is_empty() {
        return Err(
            "nothing to record: give the step that fixed it, the cause, the remedies tried, or `not fixed`".into()
        );
    }
    Ok(o)
}

/// One line for people: `cause X, fixed by Y; tried Z`.
pub fn describe(kb: &Knowledge, o: &Outcome) -> String {
    let mut parts = Vec::new();
    match o.cause {
        Some(c) => parts.push(format!("cause `{}`", kb.causes[c].id)),
        None => parts.push("no confirmed cause".to_string()),
    }
    if let Some(r) = o.fixed_by {
        parts.push(format!("fixed by `{}`", kb.remedies[r].id));
    }
    if o.not_fixed {
        parts.push("not fixed".to_string());
    }
    if !o.tried.is_empty() {
        let t: Vec<String> = o.tried.iter().map(|&r| format!("`{}`", kb.remedies[r].id)).collect();
        parts.push(format!("tried before: {}", t.join(", ")));
    }
    parts.join(", ")
}
