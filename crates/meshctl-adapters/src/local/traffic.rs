//! Steady requests to the local mesh's listener, as users would send them: what the
//! demos run while a rollout is judged, so its proxy stats have traffic to count.

use meshctl_core::{Error, Result};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Requests sent until [`Traffic::stop`].
pub struct Traffic {
    stop: Arc<AtomicBool>,
    sent: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Traffic {
    /// Sends `GET /` to `url` with `Host: host`, one request after another; requests
    /// take the headers of `rounds` in turn (an empty set: a plain request).
    pub fn start(url: &str, host: &str, rounds: Vec<Vec<(String, String)>>) -> Result<Traffic> {
        let stop = Arc::new(AtomicBool::new(false));
        let sent = Arc::new(AtomicU64::new(0));
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(|e| Error::internal(format!("cannot build an HTTP client: {e}")))?;
        let url = format!("{}/", url.trim_end_matches('/'));
        let host = host.to_string();
        let rounds = if rounds.is_empty() {
            vec![Vec::new()]
        } else {
            rounds
        };
        let task = {
            let (stop, sent) = (stop.clone(), sent.clone());
            tokio::spawn(async move {
                for headers in rounds.iter().cycle() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let mut request = http.get(&url).header("host", host.as_str());
                    for (name, value) in headers {
                        request = request.header(name, value);
                    }
                    let _ = request.send().await;
                    sent.fetch_add(1, Ordering::Relaxed);
                }
            })
        };
        Ok(Traffic { stop, sent, task })
    }

    /// Stops sending; returns how many requests were sent.
    pub async fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.task.await;
        self.sent.load(Ordering::Relaxed)
    }
}
