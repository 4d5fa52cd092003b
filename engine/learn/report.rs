//! The calibration report in text, markdown, JSON and a self-contained HTML page whose
//! reliability diagram is inline SVG (no script, nothing loaded).

use super::calibrate::{Calibration, Metrics};
use crate::render::{markdown_code, sanitize_line};
use std::fmt::Write;

/// The report formats are the renderer's.
pub use crate::render::Format;

pub fn render(c: &Calibration, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(c).expect("a calibration serialises") + "\n",
        Format::Text => text(c, false),
        Format::Markdown => text(c, true),
        Format::Html => html(c),
    }
}

/// The columns: the knowledge base, and the learned layer when there is one.
fn columns(c: &Calibration) -> Vec<(&'static str, &Metrics)> {
    let mut cols = vec![("knowledge base", &c.kb)];
    if let Some(l) = &c.learned {
        cols.push(("with learned layer", l));
    }
    cols
}

fn rows(m: &Metrics) -> [(String, &'static str); 7] {
    [
        (format!("{:.1}%", m.top1 * 100.0), "top-1 accuracy"),
        (format!("{:.1}%", m.top3 * 100.0), "top-3 accuracy"),
        (format!("{:.2}", m.mean_rank), "mean rank of the confirmed cause"),
        (format!("{:.4}", m.brier), "Brier score (lower is better)"),
        (format!("{:.4}", m.log_loss), "log loss (lower is better)"),
        (format!("{:.4}", m.calibration_error), "calibration error of the top cause"),
        (format!("{}", m.ruled_out), "confirmed cause ruled out"),
    ]
}

fn text(c: &Calibration, md: bool) -> String {
    let mut out = String::new();
    let cols = columns(c);
    let learned = c.learned_file.as_deref().map(sanitize_line);
    if md {
        out.push_str("# Calibration\n\n");
    }
    let _ = writeln!(
        out,
        "{} input(s): {} with a confirmed cause, {} without, {} failed to load{}",
        c.inputs,
        c.cases,
        c.skipped,
        c.failed.len(),
        learned.as_ref().map_or(String::new(), |f| match md {
            true => format!("; learned layer `{}`", markdown_code(f)),
            false => format!("; learned layer {f}"),
        })
    );
    out.push('\n');
    let all: Vec<[(String, &str); 7]> = cols.iter().map(|(_, m)| rows(m)).collect();
    if md {
        let _ = writeln!(out, "| measure | {} |", cols.iter().map(|c| c.0).collect::<Vec<_>>().join(" | "));
        let _ = writeln!(out, "|---|{}", "---:|".repeat(cols.len()));
    } else {
        let _ = writeln!(out, "{:<36}{}", "", cols.iter().map(|c| format!("{:>20}", c.0)).collect::<String>());
    }
    for i in 0..7 {
        let name = all[0][i].1;
        let vals: Vec<&str> = all.iter().map(|r| r[i].0.as_str()).collect();
        match md {
            true => {
                let _ = writeln!(out, "| {name} | {} |", vals.join(" | "));
            }
            false => {
                let _ = writeln!(out, "{name:<36}{}", vals.iter().map(|v| format!("{v:>20}")).collect::<String>());
            }
        }
    }
    for (name, m) in &cols {
        let _ = writeln!(out, "\n{}Reliability of the top cause ({name})\n", if md { "## " } else { "" });
        if md {
            out.push_str("| predicted | cases | mean predicted | confirmed |\n|---|---:|---:|---:|\n");
        } else {
            let _ = writeln!(out, "{:<12}{:>8}{:>16}{:>12}", "predicted", "cases", "mean predicted", "confirmed");
        }
        for b in m.bins.iter().filter(|b| b.cases > 0) {
            let range = format!("{:.1}-{:.1}", b.from, b.to);
            let (mp, ob) = (format!("{:.3}", b.mean_predicted), format!("{:.3}", b.observed));
            let _ = match md {
                true => writeln!(out, "| {range} | {} | {mp} | {ob} |", b.cases),
                false => writeln!(out, "{range:<12}{:>8}{mp:>16}{ob:>12}  {}", b.cases, bar(b.observed)),
            };
        }
    }
    for f in c.failed.iter().take(20) {
        let _ = writeln!(out, "{}failed: {}", if md { "\n- " } else { "" }, sanitize_line(f));
    }
    out
}

fn bar(x: f64) -> String {
    "#".repeat((x * 20.0).round().clamp(0.0, 20.0) as usize)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The reliability diagram: predicted probability (x) against how often the top cause was the
/// confirmed one (y), a point per non-empty bin sized by its cases, and the diagonal.
fn svg(name: &str, m: &Metrics) -> String {
    let (w, h, pad) = (320.0, 320.0, 40.0);
    let x = |v: f64| pad + v * (w - 2.0 * pad);
    let y = |v: f64| h - pad - v * (h - 2.0 * pad);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"reliability diagram, {}\">",
        esc(name)
    );
    let _ = write!(
        s,
        "<rect x=\"{pad}\" y=\"{pad}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/>",
        w - 2.0 * pad,
        h - 2.0 * pad
    );
    let _ = write!(
        s,
        "<line class=\"diagonal\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>",
        x(0.0),
        y(0.0),
        x(1.0),
        y(1.0)
    );
    for t in [0.0, 0.5, 1.0] {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{t}</text>",
            x(t),
            h - pad + 14.0
        );
        let _ =
            write!(s, "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{t}</text>", pad - 4.0, y(t) + 3.0);
    }
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">predicted probability of the top cause</text>",
        w / 2.0,
        h - 8.0
    );
    let _ = write!(s, "<text x=\"12\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 {})\">confirmed</text>", h / 2.0, h / 2.0);
    let max = m.bins.iter().map(|b| b.cases).max().unwrap_or(1).max(1) as f64;
    let pts: Vec<String> = m
        .bins
        .iter()
        .filter(|b| b.cases > 0)
        .map(|b| format!("{:.1},{:.1}", x(b.mean_predicted), y(b.observed)))
        .collect();
    if pts.len() > 1 {
        let _ = write!(s, "<polyline points=\"{}\" fill=\"none\" stroke=\"#36c\"/>", pts.join(" "));
    }
    for b in m.bins.iter().filter(|b| b.cases > 0) {
        let r = 3.0 + 6.0 * (b.cases as f64 / max).sqrt();
        let _ = write!(
            s,
            "<circle class=\"bin\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\" fill=\"#36c\" fill-opacity=\"0.6\"><title>{:.1}-{:.1}: {} case(s), predicted {:.3}, confirmed {:.3}</title></circle>",
            x(b.mean_predicted), y(b.observed), b.from, b.to, b.cases, b.mean_predicted, b.observed
        );
    }
    s.push_str("</svg>");
    s
}

