//! docs/ must stand alone and stay true: the fact and cause vocabulary in docs/facts.md is the
//! knowledge base's (regenerate it with `FIXPLAN_UPDATE_DOCS=1 cargo test --test docs`), and
//! neither the README nor docs/ send readers to files outside the repository.

mod common;

use fixplan::kb::AnsweredBy;
use fixplan::value::FactType;

const BEGIN: &str = "<!-- generated from kb/ by tests/docs.rs: begin -->\n";
const END: &str = "<!-- generated from kb/ by tests/docs.rs: end -->\n";

fn type_name(ty: &FactType) -> String {
    match ty {
        FactType::Bool => "bool".into(),
        FactType::Int => "int".into(),
        FactType::Float => "float".into(),
        FactType::Str => "string".into(),
        FactType::Enum(values) => format!("enum({})", values.join("\\|")),
        FactType::ListInt => "list<int>".into(),
    }
}

fn cell(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// The tables of docs/facts.md, from the knowledge base.
fn vocabulary() -> String {
    let kb = &common::program().kb;
    let mut out = String::new();
    for (who, heading) in [
        (AnsweredBy::User, "What the user reports (asked by `fixplan ask`)"),
        (AnsweredBy::Client, "Checked on the client"),
        (AnsweredBy::Server, "Checked on the server"),
        (AnsweredBy::Probe, "Measured by `fixplan probe`"),
    ] {
        out.push_str(&format!("\n### {heading}\n\n| id | type | question |\n|---|---|---|\n"));
        let mut facts: Vec<_> = kb.facts.iter().filter(|f| f.answered_by == who).collect();
        facts.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
        for f in facts {
            out.push_str(&format!("| `{}` | `{}` | {} |\n", f.id, type_name(&f.ty), cell(&f.question)));
        }
    }
    out.push_str("\n### Causes\n\n| id | title | prior |\n|---|---|---|\n");
    for c in &kb.causes {
        out.push_str(&format!("| `{}` | {} | {:.3} |\n", c.id, cell(&c.title), c.prior));
    }
    out.push('\n');
    out
}

#[test]
fn the_vocabulary_in_docs_is_the_knowledge_base() {
    let path = common::root().join("docs/facts.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (head, rest) = text.split_once(BEGIN).expect("docs/facts.md has the begin marker");
    let (_, tail) = rest.split_once(END).expect("docs/facts.md has the end marker");
    let fresh = format!("{head}{BEGIN}{}{END}{tail}", vocabulary());
    if std::env::var_os("FIXPLAN_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    assert!(
        text == fresh,
        "docs/facts.md is not the knowledge base's vocabulary; run `FIXPLAN_UPDATE_DOCS=1 cargo test --test docs` and review the diff"
    );
}

#[test]
fn readme_and_docs_link_only_inside_the_repository() {
    let root = common::root();
    let mut files = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        files.push(e.unwrap().path());
    }
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(!text.contains("../shared"), "{} points outside the repository", file.display());
        // Every relative markdown link resolves.
        for (i, _) in text.match_indices("](") {
            let target = &text[i + 2..];
            let target = &target[..target.find(')').unwrap_or(0)];
            let target = target.split('#').next().unwrap();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let resolved = file.parent().unwrap().join(target);
            assert!(resolved.exists(), "{}: the link `{target}` leads nowhere", file.display());
        }
    }
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("](docs/README.md)"), "README.md links to docs/");
}
