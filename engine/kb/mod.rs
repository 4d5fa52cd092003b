//! Loads the knowledge base's YAML into a typed model, checking ids and references on the way.

mod cases;
mod model;
mod resolve;
mod source;

pub use cases::{Case, Expect, StepRef};
pub use model::{ActionDoc, AnsweredBy, CanRun, CollectDoc, ConsoleDoc, CostDoc, Evidence, Risk, Side, StepDoc};
pub use source::{KbSource, LEARNED_FILE, MAX_KB_FILE_BYTES};

use crate::diag::{did_you_mean, Diagnostic};
use crate::ids::{CauseId, FactId, RemedyId};
use crate::source::SourceFile;
use crate::value::FactType;
use model::{FileDoc, SettingsDoc};
use std::collections::BTreeMap;

/// A place in one of the knowledge base's YAML files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loc {
    pub file: usize,
    pub offset: usize,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub unknown_cause_prior: f64,
    pub escalation_minutes: f64,
    /// In `ask`, the minutes one expected bit of information about the cause is worth, beyond
    /// what the answer saves in the current plan (`plan::next_question`).
    pub ask_minutes_per_bit: f64,
    /// In `ask`, the probability of the leading cause at which the questions stop.
    pub ask_confident_at: f64,
    /// In `ask`, the product of the ratios supporting the leading cause that a confident stop
    /// needs: one weak observation is not enough.
    pub ask_stop_support: f64,
    /// In `ask`, the minutes one question costs whatever its answer (reading it, saying "don't know").
    pub ask_question_minutes: f64,
    /// In `ask`, the chance that someone who does not know a fact can find it out, per route.
    pub ask_can_run: CanRun,
    pub strengths: BTreeMap<String, f64>,
    pub console: Option<ConsoleDoc>,
    /// How the evidence of fired rules combines into each cause's score.
    pub combination: Combination,
}

/// How the evidence of the rules that fired combines (`settings.combination`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Combination {
    /// Odds multiplied by likelihood ratios (DESIGN.md); the default.
    #[default]
    LikelihoodRatio,
    /// MYCIN certainty factors: `cf1 + cf2·(1 − cf1)` for supporting evidence.
    CertaintyFactor,
}

