//! The text after each command's `--help`: an example or two and the exit statuses, so that the
//! help alone is enough to use a command (the man page carries the same text).

/// The exit statuses every command shares (docs/exit-codes.md).
pub const EXIT_CODES: &str = "\
Exit status:
  0    success
  1    found problems: a fact file that failed to load, a lint error, a failing test
  2    usage error, or a failure that stopped the command (a broken knowledge base, an unwritable file)
  130  interrupted: Ctrl-C in `fixplan ask` (the answers given so far are saved)
  141  standard output was closed before everything was written (`fixplan eval ... | head`)

`-o -` means standard output wherever -o is accepted. NO_COLOR (set and not empty) turns colour
off unless --color always is given. Documentation: docs/ in the repository.";

macro_rules! help {
    ($name:ident, $examples:literal) => {
        pub const $name: &str = concat!(
            "Examples:\n",
            $examples,
            "\n\n",
            "Exit status: 0 success, 1 findings, 2 error, 141 closed output (see `fixplan --help`)"
        );
    };
}

help!(
    EVAL,
    "  fixplan eval incident.yaml                         a plan for one incident
  fixplan eval --format json collected/ > plans.jsonl  one JSON line per fact file
  fixplan eval --format html -o fleet.html collected/*.json
  fixplan probe rds01 | fixplan eval -                  the probe's facts from standard input"
);
help!(
    ASK,
    "  fixplan ask                                        questions at the terminal, answers saved as given
  fixplan ask --facts client.json                    only what the collector could not read
  fixplan ask --resume fixplan-session-20261130-091400.yaml"
);
help!(
    CHECK,
    "  fixplan check                                      every problem of the shipped knowledge base
  fixplan --kb . check --format json                 the working tree's, one JSON object per line
  fixplan check --explain E121                       what a code means, with an example and its fix
  fixplan check --list --format json"
);
help!(
    SCHEMA,
    "  fixplan schema -o kb/schema                        kb.schema.json and facts.schema.json
  fixplan schema --kind facts > facts.schema.json"
);
help!(
    TEST,
    "  fixplan test                                       every case of kb/tests/
  fixplan test --filter certificate --coverage
  fixplan --kb . test --format json -o results.json"
);
help!(
    GRAPH,
    "  fixplan graph | dot -Tsvg -o kb.svg
  fixplan graph --focus mtu_fragmentation_on_vpn -f mermaid
  fixplan graph -f json -o graph.json"
);
help!(
    EXPLAIN,
    "  fixplan explain incident.yaml
  fixplan explain incident.yaml --cause nla_credssp_mismatch -f markdown"
);
help!(
    COLLECTOR,
    "  fixplan collector --shell powershell -o fixplan-collect.ps1
  fixplan collector --shell powershell --side client -o client-collect.ps1"
);
help!(
    PROBE,
    "  fixplan probe rds01.corp.example                  YAML facts on standard output
  fixplan probe 10.0.0.5:3390 -o rds01.json --timeout 3   JSON, from the extension
  fixplan probe [2001:db8::5]:3389 | fixplan eval -"
);
help!(
    COMPLETIONS,
    "  fixplan completions bash > ~/.local/share/bash-completion/completions/fixplan
  fixplan completions zsh -o ~/.zfunc/_fixplan
  fixplan completions powershell >> $PROFILE          (PowerShell)"
);
help!(
    MAN,
    "  fixplan man -o fixplan.1 && man ./fixplan.1
  fixplan man eval | man -l -"
);
