//! The values of fields as Istio's webhook judges them: port numbers and names,
//! protocols, header names and values, string matches and their RE2 regexes,
//! durations, percentages, `exportTo` lists.

use super::names::is_dns1123_label;
use super::{Out, at, field, item, map};
use crate::schema::cel::go_duration_nanos;
use serde_json::Value;

/// A network port: 1–65535.
pub fn port(n: i64) -> Result<(), String> {
    if (1..=65535).contains(&n) {
        Ok(())
    } else {
        Err(format!("port number {n} must be in the range 1..65535"))
    }
}

/// A port name: a DNS label.
pub fn port_name(name: &str) -> Result<(), String> {
    if is_dns1123_label(name) {
        Ok(())
    } else {
        Err(format!("invalid port name: `{name}`"))
    }
}

/// A protocol as Istio parses it (`pkg/config/protocol`), case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Tcp,
    Udp,
    Grpc,
    GrpcWeb,
    Http,
    HttpProxy,
    Http2,
    Https,
    Tls,
    Mongo,
    Redis,
    Mysql,
    Unsupported,
}

impl Protocol {
    pub fn parse(s: &str) -> Protocol {
        match s.to_ascii_lowercase().as_str() {
            "tcp" => Protocol::Tcp,
            "udp" => Protocol::Udp,
            "grpc" => Protocol::Grpc,
            "grpc-web" => Protocol::GrpcWeb,
            "http" => Protocol::Http,
            "http_proxy" => Protocol::HttpProxy,
            "http2" => Protocol::Http2,
            "https" => Protocol::Https,
            "tls" => Protocol::Tls,
            "mongo" => Protocol::Mongo,
            "redis" => Protocol::Redis,
            "mysql" => Protocol::Mysql,
            _ => Protocol::Unsupported,
        }
    }

    pub fn is_http(self) -> bool {
        matches!(
            self,
            Protocol::Http
                | Protocol::Http2
                | Protocol::HttpProxy
                | Protocol::Grpc
                | Protocol::GrpcWeb
        )
    }

    pub fn is_tls(self) -> bool {
        matches!(self, Protocol::Https | Protocol::Tls)
    }
}

/// A protocol name a ServiceEntry may give (empty: sniffed).
pub fn protocol(s: &str) -> Result<(), String> {
    if !s.is_empty() && Protocol::parse(s) == Protocol::Unsupported {
        return Err(format!("unsupported protocol: `{s}`"));
    }
    Ok(())
}

/// `retryOn` values Envoy knows (`x-envoy-retry-on` and `x-envoy-retry-grpc-on`),
/// as Istio lists them; `meshctl policy --retry-on` accepts the same.
pub(crate) const RETRY_ON: [&str; 16] = [
    "5xx",
    "gateway-error",
    "reset",
    "reset-before-request",
    "connect-failure",
    "retriable-4xx",
    "refused-stream",
    "retriable-status-codes",
    "retriable-headers",
    "envoy-ratelimited",
    "http3-post-connect-failure",
    "cancelled",
    "deadline-exceeded",
    "internal",
    "resource-exhausted",
    "unavailable",
];

/// A header name to match on: letters, digits, `-` and `_`.
pub fn header_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("header name cannot be empty".into());
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(format!("header name `{name}` is not a valid header name"));
    }
    Ok(())
}

/// A header name in a match, where `@request.auth.claims.…` routes on a JWT claim.
pub fn match_header_name(name: &str) -> Result<(), String> {
    if is_jwt_claim(name) {
        return Ok(());
    }
    header_name(name)
}

/// Whether a header match key routes on a JWT claim (`@request.auth.claims.NAME`).
pub fn is_jwt_claim(name: &str) -> bool {
    name.strip_prefix("@request.auth.claims")
        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

fn is_internal_header(name: &str) -> bool {
    name.starts_with(':') || name.eq_ignore_ascii_case("host")
}

pub fn is_authority_header(name: &str) -> bool {
    name.eq_ignore_ascii_case(":authority") || name.eq_ignore_ascii_case("host")
}

/// A request header a route adds or sets (the authority may be set, once).
pub fn set_request_header_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("header name cannot be empty".into());
    }
    if is_internal_header(name) && !is_authority_header(name) {
        return Err(format!(
            "invalid header `{name}`: header cannot have \":\" prefix"
        ));
    }
    Ok(())
}

