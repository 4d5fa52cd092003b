//! The HTML report of a batch opened in headless Chromium: a screenshot is taken and the DOM the
//! browser built is checked for the chart, the plans and hostile values kept as text. Needs
//! Chromium: `#[ignore]`d in a plain `cargo test`, run by `.ci/run` (which installs Debian's
//! `chromium`) with `--include-ignored`.

mod common;

use common::run::{scratch, text};
use std::path::Path;
use std::process::{Command, Stdio};

fn chromium() -> &'static str {
    let found = ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
    });
    found.expect("chromium is not installed: apt-get install chromium (.ci/run does)")
}

fn headless(browser: &str, profile: &Path, extra: &[&str], page: &Path) -> std::process::Output {
    Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .output()
        .expect("chromium runs")
}

#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn the_html_report_renders_in_chromium_with_chart_plans_and_escaped_values() {
    let browser = chromium();
    let dir = scratch("html-browser");
    let hostile = "_meta: { host: \"<script>alert(1)</script>\" }\nerror_code: 0x904\n\
                   \"<img src=x onerror=alert(2)>\": 1\n";
    std::fs::write(dir.join("hostile.yaml"), hostile).unwrap();
    std::fs::write(dir.join("bad <b onclick=x>name.yaml"), "error_code: [\n").unwrap();
    let examples = common::root().join("examples");
    let out = Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(["eval", "--format", "html", "--summary-out"])
        .arg(dir.join("summary.json"))
        .arg(dir.join("hostile.yaml"))
        .arg(dir.join("bad <b onclick=x>name.yaml"))
        .arg(examples.join("udp_transport_failure.yaml"))
        .arg(examples.join("rdp_selfsigned_cert_expired_or_corrupt.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the bad file makes it exit 1: {}", text(&out.stderr));
    let page = dir.join("report.html");
    std::fs::write(&page, &out.stdout).unwrap();

    let dom = headless(browser, &dir.join("profile"), &["--dump-dom"], &page);
    assert!(dom.status.success(), "{}", text(&dom.stderr));
    let dom = text(&dom.stdout);
    assert!(dom.contains("<svg class=\"chart\""), "no chart in the DOM");
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    let causes = summary["causes"].as_array().unwrap();
    assert!(!causes.is_empty());
    assert_eq!(dom.matches("<g class=\"cause-bar\">").count(), causes.len(), "one bar per top cause");
    for c in causes {
        assert!(dom.contains(&format!("<title>{}: {} (", c["id"].as_str().unwrap(), c["inputs"])), "no bar for {c}");
    }
    assert_eq!(dom.matches("<section class=\"report\">").count(), 4, "three plans and the failed file");
    assert_eq!(dom.matches("<ol class=\"plan\">").count(), 3);
    assert!(dom.contains("<section class=\"fleet\" id=\"fleet\">"));
    // The browser kept every hostile value as text: no element was injected.
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the hostile host is not shown as text");
    assert!(dom.contains("&lt;img src=x onerror=alert(2)&gt;"), "the hostile key is not shown as text");
    assert!(dom.contains("bad &lt;b onclick=x&gt;name.yaml"), "the failed file is not named as text");
    assert!(
        !dom.contains("<script") && !dom.contains("<img") && !dom.contains("<b onclick"),
        "an element was injected"
    );

    let png = dir.join("report.png");
    let shot = headless(
        browser,
        &dir.join("profile"),
        &[&format!("--screenshot={}", png.display()), "--window-size=1280,2000"],
        &page,
    );
    assert!(shot.status.success(), "{}", text(&shot.stderr));
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "the screenshot is not a PNG");
    assert!(bytes.len() > 20_000, "the screenshot is nearly empty ({} bytes)", bytes.len());
}
