//! The command line as clap structs; nothing outside `cli` sees them.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "fixplan",
    version,
    about = "Turns facts about an RDP 0x904/0x7 failure into a prioritized fix plan, with reasons",
    after_help = super::help::EXIT_CODES
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

    /// Print only results, warnings and errors: no notes such as `wrote FILE` on standard error
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also say on standard error which knowledge base is used and what was written
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate fact files and print a prioritized fix plan for each
    #[command(after_help = super::help::EVAL)]
    Eval {
        /// Fact files, JSON Lines files (*.jsonl, one fact set per line), directories (searched for
        /// *.yaml, *.yml, *.json), or - for standard input; wildcards are expanded (on Windows by
        /// fixplan itself)
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Write the whole output to FILE (atomically) instead of standard output; - is standard output
        #[arg(long, short, value_name = "FILE", conflicts_with = "out")]
        output: Option<PathBuf>,
        #[command(flatten)]
        batch: super::eval::BatchArgs,
    },
    /// Ask one question at a time, the most useful next, and end with a fix plan
    #[command(after_help = super::help::ASK)]
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
        /// Speak the JSON line protocol (docs/ask-json.md) instead of prompting
        #[arg(long)]
        json: bool,
        /// With --json: after the result, ask which step fixed it (`outcome_question`); the
        /// protocol's `result` stays the last message without it
        #[arg(long, requires = "json")]
        outcome: bool,
    },
    /// Check the knowledge base and its rules; print every problem with file:line:col
    #[command(after_help = super::help::CHECK)]
    Check {
        /// Output format (also for --list and --explain)
        #[arg(long, short, value_enum, default_value_t = DiagFormat::Text)]
        format: DiagFormat,
        /// Write to FILE instead of standard output; - is standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Explain a diagnostic code (what, why, an example and its fix); without CODE, list them
        #[arg(long, value_name = "CODE")]
        explain: Option<Option<String>>,
        /// List every diagnostic code with its title
        #[arg(long, conflicts_with = "explain")]
        list: bool,
    },
    /// Write JSON Schemas of knowledge-base files and fact files, for editors
    #[command(after_help = super::help::SCHEMA)]
    Schema {
        /// Write kb.schema.json and facts.schema.json into DIR (the shipped ones are in kb/schema);
        /// - prints the schema instead
        #[arg(long = "output", short, visible_alias = "out", value_name = "DIR")]
        out: Option<PathBuf>,
        /// Only this schema; without --out it is printed (default: kb)
        #[arg(long, value_enum)]
        kind: Option<SchemaKind>,
    },
    /// Run the knowledge base's own test cases (kb/tests/*.yaml)
    #[command(after_help = super::help::TEST)]
    Test {
        /// Also list rules no case fires, causes no case ranks first, facts no case uses
        #[arg(long)]
        coverage: bool,
        /// Run only the cases whose name contains NAME (ignoring case)
        #[arg(long, value_name = "NAME")]
        filter: Option<String>,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = DiagFormat::Text)]
        format: DiagFormat,
        /// Write the report to FILE instead of standard output; - is standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Export the decision graph (facts, rules, causes, remedies and their edges)
    #[command(after_help = super::help::GRAPH)]
    Graph {
        /// Output format
        #[arg(long, short, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// Only this cause's neighbourhood: the rules that move it, their facts, its remedies
        #[arg(long, value_name = "CAUSE")]
        focus: Option<String>,
        /// Write to FILE instead of standard output; - is standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Explain each cause's probability, why others are ruled out or low, and the plan's order
    #[command(after_help = super::help::EXPLAIN)]
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
        /// Write to FILE instead of standard output; - is standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a script, generated from the knowledge base, that collects facts on Windows
    #[command(after_help = super::help::COLLECTOR)]
    Collector {
        /// The script's language
        #[arg(long, value_enum)]
        shell: Shell,
        /// Which facts the script collects: those read on the client, on the server, or both
        #[arg(long, value_enum, default_value_t = CollectSide::Both)]
        side: CollectSide,
        /// Write the script to FILE instead of standard output; - is standard output
        #[arg(long = "output", short, visible_alias = "out", value_name = "FILE")]
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
    #[command(after_help = super::help::PROBE)]
    Probe {
        /// The RDP endpoint: HOST, HOST:PORT or [IPV6]:PORT (port 3389 when none is given)
        #[arg(value_name = "HOST[:PORT]")]
        target: String,
        /// Write the fact file to FILE instead of standard output; - is standard output
        #[arg(long = "output", short, visible_alias = "out", value_name = "FILE")]
        out: Option<PathBuf>,
        /// The fact file's format [default: json for -o *.json, yaml otherwise]
        #[arg(long, short, value_enum)]
        format: Option<FactFormat>,
        /// Seconds allowed for each step (resolving, connecting, each exchange)
        #[arg(long, value_name = "SECS", default_value = "5", value_parser = super::probe::parse_timeout)]
        timeout: std::time::Duration,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_help = super::help::COMPLETIONS)]
    Completions {
        /// The shell to complete for
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
        /// Write the script to FILE instead of standard output; - is standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the manual page (roff, for man), of fixplan or of one command
    #[command(after_help = super::help::MAN)]
    Man {
        /// One command's page (`fixplan-eval.1`); without it, the page of fixplan
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
        /// Write the page to FILE instead of standard output; - is standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum FactFormat {
    Yaml,
    Json,
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
    #[value(alias = "human")]
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
    #[value(alias = "human")]
    Text,
    Markdown,
    Json,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DiagFormat {
    /// `human` is accepted too, the name this format had before
    #[value(alias = "human")]
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
