//! A parser for the Prometheus text exposition format (0.0.4), the format of Envoy's
//! `/stats/prometheus` and of Istio's merged metrics port.
//!
//! Health checks scrape every proxy of a subset twice per window, and one proxy's
//! output runs to megabytes, so the parser borrows from the input: names are slices of
//! it, label values are copied only when they hold an escape, and all samples share one
//! label vector (no allocation per sample). Errors name the 1-based line.

use std::borrow::Cow;
use std::fmt;

/// What a `# TYPE` line declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricType {
    Counter,
    Gauge,
    Histogram,
    Summary,
    Untyped,
}

impl MetricType {
    fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "counter" => MetricType::Counter,
            "gauge" => MetricType::Gauge,
            "histogram" => MetricType::Histogram,
            "summary" => MetricType::Summary,
            "untyped" => MetricType::Untyped,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Histogram => "histogram",
            MetricType::Summary => "summary",
            MetricType::Untyped => "untyped",
        }
    }
}

/// One `name="value"` pair; the value is unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label<'a> {
    pub name: &'a str,
    pub value: Cow<'a, str>,
}

/// `# HELP` and `# TYPE` of one metric family.
#[derive(Debug, Clone, PartialEq)]
pub struct Family<'a> {
    pub name: &'a str,
    pub kind: Option<MetricType>,
    pub help: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone, PartialEq)]
struct RawSample<'a> {
    name: &'a str,
    labels_start: u32,
    labels_end: u32,
    value: f64,
    timestamp: Option<i64>,
    line: u32,
}

/// A parsed scrape. Borrows the text it was parsed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scrape<'a> {
    samples: Vec<RawSample<'a>>,
    labels: Vec<Label<'a>>,
    families: Vec<Family<'a>>,
}

/// One sample line: metric name, labels, value and optional timestamp (ms).
#[derive(Debug, Clone, Copy)]
pub struct Sample<'s, 'a> {
    raw: &'s RawSample<'a>,
    labels: &'s [Label<'a>],
}

impl<'s, 'a> Sample<'s, 'a> {
    pub fn name(&self) -> &'a str {
        self.raw.name
    }

    pub fn labels(&self) -> &'s [Label<'a>] {
        self.labels
    }

    /// The value of label `name`, if the sample has it.
    pub fn label(&self, name: &str) -> Option<&'s str> {
        self.labels
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.value.as_ref())
    }

    pub fn value(&self) -> f64 {
        self.raw.value
    }

    pub fn timestamp(&self) -> Option<i64> {
        self.raw.timestamp
    }

    /// 1-based line of the sample in the scrape.
    pub fn line(&self) -> usize {
        self.raw.line as usize
    }
}

impl<'a> Scrape<'a> {
    pub fn samples(&self) -> impl Iterator<Item = Sample<'_, 'a>> + '_ {
        self.samples.iter().map(|raw| Sample {
            raw,
            labels: &self.labels[raw.labels_start as usize..raw.labels_end as usize],
        })
    }

    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// Families in the order their first `# HELP` or `# TYPE` line appeared.
    pub fn families(&self) -> &[Family<'a>] {
        &self.families
    }

    /// The declared type of metric family `name` (without `_bucket` etc.).
    pub fn metric_type(&self, name: &str) -> Option<MetricType> {
        self.families
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| f.kind)
    }
}

