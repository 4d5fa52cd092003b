//! `fixplan outcome FILE --fixed-by N|REMEDY`: records what fixed an incident in its fact or
//! session file, from a script or a ticket export; the file is rewritten atomically with only
//! its `_meta` changed.

use super::Exit;
use crate::check::Program;
use crate::outcome::record::{self, Said};
use crate::render::sanitize_terminal;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct OutcomeArgs {
    /// The fact or session file (YAML or JSON) to record the outcome in
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// What fixed it: a step number of the file's plan (as `fixplan eval FILE` shows it) or a remedy id
    #[arg(long, value_name = "N|REMEDY", conflicts_with = "not_fixed")]
    pub fixed_by: Option<String>,
    /// The cause a technician confirmed [default: the one cause the fix addresses, when it addresses one]
    #[arg(long, value_name = "CAUSE")]
    pub cause: Option<String>,
    /// Remedies tried that did not fix it (step numbers or ids) [default with --fixed-by N: the fix steps before N]
    #[arg(long, value_name = "N|REMEDY", num_args = 1.., value_delimiter = ',')]
    pub tried: Option<Vec<String>>,
    /// Nothing fixed it (give --tried with what was tried)
    #[arg(long)]
    pub not_fixed: bool,
    /// Print nothing on success
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(p: &Program, a: &OutcomeArgs) -> Exit {
    match record(p, a) {
        Ok(line) => {
            if !a.quiet {
                println!("{line}");
            }
            Exit::Success
        }
        Err(e) => {
            eprintln!("error: {}", sanitize_terminal(&e));
            Exit::Error
        }
    }
}

fn record(p: &Program, a: &OutcomeArgs) -> Result<String, String> {
    let name = super::eval::display(&a.file);
    if name == "-" || name.ends_with(".jsonl") {
        return Err(format!("{name}: `fixplan outcome` records into one fact file; a JSON Lines file or standard input cannot be rewritten"));
    }
    let text = super::eval::read(&a.file).map_err(|e| e.to_string())?;
    let incident = crate::facts::load(&name, &text, &p.kb).map_err(|e| e.to_string())?;
    let ev = crate::infer::evaluate(p, &incident.values);
    let plan = crate::plan::rank(p, &ev, &incident.values);
    let steps = record::steps_of(&plan);
    let said =
        Said { fixed_by: a.fixed_by.clone(), cause: a.cause.clone(), tried: a.tried.clone(), not_fixed: a.not_fixed };
    let mut o = record::build(&p.kb, &steps, &said).map_err(|e| format!("{name}: {e}"))?;
    // What this call does not say is kept from an outcome already recorded.
    if let Ok(Some(old)) = crate::outcome::read(&p.kb, &incident.meta, None, &name) {
        if a.fixed_by.is_none() && !a.not_fixed {
            (o.fixed_by, o.not_fixed) = (old.fixed_by, old.not_fixed);
        }
        if a.tried.is_none() && o.tried.is_empty() {
            o.tried = old.tried.into_iter().filter(|&r| Some(r) != o.fixed_by).collect();
        }
        if o.cause.is_none() {
            o.cause = old.cause;
        }
    }
    let mut meta = incident.meta.clone();
    meta.insert("outcome".into(), o.to_json(&p.kb));
    let json = name.ends_with(".json") || serde_json::from_str::<serde_json::Value>(&text).is_ok();
    let new = crate::outcome::edit::set_meta(&text, &meta, json).map_err(|e| format!("{name}: {e}"))?;
    // What is written must read back as the same facts with this outcome.
    let back = crate::facts::load(&name, &new, &p.kb)
        .map_err(|e| format!("{name}: the rewritten file would not load ({e}); nothing written"))?;
    let src = crate::source::SourceFile::new(name.clone(), new.clone());
    let again = crate::outcome::read(&p.kb, &back.meta, Some(&src), &name).map_err(|e| e.to_string())?;
    if back.values != incident.values || again.as_ref() != Some(&o) {
        return Err(format!("{name}: the rewritten file would not keep its facts; nothing written"));
    }
    crate::output::write_atomic(&a.file, new.as_bytes()).map_err(|e| format!("cannot write {name}: {e}"))?;
    let mut line = format!("{name}: recorded {}", record::describe(&p.kb, &o));
    if o.cause.is_none() && o.fixed_by.is_some() {
        line.push_str(" (the fix addresses several causes: add --cause to record the confirmed one)");
    }
    Ok(line)
}
