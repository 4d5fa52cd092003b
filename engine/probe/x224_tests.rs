//! Byte layouts of MS-RDPBCGR 2.2.1.1 and 2.2.1.2 against the encoder and the parser, with
//! truncated, lying and malformed answers.

use super::*;

/// MS-RDPBCGR 4.1.1: the Client X.224 Connection Request PDU of the protocol example, whose
/// cookie is "Cookie: mstshash=eltons\r\n" and whose requestedProtocols is PROTOCOL_RDP.
const SPEC_CR: [u8; 44] = [
    0x03, 0x00, 0x00, 0x2c, 0x27, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x43, 0x6f, 0x6f, 0x6b, 0x69, 0x65, 0x3a, 0x20,
    0x6d, 0x73, 0x74, 0x73, 0x68, 0x61, 0x73, 0x68, 0x3d, 0x65, 0x6c, 0x74, 0x6f, 0x6e, 0x73, 0x0d, 0x0a, 0x01, 0x00,
    0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
];

/// MS-RDPBCGR 4.1.2: the Server X.224 Connection Confirm PDU of the protocol example
/// (RDP_NEG_RSP, selectedProtocol PROTOCOL_RDP).
const SPEC_CC: [u8; 19] =
    [0x03, 0x00, 0x00, 0x13, 0x0e, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00, 0x02, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00];

fn failure(code: u32) -> Vec<u8> {
    let mut pdu = SPEC_CC.to_vec();
    pdu[11] = 0x03;
    pdu[15..19].copy_from_slice(&code.to_le_bytes());
    pdu
}

fn selected(protocol: u32) -> Vec<u8> {
    let mut pdu = SPEC_CC.to_vec();
    pdu[15..19].copy_from_slice(&protocol.to_le_bytes());
    pdu
}

#[test]
fn the_request_is_the_spec_example_without_its_cookie() {
    // The cookie is the 25 bytes after the fixed X.224 header; both length fields shrink by 25.
    let mut expected = SPEC_CR[..11].to_vec();
    expected.extend_from_slice(&SPEC_CR[36..]);
    expected[3] -= 25;
    expected[4] -= 25;
    assert_eq!(connection_request(PROTOCOL_RDP), expected);
}

#[test]
fn the_request_carries_the_protocols_little_endian() {
    let pdu = connection_request(PROTOCOL_SSL | PROTOCOL_HYBRID | PROTOCOL_HYBRID_EX);
    assert_eq!(pdu.len(), 19);
    assert_eq!(&pdu[..4], &[3, 0, 0, 19], "TPKT header with the total length");
    assert_eq!(pdu[4] as usize, pdu.len() - 5, "X.224 length indicator");
    assert_eq!(&pdu[11..], &[0x01, 0x00, 0x08, 0x00, 0x0b, 0x00, 0x00, 0x00]);
}

#[test]
fn the_spec_confirm_selects_standard_rdp() {
    assert_eq!(parse_confirm(&SPEC_CC), Ok(Confirm::Selected(PROTOCOL_RDP)));
    assert_eq!(Confirm::Selected(PROTOCOL_RDP).fact_value(), Some("rdp"));
}

#[test]
fn selected_protocols_map_to_the_vocabulary() {
    let cases = [(PROTOCOL_SSL, "ssl"), (PROTOCOL_HYBRID, "hybrid"), (PROTOCOL_HYBRID_EX, "hybrid_ex")];
    for (protocol, value) in cases {
        let c = parse_confirm(&selected(protocol)).unwrap();
        assert_eq!(c, Confirm::Selected(protocol));
        assert_eq!(c.fact_value(), Some(value));
        assert!(c.selects_tls());
        assert!(c.accepts(protocol));
    }
    let rdstls = parse_confirm(&selected(4)).unwrap();
    assert_eq!((rdstls.fact_value(), rdstls.describe().as_str()), (None, "rdstls"));
    assert!(!rdstls.selects_tls());
}

