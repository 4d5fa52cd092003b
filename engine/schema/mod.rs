//! JSON Schemas (draft-07, which yaml-language-server and most editors handle) for the
//! knowledge-base YAML files and for fact files, so editors validate and complete while typing.
//! The knowledge-base schema mirrors the serde model of `kb::model`; ids known to the knowledge
//! base are offered for completion but never required, so a new id does not turn red.

mod facts;

pub use facts::facts_schema;

use crate::kb::Knowledge;
use serde_json::{json, Map, Value};

pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";
/// File names `fixplan schema -o DIR` writes, and the shipped YAML files point to.
pub const KB_FILE: &str = "kb.schema.json";
pub const FACTS_FILE: &str = "facts.schema.json";

const ID_PATTERN: &str = "^[a-z][a-z0-9_]*$";

/// A schema as pretty JSON with a final newline, the form committed to `kb/schema/`.
pub fn to_text(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}

fn id(description: &str) -> Value {
    json!({ "type": "string", "pattern": ID_PATTERN, "description": description })
}

/// A string that is one of `known` (offered for completion) or any other snake_case id.
fn id_ref(description: &str, known: Vec<&str>) -> Value {
    json!({
        "description": description,
        "anyOf": [ { "enum": known }, { "type": "string", "pattern": ID_PATTERN } ]
    })
}

fn text(description: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "description": description })
}

fn object(description: &str, required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "description": description,
        "required": required,
        "properties": properties,
        "additionalProperties": false
    })
}

fn positive(description: &str) -> Value {
    json!({ "type": "number", "exclusiveMinimum": 0, "description": description })
}

/// `cause id: probability`: known causes are listed as properties so editors complete them.
fn fixes(description: &str, kb: &Knowledge) -> Value {
    let prob = json!({ "type": "number", "exclusiveMinimum": 0, "maximum": 1 });
    let known: Map<String, Value> = kb.causes.iter().map(|c| (c.id.to_string(), prob.clone())).collect();
    json!({
        "type": "object",
        "description": description,
        "minProperties": 1,
        "properties": known,
        "propertyNames": { "pattern": ID_PATTERN },
        "additionalProperties": prob
    })
}

fn evidence() -> Value {
    json!({
        "enum": ["ms", "incident", "community", "folklore"],
        "description": "How well the link to the failure is supported: ms (Microsoft documents it), incident (a real case), community, folklore"
    })
}

fn sources() -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": "Where the claim comes from" })
}

fn cost() -> Value {
    object(
        "What it takes: minutes, and whether it needs admin rights, the server's console or a reboot",
        &["minutes"],
        json!({
            "minutes": positive("Minutes a technician needs (a positive number)"),
            "admin": { "type": "boolean", "description": "Needs administrator rights" },
            "console": { "type": "boolean", "description": "Needs the server's console, out-of-band access or a cloud run-command (RDP itself is broken)" },
            "reboot": { "type": "boolean", "description": "Needs a reboot (adds 10 minutes)" }
        }),
    )
}

fn action(description: &str) -> Value {
    object(
        description,
        &["do"],
        json!({
            "do": text("What a person does"),
            "run": { "type": "string", "description": "The exact command" }
        }),
    )
}

