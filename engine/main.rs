//! The `fixplan` binary: everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    fixplan::cli::main()
}
