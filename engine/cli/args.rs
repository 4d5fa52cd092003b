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
        /// Fact files, directories (searched for *.yaml, *.yml, *.json), or - for standard input
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Check the knowledge base and its rules; print every problem with file:line:col
    Check {
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
