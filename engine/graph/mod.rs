//! The decision graph (petgraph): facts → rules → causes ← remedies, derived facts, remedy order
//! and follow-up questions. Built once after checking; cycles of derivations, of remedy order and
//! of follow-ups are found here.

pub mod export;

use crate::diag::Diagnostic;
use crate::program::{Effect, Program};
use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Fact(usize),
    Rule(usize),
    Cause(usize),
    Remedy(usize),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Edge {
    /// A rule reads a fact (fact → rule).
    Reads,
    /// A rule derives a fact (rule → fact).
    Derives,
    /// A rule changes a cause's odds (rule → cause), with its ratio; 0 rules it out.
    Scales(f64),
    /// A remedy fixes a cause (remedy → cause) with a probability.
    Fixes(f64),
    /// A remedy must come before another (before → after).
    Before,
    /// A fact decides which of a remedy's conditional fix probabilities applies (fact → remedy).
    Conditions,
    /// A follow-up question waits on a fact its `ask_if` reads (that fact → the follow-up).
    AskedAfter,
}

/// Every fact, rule, cause and remedy, and how they connect.
pub struct DecisionGraph {
    pub graph: DiGraph<Node, Edge>,
}

/// Builds the whole decision graph of a program.
pub fn build(p: &Program) -> DecisionGraph {
    let mut g = DiGraph::new();
    let facts: Vec<NodeIndex> = (0..p.kb.facts.len()).map(|i| g.add_node(Node::Fact(i))).collect();
    let rules: Vec<NodeIndex> = (0..p.rules.len()).map(|i| g.add_node(Node::Rule(i))).collect();
    let causes: Vec<NodeIndex> = (0..p.kb.causes.len()).map(|i| g.add_node(Node::Cause(i))).collect();
    let remedies: Vec<NodeIndex> = (0..p.kb.remedies.len()).map(|i| g.add_node(Node::Remedy(i))).collect();
    for (ri, r) in p.rules.iter().enumerate() {
        for &f in &r.reads {
            g.add_edge(facts[f], rules[ri], Edge::Reads);
        }
        for e in &r.effects {
            match e {
                Effect::Derive { fact, .. } => g.add_edge(rules[ri], facts[*fact], Edge::Derives),
                Effect::Scale { cause, ratio, .. } => g.add_edge(rules[ri], causes[*cause], Edge::Scales(*ratio)),
                Effect::RuleOut(cause) => g.add_edge(rules[ri], causes[*cause], Edge::Scales(0.0)),
            };
        }
    }
    for (mi, m) in p.kb.remedies.iter().enumerate() {
        for &(c, prob) in &m.fixes {
            g.add_edge(remedies[mi], causes[c], Edge::Fixes(prob));
        }
        for &before in &m.after {
            g.add_edge(remedies[before], remedies[mi], Edge::Before);
        }
        for (cond, fixes) in &p.remedy_when[mi] {
            for f in cond.facts() {
                g.add_edge(facts[f], remedies[mi], Edge::Conditions);
            }
            for &(c, prob) in fixes {
                g.add_edge(remedies[mi], causes[c], Edge::Fixes(prob));
            }
        }
    }
    for (fi, cond) in p.ask_if.iter().enumerate() {
        for f in cond.as_ref().map(|c| c.facts()).unwrap_or_default() {
            g.add_edge(facts[f], facts[fi], Edge::AskedAfter);
        }
    }
    DecisionGraph { graph: g }
}

