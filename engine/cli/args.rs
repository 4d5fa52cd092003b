//! The command line as clap structs; nothing outside `cli` sees them.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "fixplan",
    version,
    about = "Turns facts about an RDP 0x904/0x7 failure into a prioritized fix plan, with reasons"
)]
pub struct Cli {
    /// Use the knowledge base in DIR (with kb/ and rules/) instead of the embedded one
    #[arg(long, global = true, value_name = "DIR")]
    pub kb: Option<PathBuf>,

    /// Apply this learned layer (written by `fixplan learn`) on top of the knowledge base
    /// [default: kb/learned.yaml of --kb DIR, when present]
    #[arg(long, global = true, value_name = "FILE")]
    pub learned: Option<PathBuf>,

    /// When to colour text output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate fact files and print a prioritized fix plan for each
    Eval {
        /// Fact files, JSON Lines files (*.jsonl, one fact set per line), directories (searched for
        /// *.yaml, *.yml, *.json), or - for standard input
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        #[command(flatten)]
        batch: super::eval::BatchArgs,
    },
    /// Ask one question at a time, the most useful next, and end with a fix plan
    Ask {
        /// Start from the facts in FILE (a fact file, e.g. written by a collector or `fixplan probe`)
        #[arg(long, value_name = "FILE", conflicts_with = "resume")]
        facts: Option<PathBuf>,
        /// Continue the session saved in FILE, where it stopped
        #[arg(long, value_name = "FILE")]
        resume: Option<PathBuf>,
        /// Save every answer to FILE as it is given [default at a terminal: fixplan-session-TIME.yaml]
        #[arg(long, value_name = "FILE", conflicts_with = "resume")]
        session: Option<PathBuf>,
        /// Speak the JSON line protocol (CONTRACT section 4) instead of prompting
        #[arg(long)]
        json: bool,
    },
    /// Check the knowledge base and its rules; print every problem with file:line:col
    Check {
        /// Output format
        #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
        format: DiagFormat,
        /// Explain a diagnostic code (what, why, an example and its fix); without CODE, list them
        #[arg(long, value_name = "CODE")]
        explain: Option<Option<String>>,
        /// List every diagnostic code with its title
        #[arg(long, conflicts_with = "explain")]
        list: bool,
    },
    /// Write JSON Schemas of knowledge-base files and fact files, for editors
    Schema {
        /// Write kb.schema.json and facts.schema.json into DIR (the shipped ones are in kb/schema)
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Only this schema; without --out it is printed (default: kb)
        #[arg(long, value_enum)]
        kind: Option<SchemaKind>,
    },
    /// Run the knowledge base's own test cases (kb/tests/*.yaml)
    Test {
        /// Also list rules no case fires, causes no case ranks first, facts no case uses
        #[arg(long)]
        coverage: bool,
        /// Run only the cases whose name contains NAME (ignoring case)
        #[arg(long, value_name = "NAME")]
        filter: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
        format: DiagFormat,
    },
    /// Export the decision graph (facts, rules, causes, remedies and their edges)
    Graph {
        /// Output format
        #[arg(long, short, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Only this cause's neighbourhood: the rules that move it, their facts, its remedies
        #[arg(long, value_name = "CAUSE")]
        focus: Option<String>,
        /// Write to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Explain each cause's probability, why others are ruled out or low, and the plan's order
    Explain {
        /// A fact file, or - for standard input
        #[arg(value_name = "FACTFILE")]
        path: PathBuf,
        /// Only this cause
        #[arg(long, value_name = "ID")]
        cause: Option<String>,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
    },
    /// Write a script, generated from the knowledge base, that collects facts on Windows
    Collector {
        /// The script's language
        #[arg(long, value_enum)]
        shell: Shell,
        /// Which facts the script collects: those read on the client, on the server, or both
        #[arg(long, value_enum, default_value_t = CollectSide::Both)]
        side: CollectSide,
        /// Write the script to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Record what fixed an incident in its fact or session file (`_meta.outcome`)
    Outcome(super::outcome::OutcomeArgs),
    /// Learn cause priors and fix probabilities from fact files with outcomes; write a learned layer
    Learn(super::learn::LearnArgs),
    /// How well the probabilities match the confirmed causes, with and without a learned layer
    Calibrate(super::learn::CalibrateArgs),
    /// Measure an RDP endpoint from the network (TCP, X.224 negotiation, TLS, certificate) and
    /// write the facts as a fact file; sends no credentials
    Probe {
        /// The RDP endpoint: HOST, HOST:PORT or [IPV6]:PORT (port 3389 when none is given)
        #[arg(value_name = "HOST[:PORT]")]
        target: String,
        /// Write the fact file to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Seconds allowed for each step (resolving, connecting, each exchange)
        #[arg(long, value_name = "SECS", default_value = "5", value_parser = super::probe::parse_timeout)]
        timeout: std::time::Duration,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum SchemaKind {
    /// Knowledge-base YAML files (kb/**/*.yaml)
    Kb,
    /// Fact files (one incident)
    Facts,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ExplainFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Shell {
    Powershell,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CollectSide {
    Client,
    Server,
    Both,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Markdown,
    Json,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DiagFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