/// A line that is not valid exposition text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a whole scrape.
pub fn parse(text: &str) -> Result<Scrape<'_>, ParseError> {
    // A scrape line averages 100-150 bytes; reserving avoids regrowing the vectors.
    let estimate = text.len() / 128 + 1;
    let mut scrape = Scrape {
        samples: Vec::with_capacity(estimate),
        labels: Vec::with_capacity(estimate * 2),
        families: Vec::new(),
    };
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let result = if line.starts_with('#') {
            parse_comment(&mut scrape, line)
        } else if line.bytes().all(is_blank) {
            Ok(())
        } else {
            parse_sample(&mut scrape, line, number)
        };
        result.map_err(|message| ParseError {
            line: number,
            message,
        })?;
    }
    Ok(scrape)
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn skip_blanks(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// Splits `s` into the first whitespace-delimited word and the rest.
fn word(s: &str) -> (&str, &str) {
    let s = skip_blanks(s);
    let end = s.find([' ', '\t']).unwrap_or(s.len());
    (&s[..end], &s[end..])
}

fn parse_comment<'a>(scrape: &mut Scrape<'a>, line: &'a str) -> Result<(), String> {
    let rest = &line[1..];
    // `#HELP` without a blank is an ordinary comment, as in Prometheus.
    if !rest.starts_with([' ', '\t']) {
        return Ok(());
    }
    let (keyword, rest) = word(rest);
    if keyword != "HELP" && keyword != "TYPE" {
        return Ok(());
    }
    let (name, rest) = word(rest);
    if name.is_empty() {
        return Err(format!("`# {keyword}` needs a metric name"));
    }
    if !is_metric_name(name) {
        return Err(format!("invalid metric name `{name}` in `# {keyword}`"));
    }
    let index = match scrape.families.iter().rposition(|f| f.name == name) {
        Some(index) => index,
        None => {
            scrape.families.push(Family {
                name,
                kind: None,
                help: None,
            });
            scrape.families.len() - 1
        }
    };
    let family = &mut scrape.families[index];
    if keyword == "TYPE" {
        let (kind, extra) = word(rest);
        let kind = MetricType::parse(kind).ok_or_else(|| {
            format!(
                "unknown metric type `{kind}` for `{name}` (expected counter, gauge, histogram, summary or untyped)"
            )
        })?;
        if !skip_blanks(extra).is_empty() {
            return Err(format!("unexpected text after the type of `{name}`"));
        }
        if family.kind.is_some() {
            return Err(format!("second `# TYPE` line for `{name}`"));
        }
        family.kind = Some(kind);
    } else {
        if family.help.is_some() {
            return Err(format!("second `# HELP` line for `{name}`"));
        }
        let text = skip_blanks(rest);
        family.help = Some(unescape(text, false).map_err(|e| format!("in `# HELP {name}`: {e}"))?);
    }
    Ok(())
}

fn is_metric_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_' || b == b':')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':')
}

fn parse_sample<'a>(scrape: &mut Scrape<'a>, line: &'a str, number: usize) -> Result<(), String> {
    let s = skip_blanks(line);
    let name_len = s
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b':'))
        .unwrap_or(s.len());
    let name = &s[..name_len];
    if name.is_empty() || name.as_bytes()[0].is_ascii_digit() {
        return Err(format!(
            "expected a metric name, found `{}`",
            truncate(s, 40)
        ));
    }
    let mut rest = skip_blanks(&s[name_len..]);
    let labels_start = scrape.labels.len();
    if let Some(after) = rest.strip_prefix('{') {
        rest = parse_labels(scrape, name, after, labels_start)?;
    }
    let labels_end = scrape.labels.len();

    let (value_text, rest) = word(rest);
    if value_text.is_empty() {
        return Err(format!("sample `{name}` has no value"));
    }
    let value = parse_value(value_text)
        .ok_or_else(|| format!("invalid value `{value_text}` for `{name}`"))?;
    let (ts_text, rest) = word(rest);
    let timestamp = if ts_text.is_empty() {
        None
    } else {
        Some(ts_text.parse::<i64>().map_err(|_| {
            format!("invalid timestamp `{ts_text}` for `{name}` (expected integer milliseconds)")
        })?)
    };
    if !skip_blanks(rest).is_empty() {
        return Err(format!(
            "unexpected text `{}` after the sample `{name}`",
            truncate(skip_blanks(rest), 40)
        ));
    }
    scrape.samples.push(RawSample {
        name,
        labels_start: labels_start as u32,
        labels_end: labels_end as u32,
        value,
        timestamp,
        line: number as u32,
    });
    Ok(())
}

/// Parses `name="value", ...}` (the opening brace already consumed); returns the text
/// after the closing brace.
fn parse_labels<'a>(
    scrape: &mut Scrape<'a>,
    metric: &str,
    mut s: &'a str,
    first: usize,
) -> Result<&'a str, String> {
    loop {
        s = skip_blanks(s);
        if let Some(rest) = s.strip_prefix('}') {
            return Ok(rest);
        }
        let name_len = s
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .unwrap_or(s.len());
        let name = &s[..name_len];
        if name.is_empty() || name.as_bytes()[0].is_ascii_digit() {
            return Err(format!(
                "expected a label name or `}}` in `{metric}`, found `{}`",
                truncate(s, 40)
            ));
        }
        s = skip_blanks(&s[name_len..]);
        s = s
            .strip_prefix('=')
            .ok_or_else(|| format!("expected `=` after label `{name}` of `{metric}`"))?;
        s = skip_blanks(s);
        s = s.strip_prefix('"').ok_or_else(|| {
            format!("the value of label `{name}` of `{metric}` must be in double quotes")
        })?;
        let (raw, rest) = quoted(s).ok_or_else(|| {
            format!("the value of label `{name}` of `{metric}` has no closing quote")
        })?;
        let value =
            unescape(raw, true).map_err(|e| format!("in label `{name}` of `{metric}`: {e}"))?;
        if scrape.labels[first..].iter().any(|l| l.name == name) {
            return Err(format!("label `{name}` appears twice in `{metric}`"));
        }
        scrape.labels.push(Label { name, value });
        s = skip_blanks(rest);
        if let Some(rest) = s.strip_prefix(',') {
            s = rest;
        } else if !s.starts_with('}') {
            return Err(format!(
                "expected `,` or `}}` after label `{name}` of `{metric}`"
            ));
        }
    }
}

