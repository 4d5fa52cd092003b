//! `fixplan completions SHELL` and `fixplan man`: shell completion scripts and manual pages,
//! generated from the clap definition so that every command and flag, new ones included, is
//! completed and documented without a copy kept by hand.

use super::args::Cli;
use super::Exit;
use clap::CommandFactory;
use std::path::Path;

pub fn completions(shell: clap_complete::Shell, output: Option<&Path>) -> Exit {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "fixplan", &mut script);
    super::out::write_output(output, &script).err().unwrap_or(Exit::Success)
}

/// The roff page of fixplan (its commands listed, the exit statuses), or of one command.
pub fn man(command: Option<&str>, output: Option<&Path>) -> Exit {
    let mut root = Cli::command();
    root.build();
    let page = match command {
        None => root,
        Some(name) => match root.find_subcommand(name) {
            // The page is named `fixplan-eval`, as git and cargo name theirs.
            Some(sub) => {
                let name: &'static str = Box::leak(format!("fixplan-{}", sub.get_name()).into_boxed_str());
                sub.clone().name(name)
            }
            None => {
                let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
                eprintln!("error: no command `{}`", crate::render::sanitize_terminal(name));
                match crate::diag::did_you_mean(name, names.iter().copied()) {
                    Some(near) => eprintln!("  = hint: did you mean `{near}`?"),
                    None => eprintln!("  = hint: the commands are {}", names.join(", ")),
                }
                return Exit::Error;
            }
        },
    };
    let mut roff = Vec::new();
    if let Err(e) = clap_mangen::Man::new(page).render(&mut roff) {
        eprintln!("error: cannot render the manual page: {e}");
        return Exit::Error;
    }
    super::out::write_output(output, &roff).err().unwrap_or(Exit::Success)
}
