//! Re-aligns meshctl's tables after a filter shortened names in them: a test's real
//! namespace names (`shop-x7k2q`) are longer than the names its goldens use (`shop`),
//! and replacing them in place would leave every column as wide as on the server.

/// Whether `line` is a table header: two or more upper-case words apart by 2+ spaces.
fn header_columns(line: &str) -> Option<Vec<usize>> {
    let chars: Vec<char> = line.chars().collect();
    let mut starts = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !(chars[i] == ' ' && chars.get(i + 1).is_none_or(|c| *c == ' ')) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let heading = word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-_%/() ".contains(c))
            && word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        if !heading {
            return None;
        }
        starts.push(start);
    }
    (starts.len() >= 2).then_some(starts)
}

fn cells(line: &str, starts: &[usize]) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    starts
        .iter()
        .enumerate()
        .map(|(c, &from)| {
            let to = starts
                .get(c + 1)
                .copied()
                .unwrap_or(chars.len())
                .min(chars.len());
            let from = from.min(to);
            chars[from..to]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Applies `map` to every table cell and re-pads the columns; other lines unchanged.
pub fn realign(text: &str, map: &dyn Fn(&str) -> String) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let Some(starts) = header_columns(lines[i]) else {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < lines.len() && !lines[end].trim().is_empty() {
            end += 1;
        }
        let rows: Vec<Vec<String>> = lines[i..end].iter().map(|l| cells(l, &starts)).collect();
        let n = starts.len();
        let width = |rows: &[Vec<String>], c: usize| {
            rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)
        };
        // The gap the printer put between columns (the narrowest one seen).
        let gap = (0..n - 1)
            .map(|c| (starts[c + 1] - starts[c]).saturating_sub(width(&rows, c)))
            .min()
            .filter(|g| *g > 0)
            .unwrap_or(3);
        let mapped: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|cell| map(cell)).collect())
            .collect();
        if mapped == rows {
            out.extend(lines[i..end].iter().map(|l| l.to_string()));
            i = end;
            continue;
        }
        let widths: Vec<usize> = (0..n).map(|c| width(&mapped, c)).collect();
        let indent = " ".repeat(starts[0]);
        for row in &mapped {
            let mut line = indent.clone();
            for (c, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if c + 1 < n {
                    let pad = widths[c] - cell.chars().count() + gap;
                    line.push_str(&" ".repeat(pad));
                }
            }
            out.push(line.trim_end().to_string());
        }
        i = end;
    }
    out.join("\n")
}
