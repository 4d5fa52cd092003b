//! `fixplan probe`: measures an RDP endpoint from the network side — name resolution, TCP
//! connect, the X.224 negotiation, which security protocols the server accepts, and the TLS
//! handshake with its certificate — and returns the result as a fact file (CONTRACT sections 2
//! and 5). No credentials are ever sent; every step has a deadline and a cap on what it reads.

mod bound;
pub(crate) mod cert;
mod io;
mod target;
mod tls;
pub(crate) mod x224;

pub use cert::CertFacts;
pub use target::{parse_target, Target};

use io::{ending, Bounded, Ending};
use serde::Serialize;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use x224::{Confirm, PROTOCOL_HYBRID, PROTOCOL_HYBRID_EX, PROTOCOL_RDP, PROTOCOL_SSL};

/// The most addresses of one name that the probe tries to connect to, one timeout each.
const MAX_ADDRESSES: usize = 4;
/// The most bytes read during the TLS handshake; a certificate chain fits many times over.
const MAX_TLS_BYTES: usize = 256 * 1024;

/// A fact file as `fixplan probe` writes it: `_meta`, then the facts it measured. A fact it
/// could not measure is left out (unknown), never guessed.
#[derive(Clone, Debug, Serialize)]
pub struct FactFile {
    #[serde(rename = "_meta")]
    pub meta: Meta,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe_tcp: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe_rtt_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe_negotiation: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe_tls: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe_tls_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rdp_cert_days_left: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rdp_cert_self_signed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rdp_cert_subject_matches_hostname: Option<bool>,
}

/// Where and when, and the details behind the facts, for people to read; inference ignores it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Meta {
    pub host: String,
    pub port: u16,
    pub collected_at: String,
    pub collector: &'static str,
    pub addresses: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolve_error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connected_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcp_error: Option<String>,
    /// The server's answer to a request offering TLS, CredSSP and CredSSP with early user
    /// authorization, as mstsc does; also values the vocabulary has no name for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negotiation_answer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negotiation_error: Option<String>,
    /// One connection per security protocol, like nmap's `rdp-enum-encryption`: the answer to each.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_protocols: Option<Answers>,
    /// The protocols the server selected when offered alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_protocols: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_cipher_suite: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertFacts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_error: Option<String>,
}

/// The answer to each single-protocol request (`probe_negotiation` terms, or how it failed).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Answers {
    pub rdp: String,
    pub ssl: String,
    pub hybrid: String,
}

impl FactFile {
    /// Whether a name resolved; without an address nothing else could be measured.
    pub fn resolved(&self) -> bool {
        self.meta.resolve_error.is_none()
    }
}

/// Probes `target`; every step (resolving, connecting, one exchange) gets `timeout`. What it
/// writes is bounded (`bound.rs`) so that `eval` accepts the file.
pub fn probe(target: &Target, timeout: Duration) -> FactFile {
    let mut f = measure(target, timeout);
    f.bound();
    f
}

fn measure(target: &Target, timeout: Duration) -> FactFile {
    let mut f = FactFile {
        meta: Meta {
            host: target.host.clone(),
            port: target.port,
            collected_at: crate::output::rfc3339(now_unix()),
            collector: "fixplan probe",
            ..Meta::default()
        },
        probe_tcp: None,
        probe_rtt_ms: None,
        probe_negotiation: None,
        probe_tls: None,
        probe_tls_version: None,
        rdp_cert_days_left: None,
        rdp_cert_self_signed: None,
        rdp_cert_subject_matches_hostname: None,
    };
    let addrs = match resolve(target, timeout) {
        Ok(a) => a,
        Err(e) => {
            f.meta.resolve_error = Some(e);
            return f;
        }
    };
    f.meta.addresses = addrs.iter().map(|a| a.ip().to_string()).collect();
    let Some((mut stream, addr)) = connect_any(&addrs, timeout, &mut f) else { return f };
    f.meta.connected_to = Some(addr.to_string());
    let confirm = match negotiate(&mut stream, PROTOCOL_SSL | PROTOCOL_HYBRID | PROTOCOL_HYBRID_EX, timeout) {
        Ok(c) => c,
        Err((value, detail)) => {
            f.probe_negotiation = Some(value);
            f.probe_tls = Some("not_attempted");
            f.meta.negotiation_error = Some(detail);
            return f;
        }
    };
    f.probe_negotiation = confirm.fact_value();
    f.meta.negotiation_answer = Some(confirm.describe());
    f.probe_tls = Some("not_attempted");
    if confirm.selects_tls() {
        stream.step(timeout, MAX_TLS_BYTES);
        let hs = tls::handshake(&mut stream, &target.host, addr.ip());
        record_tls(&mut f, hs, &target.host);
    }
    drop(stream);
    enumerate(addr, timeout, &mut f);
    f
}

