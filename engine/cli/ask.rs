//! `fixplan ask`: the interactive session at a terminal (line editing and history) or over plain
//! standard input, one question at a time; every answer saved at once to the session file.

use super::eval::{display, read};
use super::Exit;
use crate::ask::Question;
use crate::ask::{self, file, Input, Session};
use crate::check::Program;
use crate::render::{self, sanitize_terminal, Format};
use crate::value::FactType;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

pub struct Options {
    pub facts: Option<PathBuf>,
    pub resume: Option<PathBuf>,
    pub session: Option<PathBuf>,
    pub json: bool,
    /// With `json`: ask which step fixed it after the result.
    pub outcome: bool,
}

pub fn run(p: &Program, o: Options, color: anstream::ColorChoice) -> Exit {
    let (session, path) = match start(p, &o) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {}", sanitize_terminal(&e));
            return Exit::Error;
        }
    };
    let mut saver = Saver { path };
    if let Err(e) = saver.save(p, &session) {
        eprintln!("error: {}", sanitize_terminal(&e));
        return Exit::Error;
    }
    if o.json {
        return super::ask_json::run(p, session, &mut saver, o.outcome);
    }
    let tty = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let reader: Box<dyn LineReader> = match rustyline::DefaultEditor::new() {
        Ok(ed) if tty => Box::new(Editor(ed)),
        _ => Box::new(Plain(std::io::stdin().lock())),
    };
    let color = color != anstream::ColorChoice::Never;
    super::out::wrap_to_terminal();
    let out = super::out::Quiet(anstream::AutoStream::new(
        std::io::stdout(),
        if color { anstream::ColorChoice::Always } else { anstream::ColorChoice::Never },
    ));
    Text { p, session, saver, reader, out, color, ended: false }.run()
}

/// The session to run and the file it is saved to: resumed, or new from `--facts` or nothing.
fn start(p: &Program, o: &Options) -> Result<(Session, Option<PathBuf>), String> {
    let load = |path: &Path| {
        let name = display(path);
        let text = read(path).map_err(|e| e.to_string())?;
        let incident = crate::facts::load(&name, &text, &p.kb).map_err(|e| e.to_string())?;
        for w in &incident.warnings {
            eprintln!("warning: {}: {}", sanitize_terminal(&name), sanitize_terminal(w));
        }
        Ok::<_, String>(incident)
    };
    if let Some(path) = &o.resume {
        let session = file::resume(p, load(path)?).map_err(|e| format!("{}: {e}", display(path)))?;
        return Ok((session, Some(path.clone())));
    }
    let incident = match &o.facts {
        Some(path) => load(path)?,
        None => crate::facts::Incident::empty("fixplan ask", &p.kb),
    };
    let path = match (&o.session, o.json) {
        // A new session never writes over an existing file (it may be someone's fact file).
        (Some(path), _) if path.exists() => {
            return Err(format!(
                "{} already exists; continue that session with `fixplan ask --resume {0}`, or give another name",
                display(path)
            ))
        }
        (Some(path), _) => Some(path.clone()),
        (None, true) => None,
        (None, false) => Some(default_session_path()),
    };
    let mut session = Session::new(incident, o.facts.as_deref().map(display));
    if let Some(path) = &path {
        session.incident.input = display(path);
    }
    Ok((session, path))
}

/// `fixplan-session-20261130-091400.yaml` in the current directory (`-2`, `-3`, … when taken).
fn default_session_path() -> PathBuf {
    let t = crate::output::timestamp();
    let stamp: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let base = format!("fixplan-session-{}-{}", stamp.get(..8).unwrap_or("0"), stamp.get(8..14).unwrap_or("0"));
    (1..)
        .map(|n| PathBuf::from(if n == 1 { format!("{base}.yaml") } else { format!("{base}-{n}.yaml") }))
        .find(|p| !p.exists())
        .unwrap_or_else(|| PathBuf::from(format!("{base}.yaml")))
}

/// Writes the session file after every change; a session without a file keeps nothing.
pub struct Saver {
    pub path: Option<PathBuf>,
}

impl Saver {
    pub fn save(&mut self, p: &Program, s: &Session) -> Result<(), String> {
        let Some(path) = &self.path else { return Ok(()) };
        crate::output::write_atomic(path, file::to_yaml(p, s).as_bytes())
            .map_err(|e| format!("cannot save the session to {}: {e}", sanitize_terminal(&display(path))))
    }
}