fn html(c: &Calibration) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>fixplan calibration</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}\
         td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}th:first-child,td:first-child{text-align:left}\
         figure{display:inline-block;margin:1em}</style></head><body>\n<h1>Calibration</h1>\n",
    );
    let _ = writeln!(
        out,
        "<p>{} input(s): {} with a confirmed cause, {} without, {} failed to load{}.</p>",
        c.inputs,
        c.cases,
        c.skipped,
        c.failed.len(),
        c.learned_file.as_deref().map_or(String::new(), |f| format!("; learned layer <code>{}</code>", esc(f)))
    );
    let cols = columns(c);
    out.push_str("<table id=\"metrics\"><tr><th>measure</th>");
    for (name, _) in &cols {
        let _ = write!(out, "<th>{name}</th>");
    }
    out.push_str("</tr>\n");
    let all: Vec<_> = cols.iter().map(|(_, m)| rows(m)).collect();
    for i in 0..7 {
        let _ = write!(out, "<tr><td>{}</td>", all[0][i].1);
        for r in &all {
            let _ = write!(out, "<td>{}</td>", r[i].0);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    for (name, m) in &cols {
        let _ = writeln!(
            out,
            "<figure><figcaption>Reliability of the top cause: {name}</figcaption>{}</figure>",
            svg(name, m)
        );
    }
    if !c.failed.is_empty() {
        out.push_str("<h2>Failed to load</h2><ul>");
        for f in c.failed.iter().take(20) {
            let _ = write!(out, "<li>{}</li>", esc(f));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body></html>\n");
    out
}
