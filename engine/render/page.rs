//! The HTML page of a batch (`eval --format html`), in the order an admin reads it: the fleet
//! summary and its chart first, then an index of the inputs grouped by top cause (host, top
//! cause, first step, each linking to its plan), then the plans. Summary rows link to the
//! index group of the inputs they count.

use super::{html_head, html_tail, template_with, Report};
use minijinja::Value as JValue;
use serde::Serialize;

/// One input's line in the page's index.
#[derive(Clone, Debug, Serialize)]
pub struct IndexEntry {
    /// The id of its plan's section (`input-3`).
    pub anchor: String,
    pub input: String,
    pub host: Option<String>,
    pub top_cause: Option<String>,
    pub top_probability: Option<f64>,
    /// The plan's first step: its kind (`check`, `fix`, `escalate`) and title.
    pub first_step: Option<(String, String)>,
    /// The input failed to load; its section says why.
    pub failed: bool,
}

impl IndexEntry {
    /// The entry of the `n`th input (from 1) of the page.
    pub fn of(r: &Report, n: u64) -> Self {
        IndexEntry {
            anchor: format!("input-{n}"),
            input: r.input.clone(),
            host: r.host.clone(),
            top_cause: r.causes.first().map(|c| c.id.clone()),
            top_probability: r.causes.first().map(|c| c.probability),
            first_step: r.plan.first().map(|s| (s.kind.to_string(), s.title.clone())),
            failed: false,
        }
    }

    /// The entry of an input that failed to load.
    pub fn failed(input: &str, n: u64) -> Self {
        IndexEntry {
            anchor: format!("input-{n}"),
            input: super::sanitize_line(input),
            host: None,
            top_cause: None,
            top_probability: None,
            first_step: None,
            failed: true,
        }
    }
}

/// The whole page. `sections` are the inputs' HTML sections (`render(.., Format::Html, ..)` or
/// `html_error`), one per entry in the same order; `summary` is the fleet summary (none for a
/// single input unless asked); `omitted` inputs are counted in the summary but not shown.
pub fn html_fleet_page(
    summary: Option<&impl Serialize>,
    entries: &[IndexEntry],
    sections: &[String],
    omitted: u64,
) -> String {
    let mut page = html_head();
    page.push_str("<header class=\"nav\"><h1>fixplan fleet report</h1></header>\n");
    if let Some(s) = summary {
        let ctx = minijinja::context! { s => JValue::from_serialize(s), omitted => omitted, index => true };
        page.push_str(&template_with("fleet.html", include_str!("../../templates/fleet.html.j2"), ctx, false));
        let ctx = minijinja::context! {
            s => JValue::from_serialize(s),
            entries => JValue::from_serialize(entries),
        };
        page.push_str(&template_with("index.html", include_str!("../../templates/index.html.j2"), ctx, false));
    }
    for (entry, section) in entries.iter().zip(sections) {
        // The section's anchor, on the tag that `plan.html.j2` and `html_error` open with.
        let anchored = section.replacen(
            "<section class=\"report\">",
            &format!("<section class=\"report\" id=\"{}\">", entry.anchor),
            1,
        );
        page.push_str(&anchored);
    }
    page.push_str(html_tail());
    page
}