/// A source of typed lines: `None` at the end of input, `Err` when the user interrupts.
trait LineReader {
    fn line(&mut self, prompt: &str) -> Result<Option<String>, ()>;
    /// Whether the reader shows the prompt and the typed text itself (a line editor does).
    fn echoes(&self) -> bool;
}

struct Editor(rustyline::DefaultEditor);

impl LineReader for Editor {
    fn line(&mut self, prompt: &str) -> Result<Option<String>, ()> {
        match self.0.readline(prompt) {
            Ok(l) => {
                let _ = self.0.add_history_entry(l.as_str());
                Ok(Some(l))
            }
            Err(rustyline::error::ReadlineError::Interrupted) => Err(()),
            Err(_) => Ok(None),
        }
    }
    fn echoes(&self) -> bool {
        true
    }
}

struct Plain<R>(R);

impl<R: BufRead> LineReader for Plain<R> {
    fn line(&mut self, _prompt: &str) -> Result<Option<String>, ()> {
        let mut l = String::new();
        match self.0.read_line(&mut l) {
            Ok(0) | Err(_) => Ok(None),
            Ok(_) => Ok(Some(l)),
        }
    }
    fn echoes(&self) -> bool {
        false
    }
}

struct Text<'a, W: Write> {
    p: &'a Program,
    session: Session,
    saver: Saver,
    reader: Box<dyn LineReader + 'a>,
    out: W,
    color: bool,
    /// The input has ended: nothing more can be asked (not even the outcome).
    ended: bool,
}

enum Next {
    Asked,
    Stop,
    Interrupted,
}