#[test]
fn failure_codes_one_to_six() {
    let expected = [
        (1, Some("ssl_required"), "ssl_required"),
        (2, Some("ssl_not_allowed"), "ssl_not_allowed"),
        (3, Some("cert_not_on_server"), "cert_not_on_server"),
        (4, None, "inconsistent_flags"),
        (5, Some("hybrid_required"), "hybrid_required"),
        (6, None, "ssl_with_user_auth_required"),
        (7, None, "failure_0x7"),
    ];
    for (code, fact, described) in expected {
        let c = parse_confirm(&failure(code)).unwrap();
        assert_eq!(c, Confirm::Failure(code));
        assert_eq!(c.fact_value(), fact, "code {code}");
        assert_eq!(c.describe(), described);
        assert!(!c.accepts(PROTOCOL_RDP) && !c.selects_tls());
    }
}

#[test]
fn a_confirm_without_negotiation_data_is_legacy_rdp() {
    let pdu = [0x03, 0x00, 0x00, 0x0b, 0x06, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00];
    let c = parse_confirm(&pdu).unwrap();
    assert_eq!(c, Confirm::Legacy);
    assert_eq!(c.fact_value(), Some("rdp"));
    assert!(c.accepts(PROTOCOL_RDP) && !c.accepts(PROTOCOL_SSL));
}

#[test]
fn wrong_tpkt_version() {
    let mut pdu = SPEC_CC;
    pdu[0] = 0x16; // a TLS record where TPKT was expected
    assert_eq!(parse_confirm(&pdu), Err(ParseError::TpktVersion(0x16)));
}

#[test]
fn lengths_that_lie() {
    let mut long = SPEC_CC;
    long[3] = 0x20; // claims 32 bytes, 19 present
    assert_eq!(parse_confirm(&long), Err(ParseError::Truncated { needed: 32, got: 19 }));
    let mut huge = SPEC_CC;
    huge[2] = 0xff; // 65299 bytes: over the cap, rejected before anything is read
    assert_eq!(tpkt_length(&huge), Err(ParseError::TpktLength(0xff13)));
    let mut tiny = SPEC_CC;
    tiny[3] = 4;
    assert_eq!(parse_confirm(&tiny), Err(ParseError::TpktLength(4)));
    let mut li = SPEC_CC;
    li[4] = 0x20;
    assert_eq!(parse_confirm(&li), Err(ParseError::LengthIndicator(0x20)));
    let mut neg_len = SPEC_CC;
    neg_len[13] = 0x10;
    assert_eq!(parse_confirm(&neg_len), Err(ParseError::NegotiationLength(0x10)));
}

#[test]
fn short_reads_at_every_length() {
    for n in 0..SPEC_CC.len() {
        let r = parse_confirm(&SPEC_CC[..n]);
        assert!(matches!(r, Err(ParseError::Truncated { .. })), "{n} bytes: {r:?}");
    }
}

#[test]
fn negotiation_data_shorter_than_eight_bytes() {
    // TPKT and LI agree on 15 bytes, but RDP_NEG_RSP needs 8 after the 11-byte header.
    let pdu = [0x03, 0x00, 0x00, 0x0f, 0x0a, 0xd0, 0x00, 0x00, 0x12, 0x34, 0x00, 0x02, 0x00, 0x08, 0x00];
    assert_eq!(parse_confirm(&pdu), Err(ParseError::Truncated { needed: 19, got: 15 }));
}

#[test]
fn not_a_confirm() {
    let mut cr = SPEC_CC;
    cr[5] = 0xe0;
    assert_eq!(parse_confirm(&cr), Err(ParseError::NotConnectionConfirm(0xe0)));
    let mut neg_type = SPEC_CC;
    neg_type[11] = 0x01;
    assert_eq!(parse_confirm(&neg_type), Err(ParseError::NegotiationType(0x01)));
}

#[test]
fn garbage_never_panics() {
    // A deterministic spread of inputs: every length up to 40 with bytes from a simple LCG.
    let mut x: u32 = 0x1234_5678;
    for len in 0..40 {
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    (x >> 24) as u8
                })
                .collect();
            let _ = parse_confirm(&bytes);
            let _ = tpkt_length(&bytes);
        }
    }
}