fn settings(kb: &Knowledge) -> Value {
    let facts: Vec<&str> = kb.facts.iter().map(|f| f.id.as_str()).collect();
    object(
        "Global numbers of the inference engine; once in the knowledge base (kb/settings.yaml)",
        &["unknown_cause_prior", "escalation_minutes", "strengths"],
        json!({
            "unknown_cause_prior": { "type": "number", "minimum": 0, "exclusiveMaximum": 1,
                "description": "Share of probability kept for a cause the knowledge base does not know, in [0, 1)" },
            "escalation_minutes": positive("Cost of handing the case on; the plan escalates when nothing left is worth more per minute"),
            "ask_minutes_per_bit": { "type": "number", "minimum": 0,
                "description": "In `fixplan ask`, minutes one expected bit of information about the cause is worth beyond what the answer saves in the plan (default 10)" },
            "ask_confident_at": { "type": "number", "exclusiveMinimum": 0, "maximum": 1,
                "description": "In `fixplan ask`, the probability of the leading cause at which questions stop and the plan is shown (default 0.6; 1 keeps asking while a question is worth its cost)" },
            "ask_stop_support": { "type": "number", "minimum": 1,
                "description": "In `fixplan ask`, the product of the likelihood ratios supporting the leading cause that a confident stop needs (default 8: one weak rule is not enough)" },
            "ask_question_minutes": { "type": "number", "minimum": 0,
                "description": "In `fixplan ask`, the minutes a question costs whatever the answer, \"don't know\" included (default 1.25)" },
            "ask_can_run": { "type": "object", "additionalProperties": false,
                "required": ["user", "client", "server", "console", "weight"],
                "description": "In `fixplan ask`, the chance that a person who does not know a fact can find it out, by route (the user, a check on the client, on the server, at its console), before the session's answers say more; `weight` is how many answers these chances count as",
                "properties": {
                    "user": { "type": "number", "minimum": 0, "maximum": 1 },
                    "client": { "type": "number", "minimum": 0, "maximum": 1 },
                    "server": { "type": "number", "minimum": 0, "maximum": 1 },
                    "console": { "type": "number", "minimum": 0, "maximum": 1 },
                    "weight": { "type": "number", "exclusiveMinimum": 0 } } },
            "combination": { "enum": ["likelihood_ratio", "certainty_factor"],
                "description": "How fired rules combine: likelihood ratios on the odds (default) or MYCIN certainty factors" },
            "strengths": {
                "type": "object",
                "description": "Likelihood ratios behind the named strengths that rules use (`CAUSE likely`)",
                "propertyNames": { "pattern": ID_PATTERN },
                "additionalProperties": positive("Likelihood ratio: above 1 raises a cause, below 1 lowers it")
            },
            "console": object(
                "What reaching the server's console adds to a step that needs it",
                &["fact", "available_minutes", "unavailable_minutes", "unknown_minutes"],
                json!({
                    "fact": id_ref("The yes/no fact that says whether console, out-of-band or run-command access exists", facts),
                    "available_minutes": { "type": "number", "minimum": 0, "description": "Minutes added when the console can be reached" },
                    "unavailable_minutes": { "type": "number", "minimum": 0, "description": "Minutes added when it cannot" },
                    "unknown_minutes": { "type": "number", "minimum": 0, "description": "Minutes added when nobody knows yet" }
                }),
            )
        }),
    )
}

fn fact() -> Value {
    let mut f = object(
        "An observation: a symptom the user reports or a check anyone can run",
        &["id", "type", "question", "help", "answered_by", "cost"],
        json!({
            "id": id("Fact id, snake_case, unique"),
            "type": { "enum": ["bool", "int", "float", "string", "enum", "list<int>"], "description": "The type of the answer" },
            "values": { "type": "array", "items": { "type": "string", "pattern": ID_PATTERN }, "minItems": 1,
                "description": "enum only: the allowed values, in the order they are offered" },
            "aliases": { "type": "object", "additionalProperties": { "type": "string" },
                "description": "enum only: other words people use for a value (`other_word: value`)" },
            "question": text("What `fixplan ask` prints"),
            "help": { "type": "string", "minLength": 15, "description": "How to find the answer: the exact command to run or the place to click" },
            "answered_by": { "enum": ["user", "client", "server", "probe"], "description": "Who can answer: the person reporting, a check on the client, on the server, or `fixplan probe`" },
            "known": { "type": "number", "minimum": 0, "maximum": 1,
                "description": "The chance that the person reporting knows the answer without running anything (`fixplan ask` asks likely-known questions first); default by answered_by: user 0.3, client 0.05, server 0.03, probe 0" },
            "cost": cost(),
            "unit": { "type": "string", "description": "Shown after numbers (days, ms)" },
            "ask_if": text("A follow-up question: `fixplan ask` and the plan ask it only once this condition (rule language) is known to hold, e.g. `cert_warning_shown`"),
            "collect": object("How a collector obtains it", &["side", "powershell"], json!({
                "side": { "enum": ["client", "server"], "description": "Where the collector runs" },
                "powershell": text("The command a collector runs")
            }))
        }),
    );
    // `values` belongs to enum facts: required there.
    f["if"] = json!({ "properties": { "type": { "const": "enum" } } });
    f["then"] = json!({ "required": ["values"] });
    f
}

fn cause() -> Value {
    object(
        "A root cause: a competing explanation of the failure",
        &["id", "title", "explanation", "prior", "evidence"],
        json!({
            "id": id("Cause id, snake_case, unique"),
            "title": text("One line shown in plans"),
            "explanation": text("The mechanism, in words an administrator reads in a plan"),
            "prior": positive("Rough share of all cases before any evidence (the loader normalises)"),
            "evidence": evidence(),
            "verdict": { "type": "string", "description": "The folklore verdict shown in plans" },
            "sources": sources()
        }),
    )
}

