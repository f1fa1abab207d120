//! Host names, with one meaning everywhere meshctl reads them (analyzers, status, the
//! local mesh's Envoy translation, metric targets, finding a service's rules).
//!
//! A host is written in a rule (a VirtualService's `hosts` or destinations, a
//! DestinationRule's `host`) that lives in a namespace:
//!
//! | written                           | in `shop`, it is                   |
//! |-----------------------------------|------------------------------------|
//! | `reviews`                         | `reviews.shop.svc.cluster.local`   |
//! | `reviews.books.svc`               | `reviews.books.svc.cluster.local`  |
//! | `reviews.books.svc.cluster.local` | itself                             |
//! | `reviews.books`                   | itself (see below)                 |
//! | `api.example.com`, `*.example.com`, `*` | itself                       |
//!
//! Short names (no dot) are relative to the rule's namespace, as Istio resolves them;
//! `NAME.NS.svc` is completed with the cluster domain. Any other name with a dot is
//! taken as written, as Istio does: `reviews.books` could as well be an external
//! domain. Kubernetes DNS does resolve `NAME.NS` to the service, so when the question
//! is "does this host name service `reviews` in `books`" ([`names_service`]), that
//! form counts too; Istio's routing, and so the analyzers, see another host.

/// The cluster domain Istio and Kubernetes use unless configured otherwise.
pub const CLUSTER_DOMAIN: &str = "cluster.local";

const SVC: &str = ".svc";
const SUFFIX: &str = ".svc.cluster.local";

/// The fully qualified form of `host` as written in a rule in `namespace`.
pub fn fqdn(host: &str, namespace: &str) -> String {
    if host == "*" {
        return host.to_string();
    }
    if !host.contains('.') {
        return service_fqdn(host, namespace);
    }
    match host.strip_suffix(SVC) {
        Some(stem) if stem.contains('.') => format!("{stem}{SUFFIX}"),
        _ => host.to_string(),
    }
}

/// `reviews` in `shop` → `reviews.shop.svc.cluster.local`.
pub fn service_fqdn(service: &str, namespace: &str) -> String {
    format!("{service}.{namespace}{SUFFIX}")
}

/// `(name, namespace)` of a cluster service's fully qualified host
/// (`reviews.shop.svc.cluster.local` → `("reviews", "shop")`); `None` for any other
/// host, wildcards included.
pub fn service_of(fqdn: &str) -> Option<(&str, &str)> {
    let stem = fqdn.strip_suffix(SUFFIX)?;
    let (name, ns) = stem.rsplit_once('.')?;
    (!name.is_empty() && !ns.is_empty() && !name.contains('*')).then_some((name, ns))
}

/// The namespace of a cluster service host (`reviews.shop.svc.cluster.local` →
/// `shop`); `None` for other hosts.
pub fn namespace_of_host(fqdn: &str) -> Option<&str> {
    service_of(fqdn).map(|(_, ns)| ns)
}

/// `reviews.shop.svc.cluster.local` → `reviews`; other hosts unchanged.
pub fn short_host(fqdn: &str) -> &str {
    match fqdn.strip_suffix(SUFFIX).and_then(|s| s.rsplit_once('.')) {
        Some((name, _)) => name,
        None => fqdn,
    }
}

/// Whether two fully qualified hosts, either possibly a wildcard (`*.example.com`,
/// `*`), can name the same service.
pub fn matches(a: &str, b: &str) -> bool {
    fn covers(wild: &str, host: &str) -> bool {
        match wild.strip_prefix('*') {
            Some("") => true,
            Some(rest) => host.ends_with(rest),
            None => wild == host,
        }
    }
    a == b || covers(a, b) || covers(b, a)
}

/// Values (object indexes, say) by the fully qualified host they are for, answering
/// "which values' hosts [`matches`] this host" without comparing against every host:
/// a lookup for a plain host costs the exact entry plus the wildcard hosts, so an
/// analyzer asking once per route stays linear in the size of the mesh.
#[derive(Debug, Clone)]
pub struct HostIndex<T> {
    exact: std::collections::HashMap<String, Vec<T>>,
    wildcards: Vec<(String, T)>,
}

impl<T> Default for HostIndex<T> {
    fn default() -> Self {
        HostIndex {
            exact: Default::default(),
            wildcards: Vec::new(),
        }
    }
}

impl<T: Copy + Ord> HostIndex<T> {
    pub fn insert(&mut self, host: String, value: T) {
        if host.contains('*') {
            self.wildcards.push((host, value));
        } else {
            self.exact.entry(host).or_default().push(value);
        }
    }

    /// The values whose host matches `host` (either may be a wildcard), sorted.
    pub fn matching(&self, host: &str) -> Vec<T> {
        let mut out: Vec<T> = if host.contains('*') {
            self.exact
                .iter()
                .filter(|(h, _)| matches(h, host))
                .flat_map(|(_, v)| v.iter().copied())
                .collect()
        } else {
            self.exact.get(host).cloned().unwrap_or_default()
        };
        out.extend(
            self.wildcards
                .iter()
                .filter(|(h, _)| matches(h, host))
                .map(|(_, v)| *v),
        );
        out.sort();
        out.dedup();
        out
    }

    /// Whether any value's host matches `host`.
    pub fn any_matching(&self, host: &str) -> bool {
        if !host.contains('*') && self.exact.contains_key(host) {
            return true;
        }
        !self.matching(host).is_empty()
    }
}

