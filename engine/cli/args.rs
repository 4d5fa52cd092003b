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
