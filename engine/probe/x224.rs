//! The first RDP exchange, byte for byte: the X.224 Connection Request carrying an RDP Negotiation
//! Request, and the parsing of the server's Connection Confirm (MS-RDPBCGR 2.2.1.1 and 2.2.1.2).
//! Everything read here comes from the network and is checked before it is used.

use std::fmt;

/// `requestedProtocols` / `selectedProtocol` flags (MS-RDPBCGR 2.2.1.1.1).
pub const PROTOCOL_RDP: u32 = 0x0000_0000;
pub const PROTOCOL_SSL: u32 = 0x0000_0001;
pub const PROTOCOL_HYBRID: u32 = 0x0000_0002;
pub const PROTOCOL_HYBRID_EX: u32 = 0x0000_0008;

/// TPKT version (RFC 1006); every RDP PDU before the security layer starts with it.
const TPKT_VERSION: u8 = 3;
/// A Connection Confirm is 11 bytes, 19 with negotiation data; no legitimate one comes near this.
pub const MAX_TPKT_LENGTH: usize = 512;
/// TPKT header (4) and the fixed part of an X.224 CC TPDU (7).
const MIN_CONFIRM_LENGTH: usize = 11;
const X224_CR: u8 = 0xE0;
const X224_CC: u8 = 0xD0;
const TYPE_RDP_NEG_REQ: u8 = 0x01;
const TYPE_RDP_NEG_RSP: u8 = 0x02;
const TYPE_RDP_NEG_FAILURE: u8 = 0x03;

/// The Client X.224 Connection Request PDU with an RDP Negotiation Request and no cookie: the
/// probe sends no user name, no routing token and no credentials.
pub fn connection_request(requested_protocols: u32) -> Vec<u8> {
    let mut pdu = Vec::with_capacity(19);
    // TPKT: version, reserved, total length (big-endian).
    pdu.extend_from_slice(&[TPKT_VERSION, 0, 0, 19]);
    // X.224 CR TPDU: length indicator (the header after this byte), CR code, DST-REF, SRC-REF,
    // class 0.
    pdu.extend_from_slice(&[14, X224_CR, 0, 0, 0, 0, 0]);
    // RDP_NEG_REQ: type, flags, length 8 (little-endian), requestedProtocols (little-endian).
    pdu.extend_from_slice(&[TYPE_RDP_NEG_REQ, 0, 8, 0]);
    pdu.extend_from_slice(&requested_protocols.to_le_bytes());
    pdu
}

/// What a well-formed Connection Confirm said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// No negotiation data: a server that predates negotiation, which means standard RDP security.
    Legacy,
    /// RDP_NEG_RSP: the protocol the server selected.
    Selected(u32),
    /// RDP_NEG_FAILURE: the failure code (MS-RDPBCGR 2.2.1.2.2).
    Failure(u32),
}

impl Confirm {
    /// The `probe_negotiation` value, when the vocabulary has one for it.
    pub fn fact_value(self) -> Option<&'static str> {
        Some(match self {
            Confirm::Legacy | Confirm::Selected(PROTOCOL_RDP) => "rdp",
            Confirm::Selected(PROTOCOL_SSL) => "ssl",
            Confirm::Selected(PROTOCOL_HYBRID) => "hybrid",
            Confirm::Selected(PROTOCOL_HYBRID_EX) => "hybrid_ex",
            Confirm::Failure(1) => "ssl_required",
            Confirm::Failure(2) => "ssl_not_allowed",
            Confirm::Failure(3) => "cert_not_on_server",
            Confirm::Failure(5) => "hybrid_required",
            _ => return None,
        })
    }

    /// A short name for any answer, including those the vocabulary has no value for.
    pub fn describe(self) -> String {
        match (self, self.fact_value()) {
            (_, Some(v)) => v.to_string(),
            (Confirm::Selected(4), _) => "rdstls".into(),
            (Confirm::Selected(0x10), _) => "rdsaad".into(),
            (Confirm::Selected(p), _) => format!("selected_0x{p:x}"),
            (Confirm::Failure(4), _) => "inconsistent_flags".into(),
            (Confirm::Failure(6), _) => "ssl_with_user_auth_required".into(),
            (Confirm::Failure(c), _) => format!("failure_0x{c:x}"),
            (Confirm::Legacy, None) => "rdp".into(),
        }
    }

    /// Whether the server accepted exactly the protocol asked for (one protocol per request).
    pub fn accepts(self, requested: u32) -> bool {
        match self {
            Confirm::Legacy => requested == PROTOCOL_RDP,
            Confirm::Selected(p) => p == requested,
            Confirm::Failure(_) => false,
        }
    }

    /// Whether the next step on this connection is a TLS handshake.
    pub fn selects_tls(self) -> bool {
        matches!(self, Confirm::Selected(PROTOCOL_SSL | PROTOCOL_HYBRID | PROTOCOL_HYBRID_EX))
    }
}

