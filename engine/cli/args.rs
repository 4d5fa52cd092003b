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
