//! A hook's request with its secrets read: the URL and header values given as files
//! or environment variables are read when the hook is called, never stored.

use crate::core::http::Post;
use crate::core::rollout::hooks::{Hook, SecretRef};

/// A secret's value, read now.
fn read_secret(source: &SecretRef) -> std::result::Result<String, String> {
    match source {
        SecretRef::File(path) => std::fs::read_to_string(path)
            .map(|s| s.trim().to_string())
            .map_err(|e| format!("cannot read file `{path}`: {e}")),
        SecretRef::Env(name) => std::env::var(name)
            .map(|s| s.trim().to_string())
            .map_err(|_| format!("environment variable `{name}` is not set")),
    }
}

/// The request for `hook` with `body`: its URL and headers with the secrets read.
pub(super) fn request(hook: &Hook, body: &serde_json::Value) -> std::result::Result<Post, String> {
    let url = match (&hook.url, &hook.url_from) {
        (Some(url), _) => url.clone(),
        (None, Some(from)) => read_secret(from)?,
        (None, None) => return Err("the hook has no URL".into()),
    };
    let mut post = Post::json(url, body, hook.timeout());
    for (name, from) in &hook.headers {
        post.headers.push((name.clone(), read_secret(from)?));
    }
    Ok(post)
}