fn record_tls(f: &mut FactFile, hs: tls::Handshake, host: &str) {
    f.probe_tls = Some(hs.outcome);
    f.probe_tls_version = hs.version;
    f.meta.tls_cipher_suite = hs.cipher_suite;
    f.meta.tls_error = hs.detail;
    if let Some(leaf) = hs.chain.first() {
        match cert::facts(leaf, host, now_unix()) {
            Ok(c) => {
                f.rdp_cert_days_left = Some(c.days_left);
                f.rdp_cert_self_signed = Some(c.self_signed);
                f.rdp_cert_subject_matches_hostname = c.subject_matches_hostname;
                f.meta.certificate = Some(c);
            }
            Err(e) => f.meta.certificate_error = Some(e),
        }
    }
}

/// Resolves the name on a helper thread, so that a resolver that hangs costs one timeout.
fn resolve(target: &Target, timeout: Duration) -> Result<Vec<SocketAddr>, String> {
    // An address needs no resolver, and so no time from it (`--timeout 0.000001 127.0.0.1`).
    if let Ok(ip) = target.host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, target.port)]);
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let (host, port) = (target.host.clone(), target.port);
    std::thread::spawn(move || {
        let _ = tx.send((host.as_str(), port).to_socket_addrs().map(|a| a.collect::<Vec<_>>()));
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(a)) if !a.is_empty() => Ok(a),
        Ok(Ok(_)) => Err("the name has no address".into()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer from the resolver within {} s", timeout.as_secs_f64())),
    }
}

/// Connects to the first address that accepts; records `probe_tcp` and the round trip.
fn connect_any(addrs: &[SocketAddr], timeout: Duration, f: &mut FactFile) -> Option<(Bounded, SocketAddr)> {
    let mut refused = false;
    for addr in addrs.iter().take(MAX_ADDRESSES) {
        let start = Instant::now();
        match TcpStream::connect_timeout(addr, timeout) {
            Ok(s) => {
                f.probe_tcp = Some("open");
                f.probe_rtt_ms = Some(u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX));
                f.meta.tcp_error = None;
                return Some((Bounded::new(s), *addr));
            }
            Err(e) => {
                refused |= e.kind() == std::io::ErrorKind::ConnectionRefused;
                f.meta.tcp_error = Some(format!("{addr}: {e}"));
            }
        }
    }
    // An unreachable network or host gets no answer from the port either: a timeout, with the
    // system's reason kept in `_meta.tcp_error`.
    f.probe_tcp = Some(if refused { "refused" } else { "timeout" });
    None
}

/// Sends one Connection Request and reads the Confirm; a failure is named as a
/// `probe_negotiation` value (`closed` or `no_response`) with a detail.
fn negotiate(stream: &mut Bounded, protocols: u32, timeout: Duration) -> Result<Confirm, (&'static str, String)> {
    use std::io::Write;
    stream.step(timeout, x224::MAX_TPKT_LENGTH);
    let failed = |e: std::io::Error, what: &str| match ending(&e) {
        Ending::Closed => ("closed", format!("{what}: {e}")),
        Ending::Timeout | Ending::Other => ("no_response", format!("{what}: {e}")),
    };
    stream.write_all(&x224::connection_request(protocols)).map_err(|e| failed(e, "sending the connection request"))?;
    let mut header = [0u8; 4];
    stream.read_exact_bounded(&mut header).map_err(|e| failed(e, "reading the connection confirm"))?;
    let len = x224::tpkt_length(&header).map_err(|e| ("no_response", format!("not an RDP answer: {e}")))?;
    let mut pdu = vec![0u8; len];
    pdu[..4].copy_from_slice(&header);
    stream.read_exact_bounded(&mut pdu[4..]).map_err(|e| failed(e, "reading the connection confirm"))?;
    x224::parse_confirm(&pdu).map_err(|e| ("no_response", format!("not an RDP answer: {e}")))
}

