//! `fixplan probe` end to end against servers made here: a closed port, servers that break the
//! exchange in the ways a hostile or broken server can, and (in `probe_xrdp/`) a real xrdp.

mod probe_xrdp;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// Runs the real binary; returns its output.
pub fn fixplan(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fixplan"));
    cmd.args(args).stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// Probes `127.0.0.1:port`; checks exit 0 and returns the fact file, parsed.
pub fn probe(port: u16, extra: &[&str]) -> serde_yaml::Value {
    probe_target(&format!("127.0.0.1:{port}"), extra)
}

/// Probes `target`; checks exit 0 and returns the fact file, parsed.
pub fn probe_target(target: &str, extra: &[&str]) -> serde_yaml::Value {
    let mut args = vec!["probe", target];
    args.extend_from_slice(extra);
    let out = fixplan(&args, None);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_yaml::from_slice(&out.stdout).expect("the probe writes YAML")
}

/// A fact or `_meta` value as a string ("" when absent), for short assertions.
pub fn get(facts: &serde_yaml::Value, path: &str) -> String {
    let mut v = facts;
    for key in path.split('.') {
        v = match v.get(key) {
            Some(x) => x,
            None => return String::new(),
        };
    }
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap().trim().to_string(),
    }
}

/// Evaluating the probe's output must work: `fixplan probe HOST | fixplan eval -`.
pub fn evaluates(facts: &serde_yaml::Value) {
    let yaml = serde_yaml::to_string(facts).unwrap();
    let out = fixplan(&["eval", "--format", "json", "-"], Some(yaml.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "eval failed: {}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["warnings"].as_array().unwrap().is_empty(), "{}", report["warnings"]);
}

/// A server on a loopback port; each connection is handled by `handler` on its own thread.
fn serve(handler: fn(TcpStream)) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(16).flatten() {
            std::thread::spawn(move || handler(stream));
        }
    });
    port
}

/// Reads the client's 19-byte Connection Request, as any RDP server would first.
fn read_request(s: &mut TcpStream) -> [u8; 19] {
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut cr = [0u8; 19];
    let _ = s.read_exact(&mut cr);
    cr
}

/// A Connection Confirm selecting TLS (MS-RDPBCGR 2.2.1.2.1).
const CC_SSL: [u8; 19] = [3, 0, 0, 19, 14, 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0, 8, 0, 1, 0, 0, 0];

#[test]
fn a_closed_port_is_refused_and_evaluates() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let facts = probe(port, &[]);
    assert_eq!(get(&facts, "probe_tcp"), "refused");
    assert_eq!(get(&facts, "probe_negotiation"), "", "nothing past TCP is claimed");
    assert_eq!(get(&facts, "_meta.collector"), "fixplan probe");
    assert_eq!(get(&facts, "_meta.addresses"), "- 127.0.0.1");
    assert!(get(&facts, "_meta.collected_at").ends_with('Z'));
    evaluates(&facts);
}

#[test]
fn a_server_that_closes_during_the_tls_handshake() {
    let port = serve(|mut s| {
        let cr = read_request(&mut s);
        // Only the connection that offers TLS gets it; the ClientHello is read, then the
        // connection is dropped, as a server that cannot use its key does.
        if cr[15] & 1 == 1 {
            let _ = s.write_all(&CC_SSL);
            let _ = s.read(&mut [0u8; 512]);
        }
    });
    let facts = probe(port, &[]);
    assert_eq!(get(&facts, "probe_tcp"), "open");
    assert_eq!(get(&facts, "probe_negotiation"), "ssl");
    assert_eq!(get(&facts, "probe_tls"), "closed_by_server");
    assert_eq!(get(&facts, "rdp_cert_days_left"), "");
    assert_eq!(get(&facts, "_meta.security_protocols.rdp"), "closed");
    assert_eq!(get(&facts, "_meta.accepted_protocols"), "- ssl");
    evaluates(&facts);
}

#[test]
fn a_server_that_answers_something_else() {
    let port = serve(|mut s| {
        read_request(&mut s);
        let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    let facts = probe(port, &[]);
    assert_eq!(get(&facts, "probe_negotiation"), "no_response");
    assert_eq!(get(&facts, "probe_tls"), "not_attempted");
    assert!(get(&facts, "_meta.negotiation_error").contains("TPKT version 72"), "{facts:?}");
    evaluates(&facts);
}

#[test]
fn a_server_that_trickles_bytes_times_out() {
    let port = serve(|mut s| {
        read_request(&mut s);
        // A header promising 19 bytes, then one byte every 200 ms: each read succeeds, only the
        // step's deadline ends it. Bounded so that the thread ends by itself.
        let _ = s.write_all(&[3, 0, 0, 19]);
        for _ in 0..100 {
            std::thread::sleep(Duration::from_millis(200));
            if s.write_all(&[0]).is_err() {
                return;
            }
        }
    });
    let facts = probe(port, &["--timeout", "1"]);
    assert_eq!(get(&facts, "probe_negotiation"), "no_response");
    assert!(get(&facts, "_meta.negotiation_error").contains("time"), "{facts:?}");
}

#[test]
fn a_server_that_floods_the_tls_handshake() {
    let port = serve(|mut s| {
        read_request(&mut s);
        let _ = s.write_all(&CC_SSL);
        // Handshake records without end, at most 64 MiB: the probe must stop reading.
        let mut record = vec![0x16, 0x03, 0x03, 0x40, 0x00];
        record.resize(5 + 0x4000, 0x0b);
        for _ in 0..4096 {
            if s.write_all(&record).is_err() {
                return;
            }
        }
    });
    let facts = probe(port, &[]);
    assert_eq!(get(&facts, "probe_negotiation"), "ssl");
    assert_eq!(get(&facts, "probe_tls"), "handshake_failure");
}

#[test]
fn the_fact_file_goes_to_out() {
    let dir = std::env::temp_dir().join(format!("fixplan-probe-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("facts.yaml");
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let target = format!("127.0.0.1:{port}");
    let out = fixplan(&["probe", &target, "-o", file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("probe_tcp: refused"), "{written}");
    let missing = dir.join("no-such-dir").join("facts.yaml");
    let out = fixplan(&["probe", &target, "-o", missing.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: cannot write"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["probe", "host:0"][..], &["probe", "a b"], &["probe", "host", "--timeout", "0"]] {
        let out = fixplan(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
    let out = fixplan(&["probe", "host:0"], None);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: `0` is not a port; a port is a number from 1 to 65535\n  = hint: write the target as HOST, HOST:PORT or [IPV6]:PORT, like `rds01.corp.example:3389`\n"
    );
}

#[test]
fn a_name_that_does_not_resolve_exits_1_with_meta_only() {
    // An empty label: the resolver rejects it without asking the network.
    let out = fixplan(&["probe", "a..b", "--timeout", "2"], None);
    assert_eq!(out.status.code(), Some(1));
    let facts: serde_yaml::Value = serde_yaml::from_slice(&out.stdout).unwrap();
    assert_ne!(get(&facts, "_meta.resolve_error"), "");
    assert_eq!(get(&facts, "probe_tcp"), "");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: cannot resolve `a..b`"));
}
