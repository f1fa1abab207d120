//! Tables for people: plain borders-free columns like kubectl, readable without colour,
//! fixed width when `COLUMNS` is set (tests set it) so output is repeatable.

use comfy_table::{ContentArrangement, Table};

/// Builds a table with kubectl's look: no borders, upper-case headers.
pub fn new_table<I, S>(headers: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut table = Table::new();
    table
        .load_style(comfy_table::presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(headers.into_iter().map(|h| h.into().to_uppercase()));
    // kubectl's look: columns start at the margin, three spaces apart.
    for column in table.column_iter_mut() {
        column.set_padding((0, 3));
    }
    if let Some(width) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
    {
        table.set_width(width);
    }
    table
}

/// Renders the table with trailing spaces trimmed on every line.
pub fn render(table: &Table) -> String {
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