/// Why bytes from the server are not a Connection Confirm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Fewer bytes than the header or the length field promise.
    Truncated {
        needed: usize,
        got: usize,
    },
    TpktVersion(u8),
    /// The TPKT length is below a CC's fixed size or above the cap.
    TpktLength(usize),
    /// The X.224 length indicator disagrees with the TPKT length.
    LengthIndicator(u8),
    NotConnectionConfirm(u8),
    NegotiationType(u8),
    NegotiationLength(u16),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Truncated { needed, got } => write!(f, "truncated: {got} of {needed} bytes"),
            ParseError::TpktVersion(v) => write!(f, "TPKT version {v}, expected 3"),
            ParseError::TpktLength(l) => {
                write!(f, "TPKT length {l} outside {MIN_CONFIRM_LENGTH}..={MAX_TPKT_LENGTH}")
            }
            ParseError::LengthIndicator(li) => write!(f, "X.224 length indicator {li} disagrees with the TPKT length"),
            ParseError::NotConnectionConfirm(c) => {
                write!(f, "X.224 code 0x{c:02x}, expected a connection confirm (0xd0)")
            }
            ParseError::NegotiationType(t) => write!(f, "negotiation type 0x{t:02x}, expected 0x02 or 0x03"),
            ParseError::NegotiationLength(l) => write!(f, "negotiation length {l}, expected 8"),
        }
    }
}

/// Checks a TPKT header and returns the whole PDU's length, so the caller knows how much more
/// to read (never more than `MAX_TPKT_LENGTH`).
pub fn tpkt_length(header: &[u8]) -> Result<usize, ParseError> {
    let &[version, _reserved, hi, lo, ..] = header else {
        return Err(ParseError::Truncated { needed: 4, got: header.len() });
    };
    if version != TPKT_VERSION {
        return Err(ParseError::TpktVersion(version));
    }
    let len = usize::from(u16::from_be_bytes([hi, lo]));
    if !(MIN_CONFIRM_LENGTH..=MAX_TPKT_LENGTH).contains(&len) {
        return Err(ParseError::TpktLength(len));
    }
    Ok(len)
}

/// Parses a whole Server X.224 Connection Confirm PDU (TPKT header included).
pub fn parse_confirm(pdu: &[u8]) -> Result<Confirm, ParseError> {
    let len = tpkt_length(pdu)?;
    if pdu.len() < len {
        return Err(ParseError::Truncated { needed: len, got: pdu.len() });
    }
    let pdu = &pdu[..len];
    let li = pdu[4];
    if usize::from(li) + 5 != len {
        return Err(ParseError::LengthIndicator(li));
    }
    // The upper four bits are the TPDU code; the lower four are CDT (credit), zero in class 0.
    if pdu[5] & 0xF0 != X224_CC {
        return Err(ParseError::NotConnectionConfirm(pdu[5]));
    }
    let neg = &pdu[MIN_CONFIRM_LENGTH..];
    if neg.is_empty() {
        return Ok(Confirm::Legacy);
    }
    if neg.len() < 8 {
        return Err(ParseError::Truncated { needed: MIN_CONFIRM_LENGTH + 8, got: len });
    }
    let length = u16::from_le_bytes([neg[2], neg[3]]);
    if length != 8 {
        return Err(ParseError::NegotiationLength(length));
    }
    let value = u32::from_le_bytes([neg[4], neg[5], neg[6], neg[7]]);
    match neg[0] {
        TYPE_RDP_NEG_RSP => Ok(Confirm::Selected(value)),
        TYPE_RDP_NEG_FAILURE => Ok(Confirm::Failure(value)),
        t => Err(ParseError::NegotiationType(t)),
    }
}

#[cfg(test)]
#[path = "x224_tests.rs"]
mod tests;
