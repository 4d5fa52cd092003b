//! `HOST[:PORT]` as the user writes it: a name, an IPv4 address, or an IPv6 address (bare, or in
//! brackets when a port follows).

use std::net::Ipv6Addr;

/// The RDP port when none is given.
pub const DEFAULT_PORT: u16 = 3389;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The name or address, without brackets; certificates are matched against it.
    pub host: String,
    pub port: u16,
}

/// Parses `HOST`, `HOST:PORT`, `[IPV6]`, `[IPV6]:PORT` or a bare IPv6 address.
pub fn parse_target(s: &str) -> Result<Target, String> {
    let s = s.trim();
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or("an opening `[` without its `]`")?;
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':').ok_or("after `]` only `:PORT` may follow")?)),
        }
    } else if s.parse::<Ipv6Addr>().is_ok() {
        (s, None)
    } else {
        match s.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        }
    };
    if host.is_empty() {
        return Err("the host is empty".into());
    }
    let bad_char = host.contains(|c: char| c.is_whitespace() || c.is_control() || c == '/');
    if bad_char || (host.contains(':') && host.parse::<Ipv6Addr>().is_err()) {
        return Err(format!("`{host}` is not a host name or address"));
    }
    let port = match port {
        None => DEFAULT_PORT,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => return Err(format!("`{p}` is not a port; a port is a number from 1 to 65535")),
        },
    };
    Ok(Target { host: host.to_string(), port })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(host: &str, port: u16) -> Result<Target, String> {
        Ok(Target { host: host.into(), port })
    }

    #[test]
    fn forms_of_host_and_port() {
        assert_eq!(parse_target("rds01.corp.example"), t("rds01.corp.example", 3389));
        assert_eq!(parse_target("rds01:3390"), t("rds01", 3390));
        assert_eq!(parse_target("127.0.0.1:13389"), t("127.0.0.1", 13389));
        assert_eq!(parse_target("::1"), t("::1", 3389));
        assert_eq!(parse_target("[::1]"), t("::1", 3389));
        assert_eq!(parse_target("[fe80::1]:3390"), t("fe80::1", 3390));
    }

    #[test]
    fn bad_targets_are_errors() {
        for bad in ["", ":3389", "host:0", "host:99999", "host:x", "[::1", "[::1]x", "a b", "h/x"] {
            assert!(parse_target(bad).is_err(), "{bad:?}");
        }
    }
}
