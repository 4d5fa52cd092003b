//! Learning and applying on the two-cause knowledge base of `tests/cases/learn`, against numbers
//! worked out by hand.

use super::*;
use crate::kb::KbSource;
use crate::source::SourceFile;

fn program() -> Program {
    let src = KbSource {
        yaml: vec![SourceFile::new("kb/kb.yaml", include_str!("../../tests/cases/learn/kb/kb.yaml"))],
        rules: vec![SourceFile::new("rules/r.rules", include_str!("../../tests/cases/learn/rules/r.rules"))],
        learned: None,
    };
    crate::compile::compile(&src).program.expect("the small kb checks")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn dirichlet_and_beta_updates_match_the_hand_computation() {
    let p = program();
    let (a, b) = (p.kb.cause_index("cause_a").unwrap(), p.kb.cause_index("cause_b").unwrap());
    let fix_b = p.kb.remedies.iter().position(|r| r.id.as_str() == "fix_b").unwrap();
    let fix_a = p.kb.remedies.iter().position(|r| r.id.as_str() == "fix_a").unwrap();
    let mut counts = Counts::new(&p.kb);
    // One A, five B: four fixed by fix_b, one where fix_b was tried and failed (then fix_a is
    // tried on a B case too, and failed: a pair the kb does not have, with no success).
    counts.add(&Outcome { cause: Some(a), fixed_by: Some(fix_a), ..Default::default() });
    for _ in 0..4 {
        counts.add(&Outcome { cause: Some(b), fixed_by: Some(fix_b), ..Default::default() });
    }
    counts.add(&Outcome { cause: Some(b), tried: vec![fix_b, fix_a], not_fixed: true, ..Default::default() });
    counts.add(&Outcome { fixed_by: Some(fix_b), ..Default::default() });
    let l = learn(&p.kb, &counts, Settings { prior_weight: 10.0, fix_weight: 10.0, interval: 0.9 });
    assert_eq!((l.outcomes, l.confirmed), (7, 6), "the outcome without a cause counts, but teaches nothing");
    // Shares 2/3 and 1/3; α = 10·share; posterior (α + n) / (10 + 6).
    assert!(close(l.causes[a].prior, (20.0 / 3.0 + 1.0) / 16.0), "{}", l.causes[a].prior);
    assert!(close(l.causes[b].prior, (10.0 / 3.0 + 5.0) / 16.0));
    assert!(close(l.causes[a].kb_prior, 2.0 / 3.0));
    // fix_b on B: Beta(10·0.5 + 4, 10·0.5 + 1) → 9/15; fix_a on A: Beta(8 + 1, 2) → 9/11.
    let rate = |r, c| l.fixes.iter().find(|f| f.remedy == r && f.cause == c).map(|f| f.probability);
    assert!(close(rate(fix_b, b).unwrap(), 9.0 / 15.0));
    assert!(close(rate(fix_a, a).unwrap(), 9.0 / 11.0));
    assert_eq!(rate(fix_a, b), None, "a pair the kb lacks enters only once it fixed something");
    let f = l.fixes.iter().find(|f| f.remedy == fix_b).unwrap();
    assert_eq!((f.tries, f.fixed), (5, 4));
    assert!(f.interval.0 < f.probability && f.probability < f.interval.1);
}

#[test]
fn applying_a_layer_sets_priors_and_fixes_as_written() {
    let mut p = program();
    let (a, b) = (p.kb.cause_index("cause_a").unwrap(), p.kb.cause_index("cause_b").unwrap());
    let fix_b = p.kb.remedies.iter().position(|r| r.id.as_str() == "fix_b").unwrap();
    let l = Learned {
        settings: Settings::default(),
        outcomes: 4,
        confirmed: 4,
        causes: vec![
            CausePrior { cause: a, prior: 0.25, kb_prior: 0.5, outcomes: 1, interval: (0.1, 0.4) },
            CausePrior { cause: b, prior: 0.75, kb_prior: 0.5, outcomes: 3, interval: (0.6, 0.9) },
        ],
        fixes: vec![FixRate {
            remedy: fix_b,
            cause: b,
            probability: 0.9,
            kb: 0.5,
            tries: 3,
            fixed: 3,
            interval: (0.6, 1.0),
        }],
    };
    let text = file::to_yaml(&p.kb, &l);
    let (back, diags) = file::parse(&p.kb, &SourceFile::new("l.yaml", text.clone()));
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(back.as_ref(), Some(&l), "the file reads back as written:\n{text}");
    apply(&mut p, &l);
    // Priors 0.25 and 0.75 of the known causes' 0.9: 0.225 and 0.675.
    assert!(close(p.kb.causes[a].prior, 0.225) && close(p.kb.causes[b].prior, 0.675));
    assert_eq!(p.kb.remedies[fix_b].fixes, vec![(b, 0.9)]);
}
