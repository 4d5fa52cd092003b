//! Rebuilds the binary when the embedded knowledge base or templates change.

fn main() {
    for dir in ["kb", "rules", "templates"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