/// Whether `host`, as written in a rule in `rule_namespace`, names the cluster service
/// `service` in `namespace`: its short name (from a rule in the same namespace),
/// `NAME.NS`, `NAME.NS.svc` or the fully qualified name.
pub fn names_service(host: &str, rule_namespace: &str, service: &str, namespace: &str) -> bool {
    let kube_dns = host
        .strip_prefix(service)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|rest| rest == namespace);
    kube_dns || service_of(&fqdn(host, rule_namespace)) == Some((service, namespace))
}

/// Whether a fully qualified host is `SERVICE.NAMESPACE.svc.DOMAIN`, for a cluster
/// domain that may not be the default. Compares the pieces instead of formatting the
/// host, because it runs for every sample of a proxy's stats.
pub fn is_service_fqdn(host: &str, service: &str, namespace: &str, domain: &str) -> bool {
    host.strip_prefix(service)
        .and_then(|r| r.strip_prefix('.'))
        .and_then(|r| r.strip_prefix(namespace))
        .and_then(|r| r.strip_prefix(".svc."))
        .is_some_and(|r| r == domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every form a host takes, written in a rule in `shop`.
    #[test]
    fn the_forms_a_host_takes() {
        let table = [
            // (written, its fqdn in `shop`, names `reviews` in `shop`?)
            ("reviews", "reviews.shop.svc.cluster.local", true),
            ("reviews.shop", "reviews.shop", true),
            ("reviews.shop.svc", "reviews.shop.svc.cluster.local", true),
            (
                "reviews.shop.svc.cluster.local",
                "reviews.shop.svc.cluster.local",
                true,
            ),
            ("reviews.other", "reviews.other", false),
            (
                "reviews.other.svc",
                "reviews.other.svc.cluster.local",
                false,
            ),
            (
                "reviews.other.svc.cluster.local",
                "reviews.other.svc.cluster.local",
                false,
            ),
            ("reviews2", "reviews2.shop.svc.cluster.local", false),
            ("ratings", "ratings.shop.svc.cluster.local", false),
            ("api.example.com", "api.example.com", false),
            ("*.example.com", "*.example.com", false),
            ("*", "*", false),
        ];
        for (written, full, names) in table {
            assert_eq!(fqdn(written, "shop"), full, "fqdn of `{written}`");
            assert_eq!(
                names_service(written, "shop", "reviews", "shop"),
                names,
                "does `{written}` name reviews.shop"
            );
        }
    }

    #[test]
    fn a_short_name_is_relative_to_the_rule_not_the_service() {
        assert!(!names_service("reviews", "books", "reviews", "shop"));
        assert!(names_service("reviews.shop", "books", "reviews", "shop"));
        assert!(names_service(
            "reviews.shop.svc",
            "books",
            "reviews",
            "shop"
        ));
    }

    #[test]
    fn cluster_service_hosts_split_into_name_and_namespace() {
        assert_eq!(
            service_of("reviews.shop.svc.cluster.local"),
            Some(("reviews", "shop"))
        );
        assert_eq!(service_of("*.shop.svc.cluster.local"), None);
        assert_eq!(service_of("api.example.com"), None);
        assert_eq!(
            namespace_of_host("reviews.shop.svc.cluster.local"),
            Some("shop")
        );
        assert_eq!(namespace_of_host("api.example.com"), None);
        assert_eq!(short_host("reviews.shop.svc.cluster.local"), "reviews");
        assert_eq!(short_host("api.example.com"), "api.example.com");
        assert_eq!(
            service_fqdn("reviews", "shop"),
            "reviews.shop.svc.cluster.local"
        );
    }

    #[test]
    fn wildcards_match_either_way() {
        assert!(matches("*.example.com", "a.example.com"));
        assert!(matches("a.example.com", "*.example.com"));
        assert!(matches("*", "anything"));
        assert!(!matches("a.example.com", "b.example.com"));
    }

    #[test]
    fn the_host_index_answers_as_matches_does() {
        let hosts = [
            "a.example.com",
            "*.example.com",
            "*",
            "b.other.org",
            "a.example.com",
        ];
        let mut index = HostIndex::default();
        for (i, h) in hosts.iter().enumerate() {
            index.insert(h.to_string(), i);
        }
        for query in [
            "a.example.com",
            "c.example.com",
            "*.example.com",
            "x.org",
            "*.org",
            "*",
        ] {
            let expected: Vec<usize> = (0..hosts.len())
                .filter(|&i| matches(hosts[i], query))
                .collect();
            assert_eq!(index.matching(query), expected, "{query}");
            assert_eq!(index.any_matching(query), !expected.is_empty(), "{query}");
        }
        assert!(!HostIndex::<usize>::default().any_matching("a"));
    }

    #[test]
    fn service_fqdns_honour_another_cluster_domain() {
        assert!(is_service_fqdn(
            "reviews.shop.svc.cluster.local",
            "reviews",
            "shop",
            CLUSTER_DOMAIN
        ));
        assert!(is_service_fqdn(
            "reviews.shop.svc.corp.internal",
            "reviews",
            "shop",
            "corp.internal"
        ));
        assert!(!is_service_fqdn(
            "reviews.shop.svc.cluster.local",
            "reviews",
            "shop",
            "corp.internal"
        ));
        assert!(!is_service_fqdn(
            "reviews2.shop.svc.cluster.local",
            "reviews",
            "shop",
            CLUSTER_DOMAIN
        ));
    }
}
