//! The serde model of the knowledge-base YAML files, exactly as authors write them.

use serde::Deserialize;
use std::collections::BTreeMap;

/// One YAML file of `kb/`: any of the sections, merged with the other files by the loader.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDoc {
    #[serde(default)]
    pub settings: Option<SettingsDoc>,
    #[serde(default)]
    pub facts: Vec<FactDoc>,
    #[serde(default)]
    pub causes: Vec<CauseDoc>,
    #[serde(default)]
    pub remedies: Vec<RemedyDoc>,
    #[serde(default)]
    pub tests: Vec<super::cases::CaseDoc>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsDoc {
    pub unknown_cause_prior: f64,
    pub escalation_minutes: f64,
    /// In `ask`, the minutes one expected bit of information about the cause is worth.
    #[serde(default)]
    pub ask_minutes_per_bit: Option<f64>,
    /// In `ask`, the probability of the leading cause at which questions stop.
    #[serde(default)]
    pub ask_confident_at: Option<f64>,
    /// In `ask`, the product of the supporting likelihood ratios the leading cause needs before
    /// a confident stop.
    #[serde(default)]
    pub ask_stop_support: Option<f64>,
    /// In `ask`, the minutes a question costs even when the answer is "don't know".
    #[serde(default)]
    pub ask_question_minutes: Option<f64>,
    /// In `ask`, the chance that someone who does not know a fact can find it out, per route.
    #[serde(default)]
    pub ask_can_run: Option<CanRun>,
    pub strengths: BTreeMap<String, f64>,
    #[serde(default)]
    pub console: Option<ConsoleDoc>,
    /// How the evidence of fired rules combines: `likelihood_ratio` (default) or
    /// `certainty_factor`; checked by the loader, so that a bad word gets a diagnostic.
    #[serde(default)]
    pub combination: Option<String>,
}

/// The chance that a person who does not know a fact can go and find it out, by where it takes
/// them, before the session's answers say more; `weight` is how many answers it counts as.
#[derive(Clone, Copy, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CanRun {
    pub user: f64,
    pub client: f64,
    pub server: f64,
    pub console: f64,
    pub weight: f64,
}

impl Default for CanRun {
    fn default() -> Self {
        Self { user: 0.3, client: 0.5, server: 0.3, console: 0.2, weight: 1.5 }
    }
}

/// What reaching the server's console adds to a step that needs it, by whether it is available.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsoleDoc {
    /// The yes/no fact that says whether console, out-of-band or run-command access exists.
    pub fact: String,
    pub available_minutes: f64,
    pub unavailable_minutes: f64,
    pub unknown_minutes: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDoc {
    pub id: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub values: Vec<String>,
    /// Other words people use for enum values (`before_cert_prompt: immediately`).
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    pub question: String,
    pub help: String,
    pub answered_by: AnsweredBy,
    /// The chance that the person at hand knows the answer without running anything; when
    /// absent, `AnsweredBy::known_by_default`.
    #[serde(default)]
    pub known: Option<f64>,
    pub cost: CostDoc,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub collect: Option<CollectDoc>,
    /// A follow-up question: asked only once this condition (rule language) is known to hold.
    #[serde(default)]
    pub ask_if: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnsweredBy {
    User,
    Client,
    Server,
    Probe,
}

impl AnsweredBy {
    /// The chance that the person reporting knows a fact of this kind without running anything,
    /// for a fact that does not say (`known:`): what the user saw, rarely a check's result.
    pub fn known_by_default(self) -> f64 {
        match self {
            Self::User => 0.3,
            Self::Client => 0.05,
            Self::Server => 0.03,
            Self::Probe => 0.0,
        }
    }
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CostDoc {
    pub minutes: f64,
    #[serde(default)]
    pub admin: bool,
    #[serde(default)]
    pub console: bool,
    #[serde(default)]
    pub reboot: bool,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CollectDoc {
    pub side: Side,
    pub powershell: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Client,
    Server,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    Ms,
    Incident,
    Community,
    Folklore,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CauseDoc {
    pub id: String,
    pub title: String,
    pub explanation: String,
    pub prior: f64,
    pub evidence: Evidence,
    #[serde(default)]
    pub verdict: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemedyDoc {
    pub id: String,
    pub title: String,
    pub fixes: BTreeMap<String, f64>,
    pub steps: Vec<StepDoc>,
    pub cost: CostDoc,
    pub risk: Risk,
    #[serde(default)]
    pub risk_note: Option<String>,
    #[serde(default)]
    pub verify: Option<ActionDoc>,
    #[serde(default)]
    pub revert: Option<ActionDoc>,
    #[serde(default)]
    pub after: Vec<String>,
    /// Fix probabilities that replace `fixes` (for the causes they name) when a condition over
    /// the facts holds; the first that holds wins.
    #[serde(default)]
    pub when: Vec<WhenDoc>,
    pub evidence: Evidence,
    #[serde(default)]
    pub verdict: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenDoc {
    #[serde(rename = "if")]
    pub condition: String,
    pub fixes: BTreeMap<String, f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Medium,
    High,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct StepDoc {
    #[serde(rename = "do")]
    pub action: String,
    #[serde(default, rename = "where")]
    pub place: Option<String>,
    #[serde(default)]
    pub shell: Option<String>,
    #[serde(default)]
    pub run: Option<String>,
}

#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDoc {
    #[serde(rename = "do")]
    pub action: String,
    #[serde(default)]
    pub run: Option<String>,
}