/// One connection per security protocol, each offering that protocol alone (CredSSP together
/// with TLS, which it runs over), as nmap's `rdp-enum-encryption` does.
fn enumerate(addr: SocketAddr, timeout: Duration, f: &mut FactFile) {
    let mut answers = Answers::default();
    let mut accepted = Vec::new();
    let offers = [
        ("rdp", PROTOCOL_RDP, PROTOCOL_RDP),
        ("ssl", PROTOCOL_SSL, PROTOCOL_SSL),
        ("hybrid", PROTOCOL_SSL | PROTOCOL_HYBRID, PROTOCOL_HYBRID),
    ];
    for (name, offer, wanted) in offers {
        let answer = match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => match negotiate(&mut Bounded::new(s), offer, timeout) {
                Ok(c) => {
                    if c.accepts(wanted) {
                        accepted.push(name);
                    }
                    c.describe()
                }
                Err((value, _)) => value.to_string(),
            },
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => "refused".into(),
            Err(_) => "timeout".into(),
        };
        match name {
            "rdp" => answers.rdp = answer,
            "ssl" => answers.ssl = answer,
            _ => answers.hybrid = answer,
        }
    }
    f.meta.security_protocols = Some(answers);
    f.meta.accepted_protocols = Some(accepted);
}

fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_certificate_attribute_is_shortened_so_that_eval_accepts_the_file() {
        let mut f = probe(&Target { host: "a..b".into(), port: 1 }, Duration::from_secs(1));
        f.meta.certificate = Some(crate::probe::CertFacts {
            subject: format!("CN={}", "x".repeat(22_500)),
            dns_names: vec!["n.example".into(); 5_000],
            ..Default::default()
        });
        f.bound();
        let c = f.meta.certificate.as_ref().unwrap();
        assert!(c.subject.chars().count() < 1_200 && c.subject.contains("more characters left out"), "{}", c.subject);
        assert_eq!(c.dns_names.len(), bound::MAX_NAMES + 1);
        let yaml = crate::yaml::to_string(&f).unwrap();
        let kb = crate::compile::compile(&crate::kb::KbSource::embedded()).program.unwrap();
        crate::facts::load("probe.yaml", &yaml, &kb.kb).expect("eval accepts what the probe writes");
    }

    #[test]
    fn a_literal_address_needs_no_resolver_and_no_time() {
        let t = Target { host: "127.0.0.1".into(), port: 9 };
        assert_eq!(resolve(&t, Duration::from_nanos(1)).unwrap(), vec!["127.0.0.1:9".parse().unwrap()]);
        let t = Target { host: "::1".into(), port: 9 };
        assert_eq!(resolve(&t, Duration::from_nanos(1)).unwrap(), vec!["[::1]:9".parse().unwrap()]);
    }

    #[test]
    fn hostile_strings_are_escaped_in_the_fact_file() {
        // A certificate subject or host name can carry terminal escapes; the YAML writer must
        // quote and escape them so that printing the fact file cannot drive the terminal.
        let t = Target { host: "evil\u{1b}[2J\n: x".into(), port: 1 };
        let mut f = probe(&Target { host: "a..b".into(), port: 1 }, Duration::from_secs(2));
        f.meta.host = t.host.clone();
        let yaml = crate::yaml::to_string(&f).unwrap();
        assert!(!yaml.contains('\u{1b}'), "{yaml}");
        let back: serde_json::Value = crate::yaml::from_str(&yaml).unwrap();
        assert_eq!(back["_meta"]["host"].as_str(), Some(t.host.as_str()));
    }
}
