//! The HTML report of a batch opened in headless Chromium: a screenshot is taken and the DOM the
//! browser built is checked for the chart, the plans, hostile values kept as text, and the fleet
//! page's order (summary, index, plans) and links. Needs
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
    assert_eq!(dom.matches("<section class=\"report\" id=\"input-").count(), 4, "three plans and the failed file");
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

/// `fixplan calibrate --format html`: the reliability diagrams (inline SVG, one point per
/// non-empty bin) and the metrics table as the browser built them, a hostile file name as text.
#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn the_calibration_page_renders_in_chromium_with_its_reliability_diagrams() {
    let browser = chromium();
    let dir = scratch("calibrate-browser");
    let cases = [("true", "cause_b"), ("true", "cause_b"), ("false", "cause_a"), ("true", "cause_a")];
    for (i, (sign, cause)) in cases.iter().enumerate() {
        let body = format!("sign: {sign}\n_meta: {{outcome: {{cause: {cause}}}}}\n");
        std::fs::write(dir.join(format!("c{i}.yaml")), body).unwrap();
    }
    let hostile = dir.join("<img src=x onerror=alert(1)>.yaml");
    std::fs::write(&hostile, "sign: [\n").unwrap();
    let layer = common::root().join("tests/cases/learn/layers/hand.yaml");
    let out = Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .arg("--kb")
        .arg(common::root().join("tests/cases/learn"))
        .arg("--learned")
        .arg(&layer)
        .args(["calibrate", "--format", "html"])
        .arg(&*dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the bad file makes it exit 1: {}", text(&out.stderr));
    let page = dir.join("calibration.html");
    std::fs::write(&page, &out.stdout).unwrap();
    let dom = headless(browser, &dir.join("profile"), &["--dump-dom"], &page);
    assert!(dom.status.success(), "{}", text(&dom.stderr));
    let dom = text(&dom.stdout);
    assert_eq!(dom.matches("<svg").count(), 2, "a diagram for the knowledge base and one with the layer");
    // The knowledge base's four cases fall into two bins (0.5-0.6 and 0.6-0.7), so two points.
    let first = &dom[dom.find("<svg").unwrap()..dom.find("</svg>").unwrap()];
    assert_eq!(first.matches("<circle class=\"bin\"").count(), 2, "{first}");
    assert!(first.contains("0.5-0.6: 3 case(s)"), "{first}");
    assert!(dom.contains("<table id=\"metrics\">") && dom.contains("with learned layer"));
    assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;"), "the hostile file name is not text");
    assert!(!dom.contains("<img") && !dom.contains("<script"), "an element was injected");
    let png = dir.join("calibration.png");
    let shot = headless(
        browser,
        &dir.join("profile"),
        &[&format!("--screenshot={}", png.display()), "--window-size=1000,900"],
        &page,
    );
    assert!(shot.status.success(), "{}", text(&shot.stderr));
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 10_000, "the screenshot is nearly empty");
}

/// The fleet page of the examples and the held-out incidents (over 100 inputs, so that some
/// cause leads under 1 % of them): the page and the summary, as JSON.
fn fleet_page(dir: &Path) -> (std::path::PathBuf, serde_json::Value) {
    let root = common::root();
    let out = Command::new(env!("CARGO_BIN_EXE_fixplan"))
        .args(["eval", "--format", "html", "--summary-out"])
        .arg(dir.join("summary.json"))
        .arg(root.join("examples"))
        .arg(root.join("tests/cases/incidents"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = dir.join("fleet.html");
    std::fs::write(&page, &out.stdout).unwrap();
    let summary = serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    (page, summary)
}

/// A fleet page reads top down: the summary with its chart, an index of the inputs by top cause
/// (each linking to its plan), then the plans; every summary row links to its inputs; causes
/// under 1 % fold into one line. `dom` is the page as the browser built it, or its source.
fn check_fleet_page(dom: &str, summary: &serde_json::Value) {
    assert!(!dom.contains("internal error"), "a template failed");
    let at = |needle: &str| dom.find(needle).unwrap_or_else(|| panic!("no `{needle}` in the page"));
    assert!(at("<section class=\"fleet\"") < at("<svg class=\"chart\""));
    assert!(at("<svg class=\"chart\"") < at("<nav class=\"index\""), "the chart comes before the index");
    assert!(at("<nav class=\"index\"") < at("<section class=\"report\""), "the index comes before the plans");
    let inputs = summary["inputs"].as_u64().unwrap();
    assert!(inputs > 100, "enough inputs for a cause under 1 %");
    // Every link on the page lands on an element of the page; the index links to every plan once.
    let attr = |name: &str| -> Vec<String> {
        let pat = format!("{name}=\"");
        dom.match_indices(&pat)
            .map(|(i, _)| {
                let v = &dom[i + pat.len()..];
                v[..v.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let ids: std::collections::HashSet<String> = attr("id").into_iter().collect();
    let mut links: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for href in attr("href").into_iter().filter_map(|h| h.strip_prefix('#').map(str::to_string)) {
        assert!(ids.contains(&href), "the link #{href} lands nowhere");
        *links.entry(href).or_default() += 1;
    }
    for n in 1..=inputs {
        let anchor = format!("input-{n}");
        assert!(dom.contains(&format!("<section class=\"report\" id=\"{anchor}\">")), "no plan {anchor}");
        assert_eq!(links.get(&anchor), Some(&1), "index links to {anchor}");
    }
    // Summary rows link to their index group; those under 1 % are folded into one row.
    let causes = summary["causes"].as_array().unwrap();
    let minor: Vec<&str> =
        causes.iter().filter(|c| c["share"].as_f64().unwrap() < 0.01).map(|c| c["id"].as_str().unwrap()).collect();
    assert!(!minor.is_empty(), "some cause leads under 1 % of {inputs} inputs");
    let folded = &dom[at("<tr class=\"folded\">")..];
    let folded = &folded[..folded.find("</tr>").unwrap()];
    for c in causes {
        let id = c["id"].as_str().unwrap();
        assert!(links.contains_key(&format!("top-{id}")), "no summary link for {id}");
        let bar = dom.contains(&format!("<title>{id}: "));
        assert_eq!(folded.contains(id), minor.contains(&id), "{id} folded only when under 1 %");
        assert!(!(bar && minor.contains(&id)), "{id} is under 1 % but has a bar");
    }
    assert!(links.len() >= inputs as usize + causes.len(), "a link to every plan and every cause group");
}

/// The page's structure, read from its source: runs everywhere, Chromium or not.
#[test]
fn the_fleet_page_source_has_summary_index_and_links_in_order() {
    let dir = scratch("html-fleet-source");
    let (page, summary) = fleet_page(&dir);
    check_fleet_page(&std::fs::read_to_string(page).unwrap(), &summary);
}

/// The same, on the DOM the browser built from the page, and a screenshot of its top.
#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn the_fleet_page_in_chromium_opens_with_summary_and_index_and_every_link_lands() {
    let browser = chromium();
    let dir = scratch("html-fleet");
    let (page, summary) = fleet_page(&dir);
    let dom = headless(browser, &dir.join("profile"), &["--dump-dom"], &page);
    assert!(dom.status.success(), "{}", text(&dom.stderr));
    check_fleet_page(&text(&dom.stdout), &summary);
    let png = dir.join("fleet.png");
    let shot = headless(
        browser,
        &dir.join("profile"),
        &[&format!("--screenshot={}", png.display()), "--window-size=1400,1600"],
        &page,
    );
    assert!(shot.status.success(), "{}", text(&shot.stderr));
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 20_000, "{} bytes", bytes.len());
}