/// A request header removed, or a response header changed.
pub fn header_operation_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("header name cannot be empty".into());
    }
    if name.eq_ignore_ascii_case("host") {
        return Err(format!("invalid header `{name}`: cannot set Host header"));
    }
    if is_internal_header(name) {
        return Err(format!(
            "invalid header `{name}`: header cannot have \":\" prefix"
        ));
    }
    Ok(())
}

/// A header value: no control characters but tab, and `%VARIABLE%` expressions as
/// Envoy's header parser reads them (`%%` for a literal `%`).
pub fn header_value(value: &str) -> Result<(), String> {
    if value
        .chars()
        .any(|c| (c <= '\u{8}') || ('\u{a}'..='\u{1f}').contains(&c) || c == '\u{7f}')
    {
        return Err(format!("header value configuration `{value}` is invalid"));
    }
    envoy_header_format(value).map_err(|e| format!("header value configuration: {e}"))
}

/// Envoy's `%VAR%` / `%VAR(args)%` syntax (`header_parser.cc`, as Istio ports it).
fn envoy_header_format(value: &str) -> Result<(), String> {
    #[derive(PartialEq)]
    enum S {
        Literal,
        Name,
        ExpectArray,
        ExpectString,
        InString,
        ExpectDelimiterOrEnd,
        ExpectArgsEnd,
        ExpectVariableEnd,
    }
    let b = value.as_bytes();
    let mut state = S::Literal;
    let mut pos = 0;
    while pos < b.len() {
        let ch = b[pos];
        let has_next = pos + 1 < b.len();
        match state {
            S::Literal => {
                if ch == b'%' {
                    if !has_next {
                        return Err("invalid header configuration. Un-escaped %".into());
                    }
                    if b[pos + 1] == b'%' {
                        pos += 1;
                    } else {
                        state = S::Name;
                    }
                }
            }
            S::Name => {
                if ch == b'%' {
                    state = S::Literal;
                } else if ch == b'(' {
                    state = S::ExpectArray;
                }
            }
            S::ExpectArray => {
                if ch == b'[' {
                    state = S::ExpectString;
                } else if ch != b' ' {
                    state = S::InString;
                }
            }
            S::ExpectDelimiterOrEnd => {
                if ch == b',' {
                    state = S::ExpectString;
                } else if ch == b']' {
                    state = S::ExpectArgsEnd;
                } else if ch != b' ' {
                    return Err(
                        "invalid header configuration. Expecting ',', ']', or whitespace".into(),
                    );
                }
            }
            S::ExpectString => {
                if ch == b'"' {
                    state = S::InString;
                } else if ch != b' ' {
                    return Err("invalid header configuration. Expecting '\"'".into());
                }
            }
            S::InString => {
                if ch == b'\\' {
                    if !has_next {
                        return Err(
                            "invalid header configuration. Un-terminated backslash in JSON string"
                                .into(),
                        );
                    }
                    pos += 1;
                } else if ch == b')' {
                    state = S::ExpectVariableEnd;
                } else if ch == b'"' {
                    state = S::ExpectDelimiterOrEnd;
                }
            }
            S::ExpectArgsEnd => {
                if ch == b')' {
                    state = S::ExpectVariableEnd;
                } else if ch != b' ' {
                    return Err("invalid header configuration. Expecting ')' or whitespace".into());
                }
            }
            S::ExpectVariableEnd => {
                if ch == b'%' {
                    state = S::Literal;
                } else if ch != b' ' {
                    return Err(
                        "invalid header configuration. Expecting '%' or whitespace after".into(),
                    );
                }
            }
        }
        pos += 1;
    }
    if state != S::Literal {
        return Err(format!(
            "invalid header configuration. Un-terminated variable expression `{value}`"
        ));
    }
    Ok(())
}