/// The order derivations run in, and each remedy's rank in an order that respects `after`;
/// or a diagnostic for every cycle.
pub fn order(p: &Program) -> Result<(Vec<usize>, Vec<usize>), Vec<Diagnostic>> {
    let dg = build(p);
    let mut diags = Vec::new();

    let derivations =
        dg.graph.filter_map(|_, n| Some(*n), |_, e| matches!(e, Edge::Reads | Edge::Derives).then_some(*e));
    let derive_order = match toposort(&derivations, None) {
        Ok(nodes) => nodes
            .into_iter()
            .filter_map(|n| match derivations[n] {
                Node::Rule(r) if p.rules[r].derives() => Some(r),
                _ => None,
            })
            .collect(),
        Err(_) => {
            for scc in tarjan_scc(&derivations).into_iter().filter(|s| s.len() > 1) {
                let mut rules: Vec<String> = scc
                    .iter()
                    .filter_map(|&n| match derivations[n] {
                        Node::Rule(_) => Some(format!("`{}`", name(p, derivations[n]))),
                        _ => None,
                    })
                    .collect();
                let mut facts: Vec<String> = scc
                    .iter()
                    .filter_map(|&n| match derivations[n] {
                        Node::Fact(_) => Some(format!("`{}`", name(p, derivations[n]))),
                        _ => None,
                    })
                    .collect();
                rules.sort();
                facts.sort();
                let first_rule = scc
                    .iter()
                    .filter_map(|&n| match derivations[n] {
                        Node::Rule(r) => Some(r),
                        _ => None,
                    })
                    .min()
                    .unwrap_or(0);
                let r = &p.rules[first_rule];
                diags.push(
                    Diagnostic::error(
                        "E120",
                        format!(
                            "derived facts form a cycle: rules {} and facts {} derive one another",
                            rules.join(", "),
                            facts.join(", ")
                        ),
                    )
                    .at(&p.rule_files[r.file], r.span.start, 4)
                    .with_hint("a fact cannot be derived, directly or not, from itself; remove one `derive`"),
                );
            }
            Vec::new()
        }
    };

    let order_graph = dg
        .graph
        .filter_map(|_, n| matches!(n, Node::Remedy(_)).then_some(*n), |_, e| matches!(e, Edge::Before).then_some(*e));
    let mut rank = vec![0; p.kb.remedies.len()];
    match toposort(&order_graph, None) {
        Ok(nodes) => {
            for (i, n) in nodes.into_iter().enumerate() {
                if let Node::Remedy(m) = order_graph[n] {
                    rank[m] = i;
                }
            }
        }
        Err(_) => {
            for ids in cycles(&order_graph, |n| match n {
                Node::Remedy(m) => Some(m),
                _ => None,
            }) {
                let names: Vec<&str> = ids.iter().map(|&m| p.kb.remedies[m].id.as_str()).collect();
                let m = &p.kb.remedies[ids[0]];
                diags.push(
                    p.kb.diag_at(
                        Diagnostic::error(
                            "E121",
                            format!("remedies must each come before the other: {}", names.join(" → ")),
                        ),
                        m.at,
                        m.id.len(),
                    )
                    .with_hint("remove one `after:` entry so the order has a beginning"),
                );
            }
        }
    }
    // Follow-up questions that wait on each other (`ask_if`): none of them could ever be asked.
    let waits = dg.graph.filter_map(
        |_, n| matches!(n, Node::Fact(_)).then_some(*n),
        |_, e| matches!(e, Edge::AskedAfter).then_some(*e),
    );
    for ids in cycles(&waits, |n| match n {
        Node::Fact(f) => Some(f),
        _ => None,
    }) {
        let mut names: Vec<String> = ids.iter().take(8).map(|&f| format!("`{}`", p.kb.facts[f].id)).collect();
        if ids.len() > 8 {
            names.push(format!("… ({} questions in all)", ids.len()));
        }
        let first = &p.kb.facts[ids[0]];
        let (len, at) = first.ask_if.as_ref().map_or((first.id.len(), first.at), |(t, a)| (t.len(), *a));
        diags.push(
            p.kb.diag_at(
                Diagnostic::error("E122", format!("follow-up questions wait on each other: {}", names.join(" → "))),
                at,
                len,
            )
            .with_hint("none of them can ever be asked; drop one `ask_if` so that one of them is asked first"),
        );
    }
    if diags.is_empty() {
        Ok((derive_order, rank))
    } else {
        Err(diags)
    }
}

/// The members of each cycle of `g` (a strongly connected part of more than one node), as the
/// indices `pick` takes from its nodes, sorted.
fn cycles<E>(g: &DiGraph<Node, E>, pick: impl Fn(Node) -> Option<usize>) -> Vec<Vec<usize>> {
    tarjan_scc(g)
        .into_iter()
        .filter(|s| s.len() > 1)
        .map(|scc| {
            let mut ids: Vec<usize> = scc.iter().filter_map(|&n| pick(g[n])).collect();
            ids.sort();
            ids
        })
        .collect()
}

/// The id of a node, for messages and exports.
pub fn name(p: &Program, n: Node) -> String {
    match n {
        Node::Fact(i) => p.kb.facts[i].id.to_string(),
        Node::Rule(i) => p.rules[i].id.to_string(),
        Node::Cause(i) => p.kb.causes[i].id.to_string(),
        Node::Remedy(i) => p.kb.remedies[i].id.to_string(),
    }
}