/// Splits an escaped, quoted string body at its closing quote: (body, after quote).
fn quoted(s: &str) -> Option<(&str, &str)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some((&s[..i], &s[i + 1..])),
            _ => i += 1,
        }
    }
    None
}

/// Undoes `\\`, `\n` (and `\"` in label values); borrows when there is nothing to undo.
fn unescape(raw: &str, quotes: bool) -> Result<Cow<'_, str>, String> {
    if !raw.contains('\\') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('"') if quotes => out.push('"'),
            Some(other) => {
                // HELP text may hold any other backslash verbatim, as Prometheus reads it.
                if quotes {
                    return Err(format!(
                        "unknown escape `\\{other}` (only `\\\\`, `\\\"` and `\\n`)"
                    ));
                }
                out.push('\\');
                out.push(other);
            }
            None => {
                if quotes {
                    return Err("a lone `\\` at the end".to_string());
                }
                out.push('\\');
            }
        }
    }
    Ok(Cow::Owned(out))
}

/// Go's `ParseFloat` forms the exposition format allows: decimals, exponents, `NaN`,
/// `+Inf`, `-Inf` (any case).
fn parse_value(text: &str) -> Option<f64> {
    // Most proxy values are small integer counters: read those directly, exactly
    // (below 2^53), and leave the rest to the float parser.
    if !text.is_empty() && text.len() <= 15 && text.bytes().all(|b| b.is_ascii_digit()) {
        let n = text.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        return Some(n as f64);
    }
    // Rust also reads `infinity` and `nan` in any case, as Go does.
    text.parse::<f64>().ok()
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The exposition form of a value: `NaN`, `+Inf`, `-Inf` or the shortest decimal that
/// reads back as the same number.
pub fn format_value(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value == f64::INFINITY {
        "+Inf".to_string()
    } else if value == f64::NEG_INFINITY {
        "-Inf".to_string()
    } else {
        format!("{value}")
    }
}

/// Escapes a label value for the exposition format.
pub fn escape_label_value(value: &str) -> Cow<'_, str> {
    if !value.contains(['\\', '"', '\n']) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 4);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Appends one sample line (with its newline) in the exposition format.
