//! The one room for YAML: the parser crate and its types, the decoding of a file's bytes, the
//! guards that run before the parser sees untrusted text, and the words for its complaints.
//! The knowledge-base loader (`kb`) and the fact-file loader (`facts`) both read YAML through
//! here; no other module names the parser crate.

mod decode;
mod explain;
mod guard;
mod kb_error;

pub use decode::decode;
pub use explain::{explain_yaml, yaml_fix};
pub use guard::too_deep;
pub use kb_error::diagnostic as kb_diagnostic;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a YAML text could not be read: the parser's message without its position, and the byte
/// offset it points at when it points at one.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub message: String,
    pub offset: Option<usize>,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses one YAML document into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    serde_yaml::from_str::<T>(text).map_err(|e| {
        let msg = e.to_string();
        let message = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        Error { message, offset: e.location().map(|l| l.index()) }
    })
}

/// Writes `value` as a YAML document.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}