/// Header operations (`set`, `add`, `remove` of `request` and `response`) at `path`.
pub fn header_operations(headers: &Value, path: &str, out: &mut Out) {
    for (side, request) in [("request", true), ("response", false)] {
        let Some(ops) = field(headers, side) else {
            continue;
        };
        let base = at(path, side);
        for op in ["add", "set"] {
            for (name, value) in map(ops, op).into_iter().flatten() {
                let p = format!("{}[{name}]", at(&base, op));
                let named = if request {
                    set_request_header_name(name)
                } else {
                    header_operation_name(name)
                };
                out.check(|| p.clone(), named);
                out.check(|| p, header_value(value.as_str().unwrap_or_default()));
            }
        }
        for (i, name) in super::list(ops, "remove").iter().enumerate() {
            out.check(
                || item(&at(&base, "remove"), i),
                header_operation_name(name.as_str().unwrap_or_default()),
            );
        }
    }
}

/// A regex as RE2 (Go's `regexp`) compiles it, at most 1,024 bytes long.
///
/// The `regex` crate and RE2 share their syntax, with differences this function
/// evens out where they change the verdict (see `docs/validation-rules.md`): Go
/// refuses the flags `x`, `R` and `u`, counted repetitions above 1,000, and the word
/// boundaries `\<`, `\>` and `\b{…}`, which the crate would accept; the crate refuses
/// `\Q…\E` quoting, which Go accepts (handled by quoting it before compiling).
pub fn regex(re: &str) -> Result<(), String> {
    if re.len() > 1024 {
        return Err("regex is too large, max length allowed is 1024".into());
    }
    if let Some(why) = re2_only(re) {
        return Err(format!(
            "{why}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)"
        ));
    }
    let quoted = escape_literal_braces(&quote_q_e(re));
    regex::RegexBuilder::new(&quoted)
        .size_limit(1 << 26)
        .nest_limit(1000)
        .build()
        .map(|_| ())
        .map_err(|e| {
            let first = e
                .to_string()
                .lines()
                .filter(|l| l.starts_with("error:"))
                .map(|l| l.trim_start_matches("error:").trim().to_string())
                .next()
                .unwrap_or_else(|| "invalid regular expression".to_string());
            format!(
                "{first}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)"
            )
        })
}

