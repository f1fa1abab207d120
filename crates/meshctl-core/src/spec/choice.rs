//! Closed sets of words (`ROUND_ROBIN`, `ISTIO_MUTUAL`, …) that the spec file and the
//! flags share, so both reject the same misspellings with the same list of choices.

/// A closed set of words; the command line builds its value parsers from it.
pub trait Choice: Sized + Copy + Send + Sync + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
}

macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $crate::spec::Choice for $name {
            const ALL: &'static [$name] = &[$($name::$variant),+];
            fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                use $crate::spec::Choice;
                $name::ALL
                    .iter()
                    .copied()
                    .find(|c| c.as_str() == s)
                    .ok_or_else(|| {
                        let names: Vec<String> =
                            $name::ALL.iter().map(|c| format!("`{}`", c.as_str())).collect();
                        format!("`{s}` is not one of {}", names.join(", "))
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                use $crate::spec::Choice;
                f.write_str(self.as_str())
            }
        }
    };
}

choice! {
    /// Istio API version of the rendered resources.
    ApiVersion { V1 = "v1", V1beta1 = "v1beta1", V1alpha3 = "v1alpha3" }
}

choice! {
    /// Which networking API a service spec renders to (`api:`).
    TargetApi { Istio = "istio", GatewayApi = "gateway-api" }
}

choice! {
    /// `DestinationRule` simple load balancing.
    LbAlgorithm {
        RoundRobin = "ROUND_ROBIN",
        LeastRequest = "LEAST_REQUEST",
        Random = "RANDOM",
        Passthrough = "PASSTHROUGH",
    }
}

choice! {
    /// TLS a sidecar uses towards the destination (`DestinationRule` `tls.mode`).
    ClientTlsMode {
        Disable = "DISABLE",
        Simple = "SIMPLE",
        Mutual = "MUTUAL",
        IstioMutual = "ISTIO_MUTUAL",
    }
}

choice! {
    /// TLS a gateway server terminates or passes on.
    ServerTlsMode {
        Simple = "SIMPLE",
        Mutual = "MUTUAL",
        IstioMutual = "ISTIO_MUTUAL",
        Passthrough = "PASSTHROUGH",
    }
}

choice! {
    /// Port protocols of Gateway servers and ServiceEntry ports.
    Protocol {
        Http = "HTTP",
        Https = "HTTPS",
        Http2 = "HTTP2",
        Grpc = "GRPC",
        Tls = "TLS",
        Tcp = "TCP",
    }
}

choice! {
    /// How a ServiceEntry's endpoints are found.
    Resolution {
        None = "NONE",
        Static = "STATIC",
        Dns = "DNS",
        DnsRoundRobin = "DNS_ROUND_ROBIN",
    }
}

choice! {
    /// Whether a ServiceEntry's service is outside or inside the mesh.
    Location { MeshExternal = "MESH_EXTERNAL", MeshInternal = "MESH_INTERNAL" }
}

impl Protocol {
    /// The lower-case prefix Istio port names conventionally start with.
    pub fn port_name_prefix(self) -> &'static str {
        match self {
            Protocol::Http => "http",
            Protocol::Https => "https",
            Protocol::Http2 => "http2",
            Protocol::Grpc => "grpc",
            Protocol::Tls => "tls",
            Protocol::Tcp => "tcp",
        }
    }

    /// A sensible default for a port number: 443 speaks TLS, 80 and 8080 HTTP.
    pub fn default_for_port(port: u32) -> Protocol {
        match port {
            443 => Protocol::Tls,
            80 | 8080 => Protocol::Http,
            _ => Protocol::Tcp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_its_words_and_lists_them_on_error() {
        assert_eq!(
            "LEAST_REQUEST".parse::<LbAlgorithm>(),
            Ok(LbAlgorithm::LeastRequest)
        );
        assert_eq!(
            "round_robin".parse::<LbAlgorithm>().unwrap_err(),
            "`round_robin` is not one of `ROUND_ROBIN`, `LEAST_REQUEST`, `RANDOM`, `PASSTHROUGH`"
        );
        assert_eq!(ApiVersion::V1alpha3.to_string(), "v1alpha3");
    }
}