fn remedy(kb: &Knowledge) -> Value {
    let remedies: Vec<&str> = kb.remedies.iter().map(|r| r.id.as_str()).collect();
    let mut r = object(
        "A fix: which causes it fixes, the steps, cost, risk, how to verify and revert it",
        &["id", "title", "fixes", "steps", "cost", "risk", "evidence"],
        json!({
            "id": id("Remedy id, snake_case, unique"),
            "title": text("One line shown in plans"),
            "fixes": fixes("Cause id: probability in (0, 1] that this remedy fixes it when it is the cause", kb),
            "steps": { "type": "array", "minItems": 1, "description": "Ordered; each step is something a person does",
                "items": object("One step", &["do"], json!({
                    "do": text("What a person does"),
                    "where": { "enum": ["client", "server", "gateway", "network", "dc", "other"], "description": "Where it is done" },
                    "shell": { "enum": ["powershell", "cmd", "bash", "none"], "description": "The shell of `run`" },
                    "run": { "type": "string", "description": "The exact command" }
                })) },
            "cost": cost(),
            "risk": { "enum": ["low", "medium", "high"], "description": "medium and high need `revert`" },
            "risk_note": { "type": "string", "description": "What can go wrong" },
            "verify": action("How to tell that it worked"),
            "revert": action("How to undo it (required for medium and high risk)"),
            "after": { "type": "array", "items": id_ref("A remedy that must come before this one", remedies),
                "description": "Remedies that must come before this one when both are planned" },
            "when": { "type": "array", "description": "Fix probabilities that replace `fixes` when a condition holds; the first that holds wins",
                "items": object("A condition and the probabilities it sets", &["if", "fixes"], json!({
                    "if": text("A condition of the rule language, like `machinekeys_acl_ok == false`"),
                    "fixes": fixes("Cause id: probability when the condition holds", kb)
                })) },
            "evidence": evidence(),
            "verdict": { "type": "string", "description": "The folklore note shown in plans" },
            "sources": sources()
        }),
    );
    r["if"] = json!({ "properties": { "risk": { "enum": ["medium", "high"] } }, "required": ["risk"] });
    r["then"] = json!({ "required": ["revert"] });
    r
}

/// One or a list of `item`.
fn one_or_many(item: Value) -> Value {
    json!({ "anyOf": [ item.clone(), { "type": "array", "items": item } ] })
}

/// A test case of `tests:`: facts given (like a fact file) and what the engine must conclude.
fn case(kb: &Knowledge) -> Value {
    let cause = || id_ref("a cause id", kb.causes.iter().map(|c| c.id.as_str()).collect());
    let step_ids: Vec<&str> = kb
        .remedies
        .iter()
        .map(|r| r.id.as_str())
        .chain(kb.facts.iter().map(|f| f.id.as_str()))
        .chain(std::iter::once("escalate"))
        .collect();
    object(
        "A test case: given facts, what the engine must conclude",
        &["name", "expect"],
        json!({
            "name": text("What the case checks; unique in the knowledge base"),
            "facts": { "type": "object", "description": "Facts as in a fact file (fact id: value; null is unknown)" },
            "expect": object("What must hold; at least one entry", &[], json!({
                "top": cause(),
                "in_top": one_or_many(object("CAUSE is among the k most probable", &["cause", "k"], json!({
                    "cause": cause(),
                    "k": { "type": "integer", "minimum": 1 }
                }))),
                "not_top": one_or_many(cause()),
                "ruled_out": one_or_many(cause()),
                "below": one_or_many(object("CAUSE ranks below THAN", &["cause", "than"], json!({
                    "cause": cause(),
                    "than": cause()
                }))),
                "first_step": id_ref("the remedy or fact (a check) the plan starts with, or `escalate`", step_ids)
            }))
        }),
    )
}

/// The schema of a knowledge-base YAML file: any of the sections (kb/README.md).
pub fn kb_schema(kb: &Knowledge) -> Value {
    json!({
        "$schema": DRAFT,
        "$id": KB_FILE,
        "title": "fixplan knowledge-base file",
        "description": "One YAML file of kb/: any of the sections, merged with the other files. Run `fixplan check` after every edit.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "settings": settings(kb),
            "facts": { "type": "array", "items": fact(), "description": "Observations the engine asks about" },
            "causes": { "type": "array", "items": cause(), "description": "Root causes, scored by the rules" },
            "remedies": { "type": "array", "items": remedy(kb), "description": "Fixes, ranked into the plan" },
            "tests": { "type": "array", "items": case(kb), "description": "Test cases that `fixplan test` runs (kb/tests/*.yaml)" }
        }
    })
}
