//! Renders reports: text and markdown through the minijinja templates of `templates/`, JSON
//! through serde. Untrusted text is stripped of control characters before it reaches a terminal.

mod ascii;
pub mod collector;
pub mod explain;
mod fleet;
mod page;
pub mod report;
mod wrap;

pub use fleet::render_fleet;
pub use page::{html_fleet_page, IndexEntry};

pub use crate::text::{markdown_code, markdown_message, markdown_text, sanitize_line, sanitize_terminal};
pub use ascii::{ascii, needs_ascii, set_ascii, to_ascii};
pub use report::{build, Report};
pub use wrap::{set_width, width, wrap, WRAP_FILE};

use minijinja::{Environment, Value as JValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    /// One `<section>` per report; `html_page` wraps them in a self-contained page.
    Html,
}

const TEXT: &str = include_str!("../../templates/plan.txt.j2");
const MARKDOWN: &str = include_str!("../../templates/plan.md.j2");
const HTML: &str = include_str!("../../templates/plan.html.j2");

/// Renders one report. `color` adds ANSI styles (text only).
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Json => serde_json::to_string(report).expect("a report always serialises"),
        Format::Text => wrap(&template("plan.txt", TEXT, report, color), width()),
        Format::Markdown => template("plan.md", MARKDOWN, report, false),
        // The `.html` name turns on minijinja's HTML auto-escaping of every value.
        Format::Html => template("plan.html", HTML, report, false),
    }
}

/// Renders an explanation (`fixplan explain`): text or markdown through the `explain.*.j2`
/// templates, or JSON. `color` adds ANSI styles (text only).
pub fn render_explanation(x: &explain::Explanation, format: Format, color: bool) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(x).expect("an explanation always serialises") + "\n",
        Format::Markdown => template("explain.md", include_str!("../../templates/explain.md.j2"), x, false),
        // There is no HTML explanation; the CLI does not offer it, and text is the fallback.
        Format::Text | Format::Html => {
            wrap(&template("explain.txt", include_str!("../../templates/explain.txt.j2"), x, color), width())
        }
    }
}

fn template(name: &str, source: &str, report: &impl serde::Serialize, color: bool) -> String {
    template_with(name, source, minijinja::context! { r => JValue::from_serialize(report) }, color)
}

fn template_with(name: &str, source: &str, ctx: JValue, color: bool) -> String {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_template(name, source).expect("the shipped templates are valid");
    let style = move |code: &'static str| move |s: String| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s };
    env.add_filter("bold", style("1"));
    env.add_filter("dim", style("2"));
    env.add_filter("red", style("31"));
    env.add_filter("yellow", style("33"));
    env.add_filter("green", style("32"));
    env.add_filter("pct", |x: f64| format!("{:.0}%", x * 100.0));
    env.add_filter("pct1", |x: f64| if x < 0.01 && x > 0.0 { "<1%".to_string() } else { format!("{:.0}%", x * 100.0) });
    env.add_filter("minutes", |x: f64| if x.fract() == 0.0 { format!("{x:.0} min") } else { format!("{x:.1} min") });
    env.add_filter("indent_lines", |s: String, n: usize| {
        let pad = " ".repeat(n);
        s.trim_end().lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n")
    });
    // Command lines: indented like `indent_lines`, and marked so that `wrap` never breaks them.
    env.add_filter("command_lines", |s: String, n: usize| {
        let pad = " ".repeat(n);
        s.trim_end().lines().map(|l| format!("{}{pad}{l}", wrap::NOWRAP)).collect::<Vec<_>>().join("\n")
    });
    // The shell a step's commands are for, as an admin calls it (`PowerShell`, `cmd`).
    env.add_filter("shell_name", |s: String| match s.as_str() {
        "powershell" => "PowerShell".to_string(),
        "cmd" => "cmd".to_string(),
        "bash" => "bash".to_string(),
        _ => String::new(),
    });
    env.add_filter("factor", |x: f64| if x == 0.0 { "ruled out".to_string() } else { format!("×{x}") });
    env.add_filter("num", |x: f64| {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    });
    env.add_filter("md", |s: String| s.replace('`', "'").replace('|', "\\|"));
    // Untrusted values: `mdcode` inside backticks, `mdtext` in prose, `mdmsg` for warnings (see `escape`).
    env.add_filter("mdcode", |s: String| markdown_code(&s));
    env.add_filter("mdtext", |s: String| markdown_text(&s));
    env.add_filter("mdmsg", |s: String| markdown_message(&s));
    env.add_filter("lpad", |v: JValue, n: usize| format!("{:>n$}", v.to_string()));
    let tmpl = env.get_template(name).expect("template was just added");
    tmpl.render(ctx).unwrap_or_else(|e| format!("internal error: cannot render report: {e}\n"))
}

/// Wraps rendered HTML sections in one self-contained page (inline CSS, no external resources).
pub fn html_page(body: &str) -> String {
    format!("{}{body}{}", html_head(), html_tail())
}

/// The start of the self-contained page, up to `<body>`: a page can be streamed section by section.
pub fn html_head() -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>fixplan report</title>\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <style>{}</style></head><body>\n",
        include_str!("../../templates/report.css")
    )
}

/// The end of the page that `html_head` starts.
pub fn html_tail() -> &'static str {
    "</body></html>\n"
}

/// The JSON line of an input that failed to load (docs/json.md): `input` and `error` as before,
/// and the place as fields, as `fixplan check --format json` gives them: `file`, `line` and `col`
/// (1-based; 0 when the error has no place, such as an unreadable file), and `message` alone.
/// A JSON Lines line (`FILE:LINE`) gives its file and the line's number in it.
pub fn json_error(e: &crate::facts::LoadError) -> String {
    let (file, line, col) = match e.input.rsplit_once(':') {
        Some((file, n)) if e.in_line => (file.to_string(), n.parse().unwrap_or(0), e.col),
        _ => (e.input.clone(), e.line, if e.line == 0 { 0 } else { e.col }),
    };
    serde_json::json!({
        "input": sanitize_line(&e.input),
        "error": sanitize_terminal(&e.to_string()),
        "file": sanitize_line(&file),
        "line": line,
        "col": col,
        "message": sanitize_terminal(&e.message),
    })
    .to_string()
}

/// A section naming an input that failed to load, with the error escaped.
pub fn html_error(input: &str, error: &str) -> String {
    format!(
        "<section class=\"report\"><h2>fixplan: <code>{}</code></h2><p class=\"risk-high\">{}</p></section>\n",
        escape_html(&sanitize_line(input)),
        escape_html(&sanitize_terminal(error))
    )
}

fn escape_html(s: &str) -> String {
    minijinja::HtmlEscape(s).to_string()
}
