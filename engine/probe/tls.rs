//! The TLS handshake that follows an X.224 confirm selecting TLS or CredSSP: any certificate is
//! accepted and recorded, the handshake's outcome is named in the terms of `probe_tls`, and the
//! connection is closed right after it. Nothing is sent over the finished channel.

use super::io::{ending, Bounded, Ending};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{AlertDescription, ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// How the handshake went, with what was seen on the way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Handshake {
    /// The `probe_tls` value.
    pub outcome: &'static str,
    pub version: Option<String>,
    pub cipher_suite: Option<String>,
    /// The certificates the server sent, leaf first, even when the handshake failed after them.
    pub chain: Vec<Vec<u8>>,
    /// What failed, for `_meta`.
    pub detail: Option<String>,
}

/// Accepts every certificate and keeps the chain: the probe reports on the certificate, it does
/// not trust it, and nothing secret goes over the connection.
#[derive(Debug)]
struct Recorder {
    chain: Mutex<Vec<Vec<u8>>>,
    schemes: Vec<SignatureScheme>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut chain) = self.chain.lock() {
            *chain = std::iter::once(end_entity).chain(intermediates).map(|c| c.to_vec()).collect();
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}

/// Runs the client side of the handshake on `stream`, whose step (deadline and byte cap) the
/// caller has set. `host` gives SNI when it is a DNS name; `addr` stands in otherwise.
pub fn handshake(stream: &mut Bounded, host: &str, addr: IpAddr) -> Handshake {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let recorder = Arc::new(Recorder {
        chain: Mutex::new(Vec::new()),
        schemes: provider.signature_verification_algorithms.supported_schemes(),
    });
    let config = match ClientConfig::builder_with_provider(provider).with_protocol_versions(rustls::ALL_VERSIONS) {
        Ok(b) => b.dangerous().with_custom_certificate_verifier(recorder.clone()).with_no_client_auth(),
        Err(e) => return failed("handshake_failure", format!("tls setup: {e}")),
    };
    let name = match ServerName::try_from(host.to_string()) {
        Ok(n) => n,
        Err(_) => ServerName::IpAddress(addr.into()),
    };
    let mut conn = match ClientConnection::new(Arc::new(config), name) {
        Ok(c) => c,
        Err(e) => return failed("handshake_failure", format!("tls setup: {e}")),
    };
    let result = drive(&mut conn, stream);
    let chain = recorder.chain.lock().map(|c| c.clone()).unwrap_or_default();
    match result {
        Ok(()) => {
            conn.send_close_notify();
            let _ = conn.write_tls(stream);
            Handshake {
                outcome: "ok",
                version: conn.protocol_version().map(version_name),
                cipher_suite: conn.negotiated_cipher_suite().map(|s| format!("{:?}", s.suite())),
                chain,
                detail: None,
            }
        }
        Err((outcome, detail)) => Handshake { chain, ..failed(outcome, detail) },
    }
}

fn failed(outcome: &'static str, detail: String) -> Handshake {
    Handshake { outcome, detail: Some(detail), ..Handshake::default() }
}

/// Reads and writes until the handshake is done, or names how it failed.
fn drive(conn: &mut ClientConnection, stream: &mut Bounded) -> Result<(), (&'static str, String)> {
    loop {
        while conn.wants_write() {
            conn.write_tls(stream).map_err(io_failure)?;
        }
        if !conn.is_handshaking() {
            return Ok(());
        }
        match conn.read_tls(stream) {
            Ok(0) => return Err(("closed_by_server", "the server closed the connection".into())),
            Ok(_) => {}
            Err(e) => return Err(io_failure(e)),
        }
        if let Err(e) = conn.process_new_packets() {
            // Tell the server why, as a client would; it may already be gone.
            let _ = conn.write_tls(stream);
            return Err(tls_failure(e));
        }
    }
}

fn io_failure(e: std::io::Error) -> (&'static str, String) {
    let outcome = match ending(&e) {
        Ending::Closed => "closed_by_server",
        Ending::Timeout => "timeout",
        Ending::Other => "handshake_failure",
    };
    (outcome, e.to_string())
}

fn tls_failure(e: rustls::Error) -> (&'static str, String) {
    let outcome = match &e {
        rustls::Error::AlertReceived(AlertDescription::ProtocolVersion) => "protocol_version",
        rustls::Error::PeerIncompatible(rustls::PeerIncompatible::ServerDoesNotSupportTls12Or13) => "protocol_version",
        _ => "handshake_failure",
    };
    (outcome, e.to_string())
}

fn version_name(v: rustls::ProtocolVersion) -> String {
    match v {
        rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2".into(),
        rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3".into(),
        other => format!("{other:?}"),
    }
}
