//! fixplan: facts about a failure in, a prioritized fix plan with reasons out.
//!
//! The modules are the stages of the pipeline, in order:
//! `kb::load` (YAML knowledge) → `dsl::parse` (rule files) → `compile::compile` (`check` resolves
//! and type-checks a `program::Program`, `graph::order` finds its cycles and orders it) →
//! `facts::load` (one incident) → `infer::evaluate` (fired rules, posteriors, trace) →
//! `plan::rank` (the ordered fix plan) → `render::render` (text, markdown, json).
//!
//! They are layers: every `crate::` import points to a lower one (README, "Layout"), from the
//! ground floor of plain helpers (`text`, `source`, `ids`, `output`, `diag`, `value`) up to `cli`;
//! `tests/layers.rs` fails on a circle.

// Diagnostics are large values on a cold path (a problem to report); boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod ask;
pub mod batch;
pub mod check;
pub mod cli;
pub mod compile;
pub mod diag;
pub mod dsl;
pub mod facts;
#[doc(hidden)]
pub mod fuzzing;
pub mod graph;
pub mod ids;
pub mod infer;
pub mod kb;
pub mod kbtest;
pub mod output;
pub mod plan;
pub mod probe;
pub mod program;
pub mod render;
pub mod schema;
pub mod source;
pub mod text;
pub mod value;
pub mod yaml;