impl<W: Write> Text<'_, W> {
    fn run(mut self) -> Exit {
        if let Some(path) = &self.saver.path {
            let path = sanitize_terminal(&display(path));
            let _ = writeln!(
                self.out,
                "{}",
                self.style(
                    "2",
                    &format!("Answers are saved to {path} as you give them (resume: fixplan ask --resume {path}).")
                )
            );
        }
        let _ = writeln!(
            self.out,
            "{}",
            self.style("2", "Answer each question, or type ? (can't check), why, back, plan, quit, help.")
        );
        let known = self.session.incident.values.iter().filter(|v| v.is_some()).count();
        if known > 0 {
            let _ = writeln!(self.out, "{known} fact(s) already known; only what is missing is asked.");
            self.leading();
        }
        loop {
            let ev = self.session.evaluation(self.p);
            let Some(q) = self.session.next(self.p, &ev) else {
                let stop = self.session.stop(self.p, &ev);
                let _ = writeln!(self.out, "\n{}. Here is the plan.", sanitize_terminal(&stop.text));
                break;
            };
            match self.ask(&q) {
                Next::Asked => {}
                Next::Stop => break,
                Next::Interrupted => {
                    let _ = writeln!(self.out, "\nInterrupted.{}", self.resume_hint());
                    return Exit::Interrupted;
                }
            }
        }
        let report = self.session.report(self.p);
        let _ = write!(self.out, "\n{}", render::render(&report, Format::Text, self.color));
        if !self.ended {
            self.offer_outcome();
        }
        let _ = writeln!(self.out, "\n{} question(s) answered.{}", self.session.asked(), self.resume_hint());
        Exit::Success
    }

    /// "Which step fixed it?" once the plan is shown (super::ask_outcome).
    fn offer_outcome(&mut self) {
        let Text { p, session, saver, reader, out, .. } = self;
        let mut io = |text: &str, prompt: Option<&str>| {
            if !text.is_empty() {
                let _ = writeln!(out, "{text}");
            }
            let prompt = prompt?;
            if !reader.echoes() {
                let _ = write!(out, "{prompt}");
                let _ = out.flush();
            }
            let line = reader.line(prompt).ok().flatten()?;
            if !reader.echoes() {
                let _ = writeln!(out, "{}", sanitize_terminal(line.trim_end()));
            }
            Some(line)
        };
        super::ask_outcome::offer_text(p, session, saver, &mut io);
    }

    /// Shows one question and reads until it is answered (or taken back, or the session ends).
    fn ask(&mut self, q: &Question) -> Next {
        let fact = &self.p.kb.facts[q.fact];
        let n = self.session.asked() + 1;
        let _ = writeln!(self.out, "\n{}", self.style("1", &format!("{n}. {}", fact.question)));
        let kind = match &fact.ty {
            FactType::Enum(values) => {
                values.iter().enumerate().map(|(i, v)| format!("{}) {v}", i + 1)).collect::<Vec<_>>().join("  ")
            }
            ty => ask::answer::expected(ty),
        };
        let _ = writeln!(self.out, "   [{kind}]");
        let _ = writeln!(self.out, "   {}", self.style("2", &format!("How: {}", fact.help)));
        loop {
            if !self.reader.echoes() {
                let _ = write!(self.out, "> ");
                let _ = self.out.flush();
            }
            let line = match self.reader.line("> ") {
                Ok(Some(l)) => l,
                Ok(None) => {
                    self.ended = true;
                    return Next::Stop;
                }
                Err(()) => return Next::Interrupted,
            };
            if !self.reader.echoes() {
                // Echoed, so that a transcript of piped input reads like the terminal session.
                let _ = writeln!(self.out, "{}", sanitize_terminal(line.trim_end()));
            }
            let input = match ask::parse(&self.p.kb, q.fact, &line) {
                Ok(i) => i,
                Err(hint) => {
                    let _ = writeln!(self.out, "   {}", self.style("33", &sanitize_terminal(&hint)));
                    continue;
                }
            };
            match input {
                Input::Empty => {}
                Input::Answer(v) => {
                    if let Some(taken) = read_as(&fact.ty, &line, &v) {
                        let _ = writeln!(self.out, "   {}", self.style("2", &taken));
                    }
                    return self.record(q.fact, Some(v));
                }
                Input::DontKnow => return self.record(q.fact, None),
                Input::Why => {
                    let _ = write!(self.out, "{}", super::out::symbols(&ask::why(self.p, q)));
                }
                Input::Back => match self.session.back() {
                    Some(f) => {
                        if let Err(e) = self.saver.save(self.p, &self.session) {
                            let _ = writeln!(self.out, "   {}", self.style("31", &e));
                        }
                        let _ = writeln!(self.out, "   took back the answer to `{}`", self.p.kb.facts[f].id);
                        return Next::Asked;
                    }
                    None => {
                        let _ = writeln!(self.out, "   nothing to take back yet");
                    }
                },
                Input::Plan => {
                    let report = self.session.report(self.p);
                    let _ = write!(self.out, "\n{}\n", render::render(&report, Format::Text, self.color));
                    let _ = writeln!(self.out, "{}", self.style("1", &format!("{n}. {}", fact.question)));
                }
                Input::Quit => return Next::Stop,
                Input::Help => {
                    let _ = writeln!(
                        self.out,
                        "   an answer ({}); ? or unknown: can't check; why: why this question; back: undo the last answer; plan: the plan so far; quit: stop and show the plan",
                        ask::answer::expected(&fact.ty)
                    );
                }
            }
        }
    }

    fn record(&mut self, fact: usize, value: Option<crate::value::Value>) -> Next {
        self.session.answer(fact, value);
        if let Err(e) = self.saver.save(self.p, &self.session) {
            let _ = writeln!(self.out, "   {}", self.style("31", &e));
        }
        self.leading();
        Next::Asked
    }

    /// The compact line of leading causes.
    fn leading(&mut self) {
        let ev = self.session.evaluation(self.p);
        let lead: Vec<String> = ask::leading(self.p, &ev, 3)
            .into_iter()
            .map(|(c, pr)| format!("{} {:.0}%", self.p.kb.causes[c].id, pr * 100.0))
            .collect();
        let _ = writeln!(
            self.out,
            "   {}",
            self.style("2", &super::out::symbols(&format!("leading: {}", lead.join(" · "))))
        );
    }

    fn resume_hint(&self) -> String {
        match &self.saver.path {
            Some(path) => {
                format!(" Saved in {0}; continue with `fixplan ask --resume {0}`.", sanitize_terminal(&display(path)))
            }
            None => String::new(),
        }
    }

    fn style(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// What an answer was read as, when the words typed do not say it: `1` to a yes/no question is
/// taken as yes, and the technician is told so (and can take it back with `back`).
fn read_as(ty: &FactType, line: &str, v: &crate::value::Value) -> Option<String> {
    let typed = line.trim().to_ascii_lowercase();
    if *ty != FactType::Bool || ["y", "yes", "n", "no"].contains(&typed.as_str()) {
        return None;
    }
    let word = if *v == crate::value::Value::Bool(true) { "yes" } else { "no" };
    Some(format!("(`{}` taken as {word}; type back to change it)", sanitize_terminal(line.trim())))
}