/// What Go's `regexp` refuses although the `regex` crate accepts it.
fn re2_only(re: &str) -> Option<String> {
    let b = re.as_bytes();
    let mut i = 0;
    let mut in_class = false;
    // Whether the last thing read was a repetition (`*`, `+`, `?`, `{n,m}`), which Go
    // refuses to repeat again (`a**`, `a{2}*`); a `?` right after one makes it lazy.
    let mut after_repeat = false;
    while i < b.len() {
        let c = b[i];
        if in_class {
            match c {
                b'\\' => i += 1,
                b']' => in_class = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        let counted = if c == b'{' {
            counted_repeat(&re[i..])
        } else {
            None
        };
        let repeat = matches!(c, b'*' | b'+' | b'?') || counted.is_some();
        if repeat {
            if after_repeat {
                return Some("invalid nested repetition operator".into());
            }
            after_repeat = true;
            if let Some((len, counts)) = counted {
                if counts.iter().any(|&n| n > 1000) {
                    return Some(format!("invalid repeat count: `{}`", &re[i..i + len]));
                }
                i += len - 1;
            }
            if b.get(i + 1) == Some(&b'?') {
                i += 1;
            }
            i += 1;
            continue;
        }
        after_repeat = false;
        match c {
            b'\\' => {
                if b.get(i + 1) == Some(&b'Q') {
                    // Quoted text up to `\E` is literal.
                    i = re[i + 2..].find("\\E").map_or(b.len(), |n| i + 2 + n + 2);
                    continue;
                }
                if matches!(b.get(i + 1), Some(b'<' | b'>')) {
                    return Some(format!("invalid escape sequence: `{}`", &re[i..i + 2]));
                }
                if b.get(i + 1) == Some(&b'b') && b.get(i + 2) == Some(&b'{') {
                    return Some("invalid escape sequence: `\\b{`".into());
                }
                i += 2 + braced_escape_len(&re[i..]);
                continue;
            }
            b'[' => {
                in_class = true;
                // `[]…]` and `[^]…]`: a leading `]` is literal.
                if b.get(i + 1) == Some(&b'^') {
                    i += 1;
                }
                if b.get(i + 1) == Some(&b']') {
                    i += 1;
                }
            }
            b'(' if b.get(i + 1) == Some(&b'?') => {
                let flags: String = re[i + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
                    .collect();
                let next = re[i + 2 + flags.len()..].chars().next();
                if matches!(next, Some(':' | ')'))
                    && flags.chars().any(|c| c != '-' && !"imsU".contains(c))
                {
                    return Some(format!("invalid or unsupported Perl syntax: `(?{flags}`"));
                }
                // Skip the `?` so it is not read as a repetition.
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// RE2 reads a `{` that starts no counted repetition (`x{,3}`, `{a}`) as itself; the
/// `regex` crate refuses it, so it is escaped first.
fn escape_literal_braces(re: &str) -> String {
    let mut out = String::with_capacity(re.len());
    let mut in_class = false;
    let mut chars = re.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                // `\p{Greek}`, `\x{41}`: the braces belong to the escape.
                let end = i + 2 + braced_escape_len(&re[i..]);
                out.push_str(re.get(i..end).unwrap_or(&re[i..]));
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
                continue;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '{' if !in_class && counted_repeat(&re[i..]).is_none() => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
}

/// The length of the `{…}` that follows an escape such as `\p{Greek}` or `\x{41}` at
/// the start of `s` (0 when there is none).
fn braced_escape_len(s: &str) -> usize {
    let b = s.as_bytes();
    if matches!(b.get(1), Some(b'p' | b'P' | b'x')) && b.get(2) == Some(&b'{') {
        s[2..].find('}').map_or(0, |n| n + 1)
    } else {
        0
    }
}

/// A counted repetition at the start of `s` (`{2}`, `{2,}`, `{2,5}`): its length in
/// bytes and its counts. Anything else is a literal `{` for RE2.
fn counted_repeat(s: &str) -> Option<(usize, Vec<u64>)> {
    let close = s.find('}')?;
    let inner = &s[1..close];
    let parts: Vec<&str> = inner.split(',').collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|d| d.is_ascii_digit());
    let ok = match parts.as_slice() {
        [n] => digits(n),
        [n, m] => digits(n) && (m.is_empty() || digits(m)),
        _ => false,
    };
    if !ok {
        return None;
    }
    let counts = parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<u64>().unwrap_or(u64::MAX))
        .collect();
    Some((close + 1, counts))
}

/// `\Q…\E` (Go: literal text) rewritten as escaped text the `regex` crate reads.
fn quote_q_e(re: &str) -> std::borrow::Cow<'_, str> {
    if !re.contains("\\Q") {
        return re.into();
    }
    let mut out = String::new();
    let mut rest = re;
    while let Some(start) = rest.find("\\Q") {
        // An escaped backslash before `Q` (`\\Q`) is not a quote.
        let backslashes = rest[..start]
            .chars()
            .rev()
            .take_while(|c| *c == '\\')
            .count();
        if backslashes % 2 == 1 {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            continue;
        }
        out.push_str(&rest[..start]);
        let body = &rest[start + 2..];
        let (literal, after) = match body.find("\\E") {
            Some(end) => (&body[..end], &body[end + 2..]),
            None => (body, ""),
        };
        out.push_str(&regex::escape(literal));
        rest = after;
    }
    out.push_str(rest);
    out.into()
}

/// A `StringMatch` (`exact`, `prefix`, `regex`): a prefix may not be empty (unless
/// `allow_empty_prefix`, as for `uri`), a regex must be non-empty and compile.
pub fn string_match(m: &Value, path: &str, where_: &str, allow_empty_prefix: bool, out: &mut Out) {
    if let Some(prefix) = m.get("prefix").and_then(Value::as_str)
        && prefix.is_empty()
        && !allow_empty_prefix
    {
        out.push(
            at(path, "prefix"),
            format!("`{where_}`: prefix string match should not be empty"),
        );
    }
    if let Some(re) = m.get("regex").and_then(Value::as_str) {
        if re.is_empty() {
            out.push(
                at(path, "regex"),
                format!("`{where_}`: regex string match should not be empty"),
            );
        } else if let Err(e) = regex(re) {
            out.push(at(path, "regex"), format!("`{where_}`: {e}"));
        }
    }
}

/// A duration (Go syntax, as the CRD stores it) of at least 1ms, whole milliseconds.
pub fn duration(d: &str) -> Result<(), String> {
    let Some(nanos) = go_duration_nanos(d) else {
        return Ok(()); // the schema's CEL rule reports what does not parse
    };
    if nanos < 1_000_000 {
        return Err("duration must be greater than 1ms".into());
    }
    if nanos % 1_000_000 != 0 {
        return Err("only durations to ms precision are supported".into());
    }
    Ok(())
}

/// Checks `v[key]` as a [`duration`] when it is set.
pub fn duration_field(v: &Value, key: &str, path: &str, out: &mut Out) {
    if let Some(d) = v.get(key).and_then(Value::as_str) {
        out.check(|| at(path, key), duration(d));
    }
}

/// Whole seconds of a duration (for `corsPolicy.maxAge`).
pub fn whole_seconds(d: &str) -> bool {
    go_duration_nanos(d).is_none_or(|n| n % 1_000_000_000 == 0)
}

/// An integer percentage: 0–100.
pub fn percent(n: i64) -> Result<(), String> {
    if (0..=100).contains(&n) {
        Ok(())
    } else {
        Err(format!("percentage {n} is not in range 0..100"))
    }
}

/// A fractional percentage (`{value: 0.5}`): 0, or 0.0001–100.
pub fn percentage(p: &Value, path: &str, out: &mut Out) {
    let v = super::number(p, "value").unwrap_or(0.0);
    if !(0.0..=100.0).contains(&v) || (v > 0.0 && v < 0.0001) {
        out.push(
            at(path, "value"),
            format!("percentage {v} is neither 0.0, nor in range [0.0001, 100.0]"),
        );
    }
}

/// `exportTo`: `.`, `*` or namespaces, no duplicates, `*` alone; `~` (no one) only for
/// ServiceEntry, and alone.
pub fn export_to(spec: &Value, namespace: &str, service_entry: bool, out: &mut Out) {
    let entries: Vec<&str> = super::list(spec, "exportTo")
        .iter()
        .map(|e| e.as_str().unwrap_or_default())
        .collect();
    if entries.is_empty() {
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, &e) in entries.iter().enumerate() {
        let path = item("spec.exportTo", i);
        let key = if e == "." && !namespace.is_empty() {
            namespace
        } else {
            e
        };
        if seen.contains(&key) {
            if key != e {
                out.push(
                    path,
                    format!("duplicate entries in exportTo: . and current namespace {namespace}"),
                );
            } else {
                out.push(path, format!("duplicate entries in exportTo for entry {e}"));
            }
            continue;
        }
        if service_entry && e == "~" {
            seen.push(key);
            continue;
        }
        match key {
            "." | "*" => seen.push(key),
            "~" => out.push(
                path,
                "exportTo ~ (none) is not allowed for Istio configuration objects",
            ),
            ns if is_dns1123_label(ns) => seen.push(key),
            _ => out.push(
                path,
                "only .,*, or a valid DNS 1123 label is allowed as exportTo entry",
            ),
        }
    }
    if seen.contains(&"*") && entries.len() > 1 {
        out.push(
            "spec.exportTo",
            "cannot have both public (*) and non-public exportTo values for a resource",
        );
    }
    if seen.contains(&"~") && entries.len() > 1 {
        out.push(
            "spec.exportTo",
            "cannot export service entry to no one (~) and someone",
        );
    }
}
