//! `fixplan probe` against a real RDP server: Debian's xrdp on a loopback port, with certificates
//! made here (valid, expired, issued to another name by a CA) and each security layer; and
//! nmap's `rdp-enum-encryption` on the same server must agree on which protocols are accepted.
//! These tests need xrdp, openssl and nmap: they are `#[ignore]`d in a plain `cargo test`, which
//! says so, and `.ci/run` installs the tools and runs them with `--include-ignored`.

use super::{evaluates, get, probe, probe_target};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Fails the test when `tool` cannot run: an ignored test that is asked for must not pass unrun.
fn require(tool: &str) {
    let runs = Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    assert!(runs, "`{tool}` is not installed: apt-get install xrdp openssl nmap (.ci/run does)");
}

/// A running xrdp; stopped and its directory removed when dropped.
struct Xrdp {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Drop for Xrdp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[derive(Clone, Copy)]
enum Cert {
    /// Self-signed for 127.0.0.1 (CN and IP SAN), 30 days.
    Valid,
    /// Self-signed for 127.0.0.1, valid through 2020 only.
    Expired,
    /// Issued by a test CA to `other.example`.
    OtherName,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl runs");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Writes `cert.pem` and `key.pem` into `dir`.
fn make_cert(dir: &Path, kind: Cert) {
    let key = "-newkey rsa:2048 -nodes -keyout key.pem";
    let run = |cmd: &str| openssl(dir, &cmd.split(' ').collect::<Vec<_>>());
    match kind {
        Cert::Valid => run(&format!(
            "req -x509 {key} -out cert.pem -days 30 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
        )),
        Cert::Expired => {
            // OpenSSL 3.0's `req` cannot backdate; `ca -selfsign` takes explicit dates.
            std::fs::write(dir.join("index.txt"), "").unwrap();
            std::fs::write(dir.join("serial"), "01\n").unwrap();
            std::fs::write(
                dir.join("ca.cnf"),
                "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n\
                 default_md = sha256\npolicy = p\ncopy_extensions = copy\nunique_subject = no\n\
                 [p]\ncommonName = supplied\n",
            )
            .unwrap();
            run(&format!("req -new {key} -out req.csr -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"));
            run("ca -batch -config ca.cnf -selfsign -keyfile key.pem -in req.csr -out cert.pem \
                 -startdate 20200101000000Z -enddate 20210101000000Z");
        }
        Cert::OtherName => {
            run("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj /CN=fixplan-test-CA");
            run(&format!("req -new {key} -out req.csr -subj /CN=other.example"));
            std::fs::write(dir.join("ext.cnf"), "subjectAltName=DNS:other.example\n").unwrap();
            run("x509 -req -in req.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cert.pem -days 30 -extfile ext.cnf");
        }
    }
}

/// Starts xrdp with `security_layer` and a certificate of `kind` on a free loopback port.
fn start(name: &str, security_layer: &str, kind: Cert) -> Xrdp {
    let dir = std::env::temp_dir().join(format!("fixplan-xrdp-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    make_cert(&dir, kind);
    // A port taken between choosing and binding makes xrdp exit; then another is tried.
    for _ in 0..5 {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let ini = format!(
            "[Globals]\nini_version=1\nfork=false\nport=tcp://127.0.0.1:{port}\nsecurity_layer={security_layer}\n\
             crypt_level=high\ncertificate={d}/cert.pem\nkey_file={d}/key.pem\nssl_protocols=TLSv1.2, TLSv1.3\n\
             [Logging]\nLogFile={d}/xrdp.log\nLogLevel=INFO\nEnableSyslog=false\n",
            d = dir.display()
        );
        std::fs::write(dir.join("xrdp.ini"), ini).unwrap();
        let child = Command::new("xrdp")
            .args(["--nodaemon", "--config"])
            .arg(dir.join("xrdp.ini"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xrdp starts");
        let mut x = Xrdp { child, dir: dir.clone(), port };
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return x;
            }
            if let Ok(Some(_)) = x.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Dropping would remove the directory with the certificate the next try needs.
        let _ = x.child.kill();
        let _ = x.child.wait();
        std::mem::forget(x);
    }
    panic!("xrdp did not start; see {}/xrdp.log", dir.display());
}

/// nmap's view of one protocol: `Some(true)` for SUCCESS, `Some(false)` for FAILED.
fn nmap_view(output: &str, name: &str) -> Option<bool> {
    output.lines().find_map(|l| {
        let rest = l.trim_start_matches(['|', '_', ' ']).strip_prefix(name)?.strip_prefix(": ")?;
        Some(rest.starts_with("SUCCESS"))
    })
}

/// nmap counts any RDP_NEG_RSP as SUCCESS, whichever protocol it selects; the probe records the
/// selection itself in `_meta.security_protocols`. The two must agree on that.
fn agrees_with_nmap(facts: &serde_yaml::Value, port: u16) {
    require("nmap");
    let out = Command::new("nmap")
        .args(["-Pn", "-n", "-d", "-p", &port.to_string(), "--script", "+rdp-enum-encryption", "127.0.0.1"])
        .output()
        .expect("nmap runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let selections = ["rdp", "ssl", "hybrid", "hybrid_ex", "rdstls", "rdsaad"];
    for (nmap_name, ours) in [("Native RDP", "rdp"), ("SSL", "ssl"), ("CredSSP (NLA)", "hybrid")] {
        let answer = get(facts, &format!("_meta.security_protocols.{ours}"));
        let probe_says = selections.contains(&answer.as_str());
        assert_eq!(nmap_view(&text, nmap_name), Some(probe_says), "{nmap_name} vs {ours} = {answer}:\n{text}");
    }
}

#[test]
#[ignore = "needs xrdp, openssl and nmap (.ci/run installs them)"]
fn xrdp_negotiate_with_a_valid_certificate() {
    require("xrdp");
    let x = start("negotiate", "negotiate", Cert::Valid);
    let facts = probe(x.port, &[]);
    assert_eq!(get(&facts, "probe_tcp"), "open");
    assert_eq!(get(&facts, "probe_negotiation"), "ssl");
    assert_eq!(get(&facts, "probe_tls"), "ok");
    assert!(get(&facts, "probe_tls_version").starts_with("TLSv1."), "{facts:?}");
    let days: i64 = get(&facts, "rdp_cert_days_left").parse().unwrap();
    assert!((28..=30).contains(&days), "{days}");
    assert_eq!(get(&facts, "rdp_cert_self_signed"), "true");
    assert_eq!(get(&facts, "rdp_cert_subject_matches_hostname"), "true");
    assert_eq!(get(&facts, "_meta.security_protocols"), "rdp: rdp\nssl: ssl\nhybrid: ssl");
    assert_eq!(get(&facts, "_meta.accepted_protocols"), "- rdp\n- ssl");
    evaluates(&facts);
    agrees_with_nmap(&facts, x.port);
}

#[test]
#[ignore = "needs xrdp, openssl and nmap (.ci/run installs them)"]
fn xrdp_tls_only_with_an_expired_certificate() {
    require("xrdp");
    let x = start("tls-expired", "tls", Cert::Expired);
    let facts = probe(x.port, &[]);
    assert_eq!(get(&facts, "probe_negotiation"), "ssl");
    assert_eq!(get(&facts, "probe_tls"), "ok");
    let days: i64 = get(&facts, "rdp_cert_days_left").parse().unwrap();
    assert!(days < -365, "{days}");
    assert_eq!(get(&facts, "_meta.certificate.not_after"), "2021-01-01T00:00:00Z");
    assert_eq!(get(&facts, "rdp_cert_self_signed"), "true");
    assert_eq!(get(&facts, "_meta.security_protocols.rdp"), "ssl_required");
    assert_eq!(get(&facts, "_meta.accepted_protocols"), "- ssl");
    evaluates(&facts);
    // nmap's script gives up on a TLS-only server ("Failed to connect to server"), so there is
    // nothing of its to compare with here.
}

#[test]
#[ignore = "needs xrdp, openssl and nmap (.ci/run installs them)"]
fn xrdp_rdp_security_layer() {
    require("xrdp");
    let x = start("rdp", "rdp", Cert::Valid);
    let facts = probe(x.port, &[]);
    assert_eq!(get(&facts, "probe_negotiation"), "rdp");
    assert_eq!(get(&facts, "probe_tls"), "not_attempted");
    assert_eq!(get(&facts, "rdp_cert_days_left"), "");
    assert_eq!(get(&facts, "_meta.accepted_protocols"), "- rdp");
    evaluates(&facts);
    agrees_with_nmap(&facts, x.port);
}

#[test]
#[ignore = "needs xrdp, openssl and nmap (.ci/run installs them)"]
fn xrdp_with_a_ca_issued_certificate_for_another_name() {
    require("xrdp");
    let x = start("other-name", "negotiate", Cert::OtherName);
    // By address, a certificate that names no address says nothing about the name.
    let by_address = probe(x.port, &[]);
    assert_eq!(get(&by_address, "rdp_cert_subject_matches_hostname"), "");
    let facts = probe_target(&format!("localhost:{}", x.port), &[]);
    assert_eq!(get(&facts, "probe_tls"), "ok");
    assert_eq!(get(&facts, "rdp_cert_subject_matches_hostname"), "false");
    assert_eq!(get(&facts, "rdp_cert_self_signed"), "false");
    assert_eq!(get(&facts, "_meta.certificate.dns_names"), "- other.example");
    evaluates(&facts);
}