pub fn write_sample(
    out: &mut String,
    name: &str,
    labels: &[(&str, &str)],
    value: f64,
    timestamp: Option<i64>,
) {
    out.push_str(name);
    if !labels.is_empty() {
        out.push('{');
        for (i, (label, value)) in labels.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(label);
            out.push_str("=\"");
            out.push_str(&escape_label_value(value));
            out.push('"');
        }
        out.push('}');
    }
    out.push(' ');
    out.push_str(&format_value(value));
    if let Some(ts) = timestamp {
        out.push(' ');
        out.push_str(&ts.to_string());
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn one(text: &str) -> (String, Vec<(String, String)>, f64, Option<i64>) {
        let scrape = parse(text).unwrap();
        assert_eq!(scrape.len(), 1, "{text}");
        let s = scrape.samples().next().unwrap();
        let labels = s
            .labels()
            .iter()
            .map(|l| (l.name.to_string(), l.value.to_string()))
            .collect();
        (s.name().to_string(), labels, s.value(), s.timestamp())
    }

    fn err(text: &str) -> ParseError {
        parse(text).expect_err(text)
    }

    #[test]
    fn reads_help_type_and_samples() {
        let text = "# HELP http_requests_total The total number of HTTP requests.\n\
                    # TYPE http_requests_total counter\n\
                    http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n\
                    http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n";
        let scrape = parse(text).unwrap();
        assert_eq!(scrape.len(), 2);
        assert_eq!(
            scrape.metric_type("http_requests_total"),
            Some(MetricType::Counter)
        );
        assert_eq!(
            scrape.families()[0].help.as_deref(),
            Some("The total number of HTTP requests.")
        );
        let second = scrape.samples().nth(1).unwrap();
        assert_eq!(second.label("code"), Some("400"));
        assert_eq!(second.value(), 3.0);
        assert_eq!(second.timestamp(), Some(1395066363000));
        assert_eq!(second.line(), 4);
    }

    #[test]
    fn label_values_keep_pipes_commas_and_unescape() {
        let (_, labels, _, _) = one(
            r#"m{cluster="outbound|8080|v1|reviews.default.svc.cluster.local",path="C:\\DIR\\FILE.TXT",msg="a \"quoted\" word,\nnext line",x="}{=,"} 1"#,
        );
        assert_eq!(
            labels[0].1,
            "outbound|8080|v1|reviews.default.svc.cluster.local"
        );
        assert_eq!(labels[1].1, r"C:\DIR\FILE.TXT");
        assert_eq!(labels[2].1, "a \"quoted\" word,\nnext line");
        assert_eq!(labels[3].1, "}{=,");
    }

    #[test]
    fn values_include_nan_infinities_and_exponents() {
        let cases = [
            ("NaN", f64::NAN),
            ("+Inf", f64::INFINITY),
            ("-Inf", f64::NEG_INFINITY),
            ("1.5e+3", 1500.0),
            ("-2E-2", -0.02),
            ("0", 0.0),
            ("007", 7.0),
            ("999999999999999", 999_999_999_999_999.0),
            ("12345678901234567890", 12_345_678_901_234_567_000.0),
            ("5374.0217169525794815854169428349", 5_374.021_716_952_579_5),
        ];
        for (text, expected) in cases {
            let (_, _, value, _) = one(&format!("metric {text}"));
            if expected.is_nan() {
                assert!(value.is_nan(), "{text}");
            } else {
                assert_eq!(value, expected, "{text}");
            }
        }
    }

    #[test]
    fn histogram_lines_parse_with_le_labels() {
        let text = "# TYPE rq_time histogram\n\
                    rq_time_bucket{le=\"0.5\"} 1\n\
                    rq_time_bucket{le=\"+Inf\"} 3\n\
                    rq_time_sum 12.5\n\
                    rq_time_count 3\n";
        let scrape = parse(text).unwrap();
        assert_eq!(scrape.metric_type("rq_time"), Some(MetricType::Histogram));
        let les: Vec<_> = scrape.samples().filter_map(|s| s.label("le")).collect();
        assert_eq!(les, ["0.5", "+Inf"]);
        assert_eq!(scrape.len(), 4);
    }

    #[test]
    fn blank_lines_comments_crlf_empty_braces_and_trailing_comma() {
        let text = "\n# just a comment\n#HELP not metadata\r\n\t\nup{} 1\r\nx{a=\"b\",} 2\n  spaced { a = \"b\" } 3 \n";
        let scrape = parse(text).unwrap();
        let values: Vec<_> = scrape.samples().map(|s| s.value()).collect();
        assert_eq!(values, [1.0, 2.0, 3.0]);
        assert!(scrape.families().is_empty());
        assert_eq!(parse("").unwrap().len(), 0);
    }

    #[test]
    fn help_text_unescapes_backslash_and_newline_only() {
        let scrape = parse("# HELP m a\\\\b\\nc \\d \"q\"\n").unwrap();
        assert_eq!(
            scrape.families()[0].help.as_deref(),
            Some("a\\b\nc \\d \"q\"")
        );
    }

    #[test]
    fn errors_name_the_line_and_the_problem() {
        let cases = [
            ("ok 1\nbad{a=\"b\" 1\n", 2, "expected `,` or `}`"),
            ("m{a=\"b} 1", 1, "no closing quote"),
            ("m{a=b} 1", 1, "double quotes"),
            ("m 1\n\nm{a=\"\\x\"} 1", 3, "unknown escape"),
            ("m{a=\"1\",a=\"2\"} 1", 1, "appears twice"),
            ("m", 1, "has no value"),
            ("m one", 1, "invalid value `one`"),
            ("m 1 12.5", 1, "invalid timestamp"),
            ("m 1 2 3", 1, "unexpected text `3`"),
            ("1m 1", 1, "expected a metric name"),
            ("# TYPE m countr", 1, "unknown metric type `countr`"),
            ("# TYPE m counter\n# TYPE m gauge", 2, "second `# TYPE`"),
            ("m{1a=\"x\"} 1", 1, "expected a label name"),
        ];
        for (text, line, message) in cases {
            let e = err(text);
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(e.message.contains(message), "{text}: {e}");
        }
        assert_eq!(
            err("x 1\ny z").to_string(),
            "line 2: invalid value `z` for `y`"
        );
    }

    #[test]
    fn escaped_values_are_owned_plain_values_borrowed() {
        let scrape = parse("m{a=\"plain\",b=\"x\\\\y\"} 1").unwrap();
        let s = scrape.samples().next().unwrap();
        assert!(matches!(s.labels()[0].value, Cow::Borrowed(_)));
        assert!(matches!(s.labels()[1].value, Cow::Owned(_)));
    }

    #[test]
    fn real_envoy_scrape_parses_completely() {
        let text = include_str!("../../../../tests/fixtures/envoy/stats-prometheus.txt");
        let scrape = parse(text).unwrap();
        let sample_lines = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(scrape.len(), sample_lines);
        assert_eq!(
            scrape.metric_type("envoy_cluster_upstream_rq_time"),
            Some(MetricType::Histogram)
        );
        let v2_200 = scrape
            .samples()
            .find(|s| {
                s.name() == "envoy_cluster_upstream_rq"
                    && s.label("envoy_cluster_name")
                        == Some("outbound|8080|v2|reviews.default.svc.cluster.local")
                    && s.label("envoy_response_code") == Some("200")
            })
            .expect("the v2 200 series");
        assert_eq!(v2_200.value(), 120.0);
        let uptime = scrape
            .samples()
            .find(|s| s.name() == "envoy_server_uptime")
            .unwrap();
        assert!(uptime.labels().is_empty());
    }

    #[test]
    fn writer_escapes_and_formats() {
        let mut out = String::new();
        write_sample(
            &mut out,
            "m",
            &[("a", "q\"\\\n|,")],
            f64::NEG_INFINITY,
            Some(-5),
        );
        write_sample(&mut out, "n", &[], f64::NAN, None);
        assert_eq!(out, "m{a=\"q\\\"\\\\\\n|,\"} -Inf -5\nn NaN\n");
    }

    type GenSample = (String, Vec<(String, String)>, f64, Option<i64>);

    fn gen_sample() -> impl Strategy<Value = GenSample> {
        let name = "[a-zA-Z_:][a-zA-Z0-9_:]{0,20}";
        let label = ("[a-zA-Z_][a-zA-Z0-9_]{0,10}", "[ -~\n|,\\\\\"{}=é]{0,20}");
        let value = prop_oneof![
            any::<f64>(),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            (0u32..100_000).prop_map(f64::from),
        ];
        (
            name,
            proptest::collection::vec(label, 0..5),
            value,
            proptest::option::of(any::<i64>()),
        )
            .prop_map(|(name, labels, value, ts)| {
                let mut seen = std::collections::HashSet::new();
                let labels = labels
                    .into_iter()
                    .filter(|(n, _)| seen.insert(n.clone()))
                    .collect();
                (name, labels, value, ts)
            })
    }

    proptest! {
        #[test]
        fn round_trip_of_generated_exposition_text(samples in proptest::collection::vec(gen_sample(), 0..20)) {
            let mut text = String::from("# HELP some_metric help with \\\\ and \\n\n# TYPE some_metric gauge\n\n");
            for (name, labels, value, ts) in &samples {
                let labels: Vec<(&str, &str)> = labels.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
                write_sample(&mut text, name, &labels, *value, *ts);
            }
            let scrape = parse(&text).unwrap();
            prop_assert_eq!(scrape.len(), samples.len());
            for (parsed, (name, labels, value, ts)) in scrape.samples().zip(&samples) {
                prop_assert_eq!(parsed.name(), name.as_str());
                let got: Vec<(String, String)> = parsed.labels().iter().map(|l| (l.name.to_string(), l.value.to_string())).collect();
                prop_assert_eq!(&got, labels);
                prop_assert!(parsed.value() == *value || (value.is_nan() && parsed.value().is_nan()));
                prop_assert_eq!(parsed.timestamp(), *ts);
            }
        }

        #[test]
        fn arbitrary_text_never_panics(text in "[ -~\n\t{}\"\\\\]{0,200}") {
            let _ = parse(&text);
        }
    }
}
