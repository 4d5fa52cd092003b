//! The facts a server certificate gives: days left, self-signed, and whether it names the host the
//! user asked for. The certificate comes from the network and may be anything.

use crate::text::sanitize_line;
use serde::Serialize;
use std::net::IpAddr;
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{parse_x509_certificate, X509Certificate};

/// What the probe learnt from the server's leaf certificate.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CertFacts {
    /// `rdp_cert_days_left`: whole days until expiry, negative once expired.
    #[serde(skip)]
    pub days_left: i64,
    #[serde(skip)]
    pub self_signed: bool,
    /// Unknown for an address the certificate does not name: Windows names the computer, not
    /// its address, so that mismatch says nothing about a stale certificate.
    #[serde(skip)]
    pub subject_matches_hostname: Option<bool>,
    /// The rest is recorded under `_meta.certificate` for people to read.
    pub subject: String,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_names: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ip_addresses: Vec<String>,
    pub sha256: String,
}

/// Reads a DER certificate; `host` is the name or address the user gave, `now` Unix seconds.
pub fn facts(der: &[u8], host: &str, now: i64) -> Result<CertFacts, String> {
    let (_, cert) = parse_x509_certificate(der).map_err(|e| format!("unreadable certificate: {e}"))?;
    let (dns_names, ip_addresses) = alt_names(&cert);
    let common_names: Vec<String> =
        cert.subject().iter_common_name().filter_map(|cn| cn.as_str().ok()).map(str::to_string).collect();
    let not_after = cert.validity().not_after.timestamp();
    Ok(CertFacts {
        days_left: (not_after - now).div_euclid(86_400),
        self_signed: self_signed(&cert),
        subject_matches_hostname: names_host(host, &common_names, &dns_names, &ip_addresses),
        // Names come from whatever answered on the port: no escape or bidi character is kept.
        subject: sanitize_line(&cert.subject().to_string()),
        issuer: sanitize_line(&cert.issuer().to_string()),
        not_before: crate::output::rfc3339(cert.validity().not_before.timestamp()),
        not_after: crate::output::rfc3339(not_after),
        dns_names: dns_names.iter().map(|n| sanitize_line(n)).collect(),
        ip_addresses: ip_addresses.iter().map(IpAddr::to_string).collect(),
        sha256: ring::digest::digest(&ring::digest::SHA256, der).as_ref().iter().map(|b| format!("{b:02x}")).collect(),
    })
}

/// Issued by itself: the same name as subject and issuer, and a signature its own key verifies.
/// When ring cannot check the signature algorithm, equal names decide.
fn self_signed(cert: &X509Certificate) -> bool {
    if cert.subject().as_raw() != cert.issuer().as_raw() {
        return false;
    }
    match cert.verify_signature(None) {
        Ok(()) => true,
        Err(x509_parser::error::X509Error::SignatureUnsupportedAlgorithm) => true,
        Err(_) => false,
    }
}

fn alt_names(cert: &X509Certificate) -> (Vec<String>, Vec<IpAddr>) {
    let mut dns = Vec::new();
    let mut ips = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            match name {
                GeneralName::DNSName(d) => dns.push(d.to_string()),
                GeneralName::IPAddress(bytes) => {
                    if let Ok(b) = <[u8; 4]>::try_from(*bytes) {
                        ips.push(IpAddr::from(b));
                    } else if let Ok(b) = <[u8; 16]>::try_from(*bytes) {
                        ips.push(IpAddr::from(b));
                    }
                }
                _ => {}
            }
        }
    }
    (dns, ips)
}

/// Whether the certificate names `host`: a name against the common names and DNS SANs,
/// case-insensitively, with a `*.` wildcard standing for exactly one leftmost label; an address
/// against the IP addresses in the SAN (or a common name written as that address), unknown when
/// it is not there.
fn names_host(host: &str, common_names: &[String], dns: &[String], ips: &[IpAddr]) -> Option<bool> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        let named = ips.contains(&ip) || common_names.iter().any(|cn| cn.parse::<IpAddr>() == Ok(ip));
        return named.then_some(true);
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    Some(common_names.iter().chain(dns).any(|name| {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        match name.strip_prefix("*.") {
            Some(rest) => host.split_once('.').is_some_and(|(label, tail)| !label.is_empty() && tail == rest),
            None => name == host,
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn names_match_case_insensitively_and_by_wildcard() {
        assert_eq!(names_host("RDS01.corp.example", &s(&["rds01.CORP.example"]), &[], &[]), Some(true));
        assert_eq!(names_host("rds01.corp.example.", &[], &s(&["*.corp.example"]), &[]), Some(true));
        assert_eq!(names_host("a.b.corp.example", &[], &s(&["*.corp.example"]), &[]), Some(false));
        assert_eq!(names_host("rds01", &s(&["rds01.corp.example"]), &[], &[]), Some(false));
        assert_eq!(names_host("other", &s(&["rds01"]), &s(&["rds02"]), &[]), Some(false));
    }

    #[test]
    fn an_address_matches_ip_sans_and_is_unknown_otherwise() {
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(names_host("127.0.0.1", &[], &[], &[ip]), Some(true));
        assert_eq!(names_host("127.0.0.1", &s(&["127.0.0.1"]), &[], &[]), Some(true));
        assert_eq!(names_host("127.0.0.2", &s(&["rds01"]), &s(&["127.0.0.2"]), &[ip]), None);
        assert_eq!(names_host("::1", &[], &[], &["::1".parse().unwrap()]), Some(true));
    }

    #[test]
    fn names_from_the_network_keep_no_escape_or_bidi_character() {
        // Self-signed by openssl; CN and DNS name hold CSI, RLO, 8-bit CSI, OSC 52 and BEL.
        let der = include_bytes!("../../tests/cases/output_safety/hostile_cert.der");
        let c = facts(der, "evil.example", 0).unwrap();
        let shown = format!("{} {} {}", c.subject, c.issuer, c.dns_names.join(" "));
        assert!(!shown.chars().any(|ch| ch.is_control() || ch == '\u{202e}'), "{shown:?}");
        assert!(c.subject.contains("evil[2J<script>x</script>31m.example"), "{}", c.subject);
        assert_eq!(c.dns_names, ["san]52;c;Zm9v.example"]);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(facts(b"", "h", 0).is_err());
        assert!(facts(&[0x30, 0x82, 0xff, 0xff, 0x01], "h", 0).is_err());
    }
}