impl Combination {
    pub const NAMES: [&'static str; 2] = ["likelihood_ratio", "certainty_factor"];

    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "likelihood_ratio" => Some(Self::LikelihoodRatio),
            "certainty_factor" => Some(Self::CertaintyFactor),
            _ => None,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        let strengths = [
            ("confirms", 50.0),
            ("strongly", 10.0),
            ("likely", 3.0),
            ("weakly", 1.5),
            ("against", 0.3),
            ("strongly_against", 0.1),
        ];
        Self {
            unknown_cause_prior: 0.05,
            escalation_minutes: 120.0,
            ask_minutes_per_bit: 10.0,
            ask_confident_at: 0.6,
            ask_stop_support: 8.0,
            ask_question_minutes: 1.25,
            ask_can_run: CanRun::default(),
            strengths: strengths.iter().map(|&(k, v)| (k.to_string(), v)).collect(),
            console: None,
            combination: Combination::LikelihoodRatio,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Fact {
    pub id: FactId,
    pub ty: FactType,
    pub question: String,
    pub help: String,
    pub answered_by: AnsweredBy,
    /// The chance that the person at hand knows the answer without running anything (`ask`
    /// weighs a question by the chance of getting an answer).
    pub known: f64,
    pub cost: CostDoc,
    pub unit: Option<String>,
    pub collect: Option<CollectDoc>,
    /// Enum aliases: another word → the value it means.
    pub aliases: BTreeMap<String, String>,
    /// A follow-up question: asked only once this condition is known to hold (compiled by the
    /// checker into `Program::ask_if`), with where its text starts.
    pub ask_if: Option<(String, Loc)>,
    pub at: Loc,
}

#[derive(Clone, Debug)]
pub struct Cause {
    pub id: CauseId,
    pub title: String,
    pub explanation: String,
    /// The author's prior, as written.
    pub raw_prior: f64,
    /// The prior normalised so that all causes and the unknown cause sum to 1.
    pub prior: f64,
    pub evidence: Evidence,
    pub verdict: Option<String>,
    pub sources: Vec<String>,
    pub at: Loc,
}

#[derive(Clone, Debug)]
pub struct Remedy {
    pub id: RemedyId,
    pub title: String,
    /// (index into `Knowledge::causes`, probability that this remedy fixes that cause).
    pub fixes: Vec<(usize, f64)>,
    pub steps: Vec<StepDoc>,
    pub cost: CostDoc,
    pub risk: Risk,
    pub risk_note: Option<String>,
    pub verify: Option<ActionDoc>,
    pub revert: Option<ActionDoc>,
    /// Indices of remedies that must come before this one.
    pub after: Vec<usize>,
    /// Conditional fix probabilities, compiled by the checker.
    pub when: Vec<When>,
    pub evidence: Evidence,
    pub verdict: Option<String>,
    pub sources: Vec<String>,
    pub at: Loc,
}

/// Fix probabilities that apply when a condition (rule-language text) holds.
#[derive(Clone, Debug)]
pub struct When {
    pub condition: String,
    /// Where the condition text starts in its YAML file (or its `if:` key when it is escaped).
    pub at: Loc,
    pub fixes: Vec<(usize, f64)>,
}

/// The loaded knowledge base: every id resolved to an index.
#[derive(Clone, Debug, Default)]
pub struct Knowledge {
    pub settings: Settings,
    pub facts: Vec<Fact>,
    pub causes: Vec<Cause>,
    pub remedies: Vec<Remedy>,
    pub files: Vec<SourceFile>,
    /// The knowledge base's own test cases (`tests:` sections), for `fixplan test`.
    pub cases: Vec<Case>,
    /// Fact and cause ids to their first index, filled by `index_ids` once every fact and cause
    /// is loaded (every line of every input looks ids up): empty until then.
    pub fact_ids: std::collections::HashMap<String, usize>,
    pub cause_ids: std::collections::HashMap<String, usize>,
}

impl Knowledge {
    pub fn fact_index(&self, id: &str) -> Option<usize> {
        match self.fact_ids.len() == self.facts.len() {
            true => self.fact_ids.get(id).copied(),
            false => self.facts.iter().position(|f| f.id.as_str() == id),
        }
    }
    pub fn cause_index(&self, id: &str) -> Option<usize> {
        match self.cause_ids.len() == self.causes.len() {
            true => self.cause_ids.get(id).copied(),
            false => self.causes.iter().position(|c| c.id.as_str() == id),
        }
    }
    /// Fills `fact_ids` and `cause_ids`; a repeated id (an error the checker reports) keeps its
    /// first index, as a scan would find. The maps are used only while they cover every fact and
    /// cause, so a fact added later is still found.
    pub fn index_ids(&mut self) {
        let mut facts = std::collections::HashMap::with_capacity(self.facts.len());
        for (i, f) in self.facts.iter().enumerate() {
            facts.entry(f.id.to_string()).or_insert(i);
        }
        let mut causes = std::collections::HashMap::with_capacity(self.causes.len());
        for (i, c) in self.causes.iter().enumerate() {
            causes.entry(c.id.to_string()).or_insert(i);
        }
        // With repeated ids a map is shorter than its list; the scan then stays in use.
        self.fact_ids = facts;
        self.cause_ids = causes;
    }
    /// The file that holds the top-level `settings:` section.
    pub fn settings_file(&self) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.text.starts_with("settings:") || f.text.contains("\nsettings:"))
    }

    /// A diagnostic placed at `loc`, `len` bytes long.
    pub fn diag_at(&self, d: Diagnostic, loc: Loc, len: usize) -> Diagnostic {
        match self.files.get(loc.file) {
            Some(src) => d.at(src, loc.offset, len),
            None => d,
        }
    }
}

/// Loads every YAML file of the knowledge base. Returns what could be loaded and every problem
/// found; the knowledge base is usable only when no diagnostic is an error.
pub fn load(src: &KbSource) -> (Knowledge, Vec<Diagnostic>) {
    let mut kb = Knowledge { files: src.yaml.clone(), ..Knowledge::default() };
    let mut diags = Vec::new();
    let mut settings: Option<SettingsDoc> = None;
    let mut remedy_docs = Vec::new();
    let mut case_docs = Vec::new();
    for (fi, file) in src.yaml.iter().enumerate() {
        let doc: FileDoc = match parse_yaml(file) {
            Ok(Some(doc)) => doc,
            Ok(None) => {
                let d = Diagnostic::warning("W208", "the file is empty").in_file(file.name.clone());
                diags.push(d.with_hint("restore it from version control, or delete it if it is not needed"));
                continue;
            }
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let mut cursor = 0;
        let place = |id: &str, cursor: &mut usize| {
            let at = file.find_word(id, *cursor).unwrap_or(*cursor);
            *cursor = at;
            Loc { file: fi, offset: at }
        };
        if let Some(s) = doc.settings {
            if settings.is_some() {
                let at = file.find_key("settings", 0).unwrap_or(0);
                diags.push(
                    Diagnostic::error("E006", "`settings` is defined twice")
                        .at(file, at, 8)
                        .with_hint("keep one `settings:` section in the knowledge base"),
                );
            }
            settings.get_or_insert(s);
        }
        for f in doc.facts {
            let at = place(&f.id, &mut cursor);
            let Some(ty) = FactType::parse(&f.ty, &f.values) else {
                let off = file.find_word(&f.ty, at.offset).unwrap_or(at.offset);
                diags.push(
                    Diagnostic::error("E007", format!("fact `{}` has unknown type `{}`", f.id, f.ty))
                        .at(file, off, f.ty.len())
                        .with_hint("use one of bool, int, float, string, enum, list<int>"),
                );
                continue;
            };
            if matches!(ty, FactType::Enum(ref v) if v.is_empty()) {
                diags.push(
                    Diagnostic::error("E008", format!("enum fact `{}` lists no `values`", f.id))
                        .at(file, at.offset, f.id.len())
                        .with_hint("add `values: [a, b, ...]`"),
                );
            }
            for (alias, target) in &f.aliases {
                let known = matches!(&ty, FactType::Enum(v) if v.contains(target));
                if !known {
                    // The caret goes under the target, the word that is wrong.
                    let key = file.find_key(alias, at.offset).unwrap_or(at.offset);
                    let off = file.find_word(target, key + alias.len()).unwrap_or(key);
                    diags.push(
                        Diagnostic::error(
                            "E014",
                            format!("alias `{alias}` of `{}` points to `{target}`, not a value", f.id),
                        )
                        .at(file, off, target.len())
                        .with_hint(match &ty {
                            FactType::Enum(v) => match did_you_mean(target, v.iter().map(String::as_str)) {
                                Some(close) => format!(
                                    "did you mean `{close}`? aliases map other words to the fact's enum `values`"
                                ),
                                None => format!("aliases map other words to the fact's values: {}", v.join(", ")),
                            },
                            _ => "aliases are for enum facts only".to_string(),
                        }),
                    );
                }
            }
            // The condition's place: the text after its `ask_if:` key, else the fact's id.
            let ask_if = f.ask_if.map(|c| {
                let key = file.find_key("ask_if", at.offset).unwrap_or(at.offset);
                let offset = file.text.get(key..).and_then(|t| t.find(&c)).map_or(key, |o| key + o);
                (c, Loc { file: at.file, offset })
            });
            kb.facts.push(Fact {
                id: FactId(f.id),
                ty,
                question: f.question,
                help: f.help,
                answered_by: f.answered_by,
                known: f.known.unwrap_or_else(|| f.answered_by.known_by_default()),
                cost: f.cost,
                unit: f.unit,
                collect: f.collect,
                aliases: f.aliases,
                ask_if,
                at,
            });
        }
        for c in doc.causes {
            let at = place(&c.id, &mut cursor);
            kb.causes.push(Cause {
                id: CauseId(c.id),
                title: c.title,
                explanation: c.explanation,
                raw_prior: c.prior,
                prior: 0.0,
                evidence: c.evidence,
                verdict: c.verdict,
                sources: c.sources,
                at,
            });
        }
        for r in doc.remedies {
            let at = place(&r.id, &mut cursor);
            remedy_docs.push((r, at));
        }
        case_docs.extend(doc.tests.into_iter().map(|t| (t, fi)));
    }
    if let Some(s) = settings {
        let combination = match s.combination.as_deref() {
            None => Combination::LikelihoodRatio,
            Some(word) => Combination::parse(word).unwrap_or_else(|| {
                diags.push(bad_combination(&kb, word));
                Combination::LikelihoodRatio
            }),
        };
        kb.settings = Settings {
            unknown_cause_prior: s.unknown_cause_prior,
            escalation_minutes: s.escalation_minutes,
            ask_minutes_per_bit: s.ask_minutes_per_bit.unwrap_or(10.0),
            ask_confident_at: s.ask_confident_at.unwrap_or(0.6),
            ask_stop_support: s.ask_stop_support.unwrap_or(8.0),
            ask_question_minutes: s.ask_question_minutes.unwrap_or(1.25),
            ask_can_run: s.ask_can_run.unwrap_or_default(),
            strengths: s.strengths,
            console: s.console,
            combination,
        };
    }
    kb.index_ids();
    resolve::check_ids(&kb, &mut diags);
    resolve::resolve_remedies(&mut kb, remedy_docs, &mut diags);
    resolve::check_numbers(&kb, &mut diags);
    cases::resolve(&mut kb, case_docs, &mut diags);
    normalise_priors(&mut kb);
    (kb, diags)
}

/// E015: `settings.combination` names no known way of combining evidence.
fn bad_combination(kb: &Knowledge, word: &str) -> Diagnostic {
    let d = Diagnostic::error("E015", format!("unknown evidence combination `{word}`"));
    let d = match kb.settings_file() {
        Some(src) => {
            let key = src.find_key("combination", 0).unwrap_or(0);
            let at = src.find_word(word, key).unwrap_or(key);
            d.at(src, at, word.len())
        }
        None => d,
    };
    let hint = match did_you_mean(word, Combination::NAMES) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("use one of {}", Combination::NAMES.join(", ")),
    };
    d.with_hint(hint)
}

/// The deepest nesting accepted in a knowledge-base YAML file (the YAML parser's own limit).
pub const MAX_KB_DEPTH: usize = crate::yaml::MAX_DEPTH;

fn parse_yaml(file: &SourceFile) -> Result<Option<FileDoc>, Diagnostic> {
    if file.text.trim().is_empty() {
        return Ok(None);
    }
    crate::yaml::from_str::<FileDoc>(&file.text).map(Some).map_err(|e| {
        let msg = e.message.as_str();
        let second_doc = || msg.contains("more than one document").then(|| file.text.find("\n---")).flatten();
        let d = crate::yaml::kb_diagnostic(file, msg, e.offset.or_else(|| second_doc().map(|i| i + 1)));
        // A parser complaint that kb_diagnostic has no words for gets the fix the fact loader gives.
        let generic = d.hint.as_deref().is_none_or(|h| h.starts_with("see kb/README.md"));
        match crate::yaml::yaml_fix(msg) {
            Some(fix) if generic => d.with_hint(fix),
            _ => d,
        }
    })
}

fn normalise_priors(kb: &mut Knowledge) {
    let total: f64 = kb.causes.iter().map(|c| c.raw_prior.max(0.0)).sum();
    let share = 1.0 - kb.settings.unknown_cause_prior;
    for c in &mut kb.causes {
        c.prior = if total > 0.0 { c.raw_prior.max(0.0) / total * share } else { 0.0 };
    }
}

/// "unknown X `id`" with a "did you mean" hint when a known id is close.
pub fn unknown<'a>(kind: &str, id: &str, known: impl IntoIterator<Item = &'a str>) -> Diagnostic {
    let d = Diagnostic::error("E013", format!("unknown {kind} `{id}`"));
    match did_you_mean(id, known) {
        Some(close) => d.with_hint(format!("did you mean `{close}`?")),
        None => d.with_hint(format!("define the {kind} in kb/ or correct the id")),
    }
}

pub fn risk_name(r: Risk) -> &'static str {
    match r {
        Risk::Low => "low",
        Risk::Medium => "medium",
        Risk::High => "high",
    }
}
