//! The chain a demo backend reports: its own `service:version` hop followed by the
//! hops its downstream reported, so one answer at the front shows every version a
//! request went through (`a:v1,b:v2,c:v1`). Kept apart from the server so the rules
//! (which headers travel on, what a failing downstream turns into) are tested alone.

use crate::adapters::local::downstream::Reply;
use serde_json::{Value, json};

/// Header holding the chain, hops joined by commas.
pub const CHAIN_HEADER: &str = "x-meshctl-chain";

/// One hop as reported: `service:version`.
pub fn hop(service: &str, version: &str) -> String {
    format!("{service}:{version}")
}

/// The request headers to pass along: those named by `--propagate` (compared without
/// case), and only those — what an application propagating a lane header does.
pub fn propagated(headers: &[(String, String)], names: &[String]) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(name, _)| names.iter().any(|n| n.eq_ignore_ascii_case(name.trim())))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect()
}

/// What a backend answers after calling `service` downstream: the status and the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub chain: Vec<String>,
    /// Why the request failed, naming the hop; none on success.
    pub error: Option<String>,
}

impl Answer {
    /// A backend that answers by itself (no `--call`, or its own error schedule failed).
    pub fn own(own_hop: String, status: u16) -> Answer {
        Answer {
            status,
            chain: vec![own_hop],
            error: (status >= 500).then(|| "failed by its error rate".to_string()),
        }
    }

    /// The answer after calling `service`: our hop and the downstream's chain on
    /// success; 502 naming the hop that failed otherwise (the deepest one the
    /// downstream named, else the downstream itself).
    pub fn after_call(own_hop: String, service: &str, reply: Result<&Reply, String>) -> Answer {
        let reply = match reply {
            Ok(reply) => reply,
            Err(why) => {
                return Answer {
                    status: 502,
                    chain: vec![own_hop],
                    error: Some(format!("`{service}` could not be called: {why}")),
                };
            }
        };
        let body: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
        let mut chain = vec![own_hop];
        chain.extend(chain_of(&body).unwrap_or_else(|| vec![service.to_string()]));
        if (200..300).contains(&reply.status) {
            return Answer {
                status: 200,
                chain,
                error: None,
            };
        }
        let failed = chain.last().cloned().unwrap_or_default();
        let why = body.get("error").and_then(Value::as_str);
        let error = match why {
            // A chained downstream's own 502 already names the hop at fault.
            Some(why) if reply.status == 502 => why.to_string(),
            Some(why) => format!("`{failed}` answered {}: {why}", reply.status),
            None => format!("`{failed}` answered {}", reply.status),
        };
        Answer {
            status: 502,
            error: Some(error),
            chain,
        }
    }

    /// The JSON body: the backend's own service and version, then the chain.
    pub fn body(&self, service: &str, version: &str, request: u64) -> Value {
        let mut body = json!({
            "service": service,
            "version": version,
            "status": self.status,
            "request": request,
            "chain": self.chain,
        });
        if let Some(error) = &self.error {
            body["error"] = json!(error);
        }
        body
    }

    pub fn header(&self) -> String {
        self.chain.join(",")
    }
}

/// What one answer at the front says: its chain (`a:v1,b:v2,c:v1`), or `status N`
/// when the request failed.
pub fn reported(reply: &Reply) -> String {
    let body: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
    match chain_of(&body) {
        Some(chain) if reply.status == 200 => chain.join(","),
        _ => format!("status {}", reply.status),
    }
}

/// The `chain` a backend's body reports.
fn chain_of(body: &Value) -> Option<Vec<String>> {
    let list = body.get("chain")?.as_array()?;
    list.iter()
        .map(|h| h.as_str().map(String::from))
        .collect::<Option<Vec<_>>>()
        .filter(|c| !c.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: body.to_string(),
        }
    }

    #[test]
    fn only_the_named_headers_travel_on() {
        let headers = vec![
            ("X-Lane".to_string(), " dev".to_string()),
            ("cookie".to_string(), "x-lane=dev".to_string()),
            ("host".to_string(), "a".to_string()),
        ];
        assert_eq!(
            propagated(&headers, &["x-lane".into()]),
            [("x-lane".to_string(), "dev".to_string())]
        );
        assert!(propagated(&headers, &[]).is_empty());
    }

    #[test]
    fn a_chain_is_our_hop_then_the_downstreams() {
        let r = reply(200, json!({"chain": ["b:v2", "c:v1"]}));
        let a = Answer::after_call(hop("a", "v1"), "b", Ok(&r));
        assert_eq!((a.status, a.header()), (200, "a:v1,b:v2,c:v1".to_string()));
        let body = a.body("a", "v1", 7);
        assert_eq!(body["chain"], json!(["a:v1", "b:v2", "c:v1"]));
        assert_eq!(
            (body["service"].as_str(), body["version"].as_str()),
            (Some("a"), Some("v1"))
        );
        assert!(body.get("error").is_none());
    }

    #[test]
    fn a_failing_downstream_is_a_502_naming_the_hop() {
        let r = reply(
            500,
            json!({"chain": ["b:v2"], "error": "failed by its error rate"}),
        );
        let a = Answer::after_call(hop("a", "v1"), "b", Ok(&r));
        assert_eq!(a.status, 502);
        assert_eq!(
            a.error.as_deref(),
            Some("`b:v2` answered 500: failed by its error rate")
        );
        // Deeper: b answered 502 because c failed; a names c's hop, the one at fault.
        let r = reply(
            502,
            json!({"chain": ["b:v1", "c:v2"], "error": "`c:v2` answered 500"}),
        );
        let a = Answer::after_call(hop("a", "v1"), "b", Ok(&r));
        assert_eq!(a.error.as_deref(), Some("`c:v2` answered 500"));
        // A body that is not a backend's (Envoy's own 503) still names the service.
        let r = Reply {
            status: 503,
            body: "no healthy upstream".into(),
        };
        let a = Answer::after_call(hop("a", "v1"), "b", Ok(&r));
        assert_eq!((a.status, a.header()), (502, "a:v1,b".to_string()));
        let a = Answer::after_call(hop("a", "v1"), "b", Err("refused".into()));
        assert_eq!(a.error.as_deref(), Some("`b` could not be called: refused"));
    }

    #[test]
    fn the_front_reports_the_chain_or_the_status() {
        assert_eq!(
            reported(&reply(200, json!({"chain": ["a:v1", "b:v2"]}))),
            "a:v1,b:v2"
        );
        assert_eq!(
            reported(&reply(502, json!({"chain": ["a:v1", "b:v2"]}))),
            "status 502"
        );
        assert_eq!(
            reported(&Reply {
                status: 503,
                body: "no healthy upstream".into()
            }),
            "status 503"
        );
    }

    #[test]
    fn a_backend_on_its_own_reports_itself() {
        assert_eq!(Answer::own(hop("c", "v1"), 200).header(), "c:v1");
        assert!(Answer::own(hop("c", "v1"), 200).error.is_none());
        assert!(Answer::own(hop("c", "v1"), 500).error.is_some());
    }
}
