//! One demo service calling the next through the local mesh, as a chained
//! `meshctl demo backend --call` does on every request. The client keeps its
//! connections to the mesh listener, so steady traffic does not open one per call.

use meshctl_core::{Error, ErrorKind, Result};

/// A client for calls through the mesh listener at one URL.
#[derive(Clone)]
pub struct Downstream {
    http: reqwest::Client,
    url: String,
}

/// What the called service answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Downstream {
    /// Calls go to `mesh` (`http://127.0.0.1:15080`), the Host header picks the service.
    pub fn new(mesh: &str) -> Result<Downstream> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(|e| Error::internal(format!("cannot build an HTTP client: {e}")))?;
        Ok(Downstream {
            http,
            url: format!("{}/", mesh.trim_end_matches('/')),
        })
    }

    /// `GET /` with `Host: host` and `headers`; an unreachable mesh is `Unavailable`.
    pub async fn get(&self, host: &str, headers: &[(String, String)]) -> Result<Reply> {
        let mut request = self.http.get(&self.url).header("host", host);
        for (name, value) in headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let unreachable = |e: reqwest::Error| {
            Error::new(
                ErrorKind::Unavailable,
                format!("cannot call `{host}` through {}: {e}", self.url),
            )
        };
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status().as_u16();
        let body = response.text().await.map_err(unreachable)?;
        Ok(Reply { status, body })
    }
}
