//! The knowledge base's own test cases (`tests:` sections): the serde model as authors write it,
//! and its resolution against the facts, causes and remedies, with a diagnostic for every bad id.

use super::{unknown, Knowledge, Loc};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::value::{coerce, Value};
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// One test case as written: facts given, and what the engine must conclude from them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseDoc {
    pub name: String,
    #[serde(default)]
    pub facts: FactsDoc,
    pub expect: ExpectDoc,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectDoc {
    #[serde(default)]
    pub top: Option<String>,
    #[serde(default)]
    pub in_top: OneOrMany<InTopDoc>,
    #[serde(default)]
    pub not_top: OneOrMany<String>,
    #[serde(default)]
    pub ruled_out: OneOrMany<String>,
    #[serde(default)]
    pub below: OneOrMany<BelowDoc>,
    #[serde(default)]
    pub first_step: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InTopDoc {
    pub cause: String,
    pub k: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BelowDoc {
    pub cause: String,
    pub than: String,
}

/// A case's facts in the order written; a fact given twice is an error, as in fact files.
#[derive(Debug, Default)]
pub struct FactsDoc(pub Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for FactsDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FactsDoc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping from fact id to value, like `error_code: 0x904`")
            }
            fn visit_unit<E: de::Error>(self) -> Result<FactsDoc, E> {
                Ok(FactsDoc::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FactsDoc, A::Error> {
                let mut out: Vec<(String, serde_json::Value)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    if out.iter().any(|(seen, _)| *seen == k) {
                        return Err(de::Error::custom(format!("fact `{k}` is given twice")));
                    }
                    out.push((k, v));
                }
                Ok(FactsDoc(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A field that takes one item or a list of them (`not_top: x` or `not_top: [x, y]`).
#[derive(Debug)]
pub struct OneOrMany<T>(Vec<T>);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        self.0
    }
}

// Written by hand so that a mistake inside an item is reported as that item's error (a missing
// `k`, an unknown field) instead of "no variant matched".
impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("one item or a list of items")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(|t| OneOrMany(vec![t]))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| OneOrMany(vec![t]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::<T>::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(OneOrMany)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// What a case expects; causes and facts are indices into the knowledge base.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    Top(usize),
    InTop { cause: usize, k: usize },
    NotTop(usize),
    RuledOut(usize),
    Below { cause: usize, than: usize },
    FirstStep(StepRef),
}

/// The first step of a plan: a remedy, a check (asking a fact), or escalation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepRef {
    Fix(usize),
    Check(usize),
    Escalate,
}

/// A resolved test case.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    /// A value (or unknown) for every fact of the knowledge base.
    pub facts: Vec<Option<Value>>,
    /// The facts the case gives, in the order written.
    pub given: Vec<usize>,
    pub expect: Vec<Expect>,
    /// Where the case's `name:` is.
    pub at: Loc,
}

/// Resolves every case; a case with a bad id or value is reported and left out.
pub(super) fn resolve(kb: &mut Knowledge, docs: Vec<(CaseDoc, usize)>, diags: &mut Vec<Diagnostic>) {
    let mut cursors: BTreeMap<usize, usize> = BTreeMap::new();
    let mut names: BTreeMap<String, Loc> = BTreeMap::new();
    let mut cases = Vec::new();
    for (doc, fi) in docs {
        let Some(file) = kb.files.get(fi).cloned() else { continue };
        let cursor = cursors.entry(fi).or_insert_with(|| file.find_key("tests", 0).unwrap_or(0));
        let key = file.find_key("name", *cursor).unwrap_or(*cursor);
        let offset = file.text.get(key..).and_then(|t| t.find(doc.name.as_str())).map_or(key, |o| key + o);
        *cursor = offset + doc.name.len().max(1);
        let at = Loc { file: fi, offset };
        let mut r = Resolver { kb, file: &file, from: offset, ok: true, diags };
        if let Some(first) = names.insert(doc.name.clone(), at) {
            let (line, _) = kb.files[first.file].line_col(first.offset);
            r.error(
                Diagnostic::error("E031", format!("test case `{}` is defined twice", doc.name)).with_hint(format!(
                    "the first is at {}:{line}; give each case its own name",
                    kb.files[first.file].name
                )),
                offset,
                doc.name.len(),
            );
        }
        let (facts, given) = r.facts(&doc.facts.0);
        let expect = r.expect(doc.expect);
        if expect.is_empty() && r.ok {
            r.error(
                Diagnostic::error("E032", format!("test case `{}` expects nothing", doc.name))
                    .with_hint("add `expect:` with `top`, `in_top`, `not_top`, `ruled_out`, `below` or `first_step`"),
                offset,
                doc.name.len(),
            );
        }
        if r.ok {
            cases.push(Case { name: doc.name, facts, given, expect, at });
        }
    }
    kb.cases = cases;
}

struct Resolver<'a> {
    kb: &'a Knowledge,
    file: &'a SourceFile,
    /// Where the case starts: ids are looked for from here on.
    from: usize,
    ok: bool,
    diags: &'a mut Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn error(&mut self, d: Diagnostic, offset: usize, len: usize) {
        self.ok = false;
        self.diags.push(d.at(self.file, offset, len));
    }

    fn facts(&mut self, raw: &[(String, serde_json::Value)]) -> (Vec<Option<Value>>, Vec<usize>) {
        let mut values = vec![None; self.kb.facts.len()];
        let mut given = Vec::new();
        let facts_key = self.file.find_key("facts", self.from).unwrap_or(self.from);
        for (id, value) in raw {
            let off = self.file.find_key(id, facts_key).unwrap_or(facts_key);
            let Some(fi) = self.kb.fact_index(id) else {
                let d = unknown("fact", id, self.kb.facts.iter().map(|f| f.id.as_str()));
                self.error(d, off, id.len());
                continue;
            };
            if value.is_null() {
                continue;
            }
            let fact = &self.kb.facts[fi];
            let value = match value {
                serde_json::Value::String(s) => {
                    let norm = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                    fact.aliases.get(&norm).map_or_else(|| value.clone(), |v| serde_json::Value::String(v.clone()))
                }
                _ => value.clone(),
            };
            match coerce(&fact.ty, &value) {
                Ok(v) => {
                    values[fi] = Some(v);
                    given.push(fi);
                }
                Err(why) => {
                    let d = Diagnostic::error("E030", format!("fact `{id}` in a test case: {why}")).with_hint(format!(
                        "`{id}` is {}: write {}",
                        fact.ty.name(),
                        fact.ty.expected()
                    ));
                    self.error(d, off, id.len());
                }
            }
        }
        (values, given)
    }

    fn cause(&mut self, id: &str) -> Option<usize> {
        let found = self.kb.cause_index(id);
        if found.is_none() {
            let off = self.file.find_word(id, self.from).unwrap_or(self.from);
            let d = unknown("cause", id, self.kb.causes.iter().map(|c| c.id.as_str()));
            self.error(d, off, id.len());
        }
        found
    }

    fn expect(&mut self, doc: ExpectDoc) -> Vec<Expect> {
        let mut out = Vec::new();
        if let Some(c) = doc.top.as_deref().and_then(|c| self.cause(c)) {
            out.push(Expect::Top(c));
        }
        for t in doc.in_top.into_vec() {
            if t.k == 0 {
                let off = self.file.find_key("k", self.from).unwrap_or(self.from);
                self.error(
                    Diagnostic::error("E033", "`in_top` with `k: 0` can never hold")
                        .with_hint("`k` is how many of the top causes to look at: 1 or more"),
                    off,
                    1,
                );
            }
            if let Some(c) = self.cause(&t.cause) {
                out.push(Expect::InTop { cause: c, k: t.k });
            }
        }
        for c in doc.not_top.into_vec() {
            if let Some(c) = self.cause(&c) {
                out.push(Expect::NotTop(c));
            }
        }
        for c in doc.ruled_out.into_vec() {
            if let Some(c) = self.cause(&c) {
                out.push(Expect::RuledOut(c));
            }
        }
        for b in doc.below.into_vec() {
            if let (Some(cause), Some(than)) = (self.cause(&b.cause), self.cause(&b.than)) {
                out.push(Expect::Below { cause, than });
            }
        }
        if let Some(step) = doc.first_step {
            if let Some(s) = self.step(&step) {
                out.push(Expect::FirstStep(s));
            }
        }
        out
    }

    fn step(&mut self, id: &str) -> Option<StepRef> {
        if id == "escalate" {
            return Some(StepRef::Escalate);
        }
        if let Some(r) = self.kb.remedies.iter().position(|r| r.id.as_str() == id) {
            return Some(StepRef::Fix(r));
        }
        if let Some(f) = self.kb.fact_index(id) {
            return Some(StepRef::Check(f));
        }
        let off = self.file.find_word(id, self.from).unwrap_or(self.from);
        let known = self.kb.remedies.iter().map(|r| r.id.as_str()).chain(self.kb.facts.iter().map(|f| f.id.as_str()));
        let what = "`first_step` names a remedy, a fact to check, or `escalate`";
        let hint = match crate::diag::did_you_mean(id, known) {
            Some(close) => format!("did you mean `{close}`? {what}"),
            None => what.to_string(),
        };
        let d = Diagnostic::error("E013", format!("unknown remedy or check `{id}`")).with_hint(hint);
        self.error(d, off, id.len());
        None
    }
}
