//! What the probe writes must be a fact file `eval` accepts: every string read from the network
//! (a certificate's names, a server's error text) is shortened with a marker, and lists of names
//! are capped, well inside the fact-file limits (64 KiB a string, 16 MiB a file).

use super::FactFile;

/// The longest string the probe writes, in characters.
pub const MAX_CHARS: usize = 1024;
/// The most names (DNS names, addresses) of a certificate the probe writes.
pub const MAX_NAMES: usize = 64;

/// `s` cut to [`MAX_CHARS`] with a marker saying how much was left out.
pub fn shorten(s: &mut String) {
    let count = s.chars().count();
    if count > MAX_CHARS {
        let cut: String = s.chars().take(MAX_CHARS).collect();
        *s = format!("{cut}… ({} more characters left out by fixplan probe)", count - MAX_CHARS);
    }
}

fn shorten_all(list: &mut Vec<String>) {
    let more = list.len().saturating_sub(MAX_NAMES);
    list.truncate(MAX_NAMES);
    list.iter_mut().for_each(shorten);
    if more > 0 {
        list.push(format!("… ({more} more left out by fixplan probe)"));
    }
}

impl FactFile {
    /// Shortens every string and list that came from the network or the command line.
    pub fn bound(&mut self) {
        let m = &mut self.meta;
        shorten(&mut m.host);
        shorten_all(&mut m.addresses);
        for s in [
            &mut m.resolve_error,
            &mut m.connected_to,
            &mut m.tcp_error,
            &mut m.negotiation_answer,
            &mut m.negotiation_error,
            &mut m.tls_error,
            &mut m.tls_cipher_suite,
            &mut m.certificate_error,
        ]
        .into_iter()
        .flatten()
        {
            shorten(s);
        }
        if let Some(a) = &mut m.security_protocols {
            [&mut a.rdp, &mut a.ssl, &mut a.hybrid].into_iter().for_each(shorten);
        }
        if let Some(c) = &mut m.certificate {
            for s in [&mut c.subject, &mut c.issuer, &mut c.not_before, &mut c.not_after, &mut c.sha256] {
                shorten(s);
            }
            shorten_all(&mut c.dns_names);
            shorten_all(&mut c.ip_addresses);
        }
        if let Some(v) = &mut self.probe_tls_version {
            shorten(v);
        }
    }
}
