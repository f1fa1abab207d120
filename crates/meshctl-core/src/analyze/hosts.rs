//! Istio host names: short names are relative to the namespace of the rule that
//! names them (`reviews` in `shop` is `reviews.shop.svc.cluster.local`); names with a
//! dot are taken as written. Shared by the analyzers and `status`.

const SUFFIX: &str = ".svc.cluster.local";

/// The fully qualified form of `host` as written in a rule in `namespace`.
pub fn fqdn(host: &str, namespace: &str) -> String {
    if host.contains('.') || host == "*" {
        if let Some(stem) = host.strip_suffix(".svc") {
            return format!("{stem}{SUFFIX}");
        }
        host.to_string()
    } else {
        format!("{host}.{namespace}{SUFFIX}")
    }
}

/// The namespace of a cluster service host (`reviews.shop.svc.cluster.local` →
/// `shop`); `None` for other hosts.
pub fn namespace_of_host(fqdn: &str) -> Option<&str> {
    let stem = fqdn.strip_suffix(SUFFIX)?;
    let (name, ns) = stem.rsplit_once('.')?;
    (!name.is_empty() && !ns.is_empty() && !name.contains('*')).then_some(ns)
}

/// `reviews.shop.svc.cluster.local` → `reviews`; other hosts unchanged.
pub fn short_host(fqdn: &str) -> &str {
    match fqdn.strip_suffix(SUFFIX).and_then(|s| s.rsplit_once('.')) {
        Some((name, _)) => name,
        None => fqdn,
    }
}

/// Whether two hosts (fully qualified, either possibly a `*.` wildcard) can name the
/// same service.
pub fn host_matches(a: &str, b: &str) -> bool {
    fn covers(wild: &str, host: &str) -> bool {
        match wild.strip_prefix('*') {
            Some("") => true,
            Some(rest) => host.ends_with(rest),
            None => wild == host,
        }
    }
    a == b || covers(a, b) || covers(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_relative_to_the_rule_namespace() {
        assert_eq!(fqdn("reviews", "shop"), "reviews.shop.svc.cluster.local");
        assert_eq!(
            fqdn("reviews.shop.svc", "x"),
            "reviews.shop.svc.cluster.local"
        );
        assert_eq!(fqdn("api.example.com", "x"), "api.example.com");
        assert_eq!(
            namespace_of_host("reviews.shop.svc.cluster.local"),
            Some("shop")
        );
        assert_eq!(namespace_of_host("api.example.com"), None);
        assert_eq!(short_host("reviews.shop.svc.cluster.local"), "reviews");
        assert_eq!(short_host("api.example.com"), "api.example.com");
    }

    #[test]
    fn wildcards_match_either_way() {
        assert!(host_matches("*.example.com", "a.example.com"));
        assert!(host_matches("a.example.com", "*.example.com"));
        assert!(host_matches("*", "anything"));
        assert!(!host_matches("a.example.com", "b.example.com"));
    }
}
