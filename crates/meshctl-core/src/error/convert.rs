//! Where the core's own errors and the libraries it uses (serde_json, minijinja) become
//! [`Error`]s with plain messages. Adapters convert their libraries' errors beside
//! them (`meshctl_adapters::kube::error`).

use super::{Error, ErrorKind};

impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Self {
        Error::new(ErrorKind::Invalid, "cannot read JSON").with_source(err)
    }
}

impl From<minijinja::Error> for Error {
    fn from(err: minijinja::Error) -> Self {
        let name = err.name().unwrap_or("template").to_string();
        let line = err.line().map(|l| format!(" line {l}")).unwrap_or_default();
        Error::new(
            ErrorKind::Config,
            format!(
                "cannot render template `{name}`{line}: {}",
                err.detail().unwrap_or("template error")
            ),
        )
        .with_hint("check the template syntax, or remove the override to use the built-in template")
    }
}

impl From<crate::rollout::RolloutError> for Error {
    fn from(err: crate::rollout::RolloutError) -> Self {
        use crate::rollout::RolloutErrorKind as K;
        let kind = match err.kind {
            // Spec errors name the flag that was wrong.
            K::InvalidSpec | K::Usage => ErrorKind::Usage,
            K::IllegalInput | K::Locked | K::Stale | K::RouteAmbiguous => ErrorKind::Conflict,
            K::RouteNotFound => ErrorKind::NotFound,
            K::Decode | K::TooLarge | K::UnsupportedRoute => ErrorKind::Invalid,
        };
        let out = Error::new(kind, err.message);
        match err.hint {
            Some(hint) => out.with_hint(hint),
            None => out,
        }
    }
}

impl From<crate::analysis::SpecError> for Error {
    fn from(err: crate::analysis::SpecError) -> Self {
        Error::new(ErrorKind::Invalid, "invalid analysis spec")
            .with_details(err.problems)
            .with_hint("see `docs/analysis.md` for the fields and their defaults")
    }
}

impl From<crate::metrics::SourceError> for Error {
    fn from(err: crate::metrics::SourceError) -> Self {
        use crate::metrics::SourceErrorKind as K;
        let hint = match err.kind {
            K::Unreachable | K::Timeout => {
                "check that the metrics endpoint is up and reachable from here"
            }
            K::BadResponse => "check the query and the endpoint's address",
            K::NoData => "send traffic to the subset, or check its name and labels",
            K::Unsupported => "use a Prometheus metric source for PromQL checks",
        };
        let kind = match err.kind {
            K::NoData | K::Unsupported => ErrorKind::Invalid,
            _ => ErrorKind::Unavailable,
        };
        Error::new(kind, err.message).with_hint(hint)
    }
}

impl From<crate::metrics::promql::TemplateError> for Error {
    fn from(err: crate::metrics::promql::TemplateError) -> Self {
        Error::new(ErrorKind::Config, err.message)
            .with_hint("query templates may use `namespace`, `service`, `subset`, `version`, `host`, `port`, `reporter`, `cluster`, `cluster_match`, `interval` and `quantile`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalysisSpec;
    use crate::metrics::{SourceError, SourceErrorKind};

    #[test]
    fn spec_problems_become_details_with_a_hint() {
        let err: Error = AnalysisSpec::from_yaml("count: 0\n").unwrap_err().into();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert_eq!(err.message(), "invalid analysis spec");
        assert_eq!(err.details().len(), 2, "{:?}", err.details());
        assert!(err.hints()[0].contains("docs/analysis.md"));
    }

    #[test]
    fn unreachable_sources_are_unavailable() {
        let err: Error =
            SourceError::new(SourceErrorKind::Timeout, "no answer from `pod-a` within 5s").into();
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert_eq!(err.message(), "no answer from `pod-a` within 5s");
    }
}
