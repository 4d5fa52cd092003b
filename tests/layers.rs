//! Every import between the top-level modules of `engine/` points down: no two modules reach
//! each other, directly or around a circle. A module is a folder or a single file of `engine/`
//! (not `lib.rs`, `main.rs`, `build.rs`); it imports another when its code, tests excluded
//! (`*_tests.rs` files and everything from a file's first `#[cfg(test)]` on), says `crate::X`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Imports = BTreeMap<String, BTreeSet<String>>;

/// The modules of `engine` and what each imports.
fn imports(engine: &Path) -> Imports {
    let mut mods = BTreeMap::new();
    for entry in fs::read_dir(engine).expect("engine/ is readable") {
        let path = entry.expect("engine/ lists").path();
        let name = path.file_name().and_then(|n| n.to_str()).expect("a UTF-8 file name").to_string();
        if path.is_dir() {
            mods.insert(name, path);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            if !["lib", "main", "build"].contains(&stem) {
                mods.insert(stem.to_string(), path);
            }
        }
    }
    let mut out = Imports::new();
    for (m, path) in &mods {
        let mut files = Vec::new();
        rust_files(path, &mut files);
        let uses = out.entry(m.clone()).or_default();
        for f in files.iter().filter(|f| !f.to_string_lossy().ends_with("_tests.rs")) {
            let text = fs::read_to_string(f).unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display()));
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for rest in code.split("crate::").skip(1) {
                let target: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if target != *m && mods.contains_key(&target) {
                    uses.insert(target);
                }
            }
        }
    }
    out
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> =
            fs::read_dir(path).expect("a readable folder").map(|e| e.unwrap().path()).collect();
        entries.sort();
        entries.iter().for_each(|p| rust_files(p, out));
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The circles: groups of two or more modules that each reach all the others (strongly
/// connected components, Tarjan's algorithm), each sorted.
fn circles(g: &Imports) -> Vec<Vec<String>> {
    struct Walk<'a> {
        g: &'a Imports,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        let i = w.index.len();
        w.index.insert(v, i);
        w.low.insert(v, i);
        w.stack.push(v);
        for u in w.g.get(v).into_iter().flatten() {
            let u = u.as_str();
            if !w.index.contains_key(u) {
                visit(w, u);
                let l = w.low[v].min(w.low[u]);
                w.low.insert(v, l);
            } else if w.stack.contains(&u) {
                let l = w.low[v].min(w.index[u]);
                w.low.insert(v, l);
            }
        }
        if w.low[v] == w.index[v] {
            let at = w.stack.iter().position(|&s| s == v).expect("v is on the stack");
            let mut group: Vec<String> = w.stack.drain(at..).map(str::to_string).collect();
            if group.len() > 1 {
                group.sort();
                w.out.push(group);
            }
        }
    }
    let mut w = Walk { g, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), out: Vec::new() };
    for v in g.keys() {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v);
        }
    }
    w.out
}

/// A circle and the imports that tie it, as `circle: a b c | a->b, b->c, c->a`.
fn describe(g: &Imports, circle: &[String]) -> String {
    let ties: Vec<String> = circle
        .iter()
        .flat_map(|a| g[a].iter().filter(|b| circle.contains(b)).map(move |b| format!("{a}->{b}")))
        .collect();
    format!("circle: {} | {}", circle.join(" "), ties.join(", "))
}

/// Each module's layer: 0 when it imports no other module, else one above the highest it
/// imports (only meaningful without circles).
fn layers(g: &Imports) -> BTreeMap<String, usize> {
    fn layer(g: &Imports, m: &str, memo: &mut BTreeMap<String, usize>) -> usize {
        if let Some(&l) = memo.get(m) {
            return l;
        }
        let l = g[m].iter().map(|u| layer(g, u, memo) + 1).max().unwrap_or(0);
        memo.insert(m.to_string(), l);
        l
    }
    let mut memo = BTreeMap::new();
    g.keys().for_each(|m| {
        layer(g, m, &mut memo);
    });
    memo
}

#[test]
fn engine_modules_import_each_other_without_a_circle() {
    let g = imports(&Path::new(env!("CARGO_MANIFEST_DIR")).join("engine"));
    assert!(g.contains_key("kb") && g.contains_key("render"), "engine/ was read: {:?}", g.keys());
    let found = circles(&g);
    assert!(
        found.is_empty(),
        "the modules of engine/ import each other in a circle; every `crate::X` must point to a \
         lower layer (README, Layout):\n{}",
        found.iter().map(|c| describe(&g, c)).collect::<Vec<_>>().join("\n")
    );
    let mut by_layer: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (m, l) in layers(&g) {
        by_layer.entry(l).or_default().push(m);
    }
    for (l, ms) in &by_layer {
        println!("layer {l}: {}", ms.join(" "));
    }
}

#[test]
fn a_circle_is_found_and_named_and_test_code_is_not_counted() {
    let root = std::env::temp_dir().join(format!("fixplan-layers-{}", std::process::id()));
    let engine = root.join("engine");
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(engine.join("b")).unwrap();
    fs::create_dir_all(engine.join("d")).unwrap();
    fs::write(engine.join("lib.rs"), "pub mod a; pub mod b; pub mod c; pub mod d; use crate::a;").unwrap();
    fs::write(engine.join("a.rs"), "use crate::b::Thing;\n").unwrap();
    fs::write(engine.join("b").join("mod.rs"), "mod inner;\n#[cfg(test)]\nmod tests { use crate::d::X; }\n").unwrap();
    fs::write(engine.join("b").join("inner.rs"), "fn f() { crate::c::g() }\n").unwrap();
    fs::write(engine.join("c.rs"), "pub fn g() { crate::a::h() }\n").unwrap();
    fs::write(engine.join("d").join("mod.rs"), "use crate::ids;\n").unwrap();
    fs::write(engine.join("d").join("x_tests.rs"), "use crate::a;\n").unwrap();
    let g = imports(&engine);
    let _ = fs::remove_dir_all(&root);
    let found = circles(&g);
    assert_eq!(found, vec![vec!["a".to_string(), "b".to_string(), "c".to_string()]]);
    assert_eq!(describe(&g, &found[0]), "circle: a b c | a->b, b->c, c->a");
    assert!(g["d"].is_empty(), "a test file and a missing module are no imports: {:?}", g["d"]);
    assert_eq!(layers(&[("d".to_string(), BTreeSet::new())].into_iter().collect())["d"], 0);
}
