//! Exports the decision graph, whole or one cause's neighbourhood, as Graphviz DOT, Mermaid or
//! JSON, so knowledge-base authors can see what connects to what. Output is sorted by id.

use super::{build, Edge, Node};
use crate::program::{Effect, Program};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A node as exported: `id` is unique across kinds (`cause:x`), `name` is the knowledge-base id.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct NodeOut {
    pub id: String,
    pub kind: &'static str,
    pub name: String,
    pub label: String,
    pub file: String,
    pub line: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq, PartialOrd)]
pub struct EdgeOut {
    pub from: String,
    pub to: String,
    pub kind: &'static str,
    pub label: String,
    /// The likelihood ratio (rule → cause) or fix probability (remedy → cause).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// The part of the decision graph to export, as plain data.
#[derive(Clone, Debug, Serialize)]
pub struct View {
    pub nodes: Vec<NodeOut>,
    pub edges: Vec<EdgeOut>,
}

/// The whole decision graph.
pub fn whole(p: &Program) -> View {
    view(p, None)
}

/// One cause's neighbourhood: the rules that change its odds, the facts they read and the rules
/// that derive those facts (transitively), and the remedies that fix it with the facts that
/// condition them.
pub fn focus(p: &Program, cause: usize) -> View {
    view(p, Some(cause))
}

fn view(p: &Program, focus: Option<usize>) -> View {
    let dg = build(p);
    let g = &dg.graph;
    let keep: BTreeSet<Node> = match focus {
        None => g.node_weights().copied().collect(),
        Some(c) => {
            let Some(start) = g.node_indices().find(|&n| g[n] == Node::Cause(c)) else {
                return View { nodes: Vec::new(), edges: Vec::new() };
            };
            let mut keep = BTreeSet::from([Node::Cause(c)]);
            let mut stack = Vec::new();
            for e in g.edges_directed(start, Direction::Incoming) {
                keep.insert(g[e.source()]);
                match e.weight() {
                    Edge::Scales(_) => stack.push(e.source()),
                    // The facts whose `when` conditions change how well the remedy fixes this cause.
                    Edge::Fixes(_) => {
                        if let Node::Remedy(m) = g[e.source()] {
                            for (cond, fixes) in &p.remedy_when[m] {
                                if fixes.iter().any(|&(x, _)| x == c) {
                                    keep.extend(cond.facts().into_iter().map(Node::Fact));
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            // Upstream of the rules: the facts they read, the rules deriving those, the facts a
            // follow-up question waits on, and so on.
            while let Some(n) = stack.pop() {
                for e in g.edges_directed(n, Direction::Incoming) {
                    if matches!(e.weight(), Edge::Reads | Edge::Derives | Edge::AskedAfter)
                        && keep.insert(g[e.source()])
                    {
                        stack.push(e.source());
                    }
                }
            }
            keep
        }
    };
    let nodes: BTreeSet<NodeOut> = keep.iter().map(|&n| node(p, n)).collect();
    let mut edges = Vec::new();
    for e in g.edge_references() {
        let (a, b) = (g[e.source()], g[e.target()]);
        if keep.contains(&a) && keep.contains(&b) {
            let out = edge(p, a, b, *e.weight());
            if !edges.contains(&out) {
                edges.push(out);
            }
        }
    }
    edges.sort_by(|x: &EdgeOut, y: &EdgeOut| {
        (&x.from, &x.to, x.kind, &x.label).cmp(&(&y.from, &y.to, y.kind, &y.label))
    });
    View { nodes: nodes.into_iter().collect(), edges }
}

fn kind(n: Node) -> &'static str {
    match n {
        Node::Fact(_) => "fact",
        Node::Rule(_) => "rule",
        Node::Cause(_) => "cause",
        Node::Remedy(_) => "remedy",
    }
}

fn key(p: &Program, n: Node) -> String {
    format!("{}:{}", kind(n), super::name(p, n))
}

fn node(p: &Program, n: Node) -> NodeOut {
    let kb_place = |loc: crate::kb::Loc| match p.kb.files.get(loc.file) {
        Some(f) => (f.name.clone(), f.line_col(loc.offset).0),
        None => (String::new(), 0),
    };
    let (label, (file, line)) = match n {
        Node::Fact(i) => (p.kb.facts[i].question.trim().to_string(), kb_place(p.kb.facts[i].at)),
        Node::Cause(i) => (p.kb.causes[i].title.trim().to_string(), kb_place(p.kb.causes[i].at)),
        Node::Remedy(i) => (p.kb.remedies[i].title.trim().to_string(), kb_place(p.kb.remedies[i].at)),
        Node::Rule(i) => {
            let r = &p.rules[i];
            let src = &p.rule_files[r.file];
            (r.title.trim().to_string(), (src.name.clone(), src.line_col(r.span.start).0))
        }
    };
    NodeOut { id: key(p, n), kind: kind(n), name: super::name(p, n), label, file, line }
}

fn edge(p: &Program, a: Node, b: Node, e: Edge) -> EdgeOut {
    let (kind, label, value) = match (e, a, b) {
        (Edge::Reads, ..) => ("reads", String::new(), None),
        (Edge::Derives, Node::Rule(r), Node::Fact(f)) => {
            let value = p.rules[r].effects.iter().find_map(|x| match x {
                Effect::Derive { fact, value } if *fact == f => Some(value.to_string()),
                _ => None,
            });
            ("derives", value.map(|v| format!("= {v}")).unwrap_or_default(), None)
        }
        (Edge::Derives, ..) => ("derives", String::new(), None),
        (Edge::Scales(0.0), ..) => ("rules_out", "rules out".to_string(), Some(0.0)),
        (Edge::Scales(ratio), Node::Rule(r), Node::Cause(c)) => {
            let strength = p.rules[r].effects.iter().find_map(|x| match x {
                Effect::Scale { cause, ratio: q, strength } if *cause == c && *q == ratio => Some(strength.clone()),
                _ => None,
            });
            let kind = if ratio >= 1.0 { "raises" } else { "lowers" };
            (kind, format!("{} ×{}", strength.unwrap_or_default(), ratio).trim().to_string(), Some(ratio))
        }
        (Edge::Scales(ratio), ..) => ("raises", format!("×{ratio}"), Some(ratio)),
        (Edge::Fixes(prob), Node::Remedy(m), Node::Cause(c)) => {
            let remedy = &p.kb.remedies[m];
            // Not the remedy's plain probability: one of its `when` conditions gives this one.
            let when = (!remedy.fixes.contains(&(c, prob)))
                .then(|| remedy.when.iter().find(|w| w.fixes.contains(&(c, prob))))
                .flatten()
                .map(|w| format!(" if {}", w.condition.trim()))
                .unwrap_or_default();
            ("fixes", format!("fixes {:.0}%{when}", prob * 100.0), Some(prob))
        }
        (Edge::Fixes(prob), ..) => ("fixes", format!("fixes {:.0}%", prob * 100.0), Some(prob)),
        (Edge::Before, ..) => ("before", "before".to_string(), None),
        (Edge::Conditions, ..) => ("conditions", "conditions".to_string(), None),
        (Edge::AskedAfter, ..) => ("asked_after", "asked after".to_string(), None),
    };
    EdgeOut { from: key(p, a), to: key(p, b), kind, label, value }
}

/// JSON: `{"nodes":[...],"edges":[...]}`, pretty-printed, with a final newline.
pub fn json(v: &View) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("a view always serialises");
    s.push('\n');
    s
}

/// Graphviz DOT: one shape and colour per node kind, edges labelled with their strength.
pub fn dot(v: &View) -> String {
    let mut out = String::from("digraph fixplan {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for n in &v.nodes {
        let style = match n.kind {
            "fact" => "shape=ellipse, style=filled, fillcolor=\"#dbeafe\"",
            "rule" => "shape=box, style=filled, fillcolor=\"#f3f4f6\"",
            "cause" => "shape=hexagon, style=filled, fillcolor=\"#fde68a\", penwidth=2",
            _ => "shape=box, style=\"rounded,filled\", fillcolor=\"#bbf7d0\"",
        };
        out.push_str(&format!(
            "  \"{}\" [label=\"{}\", tooltip=\"{}\", {style}];\n",
            dot_escape(&n.id),
            dot_escape(&n.name),
            dot_escape(&n.label)
        ));
    }
    for e in &v.edges {
        let style = match e.kind {
            "rules_out" => ", color=\"#dc2626\", fontcolor=\"#dc2626\", style=bold",
            "lowers" => ", color=\"#2563eb\", fontcolor=\"#2563eb\"",
            "fixes" => ", color=\"#16a34a\", fontcolor=\"#16a34a\"",
            "before" | "conditions" | "asked_after" => ", style=dashed, color=\"#6b7280\"",
            "reads" => ", color=\"#6b7280\"",
            _ => "",
        };
        let label =
            if e.label.is_empty() { String::new() } else { format!(" [label=\"{}\"{style}]", dot_escape(&e.label)) };
        let label = if label.is_empty() && !style.is_empty() { format!(" [{}]", &style[2..]) } else { label };
        out.push_str(&format!("  \"{}\" -> \"{}\"{label};\n", dot_escape(&e.from), dot_escape(&e.to)));
    }
    out.push_str("}\n");
    out
}

fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Mermaid `flowchart LR`: node ids reduced to letters, digits and `_`, labels quoted.
pub fn mermaid(v: &View) -> String {
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    let mut used = BTreeSet::new();
    for n in &v.nodes {
        let base: String = n.id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        let mut id = base.clone();
        let mut k = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}_{k}");
            k += 1;
        }
        ids.insert(&n.id, id);
    }
    let mut out = String::from("flowchart LR\n");
    for n in &v.nodes {
        let (open, close) = match n.kind {
            "fact" => ("([", "])"),
            "rule" => ("[", "]"),
            "cause" => ("{{", "}}"),
            _ => ("(", ")"),
        };
        out.push_str(&format!("  {}{open}\"{}\"{close}:::{}\n", ids[n.id.as_str()], mermaid_escape(&n.name), n.kind));
    }
    for e in &v.edges {
        let (Some(a), Some(b)) = (ids.get(e.from.as_str()), ids.get(e.to.as_str())) else { continue };
        let arrow = match e.kind {
            _ if e.label.is_empty() => "-->".to_string(),
            "rules_out" | "before" | "conditions" | "asked_after" => format!("-.->|\"{}\"|", mermaid_escape(&e.label)),
            _ => format!("-->|\"{}\"|", mermaid_escape(&e.label)),
        };
        out.push_str(&format!("  {a} {arrow} {b}\n"));
    }
    out.push_str("  classDef fact fill:#dbeafe,stroke:#1e40af\n");
    out.push_str("  classDef rule fill:#f3f4f6,stroke:#374151\n");
    out.push_str("  classDef cause fill:#fde68a,stroke:#92400e,stroke-width:2px\n");
    out.push_str("  classDef remedy fill:#bbf7d0,stroke:#166534\n");
    out
}

fn mermaid_escape(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '"' => "#quot;".to_string(),
            '<' => "#lt;".to_string(),
            '>' => "#gt;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hostile() -> View {
        let node = |id: &str, kind| NodeOut {
            id: id.into(),
            kind,
            name: id.into(),
            label: "say \"hi\" \\ <b>\nnext\u{1b}[2J".into(),
            file: "kb/x.yaml".into(),
            line: 1,
        };
        View {
            nodes: vec![node("cause:a\"b", "cause"), node("fact:a-b", "fact"), node("fact:a_b", "fact")],
            edges: vec![EdgeOut {
                from: "fact:a-b".into(),
                to: "cause:a\"b".into(),
                kind: "raises",
                label: "x \"y\"".into(),
                value: Some(3.0),
            }],
        }
    }

    #[test]
    fn dot_escapes_quotes_backslashes_newlines_and_control_characters() {
        let d = dot(&hostile());
        assert!(d.contains(r#""cause:a\"b" [label="cause:a\"b", tooltip="say \"hi\" \\ <b>\nnext[2J""#), "{d}");
        assert!(d.contains(r#""fact:a-b" -> "cause:a\"b" [label="x \"y\"""#), "{d}");
        assert!(!d.contains('\u{1b}'));
    }

    #[test]
    fn mermaid_ids_are_sanitised_and_kept_apart() {
        let m = mermaid(&hostile());
        // `fact:a-b` and `fact:a_b` both sanitise to `fact_a_b`: the second gets a suffix.
        assert!(m.contains("  fact_a_b([\"fact:a-b\"]):::fact\n"), "{m}");
        assert!(m.contains("  fact_a_b_2([\"fact:a_b\"]):::fact\n"), "{m}");
        assert!(m.contains("  cause_a_b{{\"cause:a#quot;b\"}}:::cause\n"), "{m}");
        assert!(m.contains("  fact_a_b -->|\"x #quot;y#quot;\"| cause_a_b\n"), "{m}");
    }
}
