//! Renders the fleet summary of a batch: text, markdown, HTML (with an inline SVG chart of the
//! causes) through the `fleet.*.j2` templates, JSON through serde.

use super::Format;
use minijinja::Value as JValue;

/// Renders a fleet summary. `omitted` (HTML only) is how many inputs' plans the page left out.
pub fn render_fleet(summary: &impl serde::Serialize, format: Format, color: bool, omitted: u64) -> String {
    let ctx = minijinja::context! { s => JValue::from_serialize(summary), omitted => omitted };
    match format {
        Format::Json => serde_json::to_string_pretty(summary).expect("a summary always serialises") + "\n",
        Format::Text => super::wrap(
            &super::template_with("fleet.txt", include_str!("../../templates/fleet.txt.j2"), ctx, color),
            super::width(),
        ),
        Format::Markdown => super::template_with("fleet.md", include_str!("../../templates/fleet.md.j2"), ctx, false),
        // The `.html` name turns on minijinja's HTML auto-escaping of every value.
        Format::Html => super::template_with("fleet.html", include_str!("../../templates/fleet.html.j2"), ctx, false),
    }
}
