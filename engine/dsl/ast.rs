//! The syntax tree of a rule file; every node keeps the byte span of its source text.

pub use crate::source::Span;
use serde::Serialize;

/// A name in the source; serialised as the bare name so syntax-tree snapshots stay readable.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

impl Serialize for Ident {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rule {
    pub name: Ident,
    pub title: Option<String>,
    pub when: Expr,
    pub then: Vec<Conclusion>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CmpOp {
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Known(Ident),
    /// A bool fact standing alone: true when the fact is true.
    Fact(Ident),
    Compare(Ident, CmpOp, Literal),
    In(Ident, Vec<Literal>),
    Contains(Ident, Literal),
}

/// A literal value; serialised as its value alone.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    pub value: LitValue,
    pub span: Span,
}

impl Serialize for Literal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum LitValue {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    /// A bare word: an enum value.
    Word(String),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Conclusion {
    Raise {
        cause: Ident,
        strength: Ident,
    },
    /// `CAUSE cf W`: a certainty factor; the checker keeps it in [-1, 1] and not zero.
    Weigh {
        cause: Ident,
        cf: f64,
        #[serde(skip)]
        span: Span,
    },
    RuleOut(Vec<Ident>),
    Derive {
        fact: Ident,
        value: Literal,
    },
}
